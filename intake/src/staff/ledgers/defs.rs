//! The five ledgers as data: their tables, fields, list columns and the rules that tie fields
//! together. The pages, the SQL and the CSV are all driven from here.

use rusqlite::types::Value;

use super::form::{self, Errors, Field, Kind, Values};

/// What the rules may need from the database: the placement a follow-up belongs to.
#[derive(Debug, Default)]
pub struct Lookups {
    /// `Some(start date)` when the follow-up's placement exists.
    pub placement_start: Option<String>,
}

pub struct Ledger {
    /// In the URL and the CSV file name.
    pub name: &'static str,
    pub table: &'static str,
    pub title: &'static str,
    /// What one row is called ("服务记录").
    pub noun: &'static str,
    pub intro: &'static str,
    /// The SQL expression of a row's date (filter and order).
    pub date_expr: &'static str,
    pub date_label: &'static str,
    pub fields: &'static [Field],
    /// Computed columns: (alias, label, SQL over `t`).
    pub computed: &'static [(&'static str, &'static str, &'static str)],
    /// Columns (stored or computed) shown in the list, in order.
    pub list_columns: &'static [&'static str],
    pub search: &'static [&'static str],
    /// Whether rows carry evidence files.
    pub evidence: bool,
    /// What a list total counts ("人次" for services).
    pub unit: &'static str,
    /// Checks across fields, and values derived from others.
    pub rules: fn(&mut Values, &mut Errors, &Lookups),
}

impl Ledger {
    pub fn label_of(&self, column: &str) -> &'static str {
        self.fields
            .iter()
            .find(|f| f.column == column)
            .map(|f| f.label)
            .or_else(|| {
                self.computed
                    .iter()
                    .find(|(alias, _, _)| *alias == column)
                    .map(|(_, label, _)| *label)
            })
            .unwrap_or("")
    }

    pub fn field(&self, column: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.column == column)
    }

    pub fn columns(&self) -> Vec<&'static str> {
        self.fields.iter().map(|f| f.column).collect()
    }

    pub fn computed_pairs(&self) -> Vec<(&'static str, &'static str)> {
        self.computed.iter().map(|(a, _, sql)| (*a, *sql)).collect()
    }
}

pub const SERVICE_KINDS: &[&str] = &[
    "求职登记",
    "岗位推荐",
    "职业指导",
    "用工咨询",
    "简历优化",
    "政策解读",
    "其他",
];
pub const SERVICE_CHANNELS: &[&str] = &["窗口", "电话", "上门", "线上", "招聘会"];
pub const BASES: &[&str] = &["劳动合同", "劳务协议", "口头协议"];
pub const FOLLOWUP_METHODS: &[&str] = &["电话", "上门", "微信"];
pub const FOLLOWUP_OUTCOMES: &[&str] = &["在岗", "已离职", "联系不上", "其他"];
pub const EVENT_KINDS: &[&str] = &["线下", "线上"];
pub const OFFLINE_FORMATS: &[&str] = &["现场招聘会", "专场招聘会"];
pub const ONLINE_FORMATS: &[&str] = &["直播带岗", "线上专场"];
pub const EVENT_FORMATS: &[&str] = &["现场招聘会", "专场招聘会", "直播带岗", "线上专场"];
pub const HELP_KINDS: &[&str] = &["上门指导", "线上培训", "现场宣讲"];

const fn field(
    column: &'static str,
    label: &'static str,
    kind: Kind,
    required: bool,
    hint: &'static str,
) -> Field {
    Field {
        column,
        label,
        kind,
        required,
        hint,
    }
}

pub static SERVICES: Ledger = Ledger {
    name: "services",
    table: "services",
    title: "就业服务台账",
    noun: "服务记录",
    intro: "每服务一人一次记一条，按人次统计。",
    date_expr: "t.service_date",
    date_label: "服务日期",
    fields: &[
        field("person_name", "姓名", Kind::Text, true, ""),
        field("person_phone", "联系电话", Kind::Phone, false, ""),
        field("kind", "服务类型", Kind::Choice(SERVICE_KINDS), true, ""),
        field(
            "channel",
            "服务方式",
            Kind::Choice(SERVICE_CHANNELS),
            true,
            "",
        ),
        field("service_date", "服务日期", Kind::Date, true, ""),
        field("note", "备注", Kind::LongText, false, ""),
    ],
    computed: &[],
    list_columns: &[
        "service_date",
        "person_name",
        "person_phone",
        "kind",
        "channel",
    ],
    search: &["person_name", "person_phone", "note"],
    evidence: false,
    unit: "人次",
    rules: no_rules,
};

