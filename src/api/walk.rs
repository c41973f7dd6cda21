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

/// The longest a walk holds the main thread before it lets the browser
/// paint and handle input: pages served from the query cache arrive all at
/// once, and 200 of them read in one go would block for hundreds of ms.
const SLICE_MS: f64 = 12.0;

/// Yields to the browser once a walk has run for [`SLICE_MS`], and lets it
/// paint first when the view asked ([`let_paint`]).
struct Breather {
    since: f64,
}

impl Breather {
    fn new() -> Self {
        Breather { since: clock_ms() }
    }

    async fn breathe(&mut self) {
        if PAINT_WANTED.with(|wanted| wanted.replace(false)) {
            after_next_paint().await;
            self.since = clock_ms();
        } else if clock_ms() - self.since >= SLICE_MS {
            yield_to_browser().await;
            self.since = clock_ms();
        }
    }
}

thread_local! {
    static PAINT_WANTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Asks the walks under way to let the browser paint at their next breath:
/// rows or counts just handed to the view show before more pages are read.
/// (A walk's slices are timer tasks; back to back, they can hold off
/// Chrome's rendering for about 100 ms.)
pub fn let_paint() {
    PAINT_WANTED.with(|wanted| wanted.set(true));
}

#[cfg(target_arch = "wasm32")]
async fn after_next_paint() {
    use leptos::prelude::{request_animation_frame, set_timeout};
    let (wake, woken) = futures::channel::oneshot::channel::<()>();
    // The frame's callback runs just before it is painted; the timer after.
    request_animation_frame(move || {
        set_timeout(
            move || {
                let _ = wake.send(());
            },
            std::time::Duration::ZERO,
        )
    });
    let _ = woken.await;
}

#[cfg(not(target_arch = "wasm32"))]
async fn after_next_paint() {}

#[cfg(target_arch = "wasm32")]
fn clock_ms() -> f64 {
    js_sys::Date::now()
}

#[cfg(target_arch = "wasm32")]
async fn yield_to_browser() {
    super::sleep_ms(0).await
}

// Natively (the unit tests) a walk never yields.
#[cfg(not(target_arch = "wasm32"))]
fn clock_ms() -> f64 {
    0.0
}

#[cfg(not(target_arch = "wasm32"))]
async fn yield_to_browser() {}

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
    let first = fetch(Paging::new(1, Paging::MAX_LIMIT)).await?;
    all_after(first, &fetch, on_progress).await
}

/// The rest of [`all`], once page 1 is read.
async fn all_after<T, F, Fut>(
    first: ListPage<T>,
    fetch: &F,
    on_progress: impl Fn(Progress),
) -> Result<Vec<T>, ApiError>
where
    F: Fn(Paging) -> Fut,
    Fut: Future<Output = Result<ListPage<T>, ApiError>>,
{
    let limit = Paging::MAX_LIMIT;
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
    let mut breather = Breather::new();
    while let Some(page) = pages.try_next().await? {
        if page.items.is_empty() {
            break;
        }
        items.extend(page.items);
        on_progress(Progress {
            loaded: (items.len() as u64).min(total),
            total,
        });
        breather.breathe().await;
    }
    Ok(items)
}

/// What [`with_ids`] found: the items, and the ids no item answered to.
#[derive(Debug, PartialEq)]
pub struct Found<T> {
    pub items: Vec<T>,
    pub missing: Vec<String>,
}

/// Whether `ids` items are cheaper to read one GET each than by the list's
/// pages after its first (`list_rest`, `None` when the server gave no total
/// and page 1 was full): a few ticked devices of a 20,000-device account
/// are a few requests, not 200 pages.
pub fn one_by_one(ids: usize, list_rest: Option<usize>) -> bool {
    match list_rest {
        Some(pages) => ids <= pages,
        // One page's worth at most, where the length of the list is not said.
        None => ids <= Paging::MAX_LIMIT as usize,
    }
}

