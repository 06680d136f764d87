//! The contract's figures for a period: what was achieved against each minimum, the pace
//! expected by a date, and the events of every month. Plain data in, plain data out: the
//! rows come from `store::kpi`, the rules that decide what counts live here (and are tested
//! here), and the dashboard, the monthly report and the workbook all show the same numbers.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use crate::contract::Contract;
use crate::workdays::WorkCalendar;

/// Today in Asia/Shanghai, unless `LINGONG_TODAY` pins it (`YYYY-MM-DD`): the dashboard's
/// pace and flags depend on the date, and tests and demonstrations need a fixed one.
pub fn today() -> Date {
    std::env::var("LINGONG_TODAY")
        .ok()
        .and_then(|d| d.trim().parse().ok())
        .unwrap_or_else(lingong_site::today::today_in_shanghai)
}

/// Days from `from` to `to`, both included. Empty when `to` is before `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

impl Period {
    pub fn contains(&self, day: Date) -> bool {
        self.from <= day && day <= self.to
    }

    pub fn is_empty(&self) -> bool {
        self.to < self.from
    }
}

/// A calendar month, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    pub year: i16,
    pub month: i8,
}

impl Month {
    /// Parses `2026-10`; the error is a sentence for the person who typed it.
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || format!("月份“{text}”格式不对，应写成 2026-10（四位年份-两位月份）");
        let (y, m) = text.trim().split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i16 = y.parse().map_err(|_| bad())?;
        let month: i8 = m.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) || !(1900..=2999).contains(&year) {
            return Err(bad());
        }
        Ok(Self { year, month })
    }

    pub fn of(day: Date) -> Self {
        Self {
            year: day.year(),
            month: day.month(),
        }
    }

    pub fn first_day(&self) -> Date {
        Date::new(self.year, self.month, 1).unwrap_or(Date::MIN)
    }

    pub fn last_day(&self) -> Date {
        self.first_day().last_of_month()
    }

    /// `2026-10`
    pub fn key(&self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// `2026年10月`
    pub fn label(&self) -> String {
        format!("{}年{}月", self.year, self.month)
    }
}

// ---------------------------------------------------------------------------------------------
// Rows as stored, reduced to what the rules need.

/// A recruitment event (ledger 4).
#[derive(Debug, Clone)]
pub struct EventFact {
    pub id: i64,
    pub title: String,
    /// `线下` or `线上`
    pub kind: String,
    pub date: Date,
    /// When its evidence was complete, as stored (a time or a date).
    pub evidence_done_at: Option<String>,
}

/// A placement (ledger 2) with what decides whether it counts.
#[derive(Debug, Clone)]
pub struct PlacementFact {
    pub basis: String,
    pub on_job_record: String,
    pub evidence_files: u32,
    /// Follow-up visits up to the end of the period.
    pub followups: u32,
}

/// A platform sign-up (ledger 5).
#[derive(Debug, Clone)]
pub struct SignupFact {
    pub verified_on: Option<Date>,
    pub activated_on: Option<Date>,
}

/// A non-spam submission (a request: any form but the satisfaction survey, which asks for no
/// answer) and when it was first answered, as stored (RFC 3339, UTC).
#[derive(Debug, Clone)]
pub struct RequestFact {
    pub created_at: String,
    pub first_response_at: Option<String>,
}

/// Everything the figures are computed from, for one period.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub events: Vec<EventFact>,
    pub services: u32,
    pub placements: Vec<PlacementFact>,
    pub signups: Vec<SignupFact>,
    /// The rating of each non-spam satisfaction submission, as stored (`"5"` … `"1"`).
    pub ratings: Vec<String>,
    pub requests: Vec<RequestFact>,
}

// ---------------------------------------------------------------------------------------------
// The rules.

pub const BASIS_VERBAL: &str = "口头协议";
pub const OFFLINE: &str = "线下";
pub const ONLINE: &str = "线上";

/// A placement counts towards the contract only with evidence: at least one file, a basis,
/// and for a verbal agreement a record of the person seen at work.
pub fn placement_counts(p: &PlacementFact) -> bool {
    let basis = p.basis.trim();
    p.evidence_files > 0
        && !basis.is_empty()
        && (basis != BASIS_VERBAL || !p.on_job_record.trim().is_empty())
}

