//! Start-up as a value: `App::build` loads the site, opens the database, starts the writer and
//! binds the listener (port 0 works, and the real address is kept); `App::run` serves until
//! told to stop, then lets in-flight requests finish, commits what is queued, and stops the
//! outbox worker.

use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use axum::Router;
use lingong_site::{BuildOptions, Site};
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};

use crate::abuse::{Limiter, TokenKey};
use crate::config::IntakeConfig;
use crate::outbox::{Outbox, Transport};
use crate::staff::StaffState;
use crate::staff::login::LoginLimiter;
use crate::staff::view::StaffViews;
use crate::state::{AppState, JobIndex};
use crate::store::{self, reader::Reader, writer::Writer};
use crate::workdays::WorkCalendar;

pub struct App {
    listener: TcpListener,
    router: Router,
    writer: Writer,
    outbox: Outbox,
    outbox_wake: Arc<Notify>,
    addr: SocketAddr,
}

impl App {
    pub async fn build(root: &Path, listen: Option<SocketAddr>) -> anyhow::Result<Self> {
        let config = IntakeConfig::load(root)?;
        let site = Site::load(root).map_err(|e| anyhow::anyhow!("{e}"))?;
        let today = lingong_site::today::today_in_shanghai();
        let public_dir = root.join("public");
        if !public_dir.join("index.html").is_file() {
            let options = BuildOptions {
                root: root.to_path_buf(),
                output: public_dir.clone(),
                today,
            };
            let report = lingong_site::build(&options).map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("网站尚未生成，已生成 {} 个页面", report.stats.pages);
        }

        let conn = store::open_and_migrate(&config.database)
            .with_context(|| format!("无法打开数据库 {}", config.database.display()))?;
        let writer = Writer::start(conn);
        let calendar = WorkCalendar::load(root).context("无法读取节假日安排 content/holidays")?;
        let staff = StaffState {
            config: config.staff.clone(),
            contract: config.contract.clone(),
            calendar,
            views: StaffViews::new(&site.config.site.title)
                .map_err(|e| anyhow::anyhow!("工作台模板有误：{e:?}"))?,
            login_limiter: LoginLimiter::default(),
        };
        let data_dir = config.database.parent().unwrap_or(root).to_path_buf();
        let token_key = TokenKey::load_or_create(&data_dir.join("form-token.key"))
            .context("无法读写表单令牌密钥")?;
        let jobs = JobIndex::from_site(&site, today);
        let transport = Transport::new(&config.mail)?;
        let outbox_wake = Arc::new(Notify::new());
        let state = AppState {
            forms: Arc::new(site.forms(today)),
            jobs: Arc::new(jobs),
            renderer: Arc::new(site.page_renderer()),
            public_dir,
            writer: writer.handle(),
            reader: Reader::new(config.database.clone()),
            root: root.to_path_buf(),
            staff: Arc::new(staff),
            token_key,
            limiter: Arc::new(Limiter::new(config.abuse.per_minute, config.abuse.burst)),
            abuse: config.abuse.clone(),
            site_title: site.config.site.title.clone(),
            notify: config.mail.to.clone(),
            outbox_wake: outbox_wake.clone(),
        };
        let outbox = Outbox {
            database: config.database.clone(),
            from: config.mail.from.clone(),
            transport,
            retry_base: Duration::from_secs(config.mail.retry_seconds),
        };
        let listen = listen.unwrap_or(config.listen);
        let listener = TcpListener::bind(listen)
            .await
            .with_context(|| format!("无法监听 {listen}"))?;
        let addr = listener.local_addr()?;
        Ok(Self {
            listener,
            router: crate::routes::app(state),
            writer,
            outbox,
            outbox_wake,
            addr,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let (stop_tx, stop_rx) = watch::channel(false);
        let worker = tokio::spawn(self.outbox.run(stop_rx, self.outbox_wake.clone()));
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown)
            .await?;
        // No request is in flight any more: commit what is queued, then stop sending mail.
        self.writer.stop().await;
        let _ = stop_tx.send(true);
        let _ = worker.await;
        Ok(())
    }
}

/// Resolves on Ctrl+C or SIGTERM (what systemd and `kill` send).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
    println!("正在停止：处理完已收到的提交后退出");
}
