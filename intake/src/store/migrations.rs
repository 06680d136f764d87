//! The schema, as numbered migrations kept in `intake/migrations/` and applied in order at
//! start-up (rusqlite_migration tracks the version in SQLite's `user_version`).

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("../../migrations/001_submissions.sql")),
        M::up(include_str!("../../migrations/002_users.sql")),
        M::up(include_str!("../../migrations/003_staff.sql")),
        M::up(include_str!("../../migrations/004_publish.sql")),
    ])
}

pub fn apply(conn: &mut Connection) -> Result<(), rusqlite_migration::Error> {
    migrations().to_latest(conn)
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        assert!(super::migrations().validate().is_ok());
    }
}