/// A platform sign-up counts once the employer is verified and activated, on the later date.
pub fn signup_counted_on(s: &SignupFact) -> Option<Date> {
    Some(s.verified_on?.max(s.activated_on?))
}

/// Satisfied means a rating of 4 or 5.
pub fn rating_value(stored: &str) -> Option<u8> {
    stored
        .trim()
        .parse::<u8>()
        .ok()
        .filter(|r| (1..=5).contains(r))
}

/// The date in Asia/Shanghai of a stored time (RFC 3339) or date (`YYYY-MM-DD`).
pub fn shanghai_date(stored: &str) -> Option<Date> {
    let stored = stored.trim();
    if let Ok(at) = stored.parse::<Timestamp>() {
        return Some(
            at.to_zoned_datetime(lingong_site::toml_date::shanghai())
                .date(),
        );
    }
    stored.get(..10).and_then(|d| d.parse::<Date>().ok())
}

/// Where a request stands on `as_of` under the 2-working-day rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    InTime,
    Late,
    /// Not answered yet and not yet due: left out of the rate.
    NotYetDue,
}

/// A request made on `created` is answered in time when its first response (a date in
/// Asia/Shanghai) is on or before `created + workdays` working days. Unanswered and past due
/// is late; unanswered and not yet due is left out. A response after `as_of` is not seen yet.
pub fn answer(
    calendar: &WorkCalendar,
    workdays: u32,
    created: Date,
    responded: Option<Date>,
    as_of: Date,
) -> Answer {
    let due = calendar.add_workdays(created, workdays);
    match responded.filter(|d| *d <= as_of) {
        Some(day) if day <= due => Answer::InTime,
        Some(_) => Answer::Late,
        None if due < as_of => Answer::Late,
        None => Answer::NotYetDue,
    }
}

/// Where an event's evidence stands on `as_of`: due `workdays` working days after the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    InTime,
    /// Past the due date without complete evidence, or completed late.
    Overdue,
    NotYetDue,
}

pub fn evidence(
    calendar: &WorkCalendar,
    workdays: u32,
    event: Date,
    done: Option<Date>,
    as_of: Date,
) -> (Evidence, Date) {
    let due = calendar.add_workdays(event, workdays);
    let state = match done.filter(|d| *d <= as_of) {
        Some(day) if day <= due => Evidence::InTime,
        Some(_) => Evidence::Overdue,
        None if due < as_of => Evidence::Overdue,
        None => Evidence::NotYetDue,
    };
    (state, due)
}

/// `share × target`, rounded up: what should be done by now if the work were spread evenly.
pub fn pace(share: f64, target: u32) -> u32 {
    // The small tolerance keeps 0.5 × 600 at 300 despite floating point.
    ((share * f64::from(target)) - 1e-9).ceil().max(0.0) as u32
}

// ---------------------------------------------------------------------------------------------
// The figures.

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Ratio {
    pub hits: u32,
    pub of: u32,
}

impl Ratio {
    pub fn rate(&self) -> Option<f64> {
        (self.of > 0).then(|| f64::from(self.hits) / f64::from(self.of))
    }

    /// `85.0%`, or `—` with nothing to count.
    pub fn percent(&self) -> String {
        self.rate()
            .map_or_else(|| "—".to_string(), |r| format!("{:.1}%", r * 100.0))
    }
}

/// An event whose evidence is late.
#[derive(Debug, Clone, Serialize)]
pub struct OverdueEvent {
    pub id: i64,
    pub title: String,
    pub date: Date,
    pub due: Date,
    pub done: Option<Date>,
}

/// Is there an event in the month yet, as the contract requires one in every month?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MonthState {
    Met,
    /// A past month with no event: 未达标.
    Missed,
    /// The current month, no event yet: 待完成.
    Pending,
    /// Not begun.
    Future,
}

