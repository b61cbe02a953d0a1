//! Text relevance: BM25 of a query profile's terms against chosen documents.
//!
//! The scores are tantivy's, term by term: each term's [`Bm25Weight`] (its idf over the whole
//! searcher, the field's average length) scores a document from the term's frequency in it and
//! its field norm. A document's relevance is the sum over the query's terms, always added in
//! query order. Doing that sum here, rather than in tantivy's union scorer, is what lets the
//! ranking choose per segment between seeking a few candidates in each term's postings
//! ([`TextQuery::score_docs`]) and walking every posting ([`TextQuery::score_segment`]): both
//! give bit-identical numbers.
//!
//! The scale of the text component is the query's relevance to itself
//! ([`TextQuery::self_score`]): BM25 of its own terms in its own text, as if it were one more
//! document of the index. It depends on the query alone, so a candidate's text fit never
//! depends on which other candidates exist or pass a filter, and it costs nothing to find —
//! unlike the best hit, whose search would have to score nearly every document when the
//! vocabulary is shared.
//!
//! BM25's corpus statistics (how many documents there are, how long they are on average, how
//! many hold a term) come from the live documents alone ([`LiveStatistics`]). Tantivy's own
//! count deleted documents until a merge drops them, so a replaced profile would move every
//! text score until then: the statistics, and so every ranking, would depend on the store's
//! history and its segment layout rather than on the stored set of profiles.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings;
use tantivy::query::{Bm25StatisticsProvider, Bm25Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Searcher, SegmentReader, TERMINATED, Term};

use crate::error::Result;
use crate::index::{self, Fields, MAX_QUERY_TERMS};
use crate::profile::Profile;

// A term set has one bit per query term.
const _: () = assert!(MAX_QUERY_TERMS <= 128);

/// A set of a [`TextQuery`]'s terms, as bits in query order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TermSet(u128);

impl TermSet {
    fn insert(&mut self, term: usize) {
        self.0 |= 1 << term;
    }

    /// Whether the set holds no term.
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }
}

/// A document's relevance to a [`TextQuery`]: its BM25 score, and which of the query's
/// terms it contains (what the explanation of a match names).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Relevance {
    /// The sum of the contained terms' BM25 scores (0 without a hit).
    pub score: f32,
    /// The query terms the document contains.
    pub terms: TermSet,
}

impl Relevance {
    fn add(&mut self, term: usize, score: f32) {
        self.score += score;
        self.terms.insert(term);
    }
}

/// The relevance of every document of a segment, by document id: the scores apart from the
/// term sets, so that a pass that reads only scores (in any order) reads an eighth of the
/// bytes.
#[derive(Debug, Clone, Default)]
pub struct SegmentRelevance {
    scores: Vec<f32>,
    terms: Vec<TermSet>,
}

impl SegmentRelevance {
    fn new(docs: usize) -> SegmentRelevance {
        SegmentRelevance {
            scores: vec![0.0; docs],
            terms: vec![TermSet::default(); docs],
        }
    }

    /// A document's relevance.
    pub fn get(&self, doc: DocId) -> Relevance {
        Relevance {
            score: self.scores[doc as usize],
            terms: self.terms[doc as usize],
        }
    }

    /// A document's score ([`Relevance::score`]).
    pub fn score(&self, doc: DocId) -> f32 {
        self.scores[doc as usize]
    }

    /// Every document's score, by document id.
    pub fn scores(&self) -> &[f32] {
        &self.scores
    }
}

/// Walk every posting of a segment instead of seeking, once the candidates are more than this
/// share of its documents: seeking many targets decodes the same blocks anyway.
const SEEK_LIMIT_SHARE: usize = 16;

/// BM25's corpus statistics of a searcher's live documents: what a text score may depend on.
///
/// Every figure is a function of the set of live documents alone, whatever segments they sit
/// in and whatever was deleted: the document count, the sum of the live documents' field
/// lengths (as their field norms record them, the lengths BM25 scores with), and a term's
/// document frequency among them.
#[derive(Debug, Clone)]
pub struct LiveStatistics {
    field: Field,
    docs: u64,
    tokens: u64,
    /// Each segment's deleted documents, ascending (empty when it has none).
    deleted: Vec<Vec<DocId>>,
}

