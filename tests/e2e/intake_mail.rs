//! Notices go through a real SMTP server (mailin-embedded, inside the test): with the server
//! down, submissions are still acknowledged and the notices wait; once it is up, every notice
//! arrives exactly once.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lingong_tests::{TempSite, post_form, scrubbed};
use mailin_embedded::{Handler, Server, response};

/// Collects each message received, whole.
#[derive(Clone, Default)]
struct Inbox {
    messages: Arc<Mutex<Vec<String>>>,
    current: Vec<u8>,
}

impl Handler for Inbox {
    fn data_start(
        &mut self,
        _domain: &str,
        _from: &str,
        _is8bit: bool,
        _to: &[String],
    ) -> mailin_embedded::Response {
        self.current.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> mailin_embedded::Response {
        let message = String::from_utf8_lossy(&self.current).into_owned();
        self.messages.lock().expect("lock").push(message);
        response::OK
    }
}

fn message_id(message: &str) -> String {
    message
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("message-id:"))
        .map(|l| l[11..].trim().to_string())
        .unwrap_or_default()
}

#[test]
fn notices_wait_for_a_lost_smtp_server_and_then_arrive_exactly_once() {
    // A port with nothing listening yet. (Binding and releasing can race with another
    // program; on a test machine's loopback that is acceptable for a server that must start
    // later on a known port.)
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let site = TempSite::fixture("small");
    site.append_config("\n[intake]\nrate_per_minute = 100000\nrate_burst = 100000\n[intake.mail]\nretry_seconds = 1\nto = [\"staff@lingong.test\"]\nfrom = \"零工市场 <noreply@lingong.test>\"\n");
    let port_text = port.to_string();
    let intake = site.start_intake(&[
        ("LINGONG_MAIL_TRANSPORT", "smtp"),
        ("LINGONG_SMTP_HOST", "127.0.0.1"),
        ("LINGONG_SMTP_PORT", &port_text),
        ("LINGONG_SMTP_SECURITY", "none"),
    ]);

    for i in 0..3 {
        let comment = format!("第 {i} 条意见");
        let reply = post_form(
            &intake.url("/intake/satisfaction"),
            &[
                ("service", "岗位推荐"),
                ("rating", "5"),
                ("comment", &comment),
            ],
        );
        assert_eq!(
            reply.status, 303,
            "acknowledged while the mail server is down"
        );
    }
    let failing = Instant::now();
    loop {
        let tried: i64 = site
            .db()
            .query_row(
                "SELECT count(*) FROM outbox WHERE attempts > 0 AND last_error IS NOT NULL",
                [],
                |r| r.get(0),
            )
            .expect("count");
        if tried == 3 {
            break;
        }
        assert!(
            failing.elapsed() < Duration::from_secs(30),
            "notices were not tried:\n{}",
            intake.log()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let mut list = std::process::Command::new(lingong_tests::intake_bin());
    list.arg("--root").arg(site.root()).args(["outbox", "list"]);
    let listed = scrubbed(&mut list).output().expect("outbox list");
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    assert_eq!(listed.matches("[pending]").count(), 3, "{listed}");

    let inbox = Inbox::default();
    let messages = inbox.messages.clone();
    std::thread::spawn(move || {
        let mut server = Server::new(inbox);
        server
            .with_name("lingong.test")
            .with_addr(("127.0.0.1", port))
            .expect("address");
        let _ = server.serve();
    });

    let started = Instant::now();
    while messages.lock().expect("lock").len() < 3 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "notices did not arrive:\n{}",
            intake.log()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    // Give a duplicate the chance to show up before counting.
    std::thread::sleep(Duration::from_secs(3));
    let received = messages.lock().expect("lock").clone();
    let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
    for m in &received {
        *by_id.entry(message_id(m)).or_default() += 1;
    }
    assert_eq!(
        received.len(),
        3,
        "exactly one message per submission: {by_id:?}"
    );
    assert!(by_id.values().all(|&n| n == 1));
    assert!(received.iter().all(|m| m.contains("staff@lingong.test")));
    let sent: i64 = site
        .db()
        .query_row(
            "SELECT count(*) FROM outbox WHERE status = 'sent'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(sent, 3);
}

#[test]
fn by_default_notices_are_written_as_eml_files() {
    let site = TempSite::fixture("small");
    let intake = site.start_intake(&[]);
    let reply = post_form(
        &intake.url("/intake/satisfaction"),
        &[("service", "岗位推荐"), ("rating", "5")],
    );
    assert_eq!(reply.status, 303);
    let started = Instant::now();
    loop {
        let files: Vec<_> = std::fs::read_dir(site.path("data/mail"))
            .map(|d| d.flatten().collect())
            .unwrap_or_default();
        if let Some(file) = files
            .iter()
            .find(|f| f.path().extension().is_some_and(|e| e == "eml"))
        {
            let text = std::fs::read_to_string(file.path()).expect("eml");
            assert!(
                text.contains("Subject:") && text.contains("Message-ID: <outbox-1-"),
                "{text}"
            );
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no .eml written:\n{}",
            intake.log()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
