use leptos::prelude::*;

use super::list::{all_rows_of, list_source, prefetch_of, use_list_query, ListView, TablePage};
use super::{item_view, use_id_param};
use crate::api::{self, use_api, Api, ApiError, Paging};
use crate::components::data_table::{Cell, Column, Row};
use crate::components::field_list::{Field, FieldList};

use crate::model::{Group, User};
use crate::paths;

fn group_row(g: Group) -> Row {
    Row {
        cells: vec![
            Cell::link(g.name.clone(), paths::group(&g.id)),
            Cell::text(g.description),
        ],
        key: g.id,
    }
}

#[component]
pub fn GroupsPage() -> impl IntoView {
    let api = use_api();
    let state = use_list_query();
    let paging = Memo::new(move |_| state.read().paging());
    let list = |api: Api, p: Paging| async move { api::groups::list(&api, p).await };
    let groups = list_source(api, paging, list, group_row);
    view! {
        <div class="page-head">
            <h1>"Groups"</h1>
            <a class="button primary" href=paths::new_group()>"New group"</a>
        </div>
        <ListView noun="groups" state=state data=groups.data
            columns=vec![Column { key: "name", label: "Name" }, Column { key: "description", label: "Description" }]
            empty_hint="Groups you add appear here." all_rows=groups.all_rows export_name="groups" prefetch=groups.prefetch/>
    }
}

pub(super) fn user_row(u: User) -> Row {
    Row {
        cells: vec![
            Cell::link(u.display_name(), paths::user(&u.id)),
            Cell::text(u.email),
            Cell::text(u.phone),
        ],
        key: u.id,
    }
}

#[component]
pub fn GroupPage() -> impl IntoView {
    let api = use_api();
    let id = use_id_param();
    let group = LocalResource::new({
        let api = api.clone();
        move || {
            let (api, id) = (api.clone(), id.get());
            async move { api::groups::get(&api, &id).await }
        }
    });
    let state = use_list_query();
    let paging = Memo::new(move |_| state.read().paging());
    let list = move |api: Api, p: Paging| {
        let id = id.get_untracked();
        async move { api::users::list_in_group(&api, &id, p).await }
    };
    let all_users = all_rows_of(api.clone(), list, user_row);
    let prefetch = prefetch_of(api.clone(), list);
    let users = LocalResource::new(move || {
        let (api, id, paging) = (api.clone(), id.get(), paging.get());
        async move {
            let page = api::users::list_in_group(&api, &id, paging).await?;
            Ok::<_, ApiError>(TablePage::from_list(page, user_row))
        }
    });
    view! {
        {item_view("Loading group…", group, |g| view! {
                        <nav class="breadcrumbs" aria-label="Breadcrumb">
                            <a href=paths::groups()>"Groups"</a>
                            <span aria-current="page">{g.name.clone()}</span>
                        </nav>
                        <div class="page-head">
                            <h1>{g.name.clone()}</h1>
                            <div class="page-actions">
                                <a class="button" href=paths::edit_group(&g.id)>"Edit"</a>
                                <a class="button" href=paths::fleet_map(Some(("group", &g.id)))>"Show on map"</a>
                            </div>
                        </div>
                        <FieldList fields=vec![
                            Field::new("Name", g.name),
                            Field::new("Description", g.description),
                            Field::new("Identifier", g.id),
                        ] extra=g.extra/>
                    })}
        <section class="related" aria-labelledby="group-users">
            <div class="page-head">
                <h2 id="group-users">"Users in this group"</h2>
                {move || {
                    let id = id.get();
                    view! { <a class="button" href=paths::new_user(Some(&id))>"Add user to this group"</a> }
                }}
            </div>
            <ListView noun="users" state=state data=users
                columns=vec![
                    Column { key: "name", label: "Name" },
                    Column { key: "email", label: "Email" },
                    Column { key: "phone", label: "Phone" },
                ]
                empty_hint="No user belongs to this group." all_rows=all_users export_name="group users" prefetch=prefetch/>
        </section>
    }
}
