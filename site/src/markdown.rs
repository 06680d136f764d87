//! Markdown bodies to HTML with pulldown-cmark.
//!
//! Bodies may one day come from employers' own words (a published labour need), so raw HTML in
//! Markdown is shown as text, never passed through, and links may only be web, mail or phone
//! links. Headings get ids (pinyin of their text) so that a part of a page can be linked, and
//! tables are wrapped so that they scroll sideways on a narrow phone instead of overflowing.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use crate::domain::slug::slugify;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Renders a Markdown body to HTML.
pub fn render(markdown: &str) -> String {
    let mut events: Vec<Event> = Vec::new();
    let mut heading_start: Option<usize> = None;
    let mut used_ids: Vec<String> = Vec::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => events.push(Event::Text(raw)),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => events.push(Event::Start(Tag::Link {
                link_type,
                dest_url: safe_link(dest_url),
                title,
                id,
            })),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => events.push(Event::Start(Tag::Image {
                link_type,
                dest_url: safe_link(dest_url),
                title,
                id,
            })),
            Event::Start(Tag::Table(alignments)) => {
                events.push(Event::Html(CowStr::from("<div class=\"table-wrap\">")));
                events.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                events.push(Event::Html(CowStr::from("</div>")));
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                heading_start = Some(events.len());
                events.push(Event::Start(Tag::Heading {
                    level: demote(level),
                    id,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(start) = heading_start.take() {
                    let text: String = events[start..]
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    let id = unique_id(&text, &mut used_ids);
                    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[start]
                        && slot.is_none()
                    {
                        *slot = Some(CowStr::from(id));
                    }
                }
                events.push(Event::End(TagEnd::Heading(demote(level))));
            }
            other => events.push(other),
        }
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

/// A body's `#` heading would compete with the page title, the page's only `<h1>`.
fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        other => other,
    }
}

fn unique_id(text: &str, used: &mut Vec<String>) -> String {
    let base = match slugify(text) {
        s if s.is_empty() => "section".to_string(),
        s => s,
    };
    let mut id = base.clone();
    let mut n = 1;
    while used.contains(&id) {
        n += 1;
        id = format!("{base}-{n}");
    }
    used.push(id.clone());
    id
}

/// The link itself when it is safe to follow, else `#`.
fn safe_link(url: CowStr<'_>) -> CowStr<'_> {
    if is_safe_link(&url) {
        url
    } else {
        CowStr::from("#")
    }
}

fn is_safe_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.split_once(':') {
        // No scheme, or a colon after a path character: a relative link.
        None => true,
        Some((scheme, _)) if scheme.contains(['/', '?', '#']) => true,
        Some((scheme, _)) => matches!(scheme, "http" | "https" | "mailto" | "tel"),
    }
}

/// The text of a Markdown body without markup, for descriptions and wording checks.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) if !out.ends_with(' ') => {
                out.push(' ');
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_pinyin_ids_and_h1_is_demoted() {
        let html = render("# 工作内容\n\n## 工作内容\n");
        assert!(
            html.contains("<h2 id=\"gongzuoneirong\">工作内容</h2>"),
            "{html}"
        );
        assert!(html.contains("<h2 id=\"gongzuoneirong-2\">"), "{html}");
    }

    #[test]
    fn raw_html_and_script_links_are_neutralised() {
        let html = render("<script>alert(1)</script>\n\n[点我](javascript:alert(1))");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("href=\"#\""), "{html}");
        assert!(render("[电话](tel:13912345678)").contains("href=\"tel:13912345678\""));
    }

    #[test]
    fn tables_are_wrapped_for_narrow_screens() {
        let html = render("| 项目 | 金额 |\n|---|---|\n| 补贴 | 500 元 |\n");
        assert!(
            html.starts_with("<div class=\"table-wrap\"><table>"),
            "{html}"
        );
        assert!(
            html.trim_end().ends_with("</table>\n</div>")
                || html.contains("</table></div>")
                || html.contains("</table>\n</div>"),
            "{html}"
        );
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(plain_text("## 要求\n\n- **能吃苦**\n"), "要求 能吃苦");
    }
}
