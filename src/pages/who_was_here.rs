//! Who was here: the devices whose tracks entered an area during a time
//! range. The API filters fixes by neither place nor time, so every track in
//! scope is read whole: first each device's first page, which says how long
//! its track is, then (once the admin agrees to the count) the other pages,
//! a few requests at a time, with the results filling in as devices finish.
//!
//! The area, range, scope and minimum stay are in the URL; the search is
//! started by hand and its results live as long as the page.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::columns::{rows_csv, FoundRow};
use super::fleet::{devices_in_scope, FleetScope};
use super::locations::track_link;
use crate::api::walk::{self, ListRead, Progress};
use crate::api::{self, use_api, Api, ApiError, ListPage, Paging};
use crate::clock::{exact_time, now};
use crate::components::data_table::Listed;
use crate::components::download::download;
use crate::components::map::{AreaMap, Shape, StopMark};
use crate::components::page_head::PageHead;
use crate::components::range_control::{RangeChoice, RangeControl};
use crate::components::rows_table::{Rows, RowsTable};
use crate::components::status::{ErrorPanel, PageProgress};
use crate::config::Config;
use crate::list_query::ListQuery;
use crate::model::area::{visits, Area, Estimate, Presence, Visit};
use crate::model::count::{counted, grouped};
use crate::model::trips::StopRules;
use crate::model::{Device, LatLng, Location, Timestamp, Track};
use crate::routes::{self, Route};

/// The longest minimum stay, in minutes (a day).
const MAX_STAY_MINUTES: u32 = 1_440;
/// How much of the track around a visit its link shows, each side.
const LINK_MARGIN_MS: i64 = 30 * 60_000;

/// The page's state from the query string: `area`, the time range, the
/// scope (`group`, `user`) and the minimum stay in minutes (`stay`).
#[derive(Clone, Debug, PartialEq)]
struct AreaQuery {
    area: Option<Area>,
    span: RangeChoice,
    scope: FleetScope,
    min_stay: u32,
}

impl AreaQuery {
    fn parse(get: impl Fn(&str) -> Option<String>) -> Self {
        AreaQuery {
            area: get("area").as_deref().and_then(Area::parse),
            span: RangeChoice::parse(&get),
            scope: FleetScope::from_query(&get),
            min_stay: get("stay")
                .and_then(|s| s.parse().ok())
                .filter(|m| *m <= MAX_STAY_MINUTES)
                .unwrap_or(0),
        }
    }

    fn to_query(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        if let Some(area) = &self.area {
            q.append_pair("area", &area.query());
        }
        self.span.append_to(&mut q);
        self.scope.append_to(&mut q);
        if self.min_stay > 0 {
            q.append_pair("stay", &self.min_stay.to_string());
        }
        q.finish()
    }

    /// What a search's results depend on (not the minimum stay, which
    /// only filters them).
    fn search_key(&self) -> (Option<Area>, RangeChoice, FleetScope) {
        (self.area, self.span.clone(), self.scope.clone())
    }
}

/// A search counted and waiting to be started, or under way.
struct Plan {
    area: Area,
    bounds: (Option<Timestamp>, Option<Timestamp>),
    /// "All devices", "Devices in Sales".
    title: String,
    devices: Vec<Device>,
    /// Each device's first page, handed to the walk when it starts.
    firsts: RefCell<Vec<ListPage<Location>>>,
    /// Devices whose first page could not be read, and why.
    unreadable: Vec<(String, String)>,
    estimate: Estimate,
}

#[derive(Clone)]
enum Phase {
    Idle,
    Counting,
    Confirm(Rc<Plan>),
    Searching(Rc<Plan>),
    Done { plan: Rc<Plan>, cancelled: bool },
    Failed(String),
}

/// A device the search found inside, with every visit (the minimum stay
/// filters them as shown).
#[derive(Clone, Debug, PartialEq)]
struct Found {
    device: Device,
    visits: Vec<Visit>,
    unread: usize,
}

