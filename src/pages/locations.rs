//! A device's locations: every fix fetched (a few pages at a time, with
//! progress), filtered by a time range from the query string, drawn on the
//! map, replayed, listed in a table linked both ways with the map, exported.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::columns::TrackFix;
use super::trips::{DaysTable, PartsTable, Shared, SpeedChart, StopRulesForm, TripTotals};
use super::use_id_param;
use crate::api::walk::Progress;
use crate::api::{self, use_api, ApiError};
use crate::clock::{exact_time, now, prepare_local_time};
use crate::components::data_table::{closest_with, mark_picked_row, Listed};
use crate::components::download::download;
use crate::components::map::{preload_leaflet, TrackMap};
use crate::components::page_head::{Breadcrumbs, PageHead};
use crate::components::range_control::{RangeChoice, RangeControl};
use crate::components::rows_table::{Rows, RowsTable};
use crate::components::status::{errors_text, EmptyState, ErrorPanel, PageProgress};
use crate::config::Config;
use crate::export;
use crate::list_query::ListQuery;
use crate::model::area::Area;
use crate::model::trips::{analyse, StopRules};
use crate::model::{format_age, Device, Fix, Group, Skipped, Timestamp, Track, User};
use crate::routes::{self, Route};

/// The view's state from the query string: the time range, the selected
/// `fix`, the stop rules and an `area` to draw (from a who-was-here search).
#[derive(Clone, Debug, PartialEq)]
struct LocationsQuery {
    span: RangeChoice,
    fix: Option<String>,
    rules: StopRules,
    area: Option<Area>,
}

impl LocationsQuery {
    fn parse(get: impl Fn(&str) -> Option<String>) -> Self {
        LocationsQuery {
            span: RangeChoice::parse(&get),
            fix: get("fix").filter(|f| !f.is_empty()),
            rules: StopRules::from_query(&get),
            area: get("area").as_deref().and_then(Area::parse),
        }
    }

    fn to_query(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        self.span.append_to(&mut q);
        for (key, value) in self.rules.query() {
            q.append_pair(key, &value);
        }
        if let Some(area) = &self.area {
            q.append_pair("area", &area.query());
        }
        if let Some(fix) = &self.fix {
            q.append_pair("fix", fix);
        }
        q.finish()
    }
}

/// A device's track between two moments with an area drawn and a fix
/// selected: where a who-was-here result leads.
pub(super) fn track_link(device_id: &str, span: RangeChoice, area: Area, fix: &str) -> String {
    let query = LocationsQuery {
        span,
        fix: Some(fix.to_string()),
        rules: StopRules::default(),
        area: Some(area),
    };
    Route::DeviceLocations(device_id, &query.to_query()).href()
}

struct Loaded {
    device: Device,
    owner: Option<User>,
    group: Option<Group>,
    track: Track,
}

