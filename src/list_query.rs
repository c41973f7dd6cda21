//! A list view's state as it lives in the query string: page, page size,
//! search, sort and filters. The URL is the state, so a reload or a shared
//! link shows the same view and Back/Forward step through it.

use crate::api::Paging;
use crate::model::{DeviceFilter, Seen, Span, UserFilter, VersionOp};

/// The filters a list may carry, by their name in the query string, in the
/// order they are written. A filter applies across every page.
pub const FILTER_KEYS: [&str; 10] = [
    "platform", "os", "os_op", "model", "owner", "group", "checkin", "fix", "domain", "devices",
];

/// A list's table caption from its plural noun ("devices" → "Devices"):
/// the name its page size and columns are remembered by.
pub fn caption_of(noun: &str) -> String {
    // ASCII: `char::to_uppercase` would bring Unicode's case tables (5 KB).
    let mut caption = noun.to_string();
    if let Some(first) = caption.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    caption
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListQuery {
    pub page: u32,
    pub limit: u32,
    pub search: String,
    /// Column key to sort by, within the loaded page.
    pub sort: Option<String>,
    pub descending: bool,
    /// Search and sort over every page (walked in the browser), not the loaded one.
    pub all_pages: bool,
    /// Filters by key (`FILTER_KEYS`), in that order; an empty value asks
    /// for items where the field is missing.
    pub filters: Vec<(&'static str, String)>,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            page: 1,
            limit: Self::DEFAULT_LIMIT,
            search: String::new(),
            sort: None,
            descending: false,
            all_pages: false,
            filters: Vec::new(),
        }
    }
}

impl ListQuery {
    pub const SIZES: [u32; 4] = [10, 25, 50, 100];
    pub const DEFAULT_LIMIT: u32 = 25;

    /// Reads the query; anything unreadable falls back to the default.
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Self {
        let number = |name: &str| get(name).and_then(|v| v.trim().parse::<u32>().ok());
        ListQuery {
            page: number("page").filter(|p| *p >= 1).unwrap_or(1),
            limit: number("limit")
                .filter(|l| Self::SIZES.contains(l))
                .unwrap_or(Self::DEFAULT_LIMIT),
            search: get("q").unwrap_or_default(),
            sort: get("sort").filter(|s| !s.is_empty()),
            descending: get("dir").as_deref() == Some("desc"),
            all_pages: get("all").as_deref() == Some("1"),
            filters: FILTER_KEYS
                .iter()
                .filter_map(|key| get(key).map(|value| (*key, value)))
                .collect(),
        }
    }

    /// Whether the list shows every page's rows (walked in the browser):
    /// asked for, or a filter is set.
    pub fn over_every_page(&self) -> bool {
        self.all_pages || !self.filters.is_empty()
    }

    pub fn filter(&self, key: &str) -> Option<&str> {
        self.filters
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The same view with these filters (from its first page).
    pub fn with_filters(&self, filters: Vec<(&'static str, String)>) -> Self {
        let mut filters = filters;
        filters.sort_by_key(|(k, _)| FILTER_KEYS.iter().position(|f| f == k));
        ListQuery {
            filters,
            page: 1,
            ..self.clone()
        }
    }

    /// The same view without the filter `key` (and what goes with it).
    pub fn without_filter(&self, key: &str) -> Self {
        let gone = |k: &str| k == key || (key == "os" && k == "os_op");
        self.with_filters(
            self.filters
                .iter()
                .filter(|(k, _)| !gone(k))
                .cloned()
                .collect(),
        )
    }

    /// The devices filter in the query.
    pub fn device_filter(&self) -> DeviceFilter {
        let text = |key| self.filter(key).map(str::to_string);
        DeviceFilter {
            platform: text("platform"),
            os: text("os").map(|v| {
                let op = match self.filter("os_op") {
                    Some("before") => VersionOp::Before,
                    Some("atleast") => VersionOp::AtLeast,
                    _ => VersionOp::Is,
                };
                (op, v)
            }),
            model: text("model"),
            owner: text("owner").filter(|o| !o.is_empty()),
            group: text("group"),
            seen: self.filter("checkin").and_then(parse_seen),
            fix: match self.filter("fix") {
                Some("yes") => Some(true),
                Some("no") => Some(false),
                _ => None,
            },
        }
    }

    /// The users filter in the query.
    pub fn user_filter(&self) -> UserFilter {
        UserFilter {
            group: self.filter("group").map(str::to_string),
            domain: self
                .filter("domain")
                .map(str::to_string)
                .filter(|d| !d.trim().is_empty()),
            devices: match self.filter("devices") {
                Some("with") => Some(true),
                Some("without") => Some(false),
                _ => None,
            },
        }
    }

    /// Filters that say `filter`.
    pub fn user_filters(filter: &UserFilter) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(g) = &filter.group {
            pairs.push(("group", g.clone()));
        }
        if let Some(d) = &filter.domain {
            pairs.push(("domain", d.clone()));
        }
        if let Some(with) = filter.devices {
            pairs.push(("devices", if with { "with" } else { "without" }.to_string()));
        }
        pairs
    }

    /// Filters that say `filter`.
    pub fn device_filters(filter: &DeviceFilter) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        let mut put = |key, value: &Option<String>| {
            if let Some(v) = value {
                pairs.push((key, v.clone()));
            }
        };
        put("platform", &filter.platform);
        if let Some((op, version)) = &filter.os {
            put("os", &Some(version.clone()));
            match op {
                VersionOp::Is => {}
                VersionOp::Before => put("os_op", &Some("before".into())),
                VersionOp::AtLeast => put("os_op", &Some("atleast".into())),
            }
        }
        put("model", &filter.model);
        put("owner", &filter.owner);
        put("group", &filter.group);
        put("checkin", &filter.seen.map(seen_text));
        put(
            "fix",
            &filter
                .fix
                .map(|has| if has { "yes" } else { "no" }.to_string()),
        );
        pairs
    }