#[component]
pub fn WhoWasHerePage() -> impl IntoView {
    let api = use_api().scoped();
    let config = expect_context::<Config>();
    let gap_ms = config.track_gap_ms();
    let query = use_query_map();
    let state = Memo::new(move |_| query.with(|q| AreaQuery::parse(|k| q.get(k))));
    let go = routes::use_go();
    let set_query = move |next: AreaQuery, replace: bool| {
        go(&Route::WhoWasHere(&next.to_query()).href(), replace);
    };
    let set_query = StoredValue::new_local(set_query);
    let update = move |f: &dyn Fn(&mut AreaQuery), replace: bool| {
        let mut next = state.get_untracked();
        f(&mut next);
        if next != state.get_untracked() {
            set_query.with_value(|set| set(next, replace));
        }
    };
    let update = StoredValue::new_local(update);

    let phase = RwSignal::new_local(Phase::Idle);
    let progress = RwSignal::new(Progress::default());
    let stage = RwSignal::new("Loading devices");
    let found = RwSignal::new(Vec::<Found>::new());
    let searched = RwSignal::new(0usize);
    let incomplete = RwSignal::new(Vec::<(String, String)>::new());
    let drawing = RwSignal::new(None::<Shape>);

    // A new area, range or scope makes the last search's results moot.
    Effect::new({
        let api = api.clone();
        move |previous: Option<(Option<Area>, RangeChoice, FleetScope)>| {
            let key = state.with(AreaQuery::search_key);
            if previous.is_some_and(|p| p != key) {
                api.abort_all();
                phase.set(Phase::Idle);
                found.set(Vec::new());
                incomplete.set(Vec::new());
            }
            key
        }
    });

    let count = {
        let api = api.clone();
        move || {
            let current = state.get_untracked();
            let Some(area) = current.area else { return };
            phase.set(Phase::Counting);
            progress.set(Progress::default());
            found.set(Vec::new());
            incomplete.set(Vec::new());
            searched.set(0);
            let api = api.clone();
            leptos::task::spawn_local(async move {
                let planned = plan(&api, area, current.span, current.scope, progress, stage).await;
                phase.try_set(match planned {
                    Ok(plan) => Phase::Confirm(Rc::new(plan)),
                    Err(ApiError::Aborted) => Phase::Idle,
                    Err(e) => Phase::Failed(e.to_string()),
                });
            });
        }
    };
    let start = {
        let api = api.clone();
        move |plan: Rc<Plan>| {
            phase.set(Phase::Searching(plan.clone()));
            progress.set(Progress::default());
            let api = api.clone();
            leptos::task::spawn_local(async move {
                let result =
                    search(&api, &plan, gap_ms, found, searched, incomplete, progress).await;
                phase.try_set(Phase::Done {
                    plan,
                    cancelled: result.is_err(),
                });
            });
        }
    };
    let cancel = Callback::new({
        let api = api.clone();
        move |_| {
            api.abort_all();
            // A count not yet confirmed is dropped; a search keeps what it found.
            if matches!(phase.get_untracked(), Phase::Confirm(_)) {
                phase.set(Phase::Idle);
            }
        }
    });

    let rows = Memo::new(move |_| {
        let (min_stay, key) = state.with(|s| (s.min_stay, s.search_key()));
        let Some(area) = key.0 else {
            return Vec::new();
        };
        let mut rows: Vec<FoundRow> = found.with(|found| {
            found
                .iter()
                .filter_map(|f| {
                    let presence = Presence::of(&f.visits, i64::from(min_stay) * 60_000)?;
                    let span = RangeChoice::between(
                        Timestamp(presence.first_entry.0 - LINK_MARGIN_MS),
                        Timestamp(presence.last_exit.0 + LINK_MARGIN_MS),
                    );
                    Some(FoundRow {
                        href: track_link(&f.device.id, span, area, &presence.first_fix),
                        device: f.device.clone(),
                        presence,
                        unread: f.unread,
                    })
                })
                .collect()
        });
        rows.sort_by_key(|r| r.presence.first_entry);
        rows
    });
    let marks = Signal::derive(move || {
        rows.with(|rows| {
            rows.iter()
                .map(|r| StopMark {
                    position: r.presence.first_at,
                    lines: vec![
                        r.device.display_name(),
                        format!("First entry {}", exact_time(r.presence.first_entry)),
                        format!("Inside {}", r.presence.time_inside_text()),
                    ],
                })
                .collect()
        })
    });
    let on_draw = Callback::new(move |area: Area| {
        update.with_value(|u| u(&|q| q.area = Some(area), false));
    });

    view! {
        <PageHead title="Who was here"/>
        <p class="page-intro">
            "The devices that were inside an area during a time range. The API filters fixes by
            neither place nor time, so every track in scope is read whole: the search says how
            many requests that takes before it starts. Fixes less accurate than "
            {format!("{:.0} m", StopRules::default().max_accuracy_m)} " are not counted."
        </p>
        <div class="area-search">
            <div class="area-controls">
                <AreaFields area=Signal::derive(move || state.read().area) drawing=drawing
                    on_change=on_draw/>
                <RangeControl value=Signal::derive(move || state.read().span.clone())
                    on_change=Callback::new(move |span: RangeChoice| {
                        update.with_value(|u| u(&|q| q.span = span.clone(), false))
                    })/>
                <ScopeControl scope=Signal::derive(move || state.read().scope.clone())
                    on_change=Callback::new(move |scope: FleetScope| {
                        update.with_value(|u| u(&|q| q.scope = scope.clone(), false))
                    })/>
            </div>
            <AreaMap area=Signal::derive(move || state.read().area) drawing=drawing on_draw=on_draw
                found=marks label="Map of the area"/>
        </div>
        <section class="area-run" aria-labelledby="area-run-head">
            <h2 id="area-run-head">"Search"</h2>
            {move || {
                let has_area = state.read().area.is_some();
                match phase.get() {
                    Phase::Idle | Phase::Done { .. } | Phase::Failed(_) => {
                        let count = count.clone();
                        Some(view! {
                            <button type="button" class="primary" disabled=!has_area
                                on:click=move |_| count()>"Find devices"</button>
                            {(!has_area).then(|| view! {
                                <p class="hint">"Draw an area on the map, or enter one, to search it."</p>
                            })}
                        }.into_any())
                    }
                    _ => None,
                }
            }}
            {move || match phase.get() {
                Phase::Counting => view! {
                    <PageProgress label=Signal::derive(move || stage.get().to_string())
                        loaded=Signal::derive(move || progress.get().loaded)
                        total=Signal::derive(move || progress.get().total) on_cancel=cancel/>
                }.into_any(),
                Phase::Confirm(plan) => {
                    let start = start.clone();
                    view! { <ConfirmSearch plan=plan on_start=Callback::new(start) on_cancel=cancel/> }.into_any()
                }
                Phase::Searching(plan) => {
                    let devices = plan.devices.len();
                    view! {
                    <PageProgress label="Reading tracks (requests)"
                        loaded=Signal::derive(move || progress.get().loaded)
                        total=Signal::derive(move || progress.get().total) on_cancel=cancel/>
                    <p class="search-count" aria-live="polite">{move || format!(
                        "{} of {} devices searched, {} found inside so far.",
                        searched.get(), devices, found.with(Vec::len)
                    )}</p>
                }.into_any()
                }
                Phase::Done { plan, cancelled } => view! {
                    <SearchOutcome plan=plan cancelled=cancelled searched=searched.get()
                        found=rows.with(Vec::len) incomplete=incomplete.get()/>
                }.into_any(),
                Phase::Failed(message) => view! {
                    <ErrorPanel message=format!("The devices could not be counted: {message}")/>
                }.into_any(),
                Phase::Idle => ().into_any(),
            }}
        </section>
        {move || {
            let shown = matches!(phase.get(), Phase::Searching(_) | Phase::Done { .. });
            shown.then(|| view! {
                <FoundTable rows=rows min_stay=Signal::derive(move || state.read().min_stay)
                    on_min_stay=Callback::new(move |m: u32| update.with_value(|u| u(&|q| q.min_stay = m, true)))/>
            })
        }}
    }
}

