use leptos::prelude::*;

use super::columns::DeviceRow;
use std::collections::HashSet;

use leptos_router::hooks::use_query_map;

use super::list::{list_source, AllRows, Feed, ListView, Walked};
use super::{item_view, use_route_item};
use crate::api::{self, use_api, walk, Api, ApiError, Paging};
use crate::components::data_table::Listed;
use crate::components::field_list::{Field, FieldList};
use crate::components::filter_chips::{FilterChips, FilterPanel};
use crate::components::page_head::{Breadcrumbs, Crumb, PageHead};
use crate::list_query::ListQuery;
use crate::model::{User, UserFilter};
use crate::routes::{Route, Scope};

/// The users list; a filter in the query string (group, email domain,
/// with or without devices) applies across every page.
#[component]
pub fn UsersPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(|q| ListQuery::parse(|k| q.get(k)).user_filter()));
    view! {
        <PageHead title="Users">
            <a class="button secondary" href=Route::ImportUsers.href()>"Import…"</a>
            <a class="button primary" href=Route::NewUser(None).href()>"New user"</a>
        </PageHead>
        // A list of its own for each filter (its walk, its rows).
        {move || view! { <UsersList filter=filter.get()/> }}
    }
}

/// Every user `filter` lets through, across every page (and, when it asks
/// who has devices, every device too, read first).
fn filtered_users(api: Api, filter: UserFilter) -> AllRows {
    AllRows::new(move |feed: Feed| {
        let (api, filter) = (api.clone(), filter.clone());
        async move {
            let owners: HashSet<String> = if filter.needs_devices() {
                walk::all(|p| api::devices::list(&api, p), |_| ())
                    .await?
                    .into_iter()
                    .map(|d| d.user_id)
                    .collect()
            } else {
                HashSet::new()
            };
            let users = feed
                .walk(
                    |p| api::users::list(&api, p),
                    |u| filter.matches(u, |id| owners.contains(id)),
                    User::row,
                )
                .await?;
            Ok(Walked::of(users))
        }
    })
}

#[component]
fn UsersList(filter: UserFilter) -> impl IntoView {
    let api = use_api();
    let mut users = list_source("users", |api: Api, p: Paging| async move {
        api::users::list(&api, p).await
    });
    users.all_rows = filtered_users(api, filter.clone());
    let (state, set_state) = (users.state, users.set_state);
    let group_name = super::use_name_of(filter.group.clone(), |api, id| async move {
        api::groups::get(&api, &id).await.ok().map(|g| g.name)
    });
    let chips = {
        let filter = filter.clone();
        Signal::derive(move || user_chips(&filter, group_name.get()))
    };
    let export_name = std::iter::once("users".to_string())
        .chain(
            user_chips(&filter, None)
                .into_iter()
                .map(|(_, label)| label),
        )
        .collect::<Vec<_>>()
        .join(" ");
    let selection = RwSignal::new(Default::default());
    view! {
        <UserFilterForm filter=filter state=state set_state=set_state/>
        <FilterChips chips=chips
            on_remove=Callback::new(move |key: &'static str| set_state.run((state.get_untracked().without_filter(key), false)))
            on_clear=Callback::new(move |_| set_state.run((state.get_untracked().with_filters(Vec::new()), false)))/>
        <super::bulk_users::BulkUserActions selection=selection/>
        <ListView source=users columns=User::headers()
            empty_hint="Users you add appear here." export_name=export_name
            selection=Some(selection)/>
    }
}

/// The filter, one chip a part (the group by name, once known).
fn user_chips(filter: &UserFilter, group: Option<String>) -> Vec<(&'static str, String)> {
    let mut chips = Vec::new();
    if let Some(g) = &filter.group {
        let g = match group {
            _ if g.is_empty() => "none".to_string(),
            Some(name) => name,
            None => g.clone(),
        };
        chips.push(("group", format!("Group: {g}")));
    }
    if let Some(d) = &filter.domain {
        chips.push((
            "domain",
            format!("Email domain: {}", d.trim().trim_start_matches('@')),
        ));
    }
    if let Some(with) = filter.devices {
        let label = if with {
            "Has devices"
        } else {
            "Has no devices"
        };
        chips.push(("devices", label.to_string()));
    }
    chips
}

/// Sets the users filter: group, email domain, with or without devices.
#[component]
fn UserFilterForm(
    filter: UserFilter,
    state: Memo<ListQuery>,
    set_state: Callback<(ListQuery, bool)>,
) -> impl IntoView {
    let group = RwSignal::new(filter.group.clone().unwrap_or_default());
    let domain = RwSignal::new(filter.domain.clone().unwrap_or_default());
    let devices = RwSignal::new(match filter.devices {
        Some(true) => "with",
        Some(false) => "without",
        None => "any",
    });
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let given = |v: RwSignal<String>| {
            Some(v.get_untracked().trim().to_string()).filter(|v| !v.is_empty())
        };
        let next = UserFilter {
            group: given(group),
            domain: given(domain),
            devices: match devices.get_untracked() {
                "with" => Some(true),
                "without" => Some(false),
                _ => None,
            },
        };
        set_state.run((
            state
                .get_untracked()
                .with_filters(ListQuery::user_filters(&next)),
            false,
        ));
    };
    view! {
        <FilterPanel summary="Filter users">
            <form class="filter-form" on:submit=apply novalidate>
                <super::GroupFilterPicker id="filter-user-group" label="Group" selected=group/>
                <div class="form-field">
                    <label for="filter-domain">"Email domain"</label>
                    <input id="filter-domain" type="text" placeholder="example.com" prop:value=move || domain.get()
                        on:input=move |ev| domain.set(event_target_value(&ev))/>
                </div>
                <div class="form-field">
                    <label for="filter-devices">"Devices"</label>
                    <select id="filter-devices" on:change=move |ev| devices.set(match event_target_value(&ev).as_str() {
                        "with" => "with",
                        "without" => "without",
                        _ => "any",
                    })>
                        <option value="any" selected=move || devices.get() == "any">"With or without"</option>
                        <option value="with" selected=move || devices.get() == "with">"Has devices"</option>
                        <option value="without" selected=move || devices.get() == "without">"Has no devices"</option>
                    </select>
                </div>
                <div class="form-actions">
                    <button type="submit" class="primary">"Apply filters"</button>
                </div>
            </form>
        </FilterPanel>
    }
}

