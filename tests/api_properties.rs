//! Property tests of what the portal reads from the network and writes into
//! request URLs: the envelope decoder, the item decoders, URL building and
//! time parsing. Whatever a server (or a proxy in front of it) answers, the
//! portal must turn it into a value or a typed error, never a panic: a panic
//! in the browser is the crash screen.
//!
//! Run with `cargo test --test api_properties`. Case counts are set per
//! block below (`CASES_*`); proptest's failure files are not written, so a
//! failing case is printed (shrunk) instead.

use ezmdm_portal::api::envelope::{decode, Envelope};
use ezmdm_portal::api::url::{build, segment};
use ezmdm_portal::api::{ApiError, Paging};
use ezmdm_portal::model::{Device, Group, Item, Location, Timestamp, User};
use percent_encoding::percent_decode_str;
use proptest::prelude::*;
use serde_json::{Map, Value};

const CASES_DECODE: u32 = 1_000;
const CASES_ITEMS: u32 = 500;
const CASES_URL: u32 = 1_000;
const CASES_TIME: u32 = 1_000;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // Keep the repository clean: no `proptest-regressions/` files.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------

/// Numbers as a server might write them, including ones that do not fit
/// `f64`/`u64` (the crate parses with `arbitrary_precision`).
fn json_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON has no NaN or infinity", |f| f.is_finite())
            .prop_map(|f| serde_json::from_str(&format!("{f:?}")).unwrap_or(Value::Null)),
        prop::sample::select(vec![
            "0",
            "-0",
            "1",
            "1.0",
            "1e400",
            "-1e400",
            "1e-400",
            "123456789012345678901234567890",
            "-123456789012345678901234567890.5",
            "1764065000000",
            "1764065000",
            "99999999999999999999999999",
        ])
        .prop_map(|s| serde_json::from_str(s).expect("a JSON number")),
    ]
}

/// Field names: the spellings the decoders look for, in odd cases, plus
/// anything at all.
fn json_key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "success", "error", "data", "page", "total", "id", "ID", "Id", "_id", "groupId",
            "group_id", "GroupID", "GROUP-ID", "userId", "user_id", "UserID", "deviceId",
            "DeviceID", "name", "Name", "description", "firstName", "first_name", "lastName",
            "email", "phone", "platform", "model", "osVersion", "os_version", "serialNumber",
            "phoneNumber", "lastCheckIn", "last_check_in", "latitude", "lat", "Lat",
            "longitude", "lng", "lon", "long", "accuracy", "timestamp", "time", "date",
            "recordedAt", "",
        ])
        .prop_map(str::to_string),
        1 => any::<String>(),
    ]
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        json_number(),
        any::<String>().prop_map(Value::String),
        // Strings a lenient decoder parses: numbers, booleans, times.
        prop::sample::select(vec![
            "",
            " ",
            "true",
            "false",
            "TRUE",
            "1",
            "0",
            "yes",
            "no",
            "51.5",
            " -0.12 ",
            "north",
            "NaN",
            "inf",
            "-inf",
            "1e309",
            "2025-11-25T10:03:20Z",
            "2025-11-25 10:03:20",
            "2025-11-25T12:03:20+02:00",
            "2025-02-30T99:99:99Z",
            "9999-12-31T23:59:60.999999Z",
            "1764065000",
            "1764065000000",
            "-5",
            "Invalid API Key",
            "invalid api key",
        ])
        .prop_map(|s| Value::String(s.to_string())),
    ]
}

/// Any JSON value, nested up to a few levels.
fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((json_key(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A JSON object (an item, or an envelope).
fn json_object() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::vec((json_key(), json_value()), 0..10)
        .prop_map(|pairs| pairs.into_iter().collect())
}

/// An envelope-like object: the envelope's own fields, often present, with
/// values of any type.
fn envelope_like() -> impl Strategy<Value = Value> {
    let maybe = |s: BoxedStrategy<Value>| prop::option::weighted(0.7, s);
    (
        maybe(
            prop_oneof![
                3 => any::<bool>().prop_map(Value::Bool),
                1 => json_value(),
            ]
            .boxed(),
        ),
        maybe(json_value().boxed()),
        maybe(json_value().boxed()),
        maybe(json_value().boxed()),
        maybe(json_value().boxed()),
        json_object(),
    )
        .prop_map(|(success, error, data, page, total, mut rest)| {
            for (k, v) in [
                ("success", success),
                ("error", error),
                ("data", data),
                ("page", page),
                ("total", total),
            ] {
                match v {
                    Some(v) => {
                        rest.insert(k.to_string(), v);
                    }
                    None => {
                        rest.remove(k);
                    }
                }
            }
            Value::Object(rest)
        })
}

/// HTTP statuses, weighted toward the interesting ones.
fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        prop::sample::select(vec![
            0u16, 100, 199, 200, 201, 204, 299, 300, 304, 400, 401, 403, 404, 429, 500, 502, 503,
            504, 599, 600, 999,
        ]),
        any::<u16>(),
    ]
}

