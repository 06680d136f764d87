//! Matching seekers and jobs: a score from category, township, skills and pay, with the
//! reasons in Chinese so staff see why a job (or a person) is near the top. Pure logic: the
//! handlers gather profiles from the published jobs and the stored submissions.

use jiff::civil::Date;
use lingong_site::content::job::PayUnit;
use serde::Serialize;
use serde_json::Value;

/// Points for each kind of fit. Category and township decide most matches in a county where
/// people work near home; skills and pay order the rest.
const CATEGORY: i32 = 40;
const TOWNSHIP: i32 = 30;
const SKILL: i32 = 10;
const SKILLS_MAX: i32 = 20;
const PAY: i32 = 10;

/// Hours in a working day and working days in a month, to compare pay given per hour, day or
/// month (the county's usual day is 8 hours, the usual month 26 days).
const HOURS_PER_DAY: f64 = 8.0;
const DAYS_PER_MONTH: f64 = 26.0;

/// Yuan per working day, where a day's pay can be worked out (not for piece rates).
fn per_day(unit: PayUnit, amount: f64) -> Option<f64> {
    match unit {
        PayUnit::Hour => Some(amount * HOURS_PER_DAY),
        PayUnit::Day => Some(amount),
        PayUnit::Month => Some(amount / DAYS_PER_MONTH),
        PayUnit::Piece => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Pay {
    pub amount: f64,
    pub unit: PayUnit,
}

impl Pay {
    fn label(self) -> String {
        format!(
            "{} {}",
            lingong_site::content::job::amount(self.amount),
            self.unit.label()
        )
    }
}

/// What a seeker typed as expected pay (`150 元一天`, `3000/月`, `20块一小时`): the first
/// number and a unit from the words around it; without a unit word, the size of the number
/// decides (a month's pay runs to thousands, a day's to hundreds).
pub fn parse_expected_pay(text: &str) -> Option<Pay> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let number: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let amount: f64 = number.parse().ok().filter(|a: &f64| *a > 0.0)?;
    let unit = if text.contains("小时") {
        PayUnit::Hour
    } else if text.contains('天') || text.contains('日') {
        PayUnit::Day
    } else if text.contains('月') {
        PayUnit::Month
    } else if text.contains('件') || text.contains('斤') {
        PayUnit::Piece
    } else if amount >= 1000.0 {
        PayUnit::Month
    } else if amount >= 60.0 {
        PayUnit::Day
    } else {
        PayUnit::Hour
    };
    Some(Pay { amount, unit })
}

/// A job as matching sees it: a published job, or an employer's labour need not yet published.
#[derive(Debug, Clone, Serialize)]
pub struct JobProfile {
    /// The published job's slug; empty for an employer need.
    pub slug: String,
    pub title: String,
    pub employer: String,
    pub category: String,
    pub township: String,
    /// Title, description and body: where a seeker's skills are looked for.
    pub text: String,
    pub pay_min: Option<Pay>,
    pub pay_max: Option<Pay>,
    pub valid_through: Option<Date>,
}

impl JobProfile {
    pub fn from_job(job: &lingong_site::content::job::Job) -> Self {
        let unit = Some(job.pay.unit);
        let pay = |amount: f64| unit.map(|unit| Pay { amount, unit });
        Self {
            slug: job.file.slug.clone(),
            title: job.title.clone(),
            employer: job.employer.clone(),
            category: job.category.clone(),
            township: job.township.clone(),
            text: format!(
                "{}\n{}\n{}",
                job.title,
                job.description.as_deref().unwrap_or_default(),
                job.body_text
            ),
            pay_min: pay(job.pay.min),
            pay_max: job.pay.max.and_then(pay),
            valid_through: Some(job.valid_through),
        }
    }

    /// An employer's labour need (`employer` submission) as a job to match seekers against.
    pub fn from_employer_need(data: &Value) -> Self {
        let text = |k: &str| data.get(k).and_then(Value::as_str).unwrap_or_default();
        let unit = PayUnit::parse(text("pay_unit"));
        let pay = |k: &str| {
            let amount = data.get(k).and_then(Value::as_f64)?;
            unit.map(|unit| Pay { amount, unit })
        };
        Self {
            slug: String::new(),
            title: text("title").to_string(),
            employer: text("employer").to_string(),
            category: text("category").to_string(),
            township: text("township").to_string(),
            text: format!(
                "{}\n{}\n{}",
                text("title"),
                text("duties"),
                text("requirements")
            ),
            pay_min: pay("pay"),
            pay_max: pay("pay_max"),
            valid_through: None,
        }
    }

    pub fn is_open(&self, today: Date) -> bool {
        self.valid_through.is_none_or(|until| until >= today)
    }

    fn best_pay(&self) -> Option<Pay> {
        self.pay_max.or(self.pay_min)
    }
}

/// A seeker as matching sees them: from a registration (求职登记) or an outreach survey.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SeekerProfile {
    pub categories: Vec<String>,
    pub township: String,
    pub skills: String,
    pub expected_pay: Option<Pay>,
}

