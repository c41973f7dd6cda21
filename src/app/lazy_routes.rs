//! Routes whose code is downloaded only when first shown.
//!
//! Each `#[wasm_split(module)]` function below is a split point: the build's
//! split step (scripts/wasm-split.mjs, run by Trunk after it builds) moves
//! the pages of a module, and all code only they reach, into one .wasm file,
//! fetched the first time one of them is shown; code that several modules
//! share lands in shared chunks, one per set of modules sharing it. Four
//! modules (item pages, lists, forms, maps) rather than one per page: one
//! per page made 68 chunks, and the device page alone took 42 requests.
//! Only the sign-in page stays in the main module: the router and the shell
//! (`super::router`), the signed-in home (the overview) and every list are
//! in `lists`, fetched beside the main module by the start-up script on a
//! signed-in page load;
//! [`preload_when_idle`] fetches the rest once the first page has settled.
//!
//! Leptos' own `#[lazy_route]` panics when a chunk fails to load (a trap,
//! hence the crash screen); these use the `fallible` form instead, so a
//! failed download shows an error with Retry inside the shell.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use leptos_router::LazyRoute;
use send_wrapper::SendWrapper;

use crate::components::status::{ErrorPanel, Loading};
use crate::pages;
use crate::routes::Page;

/// `a == b`, at compile time.
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A split page's view, once its module is loaded.
type PageLoad = Pin<Box<dyn Future<Output = Result<AnyView, SplitLoaderError>>>>;

/// Shown in place of a page whose code could not be downloaded: an error
/// with Retry (also run when the connection comes back), which tries the
/// download again and shows the page once it arrives. A failed download is
/// not remembered, so each attempt is a fresh one.
fn load_failed(load: fn() -> PageLoad) -> AnyView {
    let attempt = RwSignal::new(0u32);
    let retry = Callback::new(move |_| attempt.update(|n| *n += 1));
    let failed = move || {
        view! {
            <ErrorPanel
                message="This page could not be downloaded. Check the connection, then retry."
                    .to_string()
                on_retry=retry
            />
        }
        .into_any()
    };
    view! {
        <Transition fallback=|| view! { <Loading label="Loading the page"/> }>
            {move || {
                let first = attempt.get() == 0;
                Suspend::new(SendWrapper::new(async move {
                    if first {
                        return failed();
                    }
                    match load().await {
                        Ok(view) => view,
                        Err(e) => {
                            leptos::logging::error!("{e}");
                            failed()
                        }
                    }
                }))
            }}
        </Transition>
    }
    .into_any()
}

/// `lazy_route!(Type, routes::Page, split_module, view_fn, preload_fn, Component)`:
/// a `LazyRoute` whose view is `Component`, split into `split_module`, which
/// must be the module the route table names for the page (checked when it
/// compiles).
macro_rules! lazy_route {
    ($route:ident, $kind:ident, $split:ident, $view_fn:ident, $preload_fn:ident, $page:path) => {
        const _: () = assert!(
            same(Page::$kind.module().name(), stringify!($split)),
            concat!("routes::Page::", stringify!($kind), " is not in the module ", stringify!($split))
        );

        #[wasm_split($split, wasm_split_path = ::leptos::wasm_split, fallible, preload($preload_fn))]
        fn $view_fn() -> Result<AnyView, SplitLoaderError> {
            Ok(view! { <$page/> }.into_any())
        }

        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                match $view_fn().await {
                    Ok(view) => view,
                    Err(e) => {
                        leptos::logging::error!("{}: {e}", stringify!($split));
                        load_failed(|| Box::pin($view_fn()))
                    }
                }
            }

            async fn preload() {
                let _ = $preload_fn().await;
            }
        }
    };
}

lazy_route!(
    GroupsRoute,
    Groups,
    lists,
    groups_view,
    groups_preload,
    pages::GroupsPage
);
lazy_route!(
    GroupRoute,
    Group,
    items,
    group_view,
    group_preload,
    pages::GroupPage
);
lazy_route!(
    NewGroupRoute,
    NewGroup,
    forms,
    new_group_view,
    new_group_preload,
    pages::NewGroupPage
);
lazy_route!(
    EditGroupRoute,
    EditGroup,
    forms,
    edit_group_view,
    edit_group_preload,
    pages::EditGroupPage
);
lazy_route!(
    OverviewRoute,
    Overview,
    lists,
    overview_view,
    overview_preload,
    pages::OverviewPage
);
lazy_route!(
    UsersRoute,
    Users,
    lists,
    users_view,
    users_preload,
    pages::UsersPage
);
lazy_route!(
    UserRoute,
    User,
    items,
    user_view,
    user_preload,
    pages::UserPage
);
lazy_route!(
    NewUserRoute,
    NewUser,
    forms,
    new_user_view,
    new_user_preload,
    pages::NewUserPage
);
lazy_route!(
    EditUserRoute,
    EditUser,
    forms,
    edit_user_view,
    edit_user_preload,
    pages::EditUserPage
);
lazy_route!(
    DevicesRoute,
    Devices,
    lists,
    devices_view,
    devices_preload,
    pages::DevicesPage
);
lazy_route!(
    DeviceRoute,
    Device,
    items,
    device_view,
    device_preload,
    pages::DevicePage
);
lazy_route!(
    LocationsRoute,
    DeviceLocations,
    maps,
    locations_view,
    locations_preload,
    pages::DeviceLocationsPage
);
lazy_route!(
    WhoWasHereRoute,
    WhoWasHere,
    maps,
    who_was_here_view,
    who_was_here_preload,
    pages::WhoWasHerePage
);
lazy_route!(
    ActivityRoute,
    Activity,
    lists,
    activity_view,
    activity_preload,
    pages::ActivityPage
);
lazy_route!(
    ImportUsersRoute,
    ImportUsers,
    forms,
    import_users_view,
    import_users_preload,
    pages::ImportUsersPage
);
lazy_route!(
    ImportGroupsRoute,
    ImportGroups,
    forms,
    import_groups_view,
    import_groups_preload,
    pages::ImportGroupsPage
);
lazy_route!(
    BulkRoute,
    Bulk,
    lists,
    bulk_view,
    bulk_preload,
    pages::BulkPage
);
lazy_route!(
    FleetMapRoute,
    FleetMap,
    maps,
    fleet_view,
    fleet_preload,
    pages::FleetMapPage
);

/// How long after the first signed-in page the other pages' code starts
/// downloading: past the first view's own requests and drawing.
const PRELOAD_AFTER_MS: u32 = 3_000;

thread_local! {
    static PRELOAD_STARTED: Cell<bool> = const { Cell::new(false) };
}

/// Downloads every page module in the background, once per tab, a while
/// after the first signed-in page: the first visit to another page then
/// waits for no code, and pages open while offline. Sequential, so it never
/// takes more than one connection from the API requests. A failed download
/// is left for the page itself to retry.
pub fn preload_when_idle() {
    if PRELOAD_STARTED.with(|started| started.replace(true)) {
        return;
    }
    leptos::task::spawn_local(async {
        crate::api::sleep_ms(PRELOAD_AFTER_MS).await;
        <DevicesRoute as LazyRoute>::preload().await;
        <DeviceRoute as LazyRoute>::preload().await;
        <NewGroupRoute as LazyRoute>::preload().await;
        <LocationsRoute as LazyRoute>::preload().await;
    });
}
