//! The benchmark's Leptos floor: `?list=group|device&limit=100&page=1`, the
//! key in sessionStorage, one route, one resource from the query string, the
//! rows as a keyed view, and a pager whose "Next page" changes the URL. The
//! same markers as the portal and the plain page (bench/plain/), so the
//! benchmark times all three alike. What the portal's ratios are held against
//! when the question is what Leptos and wasm cost by themselves.
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::path;
use serde_json::Value;
use std::sync::Arc;

fn main() {
    leptos::mount::mount_to_body(|| {
        view! {
            <Router>
                <Routes fallback=|| "Not found">
                    <Route path=path!("") view=List/>
                </Routes>
            </Router>
        }
    })
}

struct Page {
    rows: Vec<Value>,
    total: u64,
    /// The page these rows are: the range is drawn with them, not before.
    from: u64,
}

async fn fetch(list: String, limit: u64, page: u64) -> Result<Arc<Page>, String> {
    let key = web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .and_then(|s| s.get_item("ezmdm.apiKey").ok().flatten())
        .ok_or("signed out")?;
    let url = format!("api/v1/{key}/{list}?limit={limit}&page={page}");
    let answer: Value = gloo_net::http::Request::get(&url)
        .send()
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    let rows = answer["data"].as_array().cloned().unwrap_or_default();
    let total = answer["total"].as_u64().unwrap_or(0);
    let from = (page - 1) * limit + 1;
    Ok(Arc::new(Page { rows, total, from }))
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        v => v.to_string(),
    }
}

#[component]
fn List() -> impl IntoView {
    let query = use_query_map();
    let list = move || query.read().get("list").unwrap_or_default();
    let limit = move || query.read().get("limit").and_then(|l| l.parse().ok()).unwrap_or(100u64);
    let page = move || query.read().get("page").and_then(|p| p.parse().ok()).unwrap_or(1u64);
    let data = LocalResource::new(move || fetch(list(), limit(), page()));
    let navigate = use_navigate();
    let next = move |_| {
        navigate(&format!("?list={}&limit={}&page={}", list(), limit(), page() + 1), Default::default())
    };
    let devices = move || list() == "device";
    view! {
        <main id="main">
            <table>
                <caption>{move || if devices() { "Devices" } else { "Groups" }}</caption>
                <thead><tr>{move || {
                    let head: &[&str] = if devices() {
                        &["Name", "Platform / model", "OS version", "Owner", "Last check-in"]
                    } else {
                        &["Name", "Description"]
                    };
                    head.iter().map(|h| view! { <th>{*h}</th> }).collect_view()
                }}</tr></thead>
                <tbody>
                    <Transition>
                        {move || data.get().map(|answer| match answer {
                            Ok(p) => p.rows.iter().map(|r| {
                                let id = text(&r["id"]);
                                if devices() {
                                    let owner = text(&r["userId"]);
                                    view! {
                                        <tr>
                                            <th scope="row"><a href=format!("devices/{id}")>{text(&r["name"])}</a></th>
                                            <td>{format!("{} · {}", text(&r["platform"]), text(&r["model"]))}</td>
                                            <td>{text(&r["osVersion"])}</td>
                                            <td>{(!owner.is_empty()).then(|| view! { <a href=format!("users/{owner}")>"View owner"</a> })}</td>
                                            <td>{text(&r["lastCheckIn"])}</td>
                                        </tr>
                                    }.into_any()
                                } else {
                                    view! {
                                        <tr>
                                            <th scope="row"><a href=format!("groups/{id}")>{text(&r["name"])}</a></th>
                                            <td>{text(&r["description"])}</td>
                                        </tr>
                                    }.into_any()
                                }
                            }).collect_view().into_any(),
                            Err(e) => view! { <tr><td>{e}</td></tr> }.into_any(),
                        })}
                    </Transition>
                </tbody>
            </table>
            <nav aria-label="Pagination">
                <span class="range">{move || data.get().and_then(|a| a.ok()).map(|p| {
                    format!("{}–{} of {}", p.from, p.from + p.rows.len() as u64 - 1, p.total)
                })}</span>
                " "
                <button type="button" aria-label="Next page" on:click=next>"›"</button>
            </nav>
        </main>
    }
}
