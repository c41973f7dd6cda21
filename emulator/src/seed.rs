//! Deterministic seed data.
//!
//! Everything comes from fixed-seed SplitMix64 generators, so two runs produce the same ids,
//! names and tracks; only the timestamps move, because they are relative to `now` (the
//! moment the server starts) so "last check-in 5 minutes ago" stays true.
//!
//! - `demo`: a small company in six cities, for trying the portal and for the browser tests.
//!   It has an empty group, a user without devices and two devices without locations, so
//!   every empty state can be seen.
//! - `large`: 100 groups, 5,000 users, 20,000 devices, one of them with 20,000 locations,
//!   for benchmarks of paging and the map.
//! - `none`: nothing.

use std::collections::HashSet;

use rusqlite::Connection;

use crate::db::ids::SeedIds;
use crate::db::models::{Device, Group, Location, User};
use crate::db::queries::{self, Counts};
use crate::rng::SplitMix64;
use crate::time::Timestamp;

const MINUTE: i64 = 60;
const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

/// Which data set to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Preset {
    Demo,
    Large,
    None,
}

impl Preset {
    pub fn name(self) -> &'static str {
        match self {
            Self::Demo => "demo",
            Self::Large => "large",
            Self::None => "none",
        }
    }
}

/// What a seed produced, including the ids of the special cases tests look for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    pub counts: Counts,
    /// A group without users.
    pub empty_group: Option<String>,
    /// A user without devices.
    pub user_without_devices: Option<String>,
    /// Devices with no location history (demo: one never checked in, one has location off).
    pub devices_without_locations: Vec<String>,
    /// The device with the longest track (large: 20,000 locations).
    pub busiest_device: Option<String>,
}

/// Loads `preset` into an empty, migrated database.
pub fn run(conn: &Connection, preset: Preset, now: i64) -> rusqlite::Result<Summary> {
    match preset {
        Preset::Demo => demo(conn, now),
        Preset::Large => large(conn, now),
        Preset::None => Ok(Summary {
            counts: queries::counts(conn)?,
            ..Summary::default()
        }),
    }
}

// ---------------------------------------------------------------------------------------
// Places
// ---------------------------------------------------------------------------------------

/// A city centre and the street grid the tracks walk on. The grid is turned by `bearing`
/// (degrees clockwise from north, e.g. Manhattan's 29°) and kept to a rectangle of
/// `half_x` × `half_y` metres that avoids the nearby rivers, lakes and harbours.
struct City {
    name: &'static str,
    code: &'static str,
    lat: f64,
    lon: f64,
    bearing: f64,
    block_x: f64,
    block_y: f64,
    half_x: f64,
    half_y: f64,
}

const LONDON: usize = 0;
const BERLIN: usize = 1;
const NEW_YORK: usize = 2;
const SYDNEY: usize = 3;
const TORONTO: usize = 4;
const AMSTERDAM: usize = 5;

#[rustfmt::skip]
const CITIES: &[City] = &[
    City { name: "London", code: "LON", lat: 51.5230, lon: -0.1300, bearing: 0.0, block_x: 130.0, block_y: 110.0, half_x: 1800.0, half_y: 900.0 },
    City { name: "Berlin", code: "BER", lat: 52.5250, lon: 13.4000, bearing: 12.0, block_x: 160.0, block_y: 140.0, half_x: 1800.0, half_y: 1500.0 },
    City { name: "New York", code: "NYC", lat: 40.7549, lon: -73.9840, bearing: 29.0, block_x: 260.0, block_y: 80.0, half_x: 900.0, half_y: 2400.0 },
    City { name: "Sydney", code: "SYD", lat: -33.8830, lon: 151.2080, bearing: 8.0, block_x: 120.0, block_y: 140.0, half_x: 700.0, half_y: 1100.0 },
    City { name: "Toronto", code: "TOR", lat: 43.6600, lon: -79.3900, bearing: -17.0, block_x: 180.0, block_y: 150.0, half_x: 1500.0, half_y: 1100.0 },
    City { name: "Amsterdam", code: "AMS", lat: 52.3640, lon: 4.8850, bearing: 0.0, block_x: 110.0, block_y: 100.0, half_x: 1200.0, half_y: 850.0 },
];

const METRES_PER_DEGREE: f64 = 111_320.0;

impl City {
    /// Grid metres (x across, y along the grid) to latitude/longitude.
    fn to_lat_lon(&self, x: f64, y: f64) -> (f64, f64) {
        let b = self.bearing.to_radians();
        let east = x * b.cos() + y * b.sin();
        let north = -x * b.sin() + y * b.cos();
        let lat = self.lat + north / METRES_PER_DEGREE;
        let lon = self.lon + east / (METRES_PER_DEGREE * self.lat.to_radians().cos());
        (round6(lat), round6(lon))
    }

    fn max_ix(&self) -> i64 {
        (self.half_x / self.block_x).floor() as i64
    }

