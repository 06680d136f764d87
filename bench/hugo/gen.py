#!/usr/bin/env python3
"""Write a synthetic Hugo site comparable to lingong's job-market site.

    gen.py OUT_DIR [--jobs 10000] [--policies 200] [--events 100] [--seed 1]

Standard library only. The output depends only on the arguments: the same
seed gives byte-identical files. OUT_DIR is created; existing files in it
are overwritten, other files are left alone.
"""

import argparse
import datetime as dt
import random
from pathlib import Path

CATEGORIES = ["餐饮", "家政", "保洁", "搬运", "临时劳务", "建筑", "农业"]
TOWNSHIPS = ["城关镇", "饶峰镇", "两河镇", "迎丰镇", "池河镇", "后柳镇",
             "喜河镇", "熨斗镇", "云雾山镇", "中池镇", "曾溪镇"]

ROLES = {
    "餐饮": ["厨师", "帮厨", "服务员", "洗碗工", "传菜员", "面点师"],
    "家政": ["保姆", "育儿嫂", "月嫂", "护工", "钟点工"],
    "保洁": ["保洁员", "开荒保洁", "物业保洁", "玻璃清洗工"],
    "搬运": ["搬运工", "装卸工", "仓库理货员", "送货员"],
    "临时劳务": ["临时工", "活动协助", "发单员", "分拣员", "打包工"],
    "建筑": ["钢筋工", "木工", "瓦工", "小工", "水电工", "油漆工"],
    "农业": ["采茶工", "果园采摘", "蚕桑管理", "大棚种植工", "养殖帮工"],
}
EMPLOYER_WORDS = ["汉江", "秦巴", "鬼谷", "鎏金", "子午", "明珠", "江南", "金蚕",
                  "兴旺", "顺达", "和美", "安康", "青山", "绿源", "宏远", "惠民"]
EMPLOYER_KIND = {
    "餐饮": ["餐饮有限公司", "农家乐", "饭店", "酒楼"],
    "家政": ["家政服务部", "家政服务有限公司"],
    "保洁": ["物业管理有限公司", "保洁服务部"],
    "搬运": ["物流有限公司", "搬家服务部", "商贸有限公司"],
    "临时劳务": ["劳务派遣有限公司", "人力资源服务有限公司", "文化传媒有限公司"],
    "建筑": ["建筑工程有限公司", "建设有限公司", "装饰工程部"],
    "农业": ["茶业专业合作社", "种植专业合作社", "蚕桑专业合作社", "生态农业有限公司"],
}
PAY = {  # unit -> (low, high, step)
    "元/天": (120, 300, 10),
    "元/小时": (18, 40, 1),
    "元/月": (2800, 6500, 100),
    "元/件": (1, 8, 1),
}
VILLAGES = ["新华", "红星", "长安", "双喜", "朝阳", "团结", "丰收", "太平", "永红", "光明"]

DUTIES = [
    "按时到岗，服从现场负责人的安排", "完成当日分配的工作任务并做好记录",
    "注意作业安全，规范使用工具和防护用品", "保持工作区域整洁，及时清理杂物",
    "配合同事完成临时性的工作安排", "爱护设备和物料，发现问题及时报告",
    "遵守用工单位的各项规章制度", "做好交接工作，确保工作衔接顺畅",
]
REQUIREMENTS = [
    "年龄十八至六十周岁，身体健康", "能吃苦耐劳，有责任心", "有相关工作经验者优先",
    "能适应早班或晚班", "本县户籍或在本县居住者优先", "能识字，会使用智能手机",
    "持有健康证者优先", "为人诚实守信，服从管理",
]
FILLER = [
    "本岗位由石泉县零工市场统一发布，求职者可以直接拨打电话联系，也可以到服务大厅登记后由工作人员推荐。",
    "工资按约定方式结算，当日工当日结清，长期工按月发放，不拖欠，不收取任何中介费用。",
    "用工单位提供必要的劳动工具，中午可以安排工作餐，路程较远的可以协商接送。",
    "如遇雨雪等恶劣天气，开工时间另行通知，请保持电话畅通，以免错过安排。",
    "欢迎附近乡镇的富余劳动力报名，夫妻二人同来可以优先安排在同一班组。",
    "报名时请携带本人身份证，如有技能证书请一并带上，方便安排合适的岗位。",
]
POLICY_TOPICS = ["灵活就业社会保险补贴", "创业担保贷款", "职业技能培训补贴",
                 "公益性岗位", "就业困难人员认定", "返乡创业扶持",
                 "吸纳就业补贴", "失业保险稳岗返还", "高校毕业生就业见习"]
