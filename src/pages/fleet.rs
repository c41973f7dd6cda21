//! The fleet map: the latest fix of every device, of a user's devices
//! (`?user=`) or of a group's (`?group=`), fetched a few at a time with
//! progress, drawn clustered and coloured by age, and listed below.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::walk::{self, Progress};
use crate::api::{self, use_api, Api, ApiError};
use crate::clock::{local_time, now};
use crate::components::map::{FleetMap, FleetPoint};
use crate::components::status::{errors_text, EmptyState, ErrorPanel, PageProgress};
use crate::model::{format_age, Device, Fix, Freshness, Track};
use crate::paths;

#[derive(Clone, Debug, PartialEq)]
enum Scope {
    All,
    Group(String),
    User(String),
}

#[derive(Clone)]
struct FleetRow {
    device: Device,
    fix: Option<Fix>,
    freshness: Freshness,
}

struct Fleet {
    title: String,
    /// The group or user page the view is scoped to, if any.
    scope_link: Option<(String, String)>,
    rows: Vec<FleetRow>,
}

async fn devices_in_scope(
    api: &Api,
    scope: &Scope,
    progress: RwSignal<Progress>,
    stage: RwSignal<&'static str>,
) -> Result<(String, Option<(String, String)>, Vec<Device>), ApiError> {
    let report = move |p| progress.set(p);
    Ok(match scope {
        Scope::All => {
            stage.set("Loading devices");
            (
                "All devices".into(),
                None,
                api::devices::all(api, report).await?,
            )
        }
        Scope::User(id) => {
            let user = api::users::get(api, id).await?;
            stage.set("Loading the user's devices");
            let devices = api::devices::all_of_user(api, id, report).await?;
            let name = user.display_name();
            (
                format!("Devices of {name}"),
                Some((name, paths::user(id))),
                devices,
            )
        }
        Scope::Group(id) => {
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
                Some((group.name.clone(), paths::group(id))),
                per_user.into_iter().flatten().collect(),
            )
        }
    })
}

#[component]
pub fn FleetMapPage() -> impl IntoView {
    let api = use_api();
    let query = use_query_map();
    let scope = Memo::new(move |_| {
        query.with(|q| match (q.get("group"), q.get("user")) {
            (Some(g), _) if !g.is_empty() => Scope::Group(g),
            (_, Some(u)) if !u.is_empty() => Scope::User(u),
            _ => Scope::All,
        })
    });
    let progress = RwSignal::new(Progress::default());
    let stage = RwSignal::new("Loading devices");
    let fleet = LocalResource::new({
        let api = api.clone();
        move || {
            let (api, scope) = (api.clone(), scope.get());
            async move {
                progress.set(Progress::default());
                let (title, scope_link, devices) =
                    devices_in_scope(&api, &scope, progress, stage).await?;
                stage.set("Loading latest fixes");
                let latest = walk::each(
                    devices.clone(),
                    |d| {
                        let api = api.clone();
                        async move { api::locations::latest(&api, &d.id).await }
                    },
                    move |p| progress.set(p),
                )
                .await?;
                let at = now();
                let mut rows: Vec<FleetRow> = devices
                    .into_iter()
                    .zip(latest)
                    .map(|(device, location)| {
                        let fix = location.and_then(|l| Track::from_locations(vec![l]).fixes.pop());
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
                Ok::<_, ApiError>(send_wrapper::SendWrapper::new(std::rc::Rc::new(Fleet {
                    title,
                    scope_link,
                    rows,
                })))
            }
        }
    });
    let retry = Callback::new(move |_| fleet.refetch());
    let cancel = Callback::new(move |_| api.abort_all());
    view! {
        <div class="page-head"><h1>"Fleet map"</h1></div>
        <Transition fallback=move || view! {
            <PageProgress label=Signal::derive(move || stage.get().to_string()) progress=progress.into() on_cancel=cancel/>
        }>
            <ErrorBoundary fallback=move |errors| view! {
                <ErrorPanel message=errors_text(&errors.read()) on_retry=retry/>
            }>
                {move || Suspend::new(async move {
                    fleet.await.map(|fleet| view! { <FleetView fleet=fleet.take()/> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn FleetView(fleet: std::rc::Rc<Fleet>) -> impl IntoView {
    let points: Vec<FleetPoint> = fleet
        .rows
        .iter()
        .filter_map(|r| {
            r.fix.clone().map(|fix| FleetPoint {
                name: r.device.display_name(),
                href: paths::device(&r.device.id),
                fix,
                freshness: r.freshness,
            })
        })
        .collect();
    let counts =
        Freshness::ALL.map(|f| (f, fleet.rows.iter().filter(|r| r.freshness == f).count()));
    let scope_line = match &fleet.scope_link {
        Some((name, href)) => view! {
            <p class="scope-line">{fleet.title.clone()} " · "
                <a href=href.clone()>{format!("Open {name}")}</a> " · "
                <a href=paths::fleet_map(None)>"Show all devices"</a></p>
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
    let rows = fleet.rows.clone();
    view! {
        {scope_line}
        <ul class="legend" aria-label="Age of the latest fix">
            {counts.into_iter().map(|(f, n)| view! {
                <li><span class=format!("swatch swatch-{}", f.key()) aria-hidden="true"></span>
                    {format!("{}: {n}", f.label())}</li>
            }).collect_view()}
        </ul>
        <FleetMap points=Signal::stored(points) label="Fleet map"/>
        <FleetTable rows=rows/>
    }
    .into_any()
}

const SHOWN_STEP: usize = 100;

#[component]
fn FleetTable(rows: Vec<FleetRow>) -> impl IntoView {
    let total = rows.len();
    let shown = RwSignal::new(SHOWN_STEP.min(total));
    let at = now();
    view! {
        <section class="fleet-table" aria-labelledby="fleet-devices">
            <h2 id="fleet-devices">"Devices by latest fix"</h2>
            <div class="table-wrap">
                <table class="data-table">
                    <caption class="visually-hidden">"Devices by latest fix, newest first"</caption>
                    <thead><tr>
                        <th scope="col" class="plain">"Device"</th>
                        <th scope="col" class="plain">"Latest fix"</th>
                        <th scope="col" class="plain">"Position"</th>
                    </tr></thead>
                    <tbody>
                        {move || rows.iter().take(shown.get()).map(|r| {
                            let (age, title, position) = match &r.fix {
                                Some(f) => (format_age(at, f.time), local_time(f.time),
                                    format!("{:.5}, {:.5}", f.position.lat, f.position.lng)),
                                None => ("No fix".to_string(), String::new(), String::new()),
                            };
                            view! {
                                <tr>
                                    <td><a href=paths::device(&r.device.id)>{r.device.display_name()}</a></td>
                                    <td title=title><span class=format!("dot dot-{}", r.freshness.key()) aria-hidden="true"></span>{age}</td>
                                    <td>{position}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="pager">
                <span>{move || format!("Showing {} of {total}", shown.get())}</span>
                <Show when=move || { shown.get() < total }>
                    <button type="button" on:click=move |_| shown.update(|n| *n = (*n + SHOWN_STEP).min(total))>
                        "Show more"
                    </button>
                </Show>
            </p>
        </section>
    }
}
