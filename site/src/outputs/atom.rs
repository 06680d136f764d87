//! Atom 1.0 (RFC 4287) feeds, written by hand: the format is small, and every piece of text
//! goes through `escape`, which is the part that matters.

use std::fmt::Write as _;

/// A feed: the site's latest jobs, one category's, one township's, events or policies.
#[derive(Debug, Clone)]
pub struct Feed {
    /// A permanent IRI: the absolute URL of the list page the feed follows.
    pub id: String,
    pub title: String,
    /// Absolute URL of the feed itself (`rel="self"`).
    pub self_url: String,
    /// Absolute URL of the HTML list (`rel="alternate"`).
    pub page_url: String,
    /// RFC 3339: the newest entry's `updated`, or a fixed time for an empty feed.
    pub updated: String,
    pub author: String,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone)]
pub struct Entry {
    /// The absolute URL of the item's page, which never changes for an item.
    pub id: String,
    pub title: String,
    pub url: String,
    pub updated: String,
    pub published: Option<String>,
    /// Plain text; readers show it as the entry's preview.
    pub summary: String,
    pub categories: Vec<String>,
}

/// Escapes text for XML content and attribute values, and drops the control characters XML
/// 1.0 does not allow at all (a stray one would make the whole feed unreadable).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

impl Feed {
    pub fn to_xml(&self) -> String {
        let mut out = String::with_capacity(1024 + self.entries.len() * 512);
        out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n");
        let _ = writeln!(out, "<id>{}</id>", escape(&self.id));
        let _ = writeln!(out, "<title>{}</title>", escape(&self.title));
        let _ = writeln!(out, "<updated>{}</updated>", escape(&self.updated));
        let _ = writeln!(
            out,
            "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
            escape(&self.self_url)
        );
        let _ = writeln!(
            out,
            "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            escape(&self.page_url)
        );
        let _ = writeln!(
            out,
            "<author><name>{}</name></author>",
            escape(&self.author)
        );
        out.push_str("<generator>lingong-site</generator>\n");
        for entry in &self.entries {
            out.push_str("<entry>\n");
            let _ = writeln!(out, "<id>{}</id>", escape(&entry.id));
            let _ = writeln!(out, "<title>{}</title>", escape(&entry.title));
            let _ = writeln!(
                out,
                "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
                escape(&entry.url)
            );
            let _ = writeln!(out, "<updated>{}</updated>", escape(&entry.updated));
            if let Some(published) = &entry.published {
                let _ = writeln!(out, "<published>{}</published>", escape(published));
            }
            for term in &entry.categories {
                let _ = writeln!(out, "<category term=\"{}\"/>", escape(term));
            }
            let _ = writeln!(
                out,
                "<summary type=\"text\">{}</summary>",
                escape(&entry.summary)
            );
            out.push_str("</entry>\n");
        }
        out.push_str("</feed>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(
            escape("<b>\"A&B\"</b>'\u{1}"),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;&apos;"
        );
    }

    #[test]
    fn a_feed_has_the_required_elements() {
        let feed = Feed {
            id: "https://x.org/jobs/".into(),
            title: "岗位 & 活动".into(),
            self_url: "https://x.org/jobs/atom.xml".into(),
            page_url: "https://x.org/jobs/".into(),
            updated: "2026-11-18T00:00:00+08:00".into(),
            author: "石泉县零工市场".into(),
            entries: vec![Entry {
                id: "https://x.org/jobs/a/".into(),
                title: "洗碗工 <急招>".into(),
                url: "https://x.org/jobs/a/".into(),
                updated: "2026-11-18T00:00:00+08:00".into(),
                published: None,
                summary: "15 元/小时".into(),
                categories: vec!["餐饮".into()],
            }],
        };
        let xml = feed.to_xml();
        assert!(xml.contains("<title>岗位 &amp; 活动</title>"));
        assert!(xml.contains("<title>洗碗工 &lt;急招&gt;</title>"));
        assert!(xml.contains("<author><name>石泉县零工市场</name></author>"));
        assert!(xml.ends_with("</feed>\n"));
    }
}