    /// The page to ask the server for. Over every page (`all`), `page` is a
    /// page of the matches, cut in the browser: the server's first page
    /// stands for the list then, so paging the matches asks for nothing.
    pub fn paging(&self) -> Paging {
        let page = if self.over_every_page() { 1 } else { self.page };
        Paging::new(page, self.limit)
    }

    /// `?page=2&limit=50&q=x&sort=name&dir=desc`, leaving out defaults.
    pub fn to_query_string(&self) -> String {
        let mut pairs = form_urlencoded::Serializer::new(String::new());
        if self.page != 1 {
            pairs.append_pair("page", &self.page.to_string());
        }
        if self.limit != Self::DEFAULT_LIMIT {
            pairs.append_pair("limit", &self.limit.to_string());
        }
        if !self.search.is_empty() {
            pairs.append_pair("q", &self.search);
        }
        if let Some(sort) = &self.sort {
            pairs.append_pair("sort", sort);
            if self.descending {
                pairs.append_pair("dir", "desc");
            }
        }
        if self.all_pages {
            pairs.append_pair("all", "1");
        }
        for (key, value) in &self.filters {
            pairs.append_pair(key, value);
        }
        let query = pairs.finish();
        if query.is_empty() {
            String::new()
        } else {
            format!("?{query}")
        }
    }

    pub fn with_page(&self, page: u32) -> Self {
        ListQuery {
            page: page.max(1),
            ..self.clone()
        }
    }

    /// A new page size starts again at page 1.
    /// The view a visit opens: the URL's, or at `remembered` (the page size
    /// last chosen for the list, `prefs::page_size`) when the URL leaves
    /// the size at the default.
    pub fn opened_with(self, remembered: Option<u32>) -> Self {
        match remembered {
            Some(size) if self.limit == Self::DEFAULT_LIMIT && size != self.limit => {
                self.with_limit(size)
            }
            _ => self,
        }
    }

    pub fn with_limit(&self, limit: u32) -> Self {
        ListQuery {
            limit,
            page: 1,
            ..self.clone()
        }
    }

    pub fn with_all_pages(&self, all_pages: bool) -> Self {
        ListQuery {
            all_pages,
            ..self.clone()
        }
    }

    pub fn with_search(&self, search: String) -> Self {
        ListQuery {
            search,
            ..self.clone()
        }
    }

    /// Click a header: sort by it ascending, click again for descending.
    pub fn toggled_sort(&self, column: &str) -> Self {
        let same = self.sort.as_deref() == Some(column);
        ListQuery {
            sort: Some(column.to_string()),
            descending: same && !self.descending,
            ..self.clone()
        }
    }
}

/// `within-7d`, `not-within-7d`, `1d-7d` (within 7 days, not within 1),
/// `never`: a check-in filter as the query string writes it.
pub fn seen_text(seen: Seen) -> String {
    match seen {
        Seen::Within(span) => format!("within-{}", span.to_text()),
        Seen::NotWithin(span) => format!("not-within-{}", span.to_text()),
        Seen::Between(short, long) => format!("{}-{}", short.to_text(), long.to_text()),
        Seen::Never => "never".into(),
    }
}

pub fn parse_seen(text: &str) -> Option<Seen> {
    let text = text.trim();
    if text == "never" {
        return Some(Seen::Never);
    }
    if let Some(span) = text.strip_prefix("not-within-") {
        return Span::parse(span).map(Seen::NotWithin);
    }
    if let Some(span) = text.strip_prefix("within-") {
        return Span::parse(span).map(Seen::Within);
    }
    let (short, long) = text.split_once('-')?;
    Some(Seen::Between(Span::parse(short)?, Span::parse(long)?))
}

/// "41–60 of 153", or "No items" for an empty list.
pub fn range_label(page: u32, limit: u32, shown: usize, total: u64) -> String {
    if total == 0 || shown == 0 {
        return format!("0 of {total}");
    }
    let first = u64::from(page - 1) * u64::from(limit) + 1;
    let last = first + shown as u64 - 1;
    format!("{first}–{last} of {total}")
}

