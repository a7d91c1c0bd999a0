//! Logging: to stderr and to a daily rotating file in the app's log folder, every line passed
//! through [`redact`] first. The HTTP and cookie crates are also held at `warn` by a filter no
//! `AUTHDESK_LOG` spec can lift ([`quiet_chatty_crates`]); redaction is the second lock, and the
//! types that hold secrets print none in their `Debug` form, the third.

use std::io::{self, Write};
use std::path::Path;
use std::sync::LazyLock;

use regex_lite::Regex;
use tracing::{Level, Metadata};
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::{FilterFn, filter_fn};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::prelude::*;

/// Log files kept in the folder: one a day, a week of them.
const KEPT_LOG_FILES: usize = 7;

/// HTTP and cookie crates whose debug output prints cookies and headers. They are held at
/// `warn` whatever `AUTHDESK_LOG` asks for, so no log level can leak a session.
const CHATTY_CRATES: [&str; 7] = [
    "cookie_store",
    "reqwest_cookie_store",
    "reqwest",
    "hyper",
    "hyper_util",
    "h2",
    "rustls",
];

/// The log filter for an `AUTHDESK_LOG`-style spec (`info`, `authdesk_client=debug`, ...).
pub fn log_filter(spec: &str) -> EnvFilter {
    let base = EnvFilter::try_new(spec).unwrap_or_else(|_| EnvFilter::new("info"));
    CHATTY_CRATES.iter().fold(base, |filter, krate| {
        filter.add_directive(format!("{krate}=warn").parse().expect("a valid directive"))
    })
}

/// Holds the chatty crates at `warn` whatever the spec says: an `EnvFilter` directive such as
/// `cookie_store::cookie_store=debug` is more specific than `cookie_store=warn` and would win,
/// but a filter layer is asked too, and says no.
pub fn quiet_chatty_crates() -> FilterFn<impl Fn(&Metadata<'_>) -> bool + Clone> {
    filter_fn(|metadata| {
        *metadata.level() <= Level::WARN
            || !CHATTY_CRATES.iter().any(|krate| {
                metadata
                    .target()
                    .strip_prefix(krate)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with("::"))
            })
    })
}

/// Starts logging to stderr and to `authdesk.<date>.log` in `folder`. Without a usable folder
/// the app still logs to stderr and says why.
pub fn init(spec: &str, folder: &Path) {
    // The appender would otherwise complain on stderr that it cannot list a missing folder.
    let _ = std::fs::create_dir_all(folder);
    let file = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("authdesk")
        .filename_suffix("log")
        .max_log_files(KEPT_LOG_FILES)
        .build(folder);
    let file_error = file.as_ref().err().map(ToString::to_string);
    let file_layer = file.ok().map(|file| {
        tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .with_writer(Redacting(file))
    });
    let installed = tracing_subscriber::registry()
        .with(log_filter(spec))
        .with(quiet_chatty_crates())
        .with(tracing_subscriber::fmt::layer().with_writer(Redacting(io::stderr)))
        .with(file_layer)
        .try_init();
    if installed.is_ok()
        && let Some(error) = file_error
    {
        tracing::warn!(folder = %folder.display(), %error, "logging to stderr only");
    }
}

/// A name that smells secret: `better-auth.session_token`, `newPassword`, `__Secure-x.admin_session`.
const SECRET_NAME: &str = r"[\w.-]*(?:token|session_data|admin_session|dont_remember|password|secret|authorization)[\w.-]*";

