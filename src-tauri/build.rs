//! Tauri build step; capabilities live beside the Rust sources in `src-tauri/capabilities`.
//! Also records the commit being built (`WHATS_TIP_BUILD`) for the About dialog; a release
//! machine may set `WHATS_TIP_BUILD` itself.
use std::process::Command;

fn main() {
    record_build();
    let attributes =
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*");
    tauri_build::try_build(attributes).expect("tauri build step failed");
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .filter(|s| !s.is_empty())
}

fn record_build() {
    println!("cargo:rerun-if-env-changed=WHATS_TIP_BUILD");
    let build = std::env::var("WHATS_TIP_BUILD")
        .ok()
        .or_else(|| git(&["rev-parse", "--short=10", "HEAD"]));
    // Rebuild when HEAD moves (a commit, a checkout); works in worktrees too.
    for path in ["HEAD", "packed-refs"] {
        if let Some(p) = git(&["rev-parse", "--git-path", path]) {
            println!("cargo:rerun-if-changed={p}");
        }
    }
    if let Some(reference) = git(&["symbolic-ref", "-q", "HEAD"]) {
        if let Some(p) = git(&["rev-parse", "--git-path", &reference]) {
            println!("cargo:rerun-if-changed={p}");
        }
    }
    if let Some(build) = build {
        println!("cargo:rustc-env=WHATS_TIP_BUILD={build}");
    }
}
