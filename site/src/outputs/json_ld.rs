//! Structured data for search engines: schema.org `JobPosting` on job pages (following
//! Google's job-posting guide) and `Event` on event pages. Only facts the page also shows.
//!
//! The JSON goes inside `<script type="application/ld+json">`, so `<`, `>` and `&` are written
//! as `\u003c` and the like: a title holding `</script>` cannot end the script early.

use serde_json::{Map, Value, json};

use super::time;
use crate::config::Config;
use crate::content::job::PayUnit;
use crate::content::{Event, EventKind, Job};
use crate::urls;

/// The county's address parts, shared by every job and offline event.
const REGION: &str = "陕西省";
const LOCALITY: &str = "石泉县";
const COUNTRY: &str = "CN";

/// Google's employmentType for the kinds of work staff choose from. Piece-rate work (计件) is
/// paid per piece by an employer, not contracted as a business, so it is `OTHER`, not
/// `CONTRACTOR`.
pub fn employment_type(kind: &str) -> Option<&'static str> {
    match kind {
        "临时" => Some("TEMPORARY"),
        "兼职" => Some("PART_TIME"),
        "全职" => Some("FULL_TIME"),
        "计件" => Some("OTHER"),
        _ => None,
    }
}

fn unit_text(unit: PayUnit) -> Option<&'static str> {
    match unit {
        PayUnit::Hour => Some("HOUR"),
        PayUnit::Day => Some("DAY"),
        PayUnit::Month => Some("MONTH"),
        // Google has no per-piece unit: the amount keeps its text and no unitText.
        PayUnit::Piece => None,
    }
}

fn number(value: f64) -> Value {
    // Whole amounts as integers (15, not 15.0), others as they are.
    if value.fract() == 0.0 && value.abs() < 1e15 {
        json!(value as i64)
    } else {
        json!(value)
    }
}

fn address(street: Option<&str>) -> Value {
    let mut address = Map::new();
    address.insert("@type".into(), json!("PostalAddress"));
    if let Some(street) = street {
        address.insert("streetAddress".into(), json!(street));
    }
    address.insert("addressLocality".into(), json!(LOCALITY));
    address.insert("addressRegion".into(), json!(REGION));
    address.insert("addressCountry".into(), json!(COUNTRY));
    Value::Object(address)
}

/// The `JobPosting` of a job page.
pub fn job_posting(job: &Job, config: &Config) -> Value {
    let base = config.site.base_url.trim_end_matches('/');
    let mut value = Map::new();
    value.insert("@type".into(), json!("QuantitativeValue"));
    match job.pay.max.filter(|&max| max > job.pay.min) {
        Some(max) => {
            value.insert("minValue".into(), number(job.pay.min));
            value.insert("maxValue".into(), number(max));
        }
        None => {
            value.insert("value".into(), number(job.pay.min));
        }
    }
    match unit_text(job.pay.unit) {
        Some(unit) => {
            value.insert("unitText".into(), json!(unit));
        }
        None => {
            value.insert("description".into(), json!(job.pay.label()));
        }
    }
    // Google wants the full description as HTML; the page shows the lead and the body.
    let mut description = String::new();
    if let Some(lead) = &job.description {
        description.push_str("<p>");
        description.push_str(&html_escape(lead));
        description.push_str("</p>");
    }
    description.push_str(&job.body_html);
    if description.trim().is_empty() {
        description = html_escape(&format!("{}，{}", job.employer, job.pay.label()));
    }
    let mut posting = json!({
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": description,
        "datePosted": time::date(job.date),
        "validThrough": time::end_of_day(job.valid_through),
        "url": format!("{base}{}", urls::job(&job.file.slug)),
        "hiringOrganization": {"@type": "Organization", "name": job.employer},
        "jobLocation": {"@type": "Place", "address": address(Some(&job.address))},
        "baseSalary": {"@type": "MonetaryAmount", "currency": "CNY", "value": value},
        "totalJobOpenings": job.headcount,
        "directApply": false,
    });
    if let Some(kind) = job.employment_type.and_then(employment_type) {
        posting["employmentType"] = json!(kind);
    }
    if let Some(hours) = &job.work_hours {
        posting["workHours"] = json!(hours);
    }
    posting
}

/// The `Event` of an event page.
pub fn event(event: &Event, config: &Config) -> Value {
    let base = config.site.base_url.trim_end_matches('/');
    let online = event.kind == EventKind::Online;
    let location = match (&event.stream_url, &event.location) {
        (Some(stream), _) if online => json!({"@type": "VirtualLocation", "url": stream}),
        (_, Some(place)) => json!({"@type": "Place", "name": place, "address": address(None)}),
        _ => json!({"@type": "Place", "name": LOCALITY, "address": address(None)}),
    };
    let mut value = json!({
        "@context": "https://schema.org/",
        "@type": "Event",
        "name": event.title,
        "startDate": time::zoned(&event.start),
        "endDate": time::zoned(&event.end),
        "eventAttendanceMode": if online {
            "https://schema.org/OnlineEventAttendanceMode"
        } else {
            "https://schema.org/OfflineEventAttendanceMode"
        },
        "eventStatus": if event.cancelled {
            "https://schema.org/EventCancelled"
        } else {
            "https://schema.org/EventScheduled"
        },
        "location": location,
        "organizer": {"@type": "Organization", "name": event.organizer},
        "url": format!("{base}{}", urls::event(&event.file.slug)),
        "isAccessibleForFree": true,
    });
    if let Some(description) = &event.description {
        value["description"] = json!(description);
    }
    value
}

/// Serializes for a `<script>` element: `<`, `>` and `&` as JSON escapes, which keep the same
/// value for any JSON reader but can never close the element or open a comment.
pub fn to_script(value: &Value) -> String {
    let json = value.to_string();
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_text_cannot_close_the_script() {
        let value = json!({"name": "</script><script>alert(1)</script> & <!--"});
        let text = to_script(&value);
        assert!(!text.contains('<') && !text.contains('>'));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn employment_types_map_to_google_values() {
        assert_eq!(employment_type("临时"), Some("TEMPORARY"));
        assert_eq!(employment_type("兼职"), Some("PART_TIME"));
        assert_eq!(employment_type("全职"), Some("FULL_TIME"));
        assert_eq!(employment_type("计件"), Some("OTHER"));
        assert_eq!(unit_text(PayUnit::Piece), None);
        assert_eq!(unit_text(PayUnit::Day), Some("DAY"));
    }
}
