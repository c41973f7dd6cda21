//! A device's track: its fixes in time order, what had to be skipped, the
//! time ranges an admin filters by, and where the track has gaps.

use super::{LatLng, Location, Timestamp};

/// A fix that can be drawn: usable coordinates and a time.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    /// The server's id, or `#n` (its place in the server's list) when it sent none.
    pub id: String,
    pub position: LatLng,
    /// Metres.
    pub accuracy: Option<f64>,
    pub time: Timestamp,
}

/// A location the portal cannot draw, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Skipped {
    pub id: String,
    pub time: Option<Timestamp>,
    pub reason: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Track {
    /// Oldest first.
    pub fixes: Vec<Fix>,
    pub skipped: Vec<Skipped>,
}

impl Track {
    /// Sorts by time (the API promises no order) and sets aside what cannot be
    /// drawn: never at 0,0, never at an invented time.
    pub fn from_locations(locations: Vec<Location>) -> Track {
        let mut track = Track::default();
        for (i, l) in locations.into_iter().enumerate() {
            let id = if l.id.is_empty() {
                format!("#{}", i + 1)
            } else {
                l.id
            };
            match (l.position, l.timestamp) {
                (Some(position), Some(time)) => track.fixes.push(Fix {
                    id,
                    position,
                    accuracy: l.accuracy,
                    time,
                }),
                (None, time) => track.skipped.push(Skipped {
                    id,
                    time,
                    reason: format!("no usable coordinates ({})", l.raw_coordinates),
                }),
                (Some(_), None) => track.skipped.push(Skipped {
                    id,
                    time: None,
                    reason: "no usable time".into(),
                }),
            }
        }
        track.fixes.sort_by_key(|f| f.time);
        track
    }

    /// The fixes within `[from, to]` (either end open), still oldest first.
    pub fn within(&self, (from, to): (Option<Timestamp>, Option<Timestamp>)) -> Vec<Fix> {
        let start = from.map_or(0, |t| self.fixes.partition_point(|f| f.time < t));
        let end = to.map_or(self.fixes.len(), |t| {
            self.fixes.partition_point(|f| f.time <= t)
        });
        self.fixes
            .get(start..end.max(start))
            .unwrap_or_default()
            .to_vec()
    }
}

/// The newest fix with usable coordinates.
pub fn latest_fix(locations: Vec<Location>) -> Option<Location> {
    locations
        .into_iter()
        .filter(is_fix)
        .max_by_key(|l| l.timestamp)
}

/// Whether a location can be drawn: it has a position and a time.
pub fn is_fix(location: &Location) -> bool {
    location.position.is_some() && location.timestamp.is_some()
}

/// Which fixes to show, as the query string says (`range=7d`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeRange {
    Day,
    Week,
    Month,
    All,
    /// From/to in epoch milliseconds; either may be open.
    Custom {
        from: Option<Timestamp>,
        to: Option<Timestamp>,
    },
}

impl TimeRange {
    pub const DEFAULT: TimeRange = TimeRange::Week;
    pub const PRESETS: [(TimeRange, &'static str); 4] = [
        (TimeRange::Day, "Last 24 hours"),
        (TimeRange::Week, "Last 7 days"),
        (TimeRange::Month, "Last 30 days"),
        (TimeRange::All, "All"),
    ];

    /// `range` from the query string; custom bounds come separately.
    pub fn parse(range: Option<&str>, from: Option<Timestamp>, to: Option<Timestamp>) -> Self {
        match range {
            Some("24h") => TimeRange::Day,
            Some("7d") => TimeRange::Week,
            Some("30d") => TimeRange::Month,
            Some("all") => TimeRange::All,
            Some("custom") => TimeRange::Custom { from, to },
            _ => TimeRange::DEFAULT,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            TimeRange::Day => "24h",
            TimeRange::Week => "7d",
            TimeRange::Month => "30d",
            TimeRange::All => "all",
            TimeRange::Custom { .. } => "custom",
        }
    }

    /// The range's ends at the moment `now`.
    pub fn bounds(self, now: Timestamp) -> (Option<Timestamp>, Option<Timestamp>) {
        const HOUR: i64 = 3_600_000;
        let back = |hours: i64| (Some(Timestamp(now.0 - hours * HOUR)), None);
        match self {
            TimeRange::Day => back(24),
            TimeRange::Week => back(7 * 24),
            TimeRange::Month => back(30 * 24),
            TimeRange::All => (None, None),
            TimeRange::Custom { from, to } => (from, to),
        }
    }
}

/// A stretch of the track to draw: fixes `start..=end`. A gap joins the last
/// fix before a silence to the first after it, drawn dashed so the map never
/// pretends the device travelled straight between them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub start: usize,
    pub end: usize,
    pub gap: bool,
}

