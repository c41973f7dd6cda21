use leptos::prelude::*;

use super::list::{list_source, ListView};
use super::{item_view, use_route_item};
use crate::api::{self, Api, Paging};
use crate::components::data_table::Listed;
use crate::components::field_list::{Field, FieldList};
use crate::components::page_head::{Breadcrumbs, Crumb, PageHead};
use crate::model::{Group, User};
use crate::routes::{Route, Scope};

#[component]
pub fn GroupsPage() -> impl IntoView {
    let groups = list_source(|api: Api, p: Paging| async move { api::groups::list(&api, p).await });
    view! {
        <PageHead title="Groups">
            <a class="button primary" href=Route::NewGroup.href()>"New group"</a>
        </PageHead>
        <ListView noun="groups" source=groups columns=Group::headers()
            empty_hint="Groups you add appear here." export_name="groups"/>
    }
}

#[component]
pub fn GroupPage() -> impl IntoView {
    let (id, group) = use_route_item(|api, id| async move { api::groups::get(&api, &id).await });
    view! {
        {item_view("Loading group…", group, |g| {
            let (edit, map) = (Route::EditGroup(&g.id).href(), Route::FleetMap(Some(Scope::Group(&g.id))).href());
            view! {
            <Breadcrumbs trail=vec![Crumb::link("Groups", Route::Groups.href()), Crumb::here(g.name.clone())]/>
            <PageHead title=g.name.clone()>
                <a class="button" href=edit>"Edit"</a>
                <a class="button" href=map>"Show on map"</a>
            </PageHead>
            <FieldList fields=vec![
                Field::new("Name", g.name),
                Field::new("Description", g.description),
                Field::new("Identifier", g.id),
            ] extra=g.extra/>
            }
        })}
        // A list of its own for each group (its walk, its rows).
        {move || {
            let id = id.get();
            view! { <GroupUsers group_id=id/> }
        }}
    }
}

/// The users of a group, on the group's page.
#[component]
fn GroupUsers(group_id: String) -> impl IntoView {
    let users = list_source({
        let group_id = group_id.clone();
        move |api: Api, p: Paging| {
            let id = group_id.clone();
            async move { api::users::list_in_group(&api, &id, p).await }
        }
    });
    view! {
        <section class="related" aria-labelledby="group-users">
            <div class="page-head">
                <h2 id="group-users">"Users in this group"</h2>
                <a class="button" href=Route::NewUser(Some(&group_id)).href()>"Add user to this group"</a>
            </div>
            <ListView noun="users" source=users columns=User::headers()
                empty_hint="No user belongs to this group." export_name="group users"/>
        </section>
    }
}
