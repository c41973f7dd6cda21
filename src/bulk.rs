//! The tab's bulk change (`model::bulk::Run`) and the queue that sends it.
//!
//! The run lives here, not in a page: the page (`pages::bulk`) shows it and
//! drives it, and a page left and opened again finds the same run and the
//! rows still being answered. It is kept in `sessionStorage` under the
//! account's tag as each row is taken and answered, so a run stopped by a
//! forced sign-out, a reload or a closed page is found again, where it
//! stood, after signing in; rows being sent when the tab went away read
//! "may have been applied" and are not sent again. One run per account.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::task::spawn_local;

use crate::activity;
use crate::api::{self, Api, ApiError};
use crate::model::bulk::{Op, Outcome, Run, Target};
use crate::model::{DeviceField, GroupField, PushField, UserField};
use crate::session::tab_storage as storage;

const ITEM_PREFIX: &str = "ezmdm.bulk:";

/// How many requests go at once: 1 to 6 (a browser's connections to one
/// server), 3 unless the user says.
pub const CONCURRENCY: std::ops::RangeInclusive<usize> = 1..=6;
pub const DEFAULT_CONCURRENCY: usize = 3;

/// Why a run stopped before its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Halt {
    Paused,
    /// The key was refused mid-run: resumable after signing in again.
    SignedOut,
}

struct Live {
    owner: String,
    run: Run,
    /// Workers still sending or about to.
    workers: usize,
    /// Whether workers take more rows.
    going: bool,
    halt: Option<Halt>,
    concurrency: usize,
    /// When the answers of this stretch began to come, and how many rows
    /// were answered before it (for the time left).
    since: f64,
    answered_before: usize,
}

impl Live {
    /// The run of `owner`, not sending.
    fn new(owner: &str, run: Run) -> Self {
        Live {
            owner: owner.into(),
            run,
            workers: 0,
            going: false,
            halt: None,
            concurrency: DEFAULT_CONCURRENCY,
            since: 0.0,
            answered_before: 0,
        }
    }
}

thread_local! {
    static LIVE: RefCell<Option<Live>> = const { RefCell::new(None) };
    /// Told after every change, by the page showing the run.
    static WATCHER: RefCell<Option<Rc<dyn Fn()>>> = const { RefCell::new(None) };
}

fn changed() {
    if let Some(watch) = WATCHER.with(|w| w.borrow().clone()) {
        watch();
    }
}

/// Calls `watch` after every change of the run (one watcher: the page on
/// screen); `None` stops.
pub fn watch(watch: Option<Rc<dyn Fn()>>) {
    WATCHER.with(|w| *w.borrow_mut() = watch);
}

fn store(live: &Live) {
    if live.owner.is_empty() {
        return;
    }
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(&live.run)) {
        let _ = s.set_item(&format!("{ITEM_PREFIX}{}", live.owner), &text);
    }
}

fn stored(owner: &str) -> Option<Run> {
    let text = storage()?
        .get_item(&format!("{ITEM_PREFIX}{owner}"))
        .ok()
        .flatten()?;
    serde_json::from_str::<Run>(&text).ok().map(Run::restored)
}

/// Makes the run of the account tagged `owner` the live one (read from
/// storage when another account's, or none, was); answers whether there is one.
fn attach(owner: &str) -> bool {
    LIVE.with(|l| {
        let mut l = l.borrow_mut();
        if l.as_ref().is_some_and(|live| live.owner == owner) {
            return true;
        }
        *l = stored(owner).map(|run| Live::new(owner, run));
        l.is_some()
    })
}

/// What the page shows of the run.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub run: Run,
    /// Whether rows are being taken (not paused, stopped or over).
    pub going: bool,
    /// Workers still out after a Pause (their answers awaited).
    pub workers: usize,
    pub halt: Option<Halt>,
    pub concurrency: usize,
    /// Milliseconds left, once answers came in.
    pub left_ms: Option<f64>,
}

