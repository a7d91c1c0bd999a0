//! The users table: what is asked (a search, conditions that must all hold, an order, a page)
//! and what came back. Every change of the question bumps `generation`, so a late answer to an older question
//! is dropped instead of overwriting a newer one; a question whose search no server takes is
//! not asked at all.

use std::rc::Rc;

use authdesk_protocol::{
    ApiError, ListUsersQuery, MAX_VIEW_CONDITIONS, OffsetDateTime, SearchField, SearchOperator,
    SortDirection, TableView, UserField, UserPage, UserSearch, UserSort, ViewCondition, checks,
};
use yew::Reducible;

pub const PAGE_SIZES: [u32; 4] = [25, 50, 100, 200];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsersQuery {
    pub search: String,
    pub search_field: SearchField,
    pub search_operator: SearchOperator,
    /// All must hold; each in a slot of its own ([`ViewCondition::slot`]).
    pub conditions: Vec<ViewCondition>,
    pub sort: Option<UserSort>,
    pub page_size: u32,
    /// Zero-based.
    pub page: u32,
}

impl Default for UsersQuery {
    fn default() -> Self {
        Self {
            search: String::new(),
            search_field: SearchField::Email,
            search_operator: SearchOperator::Contains,
            conditions: Vec::new(),
            sort: Some(UserSort {
                field: UserField::CreatedAt,
                direction: SortDirection::Desc,
            }),
            page_size: PAGE_SIZES[0],
            page: 0,
        }
    }
}

impl UsersQuery {
    /// The request for the backend. `now` decides what "lapsed" means.
    pub fn to_request(&self, now: OffsetDateTime) -> ListUsersQuery {
        self.view()
            .to_query(now, self.page_size, self.page * self.page_size)
    }

    /// The view this is, without its page: what a saved view keeps.
    pub fn view(&self) -> TableView {
        let search = self.search.trim();
        TableView {
            search: (!search.is_empty()).then(|| UserSearch {
                field: self.search_field,
                operator: self.search_operator,
                value: search.to_owned(),
            }),
            conditions: self.conditions.clone(),
            sort: self.sort,
        }
    }

    /// This query showing `view` from its first page, at the same page size.
    pub fn showing(&self, view: &TableView) -> Self {
        let search = view.search.clone();
        Self {
            search: search
                .as_ref()
                .map(|search| search.value.clone())
                .unwrap_or_default(),
            search_field: search
                .as_ref()
                .map_or(SearchField::Email, |search| search.field),
            search_operator: search
                .as_ref()
                .map_or(SearchOperator::Contains, |search| search.operator),
            conditions: view.conditions.clone(),
            sort: view.sort,
            page_size: self.page_size,
            page: 0,
        }
    }

    pub fn sort_direction(&self, field: UserField) -> Option<SortDirection> {
        self.sort
            .filter(|sort| sort.field == field)
            .map(|sort| sort.direction)
    }

    /// What the view's "role contains" condition asks for, if it has one.
    pub fn role_condition(&self) -> Option<&str> {
        self.conditions
            .iter()
            .find_map(|condition| match condition {
                ViewCondition::RoleContains { role } => Some(role.as_str()),
                _ => None,
            })
    }
}

/// Better Auth's default role (the admin plugin's `defaultRole`), which nearly every user has.
const DEFAULT_ROLE: &str = "user";

/// The order a row shows a user's roles in, when only the first may fit: the ones the view's
/// role condition matched (why the row is there), then the rest as the server lists them, the
/// default role, which tells least, last.
pub fn roles_shown<'a>(roles: &'a [String], matching: Option<&str>) -> Vec<&'a str> {
    let mut shown: Vec<&str> = roles.iter().map(String::as_str).collect();
    shown.sort_by_key(|role| {
        let matched = matching.is_some_and(|wanted| role.contains(wanted));
        (!matched, *role == DEFAULT_ROLE)
    });
    shown
}

#[derive(Debug, Clone, PartialEq)]
pub enum UsersResult {
    /// Waiting; the previous page stays on screen (dimmed) so nothing jumps.
    Loading(Option<Rc<UserPage>>),
    /// Shared, not copied, by every state after it and by the table's rows.
    Loaded(Rc<UserPage>),
    Failed(ApiError),
}

impl UsersResult {
    pub fn page(&self) -> Option<&UserPage> {
        self.shared().map(|page| &**page)
    }

