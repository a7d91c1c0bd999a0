//! The one definition of everything that crosses the IPC boundary between Authdesk's backend and
//! its WebAssembly UI. It compiles for native and wasm32 alike and holds no secret-bearing type:
//! nothing here can carry a cookie or a session token.

mod error;
mod session;
mod users;

pub use error::{ApiError, ErrorCode};
pub use session::{AdminIdentity, Password, SignInDefaults, SignInRequest};
pub use time::OffsetDateTime;
pub use users::{BanState, ListUsersQuery, UserPage, UserSummary, roles_from_wire};