impl LiveStatistics {
    /// Reads the statistics of the text `field` of a searcher's live documents (one pass over
    /// the field norms: done once per snapshot).
    pub fn new(searcher: &Searcher, field: Field) -> Result<LiveStatistics> {
        let mut statistics = LiveStatistics {
            field,
            docs: 0,
            tokens: 0,
            deleted: Vec::with_capacity(searcher.segment_readers().len()),
        };
        for reader in searcher.segment_readers() {
            let norms = reader.get_fieldnorms_reader(field)?;
            let mut deleted = Vec::new();
            for doc in 0..reader.max_doc() {
                if reader.is_deleted(doc) {
                    deleted.push(doc);
                } else {
                    statistics.docs += 1;
                    statistics.tokens += u64::from(norms.fieldnorm(doc));
                }
            }
            statistics.deleted.push(deleted);
        }
        Ok(statistics)
    }

    /// The statistics as tantivy's BM25 reads them, for the searcher they were read from.
    pub fn provider<'a>(&'a self, searcher: &'a Searcher) -> LiveCorpus<'a> {
        LiveCorpus {
            statistics: self,
            searcher,
        }
    }
}

/// [`LiveStatistics`] with their searcher: a [`Bm25StatisticsProvider`] for tantivy's
/// scorers and for [`TextQuery`].
#[derive(Clone, Copy)]
pub struct LiveCorpus<'a> {
    statistics: &'a LiveStatistics,
    searcher: &'a Searcher,
}

impl LiveCorpus<'_> {
    /// The BM25 weight of a term held by `doc_freq` live documents, as tantivy's
    /// [`Bm25Weight::for_terms`] computes it from these statistics.
    fn weight(&self, doc_freq: u64) -> Bm25Weight {
        let LiveStatistics { docs, tokens, .. } = *self.statistics;
        Bm25Weight::for_one_term(doc_freq, docs, tokens as f32 / docs as f32)
    }
}

impl Bm25StatisticsProvider for LiveCorpus<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        if field == self.statistics.field {
            Ok(self.statistics.tokens)
        } else {
            self.searcher.total_num_tokens(field)
        }
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.statistics.docs)
    }

    /// The live documents holding the term: each segment's count less its deleted documents
    /// that hold it, found by seeking them in the postings (deletions are few between merges).
    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let mut live = 0u64;
        for (reader, deleted) in self
            .searcher
            .segment_readers()
            .iter()
            .zip(&self.statistics.deleted)
        {
            let inverted = reader.inverted_index(term.field())?;
            let all = inverted.doc_freq(term)?;
            if all == 0 {
                continue;
            }
            let mut gone = 0u32;
            if !deleted.is_empty()
                && let Some(mut postings) =
                    inverted.read_postings(term, IndexRecordOption::Basic)?
            {
                for &doc in deleted {
                    let mut at = postings.doc();
                    if at < doc {
                        at = postings.seek(doc);
                    }
                    if at == TERMINATED {
                        break;
                    }
                    gone += u32::from(at == doc);
                }
            }
            live += u64::from(all - gone);
        }
        Ok(live)
    }
}

/// A profile's text, prepared to score documents of one searcher.
pub struct TextQuery {
    /// Distinct query terms found in the index, in query order, each with its BM25 weight.
    terms: Vec<(Term, Bm25Weight)>,
    /// The query's relevance to its own text.
    self_score: f32,
    field: Field,
}

