//! Evidence files (佐证材料) of placements and events: photos, sign-in lists, contracts.
//!
//! An upload is a multipart POST with the CSRF token in the query string. A file's type is
//! decided by its first bytes, never by its name: JPEG, PNG and PDF only, up to 10 MB. Files
//! are stored outside the web root under their SHA-256 (written to a temporary file beside
//! them, synced, renamed), so the same file uploaded twice is stored once and a half-written
//! file never has a real name. They are served only inside the staff area.

use std::io::Write;
use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, FromRequest, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use futures_util::StreamExt;
use jiff::Timestamp;
use sha2::{Digest, Sha256};

use super::ledgers::defs::{self, Ledger};
use super::session::StaffUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::{evidence as store, ledgers as ledger_store, sessions};

/// The largest evidence file.
pub const MAX_FILE: usize = 10 * 1024 * 1024;
/// The largest upload body: one file plus the multipart framing and a label.
const MAX_BODY: usize = MAX_FILE + 64 * 1024;
/// A body over the limit is still read (and thrown away) up to this much, so the browser gets
/// to read the refusal instead of a reset connection; beyond it the connection is dropped.
const DRAIN_UP_TO: usize = 64 * 1024 * 1024;

const TOO_BIG: &str = "文件太大：每个文件最多 10 MB，请压缩或分开上传。";
const WRONG_TYPE: &str = "只接受 JPEG、PNG 或 PDF 文件（照片、扫描件），这个文件不是。";

pub fn routes() -> Router<AppState> {
    let mut router = Router::new().route("/staff/evidence/{sha256}", get(serve));
    for ledger in defs::ALL.iter().copied().filter(|l| l.evidence) {
        router = router.route(
            &format!("/staff/ledgers/{}/{{id}}/evidence", ledger.name),
            post(
                move |state: State<AppState>,
                      user: StaffUser,
                      id: Path<String>,
                      request: Request| {
                    upload(ledger, state, user, id, request)
                },
            )
            // The app's body limit (64 KB) is for forms; uploads get their own.
            .layer(DefaultBodyLimit::max(MAX_BODY)),
        );
    }
    router
}

/// What a file's first bytes say it is: its MIME type and file extension.
pub fn sniff(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("image/jpeg", "jpg"))
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("image/png", "png"))
    } else if bytes.starts_with(b"%PDF-") {
        Some(("application/pdf", "pdf"))
    } else {
        None
    }
}

fn extension_of(mime: &str) -> &'static str {
    match mime {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        _ => "pdf",
    }
}

fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// One file taken from the upload, checked, not yet stored.
struct Incoming {
    label: String,
    bytes: Vec<u8>,
    mime: &'static str,
}

enum Refusal {
    TooBig,
    WrongType,
    NoFile,
    Malformed,
}

