//! New group and Edit group: the group's fields on the one item form.

use leptos::prelude::*;

use super::{lost_item, use_route_item};
use crate::api::{self, use_api};
use crate::components::form::{FormFields, FormSetup, FormView, ItemForm, Saved};
use crate::components::page_head::{Breadcrumbs, Crumb, PageHead};
use crate::model::{Group, GroupField, NewGroup};
use crate::routes::Route;

#[component]
pub fn NewGroupPage() -> impl IntoView {
    let api = use_api();
    let setup = FormSetup::add(NewGroup::default())
        .lost_answer(|group| {
            let name = group.trimmed(GroupField::Name);
            lost_item(format!("the group “{name}”"), Route::Groups.href(), name)
        })
        .logged(
            "New group",
            |group| group.trimmed(GroupField::Name).to_string(),
            None,
        );
    let form = ItemForm::new(setup, move |group, _| {
        let api = api.clone();
        async move {
            let id = api::groups::create(&api, &group).await?;
            Ok(Saved::Go {
                toast: format!("Group “{}” created.", group.trimmed(GroupField::Name)),
                href: Route::Group(&id).href(),
            })
        }
    });
    view! {
        <Breadcrumbs trail=vec![Crumb::link("Groups", Route::Groups.href()), Crumb::here("New group")]/>
        <PageHead title="New group"/>
        <FormView form=form submit="Create group" cancel_href=Route::Groups.href()>
            <FormFields form=form/>
        </FormView>
    }
}

#[component]
pub fn EditGroupPage() -> impl IntoView {
    let (_, group) = use_route_item(|api, id| async move { api::groups::get(&api, &id).await });
    super::item_view(
        "Loading group…",
        group,
        |g| view! { <EditGroupForm saved=g/> },
    )
}

/// The form, once the group's current values are known.
#[component]
fn EditGroupForm(saved: Group) -> impl IntoView {
    let api = use_api();
    let href = Route::Group(&saved.id).href();
    let setup = FormSetup::edit(NewGroup::from(&saved)).logged(
        "Edit group",
        |group| group.trimmed(GroupField::Name).to_string(),
        Some(href.clone()),
    );
    let form = ItemForm::new(setup, {
        let (id, href) = (saved.id.clone(), href.clone());
        move |group, changes| {
            let (api, id, href) = (api.clone(), id.clone(), href.clone());
            async move {
                api::groups::update(&api, &id, &changes).await?;
                Ok(Saved::Go {
                    toast: format!("Group “{}” saved.", group.trimmed(GroupField::Name)),
                    href,
                })
            }
        }
    });
    view! {
        <Breadcrumbs trail=vec![
            Crumb::link("Groups", Route::Groups.href()),
            Crumb::link(saved.name.clone(), href.clone()),
            Crumb::here("Edit"),
        ]/>
        <PageHead title="Edit group"/>
        <FormView form=form submit="Save changes" cancel_href=href>
            <FormFields form=form/>
        </FormView>
    }
}
