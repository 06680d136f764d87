//! The five form definitions and their rules, through `FormSpec::validate`.

use lingong_site::Config;
use lingong_site::forms::{self, Context, FormSpec, Input, Value};

fn specs() -> Vec<FormSpec> {
    let config = Config::parse(include_str!("../../config.toml")).expect("config");
    forms::all(&config, 2026)
}

fn spec(id: &str) -> FormSpec {
    specs()
        .into_iter()
        .find(|f| f.id == id)
        .expect("form exists")
}

fn open_jobs(slug: &str) -> bool {
    slug == "xiwangong"
}

fn context() -> Context<'static> {
    Context {
        today: jiff::civil::date(2026, 11, 25),
        job_is_open: &open_jobs,
    }
}

fn register() -> Vec<(&'static str, &'static str)> {
    vec![
        ("name", "张秀英"),
        ("mobile", "+86 139 9151 2345"),
        ("birth_year", "1968"),
        ("township", "池河镇"),
        ("village", "五爱村"),
        ("categories", "餐饮"),
        ("categories", "保洁"),
        ("availability", "农闲时"),
        ("consent", "同意"),
    ]
}

fn employer() -> Vec<(&'static str, &'static str)> {
    vec![
        ("employer", "石泉县老街面馆"),
        ("contact", "王女士"),
        ("mobile", "13991512345"),
        ("title", "招洗碗工"),
        ("category", "餐饮"),
        ("headcount", "2"),
        ("pay", "15"),
        ("pay_unit", "元/小时"),
        ("employment_type", "兼职"),
        ("township", "城关镇"),
        ("address", "老街 28 号"),
        ("duties", "洗碗、收拾后厨"),
        ("no_fee", "同意"),
        ("consent", "同意"),
    ]
}

fn with(
    base: Vec<(&'static str, &'static str)>,
    changes: &[(&'static str, &'static str)],
) -> Input {
    let mut pairs: Vec<(&str, &str)> = base
        .into_iter()
        .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
        .collect();
    pairs.extend(changes.iter().filter(|(_, v)| !v.is_empty()).copied());
    Input::from_pairs(pairs)
}

#[test]
fn there_are_five_forms_each_with_a_privacy_statement() {
    let ids: Vec<&str> = specs().iter().map(|f| f.id).collect();
    assert_eq!(
        ids,
        ["register", "apply", "employer", "survey", "satisfaction"]
    );
    for form in specs() {
        assert!(
            !form.privacy.purpose.is_empty() && !form.privacy.retention.is_empty(),
            "{}",
            form.id
        );
    }
}

#[test]
fn a_complete_registration_is_accepted_with_normalized_values() {
    let accepted = spec("register")
        .validate(&with(register(), &[]), &context())
        .expect("valid");
    assert_eq!(accepted.values["mobile"], Value::Text("13991512345".into()));
    assert_eq!(
        accepted.values["categories"],
        Value::List(vec!["餐饮".into(), "保洁".into()])
    );
    assert_eq!(accepted.values["birth_year"], Value::Integer(1968));
}

#[test]
fn every_problem_is_reported_by_field_in_chinese() {
    let input = with(
        register(),
        &[
            ("mobile", "1234"),
            ("birth_year", "2015"),
            ("township", "北京"),
            ("consent", ""),
        ],
    );
    let errors = spec("register")
        .validate(&input, &context())
        .expect_err("invalid");
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert!(errors["mobile"].contains("手机号"), "{errors:?}");
    assert!(errors["birth_year"].contains("1930 到 2010"), "{errors:?}");
    assert!(errors["township"].contains("请从列表中选择"));
    assert!(errors["consent"].contains("请勾选"));
}

