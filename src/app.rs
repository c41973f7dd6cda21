use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::api::cache::QueryCache;
use crate::components::layout::Shell;
use crate::components::toast::Toasts;
use crate::config::Config;
use crate::pages::{
    DeviceLocationsPage, DevicePage, DevicesPage, EditGroupPage, EditUserPage, FleetMapPage,
    GroupPage, GroupsPage, NewGroupPage, NewUserPage, NotFoundPage, SignInPage, UserPage,
    UsersPage,
};
use crate::paths;
use crate::session::Session;

#[component]
pub fn App(config: Config) -> impl IntoView {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(&config.title);
    }
    provide_context(config);
    let session = Session::restore();
    provide_context(session);
    provide_context(Toasts::new());
    // Answers read with one key are never shown after signing out.
    let cache = QueryCache::default();
    provide_context(cache.clone());
    Effect::new(move |_| {
        if !session.is_signed_in() {
            cache.clear();
        }
    });

    view! {
        <Router base=paths::base()>
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <Route path=path!("/sign-in") view=SignInPage/>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=|| view! { <Redirect path=paths::groups()/> }/>
                    <Route path=path!("groups") view=GroupsPage/>
                    <Route path=path!("groups/new") view=NewGroupPage/>
                    <Route path=path!("groups/:id") view=GroupPage/>
                    <Route path=path!("groups/:id/edit") view=EditGroupPage/>
                    <Route path=path!("users") view=UsersPage/>
                    <Route path=path!("users/new") view=NewUserPage/>
                    <Route path=path!("users/:id") view=UserPage/>
                    <Route path=path!("users/:id/edit") view=EditUserPage/>
                    <Route path=path!("devices") view=DevicesPage/>
                    <Route path=path!("devices/:id") view=DevicePage/>
                    <Route path=path!("devices/:id/locations") view=DeviceLocationsPage/>
                    <Route path=path!("map") view=FleetMapPage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
