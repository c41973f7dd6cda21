//! Where a device went and where it stopped: a track's fixes read as stops,
//! trips and gaps, with distances, smoothed speeds, totals and a per-day
//! summary.
//!
//! A stop is a stay: from an anchor fix, every following fix within the
//! stop radius, for at least the stop time (the staypoint rule GPS tools use;
//! the anchor, not a moving centre, so a slow walk never becomes one long
//! stop). A stay may span a silence longer than the track's gap (a phone
//! asleep on a desk): both ends lie within the radius. Any other silence
//! ends a trip and is a gap. Fixes less accurate than the rules allow are
//! left out of it all, and listed.

use super::{Fix, LatLng, Timestamp};

/// Mean Earth radius (IUGG), metres.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// The great-circle distance between two positions, metres (haversine).
pub fn distance_m(a: LatLng, b: LatLng) -> f64 {
    let (lat1, lat2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = lat2 - lat1;
    let dlng = (b.lng - a.lng).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlng / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// How many steps the speed of a step is the median of.
pub const SPEED_WINDOW: usize = 5;

/// What the page says of its speeds.
pub const SPEED_HELP: &str = "Speed is the distance between two consecutive fixes over the time \
between them, taken as the median of the five steps around it, so one jittery fix cannot \
show a jump in speed.";

/// The three rules, as the page's fields and the URL hold them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StopRules {
    /// R: a stop stays within this many metres of where it began.
    pub radius_m: f64,
    /// T: for at least this many minutes.
    pub minutes: f64,
    /// A: fixes less accurate than this many metres are left out.
    pub max_accuracy_m: f64,
}

/// One rule's query key, bounds and default.
pub struct RuleLimit {
    pub key: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub min: f64,
    pub max: f64,
    pub default: f64,
}

impl StopRules {
    pub const RADIUS: RuleLimit = RuleLimit {
        key: "stop_radius",
        label: "Stop radius",
        unit: "m",
        min: 10.0,
        max: 5_000.0,
        default: 100.0,
    };
    pub const MINUTES: RuleLimit = RuleLimit {
        key: "stop_minutes",
        label: "Stop time",
        unit: "min",
        min: 1.0,
        max: 24.0 * 60.0,
        default: 5.0,
    };
    pub const ACCURACY: RuleLimit = RuleLimit {
        key: "max_accuracy",
        label: "Worst accuracy",
        unit: "m",
        min: 5.0,
        max: 100_000.0,
        default: 200.0,
    };
    pub const LIMITS: [RuleLimit; 3] = [Self::RADIUS, Self::MINUTES, Self::ACCURACY];

    /// From the query: each value missing or not a number is its default,
    /// one out of bounds is brought within them.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> StopRules {
        let read = |limit: &RuleLimit| {
            get(limit.key)
                .and_then(|v| v.trim().parse::<f64>().ok())
                .filter(|v| v.is_finite())
                .map_or(limit.default, |v| v.clamp(limit.min, limit.max))
        };
        StopRules {
            radius_m: read(&Self::RADIUS),
            minutes: read(&Self::MINUTES),
            max_accuracy_m: read(&Self::ACCURACY),
        }
    }

    /// The values in [`Self::LIMITS`]' order.
    pub fn values(&self) -> [f64; 3] {
        [self.radius_m, self.minutes, self.max_accuracy_m]
    }

    /// The query pairs of the rules that differ from the defaults.
    pub fn query(&self) -> Vec<(&'static str, String)> {
        Self::LIMITS
            .iter()
            .zip(self.values())
            .filter(|(limit, v)| *v != limit.default)
            .map(|(limit, v)| (limit.key, number(v)))
            .collect()
    }
}

impl Default for StopRules {
    fn default() -> Self {
        StopRules {
            radius_m: Self::RADIUS.default,
            minutes: Self::MINUTES.default,
            max_accuracy_m: Self::ACCURACY.default,
        }
    }
}

/// `100`, `2.5`: no trailing `.0` (the URL and the rules' fields).
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        v.to_string()
    }
}