#[test]
fn lengths_choices_and_control_characters_are_checked() {
    let long = "很".repeat(21);
    let long: &'static str = Box::leak(long.into_boxed_str());
    let input = with(
        register(),
        &[
            ("name", long),
            ("categories", "开飞机"),
            ("village", "五爱\u{7}村"),
        ],
    );
    let errors = spec("register")
        .validate(&input, &context())
        .expect_err("invalid");
    assert!(errors["name"].contains("最多 20 个字"), "{errors:?}");
    assert!(errors["categories"].contains("请从列表中选择"));
    assert!(errors["village"].contains("无法显示的字符"));
}

#[test]
fn an_application_must_name_an_open_job_and_asks_separately_to_share_contact() {
    let base = vec![
        ("job", "xiwangong"),
        ("name", "李强"),
        ("mobile", "13800000000"),
        ("consent", "同意"),
    ];
    let accepted = spec("apply")
        .validate(&with(base.clone(), &[]), &context())
        .expect("valid");
    assert_eq!(
        accepted.values["share_contact"],
        Value::Bool(false),
        "sharing needs its own tick"
    );
    let errors = spec("apply")
        .validate(&with(base, &[("job", "closed-job")]), &context())
        .expect_err("closed");
    assert!(errors["job"].contains("结束招聘"));
}

#[test]
fn employer_needs_with_discrimination_or_fees_are_refused_with_the_reason() {
    let input = with(employer(), &[("requirements", "限男性，入职交押金 200 元")]);
    let errors = spec("employer")
        .validate(&input, &context())
        .expect_err("refused");
    assert!(errors["requirements"].contains("不得"), "{errors:?}");

    let fine = with(employer(), &[("requirements", "不收任何押金，能吃苦")]);
    assert!(spec("employer").validate(&fine, &context()).is_ok());
}

#[test]
fn age_limits_and_failing_credit_codes_are_accepted_but_flagged() {
    let input = with(
        employer(),
        &[
            ("requirements", "高处作业，年龄 18—55 周岁"),
            ("credit_code", "91610922MA70U6XX3P"),
        ],
    );
    let accepted = spec("employer")
        .validate(&input, &context())
        .expect("accepted");
    assert_eq!(accepted.flags.len(), 2, "{:?}", accepted.flags);
}

#[test]
fn employer_pay_range_and_dates_must_make_sense() {
    let input = with(
        employer(),
        &[
            ("pay_max", "10"),
            ("start_date", "2026-12-10"),
            ("valid_through", "2026-12-01"),
        ],
    );
    let errors = spec("employer")
        .validate(&input, &context())
        .expect_err("invalid");
    assert!(
        errors.contains_key("pay_max") && errors.contains_key("valid_through"),
        "{errors:?}"
    );
    let past = with(employer(), &[("valid_through", "2026-11-01")]);
    assert!(
        spec("employer")
            .validate(&past, &context())
            .expect_err("past")["valid_through"]
            .contains("已经过了")
    );
}

#[test]
fn surveys_record_consent_given_on_the_persons_behalf() {
    let base = vec![
        ("surveyor", "刘干事"),
        ("name", "陈大山"),
        ("township", "喜河镇"),
        ("village", "晏坝村"),
        ("community_type", "行政村"),
        ("employment_status", "在家务农"),
        ("intention", "想在本地打零工"),
    ];
    let errors = spec("survey")
        .validate(&with(base.clone(), &[]), &context())
        .expect_err("no consent");
    assert!(errors.contains_key("consent_on_behalf"));
    assert!(
        spec("survey")
            .validate(&with(base, &[("consent_on_behalf", "同意")]), &context())
            .is_ok()
    );
}

#[test]
fn satisfaction_takes_a_rating_from_one_to_five() {
    let ok = Input::from_pairs([("service", "岗位推荐"), ("rating", "5")]);
    assert!(spec("satisfaction").validate(&ok, &context()).is_ok());
    let bad = Input::from_pairs([("service", "岗位推荐"), ("rating", "6")]);
    assert!(spec("satisfaction").validate(&bad, &context()).is_err());
}
