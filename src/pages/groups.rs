use leptos::prelude::*;

use super::list::{list_source, use_list_query, ListView};
use super::{item_view, use_id_param};
use crate::api::{self, use_api, Api, Paging};
use crate::components::data_table::Listed;
use crate::components::field_list::{Field, FieldList};
use crate::components::page_head::{Breadcrumbs, Crumb, PageHead};
use crate::model::{Group, User};
use crate::routes::{Route, Scope};

#[component]
pub fn GroupsPage() -> impl IntoView {
    let api = use_api();
    let (state, set_state) = use_list_query();
    let paging = Memo::new(move |_| state.read().paging());
    let groups = list_source(api, paging, |api: Api, p: Paging| async move {
        api::groups::list(&api, p).await
    });
    view! {
        <PageHead title="Groups">
            <a class="button primary" href=Route::NewGroup.href()>"New group"</a>
        </PageHead>
        <ListView noun="groups" state=state set_state=set_state source=groups columns=Group::headers()
            empty_hint="Groups you add appear here." export_name="groups"/>
    }
}

#[component]
pub fn GroupPage() -> impl IntoView {
    let api = use_api();
    let id = use_id_param();
    let group = LocalResource::new(move || {
        let (api, id) = (api.clone(), id.get());
        async move { api::groups::get(&api, &id).await }
    });
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
    let api = use_api();
    let (state, set_state) = use_list_query();
    let paging = Memo::new(move |_| state.read().paging());
    let users = list_source(api, paging, {
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
            <ListView noun="users" state=state set_state=set_state source=users columns=User::headers()
                empty_hint="No user belongs to this group." export_name="group users"/>
        </section>
    }
}
