//! One label per enum variant — the same word in JSON, the store, the API, the web pages and
//! the CLI — given by [`labels!`] as `as_str`, `FromStr`, `Display` and `ALL`.

/// A label that names no variant of the enum it was read as.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{label}” is not a {} (expected one of: {expected})", in_words(kind))]
pub struct UnknownLabel {
    /// The enum asked for.
    pub kind: &'static str,
    /// The text given.
    pub label: String,
    /// The labels it knows, comma-separated.
    pub expected: String,
}

/// A type name as words: `QuoteKind` → "quote kind".
fn in_words(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Implements `as_str`, `ALL`, `FromStr` (case-insensitive) and `Display` for a fieldless
/// enum from one table of labels; the serde names must be the same words (tested).
macro_rules! labels {
    ($name:ident { $($variant:ident => $label:literal),+ $(,)? }) => {
        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The variant's label, as in JSON.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $label),+
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::types::UnknownLabel;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str().eq_ignore_ascii_case(s.trim()))
                    .ok_or_else(|| $crate::types::UnknownLabel {
                        kind: stringify!($name),
                        label: s.to_string(),
                        expected: $name::ALL
                            .iter()
                            .map(|v| v.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use labels;

#[cfg(test)]
mod tests {
    use crate::types::*;

    fn serde_name<T: serde::Serialize>(v: T) -> String {
        serde_json::to_value(v)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    #[test]
    fn labels_are_the_serde_names_and_read_back() {
        macro_rules! check {
            ($($t:ty),+) => {$(
                for &v in <$t>::ALL {
                    assert_eq!(v.as_str(), serde_name(v));
                    assert_eq!(v.as_str().to_uppercase().parse::<$t>(), Ok(v));
                    assert_eq!(v.to_string(), v.as_str());
                }
            )+};
        }
        check!(
            EntityKind,
            MentionKind,
            QuoteKind,
            Attribution,
            EventStatus,
            Verdict,
            Mode,
            crate::quotes::Part
        );
    }

    #[test]
    fn an_unknown_label_says_what_is_expected() {
        let e = "speech".parse::<QuoteKind>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "“speech” is not a quote kind (expected one of: direct, reported)"
        );
    }
}
