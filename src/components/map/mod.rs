//! The one place that touches Leaflet. Pages hand it plain fixes; it loads
//! Leaflet on first use, creates the map when its container mounts, redraws
//! layers in place when the data changes, and removes the map on cleanup.

mod area_map;
mod base;
mod card;
mod fleet_map;
mod loader;
mod track_map;
mod world;

pub use area_map::{AreaMap, Shape};
pub use fleet_map::{colour, FleetMap, FleetPoint};
pub use loader::preload_leaflet;
pub use track_map::{StopMark, TrackMap};
