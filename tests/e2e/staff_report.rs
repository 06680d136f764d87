//! The monthly report for October 2026 from the records seeded in `staff_dashboard`: the
//! printable page, the XLSX workbook (read back with calamine), the CSV files with a BOM, the
//! audit log of every download, and the same workbook from `lingong-intake report`.
//!
//! Seen on 31 October, 245 of the 365 days of the service period have passed, so the pace of
//! a target T is ⌈T × 245/365⌉.

use std::io::Cursor;
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use lingong_tests::{Staff, intake_bin, scrubbed};

use crate::staff_dashboard::{AUDITOR_PASSWORD, PHONE, STAFF_PASSWORD, TODAY, row, seeded_site};

fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => format!("{i}"),
        Data::DateTime(d) => format!("date:{}", d.as_f64()),
        other => format!("{other:?}"),
    }
}

/// Every sheet of a workbook: its name and its cells as text, by absolute position.
fn sheets(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("xlsx");
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("sheet");
            let (rows, cols) = range.end().map_or((0, 0), |(r, c)| (r + 1, c + 1));
            let cells = (0..rows)
                .map(|r| {
                    (0..cols)
                        .map(|c| range.get_value((r, c)).map(text).unwrap_or_default())
                        .collect()
                })
                .collect();
            (name, cells)
        })
        .collect()
}

fn sheet<'a>(book: &'a [(String, Vec<Vec<String>>)], name: &str) -> &'a [Vec<String>] {
    &book
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
        .1
}

/// The summary's rows for October: label, this month, cumulative, target, pace, standing.
const SUMMARY: &[[&str; 6]] = &[
    ["招聘活动（场）", "1", "8", "28", "19", "落后进度 11"],
    ["线下招聘会（场）", "1", "5", "18", "13", "落后进度 8"],
    ["线上招聘（场）", "0", "3", "10", "7", "落后进度 4"],
    [
        "就业服务（人次）",
        "7",
        "9",
        "1900",
        "1276",
        "落后进度 1267",
    ],
    [
        "成功就业（人，有佐证）",
        "3",
        "4",
        "600",
        "403",
        "落后进度 399",
    ],
    ["回访率", "0.333", "0.5", "0.5", "0.5", "达标"],
    [
        "平台注册并激活的企业（家）",
        "1",
        "1",
        "100",
        "68",
        "落后进度 67",
    ],
    [
        "2 个工作日内答复",
        "1",
        "0.6",
        "1",
        "1",
        "未达标，差 40.0 个百分点",
    ],
    [
        "满意度",
        "0.667",
        "0.667",
        "0.9",
        "0.9",
        "未达标，差 23.3 个百分点",
    ],
    [
        "活动佐证 5 个工作日内提交",
        "1",
        "0.75",
        "1",
        "1",
        "未达标，差 25.0 个百分点",
    ],
];

