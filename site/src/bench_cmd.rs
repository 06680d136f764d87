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
    Ok(())
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
