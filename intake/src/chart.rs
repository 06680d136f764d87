//! Charts drawn on the server as SVG: no script, they print, and they say what they show in
//! text (a `<title>`, numbers on the bars, flags in words), never by colour alone.

use std::fmt::Write as _;

use crate::kpi::{KpiRow, MonthEvents, MonthState};

/// Escapes text for SVG (XML) content and attributes.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const OFFLINE_FILL: &str = "#12355b";
const ONLINE_FILL: &str = "#5b8fd0";
const GROUP: f64 = 64.0;
const BAR: f64 = 22.0;
const PLOT_TOP: f64 = 48.0;
const PLOT_HEIGHT: f64 = 160.0;
const LEFT: f64 = 36.0;

/// Events per month, offline and online side by side, every month of the service period,
/// months without an event flagged 未达标 (past) or 待完成 (current).
pub fn events_by_month(months: &[MonthEvents]) -> String {
    let width = LEFT + GROUP * months.len().max(1) as f64 + 8.0;
    let base = PLOT_TOP + PLOT_HEIGHT;
    let height = base + 60.0;
    let top = months
        .iter()
        .map(|m| m.offline.max(m.online))
        .max()
        .unwrap_or(0)
        .max(1);
    let scale = PLOT_HEIGHT / f64::from(top);
    let missed = months
        .iter()
        .filter(|m| m.state == MonthState::Missed)
        .count();
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart events-chart" role="img" aria-labelledby="events-chart-title events-chart-desc" viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-size="12" font-family="system-ui, sans-serif">"#
    );
    let _ = write!(
        svg,
        r#"<title id="events-chart-title">每月招聘活动场次（线下、线上分列）</title><desc id="events-chart-desc">服务期共 {} 个月；合同要求每月至少一场，{} 个已过去的月份没有活动。</desc>"#,
        months.len(),
        missed
    );
    // Hatching for online bars, so the two kinds differ in more than colour.
    let _ = write!(
        svg,
        r##"<defs><pattern id="online-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="{ONLINE_FILL}"/><line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern></defs>"##
    );
    // Legend.
    let _ = write!(
        svg,
        r##"<g class="legend"><rect x="{LEFT}" y="8" width="14" height="14" fill="{OFFLINE_FILL}"/><text x="{}" y="20">线下</text><rect x="{}" y="8" width="14" height="14" fill="url(#online-hatch)"/><text x="{}" y="20">线上</text><text x="{}" y="20">（柱上数字为场次；“未达标”：该月没有活动）</text></g>"##,
        LEFT + 18.0,
        LEFT + 60.0,
        LEFT + 78.0,
        LEFT + 116.0
    );
    // Axis and gridlines at whole numbers.
    let step = (f64::from(top) / 4.0).ceil().max(1.0) as u32;
    let mut tick = 0;
    while tick <= top {
        let y = base - f64::from(tick) * scale;
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#dde"/><text x="{:.1}" y="{:.1}" text-anchor="end">{tick}</text>"##,
            width - 8.0,
            LEFT - 6.0,
            y + 4.0
        );
        tick += step;
    }
    for (i, m) in months.iter().enumerate() {
        let x0 = LEFT + GROUP * i as f64;
        let label = esc(&m.label);
        let _ = write!(
            svg,
            r#"<g class="month month-{}" data-month="{}">"#,
            match m.state {
                MonthState::Met => "met",
                MonthState::Missed => "missed",
                MonthState::Pending => "pending",
                MonthState::Future => "future",
            },
            m.key
        );
        if m.state == MonthState::Missed {
            let _ = write!(
                svg,
                r##"<rect x="{:.1}" y="{PLOT_TOP}" width="{:.1}" height="{PLOT_HEIGHT}" fill="#fde7e7"/>"##,
                x0 + 2.0,
                GROUP - 4.0
            );
        }
        for (j, (kind, count, fill)) in [
            ("线下", m.offline, OFFLINE_FILL),
            ("线上", m.online, "url(#online-hatch)"),
        ]
        .into_iter()
        .enumerate()
        {
            let h = f64::from(count) * scale;
            let x = x0 + 8.0 + j as f64 * (BAR + 4.0);
            let _ = write!(
                svg,
                r#"<rect x="{x:.1}" y="{:.1}" width="{BAR}" height="{h:.1}" fill="{fill}"><title>{label} {kind} {count} 场</title></rect><text x="{:.1}" y="{:.1}" text-anchor="middle">{count}</text>"#,
                base - h,
                x + BAR / 2.0,
                base - h - 4.0
            );
        }
        let cx = x0 + GROUP / 2.0;
        // "2026年3月" in two lines: the year only where it changes.
        let (year, month) = m.label.split_once('年').unwrap_or(("", &m.label));
        let _ = write!(
            svg,
            r#"<text x="{cx:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            base + 16.0,
            esc(month)
        );
        if i == 0 || month == "1月" {
            let _ = write!(
                svg,
                r##"<text x="{cx:.1}" y="{:.1}" text-anchor="middle" fill="#555">{}年</text>"##,
                base + 30.0,
                esc(year)
            );
        }
        match m.state {
            MonthState::Missed => {
                let _ = write!(
                    svg,
                    r##"<text class="flag" x="{cx:.1}" y="{:.1}" text-anchor="middle" fill="#a00" font-weight="700">⚠未达标</text>"##,
                    base + 46.0
                );
            }
            MonthState::Pending => {
                let _ = write!(
                    svg,
                    r##"<text class="flag" x="{cx:.1}" y="{:.1}" text-anchor="middle" fill="#8a5a00" font-weight="700">待完成</text>"##,
                    base + 46.0
                );
            }
            MonthState::Met | MonthState::Future => {}
        }
        svg.push_str("</g>");
    }
    let _ = write!(
        svg,
        r##"<line x1="{LEFT}" y1="{base}" x2="{:.1}" y2="{base}" stroke="#333"/></svg>"##,
        width - 8.0
    );
    svg
}

