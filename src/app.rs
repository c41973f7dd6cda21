use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{path, Lazy};

use crate::api::cache::QueryCache;
use crate::components::layout::Shell;
use crate::components::toast::Toasts;
use crate::config::Config;
use crate::lazy_routes::{
    DeviceRoute, DevicesRoute, EditGroupRoute, EditUserRoute, FleetMapRoute, GroupRoute,
    LocationsRoute, NewGroupRoute, NewUserRoute, UserRoute, UsersRoute,
};
use crate::pages::{GroupsPage, NotFoundPage, SignInPage};
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
    if session.is_signed_in_untracked() {
        crate::pages::fetch_first_view();
    }

    // Every page but sign-in and the Groups list is downloaded when first
    // shown (see lazy_routes).
    view! {
        <Router base=paths::base()>
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <Route path=path!("/sign-in") view=SignInPage/>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=|| view! { <Redirect path=paths::groups()/> }/>
                    <Route path=path!("groups") view=GroupsPage/>
                    <Route path=path!("groups/new") view={Lazy::<NewGroupRoute>::new()}/>
                    <Route path=path!("groups/:id") view={Lazy::<GroupRoute>::new()}/>
                    <Route path=path!("groups/:id/edit") view={Lazy::<EditGroupRoute>::new()}/>
                    <Route path=path!("users") view={Lazy::<UsersRoute>::new()}/>
                    <Route path=path!("users/new") view={Lazy::<NewUserRoute>::new()}/>
                    <Route path=path!("users/:id") view={Lazy::<UserRoute>::new()}/>
                    <Route path=path!("users/:id/edit") view={Lazy::<EditUserRoute>::new()}/>
                    <Route path=path!("devices") view={Lazy::<DevicesRoute>::new()}/>
                    <Route path=path!("devices/:id") view={Lazy::<DeviceRoute>::new()}/>
                    <Route path=path!("devices/:id/locations") view={Lazy::<LocationsRoute>::new()}/>
                    <Route path=path!("map") view={Lazy::<FleetMapRoute>::new()}/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
