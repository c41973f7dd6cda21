//! The portal's own URLs, defined once.
//!
//! [`Page`] is the route table: each page's path pattern and the split
//! module its code is in. The router matches `Page`s (it implements
//! leptos_router's `PossibleRouteMatch`), the lazy routes check their
//! module against it at compile time, the first-view request and the item
//! pages read paths with [`Page::at`] and [`id_at`], and the start-up script in
//! `index.html` carries a copy that a unit test holds equal to it.
//! [`Route`] is a link to a page, with its id and query.
//!
//! The portal may be served from a sub-path of an intranet site (`/mdm/`):
//! `index.html` sets `<base href>` to it before any asset loads, and every
//! link and redirect here is built on that base.

use std::borrow::Cow;

use leptos_router::{
    ParamSegment, PartialPathMatch, PathSegment, PossibleRouteMatch, StaticSegment,
};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// A wasm module holding pages' code (see `app::lazy_routes`): the main one
/// (downloaded first) or one fetched when one of its pages is first shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Module {
    Main,
    Items,
    Lists,
    Forms,
    Maps,
}

impl Module {
    /// Its name in the build (`wasm_split`'s module, the start-up script).
    pub const fn name(self) -> &'static str {
        match self {
            Module::Main => "main",
            Module::Items => "items",
            Module::Lists => "lists",
            Module::Forms => "forms",
            Module::Maps => "maps",
        }
    }
}

/// A page of the portal, as the router matches it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    SignIn,
    /// `/`: sends the signed-in visitor on to the overview.
    Home,
    Overview,
    Groups,
    NewGroup,
    ImportGroups,
    Group,
    EditGroup,
    Users,
    NewUser,
    ImportUsers,
    User,
    EditUser,
    Devices,
    Device,
    DeviceLocations,
    WhoWasHere,
    FleetMap,
    Activity,
    Bulk,
}

impl Page {
    /// In matching order: a fixed segment (`groups/new`) before a parameter
    /// in its place (`groups/:id`).
    pub const ALL: [Page; 20] = [
        Page::SignIn,
        Page::Home,
        Page::Overview,
        Page::Groups,
        Page::NewGroup,
        Page::ImportGroups,
        Page::Group,
        Page::EditGroup,
        Page::Users,
        Page::NewUser,
        Page::ImportUsers,
        Page::User,
        Page::EditUser,
        Page::Devices,
        Page::Device,
        Page::DeviceLocations,
        Page::WhoWasHere,
        Page::FleetMap,
        Page::Activity,
        Page::Bulk,
    ];

    /// The path below the base; `:id` is an item's id (one segment).
    pub const fn pattern(self) -> &'static str {
        match self {
            Page::SignIn => "sign-in",
            Page::Home => "",
            Page::Overview => "overview",
            Page::Groups => "groups",
            Page::NewGroup => "groups/new",
            Page::ImportGroups => "groups/import",
            Page::Group => "groups/:id",
            Page::EditGroup => "groups/:id/edit",
            Page::Users => "users",
            Page::NewUser => "users/new",
            Page::ImportUsers => "users/import",
            Page::User => "users/:id",
            Page::EditUser => "users/:id/edit",
            Page::Devices => "devices",
            Page::Device => "devices/:id",
            Page::DeviceLocations => "devices/:id/locations",
            Page::WhoWasHere => "map/area",
            Page::FleetMap => "map",
            Page::Activity => "activity",
            Page::Bulk => "bulk",
        }
    }

    /// The module its code is in.
    pub const fn module(self) -> Module {
        match self {
            Page::SignIn | Page::Home => Module::Main,
            Page::Overview
            | Page::Groups
            | Page::Users
            | Page::Devices
            | Page::Activity
            | Page::Bulk => Module::Lists,
            Page::Group | Page::User | Page::Device => Module::Items,
            Page::NewGroup
            | Page::ImportGroups
            | Page::EditGroup
            | Page::NewUser
            | Page::ImportUsers
            | Page::EditUser => Module::Forms,
            Page::DeviceLocations | Page::WhoWasHere | Page::FleetMap => Module::Maps,
        }
    }

    fn segments(self) -> impl Iterator<Item = &'static str> {
        self.pattern().split('/').filter(|s| !s.is_empty())
    }
}

