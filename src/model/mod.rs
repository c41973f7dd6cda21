//! Wire types for each EzMDM item and their lenient decoding.
//!
//! The vendor's field table could not be read, so most names are assumed
//! (`../shared/ezmdm-api.md`). Decoding therefore accepts any letter case and
//! `camelCase`/`snake_case`/`PascalCase`, ids as strings or numbers, and keeps
//! every field it does not know so the UI can show it read-only.

mod device;
mod fields;
mod fleet;
mod group;
mod location;
mod time;
mod track;
mod user;

pub use device::Device;
pub use fields::{json_kind, normalise, DecodeError, Extra, Fields};
pub use fleet::{cluster, project, Cluster, Freshness};
pub use group::Group;
pub use location::{LatLng, Location};
pub use time::{format_age, Timestamp};
pub use track::{
    latest_fix, nearest_fix, positions_in_box, segments, Fix, Segment, Skipped, TimeRange, Track,
};
pub use user::User;

/// An item the API returns as a JSON object.
pub trait Item: Sized {
    /// Singular, human name of the kind ("group"), for messages.
    const KIND: &'static str;
    fn from_fields(fields: &Fields) -> Result<Self, DecodeError>;

    fn from_json(value: &serde_json::Value) -> Result<Self, DecodeError> {
        Self::from_fields(&Fields::from_value(value)?)
    }
}
