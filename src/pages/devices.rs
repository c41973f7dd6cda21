use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use std::collections::HashMap;

use super::bulk_devices::BulkDeviceActions;
use super::columns::{DeviceRow, Owner};
use super::device_actions::{ChangeOwner, PushNotification, RenameDevice};
use super::list::{
    prefetch_of, use_list_query, AllRows, Feed, FillIn, ListSource, ListView, TablePage, Walked,
};
use super::{age_text, device_trail, item_view, owner_and_group, use_route_item};
use crate::api::walk;
use crate::api::{self, use_api, Api, ApiError};
use crate::components::data_table::Listed;
use crate::components::field_list::{Field, FieldList};
use crate::components::filter_chips::{FilterChips, FilterPanel};
use crate::components::map::TrackMap;
use crate::components::page_head::{Breadcrumbs, PageHead};
use crate::components::status::Loading;
use crate::config::Config;
use crate::list_query::ListQuery;
use crate::model::{Device, DeviceFilter, Known, Seen, Span, Track, VersionOp};
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

/// An owner's name: one request (cached); a user that cannot be read is
/// `Unreadable` (its row links "View owner").
async fn owner_name(api: Api, id: String) -> Result<Owner, ApiError> {
    match api::users::get(&api, &id).await {
        Ok(user) => Ok(Owner::Named(user.display_name())),
        Err(ApiError::Aborted) => Err(ApiError::Aborted),
        Err(_) => Ok(Owner::Unreadable),
    }
}

/// The devices list; a filter in the query string (platform, OS version,
/// model, owner, owner's group, last check-in) applies across every page.
#[component]
pub fn DevicesPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(|q| ListQuery::parse(|k| q.get(k)).device_filter()));
    // The bulk push's message, when a link fills it in ("Stale devices").
    let message = query.with_untracked(|q| q.get("message").unwrap_or_default());
    view! {
        <PageHead title="Devices"/>
        // A list of its own for each filter (its walk, its rows).
        {move || view! { <DevicesList filter=filter.get() message=message.clone()/> }}
    }
}

/// Every device that `filter` lets through, across every page, named
/// owners included: the users are read too (first, when the filter needs
/// the owners' groups).
fn filtered_rows(api: Api, filter: DeviceFilter) -> AllRows {
    AllRows::new(move |feed: Feed| {
        let (api, filter) = (api.clone(), filter.clone());
        async move {
            let owners_first = if filter.needs_groups() {
                Some(walk::all(|p| api::users::list(&api, p), |_| ()).await?)
            } else {
                None
            };
            let known = Known {
                group_of: owners_first
                    .iter()
                    .flatten()
                    .map(|u| (u.id.clone(), u.group_id.clone()))
                    .collect(),
                has_fix: if filter.fix.is_some() {
                    api.known_fixes().snapshot()
                } else {
                    HashMap::new()
                },
            };
            let named = |users: &[crate::model::User]| -> OwnerNames {
                users
                    .iter()
                    .map(|u| (u.id.clone(), Owner::Named(u.display_name())))
                    .collect()
            };
            let early = named(owners_first.as_deref().unwrap_or_default());
            let at = crate::clock::now();
            let devices = feed
                .walk(
                    |p| api::devices::list(&api, p),
                    |d| filter.matches(d, at, &known),
                    |d| device_row(d.clone(), &early).row(),
                )
                .await?;
            let owners = match owners_first {
                Some(users) => named(&users),
                None => named(&walk::all(|p| api::users::list(&api, p), |_| ()).await?),
            };
            Ok(Walked::of(
                devices
                    .into_iter()
                    .map(|d| device_row(d, &owners))
                    .collect(),
            ))
        }
    })
}

