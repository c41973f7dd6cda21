//! `group`: list, one, add (PUT), update (POST).

use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, MethodRouter};
use rusqlite::types::Value;

use super::error::ApiError;
use super::form::Form;
use super::item::{self, Id};
use super::{envelope, get_list, no_such, DESCRIPTION_MAX, NAME_MAX};
use crate::db::models::Group;
use crate::db::{queries, Paging};
use crate::state::AppState;
use crate::time::{now_unix, Timestamp};

const ALLOWED: &[&str] = &["name", "description"];
const READ_ONLY: &[&str] = &["id", "createdAt"];

pub fn collection() -> MethodRouter<AppState> {
    get_list(queries::groups)
        .put(add)
        .post(item::post_without_id)
}

pub fn member() -> MethodRouter<AppState> {
    get(one).post(update).put(item::put_with_id)
}

async fn one(State(state): State<AppState>, Id(id): Id, _: Paging) -> Result<Response, ApiError> {
    let store = state.store();
    queries::group(&store.conn, &id)?
        .map(envelope::one)
        .ok_or_else(|| no_such("group", &id))
}

async fn add(State(state): State<AppState>, form: Form) -> Result<Response, ApiError> {
    let mut store = state.store();
    let fields = form.fields("group", ALLOWED, READ_ONLY)?;
    let name = fields.required("name", NAME_MAX)?;
    let description = fields
        .optional("description", DESCRIPTION_MAX, true)?
        .flatten();
    let id = store.new_id()?;
    let group = Group {
        id,
        name,
        description,
        created_at: Timestamp(now_unix()),
    };
    queries::insert_group(&store.conn, &group)?;
    Ok(envelope::created(&group.id))
}

async fn update(
    State(state): State<AppState>,
    Id(id): Id,
    form: Form,
) -> Result<Response, ApiError> {
    let store = state.store();
    let conn = &store.conn;
    if queries::group(conn, &id)?.is_none() {
        return Err(no_such("group", &id));
    }
    let fields = form.fields("group", ALLOWED, READ_ONLY)?;
    if fields.is_empty() {
        return Err(ApiError::bad_request(
            "Nothing to update: send name and/or description",
        ));
    }
    let mut changes = Vec::new();
    if let Some(name) = fields.non_empty("name", NAME_MAX)? {
        changes.push(("name", Value::Text(name)));
    }
    if let Some(description) = fields.optional("description", DESCRIPTION_MAX, true)? {
        changes.push(("description", description.map_or(Value::Null, Value::Text)));
    }
    queries::update(conn, "groups", &id, &changes)?;
    Ok(envelope::updated())
}
