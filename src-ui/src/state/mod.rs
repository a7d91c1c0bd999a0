//! UI state as pure reducers over action enums, and the checks forms make: no browser needed to
//! test them.

pub mod fields;
mod filters;
pub mod forms;
pub mod palette;
mod selection;
mod session;
mod sign_in;
mod toasts;
mod users;

pub use filters::{
    CONDITION_OPTIONS, FIELD_KEY_PREFIX, SEARCH_FIELDS, SEARCH_OPERATORS, condition_from_key,
    condition_label, search_field_from_key, search_operator_from_key,
};
pub use selection::Selection;
pub use session::{Action, AppState, ends_session};
pub use sign_in::{FormField, SecondStep, SignInForm};
pub use toasts::{Toast, ToastAction, ToastKind, Toasts};
pub use users::{
    PAGE_SIZES, UsersAction, UsersQuery, UsersResult, UsersState, matched, roles_shown,
};
