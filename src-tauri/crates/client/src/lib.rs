//! A typed client for the Better Auth admin API, as Neon Auth and self-hosted Better Auth servers
//! expose it. It owns the cookie jar: nothing it returns carries a cookie or a session token.
//!
//! The server's quirks it absorbs are recorded in `shared/reference/admin-api.md`: empty 401/404
//! bodies, `null` sessions, comma-joined roles, and the Origin check on every cookie-bearing POST.

mod base_url;
mod client;
mod cookies;
mod error;
mod error_codes;
mod query;
mod sign_in;
mod support;
mod transport;
mod user_agent;
mod wire;

pub use base_url::AuthBaseUrl;
pub use client::{AuthClient, ConnectOptions, Impersonation, UserSession};
pub use cookies::{BrowserCookie, CorruptSession, SessionCookies, TrustedDevice};
pub use error::{ClientError, ServerRefusal, TransportFailure};
pub use error_codes::sign_on_error;
pub use sign_in::PasswordSignIn;
pub use transport::{http_client_builder, install_tls_provider};
