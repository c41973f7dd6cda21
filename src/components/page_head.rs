//! The top of every page: where it sits (breadcrumbs), its title and its
//! actions.

use leptos::prelude::*;

/// One step of a breadcrumb trail: a link, or the page itself (no link).
#[derive(Clone, Debug, PartialEq)]
pub struct Crumb {
    pub label: String,
    pub href: Option<String>,
}

impl Crumb {
    pub fn link(label: impl Into<String>, href: String) -> Self {
        Crumb {
            label: label.into(),
            href: Some(href),
        }
    }

    /// The page the trail leads to.
    pub fn here(label: impl Into<String>) -> Self {
        Crumb {
            label: label.into(),
            href: None,
        }
    }
}

/// Groups › Sales › Alice Smith: each step a link but the page itself.
#[component]
pub fn Breadcrumbs(trail: Vec<Crumb>) -> impl IntoView {
    let steps = trail
        .into_iter()
        .map(|crumb| match crumb.href {
            Some(href) => view! { <a href=href>{crumb.label}</a> }.into_any(),
            None => view! { <span aria-current="page">{crumb.label}</span> }.into_any(),
        })
        .collect_view();
    view! { <nav class="breadcrumbs" aria-label="Breadcrumb">{steps}</nav> }
}

/// The page's heading, with its actions (links, buttons) beside it.
#[component]
pub fn PageHead(
    #[prop(into)] title: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="page-head">
            <h1>{title}</h1>
            {children.map(|actions| view! { <div class="page-actions">{actions()}</div> })}
        </div>
    }
}
