//! The deal-flow digest: for every stored profile of a kind, in id order, its best
//! candidates among those added or changed since a time.
//!
//! Each profile's digest is an ordinary ranking ([`MatchRequest`] with the natural
//! counterparts as targets) restricted by [`Filters::updated_since`], so it is exact and
//! skips every run of rows with no recent change before any scoring, and it leaves out what
//! a [`DigestExclusions`] hook names for that profile (the candidates it already passed on
//! or liked). The ranking itself is passed in ([`RankFn`]): [`thesis`] by default, the
//! server's learned-or-thesis choice otherwise.
//!
//! [`Digest::run`] ranks profiles in parallel, a chunk at a time, and hands each profile's
//! entry to a sink in id order as soon as its chunk is done, so output streams and a caller
//! can resume an interrupted digest by naming the ids it already has.

use jiff::Timestamp;
use rayon::prelude::*;
use tantivy::DocAddress;

use crate::error::{Error, Result};
use crate::filter::Filters;
use crate::profile::Profile;
use crate::progress::Progress;
use crate::rank::{self, Match, MatchRequest};
use crate::store::Snapshot;
use crate::taxonomy::Kind;
use crate::weights::Weights;

/// Profiles ranked together before their entries go to the sink: enough to keep every core
/// busy, few enough that output streams.
const CHUNK: usize = 64;

/// Candidates a profile must never get in its digest, by id: those it already passed on or
/// liked. `()` excludes nothing.
pub trait DigestExclusions: Sync {
    /// The ids to leave out of `profile`'s digest.
    fn excluded(&self, profile: &Profile) -> Result<Vec<String>>;
}

impl DigestExclusions for () {
    fn excluded(&self, _profile: &Profile) -> Result<Vec<String>> {
        Ok(Vec::new())
    }
}

/// Any function from a profile to the ids it excludes is a [`DigestExclusions`].
impl<F> DigestExclusions for F
where
    F: Fn(&Profile) -> Result<Vec<String>> + Sync,
{
    fn excluded(&self, profile: &Profile) -> Result<Vec<String>> {
        self(profile)
    }
}

/// A ranking of one stored profile's candidates: [`thesis`], or a caller's own (the server's
/// learned model where it applies). It must honour the request's filters.
pub type RankFn<'a> = dyn Fn(&Profile, &MatchRequest) -> Result<Vec<Match>> + Sync + 'a;

/// The thesis ranking ([`rank::rank`]) of a snapshot with these weights, as a [`RankFn`].
pub fn thesis<'a>(
    snapshot: &'a Snapshot,
    weights: &'a Weights,
) -> impl Fn(&Profile, &MatchRequest) -> Result<Vec<Match>> + Sync + 'a {
    move |query, request| rank::rank(snapshot, weights, query, request)
}

/// A digest's "since" as people write it: a date (`2026-11-01`, midnight UTC) or an RFC 3339
/// timestamp (`2026-11-01T09:00:00Z`, `2026-11-01T09:00:00+03:00`). The error says both.
pub fn parse_since(text: &str) -> std::result::Result<Timestamp, String> {
    if let Ok(at) = text.parse::<Timestamp>() {
        return Ok(at);
    }
    let not = || {
        format!(
            "`{text}` is neither a date (2026-11-01) nor an RFC 3339 timestamp \
             (2026-11-01T09:00:00Z)"
        )
    };
    let date = text.parse::<jiff::civil::Date>().map_err(|_| not())?;
    jiff::tz::TimeZone::UTC
        .to_timestamp(date.to_datetime(jiff::civil::Time::midnight()))
        .map_err(|e| format!("`{text}`: {e}"))
}

/// Fails, saying what to do, when the store records no update times (a data directory made
/// before they existed): no profile could count as changed since any time.
pub fn require_update_times(snapshot: &Snapshot) -> Result<()> {
    if snapshot.has_update_times() {
        return Ok(());
    }
    Err(Error::BadRequest(
        "this data directory was made before Tandem recorded when profiles change, so no \
         profile counts as changed since any date; import its profiles into a new data \
         directory (`tandem import --data NEW FILE.jsonl`) and run the digest there"
            .into(),
    ))
}

/// What a digest asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct DigestRequest {
    /// Whose digests: every stored profile of this kind.
    pub kind: Kind,
    /// Only candidates added or changed at or after this time.
    pub since: Timestamp,
    /// Candidates per profile (1..=[`rank::MAX_LIMIT`]).
    pub limit: usize,
}

impl DigestRequest {
    /// The ranking request of one profile's digest: its natural counterparts, at most
    /// `limit`, changed since `since`, less what `exclusions` names for it. For callers that
    /// rank one profile's digest themselves (the HTTP API).
    pub fn match_request(
        &self,
        profile: &Profile,
        exclusions: &dyn DigestExclusions,
    ) -> Result<MatchRequest> {
        Ok(MatchRequest {
            targets: Vec::new(),
            limit: self.limit,
            reciprocal: false,
            filters: Filters {
                exclude_ids: exclusions.excluded(profile)?,
                updated_since: Some(self.since),
                ..Filters::default()
            },
        })
    }
}

