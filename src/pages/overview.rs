//! The signed-in home: what the fleet is made of and how fresh it is,
//! counted in the browser from every page of devices, users and groups (the
//! API has no count endpoint), filling in as the pages arrive. Every bar and
//! figure links to the Devices list filtered to what it counts.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::walked::{WalkState, WalkedList};
use crate::api::{self, use_api};
use crate::clock::now;
use crate::components::chart::{grouped, Bar, BarChart};
use crate::components::page_head::PageHead;
use crate::list_query::ListQuery;
use crate::model::{
    format_age, Device, DeviceFilter, FleetCounts, Group, Overview, Seen, Span, Tally, Timestamp,
    User, VersionOp,
};
use crate::routes::{self, Route};

/// How often the charts catch up with the pages read so far.
const DRAW_EVERY_MS: f64 = 500.0;
/// Platforms whose OS versions get a chart of their own.
const VERSION_CHARTS: usize = 4;
/// Groups shown on their own; the rest are counted together.
const TOP_GROUPS: usize = 12;
/// "Not seen for N days" when the URL does not say.
const STALE_DAYS: u32 = 7;

/// The Devices list filtered by `filter`.
pub(super) fn devices_where(filter: &DeviceFilter) -> String {
    format!("{}{}", Route::Devices.href(), filter_query(filter))
}

/// `?platform=iOS&checkin=not-within-7d`.
fn filter_query(filter: &DeviceFilter) -> String {
    ListQuery::default()
        .with_filters(ListQuery::device_filters(filter))
        .to_query_string()
}

/// "Unknown" for a missing value, the value otherwise.
fn shown(value: &str, missing: &str) -> String {
    if value.trim().is_empty() {
        missing.to_string()
    } else {
        value.to_string()
    }
}

/// A bar a tally, each linked to the devices it counts.
fn tally_bars(
    tallies: &[Tally],
    missing: &str,
    filter: impl Fn(&Tally) -> DeviceFilter,
) -> Vec<Bar> {
    tally_bars_to(tallies, missing, filter, devices_where)
}

fn tally_bars_to(
    tallies: &[Tally],
    missing: &str,
    filter: impl Fn(&Tally) -> DeviceFilter,
    link: fn(&DeviceFilter) -> String,
) -> Vec<Bar> {
    tallies
        .iter()
        .map(|t| Bar {
            label: shown(&t.label, missing),
            count: t.count,
            href: Some(link(&filter(t))),
        })
        .collect()
}

