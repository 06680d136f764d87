//! `lingong-site`: build, check, serve or benchmark a site. Exit codes: 0 ok, 1 content or
//! other errors (every problem listed), 2 usage.

mod cli;

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use lingong_site::{BuildOptions, BuildReport, Config, Error, bench};

use cli::{Cli, CommandArgs, output_or_default, today_or_now};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            match e.downcast_ref::<Error>() {
                Some(Error::Content(diagnostics)) => {
                    eprint!("{diagnostics}");
                    eprintln!("共 {} 处错误，网站没有生成，原有网站保持不变。", diagnostics.error_count());
                }
                _ => eprintln!("错误：{e:#}"),
            }
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let root = cli.root;
    match cli.command {
        CommandArgs::Build { output, today } => {
            let options = BuildOptions {
                output: output_or_default(&root, output),
                today: today_or_now(today),
                root,
            };
            let report = lingong_site::build(&options)?;
            print_warnings(&report);
            println!(
                "生成完成：{} 个页面，{} 个文件，用时 {} 毫秒，输出到 {}",
                report.stats.pages,
                report.stats.files,
                report.elapsed.as_millis(),
                options.output.display()
            );
        }
        CommandArgs::Check { today } => {
            let report = lingong_site::check(&root, today_or_now(today))?;
            print_warnings(&report);
            println!(
                "检查通过：{} 个页面没有错误，{} 条提醒，用时 {} 毫秒",
                report.stats.pages,
                report.warnings.warning_count(),
                report.elapsed.as_millis()
            );
        }
        CommandArgs::Serve { output, today, listen } => {
            let options = BuildOptions {
                output: output_or_default(&root, output),
                today: today_or_now(today),
                root,
            };
            let report = lingong_site::build(&options)?;
            print_warnings(&report);
            println!("生成完成：{} 个页面", report.stats.pages);
            lingong_site::serve::serve(&options.output, listen, |addr| {
                println!("预览地址：http://{addr}/ （按 Ctrl+C 停止）");
            })?;
        }
        CommandArgs::Bench { jobs, policies, events, runs, keep } => {
            run_bench(&root, bench::CorpusSize { jobs, policies, events }, runs, keep)?;
        }
    }
    Ok(())
}

fn print_warnings(report: &BuildReport) {
    for w in report.warnings.warnings() {
        eprintln!("{w}");
    }
}

/// Writes a synthetic corpus, then times `lingong-site build` on it in a child process so that
/// its peak memory is its own.
fn run_bench(
    root: &std::path::Path,
    size: bench::CorpusSize,
    runs: usize,
    keep: Option<std::path::PathBuf>,
) -> anyhow::Result<()> {
    let config_path = root.join(lingong_site::config::CONFIG_FILE);
    let config_text = std::fs::read_to_string(&config_path)
        .map_err(|e| anyhow::anyhow!("无法读取 {}：{e}", config_path.display()))?;
    let config = Config::parse(&config_text)?;
    let tmp = tempfile_dir(keep)?;
    let corpus = tmp.path();
    let started = Instant::now();
    bench::write_corpus(corpus, &config_text, &config, size)?;
    println!(
        "corpus: {} jobs, {} policies, {} events written in {:.2} s to {}",
        size.jobs,
        size.policies,
        size.events,
        started.elapsed().as_secs_f64(),
        corpus.display()
    );
    let exe = std::env::current_exe()?;
    for run in 1..=runs {
        let started = Instant::now();
        let out = std::process::Command::new(&exe)
            .args(["--root"])
            .arg(corpus)
            .args(["build", "--today", "2026-11-25"])
            .output()?;
        let wall = started.elapsed();
        if !out.status.success() {
            anyhow::bail!("build failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        let pages = std::fs::read_dir(corpus.join("public/jobs"))
            .map(|d| d.count())
            .unwrap_or(0);
        let rss = bench::children_peak_rss().unwrap_or(0);
        println!(
            "run {run}: wall {:.3} s, peak RSS {} MB (largest child so far), job dirs {pages}; {}",
            wall.as_secs_f64(),
            rss / (1024 * 1024),
            String::from_utf8_lossy(&out.stdout).trim()
        );
    }
    Ok(())
}

/// A temporary folder removed at the end, or the one given with `--keep`.
fn tempfile_dir(keep: Option<std::path::PathBuf>) -> anyhow::Result<BenchDir> {
    match keep {
        Some(dir) => {
            std::fs::create_dir_all(&dir)?;
            Ok(BenchDir { path: dir, remove: false })
        }
        None => {
            let path = std::env::temp_dir().join(format!("lingong-bench-{}", std::process::id()));
            std::fs::create_dir_all(&path)?;
            Ok(BenchDir { path, remove: true })
        }
    }
}

struct BenchDir {
    path: std::path::PathBuf,
    remove: bool,
}

impl BenchDir {
    fn path(&self) -> &std::path::Path {
        &self.path
    }
}

impl Drop for BenchDir {
    fn drop(&mut self) {
        if self.remove {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}
