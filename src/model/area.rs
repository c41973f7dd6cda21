//! Who was here: an area drawn on the map, the visits of a device's track
//! to it, and what a search over many devices' tracks costs and found. Pure,
//! so it is tested natively.

use super::trips::{distance_m, duration_text};
use super::{Fix, LatLng, Timestamp};

/// An area drawn on the map.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Area {
    Circle {
        centre: LatLng,
        radius_m: f64,
    },
    /// South-west and north-east corners (never across the antimeridian).
    Rect {
        south_west: LatLng,
        north_east: LatLng,
    },
}

/// The smallest circle drawn: below a fix's usual accuracy nothing is sure.
pub const MIN_RADIUS_M: f64 = 10.0;
/// The largest: beyond a metropolitan area a search means little.
pub const MAX_RADIUS_M: f64 = 200_000.0;

/// Metres in a degree of latitude (the mean Earth radius's arc).
const M_PER_DEGREE: f64 = 111_195.0;

/// Degrees to a millionth (about 0.1 m), without trailing zeros: `51.5`.
pub fn degrees(v: f64) -> String {
    let text = format!("{v:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

fn valid(p: LatLng) -> bool {
    (-90.0..=90.0).contains(&p.lat) && (-180.0..=180.0).contains(&p.lng)
}

impl Area {
    /// A circle, or why it cannot be one.
    pub fn circle(centre: LatLng, radius_m: f64) -> Result<Area, String> {
        if !valid(centre) {
            return Err(
                "The centre must be a latitude from -90 to 90 and a longitude from -180 to 180."
                    .into(),
            );
        }
        if !(MIN_RADIUS_M..=MAX_RADIUS_M).contains(&radius_m) {
            return Err(format!(
                "The radius must be from {MIN_RADIUS_M:.0} m to {:.0} km.",
                MAX_RADIUS_M / 1000.0
            ));
        }
        Ok(Area::Circle { centre, radius_m })
    }

    /// The rectangle with corners `a` and `b` (any two opposite ones), or
    /// why it cannot be one.
    pub fn rect(a: LatLng, b: LatLng) -> Result<Area, String> {
        if !valid(a) || !valid(b) {
            return Err(
                "Corners must be latitudes from -90 to 90 and longitudes from -180 to 180.".into(),
            );
        }
        let south_west = LatLng {
            lat: a.lat.min(b.lat),
            lng: a.lng.min(b.lng),
        };
        let north_east = LatLng {
            lat: a.lat.max(b.lat),
            lng: a.lng.max(b.lng),
        };
        let tall = (north_east.lat - south_west.lat) * M_PER_DEGREE;
        let wide = (north_east.lng - south_west.lng)
            * M_PER_DEGREE
            * south_west.lat.max(-north_east.lat).to_radians().cos().abs();
        if tall < MIN_RADIUS_M || wide < MIN_RADIUS_M {
            return Err(format!(
                "The rectangle must be at least {MIN_RADIUS_M:.0} m each way."
            ));
        }
        if tall > 2.0 * MAX_RADIUS_M || wide > 2.0 * MAX_RADIUS_M {
            return Err(format!(
                "The rectangle must be at most {:.0} km each way.",
                2.0 * MAX_RADIUS_M / 1000.0
            ));
        }
        Ok(Area::Rect {
            south_west,
            north_east,
        })
    }

    pub fn contains(&self, p: LatLng) -> bool {
        match *self {
            Area::Circle { centre, radius_m } => distance_m(centre, p) <= radius_m,
            Area::Rect {
                south_west,
                north_east,
            } => {
                (south_west.lat..=north_east.lat).contains(&p.lat)
                    && (south_west.lng..=north_east.lng).contains(&p.lng)
            }
        }
    }

    /// As the URL carries it: `c:lat,lng,radius` or `r:south,west,north,east`,
    /// coordinates to a millionth of a degree (about 0.1 m).
    pub fn query(&self) -> String {
        let d = degrees;
        match *self {
            Area::Circle { centre, radius_m } => {
                format!("c:{},{},{radius_m:.0}", d(centre.lat), d(centre.lng))
            }
            Area::Rect {
                south_west,
                north_east,
            } => format!(
                "r:{},{},{},{}",
                d(south_west.lat),
                d(south_west.lng),
                d(north_east.lat),
                d(north_east.lng)
            ),
        }
    }

    /// What [`Area::query`] wrote; `None` for anything else or an area
    /// that [`Area::circle`] or [`Area::rect`] refuses.
    pub fn parse(text: &str) -> Option<Area> {
        let (kind, numbers) = text.split_once(':')?;
        let numbers: Vec<f64> = numbers
            .split(',')
            .map(|n| n.trim().parse::<f64>().ok().filter(|v| v.is_finite()))
            .collect::<Option<_>>()?;
        match (kind, numbers.as_slice()) {
            ("c", &[lat, lng, radius]) => Area::circle(LatLng { lat, lng }, radius).ok(),
            ("r", &[s, w, n, e]) => {
                Area::rect(LatLng { lat: s, lng: w }, LatLng { lat: n, lng: e }).ok()
            }
            _ => None,
        }
    }

    /// The south-west and north-east corners of a box around it.
    pub fn bounds(&self) -> (LatLng, LatLng) {
        match *self {
            Area::Circle { centre, radius_m } => {
                let dlat = radius_m / M_PER_DEGREE;
                let dlng = dlat / centre.lat.to_radians().cos().max(0.01);
                (
                    LatLng {
                        lat: (centre.lat - dlat).max(-90.0),
                        lng: (centre.lng - dlng).max(-180.0),
                    },
                    LatLng {
                        lat: (centre.lat + dlat).min(90.0),
                        lng: (centre.lng + dlng).min(180.0),
                    },
                )
            }
            Area::Rect {
                south_west,
                north_east,
            } => (south_west, north_east),
        }
    }

    /// "a circle of 500 m around 51.5, -0.12".
    pub fn describe(&self) -> String {
        let at = |p: LatLng| format!("{:.5}, {:.5}", p.lat, p.lng);
        match *self {
            Area::Circle { centre, radius_m } => format!(
                "a circle of {} around {}",
                super::trips::distance_text(radius_m),
                at(centre)
            ),
            Area::Rect {
                south_west,
                north_east,
            } => format!("a rectangle from {} to {}", at(south_west), at(north_east)),
        }
    }
}

/// One stay of a device inside an area: consecutive fixes inside, no gap
/// longer than the track's between them.
#[derive(Clone, Debug, PartialEq)]
pub struct Visit {
    pub first: Timestamp,
    pub last: Timestamp,
    /// The first fix inside, for a link to it, and where it was.
    pub first_fix: String,
    pub first_at: LatLng,
    pub fixes: usize,
}

impl Visit {
    pub fn duration_ms(&self) -> i64 {
        self.last.0 - self.first.0
    }
}

/// The visits of `fixes` (oldest first) to `area`; fixes less accurate than
/// `max_accuracy_m` are not counted.
pub fn visits(fixes: &[Fix], area: &Area, max_accuracy_m: f64, gap_ms: i64) -> Vec<Visit> {
    let mut out: Vec<Visit> = Vec::new();
    let mut open = false;
    let mut last_time: Option<Timestamp> = None;
    for f in fixes
        .iter()
        .filter(|f| f.accuracy.is_none_or(|a| a <= max_accuracy_m))
    {
        let inside = area.contains(f.position);
        let silence = last_time.is_some_and(|t| f.time.0 - t.0 > gap_ms);
        if inside {
            match out.last_mut() {
                Some(v) if open && !silence => {
                    v.last = f.time;
                    v.fixes += 1;
                }
                _ => out.push(Visit {
                    first: f.time,
                    last: f.time,
                    first_fix: f.id.clone(),
                    first_at: f.position,
                    fixes: 1,
                }),
            }
        }
        open = inside;
        last_time = Some(f.time);
    }
    out
}

/// A device's visits that last at least the minimum stay, summed up: what
/// the result table shows. `None` when no visit is long enough.
#[derive(Clone, Debug, PartialEq)]
pub struct Presence {
    pub first_entry: Timestamp,
    pub last_exit: Timestamp,
    pub time_inside_ms: i64,
    pub visits: usize,
    /// The first fix inside of the first visit counted, and where it was.
    pub first_fix: String,
    pub first_at: LatLng,
}

impl Presence {
    pub fn of(visits: &[Visit], min_stay_ms: i64) -> Option<Presence> {
        let mut counted = visits.iter().filter(|v| v.duration_ms() >= min_stay_ms);
        let first = counted.next()?;
        let mut p = Presence {
            first_entry: first.first,
            last_exit: first.last,
            time_inside_ms: first.duration_ms(),
            visits: 1,
            first_fix: first.first_fix.clone(),
            first_at: first.first_at,
        };
        for v in counted {
            p.last_exit = v.last;
            p.time_inside_ms += v.duration_ms();
            p.visits += 1;
        }
        Some(p)
    }

    pub fn time_inside_text(&self) -> String {
        duration_text(self.time_inside_ms)
    }
}

/// Pages of `limit` fixes a track of `total` takes (at least one: an empty
/// track still answers a request).
pub fn pages_for(total: u64, limit: u32) -> u64 {
    total.div_ceil(u64::from(limit.max(1))).max(1)
}

/// What a search will cost once every device's first page has been read
/// (which says how many fixes each has).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Estimate {
    pub devices: u64,
    pub fixes: u64,
    /// Requests made to learn this: the scope's lists and the first pages.
    pub made: u64,
    /// Requests still to make: the tracks' other pages.
    pub remaining: u64,
}

impl Estimate {
    pub fn new(totals: &[u64], limit: u32, made: u64) -> Estimate {
        Estimate {
            devices: totals.len() as u64,
            fixes: totals.iter().sum(),
            made,
            remaining: totals.iter().map(|&t| pages_for(t, limit) - 1).sum(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;
    const GAP: i64 = 30 * MIN;

    fn fix(minute: i64, lat: f64) -> Fix {
        Fix {
            id: format!("f{minute}"),
            position: LatLng { lat, lng: 10.0 },
            accuracy: Some(10.0),
            time: Timestamp(1_764_000_000_000 + minute * MIN),
        }
    }

    fn stay(from: i64, minutes: i64, lat: f64) -> Vec<Fix> {
        (from..from + minutes).map(|m| fix(m, lat)).collect()
    }

    /// North a hundredth of a degree (about 1.1 km) a minute.
    fn drive(from: i64, minutes: i64, lat0: f64) -> Vec<Fix> {
        (0..minutes)
            .map(|m| fix(from + m, lat0 + 0.01 * m as f64))
            .collect()
    }

    fn home() -> Area {
        Area::circle(
            LatLng {
                lat: 50.0,
                lng: 10.0,
            },
            300.0,
        )
        .unwrap()
    }

    #[test]
    fn visits_are_runs_inside_the_area() {
        let mut fixes = stay(0, 5, 50.0);
        fixes.extend(drive(5, 5, 50.01));
        fixes.extend(stay(10, 3, 50.0));
        let v = visits(&fixes, &home(), 200.0, GAP);
        assert_eq!(v.len(), 2);
        assert_eq!((v[0].fixes, v[0].first_fix.as_str()), (5, "f0"));
        assert_eq!(v[0].duration_ms(), 4 * MIN);
        assert_eq!(v[1].first, fixes[10].time);
        let elsewhere = Area::rect(
            LatLng {
                lat: 49.0,
                lng: 9.0,
            },
            LatLng {
                lat: 49.5,
                lng: 9.5,
            },
        )
        .unwrap();
        assert!(visits(&fixes, &elsewhere, 200.0, GAP).is_empty());
        // A silence inside the area splits the visit.
        let mut quiet = stay(0, 3, 50.0);
        quiet.extend(stay(100, 3, 50.0));
        assert_eq!(visits(&quiet, &home(), 200.0, GAP).len(), 2);
        // An inaccurate fix inside counts for nothing.
        let mut vague = stay(0, 1, 50.0);
        vague[0].accuracy = Some(500.0);
        assert!(visits(&vague, &home(), 200.0, GAP).is_empty());
        assert!(visits(&[], &home(), 200.0, GAP).is_empty());
    }

    #[test]
    fn a_minimum_stay_drops_drives_through() {
        // Through the area in a minute, then a 20-minute stay, then 3 minutes.
        let mut fixes = drive(0, 3, 49.99);
        fixes.extend(stay(10, 21, 50.0));
        fixes.extend(drive(40, 3, 50.05));
        fixes.extend(stay(60, 4, 50.0));
        let v = visits(&fixes, &home(), 200.0, GAP);
        assert_eq!(v.len(), 3);
        let all = Presence::of(&v, 0).unwrap();
        assert_eq!(all.visits, 3);
        assert_eq!(all.first_entry, v[0].first);
        assert_eq!(all.last_exit, v[2].last);
        assert_eq!(all.time_inside_ms, 20 * MIN + 3 * MIN);
        let long = Presence::of(&v, 5 * MIN).unwrap();
        assert_eq!((long.visits, long.time_inside_ms), (1, 20 * MIN));
        assert_eq!(long.first_fix, "f10");
        assert_eq!(long.time_inside_text(), "20 min");
        assert!(Presence::of(&v, 30 * MIN).is_none());
        assert!(Presence::of(&[], 0).is_none());
    }

    #[test]
    fn areas_round_trip_through_the_url_and_refuse_nonsense() {
        let circle = Area::circle(
            LatLng {
                lat: 51.5,
                lng: -0.1275,
            },
            500.0,
        )
        .unwrap();
        assert_eq!(circle.query(), "c:51.5,-0.1275,500");
        assert_eq!(Area::parse(&circle.query()), Some(circle));
        let rect = Area::rect(
            LatLng {
                lat: 48.9,
                lng: 2.4,
            },
            LatLng {
                lat: 48.8,
                lng: 2.3,
            },
        )
        .unwrap();
        assert_eq!(rect.query(), "r:48.8,2.3,48.9,2.4", "corners in order");
        assert_eq!(Area::parse(&rect.query()), Some(rect));
        assert!(rect.contains(LatLng {
            lat: 48.85,
            lng: 2.35
        }));
        assert!(!rect.contains(LatLng {
            lat: 48.85,
            lng: 2.45
        }));
        for bad in [
            "",
            "c:1,2",
            "c:91,0,100",
            "c:0,0,1",
            "c:0,0,900000",
            "c:0,0,NaN",
            "r:1,1,1,1",
            "x:1,2,3",
            "c:a,b,c",
        ] {
            assert_eq!(Area::parse(bad), None, "{bad}");
        }
        let (sw, ne) = circle.bounds();
        assert!((ne.lat - sw.lat) * M_PER_DEGREE - 1000.0 < 1.0);
        assert!(circle
            .describe()
            .starts_with("a circle of 500 m around 51.50000"));
    }

    #[test]
    fn the_estimate_counts_the_pages_still_to_read() {
        assert_eq!(pages_for(0, 100), 1);
        assert_eq!(pages_for(100, 100), 1);
        assert_eq!(pages_for(101, 100), 2);
        let e = Estimate::new(&[0, 3, 20_000, 250], 100, 5);
        assert_eq!(
            e,
            Estimate {
                devices: 4,
                fixes: 20_253,
                made: 5,
                remaining: 199 + 2
            }
        );
    }
}
