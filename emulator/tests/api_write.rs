//! PUT and POST: adding and updating, refusals, and that bad input changes nothing.

mod common;

use axum::body::Body;
use axum::http::Request;
use axum::Router;
use common::*;
use serde_json::Value;

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

async fn first(app: &Router, item: &str) -> Value {
    get(app, &format!("{item}?limit=1")).await.ok()["data"][0].clone()
}

/// Everything the API can show, to prove a refused request changed nothing.
async fn snapshot(app: &Router) -> Vec<Value> {
    let mut all_items = Vec::new();
    for item in ["group", "user", "device", "push"] {
        all_items.extend(all(app, item).await);
    }
    all_items
}

#[tokio::test]
async fn put_group_returns_a_new_id_that_can_be_read() {
    let (app, summary) = demo_app();
    let body = put_form(
        &app,
        "group",
        "name=Night+Shift&description=Works+from+22%3A00",
    )
    .await
    .ok();
    assert_eq!(body.as_object().unwrap().len(), 2);
    let id = body["data"].as_str().expect("data is the id as a string");
    assert_eq!(id.len(), 30);
    assert!(id.bytes().all(|b| b.is_ascii_digit()));

    let group = get(&app, &format!("group/{id}")).await.ok()["data"].clone();
    assert_eq!(group["name"], "Night Shift");
    assert_eq!(group["description"], "Works from 22:00");
    let list = get(&app, "group").await.ok();
    assert_eq!(list["total"].as_u64().unwrap(), summary.counts.groups + 1);
    // New items come last in the stable order.
    assert_eq!(list["data"].as_array().unwrap().last().unwrap()["id"], id);

    // Description is optional.
    let body = put_form(&app, "group", "name=Bare").await.ok();
    let bare = get(&app, &format!("group/{}", body["data"].as_str().unwrap()))
        .await
        .ok();
    assert_eq!(bare["data"]["description"], Value::Null);
}

#[tokio::test]
async fn put_user_checks_group_names_and_email() {
    let (app, _) = demo_app();
    let group = first(&app, "group").await;
    let gid = id_of(&group);
    let form = format!("groupId={gid}&firstName=Ada&lastName=Lovelace&email=ada%40example.com&phone=%2B44+7700+900001");
    let id = put_form(&app, "user", &form).await.ok()["data"]
        .as_str()
        .unwrap()
        .to_owned();
    let user = get(&app, &format!("user/{id}")).await.ok()["data"].clone();
    assert_eq!(user["groupId"], group["id"]);
    assert_eq!(user["firstName"], "Ada");
    assert_eq!(user["lastName"], "Lovelace");
    assert_eq!(user["email"], "ada@example.com");
    assert_eq!(user["phone"], "+44 7700 900001");
    // …and is listed under the group.
    let members = all(&app, &format!("user/{gid}")).await;
    assert!(members.iter().any(|u| u["id"] == id.as_str()));

    let before = snapshot(&app).await;
    for (form, expect) in [
        (
            "firstName=A&lastName=B".to_owned(),
            "Field 'groupId' is required",
        ),
        (
            "groupId=nope&firstName=A&lastName=B".to_owned(),
            "Field 'groupId' names no existing group: 'nope'",
        ),
        (
            format!("groupId={id}&firstName=A&lastName=B"),
            "Field 'groupId' names no existing group",
        ),
        (
            format!("groupId={gid}&lastName=B"),
            "Field 'firstName' is required",
        ),
        (
            format!("groupId={gid}&firstName=+&lastName=B"),
            "Field 'firstName' must not be empty",
        ),
        (
            format!("groupId={gid}&firstName=A&lastName="),
            "Field 'lastName' must not be empty",
        ),
        (
            format!("groupId={gid}&firstName=A&lastName=B&email=not-an-email"),
            "Field 'email' is not a valid email address",
        ),
        (
            format!("groupId={gid}&firstName=A&lastName=B&phone=call+me"),
            "Field 'phone' is not a phone number",
        ),
        (
            "groupId=&firstName=A&lastName=B".to_owned(),
            "Field 'groupId' must not be empty",
        ),
    ] {
        let msg = put_form(&app, "user", &form).await.error(400);
        assert!(msg.starts_with(expect), "{form}: {msg}");
    }
    assert_eq!(snapshot(&app).await, before);
}

