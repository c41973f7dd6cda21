//! One file per routed page. Each page reads its route params and query
//! string, owns its `LocalResource`s, and hands plain structs to components.

mod device_actions;
mod devices;
mod group_form;
mod groups;
mod list;
mod not_found;
mod sign_in;
mod user_form;
mod users;

pub use devices::{DevicePage, DevicesPage};
pub use group_form::NewGroupPage;
pub use groups::{GroupPage, GroupsPage};
pub use not_found::NotFoundPage;
pub use sign_in::SignInPage;
pub use user_form::NewUserPage;
pub use users::{UserPage, UsersPage};

use crate::components::data_table::Cell;
use crate::model::{format_age, Timestamp};

fn now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}

/// The moment in the browser's locale and time zone, for hover text.
fn local_time(t: Timestamp) -> String {
    js_sys::Date::new(&(t.millis() as f64).into())
        .to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED)
        .into()
}

/// "3 h ago" with the exact time on hover, sorting by the moment itself.
fn age_cell(t: Option<Timestamp>) -> Cell {
    match t {
        Some(t) => Cell::text(format_age(now(), t))
            .with_title(Some(local_time(t)))
            .with_sort_value(Some(t.millis() as f64)),
        None => Cell::text("never"),
    }
}

/// "3 h ago (25/11/2026, 10:03:00)" for an item's page.
fn age_text(t: Option<Timestamp>) -> String {
    match t {
        Some(t) => format!("{} ({})", format_age(now(), t), local_time(t)),
        None => "never".into(),
    }
}

/// The route's `:id`, decoded.
fn use_id_param() -> leptos::prelude::Memo<String> {
    use leptos::prelude::*;
    let params = leptos_router::hooks::use_params_map();
    Memo::new(move |_| params.read().get("id").unwrap_or_default())
}
