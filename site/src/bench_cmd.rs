//! `lingong-site bench`: writes a synthetic corpus and times real `lingong-site build` runs on
//! it, each in its own child process so that its wall time and peak memory are its own.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use lingong_site::{Config, bench};

/// One timed child run.
struct Run {
    wall: Duration,
    peak_rss_mb: u64,
    summary: String,
}

pub fn run(
    root: &Path,
    size: bench::CorpusSize,
    runs: usize,
    keep: Option<PathBuf>,
) -> anyhow::Result<()> {
    let config_path = root.join(lingong_site::config::CONFIG_FILE);
    let config_text = std::fs::read_to_string(&config_path)
        .with_context(|| format!("无法读取 {}", config_path.display()))?;
    let config = Config::parse(&config_text)?;
    let dir = BenchDir::new(keep)?;
    let corpus = dir.path.as_path();
    let started = Instant::now();
    bench::write_corpus(corpus, &config_text, &config, size)?;
    println!(
        "corpus: {} jobs, {} policies, {} events ({} categories, {} townships), written in {:.2} s to {}",
        size.jobs,
        size.policies,
        size.events,
        config.categories.len(),
        config.townships.len(),
        started.elapsed().as_secs_f64(),
        corpus.display()
    );
    let exe = std::env::current_exe()?;
    let build = |label: &str| -> anyhow::Result<()> {
        let r = timed(Command::new(&exe).arg("--root").arg(corpus).args([
            "build",
            "--today",
            "2026-11-25",
        ]))?;
        println!(
            "{label:<34} wall {:>6.3} s  peak RSS {:>4} MB  | {}",
            r.wall.as_secs_f64(),
            r.peak_rss_mb,
            r.summary
        );
        Ok(())
    };
    let r = timed(Command::new(&exe).arg("--root").arg(corpus).args([
        "check",
        "--today",
        "2026-11-25",
    ]))?;
    println!(
        "{:<34} wall {:>6.3} s  peak RSS {:>4} MB  | {}",
        "check (load + render, no writes)",
        r.wall.as_secs_f64(),
        r.peak_rss_mb,
        r.summary
    );
    for leftover in ["public", ".public.staging"] {
        let _ = std::fs::remove_dir_all(corpus.join(leftover));
    }
    build("build 1 (empty output)")?;
    build("build 2 (staging empty)")?;
    for n in 1..=runs {
        build(&format!("full rebuild {n} (nothing changed)"))?;
    }
    let edited = corpus.join("content/jobs/job-00042.md");
    let text = std::fs::read_to_string(&edited)?;
    std::fs::write(&edited, text.replacen("headcount = ", "headcount = 1", 1))?;
    build("full rebuild (one job edited)")?;
    preview_latency(&exe, corpus)?;
    Ok(())
}

/// Starts `lingong-site serve` on the corpus, edits one job several times, and measures how
/// long after each save the new text is served.
fn preview_latency(exe: &Path, corpus: &Path) -> anyhow::Result<()> {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(exe)
        .arg("--root")
        .arg(corpus)
        .args(["serve", "--listen", "127.0.0.1:0", "--today", "2026-11-25"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let stdout = child.stdout.take().context("stdout")?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("http://").nth(1) {
                let _ = tx.send(
                    rest.split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .trim_end_matches('/')
                        .to_string(),
                );
            }
        }
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(120))
        .context("serve did not start")?;
    let job = corpus.join("content/jobs/job-00042.md");
    let original = std::fs::read_to_string(&job)?;
    let mut times = Vec::new();
    for round in 0..7 {
        let marker = format!("改过第{round}次");
        let edited = original.replacen("title = \"", &format!("title = \"{marker}"), 1);
        let saved = Instant::now();
        std::fs::write(&job, edited)?;
        loop {
            if http_get(&addr, "/jobs/job-00042/").is_ok_and(|body| body.contains(&marker)) {
                times.push(saved.elapsed());
                break;
            }
            if saved.elapsed() > Duration::from_secs(10) {
                bail!("the edit never showed up in the preview");
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    let _ = child.kill();
    let _ = child.wait();
    std::fs::write(&job, original)?;
    times.sort();
    let ms: Vec<String> = times
        .iter()
        .map(|t| format!("{:.0}", t.as_secs_f64() * 1000.0))
        .collect();
    println!(
        "{:<34} median {:>4.0} ms, worst {:>4.0} ms  | each: {} ms",
        "serve: one job saved → page served",
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0,
        ms.join(", ")
    );
    Ok(())
}

/// A plain HTTP/1.0 GET on loopback; the body as text.
fn http_get(addr: &str, path: &str) -> std::io::Result<String> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr)?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n")?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    Ok(response)
}

/// Runs a command to completion and measures it with `wait4`, which reports the child's own
/// peak resident memory.
fn timed(command: &mut Command) -> anyhow::Result<Run> {
    let started = Instant::now();
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let pid = child.id() as libc::pid_t;
    let output_reader = std::thread::spawn(move || {
        use std::io::Read;
        let (mut out, mut err) = (String::new(), String::new());
        if let Some(mut s) = child.stdout {
            let _ = s.read_to_string(&mut out);
        }
        if let Some(mut s) = child.stderr {
            let _ = s.read_to_string(&mut err);
        }
        (out, err)
    });
    let mut status = 0;
    // SAFETY: wait4 writes only into the status and rusage we pass; the pid is our child's.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    let (out, err) = output_reader
        .join()
        .map_err(|_| anyhow::anyhow!("output reader panicked"))?;
    if rc < 0 || !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        bail!("child failed: {err}");
    }
    Ok(Run {
        wall,
        // ru_maxrss is in kilobytes on Linux.
        peak_rss_mb: u64::try_from(usage.ru_maxrss).unwrap_or(0) / 1024,
        summary: out.lines().last().unwrap_or_default().to_string(),
    })
}

/// The corpus folder: temporary and removed at the end, or the one given with `--keep`.
struct BenchDir {
    path: PathBuf,
    remove: bool,
}

impl BenchDir {
    fn new(keep: Option<PathBuf>) -> anyhow::Result<Self> {
        let (path, remove) = match keep {
            Some(dir) => (dir, false),
            None => (
                std::env::temp_dir().join(format!("lingong-bench-{}", std::process::id())),
                true,
            ),
        };
        std::fs::create_dir_all(&path)?;
        Ok(Self { path, remove })
    }
}

impl Drop for BenchDir {
    fn drop(&mut self) {
        if self.remove {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}
