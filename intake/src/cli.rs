//! The command line: the only home of clap types.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use lingong_intake::kpi::Month;

#[derive(Debug, Parser)]
#[command(
    name = "lingong-intake",
    version,
    about = "石泉县零工市场受理服务：接收表单、保存、通知工作人员"
)]
pub struct Cli {
    /// 网站根目录（放 config.toml、content/、data/ 的目录），默认当前目录
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

    #[command(subcommand)]
    pub command: Option<CommandArgs>,
}

#[derive(Debug, Subcommand)]
pub enum CommandArgs {
    /// 启动服务（默认）：提供网站和表单，监听 127.0.0.1:8080
    Serve {
        /// 监听地址，端口 0 表示自动选择
        #[arg(long, value_name = "ADDR")]
        listen: Option<SocketAddr>,
    },
    /// 性能参考：本机磁盘上 SQLite（WAL、synchronous=FULL）每秒能提交多少行
    BenchSqlite {
        /// 测试用的数据库文件（会被覆盖）
        #[arg(long, value_name = "FILE")]
        path: PathBuf,
        /// 每种测量的秒数
        #[arg(long, default_value_t = 3)]
        seconds: u64,
    },
    /// 测量合同进度和月报在整个服务期数据量（乘以 --scale）下的耗时
    BenchReport {
        /// 测试用的数据库文件（会被覆盖）
        #[arg(long, value_name = "FILE")]
        path: PathBuf,
        /// 数据量是一个服务期最低指标的几倍
        #[arg(long, default_value_t = 1)]
        scale: usize,
        /// 重复几次，取最快的一次
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// 在线备份数据库（服务运行时也可以）；恢复方法见 README
    Backup {
        /// 备份文件路径
        path: PathBuf,
    },
    /// 管理工作人员账号
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// 删除保存期满的个人信息：超过 [intake.retention] unused_submission_months 个月、
    /// 没有形成服务或就业记录的提交，姓名、电话和文字内容被清除（统计数字不变）
    Purge {
        /// 只列出将要删除的，不修改
        #[arg(long)]
        dry_run: bool,
    },
    /// 生成某月的月报 Excel 工作簿（汇总及各台账），供定时任务使用；先写临时文件再改名
    Report {
        /// 月份，如 2026-10
        #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
        month: Month,
        /// 输出文件，如 月报-2026-10.xlsx
        #[arg(long, value_name = "FILE")]
        output: PathBuf,
    },
    /// 查看或重发未发出的通知邮件
    Outbox {
        #[command(subcommand)]
        action: OutboxAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum OutboxAction {
    /// 列出待发送和发送失败的邮件
    List,
    /// 让发送失败的邮件立即重发（不带 --id 则全部）
    Retry {
        #[arg(long)]
        id: Option<i64>,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// 新建账号；密码在提示时输入（不回显），或从标准输入读一行
    Add {
        name: String,
        #[arg(long, value_parser = ["staff", "auditor", "admin"])]
        role: String,
    },
    /// 列出账号
    List,
}

/// `--month 2026-10`, refused with a sentence in Chinese (clap exits 2 with it).
fn parse_month(text: &str) -> Result<Month, String> {
    Month::parse(text)
}
