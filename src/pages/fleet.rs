//! The fleet map: the latest fix of every device, of a user's devices
//! (`?user=`) or of a group's (`?group=`), fetched a few at a time with
//! progress, drawn clustered and coloured by age, and listed below.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::columns::FleetRow;
use super::overview::devices_where;
use crate::api::walk::{self, Progress};
use crate::api::{self, use_api, Api, ApiError};
use crate::clock::now;
use crate::components::data_table::Listed;
use crate::components::map::{FleetMap, FleetPoint};
use crate::components::page_head::PageHead;
use crate::components::rows_table::{Rows, RowsTable};
use crate::components::status::{EmptyState, ErrorPanel, PageProgress};
use crate::list_query::ListQuery;
use crate::model::{Device, DeviceFilter, Fix, Freshness, Track};
use crate::routes::Route;

/// Whose devices: all, a group's (`?group=`) or a user's (`?user=`).
#[derive(Clone, Debug, PartialEq)]
pub(super) enum FleetScope {
    All,
    Group(String),
    User(String),
}

impl FleetScope {
    pub(super) fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        match (get("group"), get("user")) {
            (Some(g), _) if !g.is_empty() => FleetScope::Group(g),
            (_, Some(u)) if !u.is_empty() => FleetScope::User(u),
            _ => FleetScope::All,
        }
    }

    pub(super) fn append_to(&self, q: &mut form_urlencoded::Serializer<String>) {
        match self {
            FleetScope::All => {}
            FleetScope::Group(id) => {
                q.append_pair("group", id);
            }
            FleetScope::User(id) => {
                q.append_pair("user", id);
            }
        }
    }
}

struct Fleet {
    title: String,
    /// The group or user page the view is scoped to, if any.
    scope_link: Option<(String, String)>,
    /// The devices list of the same scope.
    scope_filter: DeviceFilter,
    rows: Vec<FleetRow>,
}

/// The scope's title, the page it is scoped to, and its devices.
pub(super) async fn devices_in_scope(
    api: &Api,
    scope: &FleetScope,
    progress: RwSignal<Progress>,
    stage: RwSignal<&'static str>,
) -> Result<(String, Option<(String, String)>, Vec<Device>), ApiError> {
    let report = move |p| progress.set(p);
    Ok(match scope {
        FleetScope::All => {
            stage.set("Loading devices");
            (
                "All devices".into(),
                None,
                api::devices::all(api, report).await?,
            )
        }
        FleetScope::User(id) => {
            let user = api::users::get(api, id).await?;
            stage.set("Loading the user's devices");
            let devices = api::devices::all_of_user(api, id, report).await?;
            let name = user.display_name();
            (
                format!("Devices of {name}"),
                Some((name, Route::User(id).href())),
                devices,
            )
        }
        FleetScope::Group(id) => {
            let group = api::groups::get(api, id).await?;
            stage.set("Loading the group's users");
            let users = api::users::all_in_group(api, id, report).await?;
            stage.set("Loading their devices");
            let per_user = walk::each(
                users,
                |u| {
                    let api = api.clone();
                    async move { api::devices::all_of_user(&api, &u.id, |_| ()).await }
                },
                report,
            )
            .await?;
            (
                format!("Devices in {}", group.name),
                Some((group.name.clone(), Route::Group(id).href())),
                per_user.into_iter().flatten().collect(),
            )
        }
    })
}

/// How often the map catches up with the fixes loaded so far.
const DRAW_EVERY_MS: f64 = 1_500.0;

