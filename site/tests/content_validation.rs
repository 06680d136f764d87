//! Front-matter parsing and every validation, through the library's public `Site::load`, on
//! small sites written into temporary folders.

use lingong_site::{Diagnostic, Error, Severity, Site};
use tempfile::TempDir;

const CONFIG: &str = include_str!("../../config.toml");

const JOB: &str = r#"+++
title = "城关镇老街面馆招洗碗工"
date = 2026-11-18
description = "每天 4 小时"

[taxonomies]
category = ["餐饮"]
township = ["城关镇"]

[extra]
employer = "石泉县老街面馆"
pay = 15
pay_max = 18
pay_unit = "元/小时"
headcount = 2
valid_through = 2026-12-31
phone = "139 9151 2345"
address = "石泉县城关镇老街 28 号"
contact = "王女士"
work_hours = "10:00—14:00"
employment_type = "兼职"
verified_on = 2026-11-18
+++
## 工作内容

洗碗、收拾后厨。
"#;

fn site_with(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("config.toml"), CONFIG).expect("config");
    std::fs::create_dir_all(dir.path().join("content")).expect("content dir");
    for (path, text) in files {
        let full = dir.path().join("content").join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("dirs");
        std::fs::write(full, text).expect("write");
    }
    dir
}

/// Loads a site that must fail, returning every diagnostic.
fn problems(files: &[(&str, &str)]) -> Vec<Diagnostic> {
    let dir = site_with(files);
    match Site::load(dir.path()) {
        Err(Error::Content(d)) => d.iter().cloned().collect(),
        Err(other) => panic!("expected content errors, got {other}"),
        Ok(_) => panic!("expected content errors, the site loaded"),
    }
}

fn errors(files: &[(&str, &str)]) -> Vec<Diagnostic> {
    problems(files)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).expect("needle present")]
        .matches('\n')
        .count()
        + 1
}

#[test]
fn a_complete_job_loads_with_typed_fields() {
    let dir = site_with(&[("jobs/xiwangong.md", JOB)]);
    let site = Site::load(dir.path()).expect("loads");
    assert!(site.warnings.is_empty(), "{}", site.warnings);
    let job = &site.library.jobs[0];
    assert_eq!(job.file.slug, "xiwangong");
    assert_eq!(job.category, "餐饮");
    assert_eq!(job.pay.label(), "15—18 元/小时");
    assert_eq!(job.headcount, 2);
    assert_eq!(job.valid_through.to_string(), "2026-12-31");
    assert_eq!(
        job.phone_parsed
            .as_ref()
            .map(|p| p.as_str().to_string())
            .as_deref(),
        Some("13991512345")
    );
    assert!(job.body_html.contains("<h2 id=\"gongzuoneirong\">"));
}

#[test]
fn a_missing_required_field_names_the_table_and_shows_an_example() {
    let text = JOB.replace("employer = \"石泉县老街面馆\"\n", "");
    let errs = errors(&[("jobs/a.md", &text)]);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].line, line_of(&text, "[extra]"));
    assert!(
        errs[0].message.contains("缺少必填项 extra.employer"),
        "{}",
        errs[0]
    );
    assert!(errs[0].hint.contains("employer = "), "{}", errs[0]);
}

#[test]
fn a_wrong_type_points_at_the_value() {
    let text = JOB.replace("pay = 15\n", "pay = \"十五\"\n");
    let errs = errors(&[("jobs/a.md", &text)]);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!((errs[0].line, errs[0].col), (line_of(&text, "pay = \""), 7));
    assert!(
        errs[0].to_string().starts_with("content/jobs/a.md:"),
        "{}",
        errs[0]
    );
    assert!(errs[0].message.contains("extra.pay"), "{}", errs[0]);
    assert!(errs[0].hint.contains("pay = 150"), "{}", errs[0]);
}

#[test]
fn impossible_and_malformed_dates_are_errors() {
    let bad_day = JOB.replace("valid_through = 2026-12-31", "valid_through = 2026-02-30");
    let errs = errors(&[("jobs/a.md", &bad_day)]);
    assert_eq!(errs[0].line, line_of(&bad_day, "valid_through"), "{errs:?}");
    assert!(errs[0].message.starts_with("日期或时间不存在"), "{errs:?}");

    let slashes = JOB.replace("date = 2026-11-18", "date = \"2026/11/18\"");
    let errs = errors(&[("jobs/a.md", &slashes)]);
    assert!(errs[0].message.contains("格式不对"), "{errs:?}");

    let before = JOB.replace("valid_through = 2026-12-31", "valid_through = 2026-11-01");
    let errs = errors(&[("jobs/a.md", &before)]);
    assert!(errs[0].message.contains("早于发布日期"), "{errs:?}");
}

