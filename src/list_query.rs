//! A list view's state as it lives in the query string: page, page size,
//! search and sort. The URL is the state, so a reload or a shared link shows
//! the same view and Back/Forward step through it.

use crate::api::Paging;

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
        }
    }

    /// The page to ask the server for. Over every page (`all`), `page` is a
    /// page of the matches, cut in the browser: the server's first page
    /// stands for the list then, so paging the matches asks for nothing.
    pub fn paging(&self) -> Paging {
        let page = if self.all_pages { 1 } else { self.page };
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
    fn pages_of_matches_over_every_page_ask_the_server_for_nothing_new() {
        let q = ListQuery::default().with_page(3);
        assert_eq!(q.paging().page, 3);
        assert_eq!(q.with_all_pages(true).paging().page, 1);
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
