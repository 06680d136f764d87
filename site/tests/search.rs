//! The search index of the sample site, queried with the library's reference rules
//! (`search::query`) from the files a build publishes: the example queries of the issue find
//! the jobs they mean, and two builds give the same bytes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lingong_site::search::index::{DOCS_PER_CHUNK, chunk_path, read_postings, shard_path};
use lingong_site::search::query::search;
use lingong_site::search::token::shard_of;
use lingong_site::{BuildOptions, build};

fn built_sample(out: &Path) -> PathBuf {
    let public = out.join("public");
    build(&BuildOptions {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".."),
        output: public.clone(),
        today: jiff::civil::date(2026, 11, 25),
    })
    .expect("the sample site builds");
    public
}

/// The number of shards, as the search page tells its script.
fn shards(public: &Path) -> u32 {
    let page = std::fs::read_to_string(public.join("search/index.html")).expect("search page");
    let at = page.find("data-shards=\"").expect("data-shards") + "data-shards=\"".len();
    page[at..]
        .split('"')
        .next()
        .unwrap()
        .parse()
        .expect("a number")
}

/// Runs a query on the published files and returns `[title, url, line, place]` of every hit.
fn query(public: &Path, q: &str) -> Vec<[String; 4]> {
    let n = shards(public);
    let lookup = |token: &str| {
        let bytes = std::fs::read(public.join(shard_path(shard_of(token, n)))).ok()?;
        read_postings(&bytes, token)
    };
    let mut chunks: BTreeMap<usize, Vec<[String; 4]>> = BTreeMap::new();
    search(q, &lookup)
        .into_iter()
        .map(|hit| {
            let id = hit.doc as usize;
            let rows = chunks.entry(id / DOCS_PER_CHUNK).or_insert_with(|| {
                let bytes = std::fs::read(public.join(chunk_path(id / DOCS_PER_CHUNK))).unwrap();
                serde_json::from_slice(&bytes).unwrap()
            });
            rows[id % DOCS_PER_CHUNK].clone()
        })
        .collect()
}

fn urls(rows: &[[String; 4]]) -> Vec<&str> {
    rows.iter().map(|r| r[1].as_str()).collect()
}

#[test]
fn example_queries_find_the_expected_jobs() {
    let tmp = tempfile::tempdir().unwrap();
    let public = built_sample(tmp.path());

    let baojie = query(&public, "保洁");
    assert!(baojie.len() >= 5, "{:?}", urls(&baojie));
    assert!(
        baojie.iter().all(|r| r[0].contains("保洁")),
        "every hit of 保洁 says 保洁 in its title: {:?}",
        urls(&baojie)
    );

    let xiwan = query(&public, "洗碗");
    assert_eq!(urls(&xiwan), ["/jobs/chengguan-laojie-mianguan-xiwangong/"]);

    let banyun = query(&public, "搬运工");
    assert!(banyun[0][0].contains("搬运工"), "{:?}", urls(&banyun));
    assert!(urls(&banyun).contains(&"/jobs/chengguan-hanjiang-wuliu-zhuangxie/"));

    for (q, township) in [
        ("城关", "城关镇"),
        ("池河", "池河镇"),
        ("云雾山镇", "云雾山镇"),
    ] {
        let hits = query(&public, q);
        assert!(!hits.is_empty(), "{q}");
        // Jobs of the township, then anything else that names it (a policy's text).
        let jobs = hits
            .iter()
            .take_while(|r| r[1].starts_with("/jobs/"))
            .count();
        assert!(jobs > 0, "{q}");
        assert!(
            hits[..jobs].iter().all(|r| r[3] == township),
            "{q}: {:?}",
            urls(&hits)
        );
        assert!(hits[jobs..].iter().all(|r| !r[1].starts_with("/jobs/")));
    }
    // Two terms must both match.
    let both = query(&public, "城关 保洁");
    assert!(!both.is_empty());
    assert!(
        both.iter()
            .all(|r| r[3] == "城关镇" && r[0].contains("保洁"))
    );

    // Pinyin initials: bj finds the 保洁 jobs among its hits.
    let bj = urls(&query(&public, "bj"))
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
    for r in &baojie {
        assert!(bj.contains(&r[1]), "bj misses {}", r[1]);
    }
    // Expired jobs are not in the index; policies are.
    assert!(!urls(&query(&public, "社保补贴")).is_empty());
    assert!(query(&public, "，。！").is_empty());
}

/// Every file under `dir/search` with its bytes.
fn index_files(public: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(public.join("search"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(public).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_index_is_deterministic() {
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = index_files(&built_sample(one.path()));
    let b = index_files(&built_sample(two.path()));
    assert!(a.len() > 2, "shards, document chunks and the page");
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(b[path] == *bytes, "{path} differs between two builds");
    }
}
