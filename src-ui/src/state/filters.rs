//! What the users table can be filtered and searched by, each choice owning its key (its
//! `<option>` value) and its label.

use authdesk_protocol::{SearchField, SearchOperator};

/// Better Auth's list-users takes one filter per request, so the UI offers one at a time.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum FilterChoice {
    #[default]
    Everyone,
    /// Has this role, alone or among several (`user,admin` counts for `admin`).
    Role(String),
    Active,
    /// The server's ban flag: includes lapsed bans not yet cleared (the rows say which).
    Banned,
    BanLapsed,
    Verified,
    Unverified,
}

impl FilterChoice {
    /// Every kind of filter the table offers, by key, with its label.
    pub const OPTIONS: [(&'static str, &'static str); 7] = [
        ("everyone", "Everyone"),
        ("role", "Role contains…"),
        ("active", "Not banned"),
        ("banned", "Banned"),
        ("lapsed", "Ban lapsed"),
        ("verified", "Email verified"),
        ("unverified", "Email not verified"),
    ];

    /// The key of this kind of filter, as its `<option>` value.
    pub fn key(&self) -> &'static str {
        match self {
            Self::Everyone => "everyone",
            Self::Role(_) => "role",
            Self::Active => "active",
            Self::Banned => "banned",
            Self::BanLapsed => "lapsed",
            Self::Verified => "verified",
            Self::Unverified => "unverified",
        }
    }

    /// The filter picked by its key; a role filter starts with `admin`.
    pub fn from_key(key: &str) -> Self {
        match key {
            "role" => Self::Role("admin".into()),
            "active" => Self::Active,
            "banned" => Self::Banned,
            "lapsed" => Self::BanLapsed,
            "verified" => Self::Verified,
            "unverified" => Self::Unverified,
            _ => Self::Everyone,
        }
    }
}

/// The fields the search box searches, by key and label.
pub const SEARCH_FIELDS: [(SearchField, &str); 2] =
    [(SearchField::Email, "email"), (SearchField::Name, "name")];

/// How the search box matches, by key and label.
pub const SEARCH_OPERATORS: [(SearchOperator, &str, &str); 3] = [
    (SearchOperator::Contains, "contains", "contains"),
    (SearchOperator::StartsWith, "starts_with", "starts with"),
    (SearchOperator::EndsWith, "ends_with", "ends with"),
];

pub fn search_field_from_key(key: &str) -> SearchField {
    SEARCH_FIELDS
        .iter()
        .find(|(_, name)| *name == key)
        .map_or(SearchField::Email, |(field, _)| *field)
}

pub fn search_operator_from_key(key: &str) -> SearchOperator {
    SEARCH_OPERATORS
        .iter()
        .find(|(_, name, _)| *name == key)
        .map_or(SearchOperator::Contains, |(operator, _, _)| *operator)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_and_search_keys_belong_to_their_choices() {
        for (key, _) in FilterChoice::OPTIONS {
            assert_eq!(FilterChoice::from_key(key).key(), key);
        }
        assert_eq!(
            FilterChoice::from_key("role"),
            FilterChoice::Role("admin".into())
        );
        assert_eq!(FilterChoice::from_key("nonsense"), FilterChoice::Everyone);
        assert_eq!(search_field_from_key("name"), SearchField::Name);
        assert_eq!(search_field_from_key("nonsense"), SearchField::Email);
        assert_eq!(
            search_operator_from_key("ends_with"),
            SearchOperator::EndsWith
        );
        assert_eq!(search_operator_from_key(""), SearchOperator::Contains);
    }
}
