//! Updates for a fleet, in the real app: its fleet file names an https feed on this machine
//! (whose certificate comes from a private CA the file also names) and the fleet's public key.
//! Authdesk offers the newer version the feed announces, downloads it and accepts it when the
//! fleet's key signed it, and refuses one whose signature does not match or that was signed as
//! an older version than the feed announces (a downgrade). (Installing runs the
//! package manager, which a test machine's Authdesk, not installed from a package, does not.)

use std::path::Path;

use base64::Engine;
use serde_json::json;

use crate::support::tls::{HttpsFiles, make_certificates};
use crate::support::webdriver::TauriDriver;
use crate::support::{artifacts_dir, run_in, temp_dir};

const APP: &str = env!("CARGO_BIN_EXE_authdesk");
const NEWER: &str = "9.9.9";
const PACKAGE: &str = "authdesk_9.9.9_amd64.deb";

fn minisign(arguments: &[&str], folder: &Path) {
    run_in(folder, "minisign", arguments);
}

/// A file's text as the updater takes it: base64.
fn base64_of(path: &Path) -> String {
    base64::engine::general_purpose::STANDARD.encode(std::fs::read(path).unwrap())
}

/// The feed's folder: a package signed with `signing_key` as version `signed_as`, announced
/// as version 9.9.9.
fn publish(feed: &Path, url: &str, signing_key: &str, signed_as: &str) {
    std::fs::write(feed.join(PACKAGE), b"!<arch>\nan Authdesk package").unwrap();
    // The trusted comment as `tauri signer sign` writes it, covered by the signature.
    let comment = format!("file:{PACKAGE}\tversion:{signed_as}");
    minisign(
        &["-S", "-s", signing_key, "-m", PACKAGE, "-t", &comment],
        feed,
    );
    let manifest = json!({
        "version": NEWER,
        "notes": "Faster search.",
        "pub_date": "2026-12-01T00:00:00Z",
        "platforms": { "linux-x86_64": {
            "url": format!("{url}/{PACKAGE}"),
            "signature": base64_of(&feed.join(format!("{PACKAGE}.minisig"))),
        } },
    });
    std::fs::write(feed.join("latest.json"), manifest.to_string()).unwrap();
}

#[tokio::test]
async fn a_signed_update_from_the_fleets_feed_is_offered_and_a_forged_one_refused() {
    let folder = temp_dir("updates");
    let ca = make_certificates(&folder);
    // The fleet's key, and another one a forger holds.
    for key in ["fleet", "forger"] {
        let (public, secret) = (format!("{key}.pub"), format!("{key}.key"));
        minisign(&["-G", "-W", "-p", &public, "-s", &secret], &folder);
    }
    let feed = temp_dir("update-feed");
    let server = HttpsFiles::serve(&feed, &folder);
    let fleet_file = folder.join("fleet.json");
    let fleet = json!({ "updates": {
        "feed": format!("{}/latest.json", server.url),
        "publicKey": base64_of(&folder.join("fleet.pub")),
        "caCertificatePem": ca,
    } });
    std::fs::write(&fleet_file, fleet.to_string()).unwrap();
    let driver =
        TauriDriver::start_with_env(&[("AUTHDESK_FLEET_FILE", fleet_file.to_str().unwrap())]).await;

    // Signed by the fleet: offered at start, downloaded, accepted.
    let fleet_key = folder.join("fleet.key");
    publish(&feed, &server.url, fleet_key.to_str().unwrap(), NEWER);
    let app = driver.launch(Path::new(APP)).await;
    app.wait_for_text("update-line", &format!("Authdesk {NEWER} is available"))
        .await;
    app.screenshot(&artifacts_dir().join("update-offered.png"))
        .await;
    app.click(&app.find_by_test_id("update-download").await)
        .await;
    app.wait_for_text("update-line", "signed with your organisation's key")
        .await;
    app.find_by_test_id("update-install").await;
    app.screenshot(&artifacts_dir().join("update-verified.png"))
        .await;
    app.close().await;

    // The same package with a forger's signature, and an older release announced as 9.9.9:
    // refused, each with its reason, and nothing to install.
    let forger_key = folder.join("forger.key");
    for (key, signed_as, reason) in [
        (
            &forger_key,
            NEWER,
            "refused: its signature does not match the fleet's key",
        ),
        (
            &fleet_key,
            "0.0.9",
            "refused: it was not signed as the version the feed announces",
        ),
    ] {
        publish(&feed, &server.url, key.to_str().unwrap(), signed_as);
        let app = driver.launch(Path::new(APP)).await;
        app.wait_for_text("update-line", &format!("Authdesk {NEWER} is available"))
            .await;
        app.click(&app.find_by_test_id("update-download").await)
            .await;
        app.wait_for_text("update-problem", reason).await;
        assert!(
            app.find_now("[data-testid='update-install']")
                .await
                .is_none(),
            "a refused update cannot be installed"
        );
        app.screenshot(&artifacts_dir().join("update-refused.png"))
            .await;
        app.close().await;
    }
}