#[tokio::test]
async fn put_device_and_location_are_refused() {
    let (app, _) = demo_app();
    let before = snapshot(&app).await;
    let reply = put_form(&app, "device", "name=Mine").await;
    assert_eq!(
        reply.error(405),
        "Devices are enrolled by the MDM itself; the API cannot add them"
    );
    assert_eq!(reply.header("allow").unwrap(), "GET, POST");
    let msg = put_form(&app, "devicelocation", "latitude=1")
        .await
        .error(405);
    assert!(msg.contains("cannot add them"), "{msg}");
    let msg = post_form(&app, "devicelocation/1", "latitude=1")
        .await
        .error(405);
    assert!(msg.contains("read-only"), "{msg}");
    assert_eq!(snapshot(&app).await, before);
}

#[tokio::test]
async fn put_with_an_id_and_post_without_one_are_refused() {
    let (app, _) = demo_app();
    let group = first(&app, "group").await;
    let msg = put_form(&app, &format!("group/{}", id_of(&group)), "name=X")
        .await
        .error(405);
    assert!(msg.contains("use POST"), "{msg}");
    let msg = post_form(&app, "group", "name=X").await.error(400);
    assert!(msg.contains("identifier"), "{msg}");
    let msg = post_form(&app, "device", "name=X").await.error(400);
    assert!(msg.contains("identifier"), "{msg}");
}

#[tokio::test]
async fn post_changes_only_the_fields_sent() {
    let (app, _) = demo_app();
    let group = first(&app, "group").await;
    let gid = id_of(&group);
    let body = post_form(&app, &format!("group/{gid}"), "description=New+words")
        .await
        .ok();
    assert_eq!(body, serde_json::json!({"success": true}));
    let after = get(&app, &format!("group/{gid}")).await.ok()["data"].clone();
    assert_eq!(after["name"], group["name"]);
    assert_eq!(after["description"], "New words");
    assert_eq!(after["createdAt"], group["createdAt"]);

    // An optional field sent empty is cleared.
    post_form(&app, &format!("group/{gid}"), "description=")
        .await
        .ok();
    assert_eq!(
        get(&app, &format!("group/{gid}")).await.ok()["data"]["description"],
        Value::Null
    );

    let user = first(&app, "user").await;
    let uid = id_of(&user);
    post_form(&app, &format!("user/{uid}"), "lastName=Changed")
        .await
        .ok();
    let after = get(&app, &format!("user/{uid}")).await.ok()["data"].clone();
    let mut expected = user.clone();
    expected["lastName"] = "Changed".into();
    assert_eq!(after, expected);

    // Moving a user to another group.
    let other_group = get(&app, "group").await.ok()["data"][1].clone();
    post_form(
        &app,
        &format!("user/{uid}"),
        &format!("groupId={}", id_of(&other_group)),
    )
    .await
    .ok();
    assert_eq!(
        get(&app, &format!("user/{uid}")).await.ok()["data"]["groupId"],
        other_group["id"]
    );

    // Renaming a device (the vendor's example) and handing it to someone else.
    let device = first(&app, "device").await;
    let did = id_of(&device);
    post_form(
        &app,
        &format!("device/{did}"),
        &format!("name={}", enc("Bob's iPhone")),
    )
    .await
    .ok();
    let after = get(&app, &format!("device/{did}")).await.ok()["data"].clone();
    let mut expected = device.clone();
    expected["name"] = "Bob's iPhone".into();
    assert_eq!(after, expected);
    post_form(&app, &format!("device/{did}"), &format!("userId={uid}"))
        .await
        .ok();
    assert_eq!(
        get(&app, &format!("device/{did}")).await.ok()["data"]["userId"],
        uid.as_str()
    );
}

