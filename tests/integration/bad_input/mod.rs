//! The fault suite, bad-input half: malformed and huge values sent to every command that takes
//! input, the way a broken or hostile window could send them. Each must be refused with a short
//! clear message (at its field where it has one), none may crash the backend or cost the admin
//! their session, and nothing refused may reach the server.

use crate::support::ipc::Ipc;
use crate::support::{Sandbox, Tried, accounts, console, tally};
use serde_json::{Value, json};

mod actions;
mod settings;
mod users;

/// What a bad input must end in.
enum Expect {
    /// Refused by Authdesk with this code, pointing at this field.
    AtField(&'static str, &'static str),
    /// Refused with this code (no single field to point at).
    Code(&'static str),
    /// Refused before the command runs: the arguments do not fit its types.
    WrongShape(&'static str),
    /// Accepted: odd but legitimate (unicode, say).
    Accepted,
}
use Expect::{Accepted, AtField, Code, WrongShape};

const TEN_MB: usize = 10 * 1024 * 1024;

/// A bad input: its label, the command it is sent to, the arguments, what it must end in.
type Case = (&'static str, &'static str, Value, Expect);

/// What the cases once signed in are made of.
struct Inputs<'a> {
    url: &'a str,
    /// An ordinary user's id.
    charles: String,
    /// An id no user has.
    unknown: String,
    huge: String,
    huge_email: String,
}

fn list(query: Value) -> Value {
    json!({ "query": query })
}

fn check(ipc: &mut Ipc, label: &str, command: &str, args: Value, expect: Expect) {
    tally(Tried::BadInput, label);
    let result = ipc.call(command, args);
    match (expect, result) {
        (Accepted, Ok(_)) => {}
        (AtField(code, field), Err(error)) => {
            assert_eq!(error["code"], code, "{label}: {error}");
            assert_eq!(error["field"], field, "{label}: {error}");
            clear(label, &error["message"]);
        }
        (Code(code), Err(error)) => {
            assert_eq!(error["code"], code, "{label}: {error}");
            clear(label, &error["message"]);
        }
        (WrongShape(argument), Err(Value::String(message))) => {
            assert!(
                message.contains(argument) && message.len() < 400,
                "{label}: {message}"
            );
        }
        (_, result) => panic!("{label}: unexpected {result:?}"),
    }
}

/// A message a person can read: a sentence, not an echo of a 10 MB input.
fn clear(label: &str, message: &Value) {
    let message = message.as_str().unwrap_or_default();
    assert!(
        (10..=400).contains(&message.len()),
        "{label}: {} bytes: {:.200}",
        message.len(),
        message
    );
}

#[test]
fn bad_input_to_every_command_is_refused_clearly() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "20")]);
    let url = sandbox.url.as_str();
    let admin = accounts().admin;
    let huge = "x".repeat(TEN_MB);
    let huge_email = format!("{}@authdesk.test", "a".repeat(TEN_MB));
    let mut ipc = Ipc::new(console());

    let sign_in = |base: &str, email: &str, password: &str| json!({ "request": { "baseUrl": base, "email": email, "password": password } });
    let pw = admin.password.as_str();
    let cases = [
        (
            "sign-in: empty email",
            sign_in(url, "", pw),
            AtField("VALIDATION", "email"),
        ),
        (
            "sign-in: malformed email",
            sign_in(url, "ada@@authdesk", pw),
            AtField("VALIDATION", "email"),
        ),
        (
            "sign-in: 10 MB email",
            sign_in(url, &huge_email, pw),
            AtField("VALIDATION", "email"),
        ),
        (
            "sign-in: email with NUL",
            sign_in(url, "ada\u{0}@authdesk.test", pw),
            AtField("VALIDATION", "email"),
        ),
        (
            "sign-in: email with a bidi override",
            sign_in(url, "ad\u{202E}a@authdesk.test", pw),
            AtField("VALIDATION", "email"),
        ),
        (
            "sign-in: empty password",
            sign_in(url, &admin.email, ""),
            AtField("VALIDATION", "password"),
        ),
        (
            "sign-in: 10 MB password",
            sign_in(url, &admin.email, &huge),
            AtField("VALIDATION", "password"),
        ),
        (
            "sign-in: empty URL",
            sign_in("", &admin.email, pw),
            AtField("INVALID_URL", "baseUrl"),
        ),
        (
            "sign-in: ftp URL",
            sign_in("ftp://127.0.0.1/api/auth", &admin.email, pw),
            AtField("INVALID_URL", "baseUrl"),
        ),
        (
            "sign-in: plain http to another host",
            sign_in("http://auth.example.com/api/auth", &admin.email, pw),
            AtField("INVALID_URL", "baseUrl"),
        ),
        (
            "sign-in: 10 MB URL",
            sign_in(&format!("https://{huge}.test"), &admin.email, pw),
            AtField("INVALID_URL", "baseUrl"),
        ),
        (
            "sign-in: request is a string",
            json!({ "request": "ada" }),
            WrongShape("request"),
        ),
    ];
    for (label, args, expect) in cases {
        check(&mut ipc, label, "sign_in", args, expect);
    }

    ipc.call("sign_in", sign_in(url, &admin.email, pw))
        .expect("the admin signs in");
    let charles = ipc.user_id(&accounts().user.email);
    let inputs = Inputs {
        url,
        charles: charles.clone(),
        unknown: "a".repeat(32),
        huge,
        huge_email,
    };
    let cases = users::cases(&inputs)
        .into_iter()
        .chain(actions::cases(&inputs))
        .chain(settings::cases(&inputs));
    for (label, command, args, expect) in cases {
        check(&mut ipc, label, command, args, expect);
    }

    // Still signed in, and nothing refused reached the server.
    let page = ipc
        .call("list_users", list(json!({ "limit": 100, "offset": 0 })))
        .expect("the admin is still signed in");
    let emails: Vec<&str> = page["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|user| user["email"].as_str().unwrap())
        .collect();
    assert_eq!(
        page["total"],
        sandbox.users + 1,
        "only the unicode user was created"
    );
    assert!(emails.contains(&"zoe.yamada@authdesk.test"));
    let charles = ipc.call("get_user", json!({ "userId": charles })).unwrap();
    assert_eq!(charles["ban"]["state"], "notBanned");
    assert_eq!(charles["name"], accounts().user.name.as_str());
    assert_eq!(charles["email"], accounts().user.email.as_str());
    assert_eq!(
        charles["roles"],
        json!(["user"]),
        "no custom field changed the roles"
    );
}