#[component]
pub fn UserPage() -> impl IntoView {
    let (id, user) = use_route_item(|api, id| {
        async move {
            let user = api::users::get(&api, &id).await?;
            // The group's name for the link; the user is shown even if it fails.
            let group = match user.group_id.as_str() {
                "" => None,
                gid => api::groups::get(&api, gid).await.ok(),
            };
            Ok::<_, ApiError>((user, group))
        }
    });
    view! {
        {item_view("Loading user…", user, |(u, group)| {
            let name = u.display_name();
            let group_field = match &group {
                Some(g) => Field::link("Group", g.name.clone(), Route::Group(&g.id).href()),
                None if u.group_id.is_empty() => Field::new("Group", ""),
                None => Field::link("Group", u.group_id.clone(), Route::Group(&u.group_id).href()),
            };
            let mut trail = vec![Crumb::link("Groups", Route::Groups.href())];
            trail.extend(group.map(|g| Crumb::link(g.name, Route::Group(&g.id).href())));
            trail.push(Crumb::here(name.clone()));
            let (edit, map) = (Route::EditUser(&u.id).href(), Route::FleetMap(Some(Scope::User(&u.id))).href());
            view! {
                <Breadcrumbs trail=trail/>
                <PageHead title=name>
                    <a class="button" href=edit>"Edit"</a>
                    <a class="button" href=map>"Show on map"</a>
                </PageHead>
                <FieldList fields=vec![
                    Field::new("First name", u.first_name),
                    Field::new("Last name", u.last_name),
                    Field::new("Email", u.email),
                    Field::new("Phone", u.phone),
                    group_field,
                    Field::new("Identifier", u.id),
                ] extra=u.extra/>
            }
        })}
        // A list of its own for each user (its walk, its rows).
        {move || {
            let id = id.get();
            view! { <UserDevices user_id=id/> }
        }}
    }
}

/// The devices of a user, on the user's page.
#[component]
fn UserDevices(user_id: String) -> impl IntoView {
    let devices = list_source("devices", move |api: Api, p: Paging| {
        let id = user_id.clone();
        async move {
            let page = api::devices::list_of_user(&api, &id, p).await?;
            Ok::<_, ApiError>(page.map(DeviceRow::unnamed))
        }
    });
    view! {
        <section class="related" aria-labelledby="user-devices">
            <h2 id="user-devices">"Devices of this user"</h2>
            <ListView source=devices columns=DeviceRow::headers()
                empty_hint="Devices appear here once this user enrols one." export_name="user devices"/>
        </section>
    }
}
