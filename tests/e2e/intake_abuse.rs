//! Spam and abuse: kept and marked, or refused with a clear status; never a crash, never lost.

use lingong_tests::{TempSite, get, post_form, post_json, post_raw};
use serde_json::json;

use crate::intake_forms::site;

const SATISFACTION: &[(&str, &str)] = &[("service", "岗位推荐"), ("rating", "4")];

fn spam_rows(site: &TempSite) -> Vec<(bool, Option<String>)> {
    let db = site.db();
    let mut stmt = db
        .prepare("SELECT spam, spam_reason FROM submissions ORDER BY created_at")
        .expect("query");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_filled_honeypot_is_stored_as_spam_and_answered_like_any_other() {
    let site = site();
    let intake = site.start_intake(&[]);
    let mut pairs = SATISFACTION.to_vec();
    pairs.push(("website", "http://cheap-pills.example"));
    let reply = post_form(&intake.url("/intake/satisfaction"), &pairs);
    assert_eq!(reply.status, 303, "a bot learns nothing");
    let rows = spam_rows(&site);
    assert_eq!(rows.len(), 1, "kept, not dropped");
    assert!(rows[0].0 && rows[0].1.as_deref().is_some_and(|r| r.contains("隐藏字段")));
    let queued: i64 = site
        .db()
        .query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))
        .expect("count");
    assert_eq!(queued, 0, "spam does not mail staff");
}

#[test]
fn a_form_sent_faster_than_a_person_could_fill_it_is_marked() {
    let site = TempSite::fixture("small");
    site.append_config("\n[intake]\nmin_fill_seconds = 30\n");
    let intake = site.start_intake(&[]);
    let page = get(&intake.url("/forms/satisfaction/"));
    let token = page
        .body
        .split("name=\"started\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("token");
    let mut pairs = SATISFACTION.to_vec();
    pairs.push(("started", token));
    assert_eq!(
        post_form(&intake.url("/intake/satisfaction"), &pairs).status,
        303
    );
    let mut forged = SATISFACTION.to_vec();
    forged.push(("started", "1.deadbeef"));
    forged.push(("comment", "第二份"));
    assert_eq!(
        post_form(&intake.url("/intake/satisfaction"), &forged).status,
        303
    );
    let rows = spam_rows(&site);
    assert!(
        rows[0].0 && rows[0].1.as_deref().is_some_and(|r| r.contains("过快")),
        "{rows:?}"
    );
    assert!(
        rows[1].0 && rows[1].1.as_deref().is_some_and(|r| r.contains("令牌")),
        "{rows:?}"
    );
}

#[test]
fn the_rate_limit_answers_429_past_the_burst_per_address() {
    let site = TempSite::fixture("small");
    site.append_config("\n[intake]\nrate_per_minute = 1\nrate_burst = 3\n");
    let intake = site.start_intake(&[]);
    let statuses: Vec<u16> = (0..5)
        .map(|i| {
            let comment = format!("第 {i} 条");
            let mut pairs = SATISFACTION.to_vec();
            pairs.push(("comment", &comment));
            post_form(&intake.url("/intake/satisfaction"), &pairs).status
        })
        .collect();
    assert_eq!(statuses, [303, 303, 303, 429, 429]);
    let limited = post_json(&intake.url("/intake/satisfaction"), &json!({}));
    assert_eq!(limited.status, 429);
    assert!(limited.body.contains("太频繁"));
    assert_eq!(spam_rows(&site).len(), 3);
}

#[test]
fn oversize_bodies_bad_encodings_and_wrong_types_are_refused_clearly() {
    let site = site();
    let intake = site.start_intake(&[]);
    let url = intake.url("/intake/satisfaction");
    let huge = format!("service=%E5%B2%97&comment={}", "a".repeat(70 * 1024));
    let reply = post_raw(&url, "application/x-www-form-urlencoded", huge.into_bytes());
    assert_eq!(reply.status, 413);
    assert!(reply.body.contains("64 KB"));
    let reply = post_raw(
        &url,
        "application/x-www-form-urlencoded",
        b"service=%FF%FE&rating=5".to_vec(),
    );
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("UTF-8"));
    let reply = post_raw(&url, "text/plain", b"service=x".to_vec());
    assert_eq!(reply.status, 415);
    let reply = post_raw(&url, "application/json", b"{not json".to_vec());
    assert_eq!(reply.status, 400);
    assert!(spam_rows(&site).is_empty(), "nothing stored");
    assert_eq!(
        get(&intake.url("/intake/health")).status,
        200,
        "still serving"
    );
}