#[component]
pub fn OverviewPage() -> impl IntoView {
    let api = use_api();
    let devices = WalkedList::<Device>::new({
        let api = api.clone();
        move |p| {
            let api = api.clone();
            async move { api::devices::list(&api, p).await }
        }
    });
    let users = WalkedList::<User>::new({
        let api = api.clone();
        move |p| {
            let api = api.clone();
            async move { api::users::list(&api, p).await }
        }
    });
    let groups = WalkedList::<Group>::new({
        let api = api.clone();
        move |p| {
            let api = api.clone();
            async move { api::groups::list(&api, p).await }
        }
    });
    // One list at a time, devices first: they are what the page is about,
    // and three walks at once would crowd the browser's six connections.
    // Groups follow the devices, users the groups, in each round (Refresh
    // starts another).
    let round = RwSignal::new(0u32);
    let groups_round = RwSignal::new(None::<u32>);
    let users_round = RwSignal::new(None::<u32>);
    devices.start();
    Effect::new(move |_| {
        let r = round.get();
        if devices.settled() && groups_round.get_untracked() != Some(r) {
            groups_round.set(Some(r));
            groups.start();
        }
    });
    Effect::new(move |_| {
        let r = round.get();
        if groups_round.get() == Some(r)
            && groups.settled()
            && users_round.get_untracked() != Some(r)
        {
            users_round.set(Some(r));
            users.start();
        }
    });
    let refresh = move |_| {
        for item in [api::item::DEVICE, api::item::USER, api::item::GROUP] {
            api.forget(item);
        }
        round.update(|r| *r += 1);
        devices.start();
    };
    // "Updated 2 min ago" moves on by itself.
    let tick = RwSignal::new(0u32);
    if let Ok(handle) = set_interval_with_handle(
        move || tick.update(|t| *t += 1),
        std::time::Duration::from_secs(30),
    ) {
        on_cleanup(move || handle.clear());
    }

    // The counts, drawn again at most every DRAW_EVERY_MS while pages come
    // in, and once more when the last has.
    // Each device is counted once, as its page arrives; a draw costs the
    // distinct values, not the devices (20,000 counted again at every draw
    // held the main thread for tens of ms).
    let overview = RwSignal::new(Overview::default());
    let drawn_at = StoredValue::new(0.0);
    // (the walk's start, devices counted, the counts)
    let counts = StoredValue::new((0.0, 0usize, FleetCounts::default()));
    Effect::new(move |_| {
        let settled = devices.settled() && users.settled() && groups.settled();
        let at = js_sys::Date::now();
        let started = devices.started.get();
        devices.items.with(|d| {
            counts.update_value(|(walk, counted, counts)| {
                if *walk != started || d.len() < *counted {
                    // Read again from the first page (Refresh).
                    *walk = started;
                    *counted = 0;
                    *counts = FleetCounts::default();
                }
                counts.add(&d[*counted..], now());
                *counted = d.len();
            })
        });
        users.items.with(|_| ());
        groups.items.with(|_| ());
        if !settled && at - drawn_at.get_value() < DRAW_EVERY_MS {
            return;
        }
        drawn_at.set_value(at);
        let counted = users.items.with_untracked(|u| {
            groups
                .items
                .with_untracked(|g| counts.with_value(|(_, _, c)| c.overview(u, g)))
        });
        overview.set(counted);
        // The new counts show before the walk reads on.
        crate::api::walk::let_paint();
    });

    let query = use_query_map();
    let days = Memo::new(move |_| {
        query.with(|q| {
            q.get("days")
                .and_then(|d| d.trim().parse::<u32>().ok())
                .filter(|d| (1..=3650).contains(d))
                .unwrap_or(STALE_DAYS)
        })
    });
    let go = routes::use_go();
    let set_days = move |ev: leptos::ev::Event| {
        if let Ok(d) = event_target_value(&ev).trim().parse::<u32>() {
            if (1..=3650).contains(&d) {
                go(&format!("{}?days={d}", Route::Overview.href()), true);
            }
        }
    };

    let check_in_bars = Signal::derive(move || {
        overview.with(|o| {
            o.check_ins
                .iter()
                .map(|(span, n)| Bar {
                    label: span.label().to_string(),
                    count: *n,
                    href: Some(devices_where(&DeviceFilter {
                        seen: Some(span.filter()),
                        ..Default::default()
                    })),
                })
                .collect()
        })
    });
    let platform_bars = Signal::derive(move || {
        overview.with(|o| {
            tally_bars(&o.platforms, "Unknown", |t| DeviceFilter {
                platform: Some(t.value.clone()),
                ..Default::default()
            })
        })
    });
    let model_bars = Signal::derive(move || {
        overview.with(|o| {
            let mut bars = tally_bars(&o.models, "Unknown", |t| DeviceFilter {
                model: Some(t.value.clone()),
                ..Default::default()
            });
            if o.other_models > 0 {
                bars.push(Bar {
                    label: "Other models".into(),
                    count: o.other_models,
                    href: None,
                });
            }
            bars
        })
    });
    let group_bars = Signal::derive(move || {
        overview.with(|o| {
            let mut bars = tally_bars(
                &o.groups[..o.groups.len().min(TOP_GROUPS)],
                "No group",
                |t| DeviceFilter {
                    group: Some(t.value.clone()),
                    ..Default::default()
                },
            );
            let rest: u64 = o.groups.iter().skip(TOP_GROUPS).map(|t| t.count).sum();
            if rest > 0 {
                bars.push(Bar {
                    label: "Other groups".into(),
                    count: rest,
                    href: None,
                });
            }
            bars
        })
    });
    let version_charts = move || {
        overview.with(|o| {
            o.versions
                .iter()
                .take(VERSION_CHARTS)
                .enumerate()
                .map(|(i, (platform, versions))| {
                    let bars = tally_bars(versions, "Unknown", |t| DeviceFilter {
                        platform: Some(platform.clone()),
                        os: Some((VersionOp::Is, t.value.clone())),
                        ..Default::default()
                    });
                    let ids = ["versions-0", "versions-1", "versions-2", "versions-3"];
                    view! {
                        <BarChart id=ids[i.min(3)] title=format!("{} versions", shown(platform, "Unknown platform"))
                            bars=Signal::stored(bars) empty=Signal::stored(String::new())/>
                    }
                })
                .collect_view()
        })
    };
    let reading = Signal::derive(move || {
        if devices.walking() || devices.items.with(Vec::is_empty) && !devices.settled() {
            "Reading devices…".to_string()
        } else {
            "No devices yet.".to_string()
        }
    });
    let stale = move || {
        let span = Span::Days(days.get());
        let n = devices
            .items
            .with(|d| Overview::not_seen_for(d, now(), span));
        let href = devices_where(&DeviceFilter {
            seen: Some(Seen::NotWithin(span)),
            ..Default::default()
        });
        (n, href)
    };

    view! {
        <PageHead title="Overview">
            <span class="muted updated">{move || {
                tick.with(|_| ());
                updated_line(devices.started.get(), devices.settled())
            }}</span>
            <button type="button" on:click=refresh>"Refresh"</button>
        </PageHead>
        <Totals devices=devices users=users groups=groups/>
        <WalkStatus noun="devices" walk=devices/>
        <WalkStatus noun="users" walk=users/>
        <WalkStatus noun="groups" walk=groups/>
        <section class="stale" aria-labelledby="stale-title">
            <h2 id="stale-title" class="visually-hidden">"Stale devices"</h2>
            <p>
                <label>"Not seen for "
                    <input type="number" min="1" max="3650" class="days" prop:value=move || days.get().to_string()
                        on:change=set_days/>
                    " days: "
                </label>
                {move || {
                    let (n, href) = stale();
                    view! { <a href=href class="figure">{format!("{} devices", grouped(n))}</a> }
                }}
            </p>
            <p>
                <a class="button" href=stale_preset()>"Stale devices"</a>
                " not seen for 7 days, ready for a push (“Please open the app”) or a CSV export."
            </p>
        </section>
        // For the benchmark: how many devices the charts count, and whether
        // every list has been read.
        <div class="charts" data-devices=move || overview.with(|o| o.devices.to_string())
            data-settled=move || (devices.settled() && users.settled() && groups.settled()).to_string()>
            <BarChart id="check-ins" title="Last check-in" bars=check_in_bars empty=reading/>
            <BarChart id="platforms" title="Devices by platform" bars=platform_bars empty=reading/>
            {version_charts}
            <BarChart id="models" title="Devices by model" bars=model_bars empty=reading/>
            <BarChart id="groups" title="Devices by owner's group" bars=group_bars
                empty=Signal::derive(move || if users.settled() { "No devices yet.".to_string() } else { "Reading users…".to_string() })/>
        </div>
    }
}

