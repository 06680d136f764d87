//! Template data of the A4 posters printed for village notice boards: the few facts a passer-by
//! needs, large, and a QR code of the page's absolute URL for those who carry a phone.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
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
/// rained on), sized by CSS. The renderer's XML declaration and `version` attribute are
/// dropped, because inside HTML the first is a parse error and the second is not allowed.
pub fn qr_svg(url: &str) -> String {
    let Ok(code) = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M) else {
        // Only a URL longer than a QR code can hold gets here; the printed URL remains.
        return String::new();
    };
    let svg = code
        .render::<svg::Color<'_>>()
        .module_dimensions(1, 1)
        .quiet_zone(true)
        .build();
    let start = svg.find("<svg").unwrap_or(0);
    svg[start..]
        .replacen(" version=\"1.1\"", " role=\"img\" aria-label=\"二维码\"", 1)
        .replacen(" width=", " class=\"qr\" width=", 1)
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
}