async fn upload(
    ledger: &'static Ledger,
    State(state): State<AppState>,
    user: StaffUser,
    Path(id): Path<String>,
    request: Request,
) -> Result<Response, AppError> {
    user.require_editor()?;
    let id = id
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(AppError::NotFound)?;
    let exists = state
        .reader
        .run(move |conn| Ok(store::record_exists(conn, ledger.table, id)?))
        .await?;
    if !exists {
        return Ok(state.staff.views.message(
            Some(&user),
            StatusCode::NOT_FOUND,
            "没有这条记录",
            "台账里没有这条记录，无法上传材料。",
        ));
    }
    let files = match read_files(request).await {
        Ok(files) => files,
        Err(refusal) => {
            let (status, text) = match refusal {
                Refusal::TooBig => (StatusCode::PAYLOAD_TOO_LARGE, TOO_BIG),
                Refusal::WrongType => (StatusCode::UNPROCESSABLE_ENTITY, WRONG_TYPE),
                Refusal::NoFile => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "没有收到文件，请先选择要上传的文件。",
                ),
                Refusal::Malformed => (
                    StatusCode::BAD_REQUEST,
                    "上传没有完成，请刷新页面后重新上传。",
                ),
            };
            return Ok(state
                .staff
                .views
                .message(Some(&user), status, "未能上传", text));
        }
    };

    // Write the files first: a row never points at a missing file. A file written for a
    // change that then fails is removed again, unless it was there before.
    let dir = state.staff.config.evidence_dir.clone();
    let described: Vec<(String, &'static str, i64)> = files
        .iter()
        .map(|f| (f.label.clone(), f.mime, f.bytes.len() as i64))
        .collect();
    let contents: Vec<Vec<u8>> = files.into_iter().map(|f| f.bytes).collect();
    let stored = tokio::task::spawn_blocking(move || store_files(&dir, contents))
        .await
        .map_err(|e| AppError::Internal(format!("evidence writer: {e}")))?
        .map_err(|e| AppError::Internal(format!("storing evidence: {e}")))?;
    let links: Vec<store::StoredFile> = described
        .into_iter()
        .zip(&stored)
        .map(|((label, mime, size), (sha, _))| store::StoredFile {
            sha256: sha.clone(),
            mime,
            size,
            label,
        })
        .collect();
    let user_id = user.id;
    let result = state
        .writer
        .run(move |tx| {
            let now = Timestamp::now();
            for file in &links {
                store::link(tx, ledger.table, id, file, user_id, now)?;
                let target = format!("{}/{id}", ledger.name);
                let detail = format!(
                    "{}（{}，{} 字节，{}）",
                    file.label, file.mime, file.size, file.sha256
                );
                sessions::audit(tx, Some(user_id), "upload", &target, &detail, now)?;
            }
            if std::ptr::eq(ledger, &defs::EVENTS) {
                ledger_store::refresh_event_evidence(tx, id, now)?;
            }
            Ok(())
        })
        .await;
    if let Err(e) = result {
        for (sha, new) in &stored {
            if *new {
                let _ = std::fs::remove_file(state.staff.config.evidence_dir.join(sha));
            }
        }
        return Err(e.into());
    }
    Ok(Redirect::to(&format!("/staff/ledgers/{}/{id}#evidence", ledger.name)).into_response())
}

/// Reads the multipart body: every file field, each checked for size and type. Nothing is
/// written anywhere until every file has passed.
async fn read_files(request: Request) -> Result<Vec<Incoming>, Refusal> {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > DRAIN_UP_TO) {
        return Err(Refusal::TooBig);
    }
    let (parts, body) = request.into_parts();
    let over = Arc::new(AtomicBool::new(false));
    let body = Body::from_stream(capped(body, over.clone()));
    let mut multipart =
        axum::extract::Multipart::from_request(Request::from_parts(parts, body), &())
            .await
            .map_err(|_| Refusal::Malformed)?;
    let mut files = Vec::new();
    let mut too_big = false;
    let mut wrong_type = false;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) if over.load(Ordering::Relaxed) => return Err(Refusal::TooBig),
            Err(_) => return Err(Refusal::Malformed),
        };
        let Some(name) = field.file_name().map(str::to_string) else {
            continue; // a plain field (the CSRF token, if a form sends it)
        };
        let mut field = field;
        let mut bytes = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() + chunk.len() > MAX_FILE {
                        too_big = true;
                        bytes.clear();
                    } else if !too_big {
                        bytes.extend_from_slice(&chunk);
                    }
                }
                Ok(None) => break,
                Err(_) if over.load(Ordering::Relaxed) => return Err(Refusal::TooBig),
                Err(_) => return Err(Refusal::Malformed),
            }
        }
        if name.is_empty() && bytes.is_empty() {
            continue; // the file input left empty
        }
        match sniff(&bytes) {
            Some((mime, _)) => files.push(Incoming {
                label: clean_label(&name),
                bytes,
                mime,
            }),
            None => wrong_type = true,
        }
    }
    if too_big || over.load(Ordering::Relaxed) {
        return Err(Refusal::TooBig);
    }
    if wrong_type {
        return Err(Refusal::WrongType);
    }
    if files.is_empty() {
        return Err(Refusal::NoFile);
    }
    Ok(files)
}