/// Bodies: anything, JSON-ish fragments, proxy pages, and real envelopes.
fn body() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ \\t\\r\\n{}\\[\\]\",:0-9a-z.eE+-]{0,60}",
        prop::sample::select(vec![
            "",
            "   ",
            "\u{feff}{\"success\":true}",
            "<html><body><h1>502 Bad Gateway</h1></body></html>",
            "<!doctype html><title>Error</title>",
            "{\"success\":tru",
            "null",
            "[1,2]",
            "\"success\"",
            "{\"success\":true,\"data\":[{\"id\":1}]}",
            "{\"success\":false}",
            "{\"success\":false,\"error\":\"Invalid API Key\"}",
        ])
        .prop_map(str::to_string),
        envelope_like().prop_map(|v| v.to_string()),
    ]
}

/// The decoder's own reading of `success` (it is lenient: `"true"` and a
/// non-zero whole number count as true).
fn success_is_true(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s == "true",
        Some(Value::Number(n)) => n.as_u64().is_some_and(|n| n != 0),
        _ => false,
    }
}

fn check_envelope_outcome(status: u16, body: &str) -> Result<(), TestCaseError> {
    let result = decode(status, body);
    let ok_status = (200..300).contains(&status);
    let parsed: Option<Value> = serde_json::from_str(body).ok();
    match &result {
        Ok(_) => {
            prop_assert!(ok_status, "Ok for HTTP {status}: {body:?}");
            let object = parsed.as_ref().and_then(Value::as_object);
            prop_assert!(
                object.is_some(),
                "Ok for a body that is not an object: {body:?}"
            );
            prop_assert!(
                success_is_true(object.unwrap().get("success")),
                "Ok without a true success: {body:?}"
            );
        }
        Err(e) => {
            // Errors are never "Aborted" (only the client says that), and their
            // message is never empty.
            prop_assert!(*e != ApiError::Aborted);
            prop_assert!(!e.to_string().trim().is_empty());
            // A 2xx object with success:true (a boolean) is always accepted.
            if let Some(Value::Object(map)) = &parsed {
                prop_assert!(
                    !(ok_status && map.get("success") == Some(&Value::Bool(true))),
                    "refused a 2xx success:true envelope: {e:?} for {body:?}"
                );
            }
            if !ok_status {
                prop_assert!(
                    !matches!(e, ApiError::BadResponse(_)),
                    "a non-2xx answer must say its status, got {e:?}"
                );
            }
        }
    }
    Ok(())
}

/// Whatever the envelope holds, reading it as a list, an item or a new id
/// gives a value or an error.
fn read_every_way(envelope: &Envelope) {
    let paging = Paging::new(1, 25);
    let _ = envelope.into_list::<Group>(paging);
    let _ = envelope.into_list::<User>(paging);
    let _ = envelope.into_list::<Device>(paging);
    let _ = envelope.into_list::<Location>(paging);
    let _ = envelope.into_item::<Group>();
    let _ = envelope.into_item::<User>();
    let _ = envelope.into_item::<Device>();
    let _ = envelope.into_item::<Location>();
    let _ = envelope.clone().into_id();
}

