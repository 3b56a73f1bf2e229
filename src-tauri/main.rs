//! Desktop entry point: everything lives in the library so the CLI and tests share it.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    whats_tip::run();
}
