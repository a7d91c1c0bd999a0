//! UI state as pure reducers over action enums, and the checks forms make: no browser needed to
//! test them.

pub mod forms;
mod session;
mod toasts;
mod users;

pub use session::{Action, AppState, FormField, SignInForm, ends_session};
pub use toasts::{Toast, ToastAction, ToastKind, Toasts};
pub use users::{FilterChoice, PAGE_SIZES, UsersAction, UsersQuery, UsersResult, UsersState};
