-- The staff area: sessions, the queue's history, the five ledgers (台账) the contract is
-- audited on, evidence files, and the audit log of who saw or changed what.
-- Times are RFC 3339 in UTC (text order is time order); dates are YYYY-MM-DD in Asia/Shanghai.

-- A signed-in browser. The cookie holds a random token; only its SHA-256 is stored, so a copy
-- of the database does not let anyone in.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    csrf_token   TEXT NOT NULL,            -- sent back with every staff form
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL             -- idle timeout counts from here
) STRICT;

-- The queue: who handled a submission, and when it was first answered (the 2-working-day clock).
ALTER TABLE submissions ADD COLUMN handled_by INTEGER REFERENCES users (id);
ALTER TABLE submissions ADD COLUMN handled_at TEXT;
ALTER TABLE submissions ADD COLUMN first_response_at TEXT;
-- Set when a person's data was anonymised on request: the row stays, so counts stay right.
ALTER TABLE submissions ADD COLUMN anonymised_at TEXT;
CREATE INDEX submissions_by_status ON submissions (status, created_at);

-- Every change of status, with who and when and an optional note.
CREATE TABLE submission_history (
    id            INTEGER PRIMARY KEY,
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    status        TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    user_id       INTEGER NOT NULL REFERENCES users (id),
    at            TEXT NOT NULL
) STRICT;
CREATE INDEX submission_history_by_submission ON submission_history (submission_id, at);

-- Ledger 1: employment services, counted in person-times (人次).
CREATE TABLE services (
    id            INTEGER PRIMARY KEY,
    person_name   TEXT NOT NULL,
    person_phone  TEXT NOT NULL DEFAULT '',
    submission_id TEXT REFERENCES submissions (id),  -- the seeker's registration, when known
    kind          TEXT NOT NULL,           -- 求职登记 | 岗位推荐 | 职业指导 | …
    channel       TEXT NOT NULL,           -- 窗口 | 电话 | 上门 | 线上 | …
    job_slug      TEXT,                    -- for 岗位推荐: the job recommended
    note          TEXT NOT NULL DEFAULT '',
    service_date  TEXT NOT NULL,
    staff_id      INTEGER NOT NULL REFERENCES users (id),
    created_at    TEXT NOT NULL,
    anonymised_at TEXT
) STRICT;
CREATE INDEX services_by_date ON services (service_date);

-- Ledger 2: successful employment, each with its basis and evidence.
CREATE TABLE placements (
    id            INTEGER PRIMARY KEY,
    person_name   TEXT NOT NULL,
    person_phone  TEXT NOT NULL DEFAULT '',
    submission_id TEXT REFERENCES submissions (id),
    employer      TEXT NOT NULL,
    job_title     TEXT NOT NULL,
    job_slug      TEXT,
    start_date    TEXT NOT NULL,
    basis         TEXT NOT NULL,           -- 劳动合同 | 劳务协议 | 口头协议
    on_job_record TEXT NOT NULL DEFAULT '', -- required for 口头协议: who saw the person at work, when
    pay_record    TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    staff_id      INTEGER NOT NULL REFERENCES users (id),
    created_at    TEXT NOT NULL,
    anonymised_at TEXT
) STRICT;
CREATE INDEX placements_by_date ON placements (start_date);

-- Ledger 3: follow-up visits (回访) of placements.
CREATE TABLE followups (
    id             INTEGER PRIMARY KEY,
    placement_id   INTEGER NOT NULL REFERENCES placements (id),
    followup_date  TEXT NOT NULL,
    method         TEXT NOT NULL,          -- 电话 | 上门 | 微信
    outcome        TEXT NOT NULL,          -- 在岗 | 已离职 | 联系不上 | …
    problem        TEXT NOT NULL DEFAULT '',
    problem_solved INTEGER NOT NULL DEFAULT 0,
    staff_id       INTEGER NOT NULL REFERENCES users (id),
    created_at     TEXT NOT NULL
) STRICT;
CREATE INDEX followups_by_placement ON followups (placement_id);

-- Ledger 4: recruitment events held, with their evidence, due 5 working days after.
CREATE TABLE event_reports (
    id                 INTEGER PRIMARY KEY,
    event_slug         TEXT,               -- the published event page, when there is one
    title              TEXT NOT NULL,
    kind               TEXT NOT NULL,      -- 线下 | 线上
    format             TEXT NOT NULL,      -- 现场招聘会 | 专场招聘会 | 直播带岗 | 线上专场
    event_date         TEXT NOT NULL,
    place              TEXT NOT NULL DEFAULT '',
    stream_url         TEXT NOT NULL DEFAULT '',
    employers          TEXT NOT NULL DEFAULT '',  -- one per line
    employer_count     INTEGER NOT NULL DEFAULT 0,
    jobs_offered       INTEGER NOT NULL DEFAULT 0,
    attendees          INTEGER NOT NULL DEFAULT 0,
    seekers_registered INTEGER NOT NULL DEFAULT 0,
    summary            TEXT NOT NULL DEFAULT '',
    evidence_done_at   TEXT,               -- when summary and evidence were complete
    staff_id           INTEGER NOT NULL REFERENCES users (id),
    created_at         TEXT NOT NULL
) STRICT;
CREATE INDEX event_reports_by_date ON event_reports (event_date);

-- Ledger 5: local employers helped onto the Ankang smart HR platform.
CREATE TABLE platform_signups (
    id               INTEGER PRIMARY KEY,
    employer         TEXT NOT NULL,
    credit_code      TEXT NOT NULL DEFAULT '',
    registered_on    TEXT,
    verified_on      TEXT,                 -- real-name verification
    activated_on     TEXT,                 -- profile completed, account activated
    first_job_on     TEXT,                 -- first job posted on the platform
    help             TEXT NOT NULL,        -- 上门指导 | 线上培训 | 现场宣讲
    note             TEXT NOT NULL DEFAULT '',
    staff_id         INTEGER NOT NULL REFERENCES users (id),
    created_at       TEXT NOT NULL
) STRICT;

-- Evidence: files stored outside the web root under their SHA-256, linked to ledger rows.
CREATE TABLE evidence_files (
    sha256        TEXT PRIMARY KEY,
    mime          TEXT NOT NULL,           -- image/jpeg | image/png | application/pdf
    size          INTEGER NOT NULL,
    uploaded_by   INTEGER NOT NULL REFERENCES users (id),
    uploaded_at   TEXT NOT NULL
) STRICT;
CREATE TABLE evidence_links (
    ledger        TEXT NOT NULL,           -- placements | event_reports
    record_id     INTEGER NOT NULL,
    sha256        TEXT NOT NULL REFERENCES evidence_files (sha256),
    label         TEXT NOT NULL DEFAULT '', -- the original file name or what it shows
    PRIMARY KEY (ledger, record_id, sha256)
) STRICT;

-- Who did what to which record, and who saw or exported personal data.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user_id   INTEGER REFERENCES users (id),
    action    TEXT NOT NULL,               -- login | view_personal | export | status | create | …
    target    TEXT NOT NULL DEFAULT '',
    detail    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_log_by_time ON audit_log (at);
