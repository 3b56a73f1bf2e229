//! "Test connection" in Settings: an adapter over `Core::test_evolution`, which decides
//! which key may go to which address.

use serde::Deserialize;
use tauri::AppHandle;
use ts_rs::TS;

use crate::app_core::{ConnectionTest, Core};
use crate::error::AppError;
use crate::secrets::Sensitive;

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TestConnectionInput {
    /// The address typed in the form (tested before saving); `None` uses the saved one.
    pub url: Option<String>,
    /// A key typed with it. Needed to test the key on an address that is not the saved
    /// one: the saved key only ever goes to the saved address.
    #[ts(as = "Option<String>")]
    pub key: Option<Sensitive<String>>,
}

pub async fn evolution_test_connection(
    _app: &AppHandle,
    core: &Core,
    input: TestConnectionInput,
) -> Result<ConnectionTest, AppError> {
    Ok(core.test_evolution(input.url, input.key).await?)
}
