//! The command palette (Ctrl/⌘+K): what it offers for what is typed, and the keyboard's
//! shortcuts, listed once for the palette, the shortcuts sheet and the tooltips.

use authdesk_protocol::{AuditAction, Profile, SavedView, TableView, UserSummary};

use crate::format::lower;

/// What a palette row does when chosen.
#[derive(Debug, Clone, PartialEq)]
pub enum PaletteRun {
    OpenUser(String),
    /// An action on the user whose panel is open.
    OnUser(UserCommand),
    ShowUsers,
    ShowAuditLog,
    ShowView(TableView),
    ShowShortcuts,
    /// Leave this deployment for the profile with this id, keeping this session saved.
    SwitchProfile(String),
}

/// The open user's actions the keyboard and the palette reach. Each opens its dialog or asks
/// first, as its button does, so a stray key changes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserCommand {
    Ban,
    Unban,
    Impersonate,
    RevokeSessions,
    Delete,
    CopyId,
}

impl UserCommand {
    pub const ALL: [Self; 6] = [
        Self::Ban,
        Self::Unban,
        Self::Impersonate,
        Self::RevokeSessions,
        Self::Delete,
        Self::CopyId,
    ];

    /// The key that runs it while the user's panel is open.
    pub fn key(self) -> &'static str {
        match self {
            Self::Ban => "B",
            Self::Unban => "U",
            Self::Impersonate => "I",
            Self::RevokeSessions => "R",
            Self::Delete => "D",
            Self::CopyId => "C",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Ban => "Ban or change the ban…",
            Self::Unban => "Unban…",
            Self::Impersonate => "See as this user…",
            Self::RevokeSessions => "Revoke all sessions…",
            Self::Delete => "Delete user…",
            Self::CopyId => "Copy the user id",
        }
    }

    /// What it changes on the server, whose permissions it needs; none for a copy.
    pub fn action(self) -> Option<AuditAction> {
        match self {
            Self::Ban => Some(AuditAction::Ban),
            Self::Unban => Some(AuditAction::Unban),
            Self::Impersonate => Some(AuditAction::Impersonate),
            Self::RevokeSessions => Some(AuditAction::RevokeAllSessions),
            Self::Delete => Some(AuditAction::DeleteUser),
            Self::CopyId => None,
        }
    }

    /// The command a key press asks for, whatever the capitals; none with a modifier held.
    pub fn for_key(key: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|command| command.key().eq_ignore_ascii_case(key))
    }
}

/// A button's tooltip: why it cannot be used, or what it does and its key.
pub fn tooltip(command: UserCommand, unavailable: Option<&str>) -> String {
    unavailable.map_or_else(
        || {
            format!(
                "{} ({})",
                command.label().trim_end_matches('…'),
                command.key()
            )
        },
        str::to_owned,
    )
}

#[derive(Debug, Clone, PartialEq)]
pub struct PaletteItem {
    pub label: String,
    /// What kind of row this is: "User", "View", "Go to".
    pub group: &'static str,
    pub shortcut: Option<&'static str>,
    pub run: PaletteRun,
}

/// The palette's own key, as the shortcuts sheet and tooltips show it (⌘K answers too).
pub const PALETTE_KEY: &str = "Ctrl+K";
pub const SHORTCUTS_KEY: &str = "?";

/// Every key the window answers and what it does; the open user's keys follow, from
/// [`UserCommand::ALL`].
pub const SHORTCUTS: [(&str, &str); 8] = [
    (PALETTE_KEY, "Find a user, a view, a page or a deployment"),
    ("/", "Search the users table"),
    ("↑ ↓", "Move through the rows"),
    ("Space", "Select the row (Shift for a range)"),
    ("Enter", "Open the row"),
    ("Esc", "Close the user, the dialog or the palette"),
    (SHORTCUTS_KEY, "This list"),
    ("Tab", "Move between controls"),
];

/// The most users the palette lists for what is typed.
pub const PALETTE_USERS: usize = 8;

/// What the palette offers besides users: the open user's actions (when one is open), the
/// window's pages, the profile's views, and the other deployments to switch to.
pub struct PaletteContext<'a> {
    /// The open user's email, when a panel is open.
    pub open_user: Option<&'a str>,
    pub views: &'a [SavedView],
    pub profiles: &'a [Profile],
    /// The signed-in profile, left out of the switches.
    pub current_profile: &'a str,
}

pub fn commands(context: &PaletteContext) -> Vec<PaletteItem> {
    let mut items = Vec::new();
    if let Some(email) = context.open_user {
        items.extend(UserCommand::ALL.into_iter().map(|command| PaletteItem {
            label: format!("{} — {email}", command.label()),
            group: "Action",
            shortcut: Some(command.key()),
            run: PaletteRun::OnUser(command),
        }));
    }
    items.extend(pages(context.views));
    items.extend(
        context
            .profiles
            .iter()
            .filter(|profile| profile.id != context.current_profile)
            .map(|profile| PaletteItem {
                label: format!("Switch to {}", profile.settings.name),
                group: "Deployment",
                shortcut: None,
                run: PaletteRun::SwitchProfile(profile.id.clone()),
            }),
    );
    items
}

