//! The seed presets: sizes, determinism, the special cases, and plausible tracks.

mod common;

use std::collections::HashSet;

use common::NOW;
use ezmdm_emulator::db::{self, queries, Paging};
use ezmdm_emulator::seed::{self, Preset};
use rusqlite::Connection;

fn all_ids(conn: &Connection) -> Vec<String> {
    let mut ids = Vec::new();
    for table in ["groups", "users", "devices", "locations"] {
        let mut stmt = conn
            .prepare(&format!("SELECT id FROM {table} ORDER BY seq"))
            .unwrap();
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
        ids.extend(rows.map(Result::unwrap));
    }
    ids
}

#[test]
fn demo_has_the_promised_size() {
    let (conn, summary) = common::demo_db();
    let c = summary.counts;
    assert!(c.groups >= 6, "{c:?}");
    assert!(c.users >= 60, "{c:?}");
    assert!(c.devices >= 150, "{c:?}");
    assert_eq!(c.pushes, 0);
    // Every device but two has a track of 200–400 fixes.
    assert_eq!(summary.devices_without_locations.len(), 2);
    let with_tracks: i64 = conn
        .query_row("SELECT count(DISTINCT device_id) FROM locations", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(with_tracks as u64, c.devices - 2);
    let (min, max): (i64, i64) = conn
        .query_row(
            "SELECT min(n), max(n) FROM (SELECT count(*) AS n FROM locations GROUP BY device_id)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(min >= 200 && max <= 400, "{min}..{max}");
    assert_eq!(queries::counts(&conn).unwrap(), c);
}

#[test]
fn demo_is_deterministic() {
    let a = db::in_memory().unwrap();
    let b = db::in_memory().unwrap();
    let sa = seed::demo(&a, NOW).unwrap();
    let sb = seed::demo(&b, NOW).unwrap();
    assert_eq!(sa, sb);
    assert_eq!(all_ids(&a), all_ids(&b));
    let paging = Paging {
        limit: 100,
        page: 1,
    };
    assert_eq!(
        queries::devices(&a, paging).unwrap(),
        queries::devices(&b, paging).unwrap()
    );
    assert_eq!(
        queries::users(&a, paging).unwrap(),
        queries::users(&b, paging).unwrap()
    );
    let device = sa.busiest_device.unwrap();
    assert_eq!(
        queries::locations_of_device(&a, &device, paging).unwrap(),
        queries::locations_of_device(&b, &device, paging).unwrap()
    );

    // Only times follow "now"; ids and names do not.
    let c = db::in_memory().unwrap();
    seed::demo(&c, NOW + 3600).unwrap();
    assert_eq!(all_ids(&a), all_ids(&c));
    let shifted = queries::devices(&c, paging).unwrap();
    let original = queries::devices(&a, paging).unwrap();
    assert_eq!(shifted.items[0].name, original.items[0].name);
    assert_eq!(
        shifted.items[0].enrolled_at.0,
        original.items[0].enrolled_at.0 + 3600
    );
}

#[test]
fn ids_are_unique_30_digit_strings_across_items() {
    let (conn, _) = common::demo_db();
    let ids = all_ids(&conn);
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len());
    assert!(ids
        .iter()
        .all(|id| id.len() == 30 && id.bytes().all(|b| b.is_ascii_digit())));
}

#[test]
fn demo_people_look_real() {
    let (conn, summary) = common::demo_db();
    let users = queries::users(
        &conn,
        Paging {
            limit: 100,
            page: 1,
        },
    )
    .unwrap()
    .items;
    let with_email = users.iter().filter(|u| u.email.is_some()).count();
    assert!(with_email >= users.len() - 3);
    for u in &users {
        if let Some(e) = &u.email {
            assert!(
                e.ends_with("@example.com") && e.is_ascii() && e.contains('.'),
                "{e}"
            );
        }
    }
    let names: HashSet<(String, String)> = users
        .iter()
        .map(|u| (u.first_name.clone(), u.last_name.clone()))
        .collect();
    assert_eq!(names.len(), users.len(), "no two users share a name");

    let empty = summary.empty_group.unwrap();
    assert_eq!(
        queries::users_of_group(&conn, &empty, Paging::default())
            .unwrap()
            .total,
        0
    );
    let lonely = summary.user_without_devices.unwrap();
    assert_eq!(
        queries::devices_of_user(&conn, &lonely, Paging::default())
            .unwrap()
            .total,
        0
    );

    let devices: Vec<_> = (1..=3)
        .flat_map(|page| {
            queries::devices(&conn, Paging { limit: 100, page })
                .unwrap()
                .items
        })
        .collect();
    let platforms: HashSet<&str> = devices.iter().map(|d| d.platform.as_str()).collect();
    assert_eq!(platforms, HashSet::from(["iOS", "Android", "iPadOS"]));
    assert!(devices.iter().any(|d| d.phone_number.is_some()));
    assert!(devices.iter().any(|d| d.phone_number.is_none()));
    assert!(devices.iter().all(|d| d.name.contains('\'')));
    let serials: HashSet<&str> = devices.iter().map(|d| d.serial_number.as_str()).collect();
    assert_eq!(serials.len(), devices.len());
    // Check-ins spread from minutes to weeks ago; one device never checked in.
    let ages: Vec<i64> = devices
        .iter()
        .filter_map(|d| d.last_check_in)
        .map(|t| NOW - t.0)
        .collect();
    assert_eq!(ages.len(), devices.len() - 1);
    assert!(ages.iter().any(|&a| a < 3600));
    assert!(ages.iter().any(|&a| a > 7 * 86_400));
    assert!(ages.iter().all(|&a| a > 0 && a < 30 * 86_400));
}

#[test]
fn every_track_is_ordered_in_range_and_ends_at_the_check_in() {
    let (conn, _) = common::demo_db();
    let devices: Vec<_> = (1..=3)
        .flat_map(|page| {
            queries::devices(&conn, Paging { limit: 100, page })
                .unwrap()
                .items
        })
        .collect();
    for device in &devices {
        let mut stmt = conn
            .prepare_cached("SELECT latitude, longitude, accuracy, timestamp FROM locations WHERE device_id = ?1 ORDER BY seq")
            .unwrap();
        let fixes: Vec<(f64, f64, f64, i64)> = stmt
            .query_map([&device.id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        if fixes.is_empty() {
            continue;
        }
        // Inserted in time order, strictly ascending, within the last 30 days.
        assert!(fixes.windows(2).all(|w| w[0].3 < w[1].3), "{}", device.name);
        assert!(fixes[0].3 >= NOW - 30 * 86_400);
        let check_in = device
            .last_check_in
            .expect("tracked devices have checked in")
            .0;
        let last = fixes.last().unwrap().3;
        assert!(
            last <= check_in && check_in - last <= 120,
            "{}: {last} vs {check_in}",
            device.name
        );
        // Plausible: valid coordinates, near one city, realistic accuracy, mostly small moves,
        // and some gaps of hours.
        let (lat0, lon0) = (fixes[0].0, fixes[0].1);
        let mut small_moves = 0;
        let mut long_gaps = 0;
        for w in fixes.windows(2) {
            let (a, b) = (w[0], w[1]);
            assert!((-90.0..=90.0).contains(&b.0) && (-180.0..=180.0).contains(&b.1));
            assert!(
                (b.0 - lat0).abs() < 0.1 && (b.1 - lon0).abs() < 0.1,
                "{} jumps cities",
                device.name
            );
            let metres =
                ((b.0 - a.0) * 111_320.0).hypot((b.1 - a.1) * 111_320.0 * a.0.to_radians().cos());
            if metres < 300.0 {
                small_moves += 1;
            }
            if b.3 - a.3 > 3 * 3600 {
                long_gaps += 1;
            }
        }
        assert!(
            small_moves * 10 >= fixes.len() * 7,
            "{}: {small_moves}/{}",
            device.name,
            fixes.len()
        );
        assert!(long_gaps >= 3, "{}: {long_gaps} long gaps", device.name);
        let good = fixes.iter().filter(|f| (3.0..=65.0).contains(&f.2)).count();
        assert!(good * 10 >= fixes.len() * 8, "{}", device.name);
    }
}

#[test]
fn none_is_empty_and_run_dispatches() {
    let conn = db::in_memory().unwrap();
    let summary = seed::run(&conn, Preset::None, NOW).unwrap();
    assert!(summary.counts.is_empty());
    let summary = seed::run(&conn, Preset::Demo, NOW).unwrap();
    assert!(summary.counts.devices >= 150);
}

#[test]
fn large_has_the_benchmark_sizes() {
    let conn = db::in_memory().unwrap();
    let started = std::time::Instant::now();
    let summary = seed::large(&conn, NOW).unwrap();
    eprintln!("large seed took {:?}", started.elapsed());
    let c = summary.counts;
    assert_eq!((c.groups, c.users, c.devices), (100, 5_000, 20_000));
    let busiest = summary.busiest_device.unwrap();
    let track = queries::locations_of_device(
        &conn,
        &busiest,
        Paging {
            limit: 100,
            page: 200,
        },
    )
    .unwrap();
    assert_eq!(track.total, 20_000);
    assert_eq!(track.items.len(), 100);
    // Every device has at least one location.
    let bare: i64 = conn
        .query_row(
            "SELECT count(*) FROM devices d WHERE NOT EXISTS (SELECT 1 FROM locations l WHERE l.device_id = d.id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(bare, 0);
    let max_small: i64 = conn
        .query_row(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM locations WHERE device_id != ?1 GROUP BY device_id)",
            [&busiest],
            |r| r.get(0),
        )
        .unwrap();
    assert!(max_small <= 3);
    let unordered: i64 = conn
        .query_row(
            "SELECT count(*) FROM (
               SELECT timestamp, lag(timestamp) OVER (PARTITION BY device_id ORDER BY seq) AS prev
               FROM locations) WHERE prev >= timestamp",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unordered, 0);
}
