//! Views of the users table: the conditions a support engineer picks (several at once), and the
//! views a profile keeps by name. A condition is kept as what it means ("ban lapsed"), not as
//! the filter it makes at one instant, so a saved view means the same on any day.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::checks::{MAX_SEARCH_CHARS, RESERVED_FIELD_KEYS};
use crate::{
    ApiError, ErrorCode, Field, FilterField, FilterOperator, ListUsersQuery, UserField, UserFilter,
    UserSearch, UserSort,
};

/// The most conditions one view combines.
pub const MAX_VIEW_CONDITIONS: usize = 8;
/// The most views a profile keeps.
pub const MAX_SAVED_VIEWS: usize = 50;
pub const MAX_VIEW_NAME_CHARS: usize = 60;
/// The longest key a custom field condition names.
pub const MAX_FIELD_KEY_CHARS: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    try_from = "crate::wire::ViewConditionFields"
)]
pub enum ViewCondition {
    /// Has this role, alone or among several (`user,admin` counts for `admin`).
    RoleContains {
        role: String,
    },
    NotBanned,
    /// The server's ban flag: includes lapsed bans not yet cleared (the rows say which).
    Banned,
    BanLapsed,
    EmailVerified,
    EmailNotVerified,
    CreatedAfter {
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    CreatedBefore {
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// One of the deployment's own fields holds this value.
    FieldEquals {
        key: String,
        value: String,
    },
}

impl ViewCondition {
    /// The condition as a filter at the instant `now` ("lapsed" is before now).
    pub fn to_filter(&self, now: OffsetDateTime) -> UserFilter {
        let instant = |at: OffsetDateTime| at.format(&Rfc3339).unwrap_or_default();
        let on = |field: UserField, operator, value: String| UserFilter {
            field: field.into(),
            operator,
            values: vec![value],
        };
        match self {
            Self::RoleContains { role } => {
                on(UserField::Role, FilterOperator::Contains, role.clone())
            }
            Self::NotBanned => on(UserField::Banned, FilterOperator::Ne, "true".into()),
            Self::Banned => on(UserField::Banned, FilterOperator::Eq, "true".into()),
            Self::BanLapsed => on(UserField::BanExpires, FilterOperator::Lt, instant(now)),
            Self::EmailVerified => on(UserField::EmailVerified, FilterOperator::Eq, "true".into()),
            Self::EmailNotVerified => {
                on(UserField::EmailVerified, FilterOperator::Eq, "false".into())
            }
            Self::CreatedAfter { at } => {
                on(UserField::CreatedAt, FilterOperator::Gte, instant(*at))
            }
            Self::CreatedBefore { at } => {
                on(UserField::CreatedAt, FilterOperator::Lt, instant(*at))
            }
            Self::FieldEquals { key, value } => UserFilter {
                field: FilterField::Custom(key.clone()),
                operator: FilterOperator::Eq,
                values: vec![value.clone()],
            },
        }
    }

    /// Conditions in one slot cannot hold together (banned and not banned), so a new one
    /// replaces the old: one ban state, one for the email, one role, one per date side, one
    /// per field.
    pub fn slot(&self) -> String {
        match self {
            Self::RoleContains { .. } => "role".into(),
            Self::NotBanned | Self::Banned | Self::BanLapsed => "ban".into(),
            Self::EmailVerified | Self::EmailNotVerified => "verified".into(),
            Self::CreatedAfter { .. } => "after".into(),
            Self::CreatedBefore { .. } => "before".into(),
            Self::FieldEquals { key, .. } => format!("field:{key}"),
        }
    }
}

/// What the users table shows: a search, conditions that must all hold, an order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TableView {
    pub search: Option<UserSearch>,
    pub conditions: Vec<ViewCondition>,
    pub sort: Option<UserSort>,
}

impl TableView {
    /// The list-users question for one page at `now`: the first condition as the server's
    /// filter, the rest for Authdesk (the backend then sends the narrowest instead).
    pub fn to_query(&self, now: OffsetDateTime, limit: u32, offset: u32) -> ListUsersQuery {
        let mut filters = self
            .conditions
            .iter()
            .map(|condition| condition.to_filter(now));
        ListUsersQuery {
            search: self.search.clone(),
            filter: filters.next(),
            and_also: filters.collect(),
            sort: self.sort,
            limit,
            offset,
        }
    }
}

/// A view a profile keeps, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedView {
    pub name: String,
    pub view: TableView,
}

fn at(field: Field, message: String) -> ApiError {
    ApiError::new(ErrorCode::Validation, message).at_field(field)
}

/// A view's name: 1 to [`MAX_VIEW_NAME_CHARS`] characters, trimmed.
pub fn check_view_name(name: &str) -> Result<String, ApiError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_VIEW_NAME_CHARS {
        return Err(at(
            Field::ViewName,
            format!("Name the view in 1 to {MAX_VIEW_NAME_CHARS} characters."),
        ));
    }
    Ok(name.to_owned())
}