/// Resolves the scope to devices and reads each one's first page, which
/// says how many fixes it has: what the search will cost.
async fn plan(
    api: &Api,
    area: Area,
    span: RangeChoice,
    scope: FleetScope,
    progress: RwSignal<Progress>,
    stage: RwSignal<&'static str>,
) -> Result<Plan, ApiError> {
    let (title, _, devices) = devices_in_scope(api, &scope, progress, stage).await?;
    stage.set("Counting each device's fixes");
    progress.set(Progress::default());
    let answers = walk::each(
        devices.iter().map(|d| d.id.clone()).collect(),
        |id: String| {
            let api = api.clone();
            async move {
                match api::locations::list(&api, &id, Paging::new(1, Paging::MAX_LIMIT)).await {
                    Err(ApiError::Aborted) => Err(ApiError::Aborted),
                    answer => Ok(answer),
                }
            }
        },
        |p| progress.set(p),
    )
    .await?;
    let mut readable = Vec::new();
    let mut firsts = Vec::new();
    let mut unreadable = Vec::new();
    for (device, answer) in devices.into_iter().zip(answers) {
        match answer {
            Ok(first) => {
                readable.push(device);
                firsts.push(first);
            }
            Err(e) => unreadable.push((device.display_name(), e.to_string())),
        }
    }
    let totals: Vec<u64> = firsts.iter().map(|f| f.total).collect();
    let made = (readable.len() + unreadable.len()) as u64;
    Ok(Plan {
        area,
        bounds: span.range.bounds(now()),
        title,
        devices: readable,
        firsts: RefCell::new(firsts),
        unreadable,
        estimate: Estimate::new(&totals, Paging::MAX_LIMIT, made),
    })
}