/// The items whose ids are `ids`. Page 1 of the list (`fetch`) comes first:
/// it tells how long the list is and may hold them all; the others are
/// asked for one GET each (`get`; the API's 404 means no such item) when
/// that takes fewer requests than the rest of the list ([`one_by_one`]),
/// else read from every page.
pub async fn with_ids<T, F, Fut, G, GFut>(
    ids: std::collections::BTreeSet<String>,
    id_of: impl Fn(&T) -> &str,
    fetch: F,
    get: G,
) -> Result<Found<T>, ApiError>
where
    F: Fn(Paging) -> Fut,
    Fut: Future<Output = Result<ListPage<T>, ApiError>>,
    G: Fn(String) -> GFut,
    GFut: Future<Output = Result<T, ApiError>>,
{
    let first = fetch(Paging::new(1, Paging::MAX_LIMIT)).await?;
    let total = first.total.max(first.items.len() as u64);
    let whole = first.items.len() as u64 >= total;
    let rest =
        (first.total_known || whole).then(|| remaining_pages(total, Paging::MAX_LIMIT).count());
    let mut left = ids;
    let mut items = Vec::new();
    let keep = |items: &mut Vec<T>, left: &mut std::collections::BTreeSet<String>, from: Vec<T>| {
        for item in from {
            if left.remove(id_of(&item)) {
                items.push(item);
            }
        }
    };
    let in_first = first
        .items
        .iter()
        .filter(|i| left.contains(id_of(i)))
        .count();
    if !whole && !one_by_one(left.len() - in_first, rest) {
        let every = all_after(first, &fetch, |_| ()).await?;
        keep(&mut items, &mut left, every);
        return Ok(Found {
            items,
            missing: left.into_iter().collect(),
        });
    }
    keep(&mut items, &mut left, first.items);
    if whole || left.is_empty() {
        return Ok(Found {
            items,
            missing: left.into_iter().collect(),
        });
    }
    let answers = each(
        left.into_iter().collect(),
        |id| {
            let answer = get(id.clone());
            async move {
                match answer.await {
                    Ok(item) => Ok(Ok(item)),
                    Err(ApiError::Server { status: 404, .. }) => Ok(Err(id)),
                    Err(e) => Err(e),
                }
            }
        },
        |_| (),
    )
    .await?;
    let mut missing = Vec::new();
    for answer in answers {
        match answer {
            Ok(item) => items.push(item),
            Err(id) => missing.push(id),
        }
    }
    Ok(Found { items, missing })
}

/// How far a list whose server gives no total is read (a million items).
const MAX_UNCOUNTED_PAGES: u32 = 10_000;

/// What a walk of every page came to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Walked {
    /// Items over all pages: as the server said, or as many as there were
    /// when it did not say or ran dry before.
    pub total: u64,
    /// Pages that could not be read (their items are missing, not zero).
    pub failed: Vec<(u32, ApiError)>,
    /// The server's total could not be trusted: it gave none, or its pages
    /// ran dry before it.
    pub estimated: bool,
}

/// Every page of a list, each handed to `on_page(page, items)` as it
/// arrives, in page order, with progress: for views that fill in while a
/// large list is read. Page 1 comes first, for the total; a later page that
/// cannot be read does not stop the walk, it is listed in
/// [`Walked::failed`] (read it again with [`again`]). Page 1 failing, or an
/// abort (Cancel, the page left), ends the walk with that error. A server
/// that says no total is read until its first short page.
pub async fn pages<T, F, Fut>(
    fetch: F,
    mut on_page: impl FnMut(u32, Vec<T>, Progress),
) -> Result<Walked, ApiError>
where
    F: Fn(Paging) -> Fut,
    Fut: Future<Output = Result<ListPage<T>, ApiError>>,
{
    let limit = Paging::MAX_LIMIT;
    let first = fetch(Paging::new(1, limit)).await?;
    let mut walked = Walked {
        total: first.total.max(first.items.len() as u64),
        estimated: !first.total_known,
        ..Default::default()
    };
    let mut loaded = first.items.len() as u64;
    let short = |n: usize| n < limit as usize;
    let mut ran_dry = short(first.items.len());
    on_page(
        1,
        first.items,
        Progress {
            loaded,
            total: walked.total,
        },
    );
    let mut next = 2;
    let mut breather = Breather::new();
    while !ran_dry {
        // Without a total, batches of pages until one comes back short.
        let last = if walked.estimated {
            if next > MAX_UNCOUNTED_PAGES {
                break;
            }
            next + PARALLEL as u32 - 1
        } else {
            *remaining_pages(walked.total, limit).end()
        };
        if next > last {
            break;
        }
        let mut answers = stream::iter(next..=last)
            .map(|page| {
                let answer = fetch(Paging::new(page, limit));
                async move { (page, answer.await) }
            })
            .buffered(PARALLEL);
        while let Some((page, answer)) = answers.next().await {
            match answer {
                Err(ApiError::Aborted) => return Err(ApiError::Aborted),
                Err(e) => walked.failed.push((page, e)),
                // A server that ignores `page` sent another page: stop.
                Ok(list) if list.page != page => {
                    walked.estimated = true;
                    ran_dry = true;
                    break;
                }
                Ok(list) => {
                    let count = list.items.len();
                    loaded += count as u64;
                    if walked.estimated {
                        walked.total = walked.total.max(loaded);
                    }
                    if count > 0 {
                        on_page(
                            page,
                            list.items,
                            Progress {
                                loaded,
                                total: walked.total.max(loaded),
                            },
                        );
                    }
                    if short(count) {
                        ran_dry = true;
                        break;
                    }
                    breather.breathe().await;
                }
            }
        }
        next = last + 1;
    }
    if ran_dry && !walked.estimated && loaded < walked.total && walked.failed.is_empty() {
        // The pages ran dry before the total the server claimed.
        walked.estimated = true;
        walked.total = loaded;
    }
    Ok(walked)
}

