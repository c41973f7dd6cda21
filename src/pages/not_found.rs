use leptos::prelude::*;

use crate::routes::Route;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <main class="not-found" id="main">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. It may have been mistyped, or the item no longer exists."</p>
            <p><a href=Route::Groups.href()>"Go to Groups"</a></p>
        </main>
    }
}