pub static PLACEMENTS: Ledger = Ledger {
    name: "placements",
    table: "placements",
    title: "成功就业台账",
    noun: "就业记录",
    intro: "经市场推荐成功就业的人员，附用工依据和佐证材料；口头协议须有在岗核实记录。",
    date_expr: "t.start_date",
    date_label: "上岗日期",
    fields: &[
        field("person_name", "姓名", Kind::Text, true, ""),
        field("person_phone", "联系电话", Kind::Phone, true, ""),
        field("employer", "用工单位", Kind::Text, true, ""),
        field("job_title", "岗位", Kind::Text, true, ""),
        field("start_date", "上岗日期", Kind::Date, true, ""),
        field("basis", "用工依据", Kind::Choice(BASES), true, ""),
        field(
            "on_job_record",
            "在岗核实记录",
            Kind::LongText,
            false,
            "口头协议必填：谁在什么时候看到本人在岗，如“10月12日王丽到工地见到本人在岗”",
        ),
        field("pay_record", "工资发放记录", Kind::LongText, false, ""),
        field("note", "备注", Kind::LongText, false, ""),
    ],
    computed: &[
        (
            "followup_count",
            "回访次数",
            "(SELECT count(*) FROM followups f WHERE f.placement_id = t.id)",
        ),
        (
            "evidence_count",
            "佐证文件数",
            "(SELECT count(*) FROM evidence_links e WHERE e.ledger = 'placements' AND e.record_id = t.id)",
        ),
    ],
    list_columns: &[
        "start_date",
        "person_name",
        "person_phone",
        "employer",
        "job_title",
        "basis",
        "followup_count",
        "evidence_count",
    ],
    search: &["person_name", "person_phone", "employer", "job_title"],
    evidence: true,
    unit: "人",
    rules: placement_rules,
};

pub static FOLLOWUPS: Ledger = Ledger {
    name: "followups",
    table: "followups",
    title: "回访台账",
    noun: "回访记录",
    intro: "对成功就业人员的回访：在岗情况、反映的问题和是否解决。",
    date_expr: "t.followup_date",
    date_label: "回访日期",
    fields: &[
        field("placement_id", "就业记录", Kind::Placement, true, ""),
        field(
            "followup_date",
            "回访日期",
            Kind::Date,
            true,
            "不能早于上岗日期",
        ),
        field(
            "method",
            "回访方式",
            Kind::Choice(FOLLOWUP_METHODS),
            true,
            "",
        ),
        field(
            "outcome",
            "回访结果",
            Kind::Choice(FOLLOWUP_OUTCOMES),
            true,
            "",
        ),
        field("problem", "反映的问题", Kind::LongText, false, ""),
        field("problem_solved", "问题已解决", Kind::Flag, false, ""),
    ],
    computed: &[
        (
            "person_name",
            "姓名",
            "(SELECT p.person_name FROM placements p WHERE p.id = t.placement_id)",
        ),
        (
            "employer",
            "用工单位",
            "(SELECT p.employer FROM placements p WHERE p.id = t.placement_id)",
        ),
    ],
    list_columns: &[
        "followup_date",
        "placement_id",
        "person_name",
        "employer",
        "method",
        "outcome",
        "problem_solved",
    ],
    search: &["method", "outcome", "problem"],
    evidence: false,
    unit: "次",
    rules: followup_rules,
};

