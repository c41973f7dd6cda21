//! File writers for exports: CSV for any list, GeoJSON and GPX for a track,
//! CSV and GPX for its trips and stops.
//! Pure functions over plain structs, tested natively; the page only offers
//! the text as a download.

mod csv;
mod geo;
mod trips;

pub use self::csv::to_csv;
pub use geo::{to_csv as track_to_csv, to_geojson, to_gpx};
pub use trips::{trips_to_csv, trips_to_gpx};

/// A safe file name from a view's title: `Alice's iPhone` → `alices-iphone`.
pub fn file_stem(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() && c != '\'' {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "export".into()
    } else {
        out.chars().take(60).collect()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_stems() {
        assert_eq!(super::file_stem("Alice's iPhone 15"), "alices-iphone-15");
        assert_eq!(super::file_stem("  <script>/../  "), "script");
        assert_eq!(super::file_stem("!!!"), "export");
    }
}