impl MonthState {
    pub fn words(&self) -> &'static str {
        match self {
            MonthState::Met => "已举办",
            MonthState::Missed => "未达标",
            MonthState::Pending => "待完成",
            MonthState::Future => "未开始",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MonthEvents {
    pub key: String,
    pub label: String,
    pub offline: u32,
    pub online: u32,
    pub state: MonthState,
    /// The state in words, for pages and sheets.
    pub state_words: &'static str,
}

/// The figures of one period, seen on `as_of`.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    pub period: Period,
    pub as_of: Date,
    pub events_offline: u32,
    pub events_online: u32,
    pub services: u32,
    /// Placements with evidence, which count.
    pub placements: u32,
    /// Placements recorded without enough evidence (shown so they get fixed).
    pub placements_without_evidence: u32,
    /// Counted placements with at least one follow-up visit.
    pub followups: Ratio,
    pub signups: u32,
    /// Ratings of 4 or 5 among all ratings.
    pub satisfaction: Ratio,
    /// Requests answered within the working days allowed, among those answered or due.
    pub responses: Ratio,
    /// Requests neither answered nor due yet, left out of `responses`.
    pub responses_pending: u32,
    /// Events whose evidence was complete in time, among those due or complete.
    pub evidence: Ratio,
    pub evidence_pending: u32,
    pub overdue_evidence: Vec<OverdueEvent>,
}

impl Figures {
    pub fn events_total(&self) -> u32 {
        self.events_offline + self.events_online
    }

    /// Computes the figures from the facts of `period` (already limited to it by the store,
    /// except submissions, whose dates are decided here in Asia/Shanghai).
    pub fn compute(
        facts: &Facts,
        period: Period,
        as_of: Date,
        contract: &Contract,
        calendar: &WorkCalendar,
    ) -> Self {
        let m = &contract.minimums;
        let in_period = |d: Date| period.contains(d);
        let events: Vec<&EventFact> = facts.events.iter().filter(|e| in_period(e.date)).collect();
        let count_kind = |kind: &str| events.iter().filter(|e| e.kind == kind).count() as u32;

        let mut evidence_ratio = Ratio::default();
        let mut evidence_pending = 0;
        let mut overdue = Vec::new();
        for e in &events {
            let done = e.evidence_done_at.as_deref().and_then(shanghai_date);
            let workdays = u32::try_from(m.evidence_workdays).unwrap_or(0);
            match evidence(calendar, workdays, e.date, done, as_of) {
                (Evidence::InTime, _) => {
                    evidence_ratio.hits += 1;
                    evidence_ratio.of += 1;
                }
                (Evidence::Overdue, due) => {
                    evidence_ratio.of += 1;
                    overdue.push(OverdueEvent {
                        id: e.id,
                        title: e.title.clone(),
                        date: e.date,
                        due,
                        done,
                    });
                }
                (Evidence::NotYetDue, _) => evidence_pending += 1,
            }
        }

        let counted: Vec<&PlacementFact> = facts
            .placements
            .iter()
            .filter(|p| placement_counts(p))
            .collect();
        let followups = Ratio {
            hits: counted.iter().filter(|p| p.followups > 0).count() as u32,
            of: counted.len() as u32,
        };

        let signups = facts
            .signups
            .iter()
            .filter_map(signup_counted_on)
            .filter(|d| in_period(*d))
            .count() as u32;

        let ratings: Vec<u8> = facts
            .ratings
            .iter()
            .filter_map(|r| rating_value(r))
            .collect();
        let satisfaction = Ratio {
            hits: ratings.iter().filter(|r| **r >= 4).count() as u32,
            of: ratings.len() as u32,
        };

        let mut responses = Ratio::default();
        let mut responses_pending = 0;
        let workdays = u32::try_from(m.response_workdays).unwrap_or(0);
        for r in &facts.requests {
            let Some(created) = shanghai_date(&r.created_at).filter(|d| in_period(*d)) else {
                continue;
            };
            let responded = r.first_response_at.as_deref().and_then(shanghai_date);
            match answer(calendar, workdays, created, responded, as_of) {
                Answer::InTime => {
                    responses.hits += 1;
                    responses.of += 1;
                }
                Answer::Late => responses.of += 1,
                Answer::NotYetDue => responses_pending += 1,
            }
        }

        Figures {
            period,
            as_of,
            events_offline: count_kind(OFFLINE),
            events_online: count_kind(ONLINE),
            services: facts.services,
            placements: counted.len() as u32,
            placements_without_evidence: (facts.placements.len() - counted.len()) as u32,
            followups,
            signups,
            satisfaction,
            responses,
            responses_pending,
            evidence: evidence_ratio,
            evidence_pending,
            overdue_evidence: overdue,
        }
    }