pub static EVENTS: Ledger = Ledger {
    name: "events",
    table: "event_reports",
    title: "招聘活动台账",
    noun: "活动记录",
    intro: "线下、线上招聘活动及其佐证材料（总结、照片、名单），须在活动后 5 个工作日内交齐。",
    date_expr: "t.event_date",
    date_label: "举办日期",
    fields: &[
        field("title", "活动名称", Kind::Text, true, ""),
        field("kind", "线上/线下", Kind::Choice(EVENT_KINDS), true, ""),
        field(
            "format",
            "活动形式",
            Kind::Choice(EVENT_FORMATS),
            true,
            "线下：现场招聘会、专场招聘会；线上：直播带岗、线上专场",
        ),
        field("event_date", "举办日期", Kind::Date, true, ""),
        field("place", "地点", Kind::Text, false, "线下活动必填"),
        field("stream_url", "直播链接", Kind::Url, false, "线上活动必填"),
        field(
            "employers",
            "参会企业",
            Kind::LongText,
            false,
            "每行一家，自动计数",
        ),
        field("jobs_offered", "提供岗位数", Kind::Count, false, ""),
        field("attendees", "到场人数", Kind::Count, false, ""),
        field("seekers_registered", "登记求职人数", Kind::Count, false, ""),
        field("summary", "活动总结", Kind::LongText, false, ""),
        field(
            "event_slug",
            "网站活动页",
            Kind::Slug,
            false,
            "可选：网站上已发布的活动页短名",
        ),
    ],
    computed: &[
        ("employer_count", "参会企业数", "t.employer_count"),
        (
            "evidence_count",
            "佐证文件数",
            "(SELECT count(*) FROM evidence_links e WHERE e.ledger = 'event_reports' AND e.record_id = t.id)",
        ),
        ("evidence_done_at", "材料齐全时间", "t.evidence_done_at"),
    ],
    list_columns: &[
        "event_date",
        "title",
        "kind",
        "format",
        "employer_count",
        "attendees",
        "evidence_count",
    ],
    search: &["title", "place", "employers", "summary"],
    evidence: true,
    unit: "场",
    rules: event_rules,
};

pub static SIGNUPS: Ledger = Ledger {
    name: "signups",
    table: "platform_signups",
    title: "平台入驻台账",
    noun: "入驻记录",
    intro: "帮助本地企业在安康智慧人社平台注册、实名认证、激活并发布首个岗位。",
    date_expr: "COALESCE(t.registered_on, substr(t.created_at, 1, 10))",
    date_label: "注册日期",
    fields: &[
        field("employer", "企业名称", Kind::Text, true, ""),
        field(
            "credit_code",
            "统一社会信用代码",
            Kind::CreditCode,
            false,
            "",
        ),
        field("registered_on", "注册日期", Kind::Date, false, ""),
        field("verified_on", "实名认证日期", Kind::Date, false, ""),
        field("activated_on", "激活日期", Kind::Date, false, ""),
        field("first_job_on", "首次发布岗位日期", Kind::Date, false, ""),
        field("help", "帮扶方式", Kind::Choice(HELP_KINDS), true, ""),
        field("note", "备注", Kind::LongText, false, ""),
    ],
    computed: &[],
    list_columns: &[
        "registered_on",
        "employer",
        "credit_code",
        "verified_on",
        "activated_on",
        "first_job_on",
        "help",
    ],
    search: &["employer", "credit_code", "note"],
    evidence: false,
    unit: "家",
    rules: signup_rules,
};

pub static ALL: [&Ledger; 5] = [&SERVICES, &PLACEMENTS, &FOLLOWUPS, &EVENTS, &SIGNUPS];

pub fn by_name(name: &str) -> Option<&'static Ledger> {
    ALL.iter().copied().find(|l| l.name == name)
}

fn no_rules(_: &mut Values, _: &mut Errors, _: &Lookups) {}

fn placement_rules(values: &mut Values, errors: &mut Errors, _: &Lookups) {
    if form::text(values, "basis") == "口头协议" && form::text(values, "on_job_record").is_empty()
    {
        errors.insert(
            "on_job_record",
            "口头协议须填写在岗核实记录：谁在什么时候看到本人在岗".to_string(),
        );
    }
}

fn followup_rules(values: &mut Values, errors: &mut Errors, lookups: &Lookups) {
    if errors.contains_key("placement_id") {
        return;
    }
    let Some(start) = lookups.placement_start.as_deref() else {
        errors.insert("placement_id", "没有这条就业记录，请重新选择".to_string());
        return;
    };
    if let Some(date) = form::date(values, "followup_date")
        && date.to_string().as_str() < start
    {
        errors.insert("followup_date", format!("回访日期不能早于上岗日期 {start}"));
    }
}