    fn max_iy(&self) -> i64 {
        (self.half_y / self.block_y).floor() as i64
    }

    fn random_corner(&self, rng: &mut SplitMix64) -> (i64, i64) {
        (
            rng.range(-self.max_ix(), self.max_ix()),
            rng.range(-self.max_iy(), self.max_iy()),
        )
    }

    /// A phone number in the local format, from ranges set aside for fiction where the
    /// country has them (UK 07700 900xxx, North America 555-01xx, Australia 0491 570 xxx).
    fn phone(&self, rng: &mut SplitMix64) -> String {
        let digits = |rng: &mut SplitMix64, n: usize| -> String {
            (0..n)
                .map(|_| char::from(b'0' + rng.below(10) as u8))
                .collect()
        };
        match self.code {
            "LON" => format!("+44 7700 900{}", digits(rng, 3)),
            "BER" => format!("+49 151 {} {}", digits(rng, 4), digits(rng, 4)),
            "NYC" => format!("+1 212-555-01{}", digits(rng, 2)),
            "SYD" => format!("+61 491 570 {}", digits(rng, 3)),
            "TOR" => format!("+1 416-555-01{}", digits(rng, 2)),
            _ => format!("+31 6 {} {}", digits(rng, 4), digits(rng, 4)),
        }
    }
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

// ---------------------------------------------------------------------------------------
// Tracks: walking (and sometimes driving) a street grid
// ---------------------------------------------------------------------------------------

/// A position on the grid: at corner (`ix`, `iy`), `t` metres along the street in `dir`.
struct Walker<'a> {
    city: &'a City,
    ix: i64,
    iy: i64,
    dir: usize,
    t: f64,
    home: (i64, i64),
}

/// North, east, south, west along the (turned) grid.
const DIRS: [(i64, i64); 4] = [(0, 1), (1, 0), (0, -1), (-1, 0)];

impl<'a> Walker<'a> {
    fn new(city: &'a City, rng: &mut SplitMix64) -> Self {
        let home = city.random_corner(rng);
        Self {
            city,
            ix: home.0,
            iy: home.1,
            dir: rng.below(4) as usize,
            t: 0.0,
            home,
        }
    }

    fn block(&self) -> f64 {
        if DIRS[self.dir].0 != 0 {
            self.city.block_x
        } else {
            self.city.block_y
        }
    }

    fn position(&self) -> (f64, f64) {
        let (dx, dy) = DIRS[self.dir];
        (
            self.ix as f64 * self.city.block_x + dx as f64 * self.t,
            self.iy as f64 * self.city.block_y + dy as f64 * self.t,
        )
    }

    fn jump_to(&mut self, corner: (i64, i64)) {
        (self.ix, self.iy) = corner;
        self.t = 0.0;
    }

    fn leads_inside(&self, dir: usize) -> bool {
        let (dx, dy) = DIRS[dir];
        (self.ix + dx).abs() <= self.city.max_ix() && (self.iy + dy).abs() <= self.city.max_iy()
    }

    /// At a corner: mostly straight on, sometimes a turn, rarely back; never off the map.
    fn turn(&mut self, rng: &mut SplitMix64) {
        for _ in 0..8 {
            let r = rng.unit();
            let turn = if r < 0.55 {
                0
            } else if r < 0.75 {
                1
            } else if r < 0.95 {
                3
            } else {
                2
            };
            let dir = (self.dir + turn) % 4;
            if self.leads_inside(dir) {
                self.dir = dir;
                return;
            }
        }
        // Boxed in by the edge: head back towards the centre.
        self.dir = if self.ix.abs() * self.city.block_x as i64
            > self.iy.abs() * self.city.block_y as i64
        {
            if self.ix > 0 {
                3
            } else {
                1
            }
        } else if self.iy > 0 {
            2
        } else {
            0
        };
    }

    fn advance(&mut self, mut distance: f64, rng: &mut SplitMix64) {
        while distance > 0.0 {
            let left = self.block() - self.t;
            if distance < left {
                self.t += distance;
                return;
            }
            distance -= left;
            let (dx, dy) = DIRS[self.dir];
            self.ix += dx;
            self.iy += dy;
            self.t = 0.0;
            self.turn(rng);
        }
    }
}

/// GPS accuracy in metres: mostly good, sometimes mediocre, rarely bad.
fn accuracy(rng: &mut SplitMix64) -> f64 {
    let r = rng.unit();
    let a = if r < 0.78 {
        rng.float(4.0, 20.0)
    } else if r < 0.96 {
        rng.float(20.0, 65.0)
    } else {
        rng.float(65.0, 350.0)
    };
    round1(a)
}

/// One fix at the walker's position, blurred by noise that matches its accuracy.
fn fix(walker: &Walker<'_>, rng: &mut SplitMix64, time: i64) -> (f64, f64, f64, i64) {
    let acc = accuracy(rng);
    let (x, y) = walker.position();
    let (lat, lon) = walker.city.to_lat_lon(
        x + rng.normalish() * acc * 0.35,
        y + rng.normalish() * acc * 0.35,
    );
    (lat, lon, acc, time)
}