/// The run of the account tagged `owner`, as it stands.
pub fn snapshot(owner: &str) -> Option<Snapshot> {
    if !attach(owner) {
        return None;
    }
    LIVE.with(|l| {
        let l = l.borrow();
        let live = l.as_ref()?;
        let counts = live.run.counts();
        let answered = counts.answered() - live.answered_before.min(counts.answered());
        let left = counts.pending + counts.sending;
        let elapsed = js_sys::Date::now() - live.since;
        Some(Snapshot {
            run: live.run.clone(),
            going: live.going,
            workers: live.workers,
            halt: live.halt,
            concurrency: live.concurrency,
            left_ms: live
                .going
                .then(|| crate::model::bulk::time_left(elapsed, answered, left))
                .flatten(),
        })
    })
}

/// The action of the account's run and how many of its rows are still to
/// send, when it was started and not finished (a new plan asks first).
pub fn unfinished(owner: &str) -> Option<(String, usize)> {
    if !attach(owner) {
        return None;
    }
    LIVE.with(|l| {
        let l = l.borrow();
        let run = &l.as_ref()?.run;
        let pending = run.counts().pending;
        (run.started && pending > 0).then(|| (run.action.clone(), pending))
    })
}

/// Whether a run is sending (signing out asks first).
pub fn is_sending() -> bool {
    LIVE.with(|l| l.borrow().as_ref().is_some_and(|live| live.workers > 0))
}

/// A planned run for the account tagged `owner`, replacing the last one
/// (refused, `false`, while that one is sending).
pub fn plan(owner: &str, run: Run) -> bool {
    if is_sending() {
        return false;
    }
    LIVE.with(|l| {
        let live = Live::new(owner, run);
        store(&live);
        *l.borrow_mut() = Some(live);
    });
    changed();
    true
}

/// Forgets the run of `owner` (a chosen sign-out, "Discard").
pub fn forget(owner: &str) {
    LIVE.with(|l| {
        let mut l = l.borrow_mut();
        if l.as_ref().is_some_and(|live| live.owner == owner) {
            *l = None;
        }
    });
    if let Some(s) = storage() {
        let _ = s.remove_item(&format!("{ITEM_PREFIX}{owner}"));
    }
    changed();
}

/// Changes the live run (and stores it) when it is `owner`'s.
fn update<R>(owner: &str, f: impl FnOnce(&mut Live) -> R) -> Option<R> {
    let out = LIVE.with(|l| {
        let mut l = l.borrow_mut();
        let live = l.as_mut().filter(|live| live.owner == owner)?;
        let out = f(live);
        store(live);
        Some(out)
    });
    changed();
    out
}

pub fn set_concurrency(owner: &str, n: usize, api: &Api) {
    let n = n.clamp(*CONCURRENCY.start(), *CONCURRENCY.end());
    let more = update(owner, |live| {
        live.concurrency = n;
        if live.going {
            n.saturating_sub(live.workers)
        } else {
            0
        }
    })
    .unwrap_or(0);
    for _ in 0..more {
        spawn_worker(owner, api);
    }
}

/// Sends the rows still to send (Start, Resume, Retry failed).
pub fn start(owner: &str, api: &Api) {
    let Some(more) = update(owner, |live| {
        live.run.started = true;
        live.going = true;
        live.halt = None;
        live.since = js_sys::Date::now();
        live.answered_before = live.run.counts().answered();
        live.concurrency.saturating_sub(live.workers)
    }) else {
        return;
    };
    for _ in 0..more {
        spawn_worker(owner, api);
    }
}

/// Stops taking rows; those being sent are answered.
pub fn pause(owner: &str) {
    update(owner, |live| {
        if live.going {
            live.going = false;
            live.halt = Some(Halt::Paused);
        }
    });
}

/// Stops for good: the rows not sent are skipped.
pub fn cancel(owner: &str) {
    update(owner, |live| {
        live.going = false;
        live.halt = None;
        for op in &mut live.run.ops {
            if op.outcome == Outcome::Pending {
                op.outcome = Outcome::Skipped("cancelled before it was sent".into());
            }
        }
    });
}