fn event_rules(values: &mut Values, errors: &mut Errors, _: &Lookups) {
    let kind = form::text(values, "kind").to_string();
    let format = form::text(values, "format").to_string();
    let allowed = match kind.as_str() {
        "线下" => OFFLINE_FORMATS,
        "线上" => ONLINE_FORMATS,
        _ => &[][..],
    };
    if !format.is_empty() && !allowed.is_empty() && !allowed.contains(&format.as_str()) {
        errors.insert(
            "format",
            format!("{kind}活动的形式只能是{}", allowed.join("或")),
        );
    }
    if kind == "线下" && form::text(values, "place").is_empty() && !errors.contains_key("place") {
        errors.insert("place", "线下活动须填写地点".to_string());
    }
    if kind == "线上"
        && form::text(values, "stream_url").is_empty()
        && !errors.contains_key("stream_url")
    {
        errors.insert("stream_url", "线上活动须填写直播链接".to_string());
    }
    // One employer per line: the count follows the list, so the two cannot disagree.
    let employers: Vec<String> = form::text(values, "employers")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    values.insert("employer_count", Value::Integer(employers.len() as i64));
    values.insert("employers", Value::Text(employers.join("\n")));
}

fn signup_rules(values: &mut Values, errors: &mut Errors, _: &Lookups) {
    // Each step comes after the one before it; a step left empty is skipped in the comparison.
    let steps = [
        "registered_on",
        "verified_on",
        "activated_on",
        "first_job_on",
    ];
    let mut previous: Option<(&str, jiff::civil::Date)> = None;
    for step in steps {
        if errors.contains_key(step) {
            continue;
        }
        let Some(date) = form::date(values, step) else {
            continue;
        };
        if let Some((before, before_date)) = previous
            && date < before_date
        {
            errors.insert(
                step,
                format!(
                    "{}不能早于{}（{before_date}）",
                    SIGNUPS.label_of(step),
                    SIGNUPS.label_of(before)
                ),
            );
        }
        previous = Some((step, date));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(ledger: &Ledger, pairs: &[(&str, &str)], lookups: &Lookups) -> (Values, Errors) {
        let posted: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let (_, mut values, mut errors) = form::parse(ledger.fields, &posted);
        (ledger.rules)(&mut values, &mut errors, lookups);
        (values, errors)
    }

    #[test]
    fn an_oral_agreement_needs_an_on_the_job_record() {
        let base = [
            ("person_name", "张三"),
            ("person_phone", "13812345678"),
            ("employer", "石泉县某建筑公司"),
            ("job_title", "钢筋工"),
            ("start_date", "2026-10-12"),
            ("basis", "口头协议"),
        ];
        let (_, errors) = run(&PLACEMENTS, &base, &Lookups::default());
        assert!(errors["on_job_record"].contains("在岗核实记录"));
        let mut with_record = base.to_vec();
        with_record.push(("on_job_record", "10月14日王丽到工地见到本人在岗"));
        let (_, errors) = run(&PLACEMENTS, &with_record, &Lookups::default());
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn event_formats_and_places_follow_the_kind_and_employers_are_counted() {
        let (_, errors) = run(
            &EVENTS,
            &[
                ("title", "直播带岗"),
                ("kind", "线上"),
                ("format", "现场招聘会"),
                ("event_date", "2026-10-01"),
            ],
            &Lookups::default(),
        );
        assert!(errors["format"].contains("直播带岗"));
        assert_eq!(errors["stream_url"], "线上活动须填写直播链接");
        let (values, errors) = run(
            &EVENTS,
            &[
                ("title", "秋季招聘会"),
                ("kind", "线下"),
                ("format", "现场招聘会"),
                ("event_date", "2026-09-30"),
                ("place", "县人社局广场"),
                ("employers", "甲公司\n\n 乙公司 \n丙公司\n"),
            ],
            &Lookups::default(),
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(values["employer_count"], Value::Integer(3));
    }

    #[test]
    fn a_followup_is_not_before_the_start_and_signup_steps_are_in_order() {
        let lookups = Lookups {
            placement_start: Some("2026-10-12".into()),
        };
        let pairs = [
            ("placement_id", "1"),
            ("followup_date", "2026-10-11"),
            ("method", "电话"),
            ("outcome", "在岗"),
        ];
        let (_, errors) = run(&FOLLOWUPS, &pairs, &lookups);
        assert!(errors["followup_date"].contains("2026-10-12"));
        let (_, errors) = run(&FOLLOWUPS, &pairs, &Lookups::default());
        assert!(errors["placement_id"].contains("没有这条"));

        let (_, errors) = run(
            &SIGNUPS,
            &[
                ("employer", "石泉县某公司"),
                ("help", "上门指导"),
                ("registered_on", "2026-10-12"),
                ("activated_on", "2026-10-10"),
            ],
            &Lookups::default(),
        );
        assert!(errors["activated_on"].contains("注册日期"), "{errors:?}");
    }
}
