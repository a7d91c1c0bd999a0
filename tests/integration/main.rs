//! Integration tests: the console and its commands against the real sandbox Better Auth
//! server and the real keyring, without a window.

#[path = "../support/mod.rs"]
mod support;

mod admin_api;
mod audit_coverage;
mod bad_input;
mod bulk;
mod detours;
mod exports;
mod faults;
mod fleet;
mod impersonation;
mod ipc_flow;
mod locking;
mod profiles;
mod races;
mod roles;
mod session_binding;
mod session_vault;
mod sign_in;
mod sign_in_by_email;
mod support_actions;
mod two_factor;
mod user_exports;
mod views;
