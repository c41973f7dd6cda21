//! Wire types for each EzMDM item and their lenient decoding.
//!
//! The vendor's field table could not be read, so most names are assumed
//! (`../shared/ezmdm-api.md`). Decoding therefore accepts any letter case and
//! `camelCase`/`snake_case`/`PascalCase`, ids as strings or numbers, and keeps
//! every field it does not know so the UI can show it read-only.

pub mod area;
pub mod bulk;
pub mod count;
mod device;
mod fields;
mod fleet;
pub mod fuzzy;
mod group;
pub mod import;
mod location;
mod overview;
mod push;
mod record;
mod time;
mod track;
pub mod trips;
mod user;
mod write;

pub use device::{Device, DeviceChanges, DeviceField};
pub use fields::{json_kind, normalise, DecodeError, Extra, Fields};
pub use fleet::{cluster, project, Cluster, Freshness};
pub use group::{Group, GroupChanges, GroupField, NewGroup};
pub use location::{LatLng, Location};
pub use overview::{
    compare_versions, CheckIn, DeviceFilter, FleetCounts, Known, Overview, Seen, Span, Tally,
    UserFilter, VersionOp, TOP_MODELS,
};
pub use push::{PushField, PushMessage};
pub use record::{record_columns, FieldValue, Record};
pub use time::{format_age, Timestamp};
pub use track::{
    is_fix, latest_fix, nearest_fix, positions_in_box, segments, Fix, Segment, Skipped, TimeRange,
    Track,
};
pub use user::{NewUser, User, UserChanges, UserField};
pub use write::{
    looks_like_email, Change, Changes, Field, FieldErrors, Format, Kind, Rule, Spec, Values,
};

/// The longest group, user and device name the portal sends.
pub const NAME_MAX: usize = 200;

/// An item the API returns as a JSON object.
pub trait Item: Sized {
    /// Singular, human name of the kind ("group"), for messages.
    const KIND: &'static str;
    fn from_fields(fields: &Fields) -> Result<Self, DecodeError>;

    fn from_json(value: &serde_json::Value) -> Result<Self, DecodeError> {
        Self::from_fields(&Fields::from_value(value)?)
    }
}
