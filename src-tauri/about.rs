//! What the About dialog shows: version, build, links, how this copy updates, and where its
//! data and logs are. The licences of bundled components are a generated list in the UI
//! (`scripts/licences.mjs`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::paths::{AppPaths, APP_IDENTIFIER};
use crate::updates::{InstallKind, UpdateRoute};

pub const HOMEPAGE: &str = "https://whatstip.com.br";
pub const HELP_URL: &str = "https://whatstip.com.br/ajuda";

/// The commit this binary was built from (`build.rs`), or `dev` outside a git checkout.
pub const BUILD: &str = match option_env!("WHATS_TIP_BUILD") {
    Some(build) => build,
    None => "dev",
};

/// The links the About dialog may open (never an address the web page chose).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AboutLink {
    Homepage,
    Help,
}

impl AboutLink {
    pub fn url(self) -> &'static str {
        match self {
            AboutLink::Homepage => HOMEPAGE,
            AboutLink::Help => HELP_URL,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AboutView {
    pub version: String,
    pub build: String,
    pub identifier: String,
    pub homepage: String,
    pub help: String,
    pub install: InstallKind,
    pub route: UpdateRoute,
    pub data_dir: String,
    pub log_dir: String,
}

impl AboutView {
    pub fn new(paths: &AppPaths, install: InstallKind, route: UpdateRoute) -> Self {
        Self {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            build: BUILD.to_owned(),
            identifier: APP_IDENTIFIER.to_owned(),
            homepage: HOMEPAGE.to_owned(),
            help: HELP_URL.to_owned(),
            install,
            route,
            data_dir: paths.data_dir.display().to_string(),
            log_dir: paths.log_dir.display().to_string(),
        }
    }
}
