//! `data/calendar-state.json`: what the generator remembers between builds so that calendar
//! apps see an event change as an update of the same event.
//!
//! For each event UID it keeps a hash of the event's calendar lines, the SEQUENCE number and
//! the time of the last change. A build that finds a different hash raises SEQUENCE by one and
//! stamps the change with the current time; one that finds the same hash reuses both, so
//! rebuilding an unchanged site gives byte-identical `.ics` files. The file is written only
//! after a build succeeded (a failed build leaves it as it was), atomically (temporary file,
//! then rename). Staff never edit it; deleting it restarts every SEQUENCE at 0 and stamps
//! every event with the time of the next build. UIDs of events that were removed stay, so an
//! event put back (a draft published again) continues its sequence.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::error::{Error, IoContext};

/// Relative to the site root.
pub const STATE_FILE: &str = "data/calendar-state.json";
const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalendarState {
    version: u32,
    /// Keyed by UID; a BTreeMap so the file is written in a stable order.
    events: BTreeMap<String, EventStamp>,
}

/// What the calendar says about one event's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventStamp {
    /// FNV-1a (64 bits, hex) of the event's calendar lines other than the stamps.
    pub hash: String,
    pub sequence: u32,
    /// When the hash last changed: written as DTSTAMP and LAST-MODIFIED.
    pub modified: Timestamp,
}

impl Default for CalendarState {
    fn default() -> Self {
        Self {
            version: VERSION,
            events: BTreeMap::new(),
        }
    }
}

impl CalendarState {
    pub fn path(root: &Path) -> PathBuf {
        root.join(STATE_FILE)
    }

    /// Reads the state of `root`; a site built for the first time has none.
    pub fn load(root: &Path) -> Result<Self, Error> {
        let path = Self::path(root);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => return Err(Error::Io { path, source: e }),
        };
        serde_json::from_str(&text).map_err(|e| Error::Io {
            path,
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("日历状态文件已损坏（{e}）；可以删除它，下次生成时会重新建立"),
            ),
        })
    }

    pub fn get(&self, uid: &str) -> Option<&EventStamp> {
        self.events.get(uid)
    }

    /// The state after seeing `events` (UID and hash of each): new events start at SEQUENCE 0,
    /// changed ones go up by one; both are stamped `now` (to the second).
    pub fn updated<'a>(
        &self,
        events: impl IntoIterator<Item = (&'a str, &'a str)>,
        now: Timestamp,
    ) -> Self {
        let now = Timestamp::from_second(now.as_second()).unwrap_or(now);
        let mut next = self.clone();
        next.version = VERSION;
        for (uid, hash) in events {
            match next.events.get_mut(uid) {
                Some(stamp) if stamp.hash == hash => {}
                Some(stamp) => {
                    stamp.hash = hash.to_string();
                    stamp.sequence += 1;
                    stamp.modified = now;
                }
                None => {
                    next.events.insert(
                        uid.to_string(),
                        EventStamp {
                            hash: hash.to_string(),
                            sequence: 0,
                            modified: now,
                        },
                    );
                }
            }
        }
        next
    }

    /// Writes the state under `root` unless the file already holds exactly this: a temporary
    /// file beside it, then a rename, so a crash never leaves half a file.
    pub fn save(&self, root: &Path) -> Result<(), Error> {
        let path = Self::path(root);
        let mut text = serde_json::to_string_pretty(self).map_err(|e| Error::Io {
            path: path.clone(),
            source: std::io::Error::other(e),
        })?;
        text.push('\n');
        if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
            return Ok(());
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_path(dir)?;
        }
        // A name of its own per save: two builds of one root into different outputs may
        // finish together, and must not rename each other's half-written file.
        static SAVES: AtomicU64 = AtomicU64::new(0);
        let temp = path.with_extension(format!(
            "json.{}-{}.tmp",
            std::process::id(),
            SAVES.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&temp, text).with_path(&temp)?;
        std::fs::rename(&temp, &path)
            .with_path(&path)
            .inspect_err(|_| {
                let _ = std::fs::remove_file(&temp);
            })
    }
}

/// FNV-1a, 64 bits, as 16 hex digits: stable across Rust versions and platforms, unlike
/// `DefaultHasher`, which matters because the hash is stored.
pub fn content_hash(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in text.as_bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(second: i64) -> Timestamp {
        Timestamp::from_second(second).unwrap()
    }

    #[test]
    fn a_changed_hash_raises_the_sequence_and_the_stamp() {
        let first = CalendarState::default().updated([("a@x", "h1")], at(100));
        assert_eq!(first.get("a@x").unwrap().sequence, 0);
        let same = first.updated([("a@x", "h1")], at(200));
        assert_eq!(same, first, "nothing changed, nothing moves");
        let edited = same.updated([("a@x", "h2")], at(300));
        let stamp = edited.get("a@x").unwrap();
        assert_eq!((stamp.sequence, stamp.modified), (1, at(300)));
    }

    #[test]
    fn state_round_trips_through_its_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            CalendarState::load(dir.path()).unwrap(),
            CalendarState::default()
        );
        let state = CalendarState::default().updated([("a@x", "h1")], at(100));
        state.save(dir.path()).unwrap();
        assert_eq!(CalendarState::load(dir.path()).unwrap(), state);
        std::fs::write(CalendarState::path(dir.path()), "{").unwrap();
        assert!(CalendarState::load(dir.path()).is_err());
    }

    #[test]
    fn the_hash_is_fixed() {
        assert_eq!(content_hash(""), "cbf29ce484222325");
        assert_ne!(content_hash("a"), content_hash("b"));
    }
}