// ---------------------------------------------------------------------------
// The envelope
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(CASES_DECODE))]

    #[test]
    fn decode_any_status_and_any_text(status in status(), body in body()) {
        check_envelope_outcome(status, &body)?;
        if let Ok(envelope) = decode(status, &body) {
            read_every_way(&envelope);
        }
    }

    #[test]
    fn decode_any_json_value(status in status(), value in json_value()) {
        let body = value.to_string();
        check_envelope_outcome(status, &body)?;
        // Not an object: never accepted.
        if !value.is_object() {
            prop_assert!(decode(status, &body).is_err());
        }
    }

    #[test]
    fn decode_envelope_shaped_objects(status in status(), value in envelope_like()) {
        let body = value.to_string();
        check_envelope_outcome(status, &body)?;
        match decode(status, &body) {
            Ok(envelope) => {
                // `data: null` is no data; list paging is read leniently.
                let data = value.get("data").filter(|d| !d.is_null()).cloned();
                prop_assert_eq!(envelope.data_value(), Ok(data));
                read_every_way(&envelope);
            }
            Err(ApiError::InvalidKey(message)) => {
                prop_assert!(message.to_ascii_lowercase().contains("invalid api key"));
            }
            Err(_) => {}
        }
    }

    #[test]
    fn the_data_of_a_good_envelope_is_read_without_panic(data in json_value(), page in json_value(), total in json_value()) {
        let body = serde_json::json!({ "success": true, "data": data, "page": page, "total": total }).to_string();
        let envelope = decode(200, &body);
        prop_assert!(envelope.is_ok(), "{:?}", envelope);
        let envelope = envelope.unwrap();
        read_every_way(&envelope);
        // A list that is not a list is an error that says what came instead.
        if !matches!(envelope.data_value(), Ok(None | Some(Value::Array(_)))) {
            let list = envelope.into_list::<Group>(Paging::new(1, 10));
            prop_assert!(matches!(list, Err(ApiError::BadResponse(ref m)) if m.contains("expected a list")));
        }
    }
}

#[test]
fn deeply_nested_bodies_are_errors_not_stack_overflows() {
    for depth in [200, 10_000, 200_000] {
        let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(matches!(
            decode(200, &arrays),
            Err(ApiError::BadResponse(_))
        ));
        let objects = format!(
            "{{\"success\":true,\"data\":{}1{}}}",
            "{\"a\":".repeat(depth),
            "}".repeat(depth)
        );
        assert!(decode(200, &objects).is_err());
        assert!(matches!(
            decode(502, &arrays),
            Err(ApiError::Http { status: 502, .. })
        ));
    }
}

#[test]
fn the_shapes_the_browser_tests_inject_are_typed() {
    let bad = |body: &str| matches!(decode(200, body), Err(ApiError::BadResponse(_)));
    assert!(bad(""));
    assert!(bad("{\"success\":tr"));
    assert!(bad("<html>oops</html>"));
    assert!(matches!(
        decode(200, "{\"success\":false}"),
        Err(ApiError::Server { .. })
    ));
    let list =
        |body: &str| decode(200, body).and_then(|e| e.into_list::<Group>(Paging::new(1, 10)));
    assert!(list("{\"success\":true,\"data\":{\"id\":\"1\"}}").is_err());
    assert!(list("{\"success\":true,\"data\":7}").is_err());
    assert!(matches!(
        decode(502, "<html><body>Bad Gateway</body></html>"),
        Err(ApiError::Http { status: 502, ref detail }) if detail.contains("HTML")
    ));
}

// ---------------------------------------------------------------------------
// Items
// ---------------------------------------------------------------------------

