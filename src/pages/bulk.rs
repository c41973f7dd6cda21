//! The tab's bulk change (`/bulk`): its preview (each item, before → after,
//! and the exact number of requests), then the queue as it goes (progress,
//! time left, Pause, Resume, Cancel, how many at once), each row's result,
//! Retry failed, Undo and a report. The run itself is `crate::bulk`'s; this
//! page shows it and drives it, and leaving it pauses the run.

use std::rc::Rc;

use leptos::prelude::*;

use crate::api::app_api;
use crate::api::ApiError;
use crate::bulk::{self, Halt, Snapshot, CONCURRENCY};
use crate::components::download::download;
use crate::components::page_head::PageHead;
use crate::components::pager::Pager;
use crate::components::status::{EmptyState, ErrorPanel, Loading};
use crate::components::unsaved::use_leave_question;
use crate::list_query::{page_count, ListQuery};
use crate::model::bulk::{duration_text, Counts, Op, Run, Shown, Target, REPORT_HEADER};
use crate::routes::Route;
use crate::session::Session;
use leptos_router::hooks::use_query_map;

const LEAVE_QUESTION: &str =
    "A bulk change is being sent. Leave this page and pause it? The rows being sent are answered; the rest wait for Resume.";

use crate::model::count::plural;

/// Plans a run and opens its preview (refused, saying so in the signal,
/// while another run is sending).
pub(super) fn use_plan() -> impl Fn(Run, RwSignal<Option<String>>) + Clone {
    let owner = expect_context::<Session>().draft_owner_untracked();
    let go = crate::routes::use_go();
    move |run, refused| {
        if let Some((action, left)) = bulk::unfinished(&owner) {
            let ask = format!(
                "“{action}” is stopped with {} still to send. Plan this change instead and forget those?",
                plural(left, "row")
            );
            let sure = web_sys::window()
                .and_then(|w| w.confirm_with_message(&ask).ok())
                .unwrap_or(false);
            if !sure {
                return;
            }
        }
        if bulk::plan(&owner, run) {
            go(&Route::Bulk.href(), false);
        } else {
            refused.set(Some(
                "Another bulk change is being sent: open Bulk change to see it through first."
                    .into(),
            ));
        }
    }
}

/// The buttons choosing what to do with a selection (`noun`: "devices"),
/// one pressed at a time (pressing it again closes its form).
pub(super) fn action_choices<C: Copy + Eq + Send + Sync + 'static>(
    noun: &'static str,
    choices: Vec<(C, &'static str)>,
    chosen: RwSignal<Option<C>>,
) -> impl IntoView {
    let buttons = choices
        .into_iter()
        .map(|(c, label)| {
            view! {
                <button type="button" aria-pressed=move || (chosen.get() == Some(c)).to_string()
                    on:click=move |_| chosen.update(|now| *now = if *now == Some(c) { None } else { Some(c) })>
                    {label}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="bulk-choices" role="group" aria-label=format!("What to do with the selected {noun}")>
            {buttons}
        </div>
    }
}

/// The selected items as they are being read: loading, or the error with
/// Retry; nothing once read.
pub(super) fn reading_selected<S: Clone + 'static>(
    selected: LocalResource<Result<S, ApiError>>,
    noun: &'static str,
) -> impl IntoView {
    move || {
        match selected.get() {
        None => Some(view! { <Loading label=format!("Reading the selected {noun}…")/> }.into_any()),
        Some(Err(e)) => Some(
            view! { <ErrorPanel message=e.to_string() on_retry=Callback::new(move |_| selected.refetch())/> }
                .into_any(),
        ),
        Some(Ok(_)) => None,
    }
    }
}

/// What a form that sets one item for every selected one (an owner, a
/// group) says and asks.
pub(super) struct PickOne {
    pub heading: &'static str,
    /// Said when nothing is chosen.
    pub missing: &'static str,
    pub submit: &'static str,
    /// The selected items' noun ("devices").
    pub noun: &'static str,
}

/// A form choosing one item in `picker` (into `chosen`), then planning
/// `plan(selected, chosen id)` and opening its preview.
pub(super) fn pick_one_form<S: Clone + 'static>(
    words: PickOne,
    picker: AnyView,
    chosen: RwSignal<String>,
    selected: LocalResource<Result<S, ApiError>>,
    plan: impl Fn(&S, &str) -> Run + 'static,
) -> impl IntoView {
    let refused = RwSignal::new(None::<String>);
    let missing = RwSignal::new(false);
    let plan_and_preview = use_plan();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let to = chosen.get_untracked();
        if to.is_empty() {
            missing.set(true);
            return;
        }
        if let Some(Ok(s)) = selected.get_untracked() {
            plan_and_preview(plan(&s, &to), refused);
        }
    };
    Effect::new(move |_| {
        if !chosen.get().is_empty() {
            missing.set(false);
        }
    });
    view! {
        <form class="bulk-form" on:submit=submit novalidate>
            <h2>{words.heading}</h2>
            {picker}
            {move || missing.get().then(|| view! { <p class="field-error" role="alert">{words.missing}</p> })}
            {reading_selected(selected, words.noun)}
            {move || refused.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            <button type="submit" class="primary" disabled=move || !matches!(selected.get(), Some(Ok(_)))>
                {words.submit}
            </button>
        </form>
    }
}

