//! Rows as the API emits them: camelCase field names, times as RFC 3339 strings, ids as
//! strings, optional values as `null`. The extras beyond the contract (`createdAt`,
//! `enrolledAt`, `batteryLevel`, `supervised`) let the portal show fields it does not know.

use rusqlite::Row;
use serde::Serialize;

use crate::time::Timestamp;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub created_at: Timestamp,
}

impl Group {
    pub const COLUMNS: &'static str = "id, name, description, created_at";

    pub fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: r.get(0)?,
            name: r.get(1)?,
            description: r.get(2)?,
            created_at: Timestamp(r.get(3)?),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    pub group_id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub created_at: Timestamp,
}

impl User {
    pub const COLUMNS: &'static str =
        "id, group_id, first_name, last_name, email, phone, created_at";

    pub fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: r.get(0)?,
            group_id: r.get(1)?,
            first_name: r.get(2)?,
            last_name: r.get(3)?,
            email: r.get(4)?,
            phone: r.get(5)?,
            created_at: Timestamp(r.get(6)?),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub platform: String,
    pub model: String,
    pub os_version: String,
    pub serial_number: String,
    pub phone_number: Option<String>,
    /// `null` for a device that has been enrolled but has never checked in.
    pub last_check_in: Option<Timestamp>,
    pub enrolled_at: Timestamp,
    /// 0–100, `null` when never reported.
    pub battery_level: Option<u8>,
    pub supervised: bool,
}

impl Device {
    pub const COLUMNS: &'static str = "id, user_id, name, platform, model, os_version, \
        serial_number, phone_number, last_check_in, enrolled_at, battery_level, supervised";

    pub fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: r.get(0)?,
            user_id: r.get(1)?,
            name: r.get(2)?,
            platform: r.get(3)?,
            model: r.get(4)?,
            os_version: r.get(5)?,
            serial_number: r.get(6)?,
            phone_number: r.get(7)?,
            last_check_in: r.get::<_, Option<i64>>(8)?.map(Timestamp),
            enrolled_at: Timestamp(r.get(9)?),
            battery_level: r.get(10)?,
            supervised: r.get(11)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub id: String,
    pub device_id: String,
    pub latitude: f64,
    pub longitude: f64,
    /// Horizontal accuracy in metres.
    pub accuracy: f64,
    pub timestamp: Timestamp,
}

impl Location {
    pub const COLUMNS: &'static str = "id, device_id, latitude, longitude, accuracy, timestamp";

    pub fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: r.get(0)?,
            device_id: r.get(1)?,
            latitude: r.get(2)?,
            longitude: r.get(3)?,
            accuracy: r.get(4)?,
            timestamp: Timestamp(r.get(5)?),
        })
    }
}

/// A push notification sent through the (assumed) `push` item.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Push {
    pub id: String,
    pub device_id: String,
    pub message: Option<String>,
    pub sent_at: Timestamp,
}

impl Push {
    pub const COLUMNS: &'static str = "id, device_id, message, sent_at";

    pub fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: r.get(0)?,
            device_id: r.get(1)?,
            message: r.get(2)?,
            sent_at: Timestamp(r.get(3)?),
        })
    }
}
