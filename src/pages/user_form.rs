//! New user and Edit user: the user's fields on the one item form, the
//! group chosen from every group of the account.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{lost_item, use_choices, use_route_item, LoadChoices};
use crate::api::{self, use_api, Api};
use crate::components::form::{Choices, FormFields, FormSetup, FormView, ItemForm, Saved};
use crate::components::page_head::{Breadcrumbs, Crumb, PageHead};
use crate::model::{NewUser, User, UserField};
use crate::routes::Route;

/// Every group of the account as the choices of the user's group.
fn use_group_choices(api: Api) -> Choices {
    let (options, status) = use_choices(
        "groups",
        LoadChoices::Now,
        Vec::new(),
        move |progress| {
            let api = api.clone();
            async move { api::groups::all(&api, progress).await }
        },
        super::group_choice,
    );
    Choices { options, status }
}

/// "Ann Lee", for the toast.
fn full_name(user: &NewUser) -> String {
    format!(
        "{} {}",
        user.trimmed(UserField::FirstName),
        user.trimmed(UserField::LastName)
    )
}

#[component]
pub fn NewUserPage() -> impl IntoView {
    let api = use_api();
    // A group chosen by the link ("Add user to this group") is not a change.
    let group = use_query_map().with_untracked(|q| q.get("group").unwrap_or_default());
    let setup = FormSetup::add(NewUser::default().with(UserField::Group, group))
        .lost_answer(|user| {
            let email = user.trimmed(UserField::Email);
            lost_item(format!("the user {email}"), Route::Users.href(), email)
        })
        .logged("New user", full_name, None);
    let groups = use_group_choices(api.clone());
    let form = ItemForm::new(setup, {
        move |user, _| {
            let api = api.clone();
            async move {
                let id = api::users::create(&api, &user).await?;
                Ok(Saved::Go {
                    toast: format!("User “{}” created.", full_name(&user)),
                    href: Route::User(&id).href(),
                })
            }
        }
    });
    view! {
        <Breadcrumbs trail=vec![Crumb::link("Users", Route::Users.href()), Crumb::here("New user")]/>
        <PageHead title="New user"/>
        <FormView form=form submit="Create user" cancel_href=Route::Users.href()>
            <FormFields form=form choices=groups/>
        </FormView>
    }
}

#[component]
pub fn EditUserPage() -> impl IntoView {
    let (_, user) = use_route_item(|api, id| async move { api::users::get(&api, &id).await });
    super::item_view("Loading user…", user, |u| view! { <EditUserForm saved=u/> })
}

/// The form, once the user's current values are known.
#[component]
fn EditUserForm(saved: User) -> impl IntoView {
    let api = use_api();
    let href = Route::User(&saved.id).href();
    let setup =
        FormSetup::edit(NewUser::from(&saved)).logged("Edit user", full_name, Some(href.clone()));
    let groups = use_group_choices(api.clone());
    let form = ItemForm::new(setup, {
        let (api, id, href) = (api.clone(), saved.id.clone(), href.clone());
        move |user, changes| {
            let (api, id, href) = (api.clone(), id.clone(), href.clone());
            async move {
                api::users::update(&api, &id, &changes).await?;
                Ok(Saved::Go {
                    toast: format!("User “{}” saved.", full_name(&user)),
                    href,
                })
            }
        }
    });
    view! {
        <Breadcrumbs trail=vec![
            Crumb::link("Users", Route::Users.href()),
            Crumb::link(saved.display_name(), href.clone()),
            Crumb::here("Edit"),
        ]/>
        <PageHead title="Edit user"/>
        <FormView form=form submit="Save changes" cancel_href=href>
            <FormFields form=form choices=groups/>
        </FormView>
    }
}
