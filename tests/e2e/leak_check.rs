//! The leak check: a whole working session in the real app (sign in, search, a user's sessions,
//! create a user with a password, set a password, impersonate and stop, revoke a session,
//! restart from the keyring, sign out, then two-factor with a trusted computer, a magic link and
//! single sign-on)
//! with the most talkative logging, then a search of every
//! log, every IPC response the window received and every file in the app's data, config and
//! cache folders for any session token, cookie value or password used in the run. One hit
//! fails the test.
//!
//! The sandbox writes every session token it issues and every cookie value it sets to a file
//! (`SANDBOX_TOKEN_LOG`), so the check knows exactly which secrets the run used.

use std::path::{Path, PathBuf};

use crate::support::webdriver::{App, TauriDriver};
use crate::support::{Sandbox, accounts, artifacts_dir, temp_dir};

const APP: &str = env!("CARGO_BIN_EXE_authdesk");

/// Records the body of every IPC answer the window receives: Tauri's `invoke` goes through
/// `fetch` to the `ipc:` protocol.
const RECORD_IPC: &str = r#"
    if (!window.__ipcAnswers) {
        window.__ipcAnswers = [];
        const fetchOriginal = window.fetch.bind(window);
        window.fetch = async (...args) => {
            const response = await fetchOriginal(...args);
            const url = String(args[0] && args[0].url || args[0]);
            if (url.startsWith('ipc:') || url.includes('ipc.localhost')) {
                response.clone().text().then((body) => window.__ipcAnswers.push(url + ' ' + body));
            }
            return response;
        };
    }
"#;

async fn launch(driver: &TauriDriver) -> App {
    let app = driver.launch(Path::new(APP)).await;
    app.execute(RECORD_IPC).await;
    app
}

/// The IPC answers recorded in this window so far.
async fn ipc_answers(app: &App) -> Vec<String> {
    let answers = app.execute("return window.__ipcAnswers || []").await;
    answers
        .as_array()
        .unwrap()
        .iter()
        .map(|answer| answer.as_str().unwrap().to_owned())
        .collect()
}

fn files_under(folder: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.is_file() {
                files.push(path);
            }
        }
    }
    files
}

/// Two-factor with "trust this computer" (the challenge's and the trust cookie's values are in
/// the sandbox's record), the trusted sign-in that rotates that cookie, a magic link, and single
/// sign-on through the sandbox's identity provider, each signed out again. Answers the link's one-time token.
async fn other_ways_of_signing_in(app: &App, sandbox: &Sandbox) -> String {
    let barbara = accounts().totp_admin;
    let rows = "[data-testid^='user-row-']";
    app.submit_sign_in(&sandbox.url, &barbara.email, &barbara.password)
        .await;
    app.click(&app.find_by_test_id("trust-computer").await)
        .await;
    let code = barbara.two_factor.as_ref().unwrap().code_now();
    app.submit_second_factor(&code).await;
    app.find(rows).await;
    app.click(&app.find_by_test_id("sign-out").await).await;
    app.submit_password(&barbara.password).await;
    app.find(rows).await;
    app.click(&app.find_by_test_id("sign-out").await).await;

    let hedy = accounts().passwordless_admin;
    app.click(&app.find_by_test_id("method-magic-link").await)
        .await;
    app.fill(&app.find_by_test_id("sign-in-email").await, &hedy.email)
        .await;
    let mark = sandbox.mailbox.mark();
    app.click(&app.find_by_test_id("sign-in-submit").await)
        .await;
    let link = sandbox.mailbox.link(&mark, &hedy.email);
    app.paste("sign-in-link", &serde_json::to_string(&link).unwrap())
        .await;
    app.click(&app.find_by_test_id("sign-in-submit").await)
        .await;
    app.find(rows).await;
    app.click(&app.find_by_test_id("sign-out").await).await;

    // Single sign-on: the session cookie the sign-on window ended with.
    app.click(&app.find_by_test_id("sign-on-sandbox-idp").await)
        .await;
    app.find(rows).await;
    app.click(&app.find_by_test_id("sign-out").await).await;
    app.find_by_test_id("sign-in-form").await;
    let token = url::Url::parse(&link).unwrap();
    let token = token.query_pairs().find(|(key, _)| key == "token").unwrap();
    token.1.into_owned()
}

