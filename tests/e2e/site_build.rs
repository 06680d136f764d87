use lingong_tests::{TempSite, tree};

const TODAY: &str = "2026-11-25";

#[test]
fn the_sample_site_builds_with_every_expected_page() {
    let site = TempSite::sample();
    let run = site.site(&["build", "--today", TODAY]).expect_code(0);
    assert!(
        run.stdout.contains("生成完成"),
        "summary line: {}",
        run.stdout
    );
    for page in [
        "index.html",
        "404.html",
        "style.css",
        "jobs/index.html",
        "jobs/page/2/index.html",
        "jobs/category/canyin/index.html",
        "jobs/category/linshilaowu/index.html",
        "jobs/township/chengguanzhen/index.html",
        "jobs/township/zengxizhen/index.html",
        "jobs/chengguan-laojie-mianguan-xiwangong/index.html",
        "events/index.html",
        "policies/index.html",
        "policies/topic/shebaobutie/index.html",
        "about/index.html",
        "privacy/index.html",
        "ankang-platform-guide/index.html",
    ] {
        assert!(site.path("public").join(page).is_file(), "missing {page}");
    }
    let events = std::fs::read_dir(site.path("public/events"))
        .expect("events")
        .count();
    assert_eq!(
        events,
        12 + 3,
        "12 event folders, the list, its feed and the whole calendar"
    );
}

#[test]
fn chinese_file_names_become_pinyin_urls() {
    let site = TempSite::sample();
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let jobs = site.read("public/jobs/township/raofengzhen/index.html");
    assert!(
        jobs.contains("/jobs/raofengzhenchayuandongjiguanhugong/"),
        "pinyin slug of 饶峰镇茶园冬季管护工.md"
    );
    assert!(
        site.path("public/jobs/raofengzhenchayuandongjiguanhugong/index.html")
            .is_file()
    );
}

#[test]
fn the_job_list_shows_twenty_jobs_newest_first_and_pages_the_rest() {
    let site = TempSite::sample();
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let first = site.read("public/jobs/index.html");
    let dates: Vec<&str> = first
        .match_indices("<time datetime=\"")
        .map(|(i, m)| &first[i + m.len()..i + m.len() + 10])
        .collect();
    assert_eq!(dates.len(), 20, "20 cards on the first page");
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    assert!(first.contains("href=\"/jobs/page/2/\""), "links to page 2");
    let last = site.read("public/jobs/page/3/index.html");
    assert!(last.contains("rel=\"prev\"") && !last.contains("rel=\"next\""));
}

#[test]
fn a_pinned_date_makes_the_output_reproducible() {
    let site = TempSite::sample();
    let (one, two) = (site.path("one"), site.path("two"));
    site.site(&[
        "build",
        "--today",
        TODAY,
        "--output",
        &one.to_string_lossy(),
    ])
    .expect_code(0);
    site.site(&[
        "build",
        "--today",
        TODAY,
        "--output",
        &two.to_string_lossy(),
    ])
    .expect_code(0);
    let (one, two) = (tree(&one), tree(&two));
    assert!(one.len() > 90);
    assert!(one == two, "two builds with the same date differ");

    let later = site.path("later");
    site.site(&[
        "build",
        "--today",
        "2027-03-01",
        "--output",
        &later.to_string_lossy(),
    ])
    .expect_code(0);
    let later = site.read("later/jobs/index.html");
    assert!(
        later.contains("这里暂时没有在招的岗位"),
        "every sample job has expired by March 2027"
    );
}

#[test]
fn job_pages_stay_within_the_phone_budget_and_load_nothing_from_other_hosts() {
    let site = TempSite::sample();
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let css = std::fs::metadata(site.path("public/style.css"))
        .expect("css")
        .len();
    for entry in std::fs::read_dir(site.path("public/jobs")).expect("jobs") {
        let page = entry.expect("entry").path().join("index.html");
        if !page.is_file() {
            continue;
        }
        let html = std::fs::read_to_string(&page).expect("page");
        assert!(
            html.len() as u64 + css <= 25 * 1024,
            "{} is {} bytes with CSS",
            page.display(),
            html.len() as u64 + css
        );
        for attr in ["src=\"http", "src=\"//", "stylesheet\" href=\"http"] {
            assert!(!html.contains(attr), "{} contains {attr}", page.display());
        }
        for (at, _) in html.match_indices("<script") {
            let end = html[at..].find('>').map_or(html.len(), |end| at + end);
            let tag = &html[at..end];
            // Inline scripts (JSON-LD, the WeChat hint) load nothing; a loaded one must be ours.
            assert!(
                !tag.contains(" src=") || tag.contains(" src=\"/"),
                "{}: {tag}",
                page.display()
            );
        }
        assert!(
            html.contains("href=\"tel:"),
            "{} has no tel: link",
            page.display()
        );
    }
}

#[test]
fn a_site_overrides_templates_and_static_files_by_name() {
    let site = TempSite::fixture("small");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<h1>本县自定义的 404</h1>{% endblock main %}",
    );
    site.write("static/style.css", "body { color: black; }");
    site.write(
        "static/img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.site(&["build", "--today", TODAY]).expect_code(0);
    assert!(site.read("public/404.html").contains("本县自定义的 404"));
    assert_eq!(site.read("public/style.css"), "body { color: black; }");
    assert!(site.path("public/img/logo.svg").is_file());
    assert!(
        site.read("public/index.html").contains("最新岗位"),
        "other templates stay built in"
    );
}

#[test]
fn check_validates_without_writing_and_warns_about_jobs_to_verify() {
    let site = TempSite::sample();
    let run = site.site(&["check", "--today", TODAY]).expect_code(0);
    assert!(!site.path("public").exists(), "check writes nothing");
    assert!(run.stderr.contains("没有核实日期"), "{}", run.stderr);
    assert!(run.stderr.contains("天没有核实"), "{}", run.stderr);
    assert!(run.stderr.contains("过期"), "{}", run.stderr);
    assert!(run.stderr.contains("年龄要求"), "{}", run.stderr);
    assert!(run.stdout.contains("检查通过"), "{}", run.stdout);
}

#[test]
fn check_warns_about_phones_that_cannot_be_dialled() {
    let site = TempSite::fixture("small");
    let job = site
        .read("content/jobs/chihe-caisang.md")
        .replace("0915-6321188", "6321188");
    site.write("content/jobs/chihe-caisang.md", &job);
    let run = site.site(&["check", "--today", TODAY]).expect_code(0);
    assert!(
        run.stderr.contains("content/jobs/chihe-caisang.md:")
            && run.stderr.contains("不是有效的手机号或座机号"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_form_script_stays_es5_for_old_android_web_views() {
    let site = TempSite::fixture("small");
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let script = site.read("public/form.js");
    for modern in ["=>", "let ", "const ", "fetch(", "Promise", "class ", "`"] {
        assert!(!script.contains(modern), "form.js uses {modern}");
    }
    // The service worker (only where service workers exist) is published beside the forms.
    let worker = site.read("public/forms/sw.js");
    assert!(worker.contains("\"/forms/survey/\", \"/forms/register/\""));
}
