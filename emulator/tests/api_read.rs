//! GET: envelope, paging, the key, item names, the double meaning of ids, error shapes.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::*;
use serde_json::Value;

fn id_of(v: &Value) -> String {
    v["id"].as_str().expect("ids are strings").to_owned()
}

#[tokio::test]
async fn list_envelope_has_success_data_page_total() {
    let (app, summary) = demo_app();
    let body = get(&app, "group").await.ok();
    let obj = body.as_object().unwrap();
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["data", "page", "success", "total"]);
    assert_eq!(body["page"], 1);
    assert_eq!(body["total"].as_u64().unwrap(), summary.counts.groups);
    assert_eq!(
        body["data"].as_array().unwrap().len() as u64,
        summary.counts.groups
    );
    // Envelope starts with `success`.
    assert!(get(&app, "group")
        .await
        .text()
        .starts_with("{\"success\":true,"));
}

#[tokio::test]
async fn one_item_envelope_has_only_success_and_data() {
    let (app, _) = demo_app();
    let groups = get(&app, "group").await.ok();
    let first = &groups["data"][0];
    let body = get(&app, &format!("group/{}", id_of(first))).await.ok();
    assert_eq!(body.as_object().unwrap().len(), 2);
    assert_eq!(&body["data"], first);
}

#[tokio::test]
async fn items_have_the_documented_fields() {
    let (app, _) = demo_app();
    let fields = |v: &Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    let sorted = |names: &[&str]| {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    };
    let group = get(&app, "group?limit=1").await.ok()["data"][0].clone();
    assert_eq!(
        fields(&group),
        sorted(&["id", "name", "description", "createdAt"])
    );
    let user = get(&app, "user?limit=1").await.ok()["data"][0].clone();
    assert_eq!(
        fields(&user),
        sorted(&[
            "id",
            "groupId",
            "firstName",
            "lastName",
            "email",
            "phone",
            "createdAt"
        ])
    );
    let device = get(&app, "device?limit=1").await.ok()["data"][0].clone();
    assert_eq!(
        fields(&device),
        sorted(&[
            "id",
            "userId",
            "name",
            "platform",
            "model",
            "osVersion",
            "serialNumber",
            "phoneNumber",
            "lastCheckIn",
            "enrolledAt",
            "batteryLevel",
            "supervised"
        ])
    );
    let locations = get(&app, &format!("devicelocation/{}?limit=1", id_of(&device)))
        .await
        .ok();
    let location = &locations["data"][0];
    assert_eq!(
        fields(location),
        sorted(&[
            "id",
            "deviceId",
            "latitude",
            "longitude",
            "accuracy",
            "timestamp"
        ])
    );

    // Ids are 30-digit strings; times RFC 3339 UTC; coordinates numbers.
    for id in [&group["id"], &user["id"], &device["id"], &location["id"]] {
        let s = id.as_str().unwrap();
        assert_eq!(s.len(), 30);
        assert!(s.bytes().all(|b| b.is_ascii_digit()));
    }
    let ts = location["timestamp"].as_str().unwrap();
    assert_eq!(ts.len(), 20);
    assert!(ts.ends_with('Z') && &ts[10..11] == "T", "{ts}");
    assert!(
        location["latitude"].is_f64()
            && location["longitude"].is_f64()
            && location["accuracy"].is_number()
    );
    assert!(device["supervised"].is_boolean());
    let battery = device["batteryLevel"].as_u64().unwrap();
    assert!(battery <= 100);
}

