//! The app menu's own commands: the backend builds the native menu from them and sends the one
//! chosen to the window, which runs it as its palette would. Editing and quitting stay native.

/// The event that carries a chosen [`MenuCommand`] to the window.
pub const MENU_EVENT: &str = "menu";

/// A menu item the window answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuCommand {
    GoTo,
    ExportUsers,
    SignOut,
    ShowUsers,
    ShowAuditLog,
    ShowShortcuts,
}

wire_names!(MenuCommand {
    GoTo = "goTo",
    ExportUsers = "exportUsers",
    SignOut = "signOut",
    ShowUsers = "showUsers",
    ShowAuditLog = "showAuditLog",
    ShowShortcuts = "showShortcuts",
});

impl MenuCommand {
    /// The menu item's id, which comes back when it is chosen.
    pub fn id(self) -> &'static str {
        match self {
            Self::GoTo => "go-to",
            Self::ExportUsers => "export-users",
            Self::SignOut => "sign-out",
            Self::ShowUsers => "show-users",
            Self::ShowAuditLog => "show-audit-log",
            Self::ShowShortcuts => "show-shortcuts",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|command| command.id() == id)
    }

    /// Its label, the letter after `&` underlined: pressed while the menu is open, it chooses.
    pub fn label(self) -> &'static str {
        match self {
            Self::GoTo => "&Go to…",
            Self::ExportUsers => "&Export users…",
            Self::SignOut => "&Sign out",
            Self::ShowUsers => "&Users",
            Self::ShowAuditLog => "&Audit log",
            Self::ShowShortcuts => "&Keyboard shortcuts",
        }
    }

    /// Its label as text elsewhere: "Go to…".
    pub fn text(self) -> String {
        self.label().replace('&', "")
    }

    /// Its key as the shortcuts sheet shows it off macOS: "Ctrl+K".
    pub fn key_text(self) -> Option<String> {
        self.accelerator()
            .map(|keys| keys.replace("CmdOrCtrl", "Ctrl"))
    }

    /// Its key, in Tauri's accelerator syntax (`CmdOrCtrl` is ⌘ on macOS, Ctrl elsewhere).
    pub fn accelerator(self) -> Option<&'static str> {
        match self {
            Self::GoTo => Some("CmdOrCtrl+K"),
            Self::ExportUsers => Some("CmdOrCtrl+E"),
            Self::SignOut => None,
            Self::ShowUsers => Some("CmdOrCtrl+1"),
            Self::ShowAuditLog => Some("CmdOrCtrl+2"),
            Self::ShowShortcuts => Some("F1"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_comes_back_from_its_id_and_travels_by_name() {
        for command in MenuCommand::ALL {
            assert_eq!(MenuCommand::from_id(command.id()), Some(command));
            let sent = serde_json::to_value(command).unwrap();
            assert_eq!(
                serde_json::from_value::<MenuCommand>(sent).unwrap(),
                command
            );
        }
        assert_eq!(MenuCommand::from_id("quit"), None);
        assert_eq!(MenuCommand::GoTo.text(), "Go to…");
        assert_eq!(
            MenuCommand::ShowAuditLog.key_text().as_deref(),
            Some("Ctrl+2")
        );
    }
}
