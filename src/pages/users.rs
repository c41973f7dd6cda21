use leptos::prelude::*;

use super::columns::DeviceRow;
use super::list::{list_source, ListView};
use super::{item_view, use_route_item};
use crate::api::{self, Api, ApiError, ListPage, Paging};
use crate::components::data_table::Listed;
use crate::components::field_list::{Field, FieldList};
use crate::components::page_head::{Breadcrumbs, Crumb, PageHead};
use crate::model::User;
use crate::routes::{Route, Scope};

#[component]
pub fn UsersPage() -> impl IntoView {
    let users = list_source(|api: Api, p: Paging| async move { api::users::list(&api, p).await });
    view! {
        <PageHead title="Users">
            <a class="button primary" href=Route::NewUser(None).href()>"New user"</a>
        </PageHead>
        <ListView noun="users" source=users columns=User::headers()
            empty_hint="Users you add appear here." export_name="users"/>
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
    let devices = list_source(move |api: Api, p: Paging| {
        let id = user_id.clone();
        async move {
            let page = api::devices::list_of_user(&api, &id, p).await?;
            Ok::<_, ApiError>(ListPage {
                items: page.items.into_iter().map(DeviceRow::unnamed).collect(),
                page: page.page,
                total: page.total,
            })
        }
    });
    view! {
        <section class="related" aria-labelledby="user-devices">
            <h2 id="user-devices">"Devices of this user"</h2>
            <ListView noun="devices" source=devices columns=DeviceRow::headers()
                empty_hint="Devices appear here once this user enrols one." export_name="user devices"/>
        </section>
    }
}
