-- Submissions from the public forms and the mail outbox that notifies staff of each.
-- A submission and its outbox row are written in one transaction: a notice is never lost,
-- and a submission is never acknowledged without its notice queued.

CREATE TABLE submissions (
    id            TEXT PRIMARY KEY,          -- submission_id: a UUID from the browser or derived
    kind          TEXT NOT NULL,             -- register | apply | employer | survey | satisfaction
    data          TEXT NOT NULL,             -- the checked values, JSON
    content_hash  TEXT NOT NULL,             -- SHA-256 of kind + values, to catch re-posts
    status        TEXT NOT NULL DEFAULT '新提交',
    spam          INTEGER NOT NULL DEFAULT 0,
    spam_reason   TEXT,
    flags         TEXT NOT NULL DEFAULT '[]',  -- notes for the reviewer, JSON array
    client_addr   TEXT,
    user_agent    TEXT,
    created_at    TEXT NOT NULL              -- RFC 3339, UTC
) STRICT;

CREATE INDEX submissions_by_hash ON submissions (content_hash, created_at);
CREATE INDEX submissions_by_kind ON submissions (kind, created_at);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    submission_id   TEXT NOT NULL REFERENCES submissions (id),
    recipients      TEXT NOT NULL,           -- JSON array of addresses
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending',  -- pending | sent | failed
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
) STRICT;

CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
