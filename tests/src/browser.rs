//! Browser tests' harness: Debian's `chromium` driven headless through `chromedriver` over
//! plain WebDriver (JSON over HTTP, with the `ureq` the other tests use), plus the DevTools
//! commands chromedriver passes through (`goog/cdp/execute`) for what WebDriver lacks: a
//! 360×640 phone viewport, full-page screenshots, offline mode.
//!
//! Every browser test starts with [`Browser::start`], which returns `None` (and prints how to
//! run the test) when chromium or chromedriver is missing, unless `LINGONG_BROWSER_TESTS=1` is
//! set, as `.ci/run` does: then a missing browser fails the test. A test per staff page needs
//! no more than:
//!
//! ```ignore
//! let Some(browser) = Browser::start() else { return };
//! let page = browser.session(Options::default());
//! page.goto(&intake.url("/staff/"));
//! page.find("input[name=\"user\"]").send_keys("admin");
//! ```

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Debian's Chromium, or the program `LINGONG_CHROMIUM` names.
pub fn chromium() -> String {
    std::env::var("LINGONG_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

/// Debian's chromedriver (package `chromium-driver`), or the program `LINGONG_CHROMEDRIVER`
/// names.
pub fn chromedriver() -> String {
    std::env::var("LINGONG_CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into())
}
/// Set to `1` (CI does) to make a missing browser a failure instead of a skip.
pub const ENV: &str = "LINGONG_BROWSER_TESTS";
/// The phone the site is built for.
pub const VIEWPORT: (u32, u32) = (360, 640);

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Whether browser tests must run (`LINGONG_BROWSER_TESTS=1`).
pub fn required() -> bool {
    std::env::var(ENV).is_ok_and(|v| v == "1")
}

/// `true` when the programs named exist; otherwise prints why the test is skipped and how to
/// run it, or panics when browser tests are required.
pub fn available(programs: &[&str]) -> bool {
    let missing: Vec<&str> = programs
        .iter()
        .copied()
        .filter(|p| !Path::new(p).exists())
        .collect();
    if missing.is_empty() {
        return true;
    }
    let how = "apt-get install chromium chromium-driver && npm ci --prefix tests/browser, \
               then LINGONG_BROWSER_TESTS=1 cargo test -p lingong-tests --test e2e -- browser";
    assert!(
        !required(),
        "{ENV}=1 but {} missing ({how})",
        missing.join(", ")
    );
    eprintln!(
        "skipped: {} not installed. To run: {how}",
        missing.join(", ")
    );
    false
}

/// Where tests leave screenshots and measurements: `target/browser-artifacts/`.
pub fn artifacts_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::repo_root().join("target"));
    let dir = target.join("browser-artifacts");
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    dir
}

/// A file installed by `npm ci --prefix tests/browser` (axe-core's script, say), or `None`
/// after saying how to install it (a failure when browser tests are required).
pub fn npm_file(rel: &str) -> Option<String> {
    let path = crate::repo_root()
        .join("tests/browser/node_modules")
        .join(rel);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) => {
            let how = "run `npm ci --prefix tests/browser` first";
            assert!(!required(), "{}: {e}; {how}", path.display());
            eprintln!("skipped: {} is missing; {how}", path.display());
            None
        }
    }
}

/// A running chromedriver, stopped when dropped; each [`Session`] is a fresh Chromium.
pub struct Browser {
    child: Child,
    chromium: String,
    url: String,
    _profiles: tempfile::TempDir,
    profiles: PathBuf,
}

/// How a session's Chromium starts.
#[derive(Debug, Clone)]
pub struct Options {
    pub javascript: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self { javascript: true }
    }
}

impl Browser {
    /// Starts chromedriver, or `None` when the browser is not installed (see [`available`]).
    pub fn start() -> Option<Self> {
        let (chromium, chromedriver) = (chromium(), chromedriver());
        if !available(&[&chromium, &chromedriver]) {
            return None;
        }
        let port = free_port();
        let child = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn chromedriver");
        let profiles = tempfile::Builder::new()
            .prefix("lingong-chromium-")
            .tempdir()
            .expect("temp dir");
        let browser = Self {
            child,
            chromium,
            url: format!("http://127.0.0.1:{port}"),
            profiles: profiles.path().to_path_buf(),
            _profiles: profiles,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(v) = request(&agent(), "GET", &format!("{}/status", browser.url), None)
                && v["ready"] == true
            {
                break;
            }
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        Some(browser)
    }

    /// A new Chromium with a fresh profile at the phone viewport.
    pub fn session(&self, options: Options) -> Session {
        let profile = tempfile::Builder::new()
            .prefix("profile-")
            .tempdir_in(&self.profiles)
            .expect("profile dir")
            .keep();
        let mut args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--lang=zh-CN".into(),
            format!("--user-data-dir={}", profile.display()),
            format!("--window-size={},{}", VIEWPORT.0, VIEWPORT.1),
        ];
        if !options.javascript {
            args.push("--blink-settings=scriptEnabled=false".into());
        }
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "timeouts": { "script": 60_000, "pageLoad": 60_000 },
            "goog:chromeOptions": { "binary": self.chromium, "args": args }
        } } });
        let agent = agent();
        let value = request(&agent, "POST", &format!("{}/session", self.url), Some(caps))
            .unwrap_or_else(|e| panic!("new session: {e}"));
        let id = value["sessionId"].as_str().expect("session id").to_string();
        let session = Session {
            base: format!("{}/session/{id}", self.url),
            agent,
        };
        session.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": VIEWPORT.0, "height": VIEWPORT.1, "deviceScaleFactor": 1, "mobile": true }),
        );
        session
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into()
}

