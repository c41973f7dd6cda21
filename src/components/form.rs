use leptos::prelude::*;

/// A labelled text input with its own error line; what the user typed lives
/// in `value` and survives any failure.
#[component]
pub fn TextField(
    /// Element id, also used for the error's id.
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    #[prop(optional)] required: bool,
    #[prop(optional)] multiline: bool,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = if hint.is_some() {
        format!("{error_id} {hint_id}")
    } else {
        error_id.clone()
    };
    let invalid = move || error.with(Option::is_some).to_string();
    let input = if multiline {
        view! {
            <textarea id=id name=id rows="3" aria-invalid=invalid aria-describedby=described.clone()
                aria-required=required.to_string()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id name=id type="text" aria-invalid=invalid aria-describedby=described
                aria-required=required.to_string()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
        }
        .into_any()
    };
    view! {
        <div class="form-field">
            <label for=id>{label}{required.then_some(view! { <span class="required" aria-hidden="true">" *"</span> })}</label>
            {input}
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            <p class="field-error" id=error_id>{move || error.get()}</p>
        </div>
    }
}

/// The end of every form: the server's error (kept next to the form), the
/// submit button that reads "Saving…" and stays disabled while a request is
/// out, and an optional Cancel link.
#[component]
pub fn FormFooter(
    label: &'static str,
    #[prop(default = "Saving…")] busy_label: &'static str,
    #[prop(into)] busy: Signal<bool>,
    /// The server's error; `None` for forms that report outcomes themselves.
    #[prop(optional, into)]
    error: Option<Signal<Option<String>>>,
    /// Disables the button for another reason (e.g. nothing changed).
    #[prop(optional, into)]
    blocked: Option<Signal<bool>>,
    #[prop(optional, into)] cancel_href: Option<String>,
) -> impl IntoView {
    view! {
        {error.map(|error| view! { <p class="form-error" role="alert">{move || error.get()}</p> })}
        <div class="form-actions">
            <button type="submit" class="primary"
                disabled=move || busy.get() || blocked.is_some_and(|b| b.get())>
                {move || if busy.get() { busy_label } else { label }}
            </button>
            {cancel_href.map(|href| view! { <a href=href>"Cancel"</a> })}
        </div>
    }
}