impl Page {
    /// The page an app path (`/devices/a%2Fb/locations`, no base) shows.
    pub fn at(app_path: &str) -> Option<Page> {
        Page::ALL.into_iter().find(|page| page.shows(app_path))
    }

    fn shows(self, app_path: &str) -> bool {
        let mut path = app_path.split('/').filter(|s| !s.is_empty());
        let mut pattern = self.segments();
        loop {
            match (pattern.next(), path.next()) {
                (None, None) => return true,
                (Some(want), Some(got)) if want.starts_with(':') || want == got => {}
                _ => return false,
            }
        }
    }
}

/// The item id in an app path (`/devices/a%2Fb/locations` → `a/b`),
/// percent-decoded once, as [`Route::href`] encoded it: the router's params
/// would decode it a second time, turning `50%25` into `50%`.
pub fn id_at(app_path: &str) -> Option<String> {
    let at = Page::at(app_path)?
        .segments()
        .position(|s| s.starts_with(':'))?;
    let raw = app_path.split('/').filter(|s| !s.is_empty()).nth(at)?;
    Some(
        percent_encoding::percent_decode_str(raw)
            .decode_utf8_lossy()
            .into_owned(),
    )
}

impl PossibleRouteMatch for Page {
    fn optional(&self) -> bool {
        false
    }

    fn test<'a>(&self, path: &'a str) -> Option<PartialPathMatch<'a>> {
        // Each segment as leptos_router's own segments match it, in turn.
        let mut rest = path;
        let mut params = Vec::new();
        for segment in self.segments() {
            let matched = match segment.strip_prefix(':') {
                Some(name) => ParamSegment(name).test(rest)?,
                None => StaticSegment(segment).test(rest)?,
            };
            rest = matched.remaining();
            params.extend(matched.params());
        }
        let matched = &path[..path.len() - rest.len()];
        Some(PartialPathMatch::new(rest, params, matched))
    }

    fn generate_path(&self, path: &mut Vec<PathSegment>) {
        path.extend(self.segments().map(|s| match s.strip_prefix(':') {
            Some(name) => PathSegment::Param(Cow::Borrowed(name)),
            None => PathSegment::Static(Cow::Borrowed(s)),
        }));
    }
}

