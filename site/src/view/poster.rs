//! Template data of the A4 posters printed for village notice boards: the few facts a passer-by
//! needs, large, and a QR code of the page's absolute URL for those who carry a phone.

use qrcode::EcLevel;
use serde::Serialize;

use super::{EventView, JobView};

#[derive(Debug, Serialize)]
pub struct PosterView {
    /// 招工 or 招聘活动: the word at the top of the sheet.
    pub kind: &'static str,
    pub title: String,
    pub pay: Option<String>,
    pub when: Option<String>,
    pub place: String,
    /// Label and value pairs, in the order printed.
    pub facts: Vec<Fact>,
    /// The job's own phone; events print the office's.
    pub phone: Option<String>,
    pub phone_tel: Option<String>,
    /// The page the QR code opens, root-relative (for the screen link) and absolute.
    pub page_url: String,
    pub absolute_url: String,
    pub qr_svg: String,
}

#[derive(Debug, Serialize)]
pub struct Fact {
    pub label: &'static str,
    pub value: String,
}

fn fact(label: &'static str, value: impl Into<String>) -> Fact {
    Fact {
        label,
        value: value.into(),
    }
}

impl PosterView {
    pub fn job(job: &JobView<'_>, absolute_url: &str) -> Self {
        let card = job.card;
        let mut facts = vec![
            fact("用工单位", card.employer.clone()),
            fact("招聘人数", format!("{} 人", card.headcount)),
        ];
        if let Some(hours) = job.work_hours {
            facts.push(fact("工作时间", hours));
        }
        facts.push(fact("招聘截止", card.valid_through_label.clone()));
        if let Some(contact) = job.contact {
            facts.push(fact("联系人", contact));
        }
        PosterView {
            kind: "招工",
            title: card.title.clone(),
            pay: Some(card.pay_label.clone()),
            when: None,
            place: job.address.to_string(),
            facts,
            phone: Some(job.phone.to_string()),
            phone_tel: Some(job.phone_tel.clone()),
            page_url: card.url.clone(),
            absolute_url: absolute_url.to_string(),
            qr_svg: qr_svg(absolute_url),
        }
    }

    pub fn event(event: &EventView<'_>, absolute_url: &str) -> Self {
        let card = event.card;
        let mut facts = vec![fact(
            "形式",
            match card.format {
                Some(format) => format!("{} · {format}", card.kind),
                None => card.kind.to_string(),
            },
        )];
        facts.push(fact("主办", event.organizer));
        if !event.employers.is_empty() {
            facts.push(fact("参加企业", event.employers.join("、")));
        }
        PosterView {
            kind: "招聘活动",
            title: card.title.clone(),
            pay: None,
            when: Some(card.when.clone()),
            place: card.place.clone(),
            facts,
            phone: None,
            phone_tel: None,
            page_url: card.url.clone(),
            absolute_url: absolute_url.to_string(),
            qr_svg: qr_svg(absolute_url),
        }
    }
}

/// An inline SVG QR code of `url`: medium error correction (a poster gets creased and
/// rained on), sized by CSS, drawn as one path of horizontal runs (small, and quick to write).
///
/// The mask is chosen by the standard's penalty rules 1, 2 and 4 (runs, blocks, balance),
/// leaving out rule 3 (finder-like patterns): the qrcode crate evaluates all four for every
/// mask, which on a site with thousands of current jobs cost most of the build's time.
/// Every mask yields a valid code; a test decodes the result with an independent decoder.
pub fn qr_svg(url: &str) -> String {
    let Some((modules, width)) = qr_modules(url) else {
        // Only a URL longer than a QR code can hold gets here; the printed URL remains.
        return String::new();
    };
    let size = width + 2 * QUIET_ZONE;
    let mut path = String::with_capacity(width * width);
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if modules[y * width + x] {
                let run = modules[y * width + x..(y + 1) * width]
                    .iter()
                    .take_while(|&&dark| dark)
                    .count();
                path.push_str(&format!(
                    "M{} {}h{run}v1h-{run}z",
                    x + QUIET_ZONE,
                    y + QUIET_ZONE
                ));
                x += run;
            } else {
                x += 1;
            }
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" role=\"img\" aria-label=\"二维码\" width=\"{size}\" height=\"{size}\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
    )
}

/// Light modules around the code, as the standard asks.
const QUIET_ZONE: usize = 4;