/// Fixes `start..=end` of [`Analysis::fixes`] where the device stayed.
#[derive(Clone, Debug, PartialEq)]
pub struct Stop {
    pub start: usize,
    pub end: usize,
    /// The mean of its fixes.
    pub centre: LatLng,
    pub arrival: Timestamp,
    pub departure: Timestamp,
    /// How far its farthest fix lies from the centre, metres.
    pub spread_m: f64,
}

impl Stop {
    pub fn duration_ms(&self) -> i64 {
        self.departure.0 - self.arrival.0
    }

    /// Why it is a stop: "23 min within 80 m".
    pub fn reason(&self) -> String {
        format!(
            "{} within {} m",
            duration_text(self.duration_ms()),
            self.spread_m.round().max(1.0)
        )
    }
}

/// Fixes `start..=end` driven, walked or ridden between stops and gaps.
#[derive(Clone, Debug, PartialEq)]
pub struct Trip {
    pub start: usize,
    pub end: usize,
    pub distance_m: f64,
    /// km/h, the distance over the whole time.
    pub average_kmh: f64,
    /// km/h, the fastest smoothed step.
    pub top_kmh: f64,
    pub started: Timestamp,
    pub ended: Timestamp,
}

impl Trip {
    pub fn duration_ms(&self) -> i64 {
        self.ended.0 - self.started.0
    }
}

/// A silence longer than the track's gap between fixes `before` and
/// `before + 1`, not within a stop.
#[derive(Clone, Debug, PartialEq)]
pub struct Gap {
    pub before: usize,
    pub from: Timestamp,
    pub to: Timestamp,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    Trip(Trip),
    Stop(Stop),
    Gap(Gap),
}

impl Part {
    /// Where it begins and ends in time.
    pub fn span(&self) -> (Timestamp, Timestamp) {
        match self {
            Part::Trip(t) => (t.started, t.ended),
            Part::Stop(s) => (s.arrival, s.departure),
            Part::Gap(g) => (g.from, g.to),
        }
    }