static SECRETS: LazyLock<[(Regex, &str); 4]> = LazyLock::new(|| {
    let regex = |pattern: &str| Regex::new(pattern).expect("a valid redaction pattern");
    [
        // A whole Cookie or Set-Cookie header, whatever follows on the line.
        (
            regex(r"(?i)\b((?:set-)?cookie)(\s*[:=]\s*)[^\r\n]+"),
            "$1$2[redacted]",
        ),
        (regex(r"(?i)\b(bearer)\s+[^\s,;]+"), "$1 [redacted]"),
        // `"name":"value"` for any name that smells secret, to its closing quote (spaces and
        // escaped quotes inside included).
        (
            regex(&format!(
                r#"(?i)({SECRET_NAME}")(\s*:\s*)"(?:[^"\\]|\\.)*""#
            )),
            r#"$1$2"[redacted]""#,
        ),
        // `name=value` and `name: value`, such as `better-auth.session_token=...`.
        (
            regex(&format!(r#"(?i)({SECRET_NAME})(\s*[=:]\s*)([^\s;,"&]+)"#)),
            "$1$2[redacted]",
        ),
    ]
});

/// `line` with cookie values, tokens and passwords replaced by `[redacted]`.
pub fn redact(line: &str) -> String {
    SECRETS
        .iter()
        .fold(line.to_owned(), |text, (pattern, replacement)| {
            pattern.replace_all(&text, *replacement).into_owned()
        })
}

/// A [`MakeWriter`] whose writers redact every formatted event before it is written.
struct Redacting<M>(M);

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for Redacting<M> {
    type Writer = RedactingWriter<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        RedactingWriter(self.0.make_writer())
    }
}

struct RedactingWriter<W>(W);

impl<W: Write> Write for RedactingWriter<W> {
    // The formatter hands over one whole event per call, so a secret is never split.
    fn write(&mut self, event: &[u8]) -> io::Result<usize> {
        self.0
            .write_all(redact(&String::from_utf8_lossy(event)).as_bytes())?;
        Ok(event.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn cookies_tokens_and_passwords_are_redacted() {
        let cases = [
            (
                "Set-Cookie: better-auth.session_token=abc123.sig%3D; Path=/; HttpOnly",
                "Set-Cookie: [redacted]",
            ),
            ("cookie=a=b; c=d", "cookie=[redacted]"),
            (
                "sent better-auth.session_token=abc.def to the server",
                "sent better-auth.session_token=[redacted] to the server",
            ),
            (
                r#"body {"email":"a@b.c","password":"hunter2"}"#,
                r#"body {"email":"a@b.c","password":"[redacted]"}"#,
            ),
            (
                "token=T0KEN&user=1 newPassword: s3cret!",
                "token=[redacted]&user=1 newPassword: [redacted]",
            ),
            (
                "Authorization: Bearer eyJhbGci.x.y",
                "Authorization: [redacted] [redacted]",
            ),
            (
                "__Secure-acme.admin_session=xyz; acme.session_data=eyJ",
                "__Secure-acme.admin_session=[redacted]; acme.session_data=[redacted]",
            ),
            (
                r#"{"password":"correct horse battery","email":"a@b.c"}"#,
                r#"{"password":"[redacted]","email":"a@b.c"}"#,
            ),
            (
                r#"{"newPassword": "a\"b c", "userId":"u1"}"#,
                r#"{"newPassword": "[redacted]", "userId":"u1"}"#,
            ),
        ];
        for (line, expected) in cases {
            assert_eq!(redact(line), expected, "redacting {line:?}");
        }
    }

    /// Review finding L4: no spec turns on the cookie crate's debug output.
    #[test]
    fn no_spec_lets_the_cookie_crates_talk() {
        use std::sync::{Arc, Mutex};
        use tracing_subscriber::prelude::*;
        #[derive(Clone, Default)]
        struct Captured(Arc<Mutex<Vec<u8>>>);
        impl std::io::Write for Captured {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::registry()
            .with(super::log_filter("trace,cookie_store::cookie_store=trace"))
            .with(super::quiet_chatty_crates())
            .with(tracing_subscriber::fmt::layer().with_writer(move || writer.clone()));
        tracing::subscriber::with_default(subscriber, || {
            tracing::debug!(target: "cookie_store::cookie_store", "inserting Set-Cookie 'a=1'");
            tracing::trace!(target: "hyper_util::client", "connecting");
            tracing::warn!(target: "reqwest::connect", "a warning still shows");
            tracing::debug!(target: "authdesk_client", "our own debug line shows");
        });
        let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        assert!(!text.contains("inserting Set-Cookie"), "{text}");
        assert!(!text.contains("connecting"), "{text}");
        assert!(text.contains("a warning still shows"), "{text}");
        assert!(text.contains("our own debug line shows"), "{text}");
    }

    #[test]
    fn ordinary_lines_are_left_alone() {
        let line = r#"listed users total=1008 offset=50 search="ada@authdesk.test" took 12 ms"#;
        assert_eq!(redact(line), line);
    }
}