/// Whose devices the fleet map shows, besides all of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope<'a> {
    Group(&'a str),
    User(&'a str),
}

/// A link to a page, with what it needs: an id, a query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route<'a> {
    SignIn,
    Overview,
    Groups,
    NewGroup,
    /// Groups added from a CSV file.
    ImportGroups,
    Group(&'a str),
    EditGroup(&'a str),
    Users,
    /// The New user form, with the group chosen when given.
    NewUser(Option<&'a str>),
    /// Users added from a CSV file.
    ImportUsers,
    User(&'a str),
    EditUser(&'a str),
    Devices,
    Device(&'a str),
    /// A device's locations, with the view's query (`range=24h`) if any.
    DeviceLocations(&'a str, &'a str),
    FleetMap(Option<Scope<'a>>),
    /// Who was here, with the search's query (`area=…&group=…`) if any.
    WhoWasHere(&'a str),
    /// This tab's activity log, with its filter (`result=failed`) if any.
    Activity(&'a str),
    /// The tab's bulk change: its preview, progress and results.
    Bulk,
}

/// The pages that need no id, by the names the portal shows for them: what
/// the command palette offers to jump to.
pub const NAMED_PAGES: [(&str, Route<'static>); 12] = [
    ("Overview", Route::Overview),
    ("Groups", Route::Groups),
    ("Users", Route::Users),
    ("Devices", Route::Devices),
    ("Map", Route::FleetMap(None)),
    ("Who was here", Route::WhoWasHere("")),
    ("Activity", Route::Activity("")),
    ("Bulk change", Route::Bulk),
    ("New group", Route::NewGroup),
    ("New user", Route::NewUser(None)),
    ("Import users", Route::ImportUsers),
    ("Import groups", Route::ImportGroups),
];

const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn encoded(text: &str) -> String {
    utf8_percent_encode(text, SEGMENT).to_string()
}

impl Route<'_> {
    pub fn page(&self) -> Page {
        match self {
            Route::SignIn => Page::SignIn,
            Route::Overview => Page::Overview,
            Route::Groups => Page::Groups,
            Route::NewGroup => Page::NewGroup,
            Route::ImportGroups => Page::ImportGroups,
            Route::Group(_) => Page::Group,
            Route::EditGroup(_) => Page::EditGroup,
            Route::Users => Page::Users,
            Route::NewUser(_) => Page::NewUser,
            Route::ImportUsers => Page::ImportUsers,
            Route::User(_) => Page::User,
            Route::EditUser(_) => Page::EditUser,
            Route::Devices => Page::Devices,
            Route::Device(_) => Page::Device,
            Route::DeviceLocations(..) => Page::DeviceLocations,
            Route::FleetMap(_) => Page::FleetMap,
            Route::WhoWasHere(_) => Page::WhoWasHere,
            Route::Activity(_) => Page::Activity,
            Route::Bulk => Page::Bulk,
        }
    }

    /// The path below the base with its query: `/groups/42/edit`.
    pub fn app_path(&self) -> String {
        let id = match self {
            Route::Group(id)
            | Route::EditGroup(id)
            | Route::User(id)
            | Route::EditUser(id)
            | Route::Device(id)
            | Route::DeviceLocations(id, _) => Some(encoded(id)),
            _ => None,
        };
        let mut path = String::new();
        for segment in self.page().segments() {
            path.push('/');
            match (segment.starts_with(':'), &id) {
                (true, Some(id)) => path.push_str(id),
                _ => path.push_str(segment),
            }
        }
        let query = match self {
            Route::NewUser(Some(group)) => format!("group={}", encoded(group)),
            Route::DeviceLocations(_, query)
            | Route::WhoWasHere(query)
            | Route::Activity(query) => query.to_string(),
            Route::FleetMap(Some(Scope::Group(id))) => format!("group={}", encoded(id)),
            Route::FleetMap(Some(Scope::User(id))) => format!("user={}", encoded(id)),
            _ => String::new(),
        };
        if !query.is_empty() {
            path.push('?');
            path.push_str(&query);
        }
        path
    }

    /// The link the browser follows: `/mdm/groups/42/edit`.
    pub fn href(&self) -> String {
        href(&self.app_path())
    }
}

thread_local! {
    static BASE: String = read_base();
}

fn read_base() -> String {
    let Some(uri) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
    else {
        return String::new();
    };
    web_sys::Url::new(&uri)
        .map(|u| u.pathname().trim_end_matches('/').to_string())
        .unwrap_or_default()
}

/// `""` at the site root, `"/mdm"` under a sub-path.
pub fn base() -> String {
    BASE.with(Clone::clone)
}

/// An app path (`/groups`) as a link the browser can follow (`/mdm/groups`).
fn href(path: &str) -> String {
    format!("{}{}", base(), path)
}

/// Where to go after signing in: only a path inside the portal, never
/// another site (`//evil.example`), whatever the query string says, and
/// never the sign-in page itself (a signed-in tab would stay on its form).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(p) if may_return_to(p) => href(p),
        _ => Route::Overview.href(),
    }
}

fn may_return_to(app_path: &str) -> bool {
    app_path.starts_with('/')
        && !app_path.starts_with("//")
        && !app_path.contains('\\')
        && !is_sign_in(app_path)
}

/// Whether an app path (with or without its query) is the sign-in page.
pub fn is_sign_in(app_path: &str) -> bool {
    Page::at(path_of(app_path)) == Some(Page::SignIn)
}

/// The sign-in page with `app_path` (path and query) to come back to.
pub fn sign_in_href(app_path: &str) -> String {
    let next: String = form_urlencoded::byte_serialize(app_path.as_bytes()).collect();
    format!("{}?next={next}", Route::SignIn.href())
}

/// The `?next=` of the current location (the sign-in page's).
pub fn next_param() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    query_param(&search, "next")
}

/// The first value of `name` in a query string (`?a=1&b=2`, the `?`
/// optional), decoded.
pub fn query_param(search: &str, name: &str) -> Option<String> {
    form_urlencoded::parse(search.trim_start_matches('?').as_bytes())
        .find(|(n, _)| n == name)
        .map(|(_, value)| value.into_owned())
}

/// An app path without its query or fragment.
pub fn path_of(app_path: &str) -> &str {
    app_path.split(['?', '#']).next().unwrap_or_default()
}

/// Puts `href` in the address bar without a navigation: for the root,
/// before the router runs (which then starts from there).
pub fn replace_url(href: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href));
    }
}

/// The current location as an app path with its query, for `?next=`.
pub fn current_app_path() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return "/".into();
    };
    let path = location.pathname().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    let app_path = app_path(&path);
    let app_path = if app_path.is_empty() { "/" } else { app_path };
    format!("{app_path}{search}")
}

/// A browser path without the base: `/mdm/devices` → `/devices`.
pub fn app_path(pathname: &str) -> &str {
    app_path_under(&base(), pathname)
}

fn app_path_under<'a>(base: &str, pathname: &'a str) -> &'a str {
    pathname.strip_prefix(base).unwrap_or(pathname)
}

