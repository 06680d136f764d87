//! The published search client (`search.js`, run under node) against the index files of the
//! built sample site: the queries residents type find the jobs they mean, and a first query
//! downloads a few small files, not the index.

use std::process::Command;

use lingong_tests::TempSite;
use serde_json::Value;

const TODAY: &str = "2026-11-25";

fn node_available() -> bool {
    let ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "node is required in CI to run the search client (apt-get install nodejs)"
        );
        eprintln!("skipped: node not installed (apt-get install nodejs)");
    }
    ok
}

/// One line of `search_client.js` output per query.
fn run_queries(site: &TempSite, queries: &[&str]) -> Vec<Value> {
    let driver = lingong_tests::repo_root().join("tests/e2e/search_client.js");
    let out = Command::new("node")
        .arg(driver)
        .arg(site.path("public"))
        .args(queries)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "search client failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(results.len(), queries.len());
    results
}

fn urls(result: &Value) -> Vec<String> {
    result["top"]
        .as_array()
        .expect("top")
        .iter()
        .map(|row| row[1].as_str().expect("url").to_string())
        .collect()
}

/// Places of the jobs among the first results (policies that name a place may follow them).
fn job_places(result: &Value) -> Vec<String> {
    result["top"]
        .as_array()
        .expect("top")
        .iter()
        .filter(|row| row[1].as_str().is_some_and(|u| u.starts_with("/jobs/")))
        .map(|row| row[3].as_str().expect("place").to_string())
        .collect()
}

/// "在招岗位 N 个" of a built job list.
fn listed(site: &TempSite, list: &str) -> u64 {
    let html = site.read(list);
    let at = html.find("在招岗位 ").expect("count heading") + "在招岗位 ".len();
    html[at..]
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a number")
}

#[test]
fn the_search_client_finds_jobs_by_work_place_and_pinyin_initials() {
    if !node_available() {
        return;
    }
    let site = TempSite::sample();
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let r = run_queries(
        &site,
        &[
            "保洁",
            "洗碗",
            "搬运工",
            "城关",
            "池河镇",
            "曾溪",
            "bj",
            "社保补贴",
            "没有这个词",
        ],
    );

    let baojie = urls(&r[0]);
    for slug in [
        "chengguan-gucheng-jingqu-baojie",
        "chengguan-yiju-wuye-xiaoqu-baojie",
        "xihe-anzhi-shequ-wuye-baojie",
        "yunwushan-guiguling-jingqu-baojie",
        "houliu-shuixiang-minsu-kefang-baojie",
    ] {
        assert!(
            baojie.contains(&format!("/jobs/{slug}/")),
            "保洁 misses {slug}: {baojie:?}"
        );
    }
    assert_eq!(urls(&r[1])[0], "/jobs/chengguan-laojie-mianguan-xiwangong/");

    let banyun = urls(&r[2]);
    assert!(
        banyun[..2].contains(&"/jobs/chengguan-shunxin-banjia/".to_string()),
        "a 搬运工 title ranks first: {banyun:?}"
    );
    assert!(
        banyun.contains(&"/jobs/chengguan-hanjiang-wuliu-zhuangxie/".to_string()),
        "the 搬运 category's 装卸工 is found too: {banyun:?}"
    );

    // Place names find every current job of the township (each has fewer than the 20 results
    // shown first) and no job of another.
    for (result, list, name) in [
        (
            &r[3],
            "public/jobs/township/chengguanzhen/index.html",
            "城关镇",
        ),
        (&r[4], "public/jobs/township/chihezhen/index.html", "池河镇"),
        (
            &r[5],
            "public/jobs/township/zengxizhen/index.html",
            "曾溪镇",
        ),
    ] {
        let places = job_places(result);
        assert_eq!(places.len() as u64, listed(&site, list), "{name}");
        assert!(places.iter().all(|p| p == name), "{name}: {places:?}");
    }

    let bj = urls(&r[6]);
    assert!(bj.contains(&"/jobs/chengguan-gucheng-jingqu-baojie/".to_string()));
    assert!(
        urls(&r[7])
            .iter()
            .any(|u| u == "/policies/linghuo-jiuye-shebao-butie/")
    );
    assert_eq!(r[8]["total"].as_u64(), Some(0));

    // A first query fetches one shard per token (or fewer) and the chunks of its results.
    for result in &r {
        let bytes = result["bytes"].as_u64().expect("bytes");
        assert!(
            bytes < 40 * 1024,
            "{} fetched {bytes} bytes",
            result["query"]
        );
    }
}

#[test]
fn the_search_page_works_as_links_without_javascript() {
    let site = TempSite::sample();
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let page = site.read("public/search/index.html");
    assert!(page.contains("<noscript>"));
    assert!(
        page.contains("id=\"search-form\"") && page.contains(" hidden>"),
        "the form shows only when the script runs"
    );
    for link in ["/jobs/category/baojie/", "/jobs/township/chengguanzhen/"] {
        assert!(page.contains(&format!("href=\"{link}\"")), "links {link}");
    }
    assert!(page.contains("<script src=\"/search.js?v="));
    let script = site.read("public/search.js");
    for modern in [
        "=>",
        "let ",
        "const ",
        "fetch(",
        "Promise",
        "WebAssembly.",
        "://",
    ] {
        assert!(!script.contains(modern), "search.js uses {modern}");
    }
}

/// The client and the library's reference rules (`search::query`) agree on every result and
/// its order, for queries that exercise each rule.
#[test]
fn the_client_ranks_exactly_as_the_reference_rules() {
    use lingong_site::search::index::{DOCS_PER_CHUNK, chunk_path, read_postings, shard_path};
    use lingong_site::search::{query, token};

    if !node_available() {
        return;
    }
    let site = TempSite::sample();
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let public = site.path("public");
    let page = site.read("public/search/index.html");
    let at = page.find("data-shards=\"").expect("shards") + "data-shards=\"".len();
    let shards: u32 = page[at..]
        .split('"')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("n");
    let queries = [
        "保洁",
        "保洁员",
        "搬运工",
        "城关保洁",
        "城关 保洁",
        "城关木工",
        "池河镇",
        "bj",
        "xwg",
        "茶",
        "Ｂｊ",
        "2026",
        "社保补贴",
        "没有这个词",
    ];
    let client = run_queries(&site, &queries);
    for (q, from_client) in queries.iter().zip(&client) {
        let lookup = |t: &str| {
            let bytes = std::fs::read(public.join(shard_path(token::shard_of(t, shards)))).ok()?;
            read_postings(&bytes, t)
        };
        let hits = query::search(q, &lookup);
        assert_eq!(
            from_client["total"].as_u64(),
            Some(hits.len() as u64),
            "{q}"
        );
        let expected: Vec<String> = hits
            .iter()
            .take(20)
            .map(|h| {
                let id = h.doc as usize;
                let chunk = std::fs::read(public.join(chunk_path(id / DOCS_PER_CHUNK))).unwrap();
                let rows: Vec<Vec<String>> = serde_json::from_slice(&chunk).unwrap();
                rows[id % DOCS_PER_CHUNK][1].clone()
            })
            .collect();
        assert_eq!(urls(from_client), expected, "{q}");
    }
}
