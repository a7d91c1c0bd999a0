//! Listing users: pages, search, filters and sorts, each checked against what the server holds.

use authdesk_client::AuthClient;
use authdesk_protocol::{
    BanState, FilterOperator, ListUsersQuery, SearchField, SearchOperator, SortDirection,
    UserField, UserFilter, UserSearch, UserSort, UserSummary,
};

use super::Server;

pub(super) fn search(field: SearchField, operator: SearchOperator, value: &str) -> ListUsersQuery {
    ListUsersQuery {
        search: Some(UserSearch {
            field,
            operator,
            value: value.into(),
        }),
        ..ListUsersQuery::page(200, 0)
    }
}

fn filter(field: UserField, operator: FilterOperator, values: &[&str]) -> ListUsersQuery {
    ListUsersQuery {
        filter: Some(UserFilter {
            field: field.into(),
            operator,
            values: values.iter().map(|v| v.to_string()).collect(),
        }),
        ..ListUsersQuery::page(200, 0)
    }
}

fn emails(users: &[UserSummary]) -> Vec<&str> {
    users.iter().map(|user| user.email.as_str()).collect()
}

pub(super) async fn listing(server: &Server, admin: &AuthClient) {
    let first = admin
        .list_users(&ListUsersQuery::page(10, 0))
        .await
        .unwrap();
    let second = admin
        .list_users(&ListUsersQuery::page(10, 10))
        .await
        .unwrap();
    assert_eq!(first.total, server.users);
    assert_eq!((first.users.len(), second.users.len()), (10, 10));
    assert!(
        first
            .users
            .iter()
            .all(|user| !emails(&second.users).contains(&user.email.as_str()))
    );

    let alan = admin
        .list_users(&search(
            SearchField::Name,
            SearchOperator::StartsWith,
            "Alan Tur",
        ))
        .await
        .unwrap();
    assert_eq!(emails(&alan.users), ["alan@authdesk.test"]);
    let staff = admin
        .list_users(&search(
            SearchField::Email,
            SearchOperator::EndsWith,
            "@authdesk.test",
        ))
        .await
        .unwrap();
    assert!(
        staff.total >= 7
            && staff
                .users
                .iter()
                .all(|user| user.email.ends_with("@authdesk.test"))
    );
    let contains = admin
        .list_users(&search(
            SearchField::Email,
            SearchOperator::Contains,
            "lovelace",
        ))
        .await
        .unwrap();
    assert!(contains.users.iter().all(
        |user| user.email.contains("lovelace") || user.name.to_lowercase().contains("lovelace")
    ));

    // "admin" alone misses a multi-role "user,admin"; contains finds both.
    let exact = admin
        .list_users(&filter(UserField::Role, FilterOperator::Eq, &["admin"]))
        .await
        .unwrap();
    assert!(!emails(&exact.users).contains(&"alan@authdesk.test"));
    let any = admin
        .list_users(&filter(
            UserField::Role,
            FilterOperator::Contains,
            &["admin"],
        ))
        .await
        .unwrap();
    assert!(emails(&any.users).contains(&"alan@authdesk.test"));
    assert!(emails(&any.users).contains(&"ada@authdesk.test"));
    // `in` repeats the value parameter; a wrong encoding would match nothing.
    let either = admin
        .list_users(&filter(
            UserField::Role,
            FilterOperator::In,
            &["admin", "user,admin"],
        ))
        .await
        .unwrap();
    assert_eq!(either.total, any.total);
    let others = admin
        .list_users(&filter(
            UserField::Role,
            FilterOperator::NotIn,
            &["admin", "user,admin"],
        ))
        .await
        .unwrap();
    assert!(
        others
            .users
            .iter()
            .all(|user| !user.roles.contains(&"admin".to_owned()))
    );
    assert!(others.total > 0 && others.total < server.users);

    let banned = admin
        .list_users(&filter(UserField::Banned, FilterOperator::Eq, &["true"]))
        .await
        .unwrap();
    assert!(emails(&banned.users).contains(&"mallory@authdesk.test"));
    assert!(
        banned
            .users
            .iter()
            .all(|user| user.ban != BanState::NotBanned)
    );
    let lapsed = banned
        .users
        .iter()
        .find(|user| user.email == "trudy@authdesk.test")
        .unwrap();
    assert!(
        matches!(lapsed.ban, BanState::Lapsed { .. }),
        "{:?}",
        lapsed.ban
    );
    let unverified = admin
        .list_users(&filter(
            UserField::EmailVerified,
            FilterOperator::Eq,
            &["false"],
        ))
        .await
        .unwrap();
    assert!(unverified.total > 0 && unverified.users.iter().all(|user| !user.email_verified));

    let newest = ListUsersQuery {
        sort: Some(UserSort {
            field: UserField::CreatedAt,
            direction: SortDirection::Desc,
        }),
        ..ListUsersQuery::page(50, 0)
    };
    let newest = admin.list_users(&newest).await.unwrap();
    assert!(
        newest
            .users
            .windows(2)
            .all(|pair| pair[0].created_at >= pair[1].created_at)
    );
    let by_email = ListUsersQuery {
        sort: Some(UserSort {
            field: UserField::Email,
            direction: SortDirection::Asc,
        }),
        ..ListUsersQuery::page(50, 0)
    };
    let by_email = admin.list_users(&by_email).await.unwrap();
    assert!(
        by_email
            .users
            .windows(2)
            .all(|pair| pair[0].email <= pair[1].email)
    );
}