/// The pages a walk could not read, read again: each handed to
/// `on_page(page, items)`; those that fail again are answered.
pub async fn again<T, F, Fut>(
    fetch: F,
    pages: Vec<u32>,
    mut on_page: impl FnMut(u32, Vec<T>),
) -> Result<Vec<(u32, ApiError)>, ApiError>
where
    F: Fn(Paging) -> Fut,
    Fut: Future<Output = Result<ListPage<T>, ApiError>>,
{
    let mut failed = Vec::new();
    let mut answers = stream::iter(pages)
        .map(|page| {
            let answer = fetch(Paging::new(page, Paging::MAX_LIMIT));
            async move { (page, answer.await) }
        })
        .buffered(PARALLEL);
    while let Some((page, answer)) = answers.next().await {
        match answer {
            Err(ApiError::Aborted) => return Err(ApiError::Aborted),
            Err(e) => failed.push((page, e)),
            Ok(list) => on_page(page, list.items),
        }
    }
    Ok(failed)
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
    each_at(PARALLEL, items, work, on_progress).await
}

/// [`each`], `at_once` at a time (at least one).
pub async fn each_at<T, R, F, Fut>(
    at_once: usize,
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
    let mut results = stream::iter(items).map(work).buffered(at_once.max(1));
    while let Some(result) = results.try_next().await? {
        done.push(result);
        on_progress(Progress {
            loaded: done.len() as u64,
            total,
        });
    }
    Ok(done)
}

/// What one list of [`rest_of_each`] came to.
#[derive(Debug, Default, PartialEq)]
pub struct ListRead<T> {
    pub items: Vec<T>,
    /// Pages that could not be read (their items are missing, not zero).
    pub failed: Vec<(u32, ApiError)>,
}

