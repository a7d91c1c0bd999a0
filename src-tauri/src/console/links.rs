//! Links into Authdesk from a ticket: `authdesk://user/<id>?server=<host>`. A link only opens a
//! user's panel, never acts; it opens on the deployment it names or says why it cannot; and it
//! waits while the admin is signed out, locked or impersonating.

use authdesk_protocol::{ApiError, ErrorCode, checks};

use super::Console;

/// A link's scheme, as the installers register it (`tauri.conf.json`, `plugins.deep-link`).
const SCHEME: &str = "authdesk";

/// The link received last and not yet opened, or why it cannot be.
pub(super) type WaitingLink = std::sync::Mutex<Option<Result<UserLink, ApiError>>>;

/// A link to one user on one deployment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct UserLink {
    user_id: String,
    /// A host, or host and port, as the link names it, lower-cased.
    server: String,
}

impl Console {
    /// Keeps a link handed to Authdesk (at start, or by a second start) until the window can
    /// open it; a newer link replaces an older one.
    pub fn receive_link(&self, link: &str) {
        let parsed = parse(link);
        tracing::info!(readable = parsed.is_ok(), "a link arrived");
        *self
            .waiting_link
            .lock()
            .unwrap_or_else(|poison| poison.into_inner()) = Some(parsed);
    }

    /// The user the waiting link opens, once the console can open one: nothing while there is
    /// no link, or while the admin is signed out, locked or impersonating (the link waits). A
    /// link for another deployment, or one that is not Authdesk's, is refused with the reason.
    pub async fn take_link(&self) -> Result<Option<String>, ApiError> {
        let profile = match self.session.read().await.as_ref() {
            Some(active) if active.acting.is_none() && active.locked().is_none() => {
                active.admin.profile.clone()
            }
            _ => return Ok(None),
        };
        let waiting = self
            .waiting_link
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .take();
        let Some(link) = waiting else {
            return Ok(None);
        };
        let link = link?;
        let base_url = &profile.settings.base_url;
        if link.is_for(&authority(base_url).unwrap_or_default()) {
            return Ok(Some(link.user_id));
        }
        let address = url::Url::parse(base_url)
            .ok()
            .and_then(|url| Some((url.host_str()?.to_owned(), url.port())))
            .map(|(host, port)| port.map_or(host.clone(), |port| format!("{host}:{port}")))
            .unwrap_or_default();
        let signed_in_to = match profile.settings.name == address {
            true => address,
            false => format!("{} ({address})", profile.settings.name),
        };
        Err(ApiError::new(
            ErrorCode::Validation,
            format!(
                "That link is for a user on {}, and Authdesk is signed in to {signed_in_to}. \
                 Switch to that deployment, then open the link again.",
                link.server
            ),
        ))
    }
}

impl UserLink {
    /// Whether the deployment at `authority` (host and port) is the one the link names: by host
    /// and port when it names a port, else by host.
    fn is_for(&self, authority: &str) -> bool {
        match self.server.contains(':') {
            true => self.server == authority,
            false => authority.split(':').next() == Some(self.server.as_str()),
        }
    }
}

fn parse(link: &str) -> Result<UserLink, ApiError> {
    let refuse = || {
        ApiError::new(
            ErrorCode::Validation,
            format!(
                "That link is not a link to a user: it should read {SCHEME}://user/<id>?server=<host>."
            ),
        )
    };
    let url = url::Url::parse(link).map_err(|_| refuse())?;
    let mut segments = url.path_segments().into_iter().flatten();
    let (Some(user_id), None) = (segments.next(), segments.next()) else {
        return Err(refuse());
    };
    if url.scheme() != SCHEME || url.host_str() != Some("user") {
        return Err(refuse());
    }
    checks::check_user_id(user_id).map_err(|_| refuse())?;
    let server = url
        .query_pairs()
        .find(|(key, _)| key == "server")
        .map(|(_, server)| server.trim().trim_end_matches('/').to_lowercase())
        .filter(|server| !server.is_empty())
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::Validation,
                "That link does not say which deployment the user is on (?server=<host>), so \
                 Authdesk will not look the id up on whichever it is signed in to.",
            )
        })?;
    Ok(UserLink {
        user_id: user_id.to_owned(),
        server,
    })
}

/// `host:port` of a server's URL, lower-cased, the port its scheme's when it names none.
fn authority(base_url: &str) -> Option<String> {
    let url = url::Url::parse(base_url).ok()?;
    Some(format!(
        "{}:{}",
        url.host_str()?.to_lowercase(),
        url.port_or_known_default()?
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(user_id: &str, server: &str) -> UserLink {
        UserLink {
            user_id: user_id.into(),
            server: server.into(),
        }
    }

    #[test]
    fn a_user_link_names_the_user_and_the_deployment() {
        assert_eq!(
            parse("authdesk://user/Ab3_x-9?server=Auth.Example.com/").unwrap(),
            link("Ab3_x-9", "auth.example.com")
        );
        assert_eq!(
            parse("authdesk://user/u1?ticket=7&server=127.0.0.1:3917").unwrap(),
            link("u1", "127.0.0.1:3917")
        );
    }

    #[test]
    fn anything_else_is_refused_with_the_form_a_link_takes() {
        for bad in [
            "https://user/u1?server=a.example.com",
            "authdesk://ban/u1?server=a.example.com",
            "authdesk://user/?server=a.example.com",
            "authdesk://user/u1/sessions?server=a.example.com",
            "authdesk://user/u%20%3Cscript%3E?server=a.example.com",
            "not a link",
        ] {
            let error = parse(bad).unwrap_err();
            assert!(error.message.contains("authdesk://user/<id>"), "{bad}");
        }
        let no_server = parse("authdesk://user/u1").unwrap_err();
        assert!(no_server.message.contains("?server="), "{no_server:?}");
        assert!(parse("authdesk://user/u1?server=%20").is_err());
    }

    #[test]
    fn a_link_is_for_the_deployment_at_its_host_and_port() {
        let here = authority("http://127.0.0.1:3917/api/auth").unwrap();
        assert!(link("u1", "127.0.0.1:3917").is_for(&here));
        assert!(link("u1", "127.0.0.1").is_for(&here));
        assert!(!link("u1", "127.0.0.1:4000").is_for(&here));
        let neon = authority("https://ep-x.neonauth.example.com/neondb/auth").unwrap();
        assert_eq!(neon, "ep-x.neonauth.example.com:443");
        assert!(link("u1", "ep-x.neonauth.example.com").is_for(&neon));
        assert!(!link("u1", "auth.example.com").is_for(&neon));
    }
}