#[test]
fn categories_and_townships_must_be_in_config_with_a_suggestion() {
    let text = JOB
        .replace("[\"餐饮\"]", "[\"餐馆\"]")
        .replace("[\"城关镇\"]", "[\"城关\"]");
    let errs = errors(&[("jobs/a.md", &text)]);
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(
        errs[0].message.contains("餐馆") && errs[0].hint.contains("是不是“餐饮”"),
        "{}",
        errs[0]
    );
    assert!(
        errs[1].message.contains("城关") && errs[1].hint.contains("是不是“城关镇”"),
        "{}",
        errs[1]
    );

    let two = JOB.replace("[\"餐饮\"]", "[\"餐饮\", \"保洁\"]");
    assert!(
        errors(&[("jobs/a.md", &two)])[0]
            .message
            .contains("应正好有一项")
    );
}

#[test]
fn enumerations_and_numbers_are_checked() {
    let text = JOB
        .replace("pay_unit = \"元/小时\"", "pay_unit = \"元/周\"")
        .replace("headcount = 2", "headcount = 0")
        .replace("pay_max = 18", "pay_max = 12")
        .replace("employment_type = \"兼职\"", "employment_type = \"长期\"");
    let errs = errors(&[("jobs/a.md", &text)]);
    let messages: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
    assert_eq!(errs.len(), 4, "{messages:#?}");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("pay_unit") && m.contains("元/小时、元/天、元/月、元/件"))
    );
    assert!(messages.iter().any(|m| m.contains("招聘人数 0")));
    assert!(
        messages
            .iter()
            .any(|m| m.contains("最高工资 12 低于工资 15"))
    );
    assert!(messages.iter().any(|m| m.contains("employment_type")));
}

#[test]
fn every_problem_of_a_file_is_reported_at_once() {
    let text = JOB
        .replace("title = \"城关镇老街面馆招洗碗工\"\n", "")
        .replace("pay = 15", "pay = \"很多\"")
        .replace("headcount = 2", "headcount = \"两个\"")
        .replace("phone = \"139 9151 2345\"\n", "");
    let errs = errors(&[("jobs/a.md", &text)]);
    assert_eq!(errs.len(), 4, "{errs:#?}");
}

#[test]
fn unknown_keys_warn_with_the_closest_key_or_the_right_table() {
    let text = JOB
        .replace("contact = \"王女士\"", "contatc = \"王女士\"")
        .replace(
            "description = \"每天 4 小时\"",
            "description = \"每天 4 小时\"\nheadcount = 2",
        );
    let dir = site_with(&[("jobs/a.md", &text)]);
    let site = Site::load(dir.path()).expect("warnings do not fail the build");
    let warnings: Vec<String> = site.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("extra.contatc") && w.contains("是不是 contact")),
        "{warnings:#?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("不认识的字段 headcount") && w.contains("应写在 [extra] 下")),
        "{warnings:#?}"
    );
}

#[test]
fn credit_codes_with_a_wrong_check_character_are_flagged_not_refused() {
    let good = JOB.replace(
        "employment_type",
        "credit_code = \"91610922MA70U6XX3P\"\nemployment_type",
    );
    let dir = site_with(&[("jobs/a.md", &good)]);
    let site = Site::load(dir.path()).expect("a failing check character is accepted");
    assert!(
        site.warnings
            .iter()
            .any(|w| w.message.contains("校验位不符")),
        "{}",
        site.warnings
    );

    let malformed = JOB.replace("employment_type", "credit_code = \"1234\"\nemployment_type");
    assert!(
        errors(&[("jobs/a.md", &malformed)])[0]
            .path
            .ends_with("a.md")
    );
}

#[test]
fn broken_front_matter_is_located() {
    let no_fence = JOB.trim_start_matches("+++\n");
    let errs = errors(&[("jobs/a.md", no_fence)]);
    assert!(errs[0].message.contains("缺少 +++"), "{errs:?}");

    let bad_toml = JOB.replace("headcount = 2", "headcount = = 2");
    let errs = errors(&[("jobs/a.md", &bad_toml)]);
    assert_eq!(
        errs[0].line,
        line_of(&bad_toml, "headcount = ="),
        "{errs:?}"
    );
    assert!(
        errs[0].message.contains("TOML") || errs[0].message.contains("引号"),
        "{errs:?}"
    );
}