EVENT_KINDS = ["春风行动专场招聘会", "直播带岗", "民营企业招聘周", "零工夜市",
               "技能培训开班", "政策宣讲会", "送岗下乡"]

START = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def q(s):
    """A TOML basic string."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ts(d):
    return d.isoformat()


def paragraph(rng, pool, target):
    out = ""
    while len(out) < target:
        out += rng.choice(pool)
    return out


def job_body(rng):
    duties = rng.sample(DUTIES, 4)
    reqs = rng.sample(REQUIREMENTS, 3)
    return (
        paragraph(rng, FILLER, 90) + "\n\n"
        "## 岗位职责\n\n"
        + "".join(f"- {d}；\n" for d in duties) + "\n"
        "## 任职要求\n\n"
        + "".join(f"{i}. {r}。\n" for i, r in enumerate(reqs, 1)) + "\n"
        + paragraph(rng, FILLER, 60) + "\n"
    )


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def gen_jobs(content, n, rng):
    for i in range(1, n + 1):
        cat = rng.choice(CATEGORIES)
        town = rng.choice(TOWNSHIPS)
        role = rng.choice(ROLES[cat])
        employer = "石泉县" + rng.choice(EMPLOYER_WORDS) + rng.choice(EMPLOYER_KIND[cat])
        unit = rng.choice(list(PAY))
        lo, hi, step = PAY[unit]
        pay = rng.randrange(lo, hi + 1, step)
        date = START + dt.timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
        valid = (date + dt.timedelta(days=rng.choice([7, 15, 30, 60]))).date()
        fm = "\n".join([
            "+++",
            f"title = {q(town + employer[3:7] + '招' + role)}",
            f"date = {ts(date)}",
            f"category = [{q(cat)}]",
            f"township = [{q(town)}]",
            "[params]",
            f"employer = {q(employer)}",
            f"pay = {pay}",
            f"pay_unit = {q(unit)}",
            f"headcount = {rng.randint(1, 30)}",
            f"valid_through = {valid.isoformat()}",
            f"phone = {q('1' + rng.choice('3589') + ''.join(rng.choice('0123456789') for _ in range(9)))}",
            f"address = {q('石泉县' + town + rng.choice(VILLAGES) + '村' + str(rng.randint(1, 12)) + '组')}",
            "+++",
            "",
        ])
        write(content / "jobs" / f"job-{i:05d}.md", fm + job_body(rng))


def gen_policies(content, n, rng):
    for i in range(1, n + 1):
        topic = rng.choice(POLICY_TOPICS)
        date = START - dt.timedelta(days=rng.randrange(0, 3 * 365))
        body = (
            paragraph(rng, FILLER, 120) + "\n\n"
            "## 申请条件\n\n"
            + "".join(f"- {r}；\n" for r in rng.sample(REQUIREMENTS, 4)) + "\n"
            "## 办理流程\n\n"
            "1. 携带身份证到县零工市场服务大厅提出申请；\n"
            "2. 工作人员审核材料，符合条件的当场受理；\n"
            "3. 审核通过后按月发放，结果在本站公示。\n\n"
            + paragraph(rng, FILLER, 120) + "\n"
        )
        fm = "\n".join([
            "+++",
            f"title = {q(f'关于{topic}的实施细则（第{i}号）')}",
            f"date = {ts(date)}",
            "[params]",
            f"issuer = {q(rng.choice(['石泉县人力资源和社会保障局', '石泉县就业服务中心', '石泉县财政局']))}",
            "+++",
            "",
        ])
        write(content / "policies" / f"policy-{i:03d}.md", fm + body)


def gen_events(content, n, rng):
    for i in range(1, n + 1):
        kind = rng.choice(EVENT_KINDS)
        town = rng.choice(TOWNSHIPS)
        date = START + dt.timedelta(days=rng.randrange(0, 365), hours=1)
        body = (
            paragraph(rng, FILLER, 120) + "\n\n"
            "## 活动安排\n\n"
            "- 上午九点：入场登记，领取岗位清单；\n"
            "- 上午十点：用工单位现场宣讲；\n"
            "- 下午两点：一对一洽谈，现场签约。\n\n"
            + paragraph(rng, FILLER, 60) + "\n"
        )
        fm = "\n".join([
            "+++",
            f"title = {q(f'{town}{kind}（第{i}场）')}",
            f"date = {ts(date)}",
            "[params]",
            f"place = {q('石泉县' + town + '便民服务中心')}",
            f"employers = {rng.randint(5, 60)}",
            "+++",
            "",
        ])
        write(content / "events" / f"event-{i:03d}.md", fm + body)


HUGO_TOML = """\
baseURL = "https://lingong.example.org/"
defaultContentLanguage = "zh"
title = "石泉县零工市场"
hasCJKLanguage = true
# The dates are fixed by the seed; build every page whatever today's date.
buildFuture = true
buildExpired = true
enableRobotsTXT = false

