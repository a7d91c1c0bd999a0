//! The one definition of everything that crosses the IPC boundary between Authdesk's backend and
//! its WebAssembly UI. It compiles for native and wasm32 alike and holds no secret-bearing type:
//! nothing here can carry a cookie or a session token.

#[macro_use]
mod names;

mod audit;
mod bulk;
pub mod checks;
mod error;
mod export;
mod fields;
mod filters;
pub mod lock;
mod menu;
mod permissions;
mod session;
mod sign_in;
mod updates;
mod users;
mod views;
mod wire;

pub use audit::{AuditAction, AuditChain, AuditExportFormat, AuditOutcome, AuditRecord, AuditView};
pub use bulk::{
    BulkAction, BulkItem, BulkKind, BulkPlan, BulkProgress, BulkResult, BulkSelection, BulkState,
    MAX_BULK_USERS,
};
pub use error::{ApiError, ErrorCode, Field};
pub use export::{ExportColumn, ExportFormat, ExportProgress, ExportState, UserExport};
pub use fields::{
    FieldKind, MAX_FIELD_VALUE_CHARS, UserFieldInfo, UserFields, check_field_values,
    parse_field_value,
};
pub use filters::{FilterField, FilterOperator, UserFilter};
pub use menu::{MENU_EVENT, MenuCommand};
pub use permissions::{Permission, missing, read_only};
pub use session::{
    AdminIdentity, EnvironmentColour, IMPERSONATION_TIME_UP, IMPERSONATION_WARNINGS,
    ImpersonationRequest, ImpersonationStarted, ImpersonationView, LINK_WAITING_EVENT,
    MAX_IMPERSONATION_MINUTES, MAX_RESET_PAGE_CHARS, MAX_TABLE_COLUMNS, Profile, ProfileField,
    ProfileSettings, RestoredSession, check_reset_page, check_table_columns,
};
pub use sign_in::{
    CodeSignIn, LinkSignIn, MailRequest, OneTimeCode, Password, ProviderSignIn,
    SecondFactorChallenge, SecondFactorMethod, SecondFactorProof, SignInDefaults, SignInLink,
    SignInMethod, SignInOptions, SignInPurpose, SignInRequest, SignInStep, check_provider,
    provider_name, refuses_embedded_sign_in,
};
pub use time::OffsetDateTime;
pub use updates::UpdateOffer;
pub use users::{
    BanLength, BanRequest, BanState, ListUsersQuery, NewUser, ScanReport, SearchField,
    SearchOperator, SessionClient, SessionSummary, SortDirection, UserField, UserPage, UserSearch,
    UserSort, UserSummary, UserUpdate, roles_from_wire,
};
pub use views::{
    MAX_SAVED_VIEWS, MAX_VIEW_CONDITIONS, MAX_VIEW_NAME_CHARS, SavedView, TableView, ViewCondition,
    check_field_key, check_saved_views, check_view, check_view_name,
};

/// The points of the start-up the UI marks on the page's performance timeline (Web Inspector
/// shows them; the start-up benchmark reads them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartMark {
    /// The UI's first render.
    FirstRender,
    /// The saved session answered (restored, or why not).
    SessionAnswered,
    /// The first rows of users in the page.
    FirstRows,
}

impl StartMark {
    pub const ALL: [Self; 3] = [Self::FirstRender, Self::SessionAnswered, Self::FirstRows];

    /// The mark's name on the timeline.
    pub const fn name(self) -> &'static str {
        match self {
            Self::FirstRender => "authdesk-first-render",
            Self::SessionAnswered => "authdesk-session-answered",
            Self::FirstRows => "authdesk-first-rows",
        }
    }
}
