//! Harness for lingong's end-to-end tests: find the real binaries, lay out a site in a
//! temporary folder, run a command with a clean environment, and compare folders byte for byte.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

pub mod browser;

/// The repository root (where `config.toml` and `content/` of the sample site are).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the repo")
        .to_path_buf()
}

/// Path of the `lingong-site` binary: `LINGONG_SITE_BIN` if set, else built once with cargo
/// (`CARGO_BIN_EXE_*` only covers a package's own binaries).
pub fn site_bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(path) = std::env::var_os("LINGONG_SITE_BIN") {
            return PathBuf::from(path);
        }
        build_bin("lingong-site", "lingong-site")
    })
    .clone()
}

fn build_bin(package: &str, name: &str) -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(repo_root())
        .args(["build", "--bins", "--message-format=json", "-p", package])
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo build failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find(|msg| msg["reason"] == "compiler-artifact" && msg["target"]["name"] == name)
        .and_then(|msg| msg["executable"].as_str().map(PathBuf::from))
        .unwrap_or_else(|| panic!("cargo did not report the {name} executable"))
}

/// A site root in a temporary folder, removed when dropped.
pub struct TempSite {
    dir: tempfile::TempDir,
}

impl TempSite {
    /// A copy of a fixture under `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Self {
        let site = Self::empty();
        copy_dir(&repo_root().join("tests/fixtures").join(name), site.root());
        site
    }

    /// A copy of the sample site: the repository's `config.toml` and `content/`.
    pub fn sample() -> Self {
        let site = Self::empty();
        std::fs::copy(
            repo_root().join("config.toml"),
            site.root().join("config.toml"),
        )
        .expect("copy config");
        copy_dir(&repo_root().join("content"), &site.root().join("content"));
        site
    }

    fn empty() -> Self {
        Self {
            dir: tempfile::Builder::new()
                .prefix("lingong-e2e-")
                .tempdir()
                .expect("temp dir"),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
        std::fs::write(path, text).expect("write");
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Runs `lingong-site --root <this site> ARGS` with a scrubbed environment.
    pub fn site(&self, args: &[&str]) -> Run {
        let mut command = Command::new(site_bin());
        command.arg("--root").arg(self.root()).args(args);
        Run::of(scrubbed(&mut command))
    }
}

/// Only what a program needs: no TZ (the binaries must pick Asia/Shanghai themselves), no
/// SMTP settings, nothing from the developer's shell.
pub fn scrubbed(command: &mut Command) -> &mut Command {
    command.env_clear();
    for key in ["PATH", "HOME", "LANG", "TMPDIR"] {
        if let Some(value) = std::env::var_os(key) {
            command.env(key, value);
        }
    }
    command
}

/// The finished run of a command, with its output as text.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn of(command: &mut Command) -> Self {
        let Output {
            status,
            stdout,
            stderr,
        } = command.output().expect("binary runs");
        Self {
            code: status.code(),
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
        }
    }

    /// Panics with both outputs unless the exit code is `code`.
    pub fn expect_code(self, code: i32) -> Self {
        assert_eq!(
            self.code,
            Some(code),
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }
}

/// Every file under `dir` with its bytes, keyed by relative path.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("under dir")
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(from).expect("under from");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("dir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Path of the `lingong-intake` binary: `LINGONG_INTAKE_BIN` if set, else built once.
pub fn intake_bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(path) = std::env::var_os("LINGONG_INTAKE_BIN") {
            return PathBuf::from(path);
        }
        build_bin("lingong-intake", "lingong-intake")
    })
    .clone()
}

/// A running `lingong-intake serve`, killed when dropped. Its stderr goes to
/// `<root>/intake.log`, printed when a test fails through [`Intake::log`].
pub struct Intake {
    child: std::process::Child,
    /// `127.0.0.1:PORT`
    pub addr: String,
    log: PathBuf,
}

