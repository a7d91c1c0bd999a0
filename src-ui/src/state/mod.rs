//! UI state as pure reducers over action enums, and the checks forms make: no browser needed to
//! test them.

pub mod forms;
mod session;
mod toasts;
mod users;

pub use session::{Action, AppState, FormField, SignInForm, ends_session};
pub use toasts::{Toast, ToastAction, ToastKind, Toasts};
pub use users::{
    FilterChoice, PAGE_SIZES, SEARCH_FIELDS, SEARCH_OPERATORS, UsersAction, UsersQuery,
    UsersResult, UsersState, search_field_from_key, search_operator_from_key,
};