/// Splits the track wherever consecutive fixes are more than `gap_ms` apart.
pub fn segments(fixes: &[Fix], gap_ms: i64) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..fixes.len() {
        if fixes[i].time.0 - fixes[i - 1].time.0 > gap_ms {
            if i - 1 > start {
                out.push(Segment {
                    start,
                    end: i - 1,
                    gap: false,
                });
            }
            out.push(Segment {
                start: i - 1,
                end: i,
                gap: true,
            });
            start = i;
        }
    }
    if fixes.len() > start + 1 {
        out.push(Segment {
            start,
            end: fixes.len() - 1,
            gap: false,
        });
    }
    out
}

/// The fix nearest `at` on a map at `zoom`, if it lies within `radius_px`
/// pixels; of equally near fixes the newest, as it is drawn on top.
pub fn nearest_fix(positions: &[LatLng], at: LatLng, zoom: f64, radius_px: f64) -> Option<usize> {
    let (x, y) = super::project(at, zoom);
    let mut best = None;
    let mut best_d2 = radius_px * radius_px;
    for (i, p) in positions.iter().enumerate() {
        let (px, py) = super::project(*p, zoom);
        let d2 = (px - x).powi(2) + (py - y).powi(2);
        if d2 <= best_d2 {
            best = Some(i);
            best_d2 = d2;
        }
    }
    best
}

