//! `tandem access`: the operator issues, lists and revokes per-profile access tokens on a
//! data directory (see [`tandem_engine::access`]).

use std::path::Path;

use anyhow::{Context, Result, bail};
use clap::{ArgGroup, Args, Subcommand};
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp, civil::Date};
use tandem_engine::Store;
use tandem_engine::access::{ACCESS_DIR, Access};

use crate::cli::Format;
use crate::render;
use crate::views::TokenList;

/// Options of `tandem access`.
#[derive(Debug, Args)]
pub struct AccessArgs {
    #[command(subcommand)]
    pub command: AccessCommand,
}

/// What to do with access tokens.
#[derive(Debug, Subcommand)]
pub enum AccessCommand {
    /// Issue a new token for one stored profile, and print it (once: it cannot be shown again)
    ///
    /// The token is printed alone on standard output, so that it can be piped or captured;
    /// how to use it goes to standard error. Only a hash of it is stored. With --base-url,
    /// the profile's access link for the web app (URL/login?token=TOKEN) is printed instead.
    ///
    /// Examples:
    ///   tandem --data ./mydata access issue --for st-0042
    ///   tandem --data ./mydata access issue --for st-0042 --expires 30d
    ///   tandem --data ./mydata access issue --for inv-0001 --expires 2027-01-31
    ///   TOKEN=$(tandem --data ./mydata access issue --for st-0042 --expires 12h)
    ///   tandem --data ./mydata access issue --for inv-0001 --base-url http://127.0.0.1:8080
    #[command(verbatim_doc_comment)]
    Issue {
        /// The profile the token acts for (it must be stored).
        #[arg(long = "for", value_name = "ID")]
        for_id: String,
        /// When the token stops working: a duration from now (30d, 12h, "2 weeks"), a date
        /// (2027-01-31: at 00:00 UTC that day) or an RFC 3339 time (2027-01-31T12:00:00Z).
        /// Without it, the token works until it is revoked.
        #[arg(long, value_name = "WHEN")]
        expires: Option<String>,
        /// Print the access link instead of the bare token: URL/login?token=TOKEN, where URL
        /// is the address people reach `tandem serve` at (http://127.0.0.1:8080,
        /// https://tandem.example.org). Opening the link signs in to the web app as the
        /// profile.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// List issued tokens with their status (active, expired, revoked); never their secrets
    ///
    /// Examples:
    ///   tandem --data ./mydata access list
    ///   tandem --data ./mydata access list --for st-0042 --format json
    #[command(verbatim_doc_comment)]
    List {
        /// Only the tokens of this profile.
        #[arg(long = "for", value_name = "ID")]
        for_id: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Revoke one token by its id (--token) or every token of a profile (--for)
    ///
    /// A running server on the same data directory refuses a revoked token from its next
    /// request on.
    ///
    /// Examples:
    ///   tandem --data ./mydata access revoke --token 3f9a0c41d2b87e65
    ///   tandem --data ./mydata access revoke --for st-0042
    #[command(verbatim_doc_comment)]
    #[command(group(ArgGroup::new("which").required(true).args(["for_id", "token"])))]
    Revoke {
        /// Revoke every token of this profile.
        #[arg(long = "for", value_name = "ID")]
        for_id: Option<String>,
        /// Revoke the token with this id (the `id` column of `access list`, not the token).
        #[arg(long, value_name = "TOKEN_ID")]
        token: Option<String>,
    },
}

/// Runs `tandem access` on the data directory `data` (`None`: the demo data, refused).
pub fn run(data: Option<&Path>, args: &AccessArgs) -> Result<()> {
    let dir = data.context(
        "access tokens belong to a data directory, and the embedded demo data set is read-only; \
         pass --data DIR (start one with `tandem import --data DIR FILE.jsonl`)",
    )?;
    let now = Timestamp::now();
    match &args.command {
        AccessCommand::Issue {
            for_id,
            expires,
            base_url,
        } => {
            let expires = expires
                .as_deref()
                .map(|text| parse_expiry(text, now))
                .transpose()?;
            // Checked before a token is issued: a bad address issues nothing.
            let base_url = base_url.as_deref().map(base_url_of).transpose()?;
            // Only for a stored profile: a token for nobody would act for whoever is stored
            // under that id later.
            let store = Store::open(dir)?;
            store.snapshot().require(for_id)?;
            let access = Access::open_or_create(dir)?;
            let (record, token) = access.issue(for_id, expires, now)?;
            let until = match record.expires {
                Some(at) => format!("until {at}"),
                None => "until it is revoked".to_string(),
            };
            let revoke = format!(
                "Revoke it with\n  tandem --data {} access revoke --token {}",
                dir.display(),
                record.id
            );
            match base_url {
                None => {
                    println!("{token}");
                    eprintln!(
                        "issued access token {} for `{for_id}`, valid {until}.\n\
                         This is the only time it is shown: only its hash is stored. Hand it to the \
                         profile's owner, who sends it as\n  Authorization: Bearer TOKEN\n\
                         to read the profile's matches and edit it (and nothing else). {revoke}",
                        record.id,
                    );
                }
                Some(base) => {
                    println!("{}", login_link(&base, &token));
                    eprintln!(
                        "issued access token {} for `{for_id}`, valid {until}, as its access link.\n\
                         This is the only time it is shown: only its hash is stored. Send the link \
                         to the profile's owner: opening it signs in to the web app as `{for_id}` \
                         (and nothing else); the link's `token=` value also works for the API as\n  \
                         Authorization: Bearer TOKEN\n{revoke}",
                        record.id,
                    );
                }
            }
            Ok(())
        }
        AccessCommand::List { for_id, format } => {
            let tokens = existing(dir)?
                .map(|access| access.list(for_id.as_deref()))
                .transpose()?
                .unwrap_or_default();
            let list = TokenList::new(&tokens, now);
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&list)?),
                Format::Table if list.tokens.is_empty() => eprintln!(
                    "no access tokens{}; issue one with `tandem --data {} access issue --for ID`",
                    for_id
                        .as_ref()
                        .map(|id| format!(" for `{id}`"))
                        .unwrap_or_default(),
                    dir.display()
                ),
                Format::Table => {
                    let mut table =
                        render::table(&["id", "for", "status", "created", "expires", "revoked"]);
                    let or_dash = |at: Option<Timestamp>| at.map_or("-".into(), to_the_second);
                    for token in &list.tokens {
                        table.add_row([
                            token.id.clone(),
                            token.profile.clone(),
                            token.status.to_string(),
                            to_the_second(token.created),
                            or_dash(token.expires),
                            or_dash(token.revoked),
                        ]);
                    }
                    println!("{table}");
                }
            }
            Ok(())
        }
        AccessCommand::Revoke { for_id, token } => {
            let Some(access) = existing(dir)? else {
                bail!(
                    "{} has no access tokens yet; issue one with `tandem access issue --for ID`",
                    dir.display()
                );
            };
            match (for_id, token) {
                (_, Some(token_id)) => {
                    let token = access.revoke(token_id, now)?;
                    eprintln!("revoked access token {} of `{}`", token.id, token.profile);
                }
                (Some(profile), None) => {
                    let count = access.revoke_all(profile, now)?;
                    let plural = if count == 1 { "" } else { "s" };
                    eprintln!("revoked {count} access token{plural} of `{profile}`");
                }
                (None, None) => bail!("say which tokens to revoke: --for ID or --token TOKEN_ID"),
            }
            Ok(())
        }
    }
}