[taxonomies]
category = "category"
township = "township"

[pagination]
pagerSize = 20

[services.rss]
# One feed per list with the newest 20 entries (Hugo's default is unlimited).
limit = 20

[outputs]
home = ["html", "rss"]
section = ["html", "rss"]
taxonomy = ["html", "rss"]
term = ["html", "rss"]

[params]
description = "石泉县零工市场：本地零工岗位、招聘活动、就业政策，免费求职登记与岗位推荐。"
office_address = "陕西省安康市石泉县城关镇江南大道16号（县人力资源市场一楼）"
office_phone = "0915-6321188"
office_hours = "周一至周五 8:30—12:00，14:00—18:30"

[[menus.main]]
name = "首页"
pageRef = "/"
weight = 1
[[menus.main]]
name = "岗位"
pageRef = "/jobs"
weight = 2
[[menus.main]]
name = "工种"
pageRef = "/category"
weight = 3
[[menus.main]]
name = "乡镇"
pageRef = "/township"
weight = 4
[[menus.main]]
name = "活动"
pageRef = "/events"
weight = 5
[[menus.main]]
name = "政策"
pageRef = "/policies"
weight = 6
"""

LAYOUTS = {
    "baseof.html": """\
<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} - {{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ site.Params.description }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
{{- with .OutputFormats.Get "rss" }}
<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}" title="{{ site.Title }}">
{{- end }}
<style>
body{font-family:sans-serif;max-width:60rem;margin:0 auto;padding:0 1rem}
header nav a{margin-right:1rem}.card{border:1px solid #ddd;padding:.5rem;margin:.5rem 0}
.pager a,.pager span{margin:0 .25rem}dl{display:grid;grid-template-columns:8rem 1fr}
</style>
</head>
<body>
<header>
<a class="brand" href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav>
{{- $current := . }}
{{- range site.Menus.main }}
<a href="{{ .URL }}"{{ if $current.IsMenuCurrent "main" . }} aria-current="page"{{ end }}>{{ .Name }}</a>
{{- end }}
</nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer>
<p>{{ site.Params.office_address }} · 电话 {{ site.Params.office_phone }} · {{ site.Params.office_hours }}</p>
<p>&copy; {{ now.Year }} {{ site.Title }}</p>
</footer>
</body>
</html>
""",
    "home.html": """\
{{ define "main" }}
<h1>{{ site.Title }}</h1>
<p>{{ site.Params.description }}</p>
<h2>最新岗位</h2>
{{ range first 8 (where site.RegularPages "Section" "jobs").ByDate.Reverse }}
{{ partial "job-card.html" . }}
{{ end }}
<p><a href="{{ "/jobs/" | relURL }}">全部岗位</a></p>
<h2>近期活动</h2>
<ul>
{{ range first 4 (where site.RegularPages "Section" "events").ByDate }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date | time.Format "2006-01-02" }}</li>
{{ end }}
</ul>
{{ end }}
""",
    # Sections (jobs, policies, events) and taxonomy terms (one category or township).
    "list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages.ByDate.Reverse }}
{{ range $pager.Pages }}
{{ if eq .Section "jobs" }}{{ partial "job-card.html" . }}{{ else }}
<article class="card">
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date | time.Format "2006-01-02" }}</time></p>
<p>{{ .Summary | plainify | truncate 80 }}</p>
</article>
{{ end }}
{{ end }}
{{ partial "pager.html" $pager }}
{{ end }}
""",
    # The list of all terms of one taxonomy (all categories, all townships).
    "taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Data.Terms.ByCount }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}