    /// Events per month of the service period, each month flagged against the rule of at
    /// least one event a month. Events outside the contract's months are not shown.
    pub fn months(&self, contract: &Contract, events: &[EventFact]) -> Vec<MonthEvents> {
        let current = Month::of(self.as_of);
        contract
            .months()
            .into_iter()
            .map(|(year, month)| {
                let m = Month { year, month };
                let of_kind = |kind: &str| {
                    events
                        .iter()
                        .filter(|e| {
                            Month::of(e.date) == m && e.kind == kind && e.date <= self.as_of
                        })
                        .count() as u32
                };
                let (offline, online) = (of_kind(OFFLINE), of_kind(ONLINE));
                let state = if offline + online > 0 {
                    MonthState::Met
                } else if m < current {
                    MonthState::Missed
                } else if m == current {
                    MonthState::Pending
                } else {
                    MonthState::Future
                };
                MonthEvents {
                    key: m.key(),
                    label: m.label(),
                    offline,
                    online,
                    state,
                    state_words: state.words(),
                }
            })
            .collect()
    }

    /// One row per minimum of the contract, as the dashboard, the report and the workbook
    /// show it. `share` is the part of the service period elapsed (for the pace).
    pub fn rows(&self, contract: &Contract, share: f64) -> Vec<KpiRow> {
        let m = &contract.minimums;
        let count = |key, label: &str, achieved: u32, target: u32, note: String| {
            KpiRow::count(key, label, achieved, target, pace(share, target), note)
        };
        let late = self.overdue_evidence.len();
        vec![
            count(
                "events_total",
                "招聘活动（场）",
                self.events_total(),
                m.events_total,
                format!(
                    "线下 {} 场，线上 {} 场",
                    self.events_offline, self.events_online
                ),
            ),
            count(
                "events_offline",
                "线下招聘会（场）",
                self.events_offline,
                m.events_offline,
                "现场招聘会、专场招聘会".into(),
            ),
            count(
                "events_online",
                "线上招聘（场）",
                self.events_online,
                m.events_online,
                "直播带岗、线上专场".into(),
            ),
            count(
                "services",
                "就业服务（人次）",
                self.services,
                m.services,
                "台账中的每条服务记录计 1 人次（已匿名化的记录也计入）".into(),
            ),
            count(
                "placements",
                "成功就业（人，有佐证）",
                self.placements,
                m.placements,
                if self.placements_without_evidence > 0 {
                    format!(
                        "另有 {} 人佐证不全，未计入",
                        self.placements_without_evidence
                    )
                } else {
                    "每人须有佐证材料和就业依据；口头协议另须在岗记录".into()
                },
            ),
            KpiRow::rate(
                "followup_rate",
                "回访率",
                self.followups,
                m.followup_rate,
                "已回访的成功就业人数 / 成功就业人数".into(),
            ),
            count(
                "platform_signups",
                "平台注册并激活的企业（家）",
                self.signups,
                m.platform_signups,
                "实名认证并激活后计入".into(),
            ),
            KpiRow::rate(
                "response",
                &format!("{} 个工作日内答复", m.response_workdays),
                self.responses,
                1.0,
                format!(
                    "已答复或已过期的诉求中按时答复的比例（满意度评价不需答复，不计入）；尚未到期的 {} 件未答复诉求不计入",
                    self.responses_pending
                ),
            ),
            KpiRow::rate(
                "satisfaction",
                "满意度",
                self.satisfaction,
                m.satisfaction,
                "评分 4 或 5 的份数 / 全部评价份数".into(),
            ),
            KpiRow::rate(
                "evidence",
                &format!("活动佐证 {} 个工作日内提交", m.evidence_workdays),
                self.evidence,
                1.0,
                if late > 0 {
                    format!("{late} 场活动佐证超期")
                } else {
                    format!("尚未到期的 {} 场不计入", self.evidence_pending)
                },
            ),
        ]
    }
}

/// How a figure stands against its target, in words (never by colour alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Done,
    Ahead,
    Behind,
    NoData,
}

