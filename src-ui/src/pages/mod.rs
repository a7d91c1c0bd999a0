mod audit;
mod console;
mod impersonation;
mod sign_in;
mod user;
mod users;

pub use console::ConsolePage;
pub use sign_in::{SignInPage, use_offered_methods};
