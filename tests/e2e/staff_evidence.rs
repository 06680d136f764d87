//! Evidence files of placements and events: a real PNG and PDF are stored once under their
//! SHA-256 outside the web root and served back byte for byte to staff and the auditor only;
//! a text file named .jpg and a file over 10 MB are refused and leave nothing behind.

use lingong_tests::{Staff, TempSite, get, http};
use sha2::{Digest, Sha256};

const STAFF_PASSWORD: &str = "石泉零工市场2026";
const AUDITOR_PASSWORD: &str = "人社局审计专用0001";

/// A 1×1 transparent PNG, complete with its CRCs.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

/// A one-page PDF.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 200 200]>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n";

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn count(site: &TempSite, sql: &str) -> i64 {
    site.db().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn files_in(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
}

struct Setup {
    site: TempSite,
    intake: lingong_tests::Intake,
    staff: Staff,
    placement: String,
    event: String,
}

fn setup() -> Setup {
    let site = TempSite::fixture("small");
    site.add_user("wangli", "staff", STAFF_PASSWORD);
    site.add_user("hrb", "auditor", AUDITOR_PASSWORD);
    let intake = site.start_intake(&[]);
    let staff = Staff::login(&intake, "wangli", STAFF_PASSWORD);
    let placement = staff.post(
        "/staff/ledgers/placements",
        &[
            ("person_name", "李娟"),
            ("person_phone", "13912345678"),
            ("employer", "石泉县饶峰镇富硒茶厂"),
            ("job_title", "采茶工"),
            ("start_date", "2026-10-12"),
            ("basis", "劳动合同"),
        ],
    );
    assert_eq!(placement.status, 303, "{}", placement.body);
    let event = staff.post(
        "/staff/ledgers/events",
        &[
            ("title", "国庆前专场招聘会"),
            ("kind", "线下"),
            ("format", "专场招聘会"),
            ("event_date", "2026-09-30"),
            ("place", "城关镇社区服务中心"),
            ("summary", "到场 300 余人，达成意向 41 人"),
        ],
    );
    assert_eq!(event.status, 303, "{}", event.body);
    Setup {
        site,
        intake,
        staff,
        placement: placement.location.unwrap(),
        event: event.location.unwrap(),
    }
}

#[test]
fn a_png_and_a_pdf_are_stored_once_under_their_hash_and_served_only_inside_the_staff_area() {
    let Setup {
        site,
        intake,
        staff,
        placement,
        event,
    } = setup();
    let evidence_dir = site.path("data/evidence");

    let reply = staff.post_multipart(
        &format!("{placement}/evidence"),
        &[],
        &[("file", "劳动合同.pdf", PDF), ("file", "在岗照片.png", PNG)],
    );
    assert_eq!(reply.status, 303, "{}", reply.body);
    // The same photo again, for the event: one file on disk, two links.
    let reply = staff.post_multipart(&format!("{event}/evidence"), &[], &[("file", "x.png", PNG)]);
    assert_eq!(reply.status, 303, "{}", reply.body);

    for bytes in [PNG, PDF] {
        let path = evidence_dir.join(sha256(bytes));
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{}", path.display());
    }
    assert_eq!(
        files_in(&evidence_dir),
        2,
        "stored once, no temporary files left"
    );
    // Outside the web root: the public site does not have them at any address.
    assert!(!evidence_dir.starts_with(site.path("public")));
    for path in [
        format!("/data/evidence/{}", sha256(PNG)),
        format!("/evidence/{}", sha256(PNG)),
    ] {
        assert_eq!(get(&intake.url(&path)).status, 404, "{path}");
    }
    assert_eq!(count(&site, "SELECT count(*) FROM evidence_files"), 2);
    assert_eq!(count(&site, "SELECT count(*) FROM evidence_links"), 3);
    assert_eq!(
        count(
            &site,
            "SELECT count(*) FROM audit_log WHERE action = 'upload'"
        ),
        3
    );

    // The detail page lists them; the event's evidence is now complete.
    let detail = staff.get(&placement);
    assert!(detail.body.contains("劳动合同.pdf") && detail.body.contains(&sha256(PDF)));
    let done: Option<String> = site
        .db()
        .query_row("SELECT evidence_done_at FROM event_reports", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(done.is_some(), "summary and a file: complete");
    let list = staff.get("/staff/ledgers/events");
    let row = list
        .body
        .lines()
        .find(|l| l.contains("国庆前专场招聘会"))
        .unwrap();
    assert!(
        row.contains("才交齐，已超时") && row.contains("overdue"),
        "done after its due date: {row}"
    );

    // Served back byte for byte, with its type, to staff and to the auditor.
    let auditor = Staff::login(&intake, "hrb", AUDITOR_PASSWORD);
    for (who, bytes, mime) in [
        (&staff, PNG, "image/png"),
        (&auditor, PNG, "image/png"),
        (&auditor, PDF, "application/pdf"),
    ] {
        let (status, content_type, body) =
            who.get_bytes(&format!("/staff/evidence/{}", sha256(bytes)));
        assert_eq!(status, 200);
        assert_eq!(content_type, mime);
        assert_eq!(body, bytes);
    }
    let response = http()
        .get(&staff.url(&format!("/staff/evidence/{}", sha256(PDF))))
        .header("cookie", staff.cookie())
        .call()
        .unwrap();
    let header = |name: &str| response.headers()[name].to_str().unwrap().to_string();
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert!(
        header("content-disposition").ends_with(".pdf\""),
        "{}",
        header("content-disposition")
    );

    // Nobody else: anonymous is sent to the login page, an unknown hash is not found.
    let anonymous = get(&intake.url(&format!("/staff/evidence/{}", sha256(PNG))));
    assert_eq!(anonymous.status, 303);
    assert!(anonymous.location.unwrap().starts_with("/staff/login"));
    assert_eq!(
        staff
            .get(&format!("/staff/evidence/{}", "0".repeat(64)))
            .status,
        404
    );
    assert_eq!(
        staff.get("/staff/evidence/..%2F..%2Fconfig.toml").status,
        404
    );
}

#[test]
fn a_text_file_named_jpg_and_a_file_over_ten_megabytes_are_refused_and_nothing_is_stored() {
    let Setup {
        site,
        intake,
        staff,
        placement,
        event,
    } = setup();
    let evidence_dir = site.path("data/evidence");

    let fake = staff.post_multipart(
        &format!("{placement}/evidence"),
        &[],
        &[(
            "file",
            "现场照片.jpg",
            "这其实是一段文字，不是照片".as_bytes(),
        )],
    );
    assert_eq!(fake.status, 422, "{}", fake.body);
    assert!(
        fake.body.contains("只接受 JPEG、PNG 或 PDF"),
        "{}",
        fake.body
    );
    // One good file with one bad one: all refused.
    let mixed = staff.post_multipart(
        &format!("{event}/evidence"),
        &[],
        &[
            ("file", "a.png", PNG),
            ("file", "b.pdf", b"<html>not a pdf</html>"),
        ],
    );
    assert_eq!(mixed.status, 422);

    let mut big = PNG.to_vec();
    big.resize(10 * 1024 * 1024 + 1, 0);
    let too_big = staff.post_multipart(
        &format!("{placement}/evidence"),
        &[],
        &[("file", "big.png", &big)],
    );
    assert_eq!(too_big.status, 413, "{}", too_big.body);
    assert!(too_big.body.contains("最多 10 MB"), "{}", too_big.body);
    let mut huge = PNG.to_vec();
    huge.resize(12 * 1024 * 1024, 0);
    let too_big = staff.post_multipart(
        &format!("{event}/evidence"),
        &[],
        &[("file", "huge.png", &huge)],
    );
    assert_eq!(too_big.status, 413, "{}", too_big.body);

    assert_eq!(files_in(&evidence_dir), 0, "nothing on disk");
    assert_eq!(count(&site, "SELECT count(*) FROM evidence_files"), 0);
    assert_eq!(count(&site, "SELECT count(*) FROM evidence_links"), 0);
    assert_eq!(
        count(
            &site,
            "SELECT count(*) FROM audit_log WHERE action = 'upload'"
        ),
        0
    );

    // A file of exactly 10 MB is fine.
    big.truncate(10 * 1024 * 1024);
    let ok = staff.post_multipart(
        &format!("{placement}/evidence"),
        &[],
        &[("file", "big.png", &big)],
    );
    assert_eq!(ok.status, 303, "{}", ok.body);
    assert_eq!(files_in(&evidence_dir), 1);

    // The auditor cannot upload, even with a valid token.
    let auditor = Staff::login(&intake, "hrb", AUDITOR_PASSWORD);
    let refused = auditor.post_multipart(
        &format!("{placement}/evidence"),
        &[],
        &[("file", "p.pdf", PDF)],
    );
    assert_eq!(refused.status, 403);
    assert_eq!(count(&site, "SELECT count(*) FROM evidence_files"), 1);
}
