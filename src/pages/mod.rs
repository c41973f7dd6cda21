//! One file per routed page. Each page reads its route params and query
//! string, owns its `LocalResource`s, and hands plain structs to components.

mod activity;
mod bulk;
mod bulk_devices;
mod bulk_push;
mod bulk_users;
mod columns;
mod device_actions;
mod devices;
mod fleet;
mod group_form;
mod groups;
mod import;
mod list;
mod locations;
mod not_found;
mod overview;
mod sign_in;
mod trips;
mod user_form;
mod users;
mod walked;
mod who_was_here;

pub use activity::ActivityPage;
pub use bulk::BulkPage;
pub use devices::{DevicePage, DevicesPage};
pub use fleet::FleetMapPage;
pub use group_form::{EditGroupPage, NewGroupPage};
pub use groups::{GroupPage, GroupsPage};
pub use import::{ImportGroupsPage, ImportUsersPage};
pub use locations::DeviceLocationsPage;
pub use not_found::NotFoundPage;
pub use overview::OverviewPage;
pub use sign_in::{SignInHost, SignInPage};
pub use user_form::{EditUserPage, NewUserPage};
pub use users::{UserPage, UsersPage};
pub use who_was_here::WhoWasHerePage;

use crate::api::ApiError;
use crate::components::form::{Failure, LostItem};
use crate::list_query::ListQuery;
use crate::model::Timestamp;

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        Failure {
            message: e.to_string(),
            details: Vec::new(),
            answer_lost: e.answer_lost(),
        }
    }
}

/// `what` was maybe added: the link searches every page of `list` (a
/// list's href) for `search`.
fn lost_item(what: String, list: String, search: &str) -> LostItem {
    let query = ListQuery {
        search: search.trim().to_string(),
        all_pages: true,
        ..Default::default()
    };
    LostItem {
        what,
        search_href: format!("{list}{}", query.to_query_string()),
    }
}

/// "3 h ago (25/11/2026, 10:03:00)" for an item's page (the exact time
/// first when the setting asks for exact times).
fn age_text(t: Option<Timestamp>) -> String {
    t.map_or_else(|| "never".into(), crate::clock::age_and_time)
}

/// The route's `:id`, decoded.
///
/// Every item route is `/{kind}/{id}[/…]`. The id is read from the path and
/// percent-decoded once here: the router's params decode it a second time,
/// which would turn an id like `50%25` into `50%`.
fn use_id_param() -> leptos::prelude::Memo<String> {
    use leptos::prelude::*;
    let location = leptos_router::hooks::use_location();
    Memo::new(move |_| {
        location
            .pathname
            .with(|p| crate::routes::id_at(crate::routes::app_path(p)).unwrap_or_default())
    })
}

/// The item the route's `:id` names, loaded by `load` (again when the id
/// changes), and the id.
fn use_route_item<T, Fut>(
    load: impl Fn(crate::api::Api, String) -> Fut + 'static,
) -> (
    leptos::prelude::Memo<String>,
    leptos::prelude::LocalResource<Result<T, ApiError>>,
)
where
    T: 'static,
    Fut: std::future::Future<Output = Result<T, ApiError>> + 'static,
{
    use leptos::prelude::*;
    let api = crate::api::use_api();
    let id = use_id_param();
    let item = LocalResource::new(move || load(api.clone(), id.get()));
    (id, item)
}

/// A device's owner and the owner's group, each `None` when absent or
/// unreadable (the device is shown all the same).
async fn owner_and_group(
    api: &crate::api::Api,
    user_id: &str,
) -> (Option<crate::model::User>, Option<crate::model::Group>) {
    if user_id.is_empty() {
        return (None, None);
    }
    let Ok(owner) = crate::api::users::get(api, user_id).await else {
        return (None, None);
    };
    let group = match owner.group_id.as_str() {
        "" => None,
        gid => crate::api::groups::get(api, gid).await.ok(),
    };
    (Some(owner), group)
}

