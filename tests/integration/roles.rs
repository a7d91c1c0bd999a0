//! Least privilege against the sandbox's own roles (`createAccessControl`): the backend learns
//! what an account's role allows at sign-in, refuses the rest before any request, gives a
//! look-only role a read-only console, and learns again when a refusal shows the role changed.

use authdesk_protocol::{
    BanLength, BanRequest, ErrorCode, ImpersonationRequest, ListUsersQuery, Password, Permission,
    read_only,
};

use crate::support::sign_in::signed_in_as;
use crate::support::{BareAdmin, Sandbox, accounts, temp_dir};

#[tokio::test]
async fn a_support_role_does_what_it_is_given_and_nothing_else_reaches_the_server() {
    let requests = temp_dir("roles").join("requests.jsonl");
    let sandbox = Sandbox::start(&[
        ("SANDBOX_USERS", "5"),
        ("SANDBOX_REQUEST_LOG", requests.to_str().unwrap()),
    ]);
    let ruth = accounts().support_agent;
    let (console, admin) = signed_in_as(&sandbox.url, &ruth).await;
    use Permission::*;
    assert_eq!(
        admin.permissions,
        [ListUsers, GetUser, Ban, ListSessions, RevokeSessions]
    );
    assert!(!read_only(&admin.permissions));

    let bare = BareAdmin::sign_in(&sandbox.url, &accounts().admin).await;
    let grace = bare.user_id_of("grace@authdesk.test").await;
    let ban = BanRequest {
        reason: "Support ticket 7".into(),
        length: BanLength::Permanent,
    };
    assert!(
        console
            .ban_user(grace.clone(), ban)
            .await
            .unwrap()
            .ban
            .is_permanent()
    );
    console.unban_user(grace.clone()).await.unwrap();
    console.revoke_user_sessions(grace.clone()).await.unwrap();
    assert!(bare.sessions_of(&grace).await.is_empty());

    let refusals = [
        console.remove_user(grace.clone()).await.unwrap_err(),
        console
            .set_roles(grace.clone(), vec!["admin".into()])
            .await
            .unwrap_err(),
        console
            .set_user_password(grace.clone(), Password::new("support-cannot-123"), false)
            .await
            .unwrap_err(),
        console
            .impersonate_user(ImpersonationRequest {
                user_id: grace.clone(),
                reason: "Ticket 7".into(),
                minutes: 5,
            })
            .await
            .unwrap_err(),
    ];
    let said: Vec<&str> = refusals
        .iter()
        .map(|refusal| refusal.message.as_str())
        .collect();
    assert_eq!(
        said,
        [
            "Your role cannot delete users.",
            "Your role cannot change roles.",
            "Your role cannot set passwords.",
            "Your role cannot impersonate users.",
        ]
    );
    assert!(
        refusals
            .iter()
            .all(|refusal| refusal.code == ErrorCode::Forbidden)
    );
    console.get_user(grace.clone()).await.unwrap();
    let sent = std::fs::read_to_string(&requests).unwrap();
    for route in [
        "remove-user",
        "set-role",
        "set-user-password",
        "impersonate-user",
    ] {
        assert!(!sent.contains(route), "{route} reached the server");
    }
}

#[tokio::test]
async fn a_role_that_can_only_look_gets_a_read_only_console() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "5")]);
    let jean = accounts().viewer;
    let (console, admin) = signed_in_as(&sandbox.url, &jean).await;
    assert_eq!(
        admin.permissions,
        [Permission::ListUsers, Permission::GetUser]
    );
    assert!(read_only(&admin.permissions));
    let page = console
        .list_users(ListUsersQuery::page(5, 0))
        .await
        .unwrap();
    let someone = page.users[0].id.clone();
    console.get_user(someone.clone()).await.unwrap();
    let refused = console.unban_user(someone).await.unwrap_err();
    assert_eq!(refused.message, "Your role cannot ban or unban users.");
}

#[tokio::test]
async fn the_built_in_admin_role_lacks_only_impersonating_admins() {
    let (_, admin) = signed_in_as(&crate::support::auth_url(), &accounts().admin).await;
    let lacking: Vec<Permission> = Permission::ALL
        .into_iter()
        .filter(|permission| !admin.permissions.contains(permission))
        .collect();
    assert_eq!(lacking, [Permission::ImpersonateAdmins]);
}

#[tokio::test]
async fn a_refusal_from_the_server_teaches_the_console_the_role_changed() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "5")]);
    let ruth = accounts().support_agent;
    let (console, admin) = signed_in_as(&sandbox.url, &ruth).await;
    let bare = BareAdmin::sign_in(&sandbox.url, &accounts().admin).await;
    let grace = bare.user_id_of("grace@authdesk.test").await;
    bare.post(
        "admin/set-role",
        serde_json::json!({ "userId": admin.id, "role": "viewer" }),
    )
    .await;

    let ban = BanRequest {
        reason: "Support ticket 8".into(),
        length: BanLength::Permanent,
    };
    let refused = console.ban_user(grace.clone(), ban).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::Forbidden, "{}", refused.message);
    let now = console.restore_session().await.admin.unwrap();
    assert!(
        !now.permissions.contains(&Permission::Ban),
        "{:?}",
        now.permissions
    );
    assert!(read_only(&now.permissions));
}
