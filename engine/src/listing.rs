//! Paging through stored profiles in id order, with kind and hard filters.
//!
//! Pages follow the id term dictionary of each segment from the cursor onward, so a page
//! costs about `limit` look-ups per segment however large the store is: no sort of all ids.
//! The cursor is the last id of the previous page; a page taken while profiles are added or
//! deleted shows each id at most once and never skips an id that existed throughout.

use tantivy::DocSet;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, TERMINATED};

use crate::error::Result;
use crate::filter::{FilterCheck, Filters};
use crate::profile::Profile;
use crate::store::Snapshot;
use crate::taxonomy::Kind;

/// One page of profiles, in id order.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Page {
    /// The profiles of this page.
    pub profiles: Vec<Profile>,
    /// Pass as `after` to get the next page; `None` on the last page.
    pub next_cursor: Option<String>,
}

/// Lists profiles with ids after `after` (all when `None`), of the given kinds (all when
/// empty), passing the hard filters; at most `limit`.
pub fn list(
    snapshot: &Snapshot,
    kinds: &[Kind],
    filters: &Filters,
    after: Option<&str>,
    limit: usize,
) -> Result<Page> {
    let check = FilterCheck::new(filters);
    let mut found: Vec<(String, DocAddress)> = Vec::new();
    for (s, segment) in snapshot.searcher().segment_readers().iter().enumerate() {
        let features = &snapshot.segments()[s];
        let inverted = segment.inverted_index(snapshot.fields().id)?;
        let mut range = inverted.terms().range();
        if let Some(after) = after {
            range = range.gt(after.as_bytes());
        }
        let mut terms = range.into_stream().map_err(tantivy::TantivyError::from)?;
        let mut taken = 0;
        while taken <= limit && terms.advance() {
            let postings = inverted
                .read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)
                .map_err(tantivy::TantivyError::from)?;
            let doc = postings.doc();
            if doc == TERMINATED || !snapshot.is_alive(s, doc) {
                continue;
            }
            let at = features.rows[doc as usize];
            let block = features.kind(at.kind);
            let row = &block.rows[at.row as usize];
            let updated = block.updated[at.row as usize];
            let wanted = kinds.is_empty() || kinds.contains(&at.kind);
            let id = &block.ids[at.row as usize];
            if wanted
                && !filters.exclude_ids.contains(id)
                && filters
                    .only_ids
                    .as_ref()
                    .is_none_or(|only| only.contains(id))
                && check.passes(row, updated)
            {
                found.push((id.clone(), DocAddress::new(s as u32, doc)));
                taken += 1;
            }
        }
    }
    found.sort();
    let next_cursor = (found.len() > limit).then(|| found[limit - 1].0.clone());
    found.truncate(limit);
    let profiles = found
        .into_iter()
        .map(|(_, address)| snapshot.profile_at(address))
        .collect::<Result<_>>()?;
    Ok(Page {
        profiles,
        next_cursor,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::Sector;
    use crate::testing::{population, store_with};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

        #[test]
        fn pages_cover_every_match_once_in_id_order(people in population(8), limit in 1usize..7) {
            let (_dir, store) = store_with(&people[..12]);
            store.import(&people[12..], &()).unwrap();
            store.delete(&people[3].id).unwrap();
            let snap = store.snapshot();
            let kinds = [Kind::Startup, Kind::Partner];
            let filters = Filters { sectors: vec![Sector::Agritech, Sector::Fintech, Sector::Health], ..Filters::default() };
            let mut seen = Vec::new();
            let mut after: Option<String> = None;
            loop {
                let page = list(&snap, &kinds, &filters, after.as_deref(), limit).unwrap();
                prop_assert!(page.profiles.len() <= limit);
                seen.extend(page.profiles.iter().map(|p| p.id.clone()));
                match page.next_cursor {
                    Some(cursor) => after = Some(cursor),
                    None => break,
                }
            }
            let mut expected: Vec<String> = people
                .iter()
                .filter(|p| p.id != people[3].id && kinds.contains(&p.kind))
                .filter(|p| p.sectors.iter().any(|s| filters.sectors.contains(s)))
                .map(|p| p.id.clone())
                .collect();
            expected.sort();
            prop_assert_eq!(seen, expected);
        }
    }
}