impl SeekerProfile {
    pub fn from_submission(data: &Value) -> Self {
        let text = |k: &str| data.get(k).and_then(Value::as_str).unwrap_or_default();
        let categories = match data.get("categories") {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            Some(Value::String(one)) if !one.is_empty() => vec![one.clone()],
            _ => Vec::new(),
        };
        Self {
            categories,
            township: text("township").to_string(),
            skills: text("skills").to_string(),
            expected_pay: parse_expected_pay(text("expected_pay")),
        }
    }
}

/// How well a seeker and a job fit, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fit {
    pub score: i32,
    pub reasons: Vec<String>,
}

/// Words of a seeker's skills worth looking for in a job's text: split at punctuation, spaces
/// and 和/及, two characters or more (one Chinese character matches far too much).
pub fn skill_words(skills: &str) -> Vec<String> {
    let mut words: Vec<String> = skills
        .split(|c: char| {
            c.is_whitespace() || c.is_ascii_punctuation() || "，、；。：和及与也会".contains(c)
        })
        .map(str::trim)
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_string)
        .collect();
    words.dedup();
    words
}

pub fn fit(seeker: &SeekerProfile, job: &JobProfile) -> Fit {
    let mut score = 0;
    let mut reasons = Vec::new();
    if !job.category.is_empty() && seeker.categories.contains(&job.category) {
        score += CATEGORY;
        reasons.push(format!("想做的活包括“{}”", job.category));
    }
    if !job.township.is_empty() && seeker.township == job.township {
        score += TOWNSHIP;
        reasons.push(format!("同在{}", job.township));
    }
    let mut skill_points = 0;
    for word in skill_words(&seeker.skills) {
        if skill_points < SKILLS_MAX && job.text.contains(&word) {
            skill_points += SKILL;
            reasons.push(format!("会“{word}”，岗位用得上"));
        }
    }
    score += skill_points;
    if let (Some(expected), Some(offered)) = (seeker.expected_pay, job.best_pay()) {
        let compared = match (
            per_day(expected.unit, expected.amount),
            per_day(offered.unit, offered.amount),
        ) {
            (Some(want), Some(get)) => Some((want, get)),
            _ if expected.unit == offered.unit => Some((expected.amount, offered.amount)),
            _ => None,
        };
        match compared {
            Some((want, get)) if get >= want => {
                score += PAY;
                reasons.push(format!(
                    "工资 {} 不低于期望的 {}",
                    offered.label(),
                    expected.label()
                ));
            }
            Some(_) => {
                score -= PAY;
                reasons.push(format!(
                    "工资 {} 低于期望的 {}",
                    offered.label(),
                    expected.label()
                ));
            }
            None => {}
        }
    }
    Fit { score, reasons }
}

/// The open jobs that fit a seeker at all, best first (ties: the job's slug), at most `limit`.
pub fn rank_jobs<'a>(
    seeker: &SeekerProfile,
    jobs: impl IntoIterator<Item = &'a JobProfile>,
    today: Date,
    limit: usize,
) -> Vec<(&'a JobProfile, Fit)> {
    let mut ranked: Vec<(&JobProfile, Fit)> = jobs
        .into_iter()
        .filter(|job| job.is_open(today))
        .map(|job| (job, fit(seeker, job)))
        .filter(|(_, fit)| fit.score > 0)
        .collect();
    ranked.sort_by(|a, b| b.1.score.cmp(&a.1.score).then(a.0.slug.cmp(&b.0.slug)));
    ranked.truncate(limit);
    ranked
}

