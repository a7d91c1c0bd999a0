//! An unattended desk is not an open door (review finding M6): the console locks after its
//! profile's idle time and twelve hours after the password, across a restart too, and
//! destructive actions ask for a password entered in the last five minutes. Enforced by the
//! backend: every command below is refused by it, whatever a window would show.

use authdesk_app::console::Console;
use authdesk_protocol::{
    ErrorCode, ImpersonationRequest, ListUsersQuery, NewUser, OffsetDateTime, Password,
};
use authdesk_vault::Vault;

use crate::support::SignedIn;
use crate::support::{MemorySettings, TEST_KEYRING_SERVICE, accounts, auth_url, console_with};

/// Signs in, then rewrites the saved entry's times as if `proven` and `used` seconds had passed
/// since the password and the last use, and starts a new console on it, as a restart would.
async fn restarted_after(proven: i64, used: i64) -> (Console, String) {
    restarted_on_after(&auth_url(), proven, used).await
}

/// [`restarted_after`] on the server at `base_url`.
async fn restarted_on_after(base_url: &str, proven: i64, used: i64) -> (Console, String) {
    let settings = MemorySettings::default();
    let profile = signed_in(&settings, base_url).await;
    age_saved_entry(&profile, proven, used);
    let console = console_with(&settings);
    (console, profile)
}

/// Signs in with `settings` (the session goes to the keyring) and returns the profile's id.
async fn signed_in(settings: &MemorySettings, base_url: &str) -> String {
    let admin = console_with(settings)
        .sign_in(crate::support::admin_sign_in(base_url))
        .await
        .signed_in()
        .unwrap();
    admin.profile.id
}

fn saved_entry(profile: &str) -> serde_json::Value {
    let secret = Vault::new(TEST_KEYRING_SERVICE)
        .load(profile)
        .unwrap()
        .expect("a saved session");
    serde_json::from_str(&secret).unwrap()
}

fn age_saved_entry(profile: &str, proven: i64, used: i64) {
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let mut entry = saved_entry(profile);
    entry["proven_at"] = (now - proven).into();
    entry["used_at"] = (now - used).into();
    Vault::new(TEST_KEYRING_SERVICE)
        .save(profile, &entry.to_string())
        .unwrap();
}

fn password() -> Password {
    Password::new(accounts().admin.password)
}

#[tokio::test]
async fn a_console_unused_past_its_idle_time_stays_locked_across_a_restart_until_the_password() {
    crate::support::tally(
        crate::support::Tried::BadInput,
        "unlock with a wrong password",
    );
    let (console, _) = restarted_after(16 * 60, 16 * 60).await;
    let restored = console.restore_session().await;
    assert!(restored.admin.is_some(), "the session itself is kept");
    let locked = restored.locked.expect("locked at start");
    assert_eq!(locked.code, ErrorCode::Locked);
    assert!(
        locked.message.contains("15 minutes without use"),
        "{locked}"
    );

    let refused = console.list_users(ListUsersQuery::page(5, 0)).await;
    assert_eq!(refused.unwrap_err().code, ErrorCode::Locked);
    assert_eq!(
        console.audit_log().await.unwrap_err().code,
        ErrorCode::Locked
    );
    // A bulk action's or an export's report names users: not shown to a locked console.
    assert_eq!(
        console.bulk_progress().await.unwrap_err().code,
        ErrorCode::Locked
    );
    assert_eq!(
        console.export_progress().await.unwrap_err().code,
        ErrorCode::Locked
    );

    let wrong = crate::support::unlock(&console, Password::new("not-the-password")).await;
    assert_eq!(wrong.unwrap_err().code, ErrorCode::InvalidCredentials);
    let still = console.list_users(ListUsersQuery::page(5, 0)).await;
    assert_eq!(
        still.unwrap_err().code,
        ErrorCode::Locked,
        "a wrong password opens nothing"
    );

    let unlocked = crate::support::unlock(&console, password()).await.unwrap();
    assert_eq!(unlocked.email, accounts().admin.email);
    assert!(console.list_users(ListUsersQuery::page(5, 0)).await.is_ok());
    assert!(console.restore_session().await.locked.is_none());
}

