//! What can be done to the devices ticked in the list at once: rename them
//! by a pattern (a live preview of the first rows), give them to one user,
//! or send them a push. A rename or an owner change is planned here and
//! previewed in full on `/bulk` before anything is sent.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use leptos::prelude::*;

use super::bulk::{action_choices, pick_one_form, reading_selected, use_plan, PickOne};
use super::bulk_push::BulkPush;
use crate::api::{self, use_api, Api, ApiError};
use crate::components::data_table::Selection;
use crate::model::bulk::{placeholders, rename_ops, set_ops, Facts, Op, Pattern, Run, Target};
use crate::model::{Device, DeviceField};

/// Rows of the live preview.
const PREVIEW_ROWS: usize = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Chosen {
    Rename,
    Owner,
    Push,
}

/// The selected devices as read from the account, in name order, with
/// their owners' names; the ids no longer found, apart.
#[derive(Clone, Debug, Default)]
struct Selected {
    devices: Vec<(Device, String)>,
    missing: Vec<(String, String)>,
    /// The owners' names by id.
    names: HashMap<String, String>,
}

/// The ticked devices and their owners, each read by the fewest requests
/// (a GET each for a few, every page for many: `api::walk::with_ids`).
async fn read_selected(api: Api, chosen: BTreeMap<String, String>) -> Result<Selected, ApiError> {
    let read = api::devices::with_ids(&api, chosen.keys().cloned().collect()).await?;
    let owners: BTreeSet<String> = read
        .items
        .iter()
        .map(|d| d.user_id.clone())
        .filter(|id| !id.is_empty())
        .collect();
    let names: HashMap<String, String> = api::users::with_ids(&api, owners)
        .await?
        .items
        .into_iter()
        .map(|u| (u.id.clone(), u.display_name()))
        .collect();
    let mut found: Vec<(Device, String)> = read
        .items
        .into_iter()
        .map(|d| {
            let owner = names.get(&d.user_id).cloned().unwrap_or_default();
            (d, owner)
        })
        .collect();
    found.sort_by(|(a, _), (b, _)| {
        (a.display_name().to_lowercase(), &a.id).cmp(&(b.display_name().to_lowercase(), &b.id))
    });
    let missing = read
        .missing
        .into_iter()
        .map(|id| {
            let name = chosen.get(&id).cloned().unwrap_or_default();
            (id, name)
        })
        .collect();
    Ok(Selected {
        devices: found,
        missing,
        names,
    })
}

impl Selected {
    fn facts(&self) -> Vec<(String, Facts)> {
        self.devices
            .iter()
            .map(|(d, owner)| {
                (
                    d.id.clone(),
                    Facts {
                        name: d.name.clone(),
                        owner: owner.clone(),
                        model: d.model.clone(),
                        platform: d.platform.clone(),
                        serial: d.serial_number.clone(),
                    },
                )
            })
            .collect()
    }

    /// `ops` and a skipped row for each device no longer found.
    fn with_missing(&self, mut ops: Vec<Op>) -> Vec<Op> {
        ops.extend(self.missing.iter().map(|(id, name)| {
            Op::skipped(
                id,
                name,
                Vec::new(),
                "not found among the account's devices".into(),
            )
        }));
        ops
    }
}

#[component]
pub fn BulkDeviceActions(
    selection: Selection,
    /// A push message to start from (a link may suggest one): the push is
    /// then the action shown.
    message: String,
) -> impl IntoView {
    let chosen = RwSignal::new((!message.is_empty()).then_some(Chosen::Push));
    let count = move || selection.with(|s| s.len());
    let choices = vec![
        (Chosen::Rename, "Rename…"),
        (Chosen::Owner, "Change owner…"),
        (Chosen::Push, "Send push notification…"),
    ];
    view! {
        <Show when=move || { count() > 0 }>
            <section class="bulk-actions" aria-label="Change the selected devices">
                {action_choices("devices", choices.clone(), chosen)}
                {
                    let message = message.clone();
                    move || match chosen.get() {
                        Some(Chosen::Rename) => view! { <RenameByPattern selection=selection/> }.into_any(),
                        Some(Chosen::Owner) => view! { <OwnerOfAll selection=selection/> }.into_any(),
                        Some(Chosen::Push) => view! { <BulkPush selection=selection message=message.clone()/> }.into_any(),
                        None => ().into_any(),
                    }
                }
            </section>
        </Show>
    }
}

/// The selected devices, read again whenever the selection changes.
fn use_selected(selection: Selection) -> LocalResource<Result<Selected, ApiError>> {
    let api = use_api();
    LocalResource::new(move || read_selected(api.clone(), selection.get()))
}

