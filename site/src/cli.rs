//! The command line: the only home of clap types. Raw flags become `Command`s here.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use jiff::civil::Date;

use lingong_site::today::today_in_shanghai;
use lingong_site::toml_date::parse_date;

#[derive(Debug, Parser)]
#[command(
    name = "lingong-site",
    version,
    about = "石泉县零工市场网站生成器：把 content/ 里的岗位、活动、政策生成静态网站",
    long_about = None
)]
pub struct Cli {
    /// 网站根目录（放 config.toml 和 content/ 的目录），默认当前目录
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

    #[command(subcommand)]
    pub command: CommandArgs,
}

#[derive(Debug, Subcommand)]
pub enum CommandArgs {
    /// 生成网站：先写到新目录，成功后整体替换输出目录
    Build {
        /// 输出目录，默认为根目录下的 public/
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// 按这一天判断过期（YYYY-MM-DD），用于复现；默认今天（北京时间）
        #[arg(long, value_name = "DATE", value_parser = date_arg)]
        today: Option<Date>,
    },
    /// 检查全部内容和模板，不写文件；另外提示需要核实的岗位
    Check {
        #[arg(long, value_name = "DATE", value_parser = date_arg)]
        today: Option<Date>,
    },
    /// 在本机预览（http://127.0.0.1:1111）：修改内容、模板或配置后自动更新页面，不写输出目录
    Serve {
        #[arg(long, value_name = "DATE", value_parser = date_arg)]
        today: Option<Date>,
        /// 监听地址，端口 0 表示自动选择
        #[arg(long, default_value = "127.0.0.1:1111", value_name = "ADDR")]
        listen: SocketAddr,
    },
    /// 性能测试：生成合成内容并计时（墙钟时间与内存峰值）
    Bench {
        #[arg(long, default_value_t = 10_000)]
        jobs: usize,
        #[arg(long, default_value_t = 200)]
        policies: usize,
        #[arg(long, default_value_t = 100)]
        events: usize,
        /// 重复次数
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// 保留合成内容的目录（默认用临时目录并在结束后删除）
        #[arg(long, value_name = "DIR")]
        keep: Option<PathBuf>,
    },
}

fn date_arg(s: &str) -> Result<Date, String> {
    parse_date(s)
}

/// Resolves defaults that depend on other flags.
pub fn today_or_now(today: Option<Date>) -> Date {
    today.unwrap_or_else(today_in_shanghai)
}

pub fn output_or_default(root: &std::path::Path, output: Option<PathBuf>) -> PathBuf {
    output.unwrap_or_else(|| root.join("public"))
}
