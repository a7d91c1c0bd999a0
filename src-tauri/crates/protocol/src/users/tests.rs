use super::*;
use time::macros::datetime;

const NOW: OffsetDateTime = datetime!(2026-11-28 12:00 UTC);

#[test]
fn ban_state_follows_expiry_not_the_stale_flag() {
    let reason = Some("Spam".to_owned());
    assert_eq!(
        BanState::from_wire(None, None, None, NOW),
        BanState::NotBanned
    );
    assert_eq!(
        BanState::from_wire(Some(false), None, None, NOW),
        BanState::NotBanned
    );
    assert_eq!(
        BanState::from_wire(Some(true), reason.clone(), None, NOW),
        BanState::Permanent {
            reason: reason.clone()
        }
    );
    let later = datetime!(2026-11-28 14:00 UTC);
    let active = BanState::from_wire(Some(true), reason.clone(), Some(later), NOW);
    assert_eq!(
        active,
        BanState::Until {
            reason: reason.clone(),
            expires_at: later
        }
    );
    assert!(active.is_effective_at(NOW));
    assert!(
        !active.is_effective_at(later),
        "a timed ban ends at its expiry"
    );
    assert_eq!(active.reason(), Some("Spam"));
    let earlier = datetime!(2026-11-27 14:00 UTC);
    let lapsed = BanState::from_wire(Some(true), reason.clone(), Some(earlier), NOW);
    assert_eq!(
        lapsed,
        BanState::Lapsed {
            reason,
            expired_at: earlier
        }
    );
    assert!(!lapsed.is_effective_at(NOW));
    assert_eq!(lapsed.reason(), Some("Spam"));
    assert!(BanState::Permanent { reason: None }.is_effective_at(NOW));
    assert_eq!(BanState::NotBanned.reason(), None);
}

#[test]
fn comma_joined_roles_become_a_list() {
    assert_eq!(roles_from_wire(Some("user,admin")), ["user", "admin"]);
    assert_eq!(roles_from_wire(Some(" support , ")), ["support"]);
    assert!(roles_from_wire(Some("")).is_empty());
    assert!(roles_from_wire(None).is_empty());
}

#[test]
fn user_crosses_ipc_with_iso_times_and_tagged_ban() {
    let user = UserSummary {
        id: "u1".into(),
        name: "Zoë Müller".into(),
        email: "zoe@example.com".into(),
        email_verified: true,
        image: None,
        roles: vec!["user".into()],
        created_at: NOW,
        updated_at: NOW,
        custom_fields: serde_json::Map::new(),
        two_factor_enabled: Some(false),
        last_sign_in_method: None,
        ban: BanState::Until {
            reason: None,
            expires_at: datetime!(2026-11-29 0:00 UTC),
        },
    };
    let json = serde_json::to_value(&user).unwrap();
    assert_eq!(json["createdAt"], "2026-11-28T12:00:00Z");
    assert_eq!(json["ban"]["state"], "until");
    assert_eq!(json["ban"]["expiresAt"], "2026-11-29T00:00:00Z");
    let back: UserSummary = serde_json::from_value(json).unwrap();
    assert_eq!(back, user);
}