#[component]
pub fn FleetMapPage() -> impl IntoView {
    let api = use_api();
    let query = use_query_map();
    let scope = Memo::new(move |_| query.with(|q| FleetScope::from_query(|k| q.get(k))));
    let progress = RwSignal::new(Progress::default());
    let stage = RwSignal::new("Loading devices");
    let loading = RwSignal::new(true);
    // The fixes in so far: a large fleet takes minutes to walk (a request
    // per device), so the map fills in as they come rather than at the end.
    let partial = RwSignal::new(Vec::<FleetPoint>::new());
    let fleet = LocalResource::new({
        let api = api.clone();
        move || {
            let (api, scope) = (api.clone(), scope.get());
            async move {
                loading.set(true);
                partial.set(Vec::new());
                progress.set(Progress::default());
                let result = load_fleet(&api, &scope, progress, stage, partial).await;
                loading.set(false);
                result.map(send_wrapper::SendWrapper::new)
            }
        }
    });
    let retry = Callback::new(move |_| fleet.refetch());
    let cancel = Callback::new(move |_| api.abort_all());
    let loaded = move || match fleet.get() {
        Some(Ok(fleet)) if !loading.get() => Some(Ok((*fleet).clone())),
        Some(Err(e)) if !loading.get() => Some(Err(e)),
        _ => None,
    };
    let points = Signal::derive(move || match loaded() {
        Some(Ok(fleet)) => fleet_points(&fleet.rows),
        _ => partial.get(),
    });
    // The map stays the same map from the first fixes to the last (what
    // the user zoomed to is kept), so this page renders from the resource's
    // state rather than through Suspend, which would rebuild it.
    let show_map = move || match loaded() {
        Some(Ok(fleet)) => !fleet.rows.is_empty(),
        Some(Err(_)) => partial.with(|p| !p.is_empty()),
        None => true,
    };
    let area_link = move || {
        let mut q = form_urlencoded::Serializer::new(String::new());
        scope.get().append_to(&mut q);
        Route::WhoWasHere(&q.finish()).href()
    };
    view! {
        <PageHead title="Fleet map">
            <a class="button" href=area_link>"Who was here…"</a>
        </PageHead>
        {move || match loaded() {
            None => view! {
                <PageProgress label=Signal::derive(move || stage.get().to_string())
                    loaded=Signal::derive(move || progress.get().loaded)
                    total=Signal::derive(move || progress.get().total) on_cancel=cancel/>
            }.into_any(),
            Some(Err(e)) => view! { <ErrorPanel message=e.to_string() on_retry=retry/> }.into_any(),
            Some(Ok(fleet)) => view! { <FleetSummary fleet=fleet/> }.into_any(),
        }}
        <Show when=show_map>
            <FleetMap points=points label="Fleet map"/>
        </Show>
        {move || match loaded() {
            Some(Ok(fleet)) if !fleet.rows.is_empty() => Some(view! { <FleetTable rows=fleet.rows.clone()/> }),
            _ => None,
        }}
    }
}

/// The devices in scope and each one's latest fix, newest first; fixes are
/// also handed to `partial` every [`DRAW_EVERY_MS`] as they arrive.
async fn load_fleet(
    api: &Api,
    scope: &FleetScope,
    progress: RwSignal<Progress>,
    stage: RwSignal<&'static str>,
    partial: RwSignal<Vec<FleetPoint>>,
) -> Result<std::rc::Rc<Fleet>, ApiError> {
    let (title, scope_link, devices) = devices_in_scope(api, scope, progress, stage).await?;
    stage.set("Loading latest fixes");
    let at = now();
    let arrived = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let last_draw = std::cell::Cell::new(js_sys::Date::now());
    let latest = walk::each(
        devices.clone(),
        |d| {
            let (api, arrived) = (api.clone(), arrived.clone());
            async move {
                let location = api::locations::latest(&api, &d.id).await?;
                let fix = location.and_then(|l| Track::from_locations(vec![l]).fixes.pop());
                if let Some(fix) = &fix {
                    let freshness = Freshness::of(at, Some(fix.time));
                    arrived
                        .borrow_mut()
                        .push(fleet_point(&d, fix.clone(), freshness));
                }
                Ok(fix)
            }
        },
        |p| {
            progress.set(p);
            let t = js_sys::Date::now();
            if t - last_draw.get() >= DRAW_EVERY_MS && p.loaded < p.total {
                last_draw.set(t);
                let more = std::mem::take(&mut *arrived.borrow_mut());
                partial.update(|shown| shown.extend(more));
            }
        },
    )
    .await?;
    let mut rows: Vec<FleetRow> = devices
        .into_iter()
        .zip(latest)
        .map(|(device, fix)| {
            let freshness = Freshness::of(at, fix.as_ref().map(|f| f.time));
            FleetRow {
                device,
                fix,
                freshness,
            }
        })
        .collect();
    // Newest fix first; devices without one last.
    rows.sort_by_key(|r| std::cmp::Reverse(r.fix.as_ref().map(|f| f.time)));
    let scope_filter = match scope {
        FleetScope::All => DeviceFilter::default(),
        FleetScope::Group(id) => DeviceFilter {
            group: Some(id.clone()),
            ..Default::default()
        },
        FleetScope::User(id) => DeviceFilter {
            owner: Some(id.clone()),
            ..Default::default()
        },
    };
    Ok(std::rc::Rc::new(Fleet {
        title,
        scope_link,
        scope_filter,
        rows,
    }))
}

