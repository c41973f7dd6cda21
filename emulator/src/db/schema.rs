//! Schema migrations, applied in order at start-up.
//!
//! `PRAGMA user_version` records how many have run, so an existing database file is brought
//! up to date in place and a fresh one gets everything. Append new steps; never edit old ones.

use rusqlite::Connection;

const MIGRATIONS: &[&str] = &[
    // 1: the four vendor items plus our assumed push notifications. Every table keeps an
    // integer `seq` primary key so lists have a stable insertion order, and a UNIQUE text
    // `id` that is the public 30-digit identifier.
    r#"
    CREATE TABLE groups (
        seq         INTEGER PRIMARY KEY,
        id          TEXT NOT NULL UNIQUE,
        name        TEXT NOT NULL,
        description TEXT,
        created_at  INTEGER NOT NULL
    );
    CREATE TABLE users (
        seq        INTEGER PRIMARY KEY,
        id         TEXT NOT NULL UNIQUE,
        group_id   TEXT NOT NULL REFERENCES groups(id),
        first_name TEXT NOT NULL,
        last_name  TEXT NOT NULL,
        email      TEXT,
        phone      TEXT,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX users_by_group ON users(group_id, seq);
    CREATE TABLE devices (
        seq           INTEGER PRIMARY KEY,
        id            TEXT NOT NULL UNIQUE,
        user_id       TEXT NOT NULL REFERENCES users(id),
        name          TEXT NOT NULL,
        platform      TEXT NOT NULL,
        model         TEXT NOT NULL,
        os_version    TEXT NOT NULL,
        serial_number TEXT NOT NULL,
        phone_number  TEXT,
        last_check_in INTEGER,
        enrolled_at   INTEGER NOT NULL,
        battery_level INTEGER,
        supervised    INTEGER NOT NULL
    );
    CREATE INDEX devices_by_user ON devices(user_id, seq);
    CREATE TABLE locations (
        seq       INTEGER PRIMARY KEY,
        id        TEXT NOT NULL UNIQUE,
        device_id TEXT NOT NULL REFERENCES devices(id),
        latitude  REAL NOT NULL,
        longitude REAL NOT NULL,
        accuracy  REAL NOT NULL,
        timestamp INTEGER NOT NULL
    );
    CREATE INDEX locations_by_device ON locations(device_id, timestamp, seq);
    CREATE TABLE pushes (
        seq       INTEGER PRIMARY KEY,
        id        TEXT NOT NULL UNIQUE,
        device_id TEXT NOT NULL REFERENCES devices(id),
        message   TEXT,
        sent_at   INTEGER NOT NULL
    );
    CREATE INDEX pushes_by_device ON pushes(device_id, seq);
    "#,
];

/// Brings the schema up to the latest version.
pub fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    let current: usize =
        conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (index + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

/// Drops every table so `migrate` starts from nothing (for `--reset`).
pub fn drop_all(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "DROP TABLE IF EXISTS pushes;
         DROP TABLE IF EXISTS locations;
         DROP TABLE IF EXISTS devices;
         DROP TABLE IF EXISTS users;
         DROP TABLE IF EXISTS groups;
         PRAGMA user_version = 0;",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrate_is_idempotent_and_reset_works() {
        let conn = Connection::open_in_memory().unwrap();
        migrate(&conn).unwrap();
        migrate(&conn).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v as usize, MIGRATIONS.len());
        drop_all(&conn).unwrap();
        migrate(&conn).unwrap();
        let n: i64 = conn
            .query_row("SELECT count(*) FROM groups", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }
}
