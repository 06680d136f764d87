//! The SQL behind the contract dashboard and the monthly report: the facts the figures are
//! computed from (`kpi::Facts`), and a month's rows of each ledger.

use jiff::ToSpan;
use jiff::civil::Date;
use rusqlite::{Connection, params};
use serde::Serialize;

use crate::kpi::{self, EventFact, Facts, Period, PlacementFact, RequestFact, SignupFact};

fn parse_date(text: Option<String>) -> Option<Date> {
    text.and_then(|t| t.trim().get(..10)?.parse().ok())
}

/// Bounds of stored UTC times that surely hold every moment of `period` in Asia/Shanghai
/// (a day wider on each side; the exact date is decided by `kpi::shanghai_date`).
fn utc_window(period: Period) -> (String, String) {
    let from = period.from.checked_sub(1.day()).unwrap_or(period.from);
    let to = period.to.checked_add(2.days()).unwrap_or(period.to);
    (from.to_string(), to.to_string())
}

/// Everything `kpi::Figures::compute` needs for `period`.
pub fn facts(conn: &Connection, period: Period) -> rusqlite::Result<Facts> {
    let (from, to) = (period.from.to_string(), period.to.to_string());
    let mut facts = Facts::default();

    let mut stmt = conn.prepare(
        "SELECT id, title, kind, event_date, evidence_done_at FROM event_reports
         WHERE event_date BETWEEN ?1 AND ?2 ORDER BY event_date, id",
    )?;
    facts.events = stmt
        .query_map(params![from, to], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?
        .filter_map(|row| {
            let (id, title, kind, date, evidence_done_at) = match row {
                Ok(row) => row,
                Err(e) => return Some(Err(e)),
            };
            let date = parse_date(Some(date))?;
            Some(Ok(EventFact {
                id,
                title,
                kind,
                date,
                evidence_done_at,
            }))
        })
        .collect::<rusqlite::Result<_>>()?;

    facts.services = conn.query_row(
        "SELECT count(*) FROM services WHERE service_date BETWEEN ?1 AND ?2",
        params![from, to],
        |r| r.get(0),
    )?;

    let mut stmt = conn.prepare(
        "SELECT p.basis, p.on_job_record,
                (SELECT count(*) FROM evidence_links l
                  WHERE l.ledger = 'placements' AND l.record_id = p.id),
                (SELECT count(*) FROM followups f
                  WHERE f.placement_id = p.id AND f.followup_date <= ?2)
         FROM placements p WHERE p.start_date BETWEEN ?1 AND ?2",
    )?;
    facts.placements = stmt
        .query_map(params![from, to], |r| {
            Ok(PlacementFact {
                basis: r.get(0)?,
                on_job_record: r.get(1)?,
                evidence_files: r.get(2)?,
                followups: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    let mut stmt = conn.prepare(
        "SELECT verified_on, activated_on FROM platform_signups
         WHERE verified_on IS NOT NULL AND activated_on IS NOT NULL",
    )?;
    facts.signups = stmt
        .query_map([], |r| {
            Ok(SignupFact {
                verified_on: parse_date(r.get(0)?),
                activated_on: parse_date(r.get(1)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    let (after, before) = utc_window(period);
    let mut stmt = conn.prepare(
        "SELECT created_at, CAST(json_extract(data, '$.rating') AS TEXT) FROM submissions
         WHERE kind = 'satisfaction' AND spam = 0 AND created_at >= ?1 AND created_at < ?2",
    )?;
    facts.ratings = stmt
        .query_map(params![after, before], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })?
        .filter_map(|row| match row {
            Ok((created, rating)) => kpi::shanghai_date(&created)
                .filter(|d| period.contains(*d))
                .map(|_| Ok(rating.unwrap_or_default())),
            Err(e) => Some(Err(e)),
        })
        .collect::<rusqlite::Result<_>>()?;

    // A rating asks for no answer: satisfaction forms are left out of the response clock.
    let mut stmt = conn.prepare(
        "SELECT created_at, first_response_at FROM submissions
         WHERE spam = 0 AND kind <> 'satisfaction' AND created_at >= ?1 AND created_at < ?2",
    )?;
    facts.requests = stmt
        .query_map(params![after, before], |r| {
            Ok(RequestFact {
                created_at: r.get(0)?,
                first_response_at: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(facts)
}

// ---------------------------------------------------------------------------------------------
// A month's ledger rows, for the report. Phones are masked here, so no caller can forget.

#[derive(Debug, Clone, Serialize)]
pub struct ServiceRow {
    pub id: i64,
    pub date: String,
    pub person_name: String,
    pub phone: String,
    pub kind: String,
    pub channel: String,
    pub job_slug: String,
    pub note: String,
    pub staff: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlacementRow {
    pub id: i64,
    pub start_date: String,
    pub person_name: String,
    pub phone: String,
    pub employer: String,
    pub job_title: String,
    pub basis: String,
    pub on_job_record: String,
    pub pay_record: String,
    pub evidence_files: u32,
    pub followups: u32,
    pub counted: bool,
    pub staff: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FollowupRow {
    pub id: i64,
    pub date: String,
    pub person_name: String,
    pub employer: String,
    pub method: String,
    pub outcome: String,
    pub problem: String,
    pub problem_solved: bool,
    pub staff: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventRow {
    pub id: i64,
    pub date: String,
    pub title: String,
    pub kind: String,
    pub format: String,
    pub place: String,
    pub employer_count: i64,
    pub jobs_offered: i64,
    pub attendees: i64,
    pub seekers_registered: i64,
    pub evidence_files: u32,
    pub evidence_done: String,
    pub staff: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SignupRow {
    pub id: i64,
    pub employer: String,
    pub credit_code: String,
    pub registered_on: String,
    pub verified_on: String,
    pub activated_on: String,
    pub first_job_on: String,
    pub help: String,
    pub counted: bool,
    pub staff: String,
}

/// The rows of the five ledgers dated in a month.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LedgerRows {
    pub services: Vec<ServiceRow>,
    pub placements: Vec<PlacementRow>,
    pub followups: Vec<FollowupRow>,
    pub events: Vec<EventRow>,
    pub signups: Vec<SignupRow>,
}

pub fn ledger_rows(conn: &Connection, period: Period) -> rusqlite::Result<LedgerRows> {
    let (from, to) = (period.from.to_string(), period.to.to_string());
    let text = |v: Option<String>| v.unwrap_or_default();
    let mut rows = LedgerRows::default();

    let mut stmt = conn.prepare(
        "SELECT s.id, s.service_date, s.person_name, s.person_phone, s.kind, s.channel,
                s.job_slug, s.note, u.name
         FROM services s LEFT JOIN users u ON u.id = s.staff_id
         WHERE s.service_date BETWEEN ?1 AND ?2 ORDER BY s.service_date, s.id",
    )?;
    rows.services = stmt
        .query_map(params![from, to], |r| {
            Ok(ServiceRow {
                id: r.get(0)?,
                date: r.get(1)?,
                person_name: r.get(2)?,
                phone: crate::privacy::mask_phone(&r.get::<_, String>(3)?),
                kind: r.get(4)?,
                channel: r.get(5)?,
                job_slug: text(r.get(6)?),
                note: r.get(7)?,
                staff: text(r.get(8)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    let mut stmt = conn.prepare(
        "SELECT p.id, p.start_date, p.person_name, p.person_phone, p.employer, p.job_title,
                p.basis, p.on_job_record, p.pay_record,
                (SELECT count(*) FROM evidence_links l
                  WHERE l.ledger = 'placements' AND l.record_id = p.id),
                (SELECT count(*) FROM followups f
                  WHERE f.placement_id = p.id AND f.followup_date <= ?2),
                u.name
         FROM placements p LEFT JOIN users u ON u.id = p.staff_id
         WHERE p.start_date BETWEEN ?1 AND ?2 ORDER BY p.start_date, p.id",
    )?;
    rows.placements = stmt
        .query_map(params![from, to], |r| {
            let fact = PlacementFact {
                basis: r.get(6)?,
                on_job_record: r.get(7)?,
                evidence_files: r.get(9)?,
                followups: r.get(10)?,
            };
            Ok(PlacementRow {
                id: r.get(0)?,
                start_date: r.get(1)?,
                person_name: r.get(2)?,
                phone: crate::privacy::mask_phone(&r.get::<_, String>(3)?),
                employer: r.get(4)?,
                job_title: r.get(5)?,
                counted: kpi::placement_counts(&fact),
                basis: fact.basis,
                on_job_record: fact.on_job_record,
                pay_record: r.get(8)?,
                evidence_files: fact.evidence_files,
                followups: fact.followups,
                staff: text(r.get(11)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    let mut stmt = conn.prepare(
        "SELECT f.id, f.followup_date, p.person_name, p.employer, f.method, f.outcome,
                f.problem, f.problem_solved, u.name
         FROM followups f JOIN placements p ON p.id = f.placement_id
         LEFT JOIN users u ON u.id = f.staff_id
         WHERE f.followup_date BETWEEN ?1 AND ?2 ORDER BY f.followup_date, f.id",
    )?;
    rows.followups = stmt
        .query_map(params![from, to], |r| {
            Ok(FollowupRow {
                id: r.get(0)?,
                date: r.get(1)?,
                person_name: r.get(2)?,
                employer: r.get(3)?,
                method: r.get(4)?,
                outcome: r.get(5)?,
                problem: r.get(6)?,
                problem_solved: r.get::<_, i64>(7)? != 0,
                staff: text(r.get(8)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    let mut stmt = conn.prepare(
        "SELECT e.id, e.event_date, e.title, e.kind, e.format, e.place, e.employer_count,
                e.jobs_offered, e.attendees, e.seekers_registered,
                (SELECT count(*) FROM evidence_links l
                  WHERE l.ledger = 'event_reports' AND l.record_id = e.id),
                e.evidence_done_at, u.name
         FROM event_reports e LEFT JOIN users u ON u.id = e.staff_id
         WHERE e.event_date BETWEEN ?1 AND ?2 ORDER BY e.event_date, e.id",
    )?;
    rows.events = stmt
        .query_map(params![from, to], |r| {
            Ok(EventRow {
                id: r.get(0)?,
                date: r.get(1)?,
                title: r.get(2)?,
                kind: r.get(3)?,
                format: r.get(4)?,
                place: r.get(5)?,
                employer_count: r.get(6)?,
                jobs_offered: r.get(7)?,
                attendees: r.get(8)?,
                seekers_registered: r.get(9)?,
                evidence_files: r.get(10)?,
                evidence_done: r
                    .get::<_, Option<String>>(11)?
                    .as_deref()
                    .and_then(kpi::shanghai_date)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                staff: text(r.get(12)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    // A sign-up belongs to the month when any of its steps happened in it.
    let mut stmt = conn.prepare(
        "SELECT s.id, s.employer, s.credit_code, s.registered_on, s.verified_on,
                s.activated_on, s.first_job_on, s.help, u.name
         FROM platform_signups s LEFT JOIN users u ON u.id = s.staff_id
         WHERE s.registered_on BETWEEN ?1 AND ?2 OR s.verified_on BETWEEN ?1 AND ?2
            OR s.activated_on BETWEEN ?1 AND ?2
         ORDER BY coalesce(s.activated_on, s.verified_on, s.registered_on), s.id",
    )?;
    rows.signups = stmt
        .query_map(params![from, to], |r| {
            let verified: Option<String> = r.get(4)?;
            let activated: Option<String> = r.get(5)?;
            let counted = kpi::signup_counted_on(&SignupFact {
                verified_on: parse_date(verified.clone()),
                activated_on: parse_date(activated.clone()),
            })
            .is_some_and(|d| period.contains(d));
            Ok(SignupRow {
                id: r.get(0)?,
                employer: r.get(1)?,
                credit_code: r.get(2)?,
                registered_on: text(r.get(3)?),
                verified_on: text(verified),
                activated_on: text(activated),
                first_job_on: text(r.get(6)?),
                help: r.get(7)?,
                counted,
                staff: text(r.get(8)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