#[component]
pub fn BulkPage() -> impl IntoView {
    let owner = expect_context::<Session>().draft_owner_untracked();
    let api = app_api();
    let shown = RwSignal::new(bulk::snapshot(&owner));
    // Answers come faster than frames: the page is drawn again once a frame.
    let due = StoredValue::new(false);
    {
        let owner = owner.clone();
        bulk::watch(Some(Rc::new(move || {
            if due.try_get_value() != Some(false) {
                return;
            }
            due.set_value(true);
            let owner = owner.clone();
            request_animation_frame(move || {
                due.try_set_value(false);
                shown.try_set(bulk::snapshot(&owner));
            });
        })));
    }
    {
        let owner = owner.clone();
        on_cleanup(move || {
            bulk::watch(None);
            bulk::pause(&owner);
        });
    }
    use_leave_question(
        Signal::derive(move || shown.with(|s| s.as_ref().is_some_and(|s| s.going))),
        LEAVE_QUESTION,
    );
    view! {
        <PageHead title="Bulk change"/>
        <Show when=move || shown.with(Option::is_some) fallback=|| view! {
            <EmptyState title="No bulk change planned">
                <p>"Tick devices or users in their lists, then choose what to change for all of them: "
                    "each change is shown here before anything is sent."</p>
                <p><a href=Route::Devices.href()>"Devices"</a>" · "<a href=Route::Users.href()>"Users"</a></p>
            </EmptyState>
        }>
            <RunView shown=shown owner=owner.clone() api=api.clone()/>
        </Show>
        <RunTable shown=shown/>
    }
}

/// What the run's heading, status and buttons show: drawn again only when
/// one of these changes, so the buttons keep their focus while rows go.
#[derive(Clone, Debug, Default, PartialEq)]
struct State {
    action: String,
    noun: &'static str,
    counts: Counts,
    started: bool,
    going: bool,
    workers: usize,
    halt: Option<Halt>,
    concurrency: usize,
    left_ms: Option<f64>,
    has_pending: bool,
    can_revert: bool,
    push: bool,
}

impl State {
    fn of(s: &Snapshot) -> Self {
        State {
            action: s.run.action.clone(),
            noun: s.run.target.noun(),
            counts: s.run.counts(),
            started: s.run.started,
            going: s.going,
            workers: s.workers,
            halt: s.halt,
            concurrency: s.concurrency,
            // Shown to the second: a new value every answer would redraw.
            left_ms: s.left_ms.map(|ms| (ms / 1000.0).round() * 1000.0),
            has_pending: s.run.has_pending(),
            can_revert: s.run.can_revert(),
            push: s.run.target == Target::Push,
        }
    }

    fn finished(&self) -> bool {
        self.started && self.workers == 0 && !self.has_pending
    }

    fn status(&self) -> String {
        let State { counts, noun, .. } = self;
        let requests = counts.requests();
        if !self.started {
            let skipped = if counts.skipped > 0 {
                format!("; {} skipped (see why below)", counts.skipped)
            } else {
                String::new()
            };
            format!(
                "{} to send, one request each{skipped}. Nothing has been sent yet.",
                plural(requests, noun)
            )
        } else if self.going {
            let left = self
                .left_ms
                .map(|ms| format!(", {} left", duration_text(ms)))
                .unwrap_or_default();
            format!(
                "Sending: {} of {requests} answered{left}.",
                counts.answered()
            )
        } else if self.workers > 0 {
            format!(
                "Pausing: waiting for the answer to {} being sent.",
                plural(self.workers, "request")
            )
        } else if self.finished() {
            let mut parts = vec![format!("{} done", counts.done)];
            if counts.failed > 0 {
                parts.push(format!("{} failed", counts.failed));
            }
            if counts.unknown > 0 {
                parts.push(format!(
                    "{} may have been applied (the answer was lost)",
                    counts.unknown
                ));
            }
            if counts.skipped > 0 {
                parts.push(format!("{} skipped", counts.skipped));
            }
            format!("Finished: {}.", parts.join(", "))
        } else {
            let left = plural(counts.pending, noun);
            match self.halt {
                Some(Halt::Paused) => format!("Paused: {left} still to send."),
                Some(Halt::SignedOut) => format!(
                    "Stopped: the API key was refused. {left} still to send; Resume sends only those."
                ),
                None => format!(
                    "Stopped before its end (the page was left or the tab reloaded): {left} still to send. Rows that were being sent are marked “may have been applied” and are not sent again."
                ),
            }
        }
    }
}