fn check_location(l: &Location) -> Result<(), TestCaseError> {
    if let Some(p) = l.position {
        prop_assert!(
            p.lat.is_finite() && (-90.0..=90.0).contains(&p.lat),
            "{p:?}"
        );
        prop_assert!(
            p.lng.is_finite() && (-180.0..=180.0).contains(&p.lng),
            "{p:?}"
        );
    }
    if let Some(a) = l.accuracy {
        prop_assert!(a.is_finite() && a >= 0.0, "accuracy {a}");
    }
    if let Some(t) = l.timestamp {
        prop_assert!(t.millis() >= 0, "{t:?}");
        let _ = t.to_rfc3339();
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(CASES_ITEMS))]

    #[test]
    fn item_decoders_never_panic_on_objects(object in json_object()) {
        let value = Value::Object(object);
        if let Ok(g) = Group::from_json(&value) {
            prop_assert!(!g.id.is_empty());
        }
        if let Ok(u) = User::from_json(&value) {
            prop_assert!(!u.id.is_empty());
            let _ = u.display_name();
        }
        if let Ok(d) = Device::from_json(&value) {
            prop_assert!(!d.id.is_empty());
            let _ = (d.display_name(), d.platform_model());
            if let Some(t) = d.last_check_in {
                prop_assert!(t.millis() >= 0);
                let _ = t.to_rfc3339();
            }
        }
        // A location has no required field: any object is one.
        let l = Location::from_json(&value);
        prop_assert!(l.is_ok(), "{:?}", l);
        check_location(&l.unwrap())?;
    }

    #[test]
    fn item_decoders_refuse_non_objects(value in json_value().prop_filter("not an object", |v| !v.is_object())) {
        prop_assert!(Group::from_json(&value).is_err());
        prop_assert!(User::from_json(&value).is_err());
        prop_assert!(Device::from_json(&value).is_err());
        prop_assert!(Location::from_json(&value).is_err());
    }

    #[test]
    fn a_string_id_is_kept_verbatim_and_unknown_fields_are_kept(
        id in any::<String>().prop_filter("non-empty", |s| !s.is_empty()),
        unknown in prop::collection::btree_map("x[a-zA-Z0-9_]{0,12}", json_value(), 0..8),
    ) {
        let mut map: Map<String, Value> = unknown.clone().into_iter().collect();
        map.insert("id".into(), Value::String(id.clone()));
        let value = Value::Object(map);
        let g = Group::from_json(&value).expect("a group with an id");
        prop_assert_eq!(&g.id, &id);
        prop_assert_eq!(g.extra.len(), unknown.len());
        let u = User::from_json(&value).expect("a user with an id");
        prop_assert_eq!(&u.id, &id);
        prop_assert_eq!(u.extra.len(), unknown.len());
        let d = Device::from_json(&value).expect("a device with an id");
        prop_assert_eq!(&d.id, &id);
        prop_assert_eq!(d.extra.len(), unknown.len());
    }

    #[test]
    fn numeric_ids_keep_every_digit(digits in "[1-9][0-9]{0,40}") {
        let value: Value = serde_json::from_str(&format!("{{\"id\":{digits}}}")).unwrap();
        prop_assert_eq!(Group::from_json(&value).unwrap().id, digits.clone());
        prop_assert_eq!(Device::from_json(&value).unwrap().id, digits);
    }

    #[test]
    fn coordinates_are_drawn_only_when_real(lat in json_value(), lng in json_value()) {
        let value = serde_json::json!({ "latitude": lat, "longitude": lng });
        let l = Location::from_json(&value).unwrap();
        check_location(&l)?;
    }
}

// ---------------------------------------------------------------------------
// URLs
// ---------------------------------------------------------------------------

/// Identifiers made to break a path: separators, escapes, dots, spaces and
/// any Unicode.
fn hostile_id() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(vec![
            "/", "?", "#", "%", "%2e", "%2E", "%2f", "%2F", "%00", ".", "..", " ", "\t", "\n",
            "\\", "&", "=", "+", ";", "@", ":", "'", "\"", "<", ">", "\u{0}", "\u{202e}",
            "日本", "é", "🙂", "\u{fffd}", "a", "Z", "0", "-", "_", "~",
        ])
        .prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
        1 => any::<String>(),
    ];
    prop::collection::vec(piece, 1..8).prop_map(|parts| parts.concat())
}

fn path_of(url: &str) -> &str {
    url.split_once('?').map_or(url, |(path, _)| path)
}

