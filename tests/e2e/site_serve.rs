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

#[test]
fn serve_builds_then_previews_the_site_over_http() {
    let site = TempSite::fixture("small");
    let mut command = Command::new(site_bin());
    command
        .arg("--root")
        .arg(site.root())
        .args(["serve", "--listen", "127.0.0.1:0", "--today", "2026-11-25"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut server = Server(scrubbed(&mut command).spawn().expect("spawn"));
    let stdout = server.0.stdout.take().expect("stdout");
    let addr = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find_map(|line| {
            line.split("http://").nth(1).map(|rest| {
                rest.trim_end_matches(|c| c != '/')
                    .trim_end_matches('/')
                    .to_string()
            })
        })
        .map(|a| a.split_whitespace().next().unwrap_or_default().to_string())
        .expect("the server prints its address");

    let (status, body) = get(&addr, "/jobs/laojie-xiwangong/");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("text/html; charset=utf-8") && body.contains("城关镇老街面馆招洗碗工"));
    let (status, body) = get(&addr, "/jobs/no-such-job/");
    assert_eq!(status, 404);
    assert!(body.contains("页面找不到了"));
    let (status, _) = get(&addr, "/../../etc/passwd");
    assert_eq!(status, 404);
}