/// The body, ended early once it passes `MAX_BODY`; the rest is read and dropped (up to
/// `DRAIN_UP_TO`) and `over` set, so the handler answers 413 to a client still listening.
fn capped(
    body: Body,
    over: Arc<AtomicBool>,
) -> impl futures_util::Stream<Item = Result<Bytes, axum::Error>> + Send {
    futures_util::stream::unfold(
        (body.into_data_stream(), 0usize, over),
        |(mut stream, mut seen, over)| async move {
            match stream.next().await {
                None => None,
                Some(Err(e)) => Some((Err(e), (stream, seen, over))),
                Some(Ok(chunk)) => {
                    seen += chunk.len();
                    if seen <= MAX_BODY {
                        return Some((Ok(chunk), (stream, seen, over)));
                    }
                    over.store(true, Ordering::Relaxed);
                    while seen <= DRAIN_UP_TO {
                        match stream.next().await {
                            Some(Ok(more)) => seen += more.len(),
                            _ => break,
                        }
                    }
                    None
                }
            }
        },
    )
}

/// The original file name, kept as a label: no path, no control characters, not too long.
fn clean_label(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect::<String>()
        .trim()
        .to_string()
}

/// Stores each file under its SHA-256; returns (sha256, newly written) per file.
fn store_files(dir: &FsPath, files: Vec<Vec<u8>>) -> std::io::Result<Vec<(String, bool)>> {
    std::fs::create_dir_all(dir)?;
    let mut stored = Vec::new();
    for bytes in files {
        let sha = hex::encode(Sha256::digest(&bytes));
        let path: PathBuf = dir.join(&sha);
        if path.exists() {
            stored.push((sha, false));
            continue;
        }
        let mut temp = tempfile::NamedTempFile::new_in(dir)?;
        temp.write_all(&bytes)?;
        temp.as_file().sync_all()?;
        temp.persist(&path).map_err(|e| e.error)?;
        // The rename is durable once the folder itself is synced.
        std::fs::File::open(dir)?.sync_all()?;
        stored.push((sha, true));
    }
    Ok(stored)
}

/// Serves a stored file to signed-in staff and auditors (the guard has checked the session).
async fn serve(
    State(state): State<AppState>,
    _user: StaffUser,
    Path(sha256): Path<String>,
) -> Result<Response, AppError> {
    if !is_sha256(&sha256) {
        return Err(AppError::NotFound);
    }
    let mime = {
        let sha = sha256.clone();
        state
            .reader
            .run(move |conn| Ok(store::mime_of(conn, &sha)?))
            .await?
    };
    let Some(mime) = mime else {
        return Err(AppError::NotFound);
    };
    let path = state.staff.config.evidence_dir.join(&sha256);
    let bytes = match tokio::fs::read(&path).await {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(AppError::NotFound),
        Err(e) => {
            return Err(AppError::Internal(format!(
                "reading evidence {sha256}: {e}"
            )));
        }
    };
    let disposition = format!(
        "inline; filename=\"{}.{}\"",
        &sha256[..16],
        extension_of(&mime)
    );
    Ok((
        [
            (header::CONTENT_TYPE, mime),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_comes_from_the_bytes_and_labels_lose_their_paths() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest").unwrap().0, "image/png");
        assert_eq!(sniff(b"%PDF-1.7\n").unwrap().0, "application/pdf");
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]).unwrap().0, "image/jpeg");
        assert!(sniff(b"just text, named photo.jpg").is_none());
        assert_eq!(clean_label("C:\\Users\\王丽\\现场照片.jpg"), "现场照片.jpg");
        assert!(is_sha256(&"a".repeat(64)) && !is_sha256(&"A".repeat(64)));
    }

    #[test]
    fn the_same_file_is_stored_once() {
        let dir = tempfile::tempdir().unwrap();
        let png = b"\x89PNG\r\n\x1a\nfake".to_vec();
        let first = store_files(dir.path(), vec![png.clone()]).unwrap();
        let second = store_files(dir.path(), vec![png.clone()]).unwrap();
        assert!(first[0].1 && !second[0].1);
        assert_eq!(first[0].0, second[0].0);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file left behind");
        assert_eq!(std::fs::read(dir.path().join(&first[0].0)).unwrap(), png);
    }
}
