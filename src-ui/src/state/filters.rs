//! What the users table can be filtered and searched by: the conditions a view combines, each
//! kind owning its key (its `<option>` value) and its label, and the search box's choices.

use authdesk_protocol::{OffsetDateTime, SearchField, SearchOperator, ViewCondition};

/// The kinds of condition the "Add filter" menu offers, by key, with their labels; `everyone`
/// clears them all. The deployment's own fields are offered after these as `field:<key>`.
pub const CONDITION_OPTIONS: [(&str, &str); 9] = [
    ("everyone", "Everyone (no filters)"),
    ("role", "Role contains…"),
    ("active", "Not banned"),
    ("banned", "Banned"),
    ("lapsed", "Ban lapsed"),
    ("verified", "Email verified"),
    ("unverified", "Email not verified"),
    ("after", "Created on or after…"),
    ("before", "Created before…"),
];

/// The key a custom field's condition is offered under.
pub const FIELD_KEY_PREFIX: &str = "field:";

/// The condition a menu key adds; `None` for `everyone` (clear) and unknown keys. A role starts
/// as `admin`, a date as today (`today` is local midnight), a field's value empty.
pub fn condition_from_key(key: &str, today: OffsetDateTime) -> Option<ViewCondition> {
    Some(match key {
        "role" => ViewCondition::RoleContains {
            role: "admin".into(),
        },
        "active" => ViewCondition::NotBanned,
        "banned" => ViewCondition::Banned,
        "lapsed" => ViewCondition::BanLapsed,
        "verified" => ViewCondition::EmailVerified,
        "unverified" => ViewCondition::EmailNotVerified,
        "after" => ViewCondition::CreatedAfter { at: today },
        "before" => ViewCondition::CreatedBefore { at: today },
        _ => ViewCondition::FieldEquals {
            key: key.strip_prefix(FIELD_KEY_PREFIX)?.to_owned(),
            value: String::new(),
        },
    })
}

/// What a condition's chip says before its input, if it has one.
pub fn condition_label(condition: &ViewCondition) -> String {
    match condition {
        ViewCondition::RoleContains { .. } => "Role contains".into(),
        ViewCondition::NotBanned => "Not banned".into(),
        ViewCondition::Banned => "Banned".into(),
        ViewCondition::BanLapsed => "Ban lapsed".into(),
        ViewCondition::EmailVerified => "Email verified".into(),
        ViewCondition::EmailNotVerified => "Email not verified".into(),
        ViewCondition::CreatedAfter { .. } => "Created on or after".into(),
        ViewCondition::CreatedBefore { .. } => "Created before".into(),
        ViewCondition::FieldEquals { key, .. } => format!("{} is", super::fields::label(key)),
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
        let today = OffsetDateTime::UNIX_EPOCH;
        for (key, _) in &CONDITION_OPTIONS[1..] {
            assert!(condition_from_key(key, today).is_some(), "{key}");
        }
        assert_eq!(condition_from_key("everyone", today), None);
        assert_eq!(condition_from_key("nonsense", today), None);
        assert_eq!(
            condition_from_key("field:plan", today),
            Some(ViewCondition::FieldEquals {
                key: "plan".into(),
                value: String::new()
            })
        );
        assert_eq!(search_field_from_key("name"), SearchField::Name);
        assert_eq!(search_field_from_key("nonsense"), SearchField::Email);
        assert_eq!(
            search_operator_from_key("ends_with"),
            SearchOperator::EndsWith
        );
        assert_eq!(search_operator_from_key(""), SearchOperator::Contains);
    }
}
