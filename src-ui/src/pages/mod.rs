mod home;
mod sign_in;

pub use home::HomePage;
pub use sign_in::SignInPage;