impl TempSite {
    /// Appends text to `config.toml` (an `[intake]` table, say).
    pub fn append_config(&self, text: &str) {
        let mut config = self.read("config.toml");
        config.push_str(text);
        self.write("config.toml", &config);
    }

    /// Starts the intake service on a free port and waits until it listens.
    pub fn start_intake(&self, env: &[(&str, &str)]) -> Intake {
        self.start_intake_on("127.0.0.1:0", env)
    }

    /// Starts the intake service on `listen` (`127.0.0.1:PORT`: the port of a service that was
    /// stopped, say, to bring it back where browsers expect it) and waits until it listens.
    pub fn start_intake_on(&self, listen: &str, env: &[(&str, &str)]) -> Intake {
        use std::io::BufRead;
        let log = self.path("intake.log");
        let stderr = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .expect("log file");
        let mut command = Command::new(intake_bin());
        command
            .arg("--root")
            .arg(self.root())
            .args(["serve", "--listen", listen]);
        scrubbed(&mut command);
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::from(stderr))
            .spawn()
            .expect("spawn lingong-intake");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                if let Some(rest) = line.split("http://").nth(1) {
                    let _ = tx.send(rest.trim_end_matches('/').to_string());
                }
            }
        });
        let addr = rx
            .recv_timeout(std::time::Duration::from_secs(120))
            .unwrap_or_else(|_| {
                let _ = child.kill();
                panic!(
                    "lingong-intake did not start:\n{}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                )
            });
        Intake { child, addr, log }
    }

    /// The service's database, opened read-write like any other client.
    pub fn db(&self) -> rusqlite::Connection {
        let conn = rusqlite::Connection::open(self.path("data/lingong.db")).expect("open database");
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .expect("busy timeout");
        conn
    }
}

impl Intake {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL: no chance to clean up, like a power cut to the process.
    pub fn kill_hard(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM, then waits for a clean exit; returns the exit code.
    pub fn terminate(&mut self) -> Option<i32> {
        // SAFETY: sending a signal to our own child process.
        unsafe {
            libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM);
        }
        self.child.wait().ok().and_then(|s| s.code())
    }
}

impl Drop for Intake {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP client that reports every status (4xx and 5xx included) and follows no redirect.
pub fn http() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(std::time::Duration::from_secs(30)))
        .build()
        .into()
}

/// A response read whole.
pub struct Reply {
    pub status: u16,
    pub location: Option<String>,
    pub content_type: String,
    pub body: String,
}

fn read_reply(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
    let mut response = response.expect("HTTP request");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let location = header("location");
    let content_type = header("content-type").unwrap_or_default();
    Reply {
        status: response.status().as_u16(),
        location,
        content_type,
        body: response.body_mut().read_to_string().unwrap_or_default(),
    }
}

/// POSTs a urlencoded form, as a browser without script does.
pub fn post_form(url: &str, pairs: &[(&str, &str)]) -> Reply {
    let body = serde_urlencoded_pairs(pairs);
    read_reply(
        http()
            .post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .send(body),
    )
}

/// POSTs raw bytes with a content type.
pub fn post_raw(url: &str, content_type: &str, body: Vec<u8>) -> Reply {
    read_reply(
        http()
            .post(url)
            .header("content-type", content_type)
            .send(body),
    )
}

/// POSTs JSON and asks for JSON.
pub fn post_json(url: &str, value: &serde_json::Value) -> Reply {
    read_reply(
        http()
            .post(url)
            .header("content-type", "application/json")
            .header("accept", "application/json")
            .send(value.to_string()),
    )
}

pub fn get(url: &str) -> Reply {
    read_reply(http().get(url).call())
}