#[tokio::test]
async fn paging_limits_pages_and_totals() {
    let (app, summary) = demo_app();
    let total = summary.counts.devices;
    assert!(total > 100);

    // Default: 100 a page.
    let p1 = get(&app, "device").await.ok();
    assert_eq!(p1["data"].as_array().unwrap().len(), 100);
    assert_eq!(p1["total"].as_u64().unwrap(), total);

    // A larger limit is clamped to 100.
    let big = get(&app, "device?limit=1000").await.ok();
    assert_eq!(big["data"].as_array().unwrap().len(), 100);

    // limit + page select a stable slice.
    let p2 = get(&app, "device?limit=10&page=2").await.ok();
    assert_eq!(p2["page"], 2);
    assert_eq!(p2["total"].as_u64().unwrap(), total);
    let ids: Vec<String> = p2["data"].as_array().unwrap().iter().map(id_of).collect();
    let expected: Vec<String> = p1["data"].as_array().unwrap()[10..20]
        .iter()
        .map(id_of)
        .collect();
    assert_eq!(ids, expected);

    // The last page is partial; past the end is empty but still tells page and total.
    let last_page = total.div_ceil(100);
    let last = get(&app, &format!("device?page={last_page}")).await.ok();
    assert_eq!(
        last["data"].as_array().unwrap().len() as u64,
        total - (last_page - 1) * 100
    );
    let past = get(&app, "device?page=50").await.ok();
    assert_eq!(past["data"], Value::Array(vec![]));
    assert_eq!(past["page"], 50);
    assert_eq!(past["total"].as_u64().unwrap(), total);
    let far = get(&app, "device?page=99999999999999999999999").await.ok();
    assert_eq!(far["data"], Value::Array(vec![]));

    // Walking all pages gives every device once.
    let everything = all(&app, "device").await;
    assert_eq!(everything.len() as u64, total);
}

#[tokio::test]
async fn bad_limit_and_page_are_400_naming_the_parameter() {
    let (app, _) = demo_app();
    for (query, name, value) in [
        ("limit=abc", "limit", "abc"),
        ("limit=0", "limit", "0"),
        ("limit=-5", "limit", "-5"),
        ("limit=", "limit", ""),
        ("limit=2.5", "limit", "2.5"),
        ("page=0", "page", "0"),
        ("page=-1", "page", "-1"),
        ("page=x", "page", "x"),
    ] {
        let msg = get(&app, &format!("device?{query}")).await.error(400);
        assert!(
            msg.contains(name) && msg.contains(&format!("'{value}'")),
            "{query}: {msg}"
        );
    }
}

#[tokio::test]
async fn item_names_are_case_insensitive() {
    let (app, _) = demo_app();
    let reference = get(&app, "devicelocation/x").await;
    for name in ["Group", "GROUP", "gRoUp"] {
        assert_eq!(get(&app, name).await.ok(), get(&app, "group").await.ok());
    }
    for name in ["DeviceLocation", "deviceLocation", "DEVICELOCATION"] {
        assert_eq!(
            get(&app, &format!("{name}/x")).await.json(),
            reference.json()
        );
    }
    assert_eq!(
        get(&app, "User?limit=3").await.ok(),
        get(&app, "user?limit=3").await.ok()
    );
}

#[tokio::test]
async fn unknown_item_is_a_json_404() {
    let (app, _) = demo_app();
    let msg = get(&app, "gadget").await.error(404);
    assert!(
        msg.contains("Unknown item 'gadget'") && msg.contains("devicelocation"),
        "{msg}"
    );
}

#[tokio::test]
async fn wrong_keys_are_401_before_anything_else() {
    let (app, _) = demo_app();
    let same_length: String = KEY.chars().rev().collect();
    assert_eq!(same_length.len(), KEY.len());
    let mut last_char_off = KEY.to_owned();
    last_char_off.pop();
    last_char_off.push('!');
    let longer = format!("{KEY}x");
    let prefix = &KEY[..KEY.len() - 1];
    for key in [
        same_length.as_str(),
        last_char_off.as_str(),
        longer.as_str(),
        prefix,
        "k",
        "%20",
    ] {
        for path in [
            "group",
            "gadget",
            "device/123",
            "devicelocation",
            "user?limit=abc",
        ] {
            let reply = get_uri(&app, &format!("/api/v1/{key}/{path}")).await;
            assert_eq!(reply.error(401), "Invalid API Key", "{key} {path}");
        }
    }
    // Also for writes: nothing is read or written without the key.
    let reply = send(
        &app,
        Request::put("/api/v1/nope/group")
            .header("content-type", "text/plain")
            .body(Body::from("x".repeat(100_000)))
            .unwrap(),
    )
    .await;
    assert_eq!(reply.error(401), "Invalid API Key");
    // The bare key path too.
    assert_eq!(
        get_uri(&app, "/api/v1/nope").await.error(401),
        "Invalid API Key"
    );
    assert!(get_uri(&app, &format!("/api/v1/{KEY}"))
        .await
        .error(404)
        .contains("No item"));
}

