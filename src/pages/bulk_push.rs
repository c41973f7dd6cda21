//! "Send push notification" to the devices ticked in a list: planned as a
//! bulk change (one request per device), previewed and sent on `/bulk`
//! with its queue, results and report.

use leptos::prelude::*;

use crate::bulk;
use crate::components::data_table::Selection;
use crate::components::form::{Failure, FormSetup, FormText, FormView, ItemForm, Saved};
use crate::model::bulk::{Edit, Op, Run, Target};
use crate::model::{PushField, PushMessage};
use crate::routes::Route;
use crate::session::Session;

#[component]
pub fn BulkPush(
    selection: Selection,
    /// A message to start from (a link may suggest one).
    #[prop(optional, into)]
    message: String,
) -> impl IntoView {
    let owner = expect_context::<Session>().draft_owner_untracked();
    let count = move || selection.with(|s| s.len());
    let start = PushMessage::default().with(PushField::Message, message);
    let form = ItemForm::new(FormSetup::add(start), move |message, _| {
        let text = message.trimmed(PushField::Message).to_string();
        let ops = selection.with_untracked(|chosen| {
            chosen
                .iter()
                .map(|(id, name)| Op::new(id, name, vec![Edit::of(PushField::Message, "", &text)]))
                .collect()
        });
        let run = Run::new(
            js_sys::Date::now() as i64,
            "Push notification",
            Target::Push,
            ops,
        );
        let planned = bulk::plan(&owner, run);
        async move {
            if planned {
                Ok(Saved::Go {
                    toast: "Push notification planned: check it, then send it.".into(),
                    href: Route::Bulk.href(),
                })
            } else {
                Err(Failure {
                    message: "Another bulk change is being sent: open Bulk change to see it through first.".into(),
                    details: Vec::new(),
                    answer_lost: false,
                })
            }
        }
    });
    view! {
        <FormView form=form heading="Send push notification" heading_level=2 class="bulk-push"
            submit="Preview the push…" blocked=Signal::derive(move || count() == 0)>
            <FormText form=form field=PushField::Message multiline=true
                hint="Optional. Sent to each selected device; leave empty for a silent push."/>
        </FormView>
    }
}
