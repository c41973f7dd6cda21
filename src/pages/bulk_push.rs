//! "Send push notification" to the devices ticked in a list: one request per
//! device, a few at a time, and an honest account of what each answered.

use leptos::prelude::*;

use crate::api::{self, use_api, walk};
use crate::components::data_table::Selection;
use crate::components::form::{Failure, FormSetup, FormText, FormView, ItemForm, Saved};
use crate::model::{PushField, PushMessage};

/// What came of a push to several devices: everything sent, or a summary
/// and each device it did not reach.
fn report(results: &[(String, Result<String, String>)]) -> Result<String, (String, Vec<String>)> {
    let failed: Vec<String> = results
        .iter()
        .filter_map(|(name, r)| r.as_ref().err().map(|e| format!("{name}: {e}")))
        .collect();
    let sent = results.len() - failed.len();
    let plural = |n: usize| if n == 1 { "device" } else { "devices" };
    if failed.is_empty() {
        return Ok(format!(
            "Push notification sent to {sent} {}.",
            plural(sent)
        ));
    }
    let summary = format!(
        "Sent to {sent} of {} {}; not sent to {}:",
        results.len(),
        plural(results.len()),
        failed.len()
    );
    Err((summary, failed))
}

#[component]
pub fn BulkPush(
    selection: Selection,
    /// A message to start from (a link may suggest one).
    #[prop(optional, into)]
    message: String,
) -> impl IntoView {
    let api = use_api();
    let count = move || selection.with(|s| s.len());
    let start = PushMessage::default().with(PushField::Message, message);
    let setup = FormSetup::add(start).logged(
        "Push notification",
        move |_| {
            let n = selection.with_untracked(|s| s.len());
            format!("{n} device{}", if n == 1 { "" } else { "s" })
        },
        None,
    );
    let form = ItemForm::new(setup, move |message, _| {
        let targets: Vec<(String, String)> = selection.get_untracked().into_iter().collect();
        let api = api.clone();
        async move {
            let results = walk::each(
                targets,
                |(id, name)| {
                    let (api, message) = (api.clone(), message.clone());
                    async move {
                        let r = api::push::send(&api, &id, &message)
                            .await
                            .map_err(|e| e.to_string());
                        Ok((name, r))
                    }
                },
                |_| (),
            )
            .await
            .unwrap_or_default();
            match report(&results) {
                Ok(note) => {
                    selection.set(Default::default());
                    Ok(Saved::Sent { note })
                }
                Err((message, details)) => Err(Failure {
                    message,
                    details,
                    answer_lost: false,
                }),
            }
        }
    });
    view! {
        <Show when=move || { count() > 0 || form.answered() }>
            <FormView form=form heading="Send push notification" heading_level=2 class="bulk-push"
                submit="Send to the selected devices" busy_label="Sending…"
                blocked=Signal::derive(move || count() == 0)>
                <p class="selection-line">
                    {move || format!("{} device{} selected", count(), if count() == 1 { "" } else { "s" })}
                    <button type="button" class="link-button" disabled=move || count() == 0
                        on:click=move |_| selection.set(Default::default())>"Clear selection"</button>
                </p>
                <FormText form=form field=PushField::Message multiline=true
                    hint="Optional. Sent to each selected device; leave empty for a silent push."/>
            </FormView>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::report;

    #[test]
    fn reports_say_what_each_device_answered() {
        let ok = vec![("A".to_string(), Ok("1".to_string()))];
        assert_eq!(
            report(&ok),
            Ok("Push notification sent to 1 device.".into())
        );
        let mixed = vec![
            ("A".to_string(), Ok("1".to_string())),
            ("B".to_string(), Err("Unknown item".to_string())),
        ];
        assert_eq!(
            report(&mixed),
            Err((
                "Sent to 1 of 2 devices; not sent to 1:".into(),
                vec!["B: Unknown item".to_string()]
            ))
        );
    }
}
