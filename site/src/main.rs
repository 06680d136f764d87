//! `lingong-site`: build, check, serve or benchmark a site. Exit codes: 0 ok, 1 content or
//! other errors (every problem listed), 2 usage.

mod bench_cmd;
mod cli;

use std::process::ExitCode;

use clap::Parser;
use lingong_site::{BuildOptions, BuildReport, Error, bench};

use cli::{Cli, CommandArgs, output_or_default, today_or_now};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            match e.downcast_ref::<Error>() {
                Some(Error::Content(diagnostics)) => {
                    eprint!("{diagnostics}");
                    eprintln!(
                        "共 {} 处错误，网站没有生成，原有网站保持不变。",
                        diagnostics.error_count()
                    );
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
                "生成完成：{} 个页面，{} 个文件（{} 个有变化），用时 {} 毫秒（其中搜索索引 {} 毫秒，{} KB），输出到 {}",
                report.stats.pages,
                report.stats.files,
                report.stats.changed,
                report.elapsed.as_millis(),
                report.stats.search_index.as_millis(),
                report.stats.search_bytes.div_ceil(1024),
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
        CommandArgs::Serve { today, listen } => {
            lingong_site::serve::serve(&root, today_or_now(today), listen, |addr| {
                println!("预览地址：http://{addr}/ （修改内容后页面自动刷新；按 Ctrl+C 停止）");
            })?;
        }
        CommandArgs::Bench {
            jobs,
            policies,
            events,
            runs,
            keep,
        } => {
            bench_cmd::run(
                &root,
                bench::CorpusSize {
                    jobs,
                    policies,
                    events,
                },
                runs,
                keep,
            )?;
        }
    }
    Ok(())
}

fn print_warnings(report: &BuildReport) {
    for w in report.warnings.warnings() {
        eprintln!("{w}");
    }
}