/// One minimum of the contract, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct KpiRow {
    pub key: &'static str,
    pub label: String,
    pub is_rate: bool,
    /// The count, or the rate as a fraction.
    pub achieved: f64,
    pub target: f64,
    /// For counts: what the pace asks for by now. For rates: the target (a rate is due
    /// every day).
    pub expected: f64,
    pub achieved_text: String,
    pub target_text: String,
    pub expected_text: String,
    pub standing: Standing,
    pub words: String,
    pub note: String,
    /// Share of the target achieved, 0–1, for the bar.
    pub fill: f64,
    /// Where the pace stands on the bar, 0–1.
    pub pace_mark: f64,
}

impl KpiRow {
    fn count(
        key: &'static str,
        label: &str,
        achieved: u32,
        target: u32,
        expected: u32,
        note: String,
    ) -> Self {
        let (standing, words) = if achieved >= target {
            (Standing::Done, "已完成全期目标".to_string())
        } else if achieved >= expected {
            let lead = achieved - expected;
            (
                Standing::Ahead,
                if lead == 0 {
                    "与进度持平".to_string()
                } else {
                    format!("领先进度 {lead}")
                },
            )
        } else {
            (
                Standing::Behind,
                format!("落后进度 {}", expected - achieved),
            )
        };
        let ratio = |x: u32| {
            if target == 0 {
                1.0
            } else {
                (f64::from(x) / f64::from(target)).min(1.0)
            }
        };
        KpiRow {
            key,
            label: label.to_string(),
            is_rate: false,
            achieved: f64::from(achieved),
            target: f64::from(target),
            expected: f64::from(expected),
            achieved_text: achieved.to_string(),
            target_text: target.to_string(),
            expected_text: expected.to_string(),
            standing,
            words,
            note,
            fill: ratio(achieved),
            pace_mark: ratio(expected),
        }
    }

    fn rate(key: &'static str, label: &str, ratio: Ratio, target: f64, note: String) -> Self {
        let target_text = format!("≥ {:.0}%", target * 100.0);
        let (standing, words, achieved) = match ratio.rate() {
            None => (Standing::NoData, "暂无数据".to_string(), 0.0),
            Some(r) if r + 1e-9 >= target => (Standing::Done, "达标".to_string(), r),
            Some(r) => (
                Standing::Behind,
                format!("未达标，差 {:.1} 个百分点", (target - r) * 100.0),
                r,
            ),
        };
        KpiRow {
            key,
            label: label.to_string(),
            is_rate: true,
            achieved,
            target,
            expected: target,
            achieved_text: format!("{}（{}/{}）", ratio.percent(), ratio.hits, ratio.of),
            target_text: target_text.clone(),
            expected_text: target_text,
            standing,
            words,
            note,
            fill: achieved.clamp(0.0, 1.0),
            pace_mark: target.clamp(0.0, 1.0),
        }
    }
}

/// The cumulative period of the contract as seen on `as_of`: from the start of service to
/// `as_of` (or the end of service, if earlier).
pub fn cumulative_period(contract: &Contract, as_of: Date) -> Period {
    Period {
        from: contract.service_start,
        to: as_of.min(contract.service_end),
    }
}