/// The other pages of many lists whose first pages are read (a track per
/// device), as one queue of requests [`PARALLEL`] at a time rather than a
/// walk per list, so a hundred short lists and one long one keep the same
/// few requests in flight. Each list goes to `on_list(index, read)` once all
/// its pages are in, in the lists' order; progress counts requests. A page
/// that fails is reported with its list; an abort ends the walk. A list
/// whose server gave no total is read on, a page at a time, until a short
/// page (after the counted ones).
pub async fn rest_of_each<T, F, Fut>(
    firsts: Vec<ListPage<T>>,
    fetch: F,
    mut on_list: impl FnMut(usize, ListRead<T>),
    on_progress: impl Fn(Progress),
) -> Result<(), ApiError>
where
    F: Fn(usize, Paging) -> Fut,
    Fut: Future<Output = Result<ListPage<T>, ApiError>>,
{
    let limit = Paging::MAX_LIMIT;
    let full = |n: usize| n >= limit as usize;
    let uncounted: Vec<bool> = firsts
        .iter()
        .map(|f| !f.total_known && full(f.items.len()))
        .collect();
    let mut left: Vec<usize> = firsts
        .iter()
        .zip(&uncounted)
        .map(|(f, &u)| {
            if u {
                0
            } else {
                remaining_pages(f.total, limit).count()
            }
        })
        .collect();
    let requests: Vec<(usize, u32)> = firsts
        .iter()
        .enumerate()
        .filter(|(i, _)| !uncounted[*i])
        .flat_map(|(i, f)| remaining_pages(f.total, limit).map(move |p| (i, p)))
        .collect();
    let mut reads: Vec<Option<ListRead<T>>> = firsts
        .into_iter()
        .map(|f| {
            Some(ListRead {
                items: f.items,
                failed: Vec::new(),
            })
        })
        .collect();
    let mut progress = Progress {
        loaded: 0,
        total: requests.len() as u64,
    };
    on_progress(progress);
    // Lists that are done, in order: one still reading holds back those
    // after it (an uncounted one holds back none: it is read last).
    let mut next_done = 0;
    let mut hand_over = |left: &[usize], reads: &mut [Option<ListRead<T>>]| {
        while next_done < reads.len() {
            if !uncounted[next_done] {
                if left[next_done] > 0 {
                    break;
                }
                if let Some(read) = reads[next_done].take() {
                    on_list(next_done, read);
                }
            }
            next_done += 1;
        }
    };
    hand_over(&left, &mut reads);
    let mut answers = stream::iter(requests)
        .map(|(i, page)| {
            let answer = fetch(i, Paging::new(page, limit));
            async move { (i, page, answer.await) }
        })
        .buffered(PARALLEL);
    let mut breather = Breather::new();
    while let Some((i, page, answer)) = answers.next().await {
        let read = reads[i].as_mut().expect("a list is handed over once read");
        match answer {
            Err(ApiError::Aborted) => return Err(ApiError::Aborted),
            Err(e) => read.failed.push((page, e)),
            // A page that is not the one asked for adds nothing.
            Ok(list) if list.page != page => {}
            Ok(list) => read.items.extend(list.items),
        }
        left[i] -= 1;
        progress.loaded += 1;
        on_progress(progress);
        hand_over(&left, &mut reads);
        breather.breathe().await;
    }
    for i in 0..reads.len() {
        if !uncounted[i] {
            continue;
        }
        for page in 2..=MAX_UNCOUNTED_PAGES {
            progress.total += 1;
            let answer = fetch(i, Paging::new(page, limit)).await;
            let read = reads[i].as_mut().expect("an uncounted list is read last");
            progress.loaded += 1;
            on_progress(progress);
            match answer {
                Err(ApiError::Aborted) => return Err(ApiError::Aborted),
                Err(e) => {
                    read.failed.push((page, e));
                    break;
                }
                Ok(list) if list.page != page || list.items.is_empty() => break,
                Ok(list) => {
                    let more = full(list.items.len());
                    read.items.extend(list.items);
                    if !more {
                        break;
                    }
                }
            }
            breather.breathe().await;
        }
        if let Some(read) = reads[i].take() {
            on_list(i, read);
        }
    }
    Ok(())
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
                total_known: true,
            }))
        }
    }

    /// A list of `total` items "0", "1", …: its pages, and one GET each,
    /// every request noted ("page N", "get ID").
    #[allow(clippy::type_complexity)]
    fn named_server(
        total: u64,
        asked: &RefCell<Vec<String>>,
    ) -> (
        impl Fn(Paging) -> std::future::Ready<Result<ListPage<String>, ApiError>> + '_,
        impl Fn(String) -> std::future::Ready<Result<String, ApiError>> + '_,
    ) {
        let pages = move |p: Paging| {
            asked.borrow_mut().push(format!("page {}", p.page));
            let start = u64::from(p.page - 1) * u64::from(p.limit);
            let items = (start..(start + u64::from(p.limit)).min(total))
                .map(|n| n.to_string())
                .collect();
            std::future::ready(Ok(ListPage {
                items,
                page: p.page,
                total,
                total_known: true,
            }))
        };
        let get = move |id: String| {
            asked.borrow_mut().push(format!("get {id}"));
            std::future::ready(match id.parse::<u64>() {
                Ok(n) if n < total => Ok(id),
                Ok(_) if id == "99999" => Err(ApiError::Network {
                    base: String::new(),
                }),
                _ => Err(ApiError::Server {
                    status: 404,
                    message: "No device".into(),
                }),
            })
        };
        (pages, get)
    }

    fn ids(list: &[&str]) -> std::collections::BTreeSet<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_few_ids_of_a_long_list_are_one_get_each_and_many_are_its_pages() {
        assert!(one_by_one(3, Some(199)));
        assert!(one_by_one(199, Some(199)));
        assert!(!one_by_one(200, Some(199)));
        assert!(!one_by_one(1, Some(0)));
        assert!(one_by_one(100, None) && !one_by_one(101, None));

        // 3 ticked of 20,000 (one on page 1, one gone): page 1 and 2 GETs.
        let asked = RefCell::new(Vec::new());
        let (pages, get) = named_server(20_000, &asked);
        let found = block_on(with_ids(
            ids(&["5", "15000", "25000"]),
            |s: &String| s,
            pages,
            get,
        ))
        .unwrap();
        assert_eq!(found.items, vec!["5".to_string(), "15000".to_string()]);
        assert_eq!(found.missing, vec!["25000".to_string()]);
        assert_eq!(asked.take(), vec!["page 1", "get 15000", "get 25000"]);

        // More ids than pages left: every page, no GET.
        let asked = RefCell::new(Vec::new());
        let (pages, get) = named_server(250, &asked);
        let found = block_on(with_ids(
            ids(&["120", "130", "240", "999"]),
            |s: &String| s,
            pages,
            get,
        ))
        .unwrap();
        assert_eq!(found.items.len(), 3);
        assert_eq!(found.missing, vec!["999".to_string()]);
        assert_eq!(asked.take(), vec!["page 1", "page 2", "page 3"]);

        // The whole list on page 1: nothing else asked.
        let asked = RefCell::new(Vec::new());
        let (pages, get) = named_server(40, &asked);
        let found = block_on(with_ids(ids(&["7", "70"]), |s: &String| s, pages, get)).unwrap();
        assert_eq!(
            (found.items, found.missing),
            (vec!["7".to_string()], vec!["70".to_string()])
        );
        assert_eq!(asked.take(), vec!["page 1"]);
    }

    #[test]
    fn a_get_that_fails_otherwise_than_not_found_fails_the_read() {
        let asked = RefCell::new(Vec::new());
        let (pages, get) = named_server(20_000, &asked);
        let read = block_on(with_ids(
            ids(&["15000", "99999"]),
            |s: &String| s,
            pages,
            get,
        ));
        assert!(matches!(read, Err(ApiError::Network { .. })));
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
                total_known: true,
            }))
        };
        assert_eq!(block_on(all(fetch, |_| ())).unwrap(), vec![1, 2, 3]);
        // A total that lies: pages run dry before it.
        let short = |p: Paging| {
            std::future::ready(Ok(ListPage {
                items: if p.page == 1 { vec![0; 100] } else { vec![] },
                page: p.page,
                total: 1_000,
                total_known: true,
            }))
        };
        assert_eq!(block_on(all(short, |_| ())).unwrap().len(), 100);
    }

    #[test]
    fn each_at_holds_no_more_than_it_is_told_in_flight() {
        use std::cell::Cell;
        use std::rc::Rc;
        let (running, most) = (Rc::new(Cell::new(0)), Rc::new(Cell::new(0)));
        let work = |n: u32| {
            let (running, most) = (running.clone(), most.clone());
            async move {
                running.set(running.get() + 1);
                most.set(most.get().max(running.get()));
                // Pending once, so the others are started meanwhile.
                let mut yielded = false;
                std::future::poll_fn(|cx| {
                    if yielded {
                        std::task::Poll::Ready(())
                    } else {
                        yielded = true;
                        cx.waker().wake_by_ref();
                        std::task::Poll::Pending
                    }
                })
                .await;
                running.set(running.get() - 1);
                Ok::<_, ApiError>(n)
            }
        };
        let done = block_on(each_at(4, (0..25).collect(), work, |_| ()));
        assert_eq!(done, Ok((0..25).collect::<Vec<_>>()));
        assert_eq!(most.get(), 4);
        most.set(0);
        assert_eq!(block_on(each_at(0, vec![7], work, |_| ())), Ok(vec![7]));
        assert_eq!(most.get(), 1);
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

    /// Every page `walk::pages` handed over, in order.
    fn paged<F, Fut>(fetch: F) -> (Result<Walked, ApiError>, Vec<(u32, usize)>)
    where
        F: Fn(Paging) -> Fut,
        Fut: Future<Output = Result<ListPage<u64>, ApiError>>,
    {
        let mut seen = Vec::new();
        let walked = block_on(pages(fetch, |page, items, _| {
            seen.push((page, items.len()))
        }));
        (walked, seen)
    }

    #[test]
    fn a_failed_page_is_reported_not_counted_and_the_walk_goes_on() {
        let fetch = |p: Paging| {
            if p.page == 2 {
                std::future::ready(Err(ApiError::Timeout { seconds: 20 }))
            } else {
                server(350)(p)
            }
        };
        let (walked, seen) = paged(fetch);
        let walked = walked.unwrap();
        assert_eq!(seen, [(1, 100), (3, 100), (4, 50)]);
        assert_eq!(walked.total, 350);
        assert_eq!(walked.failed, vec![(2, ApiError::Timeout { seconds: 20 })]);
        assert!(!walked.estimated);
        // Read again, the missing page comes in.
        let mut again_seen = Vec::new();
        let still = block_on(again(server(350), vec![2], |page, items| {
            again_seen.push((page, items.len()))
        }));
        assert_eq!((still, again_seen), (Ok(vec![]), vec![(2, 100)]));
    }

    #[test]
    fn without_a_total_pages_are_read_until_a_short_one_and_the_total_is_estimated() {
        let fetch = |p: Paging| {
            let page = server(730)(p).into_inner().unwrap();
            std::future::ready(Ok(ListPage {
                total: page.items.len() as u64,
                total_known: false,
                ..page
            }))
        };
        let (walked, seen) = paged(fetch);
        let walked = walked.unwrap();
        assert_eq!(seen.len(), 8);
        assert_eq!(seen.last(), Some(&(8, 30)));
        assert_eq!((walked.total, walked.estimated), (730, true));
    }

    #[test]
    fn a_total_the_pages_do_not_reach_is_estimated() {
        let short = |p: Paging| {
            std::future::ready(Ok(ListPage {
                items: if p.page <= 2 {
                    vec![0; 100]
                } else {
                    vec![0; 10]
                },
                page: p.page,
                total: 1_000,
                total_known: true,
            }))
        };
        let (walked, seen) = paged(short);
        assert_eq!(seen, [(1, 100), (2, 100), (3, 10)]);
        assert_eq!(
            walked,
            Ok(Walked {
                total: 210,
                failed: vec![],
                estimated: true
            })
        );
        // Page 1 failing, or an abort, ends it.
        let (walked, _) = paged(|_| std::future::ready(Err::<ListPage<u64>, _>(ApiError::Aborted)));
        assert_eq!(walked, Err(ApiError::Aborted));
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
    #[test]
    fn the_rest_of_many_lists_comes_list_by_list_in_order() {
        let totals = [250u64, 0, 100, 101];
        let first = |t: u64| server(t)(Paging::new(1, 100)).into_inner().unwrap();
        let mut firsts: Vec<_> = totals.iter().map(|&t| first(t)).collect();
        // A fifth list whose server gives no total: read until a short page.
        let mut uncounted = first(230);
        uncounted.total = 100;
        uncounted.total_known = false;
        firsts.push(uncounted);
        let asked = RefCell::new(Vec::new());
        let fetch = |i: usize, p: Paging| {
            asked.borrow_mut().push((i, p.page));
            let total = if i == 4 { 230 } else { totals[i] };
            if i == 0 && p.page == 2 {
                return std::future::ready(Err(ApiError::Timeout { seconds: 20 }));
            }
            server(total)(p)
        };
        let mut got = Vec::new();
        let last = RefCell::new(Progress::default());
        block_on(rest_of_each(
            firsts,
            fetch,
            |i, read| got.push((i, read.items.len(), read.failed.len())),
            |p| *last.borrow_mut() = p,
        ))
        .unwrap();
        assert_eq!(
            got,
            vec![
                (0, 150, 1),
                (1, 0, 0),
                (2, 100, 0),
                (3, 101, 0),
                (4, 230, 0)
            ]
        );
        assert_eq!(
            *asked.borrow(),
            vec![(0, 2), (0, 3), (3, 2), (4, 2), (4, 3)]
        );
        assert_eq!(
            *last.borrow(),
            Progress {
                loaded: 5,
                total: 5
            }
        );
        // An abort ends it.
        let aborted = block_on(rest_of_each(
            vec![first(300)],
            |_, _| std::future::ready(Err::<ListPage<u64>, _>(ApiError::Aborted)),
            |_, _| panic!("nothing is handed over"),
            |_| (),
        ));
        assert_eq!(aborted, Err(ApiError::Aborted));
    }
}