/// A custom field's key as a condition names it: not one of Better Auth's own, and shaped
/// like a field name, since it reaches the server's query.
pub fn check_field_key(key: &str) -> Result<(), ApiError> {
    let shaped = !key.is_empty()
        && key.len() <= MAX_FIELD_KEY_CHARS
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !shaped || RESERVED_FIELD_KEYS.contains(&key) {
        return Err(at(
            Field::Filter,
            format!("“{key}” is not one of this server's own user fields."),
        ));
    }
    Ok(())
}

/// A view's conditions: at most [`MAX_VIEW_CONDITIONS`], values of a search's length.
pub fn check_view(view: &TableView) -> Result<(), ApiError> {
    if view.conditions.len() > MAX_VIEW_CONDITIONS {
        return Err(at(
            Field::Filter,
            format!("A view combines at most {MAX_VIEW_CONDITIONS} conditions."),
        ));
    }
    for condition in &view.conditions {
        let text = match condition {
            ViewCondition::RoleContains { role } => role,
            ViewCondition::FieldEquals { key, value } => {
                check_field_key(key)?;
                value
            }
            _ => continue,
        };
        if text.chars().count() > MAX_SEARCH_CHARS {
            return Err(at(
                Field::Filter,
                format!("A condition's value is at most {MAX_SEARCH_CHARS} characters."),
            ));
        }
    }
    if let Some(search) = &view.search {
        crate::checks::check_search(&search.value)?;
    }
    Ok(())
}

/// The views a profile keeps: each named, each name once (whatever its capitals), each view
/// checked, at most [`MAX_SAVED_VIEWS`].
pub fn check_saved_views(views: &[SavedView]) -> Result<Vec<SavedView>, ApiError> {
    if views.len() > MAX_SAVED_VIEWS {
        return Err(at(
            Field::ViewName,
            format!("A profile keeps at most {MAX_SAVED_VIEWS} views."),
        ));
    }
    let mut checked: Vec<SavedView> = Vec::with_capacity(views.len());
    for saved in views {
        let name = check_view_name(&saved.name)?;
        if checked
            .iter()
            .any(|other| other.name.to_lowercase() == name.to_lowercase())
        {
            return Err(at(
                Field::ViewName,
                format!("There is a view named “{name}” already."),
            ));
        }
        check_view(&saved.view)?;
        checked.push(SavedView {
            name,
            view: saved.view.clone(),
        });
    }
    Ok(checked)
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    const NOW: OffsetDateTime = datetime!(2026-12-02 12:00 UTC);

    #[test]
    fn a_view_sends_its_first_condition_and_keeps_the_rest_for_authdesk() {
        let view = TableView {
            conditions: vec![
                ViewCondition::NotBanned,
                ViewCondition::FieldEquals {
                    key: "plan".into(),
                    value: "team".into(),
                },
                ViewCondition::BanLapsed,
            ],
            ..TableView::default()
        };
        let query = view.to_query(NOW, 50, 100);
        assert_eq!(query.filter, Some(ViewCondition::NotBanned.to_filter(NOW)));
        assert_eq!(query.and_also.len(), 2);
        assert_eq!(query.and_also[1].values, ["2026-12-02T12:00:00Z"]);
        assert_eq!((query.limit, query.offset), (50, 100));
        let narrowest = query.sending(1);
        assert_eq!(
            narrowest.filter.unwrap().field,
            FilterField::Custom("plan".into())
        );
        assert_eq!(narrowest.and_also.len(), 2);
        assert_eq!(query.conditions().count(), 3);
    }

    #[test]
    fn conditions_that_cannot_hold_together_share_a_slot() {
        assert_eq!(
            ViewCondition::Banned.slot(),
            ViewCondition::NotBanned.slot()
        );
        assert_eq!(
            ViewCondition::EmailVerified.slot(),
            ViewCondition::EmailNotVerified.slot()
        );
        let field = |key: &str| ViewCondition::FieldEquals {
            key: key.into(),
            value: String::new(),
        };
        assert_ne!(field("plan").slot(), field("seats").slot());
    }

    #[test]
    fn saved_views_are_named_once_and_checked() {
        let named = |name: &str| SavedView {
            name: name.into(),
            view: TableView::default(),
        };
        let views = check_saved_views(&[named("  Spam wave "), named("Team plans")]).unwrap();
        assert_eq!(views[0].name, "Spam wave");
        let twice = check_saved_views(&[named("Spam"), named("spam")]).unwrap_err();
        assert_eq!(twice.field, Some(Field::ViewName));
        assert!(check_saved_views(&[named(" ")]).is_err());
        let reserved = SavedView {
            name: "Bad".into(),
            view: TableView {
                conditions: vec![ViewCondition::FieldEquals {
                    key: "password".into(),
                    value: "x".into(),
                }],
                ..TableView::default()
            },
        };
        assert_eq!(
            check_saved_views(&[reserved]).unwrap_err().field,
            Some(Field::Filter)
        );
        assert!(check_field_key("plan").is_ok());
        assert!(check_field_key("plan&filterField=x").is_err());
    }
}