/// Numbers to three decimals, so rates compare without floating-point noise.
fn rounded(cell: &str) -> String {
    cell.parse::<f64>()
        .map(|f| {
            let s = format!("{f:.3}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        })
        .unwrap_or_else(|_| cell.to_string())
}

fn check_workbook(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    let book = sheets(bytes);
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "汇总",
            "就业服务",
            "成功就业",
            "回访",
            "招聘活动",
            "平台注册"
        ]
    );
    let summary = sheet(&book, "汇总");
    assert!(summary[0][0].contains("2026年10月"), "{:?}", summary[0]);
    assert_eq!(summary[3][..3], ["指标", "本月完成", "累计完成"]);
    for (i, expected) in SUMMARY.iter().enumerate() {
        let got: Vec<String> = summary[4 + i][..6].iter().map(|c| rounded(c)).collect();
        assert_eq!(
            got,
            expected.map(String::from),
            "summary row {}",
            expected[0]
        );
    }
    // Events per month below: May is flagged.
    let may = summary
        .iter()
        .find(|r| r[0] == "2026-05")
        .expect("May in the summary");
    assert_eq!(may[1..5], ["0", "0", "0", "未达标"]);

    let services = sheet(&book, "就业服务");
    assert_eq!(
        services[0][..4],
        ["编号", "服务日期", "姓名", "电话（脱敏）"]
    );
    assert_eq!(services.len(), 1 + 7, "October's 7 services");
    for r in &services[1..] {
        assert_eq!(r[1], "date:46304", "9 October 2026 as an Excel date");
        assert_eq!(r[3], "139****5678");
    }

    let placements = sheet(&book, "成功就业");
    let got: Vec<(&str, &str, &str, &str)> = placements[1..]
        .iter()
        .map(|r| (r[2].as_str(), r[1].as_str(), r[9].as_str(), r[11].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("李一", "date:46303", "1", "是"),
            ("李二", "date:46310", "2", "是"),
            ("李三", "date:46315", "1", "是"),
            ("李四", "date:46316", "1", "否"),
        ]
    );

    let followups = sheet(&book, "回访");
    let got: Vec<&str> = followups[1..].iter().map(|r| r[2].as_str()).collect();
    assert_eq!(got, ["李一", "李六"]);

    let events = sheet(&book, "招聘活动");
    assert_eq!(events.len(), 2);
    assert_eq!(events[1][1..4], ["date:46305", "国庆后专场招聘会", "线下"]);
    assert_eq!(
        events[1][11], "date:46307",
        "evidence complete on 12 October"
    );

    let signups = sheet(&book, "平台注册");
    let got: Vec<(&str, &str)> = signups[1..]
        .iter()
        .map(|r| (r[1].as_str(), r[8].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("石泉县丁公司", "否"),
            ("石泉县甲公司", "是"),
            ("石泉县丙公司", "否")
        ]
    );

    // No full phone number anywhere in the workbook.
    for (name, cells) in &book {
        assert!(
            !cells.iter().flatten().any(|c| c.contains(PHONE)),
            "{name} leaks a phone"
        );
    }
    book
}

fn exports_by(site: &lingong_tests::TempSite, name: &str) -> Vec<(String, String)> {
    let db = site.db();
    let mut stmt = db
        .prepare(
            "SELECT a.target, a.detail FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
             WHERE a.action = 'export' AND coalesce(u.name, '') = ?1 ORDER BY a.id",
        )
        .expect("query");
    stmt.query_map([name], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .map(Result::unwrap)
        .collect()
}

#[test]
fn the_monthly_report_has_the_months_figures_on_the_page_in_xlsx_and_csv_and_each_download_is_logged()
 {
    let (site, intake) = seeded_site();
    let auditor = Staff::login(&intake, "hrb", AUDITOR_PASSWORD);

    let page = auditor.get("/staff/report?month=2026-10");
    assert_eq!(page.status, 200, "{}\n{}", page.body, intake.log());
    let html = &page.body;
    assert!(html.contains("2026年10月"));
    let services = row(html, "sum-services");
    assert!(
        services.contains("<td class=\"month\">7</td>"),
        "{services}"
    );
    assert!(
        services.contains("<td class=\"total\">9</td>"),
        "{services}"
    );
    let response = row(html, "sum-response");
    assert!(
        response.contains("<td class=\"month\">100.0%（2/2）</td>"),
        "{response}"
    );
    assert!(
        response.contains("<td class=\"total\">60.0%（3/5）</td>"),
        "{response}"
    );
    assert!(html.contains("139****5678") && !html.contains(PHONE));
    assert!(html.contains("国庆后专场招聘会"));
    assert!(html.contains("本月成功就业（4 条记录，有佐证计入 3 人）"));
    assert!(
        !html.contains("十一月现场招聘会"),
        "November's event is not October's"
    );
    assert!(
        exports_by(&site, "hrb").is_empty(),
        "viewing is not exporting"
    );

    let (status, content_type, bytes) = auditor.get_bytes("/staff/report.xlsx?month=2026-10");
    assert_eq!(status, 200);
    assert_eq!(
        content_type,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let web_book = check_workbook(&bytes);

    let (status, content_type, csv) =
        auditor.get_bytes("/staff/report.csv?month=2026-10&sheet=services");
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/csv"));
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "a UTF-8 BOM for Excel");
    let csv = String::from_utf8(csv[3..].to_vec()).expect("utf-8");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 8, "{csv}");
    assert!(lines[0].starts_with("编号,服务日期,姓名,电话（脱敏）"));
    assert!(lines[1].contains(",2026-10-09,") && lines[1].contains("139****5678"));
    let (_, _, summary) = auditor.get_bytes("/staff/report.csv?month=2026-10&sheet=summary");
    let summary = String::from_utf8_lossy(&summary);
    assert!(
        summary.contains("就业服务（人次）,7,9,1900,1276,落后进度 1267"),
        "{summary}"
    );
    assert!(
        summary.contains("满意度,66.7%,66.7%,90.0%,90.0%"),
        "{summary}"
    );

    let exports = exports_by(&site, "hrb");
    assert_eq!(exports.len(), 3, "{exports:?}");
    assert!(exports.iter().all(|(target, _)| target == "report:2026-10"));
    assert!(exports[0].1.contains("xlsx") && exports[1].1.contains("就业服务"));

    // Wrong months and sheets are refused in Chinese and nothing is logged.
    for (path, says) in [
        ("/staff/report?month=2026-13", "格式不对"),
        ("/staff/report.xlsx?month=2026/10", "格式不对"),
        ("/staff/report.xlsx?month=2027-05", "不在服务期内"),
        ("/staff/report.csv?month=2026-12", "还没到"),
        (
            "/staff/report.csv?month=2026-10&sheet=secrets",
            "没有“secrets”这张表",
        ),
    ] {
        let reply = auditor.get(path);
        assert_eq!(reply.status, 400, "{path}");
        assert!(reply.body.contains(says), "{path}: {}", reply.body);
    }
    assert_eq!(exports_by(&site, "hrb").len(), 3);

    // The same workbook from the command line, for a scheduled job.
    let output = site.path("月报-2026-10.xlsx");
    let run = |month: &str| {
        let mut command = Command::new(intake_bin());
        command
            .arg("--root")
            .arg(site.root())
            .args(["report", "--month", month, "--output"])
            .arg(&output);
        scrubbed(&mut command).env("LINGONG_TODAY", TODAY);
        command.output().expect("lingong-intake report")
    };
    let done = run("2026-10");
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(String::from_utf8_lossy(&done.stdout).contains("2026年10月"));
    let cli_book = check_workbook(&std::fs::read(&output).expect("the workbook"));
    assert_eq!(cli_book, web_book, "the command writes the same workbook");
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file left behind");
    assert_eq!(
        exports_by(&site, "").len(),
        1,
        "the command's export is logged"
    );

    std::fs::remove_file(&output).expect("remove");
    let bad = run("2026-13");
    assert_eq!(
        bad.status.code(),
        Some(2),
        "a malformed month is a usage error"
    );
    assert!(String::from_utf8_lossy(&bad.stderr).contains("格式不对"));
    let outside = run("2027-05");
    assert_eq!(outside.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&outside.stderr).contains("不在服务期内"));
    assert!(!output.exists(), "nothing written for a refused month");

    // Staff can download too.
    let staff = Staff::login(&intake, "wangli", STAFF_PASSWORD);
    let (status, _, _) = staff.get_bytes("/staff/report.xlsx?month=2026-10");
    assert_eq!(status, 200);
    assert_eq!(exports_by(&site, "wangli").len(), 1);
}
