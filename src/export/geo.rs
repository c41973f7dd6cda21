//! A device's track as GeoJSON, GPX 1.1 and CSV.

use serde_json::{json, Value};

use crate::model::{segments, Fix};

/// A FeatureCollection: the track as a LineString (when it has two fixes or
/// more), then each fix as a Point with its time and accuracy.
pub fn to_geojson(name: &str, fixes: &[Fix]) -> String {
    let coordinates = |f: &Fix| json!([f.position.lng, f.position.lat]);
    let mut features: Vec<Value> = Vec::with_capacity(fixes.len() + 1);
    if fixes.len() > 1 {
        features.push(json!({
            "type": "Feature",
            "geometry": {
                "type": "LineString",
                "coordinates": fixes.iter().map(coordinates).collect::<Vec<_>>(),
            },
            "properties": { "name": name },
        }));
    }
    features.extend(fixes.iter().map(|f| {
        json!({
            "type": "Feature",
            "geometry": { "type": "Point", "coordinates": coordinates(f) },
            "properties": {
                "id": f.id,
                "time": f.time.to_rfc3339(),
                "accuracy": f.accuracy,
            },
        })
    }));
    let collection = json!({ "type": "FeatureCollection", "features": features });
    serde_json::to_string_pretty(&collection).unwrap_or_default()
}

/// A GPX 1.1 file's opening, up to its first element.
pub(super) const GPX_OPEN: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
     <gpx version=\"1.1\" creator=\"EzMDM Portal\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n";

/// A fix as a track point, in a segment.
pub(super) fn push_trkpt(out: &mut String, f: &Fix) {
    out.push_str(&format!(
        "      <trkpt lat=\"{}\" lon=\"{}\"><time>{}</time></trkpt>\n",
        f.position.lat,
        f.position.lng,
        f.time.to_rfc3339()
    ));
}

/// GPX 1.1 with one track; a new segment starts after each gap longer than
/// `gap_ms`, as GPS tools expect for a receiver that lost its fix.
pub fn to_gpx(name: &str, fixes: &[Fix], gap_ms: i64) -> String {
    let mut out = String::from(GPX_OPEN);
    out.push_str(&format!("  <trk>\n    <name>{}</name>\n", xml_escape(name)));
    let runs = segments(fixes, gap_ms)
        .into_iter()
        .filter(|s| !s.gap)
        .map(|s| (s.start, s.end));
    // Fixes alone between two gaps still belong in the file.
    let mut covered = vec![false; fixes.len()];
    let mut runs: Vec<(usize, usize)> = runs.collect();
    for &(start, end) in &runs {
        covered[start..=end].iter_mut().for_each(|c| *c = true);
    }
    runs.extend((0..fixes.len()).filter(|i| !covered[*i]).map(|i| (i, i)));
    runs.sort_unstable();
    for (start, end) in runs {
        out.push_str("    <trkseg>\n");
        for f in &fixes[start..=end] {
            push_trkpt(&mut out, f);
        }
        out.push_str("    </trkseg>\n");
    }
    out.push_str("  </trk>\n</gpx>\n");
    out
}

/// One row a fix: time (UTC), latitude, longitude, accuracy, id.
pub fn to_csv(fixes: &[Fix]) -> String {
    super::to_csv(
        &["time", "latitude", "longitude", "accuracy_m", "id"],
        fixes.iter().map(|f| {
            vec![
                f.time.to_rfc3339(),
                f.position.lat.to_string(),
                f.position.lng.to_string(),
                f.accuracy.map(|a| a.to_string()).unwrap_or_default(),
                f.id.clone(),
            ]
        }),
    )
}

pub(super) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if c.is_control() && !matches!(c, '\n' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LatLng, Timestamp};

    fn fixes() -> Vec<Fix> {
        [
            (0, 51.5, -0.12),
            (60_000, 51.51, -0.13),
            (7_200_000, 51.52, -0.14),
        ]
        .map(|(t, lat, lng)| Fix {
            id: format!("f{t}"),
            position: LatLng { lat, lng },
            accuracy: Some(8.0),
            time: Timestamp(1_700_000_000_000 + t),
        })
        .to_vec()
    }

    #[test]
    fn geojson_is_lon_lat_with_properties() {
        let v: Value = serde_json::from_str(&to_geojson("Phone", &fixes())).unwrap();
        let features = v["features"].as_array().unwrap();
        assert_eq!(features.len(), 4);
        assert_eq!(features[0]["geometry"]["type"], "LineString");
        assert_eq!(features[1]["geometry"]["coordinates"], json!([-0.12, 51.5]));
        assert_eq!(features[1]["properties"]["time"], "2023-11-14T22:13:20Z");
        assert_eq!(features[1]["properties"]["accuracy"], json!(8.0));
    }

    #[test]
    fn gpx_escapes_the_name_and_splits_at_gaps() {
        let gpx = to_gpx("<img src=x onerror=alert(1)> & co", &fixes(), 3_600_000);
        assert!(gpx.contains("<name>&lt;img src=x onerror=alert(1)&gt; &amp; co</name>"));
        assert_eq!(gpx.matches("<trkseg>").count(), 2);
        assert_eq!(gpx.matches("<trkpt ").count(), 3);
        assert!(gpx.contains("<trkpt lat=\"51.5\" lon=\"-0.12\"><time>2023-11-14T22:13:20Z</time>"));
    }

    #[test]
    fn csv_rows() {
        let csv = to_csv(&fixes());
        let lines: Vec<_> = csv.lines().collect();
        assert_eq!(lines[0], "time,latitude,longitude,accuracy_m,id");
        assert_eq!(lines[1], "2023-11-14T22:13:20Z,51.5,-0.12,8,f0");
        assert_eq!(lines.len(), 4);
    }
}
