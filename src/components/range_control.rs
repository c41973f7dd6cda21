//! A time range chosen from presets (last 24 hours, 7 days, 30 days, all)
//! or typed (from, to), as the URL carries it: `range`, `from`, `to`.

use leptos::prelude::*;

use crate::clock::{from_local_input, now, to_local_input};
use crate::model::{TimeRange, Timestamp};

/// The range and the typed bounds (local `datetime-local` values, kept as
/// typed so the URL shows what the admin entered).
#[derive(Clone, Debug, PartialEq)]
pub struct RangeChoice {
    pub range: TimeRange,
    pub from: String,
    pub to: String,
}

impl Default for RangeChoice {
    fn default() -> Self {
        RangeChoice {
            range: TimeRange::DEFAULT,
            from: String::new(),
            to: String::new(),
        }
    }
}

impl RangeChoice {
    pub fn parse(get: &impl Fn(&str) -> Option<String>) -> Self {
        let from = get("from").unwrap_or_default();
        let to = get("to").unwrap_or_default();
        RangeChoice {
            range: TimeRange::parse(
                get("range").as_deref(),
                from_local_input(&from),
                from_local_input(&to),
            ),
            from,
            to,
        }
    }

    /// A custom range from `from` to `to`.
    pub fn between(from: Timestamp, to: Timestamp) -> Self {
        RangeChoice {
            range: TimeRange::Custom {
                from: Some(from),
                to: Some(to),
            },
            from: to_local_input(from),
            to: to_local_input(to),
        }
    }

    pub fn append_to(&self, q: &mut form_urlencoded::Serializer<String>) {
        if self.range != TimeRange::DEFAULT {
            q.append_pair("range", self.range.key());
        }
        if matches!(self.range, TimeRange::Custom { .. }) {
            for (key, value) in [("from", &self.from), ("to", &self.to)] {
                if !value.is_empty() {
                    q.append_pair(key, value);
                }
            }
        }
    }
}

/// The presets as pressed buttons, and Custom's From/To form.
#[component]
pub fn RangeControl(
    #[prop(into)] value: Signal<RangeChoice>,
    on_change: Callback<RangeChoice>,
) -> impl IntoView {
    let custom = move || matches!(value.read().range, TimeRange::Custom { .. });
    let from = RwSignal::new(value.get_untracked().from);
    let to = RwSignal::new(value.get_untracked().to);
    let error = RwSignal::new(None::<&'static str>);
    let pick = move |range: TimeRange| {
        on_change.run(RangeChoice {
            range,
            ..value.get_untracked()
        });
    };
    // Custom starts from the last 7 days, ready to adjust.
    let pick_custom = move || {
        if from.get_untracked().is_empty() && to.get_untracked().is_empty() {
            from.set(to_local_input(Timestamp(now().0 - 7 * 86_400_000)));
        }
        let (f, t) = (from.get_untracked(), to.get_untracked());
        on_change.run(RangeChoice {
            range: TimeRange::Custom {
                from: from_local_input(&f),
                to: from_local_input(&t),
            },
            from: f,
            to: t,
        });
    };
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (f, t) = (from.get_untracked(), to.get_untracked());
        let (fa, ta) = (from_local_input(&f), from_local_input(&t));
        if fa.is_none() && ta.is_none() {
            return error.set(Some("Enter a start, an end, or both."));
        }
        if let (Some(a), Some(b)) = (fa, ta) {
            if a > b {
                return error.set(Some("The start must be before the end."));
            }
        }
        error.set(None);
        on_change.run(RangeChoice {
            range: TimeRange::Custom { from: fa, to: ta },
            from: f,
            to: t,
        });
    };
    view! {
        <fieldset class="range-control">
            <legend>"Time range"</legend>
            <div class="segmented">
                {TimeRange::PRESETS.into_iter().map(|(range, label)| view! {
                    <button type="button" aria-pressed=move || (value.read().range == range).to_string()
                        on:click=move |_| pick(range)>{label}</button>
                }).collect_view()}
                <button type="button" aria-pressed=move || custom().to_string()
                    on:click=move |_| pick_custom()>"Custom"</button>
            </div>
            <Show when=custom>
                <form class="custom-range" on:submit=apply novalidate>
                    <label>"From " <input type="datetime-local" prop:value=from
                        on:input=move |ev| from.set(event_target_value(&ev))/></label>
                    <label>"To " <input type="datetime-local" prop:value=to
                        on:input=move |ev| to.set(event_target_value(&ev))/></label>
                    <button type="submit">"Apply"</button>
                    {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                </form>
            </Show>
        </fieldset>
    }
}