/// The window's own pages and the profile's views.
fn pages(views: &[SavedView]) -> Vec<PaletteItem> {
    let go = |label: &str, shortcut, run| PaletteItem {
        label: label.to_owned(),
        group: "Go to",
        shortcut,
        run,
    };
    let mut items = vec![
        go("Users", None, PaletteRun::ShowUsers),
        go("Audit log", None, PaletteRun::ShowAuditLog),
        go(
            "Keyboard shortcuts",
            Some(SHORTCUTS_KEY),
            PaletteRun::ShowShortcuts,
        ),
    ];
    items.extend(views.iter().map(|saved| PaletteItem {
        label: format!("View: {}", saved.name),
        group: "View",
        shortcut: None,
        run: PaletteRun::ShowView(saved.view.clone()),
    }));
    items
}

/// The items whose label holds every word typed, whatever the capitals; all of them when
/// nothing is typed.
pub fn matching(items: Vec<PaletteItem>, typed: &str) -> Vec<PaletteItem> {
    let words: Vec<String> = typed.split_whitespace().map(lower).collect();
    items
        .into_iter()
        .filter(|item| {
            let label = lower(&item.label);
            words.iter().all(|word| label.contains(word.as_str()))
        })
        .collect()
}

/// Users found for what is typed, each once, as rows: "Ada Lovelace · ada@authdesk.test".
pub fn user_items(users: &[UserSummary]) -> Vec<PaletteItem> {
    let mut seen = std::collections::HashSet::new();
    users
        .iter()
        .filter(|user| seen.insert(user.id.clone()))
        .take(PALETTE_USERS)
        .map(|user| PaletteItem {
            label: format!("{} · {}", user.name, user.email),
            group: "User",
            shortcut: None,
            run: PaletteRun::OpenUser(user.id.clone()),
        })
        .collect()
}

/// The row after `step` arrow presses from `cursor`, within `len` rows.
pub fn moved(cursor: usize, len: usize, step: i32) -> usize {
    if len == 0 {
        return 0;
    }
    (cursor as i64 + i64::from(step)).clamp(0, len as i64 - 1) as usize
}

#[cfg(test)]
mod tests {
    use authdesk_protocol::{BanState, OffsetDateTime};

    use super::*;

    fn user(id: &str, name: &str, email: &str) -> UserSummary {
        UserSummary {
            id: id.into(),
            name: name.into(),
            email: email.into(),
            email_verified: true,
            image: None,
            roles: vec![],
            created_at: OffsetDateTime::UNIX_EPOCH,
            updated_at: OffsetDateTime::UNIX_EPOCH,
            ban: BanState::NotBanned,
            two_factor_enabled: None,
            last_sign_in_method: None,
            custom_fields: Default::default(),
        }
    }

    #[test]
    fn typed_words_pick_commands_and_views_in_any_case() {
        let views = [SavedView {
            name: "Spam wave".into(),
            view: TableView::default(),
        }];
        let all = commands(&PaletteContext {
            open_user: None,
            views: &views,
            profiles: &[],
            current_profile: "p1",
        });
        assert!(
            all.iter()
                .all(|item| !matches!(item.run, PaletteRun::OnUser(_))),
            "no user is open"
        );
        assert_eq!(matching(all.clone(), "").len(), all.len());
        let found = matching(all.clone(), "SPAM");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].run, PaletteRun::ShowView(TableView::default()));
        assert_eq!(
            matching(all.clone(), "audit")[0].run,
            PaletteRun::ShowAuditLog
        );
        assert!(
            matching(all, "audit spam").is_empty(),
            "every word must be there"
        );
    }

    #[test]
    fn users_found_by_two_searches_are_listed_once_and_open_by_id() {
        let ada = user("u1", "Ada Lovelace", "ada@authdesk.test");
        let items = user_items(&[ada.clone(), user("u2", "Ada B", "b@x.test"), ada]);
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].label, "Ada Lovelace · ada@authdesk.test");
        assert_eq!(items[0].run, PaletteRun::OpenUser("u1".into()));
        assert_eq!(moved(0, 3, -1), 0);
        assert_eq!(moved(1, 3, 5), 2);
        assert_eq!(moved(0, 0, 1), 0);
    }

    #[test]
    fn an_open_user_brings_their_actions_and_other_deployments_their_switch() {
        let profile = |id: &str, name: &str| Profile {
            id: id.into(),
            settings: authdesk_protocol::ProfileSettings {
                name: name.into(),
                ..Default::default()
            },
            locked: Vec::new(),
        };
        let profiles = [profile("p1", "Production"), profile("p2", "Staging")];
        let all = commands(&PaletteContext {
            open_user: Some("ada@authdesk.test"),
            views: &[],
            profiles: &profiles,
            current_profile: "p1",
        });
        let ban = &matching(all.clone(), "ban ada")[0];
        assert_eq!(ban.run, PaletteRun::OnUser(UserCommand::Ban));
        assert_eq!(ban.shortcut, Some("B"));
        let switches = matching(all, "switch");
        assert_eq!(switches.len(), 1, "not to the deployment signed in to");
        assert_eq!(switches[0].run, PaletteRun::SwitchProfile("p2".into()));
        assert_eq!(switches[0].label, "Switch to Staging");
    }

    #[test]
    fn each_user_key_runs_one_command_and_tooltips_name_it() {
        let keys: std::collections::HashSet<_> = UserCommand::ALL
            .iter()
            .map(|command| command.key())
            .collect();
        assert_eq!(keys.len(), UserCommand::ALL.len(), "one key each");
        assert_eq!(UserCommand::for_key("b"), Some(UserCommand::Ban));
        assert_eq!(UserCommand::for_key("x"), None);
        assert_eq!(tooltip(UserCommand::Ban, None), "Ban or change the ban (B)");
        assert_eq!(
            tooltip(UserCommand::Ban, Some("Your role cannot ban.")),
            "Your role cannot ban."
        );
    }
}