/// One WebDriver command: its `value`, or the driver's error message.
fn request(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    body: Option<Value>,
) -> Result<Value, String> {
    let response = match (method, body) {
        ("GET", _) => agent.get(url).call(),
        ("DELETE", _) => agent.delete(url).call(),
        (_, body) => agent
            .post(url)
            .header("content-type", "application/json")
            .send(body.unwrap_or_else(|| json!({})).to_string()),
    };
    let mut response = response.map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let text = response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_string()
        .map_err(|e| e.to_string())?;
    let value: Value = serde_json::from_str(&text).map_err(|e| format!("{e}: {text}"))?;
    if status >= 400 {
        return Err(format!(
            "{} {}",
            value["value"]["error"].as_str().unwrap_or("error"),
            value["value"]["message"].as_str().unwrap_or(&text)
        ));
    }
    Ok(value["value"].clone())
}

/// A browser window (a WebDriver session), closed when dropped.
pub struct Session {
    base: String,
    agent: ureq::Agent,
}

/// An element of the current page.
pub struct Element<'a> {
    session: &'a Session,
    id: String,
}

impl Session {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        request(&self.agent, method, &format!("{}{path}", self.base), body)
            .unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e}"))
    }

    fn try_call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        request(&self.agent, method, &format!("{}{path}", self.base), body)
    }

    /// A DevTools protocol command on the current tab.
    pub fn cdp(&self, command: &str, params: Value) -> Value {
        self.call(
            "POST",
            "/goog/cdp/execute",
            Some(json!({ "cmd": command, "params": params })),
        )
    }

    /// Cuts the browser's network (`true`) or gives it back, as chromedriver emulates it:
    /// `navigator.onLine` and the `offline`/`online` events follow.
    pub fn set_network(&self, offline: bool) {
        self.call(
            "POST",
            "/chromium/network_conditions",
            Some(json!({ "network_conditions": {
                "offline": offline, "latency": 0, "download_throughput": -1, "upload_throughput": -1
            } })),
        );
    }

    /// Opens `url` and waits for its load event.
    pub fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    pub fn url(&self) -> String {
        self.call("GET", "/url", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns what it returns.
    pub fn execute(&self, script: &str, args: Value) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Runs `script`, which calls `arguments[arguments.length - 1](result)` when done.
    pub fn execute_async(&self, script: &str, args: Value) -> Value {
        self.call(
            "POST",
            "/execute/async",
            Some(json!({ "script": script, "args": args })),
        )
    }

    pub fn try_find(&self, css: &str) -> Option<Element<'_>> {
        let value = self
            .try_call(
                "POST",
                "/element",
                Some(json!({ "using": "css selector", "value": css })),
            )
            .ok()?;
        Some(Element {
            session: self,
            id: value[ELEMENT_KEY].as_str()?.to_string(),
        })
    }

    /// The first element matching `css`; panics with the page's address if there is none.
    pub fn find(&self, css: &str) -> Element<'_> {
        self.try_find(css)
            .unwrap_or_else(|| panic!("no {css} on {}", self.url()))
    }

    /// Waits up to `seconds` for `css` to match.
    pub fn wait_for(&self, css: &str, seconds: u64) -> Element<'_> {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        loop {
            if let Some(element) = self.try_find(css) {
                return element;
            }
            assert!(
                Instant::now() < deadline,
                "{css} did not appear on {} within {seconds} s",
                self.url()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits up to `seconds` until `script` returns `true`; returns its last value otherwise
    /// in the panic message.
    pub fn wait_until(&self, script: &str, seconds: u64) {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        loop {
            let value = self.execute(script, json!([]));
            if value == true {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "`{script}` was not true within {seconds} s on {}",
                self.url()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Viewport screenshot as PNG bytes, written to `path` too.
    pub fn screenshot(&self, path: &Path) -> Vec<u8> {
        let value = self.call("GET", "/screenshot", None);
        let png = base64_decode(value.as_str().expect("base64 PNG"));
        std::fs::write(path, &png).expect("write screenshot");
        png
    }

    /// The whole page, scrolled, as one PNG at the phone's width.
    pub fn full_page_screenshot(&self, path: &Path) -> Vec<u8> {
        let value = self.cdp(
            "Page.captureScreenshot",
            json!({ "format": "png", "captureBeyondViewport": true }),
        );
        let png = base64_decode(value["data"].as_str().expect("base64 PNG"));
        std::fs::write(path, &png).expect("write screenshot");
        png
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = request(&self.agent, "DELETE", &self.base, None);
    }
}

impl Element<'_> {
    fn path(&self, rest: &str) -> String {
        format!("/element/{}{rest}", self.id)
    }

    pub fn click(&self) {
        self.session
            .call("POST", &self.path("/click"), Some(json!({})));
    }

    pub fn clear(&self) {
        self.session
            .call("POST", &self.path("/clear"), Some(json!({})));
    }

    /// Types `text` as key presses (input events fire as when a person types).
    pub fn send_keys(&self, text: &str) {
        self.session
            .call("POST", &self.path("/value"), Some(json!({ "text": text })));
    }

    pub fn text(&self) -> String {
        self.session
            .call("GET", &self.path("/text"), None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The element's live property (`value`, `checked`…).
    pub fn property(&self, name: &str) -> Value {
        self.session
            .call("GET", &self.path(&format!("/property/{name}")), None)
    }

    /// The element as a script argument.
    pub fn as_arg(&self) -> Value {
        json!({ ELEMENT_KEY: self.id })
    }
}

fn base64_decode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_decodes_with_and_without_padding() {
        assert_eq!(super::base64_decode("aGVsbG8="), b"hello");
        assert_eq!(super::base64_decode("aGk"), b"hi");
    }
}