/// The run's heading, status, progress and the buttons that fit it.
#[component]
fn RunView(
    shown: RwSignal<Option<Snapshot>>,
    owner: String,
    api: crate::api::Api,
) -> impl IntoView {
    let state = Memo::new(move |_| shown.with(|s| s.as_ref().map(State::of).unwrap_or_default()));
    let when = move |f: fn(&State) -> bool| move || !state.with(f);
    let owner = StoredValue::new(owner);
    let api = StoredValue::new_local(api);
    let o = move || owner.get_value();
    let start = move |_| bulk::start(&o(), &api.get_value());
    let undo = move |_| {
        let undo = shown.with_untracked(|s| {
            s.as_ref()
                .and_then(|s| s.run.revert(js_sys::Date::now() as i64))
        });
        if let Some(undo) = undo {
            bulk::plan(&o(), undo);
        }
    };
    let discard = move |_| {
        let sure = web_sys::window()
            .and_then(|w| w.confirm_with_message("Discard this bulk change? Its rows and results are forgotten (the activity log keeps what was sent).").ok())
            .unwrap_or(false);
        if sure {
            bulk::forget(&o());
        }
    };
    let report = move |_| {
        shown.with_untracked(|s| {
            if let Some(s) = s {
                let csv = crate::export::to_csv(&REPORT_HEADER, s.run.report());
                let name = format!("{}.csv", crate::export::file_stem(&s.run.action));
                download(&name, "text/csv", &csv);
            }
        })
    };
    let set_n = move |ev: leptos::ev::Event| {
        if let Ok(n) = event_target_value(&ev).parse::<usize>() {
            bulk::set_concurrency(&o(), n, &api.get_value());
        }
    };
    let count = move |f: fn(&Counts) -> usize| move || state.with(|s| f(&s.counts));
    let requests = count(Counts::requests);
    view! {
        <section class="bulk-run" aria-labelledby="bulk-action">
            <h2 id="bulk-action">{move || state.with(|s| s.action.clone())}</h2>
            <p class="bulk-status" role="status">{move || state.with(State::status)}</p>
            <progress class="bulk-progress" aria-label="Requests answered" hidden=when(|s| s.started)
                max=move || requests().max(1).to_string() value=move || count(Counts::answered)().to_string()></progress>
            <div class="bulk-tools">
                <label hidden=when(|s| !s.finished())>"At once "
                    <select on:change=set_n>
                        {CONCURRENCY.map(|n| view! {
                            <option value=n.to_string() selected=move || state.with(|s| s.concurrency == n)>{n.to_string()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <button type="button" class="primary" on:click=start hidden=when(|s| !s.started)
                    disabled=move || requests() == 0>
                    {move || if state.with(|s| s.push) {
                        format!("Send to {}", plural(requests(), "device"))
                    } else {
                        format!("Send {}", plural(requests(), "change"))
                    }}
                </button>
                <button type="button" on:click=move |_| bulk::pause(&o()) hidden=when(|s| s.started && s.going)>"Pause"</button>
                <button type="button" class="primary" on:click=start
                    hidden=when(|s| s.started && !s.going && s.workers == 0 && s.has_pending)>"Resume"</button>
                <button type="button" class="danger" on:click=move |_| bulk::cancel(&o())
                    hidden=when(|s| s.started && s.has_pending)>"Cancel"</button>
                <button type="button" on:click=move |_| bulk::retry_failed(&o(), &api.get_value())
                    hidden=when(|s| s.finished() && s.counts.failed > 0)>
                    {move || format!("Retry {} failed", count(|c| c.failed)())}
                </button>
                <button type="button" on:click=undo hidden=when(|s| s.finished() && s.counts.done > 0 && s.can_revert)>
                    {move || format!("Undo the {} done…", count(|c| c.done)())}
                </button>
                <button type="button" on:click=report hidden=when(|s| s.started)>"Download report (CSV)"</button>
                <button type="button" class="link-button" on:click=discard hidden=when(|s| s.workers == 0)>"Discard"</button>
            </div>
            <p class="hint">
                "Each row is one request, sent once: a write is never retried by itself, and a row "
                "whose answer was lost is marked “may have been applied”, not done or failed."
            </p>
        </section>
    }
}

/// The run's rows, before → after and how they ended, a page at a time
/// (`?page=&limit=`, and `?show=` for the rows of one outcome, as the URL
/// keeps them); a row is drawn again only when its result changes.
#[component]
fn RunTable(shown: RwSignal<Option<Snapshot>>) -> impl IntoView {
    let query = use_query_map();
    let go = crate::routes::use_go();
    let wanted = Memo::new(move |_| {
        query.with(|q| {
            let paging = ListQuery::parse(|name| q.get(name));
            (
                Shown::parse(&q.get("show").unwrap_or_default()),
                paging.page,
                paging.limit,
            )
        })
    });
    let href = move |show: Shown, page: u32, limit: u32| {
        let paging = ListQuery {
            page,
            limit,
            ..Default::default()
        }
        .to_query_string();
        let show = match show {
            Shown::All => String::new(),
            s if paging.is_empty() => format!("?show={}", s.key()),
            s => format!("&show={}", s.key()),
        };
        format!("{}{paging}{show}", Route::Bulk.href())
    };
    let counts =
        Memo::new(move |_| shown.with(|s| s.as_ref().map(|s| s.run.counts()).unwrap_or_default()));
    // The rows of the outcome asked for, and where the page starts in them.
    let rows = Memo::new(move |_| {
        let (show, page, limit) = wanted.get();
        shown.with(|s| {
            let Some(s) = s.as_ref() else {
                return (Vec::new(), 0, 1);
            };
            let of = || {
                s.run
                    .ops
                    .iter()
                    .enumerate()
                    .filter(|(_, op)| show.holds(&op.outcome))
            };
            let total = of().count();
            let page = page.min(page_count(total as u64, limit)).max(1);
            let start = (page as usize - 1) * limit as usize;
            let rows = of()
                .skip(start)
                .take(limit as usize)
                .map(|(i, op)| (i, s.run.target, op.clone()))
                .collect();
            (rows, total, page)
        })
    });
    let pager = Memo::new(move |_| {
        let (_, _, limit) = wanted.get();
        rows.with(|(r, total, page)| (*page, limit, r.len(), *total as u64))
    });
    let row = |(_, target, op): (usize, Target, Op)| {
        let href = bulk::item_href(target, &op.id);
        let class = format!("result-{}", op.outcome.key());
        let item = if op.item.trim().is_empty() {
            op.id.clone()
        } else {
            op.item.clone()
        };
        view! {
            <tr class=class>
                <th scope="row">{match href {
                    Some(href) => view! { <a href=href>{item}</a> }.into_any(),
                    None => item.into_any(),
                }}</th>
                <td>{op.edits_text()}</td>
                <td>{op.outcome.text()}</td>
            </tr>
        }
    };
    let go_show = go.clone();
    let on_show = move |ev: leptos::ev::Event| {
        let show = Shown::parse(&event_target_value(&ev));
        let (_, _, limit) = wanted.get_untracked();
        go_show(&href(show, 1, limit), true);
    };
    let paged = move || {
        let (page, limit, rows_shown, total) = pager.get();
        let go_page = go.clone();
        let go_limit = go.clone();
        let on_page = Callback::new(move |page: u32| {
            let (show, _, limit) = wanted.get_untracked();
            go_page(&href(show, page, limit), false);
        });
        let on_limit = Callback::new(move |limit: u32| {
            let (show, _, _) = wanted.get_untracked();
            go_limit(&href(show, 1, limit), true);
        });
        view! {
            <Pager page=page limit=limit shown=rows_shown total=total noun="rows"
                on_page=on_page on_limit=on_limit/>
        }
    };
    view! {
        <Show when=move || shown.with(Option::is_some)>
            <div class="run-rows-tools">
                <label>
                    "Show "
                    <select on:change=on_show.clone()>
                        {Shown::ALL.into_iter().map(|s| view! {
                            <option value=s.key() selected=move || wanted.get().0 == s>
                                {move || format!("{} ({})", s.label(), s.count(&counts.get()))}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <div class="table-wrap">
                <table class="data-table bulk-rows">
                    <caption class="visually-hidden">"Rows of the bulk change"</caption>
                    <thead><tr>
                        <th scope="col">"Item"</th><th scope="col">"Change"</th><th scope="col">"Result"</th>
                    </tr></thead>
                    <tbody>
                        <For each=move || rows.get().0 key=|(i, _, op)| (*i, op.outcome.clone()) children=row/>
                    </tbody>
                </table>
            </div>
            {paged.clone()}
        </Show>
    }
}
