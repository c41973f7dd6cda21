//! "Send push notification" to the devices ticked in a list: one request per
//! device, a few at a time, and an honest account of what each answered.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, use_api, walk};
use crate::components::data_table::Selection;
use crate::components::form::{FormFooter, TextField};

/// The longest message a push carries (as on the device page).
const MESSAGE_MAX: usize = 240;

/// What came of a push to several devices.
fn report(results: &[(String, Result<String, String>)]) -> (String, Vec<String>) {
    let failed: Vec<String> = results
        .iter()
        .filter_map(|(name, r)| r.as_ref().err().map(|e| format!("{name}: {e}")))
        .collect();
    let sent = results.len() - failed.len();
    let plural = |n: usize| if n == 1 { "device" } else { "devices" };
    let summary = if failed.is_empty() {
        format!("Push notification sent to {sent} {}.", plural(sent))
    } else {
        format!(
            "Sent to {sent} of {} {}; not sent to {}:",
            results.len(),
            plural(results.len()),
            failed.len()
        )
    };
    (summary, failed)
}

#[component]
pub fn BulkPush(selection: Selection) -> impl IntoView {
    let api = use_api();
    let message = RwSignal::new(String::new());
    let sending = RwSignal::new(false);
    let outcome = RwSignal::new(None::<(String, Vec<String>)>);
    let count = move || selection.with(|s| s.len());
    let field_error = Signal::derive(move || {
        (message.with(|m| m.trim().chars().count()) > MESSAGE_MAX)
            .then(|| format!("Use at most {MESSAGE_MAX} characters."))
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() || field_error.get_untracked().is_some() || count() == 0 {
            return;
        }
        sending.set(true);
        outcome.set(None);
        let targets: Vec<(String, String)> = selection.get_untracked().into_iter().collect();
        let (api, text) = (api.clone(), message.get_untracked());
        spawn_local(async move {
            let results = walk::each(
                targets,
                |(id, name)| {
                    let (api, text) = (api.clone(), text.clone());
                    async move {
                        let r = api::push::send(&api, &id, &text)
                            .await
                            .map_err(|e| e.to_string());
                        Ok((name, r))
                    }
                },
                |_| (),
            )
            .await
            .unwrap_or_default();
            let (summary, failed) = report(&results);
            if failed.is_empty() {
                message.set(String::new());
                selection.set(Default::default());
            }
            outcome.set(Some((summary, failed)));
            sending.set(false);
        });
    };
    view! {
        <Show when=move || { count() > 0 || outcome.with(Option::is_some) }>
            <form class="inline-form bulk-push" aria-labelledby="bulk-push-title" on:submit=on_submit.clone() novalidate>
                <h2 id="bulk-push-title">"Send push notification"</h2>
                <p class="selection-line">
                    {move || format!("{} device{} selected", count(), if count() == 1 { "" } else { "s" })}
                    <button type="button" class="link-button" disabled=move || count() == 0
                        on:click=move |_| selection.set(Default::default())>"Clear selection"</button>
                </p>
                <TextField id="bulk-push-message" label="Message" value=message multiline=true error=field_error
                    hint="Optional. Sent to each selected device; leave empty for a silent push."/>
                {move || outcome.get().map(|(summary, failed)| {
                    let ok = failed.is_empty();
                    view! {
                        <div class=if ok { "form-ok" } else { "form-error" } role=if ok { "status" } else { "alert" }>
                            <p>{summary}</p>
                            {(!ok).then(|| view! { <ul>{failed.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}</ul> })}
                        </div>
                    }
                })}
                <FormFooter label="Send to the selected devices" busy_label="Sending…" busy=sending
                    blocked=Signal::derive(move || count() == 0)/>
            </form>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::report;

    #[test]
    fn reports_say_what_each_device_answered() {
        let ok = vec![("A".to_string(), Ok("1".to_string()))];
        assert_eq!(report(&ok).0, "Push notification sent to 1 device.");
        let mixed = vec![
            ("A".to_string(), Ok("1".to_string())),
            ("B".to_string(), Err("Unknown item".to_string())),
        ];
        let (summary, failed) = report(&mixed);
        assert_eq!(summary, "Sent to 1 of 2 devices; not sent to 1:");
        assert_eq!(failed, vec!["B: Unknown item"]);
    }
}