/// A progress bar for one minimum: the part achieved, and a mark where the pace stands.
pub fn progress_bar(row: &KpiRow) -> String {
    const W: f64 = 240.0;
    const H: f64 = 18.0;
    let fill = (row.fill.clamp(0.0, 1.0) * W * 10.0).round() / 10.0;
    let mark = (row.pace_mark.clamp(0.0, 1.0) * W * 10.0).round() / 10.0;
    let what = if row.is_rate {
        "目标线"
    } else {
        "进度线"
    };
    let title = format!(
        "{}：完成 {}，{}在 {}",
        row.label, row.achieved_text, what, row.expected_text
    );
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="progress" role="img" viewBox="0 0 {W} {}" width="{W}" height="{}"><title>{}</title><rect x="0" y="3" width="{W}" height="{H}" fill="#e4e8ee" stroke="#99a"/><rect x="0" y="3" width="{fill}" height="{H}" fill="{}"/><line x1="{mark}" y1="0" x2="{mark}" y2="{}" stroke="#a00" stroke-width="2" stroke-dasharray="3 2"/></svg>"##,
        H + 6.0,
        H + 6.0,
        esc(&title),
        if matches!(row.standing, crate::kpi::Standing::Behind) {
            "#c77"
        } else {
            "#3a7d44"
        },
        H + 6.0
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months() -> Vec<MonthEvents> {
        let month = |key: &str, label: &str, offline, online, state| MonthEvents {
            key: key.into(),
            label: label.into(),
            offline,
            online,
            state,
            state_words: state.words(),
        };
        vec![
            month("2026-11", "2026年11月", 2, 1, MonthState::Met),
            month("2026-12", "2026年12月", 0, 0, MonthState::Missed),
            month("2027-01", "2027年1月", 0, 0, MonthState::Pending),
            month("2027-02", "2027年2月", 0, 0, MonthState::Future),
        ]
    }

    #[test]
    fn the_events_chart_is_well_formed_with_every_month_and_its_flag() {
        let svg = events_by_month(&months());
        let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.attribute("role"), Some("img"));
        let title = root
            .children()
            .find(|n| n.has_tag_name("title"))
            .expect("a title first");
        assert!(title.text().unwrap().contains("每月招聘活动"));

        let groups: Vec<_> = doc
            .descendants()
            .filter(|n| n.attribute("data-month").is_some())
            .collect();
        let keys: Vec<_> = groups
            .iter()
            .map(|g| g.attribute("data-month").unwrap())
            .collect();
        assert_eq!(keys, ["2026-11", "2026-12", "2027-01", "2027-02"]);
        let flag = |g: &roxmltree::Node| {
            g.descendants()
                .find(|n| n.attribute("class") == Some("flag"))
                .and_then(|n| n.text())
                .map(str::to_string)
        };
        assert_eq!(flag(&groups[0]), None);
        assert_eq!(flag(&groups[1]).as_deref(), Some("⚠未达标"));
        assert_eq!(flag(&groups[2]).as_deref(), Some("待完成"));
        assert_eq!(flag(&groups[3]), None);
        let bar_titles: Vec<_> = groups[0]
            .descendants()
            .filter(|n| n.has_tag_name("title"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(bar_titles, ["2026年11月 线下 2 场", "2026年11月 线上 1 场"]);
        // The legend names both kinds in words.
        let texts: String = doc
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect();
        assert!(texts.contains("线下") && texts.contains("线上"));
        assert!(
            texts.contains("2027年"),
            "the year is shown where it changes"
        );
    }

    #[test]
    fn a_progress_bar_is_well_formed_and_escapes_its_text() {
        let row = crate::kpi::KpiRow {
            key: "services",
            label: "服务 <人次> & 次".into(),
            is_rate: false,
            achieved: 10.0,
            target: 100.0,
            expected: 20.0,
            achieved_text: "10".into(),
            target_text: "100".into(),
            expected_text: "20".into(),
            standing: crate::kpi::Standing::Behind,
            words: "落后进度 10".into(),
            note: String::new(),
            fill: 0.1,
            pace_mark: 0.2,
        };
        let svg = progress_bar(&row);
        let doc = roxmltree::Document::parse(&svg).expect("well-formed");
        let title = doc
            .descendants()
            .find(|n| n.has_tag_name("title"))
            .and_then(|n| n.text())
            .unwrap();
        assert_eq!(title, "服务 <人次> & 次：完成 10，进度线在 20");
        let widths: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("rect"))
            .filter_map(|n| n.attribute("width"))
            .collect();
        assert_eq!(widths, ["240", "24"]);
    }
}
