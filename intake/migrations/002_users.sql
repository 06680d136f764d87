-- Staff accounts. Roles: staff (work the queue and ledgers), auditor (the purchaser: reads
-- everything, changes nothing), admin (also manages accounts).

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('staff', 'auditor', 'admin')),
    password_hash TEXT NOT NULL,            -- argon2id PHC string
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
) STRICT;