/// Reads the other pages of every track, and hands each device's visits to
/// `found` as its track is in. `Err` when cancelled (what was found stays).
async fn search(
    api: &Api,
    plan: &Plan,
    gap_ms: i64,
    found: RwSignal<Vec<Found>>,
    searched: RwSignal<usize>,
    incomplete: RwSignal<Vec<(String, String)>>,
    progress: RwSignal<Progress>,
) -> Result<(), ApiError> {
    let firsts = plan.firsts.take();
    let max_accuracy = StopRules::default().max_accuracy_m;
    walk::rest_of_each(
        firsts,
        |i, paging| {
            let (api, id) = (api.clone(), plan.devices[i].id.clone());
            async move { api::locations::list(&api, &id, paging).await }
        },
        |i, read: ListRead<Location>| {
            let device = &plan.devices[i];
            let track = Track::from_locations(read.items);
            let fixes = track.within(plan.bounds);
            let inside = visits(&fixes, &plan.area, max_accuracy, gap_ms);
            if let Some((_, e)) = read.failed.first() {
                let n = read.failed.len();
                incomplete.try_update(|list| {
                    list.push((
                        device.display_name(),
                        format!(
                            "{n} page{} of its track could not be read ({e})",
                            if n == 1 { "" } else { "s" }
                        ),
                    ))
                });
            }
            if !inside.is_empty() {
                found.try_update(|list| {
                    list.push(Found {
                        device: device.clone(),
                        visits: inside,
                        unread: read.failed.len(),
                    })
                });
                walk::let_paint();
            }
            searched.try_update(|n| *n += 1);
        },
        |p| {
            progress.try_set(p);
        },
    )
    .await
}