/// Pages needed for `total` items, at least one.
pub fn page_count(total: u64, limit: u32) -> u32 {
    (total.div_ceil(u64::from(limit.max(1))).max(1)).min(u64::from(u32::MAX)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse_one(key: &str, value: &str) -> ListQuery {
        parse(&[(key, value)])
    }

    fn parse(pairs: &[(&str, &str)]) -> ListQuery {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        ListQuery::parse(|k| map.get(k).cloned())
    }

    #[test]
    fn round_trip() {
        let q = parse(&[
            ("page", "3"),
            ("limit", "50"),
            ("q", "a b&c"),
            ("sort", "name"),
            ("dir", "desc"),
            ("all", "1"),
        ]);
        assert_eq!(
            q.to_query_string(),
            "?page=3&limit=50&q=a+b%26c&sort=name&dir=desc&all=1"
        );
        assert_eq!(ListQuery::default().to_query_string(), "");
    }

    #[test]
    fn junk_falls_back_to_defaults() {
        let q = parse(&[("page", "-1"), ("limit", "7"), ("dir", "sideways")]);
        assert_eq!(q, ListQuery::default());
        assert_eq!(parse(&[("page", "x")]).page, 1);
    }

    #[test]
    fn sort_toggles_and_limit_resets_page() {
        let q = ListQuery::default().with_page(4);
        let asc = q.toggled_sort("name");
        assert_eq!((asc.sort.as_deref(), asc.descending), (Some("name"), false));
        assert!(asc.toggled_sort("name").descending);
        assert!(!asc.toggled_sort("name").toggled_sort("email").descending);
        assert_eq!(q.with_limit(100).page, 1);
    }

    #[test]
    fn a_visit_opens_at_the_remembered_size_unless_the_url_sets_one() {
        let at = |pairs: &[(&str, &str)]| parse(pairs).opened_with(Some(50));
        assert_eq!(at(&[]).limit, 50);
        assert_eq!(
            at(&[("page", "3"), ("q", "x")]).paging(),
            Paging::new(1, 50)
        );
        assert_eq!(at(&[("page", "3"), ("q", "x")]).search, "x");
        assert_eq!(
            at(&[("limit", "100"), ("page", "2")]).paging(),
            Paging::new(2, 100)
        );
        let second = parse(&[("page", "2")]);
        assert_eq!(second.clone().opened_with(None), second);
        assert_eq!(caption_of("devices"), "Devices");
        assert_eq!(caption_of(""), "");
    }

    #[test]
    fn pages_of_matches_over_every_page_ask_the_server_for_nothing_new() {
        let q = ListQuery::default().with_page(3);
        assert_eq!(q.paging().page, 3);
        assert_eq!(q.with_all_pages(true).paging().page, 1);
    }

    #[test]
    fn filters_round_trip_and_keep_their_order() {
        let q = parse(&[
            ("checkin", "not-within-7d"),
            ("platform", ""),
            ("os", "17.9"),
            ("os_op", "before"),
            ("fix", "no"),
        ]);
        assert_eq!(
            q.to_query_string(),
            "?platform=&os=17.9&os_op=before&checkin=not-within-7d&fix=no"
        );
        let filter = q.device_filter();
        assert_eq!(filter.platform.as_deref(), Some(""));
        assert_eq!(filter.os, Some((VersionOp::Before, "17.9".into())));
        assert_eq!(filter.seen, Some(Seen::NotWithin(Span::Days(7))));
        assert_eq!(filter.fix, Some(false));
        assert_eq!(ListQuery::device_filters(&filter), q.filters);
        assert!(q.over_every_page());
        assert_eq!(q.with_page(4).paging().page, 1);
        let fewer = q.with_page(3).without_filter("os");
        assert_eq!(
            fewer.to_query_string(),
            "?platform=&checkin=not-within-7d&fix=no"
        );
    }

    #[test]
    fn user_filters_round_trip() {
        let q = parse(&[
            ("devices", "without"),
            ("domain", "example.com"),
            ("group", ""),
        ]);
        let filter = q.user_filter();
        assert_eq!(filter.devices, Some(false));
        assert_eq!(filter.group.as_deref(), Some(""));
        assert_eq!(
            ListQuery::default().with_filters(ListQuery::user_filters(&filter)),
            q.with_filters(q.filters.clone())
        );
    }

    #[test]
    fn check_in_filters_read_and_write() {
        for seen in [
            Seen::Within(Span::Hours(1)),
            Seen::NotWithin(Span::Days(30)),
            Seen::Between(Span::Days(1), Span::Days(7)),
            Seen::Never,
        ] {
            assert_eq!(parse_seen(&seen_text(seen)), Some(seen));
        }
        assert_eq!(parse_seen("sometime"), None);
        assert_eq!(parse_one("checkin", "soon").device_filter().seen, None);
    }

    #[test]
    fn labels_and_counts() {
        assert_eq!(range_label(3, 20, 20, 153), "41–60 of 153");
        assert_eq!(range_label(8, 20, 13, 153), "141–153 of 153");
        assert_eq!(range_label(1, 20, 0, 0), "0 of 0");
        assert_eq!(page_count(153, 20), 8);
        assert_eq!(page_count(0, 20), 1);
        assert_eq!(page_count(100, 100), 1);
    }
}
