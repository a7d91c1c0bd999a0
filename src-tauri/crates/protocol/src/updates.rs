//! A newer Authdesk, found on the fleet's update feed.

use serde::{Deserialize, Serialize};

/// What the window offers: the version found and, once it is downloaded and its signature
/// checked against the fleet's key, that it can be installed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateOffer {
    pub version: String,
    /// What the release says of itself.
    pub notes: Option<String>,
    /// Downloaded and signed with the fleet's key: it installs on a restart.
    pub verified: bool,
}
