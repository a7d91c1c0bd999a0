//! Small text formatting shared by the pages.

use authdesk_protocol::BanState;

/// `2431` → `2,431`.
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `1` → `1 user`, `2431` → `2,431 users`.
pub fn count_of(value: u64, noun: &str) -> String {
    let plural = if value == 1 { "" } else { "s" };
    format!("{} {noun}{plural}", thousands(value))
}

/// A short status label and the CSS modifier that colours it.
pub fn ban_label(ban: &BanState) -> (String, &'static str) {
    match ban {
        BanState::NotBanned => ("Active".into(), "ok"),
        BanState::Permanent { .. } => ("Banned · permanent".into(), "danger"),
        BanState::Until { expires_at, .. } => {
            (format!("Banned · until {}", expires_at.date()), "danger")
        }
        BanState::Lapsed { .. } => ("Ban lapsed".into(), "muted"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use authdesk_protocol::OffsetDateTime;

    #[test]
    fn groups_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(count_of(1, "user"), "1 user");
        assert_eq!(count_of(2431, "user"), "2,431 users");
    }

    #[test]
    fn labels_every_ban_state() {
        let at = OffsetDateTime::UNIX_EPOCH;
        assert_eq!(ban_label(&BanState::NotBanned).0, "Active");
        assert_eq!(
            ban_label(&BanState::Permanent { reason: None }).0,
            "Banned · permanent"
        );
        assert_eq!(
            ban_label(&BanState::Until {
                reason: None,
                expires_at: at
            })
            .0,
            "Banned · until 1970-01-01"
        );
        assert_eq!(
            ban_label(&BanState::Lapsed {
                reason: None,
                expired_at: at
            })
            .1,
            "muted"
        );
    }
}