/// What the search will cost, and the choice to start it.
#[component]
fn ConfirmSearch(
    plan: Rc<Plan>,
    on_start: Callback<Rc<Plan>>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let e = plan.estimate;
    let summary = format!(
        "{}: {} with {} in all. Reading their tracks takes {} more {} (up to {} fixes each); the {} first pages are read.",
        plan.title,
        counted(e.devices, "device", "devices"),
        counted(e.fixes, "fix", "fixes"),
        grouped(e.remaining),
        if e.remaining == 1 { "request" } else { "requests" },
        Paging::MAX_LIMIT,
        grouped(e.made),
    );
    let unreadable = plan.unreadable.clone();
    let start = plan.clone();
    let label = format!(
        "Start the search ({})",
        counted(e.remaining, "request", "requests")
    );
    view! {
        <div class="confirm-search" role="group" aria-label="Start the search?">
            <p>{summary}</p>
            {(!unreadable.is_empty()).then(|| view! { <UnreadList items=unreadable
                heading="Devices whose track could not be read: they will not be searched"/> })}
            <button type="button" class="primary" on:click=move |_| on_start.run(start.clone())>{label}</button>
            <button type="button" on:click=move |_| on_cancel.run(())>"Cancel"</button>
        </div>
    }
}

/// How the search ended: in full, cancelled, or with tracks not read.
#[component]
fn SearchOutcome(
    plan: Rc<Plan>,
    cancelled: bool,
    searched: usize,
    found: usize,
    incomplete: Vec<(String, String)>,
) -> impl IntoView {
    let total = plan.devices.len();
    let range = match plan.bounds {
        (Some(from), Some(to)) => format!("from {} to {}", exact_time(from), exact_time(to)),
        (Some(from), None) => format!("since {}", exact_time(from)),
        (None, Some(to)) => format!("until {}", exact_time(to)),
        (None, None) => "at any time".into(),
    };
    let line = if cancelled {
        format!(
            "Cancelled after {searched} of {total} devices: the results are partial ({found} found inside so far)."
        )
    } else {
        format!(
            "Searched {}: {} inside {} {range}.",
            counted(total as u64, "device", "devices"),
            counted(found as u64, "was", "were"),
            plan.area.describe()
        )
    };
    let partial = cancelled || !incomplete.is_empty() || !plan.unreadable.is_empty();
    let mut unread = plan.unreadable.clone();
    unread.extend(incomplete);
    view! {
        <p class=if partial { "search-outcome partial" } else { "search-outcome" } role="status">{line}</p>
        {(!unread.is_empty()).then(|| view! { <UnreadList items=unread
            heading="Not searched in full: results for these devices may be missing"/> })}
    }
}

#[component]
fn UnreadList(items: Vec<(String, String)>, heading: &'static str) -> impl IntoView {
    let n = items.len();
    view! {
        <details class="unread" open=true>
            <summary>{format!("{heading} ({n})")}</summary>
            <ul>
                {items.into_iter().map(|(name, why)| view! { <li>{name} ": " {why}</li> }).collect_view()}
            </ul>
        </details>
    }
}

/// The devices found, by first entry, with the minimum stay that filters
/// out those that only passed through; and the CSV.
#[component]
fn FoundTable(
    rows: Memo<Vec<FoundRow>>,
    min_stay: Signal<u32>,
    on_min_stay: Callback<u32>,
) -> impl IntoView {
    let typed = RwSignal::new(min_stay.get_untracked().to_string());
    let error = RwSignal::new(None::<String>);
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        typed.set(text.clone());
        match text.trim().parse::<u32>() {
            Ok(m) if m <= MAX_STAY_MINUTES => {
                error.set(None);
                on_min_stay.run(m);
            }
            _ if text.trim().is_empty() => {
                error.set(None);
                on_min_stay.run(0);
            }
            _ => error.set(Some(format!(
                "Enter whole minutes from 0 to {MAX_STAY_MINUTES}."
            ))),
        }
    };
    let state = RwSignal::new(ListQuery {
        limit: 100,
        ..Default::default()
    });
    let save = move |_| {
        rows.with_untracked(|rows| {
            download("who-was-here.csv", "text/csv", &rows_csv(rows));
        })
    };
    view! {
        <section class="found" aria-labelledby="found-head">
            <h2 id="found-head">"Devices inside"</h2>
            <div class="found-tools">
                <label>"Minimum stay (minutes) "
                    <input type="number" min="0" max=MAX_STAY_MINUTES.to_string() step="1"
                        inputmode="numeric" prop:value=typed on:input=on_input
                        aria-invalid=move || error.read().is_some().to_string()
                        aria-describedby="min-stay-help"/>
                </label>
                <span id="min-stay-help" class="hint">"Visits shorter than this are not counted: a device that drove through drops out."</span>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <button type="button" on:click=save disabled=move || rows.with(Vec::is_empty)>"Export CSV"</button>
            </div>
            {move || {
                let listed = std::sync::Arc::new(rows.with(|r| r.iter().map(Listed::row).collect::<Vec<_>>()));
                view! {
                    <RowsTable caption="Devices inside the area, by first entry" noun="devices"
                        columns=FoundRow::headers() rows=Rows::All(listed) state=state
                        on_state=Callback::new(move |(next, _)| state.set(next)) sortable=true
                        empty_hint="None so far."/>
                }
            }}
        </section>
    }
}