/// A time as a table shows it: to the second (records keep the exact time, which orders
/// tokens issued within the same second).
fn to_the_second(at: Timestamp) -> String {
    Timestamp::from_second(at.as_second())
        .unwrap_or(at)
        .to_string()
}

/// The access tokens of `dir`, if any were ever issued there; `dir` must be a data
/// directory. (Listing or revoking creates no files.)
fn existing(dir: &Path) -> Result<Option<Access>> {
    if !dir.join("index").join("meta.json").exists() {
        return Err(tandem_engine::Error::NotAStore(dir.to_path_buf()).into());
    }
    if !dir.join(ACCESS_DIR).join("meta.json").exists() {
        return Ok(None);
    }
    Ok(Some(Access::open_or_create(dir)?))
}

/// Revokes every token of a profile just deleted from `dir`, if it has any: a profile stored
/// later under the same id is someone else's. Returns how many were revoked.
pub fn revoke_deleted(dir: &Path, profile: &str) -> Result<usize> {
    Ok(match existing(dir)? {
        Some(access) => access.revoke_all(profile, Timestamp::now())?,
        None => 0,
    })
}

/// The address a server is reached at, checked and without a trailing `/`: an `http://` or
/// `https://` URL with a host, and no query or fragment (the link adds its own).
fn base_url_of(text: &str) -> Result<String> {
    let base = text.trim().trim_end_matches('/');
    let rest = base
        .strip_prefix("http://")
        .or_else(|| base.strip_prefix("https://"));
    match rest {
        Some(rest) if !rest.is_empty() && !rest.contains(['?', '#', ' ']) => Ok(base.to_string()),
        _ => bail!(
            "--base-url `{text}` is not a server's address: give the URL people open the web \
             app at, e.g. http://127.0.0.1:8080 or https://tandem.example.org"
        ),
    }
}