/// One profile's digest.
#[derive(Debug, Clone, PartialEq)]
pub struct DigestEntry {
    /// The profile the digest is for.
    pub profile: Profile,
    /// Its best candidates changed since the request's time, best first (maybe none).
    pub matches: Vec<Match>,
}

/// What a [`Digest::run`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DigestSummary {
    /// Profiles whose entry went to the sink.
    pub written: usize,
    /// Profiles left out because the caller already had them.
    pub skipped: usize,
}

/// A digest over one snapshot: the request, the ranking and the exclusions.
pub struct Digest<'a> {
    snapshot: &'a Snapshot,
    request: DigestRequest,
    rank: &'a RankFn<'a>,
    exclusions: &'a dyn DigestExclusions,
}

impl<'a> Digest<'a> {
    /// A digest of `snapshot` ranked by `rank`, excluding nothing. Fails when the request is
    /// out of range, or when the store records no update times (a data directory made
    /// before they existed), since no candidate could then count as changed.
    pub fn new(
        snapshot: &'a Snapshot,
        request: DigestRequest,
        rank: &'a RankFn<'a>,
    ) -> Result<Digest<'a>> {
        if request.limit == 0 || request.limit > rank::MAX_LIMIT {
            return Err(Error::BadRequest(format!(
                "limit {} is out of range; expected 1 to {}",
                request.limit,
                rank::MAX_LIMIT
            )));
        }
        require_update_times(snapshot)?;
        Ok(Digest {
            snapshot,
            request,
            rank,
            exclusions: &(),
        })
    }

    /// Leaves out, for each profile, the candidates `exclusions` names.
    pub fn excluding(mut self, exclusions: &'a dyn DigestExclusions) -> Digest<'a> {
        self.exclusions = exclusions;
        self
    }

    /// The request.
    pub fn request(&self) -> &DigestRequest {
        &self.request
    }

    /// The digest of one profile (stored or not): its best `limit` candidates of its natural
    /// counterparts changed since the request's time, less the excluded ones.
    pub fn of(&self, profile: &Profile) -> Result<Vec<Match>> {
        let request = self.request.match_request(profile, self.exclusions)?;
        (self.rank)(profile, &request)
    }

    /// The ids of every live profile of the request's kind, in id order, with where each is
    /// stored.
    fn profiles(&self) -> Vec<(&'a str, DocAddress)> {
        let snapshot = self.snapshot;
        let mut all: Vec<(&str, DocAddress)> = snapshot
            .blocks(self.request.kind)
            .flat_map(|(segment, block)| {
                block
                    .docs
                    .iter()
                    .zip(&block.ids)
                    .filter(move |(doc, _)| snapshot.is_alive(segment, **doc))
                    .map(move |(doc, id)| (id.as_str(), DocAddress::new(segment as u32, *doc)))
            })
            .collect();
        all.sort_unstable();
        all
    }

    /// Runs the digest of every profile of the request's kind whose id `done` does not
    /// claim, handing each entry to `sink` in id order (ranked in parallel, a chunk at a
    /// time). Stops at the first error, the sink's included; entries already handed over
    /// stay handed over, so a rerun that skips them resumes where this one stopped.
    pub fn run(
        &self,
        done: &dyn Fn(&str) -> bool,
        progress: &dyn Progress,
        sink: &mut dyn FnMut(DigestEntry) -> Result<()>,
    ) -> Result<DigestSummary> {
        let all = self.profiles();
        let todo: Vec<(&str, DocAddress)> =
            all.iter().copied().filter(|(id, _)| !done(id)).collect();
        let mut summary = DigestSummary {
            written: 0,
            skipped: all.len() - todo.len(),
        };
        progress.start("digest", todo.len() as u64);
        let outcome = (|| {
            for chunk in todo.chunks(CHUNK) {
                let entries: Vec<DigestEntry> = chunk
                    .par_iter()
                    .map(|(_, address)| {
                        let profile = self.snapshot.profile_at(*address)?;
                        let matches = self.of(&profile)?;
                        Ok(DigestEntry { profile, matches })
                    })
                    .collect::<Result<_>>()?;
                for entry in entries {
                    sink(entry)?;
                    summary.written += 1;
                }
                progress.advance(chunk.len() as u64);
            }
            Ok(())
        })();
        progress.finish();
        outcome.map(|()| summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{population, store_with};
    use proptest::prelude::*;

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_second(seconds).unwrap()
    }

    /// Every entry of a digest, as ids: who it is for and whom it names.
    fn digest_ids(
        snapshot: &Snapshot,
        since: Timestamp,
        limit: usize,
        exclusions: &dyn DigestExclusions,
        done: &dyn Fn(&str) -> bool,
    ) -> Vec<(String, Vec<(String, u32)>)> {
        let weights = Weights::default();
        let rank = thesis(snapshot, &weights);
        let request = DigestRequest {
            kind: Kind::Investor,
            since,
            limit,
        };
        let digest = Digest::new(snapshot, request, &rank)
            .unwrap()
            .excluding(exclusions);
        let mut out = Vec::new();
        digest
            .run(done, &(), &mut |entry| {
                let matches = entry
                    .matches
                    .iter()
                    .map(|m| (m.profile.id.clone(), m.score.to_bits()))
                    .collect();
                out.push((entry.profile.id, matches));
                Ok(())
            })
            .unwrap();
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

        #[test]
        fn a_digest_names_only_recent_candidates_whatever_the_import_batches(
            people in population(10),
            older in proptest::collection::vec(any::<bool>(), 30),
            batch in 1usize..12,
            limit in 1usize..6,
        ) {
            // One store gets the older profiles, then the newer, each in one import; another
            // gets the same in batches, in reverse order within each age, with the older ones
            // written twice (the second time unchanged, so they keep their old time).
            let of_age = |is_old: bool| -> Vec<Profile> {
                people.iter().zip(&older).filter(|(_, o)| **o == is_old).map(|(p, _)| p.clone()).collect()
            };
            let (old, new) = (of_age(true), of_age(false));
            let (_a, one) = store_with(&[]);
            one.import_at(&old, at(1_000), &()).unwrap();
            one.import_at(&new, at(2_000), &()).unwrap();
            let (_b, batched) = store_with(&[]);
            for (profiles, time) in [(&old, 1_000), (&new, 2_000), (&old, 3_000)] {
                let reversed: Vec<Profile> = profiles.iter().rev().cloned().collect();
                for chunk in reversed.chunks(batch) {
                    batched.import_at(chunk, at(time), &()).unwrap();
                }
            }
            let since = at(1_500);
            let first = digest_ids(&one.snapshot(), since, limit, &(), &|_| false);
            let second = digest_ids(&batched.snapshot(), since, limit, &(), &|_| false);
            prop_assert_eq!(&first, &second);
            let investors: Vec<&str> = people.iter().filter(|p| p.kind == Kind::Investor).map(|p| p.id.as_str()).collect();
            prop_assert_eq!(first.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), {
                let mut sorted = investors.clone();
                sorted.sort_unstable();
                sorted
            });
            for (_, matches) in &first {
                for (id, _) in matches {
                    prop_assert!(new.iter().any(|p| &p.id == id), "{} did not change since", id);
                }
            }
        }
    }

    #[test]
    fn since_takes_a_date_or_a_timestamp() {
        assert_eq!(
            parse_since("2026-11-01").unwrap().to_string(),
            "2026-11-01T00:00:00Z"
        );
        assert_eq!(
            parse_since("2026-11-01T09:00:00+03:00")
                .unwrap()
                .to_string(),
            "2026-11-01T06:00:00Z"
        );
        let err = parse_since("last tuesday").unwrap_err();
        assert!(err.contains("neither a date"), "{err}");
    }

    #[test]
    fn exclusions_and_done_profiles_are_left_out() {
        let mut people = Vec::new();
        for i in 0..3 {
            let mut inv = Profile::new(format!("i{i}"), Kind::Investor, "Seed for farmers");
            inv.description = "soil sensors and irrigation".into();
            people.push(inv);
        }
        for i in 0..5 {
            let mut st = Profile::new(format!("s{i}"), Kind::Startup, "Farm tech");
            st.description = "soil sensors for smallholder farmers".into();
            people.push(st);
        }
        let (_dir, store) = store_with(&[]);
        store.import_at(&people[..4], at(1_000), &()).unwrap();
        store.import_at(&people[4..], at(2_000), &()).unwrap();
        let snap = store.snapshot();

        let all = digest_ids(&snap, at(1_500), 10, &(), &|_| false);
        let ids: Vec<&str> = all.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["i0", "i1", "i2"]);
        let named: Vec<&str> = all[0].1.iter().map(|(id, _)| id.as_str()).collect();
        let mut sorted = named.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, ["s1", "s2", "s3", "s4"], "s0 is older");

        let no_s1 = |p: &Profile| -> Result<Vec<String>> {
            Ok(if p.id == "i1" {
                vec!["s1".to_string()]
            } else {
                Vec::new()
            })
        };
        let resumed = digest_ids(&snap, at(1_500), 10, &no_s1, &|id| id == "i0");
        assert_eq!(resumed.len(), 2, "i0 was done");
        assert!(resumed[0].1.iter().all(|(id, _)| id != "s1"));
        assert!(resumed[1].1.iter().any(|(id, _)| id == "s1"));
        assert_eq!(resumed[1], all[2]);

        let nothing_new = digest_ids(&snap, at(2_001), 10, &(), &|_| false);
        assert!(nothing_new.iter().all(|(_, m)| m.is_empty()));
    }

    #[test]
    fn a_store_without_update_times_says_to_reimport() {
        let (_dir, store) = crate::testing::store_made_before_update_times();
        let snap = store.snapshot();
        let weights = Weights::default();
        let rank = thesis(&snap, &weights);
        let request = DigestRequest {
            kind: Kind::Investor,
            since: at(0),
            limit: 5,
        };
        let err = Digest::new(&snap, request, &rank)
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains("import its profiles into a new data directory"),
            "{err}"
        );
    }
}
