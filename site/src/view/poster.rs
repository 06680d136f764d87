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

/// Penalty rules 1, 2 and 4 of ISO/IEC 18004 §7.8.3.
fn penalty(m: &[bool], w: usize) -> u32 {
    let at = |x: usize, y: usize| m[y * w + x];
    let mut score = 0u32;
    // Rule 1: five or more modules of one colour in a row or a column.
    for horizontal in [true, false] {
        for line in 0..w {
            let mut run = 1;
            for i in 1..w {
                let (a, b) = if horizontal {
                    (at(i - 1, line), at(i, line))
                } else {
                    (at(line, i - 1), at(line, i))
                };
                if a == b {
                    run += 1;
                    if run == 5 {
                        score += 3;
                    } else if run > 5 {
                        score += 1;
                    }
                } else {
                    run = 1;
                }
            }
        }
    }
    // Rule 2: 2×2 blocks of one colour.
    for y in 0..w - 1 {
        for x in 0..w - 1 {
            let c = at(x, y);
            if c == at(x + 1, y) && c == at(x, y + 1) && c == at(x + 1, y + 1) {
                score += 3;
            }
        }
    }
    // Rule 4: dark modules far from half.
    let dark = m.iter().filter(|&&d| d).count();
    let percent = dark * 100 / m.len();
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