#[component]
fn DevicesList(filter: DeviceFilter, message: String) -> impl IntoView {
    let api = use_api();
    let noun = "devices";
    let (state, set_state) = use_list_query(noun);
    let paging = Memo::new(move |_| state.read().paging());
    let all_rows = filtered_rows(api.clone(), filter.clone());
    let prefetch = prefetch_of(api.clone(), |api, p| async move {
        api::devices::list(&api, p).await
    });
    // The rows show as soon as the page is in; owners' names (a request
    // each) fill in after, and the page is drawn again from the query cache.
    let owners = FillIn::new(&api);
    let data = LocalResource::new(move || {
        let (api, paging, known) = (api.clone(), paging.get(), owners.known.get());
        owners.cancel();
        async move {
            let page = api::devices::list(&api, paging).await?;
            owners.ask(page.items.iter().map(|d| d.user_id.clone()), owner_name);
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
        noun,
        state,
        set_state,
        data,
        all_rows,
        prefetch,
    };
    let group_name = super::use_name_of(filter.group.clone(), |api, id| async move {
        api::groups::get(&api, &id).await.ok().map(|g| g.name)
    });
    let owner_name = super::use_name_of(filter.owner.clone(), |api, id| async move {
        api::users::get(&api, &id)
            .await
            .ok()
            .map(|u| u.display_name())
    });
    let chips = {
        let filter = filter.clone();
        Signal::derive(move || filter_chips(&filter, owner_name.get(), group_name.get()))
    };
    let export_name = std::iter::once("devices".to_string())
        .chain(
            filter_chips(&filter, None, None)
                .into_iter()
                .map(|(_, label)| label),
        )
        .collect::<Vec<_>>()
        .join(" ");
    let selection = RwSignal::new(Default::default());
    view! {
        <DeviceFilterForm filter=filter state=state set_state=set_state/>
        <FilterChips chips=chips
            on_remove=Callback::new(move |key: &'static str| set_state.run((state.get_untracked().without_filter(key), false)))
            on_clear=Callback::new(move |_| set_state.run((state.get_untracked().with_filters(Vec::new()), false)))/>
        <BulkDeviceActions selection=selection message=message/>
        <ListView source=source columns=DeviceRow::headers()
            empty_hint="Devices appear here once they are enrolled in the MDM." export_name=export_name
            selection=Some(selection)/>
    }
}

/// Sets the devices filter: platform, OS version (is, before, at least),
/// model, owner's group, last check-in. An empty field sets no filter.
#[component]
fn DeviceFilterForm(
    filter: DeviceFilter,
    state: Memo<ListQuery>,
    set_state: Callback<(ListQuery, bool)>,
) -> impl IntoView {
    let text = |v: &Option<String>| RwSignal::new(v.clone().unwrap_or_default());
    let platform = text(&filter.platform);
    let model = text(&filter.model);
    let group = text(&filter.group);
    let os = RwSignal::new(
        filter
            .os
            .as_ref()
            .map(|(_, v)| v.clone())
            .unwrap_or_default(),
    );
    let os_op = RwSignal::new(match filter.os.as_ref().map(|(op, _)| *op) {
        Some(VersionOp::Before) => "before",
        Some(VersionOp::AtLeast) => "atleast",
        _ => "is",
    });
    let (seen_kind, seen_days) = match filter.seen {
        Some(Seen::Within(span)) => ("within", span_days(span)),
        Some(Seen::NotWithin(span)) => ("not-within", span_days(span)),
        Some(Seen::Never) => ("never", 7),
        _ => ("any", 7),
    };
    let seen_kind = RwSignal::new(seen_kind);
    let seen_days = RwSignal::new(seen_days.to_string());
    let fix = RwSignal::new(filter.fix);
    // A device row says nothing of fixes: the filter is offered once some
    // are known (the fleet map, device pages), and says for how many.
    let fixes_known = use_api().known_fixes().len();
    let owner = filter.owner.clone();
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let given = |v: RwSignal<String>| {
            Some(v.get_untracked().trim().to_string()).filter(|v| !v.is_empty())
        };
        let days = seen_days
            .get_untracked()
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=3650).contains(d));
        let seen = match (seen_kind.get_untracked(), days) {
            ("within", Some(d)) => Some(Seen::Within(Span::Days(d))),
            ("not-within", Some(d)) => Some(Seen::NotWithin(Span::Days(d))),
            ("never", _) => Some(Seen::Never),
            _ => None,
        };
        let os = given(os).map(|v| {
            let op = match os_op.get_untracked() {
                "before" => VersionOp::Before,
                "atleast" => VersionOp::AtLeast,
                _ => VersionOp::Is,
            };
            (op, v)
        });
        let next = DeviceFilter {
            platform: given(platform),
            os,
            model: given(model),
            owner: owner.clone(),
            group: given(group),
            seen,
            fix: fix.get_untracked(),
        };
        set_state.run((
            state
                .get_untracked()
                .with_filters(ListQuery::device_filters(&next)),
            false,
        ));
    };
    let input = |id: &'static str, label: &'static str, value: RwSignal<String>| {
        view! {
            <div class="form-field">
                <label for=id>{label}</label>
                <input id=id type="text" prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))/>
            </div>
        }
    };
    view! {
        <FilterPanel summary="Filter devices">{
            let apply = apply.clone();
            view! {
            <form class="filter-form" on:submit=apply novalidate>
                {input("filter-platform", "Platform", platform)}
                <div class="form-field">
                    <label for="filter-os">"OS version"</label>
                    <div class="inline-fields">
                        <select aria-label="How the OS version compares"
                            on:change=move |ev| os_op.set(match event_target_value(&ev).as_str() {
                                "before" => "before",
                                "atleast" => "atleast",
                                _ => "is",
                            })>
                            <option value="is" selected=move || os_op.get() == "is">"is"</option>
                            <option value="before" selected=move || os_op.get() == "before">"before"</option>
                            <option value="atleast" selected=move || os_op.get() == "atleast">"at least"</option>
                        </select>
                        <input id="filter-os" type="text" prop:value=move || os.get()
                            on:input=move |ev| os.set(event_target_value(&ev))/>
                    </div>
                </div>
                {input("filter-model", "Model", model)}
                <super::GroupFilterPicker id="filter-group" label="Owner's group" selected=group/>
                <div class="form-field">
                    <label for="filter-checkin">"Last check-in"</label>
                    <div class="inline-fields">
                        <select id="filter-checkin" on:change=move |ev| seen_kind.set(match event_target_value(&ev).as_str() {
                            "within" => "within",
                            "not-within" => "not-within",
                            "never" => "never",
                            _ => "any",
                        })>
                            <option value="any" selected=move || seen_kind.get() == "any">"Any time"</option>
                            <option value="within" selected=move || seen_kind.get() == "within">"Within"</option>
                            <option value="not-within" selected=move || seen_kind.get() == "not-within">"Not within"</option>
                            <option value="never" selected=move || seen_kind.get() == "never">"Never"</option>
                        </select>
                        <input type="number" min="1" max="3650" class="days" aria-label="Days"
                            prop:value=move || seen_days.get()
                            on:input=move |ev| seen_days.set(event_target_value(&ev))/>
                        <span>"days"</span>
                    </div>
                </div>
                {(fixes_known > 0 || filter.fix.is_some()).then(|| view! {
                    <div class="form-field">
                        <label for="filter-fix">"Location fix"</label>
                        <select id="filter-fix" aria-describedby="filter-fix-hint"
                            on:change=move |ev| fix.set(match event_target_value(&ev).as_str() {
                                "yes" => Some(true),
                                "no" => Some(false),
                                _ => None,
                            })>
                            <option value="any" selected=move || fix.get().is_none()>"Any"</option>
                            <option value="yes" selected=move || fix.get() == Some(true)>"Has a fix"</option>
                            <option value="no" selected=move || fix.get() == Some(false)>"No fix"</option>
                        </select>
                        <p class="hint" id="filter-fix-hint">{fix_hint(fixes_known)}</p>
                    </div>
                })}
                <div class="form-actions">
                    <button type="submit" class="primary">"Apply filters"</button>
                </div>
            </form>
        }}</FilterPanel>
    }
}

