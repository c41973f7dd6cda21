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

/// Whether `busy` has been true for `ms` on end: what a busy state is drawn
/// from, so work that is over sooner (a page from a near server) draws
/// none. Drawing it right away cost a frame, about 10 ms of paint for a
/// dimmed table of 100 rows, that the answer then waited behind.
pub fn busy_after(busy: impl Fn() -> bool + 'static, ms: u64) -> ReadSignal<bool> {
    let (shown, set_shown) = signal(false);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let stop = move || {
        if let Some(t) = timer.try_update_value(Option::take).flatten() {
            t.clear();
        }
    };
    Effect::new(move |_| {
        stop();
        if busy() {
            let handle = set_timeout_with_handle(
                move || {
                    set_shown.try_set(true);
                },
                std::time::Duration::from_millis(ms),
            );
            timer.set_value(handle.ok());
        } else {
            set_shown.set(false);
        }
    });
    on_cleanup(stop);
    shown
}

/// What went wrong, in words, with a way to try again.
#[component]
pub fn ErrorPanel(
    message: String,
    #[prop(optional)] on_retry: Option<Callback<()>>,
) -> impl IntoView {
    // What failed while offline loads again once the connection is back.
    if let Some(retry) = on_retry {
        crate::components::connection::on_window_events(&["online"], move || retry.run(()));
    }
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
pub fn EmptyState(
    #[prop(into)] title: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="empty-state">
            <p class="empty-title">{title}</p>
            {children.map(|c| c())}
        </div>
    }
}

/// Progress of a walk over many pages (`loaded` of `total` read; `total`
/// is 0 until the first page says it), with a way to stop it.
#[component]
pub fn PageProgress(
    /// "Loading fixes".
    #[prop(into)]
    label: Signal<String>,
    #[prop(into)] loaded: Signal<u64>,
    #[prop(into)] total: Signal<u64>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let text = move || {
        let (loaded, total, label) = (loaded.get(), total.get(), label.get());
        if total == 0 {
            format!("{label}…")
        } else {
            format!("{label}: {loaded} of {total}")
        }
    };
    view! {
        <div class="page-progress" role="status">
            <span class="spinner" aria-hidden="true"></span>
            <span>{text}</span>
            <progress aria-label=label max=move || total.get().max(1).to_string()
                value=move || loaded.get().to_string()></progress>
            <button type="button" on:click=move |_| on_cancel.run(())>"Cancel"</button>
        </div>
    }
}
