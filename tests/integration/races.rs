//! Under concurrency: a 401 ends only the session that got it, not one signed in meanwhile, and
//! an admin request in flight stays the admin's when an impersonation starts (review finding
//! L2); an impersonation that hangs holds up neither reads nor sign-out (L1); settings changed
//! at once all land (L9).

use authdesk_app::console::Console;
use authdesk_protocol::{ErrorCode, ListUsersQuery};
use serde_json::json;

use crate::support::{
    BareAdmin, MemorySettings, Sandbox, SignedIn, TEST_KEYRING_SERVICE, accounts, admin_sign_in,
    console_with,
};

fn impersonation(user_id: &str) -> authdesk_protocol::ImpersonationRequest {
    authdesk_protocol::ImpersonationRequest {
        user_id: user_id.to_owned(),
        reason: "Ticket 31: checking the invoices page".into(),
        minutes: 5,
    }
}

/// A console signed in to a sandbox of its own that takes injected faults, another admin beside
/// it, and the id of Charles, the user to impersonate.
async fn signed_in_beside_a_server_with_faults() -> (Sandbox, Console, BareAdmin, String) {
    let sandbox = Sandbox::start(&[("SANDBOX_FAULTS", "1"), ("SANDBOX_USERS", "5")]);
    let console = console_with(&MemorySettings::default());
    console
        .sign_in(admin_sign_in(&sandbox.url))
        .await
        .signed_in()
        .unwrap();
    let bare = BareAdmin::sign_in(&sandbox.url, &accounts().admins[1]).await;
    let charles = bare.user_id_of(&accounts().user.email).await;
    (sandbox, console, bare, charles)
}

#[tokio::test]
async fn an_impersonation_that_hangs_holds_up_neither_reads_nor_sign_out() {
    crate::support::tally(
        crate::support::Tried::Fault,
        "impersonation hangs on the server",
    );
    let (sandbox, console, bare, charles) = signed_in_beside_a_server_with_faults().await;
    sandbox
        .inject(
            json!([{ "path": "/admin/impersonate-user", "kind": "delay", "ms": 3000,
            "times": 1 }]),
        )
        .await;
    let starting = tokio::spawn({
        let (console, charles) = (console.clone(), charles.clone());
        async move { console.impersonate_user(impersonation(&charles)).await }
    });
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;

    console
        .list_users(ListUsersQuery::page(5, 0))
        .await
        .unwrap();
    assert!(
        !starting.is_finished(),
        "the read waited for the impersonation"
    );
    console.sign_out().await.unwrap();
    assert!(
        !starting.is_finished(),
        "sign-out waited for the impersonation"
    );

    // The late impersonation belongs to a session that is gone: refused by the server (the
    // session ended first) or ended by Authdesk, never kept.
    let late = starting.await.unwrap().unwrap_err();
    assert!(
        matches!(
            late.code,
            ErrorCode::NotSignedIn | ErrorCode::SessionExpired
        ),
        "{late:?}"
    );
    let left = bare.sessions_of(&charles).await;
    assert!(
        left.iter()
            .all(|session| session["impersonatedBy"].is_null()),
        "{left:?}"
    );
}

#[tokio::test]
async fn an_admin_request_in_flight_stays_the_admins_when_an_impersonation_starts() {
    crate::support::tally(
        crate::support::Tried::Fault,
        "impersonation starts during an admin request",
    );
    let (sandbox, console, bare, charles) = signed_in_beside_a_server_with_faults().await;
    // Charles, signed in on a phone: the session to end.
    BareAdmin::sign_in(&sandbox.url, &accounts().user).await;
    let phone = console.list_user_sessions(charles.clone()).await.unwrap()[0]
        .id
        .clone();
    // Ending one session looks the sessions up first; that answer comes late.
    sandbox
        .inject(
            json!([{ "path": "/admin/list-user-sessions", "kind": "delay", "ms": 1500,
            "times": 1 }]),
        )
        .await;
    let revoking = tokio::spawn({
        let (console, charles, phone) = (console.clone(), charles.clone(), phone.clone());
        async move { console.revoke_user_session(charles, phone).await }
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    console
        .impersonate_user(impersonation(&charles))
        .await
        .unwrap();

    revoking
        .await
        .unwrap()
        .expect("the revoke went out as the admin, not as the user being impersonated");
    console.stop_impersonating().await.unwrap();
    let left = bare.sessions_of(&charles).await;
    assert!(
        left.iter().all(|session| session["id"] != phone.as_str()),
        "{left:?}"
    );
    assert!(console.list_users(ListUsersQuery::page(5, 0)).await.is_ok());
}

#[tokio::test]
async fn a_late_401_does_not_end_a_session_signed_in_meanwhile() {
    let first = Sandbox::start(&[("SANDBOX_FAULTS", "1"), ("SANDBOX_USERS", "5")]);
    let second = Sandbox::start(&[("SANDBOX_USERS", "5")]);
    let console = console_with(&MemorySettings::default());
    console
        .sign_in(admin_sign_in(&first.url))
        .await
        .signed_in()
        .unwrap();
    first
        .inject(
            json!([{ "path": "/admin/list-users", "kind": "status", "status": 401,
            "ms": 2000, "times": 1, "body": r#"{"message":"Unauthorized"}"# }]),
        )
        .await;
    let slow = tokio::spawn({
        let console = console.clone();
        async move { console.list_users(ListUsersQuery::page(5, 0)).await }
    });
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let admin = console
        .sign_in(admin_sign_in(&second.url))
        .await
        .signed_in()
        .unwrap();

    let late = slow.await.unwrap().unwrap_err();
    assert_eq!(late.code, ErrorCode::SessionExpired);
    assert!(
        console.list_users(ListUsersQuery::page(5, 0)).await.is_ok(),
        "the second sign-in is still there"
    );
    let saved = authdesk_vault::Vault::new(TEST_KEYRING_SERVICE)
        .load(&admin.profile.id)
        .unwrap();
    assert!(saved.is_some(), "and so is its keyring entry");
    console.sign_out().await.unwrap();
}

/// Settings whose reading takes a while, as a slow disk would: edits that overlap would then
/// save over one another.
struct SlowSettings(MemorySettings);

impl authdesk_app::settings::SettingsStore for SlowSettings {
    fn load(&self) -> authdesk_app::settings::Settings {
        std::thread::sleep(std::time::Duration::from_millis(200));
        self.0.load()
    }
    fn save(&self, settings: &authdesk_app::settings::Settings) {
        self.0.save(settings);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn profiles_saved_at_the_same_moment_are_all_kept() {
    crate::support::tally(
        crate::support::Tried::Fault,
        "settings saved at the same moment",
    );
    let settings = MemorySettings::default();
    let audit = crate::support::temp_dir("slow-settings").join("audit.jsonl");
    let console = crate::support::console_on(Box::new(SlowSettings(settings.clone())), &audit);
    let saving: Vec<_> = (0..8)
        .map(|n| {
            let console = console.clone();
            tokio::spawn(async move {
                let profile = authdesk_protocol::ProfileSettings {
                    name: format!("Region {n}"),
                    base_url: format!("https://auth-{n}.example.com/api/auth"),
                    ..Default::default()
                };
                console.save_profile(None, profile).await
            })
        })
        .collect();
    for save in saving {
        save.await.unwrap().unwrap();
    }
    let mut names: Vec<String> = settings
        .load_now()
        .profiles
        .into_iter()
        .map(|profile| profile.settings.name)
        .collect();
    names.sort();
    assert_eq!(names.len(), 8, "lost: {names:?}");
}