</ul>
{{ end }}
""",
    "page.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date | time.Format "2006-01-02" }}</time>
{{ with .Params.issuer }} · {{ . }}{{ end }}{{ with .Params.place }} · {{ . }}{{ end }}</p>
{{ .Content }}
</article>
{{ end }}
""",
    "jobs/page.html": """\
{{ define "main" }}
<article class="job">
<h1>{{ .Title }}</h1>
<dl>
<dt>用工单位</dt><dd>{{ .Params.employer }}</dd>
<dt>工种</dt><dd>{{ range .GetTerms "category" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>
<dt>乡镇</dt><dd>{{ range .GetTerms "township" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>
<dt>工资</dt><dd>{{ .Params.pay }} {{ .Params.pay_unit }}</dd>
<dt>招聘人数</dt><dd>{{ .Params.headcount }} 人</dd>
<dt>发布日期</dt><dd><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date | time.Format "2006-01-02" }}</time></dd>
<dt>有效期至</dt><dd>{{ .Params.valid_through | time.Format "2006-01-02" }}</dd>
<dt>联系电话</dt><dd><a href="tel:{{ .Params.phone }}">{{ .Params.phone }}</a></dd>
<dt>工作地点</dt><dd>{{ .Params.address }}</dd>
</dl>
{{ .Content }}
</article>
{{ end }}
""",
    "_partials/job-card.html": """\
<article class="card">
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ .Params.employer }} · <strong>{{ .Params.pay }} {{ .Params.pay_unit }}</strong> · 招 {{ .Params.headcount }} 人</p>
<p>{{ range .GetTerms "category" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}
{{ range .GetTerms "township" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date | time.Format "2006-01-02" }}</time></p>
</article>
""",
    "_partials/pager.html": """\
{{ if gt .TotalPages 1 }}
<nav class="pager">
{{ with .Prev }}<a rel="prev" href="{{ .URL }}">上一页</a>{{ end }}
{{ $cur := .PageNumber }}
{{ range .Pagers }}
{{ if eq .PageNumber $cur }}<span aria-current="page">{{ .PageNumber }}</span>
{{ else if or (eq .PageNumber 1) (eq .PageNumber .TotalPages) (le (math.Abs (sub .PageNumber $cur)) 2) }}<a href="{{ .URL }}">{{ .PageNumber }}</a>
{{ end }}
{{ end }}
{{ with .Next }}<a rel="next" href="{{ .URL }}">下一页</a>{{ end }}
<span>第 {{ .PageNumber }} / {{ .TotalPages }} 页</span>
</nav>
{{ end }}
""",
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--jobs", type=int, default=10000)
    ap.add_argument("--policies", type=int, default=200)
    ap.add_argument("--events", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()

    out = a.out_dir
    content = out / "content"
    write(out / "hugo.toml", HUGO_TOML)
    for name, text in LAYOUTS.items():
        write(out / "layouts" / name, text)
    write(content / "_index.md", '+++\ntitle = "石泉县零工市场"\n+++\n')
    write(content / "jobs" / "_index.md", '+++\ntitle = "零工岗位"\n+++\n')
    write(content / "policies" / "_index.md", '+++\ntitle = "就业政策"\n+++\n')
    write(content / "events" / "_index.md", '+++\ntitle = "招聘活动"\n+++\n')
    write(content / "category" / "_index.md", '+++\ntitle = "工种"\n+++\n')
    write(content / "township" / "_index.md", '+++\ntitle = "乡镇"\n+++\n')

    # One generator per kind of content, so that changing one count leaves the others alone.
    gen_jobs(content, a.jobs, random.Random(f"{a.seed}-jobs"))
    gen_policies(content, a.policies, random.Random(f"{a.seed}-policies"))
    gen_events(content, a.events, random.Random(f"{a.seed}-events"))


if __name__ == "__main__":
    main()
