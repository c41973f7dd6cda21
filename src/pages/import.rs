//! Import users or groups from CSV (`/users/import`, `/groups/import`): a
//! file chosen or CSV pasted, each field's column (guessed from the
//! header), then a dry run against the account — every row checked, every
//! existing user (or group) read for emails (names) already there, a
//! user's missing group reported or created — and the new items planned as
//! a bulk change, previewed in full before any PUT.

use std::collections::HashSet;

use futures::future::LocalBoxFuture;
use futures::FutureExt;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::bulk::use_plan;
use crate::activity;
use crate::api::{self, use_api, walk::Progress, Api, ApiError};
use crate::components::download::download;
use crate::components::page_head::{Breadcrumbs, Crumb, PageHead};
use crate::components::status::{ErrorPanel, PageProgress};
use crate::drafts;
use crate::model::bulk::{Op, Run, Target};
use crate::model::import::{
    check, check_groups, parse_csv, Groups, Importable, Mapping, Plan, RowCheck, Table, LARGE,
};
use crate::model::{Field, GroupField, Kind, NewGroup, UserField};
use crate::routes::Route;
use crate::session::Session;

/// Files larger than this are not read (a user list of 10,000 rows is
/// about 1 MB).
const MAX_BYTES: f64 = 20_000_000.0;

/// What the account holds that a dry run checks against: its groups, and
/// the unique field of every item there (lower case).
#[derive(Clone)]
struct Account {
    groups: Vec<(String, String)>,
    existing: HashSet<String>,
}

/// What differs between importing users and importing groups.
trait ImportKind: Importable {
    const PAGE: Route<'static>;
    const TITLE: &'static str;
    const LIST: (&'static str, Route<'static>);
    const TARGET: Target;
    /// What reading the account says it does.
    const READING: &'static str;

    fn read(
        api: Api,
        progress: Box<dyn Fn(Progress)>,
    ) -> LocalBoxFuture<'static, Result<Account, ApiError>>;
    fn check(
        table: &Table,
        mapping: &Mapping,
        account: &Account,
        create_missing: bool,
    ) -> Plan<Self>;
    fn ops(plan: &Plan<Self>, groups: Groups) -> Vec<Op>;
}

fn lower(texts: impl IntoIterator<Item = String>) -> HashSet<String> {
    texts
        .into_iter()
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
        .collect()
}

impl ImportKind for UserField {
    const PAGE: Route<'static> = Route::ImportUsers;
    const TITLE: &'static str = "Import users";
    const LIST: (&'static str, Route<'static>) = ("Users", Route::Users);
    const TARGET: Target = Target::NewUsers;
    const READING: &'static str = "Reading every user to find those already there";

    fn read(
        api: Api,
        progress: Box<dyn Fn(Progress)>,
    ) -> LocalBoxFuture<'static, Result<Account, ApiError>> {
        async move {
            let groups = api::groups::all(&api, |_| ()).await?;
            let users = api::users::all(&api, progress).await?;
            Ok(Account {
                groups: groups.into_iter().map(|g| (g.id, g.name)).collect(),
                existing: lower(users.into_iter().map(|u| u.email)),
            })
        }
        .boxed_local()
    }

    fn check(
        table: &Table,
        mapping: &Mapping,
        account: &Account,
        create_missing: bool,
    ) -> Plan<Self> {
        let groups = Groups::new(account.groups.clone());
        check(table, mapping, &groups, &account.existing, create_missing)
    }

    fn ops(plan: &Plan<Self>, groups: Groups) -> Vec<Op> {
        plan.ops(&groups)
    }
}

impl ImportKind for GroupField {
    const PAGE: Route<'static> = Route::ImportGroups;
    const TITLE: &'static str = "Import groups";
    const LIST: (&'static str, Route<'static>) = ("Groups", Route::Groups);
    const TARGET: Target = Target::NewGroups;
    const READING: &'static str = "Reading every group to find those already there";

