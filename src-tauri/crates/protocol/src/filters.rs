//! One condition on users in the shape Better Auth's list-users takes it (a field, an operator,
//! values), and the same condition worked out by Authdesk on a user it already has: the server
//! takes one condition per request, so Authdesk applies the others while it pages.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::{BanState, UserField, UserSummary};

/// One condition. `in`/`not_in` take several values; the others take one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserFilter {
    pub field: FilterField,
    pub operator: FilterOperator,
    pub values: Vec<String>,
}

/// A field of Better Auth's own user, or one of the deployment's own (its `additionalFields`),
/// which the server filters on as it does its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FilterField {
    Core(UserField),
    Custom(String),
}

impl From<UserField> for FilterField {
    fn from(field: UserField) -> Self {
        Self::Core(field)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterOperator {
    Eq,
    Ne,
    Lt,
    Lte,
    Gt,
    Gte,
    In,
    NotIn,
    Contains,
    StartsWith,
    EndsWith,
}

wire_names!(FilterOperator {
    Eq = "eq",
    Ne = "ne",
    Lt = "lt",
    Lte = "lte",
    Gt = "gt",
    Gte = "gte",
    In = "in",
    NotIn = "not_in",
    Contains = "contains",
    StartsWith = "starts_with",
    EndsWith = "ends_with",
});

/// A user's field as a condition compares it. `Missing` is SQL's NULL: it meets no condition.
enum Held {
    Text(String),
    Number(f64),
    Bool(bool),
    Time(OffsetDateTime),
    Missing,
}

impl UserFilter {
    /// Whether `user` meets this condition as the server would decide it. Text compares with
    /// its capitals, as PostgreSQL (Neon) does; emails are stored lower-cased and looked for so.
    pub fn admits(&self, user: &UserSummary) -> bool {
        let held = held(user, &self.field);
        let lowered: Vec<String>;
        let values = if self.field == FilterField::Core(UserField::Email) {
            lowered = self
                .values
                .iter()
                .map(|value| value.to_lowercase())
                .collect();
            &lowered
        } else {
            &self.values
        };
        let order = |value: &String| compare(&held, value);
        let first = values.first();
        match self.operator {
            FilterOperator::Eq => first.and_then(order) == Some(Ordering::Equal),
            FilterOperator::Ne => first
                .and_then(order)
                .is_some_and(|order| order != Ordering::Equal),
            FilterOperator::Lt => first.and_then(order) == Some(Ordering::Less),
            FilterOperator::Lte => first.and_then(order).is_some_and(Ordering::is_le),
            FilterOperator::Gt => first.and_then(order) == Some(Ordering::Greater),
            FilterOperator::Gte => first.and_then(order).is_some_and(Ordering::is_ge),
            FilterOperator::In => values
                .iter()
                .any(|value| order(value) == Some(Ordering::Equal)),
            FilterOperator::NotIn => values
                .iter()
                .all(|value| order(value).is_some_and(|order| order != Ordering::Equal)),
            FilterOperator::Contains | FilterOperator::StartsWith | FilterOperator::EndsWith => {
                let (Some(text), Some(part)) = (text_of(&held), first) else {
                    return false;
                };
                match self.operator {
                    FilterOperator::Contains => text.contains(part.as_str()),
                    FilterOperator::StartsWith => text.starts_with(part.as_str()),
                    _ => text.ends_with(part.as_str()),
                }
            }
        }
    }
}

fn held(user: &UserSummary, field: &FilterField) -> Held {
    let time = |at: Option<OffsetDateTime>| at.map_or(Held::Missing, Held::Time);
    match field {
        FilterField::Core(field) => match field {
            UserField::Id => Held::Text(user.id.clone()),
            UserField::Name => Held::Text(user.name.clone()),
            UserField::Email => Held::Text(user.email.to_lowercase()),
            UserField::Role => Held::Text(user.roles.join(",")),
            // The server's flag: a lapsed ban not yet cleared is still `banned`.
            UserField::Banned => Held::Bool(user.ban != BanState::NotBanned),
            UserField::EmailVerified => Held::Bool(user.email_verified),
            UserField::CreatedAt => Held::Time(user.created_at),
            UserField::UpdatedAt => Held::Time(user.updated_at),
            UserField::BanExpires => time(match &user.ban {
                BanState::Until { expires_at, .. } => Some(*expires_at),
                BanState::Lapsed { expired_at, .. } => Some(*expired_at),
                BanState::NotBanned | BanState::Permanent { .. } => None,
            }),
        },
        FilterField::Custom(key) => match user.custom_fields.get(key) {
            None | Some(Value::Null) => Held::Missing,
            Some(Value::Bool(flag)) => Held::Bool(*flag),
            Some(Value::Number(number)) => number.as_f64().map_or(Held::Missing, Held::Number),
            Some(Value::String(text)) => Held::Text(text.clone()),
            Some(other) => Held::Text(other.to_string()),
        },
    }
}

/// How the held value orders against a typed one; `None` when they cannot be compared.
fn compare(held: &Held, value: &str) -> Option<Ordering> {
    let instant = |text: &str| OffsetDateTime::parse(text, &Rfc3339).ok();
    match held {
        Held::Text(text) => match (instant(text), instant(value)) {
            (Some(at), Some(other)) => Some(at.cmp(&other)),
            _ => Some(text.as_str().cmp(value)),
        },
        Held::Number(number) => number.partial_cmp(&value.trim().parse::<f64>().ok()?),
        Held::Bool(flag) => Some(flag.cmp(&value.parse::<bool>().ok()?)),
        Held::Time(at) => Some(at.cmp(&instant(value)?)),
        Held::Missing => None,
    }
}

fn text_of(held: &Held) -> Option<&str> {
    match held {
        Held::Text(text) => Some(text),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
