//! The router over the route table (`routes::Page`) and the shell around
//! every signed-in page: in the `lists` module, fetched once the tab holds a
//! key (see the root, `super::Root`).

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::Lazy;

use super::lazy_routes::{
    ActivityRoute, BulkRoute, DeviceRoute, DevicesRoute, EditGroupRoute, EditUserRoute,
    FleetMapRoute, GroupRoute, GroupsRoute, ImportGroupsRoute, ImportUsersRoute, LocationsRoute,
    NewGroupRoute, NewUserRoute, OverviewRoute, UserRoute, UsersRoute, WhoWasHereRoute,
};
use super::shell::Shell;
use super::view_ahead;
use crate::components::toast::Toasts;
use crate::pages::{NotFoundPage, SignInHost, SignInPage};
use crate::routes::{self, Page};
use crate::session::Session;

/// The sign-in page inside the router (after a sign-out): a proven key goes
/// on by the router.
#[component]
fn RoutedSignIn() -> impl IntoView {
    let go = routes::use_go();
    let query = leptos_router::hooks::use_query_map();
    provide_context(SignInHost {
        prepare: Callback::new(|_| ()),
        proceed: Callback::new(move |href: String| go(&href, true)),
        next: Callback::new(move |_| query.with_untracked(|q| q.get("next"))),
    });
    view! { <SignInPage/> }
}

#[component]
pub fn App() -> impl IntoView {
    provide_context(Toasts::new());
    view_ahead::fetch_ahead_on_links(expect_context::<Session>());

    // Every page but sign-in is downloaded when first shown (see
    // lazy_routes).
    view! {
        <Router base=routes::base()>
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <Route path=Page::SignIn view=RoutedSignIn/>
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