    fn read(
        api: Api,
        progress: Box<dyn Fn(Progress)>,
    ) -> LocalBoxFuture<'static, Result<Account, ApiError>> {
        async move {
            let groups = api::groups::all(&api, progress).await?;
            Ok(Account {
                existing: lower(groups.iter().map(|g| g.name.clone())),
                groups: groups.into_iter().map(|g| (g.id, g.name)).collect(),
            })
        }
        .boxed_local()
    }

    fn check(table: &Table, mapping: &Mapping, account: &Account, _: bool) -> Plan<Self> {
        check_groups(table, mapping, &account.existing)
    }

    fn ops(plan: &Plan<Self>, _: Groups) -> Vec<Op> {
        plan.ops()
    }
}

use crate::model::count::plural;

#[component]
pub fn ImportUsersPage() -> impl IntoView {
    import_page::<UserField>()
}

#[component]
pub fn ImportGroupsPage() -> impl IntoView {
    import_page::<GroupField>()
}

fn import_page<F: ImportKind>() -> impl IntoView {
    let api = use_api();
    let session = expect_context::<Session>();
    let owner = session.draft_owner_untracked();
    // The text is kept as it is typed: a reload or a sign-out finds it.
    let draft = format!("{owner}:{}#csv", F::PAGE.app_path());
    let text = RwSignal::new(
        drafts::load(&draft)
            .and_then(|f| f.into_iter().find(|(n, _)| n == "csv").map(|(_, v)| v))
            .unwrap_or_default(),
    );
    {
        let draft = draft.clone();
        Effect::new(move |_| {
            let t = text.get();
            if t.is_empty() {
                drafts::remove(&draft);
            } else {
                drafts::save(&draft, &[("csv", t)]);
            }
        });
    }
    let file_error = RwSignal::new(None::<String>);
    let parsed = Memo::new(move |_| text.with(|t| (!t.trim().is_empty()).then(|| parse_csv(t))));
    let table =
        Memo::new(move |_| parsed.with(|p| p.as_ref().and_then(|p| p.as_ref().ok().cloned())));
    let mapping = RwSignal::new(Mapping::default());
    // A new header: guess its columns again.
    Effect::new(move |prev: Option<Vec<String>>| {
        let header = table.with(|t| t.as_ref().map(|t| t.header.clone()).unwrap_or_default());
        if prev.as_ref() != Some(&header) {
            mapping.set(Mapping::guess::<F>(&header));
        }
        header
    });
    let create_missing = RwSignal::new(false);
    let account = RwSignal::new(None::<Account>);
    let reading = RwSignal::new(None::<Progress>);
    let read_error = RwSignal::new(None::<String>);
    let round = StoredValue::new(0u32);
    // Any change to the file or the mapping makes the last check moot.
    Effect::new(move |_| {
        table.track();
        mapping.track();
        round.update_value(|r| *r += 1);
        reading.set(None);
    });
    let plan = Memo::new(move |_| {
        let account = account.get()?;
        let table = table.get()?;
        Some(F::check(
            &table,
            &mapping.get(),
            &account,
            create_missing.get(),
        ))
    });
    let checked = RwSignal::new(false);
    Effect::new(move |_| {
        table.track();
        mapping.track();
        checked.set(false);
    });

    let on_file = move |ev: web_sys::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        file_error.set(None);
        if file.size() > MAX_BYTES {
            file_error.set(Some(
                "This file is larger than 20 MB: split it, then import each part.".into(),
            ));
            return;
        }
        spawn_local(async move {
            let read = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string());
            match read {
                None => {
                    file_error.try_set(Some("The file could not be read.".into()));
                }
                // Bytes that are not UTF-8 come out as U+FFFD.
                Some(t) if t.contains('\u{fffd}') => {
                    file_error.try_set(Some(
                        "This file is not UTF-8 text, so some letters cannot be read: save it as “CSV UTF-8” and choose it again.".into(),
                    ));
                }
                Some(t) => {
                    text.try_set(t);
                }
            }
        });
    };

    let run_check = {
        let api = api.clone();
        move |_| {
            let rows = table.with_untracked(|t| t.as_ref().map_or(0, |t| t.rows.len()));
            if rows > LARGE {
                let ask = format!(
                    "The file has {}. Check them all? Reading and checking may take a while.",
                    plural(rows, "row")
                );
                let sure = web_sys::window()
                    .and_then(|w| w.confirm_with_message(&ask).ok())
                    .unwrap_or(false);
                if !sure {
                    return;
                }
            }
            read_error.set(None);
            reading.set(Some(Progress::default()));
            round.update_value(|r| *r += 1);
            let this_round = round.get_value();
            let api = api.clone();
            spawn_local(async move {
                let answer = F::read(
                    api,
                    Box::new(move |p| {
                        if round.try_get_value() == Some(this_round) {
                            reading.try_set(Some(p));
                        }
                    }),
                )
                .await;
                if round.try_get_value() != Some(this_round) {
                    return;
                }
                reading.try_set(None);
                match answer {
                    Ok(a) => {
                        account.try_set(Some(a));
                        checked.try_set(true);
                    }
                    Err(e) => {
                        read_error
                            .try_set(Some(format!("The account's users could not be read: {e}")));
                    }
                }
            });
        }
    };
    let cancel_check = Callback::new(move |_| {
        round.update_value(|r| *r += 1);
        reading.set(None);
    });

    let plan_run = use_plan();
    let refused = RwSignal::new(None::<String>);
    let creating = RwSignal::new(None::<String>);
    let add = {
        let (api, owner, draft) = (api.clone(), owner.clone(), draft.clone());
        move |_| {
            let Some(p) = plan.get_untracked() else {
                return;
            };
            let Some(a) = account.get_untracked() else {
                return;
            };
            let (api, owner, draft, plan_run) =
                (api.clone(), owner.clone(), draft.clone(), plan_run.clone());
            let wanted: Vec<String> = if create_missing.get_untracked() {
                p.missing_groups.clone()
            } else {
                Vec::new()
            };
            spawn_local(async move {
                let mut groups = a.groups.clone();
                let mut failed = Vec::new();
                for (i, name) in wanted.iter().enumerate() {
                    creating.try_set(Some(format!(
                        "Creating group {} of {}: {name}",
                        i + 1,
                        wanted.len()
                    )));
                    match create_group(&api, &owner, name).await {
                        Ok(id) => groups.push((id, name.clone())),
                        Err(e) => failed.push(format!("{name}: {e}")),
                    }
                }
                creating.try_set(None);
                if !failed.is_empty() {
                    refused.try_set(Some(format!(
                        "Not every group could be created ({}); the users of those groups are skipped in the preview.",
                        failed.join("; ")
                    )));
                }
                let ops = F::ops(&p, Groups::new(groups));
                let n = ops.len();
                let run = Run::new(
                    js_sys::Date::now() as i64,
                    format!("Import {}", plural(n, F::NOUN)),
                    F::TARGET,
                    ops,
                );
                drafts::remove(&draft);
                plan_run(run, refused);
            });
        }
    };

    let template = move |_| {
        download(
            &format!("{}s-template.csv", F::NOUN),
            "text/csv",
            &F::template(),
        );
    };
    let (list_label, list) = F::LIST;
    // The fields a file must have a column for (a user's group may be
    // missing from the file: each row then says so).
    let needed: Vec<F> = F::ALL
        .iter()
        .copied()
        .filter(|f| f.rule().required.is_some() && f.spec().kind != Kind::Choice)
        .collect();
    let parse_error = move || parsed.with(|p| p.as_ref().and_then(|p| p.as_ref().err().cloned()));
    view! {
        <Breadcrumbs trail=vec![Crumb::link(list_label, list.href()), Crumb::here(F::TITLE)]/>
        <PageHead title=F::TITLE/>
        <p class="page-intro">
            {format!("Add many {n}s from a CSV file: one row per {n}, a header naming the columns. \
                Every row is checked and compared with the account's {n}s before anything is sent, \
                and the new {n}s are shown in full before they are added.", n = F::NOUN)}
        </p>
        <section class="import-step" aria-labelledby="import-file">
            <h2 id="import-file">"1. The file"</h2>
            <div class="import-source">
                <label class="button secondary file-button">"Choose a CSV file…"
                    <input type="file" accept=".csv,text/csv,text/plain" class="visually-hidden" on:change=on_file/>
                </label>
                <button type="button" class="link-button" on:click=template>"Download a template"</button>
            </div>
            {move || file_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <label for="import-csv">"…or paste CSV"</label>
            <textarea id="import-csv" rows="6" spellcheck="false" prop:value=text
                aria-describedby="import-csv-error"
                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <p id="import-csv-error" class="field-error" role="alert">{parse_error}</p>
        </section>
        {move || table.get().map(|t| mapping_step::<F>(t, mapping))}
        {move || table.with(|t| t.as_ref().is_some_and(|t| !t.rows.is_empty())).then(|| {
            let (run_check, needed) = (run_check.clone(), needed.clone());
            view! {
                <section class="import-step" aria-labelledby="import-check">
                    <h2 id="import-check">"3. Check"</h2>
                    <button type="button" on:click=run_check disabled=move || reading.with(Option::is_some)
                        || mapping.with(|m| needed.iter().any(|f| m.column(*f).is_none()))>
                        "Check every row"
                    </button>
                    {move || reading.get().map(|p| view! {
                        <PageProgress label=F::READING
                            loaded=Signal::derive(move || reading.get().unwrap_or(p).loaded)
                            total=Signal::derive(move || reading.get().unwrap_or(p).total)
                            on_cancel=cancel_check/>
                    })}
                    {move || read_error.get().map(|e| view! { <ErrorPanel message=e/> })}
                </section>
            }
        })}
        {move || (checked.get()).then(|| plan.get()).flatten().map(|p| {
            let add = add.clone();
            dry_run(p, create_missing, add, creating, refused)
        })}
    }
}