/// Queues the failed rows again and sends them.
pub fn retry_failed(owner: &str, api: &Api) {
    if update(owner, |live| live.run.retry_failed()).unwrap_or(0) > 0 {
        start(owner, api);
    }
}

fn spawn_worker(owner: &str, api: &Api) {
    let (owner, api) = (owner.to_string(), api.clone());
    update(&owner, |live| live.workers += 1);
    spawn_local(async move {
        loop {
            let next = update(&owner, |live| {
                if !live.going || live.workers > live.concurrency {
                    return None;
                }
                let i = live.run.take_next()?;
                Some((
                    i,
                    live.run.ops[i].clone(),
                    live.run.target,
                    live.run.action.clone(),
                ))
            })
            .flatten();
            let Some((i, op, target, action)) = next else {
                break;
            };
            let at = js_sys::Date::now() as i64;
            let answer = send(&api, target, &op).await;
            let outcome = match &answer {
                Ok(_) => Outcome::Done,
                // Refused before it was applied: sent again on Resume.
                Err(ApiError::InvalidKey(_)) => Outcome::Pending,
                Err(e) if e.answer_lost() || matches!(e, ApiError::Aborted) => Outcome::Unknown,
                Err(e) => Outcome::Failed(e.to_string()),
            };
            let signed_out = outcome == Outcome::Pending;
            let mut op = op;
            if let Ok(Some(id)) = answer {
                op.id = id;
            }
            if !signed_out {
                log(&owner, &action, target, &op, &outcome, at);
            }
            update(&owner, |live| {
                if !op.id.is_empty() {
                    live.run.created(i, op.id.clone());
                }
                live.run.settle(i, outcome);
                if signed_out {
                    live.going = false;
                    live.halt = Some(Halt::SignedOut);
                }
            });
        }
        update(&owner, |live| {
            live.workers -= 1;
            if live.workers == 0 && !live.run.has_pending() {
                live.going = false;
            }
        });
    });
}

/// Sends one row; answers the id of what it added, if it adds.
async fn send(api: &Api, target: Target, op: &Op) -> Result<Option<String>, ApiError> {
    match target {
        Target::Devices => api::devices::update(api, &op.id, &op.changes::<DeviceField>())
            .await
            .map(|_| None),
        Target::Users => api::users::update(api, &op.id, &op.changes::<UserField>())
            .await
            .map(|_| None),
        Target::Push => api::push::send(api, &op.id, &op.values::<PushField>())
            .await
            .map(|_| None),
        Target::NewUsers => api::users::create(api, &op.values::<UserField>())
            .await
            .map(Some),
        Target::NewGroups => api::groups::create(api, &op.values::<GroupField>())
            .await
            .map(Some),
    }
}

/// The page of a row's item (none for a user whose add got no answer).
pub fn item_href(target: Target, id: &str) -> Option<String> {
    use crate::routes::Route;
    match target {
        _ if id.is_empty() => None,
        Target::Devices | Target::Push => Some(Route::Device(id).href()),
        Target::Users | Target::NewUsers => Some(Route::User(id).href()),
        Target::NewGroups => Some(Route::Group(id).href()),
    }
}

fn log(owner: &str, action: &str, target: Target, op: &Op, outcome: &Outcome, at: i64) {
    let result = match outcome {
        Outcome::Done => activity::Ended::Done,
        Outcome::Failed(why) => activity::Ended::Failed(why.clone()),
        _ => activity::Ended::Unknown,
    };
    let href = item_href(target, &op.id);
    activity::record(
        owner,
        activity::Entry {
            n: 0,
            at,
            action: action.to_string(),
            item: op.item.clone(),
            href,
            changes: op
                .edits
                .iter()
                .map(|e| activity::Change {
                    field: e.label.clone(),
                    before: e.before_text.clone(),
                    after: e.after_text.clone(),
                })
                .collect(),
            result,
        },
    );
}