const EVENT: &str = r#"+++
title = "春风行动招聘会"

[extra]
kind = "线下"
format = "现场招聘会"
start = 2026-03-06T09:00:00
end = 2026-03-06T12:00:00
organizer = "石泉县零工市场"
location = "零工市场服务大厅"
employers = ["石泉县老街面馆"]
+++
介绍。
"#;

#[test]
fn events_are_checked_for_place_times_and_format() {
    let dir = site_with(&[("events/a.md", EVENT)]);
    let site = Site::load(dir.path()).expect("loads");
    let event = &site.library.events[0];
    assert_eq!(
        event.start.timestamp().to_string(),
        "2026-03-06T01:00:00Z",
        "local times mean Asia/Shanghai"
    );

    let no_place = EVENT.replace("location = \"零工市场服务大厅\"\n", "");
    assert!(
        errors(&[("events/a.md", &no_place)])[0]
            .message
            .contains("缺少活动地点")
    );

    let online = EVENT
        .replace("kind = \"线下\"", "kind = \"线上\"")
        .replace("format = \"现场招聘会\"", "format = \"直播带岗\"");
    assert!(
        errors(&[("events/a.md", &online)])[0]
            .message
            .contains("缺少直播链接")
    );

    let mismatch = EVENT.replace("format = \"现场招聘会\"", "format = \"直播带岗\"");
    assert!(
        errors(&[("events/a.md", &mismatch)])[0]
            .message
            .contains("不一致")
    );

    let backwards = EVENT.replace("end = 2026-03-06T12:00:00", "end = 2026-03-06T08:00:00");
    assert!(
        errors(&[("events/a.md", &backwards)])[0]
            .message
            .contains("结束时间不晚于开始时间")
    );
}

#[test]
fn policies_need_topic_and_issuer_and_a_web_link() {
    let text = "+++\ntitle = \"社保补贴\"\n[extra]\nsource_url = \"ftp://x\"\n+++\n正文\n";
    let errs = errors(&[("policies/a.md", text)]);
    let messages: Vec<String> = errs.iter().map(|e| e.message.clone()).collect();
    assert_eq!(errs.len(), 3, "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("extra.topic")));
    assert!(messages.iter().any(|m| m.contains("extra.issuer")));
    assert!(messages.iter().any(|m| m.contains("网址")));
}

#[test]
fn slug_collisions_and_reserved_names_are_errors_naming_both_files() {
    let errs = errors(&[
        ("jobs/canyin.md", JOB),
        ("jobs/餐饮.md", JOB),
        ("jobs/category.md", JOB),
    ]);
    let collisions: Vec<&Diagnostic> = errs.iter().filter(|e| e.message.contains("重复")).collect();
    assert_eq!(collisions.len(), 2, "{errs:#?}");
    assert!(
        collisions[0].message.contains("content/jobs/canyin.md")
            && collisions[0].message.contains("content/jobs/餐饮.md")
    );
    assert!(
        errs.iter()
            .any(|e| e.path.ends_with("category.md") && e.message.contains("保留"))
    );
}

#[test]
fn problems_across_files_are_all_reported_sorted_by_path() {
    let errs = errors(&[
        ("jobs/b.md", &JOB.replace("pay = 15", "pay = -1")),
        ("jobs/a.md", &JOB.replace("[\"餐饮\"]", "[\"厨师\"]")),
        ("pages/about.md", "+++\ndescription = \"x\"\n+++\n"),
    ]);
    let paths: Vec<&str> = errs.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "content/jobs/a.md",
            "content/jobs/b.md",
            "content/pages/about.md"
        ]
    );
}

#[test]
fn a_file_that_is_not_utf8_is_reported() {
    let dir = site_with(&[]);
    std::fs::create_dir_all(dir.path().join("content/jobs")).expect("dir");
    std::fs::write(
        dir.path().join("content/jobs/gbk.md"),
        [0xb2u8, 0xe2, 0xca, 0xd4],
    )
    .expect("write");
    let Err(Error::Content(d)) = Site::load(dir.path()) else {
        panic!("expected errors")
    };
    assert!(d.iter().next().expect("one").message.contains("UTF-8"));
}