/// Adds the group `name`, logged as the forms log it.
async fn create_group(api: &Api, owner: &str, name: &str) -> Result<String, ApiError> {
    let at = js_sys::Date::now() as i64;
    let new = NewGroup::default().with(GroupField::Name, name);
    let answer = api::groups::create(api, &new).await;
    let result = match &answer {
        Ok(_) => activity::Ended::Done,
        Err(e) if e.answer_lost() => activity::Ended::Unknown,
        Err(e) => activity::Ended::Failed(e.to_string()),
    };
    activity::record(
        owner,
        activity::Entry {
            n: 0,
            at,
            action: "New group (import)".into(),
            item: name.into(),
            href: answer.as_ref().ok().map(|id| Route::Group(id).href()),
            changes: vec![activity::Change {
                field: GroupField::Name.label().into(),
                before: String::new(),
                after: name.into(),
            }],
            result,
        },
    );
    answer
}

/// Which column holds each field: a choice per field, guessed first.
fn mapping_step<F: ImportKind>(table: Table, mapping: RwSignal<Mapping>) -> impl IntoView {
    let header = table.header.clone();
    let rows = table.rows.len();
    // A first row with no column named like a field is most likely data.
    let no_header = Mapping::guess::<F>(&header).0.is_empty();
    let fields = F::ALL
        .iter()
        .map(|field| {
            let field = *field;
            let id = format!("map-{}", field.key());
            let options = header
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    let label = if h.is_empty() { format!("Column {}", i + 1) } else { h.clone() };
                    view! {
                        <option value=i.to_string() selected=move || mapping.with(|m| m.column(field) == Some(i))>{label}</option>
                    }
                })
                .collect_view();
            let pick = move |ev: leptos::ev::Event| {
                let column = event_target_value(&ev).parse::<usize>().ok();
                mapping.update(|m| m.set(field, column));
            };
            let required = field.rule().required.is_some();
            view! {
                <div class="import-map">
                    <label for=id.clone()>{field.label()}{required.then_some(" (required)")}</label>
                    <select id=id on:change=pick>
                        <option value="" selected=move || mapping.with(|m| m.column(field).is_none())>"(not in the file)"</option>
                        {options}
                    </select>
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="import-step" aria-labelledby="import-map">
            <h2 id="import-map">"2. Columns"</h2>
            <p>{format!("{} under a header of {}.", plural(rows, "row"), plural(header.len(), "column"))}
                {(F::TARGET == Target::NewUsers).then_some(" Choose the column that holds each field; the group may be named or given by its id.")}</p>
            {no_header.then(|| view! {
                <p class="field-error" role="alert">
                    "No column of the first row is named like a field, so the file may have no header row: "
                    "add one (the template shows it), or choose each field's column below."
                </p>
            })}
            <div class="import-maps">{fields}</div>
        </section>
    }
}