#[tokio::test]
async fn percent_encoded_key_is_decoded() {
    let conn = ezmdm_emulator::db::in_memory().unwrap();
    let app = ezmdm_emulator::app(ezmdm_emulator::AppState::new(conn, "a b/c"));
    let body = get_uri(&app, "/api/v1/a%20b%2Fc/group").await.ok();
    assert_eq!(body["total"], 0);
    assert_eq!(body["data"], Value::Array(vec![]));
}

#[tokio::test]
async fn user_id_means_a_group_or_a_user() {
    let (app, summary) = demo_app();
    let groups = get(&app, "group").await.ok();
    let sales = &groups["data"][0];
    let sales_id = id_of(sales);

    // user/{groupId}: that group's users, as a list.
    let members = get(&app, &format!("user/{sales_id}?limit=5")).await.ok();
    assert_eq!(members["page"], 1);
    let total = members["total"].as_u64().unwrap();
    assert!(total > 5);
    let everyone = all(&app, "user").await;
    let expected = everyone
        .iter()
        .filter(|u| u["groupId"] == sales["id"])
        .count() as u64;
    assert_eq!(total, expected);
    for u in members["data"].as_array().unwrap() {
        assert_eq!(u["groupId"], sales["id"]);
    }

    // user/{userId}: that user.
    let someone = &members["data"][0];
    let one = get(&app, &format!("user/{}", id_of(someone))).await.ok();
    assert_eq!(&one["data"], someone);
    assert!(one.get("page").is_none());

    // An empty group lists nothing.
    let empty = get(&app, &format!("user/{}", summary.empty_group.unwrap()))
        .await
        .ok();
    assert_eq!(empty["total"], 0);
    assert_eq!(empty["data"], Value::Array(vec![]));

    // Neither: 404 naming the id. A device id is not a user either.
    let msg = get(&app, "user/123456789012345678901234567890")
        .await
        .error(404);
    assert_eq!(
        msg,
        "No user or group with id '123456789012345678901234567890'"
    );
    let device = get(&app, "device?limit=1").await.ok()["data"][0].clone();
    get(&app, &format!("user/{}", id_of(&device)))
        .await
        .error(404);
}

#[tokio::test]
async fn device_id_means_a_user_or_a_device() {
    let (app, summary) = demo_app();
    let device = get(&app, "device?limit=1").await.ok()["data"][0].clone();
    let one = get(&app, &format!("device/{}", id_of(&device))).await.ok();
    assert_eq!(one["data"], device);

    let owner = device["userId"].as_str().unwrap();
    let theirs = get(&app, &format!("device/{owner}")).await.ok();
    assert!(theirs["total"].as_u64().unwrap() >= 1);
    for d in theirs["data"].as_array().unwrap() {
        assert_eq!(d["userId"], device["userId"]);
    }
    let none = get(
        &app,
        &format!("device/{}", summary.user_without_devices.unwrap()),
    )
    .await
    .ok();
    assert_eq!(none["total"], 0);

    let group = get(&app, "group?limit=1").await.ok()["data"][0].clone();
    let msg = get(&app, &format!("device/{}", id_of(&group)))
        .await
        .error(404);
    assert!(msg.starts_with("No device or user with id"), "{msg}");
}

#[tokio::test]
async fn group_by_id_and_unknown_group() {
    let (app, _) = demo_app();
    let msg = get(&app, "group/nope").await.error(404);
    assert_eq!(msg, "No group with id 'nope'");
    let user = get(&app, "user?limit=1").await.ok()["data"][0].clone();
    get(&app, &format!("group/{}", id_of(&user)))
        .await
        .error(404);
}