/// A track of `points` fixes between `start` and `end` (the last fix is at `end`), in
/// sessions separated by gaps of hours: mostly walks with small moves and stops, a few
/// drives, now and then starting again from home.
fn track(
    rng: &mut SplitMix64,
    city: &City,
    start: i64,
    end: i64,
    points: usize,
    sessions: usize,
) -> Vec<(f64, f64, f64, i64)> {
    let sessions = sessions.clamp(1, points.max(1));
    // Share the points out between sessions, at least two each.
    let weights: Vec<f64> = (0..sessions).map(|_| rng.float(0.5, 1.5)).collect();
    let sum: f64 = weights.iter().sum();
    let mut sizes: Vec<usize> = weights
        .iter()
        .map(|w| ((points as f64) * w / sum).floor().max(2.0) as usize)
        .collect();
    let assigned: usize = sizes.iter().sum();
    if assigned < points {
        sizes[sessions - 1] += points - assigned;
    } else {
        let mut excess = assigned - points;
        for size in sizes.iter_mut().rev() {
            let take = excess.min(size.saturating_sub(2));
            *size -= take;
            excess -= take;
        }
    }

    let span = (end - start).max(sessions as i64 * 10 * MINUTE);
    let start = end - span;
    let slot = span / sessions as i64;
    let mut walker = Walker::new(city, rng);
    let mut out = Vec::with_capacity(points);
    let mut last_time = i64::MIN;

    for (s, &n) in sizes.iter().enumerate() {
        // Time steps: walking every 30–120 s, driving every 20–60 s, stops every 1–4 min.
        let driving = rng.chance(0.15);
        let mut steps: Vec<(i64, bool)> = Vec::with_capacity(n);
        let mut stop_left = 0;
        for _ in 1..n {
            if stop_left == 0 && rng.chance(0.06) {
                stop_left = rng.range(3, 10);
            }
            if stop_left > 0 {
                stop_left -= 1;
                steps.push((rng.range(60, 240), true));
            } else if driving {
                steps.push((rng.range(20, 60), false));
            } else {
                steps.push((rng.range(30, 120), false));
            }
        }
        let mut duration: i64 = steps.iter().map(|(dt, _)| dt).sum();
        let room = slot * 7 / 10;
        if duration > room && duration > 0 {
            for (dt, _) in &mut steps {
                *dt = (*dt * room / duration).max(5);
            }
            duration = steps.iter().map(|(dt, _)| dt).sum();
        }
        let session_start = if s + 1 == sessions {
            end - duration
        } else {
            let base = start + s as i64 * slot;
            base + rng.range(0, (slot - duration).max(1) - 1)
        };

        // Between sessions: back home, somewhere new, or on from where it was.
        let r = rng.unit();
        if r < 0.3 {
            walker.jump_to(walker.home);
        } else if r < 0.4 {
            walker.jump_to(city.random_corner(rng));
        }

        let mut time = session_start.max(last_time + 1);
        out.push(fix(&walker, rng, time));
        for (dt, stopped) in steps {
            time += dt;
            if !stopped {
                let speed = if driving {
                    rng.float(6.0, 13.0)
                } else {
                    rng.float(1.1, 1.6)
                };
                walker.advance(speed * dt as f64, rng);
            }
            out.push(fix(&walker, rng, time));
        }
        last_time = time;
    }
    out
}

// ---------------------------------------------------------------------------------------
// People and devices
// ---------------------------------------------------------------------------------------

#[rustfmt::skip]
const FIRST_NAMES: &[&str] = &[
    "Alice", "Bob", "Chloé", "Daniel", "Emma", "Farid", "Grace", "Hiroshi", "Isabel", "James",
    "Keisha", "Liam", "Mei", "Noah", "Olivia", "Priya", "Quentin", "Rosa", "Samuel", "Tanvir",
    "Uma", "Victor", "Wen", "Xavier", "Yara", "Zoë", "Ahmed", "Björn", "Carmen", "Dmitri",
    "Elif", "Fatima", "Gustavo", "Hannah", "Igor", "Julia", "Kwame", "Laura", "Mateo", "Nadia",
    "Oscar", "Paula", "Rahul", "Sofia", "Thomas", "Ursula", "Valentina", "William", "Yusuf", "Zara",
    "Aisha", "Ben", "Chen", "Diego", "Erik", "Freya", "Giulia", "Hugo", "Inès", "Jonas",
    "Kenji", "Lena", "Marco", "Nia", "Omar", "Pieter", "Sanne", "Søren", "Łukasz", "José",
    "Ayşe", "François", "Núria", "Mélanie", "Conor", "Siobhan", "Tomasz", "Anya", "Rajesh", "Leilani",
];

