//! A saved session goes only to the server it was made with (review finding H1). The keyring
//! entry names that server, its certificate and Origin, and the admin; `settings.json`, a plain
//! file, cannot send the cookies elsewhere by pointing the profile at another address.

use authdesk_protocol::ErrorCode;

use crate::support::SignedIn;
use crate::support::{MemorySettings, Sandbox, accounts, auth_url, console_with, temp_dir};

/// A second server that writes down every request it receives, with its cookies.
fn listening_sandbox() -> (Sandbox, std::path::PathBuf) {
    let log = temp_dir("requests").join("requests.jsonl");
    let sandbox = Sandbox::start(&[
        ("SANDBOX_USERS", "5"),
        ("SANDBOX_REQUEST_LOG", log.to_str().unwrap()),
    ]);
    (sandbox, log)
}

/// The Cookie headers the server was sent (an empty list when it was sent none).
fn cookies_received(log: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .map(|line| line["cookie"].as_str().unwrap_or_default().to_owned())
        .filter(|cookie| !cookie.is_empty())
        .collect()
}

async fn sign_in(settings: &MemorySettings) -> String {
    let console = console_with(settings);
    let signed_in = console
        .sign_in(crate::support::admin_sign_in(&auth_url()))
        .await
        .signed_in()
        .unwrap();
    signed_in.profile.id
}

#[tokio::test]
async fn a_profile_pointed_elsewhere_in_the_settings_file_sends_no_cookie_there() {
    let (elsewhere, log) = listening_sandbox();
    let settings = MemorySettings::default();
    let profile_id = sign_in(&settings).await;

    // What a process that can write the app's folders does to settings.json, then a restart.
    let mut edited = settings.load_now();
    let profile = edited
        .profiles
        .iter_mut()
        .find(|p| p.id == profile_id)
        .unwrap();
    profile.settings.base_url = elsewhere.url.clone();
    settings.store_now(edited);
    let restarted = console_with(&settings);
    let restored = restarted.restore_session().await;

    assert!(
        restored.admin.is_none(),
        "not signed in to the other server"
    );
    let notice = restored.notice.expect("says why");
    assert_eq!(notice.code, ErrorCode::SessionExpired);
    assert!(
        notice.message.contains("Sign in again"),
        "{}",
        notice.message
    );
    assert_eq!(cookies_received(&log), Vec::<String>::new());
    // The entry is gone, so a second restart has nothing to send either.
    let again = console_with(&settings).restore_session().await;
    assert_eq!((again.admin, again.notice), (None, None));
    assert_eq!(cookies_received(&log), Vec::<String>::new());
}

#[tokio::test]
async fn changing_where_a_profile_points_wipes_its_saved_session_first() {
    let (elsewhere, log) = listening_sandbox();
    let settings = MemorySettings::default();
    let profile_id = sign_in(&settings).await;
    let console = console_with(&settings);
    let profile = console
        .list_profiles()
        .into_iter()
        .find(|p| p.id == profile_id)
        .unwrap();

    // Signed in (restored), the change is refused; signed out of the window only, it wipes.
    assert!(console.restore_session().await.admin.is_some());
    let mut moved = profile.settings.clone();
    moved.base_url = elsewhere.url.clone();
    let refused = console
        .save_profile(Some(profile_id.clone()), moved.clone())
        .await
        .unwrap_err();
    assert!(refused.message.contains("Sign out"), "{}", refused.message);

    let fresh = console_with(&settings);
    fresh.save_profile(Some(profile_id), moved).await.unwrap();
    let restored = console_with(&settings).restore_session().await;
    assert_eq!((restored.admin, restored.notice), (None, None));
    assert_eq!(cookies_received(&log), Vec::<String>::new());
}

/// Review finding L3: removing a profile (or pointing it elsewhere) ends the session the keyring
/// held for it on its own server, rather than leaving a live admin session behind.
#[tokio::test]
async fn removing_a_profile_ends_its_saved_session_on_the_server() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "5")]);
    let settings = MemorySettings::default();
    let signed_in = console_with(&settings)
        .sign_in(crate::support::admin_sign_in(&sandbox.url))
        .await
        .signed_in()
        .unwrap();
    let bare = crate::support::BareAdmin::sign_in(&sandbox.url, &accounts().admins[1]).await;
    assert_eq!(bare.sessions_of(&signed_in.id).await.len(), 1);

    // The app closed without signing out; later the admin removes the profile.
    console_with(&settings)
        .remove_profile(&signed_in.profile.id)
        .await
        .unwrap();
    assert_eq!(
        bare.sessions_of(&signed_in.id).await.len(),
        0,
        "ended on the server"
    );
}
