//! `sitemap.xml` (sitemaps.org 0.9) and `robots.txt`.
//!
//! A sitemap may list at most 50,000 URLs. Past that, `sitemap.xml` becomes a sitemap index
//! pointing to `sitemap-1.xml`, `sitemap-2.xml`, … of at most that many URLs each; the limit
//! is a parameter so tests can split a small site.

use super::atom::escape;
use crate::urls;

pub const MAX_URLS_PER_SITEMAP: usize = 50_000;
const XMLNS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// The sitemap files, as (output path, text), for `urls` (absolute, in order).
pub fn files(base_url: &str, urls: &[String], limit: usize) -> Vec<(String, String)> {
    let base = base_url.trim_end_matches('/');
    let limit = limit.max(1);
    if urls.len() <= limit {
        return vec![(urls::output_file(&urls::sitemap()), urlset(urls))];
    }
    let mut files = Vec::new();
    let mut index =
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"{XMLNS}\">\n");
    for (i, chunk) in urls.chunks(limit).enumerate() {
        let part = urls::sitemap_part(i + 1);
        index.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>\n",
            escape(&format!("{base}{part}"))
        ));
        files.push((urls::output_file(&part), urlset(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, (urls::output_file(&urls::sitemap()), index));
    files
}

fn urlset(urls: &[String]) -> String {
    let mut out =
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"{XMLNS}\">\n");
    for url in urls {
        out.push_str("<url><loc>");
        out.push_str(&escape(url));
        out.push_str("</loc></url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// Everything may be crawled; the sitemap says where the pages are.
pub fn robots(base_url: &str) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}{}\n",
        base_url.trim_end_matches('/'),
        urls::sitemap()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("https://x.org/jobs/{i}/")).collect()
    }

    #[test]
    fn a_small_site_has_one_sitemap() {
        let files = files("https://x.org/", &urls(3), 5);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "sitemap.xml");
        assert_eq!(files[0].1.matches("<loc>").count(), 3);
    }

    #[test]
    fn past_the_limit_the_sitemap_becomes_an_index() {
        let files = files("https://x.org", &urls(12), 5);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        assert!(files[0].1.contains("<sitemapindex"));
        assert!(
            files[0]
                .1
                .contains("<loc>https://x.org/sitemap-3.xml</loc>")
        );
        let counts: Vec<usize> = files[1..]
            .iter()
            .map(|(_, t)| t.matches("<loc>").count())
            .collect();
        assert_eq!(counts, [5, 5, 2]);
    }

    /// The `<loc>` texts of a sitemap or sitemap index, read with a real XML parser.
    fn locs(xml: &str, root: &str) -> Vec<String> {
        let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
        assert_eq!(doc.root_element().tag_name().name(), root);
        assert_eq!(doc.root_element().tag_name().namespace(), Some(XMLNS));
        doc.descendants()
            .filter(|n| n.has_tag_name("loc"))
            .map(|n| n.text().unwrap_or_default().to_string())
            .collect()
    }

    #[test]
    fn split_sitemaps_parse_and_list_every_url_once() {
        let all = urls(12);
        let files = files("https://x.org", &all, 5);
        let parts = locs(&files[0].1, "sitemapindex");
        assert_eq!(parts.len(), 3);
        let mut listed = Vec::new();
        for ((name, text), part) in files[1..].iter().zip(&parts) {
            assert_eq!(format!("https://x.org/{name}"), *part);
            listed.extend(locs(text, "urlset"));
        }
        assert_eq!(listed, all);
    }

    #[test]
    fn urls_are_escaped() {
        let files = files(
            "https://x.org",
            &["https://x.org/?a=1&b=<2>".to_string()],
            5,
        );
        assert_eq!(locs(&files[0].1, "urlset"), ["https://x.org/?a=1&b=<2>"]);
    }

    #[test]
    fn robots_points_to_the_sitemap() {
        assert!(robots("https://x.org/").contains("Sitemap: https://x.org/sitemap.xml\n"));
    }
}
