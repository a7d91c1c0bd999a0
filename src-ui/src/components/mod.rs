mod text_field;
mod user_table;

pub use text_field::TextField;
pub use user_table::UserTable;