#[component]
pub fn DeviceLocationsPage() -> impl IntoView {
    let api = use_api();
    let id = use_id_param();
    let query = use_query_map();
    let state = Memo::new(move |_| query.with(|q| LocationsQuery::parse(|k| q.get(k))));
    let progress = RwSignal::new(Progress::default());
    // What the view needs besides the fixes is made ready while they load.
    preload_leaflet();
    prepare_local_time();
    let data = LocalResource::new({
        let api = api.clone();
        move || {
            let (api, id) = (api.clone(), id.get());
            async move {
                progress.set(Progress::default());
                let about = async {
                    let device = api::devices::get(&api, &id).await?;
                    let (owner, group) = super::owner_and_group(&api, &device.user_id).await;
                    Ok::<_, ApiError>((device, owner, group))
                };
                // The fixes need not wait for the device, its owner and their
                // group: three round trips one after another.
                let (about, locations) =
                    futures::join!(about, api::locations::all(&api, &id, |p| progress.set(p)));
                let (device, owner, group) = about?;
                let locations = locations?;
                Ok::<_, ApiError>(send_wrapper::SendWrapper::new(std::rc::Rc::new(Loaded {
                    device,
                    owner,
                    group,
                    track: Track::from_locations(locations),
                })))
            }
        }
    });
    let retry = Callback::new(move |_| data.refetch());
    let cancel = Callback::new(move |_| api.abort_all());

    view! {
        <Transition fallback=move || view! {
            <PageProgress label="Loading fixes" loaded=Signal::derive(move || progress.get().loaded)
                total=Signal::derive(move || progress.get().total) on_cancel=cancel/>
        }>
            <ErrorBoundary fallback=move |errors| view! {
                <ErrorPanel message=errors_text(&errors.read()) on_retry=retry/>
            }>
                {move || Suspend::new(async move {
                    data.await.map(|loaded| view! { <LocationsView loaded=loaded.take() state=state/> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn LocationsView(loaded: std::rc::Rc<Loaded>, state: Memo<LocationsQuery>) -> impl IntoView {
    let config = expect_context::<Config>();
    let gap_ms = config.track_gap_ms();
    let go = routes::use_go();
    let device = &loaded.device;
    let name = device.display_name();
    let device_id = device.id.clone();

    // Shared, so a new range filters the track without copying it first.
    let track = std::sync::Arc::new(Track {
        fixes: loaded.track.fixes.clone(),
        skipped: vec![],
    });
    let range = Memo::new(move |_| state.read().span.range);
    let shown = Memo::new(move |_| track.within(range.get().bounds(now())));
    let selected = RwSignal::new(None::<usize>);
    let playing = RwSignal::new(false);

    // The selection follows the URL's `fix` when the view opens or the range
    // changes; after that the URL follows the selection.
    Effect::new(move |_| {
        let wanted = state.with_untracked(|s| s.fix.clone());
        shown.with(|fixes| {
            selected.set(wanted.and_then(|w| fixes.iter().position(|f| f.id == w)));
        });
    });
    let set_query = {
        let (go, device_id) = (go.clone(), device_id.clone());
        move |next: LocationsQuery| {
            go(
                &Route::DeviceLocations(&device_id, &next.to_query()).href(),
                true,
            )
        }
    };
    Effect::new({
        let set_query = set_query.clone();
        move |previous: Option<Option<usize>>| {
            let index = selected.get();
            if previous.is_some() && !playing.get_untracked() {
                let fix =
                    index.and_then(|i| shown.with_untracked(|f| f.get(i).map(|f| f.id.clone())));
                let current = state.get_untracked();
                if current.fix != fix {
                    set_query(LocationsQuery { fix, ..current });
                }
            }
            index
        }
    });

    let device_for_rules = device_id.clone();
    let go_rules = go.clone();
    let on_range = {
        let set_query = set_query.clone();
        Callback::new(move |span: RangeChoice| {
            playing.set(false);
            let next = LocationsQuery {
                span,
                fix: None,
                ..state.get_untracked()
            };
            // A new range: a push, so Back returns to the previous one.
            go(
                &Route::DeviceLocations(&device_id, &next.to_query()).href(),
                false,
            );
            let _ = &set_query;
        })
    };

    let owner = loaded.owner.clone();
    let skipped = loaded.track.skipped.clone();
    let total = loaded.track.fixes.len();
    let latest = loaded.track.fixes.last().map(|f| f.time);
    let trail = super::device_trail(
        owner.as_ref(),
        loaded.group.as_ref(),
        device,
        Some("Locations"),
    );
    let breadcrumbs = view! { <Breadcrumbs trail=trail.clone()/> };
    let head = view! { <PageHead title=format!("Locations of {name}")/> };
    if total == 0 {
        return view! {
            {breadcrumbs}
            {head}
            <SkippedList skipped=skipped/>
            <EmptyState title="No locations yet">
                <p>"This device has not reported a usable location. Fixes appear here once it does."</p>
            </EmptyState>
        }
        .into_any();
    }
    let title = name.clone();
    let rules = Memo::new(move |_| state.read().rules);
    let analysis = Memo::new(move |_| {
        let rules = rules.get();
        // The copy of the shown fixes is part of the work measured.
        let analysis =
            crate::clock::measured("ezmdm:trips", || analyse(shown.get(), &rules, gap_ms));
        Shared(std::sync::Arc::new(analysis))
    });
    let stops = Signal::derive(move || analysis.read().stop_marks());
    let times = Memo::new(move |_| {
        std::sync::Arc::new(shown.read().iter().map(|f| f.time.0).collect::<Vec<_>>())
    });
    let speeds = Memo::new(move |_| {
        let n = shown.read().len();
        std::sync::Arc::new(analysis.read().speeds(n))
    });
    let follow = RwSignal::new(true);
    let on_rules = Callback::new(move |rules: StopRules| {
        let current = state.get_untracked();
        if current.rules != rules {
            // A push, as for a new range: Back returns to the rules before.
            let next = LocationsQuery {
                rules,
                fix: None,
                ..current
            };
            go_rules(
                &Route::DeviceLocations(&device_for_rules, &next.to_query()).href(),
                false,
            );
        }
    });
    view! {
        {breadcrumbs}
        {head}
        <RangeControl value=Signal::derive(move || state.read().span.clone()) on_change=on_range/>
        <p class="track-summary" aria-live="polite">{move || summary(&shown.read(), total, latest)}</p>
        <SkippedList skipped=skipped/>
        <StopRulesForm rules=rules on_change=on_rules/>
        <TripTotals analysis=analysis/>
        <TrackMap fixes=shown.into() title=title.clone() label=format!("Map of {name}'s locations")
            gap_ms=gap_ms selected=selected stops=stops area=state.get_untracked().area
            follow=Signal::derive(move || follow.get() || !playing.get())/>
        <SpeedChart times=times.into() speeds=speeds.into() selected=selected/>
        <Replay times=times.into() selected=selected playing=playing follow=follow gap_ms=gap_ms
            time=Signal::derive(move || selected.get().and_then(|i| shown.read().get(i).map(|f| exact_time(f.time))))/>
        <ExportButtons name=title shown=shown gap_ms=gap_ms analysis=analysis/>
        <PartsTable analysis=analysis selected=selected/>
        <DaysTable analysis=analysis/>
        <FixTable fixes=shown selected=selected/>
    }
    .into_any()
}

fn summary(fixes: &[Fix], total: usize, latest: Option<Timestamp>) -> String {
    match (fixes.first(), fixes.last()) {
        (Some(first), Some(last)) => format!(
            "{} of {total} fixes, {} to {}.",
            fixes.len(),
            exact_time(first.time),
            exact_time(last.time)
        ),
        _ => format!(
            "No fixes in this time range. The latest of {total} is from {}: choose a longer range.",
            latest.map(|t| format_age(now(), t)).unwrap_or_default()
        ),
    }
}

#[component]
fn SkippedList(skipped: Vec<Skipped>) -> impl IntoView {
    (!skipped.is_empty()).then(|| {
        let n = skipped.len();
        view! {
            <details class="skipped">
                <summary>{format!("{n} location{} skipped: not drawn", if n == 1 { "" } else { "s" })}</summary>
                <ul>
                    {skipped.into_iter().map(|s| view! {
                        <li>{format!("{} · {} · {}", s.time.map(exact_time).unwrap_or_else(|| "no time".into()), s.id, s.reason)}</li>
                    }).collect_view()}
                </ul>
            </details>
        }
    })
}

/// How fast a replay runs: 1× is a minute of the track a second.
const REPLAY_SPEEDS: [u32; 4] = [1, 4, 16, 60];
const REPLAY_TICK_MS: u32 = 100;

/// Play, Pause, the position slider, the speed and whether the map follows.
/// The replay moves through the track's time, not fix by fix: a minute of
/// the track a second at 1×; silences longer than the track's gap are
/// skipped.
#[component]
fn Replay(
    times: Signal<std::sync::Arc<Vec<i64>>>,
    selected: RwSignal<Option<usize>>,
    playing: RwSignal<bool>,
    follow: RwSignal<bool>,
    gap_ms: i64,
    time: Signal<Option<String>>,
) -> impl IntoView {
    let count = move || times.with(|t| t.len());
    let speed = RwSignal::new(REPLAY_SPEEDS[0]);
    // The track time the replay has reached.
    let clock = StoredValue::new(0i64);
    let timer = StoredValue::new(None::<IntervalHandle>);
    let stop = move || {
        if let Some(t) = timer.try_update_value(Option::take).flatten() {
            t.clear();
        }
    };
    let tick = move || {
        let step = i64::from(speed.get_untracked()) * 60 * i64::from(REPLAY_TICK_MS);
        let now = clock.get_value() + step;
        let next = times.with_untracked(|t| {
            let at = selected.get_untracked().unwrap_or(0);
            if at + 1 >= t.len() {
                return None;
            }
            // A silence is skipped: the replay jumps to the fix after it.
            let now = if t[at + 1] - t[at] > gap_ms {
                now.max(t[at + 1])
            } else {
                now
            };
            Some((
                now,
                t.partition_point(|&x| x <= now).saturating_sub(1).max(at),
            ))
        });
        match next {
            Some((now, i)) => {
                clock.set_value(now);
                if Some(i) != selected.get_untracked() {
                    selected.set(Some(i));
                }
            }
            None => playing.set(false),
        }
    };
    Effect::new(move |_| {
        stop();
        if !playing.get() {
            return;
        }
        let n = count();
        if selected.get_untracked().is_none_or(|i| i + 1 >= n) {
            selected.set(Some(0));
        }
        let at = selected.get_untracked().unwrap_or(0);
        clock.set_value(times.with_untracked(|t| t.get(at).copied().unwrap_or(0)));
        let handle = set_interval_with_handle(
            tick,
            std::time::Duration::from_millis(u64::from(REPLAY_TICK_MS)),
        )
        .ok();
        timer.set_value(handle);
    });
    // A fix picked while playing (slider, table, map) is where it goes on from.
    Effect::new(move |_| {
        if let Some(i) = selected.get() {
            if playing.get_untracked() {
                let t = times.with_untracked(|t| t.get(i).copied());
                if let Some(t) = t.filter(|&t| t > clock.get_value() || i == 0) {
                    clock.set_value(t);
                }
            }
        }
    });
    on_cleanup(stop);
    view! {
        <div class="replay">
            <button type="button" on:click=move |_| playing.update(|p| *p = !*p)
                disabled=move || count() < 2>
                {move || if playing.get() { "Pause" } else { "Play" }}
            </button>
            <input type="range" aria-label="Replay position" min="0"
                max=move || count().saturating_sub(1).to_string()
                prop:value=move || selected.get().unwrap_or(0).to_string()
                on:input=move |ev| {
                    if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                        selected.set(Some(i));
                        let t = times.with_untracked(|t| t.get(i).copied());
                        clock.set_value(t.unwrap_or(0));
                    }
                }/>
            <span class="replay-time">{move || time.get().unwrap_or_else(|| "Select a fix or press Play".into())}</span>
            <div class="segmented" role="group" aria-label="Replay speed"
                title="1× replays a minute of the track a second">
                {REPLAY_SPEEDS.into_iter().map(|x| view! {
                    <button type="button" aria-pressed=move || (speed.get() == x).to_string()
                        on:click=move |_| speed.set(x)>{format!("{x}×")}</button>
                }).collect_view()}
            </div>
            <label class="follow">
                <input type="checkbox" prop:checked=move || follow.get()
                    on:change=move |ev| follow.set(event_target_checked(&ev))/>
                " Follow on the map"
            </label>
        </div>
    }
}

#[component]
fn ExportButtons(
    name: String,
    shown: Memo<Vec<Fix>>,
    gap_ms: i64,
    analysis: Memo<Shared>,
) -> impl IntoView {
    let stem = export::file_stem(&format!("{name} locations"));
    let trips_stem = export::file_stem(&format!("{name} trips"));
    let save = move |kind: &'static str| {
        let (stem, trips_stem) = (stem.clone(), trips_stem.clone());
        let name = name.clone();
        move |_| {
            let (file, text, mime) = match kind {
                "trips-csv" => analysis.with_untracked(|a| {
                    (
                        format!("{trips_stem}.csv"),
                        export::trips_to_csv(&a.0),
                        "text/csv",
                    )
                }),
                "trips-gpx" => analysis.with_untracked(|a| {
                    (
                        format!("{trips_stem}.gpx"),
                        export::trips_to_gpx(&name, &a.0),
                        "application/gpx+xml",
                    )
                }),
                _ => shown.with_untracked(|fixes| {
                    let (text, mime) = match kind {
                        "geojson" => (export::to_geojson(&name, fixes), "application/geo+json"),
                        "gpx" => (export::to_gpx(&name, fixes, gap_ms), "application/gpx+xml"),
                        _ => (export::track_to_csv(fixes), "text/csv"),
                    };
                    (format!("{stem}.{kind}"), text, mime)
                }),
            };
            download(&file, mime, &text);
        }
    };
    view! {
        <div class="export-buttons" role="group" aria-label="Export the shown fixes">
            <span>"Export:"</span>
            <button type="button" on:click=save("geojson")>"GeoJSON"</button>
            <button type="button" on:click=save("gpx")>"GPX"</button>
            <button type="button" on:click=save("csv")>"CSV"</button>
        </div>
        <div class="export-buttons" role="group" aria-label="Export the trips and stops">
            <span>"Trips and stops:"</span>
            <button type="button" on:click=save("trips-csv")>"Trips CSV"</button>
            <button type="button" on:click=save("trips-gpx")>"Trips GPX"</button>
        </div>
    }
}

/// The shown fixes, newest first, 50 a page; the selected fix's page opens
/// when the selection changes on the map or the replay. Arrow keys move the
/// selection, Escape clears it.
#[component]
fn FixTable(fixes: Memo<Vec<Fix>>, selected: RwSignal<Option<usize>>) -> impl IntoView {
    let state = RwSignal::new(ListQuery {
        limit: 50,
        ..Default::default()
    });
    let count = move || fixes.read().len();
    // Row `r` (newest first) shows fix `count - 1 - r`.
    Effect::new(move |_| {
        if let Some(i) = selected.get() {
            let row = count().saturating_sub(1 + i) as u32;
            let page = row / state.with_untracked(|s| s.limit) + 1;
            if state.with_untracked(|s| s.page) != page {
                state.update(|s| s.page = page);
            }
        }
    });
    Effect::new(move |_| {
        fixes.with(|_| ());
        state.update(|s| s.page = 1);
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = count();
        let step: isize = match ev.key().as_str() {
            "ArrowDown" => -1,
            "ArrowUp" => 1,
            "Escape" => return selected.set(None),
            _ => return,
        };
        ev.prevent_default();
        let next = selected
            .get_untracked()
            .map_or(n.saturating_sub(1) as isize, |i| i as isize + step);
        if (0..n as isize).contains(&next) {
            selected.set(Some(next as usize));
            focus_fix_button(next as usize);
        }
    };
    // A click on a fix's time picks it; the picked row is marked whenever
    // the selection or the rows change (map, replay, keys, another page).
    let on_click = move |ev: web_sys::MouseEvent| {
        let picked = closest_with(&ev, "data-pick").and_then(|b| b.get_attribute("data-pick"));
        if let Some(i) = picked.and_then(|key| key.parse().ok()) {
            selected.set(Some(i));
        }
    };
    let section = NodeRef::<leptos::html::Section>::new();
    Effect::new(move |_| {
        let (Some(section), picked) = (section.get(), selected.get()) else {
            return;
        };
        state.with(|_| ());
        fixes.with(|_| ());
        mark_picked_row(section.into(), picked.map(|i| i.to_string()));
    });
    view! {
        <section class="fix-table" aria-labelledby="fixes-heading" node_ref=section
            on:keydown=on_key on:click=on_click>
            <h2 id="fixes-heading">"Fixes"</h2>
            {move || {
                let rows = fixes.with(|fixes| {
                    fixes
                        .iter()
                        .enumerate()
                        .rev()
                        .map(|(index, fix)| TrackFix { index, fix: fix.clone() }.row())
                        .collect::<Vec<_>>()
                });
                view! {
                    <RowsTable caption="Fixes, newest first. Select one to show it on the map; arrow keys move, Escape clears."
                        noun="fixes" columns=TrackFix::headers() rows=Rows::All(std::sync::Arc::new(rows)) state=state
                        on_state=Callback::new(move |(next, _)| state.set(next)) pickable=true/>
                }
            }}
        </section>
    }
}

fn focus_fix_button(i: usize) {
    use wasm_bindgen::JsCast;
    // After the row's page has rendered.
    request_animation_frame(move || {
        if let Some(el) = document()
            .query_selector(&format!(".fix-table [data-pick=\"{i}\"]"))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}