#[rustfmt::skip]
const LAST_NAMES: &[&str] = &[
    "Smith", "Johnson", "Müller", "García", "Nguyen", "Okafor", "Patel", "Kowalski", "Rossi", "Jansen",
    "de Vries", "O'Brien", "Schmidt", "Tanaka", "Kim", "Silva", "Andersson", "Dubois", "Cohen", "Haddad",
    "Ivanova", "Mensah", "Novak", "Petrov", "Reyes", "Santos", "Fischer", "Weber", "Bakker", "Visser",
    "Brown", "Wilson", "Taylor", "Thompson", "Martin", "Lee", "Walker", "Wright", "Chen", "Singh",
    "Khan", "Ali", "Hughes", "Murphy", "Kelly", "Campbell", "Stewart", "MacDonald", "Fraser", "Horvat",
    "Yılmaz", "Demir", "Lindqvist", "Nielsen", "Hansen", "Berg", "Larsen", "Costa", "Ferreira", "Moreau",
    "Laurent", "Lefebvre", "Bianchi", "Romano", "Esposito", "Zhang", "Wang", "Liu", "Park", "van Dijk",
    "Oyelaran", "Achterberg", "Kaur", "Svensson", "Rahman", "Mwangi", "Papadopoulos", "Sato", "Gómez", "Eriksen",
];

/// `Zoë O'Brien` → `zoe.obrien`: the local part of a demo email address.
fn email_local(first: &str, last: &str) -> String {
    let fold = |s: &str| -> String {
        s.chars()
            .flat_map(char::to_lowercase)
            .filter_map(|c| {
                Some(match c {
                    'á' | 'à' | 'ä' | 'â' | 'å' => 'a',
                    'é' | 'è' | 'ë' | 'ê' => 'e',
                    'í' | 'ï' | 'ı' => 'i',
                    'ó' | 'ö' | 'ô' | 'ø' => 'o',
                    'ú' | 'ü' => 'u',
                    'ñ' => 'n',
                    'ç' => 'c',
                    'ł' => 'l',
                    'ş' => 's',
                    c if c.is_ascii_alphanumeric() => c,
                    _ => return None,
                })
            })
            .collect()
    };
    format!("{}.{}", fold(first), fold(last))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Serial {
    Apple,
    Samsung,
    Google,
    Zebra,
}

impl Serial {
    fn make(self, rng: &mut SplitMix64) -> String {
        const APPLE: &[u8] = b"CDFGHJKLMNPQRTVWXY0123456789";
        const ALNUM: &[u8] = b"ABCDEFGHJKLMNPRSTVWXYZ0123456789";
        let from = |rng: &mut SplitMix64, alphabet: &[u8], n: usize| -> String {
            (0..n).map(|_| char::from(*rng.pick(alphabet))).collect()
        };
        match self {
            Self::Apple => from(rng, APPLE, 10),
            Self::Samsung => format!("R{}{}", rng.range(3, 9), from(rng, ALNUM, 9)),
            Self::Google => format!("{}{}", rng.range(10, 49), from(rng, ALNUM, 12)),
            Self::Zebra => format!("2{}{}", rng.range(18, 24), from(rng, b"0123456789", 11)),
        }
    }
}

/// A device model: platform, name as sold, the short name people use, plausible OS versions.
struct Model {
    platform: &'static str,
    model: &'static str,
    short: &'static str,
    os: &'static [&'static str],
    serial: Serial,
    /// How likely it has a SIM with a phone number.
    cellular: f64,
}

#[rustfmt::skip]
const IPHONES: &[Model] = &[
    Model { platform: "iOS", model: "iPhone 16 Pro", short: "iPhone", os: &["18.1", "18.1.1", "18.2"], serial: Serial::Apple, cellular: 0.95 },
    Model { platform: "iOS", model: "iPhone 16", short: "iPhone", os: &["18.0.1", "18.1", "18.1.1"], serial: Serial::Apple, cellular: 0.95 },
    Model { platform: "iOS", model: "iPhone 15 Pro", short: "iPhone", os: &["17.6.1", "18.0.1", "18.1"], serial: Serial::Apple, cellular: 0.95 },
    Model { platform: "iOS", model: "iPhone 15", short: "iPhone", os: &["17.5.1", "17.6.1", "18.1"], serial: Serial::Apple, cellular: 0.9 },
    Model { platform: "iOS", model: "iPhone 14", short: "iPhone", os: &["16.7.10", "17.6.1", "18.1"], serial: Serial::Apple, cellular: 0.9 },
    Model { platform: "iOS", model: "iPhone 13", short: "iPhone", os: &["16.7.10", "17.6.1"], serial: Serial::Apple, cellular: 0.9 },
    Model { platform: "iOS", model: "iPhone SE (3rd generation)", short: "iPhone SE", os: &["17.6.1", "18.1"], serial: Serial::Apple, cellular: 0.9 },
];

