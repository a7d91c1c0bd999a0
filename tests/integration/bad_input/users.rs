//! Bad input to the commands that find, create and edit users.

use serde_json::{Value, json};

use super::Expect::{Accepted, AtField, Code, WrongShape};
use super::{Case, Inputs, list};

pub(super) fn cases(inputs: &Inputs) -> Vec<Case> {
    let Inputs {
        charles,
        unknown,
        huge,
        huge_email,
        ..
    } = inputs;
    let new_user = |email: &str, name: &str, password: Value, roles: Value, data: Value| {
        json!({ "user": { "email": email, "name": name, "password": password, "roles": roles,
            "emailVerified": false, "data": data } })
    };
    let plain =
        |email: &str, name: &str| new_user(email, name, Value::Null, json!(["user"]), json!({}));
    let huge_fields = json!({ "notes": huge });
    let search = |value: &str| {
        list(json!({ "limit": 10, "offset": 0,
        "search": { "field": "name", "operator": "contains", "value": value } }))
    };

    vec![
        (
            "list: page of 0",
            "list_users",
            list(json!({ "limit": 0, "offset": 0 })),
            AtField("VALIDATION", "limit"),
        ),
        (
            "list: page of 100000",
            "list_users",
            list(json!({ "limit": 100_000, "offset": 0 })),
            AtField("VALIDATION", "limit"),
        ),
        (
            "list: negative offset",
            "list_users",
            list(json!({ "limit": 10, "offset": -5 })),
            WrongShape("query"),
        ),
        (
            "list: sort by password",
            "list_users",
            list(
                json!({ "limit": 10, "offset": 0, "sort": { "field": "password", "direction": "asc" } }),
            ),
            WrongShape("query"),
        ),
        (
            "list: 101 filter values",
            "list_users",
            list(
                json!({ "limit": 10, "offset": 0, "filter": { "field": "role",
                "operator": "in", "values": vec!["user"; 101] } }),
            ),
            AtField("VALIDATION", "filter"),
        ),
        (
            "list: 10 MB search",
            "list_users",
            search(huge),
            AtField("VALIDATION", "search"),
        ),
        (
            "list: search with control characters",
            "list_users",
            search("\u{0}\u{7}\u{1b}[31m"),
            Accepted,
        ),
        (
            "list: search in four scripts and emoji",
            "list_users",
            search("Zoë 山田 Ωμέγα 🙂"),
            Accepted,
        ),
        (
            "get: unknown id",
            "get_user",
            json!({ "userId": unknown }),
            Code("NOT_FOUND"),
        ),
        (
            "get: path in the id",
            "get_user",
            json!({ "userId": "../../etc/passwd" }),
            AtField("VALIDATION", "userId"),
        ),
        (
            "get: empty id",
            "get_user",
            json!({ "userId": "" }),
            AtField("VALIDATION", "userId"),
        ),
        (
            "get: 10 MB id",
            "get_user",
            json!({ "userId": huge }),
            AtField("VALIDATION", "userId"),
        ),
        (
            "get: id as a number",
            "get_user",
            json!({ "userId": 42 }),
            WrongShape("userId"),
        ),
        (
            "create: malformed email",
            "create_user",
            plain("a@b@c", "Bad Email"),
            AtField("VALIDATION", "email"),
        ),
        (
            "create: 10 MB email",
            "create_user",
            plain(huge_email, "Huge Email"),
            AtField("VALIDATION", "email"),
        ),
        (
            "create: 300-character email",
            "create_user",
            plain(&format!("{}@authdesk.test", "b".repeat(290)), "Long Email"),
            AtField("VALIDATION", "email"),
        ),
        (
            "create: empty name",
            "create_user",
            plain("empty-name@authdesk.test", "   "),
            AtField("VALIDATION", "name"),
        ),
        (
            "create: name with a bell and a tab",
            "create_user",
            plain("bell@authdesk.test", "Ada\u{7}\tL"),
            AtField("VALIDATION", "name"),
        ),
        (
            "create: 10 MB name",
            "create_user",
            plain("huge-name@authdesk.test", huge),
            AtField("VALIDATION", "name"),
        ),
        (
            "create: short password",
            "create_user",
            new_user(
                "short@authdesk.test",
                "Short",
                json!("1234"),
                json!(["user"]),
                json!({}),
            ),
            AtField("VALIDATION", "password"),
        ),
        (
            "create: no roles",
            "create_user",
            new_user(
                "noroles@authdesk.test",
                "No Roles",
                Value::Null,
                json!([]),
                json!({}),
            ),
            AtField("VALIDATION", "roles"),
        ),
        (
            "create: role with a comma",
            "create_user",
            new_user(
                "comma@authdesk.test",
                "Comma",
                Value::Null,
                json!(["user,admin"]),
                json!({}),
            ),
            AtField("VALIDATION", "roles"),
        ),
        (
            "create: custom fields as a JSON string",
            "create_user",
            new_user(
                "json@authdesk.test",
                "Json",
                Value::Null,
                json!(["user"]),
                json!("{plan: pro}"),
            ),
            WrongShape("user"),
        ),
        (
            "create: 10 MB custom fields",
            "create_user",
            new_user(
                "fields@authdesk.test",
                "Fields",
                Value::Null,
                json!(["user"]),
                huge_fields.clone(),
            ),
            AtField("VALIDATION", "data"),
        ),
        (
            "create: a custom field that makes an admin",
            "create_user",
            new_user(
                "sneaky@authdesk.test",
                "Sneaky",
                Value::Null,
                json!(["user"]),
                json!({ "role": "admin" }),
            ),
            AtField("VALIDATION", "data"),
        ),
        (
            "update: custom fields that unban, promote and re-address",
            "update_user",
            json!({ "userId": charles, "update": { "customFields":
                { "role": "admin", "banned": false, "email": "x@y.test" } } }),
            AtField("VALIDATION", "data"),
        ),
        (
            "create: unicode name",
            "create_user",
            plain("zoe.yamada@authdesk.test", "Zoë 山田 🙂"),
            Accepted,
        ),
        (
            "update: a number field given text",
            "update_user",
            json!({ "userId": charles, "update": { "customFields": { "seats": "three" } } }),
            AtField("VALIDATION", "customField"),
        ),
        (
            "update: a field the server's users do not have",
            "update_user",
            json!({ "userId": charles, "update": { "customFields": { "favouriteColour": "teal" } } }),
            AtField("VALIDATION", "customField"),
        ),
        (
            "update: two-factor turned off as a custom field",
            "update_user",
            json!({ "userId": charles, "update": { "customFields": { "twoFactorEnabled": false } } }),
            AtField("VALIDATION", "data"),
        ),
        (
            "profile: a reset page on plain http across the network",
            "save_profile",
            json!({ "id": null, "settings": { "name": "Reset", "baseUrl": "https://auth.example.com/api/auth",
                "passwordResetPage": "http://app.example.com/reset" } }),
            AtField("VALIDATION", "resetPage"),
        ),
        (
            "update: nothing",
            "update_user",
            json!({ "userId": charles, "update": {} }),
            Code("VALIDATION"),
        ),
        (
            "update: malformed email",
            "update_user",
            json!({ "userId": charles, "update": { "email": "charles at example" } }),
            AtField("VALIDATION", "email"),
        ),
        (
            "update: 10 MB custom fields",
            "update_user",
            json!({ "userId": charles, "update": { "customFields": huge_fields } }),
            AtField("VALIDATION", "data"),
        ),
        (
            "update: unknown id",
            "update_user",
            json!({ "userId": unknown, "update": { "name": "Nobody" } }),
            Code("NOT_FOUND"),
        ),
        (
            "roles: empty list",
            "set_roles",
            json!({ "userId": charles, "roles": [] }),
            AtField("VALIDATION", "roles"),
        ),
        (
            "roles: 10 MB role",
            "set_roles",
            json!({ "userId": charles, "roles": [huge] }),
            AtField("VALIDATION", "roles"),
        ),
        (
            "password: 4 characters",
            "set_user_password",
            json!({ "userId": charles, "password": "1234", "signOutEverywhere": false }),
            AtField("VALIDATION", "password"),
        ),
        (
            "password: 10 MB",
            "set_user_password",
            json!({ "userId": charles, "password": huge, "signOutEverywhere": true }),
            AtField("VALIDATION", "password"),
        ),
    ]
}
