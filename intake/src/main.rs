//! `lingong-intake`: serve the site and its forms, or look after the mail outbox.
//! Exit codes: 0 ok, 1 errors, 2 usage.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use lingong_intake::config::IntakeConfig;
use lingong_intake::startup::{App, shutdown_signal};
use lingong_intake::store::{self, queries};

use cli::{Cli, CommandArgs, OutboxAction, UserAction};

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("LINGONG_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let root = cli.root;
    match cli.command.unwrap_or(CommandArgs::Serve { listen: None }) {
        CommandArgs::Serve { listen } => {
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(async {
                let app = App::build(&root, listen).await?;
                println!("lingong-intake 正在监听 http://{}/", app.addr());
                app.run(shutdown_signal()).await
            })
        }
        CommandArgs::User { action } => {
            let config = IntakeConfig::load(&root)?;
            let conn = store::open_and_migrate(&config.database)?;
            match action {
                UserAction::Add { name, role } => {
                    lingong_intake::auth::check_name(&name)?;
                    let password = read_password()?;
                    let hash = lingong_intake::auth::hash_password(&password)?;
                    if !queries::add_user(&conn, &name, &role, &hash, jiff::Timestamp::now())? {
                        anyhow::bail!("账号 {name} 已存在");
                    }
                    println!("已新建账号 {name}（{role}）");
                }
                UserAction::List => {
                    for (name, role, disabled) in queries::users(&conn)? {
                        println!("{name}\t{role}{}", if disabled { "\t已停用" } else { "" });
                    }
                }
            }
            Ok(())
        }
        CommandArgs::Backup { path } => {
            let config = IntakeConfig::load(&root)?;
            store::backup(&config.database, &path)?;
            let conn = rusqlite::Connection::open_with_flags(
                &path,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
            )?;
            let count = queries::count_submissions(&conn)?;
            println!("已备份 {count} 份提交到 {}", path.display());
            Ok(())
        }
        CommandArgs::Purge { dry_run } => purge(&root, dry_run),
        CommandArgs::BenchSqlite { path, seconds } => {
            for per_transaction in [1, 16, 256] {
                let rate = lingong_intake::bench::commit_rate(
                    &path,
                    per_transaction,
                    std::time::Duration::from_secs(seconds),
                )?;
                println!(
                    "raw SQLite (WAL, synchronous=FULL): {per_transaction:>3} rows per transaction: {rate:>8.0} rows/s"
                );
            }
            let _ = std::fs::remove_file(&path);
            Ok(())
        }
        CommandArgs::BenchReport { path, scale, runs } => {
            let config = IntakeConfig::load(&root)?;
            let calendar = lingong_intake::workdays::WorkCalendar::load(&root)?;
            let times = lingong_intake::bench::report_times(
                &path,
                &config.contract,
                &calendar,
                scale,
                runs,
            )
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "{} 份提交、{} 人次服务、{} 人就业（{} 倍服务期指标）",
                times.submissions, times.services, times.placements, scale
            );
            println!(
                "合同进度（读取并计算全部指标）：{:.1} ms",
                times.dashboard_ms
            );
            println!(
                "月报（汇总及各台账，生成 XLSX {} 字节）：{:.1} ms",
                times.workbook_bytes, times.workbook_ms
            );
            Ok(())
        }
        CommandArgs::Report { month, output } => {
            use lingong_intake::report::{self, MonthlyReport};
            let config = IntakeConfig::load(&root)?;
            let calendar = lingong_intake::workdays::WorkCalendar::load(&root)?;
            let conn = store::open_and_migrate(&config.database)?;
            let today = lingong_intake::kpi::today();
            let built = MonthlyReport::build(&conn, &config.contract, &calendar, month, today)?;
            let bytes = report::xlsx::workbook(&built)?;
            report::write_atomically(&output, &bytes)?;
            store::sessions::audit(
                &conn,
                None,
                "export",
                &format!("report:{}", month.key()),
                &format!("命令行生成月报 Excel：{}", output.display()),
                jiff::Timestamp::now(),
            )?;
            println!("已生成{}：{}", built.title(), output.display());
            Ok(())
        }
        CommandArgs::Outbox { action } => {
            let config = IntakeConfig::load(&root)?;
            let conn = store::open_and_migrate(&config.database)?;
            match action {
                OutboxAction::List => {
                    let rows = queries::unsent(&conn)?;
                    if rows.is_empty() {
                        println!("没有待发送或发送失败的邮件");
                    }
                    for row in rows {
                        println!(
                            "#{} [{}] 尝试 {} 次，下次 {} — {}{}",
                            row.id,
                            row.status,
                            row.attempts,
                            row.next_attempt_at,
                            row.subject,
                            row.last_error
                                .map(|e| format!("（{e}）"))
                                .unwrap_or_default()
                        );
                    }
                }
                OutboxAction::Retry { id } => {
                    let n = queries::retry(&conn, id, jiff::Timestamp::now())?;
                    println!("已安排重发 {n} 封邮件（服务运行时会立即发送）");
                }
            }
            Ok(())
        }
    }
}

/// Anonymises the submissions past their retention period that led to no service.
fn purge(root: &std::path::Path, dry_run: bool) -> anyhow::Result<()> {
    use jiff::ToSpan;
    let config = IntakeConfig::load(root)?;
    let months = config.staff.retention.unused_submission_months;
    let now = jiff::Timestamp::now();
    let cutoff = now
        .to_zoned_datetime(lingong_site::toml_date::shanghai())
        .checked_sub(i64::from(months).months())?
        .timestamp();
    let cutoff = lingong_intake::submission::stored_time(cutoff);
    let mut conn = store::open_and_migrate(&config.database)?;
    let expired = store::queue::purge(&mut conn, &cutoff, dry_run, now)?;
    if !dry_run {
        store::erase_wal(&conn)?;
    }
    for item in &expired {
        println!(
            "{}\t{}\t{}\t{}",
            item.id, item.kind, item.status, item.created_at
        );
    }
    if dry_run {
        println!(
            "试运行：{} 条提交超过 {months} 个月且没有服务记录，将删除其个人信息（未修改）",
            expired.len()
        );
    } else {
        println!(
            "已删除 {} 条提交的个人信息（超过 {months} 个月且没有服务记录）",
            expired.len()
        );
    }
    Ok(())
}

/// The new account's password: asked twice without echo at a terminal, else one line of stdin
/// (for scripts: `echo "$PASSWORD" | lingong-intake user add …`).
fn read_password() -> anyhow::Result<String> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("密码：")?;
        let second = rpassword::prompt_password("再输一次：")?;
        anyhow::ensure!(first == second, "两次输入的密码不一样");
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}