/// The area as numbers: a circle's centre and radius, or a rectangle's
/// corners; filled in when one is drawn, and applied when submitted. The
/// buttons above draw one on the map instead.
#[component]
fn AreaFields(
    area: Signal<Option<Area>>,
    drawing: RwSignal<Option<Shape>>,
    on_change: Callback<Area>,
) -> impl IntoView {
    let shape = RwSignal::new(match area.get_untracked() {
        Some(Area::Rect { .. }) => Shape::Rect,
        _ => Shape::Circle,
    });
    // Circle: latitude, longitude, radius; rectangle: south, west, north, east.
    let fields: [RwSignal<String>; 4] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let error = RwSignal::new(None::<String>);
    let fill = move |area: Option<Area>| {
        let text = crate::model::area::degrees;
        match area {
            Some(Area::Circle { centre, radius_m }) => {
                shape.set(Shape::Circle);
                fields[0].set(text(centre.lat));
                fields[1].set(text(centre.lng));
                fields[2].set(format!("{radius_m:.0}"));
            }
            Some(Area::Rect {
                south_west,
                north_east,
            }) => {
                shape.set(Shape::Rect);
                fields[0].set(text(south_west.lat));
                fields[1].set(text(south_west.lng));
                fields[2].set(text(north_east.lat));
                fields[3].set(text(north_east.lng));
            }
            None => {}
        }
    };
    Effect::new(move |_| {
        fill(area.get());
        error.set(None);
    });
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let numbers: Vec<Option<f64>> = fields
            .iter()
            .map(|f| {
                f.get_untracked()
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
            })
            .collect();
        let result = match (shape.get_untracked(), numbers.as_slice()) {
            (Shape::Circle, [Some(lat), Some(lng), Some(r), _]) => Area::circle(
                LatLng {
                    lat: *lat,
                    lng: *lng,
                },
                *r,
            ),
            (Shape::Rect, [Some(s), Some(w), Some(n), Some(e)]) => {
                Area::rect(LatLng { lat: *s, lng: *w }, LatLng { lat: *n, lng: *e })
            }
            _ => {
                Err("Fill in every number (degrees as 51.5 or -0.12; the radius in metres).".into())
            }
        };
        match result {
            Ok(a) => {
                error.set(None);
                on_change.run(a);
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let input = move |i: usize, label: &'static str| {
        view! {
            <label>{label} " "
                <input type="text" inputmode="decimal" prop:value=fields[i]
                    on:input=move |ev| fields[i].set(event_target_value(&ev))
                    aria-invalid=move || error.read().is_some().to_string()/>
            </label>
        }
    };
    let draw_button = move |s: Shape, text: &'static str| {
        view! {
            <button type="button" aria-pressed=move || (drawing.get() == Some(s)).to_string()
                on:click=move |_| drawing.set(if drawing.get_untracked() == Some(s) { None } else { Some(s) })>{text}</button>
        }
    };
    view! {
        <fieldset class="area-fields">
            <legend>"Area"</legend>
            <div class="segmented" role="group" aria-label="Draw on the map">
                {draw_button(Shape::Circle, "Draw a circle")}
                {draw_button(Shape::Rect, "Draw a rectangle")}
            </div>
            <form on:submit=apply novalidate>
                <div class="segmented" role="radiogroup" aria-label="Shape">
                    <label><input type="radio" name="area-shape" prop:checked=move || shape.get() == Shape::Circle
                        on:change=move |_| shape.set(Shape::Circle)/>" Circle"</label>
                    <label><input type="radio" name="area-shape" prop:checked=move || shape.get() == Shape::Rect
                        on:change=move |_| shape.set(Shape::Rect)/>" Rectangle"</label>
                </div>
                {move || match shape.get() {
                    Shape::Circle => view! {
                        {input(0, "Centre latitude")}
                        {input(1, "Centre longitude")}
                        {input(2, "Radius (m)")}
                    }.into_any(),
                    Shape::Rect => view! {
                        {input(0, "South")}
                        {input(1, "West")}
                        {input(2, "North")}
                        {input(3, "East")}
                    }.into_any(),
                }}
                <button type="submit">"Use this area"</button>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            </form>
        </fieldset>
    }
}

