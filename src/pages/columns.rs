//! Every list's columns, one place per item: adding a column to a list is a
//! line here (header, cell, sort and CSV follow from it).

use crate::clock::exact_time;
use crate::components::data_table::{Cell, Column, Listed};
use crate::model::area::Presence;
use crate::model::trips::{self, Part};
use crate::model::{Device, FieldValue, Fix, Freshness, Group, Record, Timestamp, User};
use crate::routes::Route;

/// "3 h ago" (or the exact time, as the setting says) with the other on
/// hover, the moment in exports, sorting by the moment itself.
pub(super) fn age_cell(t: Option<Timestamp>) -> Cell {
    t.map_or_else(|| Cell::text("never"), Cell::age)
}

/// A group as its list shows it: with its number of users, once counted.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct GroupRow {
    pub group: Group,
    pub users: Option<u64>,
}

impl Listed for GroupRow {
    const COLUMNS: &'static [Column<Self>] = &[
        Column::new("name", "Name", |r| {
            Cell::link(r.group.name.clone(), Route::Group(&r.group.id).href())
        }),
        Column::new("description", "Description", |r| {
            Cell::text(r.group.description.clone())
        }),
        Column::new("users", "Users", |r| match r.users {
            Some(n) => Cell::text(n.to_string()).with_sort_value(Some(n as f64)),
            None => Cell::text(""),
        }),
    ];

    fn row_key(&self) -> String {
        self.group.id.clone()
    }

    fn record(&self) -> Record {
        let mut record = self.group.record();
        let users = self.users.map(|n| n.to_string()).unwrap_or_default();
        record.push(("users".into(), FieldValue::Text(users)));
        record
    }
}

impl Listed for User {
    const COLUMNS: &'static [Column<Self>] = &[
        Column::new("name", "Name", |u| {
            Cell::link(u.display_name(), Route::User(&u.id).href())
        }),
        Column::new("email", "Email", |u| Cell::text(u.email.clone())),
        Column::new("phone", "Phone", |u| Cell::text(u.phone.clone())),
    ];

    fn row_key(&self) -> String {
        self.id.clone()
    }

    fn record(&self) -> Record {
        User::record(self)
    }
}

/// What a list knows of a device's owner: the API lists devices with the
/// owner's id only, so names are asked for after the rows are shown.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Owner {
    /// Not asked yet (or not worth asking: the user's own list).
    Unknown,
    Named(String),
    /// Asked, and it could not be read.
    Unreadable,
}

/// A device as its lists show it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct DeviceRow {
    pub device: Device,
    pub owner: Owner,
}

impl DeviceRow {
    pub fn unnamed(device: Device) -> Self {
        DeviceRow {
            device,
            owner: Owner::Unknown,
        }
    }
}

impl Listed for DeviceRow {
    const COLUMNS: &'static [Column<Self>] = &[
        Column::new("name", "Name", |r| {
            Cell::link(r.device.display_name(), Route::Device(&r.device.id).href())
        }),
        Column::new("model", "Platform / model", |r| {
            Cell::text(r.device.platform_model())
        }),
        Column::new("os", "OS version", |r| {
            Cell::text(r.device.os_version.clone())
        }),
        // Until the name is known (or if it cannot be read) the owner is a
        // "View owner" link.
        Column::new("owner", "Owner", |r| match &r.owner {
            _ if r.device.user_id.is_empty() => Cell::text(""),
            Owner::Named(name) => Cell::link(name.clone(), Route::User(&r.device.user_id).href()),
            Owner::Unknown | Owner::Unreadable => {
                Cell::link("View owner", Route::User(&r.device.user_id).href())
            }
        }),
        Column::new("checkin", "Last check-in", |r| {
            age_cell(r.device.last_check_in)
        }),
    ];

    fn row_key(&self) -> String {
        self.device.id.clone()
    }

    fn record(&self) -> Record {
        let mut record = self.device.record();
        let owner = match &self.owner {
            Owner::Named(name) => name.clone(),
            Owner::Unknown | Owner::Unreadable => String::new(),
        };
        // Beside the owner's id.
        record.insert(2, ("owner".into(), FieldValue::Text(owner)));
        record
    }
}

