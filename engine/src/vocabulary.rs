//! Closed vocabularies: the small, fixed lists of slugs a profile may use.
//!
//! Every list in the taxonomy (sectors, stages, instruments, ...) is declared once with the
//! [`vocabulary!`](crate::vocabulary!) macro, which gives each the same behaviour: parsing
//! that forgives case, spaces and underscores, aliases that map onto the canonical slug,
//! serde support that writes the canonical slug, and an [`UnknownSlug`] error that names the
//! allowed values and suggests the closest one.

use std::fmt;

/// A value that is not in a vocabulary, with what was allowed and the nearest valid slug.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct UnknownSlug {
    /// What kind of value this was ("sector", "stage", ...).
    pub what: &'static str,
    /// The value as given.
    pub value: String,
    /// The closest allowed slug, when one is close enough to be a plausible typo.
    pub suggestion: Option<&'static str>,
    /// Every canonical slug the vocabulary accepts.
    pub allowed: &'static [&'static str],
}

impl fmt::Display for UnknownSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} `{}`", self.what, self.value)?;
        if let Some(suggestion) = self.suggestion {
            write!(f, " (did you mean `{suggestion}`?)")?;
        }
        write!(f, "; expected one of: {}", self.allowed.join(", "))
    }
}

/// Normalises free-form input to slug shape: trimmed, lower case, words joined by `-`.
///
/// ```
/// assert_eq!(tandem_engine::vocabulary::normalize(" Climate Energy "), "climate-energy");
/// assert_eq!(tandem_engine::vocabulary::normalize("pre_seed"), "pre-seed");
/// ```
pub fn normalize(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for word in input
        .trim()
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// The allowed slug nearest to `value`, if it is close enough to be a likely typo.
pub fn suggest(value: &str, candidates: &[&'static str]) -> Option<&'static str> {
    let length = value.chars().count();
    candidates
        .iter()
        // A similarity of 0.6 needs at least 0.6 × the longer length in common, so a value
        // over twice a candidate's length can never qualify. Skipping it keeps a hostile
        // 10 MB value from costing a 10 MB × candidate edit-distance table per candidate.
        .filter(|c| length <= 2 * c.len())
        .map(|c| (strsim::normalized_damerau_levenshtein(value, c), *c))
        .chain(
            // A prefix ("agri" for "agritech") is a strong hint even when the edit distance is large.
            candidates
                .iter()
                .filter(|c| value.len() >= 3 && c.starts_with(value))
                .map(|c| (0.9, *c)),
        )
        .filter(|(similarity, _)| *similarity >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Declares a closed vocabulary as a `Copy` enum.
///
/// Each variant has a canonical slug and a human label; aliases map further spellings onto a
/// variant. The enum gets `ALL`, `COUNT`, `slug()`, `label()`, `index()`, `parse()`,
/// `FromStr`, `Display`, and serde impls that read any accepted spelling and write the slug.
#[macro_export]
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($what:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $slug:literal, $label:literal; )+
        }
        aliases { $( $alias:literal => $target:ident ),* $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order (which is also `index()` order).
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),+ ];
            /// Number of values.
            pub const COUNT: usize = Self::ALL.len();
            /// Canonical slugs, in declaration order.
            pub const SLUGS: &'static [&'static str] = &[ $( $slug ),+ ];
            /// Further spellings `parse` maps onto a value, in their normal form (see
            /// [`normalize`](crate::vocabulary::normalize)); labels are accepted too.
            pub const ALIASES: &'static [(&'static str, $name)] = &[ $( ($alias, $name::$target) ),* ];

            /// The canonical slug, as written in profiles.
            pub fn slug(self) -> &'static str {
                match self { $( $name::$variant => $slug, )+ }
            }

            /// A short human label.
            pub fn label(self) -> &'static str {
                match self { $( $name::$variant => $label, )+ }
            }

            /// Position in `ALL`: the column of this value in a multi-hot feature block.
            pub fn index(self) -> usize {
                self as usize
            }

            /// Parses a slug, a label or an alias, forgiving case, spaces and underscores.
            pub fn parse(input: &str) -> Result<Self, $crate::vocabulary::UnknownSlug> {
                let key = $crate::vocabulary::normalize(input);
                match key.as_str() {
                    $( $slug => return Ok($name::$variant), )+
                    $( $alias => return Ok($name::$target), )*
                    _ => {}
                }
                if let Some(v) = Self::ALL.iter().find(|v| $crate::vocabulary::normalize(v.label()) == key) {
                    return Ok(*v);
                }
                Err($crate::vocabulary::UnknownSlug {
                    what: $what,
                    suggestion: $crate::vocabulary::suggest(&key, Self::SLUGS),
                    value: input.to_string(),
                    allowed: Self::SLUGS,
                })
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::vocabulary::UnknownSlug;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.slug())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.slug())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                Self::parse(&raw).map_err(::serde::de::Error::custom)
            }
        }
    };
}

#[cfg(test)]
mod tests {

    crate::vocabulary! {
        enum Fruit ("fruit") {
            Apple = "apple", "Apple";
            BloodOrange = "blood-orange", "Blood orange";
        }
        aliases { "pomme" => Apple }
    }

    #[test]
    fn parses_slugs_labels_and_aliases() {
        assert_eq!(Fruit::parse("apple"), Ok(Fruit::Apple));
        assert_eq!(Fruit::parse("Blood Orange"), Ok(Fruit::BloodOrange));
        assert_eq!(Fruit::parse("blood_orange"), Ok(Fruit::BloodOrange));
        assert_eq!(Fruit::parse("POMME"), Ok(Fruit::Apple));
        assert_eq!(Fruit::ALIASES, &[("pomme", Fruit::Apple)]);
        assert_eq!(Fruit::COUNT, 2);
        assert_eq!(Fruit::BloodOrange.index(), 1);
    }

    #[test]
    fn unknown_values_name_the_allowed_ones_and_suggest() {
        let err = Fruit::parse("appel").unwrap_err();
        assert_eq!(err.suggestion, Some("apple"));
        let text = err.to_string();
        assert!(text.contains("unknown fruit `appel`"), "{text}");
        assert!(text.contains("did you mean `apple`"), "{text}");
        assert!(text.contains("apple, blood-orange"), "{text}");
        assert_eq!(Fruit::parse("zzz").unwrap_err().suggestion, None);
        // Long values are never a typo, and must not cost an edit-distance table.
        let long = "apple".repeat(1_000_000);
        assert_eq!(Fruit::parse(&long).unwrap_err().suggestion, None);
    }

    #[test]
    fn serde_writes_slugs_and_reads_aliases() {
        let json = serde_json::to_string(&Fruit::BloodOrange).unwrap();
        assert_eq!(json, "\"blood-orange\"");
        let back: Fruit = serde_json::from_str("\"pomme\"").unwrap();
        assert_eq!(back, Fruit::Apple);
        let err = serde_json::from_str::<Fruit>("\"kiwi\"").unwrap_err();
        assert!(err.to_string().contains("unknown fruit `kiwi`"));
    }
}