#[tokio::test]
async fn devicelocation_needs_a_device_id() {
    let (app, summary) = demo_app();
    let msg = get(&app, "devicelocation").await.error(400);
    assert!(
        msg.starts_with("devicelocation needs a device identifier"),
        "{msg}"
    );

    let user = get(&app, "user?limit=1").await.ok()["data"][0].clone();
    get(&app, &format!("devicelocation/{}", id_of(&user)))
        .await
        .error(404);

    // A device without locations: an empty list, not an error.
    for id in &summary.devices_without_locations {
        let body = get(&app, &format!("devicelocation/{id}")).await.ok();
        assert_eq!(body["total"], 0);
        assert_eq!(body["data"], Value::Array(vec![]));
    }

    // Paged, oldest first.
    let device = summary.busiest_device.unwrap();
    let p1 = get(&app, &format!("devicelocation/{device}?limit=50"))
        .await
        .ok();
    assert!(p1["total"].as_u64().unwrap() >= 200);
    let times: Vec<&str> = p1["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["timestamp"].as_str().unwrap())
        .collect();
    assert_eq!(times.len(), 50);
    assert!(times.windows(2).all(|w| w[0] <= w[1]));
    for l in p1["data"].as_array().unwrap() {
        assert_eq!(l["deviceId"].as_str().unwrap(), device);
    }
}

#[tokio::test]
async fn unknown_api_paths_are_json_404s_even_with_a_portal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<html>portal</html>").unwrap();
    let (conn, _) = demo_db();
    let state = ezmdm_emulator::AppState::new(conn, KEY)
        .with_portal(ezmdm_emulator::Portal::new(dir.path(), "/").unwrap());
    let app = ezmdm_emulator::app(state);
    for uri in [
        "/api",
        "/api/",
        "/api/v2/x/group",
        "/api/v1",
        "/api/v1/",
        "/api/anything/else",
        &format!("/api/v1/{KEY}/group/1/extra"),
        &format!("/api/v1/{KEY}/group/"),
    ] {
        let msg = get_uri(&app, uri).await.error(404);
        assert!(!msg.contains(KEY), "the key is not echoed: {msg}");
    }
    // …while a client-side route still gets the portal.
    let page = get_uri(&app, "/devices/123").await;
    assert_eq!(page.status, 200);
    assert!(page.text().contains("portal"));
}

#[tokio::test]
async fn other_methods_are_405_with_allow() {
    let (app, _) = demo_app();
    for (method, path, allow) in [
        ("DELETE", "group/1", "GET, PUT, POST"),
        ("PATCH", "user", "GET, PUT, POST"),
        ("DELETE", "device/1", "GET, POST"),
        ("OPTIONS", "devicelocation/1", "GET"),
    ] {
        let reply = call(&app, method, path, None, Body::empty()).await;
        let msg = reply.error(405);
        assert!(msg.contains(method), "{msg}");
        assert_eq!(reply.header("allow").unwrap(), allow);
    }
}

#[tokio::test]
async fn responses_carry_nosniff_and_no_store() {
    let (app, _) = demo_app();
    for reply in [
        get(&app, "group").await,
        get(&app, "gadget").await,
        get_uri(&app, "/api/v1/bad/group").await,
    ] {
        assert_eq!(reply.header("x-content-type-options").unwrap(), "nosniff");
        assert_eq!(reply.header("cache-control").unwrap(), "no-store");
    }
}

#[tokio::test]
async fn head_answers_like_get_without_a_body() {
    let (app, _) = demo_app();
    let reply = send(
        &app,
        Request::head(format!("/api/v1/{KEY}/group"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(reply.status, 200);
    assert!(reply.bytes.is_empty());
}

#[tokio::test]
async fn invalid_utf8_in_the_path_is_a_json_400() {
    let (app, _) = demo_app();
    let reply = get_uri(&app, &format!("/api/v1/{KEY}/group/%FF%FE")).await;
    let msg = reply.error(400);
    assert!(msg.starts_with("Malformed request path"), "{msg}");
}

#[tokio::test]
async fn latency_delays_api_answers() {
    let (conn, _) = demo_db();
    let state = ezmdm_emulator::AppState::new(conn, KEY)
        .with_latency(std::time::Duration::from_millis(150));
    let app = ezmdm_emulator::app(state);
    let started = std::time::Instant::now();
    get(&app, "group").await.ok();
    assert!(started.elapsed() >= std::time::Duration::from_millis(150));
}
