//! The staff area's doors: sign-in with cookies, the idle timeout, CSRF on every write, the
//! auditor reads but cannot write, throttled logins, logout.

use lingong_tests::{Staff, TempSite, get, http};

const STAFF_PASSWORD: &str = "石泉零工市场2026";
const AUDITOR_PASSWORD: &str = "人社局审计专用0001";

fn site_with_accounts() -> TempSite {
    let site = TempSite::fixture("small");
    site.add_user("wangli", "staff", STAFF_PASSWORD);
    site.add_user("hrb", "auditor", AUDITOR_PASSWORD);
    site
}

#[test]
fn staff_pages_need_a_session_and_the_cookie_is_http_only_and_strict() {
    let site = site_with_accounts();
    let intake = site.start_intake(&[]);

    let anonymous = get(&intake.url("/staff/queue"));
    assert_eq!(anonymous.status, 303);
    assert_eq!(
        anonymous.location.as_deref(),
        Some("/staff/login?next=%2Fstaff%2Fqueue")
    );

    let response = http()
        .post(&intake.url("/staff/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .send(format!(
            "name=wangli&password={}",
            urlencode(STAFF_PASSWORD)
        ))
        .expect("login");
    assert_eq!(response.status().as_u16(), 303);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(cookie.contains("Path=/staff"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http in a test: {cookie}");

    // Behind an https proxy the cookie is Secure.
    let response = http()
        .post(&intake.url("/staff/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-forwarded-proto", "https")
        .send(format!(
            "name=wangli&password={}",
            urlencode(STAFF_PASSWORD)
        ))
        .expect("login");
    assert!(
        response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("; Secure")
    );

    let staff = Staff::login(&intake, "wangli", STAFF_PASSWORD);
    let page = staff.get("/staff/audit");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("wangli"), "{}", page.body);
    // A row of the log, not the filter's option of the same name.
    assert!(
        page.body.contains("<td>login</td>"),
        "the login is in the audit log"
    );

    let wrong = Staff::try_login(&intake, "wangli", "not the password")
        .err()
        .expect("refused");
    assert_eq!(wrong.status, 401);
    assert!(wrong.body.contains("账号或密码不对"), "{}", wrong.body);
    let unknown = Staff::try_login(&intake, "nobody", STAFF_PASSWORD)
        .err()
        .expect("refused");
    assert_eq!(unknown.status, 401);
    let failed: i64 = site
        .db()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'login_failed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(failed, 2);
}

#[test]
fn a_write_without_the_csrf_token_or_from_another_origin_is_refused() {
    let site = site_with_accounts();
    let intake = site.start_intake(&[]);
    let staff = Staff::login(&intake, "wangli", STAFF_PASSWORD);

    let forged = staff.post_without_csrf("/staff/logout", &[]);
    assert_eq!(forged.status, 403);
    assert!(forged.body.contains("页面已过期"), "{}", forged.body);
    let wrong = staff.post_without_csrf("/staff/logout", &[("csrf", "0000")]);
    assert_eq!(wrong.status, 403);

    let cross = http()
        .post(&staff.url("/staff/logout"))
        .header("cookie", &cookie_of(&staff))
        .header("origin", "https://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .send(format!("csrf={}", staff.csrf))
        .expect("post");
    assert_eq!(cross.status().as_u16(), 403);

    // Still signed in after the refused attempts; a proper logout ends the session.
    assert_eq!(staff.get("/staff/audit").status, 200);
    let out = staff.post("/staff/logout", &[]);
    assert_eq!(out.status, 303);
    assert_eq!(staff.get("/staff/audit").status, 303, "the session is gone");
}

#[test]
fn the_auditor_reads_everything_and_every_write_is_refused_on_the_server() {
    let site = site_with_accounts();
    let intake = site.start_intake(&[]);
    let auditor = Staff::login(&intake, "hrb", AUDITOR_PASSWORD);
    let page = auditor.get("/staff/audit");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("只能查看"), "{}", page.body);

    // Any write path, with a valid token: refused before any handler runs.
    for path in [
        "/staff/queue/x/status",
        "/staff/ledgers/services",
        "/staff/anything",
    ] {
        let reply = auditor.post(path, &[("status", "已联系")]);
        assert_eq!(reply.status, 403, "{path}: {}", reply.body);
        assert!(reply.body.contains("审计账号"), "{}", reply.body);
    }
    // Logging out is the one thing the auditor may post.
    assert_eq!(auditor.post("/staff/logout", &[]).status, 303);
}

#[test]
fn an_idle_session_expires() {
    let site = site_with_accounts();
    site.append_config("\n[intake]\nsession_idle_minutes = 1\n");
    let intake = site.start_intake(&[]);
    let staff = Staff::login(&intake, "wangli", STAFF_PASSWORD);
    assert_eq!(staff.get("/staff/audit").status, 200);
    // Age the session as if it had been left alone for two minutes.
    site.db()
        .execute(
            "UPDATE sessions SET last_seen_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-2 minutes')",
            [],
        )
        .unwrap();
    let after = staff.get("/staff/audit");
    assert_eq!(after.status, 303, "{}", after.body);
    assert!(after.location.unwrap().starts_with("/staff/login"));
}

#[test]
fn repeated_wrong_passwords_are_throttled() {
    let site = site_with_accounts();
    let intake = site.start_intake(&[]);
    let mut statuses = Vec::new();
    for _ in 0..7 {
        let reply = Staff::try_login(&intake, "wangli", "guessing-password")
            .err()
            .expect("refused");
        statuses.push(reply.status);
    }
    assert_eq!(&statuses[..5], &[401; 5]);
    assert_eq!(statuses[6], 429, "{statuses:?}");
    // Even the right password waits until the minute has passed.
    let reply = Staff::try_login(&intake, "wangli", STAFF_PASSWORD)
        .err()
        .expect("throttled");
    assert_eq!(reply.status, 429);
    assert!(reply.body.contains("1 分钟后再试"));
}

fn cookie_of(staff: &Staff) -> String {
    staff.cookie().to_string()
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