#[test]
fn a_repeated_post_is_stored_once_and_answered_as_the_first() {
    let site = site();
    let intake = site.start_intake(&[]);
    let body = json!({ "submission_id": "2c1f7e8a-9d3b-4c55-8e21-6a0f5b7d9e10", "service": "政策解读", "rating": 5 });
    let first = post_json(&intake.url("/intake/satisfaction"), &body);
    assert_eq!(first.status, 201);
    let again = post_json(&intake.url("/intake/satisfaction"), &body);
    assert_eq!(again.status, 409);
    let again: serde_json::Value = serde_json::from_str(&again.body).expect("json");
    assert_eq!(again["id"], "2c1f7e8a-9d3b-4c55-8e21-6a0f5b7d9e10");

    // Without script there is no id: the same content twice within minutes is one submission.
    let pairs = [
        ("service", "用工咨询"),
        ("rating", "3"),
        ("comment", "电话没人接"),
    ];
    assert_eq!(
        post_form(&intake.url("/intake/satisfaction"), &pairs).status,
        303
    );
    assert_eq!(
        post_form(&intake.url("/intake/satisfaction"), &pairs).status,
        303
    );
    assert_eq!(
        spam_rows(&site).len(),
        2,
        "one JSON and one HTML submission"
    );
}

#[test]
fn a_client_that_stalls_mid_body_gets_408_and_the_service_keeps_serving() {
    use std::io::{Read, Write};
    let site = TempSite::fixture("small");
    site.append_config("\n[intake]\nrequest_timeout_seconds = 1\n");
    let intake = site.start_intake(&[]);
    let mut stream = std::net::TcpStream::connect(&intake.addr).expect("connect");
    write!(
        stream,
        "POST /intake/satisfaction HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nservice="
    )
    .expect("send part of the body");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .expect("timeout");
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    assert!(response.starts_with("HTTP/1.1 408"), "{response}");
    assert_eq!(get(&intake.url("/intake/health")).status, 200);
    assert!(spam_rows(&site).is_empty());
}

/// POSTs the satisfaction form as a browser behind a proxy would arrive, with the address the
/// proxy forwarded (or a client's forged header).
fn post_forwarded(intake: &lingong_tests::Intake, forwarded_for: &str, n: usize) -> u16 {
    let comment = format!("来自 {forwarded_for} 第 {n} 条");
    let body = format!(
        "service=%E5%B2%97%E4%BD%8D%E6%8E%A8%E8%8D%90&rating=4&comment={}",
        comment
            .bytes()
            .map(|b| format!("%{b:02X}"))
            .collect::<String>()
    );
    lingong_tests::http()
        .post(&intake.url("/intake/satisfaction"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-forwarded-for", forwarded_for)
        .send(body)
        .expect("post")
        .status()
        .as_u16()
}

#[test]
fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit() {
    let site = TempSite::fixture("small");
    site.append_config(
        "\n[intake]\nrate_per_minute = 1\nrate_burst = 2\ntrusted_proxies = [\"127.0.0.1\"]\n",
    );
    let intake = site.start_intake(&[]);
    let first: Vec<u16> = (0..3)
        .map(|n| post_forwarded(&intake, "203.0.113.7", n))
        .collect();
    assert_eq!(first, [303, 303, 429]);
    // Another phone behind the same proxy is not held back by the first one's burst.
    assert_eq!(post_forwarded(&intake, "203.0.113.8", 0), 303);
    // A client cannot choose its address: what it sent is left of what the proxy appended.
    assert_eq!(post_forwarded(&intake, "198.51.100.1, 203.0.113.7", 9), 429);
    let stored: Vec<String> = site
        .db()
        .prepare("SELECT DISTINCT client_addr FROM submissions ORDER BY client_addr")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(stored, ["203.0.113.7", "203.0.113.8"]);
}

#[test]
fn without_trusted_proxies_a_forged_forwarded_for_does_not_escape_the_limit() {
    let site = TempSite::fixture("small");
    site.append_config("\n[intake]\nrate_per_minute = 1\nrate_burst = 2\n");
    let intake = site.start_intake(&[]);
    let statuses: Vec<u16> = (0..3)
        .map(|n| post_forwarded(&intake, &format!("203.0.113.{n}"), n))
        .collect();
    assert_eq!(statuses, [303, 303, 429]);
}