#[tokio::test]
async fn twelve_hours_after_the_password_even_a_busy_console_asks_again() {
    let (console, _) = restarted_after(12 * 3600 + 60, 10).await;
    let locked = console.restore_session().await.locked.expect("locked");
    assert!(locked.message.contains("every 12 hours"), "{locked}");
    let refused = console.get_user("anyone".into()).await;
    assert_eq!(refused.unwrap_err().code, ErrorCode::Locked);
}

#[tokio::test]
async fn a_saved_session_without_its_times_counts_as_long_unused() {
    let settings = MemorySettings::default();
    let profile = signed_in(&settings, &auth_url()).await;
    let mut entry = saved_entry(&profile);
    let object = entry.as_object_mut().unwrap();
    object.remove("proven_at");
    object.remove("used_at");
    Vault::new(TEST_KEYRING_SERVICE)
        .save(&profile, &entry.to_string())
        .unwrap();
    let restored = console_with(&settings).restore_session().await;
    assert_eq!(restored.locked.expect("locked").code, ErrorCode::Locked);
}

#[tokio::test]
async fn delete_set_password_and_impersonate_need_a_password_from_the_last_five_minutes() {
    // A server of its own: the user made here must not change other tests' counts.
    let sandbox = crate::support::Sandbox::start(&[("SANDBOX_USERS", "5")]);
    // Used a minute ago, so not locked; the password is ten minutes old.
    let (console, _) = restarted_on_after(&sandbox.url, 10 * 60, 60).await;
    assert!(console.restore_session().await.locked.is_none());
    let stamp = OffsetDateTime::now_utc().unix_timestamp_nanos();
    let user = console
        .create_user(NewUser {
            email: format!("step-up-{stamp}@authdesk.test"),
            name: "Stepan Up".into(),
            password: Some(Password::new("first-pass-123")),
            roles: vec!["user".into()],
            email_verified: true,
            data: serde_json::Map::new(),
        })
        .await
        .expect("creating a user needs no fresh password");

    let asked = console.remove_user(user.id.clone()).await.unwrap_err();
    assert_eq!(asked.code, ErrorCode::ConfirmIdentity);
    assert!(asked.message.contains("10 minutes ago"), "{asked}");
    assert!(
        console.get_user(user.id.clone()).await.is_ok(),
        "the user was not deleted"
    );
    let set = console
        .set_user_password(user.id.clone(), Password::new("second-pass-456"), false)
        .await;
    assert_eq!(set.unwrap_err().code, ErrorCode::ConfirmIdentity);
    let impersonating = console
        .impersonate_user(ImpersonationRequest {
            user_id: user.id.clone(),
            reason: "Ticket 12: checking the step-up".into(),
            minutes: 5,
        })
        .await;
    assert_eq!(impersonating.unwrap_err().code, ErrorCode::ConfirmIdentity);

    crate::support::unlock(&console, password()).await.unwrap();
    console.remove_user(user.id.clone()).await.unwrap();
    let gone = console.get_user(user.id).await.unwrap_err();
    assert_eq!(gone.code, ErrorCode::NotFound);
}

#[tokio::test]
async fn quitting_saves_the_last_use_so_a_restart_within_the_idle_time_stays_open() {
    let (console, profile) = restarted_after(60, 10 * 60).await;
    assert!(console.restore_session().await.locked.is_none());
    console
        .list_users(ListUsersQuery::page(5, 0))
        .await
        .unwrap();
    console.remember_last_use().await;
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let used_at = saved_entry(&profile)["used_at"].as_i64().unwrap();
    assert!(now - used_at < 60, "used {} s ago", now - used_at);
}