/// Navigates to a link built by [`Route::href`] (the base is already in it).
pub fn use_go() -> impl Fn(&str, bool) + Clone + 'static {
    let navigate = leptos_router::hooks::use_navigate();
    move |href: &str, replace: bool| {
        navigate(
            href,
            leptos_router::NavigateOptions {
                resolve: false,
                replace,
                ..Default::default()
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_param_is_its_first_value_decoded() {
        assert_eq!(
            query_param("?next=%2Fusers%3Fpage%3D2&next=x", "next").as_deref(),
            Some("/users?page=2")
        );
        assert_eq!(query_param("q=a+b&limit=50", "q").as_deref(), Some("a b"));
        assert_eq!(query_param("?limit=50", "page"), None);
        assert_eq!(query_param("", "page"), None);
    }

    #[test]
    fn a_path_is_read_without_its_query_or_fragment() {
        assert_eq!(path_of("/devices?page=2"), "/devices");
        assert_eq!(path_of("/sign-in#x"), "/sign-in");
        assert_eq!(path_of("/groups"), "/groups");
        assert_eq!(path_of(""), "");
    }

    #[test]
    fn links_and_paths_agree_and_ids_are_decoded_once() {
        for id in ["123", "50%", "%2e%2e", "a/b?c#d", "Ünï code", ".."] {
            for route in [
                Route::Group(id),
                Route::EditUser(id),
                Route::DeviceLocations(id, ""),
            ] {
                let path = route.app_path();
                assert_eq!(Page::at(&path), Some(route.page()), "{path}");
                assert_eq!(id_at(&path).as_deref(), Some(id), "{path}");
            }
        }
        assert_eq!(id_at("/groups/50%2525").as_deref(), Some("50%25"));
        assert_eq!(id_at("/groups"), None);
        assert_eq!(app_path_under("/mdm", "/mdm/groups"), "/groups");
    }

    #[test]
    fn after_sign_in_only_a_portal_page_other_than_sign_in() {
        assert!(may_return_to("/devices?page=2"));
        for refused in [
            "//evil.example/devices",
            "https://evil.example/",
            "/\\evil.example",
            "/sign-in",
            "/sign-in?next=%2Fsign-in",
            "/sign-in/",
        ] {
            assert!(!may_return_to(refused), "{refused}");
        }
        assert!(is_sign_in("/sign-in?next=%2Fgroups"));
        assert!(!is_sign_in("/groups?q=sign-in"));
    }

    #[test]
    fn fixed_segments_win_over_ids_and_unknown_paths_match_nothing() {
        assert_eq!(Page::at("/groups/new"), Some(Page::NewGroup));
        assert_eq!(Page::at("/users/new/"), Some(Page::NewUser));
        assert_eq!(Page::at("/"), Some(Page::Home));
        assert_eq!(Page::at("/map"), Some(Page::FleetMap));
        assert_eq!(Page::at("/map/area"), Some(Page::WhoWasHere));
        assert_eq!(Page::at("/devices/1/nowhere"), None);
        assert_eq!(Page::at("/nowhere"), None);
    }

    #[test]
    fn queries_carry_what_the_page_needs() {
        assert_eq!(
            Route::NewUser(Some("g 1")).app_path(),
            "/users/new?group=g%201"
        );
        assert_eq!(Route::NewUser(None).app_path(), "/users/new");
        assert_eq!(
            Route::FleetMap(Some(Scope::User("u/1"))).app_path(),
            "/map?user=u%2F1"
        );
        assert_eq!(
            Route::DeviceLocations("d", "range=24h").app_path(),
            "/devices/d/locations?range=24h"
        );
        assert_eq!(Route::Groups.app_path(), "/groups");
    }

    #[test]
    fn the_router_matches_the_pages_paths() {
        for page in Page::ALL {
            let path = format!("/{}", page.pattern().replace(":id", "x%20y"));
            let matched = page.test(&path).expect("a page matches its own pattern");
            // `/` is left for the children of `()`, as leptos_router's own.
            assert!(matched.remaining().is_empty() || path == "/", "{path}");
            let ids: Vec<String> = matched.params().into_iter().map(|(_, v)| v).collect();
            let expected = id_at(&path).map(|_| "x%20y".to_string());
            assert_eq!(ids.first().cloned(), expected, "{path}");
        }
        assert!(Page::Group.test("/users/1").is_none());
    }

    /// leptos_router takes the first route that matches, as [`Page::at`]
    /// does: its `<Route>` lines must be the table's, in the table's order
    /// (`users/:id` above `users/import` once showed a user "import"), and
    /// no page may be hidden by one before it.
    #[test]
    fn the_router_lists_every_page_in_the_table_order() {
        let app = include_str!("app/router.rs");
        let routed: Vec<&str> = app
            .split("path=Page::")
            .skip(1)
            .map(|rest| {
                rest.split(|c: char| !c.is_alphanumeric())
                    .next()
                    .unwrap_or("")
            })
            .collect();
        let table: Vec<String> = Page::ALL.into_iter().map(|p| format!("{p:?}")).collect();
        assert_eq!(routed, table);
        for page in Page::ALL {
            let own = format!("/{}", page.pattern().replace(":id", "x"));
            assert_eq!(Page::at(&own), Some(page), "{own}");
        }
    }

    /// The start-up script in `index.html` finds the base and the module a
    /// deep link needs from its own copy of the table: it must be this one.
    #[test]
    fn the_start_up_script_knows_every_route_and_its_module() {
        let html = include_str!("../index.html");
        let start = html
            .find("var routes = ")
            .expect("index.html's start-up script has `var routes = [...]`")
            + "var routes = ".len();
        let end = start + html[start..].find(";\n").expect("the table ends with `;`");
        let table: Vec<(String, String)> =
            serde_json::from_str(&html[start..end]).expect("the table is JSON");
        let ours: Vec<(String, String)> = Page::ALL
            .into_iter()
            .map(|p| (p.pattern().to_string(), p.module().name().to_string()))
            .collect();
        assert_eq!(table, ours);
    }
}
