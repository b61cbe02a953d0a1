//! JSON Lines input: one profile per line, validated as a whole before anything is written.
//!
//! Parsing collects every bad line (up to [`MAX_REPORTED`]) rather than stopping at the first,
//! so a user fixes a file in one pass. Blank lines are skipped; an id that appears twice is an
//! error on its second line.

use std::collections::HashMap;
use std::fmt;

use rayon::prelude::*;

use crate::profile::{Profile, ProfileError};

/// At most this many line errors are kept in a [`JsonlError`].
pub const MAX_REPORTED: usize = 20;

/// One bad line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong on it.
    pub error: ProfileError,
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.error)
    }
}

/// A file that cannot be imported: its first bad lines and how many there were.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct JsonlError {
    /// The first bad lines, in file order.
    pub errors: Vec<LineError>,
    /// How many lines were bad in all.
    pub total: usize,
}

impl fmt::Display for JsonlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines = if self.total == 1 {
            "line is"
        } else {
            "lines are"
        };
        write!(f, "{} {lines} invalid; nothing was imported", self.total)?;
        for e in &self.errors {
            write!(f, "\n  {e}")?;
        }
        if self.total > self.errors.len() {
            write!(f, "\n  ... and {} more", self.total - self.errors.len())?;
        }
        Ok(())
    }
}

/// Parses and validates every line; returns all profiles, or the bad lines.
///
/// ```
/// let ok = tandem_engine::jsonl::parse("{\"id\":\"a\",\"kind\":\"startup\",\"name\":\"A\"}\n\n").unwrap();
/// assert_eq!(ok.len(), 1);
/// let err = tandem_engine::jsonl::parse("{\"id\":\"a\",\"kind\":\"startup\",\"name\":\"A\"}\n{\"id\":\"a\"}").unwrap_err();
/// assert_eq!(err.errors[0].line, 2);
/// ```
pub fn parse(text: &str) -> Result<Vec<Profile>, JsonlError> {
    parse_lines(without_bom(text).lines().map(Ok))
}

/// [`parse`] for bytes as read from a file: a line that is not UTF-8 is one more bad line,
/// reported with its number and where the bad bytes start, rather than failing the whole file
/// with no line to look at.
///
/// ```
/// let err = tandem_engine::jsonl::parse_bytes(b"\n{\"id\":\"a\",\"kind\":\"startup\",\"name\":\"\xff\"}").unwrap_err();
/// assert_eq!(err.errors[0].line, 2);
/// assert!(err.errors[0].error.message.contains("UTF-8"));
/// ```
pub fn parse_bytes(bytes: &[u8]) -> Result<Vec<Profile>, JsonlError> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    // Trailing "\n" yields one last empty piece, which is blank and skipped: the numbering
    // is that of `str::lines`, "\r\n" included.
    parse_lines(bytes.split(|b| *b == b'\n').map(|line| {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        std::str::from_utf8(line).map_err(|e| ProfileError {
            field: String::new(),
            message: format!(
                "invalid UTF-8 at byte {} of the line; expected UTF-8 text (re-save the file as UTF-8)",
                e.valid_up_to() + 1
            ),
        })
    }))
}

/// A byte-order mark is invisible in editors that write it, so it must not make line 1 bad.
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Parses numbered lines, each text or already an error (bad encoding).
fn parse_lines<'a>(
    lines: impl Iterator<Item = Result<&'a str, ProfileError>>,
) -> Result<Vec<Profile>, JsonlError> {
    let lines: Vec<(usize, Result<&str, ProfileError>)> = lines
        .enumerate()
        .map(|(i, l)| (i + 1, l.map(str::trim)))
        .filter(|(_, l)| !matches!(l, Ok(l) if l.is_empty()))
        .collect();
    let parsed: Vec<(usize, Result<Profile, ProfileError>)> = lines
        .into_par_iter()
        .map(|(n, l)| (n, l.and_then(Profile::from_json)))
        .collect();

    let mut first_line: HashMap<&str, usize> = HashMap::new();
    let mut errors = Vec::new();
    let mut total = 0;
    let mut report = |line: usize, error: ProfileError| {
        total += 1;
        if errors.len() < MAX_REPORTED {
            errors.push(LineError { line, error });
        }
    };
    for (line, result) in &parsed {
        match result {
            Ok(p) => {
                if let Some(first) = first_line.insert(&p.id, *line) {
                    first_line.insert(&p.id, first);
                    report(
                        *line,
                        ProfileError {
                            field: "id".into(),
                            message: format!(
                                "`{}` already appears on line {first}; ids must be unique",
                                p.id
                            ),
                        },
                    );
                }
            }
            Err(e) => report(*line, e.clone()),
        }
    }
    if total > 0 {
        return Err(JsonlError { errors, total });
    }
    Ok(parsed.into_iter().filter_map(|(_, r)| r.ok()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_every_bad_line_with_its_number() {
        let text = [
            r#"{"id":"a","kind":"startup","name":"A"}"#,
            r#"{"id":"b","kind":"startup","name":"B","sectors":["nope"]}"#,
            "",
            r#"not json"#,
            r#"{"id":"a","kind":"investor","name":"A again"}"#,
        ]
        .join("\n");
        let err = parse(&text).unwrap_err();
        assert_eq!(err.total, 3);
        let lines: Vec<usize> = err.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 4, 5]);
        let shown = err.to_string();
        assert!(
            shown.contains("3 lines are invalid; nothing was imported"),
            "{shown}"
        );
        assert!(
            shown.contains("line 2: field `sectors[0]`: unknown sector `nope`"),
            "{shown}"
        );
        assert!(
            shown.contains("line 5: field `id`: `a` already appears on line 1"),
            "{shown}"
        );
    }

    #[test]
    fn caps_the_report_but_counts_everything() {
        let text = "x\n".repeat(MAX_REPORTED + 5);
        let err = parse(&text).unwrap_err();
        assert_eq!(err.errors.len(), MAX_REPORTED);
        assert_eq!(err.total, MAX_REPORTED + 5);
        assert!(err.to_string().contains("and 5 more"));
    }
}