/// The access link of `token` on the server at `base` (from [`base_url_of`]): opening it
/// signs in to the web app as the token's profile. Tokens are letters, digits and `_`, so
/// the link needs no escaping.
fn login_link(base: &str, token: &str) -> String {
    format!("{base}/login?token={token}")
}

/// An expiry as the command line takes it: an RFC 3339 time, a date (00:00 UTC that day), or
/// a duration from `now` (jiff's friendly format: 30d, 12h, "2 weeks", or ISO 8601 P30D).
pub fn parse_expiry(text: &str, now: Timestamp) -> Result<Timestamp> {
    let text = text.trim();
    let at = if let Ok(at) = text.parse::<Timestamp>() {
        at
    } else if let Ok(date) = text.parse::<Date>() {
        date.to_zoned_datetime(TimeZone::UTC)?.timestamp()
    } else if let Ok(span) = text.parse::<Span>() {
        // Through a UTC calendar, so that days and weeks (which a timestamp alone does not
        // know) are 24 hours and 7 days.
        now.to_zoned_datetime(TimeZone::UTC)
            .checked_add(span)
            .with_context(|| format!("--expires {text} is too far away"))?
            .timestamp()
    } else {
        bail!(
            "--expires `{text}` is not a duration (30d, 12h), a date (2027-01-31) or an RFC 3339 \
             time (2027-01-31T12:00:00Z)"
        );
    };
    if at <= now {
        bail!("--expires {text} is not in the future (it is now {now}); give a later time");
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_url_is_an_http_address_and_the_link_adds_the_login_path() {
        for (text, expected) in [
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("https://tandem.example.org/", "https://tandem.example.org"),
            (
                " https://example.org/tandem// ",
                "https://example.org/tandem",
            ),
        ] {
            assert_eq!(base_url_of(text).unwrap(), expected, "{text}");
        }
        for bad in [
            "127.0.0.1:8080",
            "http://",
            "ftp://x",
            "http://x/?a=b",
            "http://x#y",
        ] {
            let error = base_url_of(bad).unwrap_err().to_string();
            assert!(error.contains("http://127.0.0.1:8080"), "{bad}: {error}");
        }
        assert_eq!(
            login_link("http://h:1", "tdm_ab_cd"),
            "http://h:1/login?token=tdm_ab_cd"
        );
    }

    #[test]
    fn expiries_are_durations_dates_or_times() {
        let now: Timestamp = "2026-12-02T08:00:00Z".parse().unwrap();
        for (text, expected) in [
            ("30d", "2027-01-01T08:00:00Z"),
            ("12h", "2026-12-02T20:00:00Z"),
            ("2 weeks", "2026-12-16T08:00:00Z"),
            ("P1D", "2026-12-03T08:00:00Z"),
            ("2027-01-31", "2027-01-31T00:00:00Z"),
            ("2027-01-31T12:00:00Z", "2027-01-31T12:00:00Z"),
            ("2027-01-31T12:00:00+02:00", "2027-01-31T10:00:00Z"),
        ] {
            assert_eq!(
                parse_expiry(text, now).unwrap().to_string(),
                expected,
                "{text}"
            );
        }
        for bad in ["tomorrow", "", "-3d", "2020-01-01", "0s"] {
            assert!(parse_expiry(bad, now).is_err(), "{bad}");
        }
        let err = parse_expiry("soon", now).unwrap_err().to_string();
        assert!(err.contains("30d") && err.contains("2027-01-31"), "{err}");
    }
}