#[rustfmt::skip]
const ANDROID_PHONES: &[Model] = &[
    Model { platform: "Android", model: "Samsung Galaxy S24", short: "Galaxy S24", os: &["14", "15"], serial: Serial::Samsung, cellular: 0.9 },
    Model { platform: "Android", model: "Samsung Galaxy S23", short: "Galaxy S23", os: &["14"], serial: Serial::Samsung, cellular: 0.9 },
    Model { platform: "Android", model: "Samsung Galaxy A54 5G", short: "Galaxy A54", os: &["13", "14"], serial: Serial::Samsung, cellular: 0.9 },
    Model { platform: "Android", model: "Google Pixel 9", short: "Pixel 9", os: &["15"], serial: Serial::Google, cellular: 0.9 },
    Model { platform: "Android", model: "Google Pixel 8", short: "Pixel 8", os: &["14", "15"], serial: Serial::Google, cellular: 0.9 },
    Model { platform: "Android", model: "Google Pixel 7a", short: "Pixel 7a", os: &["13", "14"], serial: Serial::Google, cellular: 0.85 },
];

#[rustfmt::skip]
const TABLETS: &[Model] = &[
    Model { platform: "iPadOS", model: "iPad Pro 11-inch (M4)", short: "iPad Pro", os: &["18.1", "18.2"], serial: Serial::Apple, cellular: 0.4 },
    Model { platform: "iPadOS", model: "iPad Air 11-inch (M2)", short: "iPad Air", os: &["17.7", "18.1"], serial: Serial::Apple, cellular: 0.25 },
    Model { platform: "iPadOS", model: "iPad (10th generation)", short: "iPad", os: &["17.6.1", "18.0.1", "18.1"], serial: Serial::Apple, cellular: 0.15 },
    Model { platform: "iPadOS", model: "iPad mini (6th generation)", short: "iPad mini", os: &["17.7", "18.1"], serial: Serial::Apple, cellular: 0.3 },
    Model { platform: "Android", model: "Samsung Galaxy Tab S9", short: "Galaxy Tab", os: &["14"], serial: Serial::Samsung, cellular: 0.2 },
];

#[rustfmt::skip]
const RUGGED: &[Model] = &[
    Model { platform: "Android", model: "Samsung Galaxy XCover6 Pro", short: "XCover6 Pro", os: &["13", "14"], serial: Serial::Samsung, cellular: 0.9 },
    Model { platform: "Android", model: "Samsung Galaxy Tab Active4 Pro", short: "Tab Active4", os: &["13", "14"], serial: Serial::Samsung, cellular: 0.5 },
];

#[rustfmt::skip]
const SCANNERS: &[Model] = &[
    Model { platform: "Android", model: "Zebra TC52", short: "TC52", os: &["10", "11"], serial: Serial::Zebra, cellular: 0.05 },
    Model { platform: "Android", model: "Zebra TC57", short: "TC57", os: &["11", "13"], serial: Serial::Zebra, cellular: 0.6 },
];

/// What a group's people carry: a first device from `primary`, then 0..=`max_extra` more
/// (each at least `min_extra`) from `extra`.
struct Kit {
    primary: &'static [&'static [Model]],
    extra: &'static [&'static [Model]],
    min_extra: i64,
    max_extra: i64,
}

struct GroupPlan {
    name: &'static str,
    description: &'static str,
    users: usize,
    cities: &'static [usize],
    kit: Kit,
}

#[rustfmt::skip]
const DEMO_GROUPS: &[GroupPlan] = &[
    GroupPlan { name: "Sales", description: "Account executives and sales engineers on the road", users: 16,
        cities: &[LONDON, NEW_YORK, TORONTO, SYDNEY],
        kit: Kit { primary: &[IPHONES, IPHONES, ANDROID_PHONES], extra: &[TABLETS, IPHONES], min_extra: 1, max_extra: 2 } },
    GroupPlan { name: "Engineering", description: "Product and platform engineers, with their test devices", users: 14,
        cities: &[BERLIN, AMSTERDAM, TORONTO],
        kit: Kit { primary: &[IPHONES, ANDROID_PHONES], extra: &[ANDROID_PHONES, IPHONES, TABLETS], min_extra: 1, max_extra: 2 } },
    GroupPlan { name: "Support", description: "Customer support and the internal help desk", users: 12,
        cities: &[TORONTO, SYDNEY, AMSTERDAM],
        kit: Kit { primary: &[IPHONES, ANDROID_PHONES], extra: &[TABLETS], min_extra: 0, max_extra: 2 } },
    GroupPlan { name: "Field Service", description: "Technicians who install and repair equipment on site", users: 12,
        cities: &[LONDON, BERLIN, NEW_YORK, SYDNEY, TORONTO, AMSTERDAM],
        kit: Kit { primary: &[RUGGED, IPHONES], extra: &[RUGGED, TABLETS], min_extra: 1, max_extra: 2 } },
    GroupPlan { name: "Executive", description: "Leadership team and their assistants", users: 5,
        cities: &[LONDON, NEW_YORK],
        kit: Kit { primary: &[IPHONES], extra: &[TABLETS], min_extra: 1, max_extra: 2 } },
    GroupPlan { name: "Warehouse", description: "Shared scanners and handhelds in the distribution centres", users: 9,
        cities: &[AMSTERDAM, BERLIN, SYDNEY],
        kit: Kit { primary: &[SCANNERS], extra: &[SCANNERS, ANDROID_PHONES], min_extra: 1, max_extra: 2 } },
    GroupPlan { name: "Marketing", description: "Brand, events and communications", users: 4,
        cities: &[LONDON, NEW_YORK],
        kit: Kit { primary: &[IPHONES], extra: &[TABLETS], min_extra: 1, max_extra: 1 } },
    GroupPlan { name: "Contractors", description: "Temporary staff; devices are enrolled on their first day", users: 0,
        cities: &[LONDON],
        kit: Kit { primary: &[IPHONES], extra: &[], min_extra: 0, max_extra: 0 } },
];

