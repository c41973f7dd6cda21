//! `group`: list, one, add (PUT), update (POST).

use axum::response::Response;
use rusqlite::types::Value;
use rusqlite::Connection;

use super::error::ApiError;
use super::form::Form;
use super::{envelope, shown, DESCRIPTION_MAX, NAME_MAX};
use crate::db::models::Group;
use crate::db::{queries, Paging, Store};
use crate::time::{now_unix, Timestamp};

const ALLOWED: &[&str] = &["name", "description"];
const READ_ONLY: &[&str] = &["id", "createdAt"];

pub fn list(conn: &Connection, paging: Paging) -> Result<Response, ApiError> {
    Ok(envelope::list(queries::groups(conn, paging)?, paging.page))
}

pub fn get(conn: &Connection, id: &str) -> Result<Response, ApiError> {
    queries::group(conn, id)?
        .map(envelope::one)
        .ok_or_else(|| ApiError::not_found(format!("No group with id '{}'", shown(id))))
}

pub fn add(store: &mut Store, form: Form) -> Result<Response, ApiError> {
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

pub fn update(conn: &Connection, id: &str, form: Form) -> Result<Response, ApiError> {
    if queries::group(conn, id)?.is_none() {
        return Err(ApiError::not_found(format!(
            "No group with id '{}'",
            shown(id)
        )));
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
    queries::update(conn, "groups", id, &changes)?;
    Ok(envelope::updated())
}
