//! A session's user agent in words support staff recognise: "Firefox 128 on macOS · Computer".
//!
//! Read from the product tokens browsers send, by hand: the user agent crates match with regular
//! expressions (woothee compiled a hundred), and with the regex engine they bring in they weighed
//! about half a megabyte of the binary for this one line of the sessions list. The full text is
//! shown beside it, so a browser read wrongly or not at all loses nothing.

use authdesk_protocol::SessionClient;

/// Browsers by the token that names them, most specific first: Edge, Opera and the others
/// also send `Chrome/`, and Chrome also sends `Safari/`.
const BROWSERS: [(&str, &str); 13] = [
    ("Edg/", "Edge"),
    ("EdgA/", "Edge"),
    ("EdgiOS/", "Edge"),
    ("Edge/", "Edge"),
    ("OPR/", "Opera"),
    ("OPiOS/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("YaBrowser/", "Yandex Browser"),
    ("Vivaldi/", "Vivaldi"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
];

/// Words that only crawlers put in their user agent.
const BOT_WORDS: [&str; 4] = ["bot", "crawler", "spider", "slurp"];

/// The words for a session's user agent; `None` when the session recorded none.
pub fn describe_client(user_agent: &str) -> Option<SessionClient> {
    let user_agent = user_agent.trim();
    if user_agent.is_empty() {
        return None;
    }
    if user_agent.starts_with("Authdesk/") {
        return Some(client("Authdesk".into(), "", "Admin app"));
    }
    if let Some(bot) = bot_token(user_agent) {
        return Some(client(product(bot), "", "Bot"));
    }
    if !user_agent.starts_with("Mozilla/") {
        // A program rather than a browser: curl, a server's HTTP library, a mobile app.
        let first = user_agent.split_whitespace().next().unwrap_or(user_agent);
        return Some(client(product(first), "", "Program"));
    }
    let (os, device) = platform(user_agent);
    Some(client(browser(user_agent), os, device))
}

fn client(browser: String, os: &str, device: &str) -> SessionClient {
    SessionClient {
        browser,
        os: os.to_owned(),
        device: device.to_owned(),
    }
}

fn browser(user_agent: &str) -> String {
    if let Some((token, name)) = BROWSERS
        .iter()
        .find(|(token, _)| user_agent.contains(token))
    {
        return named(name, version_after(user_agent, token));
    }
    if user_agent.contains("Safari/") {
        return named("Safari", version_after(user_agent, "Version/"));
    }
    if user_agent.contains("Trident/") || user_agent.contains("MSIE ") {
        let version = version_after(user_agent, "MSIE ").or(version_after(user_agent, "rv:"));
        return named("Internet Explorer", version);
    }
    "Unknown browser".into()
}

/// The operating system and the kind of device, from the platform the browser names.
fn platform(user_agent: &str) -> (&'static str, &'static str) {
    let has = |word: &str| user_agent.contains(word);
    if has("iPad") {
        ("iPadOS", "Tablet")
    } else if has("iPhone") || has("iPod") {
        ("iOS", "Phone")
    } else if has("Android") {
        // Android phones say Mobile; tablets do not.
        ("Android", if has("Mobile") { "Phone" } else { "Tablet" })
    } else if has("Windows Phone") {
        ("Windows Phone", "Phone")
    } else if has("Windows") {
        ("Windows", "Computer")
    } else if has("CrOS") {
        ("ChromeOS", "Computer")
    } else if has("Macintosh") || has("Mac OS X") {
        ("macOS", "Computer")
    } else if has("Linux") || has("X11") {
        ("Linux", "Computer")
    } else {
        (
            "",
            if has("Mobile") {
                "Phone"
            } else {
                "Unknown device"
            },
        )
    }
}

/// The token of a crawler's name (`Googlebot/2.1`), if the user agent has one.
fn bot_token(user_agent: &str) -> Option<&str> {
    user_agent
        .split(|c: char| c.is_whitespace() || matches!(c, ';' | '(' | ')' | ','))
        .filter(|token| !token.contains("://"))
        .find(|token| {
            let lower = token.to_ascii_lowercase();
            BOT_WORDS.iter().any(|word| lower.contains(word))
        })
}

/// `name/1.2.3` as `name 1`.
fn product(token: &str) -> String {
    match token.split_once('/') {
        Some((name, version)) => named(name, Some(version)),
        None => token.to_owned(),
    }
}

/// A name and its major version, `Firefox 128`; the name alone when there is no version.
fn named(name: &str, version: Option<&str>) -> String {
    match version.map(major) {
        Some(major) if !major.is_empty() => format!("{name} {major}"),
        _ => name.to_owned(),
    }
}

/// The version right after `token`: its digits and dots.
fn version_after<'a>(user_agent: &'a str, token: &str) -> Option<&'a str> {
    let rest = &user_agent[user_agent.find(token)? + token.len()..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

fn major(version: &str) -> &str {
    version.split('.').next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real user agents, as each browser sent them, and the words shown for them.
    const SEEN: [(&str, &str, &str, &str); 16] = [
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0",
            "Firefox 128",
            "macOS",
            "Computer",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
            "Chrome 126",
            "Windows",
            "Computer",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87",
            "Edge 126",
            "Windows",
            "Computer",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
            "Safari 17",
            "macOS",
            "Computer",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Safari 17",
            "iOS",
            "Phone",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.153 Mobile/15E148 Safari/604.1",
            "Chrome 126",
            "iOS",
            "Phone",
        ),
        (
            "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/128.0 Mobile/15E148 Safari/605.1.15",
            "Firefox 128",
            "iPadOS",
            "Tablet",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.122 Mobile Safari/537.36",
            "Chrome 126",
            "Android",
            "Phone",
        ),
        (
            "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Safari/537.36",
            "Samsung Internet 25",
            "Android",
            "Tablet",
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 OPR/111.0.0.0",
            "Opera 111",
            "Linux",
            "Computer",
        ),
        (
            "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
            "Chrome 126",
            "ChromeOS",
            "Computer",
        ),
        (
            "Mozilla/5.0 (Windows NT 6.1; Trident/7.0; rv:11.0) like Gecko",
            "Internet Explorer 11",
            "Windows",
            "Computer",
        ),
        (
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Googlebot 2",
            "",
            "Bot",
        ),
        ("curl/8.5.0", "curl 8", "", "Program"),
        ("node", "node", "", "Program"),
        (
            "Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko)",
            "Unknown browser",
            "",
            "Unknown device",
        ),
    ];

    #[test]
    fn user_agents_become_words() {
        for (user_agent, browser, os, device) in SEEN {
            let client = describe_client(user_agent).expect(user_agent);
            assert_eq!(
                (
                    client.browser.as_str(),
                    client.os.as_str(),
                    client.device.as_str()
                ),
                (browser, os, device),
                "{user_agent}"
            );
        }
    }

    #[test]
    fn authdesk_itself_and_nothing_at_all() {
        let authdesk = describe_client("Authdesk/0.1.0").unwrap();
        assert_eq!(
            (authdesk.browser.as_str(), authdesk.device.as_str()),
            ("Authdesk", "Admin app")
        );
        assert!(describe_client("").is_none());
        assert!(describe_client("   ").is_none());
    }
}