/// A device on the fleet map, with its latest fix.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct FleetRow {
    pub device: Device,
    pub fix: Option<Fix>,
    pub freshness: Freshness,
}

impl Listed for FleetRow {
    const COLUMNS: &'static [Column<Self>] = &[
        Column::new("device", "Device", |r| {
            Cell::link(r.device.display_name(), Route::Device(&r.device.id).href())
        }),
        Column::new("fix", "Latest fix", |r| match &r.fix {
            Some(f) => age_cell(Some(f.time)).with_mark(r.freshness.key()),
            None => Cell::text("No fix").with_mark(r.freshness.key()),
        }),
        Column::new("position", "Position", |r| {
            Cell::text(r.fix.as_ref().map_or(String::new(), |f| {
                format!("{:.5}, {:.5}", f.position.lat, f.position.lng)
            }))
        }),
    ];

    fn row_key(&self) -> String {
        self.device.id.clone()
    }
}

/// A fix of a track, by its place in the track (its row key).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct TrackFix {
    pub index: usize,
    pub fix: Fix,
}

impl Listed for TrackFix {
    const COLUMNS: &'static [Column<Self>] = &[
        Column::new("time", "Time", |f| {
            Cell::moment(exact_time(f.fix.time), f.fix.time)
        }),
        Column::new("lat", "Latitude", |f| {
            Cell::text(format!("{:.5}", f.fix.position.lat))
        }),
        Column::new("lng", "Longitude", |f| {
            Cell::text(format!("{:.5}", f.fix.position.lng))
        }),
        Column::new("accuracy", "Accuracy", |f| {
            Cell::text(
                f.fix
                    .accuracy
                    .map(|a| format!("± {a:.0} m"))
                    .unwrap_or_default(),
            )
        }),
    ];

    fn row_key(&self) -> String {
        self.index.to_string()
    }
}

/// A trip, stop or gap of a device's track, as the trips table shows it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct TrackPart {
    /// Its place among the parts.
    pub index: usize,
    pub part: Part,
}

impl TrackPart {
    fn kmh(v: f64) -> Cell {
        Cell::text(format!("{v:.1} km/h")).with_sort_value(Some(v))
    }
}

impl Listed for TrackPart {
    const COLUMNS: &'static [Column<Self>] = &[
        Column::new("start", "Start", |p| {
            let t = p.part.span().0;
            Cell::moment(exact_time(t), t)
        }),
        Column::new("kind", "What", |p| {
            let (text, mark) = match p.part {
                Part::Trip(_) => ("Trip", "trip"),
                Part::Stop(_) => ("Stop", "stop"),
                Part::Gap(_) => ("Gap", "gap"),
            };
            Cell::text(text).with_mark(mark)
        }),
        Column::new("end", "End", |p| {
            let t = p.part.span().1;
            Cell::moment(exact_time(t), t)
        }),
        Column::new("duration", "Duration", |p| {
            let (a, b) = p.part.span();
            Cell::text(trips::duration_text(b.0 - a.0)).with_sort_value(Some((b.0 - a.0) as f64))
        }),
        Column::new("distance", "Distance", |p| match &p.part {
            Part::Trip(t) => {
                Cell::text(trips::distance_text(t.distance_m)).with_sort_value(Some(t.distance_m))
            }
            _ => Cell::text(""),
        }),
        Column::new("average", "Average speed", |p| match &p.part {
            Part::Trip(t) => TrackPart::kmh(t.average_kmh),
            _ => Cell::text(""),
        }),
        Column::new("top", "Top speed", |p| match &p.part {
            Part::Trip(t) => TrackPart::kmh(t.top_kmh),
            _ => Cell::text(""),
        }),
        Column::new("why", "Why", |p| match &p.part {
            Part::Stop(s) => Cell::text(s.reason()),
            Part::Gap(g) => Cell::text(format!(
                "No fix for {}",
                trips::duration_text(g.to.0 - g.from.0)
            )),
            Part::Trip(_) => Cell::text(""),
        }),
    ];

    fn row_key(&self) -> String {
        self.index.to_string()
    }
}

/// One local day of a track's trips and stops.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct TrackDay(pub trips::Day);

