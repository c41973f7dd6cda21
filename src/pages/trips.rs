//! The locations page's reading of a track: the stop rules (in the URL),
//! totals, the trips and stops table, the per-day summary and the speed
//! chart, all linked with the page's selected fix (an index into the shown
//! fixes; the analysis has its own indices, `Analysis::source` maps them).

use std::sync::Arc;

use leptos::prelude::*;

use super::columns::{TrackDay, TrackPart};
use crate::clock::exact_time;
use crate::components::data_table::{closest_with, mark_picked_row, Listed};
use crate::components::map::StopMark;
use crate::components::rows_table::{Rows, RowsTable};
use crate::list_query::ListQuery;
use crate::model::trips::{
    distance_text, duration_text, number, Analysis, Part, StopRules, SPEED_HELP,
};

/// An analysis shared by the page's parts; equal only to itself, so a memo
/// of it never compares 20,000 fixes.
#[derive(Clone, Default)]
pub(super) struct Shared(pub Arc<Analysis>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Shared {
    /// The shown fix where part `p` begins.
    fn first_fix(&self, p: usize) -> Option<usize> {
        let part = self.0.parts.get(p)?;
        self.0.source.get(part.fixes().0).copied()
    }

    /// The part holding shown fix `i`.
    fn part_at(&self, i: usize) -> Option<usize> {
        self.0.part_of(self.0.analysed(i)?)
    }

    /// The stops as map markers.
    pub fn stop_marks(&self) -> Vec<StopMark> {
        let mut n = 0;
        self.0
            .parts
            .iter()
            .filter_map(|p| match p {
                Part::Stop(s) => {
                    n += 1;
                    Some(StopMark {
                        position: s.centre,
                        lines: vec![
                            format!("Stop {n}"),
                            format!("Arrived {}", exact_time(s.arrival)),
                            format!("Left {}", exact_time(s.departure)),
                            s.reason(),
                        ],
                    })
                }
                _ => None,
            })
            .collect()
    }

    /// km/h at each shown fix (`None` where the analysis has none: the first
    /// fix, after a gap, a fix left out).
    pub fn speeds(&self, shown: usize) -> Vec<Option<f64>> {
        let mut out = vec![None; shown];
        for (a, &s) in self.0.source.iter().enumerate() {
            if let Some(slot) = out.get_mut(s) {
                *slot = self.0.speeds[a];
            }
        }
        out
    }
}

/// R, T and A: typed values stay in the fields until Apply, and a value
/// out of bounds says which bounds instead of being sent.
#[component]
pub(super) fn StopRulesForm(
    #[prop(into)] rules: Signal<StopRules>,
    on_change: Callback<StopRules>,
) -> impl IntoView {
    let typed: [RwSignal<String>; 3] =
        std::array::from_fn(|i| RwSignal::new(number(rules.get_untracked().values()[i])));
    // A new URL (Back, a link) shows its rules.
    Effect::new(move |_| {
        let values = rules.get().values();
        for (field, v) in typed.iter().zip(values) {
            field.set(number(v));
        }
    });
    let error = RwSignal::new(None::<String>);
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut values = [0.0; 3];
        for (i, limit) in StopRules::LIMITS.iter().enumerate() {
            let text = typed[i].get_untracked();
            match text.trim().parse::<f64>() {
                Ok(v) if v.is_finite() && (limit.min..=limit.max).contains(&v) => values[i] = v,
                _ => {
                    return error.set(Some(format!(
                        "{} must be a number from {} to {} {}.",
                        limit.label,
                        number(limit.min),
                        number(limit.max),
                        limit.unit
                    )))
                }
            }
        }
        error.set(None);
        on_change.run(StopRules {
            radius_m: values[0],
            minutes: values[1],
            max_accuracy_m: values[2],
        });
    };
    view! {
        <form class="stop-rules" on:submit=apply novalidate aria-labelledby="stop-rules-title">
            <span id="stop-rules-title" class="stop-rules-title">"Stops"</span>
            {StopRules::LIMITS.iter().enumerate().map(|(i, limit)| {
                let field = typed[i];
                view! {
                    <label>{limit.label}" "
                        <input type="number" inputmode="decimal" min=number(limit.min) max=number(limit.max)
                            step="any" prop:value=move || field.get()
                            on:input=move |ev| field.set(event_target_value(&ev))/>
                        " "{limit.unit}
                    </label>
                }
            }).collect_view()}
            <button type="submit">"Apply rules"</button>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </form>
    }
}

