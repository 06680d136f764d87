//! Atom feeds, read back with `feed-rs`, and the list pages that link to them.

use lingong_tests::TempSite;

const TODAY: &str = "2026-11-25";

fn parse(site: &TempSite, rel: &str) -> feed_rs::model::Feed {
    let text = site.read(rel);
    feed_rs::parser::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{rel} does not parse: {e}"))
}

#[test]
fn the_jobs_feed_lists_current_jobs_newest_first() {
    let site = TempSite::sample();
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let feed = parse(&site, "public/jobs/atom.xml");
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    assert!(feed.title.expect("title").content.contains("最新岗位"));
    assert!(!feed.entries.is_empty() && feed.entries.len() <= 50);
    let dates: Vec<_> = feed
        .entries
        .iter()
        .map(|e| e.updated.expect("updated"))
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
    for entry in &feed.entries {
        let link = &entry.links[0].href;
        assert!(
            link.starts_with("https://lingong.example.org/jobs/"),
            "{link}"
        );
        assert_eq!(entry.id, *link);
        let slug = link.trim_end_matches('/').rsplit('/').next().expect("slug");
        let page = site.read(&format!("public/jobs/{slug}/index.html"));
        assert!(
            !page.contains("已过期"),
            "{slug} is expired but in the feed"
        );
    }
}

#[test]
fn every_category_township_events_and_policies_has_a_feed() {
    let site = TempSite::sample();
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let canyin = parse(&site, "public/jobs/category/canyin/atom.xml");
    assert!(!canyin.entries.is_empty());
    for entry in &canyin.entries {
        assert!(
            entry.categories.iter().any(|c| c.term == "餐饮"),
            "{:?} is not 餐饮",
            entry.title
        );
    }
    let zengxi = parse(&site, "public/jobs/township/zengxizhen/atom.xml");
    assert!(
        zengxi
            .entries
            .iter()
            .all(|e| e.categories.iter().any(|c| c.term == "曾溪镇"))
    );
    let events = parse(&site, "public/events/atom.xml");
    assert_eq!(events.entries.len(), 12);
    let policies = parse(&site, "public/policies/atom.xml");
    assert!(!policies.entries.is_empty());
}

#[test]
fn list_pages_link_to_their_feeds() {
    let site = TempSite::sample();
    site.site(&["build", "--today", TODAY]).expect_code(0);
    for (page, feed) in [
        ("jobs/index.html", "/jobs/atom.xml"),
        ("jobs/page/2/index.html", "/jobs/atom.xml"),
        (
            "jobs/category/canyin/index.html",
            "/jobs/category/canyin/atom.xml",
        ),
        (
            "jobs/township/chengguanzhen/index.html",
            "/jobs/township/chengguanzhen/atom.xml",
        ),
        ("events/index.html", "/events/atom.xml"),
        ("policies/index.html", "/policies/atom.xml"),
    ] {
        let html = site.read(&format!("public/{page}"));
        let link = "type=\"application/atom+xml\"";
        let href = format!("href=\"{feed}\"");
        assert!(
            html.lines()
                .any(|l| l.starts_with("<link rel=\"alternate\"")
                    && l.contains(link)
                    && l.contains(&href)),
            "{page} does not link {feed}"
        );
        assert!(
            site.path("public")
                .join(feed.trim_start_matches('/'))
                .is_file()
        );
    }
}

#[test]
fn feed_text_is_escaped() {
    let site = TempSite::fixture("small");
    let job = site.read("content/jobs/laojie-xiwangong.md");
    site.write(
        "content/jobs/laojie-xiwangong.md",
        &job.replacen("城关镇老街面馆招洗碗工", "洗碗工 <急招> & \\\"包吃\\\"", 1),
    );
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let feed = parse(&site, "public/jobs/atom.xml");
    let titles: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.title.clone().expect("title").content)
        .collect();
    assert!(
        titles.contains(&"洗碗工 <急招> & \"包吃\"".to_string()),
        "{titles:?}"
    );
}
