//! The list-users request as Better Auth's query string.

use authdesk_protocol::{FilterField, FilterOperator, ListUsersQuery, SearchField, UserField};
use serde::Serialize;
use serde_json::Value;

/// The list-users query string, with the one filter the server takes (the console applies
/// `and_also` itself). `in`/`not_in` repeat `filterValue`, as the server requires.
/// Better Auth stores emails lower-cased and compares them as the database does, which on
/// PostgreSQL (Neon) is case-sensitively: an email is looked for lower-cased, so "Ada@" finds
/// ada@ on every server.
pub(crate) fn list_users_query(query: &ListUsersQuery) -> Vec<(&'static str, String)> {
    let mut pairs = vec![
        ("limit", query.limit.to_string()),
        ("offset", query.offset.to_string()),
    ];
    if let Some(search) = &query.search {
        pairs.push(("searchField", wire_name(&search.field)));
        pairs.push(("searchOperator", wire_name(&search.operator)));
        let value = match search.field {
            SearchField::Email => search.value.to_lowercase(),
            SearchField::Name => search.value.clone(),
        };
        pairs.push(("searchValue", value));
    }
    if let Some(filter) = &query.filter {
        // One repeated `filterValue` is a string to the server, not a list: `in` of one value
        // then matches nothing, so it goes as `eq` (and `not_in` as `ne`).
        let operator = match (filter.operator, filter.values.len()) {
            (FilterOperator::In, 1) => FilterOperator::Eq,
            (FilterOperator::NotIn, 1) => FilterOperator::Ne,
            (operator, _) => operator,
        };
        pairs.push((
            "filterField",
            match &filter.field {
                FilterField::Core(field) => wire_name(field),
                FilterField::Custom(key) => key.clone(),
            },
        ));
        pairs.push(("filterOperator", wire_name(&operator)));
        pairs.extend(filter.values.iter().map(|value| match &filter.field {
            FilterField::Core(UserField::Email) => ("filterValue", value.to_lowercase()),
            _ => ("filterValue", value.clone()),
        }));
    }
    if let Some(sort) = &query.sort {
        pairs.push(("sortBy", wire_name(&sort.field)));
        pairs.push(("sortDirection", wire_name(&sort.direction)));
    }
    pairs
}

/// The protocol enums serialise to exactly the names Better Auth expects.
fn wire_name(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(name)) => name,
        other => unreachable!("a unit enum serialises to a string, not {other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use authdesk_protocol::{SearchOperator, SortDirection, UserFilter, UserSearch, UserSort};

    use super::*;

    #[test]
    fn list_query_uses_server_names_and_repeats_in_values() {
        let query = ListUsersQuery {
            search: Some(UserSearch {
                field: SearchField::Name,
                operator: SearchOperator::StartsWith,
                value: "Zo".into(),
            }),
            filter: Some(UserFilter {
                field: UserField::Role.into(),
                operator: FilterOperator::NotIn,
                values: vec!["admin".into(), "support".into()],
            }),
            sort: Some(UserSort {
                field: UserField::CreatedAt,
                direction: SortDirection::Desc,
            }),
            limit: 50,
            offset: 100,
            ..ListUsersQuery::default()
        };
        let pairs = list_users_query(&query);
        let get = |key| {
            pairs
                .iter()
                .filter(|(k, _)| *k == key)
                .map(|(_, v)| v.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(get("searchField"), ["name"]);
        assert_eq!(get("searchOperator"), ["starts_with"]);
        assert_eq!(get("filterOperator"), ["not_in"]);
        assert_eq!(get("filterValue"), ["admin", "support"]);
        assert_eq!(get("sortBy"), ["createdAt"]);
        assert_eq!(get("sortDirection"), ["desc"]);
        assert_eq!(get("limit"), ["50"]);
        assert_eq!(get("offset"), ["100"]);
        assert_eq!(get("searchValue"), ["Zo"], "names keep their case");
        let email = ListUsersQuery {
            search: Some(UserSearch {
                field: SearchField::Email,
                operator: SearchOperator::Contains,
                value: "Ada@Example".into(),
            }),
            ..ListUsersQuery::page(10, 0)
        };
        let pairs = list_users_query(&email);
        assert!(pairs.contains(&("searchValue", "ada@example".into())));
        let one = ListUsersQuery {
            filter: Some(UserFilter {
                field: UserField::Id.into(),
                operator: FilterOperator::In,
                values: vec!["u1".into()],
            }),
            ..ListUsersQuery::page(10, 0)
        };
        assert!(list_users_query(&one).contains(&("filterOperator", "eq".into())));
        let own = ListUsersQuery {
            filter: Some(UserFilter {
                field: FilterField::Custom("plan".into()),
                operator: FilterOperator::Eq,
                values: vec!["Team".into()],
            }),
            ..ListUsersQuery::page(10, 0)
        };
        let pairs = list_users_query(&own);
        assert!(pairs.contains(&("filterField", "plan".into())));
        assert!(
            pairs.contains(&("filterValue", "Team".into())),
            "values keep their case"
        );
    }
}
