use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use lingong_tests::{TempSite, scrubbed, site_bin};

/// Kills the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(addr: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response)
}

/// Starts `lingong-site serve` on a free port; returns the guard and the address.
fn start(site: &TempSite) -> (Server, String) {
    let mut command = Command::new(site_bin());
    command
        .arg("--root")
        .arg(site.root())
        .args(["serve", "--listen", "127.0.0.1:0", "--today", "2026-11-25"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut server = Server(scrubbed(&mut command).spawn().expect("spawn"));
    let stdout = server.0.stdout.take().expect("stdout");
    // Keep reading after the address: a closed pipe would make the server's later prints fail.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("http://").nth(1) {
                let addr = rest
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .trim_end_matches('/')
                    .to_string();
                let _ = tx.send(addr);
            }
        }
    });
    let addr = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the server prints its address");
    (server, addr)
}

/// Polls a page until `check` holds (the watcher needs a moment), up to ten seconds.
fn eventually(addr: &str, path: &str, check: impl Fn(&str) -> bool) -> String {
    let started = std::time::Instant::now();
    loop {
        let (_, body) = get(addr, path);
        if check(&body) {
            return body;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{path} never changed:\n{body}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn serve_builds_then_previews_the_site_over_http() {
    let site = TempSite::fixture("small");
    let (_server, addr) = start(&site);

    let (status, body) = get(&addr, "/jobs/laojie-xiwangong/");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("text/html; charset=utf-8") && body.contains("城关镇老街面馆招洗碗工"));
    let (status, body) = get(&addr, "/jobs/no-such-job/");
    assert_eq!(status, 404);
    assert!(body.contains("页面找不到了"));
    let (status, _) = get(&addr, "/../../etc/passwd");
    assert_eq!(status, 404);
}

#[test]
fn an_edit_shows_up_in_the_preview_and_a_broken_edit_keeps_the_last_good_page() {
    let site = TempSite::fixture("small");
    let (_server, addr) = start(&site);
    let job = "content/jobs/laojie-xiwangong.md";
    let original = site.read(job);
    assert!(
        get(&addr, "/jobs/laojie-xiwangong/")
            .1
            .contains("/__lingong/reload"),
        "pages carry the reload script"
    );

    site.write(
        job,
        &original.replace("城关镇老街面馆招洗碗工", "城关镇老街面馆急招洗碗工"),
    );
    eventually(&addr, "/jobs/laojie-xiwangong/", |b| {
        b.contains("急招洗碗工")
    });
    eventually(&addr, "/jobs/", |b| b.contains("急招洗碗工"));

    site.write(job, &original.replace("pay = 15", "pay = \"很多\""));
    let page = eventually(&addr, "/jobs/laojie-xiwangong/", |b| {
        b.contains("lingong-error")
    });
    assert!(
        page.contains("急招洗碗工"),
        "the last good page is still served"
    );
    assert!(
        page.contains("content/jobs/laojie-xiwangong.md:"),
        "the problem is shown on the page"
    );

    site.write(job, &original);
    let page = eventually(&addr, "/jobs/laojie-xiwangong/", |b| {
        !b.contains("lingong-error")
    });
    assert!(page.contains("城关镇老街面馆招洗碗工"));
}

#[test]
fn a_template_edit_rebuilds_every_page() {
    let site = TempSite::fixture("small");
    let (_server, addr) = start(&site);
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<h1>自定义的找不到页面</h1>{% endblock main %}",
    );
    let (status, body) = (
        get(&addr, "/nope/").0,
        eventually(&addr, "/nope/", |b| b.contains("自定义的找不到页面")),
    );
    assert_eq!(status, 404);
    assert!(body.contains("自定义的找不到页面"));
}
