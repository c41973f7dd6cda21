use leptos::prelude::*;

use super::devices::device_row;
use super::groups::user_row;
use super::list::{all_rows_of, list_source, prefetch_of, use_list_query, ListView, TablePage};
use super::{item_view, use_id_param};
use crate::api::{self, use_api, Api, ApiError, Paging};
use crate::components::data_table::Column;
use crate::components::field_list::{Field, FieldList};

use crate::paths;

#[component]
pub fn UsersPage() -> impl IntoView {
    let api = use_api();
    let state = use_list_query();
    let paging = Memo::new(move |_| state.read().paging());
    let list = |api: Api, p: Paging| async move { api::users::list(&api, p).await };
    let users = list_source(api, paging, list, user_row);
    view! {
        <div class="page-head">
            <h1>"Users"</h1>
            <a class="button primary" href=paths::new_user(None)>"New user"</a>
        </div>
        <ListView noun="users" state=state data=users.data
            columns=vec![
                Column { key: "name", label: "Name" },
                Column { key: "email", label: "Email" },
                Column { key: "phone", label: "Phone" },
            ]
            empty_hint="Users you add appear here." all_rows=users.all_rows export_name="users" prefetch=users.prefetch/>
    }
}

#[component]
pub fn UserPage() -> impl IntoView {
    let api = use_api();
    let id = use_id_param();
    let user = LocalResource::new({
        let api = api.clone();
        move || {
            let (api, id) = (api.clone(), id.get());
            async move {
                let user = api::users::get(&api, &id).await?;
                // The group's name for the link; the user is shown even if it fails.
                let group = match user.group_id.as_str() {
                    "" => None,
                    gid => api::groups::get(&api, gid).await.ok(),
                };
                Ok::<_, ApiError>((user, group))
            }
        }
    });
    let state = use_list_query();
    let paging = Memo::new(move |_| state.read().paging());
    let list = move |api: Api, p: Paging| {
        let id = id.get_untracked();
        async move { api::devices::list_of_user(&api, &id, p).await }
    };
    let all_devices = all_rows_of(api.clone(), list, device_row);
    let prefetch = prefetch_of(api.clone(), list);
    let devices = LocalResource::new(move || {
        let (api, id, paging) = (api.clone(), id.get(), paging.get());
        async move {
            let page = api::devices::list_of_user(&api, &id, paging).await?;
            Ok::<_, ApiError>(TablePage::from_list(page, device_row))
        }
    });
    view! {
        {item_view("Loading user…", user, |(u, group)| {
                        let name = u.display_name();
                        let group_field = match &group {
                            Some(g) => Field::link("Group", g.name.clone(), paths::group(&g.id)),
                            None if u.group_id.is_empty() => Field::new("Group", ""),
                            None => Field::link("Group", u.group_id.clone(), paths::group(&u.group_id)),
                        };
                        view! {
                            <nav class="breadcrumbs" aria-label="Breadcrumb">
                                <a href=paths::groups()>"Groups"</a>
                                {group.map(|g| view! { <a href=paths::group(&g.id)>{g.name}</a> })}
                                <span aria-current="page">{name.clone()}</span>
                            </nav>
                            <div class="page-head">
                                <h1>{name}</h1>
                                <div class="page-actions">
                                    <a class="button" href=paths::edit_user(&u.id)>"Edit"</a>
                                    <a class="button" href=paths::fleet_map(Some(("user", &u.id)))>"Show on map"</a>
                                </div>
                            </div>
                            <FieldList fields=vec![
                                Field::new("First name", u.first_name),
                                Field::new("Last name", u.last_name),
                                Field::new("Email", u.email),
                                Field::new("Phone", u.phone),
                                group_field,
                                Field::new("Identifier", u.id),
                            ] extra=u.extra/>
                        }})}
        <section class="related" aria-labelledby="user-devices">
            <h2 id="user-devices">"Devices of this user"</h2>
            <ListView noun="devices" state=state data=devices columns=super::devices::columns()
                empty_hint="Devices appear here once this user enrols one." all_rows=all_devices export_name="user devices" prefetch=prefetch/>
        </section>
    }
}