/// The modules of the QR code of `url` (row by row, dark = true) and its width.
pub fn qr_modules(url: &str) -> Option<(Vec<bool>, usize)> {
    use qrcode::canvas::{Canvas, MaskPattern};
    use qrcode::types::Color;
    const MASKS: [MaskPattern; 8] = [
        MaskPattern::Checkerboard,
        MaskPattern::HorizontalLines,
        MaskPattern::VerticalLines,
        MaskPattern::DiagonalLines,
        MaskPattern::LargeCheckerboard,
        MaskPattern::Fields,
        MaskPattern::Diamonds,
        MaskPattern::Meadow,
    ];
    let bits = qrcode::bits::encode_auto(url.as_bytes(), EcLevel::M).ok()?;
    let version = bits.version();
    let (data, ec) =
        qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).ok()?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    let width = usize::try_from(version.width()).ok()?;
    MASKS
        .iter()
        .map(|&mask| {
            let mut masked = canvas.clone();
            masked.apply_mask(mask);
            let modules: Vec<bool> = masked
                .into_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect();
            (penalty(&modules, width), modules)
        })
        .min_by_key(|(score, _)| *score)
        .map(|(_, modules)| (modules, width))
}

/// Penalty rules 1, 2 and 4 of ISO/IEC 18004 §7.8.3, on rows and columns held as bit
/// masks (codes for URLs are at most 64 modules wide; wider ones fall back to a fixed score,
/// which only means the first mask is taken).
fn penalty(m: &[bool], w: usize) -> u32 {
    if !(2..=64).contains(&w) {
        return 0;
    }
    let mut rows = vec![0u64; w];
    let mut cols = vec![0u64; w];
    for y in 0..w {
        for x in 0..w {
            if m[y * w + x] {
                rows[y] |= 1 << x;
                cols[x] |= 1 << y;
            }
        }
    }
    let pairs = (1u64 << (w - 1)) - 1; // bit i: modules i and i+1 both exist
    let mut score = 0u32;
    // Rule 1: a run of L ≥ 5 same-coloured modules in a line scores L − 2.
    for line in rows.iter().chain(cols.iter()) {
        let same = !(line ^ (line >> 1)) & pairs; // bit i: module i equals module i+1
        let five = same & (same >> 1) & (same >> 2) & (same >> 3); // bit i: modules i..i+4 equal
        let run_ends = five & !(five >> 1);
        score += five.count_ones() + 2 * run_ends.count_ones();
    }
    // Rule 2: each 2×2 block of one colour scores 3.
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let block = !(a ^ b) & !(a ^ (a >> 1)) & !(b ^ (b >> 1)) & pairs;
        score += 3 * block.count_ones();
    }
    // Rule 4: 10 for every 5 % the dark share is away from half.
    let dark: u32 = rows.iter().map(|r| r.count_ones()).sum();
    let percent = dark as usize * 100 / (w * w);
    score + (percent.abs_diff(50) / 5) as u32 * 10
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_qr_code_is_inline_svg_without_an_xml_declaration() {
        let svg = qr_svg("https://lingong.example.org/jobs/chengguan-laojie-mianguan-xiwangong/");
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{svg}"
        );
        assert!(svg.ends_with("</svg>"));
        assert!(!svg.contains("<?xml") && !svg.contains("version="));
        assert!(svg.contains("class=\"qr\""));
    }

    /// The code must scan: decode it with an independent decoder (rqrr) from a bitmap drawn
    /// the way the SVG draws it.
    #[test]
    fn penalties_follow_the_standard_rules() {
        // A 6×6 all-light square: rows and columns are runs of 6 (4 each, 12 lines = 48),
        // 25 blocks of 2×2 (75), and 0 % dark (100).
        assert_eq!(penalty(&[false; 36], 6), 48 + 75 + 100);
        // A checkerboard has no runs and no blocks, and is half dark.
        let board: Vec<bool> = (0..36).map(|i| (i % 6 + i / 6) % 2 == 0).collect();
        assert_eq!(penalty(&board, 6), 0);
    }

    #[test]
    fn the_qr_code_decodes_to_the_url() {
        for url in [
            "https://lingong.example.org/jobs/chengguan-laojie-mianguan-xiwangong/",
            "https://lingong.example.org/events/2026-12-dongji-songwennuan-zhaopinhui/",
            "http://127.0.0.1:8080/jobs/raofengzhenchayuandongjiguanhugong/",
        ] {
            let (modules, width) = qr_modules(url).unwrap();
            let scale = 4;
            let size = (width + 2 * QUIET_ZONE) * scale;
            let mut image = rqrr::PreparedImage::prepare_from_greyscale(size, size, |x, y| {
                let (mx, my) = (x / scale, y / scale);
                let inside = (QUIET_ZONE..QUIET_ZONE + width).contains(&mx)
                    && (QUIET_ZONE..QUIET_ZONE + width).contains(&my);
                if inside && modules[(my - QUIET_ZONE) * width + (mx - QUIET_ZONE)] {
                    0
                } else {
                    255
                }
            });
            let grids = image.detect_grids();
            assert_eq!(grids.len(), 1, "{url}");
            let (_, content) = grids[0].decode().unwrap();
            assert_eq!(content, url);
        }
    }
}