    /// The fixes it covers (a gap: the fix before it and the one after).
    pub fn fixes(&self) -> (usize, usize) {
        match self {
            Part::Trip(t) => (t.start, t.end),
            Part::Stop(s) => (s.start, s.end),
            Part::Gap(g) => (g.before, g.before + 1),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Totals {
    pub distance_m: f64,
    pub moving_ms: i64,
    pub stopped_ms: i64,
    pub stops: usize,
    pub trips: usize,
}

/// One local day of [`Analysis::per_day`].
#[derive(Clone, Debug, PartialEq)]
pub struct Day {
    /// `2026-11-30`.
    pub date: String,
    pub totals: Totals,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Analysis {
    /// The fixes analysed, oldest first: every part's indices point here.
    pub fixes: Vec<Fix>,
    /// Where each of them was in the fixes given (ascending).
    pub source: Vec<usize>,
    /// Fixes less accurate than the rules allow, oldest first.
    pub left_out: Vec<Fix>,
    /// In time order.
    pub parts: Vec<Part>,
    /// km/h at each fix (the smoothed step that ends there); `None` at the
    /// first fix and after a gap.
    pub speeds: Vec<Option<f64>>,
    pub totals: Totals,
}

/// Reads `fixes` (oldest first) as stops, trips and gaps under `rules`,
/// with silences longer than `gap_ms` ending trips.
pub fn analyse(fixes: Vec<Fix>, rules: &StopRules, gap_ms: i64) -> Analysis {
    let mut kept = Vec::with_capacity(fixes.len());
    let mut source = Vec::with_capacity(fixes.len());
    let mut left_out = Vec::new();
    for (i, f) in fixes.into_iter().enumerate() {
        if f.accuracy.is_none_or(|a| a <= rules.max_accuracy_m) {
            kept.push(f);
            source.push(i);
        } else {
            left_out.push(f);
        }
    }
    let fixes = kept;
    let stops = find_stops(&fixes, rules);
    let speeds = smoothed_speeds(&fixes, &stops, gap_ms);
    let mut parts = Vec::new();
    // The stretch after the last stop (or from the first fix) to the next.
    let mut from = 0;
    for stop in stops {
        moving_parts(&fixes, &speeds, from, stop.start, gap_ms, &mut parts);
        from = stop.end;
        parts.push(Part::Stop(stop));
    }
    if !fixes.is_empty() {
        moving_parts(&fixes, &speeds, from, fixes.len() - 1, gap_ms, &mut parts);
    }
    let totals = totals(&parts);
    Analysis {
        fixes,
        source,
        left_out,
        parts,
        speeds,
        totals,
    }
}

fn find_stops(fixes: &[Fix], rules: &StopRules) -> Vec<Stop> {
    let min_ms = (rules.minutes * 60_000.0) as i64;
    let mut stops = Vec::new();
    let mut i = 0;
    while i < fixes.len() {
        let anchor = fixes[i].position;
        let mut j = i;
        while j + 1 < fixes.len() && distance_m(anchor, fixes[j + 1].position) <= rules.radius_m {
            j += 1;
        }
        if j > i && fixes[j].time.0 - fixes[i].time.0 >= min_ms {
            stops.push(stop_of(fixes, i, j));
            // The departure fix is the next trip's first.
            i = j + 1;
        } else {
            i += 1;
        }
    }
    stops
}

fn stop_of(fixes: &[Fix], start: usize, end: usize) -> Stop {
    let stay = &fixes[start..=end];
    let n = stay.len() as f64;
    let centre = LatLng {
        lat: stay.iter().map(|f| f.position.lat).sum::<f64>() / n,
        lng: stay.iter().map(|f| f.position.lng).sum::<f64>() / n,
    };
    let spread_m = stay
        .iter()
        .map(|f| distance_m(centre, f.position))
        .fold(0.0, f64::max);
    Stop {
        start,
        end,
        centre,
        arrival: fixes[start].time,
        departure: fixes[end].time,
        spread_m,
    }
}

/// Whether the step into fix `i` is a silence that ends a trip.
fn is_gap(fixes: &[Fix], i: usize, gap_ms: i64) -> bool {
    fixes[i].time.0 - fixes[i - 1].time.0 > gap_ms
}

/// The speed at each fix: the raw speeds of the steps, then the median of
/// [`SPEED_WINDOW`] steps around each, within one stretch between gaps.
fn smoothed_speeds(fixes: &[Fix], stops: &[Stop], gap_ms: i64) -> Vec<Option<f64>> {
    let n = fixes.len();
    let mut in_stop = vec![false; n];
    for s in stops {
        in_stop[s.start + 1..=s.end]
            .iter_mut()
            .for_each(|x| *x = true);
    }
    // A step ends a run when it crosses a gap outside a stop.
    let breaks = |i: usize| is_gap(fixes, i, gap_ms) && !in_stop[i];
    let raw: Vec<Option<f64>> = (0..n)
        .map(|i| {
            if i == 0 || breaks(i) {
                return None;
            }
            let dt = (fixes[i].time.0 - fixes[i - 1].time.0) as f64 / 3_600_000.0;
            (dt > 0.0).then(|| distance_m(fixes[i - 1].position, fixes[i].position) / 1000.0 / dt)
        })
        .collect();
    let mut out = vec![None; n];
    let mut run_start = 1;
    for end in 1..=n {
        if end < n && !(raw[end].is_none() && breaks(end)) {
            continue;
        }
        // Steps run_start..end form one run.
        let half = SPEED_WINDOW / 2;
        for (i, speed) in out.iter_mut().enumerate().take(end).skip(run_start) {
            let lo = i.saturating_sub(half).max(run_start);
            let hi = (i + half + 1).min(end);
            let mut window: Vec<f64> = raw[lo..hi].iter().flatten().copied().collect();
            *speed = median(&mut window);
        }
        run_start = end + 1;
    }
    out
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

/// The trips and gaps of fixes `from..=to` (no stop inside).
fn moving_parts(
    fixes: &[Fix],
    speeds: &[Option<f64>],
    from: usize,
    to: usize,
    gap_ms: i64,
    parts: &mut Vec<Part>,
) {
    let mut start = from;
    for i in from + 1..=to {
        if is_gap(fixes, i, gap_ms) {
            push_trip(fixes, speeds, start, i - 1, parts);
            parts.push(Part::Gap(Gap {
                before: i - 1,
                from: fixes[i - 1].time,
                to: fixes[i].time,
            }));
            start = i;
        }
    }
    push_trip(fixes, speeds, start, to, parts);
}

fn push_trip(
    fixes: &[Fix],
    speeds: &[Option<f64>],
    start: usize,
    end: usize,
    parts: &mut Vec<Part>,
) {
    if end <= start {
        return;
    }
    let distance_m: f64 = (start + 1..=end)
        .map(|i| distance_m(fixes[i - 1].position, fixes[i].position))
        .sum();
    let (started, ended) = (fixes[start].time, fixes[end].time);
    let hours = (ended.0 - started.0) as f64 / 3_600_000.0;
    let top_kmh = speeds[start + 1..=end]
        .iter()
        .flatten()
        .copied()
        .fold(0.0, f64::max);
    parts.push(Part::Trip(Trip {
        start,
        end,
        distance_m,
        average_kmh: if hours > 0.0 {
            distance_m / 1000.0 / hours
        } else {
            0.0
        },
        top_kmh,
        started,
        ended,
    }));
}

fn totals(parts: &[Part]) -> Totals {
    let mut t = Totals::default();
    for part in parts {
        match part {
            Part::Trip(trip) => {
                t.trips += 1;
                t.distance_m += trip.distance_m;
                t.moving_ms += trip.duration_ms();
            }
            Part::Stop(stop) => {
                t.stops += 1;
                t.stopped_ms += stop.duration_ms();
            }
            Part::Gap(_) => {}
        }
    }
    t
}

const DAY_MS: i64 = 86_400_000;

impl Analysis {
    /// The totals of each local day (`offset_min` east of UTC), oldest
    /// first: a stop or trip over midnight counts its time on each day, a
    /// trip's distance step by step on the day each step ends, and a stop
    /// on the day it began.
    pub fn per_day(&self, offset_min: i32) -> Vec<Day> {
        let offset_ms = i64::from(offset_min) * 60_000;
        let day_of = |t: Timestamp| (t.0 + offset_ms).div_euclid(DAY_MS);
        let mut days: std::collections::BTreeMap<i64, Totals> = Default::default();
        // Adds `[from, to]`'s time to each day it overlaps.
        let spread = |days: &mut std::collections::BTreeMap<i64, Totals>,
                      from: Timestamp,
                      to: Timestamp,
                      add: fn(&mut Totals, i64)| {
            let mut at = from.0;
            while at < to.0 {
                let day = day_of(Timestamp(at));
                let day_end = (day + 1) * DAY_MS - offset_ms;
                let until = day_end.min(to.0);
                add(days.entry(day).or_default(), until - at);
                at = until;
            }
        };
        for part in &self.parts {
            match part {
                Part::Trip(trip) => {
                    days.entry(day_of(trip.started)).or_default().trips += 1;
                    spread(&mut days, trip.started, trip.ended, |t, ms| {
                        t.moving_ms += ms
                    });
                    for i in trip.start + 1..=trip.end {
                        let d = distance_m(self.fixes[i - 1].position, self.fixes[i].position);
                        days.entry(day_of(self.fixes[i].time))
                            .or_default()
                            .distance_m += d;
                    }
                }
                Part::Stop(stop) => {
                    days.entry(day_of(stop.arrival)).or_default().stops += 1;
                    spread(&mut days, stop.arrival, stop.departure, |t, ms| {
                        t.stopped_ms += ms
                    });
                }
                Part::Gap(_) => {}
            }
        }
        days.into_iter()
            .map(|(day, totals)| Day {
                date: Timestamp(day * DAY_MS).to_rfc3339()[..10].to_string(),
                totals,
            })
            .collect()
    }

    /// The analysed fix that was `given` in the fixes given, or the one
    /// just before it (a fix left out belongs where it fell).
    pub fn analysed(&self, given: usize) -> Option<usize> {
        self.source.partition_point(|&s| s <= given).checked_sub(1)
    }

    /// The trip or stop holding fix `i`; a fix where two meet is the one
    /// that begins there (the stop arrived at, the trip departing on).
    pub fn part_of(&self, i: usize) -> Option<usize> {
        self.parts.iter().rposition(|p| match p {
            Part::Gap(_) => false,
            p => {
                let (a, b) = p.fixes();
                (a..=b).contains(&i)
            }
        })
    }
}

/// "23 min", "1 h 05 min", "2 d 3 h", "40 s".
pub fn duration_text(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    match s {
        0..=59 => format!("{s} s"),
        60..=3_599 => format!("{} min", s / 60),
        3_600..=86_399 => format!("{} h {:02} min", s / 3600, s % 3600 / 60),
        _ => format!("{} d {} h", s / 86_400, s % 86_400 / 3600),
    }
}

/// "12.3 km", "850 m".
pub fn distance_text(m: f64) -> String {
    if m >= 1000.0 {
        format!("{:.1} km", m / 1000.0)
    } else {
        format!("{m:.0} m")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;
    const GAP: i64 = 30 * MIN;
    /// About 111 m a thousandth of a degree of latitude.
    const MILLI_DEG_M: f64 = 111.195;

    fn fix(minute: i64, lat: f64, lng: f64) -> Fix {
        Fix {
            id: format!("f{minute}"),
            position: LatLng { lat, lng },
            accuracy: Some(10.0),
            time: Timestamp(1_764_000_000_000 + minute * MIN),
        }
    }

    /// A fix every minute moving north `step` thousandths of a degree a minute.
    fn drive(from_minute: i64, minutes: i64, lat0: f64, step: f64) -> Vec<Fix> {
        (0..minutes)
            .map(|m| fix(from_minute + m, lat0 + step * 0.001 * m as f64, 10.0))
            .collect()
    }

    fn stay(from_minute: i64, minutes: i64, lat: f64) -> Vec<Fix> {
        (0..minutes)
            .map(|m| {
                fix(
                    from_minute + m,
                    lat + if m % 2 == 0 { 0.0002 } else { 0.0 },
                    10.0,
                )
            })
            .collect()
    }

    fn kinds(a: &Analysis) -> String {
        a.parts
            .iter()
            .map(|p| match p {
                Part::Trip(_) => 'T',
                Part::Stop(_) => 'S',
                Part::Gap(_) => 'G',
            })
            .collect()
    }

    #[test]
    fn distances_are_great_circle() {
        let a = LatLng { lat: 0.0, lng: 0.0 };
        let b = LatLng { lat: 1.0, lng: 0.0 };
        assert!((distance_m(a, b) - 111_195.0).abs() < 1.0);
        let paris = LatLng {
            lat: 48.8566,
            lng: 2.3522,
        };
        let london = LatLng {
            lat: 51.5074,
            lng: -0.1278,
        };
        assert!((distance_m(paris, london) / 1000.0 - 343.5).abs() < 1.0);
        assert_eq!(distance_m(paris, paris), 0.0);
    }

    #[test]
    fn a_track_across_the_antimeridian_is_short() {
        // Ten minutes east along the equator from 179.95° E to 179.95° W.
        let fixes: Vec<Fix> = (0..=10)
            .map(|m| {
                let lng = 179.95 + 0.01 * m as f64;
                fix(m, 0.0, if lng > 180.0 { lng - 360.0 } else { lng })
            })
            .collect();
        let a = analyse(fixes, &StopRules::default(), GAP);
        assert_eq!(kinds(&a), "T");
        // 0.1° of the equator: 11.12 km, within 0.5 %.
        let expected = 0.1 * 111_195.0;
        assert!(
            (a.totals.distance_m - expected).abs() < expected * 0.005,
            "{}",
            a.totals.distance_m
        );
        let top = a.speeds.iter().flatten().copied().fold(0.0, f64::max);
        assert!((top - 66.7).abs() < 1.0, "{top}");
    }

    #[test]
    fn a_drive_a_stay_and_a_drive_are_trip_stop_trip() {
        let mut fixes = drive(0, 10, 50.0, 5.0);
        let at = fixes.last().unwrap().position.lat + 0.005;
        fixes.extend(stay(10, 20, at));
        fixes.extend(drive(30, 10, at + 0.005, 5.0));
        let a = analyse(fixes, &StopRules::default(), GAP);
        assert_eq!(kinds(&a), "TST");
        let Part::Stop(stop) = &a.parts[1] else {
            panic!()
        };
        assert_eq!((stop.start, stop.end), (10, 29));
        assert_eq!(stop.duration_ms(), 19 * MIN);
        assert_eq!(stop.reason(), "19 min within 11 m");
        let Part::Trip(first) = &a.parts[0] else {
            panic!()
        };
        // Nine steps of 5 milli-degrees, the last (into the stop) of 5.2.
        assert_eq!((first.start, first.end), (0, 10));
        assert!(
            (first.distance_m - 50.2 * MILLI_DEG_M).abs() < 5.0,
            "{}",
            first.distance_m
        );
        // 556 m a minute: 33.4 km/h.
        assert!(
            (first.average_kmh - 33.36).abs() < 0.5,
            "{}",
            first.average_kmh
        );
        assert!((first.top_kmh - 33.36).abs() < 0.5, "{}", first.top_kmh);
        assert_eq!(a.totals.stops, 1);
        assert_eq!(a.totals.trips, 2);
        assert_eq!(a.totals.stopped_ms, 19 * MIN);
        assert_eq!(a.totals.moving_ms, 10 * MIN + 10 * MIN);
    }

    #[test]
    fn a_short_stay_is_not_a_stop_and_the_rules_decide() {
        let mut fixes = drive(0, 5, 50.0, 5.0);
        let at = fixes.last().unwrap().position.lat;
        fixes.extend(stay(5, 4, at));
        fixes.extend(drive(9, 4, at + 0.005, 5.0));
        let a = analyse(fixes.clone(), &StopRules::default(), GAP);
        assert_eq!(kinds(&a), "T");
        let quick = StopRules {
            minutes: 3.0,
            ..StopRules::default()
        };
        assert_eq!(kinds(&analyse(fixes.clone(), &quick, GAP)), "TST");
        // A radius wider than a minute's drive makes the drive a stop.
        let wide = StopRules {
            radius_m: 5_000.0,
            ..StopRules::default()
        };
        assert_eq!(kinds(&analyse(fixes, &wide, GAP)), "S");
    }

    #[test]
    fn a_silence_ends_a_trip_unless_both_ends_are_within_the_stop() {
        // Asleep on a desk for two hours: one stop across the silence.
        let mut desk = stay(0, 3, 50.0);
        desk.extend(stay(123, 3, 50.0));
        let a = analyse(desk, &StopRules::default(), GAP);
        assert_eq!(kinds(&a), "S");
        assert_eq!(a.totals.stopped_ms, 125 * MIN);
        // Lost its fix while driving: trip, gap, trip.
        let mut lost = drive(0, 5, 50.0, 5.0);
        lost.extend(drive(65, 5, 50.2, 5.0));
        let a = analyse(lost, &StopRules::default(), GAP);
        assert_eq!(kinds(&a), "TGT");
        let Part::Gap(gap) = &a.parts[1] else {
            panic!()
        };
        assert_eq!(gap.before, 4);
        assert_eq!(gap.to.0 - gap.from.0, 61 * MIN);
        assert_eq!(a.speeds[5], None, "no speed across a gap");
        assert_eq!(a.totals.moving_ms, 8 * MIN);
    }

    #[test]
    fn inaccurate_fixes_are_left_out_and_listed() {
        let mut fixes = drive(0, 6, 50.0, 5.0);
        fixes[3].accuracy = Some(900.0);
        fixes[3].position.lat += 1.0;
        let a = analyse(fixes, &StopRules::default(), GAP);
        assert_eq!(a.left_out.len(), 1);
        assert_eq!(a.left_out[0].id, "f3");
        assert_eq!(a.fixes.len(), 5);
        assert_eq!(a.source, vec![0, 1, 2, 4, 5]);
        assert_eq!(a.analysed(3), Some(2));
        assert_eq!(a.analysed(4), Some(3));
        assert!(a.totals.distance_m < 6.0 * 5.0 * MILLI_DEG_M);
    }

    #[test]
    fn one_jittery_fix_does_not_show_as_a_spike() {
        let mut fixes = drive(0, 12, 50.0, 1.0);
        // 10 km off for one fix, a minute apart: 600 km/h each way raw.
        fixes[6].position.lat += 0.09;
        let a = analyse(fixes, &StopRules::default(), GAP);
        let top = a.speeds.iter().flatten().copied().fold(0.0, f64::max);
        assert!(top < 10.0, "smoothed top {top} km/h");
        let Part::Trip(trip) = &a.parts[0] else {
            panic!()
        };
        assert!(trip.top_kmh < 10.0);
    }

    #[test]
    fn days_split_time_at_local_midnight() {
        // 23:50 to 00:20 UTC, stopped: 10 min on the first day, 20 on the next.
        let midnight = 1_764_028_800_000; // 2025-11-25T00:00:00Z
        let base = 1_764_000_000_000;
        let minute_of = |t: i64| (t - base) / MIN;
        let start = minute_of(midnight) - 10;
        let a = analyse(stay(start, 31, 50.0), &StopRules::default(), GAP);
        let days = a.per_day(0);
        assert_eq!(days.len(), 2);
        assert_eq!(days[0].date, "2025-11-24");
        assert_eq!(days[0].totals.stopped_ms, 10 * MIN);
        assert_eq!(days[0].totals.stops, 1);
        assert_eq!(days[1].date, "2025-11-25");
        assert_eq!(days[1].totals.stopped_ms, 20 * MIN);
        assert_eq!(days[1].totals.stops, 0);
        // An hour east, all of it is on the 25th.
        let east = a.per_day(60);
        assert_eq!(east.len(), 1);
        assert_eq!(east[0].date, "2025-11-25");
        assert_eq!(east[0].totals.stopped_ms, 30 * MIN);
    }

    #[test]
    fn rules_come_from_the_query_within_bounds() {
        let q = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(StopRules::from_query(q(&[])), StopRules::default());
        let r = StopRules::from_query(q(&[
            ("stop_radius", "80"),
            ("stop_minutes", "2.5"),
            ("max_accuracy", "x"),
        ]));
        assert_eq!(r.values(), [80.0, 2.5, 200.0]);
        assert_eq!(
            r.query(),
            vec![
                ("stop_radius", "80".to_string()),
                ("stop_minutes", "2.5".to_string())
            ]
        );
        let r = StopRules::from_query(q(&[("stop_radius", "0"), ("stop_minutes", "NaN")]));
        assert_eq!(r.values(), [10.0, 5.0, 200.0]);
        assert!(StopRules::default().query().is_empty());
    }

    #[test]
    fn durations_and_distances_read_well() {
        assert_eq!(duration_text(40_000), "40 s");
        assert_eq!(duration_text(23 * MIN), "23 min");
        assert_eq!(duration_text(65 * MIN), "1 h 05 min");
        assert_eq!(duration_text(51 * 60 * MIN), "2 d 3 h");
        assert_eq!(distance_text(850.4), "850 m");
        assert_eq!(distance_text(12_345.0), "12.3 km");
    }

    #[test]
    fn an_empty_or_single_track_has_no_parts() {
        let a = analyse(Vec::new(), &StopRules::default(), GAP);
        assert!(a.parts.is_empty());
        let a = analyse(vec![fix(0, 1.0, 1.0)], &StopRules::default(), GAP);
        assert!(a.parts.is_empty());
        assert_eq!(a.speeds, vec![None]);
        assert_eq!(a.part_of(0), None);
    }

    #[test]
    fn a_fix_belongs_to_its_part() {
        let mut fixes = drive(0, 5, 50.0, 5.0);
        fixes.extend(stay(5, 10, 50.03));
        let a = analyse(fixes, &StopRules::default(), GAP);
        assert_eq!(kinds(&a), "TS");
        assert_eq!(a.part_of(2), Some(0));
        assert_eq!(a.part_of(5), Some(1), "the arrival is the stop's");
        assert_eq!(a.part_of(8), Some(1));
    }

    #[test]
    fn twenty_thousand_fixes_are_read_quickly() {
        let mut fixes = Vec::new();
        for k in 0..1000 {
            fixes.extend(drive(k * 20, 10, 50.0 + k as f64 * 0.01, 5.0));
            fixes.extend(stay(k * 20 + 10, 10, 50.0 + k as f64 * 0.01 + 0.06));
        }
        assert_eq!(fixes.len(), 20_000);
        let started = std::time::Instant::now();
        let a = analyse(fixes, &StopRules::default(), GAP);
        assert_eq!(a.totals.stops, 1000);
        assert!(started.elapsed().as_millis() < 2_000);
    }
}
