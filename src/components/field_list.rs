use leptos::prelude::*;

use crate::model::Extra;

/// One labelled value on an item's page.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub label: &'static str,
    pub value: String,
    pub href: Option<String>,
    pub title: Option<String>,
}

impl Field {
    pub fn new(label: &'static str, value: impl Into<String>) -> Self {
        Field {
            label,
            value: value.into(),
            href: None,
            title: None,
        }
    }

    pub fn link(label: &'static str, value: impl Into<String>, href: String) -> Self {
        Field {
            href: Some(href),
            ..Field::new(label, value)
        }
    }
}

/// The item's known fields, then every field the server sent that the portal
/// does not know, read-only under "More fields": the assumed schema may be
/// wrong, and nothing the API sends is hidden.
#[component]
pub fn FieldList(fields: Vec<Field>, extra: Vec<Extra>) -> impl IntoView {
    let known = fields
        .into_iter()
        .map(|f| {
            let value = if f.value.is_empty() {
                "—".to_string()
            } else {
                f.value
            };
            let value = match f.href {
                Some(href) => view! { <a href=href>{value}</a> }.into_any(),
                None => view! { <span>{value}</span> }.into_any(),
            };
            view! { <div class="field"><dt>{f.label}</dt><dd title=f.title>{value}</dd></div> }
        })
        .collect_view();
    let more = (!extra.is_empty()).then(|| {
        view! {
            <section class="more-fields" aria-labelledby="more-fields-title">
                <h2 id="more-fields-title">"More fields"</h2>
                <dl class="fields">
                    {extra.into_iter().map(|e| view! {
                        <div class="field"><dt>{e.name}</dt><dd>{e.value}</dd></div>
                    }).collect_view()}
                </dl>
            </section>
        }
    });
    view! {
        <dl class="fields">{known}</dl>
        {more}
    }
}
