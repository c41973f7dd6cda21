use leptos::prelude::*;
use leptos::task::spawn_local;

use std::collections::HashMap;
use std::rc::Rc;

use super::bulk_push::BulkPush;
use super::device_actions::{ChangeOwner, PushNotification, RenameDevice};
use super::list::{prefetch_of, use_list_query, AllRows, ListView, TablePage};
use super::{age_cell, age_text, device_breadcrumbs, owner_and_group, use_id_param};
use crate::api::walk::{self, Progress};
use crate::api::{self, use_api, Api, ApiError};
use crate::components::data_table::{Cell, Column, Row};
use crate::components::field_list::{Field, FieldList};
use crate::components::map::TrackMap;
use crate::components::status::{errors_text, ErrorPanel, Loading};
use crate::config::Config;
use crate::model::{Device, Track};
use crate::paths;

pub(super) fn columns() -> Vec<Column> {
    vec![
        Column {
            key: "name",
            label: "Name",
        },
        Column {
            key: "model",
            label: "Platform / model",
        },
        Column {
            key: "os",
            label: "OS version",
        },
        Column {
            key: "owner",
            label: "Owner",
        },
        Column {
            key: "checkin",
            label: "Last check-in",
        },
    ]
}

pub(super) fn device_row(d: Device) -> Row {
    device_row_with_owner(d, &HashMap::new())
}

/// Owners' names by user id; `None` for an owner that could not be read.
type OwnerNames = HashMap<String, Option<String>>;

/// A device's row with its owner's name when `owners` knows it; until then
/// (or if it cannot be read) the owner is a "View owner" link.
fn device_row_with_owner(d: Device, owners: &OwnerNames) -> Row {
    let owner = match owners.get(&d.user_id) {
        _ if d.user_id.is_empty() => Cell::text(""),
        Some(Some(name)) => Cell::link(name.clone(), paths::user(&d.user_id)),
        _ => Cell::link("View owner", paths::user(&d.user_id)),
    };
    Row {
        cells: vec![
            Cell::link(d.display_name(), paths::device(&d.id)),
            Cell::text(d.platform_model()),
            Cell::text(d.os_version.clone()),
            owner,
            age_cell(d.last_check_in),
        ],
        key: d.id,
    }
}