#[component]
fn RenameByPattern(selection: Selection) -> impl IntoView {
    let selected = use_selected(selection);
    let pattern = RwSignal::new("{name}".to_string());
    let refused = RwSignal::new(None::<String>);
    let plan_and_preview = use_plan();
    // The pattern read, and the plan it makes of what is read so far.
    let plan = Memo::new(move |_| {
        let parsed = Pattern::parse(&pattern.get());
        selected.with(|s| match (parsed, s) {
            (Err(e), _) => Some(Err(e)),
            (Ok(p), Some(Ok(s))) => Some(Ok(s.with_missing(rename_ops(
                DeviceField::Name,
                &p,
                &s.facts(),
            )))),
            _ => None,
        })
    });
    let preview_error = move || plan.with(|p| p.as_ref().and_then(|p| p.as_ref().err().cloned()));
    let preview = move || {
        plan.with(|p| match p {
            Some(Ok(ops)) => {
                let rows = ops.iter().take(PREVIEW_ROWS).map(|op| {
                    let after = op.edits.first().map(|e| e.after_text.clone()).unwrap_or_default();
                    let note = match &op.outcome {
                        crate::model::bulk::Outcome::Skipped(why) => format!("skipped: {why}"),
                        _ => String::new(),
                    };
                    view! { <tr><td>{op.item.clone()}</td><td>{after}</td><td>{note}</td></tr> }
                }).collect_view();
                let more = ops.len().saturating_sub(PREVIEW_ROWS);
                Some(view! {
                    <table class="data-table bulk-preview">
                        <caption>"First rows of the rename"</caption>
                        <thead><tr><th scope="col">"Now"</th><th scope="col">"New name"</th><th scope="col">"Note"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                    {(more > 0).then(|| view! { <p class="hint">{format!("and {more} more: all are shown before anything is sent.")}</p> })}
                })
            }
            _ => None,
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(Some(Ok(ops))) = plan.try_get_untracked() else {
            return;
        };
        plan_and_preview(
            Run::new(
                js_sys::Date::now() as i64,
                "Rename devices",
                Target::Devices,
                ops,
            ),
            refused,
        );
    };
    view! {
        <form class="bulk-form" on:submit=submit novalidate>
            <h2>"Rename by a pattern"</h2>
            <label for="bulk-pattern">"Name pattern"</label>
            <input id="bulk-pattern" type="text" autocomplete="off" prop:value=pattern
                aria-describedby="bulk-pattern-hint bulk-pattern-error"
                aria-invalid=move || preview_error().is_some().to_string()
                on:input=move |ev| pattern.set(event_target_value(&ev))/>
            <p id="bulk-pattern-hint" class="hint">
                {format!("Placeholders: {}. {{n}} counts from 1 in name order; write {{{{ or }}}} for a brace.", placeholders())}
            </p>
            <p id="bulk-pattern-error" class="field-error" role="alert">{preview_error}</p>
            {reading_selected(selected, "devices")}
            {preview}
            {move || refused.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            <button type="submit" class="primary" disabled=move || !plan.with(|p| matches!(p, Some(Ok(_))))>
                "Preview every rename…"
            </button>
        </form>
    }
}

#[component]
fn OwnerOfAll(selection: Selection) -> impl IntoView {
    let owner = RwSignal::new(String::new());
    let words = PickOne {
        heading: "Give the devices to one user",
        missing: "Choose the new owner.",
        submit: "Preview the owner change…",
        noun: "devices",
    };
    let picker =
        view! { <super::UserFilterPicker id="bulk-owner" label="New owner" selected=owner/> };
    // The new owner's name for the preview (the owners read are the old ones).
    let api = use_api();
    let new_owner = LocalResource::new(move || {
        let (api, id) = (api.clone(), owner.get());
        async move {
            let user = match id.as_str() {
                "" => None,
                id => api::users::get(&api, id).await.ok(),
            };
            user.map(|u| (id, u.display_name()))
        }
    });
    pick_one_form(
        words,
        picker.into_any(),
        owner,
        use_selected(selection),
        move |s: &Selected, to: &str| {
            let to_name = new_owner
                .get_untracked()
                .flatten()
                .filter(|(id, _)| id == to)
                .map(|(_, name)| name)
                .or_else(|| s.names.get(to).cloned())
                .unwrap_or_else(|| to.to_string());
            let items: Vec<(String, String, String, String)> = s
                .devices
                .iter()
                .map(|(d, name)| {
                    (
                        d.id.clone(),
                        d.display_name(),
                        d.user_id.clone(),
                        name.clone(),
                    )
                })
                .collect();
            let ops = s.with_missing(set_ops(DeviceField::Owner, (to, &to_name), &items));
            let action = format!("Change owner to {to_name}");
            Run::new(js_sys::Date::now() as i64, action, Target::Devices, ops)
        },
    )
}
