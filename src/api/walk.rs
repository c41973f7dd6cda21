//! Walking every page of a list (exports, search of all pages, a device's
//! track): page 1 first for the total, then the rest a few at a time, in
//! order, with progress. Dropping the future or aborting the page's requests
//! (`Api::abort_all`) cancels it.

use std::future::Future;

use futures::stream::{self, StreamExt, TryStreamExt};

use super::{ApiError, ListPage, Paging};

/// Requests in flight at once: enough to hide latency, few enough not to
/// crowd a browser's six connections per host or a small server.
pub const PARALLEL: usize = 6;

/// How far a walk has got, for a progress bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub loaded: u64,
    pub total: u64,
}

/// Pages still to fetch after page 1, for `total` items `limit` a page.
pub fn remaining_pages(total: u64, limit: u32) -> std::ops::RangeInclusive<u32> {
    let limit = u64::from(limit.max(1));
    let pages = total.div_ceil(limit).min(u64::from(u32::MAX)) as u32;
    2..=pages
}

/// Every item of a list. `fetch` asks for one page; `on_progress` hears
/// after each page. A server that ignores `page` (page 1 already holds
/// `total` items) or runs dry early ends the walk instead of looping.
pub async fn all<T, F, Fut>(fetch: F, on_progress: impl Fn(Progress)) -> Result<Vec<T>, ApiError>
where
    F: Fn(Paging) -> Fut,
    Fut: Future<Output = Result<ListPage<T>, ApiError>>,
{
    let limit = Paging::MAX_LIMIT;
    let first = fetch(Paging::new(1, limit)).await?;
    let total = first.total.max(first.items.len() as u64);
    let mut items = first.items;
    on_progress(Progress {
        loaded: items.len() as u64,
        total,
    });
    if items.len() as u64 >= total {
        return Ok(items);
    }
    let mut pages = stream::iter(remaining_pages(total, limit))
        .map(|page| fetch(Paging::new(page, limit)))
        .buffered(PARALLEL);
    while let Some(page) = pages.try_next().await? {
        if page.items.is_empty() {
            break;
        }
        items.extend(page.items);
        on_progress(Progress {
            loaded: (items.len() as u64).min(total),
            total,
        });
    }
    Ok(items)
}

/// `work` for each item, [`PARALLEL`] at a time, results in the items'
/// order; the first error ends it. Progress counts finished items.
pub async fn each<T, R, F, Fut>(
    items: Vec<T>,
    work: F,
    on_progress: impl Fn(Progress),
) -> Result<Vec<R>, ApiError>
where
    F: Fn(T) -> Fut,
    Fut: Future<Output = Result<R, ApiError>>,
{
    let total = items.len() as u64;
    let mut done = Vec::with_capacity(items.len());
    let mut results = stream::iter(items).map(work).buffered(PARALLEL);
    while let Some(result) = results.try_next().await? {
        done.push(result);
        on_progress(Progress {
            loaded: done.len() as u64,
            total,
        });
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::executor::block_on;
    use std::cell::RefCell;

    fn server(
        total: u64,
    ) -> impl Fn(Paging) -> std::future::Ready<Result<ListPage<u64>, ApiError>> {
        move |p: Paging| {
            let start = u64::from(p.page - 1) * u64::from(p.limit);
            let items = (start..(start + u64::from(p.limit)).min(total)).collect();
            std::future::ready(Ok(ListPage {
                items,
                page: p.page,
                total,
            }))
        }
    }

    #[test]
    fn page_plan() {
        assert!(remaining_pages(0, 100).is_empty());
        assert!(remaining_pages(100, 100).is_empty());
        assert_eq!(remaining_pages(101, 100), 2..=2);
        assert_eq!(remaining_pages(20_000, 100), 2..=200);
    }

    #[test]
    fn walks_every_page_in_order_with_progress() {
        let seen = RefCell::new(Vec::new());
        let items = block_on(all(server(250), |p| seen.borrow_mut().push(p))).unwrap();
        assert_eq!(items, (0..250).collect::<Vec<_>>());
        let seen = seen.into_inner();
        assert_eq!(
            seen.last(),
            Some(&Progress {
                loaded: 250,
                total: 250
            })
        );
        assert_eq!(seen.len(), 3);
    }

    #[test]
    fn a_server_that_ignores_page_ends_the_walk() {
        let fetch = |_: Paging| {
            std::future::ready(Ok(ListPage {
                items: vec![1, 2, 3],
                page: 1,
                total: 3,
            }))
        };
        assert_eq!(block_on(all(fetch, |_| ())).unwrap(), vec![1, 2, 3]);
        // A total that lies: pages run dry before it.
        let short = |p: Paging| {
            std::future::ready(Ok(ListPage {
                items: if p.page == 1 { vec![0; 100] } else { vec![] },
                page: p.page,
                total: 1_000,
            }))
        };
        assert_eq!(block_on(all(short, |_| ())).unwrap().len(), 100);
    }

    #[test]
    fn each_keeps_order_and_stops_at_an_error() {
        let doubled = block_on(each(
            vec![1, 2, 3],
            |n| std::future::ready(Ok(n * 2)),
            |_| (),
        ));
        assert_eq!(doubled, Ok(vec![2, 4, 6]));
        let failed = block_on(each(
            vec![1, 2, 3],
            |n| {
                std::future::ready(if n == 2 {
                    Err(ApiError::Aborted)
                } else {
                    Ok(n)
                })
            },
            |_| (),
        ));
        assert_eq!(failed, Err(ApiError::Aborted));
    }

    #[test]
    fn an_error_on_any_page_fails_the_walk() {
        let fetch = |p: Paging| {
            if p.page == 2 {
                std::future::ready(Err(ApiError::Timeout { seconds: 20 }))
            } else {
                server(300)(p)
            }
        };
        assert_eq!(
            block_on(all(fetch, |_| ())),
            Err(ApiError::Timeout { seconds: 20 })
        );
    }
}