fn serde_urlencoded_pairs(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", percent(k), percent(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl TempSite {
    /// Adds a staff account with `lingong-intake user add`, the password given on stdin.
    pub fn add_user(&self, name: &str, role: &str, password: &str) {
        use std::io::Write;
        let mut command = Command::new(intake_bin());
        command
            .arg("--root")
            .arg(self.root())
            .args(["user", "add", name, "--role", role]);
        let mut child = scrubbed(&mut command)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn lingong-intake user add");
        let _ = child
            .stdin
            .take()
            .expect("stdin")
            .write_all(format!("{password}\n").as_bytes());
        let out = child.wait_with_output().expect("user add");
        assert!(
            out.status.success(),
            "user add {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// A signed-in browser of the staff area: keeps the session cookie and the CSRF token, as a
/// browser keeps the cookie and a page carries the token in its forms.
pub struct Staff {
    base: String,
    cookie: String,
    pub csrf: String,
}

impl Staff {
    /// Signs in through the login form; panics when the service refuses.
    pub fn login(intake: &Intake, name: &str, password: &str) -> Self {
        Self::try_login(intake, name, password)
            .unwrap_or_else(|reply| panic!("login {name}: {} {}", reply.status, reply.body))
    }

    /// Signs in; the refusal's reply when the service says no.
    pub fn try_login(intake: &Intake, name: &str, password: &str) -> Result<Self, Reply> {
        let response = http()
            .post(&intake.url("/staff/login"))
            .header("content-type", "application/x-www-form-urlencoded")
            .send(serde_urlencoded_pairs(&[
                ("name", name),
                ("password", password),
                ("next", "/staff/audit"),
            ]));
        let cookie = response
            .as_ref()
            .ok()
            .and_then(|r| r.headers().get("set-cookie"))
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(str::to_string);
        let reply = read_reply(response);
        let Some(cookie) = cookie.filter(|_| reply.status == 303) else {
            return Err(reply);
        };
        let mut staff = Self {
            base: format!("http://{}", intake.addr),
            cookie,
            csrf: String::new(),
        };
        let page = staff.get("/staff/audit");
        staff.csrf = csrf_in(&page.body).expect("a CSRF token on the staff page");
        Ok(staff)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The `name=value` of the session cookie, for hand-made requests.
    pub fn cookie(&self) -> &str {
        &self.cookie
    }

    pub fn get(&self, path: &str) -> Reply {
        read_reply(
            http()
                .get(&self.url(path))
                .header("cookie", &self.cookie)
                .call(),
        )
    }

    /// GETs raw bytes (an export, an evidence file) with the content type.
    pub fn get_bytes(&self, path: &str) -> (u16, String, Vec<u8>) {
        let mut response = http()
            .get(&self.url(path))
            .header("cookie", &self.cookie)
            .call()
            .expect("HTTP request");
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_vec()
            .unwrap_or_default();
        (status, content_type, body)
    }

    /// POSTs a form with the session's CSRF token added, as the page's form would.
    pub fn post(&self, path: &str, pairs: &[(&str, &str)]) -> Reply {
        let mut with_token = pairs.to_vec();
        with_token.push(("csrf", &self.csrf));
        self.post_without_csrf(path, &with_token)
    }

    /// POSTs a form exactly as given (no token added): what a forged request looks like.
    pub fn post_without_csrf(&self, path: &str, pairs: &[(&str, &str)]) -> Reply {
        read_reply(
            http()
                .post(&self.url(path))
                .header("cookie", &self.cookie)
                .header("content-type", "application/x-www-form-urlencoded")
                .send(serde_urlencoded_pairs(pairs)),
        )
    }

    /// POSTs a multipart body (an upload); the CSRF token goes in the query string, as the
    /// upload form's action carries it.
    pub fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> Reply {
        let boundary = "lingongtestboundary7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        for (name, filename, bytes) in files {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let separator = if path.contains('?') { '&' } else { '?' };
        read_reply(
            http()
                .post(&self.url(&format!("{path}{separator}csrf={}", self.csrf)))
                .header("cookie", &self.cookie)
                .header(
                    "content-type",
                    &format!("multipart/form-data; boundary={boundary}"),
                )
                .send(body),
        )
    }
}

/// The CSRF token a staff page carries in its forms.
pub fn csrf_in(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    html[at..].split('"').next().map(str::to_string)
}
