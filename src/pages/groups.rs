use leptos::prelude::*;

use std::collections::HashMap;

use super::columns::GroupRow;
use super::list::{list_source, AllRows, Feed, FillIn, ListView, TablePage, Walked};
use super::{item_view, use_route_item};
use crate::api::{self, use_api, walk, Api, ApiError, Paging};
use crate::components::data_table::Listed;
use crate::components::field_list::{Field, FieldList};
use crate::components::page_head::{Breadcrumbs, Crumb, PageHead};
use crate::model::User;
use crate::routes::{Route, Scope};

/// The groups, each with its number of users: asked for after the rows
/// (one request a group, for the total of its users), and counted from
/// every user when every group is read (search of all pages, export).
#[component]
pub fn GroupsPage() -> impl IntoView {
    let api = use_api();
    let groups = |api: Api, p: Paging| async move {
        let page = api::groups::list(&api, p).await?;
        Ok::<_, ApiError>(page.map(|group| GroupRow { group, users: None }))
    };
    let mut source = list_source("groups", groups);
    let counts = FillIn::<u64>::new(&api);
    let state = source.state;
    source.data = LocalResource::new({
        let api = api.clone();
        move || {
            let (api, paging, known) = (api.clone(), state.read().paging(), counts.known.get());
            counts.cancel();
            async move {
                let page = api::groups::list(&api, paging).await?;
                counts.ask(
                    page.items.iter().map(|g| g.id.clone()),
                    |api, id| async move {
                        Ok(api::users::list_in_group(&api, &id, Paging::new(1, 1))
                            .await?
                            .total)
                    },
                );
                Ok(TablePage::from_list(page.map(|group| GroupRow {
                    users: known.get(&group.id).copied(),
                    group,
                })))
            }
        }
    });
    source.all_rows = AllRows::new(move |feed: Feed| {
        let api = api.clone();
        async move {
            let groups = feed
                .walk(|p| groups(api.clone(), p), |_| true, GroupRow::row)
                .await?;
            let mut per_group: HashMap<String, u64> = HashMap::new();
            for user in walk::all(|p| api::users::list(&api, p), |_| ()).await? {
                *per_group.entry(user.group_id).or_default() += 1;
            }
            Ok(Walked::of(
                groups
                    .into_iter()
                    .map(|mut g| {
                        g.users = Some(per_group.get(&g.group.id).copied().unwrap_or(0));
                        g
                    })
                    .collect(),
            ))
        }
    });
    view! {
        <PageHead title="Groups">
            <a class="button secondary" href=Route::ImportGroups.href()>"Import…"</a>
            <a class="button primary" href=Route::NewGroup.href()>"New group"</a>
        </PageHead>
        <ListView source=source columns=GroupRow::headers()
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
    let users = list_source("users", {
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
            <ListView source=users columns=User::headers()
                empty_hint="No user belongs to this group." export_name="group users"/>
        </section>
    }
}