/// Distance, moving and stopped time, stops; the fixes left out, listed.
#[component]
pub(super) fn TripTotals(analysis: Memo<Shared>) -> impl IntoView {
    let line = move || {
        let a = analysis.read();
        let t = a.0.totals;
        format!(
            "{} travelled in {} trip{}, {} moving, {} stopped at {} stop{}.",
            distance_text(t.distance_m),
            t.trips,
            if t.trips == 1 { "" } else { "s" },
            duration_text(t.moving_ms),
            duration_text(t.stopped_ms),
            t.stops,
            if t.stops == 1 { "" } else { "s" },
        )
    };
    let left_out = move || {
        let a = analysis.read();
        let n = a.0.left_out.len();
        (n > 0).then(|| {
            let items = a
                .0
                .left_out
                .iter()
                .take(200)
                .map(|f| {
                    let accuracy = f.accuracy.map(|a| format!("± {a:.0} m")).unwrap_or_default();
                    view! { <li>{format!("{} · {} · {accuracy}", exact_time(f.time), f.id)}</li> }
                })
                .collect_view();
            view! {
                <details class="skipped">
                    <summary>{format!("{n} fix{} less accurate than the worst accuracy allowed: left out of trips and stops",
                        if n == 1 { "" } else { "es" })}</summary>
                    <ul>{items}</ul>
                    {(n > 200).then(|| view! { <p>{format!("and {} more", n - 200)}</p> })}
                </details>
            }
        })
    };
    view! {
        <p class="trip-totals" aria-live="polite">{line}</p>
        {left_out}
    }
}

/// The trips, stops and gaps in time order; picking one selects its first
/// fix, and the part holding the selected fix is marked.
#[component]
pub(super) fn PartsTable(
    analysis: Memo<Shared>,
    selected: RwSignal<Option<usize>>,
) -> impl IntoView {
    let state = RwSignal::new(ListQuery {
        limit: 25,
        ..Default::default()
    });
    Effect::new(move |_| {
        analysis.track();
        state.update(|s| s.page = 1);
    });
    let on_click = move |ev: web_sys::MouseEvent| {
        let picked = closest_with(&ev, "data-pick").and_then(|b| b.get_attribute("data-pick"));
        if let Some(p) = picked.and_then(|key| key.parse::<usize>().ok()) {
            if let Some(i) = analysis.with_untracked(|a| a.first_fix(p)) {
                selected.set(Some(i));
            }
        }
    };
    let section = NodeRef::<leptos::html::Section>::new();
    Effect::new(move |_| {
        let Some(section) = section.get() else {
            return;
        };
        let part = selected
            .get()
            .and_then(|i| analysis.with(|a| a.part_at(i)))
            .map(|p| p.to_string());
        state.track();
        mark_picked_row(section.into(), part);
    });
    view! {
        <section class="parts-table" aria-labelledby="parts-heading" node_ref=section on:click=on_click>
            <h2 id="parts-heading">"Trips and stops"</h2>
            {move || {
                let rows = analysis.with(|a| {
                    a.0.parts
                        .iter()
                        .enumerate()
                        .map(|(index, part)| TrackPart { index, part: part.clone() }.row())
                        .collect::<Vec<_>>()
                });
                view! {
                    <RowsTable caption="Trips and stops, oldest first. Select one to show where it began."
                        noun="trips and stops" columns=TrackPart::headers() rows=Rows::All(Arc::new(rows))
                        state=state on_state=Callback::new(move |(next, _)| state.set(next)) pickable=true
                        empty_hint="No trips or stops in this range: too few fixes."/>
                }
            }}
        </section>
    }
}

/// Each local day's distance, moving and stopped time.
#[component]
pub(super) fn DaysTable(analysis: Memo<Shared>) -> impl IntoView {
    let state = RwSignal::new(ListQuery {
        limit: 31,
        ..Default::default()
    });
    view! {
        <section class="days-table" aria-labelledby="days-heading">
            <h2 id="days-heading">"By day"</h2>
            {move || {
                let offset = -(js_sys::Date::new_0().get_timezone_offset() as i32);
                let offset = if crate::clock::time_display().utc { 0 } else { offset };
                let rows = analysis.with(|a| {
                    a.0.per_day(offset).into_iter().map(|d| TrackDay(d).row()).collect::<Vec<_>>()
                });
                view! {
                    <RowsTable caption="Each day's distance and time, in the zone times are shown in."
                        noun="days" columns=TrackDay::headers() rows=Rows::All(Arc::new(rows))
                        state=state on_state=Callback::new(move |(next, _)| state.set(next))/>
                }
            }}
        </section>
    }
}

const CHART_W: f64 = 1000.0;
const CHART_H: f64 = 160.0;
/// At most this many points are drawn: the fastest of each bucket.
const CHART_POINTS: usize = 1_000;