fn fleet_point(device: &Device, fix: Fix, freshness: Freshness) -> FleetPoint {
    FleetPoint {
        name: device.display_name(),
        href: Route::Device(&device.id).href(),
        fix,
        freshness,
    }
}

fn fleet_points(rows: &[FleetRow]) -> Vec<FleetPoint> {
    rows.iter()
        .filter_map(|r| {
            let fix = r.fix.clone()?;
            Some(fleet_point(&r.device, fix, r.freshness))
        })
        .collect()
}

/// What is in view (and a link back to the group or user), and how many
/// devices are of each age; or that there are none.
#[component]
fn FleetSummary(fleet: std::rc::Rc<Fleet>) -> impl IntoView {
    let counts =
        Freshness::ALL.map(|f| (f, fleet.rows.iter().filter(|r| r.freshness == f).count()));
    let scope_line = match &fleet.scope_link {
        Some((name, href)) => view! {
            <p class="scope-line">{fleet.title.clone()} " · "
                <a href=href.clone()>{format!("Open {name}")}</a> " · "
                <a href=Route::FleetMap(None).href()>"Show all devices"</a></p>
        }
        .into_any(),
        None => view! { <p class="scope-line">{fleet.title.clone()}</p> }.into_any(),
    };
    if fleet.rows.is_empty() {
        return view! {
            {scope_line}
            <EmptyState title="No devices">
                <p>"Devices appear here once they are enrolled in the MDM."</p>
            </EmptyState>
        }
        .into_any();
    }
    view! {
        {scope_line}
        <ul class="legend" aria-label="Age of the latest fix">
            {counts.into_iter().map(|(f, n)| {
                let text = format!("{}: {n}", f.label());
                // The fixes are known now, so the devices list can filter by them.
                let text = if f == Freshness::NoFix && n > 0 {
                    let href = devices_where(&DeviceFilter { fix: Some(false), ..fleet.scope_filter.clone() });
                    view! { <a href=href>{text}</a> }.into_any()
                } else {
                    text.into_any()
                };
                view! {
                    <li><span class=format!("swatch swatch-{}", f.key()) aria-hidden="true"></span>{text}</li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn FleetTable(rows: Vec<FleetRow>) -> impl IntoView {
    let rows = std::sync::Arc::new(rows.iter().map(Listed::row).collect::<Vec<_>>());
    // Newest fix first, a hundred at a time; the map's query string is its
    // scope, so the table's page is kept here.
    let state = RwSignal::new(ListQuery {
        limit: 100,
        ..Default::default()
    });
    view! {
        <section class="fleet-table" aria-labelledby="fleet-devices">
            <h2 id="fleet-devices">"Devices by latest fix"</h2>
            <RowsTable caption="Devices by latest fix, newest first" noun="devices"
                columns=FleetRow::headers() rows=Rows::All(rows) state=state
                on_state=Callback::new(move |(next, _)| state.set(next)) sortable=true/>
        </section>
    }
}
