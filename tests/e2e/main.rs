//! End-to-end tests: the real app in WebKit under Xvfb through tauri-driver, the installers and
//! the release build's sizes.
//! One app window at a time (`.config/nextest.toml`).

#[path = "../support/mod.rs"]
mod support;

mod accessibility;
mod admin;
mod basics;
mod bulk;
mod desktop;
mod exports;
mod faults;
mod fields;
mod installers;
mod keyboard;
mod leak_check;
mod locking;
mod menu;
mod profiles;
mod roles;
mod saving;
mod sign_in_methods;
mod sizes;
mod tickets;
mod timers;
mod updates;
mod views;
