//! The five forms of the market, with the rules that span several fields.

use std::collections::BTreeMap;

use super::field::{Field, FieldKind, Value};
use super::{Context, FieldErrors, FormSpec, Privacy};
use crate::config::Config;
use crate::content::job::PayUnit;
use crate::domain::wording::{age_limit, forbidden_wording};

const COLLECTOR: &str = "石泉县零工市场（受石泉县人力资源和社会保障局委托运营）";

fn text(max: usize) -> FieldKind {
    FieldKind::Text { max }
}

fn area(max: usize) -> FieldKind {
    FieldKind::TextArea { max }
}

fn options(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

const SKILL_LEVELS: &[&str] = &["没有经验", "会一些", "熟练", "有证书"];
const AVAILABILITY: &[&str] = &["随时可以", "农闲时", "只有周末", "短期几天"];
const EMPLOYMENT_STATUS: &[&str] = &[
    "在家务农",
    "灵活就业（打零工）",
    "外出务工",
    "没有工作，想找活",
    "其他",
];
const INTENTIONS: &[&str] = &[
    "想在本地打零工",
    "想外出务工",
    "想参加技能培训",
    "想自己创业",
    "暂时不找工作",
];
const COMMUNITY_TYPES: &[&str] = &["行政村", "移民搬迁安置社区", "城镇社区"];
const SERVICES: &[&str] = &[
    "求职登记",
    "岗位推荐",
    "职业指导",
    "用工咨询",
    "简历优化",
    "政策解读",
    "招聘活动",
    "其他",
];

/// Every form, with the choices that come from config (categories, townships).
pub fn all(config: &Config, today_year: i16) -> Vec<FormSpec> {
    let categories: Vec<String> = config.categories.iter().map(|t| t.name.clone()).collect();
    let townships: Vec<String> = config.townships.iter().map(|t| t.name.clone()).collect();
    // Workers under 16 may not be employed (劳动法 第十五条).
    let youngest = i64::from(today_year) - 16;
    vec![
        FormSpec {
            id: "register",
            title: "求职登记",
            intro: "登记后，有合适的活我们打电话告诉您。登记免费，不收任何费用。",
            privacy: Privacy {
                collector: COLLECTOR,
                purpose: "为您推荐岗位、通知招聘活动、统计就业服务情况",
                retention: "服务期结束后保存 3 年，到期删除；您可随时要求查看、更正或删除",
            },
            submit_label: "提交登记",
            thanks: "登记成功。工作人员会在 2 个工作日内给您打电话。",
            fields: vec![
                Field::new("name", "姓名", text(20)).autocomplete("name"),
                Field::new("mobile", "手机号", FieldKind::Mobile)
                    .autocomplete("tel")
                    .help("我们用这个号码通知您"),
                Field::new(
                    "birth_year",
                    "出生年份",
                    FieldKind::Integer {
                        min: 1930,
                        max: youngest,
                    },
                )
                .help("例如 1975；未满 16 周岁不能登记"),
                Field::new(
                    "township",
                    "住在哪个镇",
                    FieldKind::Select {
                        options: townships.clone(),
                    },
                ),
                Field::new("village", "村或社区", text(30)).help("例如 五爱村、江南社区"),
                Field::new("skills", "会什么手艺", text(100))
                    .optional()
                    .help("例如 做饭、开车、砌墙、采茶"),
                Field::new(
                    "skill_level",
                    "熟练程度",
                    FieldKind::Radio {
                        options: options(SKILL_LEVELS),
                    },
                )
                .optional(),
                Field::new(
                    "categories",
                    "想做的活",
                    FieldKind::Multi {
                        options: categories.clone(),
                    },
                ),
                Field::new(
                    "availability",
                    "什么时候能干",
                    FieldKind::Radio {
                        options: options(AVAILABILITY),
                    },
                ),
                Field::new("expected_pay", "希望工资", text(30))
                    .optional()
                    .help("例如 150 元一天"),
                Field::new("notes", "其他要说的", area(500)).optional(),
                Field::new(
                    "consent",
                    "我同意零工市场按上面的说明保存我的信息，用于推荐工作",
                    FieldKind::Consent,
                ),
            ],
        },
        FormSpec {
            id: "apply",
            title: "报名岗位",
            intro: "留下姓名和电话，工作人员核实后帮您联系用工单位。",
            privacy: Privacy {
                collector: COLLECTOR,
                purpose: "帮您报名这个岗位、与您联系；只有另外勾选同意，才把您的电话告诉用工单位",
                retention: "服务期结束后保存 3 年，到期删除；您可随时要求查看、更正或删除",
            },
            submit_label: "我要报名",
            thanks: "报名成功。工作人员会在 2 个工作日内给您打电话。",
            fields: vec![
                Field::new("job", "岗位", FieldKind::Hidden),
                Field::new("name", "姓名", text(20)).autocomplete("name"),
                Field::new("mobile", "手机号", FieldKind::Mobile).autocomplete("tel"),
                Field::new("message", "想说的话", area(300))
                    .optional()
                    .help("例如 什么时候能上班、有没有经验"),
                Field::new(
                    "share_contact",
                    "同意把我的姓名和电话告诉这个用工单位，方便他们直接联系我",
                    FieldKind::Consent,
                )
                .optional(),
                Field::new(
                    "consent",
                    "我同意零工市场按上面的说明保存我的信息",
                    FieldKind::Consent,
                ),
            ],
        },
        FormSpec {
            id: "employer",
            title: "用工登记",
            intro: "单位或个人招工，填好后工作人员核实，2 个工作日内发布到网站。发布免费。",
            privacy: Privacy {
                collector: COLLECTOR,
                purpose: "核实并发布招工信息、为您推荐合适的求职者",
                retention: "招聘信息和服务记录在服务期结束后保存 3 年",
            },
            submit_label: "提交招工信息",
            thanks: "已收到。工作人员核实后会在 2 个工作日内联系您并发布。",
            fields: vec![
                Field::new("employer", "单位名称或雇主姓名", text(60)).autocomplete("organization"),
                Field::new("credit_code", "统一社会信用代码", FieldKind::CreditCode)
                    .optional()
                    .help("个人雇主可不填；在营业执照上，18 位"),
                Field::new("contact", "联系人", text(20)),
                Field::new("mobile", "联系手机", FieldKind::Mobile).autocomplete("tel"),
                Field::new("title", "招什么人", text(40)).help("例如 招洗碗工 2 名"),
                Field::new(
                    "category",
                    "工种",
                    FieldKind::Select {
                        options: categories,
                    },
                ),
                Field::new(
                    "headcount",
                    "招几个人",
                    FieldKind::Integer { min: 1, max: 999 },
                ),
                Field::new("pay", "工资", FieldKind::Money { max: 100_000.0 })
                    .help("只填数字，如 150"),
                Field::new("pay_max", "最高工资", FieldKind::Money { max: 100_000.0 })
                    .optional()
                    .help("工资有范围时填上限"),
                Field::new(
                    "pay_unit",
                    "工资单位",
                    FieldKind::Radio {
                        options: options(&PayUnit::LABELS),
                    },
                ),
                Field::new(
                    "employment_type",
                    "用工形式",
                    FieldKind::Radio {
                        options: options(&crate::content::job::EMPLOYMENT_TYPES),
                    },
                ),
                Field::new("start_date", "开始日期", FieldKind::Date)
                    .optional()
                    .help("格式 2026-12-01"),
                Field::new("valid_through", "招到哪天为止", FieldKind::Date)
                    .optional()
                    .help("不填则发布后 30 天"),
                Field::new("work_hours", "工作时间", text(40))
                    .optional()
                    .help("例如 8:00—17:00"),
                Field::new(
                    "township",
                    "在哪个镇",
                    FieldKind::Select {
                        options: townships.clone(),
                    },
                ),
                Field::new("address", "工作地点", text(80)),
                Field::new("duties", "干什么活", area(1000)),
                Field::new("requirements", "有什么要求", area(1000))
                    .optional()
                    .help("不得限定性别、民族、户籍；不得收取任何费用"),
                Field::new(
                    "no_fee",
                    "我承诺不向求职者收取任何费用、押金或证件",
                    FieldKind::Consent,
                ),
                Field::new(
                    "consent",
                    "我同意零工市场按上面的说明保存并发布招工信息",
                    FieldKind::Consent,
                ),
            ],
        },
        FormSpec {
            id: "survey",
            title: "走访调查",
            intro: "工作人员在村、社区走访时填写。被登记人须当面同意。没有信号时也能先填，来网后自动提交。",
            privacy: Privacy {
                collector: COLLECTOR,
                purpose: "了解零工人员就业意愿和技能，用于岗位推荐、培训和政策咨询",
                retention: "服务期结束后保存 3 年，到期删除；本人可随时要求查看、更正或删除",
            },
            submit_label: "提交调查",
            thanks: "已保存。谢谢！",
            fields: vec![
                Field::new("surveyor", "走访人员", text(20)),
                Field::new("name", "被调查人姓名", text(20)),
                Field::new("mobile", "被调查人手机", FieldKind::Mobile).optional(),
                Field::new(
                    "birth_year",
                    "出生年份",
                    FieldKind::Integer {
                        min: 1920,
                        max: youngest,
                    },
                )
                .optional(),
                Field::new("township", "镇", FieldKind::Select { options: townships }),
                Field::new("village", "村或社区", text(30)),
                Field::new(
                    "community_type",
                    "类型",
                    FieldKind::Radio {
                        options: options(COMMUNITY_TYPES),
                    },
                ),
                Field::new(
                    "employment_status",
                    "现在就业情况",
                    FieldKind::Radio {
                        options: options(EMPLOYMENT_STATUS),
                    },
                ),
                Field::new(
                    "intention",
                    "就业意愿",
                    FieldKind::Radio {
                        options: options(INTENTIONS),
                    },
                ),
                Field::new("skills", "技能", text(100)).optional(),
                Field::new(
                    "skill_level",
                    "熟练程度",
                    FieldKind::Radio {
                        options: options(SKILL_LEVELS),
                    },
                )
                .optional(),
                Field::new("training_wanted", "想参加的培训", text(100)).optional(),
                Field::new("notes", "备注", area(500)).optional(),
                Field::new(
                    "consent_on_behalf",
                    "被调查人已当面同意由工作人员代为登记以上信息",
                    FieldKind::Consent,
                ),
            ],
        },
        FormSpec {
            id: "satisfaction",
            title: "满意度调查",
            intro: "您的意见帮我们把服务做好。可以不留姓名。",
            privacy: Privacy {
                collector: COLLECTOR,
                purpose: "统计服务满意度、改进服务",
                retention: "服务期结束后保存 3 年",
            },
            submit_label: "提交评价",
            thanks: "谢谢您的评价！",
            fields: vec![
                Field::new(
                    "service",
                    "您用过的服务",
                    FieldKind::Select {
                        options: options(SERVICES),
                    },
                ),
                Field::new(
                    "rating",
                    "满意程度",
                    FieldKind::Radio {
                        options: options(&["5", "4", "3", "2", "1"]),
                    },
                )
                .help("5 非常满意，1 很不满意"),
                Field::new("comment", "意见和建议", area(500)).optional(),
            ],
        },
    ]
}

/// Rules that look at several fields, or at the world outside the form.
pub fn cross_field_rules(
    form: &str,
    values: &BTreeMap<String, Value>,
    context: &Context,
    errors: &mut FieldErrors,
    flags: &mut Vec<String>,
) {
    let text = |name: &str| match values.get(name) {
        Some(Value::Text(s)) => s.as_str(),
        _ => "",
    };
    match form {
        "apply" => {
            let job = text("job");
            if !errors.contains_key("job") && !(context.job_is_open)(job) {
                errors.insert(
                    "job".into(),
                    "这个岗位已经结束招聘或不存在，请回到岗位列表选择其他岗位".into(),
                );
            }
        }
        "employer" => {
            if let (Some(Value::Money(pay)), Some(Value::Money(max))) =
                (values.get("pay"), values.get("pay_max"))
                && max < pay
            {
                errors.insert("pay_max".into(), "最高工资不能低于工资".into());
            }
            if let (Some(Value::Text(start)), Some(Value::Text(end))) =
                (values.get("start_date"), values.get("valid_through"))
                && end < start
            {
                errors.insert("valid_through".into(), "截止日期不能早于开始日期".into());
            }
            if let Some(Value::Text(end)) = values.get("valid_through")
                && end.as_str() < context.today.to_string().as_str()
            {
                errors.insert("valid_through".into(), "截止日期已经过了".into());
            }
            for field in ["title", "duties", "requirements"] {
                let words = forbidden_wording(text(field));
                if let Some((word, reason)) = words.first() {
                    errors.insert(
                        field.into(),
                        format!(
                            "含有“{word}”：{reason}。按《就业服务与就业管理规定》不能发布，请修改"
                        ),
                    );
                }
                if age_limit(text(field)).is_some() {
                    flags.push(format!("“{field}”中有年龄要求，需人工复核是否确有必要"));
                }
            }
        }
        _ => {}
    }
}
