use super::*;
use crate::ListUsersQuery;

fn field(result: Result<impl std::fmt::Debug, ApiError>) -> Field {
    result.expect_err("refused").field.expect("at a field")
}

#[test]
fn emails_are_trimmed_and_checked() {
    assert_eq!(
        check_email("  ada@authdesk.test ").unwrap(),
        "ada@authdesk.test"
    );
    assert_eq!(check_email("zoë@exämple.test").unwrap(), "zoë@exämple.test");
    for bad in [
        "",
        "   ",
        "ada",
        "ada@",
        "@authdesk.test",
        "ada@@authdesk.test",
        "ada@auth\ndesk.test",
        "a\u{0}da@authdesk.test",
        "ad\u{202E}a@authdesk.test",
    ] {
        assert_eq!(field(check_email(bad)), Field::Email, "{bad:?}");
    }
    let huge = format!("{}@authdesk.test", "a".repeat(10 * 1024 * 1024));
    assert!(check_email(&huge).unwrap_err().message.contains("254"));
}

#[test]
fn names_keep_unicode_but_not_hidden_characters() {
    assert_eq!(check_name(" Zoë 山田 🙂 ").unwrap(), "Zoë 山田 🙂");
    assert_eq!(field(check_name("Ada\u{7}")), Field::Name);
    assert_eq!(field(check_name("Ada\tLovelace")), Field::Name);
    assert_eq!(field(check_name(&"x".repeat(201))), Field::Name);
    assert!(check_name(&"é".repeat(200)).is_ok());
}

#[test]
fn passwords_follow_the_server_limits() {
    assert!(check_password("12345678").is_ok());
    assert_eq!(field(check_password("1234567")), Field::Password);
    assert_eq!(field(check_password(&"p".repeat(129))), Field::Password);
    assert_eq!(
        field(check_new_password("12345678", "12345679")),
        Field::Confirmation
    );
}

#[test]
fn ban_lengths_and_reasons() {
    assert_eq!(field(check_ban_seconds(0)), Field::Duration);
    assert_eq!(field(check_ban_seconds(u64::MAX)), Field::Duration);
    assert_eq!(check_ban_seconds(60).unwrap(), 60);
    assert_eq!(field(check_reason(" \n ")), Field::Reason);
    assert_eq!(field(check_reason("spam\u{0}")), Field::Reason);
    assert!(check_reason("Spam.\nSecond line.").is_ok());
}

#[test]
fn ids_pages_searches_and_minutes() {
    assert!(check_user_id("u_1-A").is_ok());
    for bad in ["", "../admin", "a b", "1/2", &"x".repeat(256)] {
        assert_eq!(field(check_user_id(bad)), Field::UserId, "{bad:?}");
    }
    assert_eq!(field(check_search(&"s".repeat(257))), Field::Search);
    assert!(check_search(&"s".repeat(256)).is_ok());
    let query = |limit| ListUsersQuery {
        limit,
        ..ListUsersQuery::default()
    };
    assert_eq!(field(check_list_query(&query(0))), Field::Limit);
    assert_eq!(field(check_list_query(&query(501))), Field::Limit);
    assert!(check_list_query(&query(500)).is_ok());
    assert_eq!(field(check_impersonation_minutes(0)), Field::Minutes);
    assert_eq!(field(check_impersonation_minutes(61)), Field::Minutes);
    assert_eq!(check_impersonation_minutes(60).unwrap(), 60);
    assert_eq!(field(check_idle_lock_minutes(Some(0))), Field::IdleLock);
    assert_eq!(field(check_idle_lock_minutes(Some(481))), Field::IdleLock);
    assert_eq!(check_idle_lock_minutes(Some(480)).unwrap(), Some(480));
    assert_eq!(check_idle_lock_minutes(None).unwrap(), None);
    assert_eq!(field(check_file_path("  ")), Field::Path);
    assert_eq!(field(check_file_path("a\0b")), Field::Path);
    assert_eq!(check_file_path(" /tmp/a.jsonl ").unwrap(), "/tmp/a.jsonl");
    assert_eq!(field(check_sign_in_password("")), Field::Password);
    assert_eq!(
        field(check_sign_in_password(&"p".repeat(1025))),
        Field::Password
    );
    assert_eq!(field(check_profile_name("  ")), Field::Name);
    assert_eq!(field(check_profile_name("Prod\u{202E}")), Field::Name);
    assert_eq!(field(check_session_id("s/../x")), Field::SessionId);
    assert!(check_image("https://cdn.example.com/a.png").is_ok());
    assert!(check_image("data:image/png;base64,AAAA").is_ok());
    for bad in [
        "javascript:alert(1)",
        "http://cdn.example.com/a.png",
        &"https://x/".repeat(300),
    ] {
        assert_eq!(field(check_image(bad)), Field::Image, "{bad}");
    }
    assert_eq!(
        field(check_ca_pem(&"A".repeat(70_000))),
        Field::CaCertificatePem
    );
}

#[test]
fn form_ban_lengths_are_a_minute_to_ten_years() {
    assert_eq!(check_form_ban_seconds(90.4).unwrap(), 90);
    for bad in [59.0, -1.0, f64::NAN, f64::INFINITY, 1e9 * 86_400.0] {
        assert_eq!(field(check_form_ban_seconds(bad)), Field::Duration, "{bad}");
    }
    assert_eq!(
        check_form_ban_seconds(1e9).unwrap_err().message,
        check_ban_seconds(u64::MAX).unwrap_err().message
    );
}

#[test]
fn roles_and_custom_fields() {
    assert_eq!(check_roles(&[" user ".into()]).unwrap(), ["user"]);
    assert_eq!(field(check_roles(&[])), Field::Roles);
    assert_eq!(field(check_roles(&["a,b".into()])), Field::Roles);
    assert_eq!(field(check_roles(&vec!["r".to_owned(); 21])), Field::Roles);
    let mut fields = serde_json::Map::new();
    fields.insert("plan".into(), "pro".into());
    assert!(check_custom_fields(&fields).is_ok());
    fields.insert("blob".into(), "x".repeat(20_000).into());
    assert_eq!(field(check_custom_fields(&fields)), Field::Data);
    for reserved in ["role", "banned", "email", "emailVerified", "id", "password"] {
        let mut fields = serde_json::Map::new();
        fields.insert(reserved.into(), "admin".into());
        let error = check_custom_fields(&fields).unwrap_err();
        assert_eq!(error.field, Some(Field::Data));
        assert!(error.message.contains(reserved), "{}", error.message);
    }
}

#[test]
fn one_time_codes_lose_their_grouping_spaces() {
    assert_eq!(check_one_time_code(" 123 456 ").unwrap(), "123456");
    assert_eq!(check_one_time_code("QEpkN-J7CuI").unwrap(), "QEpkN-J7CuI");
    assert_eq!(field(check_one_time_code("   ")), Field::Code);
    assert_eq!(field(check_one_time_code(&"9".repeat(65))), Field::Code);
}

#[test]
fn only_an_id_an_email_or_a_name_goes_on_the_clipboard() {
    assert!(check_copied_text("Ab3-x_9").is_ok());
    assert!(check_copied_text("grace@authdesk.test").is_ok());
    for bad in [
        String::new(),
        "ad\u{202E}a".to_owned(),
        "a\nb".to_owned(),
        "x".repeat(MAX_COPIED_BYTES + 1),
    ] {
        let error = check_copied_text(&bad).expect_err("refused");
        assert_eq!(error.code, ErrorCode::Validation, "{bad:?}");
    }
}