/// The owners of `devices` that `known` has no answer for yet.
fn unknown_owners(devices: &[Device], known: &OwnerNames) -> Vec<String> {
    let mut ids: Vec<String> = devices
        .iter()
        .filter(|d| !d.user_id.is_empty() && !known.contains_key(&d.user_id))
        .map(|d| d.user_id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// The names of these users, one request each (a few at a time, cached).
/// A user that cannot be read is `None`; if the walk is cancelled, none of
/// it counts (the answers stay in the query cache for the next try).
async fn owner_names(api: &Api, ids: Vec<String>) -> OwnerNames {
    let answers = walk::each(
        ids,
        |id| {
            let api = api.clone();
            async move {
                match api::users::get(&api, &id).await {
                    Ok(user) => Ok((id, Some(user.display_name()))),
                    Err(ApiError::Aborted) => Err(ApiError::Aborted),
                    Err(_) => Ok((id, None)),
                }
            }
        },
        |_| (),
    )
    .await
    .unwrap_or_default();
    answers.into_iter().collect()
}

#[component]
pub fn DevicesPage() -> impl IntoView {
    let api = use_api();
    let state = use_list_query();
    let paging = Memo::new(move |_| state.read().paging());
    // Every page: the owners' names come from one walk over the users.
    let all_devices = AllRows::new({
        let api = api.clone();
        move |progress: Rc<dyn Fn(Progress)>| {
            let api = api.clone();
            async move {
                let devices = walk::all(|p| api::devices::list(&api, p), |p| progress(p)).await?;
                let users = walk::all(|p| api::users::list(&api, p), |_| ()).await?;
                let owners = users
                    .into_iter()
                    .map(|u| (u.id.clone(), Some(u.display_name())))
                    .collect();
                Ok(devices
                    .into_iter()
                    .map(|d| device_row_with_owner(d, &owners))
                    .collect())
            }
        }
    });
    // The rows show as soon as the page is in; owners' names (a request
    // each) fill in after, and the page is drawn again from the query cache.
    let prefetch = prefetch_of(api.clone(), |api, p| async move {
        api::devices::list(&api, p).await
    });
    let owners = RwSignal::new(OwnerNames::new());
    // The owner-name requests of the page shown: cancelled when the list is
    // asked for again (another page), so they never hold up its request (a
    // browser has six connections per server) nor spend the main thread on
    // rows that are gone.
    let owner_api = api.scoped();
    let owner_walk = StoredValue::new(0u64);
    let devices = LocalResource::new(move || {
        let (api, paging, known) = (api.clone(), paging.get(), owners.get());
        let owner_api = owner_api.clone();
        let walk = owner_walk.get_value() + 1;
        owner_walk.set_value(walk);
        async move {
            owner_api.abort_all();
            let page = api::devices::list(&api, paging).await?;
            let missing = unknown_owners(&page.items, &known);
            if !missing.is_empty() {
                spawn_local(async move {
                    // The rows first: these requests would slow their drawing.
                    crate::clock::after_paint().await;
                    if owner_walk.try_get_value() != Some(walk) {
                        return;
                    }
                    let names = owner_names(&owner_api, missing).await;
                    if !names.is_empty() {
                        owners.update(|known| known.extend(names));
                    }
                });
            }
            Ok::<_, ApiError>(TablePage::from_list(page, |d| {
                device_row_with_owner(d, &known)
            }))
        }
    });
    let selection = RwSignal::new(Default::default());
    view! {
        <div class="page-head"><h1>"Devices"</h1></div>
        <BulkPush selection=selection/>
        <ListView noun="devices" state=state data=devices columns=columns()
            empty_hint="Devices appear here once they are enrolled in the MDM." all_rows=all_devices export_name="devices"
            selection=selection prefetch=prefetch/>
    }
}

#[component]
pub fn DevicePage() -> impl IntoView {
    let api = use_api();
    let id = use_id_param();
    let device = LocalResource::new(move || {
        let (api, id) = (api.clone(), id.get());
        async move {
            let device = api::devices::get(&api, &id).await?;
            let (owner, group) = owner_and_group(&api, &device.user_id).await;
            Ok::<_, ApiError>((device, owner, group))
        }
    });
    let retry = Callback::new(move |_| device.refetch());
    view! {
        <Transition fallback=|| view! { <Loading label="Loading device…"/> }>
            <ErrorBoundary fallback=move |errors| view! { <ErrorPanel message=errors_text(&errors.read()) on_retry=retry/> }>
                {move || Suspend::new(async move {
                    device.await.map(|(d, owner, group)| {
                        let name = d.display_name();
                        let d_name = name.clone();
                        let (id, current) = (d.id.clone(), d.name.clone());
                        let owner_name = owner.as_ref().map_or_else(|| d.user_id.clone(), |u| u.display_name());
                        let owner_field = match &owner {
                            Some(u) => Field::link("Owner", u.display_name(), paths::user(&u.id)),
                            None if d.user_id.is_empty() => Field::new("Owner", ""),
                            None => Field::link("Owner", d.user_id.clone(), paths::user(&d.user_id)),
                        };
                        view! {
                            {device_breadcrumbs(owner.as_ref(), group.as_ref(), &d, None)}
                            <div class="page-head"><h1>{name}</h1></div>
                            <FieldList fields=vec![
                                Field::new("Name", d.name),
                                Field::new("Platform", d.platform),
                                Field::new("Model", d.model),
                                Field::new("OS version", d.os_version),
                                Field::new("Serial number", d.serial_number),
                                Field::new("Phone number", d.phone_number),
                                Field::new("Last check-in", age_text(d.last_check_in)),
                                owner_field,
                                Field::new("Identifier", d.id),
                            ] extra=d.extra/>
                            <LatestLocation device_id=id.clone() name=d_name.clone()/>
                            <section class="actions" aria-labelledby="device-actions">
                                <h2 id="device-actions">"Actions"</h2>
                                <div class="action-grid">
                                    <RenameDevice device_id=id.clone() current=current on_saved=retry/>
                                    <ChangeOwner device_id=id.clone() owner_id=d.user_id.clone()
                                        owner_name=owner_name on_saved=retry/>
                                    <PushNotification device_id=id/>
                                </div>
                            </section>
                        }
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// The device's latest fix on a small map, with a link to its whole track.
#[component]
fn LatestLocation(device_id: String, name: String) -> impl IntoView {
    let api = use_api();
    let latest = LocalResource::new({
        let device_id = device_id.clone();
        move || {
            let (api, id) = (api.clone(), device_id.clone());
            async move { api::locations::latest(&api, &id).await }
        }
    });
    let gap_ms = expect_context::<Config>().track_gap_ms();
    let all_link = paths::device_locations(&device_id, "");
    view! {
        <section class="latest-location" aria-labelledby="latest-location">
            <div class="section-head">
                <h2 id="latest-location">"Latest location"</h2>
                <a href=all_link>"Show all locations"</a>
            </div>
            <Transition fallback=|| view! { <Loading label="Loading the latest location…"/> }>
                {move || Suspend::new({
                    let name = name.clone();
                    async move {
                        match latest.await {
                            Err(e) => view! { <p class="error-text" role="alert">{e.to_string()}</p> }.into_any(),
                            Ok(None) => view! { <p class="muted">"This device has not reported a location yet."</p> }.into_any(),
                            Ok(Some(l)) => {
                                let fix = Track::from_locations(vec![l]).fixes;
                                let text = fix.first().map(|f| format!(
                                    "{:.5}, {:.5}{} · {}",
                                    f.position.lat,
                                    f.position.lng,
                                    f.accuracy.map(|a| format!(" (± {a:.0} m)")).unwrap_or_default(),
                                    age_text(Some(f.time)),
                                ));
                                view! {
                                    <p class="latest-fix">{text}</p>
                                    <TrackMap fixes=Signal::stored(fix) title=name.clone()
                                        label=format!("Map of {name}'s latest location") gap_ms=gap_ms compact=true/>
                                }.into_any()
                            }
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