#[tokio::test]
async fn post_refusals_change_nothing() {
    let (app, _) = demo_app();
    let group = id_of(&first(&app, "group").await);
    let user = id_of(&first(&app, "user").await);
    let device = id_of(&first(&app, "device").await);
    let before = snapshot(&app).await;
    let long_name = "n".repeat(201);
    let long_description = "d".repeat(2001);
    for (path, form, status, expect) in [
        (format!("group/{group}"), "colour=red".to_owned(), 400, "Unknown field 'colour' for group; allowed: name, description"),
        (format!("group/{group}"), "name=Ok&colour=red".to_owned(), 400, "Unknown field 'colour' for group"),
        (format!("group/{group}"), "name=".to_owned(), 400, "Field 'name' must not be empty"),
        (format!("group/{group}"), format!("name={long_name}"), 400, "Field 'name' is 201 characters long; the maximum is 200"),
        (format!("group/{group}"), format!("description={long_description}"), 400, "Field 'description' is 2001 characters long; the maximum is 2000"),
        (format!("group/{group}"), "".to_owned(), 400, "Nothing to update"),
        (format!("group/{group}"), "id=1".to_owned(), 400, "Field 'id' of group is read-only"),
        (format!("user/{user}"), "groupId=nope".to_owned(), 400, "Field 'groupId' names no existing group"),
        (format!("user/{user}"), "firstName=".to_owned(), 400, "Field 'firstName' must not be empty"),
        (format!("user/{user}"), "email=x".to_owned(), 400, "Field 'email' is not a valid email address"),
        (format!("user/{user}"), "lastName=Ok&nickname=x".to_owned(), 400, "Unknown field 'nickname' for user; allowed: groupId, firstName, lastName, email, phone"),
        (format!("device/{device}"), "model=iPhone+99".to_owned(), 400, "Field 'model' of device is read-only; only name, userId can be changed"),
        (format!("device/{device}"), "name=X&serialNumber=1&platform=x".to_owned(), 400, "Fields 'serialNumber', 'platform' of device are read-only"),
        (format!("device/{device}"), "userId=nope".to_owned(), 400, "Field 'userId' names no existing user"),
        (format!("device/{device}"), "userId=".to_owned(), 400, "Field 'userId' must not be empty"),
        (format!("device/{device}"), "name=%00".to_owned(), 400, "Field 'name' must not contain control characters"),
        ("group/nope".to_owned(), "name=X".to_owned(), 404, "No group with id 'nope'"),
        ("user/nope".to_owned(), "lastName=X".to_owned(), 404, "No user with id 'nope'"),
        ("device/nope".to_owned(), "name=X".to_owned(), 404, "No device with id 'nope'"),
    ] {
        let msg = post_form(&app, &path, &form).await.error(status);
        assert!(msg.starts_with(expect), "{path} {form}: {msg}");
    }
    // Exactly at the limits is fine (checked last, so the snapshot above is still valid).
    assert_eq!(snapshot(&app).await, before);
    post_form(
        &app,
        &format!("group/{group}"),
        &format!("name={}", "n".repeat(200)),
    )
    .await
    .ok();
    post_form(
        &app,
        &format!("group/{group}"),
        &format!("description={}", "d".repeat(2000)),
    )
    .await
    .ok();
}

