//! UI state as pure reducers over action enums: no browser needed to test them.

mod session;

pub use session::{Action, AppState, FormField, SignInForm, UsersView};