/// Seeds for the generators: fixed, so every run makes the same data.
const DEMO_IDS_SEED: u64 = 0x0E2D_0DE3_0000_0001;
const DEMO_DATA_SEED: u64 = 0x0E2D_0DE3_0000_0002;
const LARGE_IDS_SEED: u64 = 0x0E2D_1A26_0000_0001;
const LARGE_DATA_SEED: u64 = 0x0E2D_1A26_0000_0002;

fn pick_model<'m>(rng: &mut SplitMix64, pools: &[&'m [Model]]) -> &'m Model {
    let pool = *rng.pick(pools);
    rng.pick(pool)
}

/// When a device last checked in: many within the hour, most within days, a few weeks ago.
fn last_check_in(rng: &mut SplitMix64, now: i64) -> i64 {
    let r = rng.unit();
    now - if r < 0.35 {
        rng.range(1, 59) * MINUTE + rng.range(0, 59)
    } else if r < 0.65 {
        rng.range(HOUR, 23 * HOUR)
    } else if r < 0.85 {
        rng.range(DAY, 6 * DAY)
    } else {
        rng.range(7 * DAY, 26 * DAY)
    }
}

fn insert_track(
    conn: &Connection,
    ids: &mut SeedIds,
    device_id: &str,
    fixes: &[(f64, f64, f64, i64)],
) -> rusqlite::Result<()> {
    for &(latitude, longitude, accuracy, timestamp) in fixes {
        queries::insert_location(
            conn,
            &Location {
                id: ids.next_id(),
                device_id: device_id.to_owned(),
                latitude,
                longitude,
                accuracy,
                timestamp: Timestamp(timestamp),
            },
        )?;
    }
    Ok(())
}