/// A month of the report, cut to the service period and to `as_of`.
pub fn month_period(contract: &Contract, month: Month, as_of: Date) -> Period {
    Period {
        from: month.first_day().max(contract.service_start),
        to: month.last_day().min(contract.service_end).min(as_of),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use std::path::Path;

    fn calendar() -> WorkCalendar {
        WorkCalendar::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("..")).unwrap()
    }

    fn contract() -> Contract {
        Contract::parse("[contract]\nservice_start = 2026-03-01\nservice_end = 2027-02-28\n")
            .unwrap()
    }

    #[test]
    fn the_pace_is_the_elapsed_share_of_the_target_rounded_up() {
        let c = contract();
        // 270 of 365 days by 25 November 2026.
        let share = c.elapsed_share(date(2026, 11, 25));
        assert!((share - 270.0 / 365.0).abs() < 1e-12);
        assert_eq!(pace(share, 28), 21); // 20.71
        assert_eq!(pace(share, 1900), 1406); // 1405.5
        assert_eq!(pace(0.5, 600), 300);
        assert_eq!(pace(0.0, 600), 0);
        assert_eq!(pace(1.0, 28), 28);

        let figures = Figures::compute(
            &Facts {
                services: 1500,
                ..Facts::default()
            },
            cumulative_period(&c, date(2026, 11, 25)),
            date(2026, 11, 25),
            &c,
            &calendar(),
        );
        let rows = figures.rows(&c, share);
        let services = rows.iter().find(|r| r.key == "services").unwrap();
        assert_eq!(services.expected_text, "1406");
        assert_eq!(services.standing, Standing::Ahead);
        assert_eq!(services.words, "领先进度 94");
        let events = rows.iter().find(|r| r.key == "events_total").unwrap();
        assert_eq!(events.words, "落后进度 21");
        let satisfaction = rows.iter().find(|r| r.key == "satisfaction").unwrap();
        assert_eq!(satisfaction.standing, Standing::NoData);
    }

    #[test]
    fn an_answer_is_in_time_by_the_second_working_day_across_national_day() {
        let cal = calendar();
        let as_of = date(2026, 11, 25);
        // Wednesday 30 September: 1–7 October off, due Friday 9 October.
        let created = date(2026, 9, 30);
        let ok = answer(&cal, 2, created, Some(date(2026, 10, 9)), as_of);
        assert_eq!(ok, Answer::InTime);
        assert_eq!(
            answer(&cal, 2, created, Some(date(2026, 10, 10)), as_of),
            Answer::Late,
            "Saturday 10 October is a make-up workday, but the third"
        );
        // Without the holiday calendar, 9 October would be late (2 weekdays are 1–2 October).
        let plain = WorkCalendar::default();
        assert_eq!(
            answer(&plain, 2, created, Some(date(2026, 10, 9)), as_of),
            Answer::Late
        );
        // Unanswered: late once past due, left out before.
        assert_eq!(answer(&cal, 2, created, None, as_of), Answer::Late);
        assert_eq!(
            answer(&cal, 2, date(2026, 11, 24), None, as_of),
            Answer::NotYetDue
        );
        assert_eq!(
            answer(&cal, 2, created, None, date(2026, 10, 9)),
            Answer::NotYetDue,
            "due that day"
        );
        // A response after `as_of` is not seen yet.
        assert_eq!(
            answer(&cal, 2, created, Some(date(2026, 10, 8)), date(2026, 10, 1)),
            Answer::NotYetDue
        );
    }

    #[test]
    fn rates_count_what_they_should() {
        let c = contract();
        let cal = calendar();
        let placement = |basis: &str, record: &str, files, followups| PlacementFact {
            basis: basis.into(),
            on_job_record: record.into(),
            evidence_files: files,
            followups,
        };
        let facts = Facts {
            placements: vec![
                placement("劳动合同", "", 1, 1),
                placement("劳务协议", "", 2, 0),
                placement("口头协议", "5 月 6 日到店看到本人在岗", 1, 2),
                placement("口头协议", "", 1, 1), // no on-job record
                placement("劳动合同", "", 0, 1), // no evidence
            ],
            ratings: ["5", "4", "3", "5", "x"].map(String::from).to_vec(),
            signups: vec![
                SignupFact {
                    verified_on: Some(date(2026, 4, 1)),
                    activated_on: Some(date(2026, 4, 3)),
                },
                SignupFact {
                    verified_on: None,
                    activated_on: Some(date(2026, 4, 3)),
                },
            ],
            requests: vec![
                RequestFact {
                    // 1 October 10:00 in Shanghai is 02:00 UTC: a holiday, due 9 October.
                    created_at: "2026-10-01T02:00:00Z".into(),
                    first_response_at: Some("2026-10-09T09:00:00Z".into()),
                },
                RequestFact {
                    // 30 September 23:30 in Shanghai (15:30 UTC), answered 9 October: in time.
                    created_at: "2026-09-30T15:30:00Z".into(),
                    first_response_at: Some("2026-10-09T01:00:00Z".into()),
                },
                RequestFact {
                    // 9 October 17:00 UTC is 10 October 01:00 in Shanghai: late.
                    created_at: "2026-09-30T03:00:00Z".into(),
                    first_response_at: Some("2026-10-09T17:00:00Z".into()),
                },
                RequestFact {
                    created_at: "2026-11-24T03:00:00Z".into(),
                    first_response_at: None,
                },
            ],
            ..Facts::default()
        };
        let as_of = date(2026, 11, 25);
        let f = Figures::compute(&facts, cumulative_period(&c, as_of), as_of, &c, &cal);
        assert_eq!(f.placements, 3);
        assert_eq!(f.placements_without_evidence, 2);
        assert_eq!(f.followups, Ratio { hits: 2, of: 3 });
        assert_eq!(f.satisfaction, Ratio { hits: 3, of: 4 });
        assert_eq!(f.signups, 1);
        assert_eq!(f.responses, Ratio { hits: 2, of: 3 });
        assert_eq!(f.responses_pending, 1);
        let rows = f.rows(&c, c.elapsed_share(as_of));
        let followup = rows.iter().find(|r| r.key == "followup_rate").unwrap();
        assert_eq!(followup.achieved_text, "66.7%（2/3）");
        assert_eq!(followup.words, "达标");
        let satisfaction = rows.iter().find(|r| r.key == "satisfaction").unwrap();
        assert_eq!(satisfaction.words, "未达标，差 15.0 个百分点");
    }

    #[test]
    fn events_are_counted_by_kind_and_months_are_flagged() {
        let c = contract();
        let cal = calendar();
        let event = |id, kind: &str, day: Date, done: Option<&str>| EventFact {
            id,
            title: format!("活动 {id}"),
            kind: kind.into(),
            date: day,
            evidence_done_at: done.map(String::from),
        };
        let events = vec![
            event(1, OFFLINE, date(2026, 3, 10), Some("2026-03-12T02:00:00Z")),
            // Thursday 30 April: due Monday 11 May (May Day, then the make-up Saturday).
            event(2, ONLINE, date(2026, 4, 30), Some("2026-05-11")),
            event(3, OFFLINE, date(2026, 4, 30), Some("2026-05-12")),
            event(4, OFFLINE, date(2026, 11, 20), None),
            event(5, ONLINE, date(2026, 6, 2), None),
        ];
        let as_of = date(2026, 11, 25);
        let facts = Facts {
            events: events.clone(),
            ..Facts::default()
        };
        let f = Figures::compute(&facts, cumulative_period(&c, as_of), as_of, &c, &cal);
        assert_eq!((f.events_offline, f.events_online), (3, 2));
        assert_eq!(f.evidence, Ratio { hits: 2, of: 4 });
        assert_eq!(f.evidence_pending, 1, "20 November is due 27 November");
        let late: Vec<i64> = f.overdue_evidence.iter().map(|e| e.id).collect();
        assert_eq!(late, vec![3, 5]);
        assert_eq!(f.overdue_evidence[0].due, date(2026, 5, 11));

        let months = f.months(&c, &events);
        assert_eq!(months.len(), 12);
        let state = |key: &str| months.iter().find(|m| m.key == key).unwrap().state;
        assert_eq!(state("2026-03"), MonthState::Met);
        assert_eq!(state("2026-05"), MonthState::Missed);
        assert_eq!(state("2026-11"), MonthState::Met);
        assert_eq!(state("2026-12"), MonthState::Future);
        let april = months.iter().find(|m| m.key == "2026-04").unwrap();
        assert_eq!((april.offline, april.online), (1, 1));

        let early = Figures::compute(
            &facts,
            cumulative_period(&c, date(2026, 5, 20)),
            date(2026, 5, 20),
            &c,
            &cal,
        );
        let months = early.months(&c, &events);
        assert_eq!(months[2].state, MonthState::Pending, "May, no event yet");
        assert_eq!(months[3].state, MonthState::Future);
    }

    #[test]
    fn months_parse_strictly() {
        assert_eq!(
            Month::parse("2026-10").unwrap(),
            Month {
                year: 2026,
                month: 10
            }
        );
        for bad in ["2026-13", "2026-1", "26-10", "2026/10", "", "二〇二六-10"] {
            assert!(Month::parse(bad).unwrap_err().contains("格式不对"), "{bad}");
        }
        let c = contract();
        let m = Month::parse("2026-11").unwrap();
        let p = month_period(&c, m, date(2026, 11, 25));
        assert_eq!((p.from, p.to), (date(2026, 11, 1), date(2026, 11, 25)));
        assert_eq!(m.last_day(), date(2026, 11, 30));
    }
}