/// The indexes of the positions inside the box from `south_west` to
/// `north_east`, or `None` when more than `cap` are: too many to draw one by one.
pub fn positions_in_box(
    positions: &[LatLng],
    south_west: LatLng,
    north_east: LatLng,
    cap: usize,
) -> Option<Vec<usize>> {
    let mut inside = Vec::new();
    for (i, p) in positions.iter().enumerate() {
        if (south_west.lat..=north_east.lat).contains(&p.lat)
            && (south_west.lng..=north_east.lng).contains(&p.lng)
        {
            if inside.len() == cap {
                return None;
            }
            inside.push(i);
        }
    }
    Some(inside)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(id: &str, lat: Option<f64>, t: Option<i64>) -> Location {
        Location {
            id: id.into(),
            device_id: "d".into(),
            position: LatLng::new(lat, Some(3.0)),
            accuracy: Some(5.0),
            timestamp: t.map(Timestamp),
            raw_coordinates: format!("{lat:?}, 3"),
            extra: vec![],
        }
    }

    fn at(lat: f64, lng: f64) -> LatLng {
        LatLng { lat, lng }
    }

    #[test]
    fn nearest_fix_within_the_radius_newest_on_ties() {
        let positions = [at(0.0, 0.0), at(0.0, 0.001), at(0.0, 0.001), at(10.0, 10.0)];
        // At zoom 16 a thousandth of a degree of longitude is about 186 px.
        assert_eq!(
            nearest_fix(&positions, at(0.0, 0.000_01), 16.0, 10.0),
            Some(0)
        );
        assert_eq!(nearest_fix(&positions, at(0.0, 0.001), 16.0, 10.0), Some(2));
        assert_eq!(nearest_fix(&positions, at(0.0, 0.0005), 16.0, 10.0), None);
        // Zoomed out, all three are within a pixel; the newest wins.
        assert_eq!(nearest_fix(&positions, at(0.0, 0.0005), 4.0, 10.0), Some(2));
        assert_eq!(nearest_fix(&[], at(0.0, 0.0), 4.0, 10.0), None);
    }

    #[test]
    fn positions_in_a_box_up_to_a_cap() {
        let positions = [at(1.0, 1.0), at(5.0, 5.0), at(2.0, 2.0), at(-1.0, 1.5)];
        let (sw, ne) = (at(0.0, 0.0), at(3.0, 3.0));
        assert_eq!(positions_in_box(&positions, sw, ne, 2), Some(vec![0, 2]));
        assert_eq!(positions_in_box(&positions, sw, ne, 1), None);
        assert_eq!(
            positions_in_box(&positions, at(10.0, 10.0), at(11.0, 11.0), 0),
            Some(vec![])
        );
    }

    fn fix(t: i64) -> Fix {
        Fix {
            id: t.to_string(),
            position: LatLng { lat: 1.0, lng: 2.0 },
            accuracy: None,
            time: Timestamp(t),
        }
    }

    #[test]
    fn fixes_are_sorted_and_bad_ones_skipped() {
        let track = Track::from_locations(vec![
            loc("b", Some(2.0), Some(2_000)),
            loc("a", Some(1.0), Some(1_000)),
            loc("", None, Some(3_000)),
            loc("c", Some(3.0), None),
        ]);
        let ids: Vec<_> = track.fixes.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(track.skipped.len(), 2);
        assert_eq!(track.skipped[0].id, "#3");
        assert!(track.skipped[0].reason.contains("coordinates"));
        assert_eq!(track.skipped[1].reason, "no usable time");
    }

    #[test]
    fn ranges_filter_by_time() {
        let track = Track {
            fixes: (1..=10).map(|t| fix(t * 1_000)).collect(),
            skipped: vec![],
        };
        let now = Timestamp(10_000);
        assert_eq!(track.within(TimeRange::All.bounds(now)).len(), 10);
        let custom = TimeRange::Custom {
            from: Some(Timestamp(3_000)),
            to: Some(Timestamp(5_000)),
        };
        let ids: Vec<_> = track
            .within(custom.bounds(now))
            .into_iter()
            .map(|f| f.id)
            .collect();
        assert_eq!(ids, ["3000", "4000", "5000"]);
        let inverted = TimeRange::Custom {
            from: Some(Timestamp(8_000)),
            to: Some(Timestamp(2_000)),
        };
        assert!(track.within(inverted.bounds(now)).is_empty());
        let day = Timestamp(40 * 3_600_000);
        assert_eq!(
            TimeRange::Day.bounds(day),
            (Some(Timestamp(16 * 3_600_000)), None)
        );
    }

    #[test]
    fn range_keys_round_trip() {
        for (range, _) in TimeRange::PRESETS {
            assert_eq!(TimeRange::parse(Some(range.key()), None, None), range);
        }
        assert_eq!(
            TimeRange::parse(Some("bogus"), None, None),
            TimeRange::DEFAULT
        );
    }

    #[test]
    fn gaps_split_the_track() {
        let fixes: Vec<_> = [0, 10, 20, 500, 510, 2_000].map(fix).to_vec();
        let segs = segments(&fixes, 100);
        let solid = |start, end| Segment {
            start,
            end,
            gap: false,
        };
        let gap = |start, end| Segment {
            start,
            end,
            gap: true,
        };
        assert_eq!(segs, vec![solid(0, 2), gap(2, 3), solid(3, 4), gap(4, 5)]);
        assert!(segments(&fixes[..1], 100).is_empty());
        assert_eq!(segments(&fixes[..3], 100), vec![solid(0, 2)]);
    }

    #[test]
    fn latest_ignores_fixes_without_coordinates() {
        let latest = latest_fix(vec![
            loc("old", Some(1.0), Some(1_000)),
            loc("bad", None, Some(9_000)),
            loc("new", Some(2.0), Some(5_000)),
        ]);
        assert_eq!(latest.unwrap().id, "new");
    }
}
