//! SQLite storage: opening and migrating the database, ids, rows and queries.

pub mod ids;
pub mod models;
pub mod queries;
pub mod schema;

use std::path::Path;

use rusqlite::Connection;

use crate::rng::SplitMix64;

pub use queries::{Counts, Page, Paging};

/// The connection plus the generator for new ids; both live behind one mutex so an id is
/// checked for uniqueness and inserted without another request slipping in between.
pub struct Store {
    pub conn: Connection,
    pub rng: SplitMix64,
}

impl Store {
    pub fn new(conn: Connection) -> Self {
        Self {
            conn,
            rng: SplitMix64::from_os(),
        }
    }

    /// A fresh, unused id from the runtime (random) generator.
    pub fn new_id(&mut self) -> rusqlite::Result<String> {
        ids::fresh(&self.conn, &mut self.rng)
    }
}

/// Opens (creating if needed) a database file, or an in-memory one for `:memory:`, and
/// runs the migrations.
pub fn open(path: &str) -> rusqlite::Result<Connection> {
    let conn = if path == ":memory:" {
        Connection::open_in_memory()?
    } else {
        let conn = Connection::open(Path::new(path))?;
        // WAL keeps the file readable by other tools (sqlite3 CLI) while the server runs.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn
    };
    prepare(&conn)?;
    Ok(conn)
}

/// Pragmas every connection needs, then the migrations.
pub fn prepare(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "foreign_keys", "ON")?;
    schema::migrate(conn)
}

/// Empties the database (drop and re-create every table).
pub fn reset(conn: &Connection) -> rusqlite::Result<()> {
    schema::drop_all(conn)?;
    schema::migrate(conn)
}

/// An empty, migrated in-memory database (for tests and `--seed none`).
pub fn in_memory() -> rusqlite::Result<Connection> {
    open(":memory:")
}