/// Seekers that fit a job at all, best first; ties keep the order given (newest first, say).
pub fn rank_seekers<T>(
    job: &JobProfile,
    seekers: impl IntoIterator<Item = (T, SeekerProfile)>,
    limit: usize,
) -> Vec<(T, Fit)> {
    let mut ranked: Vec<(T, Fit)> = seekers
        .into_iter()
        .map(|(key, seeker)| {
            let fit = fit(&seeker, job);
            (key, fit)
        })
        .filter(|(_, fit)| fit.score > 0)
        .collect();
    ranked.sort_by_key(|entry| std::cmp::Reverse(entry.1.score));
    ranked.truncate(limit);
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use serde_json::json;

    fn job(slug: &str, category: &str, township: &str, pay: f64, unit: PayUnit) -> JobProfile {
        JobProfile {
            slug: slug.into(),
            title: format!("{township}招{category}工"),
            employer: "某单位".into(),
            category: category.into(),
            township: township.into(),
            text: format!("{township}招{category}工\n打扫卫生，会做饭优先"),
            pay_min: Some(Pay { amount: pay, unit }),
            pay_max: None,
            valid_through: Some(date(2026, 12, 31)),
        }
    }

    #[test]
    fn expected_pay_is_read_from_what_people_type() {
        let p = |s| parse_expected_pay(s).map(|p| (p.amount, p.unit));
        assert_eq!(p("150 元一天"), Some((150.0, PayUnit::Day)));
        assert_eq!(p("3000/月"), Some((3000.0, PayUnit::Month)));
        assert_eq!(p("20块一小时"), Some((20.0, PayUnit::Hour)));
        assert_eq!(p("2500"), Some((2500.0, PayUnit::Month)));
        assert_eq!(p("120"), Some((120.0, PayUnit::Day)));
        assert_eq!(p("面议"), None);
    }

    #[test]
    fn skills_split_into_words_of_two_characters_or_more() {
        assert_eq!(
            skill_words("做饭、开车 砌墙,采茶和打扫"),
            ["做饭", "开车", "砌墙", "采茶", "打扫"]
        );
        assert!(skill_words("会").is_empty());
    }

    #[test]
    fn category_and_township_come_first_and_reasons_say_why() {
        let seeker = SeekerProfile::from_submission(&json!({
            "categories": ["保洁"], "township": "城关镇", "skills": "做饭", "expected_pay": "120 元一天"
        }));
        let jobs = [
            job("a-canyin-chengguan", "餐饮", "城关镇", 15.0, PayUnit::Hour),
            job("b-baojie-chihe", "保洁", "池河镇", 150.0, PayUnit::Day),
            job(
                "c-baojie-chengguan",
                "保洁",
                "城关镇",
                2000.0,
                PayUnit::Month,
            ),
            job("d-nongye-xihe", "农业", "喜河镇", 1.0, PayUnit::Piece),
        ];
        let ranked = rank_jobs(&seeker, &jobs, date(2026, 11, 25), 10);
        let order: Vec<&str> = ranked.iter().map(|(j, _)| j.slug.as_str()).collect();
        assert_eq!(order[0], "c-baojie-chengguan");
        assert_eq!(order[1], "b-baojie-chihe");
        let reasons = &ranked[0].1.reasons;
        assert!(
            reasons.contains(&"想做的活包括“保洁”".to_string()),
            "{reasons:?}"
        );
        assert!(reasons.contains(&"同在城关镇".to_string()));
        assert!(reasons.contains(&"会“做饭”，岗位用得上".to_string()));
        // 2000 a month is about 77 a day: below the 120 a day asked for.
        assert!(
            reasons.iter().any(|r| r.contains("低于期望")),
            "{reasons:?}"
        );
        assert!(ranked[1].1.reasons.iter().any(|r| r.contains("不低于期望")));
        // The piece-rate job in another township fits in nothing but the skill word.
        assert!(order.contains(&"d-nongye-xihe"));
    }

    #[test]
    fn closed_jobs_and_jobs_with_no_fit_are_left_out() {
        let seeker = SeekerProfile {
            categories: vec!["搬运".into()],
            township: "后柳镇".into(),
            ..Default::default()
        };
        let mut closed = job("closed", "搬运", "后柳镇", 200.0, PayUnit::Day);
        closed.valid_through = Some(date(2026, 11, 1));
        let other = job("other", "餐饮", "城关镇", 100.0, PayUnit::Day);
        assert!(rank_jobs(&seeker, [&closed, &other], date(2026, 11, 25), 10).is_empty());
    }

    #[test]
    fn seekers_for_an_employer_need_rank_by_the_same_rules() {
        let need = JobProfile::from_employer_need(&json!({
            "title": "招保洁员", "category": "保洁", "township": "城关镇",
            "duties": "商场保洁", "pay": 100.0, "pay_unit": "元/天"
        }));
        let seekers = vec![
            (
                "far",
                SeekerProfile::from_submission(
                    &json!({"categories": ["保洁"], "township": "喜河镇"}),
                ),
            ),
            (
                "near",
                SeekerProfile::from_submission(
                    &json!({"categories": ["保洁"], "township": "城关镇"}),
                ),
            ),
            (
                "none",
                SeekerProfile::from_submission(
                    &json!({"categories": ["建筑"], "township": "喜河镇"}),
                ),
            ),
        ];
        let ranked = rank_seekers(&need, seekers, 10);
        let order: Vec<&str> = ranked.iter().map(|(k, _)| *k).collect();
        assert_eq!(order, ["near", "far"]);
    }
}
