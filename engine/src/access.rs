//! Per-profile access tokens: the operator issues a token for one profile, and whoever holds
//! it may act as that profile (read its matches, edit it, give feedback as it) and as nothing
//! else.
//!
//! ```text
//! DIR/access/    a Ledger<AccessToken>: one record per token ever issued, revoked ones too
//! ```
//!
//! A token as handed out is `tdm_<id>_<secret>`: the public token id (16 hex digits, from 8
//! random bytes), by which the record is found, listed and revoked, and the secret (64 hex
//! digits, from 32 random bytes from the operating system). Only the SHA-256 of the secret
//! is stored: a secret this random cannot be guessed from its hash, so a slow password hash
//! would add nothing, and a copy of the data directory gives no one a usable token. The
//! secret is shown once, when the token is issued, and never again.
//!
//! Verification finds the record by id, hashes the secret it was given and compares the two
//! hashes in constant time ([`subtle`]), so the time an answer takes says nothing about how
//! much of a guess was right. A wrong secret is reported exactly like an unknown id; a
//! token's expiry or revocation is told only to a caller who holds its secret.
//!
//! Whether the profile a token names still exists is the caller's check: the store, not
//! this module, knows the profiles ([`Access::issue`] takes the id as given). The clock is
//! passed in (`now`) rather than read here, so that expiry is tested without waiting.
//!
//! Every verification reads the ledger's latest commit (see [`crate::ledger`]): a token
//! issued or revoked with the command line while a server runs counts there at the next
//! request.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::error::{Error, Result};
use crate::ledger::{Change, Entry, Ledger};

/// What every token starts with, so that a server tells a profile's token from the
/// operator's API key, and a leaked token is easy to recognise (e.g. by secret scanners).
pub const TOKEN_PREFIX: &str = "tdm_";

/// Random bytes in a token id (shown as twice as many hex digits).
const ID_BYTES: usize = 8;

/// Random bytes in a token's secret: 256 bits, far beyond guessing.
const SECRET_BYTES: usize = 32;

/// The folder of the access ledger inside a data directory.
pub const ACCESS_DIR: &str = "access";

/// One issued token, as stored: everything but its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessToken {
    /// The public token id (16 lowercase hex digits): not secret, it names the token in
    /// lists and revocations.
    pub id: String,
    /// The profile the token acts for.
    pub profile: String,
    /// SHA-256 of the secret, 64 lowercase hex digits.
    pub hash: String,
    /// When it was issued.
    pub created: Timestamp,
    /// When it stops working, if ever.
    pub expires: Option<Timestamp>,
    /// When it was revoked, if it was. Revoked tokens are kept, so that lists show them.
    pub revoked: Option<Timestamp>,
}

impl Entry for AccessToken {
    fn key(&self) -> String {
        self.id.clone()
    }

    fn owner(&self) -> &str {
        &self.profile
    }
}

/// Whether a token works now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// It lets its holder act as its profile.
    Active,
    /// Its expiry has passed.
    Expired,
    /// The operator revoked it (whether or not it has also expired since).
    Revoked,
}

impl Status {
    /// The status as a word, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Expired => "expired",
            Status::Revoked => "revoked",
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl AccessToken {
    /// Whether the token works at `now`: revocation first, then expiry (a token expires at
    /// the instant named, not after it).
    pub fn status(&self, now: Timestamp) -> Status {
        if self.revoked.is_some() {
            Status::Revoked
        } else if self.expires.is_some_and(|at| at <= now) {
            Status::Expired
        } else {
            Status::Active
        }
    }
}

/// What a valid token grants: acting as one profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The profile the holder acts as.
    pub profile: String,
    /// The token's public id (for logs and audit; never the secret).
    pub token: String,
}

/// Why a token was refused. The messages tell its holder what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    /// Not shaped like a token at all.
    #[error(
        "this is not a Tandem access token (expected `tdm_`, a 16-digit token id, `_` and a \
         64-digit secret); send the token exactly as `tandem access issue` printed it"
    )]
    Malformed,
    /// No token has this id, or the secret is not the token's: the two are not told apart,
    /// so that a guess learns nothing.
    #[error(
        "the access token is not valid (unknown, or its secret is wrong); ask the operator for \
         a new one"
    )]
    Unknown,
    /// The token's expiry has passed.
    #[error("the access token expired at {0}; ask the operator for a new one")]
    Expired(Timestamp),
    /// The operator revoked the token.
    #[error("the access token was revoked at {0}; ask the operator for a new one")]
    Revoked(Timestamp),
}

