//! The queries the handlers and the seed use. Lists are paged in SQL and ordered by
//! insertion (`seq`), locations by time, so paging is stable.

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

use super::models::{Device, Group, Location, Push, User};

/// Which slice of a list to return. `page` is 1-based; `limit` is already clamped to 1..=100.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub limit: u32,
    pub page: u64,
}

impl Paging {
    pub const MAX_LIMIT: u32 = 100;

    fn offset(self) -> i64 {
        let offset = self
            .page
            .saturating_sub(1)
            .saturating_mul(u64::from(self.limit));
        i64::try_from(offset).unwrap_or(i64::MAX)
    }
}

impl Default for Paging {
    fn default() -> Self {
        Self {
            limit: Self::MAX_LIMIT,
            page: 1,
        }
    }
}

/// One page of a list plus how many items the whole list has.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
}

type MapRow<T> = fn(&Row<'_>) -> rusqlite::Result<T>;

/// `from` is e.g. `FROM users WHERE group_id = ?1`; `key` fills `?1` when given.
fn paged<T>(
    conn: &Connection,
    columns: &str,
    from: &str,
    order: &str,
    key: Option<&str>,
    paging: Paging,
    map: MapRow<T>,
) -> rusqlite::Result<Page<T>> {
    let mut args: Vec<Value> = key.map(|k| Value::Text(k.to_owned())).into_iter().collect();
    let total: i64 = conn
        .prepare_cached(&format!("SELECT count(*) {from}"))?
        .query_row(params_from_iter(args.iter()), |r| r.get(0))?;
    let n = args.len();
    let sql = format!(
        "SELECT {columns} {from} ORDER BY {order} LIMIT ?{} OFFSET ?{}",
        n + 1,
        n + 2
    );
    args.push(Value::Integer(i64::from(paging.limit)));
    args.push(Value::Integer(paging.offset()));
    let mut stmt = conn.prepare_cached(&sql)?;
    let items = stmt
        .query_map(params_from_iter(args.iter()), map)?
        .collect::<rusqlite::Result<Vec<T>>>()?;
    Ok(Page {
        items,
        total: total as u64,
    })
}

fn one<T>(
    conn: &Connection,
    columns: &str,
    table: &str,
    id: &str,
    map: MapRow<T>,
) -> rusqlite::Result<Option<T>> {
    conn.prepare_cached(&format!("SELECT {columns} FROM {table} WHERE id = ?1"))?
        .query_row([id], map)
        .optional()
}

/// Sets only the given columns; returns false when no row has that id.
pub fn update(
    conn: &Connection,
    table: &str,
    id: &str,
    changes: &[(&str, Value)],
) -> rusqlite::Result<bool> {
    if changes.is_empty() {
        return Ok(true);
    }
    let sets: Vec<String> = changes
        .iter()
        .enumerate()
        .map(|(i, (column, _))| format!("{column} = ?{}", i + 1))
        .collect();
    let sql = format!(
        "UPDATE {table} SET {} WHERE id = ?{}",
        sets.join(", "),
        changes.len() + 1
    );
    let mut args: Vec<Value> = changes.iter().map(|(_, v)| v.clone()).collect();
    args.push(Value::Text(id.to_owned()));
    let n = conn
        .prepare_cached(&sql)?
        .execute(params_from_iter(args.iter()))?;
    Ok(n > 0)
}

// ---- groups ----

pub fn groups(conn: &Connection, paging: Paging) -> rusqlite::Result<Page<Group>> {
    paged(
        conn,
        Group::COLUMNS,
        "FROM groups",
        "seq",
        None,
        paging,
        Group::from_row,
    )
}

pub fn group(conn: &Connection, id: &str) -> rusqlite::Result<Option<Group>> {
    one(conn, Group::COLUMNS, "groups", id, Group::from_row)
}

pub fn insert_group(conn: &Connection, g: &Group) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO groups (id, name, description, created_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![g.id, g.name, g.description, g.created_at.0])?;
    Ok(())
}

// ---- users ----

pub fn users(conn: &Connection, paging: Paging) -> rusqlite::Result<Page<User>> {
    paged(
        conn,
        User::COLUMNS,
        "FROM users",
        "seq",
        None,
        paging,
        User::from_row,
    )
}

