mod audit;
mod console;
mod impersonation;
mod sign_in;
mod user_detail;
mod users;

pub use console::ConsolePage;
pub use sign_in::SignInPage;