impl TextQuery {
    /// Prepares a profile's text as a query against the documents of a corpus (a searcher's
    /// [`LiveCorpus`]).
    pub fn new(corpus: &LiveCorpus, fields: &Fields, profile: &Profile) -> Result<TextQuery> {
        let analysed = index::analyse(&profile.text());
        let own_norm = FieldNormReader::fieldnorm_to_id(analysed.tokens);
        let mut terms = Vec::new();
        let mut self_score = 0.0f32;
        for (word, count) in analysed.query_terms() {
            let term = Term::from_field_text(fields.text, word);
            // A word no document has can match nothing; counting it would only shrink every
            // candidate's fit.
            let doc_freq = corpus.doc_freq(&term)?;
            if doc_freq > 0 {
                let weight = corpus.weight(doc_freq);
                self_score += weight.score(own_norm, *count);
                terms.push((term, weight));
            }
        }
        Ok(TextQuery {
            terms,
            self_score,
            field: fields.text,
        })
    }

    /// The query's relevance to its own text, as if it were a document of the index: the
    /// scale of text fits (0 when no term is indexed).
    pub fn self_score(&self) -> f32 {
        self.self_score
    }

    /// A document's relevance on the scale of [`TextQuery::self_score`], capped at 1: a
    /// candidate that uses the query's words as much as the query itself fits fully.
    pub fn fit(&self, score: f32) -> f32 {
        if self.self_score > 0.0 {
            (score / self.self_score).min(1.0)
        } else {
            0.0
        }
    }

    /// The words of a set of this query's terms, in query order.
    pub fn words(&self, set: TermSet) -> Vec<&str> {
        self.terms
            .iter()
            .enumerate()
            .filter(|(i, _)| set.0 & (1 << i) != 0)
            .filter_map(|(_, (term, _))| std::str::from_utf8(term.serialized_value_bytes()).ok())
            .collect()
    }

    /// Whether no document can be relevant (the text has no indexed term).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Relevance of each of `docs` (ascending document ids of one segment).
    pub fn score_docs(&self, reader: &SegmentReader, docs: &[DocId]) -> Result<Vec<Relevance>> {
        debug_assert!(docs.is_sorted());
        if docs.len() * SEEK_LIMIT_SHARE > reader.max_doc() as usize {
            let all = self.score_segment(reader)?;
            return Ok(docs.iter().map(|d| all.get(*d)).collect());
        }
        let mut scores = vec![Relevance::default(); docs.len()];
        let inverted = reader.inverted_index(self.field)?;
        let norms = reader.get_fieldnorms_reader(self.field)?;
        for (t, (term, weight)) in self.terms.iter().enumerate() {
            let Some(mut postings) = inverted
                .read_postings(term, IndexRecordOption::WithFreqs)
                .map_err(tantivy::TantivyError::from)?
            else {
                continue;
            };
            for (score, &doc) in scores.iter_mut().zip(docs) {
                // The postings may already stand past this document (it lacks the term):
                // seeking backwards is not allowed.
                let mut at = postings.doc();
                if at < doc {
                    at = postings.seek(doc);
                }
                if at == TERMINATED {
                    break;
                }
                if at == doc {
                    score.add(
                        t,
                        weight.score(norms.fieldnorm_id(doc), postings.term_freq()),
                    );
                }
            }
        }
        Ok(scores)
    }

