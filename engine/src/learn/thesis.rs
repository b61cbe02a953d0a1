//! Today's component fits — text, sector, geography, stage, ticket, network — of every
//! live candidate of some kinds, as inputs of the learned ranker: the thesis score's own
//! definitions ([`crate::fit`], [`crate::text`], [`crate::network`]), read exhaustively.

use std::collections::HashMap;

use crate::error::Result;
use crate::fit::{Fits, QueryFeatures};
use crate::network::NetworkQuery;
use crate::profile::Profile;
use crate::store::Snapshot;
use crate::taxonomy::Kind;
use crate::text::TextQuery;
use crate::weights::Component;

/// Every component fit (`NaN` where unknown) of every live profile of `kinds`, by id.
pub fn component_fits(
    snapshot: &Snapshot,
    query: &Profile,
    kinds: &[Kind],
) -> Result<HashMap<String, Fits>> {
    let features = QueryFeatures::new(query);
    let text = TextQuery::new(&snapshot.corpus()?, snapshot.fields(), query)?;
    let network = NetworkQuery::new(snapshot.deal_graph(), query);
    let searcher = snapshot.searcher();
    let mut out = HashMap::new();
    for kind in kinds {
        for (segment, block) in snapshot.blocks(*kind) {
            let relevance = text.score_segment(searcher.segment_reader(segment as u32))?;
            for ((id, doc), row) in block.ids.iter().zip(&block.docs).zip(&block.rows) {
                if !snapshot.is_alive(segment, *doc) {
                    continue;
                }
                let mut fits = features.fits(row, text.fit(relevance.score(*doc)));
                fits[Component::Network.index()] = network.fit(id);
                out.insert(id.clone(), fits);
            }
        }
    }
    Ok(out)
}