/// The demo company. Runs in one transaction.
pub fn demo(conn: &Connection, now: i64) -> rusqlite::Result<Summary> {
    let tx = conn.unchecked_transaction()?;
    let mut ids = SeedIds::new(DEMO_IDS_SEED);
    let mut rng = SplitMix64::new(DEMO_DATA_SEED);
    let mut summary = Summary::default();

    // Names: shuffled lists, so every user has a different first name and surname.
    let mut firsts: Vec<&str> = FIRST_NAMES.to_vec();
    let mut lasts: Vec<&str> = LAST_NAMES.to_vec();
    shuffle(&mut rng, &mut firsts);
    shuffle(&mut rng, &mut lasts);
    let mut names = firsts.into_iter().zip(lasts);

    let total_users: usize = DEMO_GROUPS.iter().map(|g| g.users).sum();
    let mut user_index = 0;
    let mut device_index = 0;
    let mut serials = HashSet::new();
    let mut longest = 0;

    for (g, plan) in DEMO_GROUPS.iter().enumerate() {
        let group = Group {
            id: ids.next_id(),
            name: plan.name.to_owned(),
            description: Some(plan.description.to_owned()),
            created_at: Timestamp(now - 800 * DAY + g as i64 * 2 * HOUR),
        };
        queries::insert_group(&tx, &group)?;
        if plan.users == 0 {
            summary.empty_group = Some(group.id.clone());
        }

        for _ in 0..plan.users {
            let (first, last) = names.next().expect("name lists longer than the user count");
            let city_index = *rng.pick(plan.cities);
            let city = &CITIES[city_index];
            let newest = user_index + 1 == total_users;
            let created_at = if newest {
                now - DAY
            } else {
                now - rng.range(300, 780) * DAY
            };
            let user = User {
                id: ids.next_id(),
                group_id: group.id.clone(),
                first_name: first.to_owned(),
                last_name: last.to_owned(),
                // Two people have no email address and some no phone, as in real directories.
                email: (user_index % 37 != 5)
                    .then(|| format!("{}@example.com", email_local(first, last))),
                phone: rng.chance(0.85).then(|| city.phone(&mut rng)),
                created_at: Timestamp(created_at),
            };
            queries::insert_user(&tx, &user)?;
            user_index += 1;

            // The newest hire has no devices yet.
            if newest {
                summary.user_without_devices = Some(user.id.clone());
                continue;
            }

            let extra = rng.range(plan.kit.min_extra, plan.kit.max_extra);
            let mut used_names: Vec<&str> = Vec::new();
            for k in 0..=extra {
                let model = if k == 0 {
                    pick_model(&mut rng, plan.kit.primary)
                } else {
                    pick_model(&mut rng, plan.kit.extra)
                };
                // A second device of the same kind becomes "Alice's iPhone (2)".
                let same = used_names.iter().filter(|n| **n == model.short).count();
                used_names.push(model.short);
                let name = if same == 0 {
                    format!("{first}'s {}", model.short)
                } else {
                    format!("{first}'s {} ({})", model.short, same + 1)
                };

                let serial = loop {
                    let s = model.serial.make(&mut rng);
                    if serials.insert(s.clone()) {
                        break s;
                    }
                };
                let phone_number = if k == 0 && user.phone.is_some() && model.cellular > 0.8 {
                    user.phone.clone()
                } else {
                    rng.chance(model.cellular).then(|| city.phone(&mut rng))
                };
                let enrolled_at = (now - rng.range(31, created_at_days(now, created_at) - 1) * DAY)
                    .max(created_at + DAY)
                    .min(now - 31 * DAY);
                let check_in = last_check_in(&mut rng, now);
                let battery = rng.range(5, 100) as u8;
                let supervised =
                    model.platform != "Android" || model.serial == Serial::Zebra || rng.chance(0.3);

                let mut device = Device {
                    id: ids.next_id(),
                    user_id: user.id.clone(),
                    name,
                    platform: model.platform.to_owned(),
                    model: model.model.to_owned(),
                    os_version: rng.pick(model.os).to_string(),
                    serial_number: serial,
                    phone_number,
                    last_check_in: Some(Timestamp(check_in)),
                    enrolled_at: Timestamp(enrolled_at),
                    battery_level: Some(battery),
                    supervised,
                };

                // Device 5 has location services switched off: it checks in, but has no track.
                if device_index == 5 {
                    queries::insert_device(&tx, &device)?;
                    summary.devices_without_locations.push(device.id.clone());
                    device_index += 1;
                    continue;
                }
                // The last device (of the user before the newest hire) was enrolled an hour
                // ago and has never checked in.
                if user_index + 1 == total_users && k == extra {
                    device.last_check_in = None;
                    device.battery_level = None;
                    device.enrolled_at = Timestamp(now - HOUR);
                    queries::insert_device(&tx, &device)?;
                    summary.devices_without_locations.push(device.id.clone());
                    device_index += 1;
                    continue;
                }

                queries::insert_device(&tx, &device)?;
                let track_end = check_in - rng.range(0, 90);
                let track_start = (now - 30 * DAY + rng.range(0, 2 * DAY)).max(enrolled_at);
                let points = rng.range(200, 400) as usize;
                let sessions = rng.range(8, 16) as usize;
                let fixes = track(&mut rng, city, track_start, track_end, points, sessions);
                if fixes.len() > longest {
                    longest = fixes.len();
                    summary.busiest_device = Some(device.id.clone());
                }
                insert_track(&tx, &mut ids, &device.id, &fixes)?;
                device_index += 1;
            }
        }
    }
    tx.commit()?;
    summary.counts = queries::counts(conn)?;
    Ok(summary)
}

/// Whole days between `created_at` and `now` (at least 33, so enrolment fits after it).
fn created_at_days(now: i64, created_at: i64) -> i64 {
    ((now - created_at) / DAY).max(33)
}

fn shuffle<T>(rng: &mut SplitMix64, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        items.swap(i, j);
    }
}

// ---------------------------------------------------------------------------------------
// Large
// ---------------------------------------------------------------------------------------

const LARGE_GROUPS: usize = 100;
const LARGE_USERS_PER_GROUP: usize = 50;
const LARGE_DEVICES_PER_USER: usize = 4;
const LARGE_BUSIEST_TRACK: usize = 20_000;