/// The "Stale devices" list: not seen for 7 days, its bulk push message
/// filled in.
fn stale_preset() -> String {
    let filter = DeviceFilter {
        seen: Some(Seen::NotWithin(Span::Days(STALE_DAYS))),
        ..Default::default()
    };
    format!("{}&message=Please+open+the+app", devices_where(&filter))
}

/// "Updated 2 min ago", or "Reading…" while the first walk runs.
fn updated_line(started: f64, settled: bool) -> String {
    if !settled {
        return "Reading…".into();
    }
    format!("Updated {}", format_age(now(), Timestamp(started as i64)))
}

/// Groups, users and devices: how many the server says there are.
#[component]
fn Totals(
    devices: WalkedList<Device>,
    users: WalkedList<User>,
    groups: WalkedList<Group>,
) -> impl IntoView {
    let figure = |total: u64, known: bool| if known { grouped(total) } else { "…".into() };
    let known =
        |state: WalkState, loaded: u64| loaded > 0 || matches!(state, WalkState::Done { .. });
    view! {
        <dl class="totals">
            <div><dt>"Groups"</dt><dd><a href=Route::Groups.href()>{move || figure(groups.progress.get().total, known(groups.state.get(), groups.progress.get().loaded))}</a></dd></div>
            <div><dt>"Users"</dt><dd><a href=Route::Users.href()>{move || figure(users.progress.get().total, known(users.state.get(), users.progress.get().loaded))}</a></dd></div>
            <div><dt>"Devices"</dt><dd><a href=Route::Devices.href()>{move || figure(devices.progress.get().total, known(devices.state.get(), devices.progress.get().loaded))}</a></dd></div>
        </dl>
        {move || {
            let estimated = [devices.state.get(), users.state.get(), groups.state.get()]
                .contains(&WalkState::Done { estimated: true });
            estimated.then(|| view! {
                <p class="hint">"The server did not say how many there are (or had fewer than it said): the totals are what was read."</p>
            })
        }}
    }
}

