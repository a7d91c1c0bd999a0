//! The users table: what is asked of the server (search, one filter, sort, page) and what came
//! back. Every change of the question bumps `generation`, so a late answer to an older question
//! is dropped instead of overwriting a newer one.

use std::rc::Rc;

use authdesk_protocol::{
    ApiError, FilterOperator, ListUsersQuery, OffsetDateTime, SearchField, SearchOperator,
    SortDirection, UserField, UserFilter, UserPage, UserSearch, UserSort,
};
use yew::Reducible;

pub use super::filters::FilterChoice;

pub const PAGE_SIZES: [u32; 4] = [25, 50, 100, 200];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsersQuery {
    pub search: String,
    pub search_field: SearchField,
    pub search_operator: SearchOperator,
    pub filter: FilterChoice,
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
            filter: FilterChoice::Everyone,
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
        let search = self.search.trim();
        let one = |field, operator, value: String| {
            Some(UserFilter {
                field,
                operator,
                values: vec![value],
            })
        };
        let filter = match &self.filter {
            FilterChoice::Everyone => None,
            FilterChoice::Role(role) => {
                one(UserField::Role, FilterOperator::Contains, role.clone())
            }
            FilterChoice::Active => one(UserField::Banned, FilterOperator::Ne, "true".into()),
            FilterChoice::Banned => one(UserField::Banned, FilterOperator::Eq, "true".into()),
            FilterChoice::BanLapsed => {
                let now = now
                    .format(&time::format_description::well_known::Rfc3339)
                    .unwrap_or_default();
                one(UserField::BanExpires, FilterOperator::Lt, now)
            }
            FilterChoice::Verified => {
                one(UserField::EmailVerified, FilterOperator::Eq, "true".into())
            }
            FilterChoice::Unverified => {
                one(UserField::EmailVerified, FilterOperator::Eq, "false".into())
            }
        };
        ListUsersQuery {
            search: (!search.is_empty()).then(|| UserSearch {
                field: self.search_field,
                operator: self.search_operator,
                value: search.to_owned(),
            }),
            filter,
            sort: self.sort,
            limit: self.page_size,
            offset: self.page * self.page_size,
        }
    }

    pub fn sort_direction(&self, field: UserField) -> Option<SortDirection> {
        self.sort
            .filter(|sort| sort.field == field)
            .map(|sort| sort.direction)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum UsersResult {
    /// Waiting; the previous page stays on screen (dimmed) so nothing jumps.
    Loading(Option<UserPage>),
    Loaded(UserPage),
    Failed(ApiError),
}

impl UsersResult {
    pub fn page(&self) -> Option<&UserPage> {
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
    Filter(FilterChoice),
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
    pub fn page_count(&self) -> u32 {
        let total = self.result.page().map_or(0, |page| page.total);
        (total.div_ceil(u64::from(self.query.page_size)) as u32).max(1)
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
            crate::format::thousands(page.total)
        ))
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
            next.generation += 1;
            next.typed = typed;
            next.cursor = None;
            next.result = UsersResult::Loading(next.result.page().cloned());
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
            UsersAction::Filter(filter) => {
                next.query.filter = filter;
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
                next.result = UsersResult::Loaded(page);
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
