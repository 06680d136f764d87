//! Machine-readable outputs other systems use: JSON-LD in pages, `jobs.json`, `events.json`,
//! `sitemap.xml` and `robots.txt`, each read back with a real parser.

use lingong_tests::TempSite;
use serde_json::Value;

const TODAY: &str = "2026-11-25";

/// The JSON-LD of a page: the one `application/ld+json` script, parsed.
fn json_ld(html: &str) -> Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("a JSON-LD script")
        + "<script type=\"application/ld+json\">".len();
    let end = start + html[start..].find("</script>").expect("script end");
    serde_json::from_str(&html[start..end]).expect("JSON-LD is JSON")
}

#[test]
fn job_pages_carry_a_job_posting() {
    let site = TempSite::sample();
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let html = site.read("public/jobs/chengguan-laojie-mianguan-xiwangong/index.html");
    let ld = json_ld(&html);
    assert_eq!(ld["@context"], "https://schema.org/");
    assert_eq!(ld["@type"], "JobPosting");
    for key in [
        "title",
        "description",
        "datePosted",
        "validThrough",
        "hiringOrganization",
        "jobLocation",
        "baseSalary",
        "totalJobOpenings",
        "directApply",
    ] {
        assert!(!ld[key].is_null(), "{key} missing");
    }
    assert_eq!(ld["directApply"], false);
    assert!(html.contains(ld["title"].as_str().expect("title")));
    assert!(html.contains(ld["hiringOrganization"]["name"].as_str().expect("employer")));
    let address = &ld["jobLocation"]["address"];
    assert_eq!(address["@type"], "PostalAddress");
    assert_eq!(address["addressRegion"], "陕西省");
    assert_eq!(address["addressLocality"], "石泉县");
    assert_eq!(address["addressCountry"], "CN");
    assert!(html.contains(address["streetAddress"].as_str().expect("street")));
    assert_eq!(ld["baseSalary"]["currency"], "CNY");
    let unit = ld["baseSalary"]["value"]["unitText"]
        .as_str()
        .expect("unit");
    assert!(["HOUR", "DAY", "MONTH"].contains(&unit));
    assert!(
        ld["validThrough"]
            .as_str()
            .expect("date")
            .ends_with("+08:00")
    );
}

#[test]
fn piece_rates_keep_their_text_and_no_unit() {
    let site = TempSite::sample();
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let ld = json_ld(&site.read("public/jobs/chengguan-hanjiang-wuliu-zhuangxie/index.html"));
    let value = &ld["baseSalary"]["value"];
    assert!(value.get("unitText").is_none());
    assert_eq!(value["description"], "0.5—0.8 元/件");
    assert_eq!(value["minValue"], 0.5);
    assert_eq!(ld["employmentType"], "OTHER");
}

#[test]
fn event_pages_carry_an_event_with_its_attendance_mode() {
    let site = TempSite::fixture("small");
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let offline = json_ld(&site.read("public/events/2026-12-zhuanchang/index.html"));
    assert_eq!(offline["@type"], "Event");
    assert_eq!(offline["name"], "冬季零工专场招聘会");
    assert_eq!(offline["startDate"], "2026-12-05T09:00:00+08:00");
    assert_eq!(
        offline["eventAttendanceMode"],
        "https://schema.org/OfflineEventAttendanceMode"
    );
    assert_eq!(offline["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(offline["location"]["@type"], "Place");
    assert_eq!(offline["location"]["name"], "零工市场服务大厅前广场");
    let online = json_ld(&site.read("public/events/2026-10-zhibo/index.html"));
    assert_eq!(
        online["eventAttendanceMode"],
        "https://schema.org/OnlineEventAttendanceMode"
    );
    assert_eq!(online["location"]["@type"], "VirtualLocation");
    assert_eq!(
        online["location"]["url"],
        "https://live.example.org/lingong/202610"
    );
}

#[test]
fn a_title_cannot_close_the_json_ld_script() {
    let site = TempSite::fixture("small");
    let job = site.read("content/jobs/laojie-xiwangong.md");
    site.write(
        "content/jobs/laojie-xiwangong.md",
        &job.replacen(
            "城关镇老街面馆招洗碗工",
            "洗碗工</script><script>alert(1)</script>",
            1,
        ),
    );
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let html = site.read("public/jobs/laojie-xiwangong/index.html");
    assert!(!html.contains("<script>alert(1)"));
    assert_eq!(
        json_ld(&html)["title"],
        "洗碗工</script><script>alert(1)</script>"
    );
}

#[test]
fn jobs_json_lists_current_jobs_in_a_versioned_object() {
    let site = TempSite::fixture("small");
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let data: Value = serde_json::from_str(&site.read("public/jobs.json")).expect("JSON");
    assert_eq!(data["version"], 1);
    assert_eq!(data["generated"], TODAY);
    let jobs = data["jobs"].as_array().expect("jobs");
    let ids: Vec<&str> = jobs.iter().map(|j| j["id"].as_str().expect("id")).collect();
    assert_eq!(
        ids,
        ["laojie-xiwangong", "chihe-caisang"],
        "current, newest first; no draft, no expired"
    );
    let job = &jobs[0];
    assert_eq!(
        job["url"],
        "https://lingong.example.org/jobs/laojie-xiwangong/"
    );
    assert_eq!(job["pay"]["unit"], "hour");
    assert_eq!(job["pay"]["currency"], "CNY");
    assert_eq!(job["valid_through"], "2026-12-31");
    assert_eq!(job["township"], "城关镇");
}

#[test]
fn events_json_lists_every_published_event() {
    let site = TempSite::fixture("small");
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let data: Value = serde_json::from_str(&site.read("public/events.json")).expect("JSON");
    assert_eq!(data["version"], 1);
    let events = data["events"].as_array().expect("events");
    assert_eq!(events.len(), 2);
    assert_eq!(events[0]["kind"], "online");
    assert_eq!(events[0]["upcoming"], false, "October is over on {TODAY}");
    assert_eq!(events[1]["upcoming"], true);
    assert_eq!(events[1]["kind"], "offline");
    assert_eq!(events[1]["start"], "2026-12-05T09:00:00+08:00");
    assert_eq!(events[1]["uid"], "2026-12-zhuanchang@lingong.example.org");
    assert_eq!(events[1]["sequence"], 0);
    assert_eq!(
        events[1]["ics_url"],
        "https://lingong.example.org/events/2026-12-zhuanchang/event.ics"
    );
}

#[test]
fn the_sitemap_lists_every_page_and_robots_points_to_it() {
    let site = TempSite::sample();
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let xml = site.read("public/sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap is XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let listed: std::collections::BTreeSet<String> = root
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| n.text().expect("loc text").to_string())
        .collect();
    let public = site.path("public");
    let pages: std::collections::BTreeSet<String> = walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
        .map(|e| {
            let rel = e
                .path()
                .parent()
                .expect("folder")
                .strip_prefix(&public)
                .expect("under");
            let rel = rel.to_string_lossy();
            if rel.is_empty() {
                "https://lingong.example.org/".to_string()
            } else {
                format!("https://lingong.example.org/{rel}/")
            }
        })
        .collect();
    assert_eq!(listed, pages, "every page, and only pages");
    let robots = site.read("public/robots.txt");
    assert!(robots.contains("Sitemap: https://lingong.example.org/sitemap.xml"));
}
