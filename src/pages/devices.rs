use leptos::prelude::*;
use leptos::task::spawn_local;

use std::collections::HashMap;
use std::rc::Rc;

use super::bulk_push::BulkPush;
use super::columns::{DeviceRow, Owner};
use super::device_actions::{ChangeOwner, PushNotification, RenameDevice};
use super::list::{prefetch_of, use_list_query, AllRows, ListSource, ListView, TablePage};
use super::{age_text, device_trail, item_view, owner_and_group, use_route_item};
use crate::api::walk::{self, Progress};
use crate::api::{self, use_api, Api, ApiError};
use crate::components::data_table::Listed;
use crate::components::field_list::{Field, FieldList};
use crate::components::map::TrackMap;
use crate::components::page_head::{Breadcrumbs, PageHead};
use crate::components::status::Loading;
use crate::config::Config;
use crate::model::{Device, Track};
use crate::routes::Route;

/// What is known of owners' names, by user id.
type OwnerNames = HashMap<String, Owner>;

fn device_row(device: Device, owners: &OwnerNames) -> DeviceRow {
    let owner = owners
        .get(&device.user_id)
        .cloned()
        .unwrap_or(Owner::Unknown);
    DeviceRow { device, owner }
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
/// A user that cannot be read is `Unreadable`; if the walk is cancelled,
/// none of it counts (the answers stay in the query cache for the next try).
async fn owner_names(api: &Api, ids: Vec<String>) -> OwnerNames {
    let answers = walk::each(
        ids,
        |id| {
            let api = api.clone();
            async move {
                match api::users::get(&api, &id).await {
                    Ok(user) => Ok((id, Owner::Named(user.display_name()))),
                    Err(ApiError::Aborted) => Err(ApiError::Aborted),
                    Err(_) => Ok((id, Owner::Unreadable)),
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
    let (state, set_state) = use_list_query();
    let paging = Memo::new(move |_| state.read().paging());
    // Every page: the owners' names come from one walk over the users.
    let all_rows = AllRows::new({
        let api = api.clone();
        move |progress: Rc<dyn Fn(Progress)>| {
            let api = api.clone();
            async move {
                let devices = walk::all(|p| api::devices::list(&api, p), |p| progress(p)).await?;
                let users = walk::all(|p| api::users::list(&api, p), |_| ()).await?;
                let owners: OwnerNames = users
                    .into_iter()
                    .map(|u| (u.id.clone(), Owner::Named(u.display_name())))
                    .collect();
                Ok(devices
                    .into_iter()
                    .map(|d| device_row(d, &owners).row())
                    .collect())
            }
        }
    });
    let prefetch = prefetch_of(api.clone(), |api, p| async move {
        api::devices::list(&api, p).await
    });
    // The rows show as soon as the page is in; owners' names (a request
    // each) fill in after, and the page is drawn again from the query cache.
    let owners = RwSignal::new(OwnerNames::new());
    // The owner-name requests of the page shown: cancelled when the list is
    // asked for again (another page), so they never hold up its request (a
    // browser has six connections per server) nor spend the main thread on
    // rows that are gone.
    let owner_api = api.scoped();
    let owner_walk = StoredValue::new(0u64);
    let data = LocalResource::new(move || {
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
            Ok::<_, ApiError>(TablePage {
                rows: page
                    .items
                    .into_iter()
                    .map(|d| device_row(d, &known).row())
                    .collect(),
                page: page.page,
                total: page.total,
            })
        }
    });
    let source = ListSource {
        state,
        set_state,
        data,
        all_rows,
        prefetch,
    };
    let selection = RwSignal::new(Default::default());
    view! {
        <PageHead title="Devices"/>
        <BulkPush selection=selection/>
        <ListView noun="devices" source=source columns=DeviceRow::headers()
            empty_hint="Devices appear here once they are enrolled in the MDM." export_name="devices"
            selection=Some(selection)/>
    }
}

#[component]
pub fn DevicePage() -> impl IntoView {
    let (_, device) = use_route_item(|api, id| async move {
        let device = api::devices::get(&api, &id).await?;
        let (owner, group) = owner_and_group(&api, &device.user_id).await;
        Ok::<_, ApiError>((device, owner, group))
    });
    // A rename or a new owner shows once saved: the device is read again.
    let saved = Callback::new(move |_| device.refetch());
    item_view("Loading device…", device, move |(d, owner, group)| {
        let name = d.display_name();
        let (id, current) = (d.id.clone(), d.name.clone());
        let owner_name = owner
            .as_ref()
            .map_or_else(|| d.user_id.clone(), |u| u.display_name());
        let owner_field = match &owner {
            Some(u) => Field::link("Owner", u.display_name(), Route::User(&u.id).href()),
            None if d.user_id.is_empty() => Field::new("Owner", ""),
            None => Field::link("Owner", d.user_id.clone(), Route::User(&d.user_id).href()),
        };
        view! {
            <Breadcrumbs trail=device_trail(owner.as_ref(), group.as_ref(), &d, None)/>
            <PageHead title=name.clone()/>
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
            <LatestLocation device_id=id.clone() name=name/>
            <section class="actions" aria-labelledby="device-actions">
                <h2 id="device-actions">"Actions"</h2>
                <div class="action-grid">
                    <RenameDevice device_id=id.clone() current=current on_saved=saved/>
                    <ChangeOwner device_id=id.clone() owner_id=d.user_id.clone()
                        owner_name=owner_name on_saved=saved/>
                    <PushNotification device_id=id/>
                </div>
            </section>
        }
    })
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
    let all_link = Route::DeviceLocations(&device_id, "").href();
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
