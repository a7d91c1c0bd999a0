//! The command palette (Ctrl/⌘+K): what it offers for what is typed, and the keyboard's
//! shortcuts, listed once for the palette, the shortcuts sheet and the tooltips.

use authdesk_protocol::{SavedView, TableView, UserSummary};

/// What a palette row does when chosen.
#[derive(Debug, Clone, PartialEq)]
pub enum PaletteRun {
    OpenUser(String),
    ShowUsers,
    ShowAuditLog,
    ShowView(TableView),
    ShowShortcuts,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PaletteItem {
    pub label: String,
    /// What kind of row this is: "User", "View", "Go to".
    pub group: &'static str,
    pub shortcut: Option<&'static str>,
    pub run: PaletteRun,
}

/// The palette's own key, as the shortcuts sheet and tooltips show it.
pub const PALETTE_KEY: &str = "Ctrl+K (⌘K on macOS)";
pub const SHORTCUTS_KEY: &str = "?";

/// Every key the window answers and what it does.
pub const SHORTCUTS: [(&str, &str); 8] = [
    (PALETTE_KEY, "Find a user, a view or a page"),
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

/// The window's own commands and the profile's views.
pub fn commands(views: &[SavedView]) -> Vec<PaletteItem> {
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
    let words: Vec<String> = typed.split_whitespace().map(str::to_lowercase).collect();
    items
        .into_iter()
        .filter(|item| {
            let label = item.label.to_lowercase();
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
        let all = commands(&views);
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
}