/// The access tokens of one data directory.
pub struct Access {
    ledger: Ledger<AccessToken>,
}

impl std::fmt::Debug for Access {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Access({})", self.ledger.dir().display())
    }
}

impl Access {
    /// Opens the access ledger of the data directory `data_dir` (its `access/` folder),
    /// creating an empty one if there is none yet.
    pub fn open_or_create(data_dir: impl AsRef<std::path::Path>) -> Result<Access> {
        Ok(Access {
            ledger: Ledger::open_or_create(data_dir.as_ref().join(ACCESS_DIR))?,
        })
    }

    /// Issues a new token for `profile`, valid until `expires` (or until revoked). Returns
    /// the stored record and the token itself, which is not stored and cannot be shown
    /// again. An expiry that is not after `now` is refused.
    pub fn issue(
        &self,
        profile: &str,
        expires: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<(AccessToken, String)> {
        if let Some(at) = expires.filter(|at| *at <= now) {
            return Err(Error::BadRequest(format!(
                "the expiry {at} is not in the future (it is now {now}); give a later time, \
                 or none for a token that lasts until it is revoked"
            )));
        }
        let id = hex(&random::<ID_BYTES>()?);
        let secret = hex(&random::<SECRET_BYTES>()?);
        let record = AccessToken {
            id: id.clone(),
            profile: profile.to_string(),
            hash: hash(&secret),
            created: now,
            expires,
            revoked: None,
        };
        self.ledger.apply(&[Change::Put(record.clone())])?;
        Ok((record, format!("{TOKEN_PREFIX}{id}_{secret}")))
    }

    /// The tokens of `profile`, or of every profile, oldest first (revoked ones included).
    pub fn list(&self, profile: Option<&str>) -> Result<Vec<AccessToken>> {
        let mut tokens = match profile {
            Some(profile) => self.ledger.owned_by(profile)?,
            None => self.ledger.all()?,
        };
        tokens.sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
        Ok(tokens)
    }

    /// The token with this id, if any.
    pub fn get(&self, token_id: &str) -> Result<Option<AccessToken>> {
        self.ledger.get(token_id)
    }

    /// Revokes one token by its id and returns it. Revoking a revoked token changes nothing
    /// (it keeps its first revocation time).
    pub fn revoke(&self, token_id: &str, now: Timestamp) -> Result<AccessToken> {
        let mut token = self
            .ledger
            .get(token_id)?
            .ok_or_else(|| Error::UnknownToken(token_id.to_string()))?;
        if token.revoked.is_none() {
            token.revoked = Some(now);
            self.ledger.apply(&[Change::Put(token.clone())])?;
        }
        Ok(token)
    }

    /// Revokes every token of `profile` not yet revoked, in one commit; returns how many.
    pub fn revoke_all(&self, profile: &str, now: Timestamp) -> Result<usize> {
        let changes: Vec<Change<AccessToken>> = self
            .ledger
            .owned_by(profile)?
            .into_iter()
            .filter(|token| token.revoked.is_none())
            .map(|mut token| {
                token.revoked = Some(now);
                Change::Put(token)
            })
            .collect();
        self.ledger.apply(&changes)?;
        Ok(changes.len())
    }

    /// Checks a token as a client sent it. The outer `Result` fails only when the ledger
    /// cannot be read (the server's problem); the inner one says whether the token is good
    /// (the client's).
    pub fn verify(&self, token: &str, now: Timestamp) -> Result<Result<Grant, Denied>> {
        let Some((id, secret)) = parse(token) else {
            return Ok(Err(Denied::Malformed));
        };
        let Some(record) = self.ledger.get(id)? else {
            return Ok(Err(Denied::Unknown));
        };
        let matches: bool = hash(secret).as_bytes().ct_eq(record.hash.as_bytes()).into();
        if !matches {
            return Ok(Err(Denied::Unknown));
        }
        Ok(match (record.status(now), record.revoked, record.expires) {
            (Status::Revoked, Some(at), _) => Err(Denied::Revoked(at)),
            (Status::Expired, _, Some(at)) => Err(Denied::Expired(at)),
            _ => Ok(Grant {
                profile: record.profile,
                token: record.id,
            }),
        })
    }
}

/// Splits `tdm_<id>_<secret>` into id and secret, if it has exactly that shape.
fn parse(token: &str) -> Option<(&str, &str)> {
    let (id, secret) = token.strip_prefix(TOKEN_PREFIX)?.split_once('_')?;
    let is_hex = |s: &str, bytes: usize| {
        s.len() == 2 * bytes && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    };
    (is_hex(id, ID_BYTES) && is_hex(secret, SECRET_BYTES)).then_some((id, secret))
}

/// Hex SHA-256 of a secret.
fn hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// Lowercase hex digits of `bytes`.
fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut text, b| {
        let _ = write!(text, "{b:02x}");
        text
    })
}

