//! Routes whose code is downloaded only when first shown.
//!
//! Each `#[wasm_split(name)]` function below is a split point: the build's
//! split step (scripts/wasm-split.mjs, run by Trunk after it builds) moves
//! the page, and all code only it reaches, into its own .wasm file, fetched
//! the first time the route is entered; code shared by several split pages
//! lands in shared chunks. The sign-in page, the shell and the Groups list
//! (the landing page) stay in the main module.
//!
//! Leptos' own `#[lazy_route]` panics when a chunk fails to load (a trap,
//! hence the crash screen); these use the `fallible` form instead, so a
//! failed download shows an error with Retry inside the shell.

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use leptos_router::LazyRoute;

use crate::components::status::ErrorPanel;
use crate::pages;

/// The page shown when a route's code could not be downloaded. The failure
/// is not remembered: Retry (or the connection coming back) reloads.
fn load_failed() -> AnyView {
    let retry = Callback::new(|_| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    view! {
        <ErrorPanel
            message="This page could not be downloaded. Check the connection, then retry.".to_string()
            on_retry=retry
        />
    }
    .into_any()
}

/// `lazy_route!(Type, split_module, view_fn, preload_fn, Page)`: a
/// `LazyRoute` whose view is `Page`, split into the chunk `split_module`.
macro_rules! lazy_route {
    ($route:ident, $split:ident, $view_fn:ident, $preload_fn:ident, $page:path) => {
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
                        load_failed()
                    }
                }
            }

            async fn preload() {
                let _ = $preload_fn().await;
            }
        }
    };
}

lazy_route!(GroupRoute, group_item, group_view, group_preload, pages::GroupPage);
lazy_route!(NewGroupRoute, group_form, new_group_view, new_group_preload, pages::NewGroupPage);
lazy_route!(EditGroupRoute, group_form, edit_group_view, edit_group_preload, pages::EditGroupPage);
lazy_route!(UsersRoute, users, users_view, users_preload, pages::UsersPage);
lazy_route!(UserRoute, user_item, user_view, user_preload, pages::UserPage);
lazy_route!(NewUserRoute, user_form, new_user_view, new_user_preload, pages::NewUserPage);
lazy_route!(EditUserRoute, user_form, edit_user_view, edit_user_preload, pages::EditUserPage);
lazy_route!(DevicesRoute, devices, devices_view, devices_preload, pages::DevicesPage);
lazy_route!(DeviceRoute, device, device_view, device_preload, pages::DevicePage);
lazy_route!(LocationsRoute, locations, locations_view, locations_preload, pages::DeviceLocationsPage);
lazy_route!(FleetMapRoute, fleet, fleet_view, fleet_preload, pages::FleetMapPage);
