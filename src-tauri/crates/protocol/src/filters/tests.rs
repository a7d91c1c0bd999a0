use serde_json::json;
use time::macros::datetime;

use super::*;

fn user() -> UserSummary {
    let mut fields = serde_json::Map::new();
    fields.insert("plan".into(), json!("team"));
    fields.insert("seats".into(), json!(12));
    fields.insert("beta".into(), json!(true));
    fields.insert("trialEndsAt".into(), json!("2026-12-15T00:00:00.000Z"));
    fields.insert("company".into(), Value::Null);
    UserSummary {
        id: "u1".into(),
        name: "Zoë Müller".into(),
        email: "zoe@example.com".into(),
        email_verified: true,
        image: None,
        roles: vec!["user".into(), "support".into()],
        created_at: datetime!(2026-05-01 12:00 UTC),
        updated_at: datetime!(2026-05-02 12:00 UTC),
        ban: BanState::Lapsed {
            reason: None,
            expired_at: datetime!(2026-06-01 0:00 UTC),
        },
        two_factor_enabled: None,
        last_sign_in_method: None,
        custom_fields: fields,
    }
}

fn on(field: impl Into<FilterField>, operator: FilterOperator, values: &[&str]) -> UserFilter {
    UserFilter {
        field: field.into(),
        operator,
        values: values.iter().map(|value| (*value).to_owned()).collect(),
    }
}

fn custom(key: &str) -> FilterField {
    FilterField::Custom(key.into())
}

#[test]
fn core_fields_compare_as_the_server_stores_them() {
    use FilterOperator::*;
    let user = user();
    let admits = |filter: UserFilter| filter.admits(&user);
    assert!(admits(on(UserField::Role, Contains, &["support"])));
    assert!(
        !admits(on(UserField::Role, Eq, &["support"])),
        "roles are one comma-joined string"
    );
    assert!(
        admits(on(UserField::Banned, Eq, &["true"])),
        "a lapsed ban keeps the flag"
    );
    assert!(!admits(on(UserField::Banned, Ne, &["true"])));
    assert!(admits(on(
        UserField::BanExpires,
        Lt,
        &["2026-07-01T00:00:00Z"]
    )));
    assert!(admits(on(UserField::EmailVerified, Eq, &["true"])));
    assert!(!admits(on(UserField::EmailVerified, Eq, &["false"])));
    assert!(
        admits(on(UserField::Email, StartsWith, &["ZOE@"])),
        "emails are lower-cased"
    );
    assert!(
        !admits(on(UserField::Name, StartsWith, &["zoë"])),
        "names keep their capitals"
    );
    assert!(admits(on(
        UserField::CreatedAt,
        Gte,
        &["2026-05-01T12:00:00Z"]
    )));
    assert!(!admits(on(
        UserField::CreatedAt,
        Gt,
        &["2026-05-01T12:00:00Z"]
    )));
    assert!(admits(on(
        UserField::CreatedAt,
        Lt,
        &["2026-05-01T13:00:00+00:00"]
    )));
    assert!(
        !admits(on(UserField::CreatedAt, Lt, &["yesterday"])),
        "no time, no match"
    );
    assert!(admits(on(UserField::Id, In, &["u0", "u1"])));
    assert!(!admits(on(UserField::Id, NotIn, &["u0", "u1"])));
}

#[test]
fn custom_fields_compare_by_their_kind_and_null_meets_nothing() {
    use FilterOperator::*;
    let user = user();
    let admits = |filter: UserFilter| filter.admits(&user);
    assert!(admits(on(custom("plan"), Eq, &["team"])));
    assert!(!admits(on(custom("plan"), Eq, &["Team"])));
    assert!(admits(on(custom("seats"), Eq, &["12"])));
    assert!(
        admits(on(custom("seats"), Gt, &["9"])),
        "numbers order as numbers, not text"
    );
    assert!(!admits(on(custom("seats"), Eq, &["twelve"])));
    assert!(admits(on(custom("beta"), Eq, &["true"])));
    assert!(admits(on(
        custom("trialEndsAt"),
        Gt,
        &["2026-12-01T00:00:00Z"]
    )));
    assert!(
        !admits(on(custom("company"), Ne, &["Acme"])),
        "NULL is not unequal either"
    );
    assert!(!admits(on(custom("missing"), Eq, &[""])));
}

#[test]
fn a_field_crosses_ipc_as_its_server_name() {
    let filter = on(custom("plan"), FilterOperator::Eq, &["pro"]);
    let json = serde_json::to_value(&filter).unwrap();
    assert_eq!(json["field"], "plan");
    let core: UserFilter =
        serde_json::from_value(json!({"field": "emailVerified", "operator": "eq", "values": []}))
            .unwrap();
    assert_eq!(core.field, FilterField::Core(UserField::EmailVerified));
    let back: UserFilter = serde_json::from_value(json).unwrap();
    assert_eq!(back, filter);
}
