use leptos::error::Errors;
use leptos::prelude::*;

#[component]
pub fn Loading(#[prop(into)] label: String) -> impl IntoView {
    view! {
        <p class="loading" role="status">
            <span class="spinner" aria-hidden="true"></span>
            {label}
        </p>
    }
}

/// What went wrong, in words, with a way to try again.
#[component]
pub fn ErrorPanel(
    message: String,
    #[prop(optional)] on_retry: Option<Callback<()>>,
) -> impl IntoView {
    view! {
        <div class="error-panel" role="alert">
            <p>{message}</p>
            {on_retry.map(|retry| view! {
                <button type="button" on:click=move |_| retry.run(())>"Retry"</button>
            })}
        </div>
    }
}

/// The text of an `ErrorBoundary`'s errors (each `ApiError` says what to do).
pub fn errors_text(errors: &Errors) -> String {
    errors
        .iter()
        .map(|(_, e)| e.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

#[component]
pub fn EmptyState(#[prop(into)] title: String, children: Children) -> impl IntoView {
    view! {
        <div class="empty-state">
            <p class="empty-title">{title}</p>
            {children()}
        </div>
    }
}
