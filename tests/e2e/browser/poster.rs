//! Posters print from Chromium as exactly one A4 page (`chromium --print-to-pdf`, no driver
//! needed). Skipped like every browser test when chromium is missing (see `browser::available`).

use std::path::Path;
use std::process::Command;

use lingong_tests::TempSite;
use lingong_tests::browser::{self, chromium};

/// Prints a local page to PDF with headless Chromium and returns the PDF's bytes.
fn print_to_pdf(page: &Path, pdf: &Path, profile: &Path) -> Vec<u8> {
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success() && pdf.is_file(),
        "chromium failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(pdf).expect("pdf")
}

/// Page objects (`/Type /Page`, not `/Pages`) in a PDF.
fn pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Type")
        .filter(|(i, m)| {
            let rest = text[i + m.len()..].trim_start();
            rest.starts_with("/Page") && !rest.starts_with("/Pages")
        })
        .count()
}

/// Width and height of every `/MediaBox [x0 y0 x1 y1]`.
fn media_boxes(pdf: &[u8]) -> Vec<(f64, f64)> {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/MediaBox")
        .filter_map(|(i, m)| {
            let rest = &text[i + m.len()..];
            let inner = rest.split_once('[')?.1.split_once(']')?.0;
            let n: Vec<f64> = inner
                .split_whitespace()
                .filter_map(|v| v.parse().ok())
                .collect();
            (n.len() == 4).then(|| (n[2] - n[0], n[3] - n[1]))
        })
        .collect()
}

#[test]
fn job_and_event_posters_print_as_one_a4_page() {
    if !browser::available(&[&chromium()]) {
        return;
    }
    let site = TempSite::sample();
    // A job whose every text is far too long for a sheet: it must still print as one page.
    let job = site.read("content/jobs/chengguan-laojie-mianguan-xiwangong.md");
    let long = "城关镇老街面馆招洗碗工和后厨帮工，".repeat(8);
    let job = job
        .replacen("title = \"", &format!("title = \"{long}"), 1)
        .replacen("address = \"", &format!("address = \"{long}"), 1)
        .replacen("employer = \"", &format!("employer = \"{long}"), 1);
    site.write("content/jobs/changbiaoti.md", &job);
    site.site(&["build", "--today", "2026-11-25"])
        .expect_code(0);
    let job = site.read("public/jobs/chengguan-laojie-mianguan-xiwangong/index.html");
    assert!(job.contains("href=\"/jobs/chengguan-laojie-mianguan-xiwangong/poster/\""));
    for poster in [
        // A short title, and the longest address and employer list of the sample.
        "public/jobs/chengguan-laojie-mianguan-xiwangong/poster/index.html",
        "public/jobs/chengguan-anju-zhuangshi-shuidian-anzhuang/poster/index.html",
        "public/events/2026-12-dongji-songwennuan-zhaopinhui/poster/index.html",
        "public/jobs/changbiaoti/poster/index.html",
    ] {
        let html = site.read(poster);
        assert!(html.contains("@page { size: A4;"), "{poster}");
        assert!(html.contains("<svg"), "{poster} has its QR code");
        assert!(html.contains("https://lingong.example.org/"), "{poster}");
        let pdf = print_to_pdf(
            &site.path(poster),
            &site.path("poster.pdf"),
            &site.path("chromium-profile"),
        );
        assert_eq!(pages(&pdf), 1, "{poster} prints as one page");
        for (w, h) in media_boxes(&pdf) {
            assert!(
                (w - 595.0).abs() < 2.0 && (h - 842.0).abs() < 2.0,
                "{poster} page is {w}×{h} pt, not A4"
            );
        }
    }
}
