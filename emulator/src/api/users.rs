//! `user`: list, one user or the users of a group (`user/{groupId}`), add, update.

use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, MethodRouter};
use rusqlite::types::Value;
use rusqlite::Connection;

use super::error::ApiError;
use super::form::{check_email, check_phone, Fields, Form};
use super::item::{self, Id};
use super::{envelope, get_list, no_such, shown, EMAIL_MAX, NAME_MAX, PHONE_MAX};
use crate::db::ids::{self, Kind};
use crate::db::models::User;
use crate::db::{queries, Paging};
use crate::state::AppState;
use crate::time::{now_unix, Timestamp};

const ALLOWED: &[&str] = &["groupId", "firstName", "lastName", "email", "phone"];
const READ_ONLY: &[&str] = &["id", "createdAt"];

pub fn collection() -> MethodRouter<AppState> {
    get_list(queries::users)
        .put(add)
        .post(item::post_without_id)
}

pub fn member() -> MethodRouter<AppState> {
    get(user_or_group).post(update).put(item::put_with_id)
}

/// The id's double meaning: a group id lists that group's users, a user id is that user.
async fn user_or_group(
    State(state): State<AppState>,
    Id(id): Id,
    paging: Paging,
) -> Result<Response, ApiError> {
    let store = state.store();
    let conn = &store.conn;
    match ids::kind_of(conn, &id)? {
        Some(Kind::Group) => Ok(envelope::list(
            queries::users_of_group(conn, &id, paging)?,
            paging.page,
        )),
        Some(Kind::User) => match queries::user(conn, &id)? {
            Some(user) => Ok(envelope::one(user)),
            None => Err(no_such("user or group", &id)),
        },
        _ => Err(no_such("user or group", &id)),
    }
}

fn existing_group(conn: &Connection, group_id: String) -> Result<String, ApiError> {
    if queries::group(conn, &group_id)?.is_none() {
        return Err(ApiError::bad_request(format!(
            "Field 'groupId' names no existing group: '{}'",
            shown(&group_id)
        )));
    }
    Ok(group_id)
}

/// `Some(None)` clears the field, `Some(Some(_))` sets it, `None` leaves it alone.
fn email(fields: &Fields) -> Result<Option<Option<String>>, ApiError> {
    let email = fields.optional("email", EMAIL_MAX, false)?;
    if let Some(Some(e)) = &email {
        check_email(e)?;
    }
    Ok(email)
}

fn phone(fields: &Fields) -> Result<Option<Option<String>>, ApiError> {
    let phone = fields.optional("phone", PHONE_MAX, false)?;
    if let Some(Some(p)) = &phone {
        check_phone(p)?;
    }
    Ok(phone)
}

async fn add(State(state): State<AppState>, form: Form) -> Result<Response, ApiError> {
    let mut store = state.store();
    let fields = form.fields("user", ALLOWED, READ_ONLY)?;
    let group_id = fields.required("groupId", NAME_MAX)?;
    let first_name = fields.required("firstName", NAME_MAX)?;
    let last_name = fields.required("lastName", NAME_MAX)?;
    let email = email(&fields)?.flatten();
    let phone = phone(&fields)?.flatten();
    let group_id = existing_group(&store.conn, group_id)?;
    let id = store.new_id()?;
    let user = User {
        id,
        group_id,
        first_name,
        last_name,
        email,
        phone,
        created_at: Timestamp(now_unix()),
    };
    queries::insert_user(&store.conn, &user)?;
    Ok(envelope::created(&user.id))
}

async fn update(
    State(state): State<AppState>,
    Id(id): Id,
    form: Form,
) -> Result<Response, ApiError> {
    let store = state.store();
    let conn = &store.conn;
    if queries::user(conn, &id)?.is_none() {
        return Err(no_such("user", &id));
    }
    let fields = form.fields("user", ALLOWED, READ_ONLY)?;
    if fields.is_empty() {
        return Err(ApiError::bad_request(format!(
            "Nothing to update: send one or more of {}",
            ALLOWED.join(", ")
        )));
    }
    let mut changes = Vec::new();
    if let Some(group_id) = fields.non_empty("groupId", NAME_MAX)? {
        changes.push(("group_id", Value::Text(existing_group(conn, group_id)?)));
    }
    if let Some(first) = fields.non_empty("firstName", NAME_MAX)? {
        changes.push(("first_name", Value::Text(first)));
    }
    if let Some(last) = fields.non_empty("lastName", NAME_MAX)? {
        changes.push(("last_name", Value::Text(last)));
    }
    if let Some(email) = email(&fields)? {
        changes.push(("email", email.map_or(Value::Null, Value::Text)));
    }
    if let Some(phone) = phone(&fields)? {
        changes.push(("phone", phone.map_or(Value::Null, Value::Text)));
    }
    queries::update(conn, "users", &id, &changes)?;
    Ok(envelope::updated())
}
