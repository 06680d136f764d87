//! `lingong-intake user add`: accounts with argon2id hashes, names unique, weak passwords and
//! unknown roles refused.

use std::io::Write;
use std::process::{Command, Stdio};

use lingong_tests::{TempSite, intake_bin, scrubbed};

fn user(site: &TempSite, args: &[&str], stdin: &str) -> (Option<i32>, String) {
    let mut command = Command::new(intake_bin());
    command
        .arg("--root")
        .arg(site.root())
        .arg("user")
        .args(args);
    let mut child = scrubbed(&mut command)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // A usage error exits before reading stdin; the closed pipe is then expected.
    let written = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes());
    if let Err(error) = written {
        assert_eq!(
            error.kind(),
            std::io::ErrorKind::BrokenPipe,
            "write: {error}"
        );
    }
    let out = child.wait_with_output().expect("wait");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

#[test]
fn accounts_are_created_with_argon2id_hashes_and_checked() {
    let site = TempSite::fixture("small");
    let (code, text) = user(
        &site,
        &["add", "wangli", "--role", "staff"],
        "石泉零工市场2026\n",
    );
    assert_eq!(code, Some(0), "{text}");
    let (code, _) = user(
        &site,
        &["add", "hrb-audit", "--role", "auditor"],
        "另一个够长的密码123\n",
    );
    assert_eq!(code, Some(0));

    let (hash, role): (String, String) = site
        .db()
        .query_row(
            "SELECT password_hash, role FROM users WHERE name = 'wangli'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("stored");
    assert!(hash.starts_with("$argon2id$") && !hash.contains("石泉零工市场2026"));
    assert_eq!(role, "staff");

    let (code, text) = user(
        &site,
        &["add", "wangli", "--role", "admin"],
        "石泉零工市场2026\n",
    );
    assert_eq!(code, Some(1));
    assert!(text.contains("已存在"), "{text}");
    let (code, text) = user(&site, &["add", "zhao", "--role", "staff"], "short\n");
    assert_eq!(code, Some(1));
    assert!(text.contains("至少 10 个字符"), "{text}");
    let (code, _) = user(
        &site,
        &["add", "zhao", "--role", "root"],
        "石泉零工市场2026\n",
    );
    assert_eq!(code, Some(2), "an unknown role is a usage error");

    let (code, text) = user(&site, &["list"], "");
    assert_eq!(code, Some(0));
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        ["hrb-audit\tauditor", "wangli\tstaff"]
    );
}