/// How a walk goes: "12,300 of 20,000 devices read" with Cancel, then any
/// pages that could not be read, with Retry; or why nothing could be read.
#[component]
fn WalkStatus<T: Send + Sync + 'static>(noun: &'static str, walk: WalkedList<T>) -> impl IntoView {
    move || match walk.state.get() {
        WalkState::Waiting => ().into_any(),
        WalkState::Walking => {
            let p = walk.progress.get();
            let text = if p.total == 0 {
                format!("Reading {noun}…")
            } else {
                format!("{} of {} {noun} read", grouped(p.loaded), grouped(p.total))
            };
            view! {
                <div class="page-progress" role="status">
                    <span class="spinner" aria-hidden="true"></span>
                    <span>{text}</span>
                    <progress aria-label=format!("Reading {noun}") max=p.total.max(1).to_string()
                        value=p.loaded.to_string()></progress>
                    <button type="button" on:click=move |_| walk.cancel()>"Cancel"</button>
                </div>
            }
            .into_any()
        }
        WalkState::Failed(e) => view! {
            <div class="error-panel" role="alert">
                <p>{format!("The {noun} could not be read: {e}")}</p>
                <button type="button" on:click=move |_| walk.start()>"Retry"</button>
            </div>
        }
        .into_any(),
        WalkState::Cancelled => {
            let p = walk.progress.get();
            view! {
                <p class="hint" role="status">
                    {format!("Stopped: {} of {} {noun} read; the counts are of those.", grouped(p.loaded), grouped(p.total))}
                    " "
                    <button type="button" class="link-button" on:click=move |_| walk.start()>"Read them all"</button>
                </p>
            }
            .into_any()
        }
        WalkState::Done { .. } => {
            let failed = walk.failed.get();
            if failed.is_empty() {
                return ().into_any();
            }
            let pages = failed.len();
            view! {
                <div class="error-panel" role="alert">
                    <p>{format!(
                        "{pages} page{} of {noun} could not be read ({}): the counts leave them out.",
                        if pages == 1 { "" } else { "s" },
                        failed[0].1
                    )}</p>
                    <button type="button" on:click=move |_| walk.retry_failed()>"Retry"</button>
                </div>
            }
            .into_any()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CheckIn;

    #[test]
    fn bars_link_to_the_devices_they_count() {
        let tallies = [Tally {
            value: String::new(),
            label: String::new(),
            count: 3,
        }];
        let platform = |t: &Tally| DeviceFilter {
            platform: Some(t.value.clone()),
            ..Default::default()
        };
        let bars = tally_bars_to(&tallies, "Unknown", platform, filter_query);
        assert_eq!(bars[0].label, "Unknown");
        assert_eq!(bars[0].href.as_deref(), Some("?platform="));
        let span = CheckIn::Older.filter();
        assert_eq!(
            filter_query(&DeviceFilter {
                seen: Some(span),
                ..Default::default()
            }),
            "?checkin=not-within-30d"
        );
    }
}