/// `N` random bytes from the operating system.
fn random<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| {
        Error::BadRequest(format!(
            "the operating system gave no random bytes for a token ({e}); retry, and check the \
             system's entropy source if it persists"
        ))
    })?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn now() -> Timestamp {
        at("2026-06-01T12:00:00Z")
    }

    fn open() -> (tempfile::TempDir, Access) {
        let dir = tempfile::tempdir().unwrap();
        let access = Access::open_or_create(dir.path()).unwrap();
        (dir, access)
    }

    #[test]
    fn an_issued_token_verifies_as_its_profile() {
        let (_dir, access) = open();
        let (record, token) = access.issue("st-1", None, now()).unwrap();
        assert!(token.starts_with("tdm_"), "{token}");
        assert_eq!(token.len(), 4 + 16 + 1 + 64);
        assert_eq!(record.profile, "st-1");
        assert_eq!(record.created, now());
        assert_eq!(
            access.verify(&token, now()).unwrap(),
            Ok(Grant {
                profile: "st-1".into(),
                token: record.id.clone()
            })
        );
        assert_eq!(access.list(Some("st-1")).unwrap(), vec![record.clone()]);
        assert_eq!(access.list(Some("st-2")).unwrap(), vec![]);
        assert_eq!(access.get(&record.id).unwrap(), Some(record));
        let (_, second) = access.issue("st-1", None, now()).unwrap();
        assert_ne!(token, second, "every token is new");
    }

    #[test]
    fn a_wrong_secret_is_refused_like_an_unknown_id() {
        let (_dir, access) = open();
        let (record, token) = access.issue("st-1", None, now()).unwrap();
        let last = token.chars().last().unwrap();
        let flipped = format!(
            "{}{}",
            &token[..token.len() - 1],
            if last == '0' { '1' } else { '0' }
        );
        assert_eq!(
            access.verify(&flipped, now()).unwrap(),
            Err(Denied::Unknown)
        );
        let unknown = format!("tdm_{}_{}", "0".repeat(16), &token[21..]);
        assert_ne!(record.id, "0".repeat(16));
        assert_eq!(
            access.verify(&unknown, now()).unwrap(),
            Err(Denied::Unknown)
        );
        assert!(Denied::Unknown.to_string().contains("ask the operator"));
    }

    #[test]
    fn malformed_tokens_are_named_as_such() {
        let (_dir, access) = open();
        let (_, token) = access.issue("st-1", None, now()).unwrap();
        for bad in [
            "",
            "tdm_",
            "test-key-0123456789",
            &token[4..],
            &token[..token.len() - 1],
            &format!("{token}0"),
            &token.to_uppercase(),
            &token.replacen('_', "-", 2),
            &format!("{token}_"),
        ] {
            assert_eq!(
                access.verify(bad, now()).unwrap(),
                Err(Denied::Malformed),
                "{bad}"
            );
        }
        assert!(
            Denied::Malformed
                .to_string()
                .contains("tandem access issue")
        );
    }

    #[test]
    fn a_token_expires_at_its_expiry_and_a_past_expiry_is_refused() {
        let (_dir, access) = open();
        let expires = at("2026-06-02T12:00:00Z");
        let (record, token) = access.issue("st-1", Some(expires), now()).unwrap();
        let just_before = at("2026-06-02T11:59:59Z");
        assert!(access.verify(&token, just_before).unwrap().is_ok());
        assert_eq!(
            access.verify(&token, expires).unwrap(),
            Err(Denied::Expired(expires))
        );
        assert_eq!(record.status(expires), Status::Expired);
        assert!(
            Denied::Expired(expires)
                .to_string()
                .contains("expired at 2026-06-02T12:00:00Z")
        );
        for past in [now(), at("2020-01-01T00:00:00Z")] {
            let err = access.issue("st-1", Some(past), now()).unwrap_err();
            assert!(
                matches!(&err, Error::BadRequest(m) if m.contains("not in the future")),
                "{err}"
            );
        }
        assert_eq!(
            access.list(None).unwrap().len(),
            1,
            "refusals store nothing"
        );
    }

    #[test]
    fn a_revoked_token_is_refused_and_kept_for_the_list() {
        let (_dir, access) = open();
        let (record, token) = access.issue("st-1", None, now()).unwrap();
        let later = at("2026-06-03T00:00:00Z");
        let revoked = access.revoke(&record.id, later).unwrap();
        assert_eq!(revoked.revoked, Some(later));
        assert_eq!(
            access.verify(&token, later).unwrap(),
            Err(Denied::Revoked(later))
        );
        // Revoking again keeps the first time; an unknown id is an error that says so.
        let again = access
            .revoke(&record.id, at("2027-01-01T00:00:00Z"))
            .unwrap();
        assert_eq!(again.revoked, Some(later));
        let err = access.revoke("0000000000000000", later).unwrap_err();
        assert!(matches!(err, Error::UnknownToken(_)), "{err}");
        assert!(err.to_string().contains("tandem access list"), "{err}");
        let listed = access.list(None).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].status(later), Status::Revoked);
    }

    #[test]
    fn revoke_all_revokes_one_profiles_tokens_only() {
        let (_dir, access) = open();
        let (_, first) = access.issue("st-1", None, now()).unwrap();
        let (_, second) = access
            .issue("st-1", Some(at("2030-01-01T00:00:00Z")), now())
            .unwrap();
        let (_, other) = access.issue("st-2", None, now()).unwrap();
        let later = at("2026-07-01T00:00:00Z");
        assert_eq!(access.revoke_all("st-1", later).unwrap(), 2);
        assert_eq!(
            access.revoke_all("st-1", later).unwrap(),
            0,
            "already revoked"
        );
        assert_eq!(access.revoke_all("nobody", later).unwrap(), 0);
        for token in [first, second] {
            assert_eq!(
                access.verify(&token, later).unwrap(),
                Err(Denied::Revoked(later))
            );
        }
        assert!(access.verify(&other, later).unwrap().is_ok());
    }

    #[test]
    fn tokens_survive_reopening() {
        let (dir, access) = open();
        let (_, token) = access.issue("st-1", None, now()).unwrap();
        drop(access);
        let reopened = Access::open_or_create(dir.path()).unwrap();
        assert!(reopened.verify(&token, now()).unwrap().is_ok());
    }

    #[test]
    fn the_secret_is_never_written_to_disk() {
        let (dir, access) = open();
        let mut secrets = Vec::new();
        for profile in ["st-1", "st-2", "inv-1"] {
            let (_, token) = access.issue(profile, None, now()).unwrap();
            secrets.push(token[21..].to_string());
            secrets.push(token);
        }
        let mut files = 0;
        let mut pending = vec![dir.path().join(ACCESS_DIR)];
        while let Some(path) = pending.pop() {
            if path.is_dir() {
                pending.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            files += 1;
            let bytes = std::fs::read(&path).unwrap();
            for secret in &secrets {
                assert!(
                    !bytes
                        .windows(secret.len())
                        .any(|window| window == secret.as_bytes()),
                    "{} holds a secret",
                    path.display()
                );
            }
        }
        assert!(files > 0, "the ledger wrote files");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any change to a valid token (one character replaced, removed or added) makes a
        /// token that never verifies.
        #[test]
        fn a_mutated_token_never_verifies(
            at_fraction in 0.0f64..1.0,
            replacement in proptest::char::any(),
            edit in 0u8..3,
        ) {
            let (_dir, access) = open();
            let (_, token) = access.issue("st-1", None, now()).unwrap();
            let mut chars: Vec<char> = token.chars().collect();
            let at = ((chars.len() as f64) * at_fraction) as usize;
            let last = chars.len() - 1;
            match edit {
                0 => chars[at.min(last)] = replacement,
                1 => { chars.remove(at.min(last)); }
                _ => chars.insert(at, replacement),
            }
            let mutated: String = chars.into_iter().collect();
            prop_assume!(mutated != token);
            prop_assert!(access.verify(&mutated, now()).unwrap().is_err());
        }
    }
}
