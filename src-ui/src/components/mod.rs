mod ban_dialog;
mod confirm;
mod create_user;
mod impersonate_dialog;
mod modal;
mod profile_dialog;
mod text_field;
mod toasts;
mod user_table;

pub use ban_dialog::BanDialog;
pub use confirm::{ConfirmDialog, ConfirmRequest};
pub use create_user::CreateUserDialog;
pub use impersonate_dialog::ImpersonateDialog;
pub use modal::Modal;
pub use profile_dialog::ProfileDialog;
pub use text_field::TextField;
pub use toasts::ToastStack;
pub use user_table::UserTable;
