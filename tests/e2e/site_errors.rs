use lingong_tests::{TempSite, tree};

const TODAY: &str = "2026-11-25";

/// Line of the first occurrence of `needle` in `text` (1-based).
fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).expect("needle")]
        .matches('\n')
        .count()
        + 1
}

#[test]
fn a_broken_copy_reports_every_error_in_one_run_and_keeps_the_previous_site() {
    let site = TempSite::sample();
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let before = tree(&site.path("public"));

    let job = "content/jobs/chengguan-laojie-mianguan-xiwangong.md";
    let broken_job = site
        .read(job)
        .replace("pay = ", "pay = \"面议\" #")
        .replace("[\"餐饮\"]", "[\"餐馆\"]");
    site.write(job, &broken_job);
    let event = "content/events/2026-12-dongji-songwennuan-zhaopinhui.md";
    let event_text = site.read(event);
    site.write(
        event,
        &event_text.replacen("start = ", "start = \"下周一\" #", 1),
    );
    site.write("content/policies/empty.md", "没有字段区的文件\n");

    let run = site.site(&["build", "--today", TODAY]).expect_code(1);
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("content/"))
        .collect();
    assert_eq!(errors.len(), 4, "{}", run.stderr);
    let pay_line = format!("{job}:{}:", line_of(&broken_job, "pay = \"面议\""));
    let category_line = format!("{job}:{}:", line_of(&broken_job, "[\"餐馆\"]"));
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with(&pay_line) && e.contains(" — ")),
        "{pay_line} in\n{}",
        run.stderr
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with(&category_line) && e.contains("是不是“餐饮”")),
        "{}",
        run.stderr
    );
    assert!(
        errors.iter().any(|e| e.starts_with(&format!("{event}:"))),
        "{}",
        run.stderr
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("content/policies/empty.md:1:1:")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("原有网站保持不变"));
    assert!(
        tree(&site.path("public")) == before,
        "the previous site changed"
    );
}

#[test]
fn a_broken_template_names_the_template_and_line_and_keeps_the_previous_site() {
    let site = TempSite::fixture("small");
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let before = tree(&site.path("public"));

    site.write("templates/page.html", "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }</h1>\n{% endblock main %}\n");
    let run = site.site(&["build", "--today", TODAY]).expect_code(1);
    assert!(
        run.stderr.contains("templates/page.html:3:"),
        "{}",
        run.stderr
    );
    assert!(tree(&site.path("public")) == before);

    site.write("templates/page.html", "{% extends \"base.html\" %}\n{% block main %}\n\n<p>{{ page.no_such_field }}</p>\n{% endblock main %}\n");
    let run = site.site(&["build", "--today", TODAY]).expect_code(1);
    assert!(
        run.stderr.contains("templates/page.html:4:"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("templates/page.html:4:").count(),
        1,
        "reported once, not once per page"
    );
    assert!(tree(&site.path("public")) == before);
}

#[test]
fn content_and_template_errors_are_reported_together() {
    let site = TempSite::fixture("small");
    site.write("templates/404.html", "{% if %}\n");
    site.write("content/pages/bad.md", "+++\ntitle = 3\n+++\n");
    let run = site.site(&["build", "--today", TODAY]).expect_code(1);
    assert!(
        run.stderr.contains("content/pages/bad.md:2:9:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("templates/404.html:1:"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_exit_with_2_and_say_how_to_get_help() {
    let site = TempSite::fixture("small");
    let run = site.site(&["publish"]).expect_code(2);
    assert!(
        run.stderr.contains("--help") || run.stderr.contains("Usage"),
        "{}",
        run.stderr
    );
    site.site(&["build", "--today", "2026-13-01"])
        .expect_code(2);
    site.site(&["build", "--bogus"]).expect_code(2);
    for command in ["build", "check", "serve", "bench"] {
        let run = site.site(&[command, "--help"]).expect_code(0);
        assert!(
            run.stdout.contains("--root"),
            "{command} --help: {}",
            run.stdout
        );
    }
}

#[test]
fn a_missing_or_broken_config_is_a_clear_error() {
    let site = TempSite::fixture("small");
    std::fs::remove_file(site.path("config.toml")).expect("remove");
    let run = site.site(&["build"]).expect_code(1);
    assert!(run.stderr.contains("config.toml"), "{}", run.stderr);

    site.write("config.toml", "[site]\ntitle = \"x\"\n");
    let run = site.site(&["build"]).expect_code(1);
    assert!(
        run.stderr.starts_with("错误：config.toml:"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_output_may_not_be_the_site_root() {
    let site = TempSite::fixture("small");
    let root = site.root().to_string_lossy().into_owned();
    let run = site.site(&["build", "--output", &root]).expect_code(1);
    assert!(run.stderr.contains("输出目录不能是"), "{}", run.stderr);
    assert!(
        site.path("content/jobs/laojie-xiwangong.md").is_file(),
        "content untouched"
    );
}
