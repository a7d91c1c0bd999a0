//! Views with more conditions than the server takes. Better Auth's list-users takes one filter,
//! so the narrowest condition (the one the server counts fewest users for) goes to the server
//! and Authdesk applies the rest to every page it reads. The users table's scan is kept while
//! the admin pages through it, so the next page goes on where the last one stopped.

use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use authdesk_protocol::{
    ApiError, ListUsersQuery, Permission, ScanReport, SortDirection, UserField, UserPage, UserSort,
    UserSummary,
};

use super::Console;

/// Users asked for per list-users request while scanning.
pub(super) const SCAN_PAGE: u32 = 200;
/// Users one table request scans beyond what its page needs before it answers: a count of the
/// whole view up to this size costs about a second, and a larger one says "so far".
const SCAN_BUDGET: u64 = 5_000;

/// The users table's scan in progress, and a count of changes made through the console, so a
/// scan made before a change is not shown after it.
#[derive(Default)]
pub(super) struct ScanDesk {
    table: Mutex<Option<TableScan>>,
    changes: AtomicU64,
}

impl ScanDesk {
    /// Something was changed on the server: a kept scan may show it as it was.
    pub(super) fn changed(&self) {
        self.changes.fetch_add(1, Ordering::SeqCst);
    }

    /// Drops the kept scan, users and all: the session it was read under has ended here.
    pub(super) fn forget(&self) {
        self.table.lock().expect("scan lock").take();
    }
}

struct TableScan {
    /// The question without its page, and what it was asked under.
    key: ListUsersQuery,
    epoch: u64,
    changes: u64,
    pages: ViewPages,
    matched: Vec<UserSummary>,
}

/// A view read page by page in a stable order: each user once, and only those who meet the
/// conditions the server was not sent.
pub(super) struct ViewPages {
    query: ListUsersQuery,
    offset: u32,
    seen: HashSet<String>,
    /// Users the server answered with so far, and how many it matched in all.
    pub scanned: u64,
    pub of: u64,
    done: bool,
}

impl ViewPages {
    /// Pages of `query` in its own order, or the server's ids when it has none, so that
    /// pages do not overlap.
    pub(super) fn new(query: &ListUsersQuery, page: u32) -> Self {
        let query = ListUsersQuery {
            sort: query.sort.or(Some(UserSort {
                field: UserField::Id,
                direction: SortDirection::Asc,
            })),
            limit: page,
            offset: 0,
            ..query.clone()
        };
        Self {
            query,
            offset: 0,
            seen: HashSet::new(),
            scanned: 0,
            of: 0,
            done: false,
        }
    }

    pub(super) fn is_done(&self) -> bool {
        self.done
    }

    /// The next page's users who meet every condition; `None` once the view is read.
    pub(super) async fn next(
        &mut self,
        console: &Console,
    ) -> Result<Option<Vec<UserSummary>>, ApiError> {
        if self.done {
            return Ok(None);
        }
        let request = ListUsersQuery {
            offset: self.offset,
            ..self.query.server_part()
        };
        let page = console
            .as_admin(Permission::ListUsers, async |client| {
                client.list_users(&request).await
            })
            .await?;
        let got = page.users.len() as u32;
        self.offset += got;
        self.scanned += u64::from(got);
        self.of = page.total;
        self.done = got == 0 || u64::from(self.offset) >= page.total;
        // A user who moved across a page boundary while paging is read once.
        let query = &self.query;
        let seen = &mut self.seen;
        Ok(Some(
            page.users
                .into_iter()
                .filter(|user| seen.insert(user.id.clone()) && query.admits(user))
                .collect(),
        ))
    }
}

impl Console {
    /// `query` with its narrowest condition sent to the server, found by asking the server to
    /// count each; a query with one condition or none is sent as it is. Answers with the count.
    pub(super) async fn narrowest(
        &self,
        query: &ListUsersQuery,
    ) -> Result<(ListUsersQuery, u64), ApiError> {
        let count = async |query: ListUsersQuery| {
            let request = ListUsersQuery {
                limit: 1,
                offset: 0,
                ..query.server_part()
            };
            self.as_admin(Permission::ListUsers, async |client| {
                client.list_users(&request).await
            })
            .await
            .map(|page| page.total)
        };
        let conditions = query.conditions().count();
        if conditions < 2 {
            return Ok((query.clone(), count(query.clone()).await?));
        }
        let mut best = (query.sending(0), u64::MAX);
        for index in 0..conditions {
            let candidate = query.sending(index);
            let total = count(candidate.clone()).await?;
            if total < best.1 {
                best = (candidate, total);
            }
        }
        Ok(best)
    }

    /// A page of a view with conditions the server was not sent, from the table's scan.
    pub(super) async fn scan_page(&self, query: ListUsersQuery) -> Result<UserPage, ApiError> {
        let key = ListUsersQuery {
            limit: 0,
            offset: 0,
            ..query.clone()
        };
        let epoch = self
            .session
            .read()
            .await
            .as_ref()
            .map(|active| active.epoch);
        let changes = self.views.changes.load(Ordering::SeqCst);
        // Taken out while it runs: a second request for the same view starts its own.
        let kept = self.views.table.lock().expect("scan lock").take();
        let mut scan = match kept {
            // The first page asks afresh: it is what a reload or a new view shows.
            Some(scan)
                if query.offset > 0
                    && scan.key == key
                    && Some(scan.epoch) == epoch
                    && scan.changes == changes =>
            {
                scan
            }
            _ => {
                let (narrowest, _) = self.narrowest(&query).await?;
                TableScan {
                    key,
                    epoch: epoch.unwrap_or_default(),
                    changes,
                    pages: ViewPages::new(&narrowest, SCAN_PAGE),
                    matched: Vec::new(),
                }
            }
        };
        // To the end where that is near, so the count is exact; else as far as the budget goes
        // and, if that did not fill this page, on towards ten budgets to fill it.
        let wanted = (query.offset + query.limit) as usize;
        let start = scan.pages.scanned;
        while scan.pages.scanned < start + SCAN_BUDGET
            || (scan.matched.len() < wanted && scan.pages.scanned < start + 10 * SCAN_BUDGET)
        {
            match scan.pages.next(self).await? {
                Some(users) => scan.matched.extend(users),
                None => break,
            }
        }
        let start = (query.offset as usize).min(scan.matched.len());
        let end = (start + query.limit as usize).min(scan.matched.len());
        let page = UserPage {
            users: scan.matched[start..end].to_vec(),
            total: scan.matched.len() as u64,
            scan: Some(ScanReport {
                scanned: scan.pages.scanned,
                of: scan.pages.of,
                complete: scan.pages.is_done(),
            }),
        };
        *self.views.table.lock().expect("scan lock") = Some(scan);
        Ok(page)
    }
}
