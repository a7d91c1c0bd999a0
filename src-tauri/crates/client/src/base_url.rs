use std::net::IpAddr;

use url::{Host, Url};

use crate::ClientError;

/// Far longer than any real server address; a longer one is a paste gone wrong.
const MAX_URL_BYTES: usize = 2048;

/// A validated auth base URL such as `https://auth.example.com/api/auth` or Neon Auth's
/// `https://ep-x.neonauth.region.aws.neon.tech/neondb/auth`. Routes hang off it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthBaseUrl {
    /// Always ends with `/`, so that joining a route keeps the base path.
    base: Url,
}

impl AuthBaseUrl {
    /// Accepts https anywhere and plain http only for this machine (loopback), because the admin's
    /// cookies would otherwise cross the network in clear.
    pub fn parse(input: &str) -> Result<Self, ClientError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(ClientError::InvalidUrl("Enter the auth server URL.".into()));
        }
        if input.len() > MAX_URL_BYTES {
            return Err(ClientError::InvalidUrl(format!(
                "This URL is too long for an auth server ({MAX_URL_BYTES} characters at most)."
            )));
        }
        let mut url = Url::parse(input).map_err(|_| {
            ClientError::InvalidUrl(
                "This is not a URL. It looks like https://auth.example.com/api/auth.".into(),
            )
        })?;
        let host = url
            .host()
            .ok_or_else(|| ClientError::InvalidUrl("The URL has no host name.".into()))?;
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(&host) => {}
            "http" => {
                return Err(ClientError::InvalidUrl(
                    "Plain http is allowed only for this computer (localhost). Use https.".into(),
                ));
            }
            _ => {
                return Err(ClientError::InvalidUrl(
                    "The URL must start with https:// (or http:// for localhost).".into(),
                ));
            }
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(ClientError::InvalidUrl(
                "Leave the user name and password out of the URL.".into(),
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(ClientError::InvalidUrl(
                "The URL must not have a ?query or #fragment.".into(),
            ));
        }
        let path = format!("{}/", url.path().trim_end_matches('/'));
        url.set_path(&path);
        Ok(Self { base: url })
    }

    /// The URL of one route, e.g. `admin/list-users`.
    pub fn endpoint(&self, route: &str) -> Url {
        self.base.join(route).expect("a route is a relative path")
    }

    /// The origin Better Auth always trusts: its own.
    pub fn origin(&self) -> String {
        self.base.origin().ascii_serialization()
    }

    /// The host (and port, if any): a default name for a new profile.
    pub fn host_label(&self) -> String {
        let host = self.base.host_str().unwrap_or_default();
        match self.base.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        }
    }

    /// Whether requests go over TLS (everything but this machine's plain http).
    pub fn is_https(&self) -> bool {
        self.base.scheme() == "https"
    }

    /// Whether the host is the name `localhost`, which must mean this machine whatever the
    /// system's resolver (a hosts entry, an NSS plugin) would make of it.
    pub fn is_localhost_name(&self) -> bool {
        matches!(self.base.host(), Some(Host::Domain(name)) if name.eq_ignore_ascii_case("localhost"))
    }

    /// The base as the admin would write it, without the trailing slash.
    pub fn display(&self) -> String {
        self.base.as_str().trim_end_matches('/').to_owned()
    }
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => IpAddr::V4(*ip).is_loopback(),
        Host::Ipv6(ip) => IpAddr::V6(*ip).is_loopback(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejection(input: &str) -> String {
        match AuthBaseUrl::parse(input) {
            Err(ClientError::InvalidUrl(message)) => message,
            other => panic!("{input} should be refused, got {other:?}"),
        }
    }

    #[test]
    fn routes_keep_the_base_path() {
        let neon = AuthBaseUrl::parse("https://ep-x.neonauth.us-east-2.aws.neon.tech/neondb/auth")
            .unwrap();
        assert_eq!(
            neon.endpoint("admin/list-users").as_str(),
            "https://ep-x.neonauth.us-east-2.aws.neon.tech/neondb/auth/admin/list-users"
        );
        assert_eq!(
            neon.origin(),
            "https://ep-x.neonauth.us-east-2.aws.neon.tech"
        );
        let local = AuthBaseUrl::parse(" http://127.0.0.1:3917/api/auth/ ").unwrap();
        assert_eq!(
            local.endpoint("sign-in/email").as_str(),
            "http://127.0.0.1:3917/api/auth/sign-in/email"
        );
        assert_eq!(local.display(), "http://127.0.0.1:3917/api/auth");
        assert_eq!(local.host_label(), "127.0.0.1:3917");
        assert_eq!(neon.host_label(), "ep-x.neonauth.us-east-2.aws.neon.tech");
    }

    #[test]
    fn plain_http_only_for_this_machine() {
        for ok in [
            "http://localhost:3000/api/auth",
            "http://127.0.0.2/auth",
            "http://[::1]:8080/a",
        ] {
            assert!(AuthBaseUrl::parse(ok).is_ok(), "{ok}");
        }
        assert!(rejection("http://auth.example.com/api/auth").contains("https"));
        assert!(rejection("http://10.0.0.5/api/auth").contains("https"));
        assert!(rejection("http://localhost.example.com/").contains("https"));
    }

    #[test]
    fn malformed_urls_are_explained() {
        assert!(rejection("").contains("Enter"));
        assert!(rejection("auth.example.com").contains("not a URL"));
        assert!(rejection("ftp://auth.example.com/").contains("https://"));
        assert!(rejection("https://admin:pw@auth.example.com/").contains("user name"));
        assert!(rejection("https://auth.example.com/api/auth?x=1").contains("query"));
    }
}