proptest! {
    #![proptest_config(config(CASES_URL))]

    #[test]
    fn segment_refuses_exactly_the_dot_segments(value in prop_oneof![hostile_id(), Just(String::new()), Just(".".to_string()), Just("..".to_string())]) {
        let result = segment(&value, "identifier");
        if value.is_empty() || value == "." || value == ".." {
            prop_assert!(matches!(result, Err(ApiError::InvalidInput(_))), "{:?} -> {:?}", value, result);
        } else {
            let encoded = result.expect("accepted");
            prop_assert!(!encoded.contains(['/', '?', '#', ' ', '\\']), "{:?} -> {}", value, encoded);
            prop_assert!(encoded.is_ascii());
            prop_assert_eq!(percent_decode_str(&encoded).decode_utf8().unwrap(), value.as_str());
        }
    }

    #[test]
    fn an_identifier_is_always_exactly_one_segment(
        key in hostile_id(),
        id in hostile_id(),
        limit in 1u32..=100,
        search in any::<String>(),
        absolute in any::<bool>(),
    ) {
        let base = if absolute { "https://mdm.example.com/api/v1/" } else { "/api/v1" };
        let query = [("limit", limit.to_string()), ("q", search.clone())];
        match build(base, &key, "user", Some(&id), &query) {
            Err(e) => {
                prop_assert!(matches!(e, ApiError::InvalidInput(_)));
                prop_assert!(["", ".", ".."].contains(&key.as_str()) || ["", ".", ".."].contains(&id.as_str()));
            }
            Ok(url) => {
                prop_assert!(url.is_ascii(), "{}", url);
                prop_assert!(!url.contains('#'), "{}", url);
                prop_assert_eq!(url.matches('?').count(), 1, "{}", url);
                let path = path_of(&url);
                let rest = path.strip_prefix(base.trim_end_matches('/')).expect("the base");
                let segments: Vec<&str> = rest.split('/').collect();
                // "", key, item, id
                prop_assert_eq!(segments.len(), 4, "{}", url);
                prop_assert_eq!(segments[2], "user");
                prop_assert_eq!(percent_decode_str(segments[1]).decode_utf8().unwrap(), key.as_str());
                prop_assert_eq!(percent_decode_str(segments[3]).decode_utf8().unwrap(), id.as_str());
                for s in path.split('/') {
                    prop_assert!(s != ".." && s != ".", "a dot segment in {}", url);
                    let lower = s.to_ascii_lowercase();
                    prop_assert!(lower != "%2e%2e" && lower != "%2e" && lower != ".%2e" && lower != "%2e.", "an escaped dot segment in {}", url);
                }
                // The query keeps its two fields, the search escaped.
                let (_, q) = url.split_once('?').unwrap();
                let fields: Vec<&str> = q.split('&').collect();
                prop_assert_eq!(fields.len(), 2, "{}", url);
                let searched = fields[1].strip_prefix("q=").unwrap();
                prop_assert_eq!(percent_decode_str(searched).decode_utf8().unwrap(), search.as_str());
            }
        }
    }

    #[test]
    fn a_list_url_has_no_identifier_segment(key in hostile_id()) {
        if let Ok(url) = build("/api/v1", &key, "group", None, &[]) {
            prop_assert_eq!(url.split('/').count(), 5, "{}", url);
            prop_assert!(url.ends_with("/group"));
        }
    }
}

// ---------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------

/// Year 0000 to 9999, the range RFC 3339 can write.
const MAX_MS: i64 = 253_402_300_799_999;

proptest! {
    #![proptest_config(config(CASES_TIME))]

    #[test]
    fn parse_never_panics(text in prop_oneof![
        any::<String>(),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]{0,12})?)?)?([Zz]|[+-][0-9]{2}:?[0-9]{2})?",
        "[0-9 .eE+-]{0,30}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}.{0,12}",
    ]) {
        if let Some(t) = Timestamp::parse(&text) {
            let _ = t.to_rfc3339();
        }
        let _ = Timestamp::from_json(&Value::String(text));
    }

    #[test]
    fn rfc3339_round_trips(ms in 0i64..=MAX_MS) {
        let t = Timestamp(ms);
        let text = t.to_rfc3339();
        prop_assert_eq!(text.len(), 20, "{}", text);
        // Whole seconds are written; the milliseconds are dropped.
        prop_assert_eq!(Timestamp::parse(&text), Some(Timestamp(ms - ms.rem_euclid(1000))), "{}", text);
    }

    #[test]
    fn a_date_that_parses_is_the_date_written(y in 0i64..=9999, m in 1i64..=12, d in 1i64..=31) {
        // No day rolls over into the next month (2025-02-31 is not 3 March).
        let text = format!("{y:04}-{m:02}-{d:02}");
        match Timestamp::parse(&text) {
            Some(t) => prop_assert_eq!(&t.to_rfc3339()[..10], text.as_str()),
            None => prop_assert!(d > 28, "{} is a date", text),
        }
    }

    #[test]
    fn epoch_numbers_are_seconds_or_milliseconds(ms in 100_000_000_000i64..=MAX_MS, secs in 0i64..100_000_000_000) {
        prop_assert_eq!(Timestamp::parse(&ms.to_string()), Some(Timestamp(ms)));
        prop_assert_eq!(Timestamp::from_json(&Value::from(ms)), Some(Timestamp(ms)));
        prop_assert_eq!(Timestamp::parse(&secs.to_string()), Some(Timestamp(secs * 1000)));
        prop_assert_eq!(Timestamp::from_json(&Value::from(secs)), Some(Timestamp(secs * 1000)));
    }

    #[test]
    fn any_timestamp_formats_without_panic(ms in any::<i64>()) {
        let _ = Timestamp(ms).to_rfc3339();
    }

    #[test]
    fn any_number_is_a_time_or_none(n in json_number()) {
        if let Some(t) = Timestamp::from_json(&n) {
            prop_assert!(t.millis() >= 0);
            let _ = t.to_rfc3339();
        }
    }
}