#[tokio::test]
async fn bodies_that_are_not_good_forms_are_refused() {
    let (app, _) = demo_app();
    let group = id_of(&first(&app, "group").await);
    let before = snapshot(&app).await;
    let path = format!("group/{group}");

    // Too large: 413, still the envelope.
    let big = format!("name={}", "a".repeat(70 * 1024));
    let msg = post_form(&app, &path, &big).await.error(413);
    assert!(msg.contains("64 KB"), "{msg}");
    // (oneshot sends no Content-Length, so the limit above was enforced while reading.)
    // An announced Content-Length over the limit is refused before reading.
    let reply = send(
        &app,
        Request::put(format!("/api/v1/{KEY}/group"))
            .header("content-type", FORM)
            .header("content-length", big.len().to_string())
            .body(Body::from(big.clone()))
            .unwrap(),
    )
    .await;
    reply.error(413);

    // Invalid UTF-8, raw and percent-encoded.
    let reply = call(
        &app,
        "POST",
        &path,
        Some(FORM),
        Body::from(vec![b'n', b'a', b'm', b'e', b'=', 0xC3, 0x28]),
    )
    .await;
    assert_eq!(reply.error(400), "The request body is not valid UTF-8");
    let msg = post_form(&app, &path, "name=%FF").await.error(400);
    assert!(msg.contains("not valid UTF-8"), "{msg}");

    // Malformed forms.
    for form in [
        "name",
        "=value",
        "name=%ZZ",
        "name=a&name=b",
        "{\"name\":\"x\"}",
    ] {
        let msg = post_form(&app, &path, form).await.error(400);
        assert!(
            msg.starts_with("Malformed form body") || msg.contains("more than once"),
            "{form}: {msg}"
        );
    }

    // Wrong or missing Content-Type.
    for ct in [
        "application/json",
        "text/plain",
        "multipart/form-data; boundary=x",
    ] {
        let msg = call(&app, "POST", &path, Some(ct), "name=X")
            .await
            .error(415);
        assert!(
            msg.contains("application/x-www-form-urlencoded") && msg.contains(ct),
            "{msg}"
        );
    }
    let msg = call(&app, "PUT", "group", None, "name=X").await.error(415);
    assert!(msg.contains("none was sent"), "{msg}");
    let msg = call(
        &app,
        "PUT",
        "group",
        Some("application/x-www-form-urlencoded; charset=latin1"),
        "name=X",
    )
    .await
    .error(415);
    assert!(msg.contains("latin1"), "{msg}");

    assert_eq!(snapshot(&app).await, before);

    // The right type with a charset parameter is fine.
    call(
        &app,
        "POST",
        &path,
        Some("Application/X-WWW-Form-Urlencoded; charset=UTF-8"),
        "name=Fine",
    )
    .await
    .ok();
}

#[tokio::test]
async fn push_notifications_are_sent_and_listed() {
    let (app, _) = demo_app();
    let device = id_of(&first(&app, "device").await);
    let body = put_form(
        &app,
        "push",
        &format!(
            "deviceId={device}&message={}",
            enc("Please update to iOS 18.2")
        ),
    )
    .await
    .ok();
    let nid = body["data"].as_str().unwrap().to_owned();
    assert_eq!(nid.len(), 30);
    put_form(&app, "push", &format!("deviceId={device}"))
        .await
        .ok();

    let sent = get(&app, &format!("push/{device}")).await.ok();
    assert_eq!(sent["total"], 2);
    let first_push = &sent["data"][0];
    assert_eq!(first_push["id"], nid.as_str());
    assert_eq!(first_push["deviceId"], device.as_str());
    assert_eq!(first_push["message"], "Please update to iOS 18.2");
    assert!(first_push["sentAt"].as_str().unwrap().ends_with('Z'));
    assert_eq!(sent["data"][1]["message"], Value::Null);
    assert_eq!(get(&app, "push").await.ok()["total"], 2);

    // Refusals.
    let before = snapshot(&app).await;
    assert_eq!(
        put_form(&app, "push", "message=hi").await.error(400),
        "Field 'deviceId' is required"
    );
    let msg = put_form(&app, "push", "deviceId=nope").await.error(400);
    assert!(
        msg.starts_with("Field 'deviceId' names no existing device"),
        "{msg}"
    );
    let msg = put_form(
        &app,
        "push",
        &format!("deviceId={device}&message={}", "m".repeat(501)),
    )
    .await
    .error(400);
    assert!(msg.contains("maximum is 500"), "{msg}");
    let msg = put_form(&app, "push", &format!("deviceId={device}&title=x"))
        .await
        .error(400);
    assert!(msg.starts_with("Unknown field 'title' for push"), "{msg}");
    post_form(&app, &format!("push/{nid}"), "message=x")
        .await
        .error(405);
    get(&app, "push/nope").await.error(404);
    assert_eq!(snapshot(&app).await, before);
}