/// The benchmark set: 100 groups × 50 users × 4 devices; every device has 1–3 locations
/// except the first, which has 20,000 (a month of fixes every couple of minutes).
pub fn large(conn: &Connection, now: i64) -> rusqlite::Result<Summary> {
    const DEPARTMENTS: &[&str] = &[
        "Sales",
        "Engineering",
        "Support",
        "Field Service",
        "Operations",
        "Warehouse",
        "Marketing",
        "Finance",
    ];
    let tx = conn.unchecked_transaction()?;
    let mut ids = SeedIds::new(LARGE_IDS_SEED);
    let mut rng = SplitMix64::new(LARGE_DATA_SEED);
    let mut summary = Summary::default();
    let pools: &[&[Model]] = &[IPHONES, IPHONES, ANDROID_PHONES, TABLETS, RUGGED, SCANNERS];

    let mut user_number = 0usize;
    for g in 0..LARGE_GROUPS {
        let city_index = (g / DEPARTMENTS.len()) % CITIES.len();
        let city = &CITIES[city_index];
        let department = DEPARTMENTS[g % DEPARTMENTS.len()];
        let group = Group {
            id: ids.next_id(),
            name: format!("{department} {} {:03}", city.name, g + 1),
            description: Some(format!("Benchmark group {} of {LARGE_GROUPS}", g + 1)),
            created_at: Timestamp(now - 800 * DAY + g as i64 * MINUTE),
        };
        queries::insert_group(&tx, &group)?;

        for _ in 0..LARGE_USERS_PER_GROUP {
            let first = FIRST_NAMES[user_number % FIRST_NAMES.len()];
            let last =
                LAST_NAMES[(user_number / FIRST_NAMES.len() + user_number * 7) % LAST_NAMES.len()];
            let user = User {
                id: ids.next_id(),
                group_id: group.id.clone(),
                first_name: first.to_owned(),
                last_name: last.to_owned(),
                email: Some(format!(
                    "{}.{}@example.com",
                    email_local(first, last),
                    user_number + 1
                )),
                phone: Some(city.phone(&mut rng)),
                created_at: Timestamp(now - 700 * DAY + user_number as i64 * 10),
            };
            queries::insert_user(&tx, &user)?;
            user_number += 1;

            for k in 0..LARGE_DEVICES_PER_USER {
                let model = pick_model(&mut rng, pools);
                let busiest = summary.busiest_device.is_none();
                // The busiest device reports right up to now, so its month-long track fits.
                let check_in = if busiest {
                    now - rng.range(MINUTE, 5 * MINUTE)
                } else {
                    now - rng.range(MINUTE, 30 * DAY - HOUR)
                };
                let device = Device {
                    id: ids.next_id(),
                    user_id: user.id.clone(),
                    name: format!("{first}'s {} {}", model.short, k + 1),
                    platform: model.platform.to_owned(),
                    model: model.model.to_owned(),
                    os_version: rng.pick(model.os).to_string(),
                    serial_number: model.serial.make(&mut rng),
                    phone_number: rng
                        .chance(model.cellular * 0.5)
                        .then(|| city.phone(&mut rng)),
                    last_check_in: Some(Timestamp(check_in)),
                    enrolled_at: Timestamp(now - rng.range(40, 600) * DAY),
                    battery_level: Some(rng.range(5, 100) as u8),
                    supervised: rng.chance(0.7),
                };
                queries::insert_device(&tx, &device)?;

                let fixes = if busiest {
                    summary.busiest_device = Some(device.id.clone());
                    track(
                        &mut rng,
                        city,
                        now - 30 * DAY,
                        check_in,
                        LARGE_BUSIEST_TRACK,
                        120,
                    )
                } else {
                    // One to three fixes near one corner, the last at the check-in.
                    let mut walker = Walker::new(city, &mut rng);
                    let n = rng.range(1, 3);
                    let mut time = check_in - (n - 1) * 900;
                    let mut fixes = Vec::with_capacity(n as usize);
                    for _ in 0..n {
                        fixes.push(fix(&walker, &mut rng, time.min(check_in)));
                        walker.advance(rng.float(0.0, 150.0), &mut rng);
                        time += rng.range(60, 900);
                    }
                    if let Some(last) = fixes.last_mut() {
                        last.3 = check_in;
                    }
                    fixes
                };
                insert_track(&tx, &mut ids, &device.id, &fixes)?;
            }
        }
    }
    tx.commit()?;
    summary.counts = queries::counts(conn)?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_locals_are_ascii() {
        assert_eq!(email_local("Zoë", "O'Brien"), "zoe.obrien");
        assert_eq!(email_local("Łukasz", "de Vries"), "lukasz.devries");
        assert_eq!(email_local("Ayşe", "Yılmaz"), "ayse.yilmaz");
    }

    #[test]
    fn tracks_are_ordered_end_on_time_and_stay_in_the_city() {
        let mut rng = SplitMix64::new(5);
        for city in CITIES {
            let end = 2_000_000_000;
            let fixes = track(&mut rng, city, end - 20 * DAY, end, 300, 12);
            assert_eq!(fixes.len(), 300);
            assert_eq!(fixes.last().unwrap().3, end);
            assert!(fixes.windows(2).all(|w| w[0].3 < w[1].3));
            for &(lat, lon, acc, _) in &fixes {
                assert!(
                    (lat - city.lat).abs() < 0.05 && (lon - city.lon).abs() < 0.08,
                    "{}: {lat},{lon}",
                    city.name
                );
                assert!(acc > 0.0);
            }
        }
    }

    #[test]
    fn short_spans_still_order_fixes() {
        let mut rng = SplitMix64::new(6);
        let fixes = track(&mut rng, &CITIES[0], 1_000_000, 1_000_100, 200, 16);
        assert_eq!(fixes.len(), 200);
        assert!(fixes.windows(2).all(|w| w[0].3 < w[1].3));
    }
}
