//! One file per routed page. Each page reads its route params and query
//! string, owns its `LocalResource`s, and hands plain structs to components.

mod bulk_push;
mod device_actions;
mod devices;
mod fleet;
mod group_form;
mod groups;
mod list;
mod locations;
mod not_found;
mod sign_in;
mod user_form;
mod users;

pub use devices::{DevicePage, DevicesPage};
pub use fleet::FleetMapPage;
pub use group_form::{EditGroupPage, NewGroupPage};
pub use groups::{GroupPage, GroupsPage};
pub use locations::DeviceLocationsPage;
pub use not_found::NotFoundPage;
pub use sign_in::SignInPage;
pub use user_form::{EditUserPage, NewUserPage};
pub use users::{UserPage, UsersPage};

use crate::clock::{local_time, now};
use crate::components::data_table::Cell;
use crate::model::{format_age, Timestamp};

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
