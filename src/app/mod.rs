//! The app: config, session, toasts, the query cache and the devices known
//! to have a fix in context, the
//! router over the route table (`routes::Page`), the shell around every
//! signed-in page with its keyboard shortcuts and command palette, and the
//! pages whose code is downloaded when first shown.

mod lazy_routes;
mod list_ahead;
mod palette;
mod shell;
mod shortcuts;

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};

use crate::api::cache::QueryCache;
use crate::api::known_fixes::KnownFixes;
use crate::components::toast::Toasts;
use crate::config::Config;
use crate::pages::{NotFoundPage, SignInPage};
use crate::routes::{self, Page};
use crate::session::Session;
use lazy_routes::{
    ActivityRoute, BulkRoute, DeviceRoute, DevicesRoute, EditGroupRoute, EditUserRoute,
    FleetMapRoute, GroupRoute, GroupsRoute, ImportGroupsRoute, ImportUsersRoute, LocationsRoute,
    NewGroupRoute, NewUserRoute, OverviewRoute, UserRoute, UsersRoute, WhoWasHereRoute,
};
use leptos_router::Lazy;
use shell::Shell;

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
    let fixes = KnownFixes::default();
    provide_context(fixes.clone());
    Effect::new(move |_| {
        if !session.is_signed_in() {
            cache.clear();
            fixes.clear();
        }
    });
    if session.is_signed_in_untracked() {
        list_ahead::fetch_first_view();
    }
    list_ahead::fetch_ahead_on_links(session);

    // Every page but sign-in is downloaded when first shown (see
    // lazy_routes).
    view! {
        <Router base=routes::base()>
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <Route path=Page::SignIn view=SignInPage/>
                <ParentRoute path=() view=Shell>
                    <Route path=Page::Home view=|| view! { <Redirect path=routes::Route::Overview.href()/> }/>
                    <Route path=Page::Overview view={Lazy::<OverviewRoute>::new()}/>
                    <Route path=Page::Groups view={Lazy::<GroupsRoute>::new()}/>
                    <Route path=Page::NewGroup view={Lazy::<NewGroupRoute>::new()}/>
                    <Route path=Page::ImportGroups view={Lazy::<ImportGroupsRoute>::new()}/>
                    <Route path=Page::Group view={Lazy::<GroupRoute>::new()}/>
                    <Route path=Page::EditGroup view={Lazy::<EditGroupRoute>::new()}/>
                    <Route path=Page::Users view={Lazy::<UsersRoute>::new()}/>
                    <Route path=Page::NewUser view={Lazy::<NewUserRoute>::new()}/>
                    <Route path=Page::ImportUsers view={Lazy::<ImportUsersRoute>::new()}/>
                    <Route path=Page::User view={Lazy::<UserRoute>::new()}/>
                    <Route path=Page::EditUser view={Lazy::<EditUserRoute>::new()}/>
                    <Route path=Page::Devices view={Lazy::<DevicesRoute>::new()}/>
                    <Route path=Page::Device view={Lazy::<DeviceRoute>::new()}/>
                    <Route path=Page::DeviceLocations view={Lazy::<LocationsRoute>::new()}/>
                    <Route path=Page::WhoWasHere view={Lazy::<WhoWasHereRoute>::new()}/>
                    <Route path=Page::FleetMap view={Lazy::<FleetMapRoute>::new()}/>
                    <Route path=Page::Activity view={Lazy::<ActivityRoute>::new()}/>
                    <Route path=Page::Bulk view={Lazy::<BulkRoute>::new()}/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