/// Groups › Sales › Alice Smith › Alice's iPhone [› Locations]: the way down
/// to a device, each step a link; Devices › … when the owner has no group.
fn device_trail(
    owner: Option<&crate::model::User>,
    group: Option<&crate::model::Group>,
    device: &crate::model::Device,
    here: Option<&'static str>,
) -> Vec<crate::components::page_head::Crumb> {
    use crate::components::page_head::Crumb;
    use crate::routes::Route;
    let mut trail = match group {
        Some(g) => vec![
            Crumb::link("Groups", Route::Groups.href()),
            Crumb::link(g.name.clone(), Route::Group(&g.id).href()),
        ],
        None => vec![Crumb::link("Devices", Route::Devices.href())],
    };
    trail.extend(owner.map(|u| Crumb::link(u.display_name(), Route::User(&u.id).href())));
    let name = device.display_name();
    match here {
        Some(here) => trail.extend([
            Crumb::link(name, Route::Device(&device.id).href()),
            Crumb::here(here),
        ]),
        None => trail.push(Crumb::here(name)),
    }
    trail
}

/// One item loaded by `item`, shown by `render`: "Loading…" first, then the
/// item, or its error with Retry. The error is rendered here rather than by
/// an `ErrorBoundary`, which Leptos may hand to a sibling list's boundary.
fn item_view<T, V>(
    loading: &'static str,
    item: leptos::prelude::LocalResource<Result<T, crate::api::ApiError>>,
    render: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl leptos::IntoView
where
    T: Clone + 'static,
    V: leptos::IntoView + 'static,
{
    use crate::components::status::{ErrorPanel, Loading};
    use leptos::prelude::*;
    let retry = Callback::new(move |_| item.refetch());
    view! {
        <Transition fallback=move || view! { <Loading label=loading/> }>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match item.await {
                        Ok(value) => render(value).into_any(),
                        Err(e) => view! { <ErrorPanel message=e.to_string() on_retry=retry/> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

/// When a picker's choices are loaded: at once, or once `wanted` (the
/// picker was focused), saying `until` before.
enum LoadChoices {
    Now,
    When {
        wanted: leptos::prelude::Signal<bool>,
        until: &'static str,
    },
}

/// Every item of a list as picker choices (`load` walks all its pages),
/// `fallback` until they are in; and a line saying how loading goes
/// ("Loading groups: 100 of 250") or why it failed.
fn use_choices<T, Fut>(
    noun: &'static str,
    when: LoadChoices,
    fallback: Vec<crate::components::picker::PickerOption>,
    load: impl Fn(Box<dyn Fn(crate::api::walk::Progress)>) -> Fut + 'static,
    choice: fn(T) -> crate::components::picker::PickerOption,
) -> (
    leptos::prelude::Signal<Vec<crate::components::picker::PickerOption>>,
    leptos::prelude::Signal<Option<String>>,
)
where
    T: Clone + 'static,
    Fut: std::future::Future<Output = Result<Vec<T>, ApiError>> + 'static,
{
    use crate::api::walk::Progress;
    use leptos::prelude::*;
    let (wanted, until) = match when {
        LoadChoices::Now => (Signal::stored(true), ""),
        LoadChoices::When { wanted, until } => (wanted, until),
    };
    let progress = RwSignal::new(Progress::default());
    let items = LocalResource::new(move || {
        let load = wanted
            .get()
            .then(|| load(Box::new(move |p| progress.set(p))));
        async move {
            match load {
                Some(load) => load.await.map(Some),
                None => Ok(None),
            }
        }
    });
    let options = Memo::new(move |_| {
        items.with(|r| match r {
            Some(Ok(Some(items))) if !items.is_empty() => {
                items.iter().cloned().map(choice).collect()
            }
            _ => fallback.clone(),
        })
    });
    let status = Signal::derive(move || {
        items.with(|r| match r {
            _ if !wanted.get() => Some(until.to_string()),
            None | Some(Ok(None)) => {
                let p = progress.get();
                Some(if p.total == 0 {
                    format!("Loading {noun}…")
                } else {
                    format!("Loading {noun}: {} of {}", p.loaded, p.total)
                })
            }
            Some(Err(e)) => Some(format!("{} could not be loaded: {e}", capitalised(noun))),
            Some(Ok(Some(_))) => None,
        })
    });
    (options.into(), status)
}

/// A group as a picker's choice: its name (or id), told apart by its
/// description.
fn group_choice(g: crate::model::Group) -> crate::components::picker::PickerOption {
    crate::components::picker::PickerOption {
        label: if g.name.trim().is_empty() {
            g.id.clone()
        } else {
            g.name
        },
        detail: g.description,
        id: g.id,
    }
}

/// A filter form's picker whose choices are read once it is focused (a
/// list's filter form is often opened without touching it).
fn picker_loaded_on_focus<T, Fut>(
    id: &'static str,
    label: &'static str,
    selected: leptos::prelude::RwSignal<String>,
    (noun, until): (&'static str, &'static str),
    load: impl Fn(crate::api::Api, Box<dyn Fn(crate::api::walk::Progress)>) -> Fut + 'static,
    choice: fn(T) -> crate::components::picker::PickerOption,
) -> impl leptos::prelude::IntoView
where
    T: Clone + 'static,
    Fut: std::future::Future<Output = Result<Vec<T>, ApiError>> + 'static,
{
    use leptos::prelude::*;
    let wanted = RwSignal::new(false);
    let api = crate::api::use_api();
    let (options, status) = use_choices(
        noun,
        LoadChoices::When {
            wanted: wanted.into(),
            until,
        },
        Vec::new(),
        move |progress| load(api.clone(), progress),
        choice,
    );
    view! {
        <div class="picker-host" on:focusin=move |_| if !wanted.get_untracked() { wanted.set(true) }>
            <crate::components::picker::SearchPicker id=id label=label options=options selected=selected
                status=status error=Signal::stored(None::<String>)/>
        </div>
    }
}

/// A filter form's group.
#[leptos::component]
fn GroupFilterPicker(
    id: &'static str,
    label: &'static str,
    selected: leptos::prelude::RwSignal<String>,
) -> impl leptos::prelude::IntoView {
    picker_loaded_on_focus(
        id,
        label,
        selected,
        ("groups", "Type a group's name to choose it."),
        |api, progress| async move { crate::api::groups::all(&api, progress).await },
        group_choice,
    )
}

/// A filter form's user, of every user of the account.
#[leptos::component]
fn UserFilterPicker(
    id: &'static str,
    label: &'static str,
    selected: leptos::prelude::RwSignal<String>,
) -> impl leptos::prelude::IntoView {
    picker_loaded_on_focus(
        id,
        label,
        selected,
        ("users", "Type a name or email to search every user."),
        |api, progress| async move { crate::api::users::all(&api, progress).await },
        user_choice,
    )
}

/// A user as a choice: "First Last", told apart by the email.
fn user_choice(u: crate::model::User) -> crate::components::picker::PickerOption {
    crate::components::picker::PickerOption {
        label: u.display_name(),
        detail: u.email,
        id: u.id,
    }
}

/// What `load` says the item `id` is called, once read (the id until then,
/// or if it cannot be read): for a filter's chip.
fn use_name_of<Fut>(
    id: Option<String>,
    load: impl Fn(crate::api::Api, String) -> Fut + 'static,
) -> leptos::prelude::Signal<Option<String>>
where
    Fut: std::future::Future<Output = Option<String>> + 'static,
{
    use leptos::prelude::*;
    let api = crate::api::use_api();
    let wanted = id.clone().filter(|id| !id.is_empty());
    let name = LocalResource::new(move || {
        let answer = wanted.clone().map(|id| load(api.clone(), id));
        async move {
            match answer {
                Some(answer) => answer.await,
                None => None,
            }
        }
    });
    Signal::derive(move || name.get().flatten().or_else(|| id.clone()))
}

/// `groups` → `Groups`.
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