/// Speed over time under the map: a click picks the nearest fix, and the
/// selected fix is a line across it. Times from the shown fixes.
#[component]
pub(super) fn SpeedChart(
    times: Signal<Arc<Vec<i64>>>,
    speeds: Signal<Arc<Vec<Option<f64>>>>,
    selected: RwSignal<Option<usize>>,
) -> impl IntoView {
    let span = move || {
        times.with(|t| match (t.first(), t.last()) {
            (Some(&a), Some(&b)) if b > a => Some((a, b)),
            _ => None,
        })
    };
    let top = Memo::new(move |_| speeds.with(|s| s.iter().flatten().copied().fold(0.0, f64::max)));
    let x_of = move |t: i64| span().map_or(0.0, |(a, b)| (t - a) as f64 / (b - a) as f64 * CHART_W);
    let path = Memo::new(move |_| {
        let Some((a, b)) = span() else {
            return String::new();
        };
        let top = top.get().max(1.0);
        let width_ms = (b - a) as f64;
        let bucket_ms = (width_ms / CHART_POINTS as f64).max(1.0);
        times.with(|times| {
            speeds.with(|speeds| {
                let mut d = String::new();
                let mut pen_down = false;
                let mut bucket: Option<(i64, f64, f64)> = None;
                // A bucket: its key, its fastest speed, its first x.
                let flush = |d: &mut String, pen_down: &mut bool, (_, v, x): (i64, f64, f64)| {
                    let y = CHART_H - v / top * (CHART_H - 4.0);
                    let pen = if *pen_down { "L" } else { "M" };
                    d.push_str(&format!("{pen}{x:.1},{y:.1}"));
                    *pen_down = true;
                };
                for (t, v) in times.iter().zip(speeds.iter()) {
                    let Some(v) = *v else {
                        if let Some(done) = bucket.take() {
                            flush(&mut d, &mut pen_down, done);
                        }
                        pen_down = false;
                        continue;
                    };
                    let key = ((t - a) as f64 / bucket_ms) as i64;
                    let x = (t - a) as f64 / width_ms * CHART_W;
                    match &mut bucket {
                        Some(current) if current.0 == key => current.1 = current.1.max(v),
                        _ => {
                            if let Some(done) = bucket.take() {
                                flush(&mut d, &mut pen_down, done);
                            }
                            bucket = Some((key, v, x));
                        }
                    }
                }
                if let Some(done) = bucket {
                    flush(&mut d, &mut pen_down, done);
                }
                d
            })
        })
    });
    let cursor = move || {
        let i = selected.get()?;
        let t = times.with(|t| t.get(i).copied())?;
        Some(x_of(t))
    };
    let svg = NodeRef::<leptos::svg::Svg>::new();
    let pick = move |ev: web_sys::MouseEvent| {
        let (Some(svg), Some((a, b))) = (svg.get(), span()) else {
            return;
        };
        // The line and the cursor take no pointer events (the stylesheet):
        // the offset is always the chart's own.
        let width = f64::from(svg.client_width());
        if width <= 0.0 {
            return;
        }
        let share = (f64::from(ev.offset_x()) / width).clamp(0.0, 1.0);
        let at = a + ((b - a) as f64 * share) as i64;
        let nearest = times.with(|t| {
            let k = t.partition_point(|&x| x < at);
            [k.checked_sub(1), (k < t.len()).then_some(k)]
                .into_iter()
                .flatten()
                .min_by_key(|&j| (t[j] - at).abs())
        });
        if nearest.is_some() {
            selected.set(nearest);
        }
    };
    let label = move || {
        format!(
            "Speed over time, up to {:.0} km/h. Click to pick the fix at that time.",
            top.get()
        )
    };
    view! {
        <figure class="speed-chart">
            <figcaption>"Speed" <span class="speed-top">{move || format!(" · top {:.0} km/h", top.get())}</span></figcaption>
            <svg node_ref=svg viewBox=format!("0 0 {CHART_W} {CHART_H}") preserveAspectRatio="none"
                role="img" aria-label=label on:click=pick data-points=move || path.with(|p| p.matches(['M', 'L']).count().to_string())>
                <path class="speed-line" d=move || path.get() fill="none" vector-effect="non-scaling-stroke"/>
                {move || cursor().map(|x| view! {
                    <line class="speed-cursor" x1=format!("{x:.1}") x2=format!("{x:.1}") y1="0" y2=CHART_H.to_string()
                        vector-effect="non-scaling-stroke"/>
                })}
            </svg>
            <p class="speed-help">{SPEED_HELP}</p>
        </figure>
    }
}
