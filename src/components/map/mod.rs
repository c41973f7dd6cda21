//! The one place that touches Leaflet. Pages hand it plain fixes; it loads
//! Leaflet on first use, creates the map when its container mounts, redraws
//! layers in place when the data changes, and removes the map on cleanup.

mod card;
mod loader;
mod track_map;

pub use track_map::TrackMap;