    pub fn shared(&self) -> Option<&Rc<UserPage>> {
        match self {
            Self::Loading(page) => page.as_ref(),
            Self::Loaded(page) => Some(page),
            Self::Failed(_) => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct UsersState {
    pub query: UsersQuery,
    pub result: UsersResult,
    pub generation: u64,
    /// Whether the last change was typing in the search box (the request then waits a moment).
    pub typed: bool,
    /// The row the keyboard is on.
    pub cursor: Option<usize>,
}

impl Default for UsersState {
    fn default() -> Self {
        Self {
            query: UsersQuery::default(),
            result: UsersResult::Loading(None),
            generation: 0,
            typed: false,
            cursor: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum UsersAction {
    Search(String),
    SearchField(SearchField),
    SearchOperator(SearchOperator),
    /// Adds a condition, in place of the one in its slot if there is one.
    AddCondition(ViewCondition),
    /// Changes the condition at this index (a role or a date typed anew).
    EditCondition(usize, ViewCondition),
    RemoveCondition(usize),
    ClearConditions,
    /// A saved view, from its first page.
    Show(TableView),
    /// Click on a column header: ascending, then descending, then back to newest first.
    SortBy(UserField),
    PageSize(u32),
    Page(u32),
    Reload,
    Loaded {
        generation: u64,
        page: UserPage,
    },
    Failed {
        generation: u64,
        error: ApiError,
    },
    /// Arrow keys: +1 down, -1 up.
    MoveCursor(i32),
}

impl UsersState {
    /// Pages known so far: a scan Authdesk has not finished has at least one more.
    pub fn page_count(&self) -> u32 {
        let Some(page) = self.result.page() else {
            return 1;
        };
        let known = (page.total.div_ceil(u64::from(self.query.page_size)) as u32).max(1);
        match page.scan {
            Some(scan) if !scan.complete => known.max(self.query.page + 2),
            _ => known,
        }
    }

    /// `Filtered in Authdesk: 312 of 12,480 scanned`, when Authdesk applied conditions the
    /// server was not sent.
    pub fn scan_label(&self) -> Option<String> {
        let page = self.result.page()?;
        let scan = page.scan?;
        let thousands = crate::format::thousands;
        Some(if scan.complete {
            format!(
                "Filtered in Authdesk: {} of {} scanned",
                thousands(page.total),
                thousands(scan.scanned)
            )
        } else {
            format!(
                "Filtered in Authdesk: {} of {} scanned so far, of {}",
                thousands(page.total),
                thousands(scan.scanned),
                thousands(scan.of)
            )
        })
    }

    /// `51–100 of 2,431`.
    pub fn range_label(&self) -> Option<String> {
        let page = self.result.page()?;
        if page.total == 0 {
            return Some("No users".into());
        }
        let first = u64::from(self.query.page * self.query.page_size) + 1;
        let last = first + page.users.len() as u64 - 1;
        Some(format!(
            "{}–{} of {}",
            crate::format::thousands(first),
            crate::format::thousands(last.max(first)),
            matched(page)
        ))
    }
}

/// How many users the page's view matches: "2,431", or "at least 2,431" while a scan has not
/// got to the end.
pub fn matched(page: &UserPage) -> String {
    let count = crate::format::thousands(page.total);
    if page.total_is_exact() {
        count
    } else {
        format!("at least {count}")
    }
}

impl Reducible for UsersState {
    type Action = UsersAction;

    fn reduce(self: Rc<Self>, action: UsersAction) -> Rc<Self> {
        let mut next = (*self).clone();
        let requery = |next: &mut Self, typed: bool, keep_page: bool| {
            if !keep_page {
                next.query.page = 0;
            }
            // A search no server takes is said at its box and not sent: the table keeps the rows
            // of the last question that could be, until the search is mended.
            if checks::check_search(&next.query.search).is_err() {
                return;
            }
            next.generation += 1;
            next.typed = typed;
            next.cursor = None;
            next.result = UsersResult::Loading(next.result.shared().cloned());
        };
        match action {
            UsersAction::Search(text) => {
                next.query.search = text;
                requery(&mut next, true, false);
            }
            UsersAction::SearchField(field) => {
                next.query.search_field = field;
                requery(&mut next, false, false);
            }
            UsersAction::SearchOperator(operator) => {
                next.query.search_operator = operator;
                requery(&mut next, false, false);
            }
            UsersAction::AddCondition(condition) => {
                let conditions = &mut next.query.conditions;
                match conditions
                    .iter()
                    .position(|kept| kept.slot() == condition.slot())
                {
                    Some(index) => conditions[index] = condition,
                    None if conditions.len() < MAX_VIEW_CONDITIONS => conditions.push(condition),
                    None => return self,
                }
                requery(&mut next, false, false);
            }
            UsersAction::EditCondition(index, condition) => {
                match next.query.conditions.get_mut(index) {
                    Some(kept) if kept.slot() == condition.slot() && *kept != condition => {
                        *kept = condition;
                    }
                    _ => return self,
                }
                requery(&mut next, false, false);
            }
            UsersAction::RemoveCondition(index) if index < next.query.conditions.len() => {
                next.query.conditions.remove(index);
                requery(&mut next, false, false);
            }
            UsersAction::RemoveCondition(_) => return self,
            UsersAction::ClearConditions => {
                next.query.conditions.clear();
                requery(&mut next, false, false);
            }
            UsersAction::Show(view) => {
                next.query = next.query.showing(&view);
                requery(&mut next, false, false);
            }
            UsersAction::SortBy(field) => {
                next.query.sort = match next.query.sort_direction(field) {
                    None => Some(UserSort {
                        field,
                        direction: SortDirection::Asc,
                    }),
                    Some(SortDirection::Asc) => Some(UserSort {
                        field,
                        direction: SortDirection::Desc,
                    }),
                    Some(SortDirection::Desc) => UsersQuery::default().sort,
                };
                requery(&mut next, false, false);
            }
            UsersAction::PageSize(size) if PAGE_SIZES.contains(&size) => {
                next.query.page_size = size;
                requery(&mut next, false, false);
            }
            UsersAction::PageSize(_) => return self,
            UsersAction::Page(page) => {
                next.query.page = page.min(next.page_count() - 1);
                requery(&mut next, false, true);
            }
            UsersAction::Reload => requery(&mut next, false, true),
            UsersAction::Loaded { generation, page } if generation == next.generation => {
                next.result = UsersResult::Loaded(Rc::new(page));
            }
            UsersAction::Failed { generation, error } if generation == next.generation => {
                next.result = UsersResult::Failed(error);
            }
            UsersAction::Loaded { .. } | UsersAction::Failed { .. } => return self,
            UsersAction::MoveCursor(step) => {
                let rows = next.result.page().map_or(0, |page| page.users.len());
                if rows == 0 {
                    return self;
                }
                let current = next.cursor.map_or(-1, |cursor| cursor as i64);
                next.cursor = Some((current + i64::from(step)).clamp(0, rows as i64 - 1) as usize);
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests;
