//! This tab's activity log: every write the portal sent from this tab,
//! newest first, filtered by how it ended (`?result=failed`), exported as
//! CSV. It is the browser's log, not the account's (see `crate::activity`).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::columns::{rows_csv, ActivityRow};
use crate::activity::{self, Ended};
use crate::components::data_table::Listed;
use crate::components::download::download;
use crate::components::page_head::PageHead;
use crate::components::rows_table::{Rows, RowsTable};
use crate::components::status::EmptyState;
use crate::list_query::ListQuery;
use crate::routes::{self, Route};
use crate::session::Session;

#[component]
pub fn ActivityPage() -> impl IntoView {
    let owner = expect_context::<Session>().draft_owner_untracked();
    let query = use_query_map();
    let result = Memo::new(move |_| {
        query.with(|q| {
            q.get("result")
                .filter(|r| Ended::KEYS.contains(&r.as_str()))
        })
    });
    let log = RwSignal::new(activity::load(&owner));
    let rows = Memo::new(move |_| {
        let wanted = result.get();
        log.with(|log| {
            log.iter()
                .rev()
                .filter(|e| wanted.as_deref().is_none_or(|w| e.result.key() == w))
                .cloned()
                .map(ActivityRow)
                .collect::<Vec<_>>()
        })
    });
    let go = routes::use_go();
    let pick = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let query = if value.is_empty() {
            String::new()
        } else {
            format!("result={value}")
        };
        go(&Route::Activity(&query).href(), false);
    };
    let state = RwSignal::new(ListQuery {
        limit: 50,
        ..Default::default()
    });
    let save = move |_| {
        rows.with_untracked(|rows| download("activity.csv", "text/csv", &rows_csv(rows)));
    };
    let clear = {
        let owner = owner.clone();
        move |_| {
            let sure = web_sys::window()
                .and_then(|w| {
                    w.confirm_with_message("Empty this tab's activity log? It cannot be undone.")
                        .ok()
                })
                .unwrap_or(false);
            if sure {
                activity::clear(&owner);
                log.set(Vec::new());
            }
        }
    };
    view! {
        <PageHead title="Activity"/>
        <p class="page-intro">
            "Every change this browser tab sent, newest first, and how it ended. This is the
            tab's own log, not the account's: changes made in other tabs, other browsers or the
            vendor's console are not in it, and it is gone when the tab is closed."
        </p>
        {move || if log.with(Vec::is_empty) {
            view! {
                <EmptyState title="No changes sent from this tab yet">
                    <p>"Edits, renames, new items and pushes appear here once they are sent."</p>
                </EmptyState>
            }.into_any()
        } else {
            let (clear, pick) = (clear.clone(), pick.clone());
            view! {
                <div class="activity-tools">
                    <label>"Result "
                        <select on:change=pick prop:value=move || result.get().unwrap_or_default()>
                            <option value="">"All"</option>
                            {Ended::KEYS.iter().map(|k| view! {
                                <option value=*k>{Ended::label_of(k)}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <button type="button" on:click=save disabled=move || rows.with(Vec::is_empty)>"Export CSV"</button>
                    <button type="button" class="danger" on:click=clear>"Empty the log"</button>
                </div>
                {move || {
                    let listed = std::sync::Arc::new(rows.with(|r| r.iter().map(Listed::row).collect::<Vec<_>>()));
                    view! {
                        <RowsTable caption="Changes sent from this tab, newest first" noun="changes"
                            columns=ActivityRow::headers() rows=Rows::All(listed) state=state
                            on_state=Callback::new(move |(next, _)| state.set(next)) sortable=true
                            empty_hint="None with this result."/>
                    }
                }}
            }.into_any()
        }}
    }
}
