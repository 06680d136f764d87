//! A synthetic corpus for `lingong-site bench`: thousands of believable jobs, policies and
//! events with both taxonomies, written as real content files so that the benchmark runs the
//! same code path as a county's site.

use std::fmt::Write as _;
use std::path::Path;

use crate::config::Config;
use crate::error::{Error, IoContext};

/// How big a corpus to write.
#[derive(Debug, Clone, Copy)]
pub struct CorpusSize {
    pub jobs: usize,
    pub policies: usize,
    pub events: usize,
}

const EMPLOYERS: &[&str] = &[
    "石泉县老街面馆",
    "石泉县汉江酒店",
    "石泉县鑫源家政服务部",
    "石泉县洁美保洁公司",
    "石泉县顺达物流",
    "石泉县金蚕建筑劳务公司",
    "石泉县富硒茶业合作社",
    "石泉县魔芋产业园",
    "石泉县古城旅游开发公司",
    "石泉县江南超市",
];
const TITLES: &[&str] = &[
    "招洗碗工",
    "招服务员",
    "招保洁员",
    "招搬运工",
    "招钢筋工",
    "招采茶工",
    "招育儿嫂",
    "招小工",
    "招分拣员",
    "招厨师助理",
];
const UNITS: &[&str] = &["元/小时", "元/天", "元/月", "元/件"];
const TOPICS: &[&str] = &["就业补助", "社保补贴", "创业扶持", "技能培训", "公共服务"];

/// A deterministic pseudo-random sequence (xorshift), so two runs build the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Writes `config.toml` (a copy of `config`'s source text) and a corpus under `root/content`.
pub fn write_corpus(
    root: &Path,
    config_text: &str,
    config: &Config,
    size: CorpusSize,
) -> Result<(), Error> {
    let write = |rel: String, text: &str| -> Result<(), Error> {
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_path(parent)?;
        }
        std::fs::write(&path, text).with_path(&path)
    };
    write("config.toml".into(), config_text)?;
    write(
        "content/_index.md".into(),
        "+++\ntitle = \"石泉县零工市场\"\n+++\n欢迎。\n",
    )?;
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let body = "## 工作内容\n\n负责日常工作，按时完成任务，听从安排。工作地点在石泉县城，交通方便。\n\n## 要求\n\n- 身体健康，能吃苦耐劳\n- 有相关经验者优先\n\n## 待遇\n\n工资按时发放，包午餐，节假日有福利。有意者请直接电话联系，或到零工市场服务大厅登记。\n";
    for i in 0..size.jobs {
        let category = &config.categories[i % config.categories.len()].name;
        let township = &config.townships[(i / 3) % config.townships.len()].name;
        let day = 1 + (rng.next() % 28);
        let month = 9 + (rng.next() % 3);
        let unit = rng.pick(UNITS);
        let pay = match unit {
            "元/小时" => 15 + rng.next() % 10,
            "元/天" => 120 + rng.next() % 150,
            "元/月" => 2500 + rng.next() % 3000,
            _ => 1 + rng.next() % 5,
        };
        let mut text = String::new();
        let _ = write!(
            text,
            "+++\ntitle = \"{township}{}{}（{i}）\"\ndate = 2026-{month:02}-{day:02}\n\n[taxonomies]\ncategory = [\"{category}\"]\ntownship = [\"{township}\"]\n\n[extra]\nemployer = \"{}\"\npay = {pay}\npay_unit = \"{unit}\"\nheadcount = {}\nvalid_through = 2027-0{}-15\nphone = \"139{:08}\"\naddress = \"石泉县{township}街道 {} 号\"\nverified_on = 2026-11-{:02}\n+++\n{body}",
            rng.pick(EMPLOYERS),
            rng.pick(TITLES),
            rng.pick(EMPLOYERS),
            1 + rng.next() % 9,
            1 + rng.next() % 2,
            rng.next() % 100_000_000,
            1 + rng.next() % 200,
            1 + rng.next() % 24,
        );
        write(format!("content/jobs/job-{i:05}.md"), &text)?;
    }
    for i in 0..size.policies {
        let text = format!(
            "+++\ntitle = \"就业政策解读第 {i} 号\"\ndate = 2026-0{}-10\n\n[extra]\ntopic = \"{}\"\nissuer = \"石泉县人力资源和社会保障局\"\n+++\n## 谁能申请\n\n在石泉县登记的灵活就业人员。\n\n## 补多少\n\n| 项目 | 标准 |\n|---|---|\n| 养老保险 | 缴费额的 2/3 |\n",
            1 + i % 9,
            rng.pick(TOPICS)
        );
        write(format!("content/policies/policy-{i:04}.md"), &text)?;
    }
    for i in 0..size.events {
        let month = 1 + i % 12;
        let online = i % 3 == 0;
        let place = if online {
            "kind = \"线上\"\nformat = \"直播带岗\"\nstream_url = \"https://live.example.org/lingong\"".to_string()
        } else {
            "kind = \"线下\"\nformat = \"现场招聘会\"\nlocation = \"零工市场服务大厅前广场\""
                .to_string()
        };
        let text = format!(
            "+++\ntitle = \"2026年第 {i} 场招聘活动\"\n\n[extra]\n{place}\nstart = 2026-{month:02}-{:02}T09:00:00\nend = 2026-{month:02}-{:02}T12:00:00\norganizer = \"石泉县零工市场\"\nemployers = [\"{}\", \"{}\"]\n+++\n活动介绍。\n",
            1 + i % 28,
            1 + i % 28,
            rng.pick(EMPLOYERS),
            rng.pick(EMPLOYERS)
        );
        write(format!("content/events/event-{i:04}.md"), &text)?;
    }
    Ok(())
}
