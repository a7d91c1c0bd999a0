//! The one definition of everything that crosses the IPC boundary between Authdesk's backend and
//! its WebAssembly UI. It compiles for native and wasm32 alike and holds no secret-bearing type:
//! nothing here can carry a cookie or a session token.

mod audit;
pub mod checks;
mod error;
pub mod lock;
mod permissions;
mod session;
mod sign_in;
mod users;

pub use audit::{AuditAction, AuditChain, AuditExportFormat, AuditOutcome, AuditRecord, AuditView};
pub use error::{ApiError, ErrorCode, Field};
pub use permissions::{Permission, missing, read_only};
pub use session::{
    AdminIdentity, EnvironmentColour, ImpersonationRequest, ImpersonationStarted,
    ImpersonationView, MAX_IMPERSONATION_MINUTES, Profile, ProfileSettings, RestoredSession,
};
pub use sign_in::{
    CodeSignIn, LinkSignIn, MailRequest, OneTimeCode, Password, ProviderSignIn,
    SecondFactorChallenge, SecondFactorMethod, SecondFactorProof, SignInDefaults, SignInLink,
    SignInMethod, SignInOptions, SignInPurpose, SignInRequest, SignInStep, check_provider,
    provider_name, refuses_embedded_sign_in,
};
pub use time::OffsetDateTime;
pub use users::{
    BanLength, BanRequest, BanState, FilterOperator, ListUsersQuery, NewUser, SearchField,
    SearchOperator, SessionClient, SessionSummary, SortDirection, UserField, UserFilter, UserPage,
    UserSearch, UserSort, UserSummary, UserUpdate, roles_from_wire,
};