/// Whose fixes the fix filter goes by: devices whose fixes were not read
/// pass neither "has a fix" nor "no fix".
fn fix_hint(known: usize) -> String {
    let devices = if known == 1 { "device" } else { "devices" };
    format!(
        "Known for {} {devices} (read by the fleet map or a device's page); devices not read yet are left out.",
        crate::components::chart::grouped(known as u64)
    )
}

/// Whole days in a span (hours round up to a day).
fn span_days(span: Span) -> u32 {
    match span {
        Span::Days(d) => d,
        Span::Hours(h) => h.div_ceil(24).max(1),
    }
}

/// The filter, one chip a part: its query key and what it says (the owner
/// and the group by name, once known).
fn filter_chips(
    filter: &DeviceFilter,
    owner: Option<String>,
    group: Option<String>,
) -> Vec<(&'static str, String)> {
    let or_unknown = |v: &str| {
        if v.trim().is_empty() {
            "unknown".to_string()
        } else {
            v.to_string()
        }
    };
    let mut chips = Vec::new();
    if let Some(p) = &filter.platform {
        chips.push(("platform", format!("Platform: {}", or_unknown(p))));
    }
    if let Some((op, v)) = &filter.os {
        let v = or_unknown(v);
        chips.push((
            "os",
            match op {
                VersionOp::Is => format!("OS version: {v}"),
                VersionOp::Before => format!("OS version: before {v}"),
                VersionOp::AtLeast => format!("OS version: {v} or later"),
            },
        ));
    }
    if let Some(m) = &filter.model {
        chips.push(("model", format!("Model: {}", or_unknown(m))));
    }
    if let Some(o) = &filter.owner {
        let o = owner.unwrap_or_else(|| o.clone());
        chips.push(("owner", format!("Owner: {o}")));
    }
    if let Some(g) = &filter.group {
        let g = match group {
            _ if g.is_empty() => "none".to_string(),
            Some(name) => name,
            None => g.clone(),
        };
        chips.push(("group", format!("Owner's group: {g}")));
    }
    if let Some(seen) = filter.seen {
        chips.push(("checkin", format!("Last check-in: {}", seen_words(seen))));
    }
    if let Some(has) = filter.fix {
        let says = if has { "has a fix" } else { "no fix" };
        chips.push(("fix", format!("Location: {says}")));
    }
    chips
}

/// "not within 7 days", "within 1 hour", "1 day to 7 days ago", "never".
fn seen_words(seen: Seen) -> String {
    match seen {
        Seen::Within(span) => format!("within {}", span.words()),
        Seen::NotWithin(span) => format!("not within {}", span.words()),
        Seen::Between(short, long) => format!("{} to {} ago", short.words(), long.words()),
        Seen::Never => "never".into(),
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
                    <RenameDevice device_id=id.clone() current=current.clone() on_saved=saved/>
                    <ChangeOwner device_id=id.clone() device_name=current.clone() owner_id=d.user_id.clone()
                        owner_name=owner_name on_saved=saved/>
                    <PushNotification device_id=id device_name=current/>
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