impl Listed for TrackDay {
    const COLUMNS: &'static [Column<Self>] = &[
        Column::new("date", "Day", |d| Cell::text(d.0.date.clone())),
        Column::new("distance", "Distance", |d| {
            Cell::text(trips::distance_text(d.0.totals.distance_m))
                .with_sort_value(Some(d.0.totals.distance_m))
        }),
        Column::new("moving", "Moving", |d| {
            Cell::text(trips::duration_text(d.0.totals.moving_ms))
                .with_sort_value(Some(d.0.totals.moving_ms as f64))
        }),
        Column::new("stopped", "Stopped", |d| {
            Cell::text(trips::duration_text(d.0.totals.stopped_ms))
                .with_sort_value(Some(d.0.totals.stopped_ms as f64))
        }),
        Column::new("trips", "Trips", |d| {
            Cell::text(d.0.totals.trips.to_string()).with_sort_value(Some(d.0.totals.trips as f64))
        }),
        Column::new("stops", "Stops", |d| {
            Cell::text(d.0.totals.stops.to_string()).with_sort_value(Some(d.0.totals.stops as f64))
        }),
    ];

    fn row_key(&self) -> String {
        self.0.date.clone()
    }
}

/// A device found inside a who-was-here area: its visits as counted.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct FoundRow {
    pub device: Device,
    pub presence: Presence,
    /// Its track at the time, with the area drawn.
    pub href: String,
    /// Pages of its track that could not be read.
    pub unread: usize,
}

impl Listed for FoundRow {
    const COLUMNS: &'static [Column<Self>] = &[
        Column::new("device", "Device", |r| {
            Cell::link(r.device.display_name(), r.href.clone())
        }),
        Column::new("entry", "First entry", |r| {
            Cell::moment(exact_time(r.presence.first_entry), r.presence.first_entry)
        }),
        Column::new("exit", "Last exit", |r| {
            Cell::moment(exact_time(r.presence.last_exit), r.presence.last_exit)
        }),
        Column::new("inside", "Time inside", |r| {
            Cell::text(r.presence.time_inside_text())
                .with_sort_value(Some(r.presence.time_inside_ms as f64))
        }),
        Column::new("visits", "Visits", |r| {
            Cell::text(r.presence.visits.to_string())
                .with_sort_value(Some(r.presence.visits as f64))
        }),
        Column::new("read", "Track read", |r| {
            Cell::text(match r.unread {
                0 => "In full".to_string(),
                1 => "1 page unread".to_string(),
                n => format!("{n} pages unread"),
            })
        }),
    ];

    fn row_key(&self) -> String {
        self.device.id.clone()
    }
}

/// Rows as CSV by their columns, times in ISO 8601.
pub(super) fn rows_csv<T: Listed>(rows: &[T]) -> String {
    let header: Vec<&str> = T::COLUMNS.iter().map(|c| c.label).collect();
    crate::export::to_csv(
        &header,
        rows.iter().map(|r| {
            T::COLUMNS
                .iter()
                .map(|c| {
                    let cell = (c.cell)(r);
                    cell.moment
                        .map(crate::clock::export_time)
                        .unwrap_or(cell.text)
                })
                .collect::<Vec<_>>()
        }),
    )
}

/// A write this tab sent, as the activity log lists it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct ActivityRow(pub crate::activity::Entry);

impl Listed for ActivityRow {
    const COLUMNS: &'static [Column<Self>] = &[
        Column::new("time", "Time", |r| {
            let t = Timestamp(r.0.at);
            Cell::moment(exact_time(t), t)
        }),
        Column::new("action", "Action", |r| Cell::text(r.0.action.clone())),
        Column::new("item", "Item", |r| match &r.0.href {
            Some(href) => Cell::link(r.0.item.clone(), href.clone()),
            None => Cell::text(r.0.item.clone()),
        }),
        Column::new("changes", "Changes", |r| {
            Cell::text(
                r.0.changes
                    .iter()
                    .map(|c| crate::components::form::change_line(&c.field, &c.before, &c.after))
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        }),
        Column::new("result", "Result", |r| {
            Cell::text(r.0.result.text()).with_mark(r.0.result.key())
        }),
    ];

    fn row_key(&self) -> String {
        self.0.n.to_string()
    }
}