/// The dry run's summary, the rows that will not be added and why, and
/// the step to the preview.
fn dry_run<F: ImportKind>(
    plan: Plan<F>,
    create_missing: RwSignal<bool>,
    add: impl Fn(leptos::ev::MouseEvent) + 'static,
    creating: RwSignal<Option<String>>,
    refused: RwSignal<Option<String>>,
) -> impl IntoView {
    let s = plan.summary();
    let mut parts = vec![format!("{} to add", s.add)];
    if s.exist > 0 {
        parts.push(format!("{} already exist", s.exist));
    }
    if s.duplicate > 0 {
        parts.push(format!("{} repeated in the file", s.duplicate));
    }
    if s.invalid > 0 {
        parts.push(format!("{} invalid", s.invalid));
    }
    let summary = parts.join(", ");
    let problems = plan
        .rows
        .iter()
        .filter(|r| r.check != RowCheck::Add)
        .map(|r| {
            let why = match &r.check {
                RowCheck::Exists => format!(
                    "A {} with this {} exists already.",
                    F::NOUN,
                    F::UNIQUE.label().to_lowercase()
                ),
                RowCheck::Duplicate { line } => format!(
                    "The same {} is on line {line}.",
                    F::UNIQUE.label().to_lowercase()
                ),
                RowCheck::Invalid(problems) => problems.join(" "),
                RowCheck::Add => String::new(),
            };
            view! { <tr><td>{r.line}</td><th scope="row">{r.name()}</th><td>{why}</td></tr> }
        })
        .collect_view();
    let missing = plan.missing_groups.clone();
    let unknown_groups = plan
        .rows
        .iter()
        .any(|r| matches!(&r.check, RowCheck::Invalid(p) if p.iter().any(|p| p.starts_with("Unknown group"))));
    let groups_line = (!missing.is_empty()).then(|| {
        format!(
            "{} will be created first: {}.",
            plural(missing.len(), "group"),
            missing.join(", ")
        )
    });
    let button = if missing.is_empty() {
        format!("Preview the {} to add…", plural(s.add, F::NOUN))
    } else {
        format!(
            "Create {} and preview the {} to add…",
            plural(missing.len(), "group"),
            plural(s.add, F::NOUN)
        )
    };
    view! {
        <section class="import-step" aria-labelledby="import-dry-run">
            <h2 id="import-dry-run">"4. Dry run"</h2>
            <p class="import-summary" role="status">{summary}</p>
            {(unknown_groups || create_missing.get_untracked()).then(|| view! {
                <label class="check">
                    <input type="checkbox" prop:checked=create_missing
                        on:change=move |ev| create_missing.set(event_target_checked(&ev))/>
                    "Create the groups the account does not have"
                </label>
            })}
            {groups_line.map(|l| view! { <p>{l}</p> })}
            {(s.exist + s.duplicate + s.invalid > 0).then(|| view! {
                <div class="table-wrap">
                    <table class="data-table">
                        <caption>"Rows that will not be added"</caption>
                        <thead><tr><th scope="col">"Line"</th><th scope="col">"Name"</th><th scope="col">"Why"</th></tr></thead>
                        <tbody>{problems}</tbody>
                    </table>
                </div>
            })}
            {move || creating.get().map(|c| view! { <p role="status">{c}</p> })}
            {move || refused.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            <button type="button" class="primary" on:click=add disabled=move || s.add == 0 || creating.with(Option::is_some)>
                {button}
            </button>
        </section>
    }
}