    /// Relevance of every document of a segment, indexed by document id (deleted ones too).
    pub fn score_segment(&self, reader: &SegmentReader) -> Result<SegmentRelevance> {
        let mut all = SegmentRelevance::new(reader.max_doc() as usize);
        let inverted = reader.inverted_index(self.field)?;
        let norms = reader.get_fieldnorms_reader(self.field)?;
        for (t, (term, weight)) in self.terms.iter().enumerate() {
            let Some(mut block) = inverted
                .read_block_postings(term, IndexRecordOption::WithFreqs)
                .map_err(tantivy::TantivyError::from)?
            else {
                continue;
            };
            loop {
                let docs = block.docs();
                if docs.is_empty() {
                    break;
                }
                for (&doc, &freq) in docs.iter().zip(block.freqs()) {
                    all.scores[doc as usize] += weight.score(norms.fieldnorm_id(doc), freq);
                    all.terms[doc as usize].insert(t);
                }
                block.advance();
            }
        }
        Ok(all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Snapshot;
    use crate::testing::{population, store_with};
    use proptest::prelude::*;

    /// Every live document's score from tantivy's own union scorer.
    fn tantivy_scores(snap: &Snapshot, profile: &Profile) -> Vec<Vec<(DocId, f32)>> {
        snap.relevance(profile).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        #[test]
        fn seeking_walking_and_tantivy_agree(people in population(15), asker in 0usize..45) {
            let (_dir, store) = store_with(&people);
            let snap = store.snapshot();
            let profile = &people[asker];
            let text = TextQuery::new(&snap.corpus().unwrap(), snap.fields(), profile).unwrap();
            let reference = tantivy_scores(&snap, profile);
            for (s, reader) in snap.searcher().segment_readers().iter().enumerate() {
                let all = text.score_segment(reader).unwrap();
                let docs: Vec<DocId> = (0..reader.max_doc()).collect();
                let sought = text.score_docs(reader, &docs).unwrap();
                // Every other document, so that seeking skips some.
                let odd: Vec<DocId> = docs.iter().copied().filter(|d| d % 2 == 1).collect();
                let sought_odd = text.score_docs(reader, &odd).unwrap();
                let same = |a: &Relevance, b: &Relevance| {
                    a.score.to_bits() == b.score.to_bits() && a.terms == b.terms
                };
                for (d, r) in odd.iter().zip(&sought_odd) {
                    prop_assert!(same(r, &all.get(*d)));
                }
                for d in &docs {
                    prop_assert!(same(&sought[*d as usize], &all.get(*d)));
                }
                let hits = &reference[s];
                let scored = all.scores().iter().filter(|s| **s > 0.0).count();
                prop_assert_eq!(scored, hits.len(), "the same documents are relevant");
                let relevant = |d: &DocId| {
                    let r = all.get(*d);
                    (r.score > 0.0) != r.terms.is_empty()
                };
                prop_assert!(docs.iter().all(relevant));
                for (doc, score) in hits {
                    let ours = all.score(*doc);
                    prop_assert!((ours - score).abs() <= 1e-5 * score.max(1.0), "{} vs {}", ours, score);
                }
            }
        }
    }

    #[test]
    fn a_text_fits_itself_fully_and_others_less() {
        let people = crate::jsonl::parse(
            r#"{"id":"a","kind":"startup","name":"Soil sensors","description":"soil sensors for farms in 2024"}
{"id":"b","kind":"startup","name":"Sensors","description":"sensors for soil and water"}
{"id":"c","kind":"investor","name":"Fund","description":"we back fintech"}"#,
        )
        .unwrap();
        let (_dir, store) = store_with(&people);
        let snap = store.snapshot();
        let text = TextQuery::new(&snap.corpus().unwrap(), snap.fields(), &people[0]).unwrap();
        let score_of = |id: &str| {
            for (s, features) in snap.segments().iter().enumerate() {
                for doc in 0..features.max_doc {
                    let at = features.rows[doc as usize];
                    if features.kind(at.kind).ids[at.row as usize] == id {
                        let reader = snap.searcher().segment_reader(s as u32);
                        return text.score_docs(reader, &[doc]).unwrap()[0];
                    }
                }
            }
            panic!("{id} is stored");
        };
        let relevance = ["a", "b", "c"].map(score_of);
        assert_eq!(text.words(relevance[0].terms), ["soil", "sensor", "farm"]);
        assert_eq!(text.words(relevance[1].terms), ["soil", "sensor"]);
        let scores = relevance.map(|r| r.score);
        assert_eq!(scores[0].to_bits(), text.self_score().to_bits());
        assert_eq!(text.fit(scores[0]), 1.0);
        let other = text.fit(scores[1]);
        assert!(other > 0.0 && other < 1.0, "{other}");
        assert_eq!(text.fit(scores[2]), 0.0);
        assert_eq!(text.fit(10.0 * scores[0]), 1.0, "capped at 1");

        let blank = Profile::new("z", crate::Kind::Startup, "");
        let none = TextQuery::new(&snap.corpus().unwrap(), snap.fields(), &blank).unwrap();
        assert!(none.is_empty());
        assert_eq!(none.fit(1.0), 0.0);
    }
}