#[tokio::test]
async fn no_token_cookie_or_password_is_left_in_logs_ipc_or_app_files() {
    let secrets_file = temp_dir("leak-check").join("issued-secrets.txt");
    let sandbox = Sandbox::start(&[
        ("SANDBOX_USERS", "30"),
        ("SANDBOX_COOKIE_CACHE", "1"),
        ("SANDBOX_TOKEN_LOG", secrets_file.to_str().unwrap()),
    ]);
    let driver = TauriDriver::start_with_env(&[("AUTHDESK_LOG", "trace")]).await;
    let admin = accounts().admin;
    let new_password = "leak-check-Pa55word!";
    let reset_password = "leak-check-Reset-777";
    let mut answers = Vec::new();

    let app = launch(&driver).await;
    app.add_profile("Leak check", &sandbox.url, "sandbox-idp")
        .await;
    app.sign_in_as_admin(&sandbox.url).await;
    app.open_user("grace@authdesk.test").await;
    app.find_by_test_id("revoke-session").await;
    app.click(&app.find_by_test_id("revoke-session").await)
        .await;
    app.wait_for_text("toast-success", "revoked").await;
    app.click(&app.find_by_test_id("panel-close").await).await;

    app.click(&app.find_by_test_id("new-user").await).await;
    let email = "leak.check@authdesk.test";
    app.fill(&app.find_by_test_id("create-email").await, email)
        .await;
    app.fill(&app.find_by_test_id("create-name").await, "Leak Check")
        .await;
    app.fill(&app.find_by_test_id("create-password").await, new_password)
        .await;
    app.fill(&app.find_by_test_id("create-roles").await, "user")
        .await;
    app.click(&app.find_by_test_id("create-submit").await).await;
    app.wait_for_text("toast-success", "Created").await;
    app.wait_for_text("detail-email", email).await;
    app.fill(&app.find_by_test_id("password-new").await, reset_password)
        .await;
    app.fill(
        &app.find_by_test_id("password-confirm").await,
        reset_password,
    )
    .await;
    app.click(&app.find_by_test_id("password-save").await).await;
    app.wait_for_text("toast-success", "Password set").await;

    app.impersonate("Leak check").await;
    app.click(&app.find_by_test_id("stop-impersonating").await)
        .await;
    app.wait_for_text("toast-success", "back as yourself").await;
    app.find("[data-testid^='user-row-']").await;
    answers.extend(ipc_answers(&app).await);
    app.close().await;

    // Restarted: the session comes back from the keyring; then sign out.
    let again = launch(&driver).await;
    again.find("[data-testid^='user-row-']").await;
    again.click(&again.find_by_test_id("sign-out").await).await;
    again.find_by_test_id("sign-in-form").await;
    let link_token = other_ways_of_signing_in(&again, &sandbox).await;
    answers.extend(ipc_answers(&again).await);
    again.close().await;

    let mut secrets: Vec<String> = std::fs::read_to_string(&secrets_file)
        .expect("the sandbox recorded the secrets it issued")
        .lines()
        .map(str::to_owned)
        .collect();
    secrets.sort();
    secrets.dedup();
    let tokens = secrets.iter().filter(|secret| secret.len() == 32).count();
    assert!(
        tokens >= 2,
        "the admin's session and the impersonation: {secrets:?}"
    );
    assert!(
        secrets.len() > tokens,
        "and the cookies that carried them: {secrets:?}"
    );
    secrets.extend([
        link_token,
        accounts().totp_admin.password,
        admin.password.clone(),
        new_password.into(),
        reset_password.into(),
    ]);

    // What was collected must be real, or a clean result means nothing.
    assert!(
        answers
            .iter()
            .any(|answer| answer.contains("grace@authdesk.test")),
        "the IPC answers were recorded: {} of them",
        answers.len()
    );
    let files = files_under(&driver.home);
    let logs: Vec<&PathBuf> = files
        .iter()
        .filter(|file| file.extension().is_some_and(|ext| ext == "log"))
        .collect();
    let log_text: String = logs
        .iter()
        .map(|file| std::fs::read_to_string(file).unwrap())
        .collect();
    assert!(
        log_text.contains("admin signed in") && log_text.contains("DEBUG"),
        "the app logged in detail to a file in its log folder: {logs:?}"
    );
    assert!(
        logs.iter()
            .all(|file| file.starts_with(driver.home.join("data/dev.authdesk.console.dev/logs"))),
        "{logs:?}"
    );

    let mut hits = Vec::new();
    for secret in &secrets {
        for (index, answer) in answers.iter().enumerate() {
            if answer.contains(secret.as_str()) {
                hits.push(format!("IPC answer {index}"));
            }
        }
        for file in &files {
            let bytes = std::fs::read(file).unwrap_or_default();
            if bytes
                .windows(secret.len())
                .any(|window| window == secret.as_bytes())
            {
                hits.push(file.display().to_string());
            }
        }
    }
    let report = format!(
        "leak check: {} secrets (session tokens, cookie values, passwords) searched for in {} \
         IPC answers and {} files ({} logs, {} bytes of log): {} hits\n",
        secrets.len(),
        answers.len(),
        files.len(),
        logs.len(),
        log_text.len(),
        hits.len()
    );
    std::fs::write(artifacts_dir().join("leak-check.txt"), &report).unwrap();
    eprint!("{report}");
    assert!(hits.is_empty(), "secrets found in: {hits:?}");
}
