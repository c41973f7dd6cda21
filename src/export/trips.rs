//! A track's trips and stops as CSV (one row a part) and GPX (each trip a
//! track, each stop a waypoint).

use super::geo::{push_trkpt, xml_escape, GPX_OPEN};
use crate::model::trips::{Analysis, Part};

/// One row a trip, stop or gap, in time order; times ISO 8601 in UTC.
pub fn trips_to_csv(analysis: &Analysis) -> String {
    let header = [
        "kind",
        "start",
        "end",
        "duration_s",
        "distance_m",
        "average_kmh",
        "top_kmh",
        "latitude",
        "longitude",
        "why",
    ];
    let rows = analysis.parts.iter().map(|part| {
        let (start, end) = part.span();
        let mut row = vec![
            match part {
                Part::Trip(_) => "trip",
                Part::Stop(_) => "stop",
                Part::Gap(_) => "gap",
            }
            .to_string(),
            start.to_rfc3339(),
            end.to_rfc3339(),
            ((end.0 - start.0) / 1000).to_string(),
        ];
        match part {
            Part::Trip(t) => row.extend([
                format!("{:.0}", t.distance_m),
                format!("{:.1}", t.average_kmh),
                format!("{:.1}", t.top_kmh),
                String::new(),
                String::new(),
                String::new(),
            ]),
            Part::Stop(s) => row.extend([
                String::new(),
                String::new(),
                String::new(),
                micro_degrees(s.centre.lat),
                micro_degrees(s.centre.lng),
                s.reason(),
            ]),
            Part::Gap(_) => row.extend(std::iter::repeat_n(String::new(), 6)),
        }
        row
    });
    super::to_csv(&header, rows)
}

/// A stop's centre (a mean) to a millionth of a degree, about 0.1 m:
/// `50.03`, not `50.029999999999994`.
fn micro_degrees(v: f64) -> String {
    ((v * 1e6).round() / 1e6).to_string()
}

/// GPX 1.1: the stops as waypoints (arrival time, why in the description),
/// then each trip as a track of its fixes.
pub fn trips_to_gpx(name: &str, analysis: &Analysis) -> String {
    let mut out = String::from(GPX_OPEN);
    out.push_str(&format!(
        "  <metadata><name>{}</name></metadata>\n",
        xml_escape(name)
    ));
    // GPX wants every waypoint before the first track.
    let stops = analysis.parts.iter().filter_map(|p| match p {
        Part::Stop(s) => Some(s),
        _ => None,
    });
    for (n, s) in stops.enumerate() {
        out.push_str(&format!(
            "  <wpt lat=\"{}\" lon=\"{}\"><time>{}</time><name>Stop {}</name><desc>{}, until {}</desc></wpt>\n",
            micro_degrees(s.centre.lat),
            micro_degrees(s.centre.lng),
            s.arrival.to_rfc3339(),
            n + 1,
            xml_escape(&s.reason()),
            s.departure.to_rfc3339()
        ));
    }
    let trips = analysis.parts.iter().filter_map(|p| match p {
        Part::Trip(t) => Some(t),
        _ => None,
    });
    for (n, t) in trips.enumerate() {
        out.push_str(&format!(
            "  <trk>\n    <name>Trip {}</name>\n    <trkseg>\n",
            n + 1
        ));
        for f in &analysis.fixes[t.start..=t.end] {
            push_trkpt(&mut out, f);
        }
        out.push_str("    </trkseg>\n  </trk>\n");
    }
    out.push_str("</gpx>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::trips::{analyse, StopRules};
    use crate::model::{Fix, LatLng, Timestamp};

    /// Five minutes driving north, ten minutes still, five driving on.
    fn analysis() -> Analysis {
        let fix = |m: i64, lat: f64| Fix {
            id: format!("f{m}"),
            position: LatLng { lat, lng: 10.0 },
            accuracy: None,
            time: Timestamp(1_700_000_000_000 + m * 60_000),
        };
        let mut fixes: Vec<Fix> = (0..5).map(|m| fix(m, 50.0 + 0.005 * m as f64)).collect();
        fixes.extend((5..15).map(|m| fix(m, 50.03)));
        fixes.extend((15..20).map(|m| fix(m, 50.035 + 0.005 * (m - 15) as f64)));
        analyse(fixes, &StopRules::default(), 30 * 60_000)
    }

    #[test]
    fn csv_has_a_row_a_part() {
        let csv = trips_to_csv(&analysis());
        let lines: Vec<_> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "kind,start,end,duration_s,distance_m,average_kmh,top_kmh,latitude,longitude,why"
        );
        assert_eq!(lines.len(), 4);
        assert!(lines[1].starts_with("trip,2023-11-14T22:13:20Z,2023-11-14T22:18:20Z,300,"));
        assert!(
            lines[2].starts_with("stop,2023-11-14T22:18:20Z,2023-11-14T22:27:20Z,540,,,,50.03"),
            "{}",
            lines[2]
        );
        assert!(lines[2].ends_with(",9 min within 1 m"), "{}", lines[2]);
        assert!(lines[3].starts_with("trip,"));
    }

    #[test]
    fn gpx_puts_stops_as_waypoints_before_the_trips() {
        let gpx = trips_to_gpx("<Phone & co>", &analysis());
        assert!(gpx.contains("<metadata><name>&lt;Phone &amp; co&gt;</name></metadata>"));
        assert_eq!(gpx.matches("<wpt ").count(), 1);
        assert_eq!(gpx.matches("<trk>").count(), 2);
        assert!(gpx.find("<wpt ").unwrap() < gpx.find("<trk>").unwrap());
        assert!(gpx.contains(
            "<name>Stop 1</name><desc>9 min within 1 m, until 2023-11-14T22:27:20Z</desc>"
        ));
        // The first trip: five fixes and the arrival at the stop.
        let first = &gpx[gpx.find("<trk>").unwrap()..gpx.find("</trk>").unwrap()];
        assert_eq!(first.matches("<trkpt ").count(), 6);
    }
}