/// All devices, a group's or a user's: the fleet map's scopes.
#[component]
fn ScopeControl(scope: Signal<FleetScope>, on_change: Callback<FleetScope>) -> impl IntoView {
    #[derive(Clone, Copy, PartialEq)]
    enum Kind {
        All,
        Group,
        User,
    }
    let kind_of = |s: &FleetScope| match s {
        FleetScope::All => Kind::All,
        FleetScope::Group(_) => Kind::Group,
        FleetScope::User(_) => Kind::User,
    };
    let kind = RwSignal::new(scope.with_untracked(kind_of));
    let group = RwSignal::new(match scope.get_untracked() {
        FleetScope::Group(id) => id,
        _ => String::new(),
    });
    let user = RwSignal::new(match scope.get_untracked() {
        FleetScope::User(id) => id,
        _ => String::new(),
    });
    // A choice made in a picker is the scope; All needs none.
    Effect::new(move |_| {
        let next = match kind.get() {
            Kind::All => Some(FleetScope::All),
            Kind::Group => Some(group.get())
                .filter(|g| !g.is_empty())
                .map(FleetScope::Group),
            Kind::User => Some(user.get())
                .filter(|u| !u.is_empty())
                .map(FleetScope::User),
        };
        if let Some(next) = next {
            if next != scope.get_untracked() {
                on_change.run(next);
            }
        }
    });
    let radio = move |k: Kind, text: &'static str| {
        view! {
            <label><input type="radio" name="area-scope" prop:checked=move || kind.get() == k
                on:change=move |_| kind.set(k)/>" " {text}</label>
        }
    };
    view! {
        <fieldset class="scope-control">
            <legend>"Devices to search"</legend>
            {radio(Kind::All, "All devices")}
            {radio(Kind::Group, "A group's")}
            {radio(Kind::User, "A user's")}
            {move || match kind.get() {
                Kind::Group => Some(view! { <super::GroupFilterPicker id="area-group" label="Group" selected=group/> }.into_any()),
                Kind::User => Some(view! { <super::UserFilterPicker id="area-user" label="User" selected=user/> }.into_any()),
                Kind::All => None,
            }}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_round_trips() {
        let q = AreaQuery::parse(|k| {
            match k {
                "area" => Some("c:51.5,-0.12,500"),
                "group" => Some("g1"),
                "stay" => Some("15"),
                "range" => Some("30d"),
                _ => None,
            }
            .map(String::from)
        });
        assert_eq!(q.scope, FleetScope::Group("g1".into()));
        assert_eq!(q.min_stay, 15);
        assert_eq!(
            q.to_query(),
            "area=c%3A51.5%2C-0.12%2C500&range=30d&group=g1&stay=15"
        );
        let none = AreaQuery::parse(|k| (k == "stay").then(|| "99999".to_string()));
        assert_eq!((none.area, none.min_stay), (None, 0));
    }
}
