//! The portal's own URLs. The portal may be served from a sub-path of an
//! intranet site (`/mdm/`): `index.html` sets `<base href>` to it before any
//! asset loads, and every link and redirect here is built on that base.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

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
pub fn href(path: &str) -> String {
    format!("{}{}", base(), path)
}

fn seg(id: &str) -> String {
    utf8_percent_encode(id, SEGMENT).to_string()
}

pub fn groups() -> String {
    href("/groups")
}
pub fn group(id: &str) -> String {
    href(&format!("/groups/{}", seg(id)))
}
/// The Edit group form.
pub fn edit_group(id: &str) -> String {
    href(&format!("/groups/{}/edit", seg(id)))
}
pub fn new_group() -> String {
    href("/groups/new")
}
pub fn users() -> String {
    href("/users")
}
/// The New user form, with the group chosen when given.
pub fn new_user(group: Option<&str>) -> String {
    match group {
        Some(g) => href(&format!(
            "/users/new?group={}",
            utf8_percent_encode(g, SEGMENT)
        )),
        None => href("/users/new"),
    }
}
pub fn user(id: &str) -> String {
    href(&format!("/users/{}", seg(id)))
}
/// The Edit user form.
pub fn edit_user(id: &str) -> String {
    href(&format!("/users/{}/edit", seg(id)))
}
pub fn devices() -> String {
    href("/devices")
}
pub fn device(id: &str) -> String {
    href(&format!("/devices/{}", seg(id)))
}
/// A device's locations page; `query` (`range=24h`) is appended when given.
pub fn device_locations(id: &str, query: &str) -> String {
    let path = href(&format!("/devices/{}/locations", seg(id)));
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}
/// The fleet map, of every device or scoped to `("group" | "user", id)`.
pub fn fleet_map(scope: Option<(&str, &str)>) -> String {
    match scope {
        Some((kind, id)) => href(&format!("/map?{kind}={}", utf8_percent_encode(id, SEGMENT))),
        None => href("/map"),
    }
}
pub fn sign_in() -> String {
    href("/sign-in")
}

/// Where to go after signing in: only a path inside the portal, never
/// another site (`//evil.example`), whatever the query string says.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => href(p),
        _ => groups(),
    }
}

/// The current location as an app path with its query, for `?next=`.
pub fn current_app_path() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return "/".into();
    };
    let path = location.pathname().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    let app_path = app_path_under(&base(), &path);
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

/// The item id in a path such as `/mdm/devices/{id}/locations`: the segment
/// after the kind, percent-decoded once (as [`seg`] encoded it).
pub fn id_segment(pathname: &str) -> String {
    id_segment_under(&base(), pathname)
}

fn id_segment_under(base: &str, pathname: &str) -> String {
    let raw = app_path_under(base, pathname)
        .split('/')
        .nth(2)
        .unwrap_or_default();
    percent_encoding::percent_decode_str(raw)
        .decode_utf8_lossy()
        .into_owned()
}

/// Navigates to a link built by this module (the base is already in it).
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
    fn ids_are_decoded_once() {
        let path = |id: &str| format!("/mdm/devices/{}/locations", seg(id));
        for id in ["123", "50%", "%2e%2e", "a/b?c#d", "Ünï code", ".."] {
            assert_eq!(id_segment_under("/mdm", &path(id)), id);
        }
        assert_eq!(id_segment_under("", "/groups/50%2525"), "50%25");
        assert_eq!(id_segment_under("", "/groups"), "");
    }
}
