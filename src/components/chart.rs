//! A bar chart of counts, drawn as SVG by the portal: every bar is a link
//! (to the list of what it counts) named by its label and number, so the
//! chart reads without colour and without a mouse; "Show as table" gives
//! the same numbers as a table.

use leptos::prelude::*;

/// One bar: what it counts, how many, and where its items are listed.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub count: u64,
    pub href: Option<String>,
}

pub use crate::model::count::grouped;

#[component]
pub fn BarChart(
    /// The chart's heading, e.g. "Devices by platform".
    #[prop(into)]
    title: String,
    /// An id for the heading (unique on the page).
    id: &'static str,
    #[prop(into)] bars: Signal<Vec<Bar>>,
    /// Said when there are no bars yet (or none at all).
    #[prop(into)]
    empty: Signal<String>,
) -> impl IntoView {
    let as_table = RwSignal::new(false);
    let heading = format!("{id}-title");
    let most = move || bars.with(|b| b.iter().map(|b| b.count).max().unwrap_or(0).max(1));
    let total = move || bars.with(|b| b.iter().map(|b| b.count).sum::<u64>().max(1));
    let chart = move || {
        let most = most();
        bars.get()
            .into_iter()
            .map(|bar| {
                // Whole percent steps: the bars need no more to be read.
                let width = (bar.count * 100).div_ceil(most).min(100);
                let name = format!("{}: {}", bar.label, grouped(bar.count));
                let line = view! {
                    <span class="bar-label">{bar.label.clone()}</span>
                    <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                        <rect class="bar-track" x="0" y="0" width="100" height="10"></rect>
                        <rect class="bar-fill" x="0" y="0" width=width.to_string() height="10"></rect>
                    </svg>
                    <span class="bar-count">{grouped(bar.count)}</span>
                };
                match bar.href {
                    Some(href) => view! { <li><a class="bar-line" href=href aria-label=name>{line}</a></li> }.into_any(),
                    None => view! { <li><span class="bar-line" aria-label=name>{line}</span></li> }.into_any(),
                }
            })
            .collect_view()
    };
    let caption = format!("{title}, as a table");
    let table = move || {
        let total = total();
        view! {
            <table class="data-table chart-table">
                <caption class="visually-hidden">{caption.clone()}</caption>
                <thead><tr><th scope="col">"Value"</th><th scope="col">"Devices"</th><th scope="col">"Share"</th></tr></thead>
                <tbody>
                    {bars.get().into_iter().map(|bar| {
                        let share = format!("{:.1} %", bar.count as f64 * 100.0 / total as f64);
                        let label = match bar.href {
                            Some(href) => view! { <a href=href>{bar.label}</a> }.into_any(),
                            None => view! { <span>{bar.label}</span> }.into_any(),
                        };
                        view! { <tr><th scope="row">{label}</th><td>{grouped(bar.count)}</td><td>{share}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
        }
    };
    view! {
        <figure class="chart" aria-labelledby=heading.clone()>
            <figcaption class="chart-head">
                <h2 id=heading.clone()>{title}</h2>
                <button type="button" class="link-button" aria-pressed=move || as_table.get().to_string()
                    on:click=move |_| as_table.update(|t| *t = !*t)>"Show as table"</button>
            </figcaption>
            {move || if bars.with(Vec::is_empty) {
                view! { <p class="muted chart-empty">{empty.get()}</p> }.into_any()
            } else if as_table.get() {
                table().into_any()
            } else {
                view! { <ol class="bars">{chart}</ol> }.into_any()
            }}
        </figure>
    }
}