pub fn users_of_group(
    conn: &Connection,
    group_id: &str,
    paging: Paging,
) -> rusqlite::Result<Page<User>> {
    paged(
        conn,
        User::COLUMNS,
        "FROM users WHERE group_id = ?1",
        "seq",
        Some(group_id),
        paging,
        User::from_row,
    )
}

pub fn user(conn: &Connection, id: &str) -> rusqlite::Result<Option<User>> {
    one(conn, User::COLUMNS, "users", id, User::from_row)
}

pub fn insert_user(conn: &Connection, u: &User) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO users (id, group_id, first_name, last_name, email, phone, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        u.id,
        u.group_id,
        u.first_name,
        u.last_name,
        u.email,
        u.phone,
        u.created_at.0
    ])?;
    Ok(())
}

// ---- devices ----

pub fn devices(conn: &Connection, paging: Paging) -> rusqlite::Result<Page<Device>> {
    paged(
        conn,
        Device::COLUMNS,
        "FROM devices",
        "seq",
        None,
        paging,
        Device::from_row,
    )
}

pub fn devices_of_user(
    conn: &Connection,
    user_id: &str,
    paging: Paging,
) -> rusqlite::Result<Page<Device>> {
    paged(
        conn,
        Device::COLUMNS,
        "FROM devices WHERE user_id = ?1",
        "seq",
        Some(user_id),
        paging,
        Device::from_row,
    )
}

pub fn device(conn: &Connection, id: &str) -> rusqlite::Result<Option<Device>> {
    one(conn, Device::COLUMNS, "devices", id, Device::from_row)
}

pub fn insert_device(conn: &Connection, d: &Device) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO devices (id, user_id, name, platform, model, os_version, serial_number,
             phone_number, last_check_in, enrolled_at, battery_level, supervised)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        d.id,
        d.user_id,
        d.name,
        d.platform,
        d.model,
        d.os_version,
        d.serial_number,
        d.phone_number,
        d.last_check_in.map(|t| t.0),
        d.enrolled_at.0,
        d.battery_level,
        d.supervised
    ])?;
    Ok(())
}

// ---- locations ----

pub fn locations_of_device(
    conn: &Connection,
    device_id: &str,
    paging: Paging,
) -> rusqlite::Result<Page<Location>> {
    paged(
        conn,
        Location::COLUMNS,
        "FROM locations WHERE device_id = ?1",
        "timestamp, seq",
        Some(device_id),
        paging,
        Location::from_row,
    )
}

pub fn insert_location(conn: &Connection, l: &Location) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO locations (id, device_id, latitude, longitude, accuracy, timestamp)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        l.id,
        l.device_id,
        l.latitude,
        l.longitude,
        l.accuracy,
        l.timestamp.0
    ])?;
    Ok(())
}

// ---- push notifications ----

pub fn pushes(conn: &Connection, paging: Paging) -> rusqlite::Result<Page<Push>> {
    paged(
        conn,
        Push::COLUMNS,
        "FROM pushes",
        "seq",
        None,
        paging,
        Push::from_row,
    )
}

pub fn pushes_of_device(
    conn: &Connection,
    device_id: &str,
    paging: Paging,
) -> rusqlite::Result<Page<Push>> {
    paged(
        conn,
        Push::COLUMNS,
        "FROM pushes WHERE device_id = ?1",
        "seq",
        Some(device_id),
        paging,
        Push::from_row,
    )
}

pub fn insert_push(conn: &Connection, p: &Push) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO pushes (id, device_id, message, sent_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![p.id, p.device_id, p.message, p.sent_at.0])?;
    Ok(())
}

// ---- counts ----

/// How many rows each table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub groups: u64,
    pub users: u64,
    pub devices: u64,
    pub locations: u64,
    pub pushes: u64,
}

impl Counts {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

pub fn counts(conn: &Connection) -> rusqlite::Result<Counts> {
    let count = |table: &str| -> rusqlite::Result<u64> {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
            r.get::<_, i64>(0)
        })
        .map(|n| n as u64)
    };
    Ok(Counts {
        groups: count("groups")?,
        users: count("users")?,
        devices: count("devices")?,
        locations: count("locations")?,
        pushes: count("pushes")?,
    })
}
