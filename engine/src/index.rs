//! The tantivy side: schema, text analysis, and the queries and collector that measure text
//! relevance.
//!
//! Each document holds one profile: its id and kind (indexed, for look-ups and deletes), its
//! analysed text (for BM25), its normal-form JSON (stored) and when it last changed (a fast
//! field: what a digest's "changed since" reads). The stored JSON and update time are the
//! single source of truth; everything else Tandem keeps on disk can be rebuilt from them.
//!
//! Indexes written before update times existed have no `updated` field; tantivy cannot add a
//! field to an existing index, so their profiles simply have no update time
//! ([`Fields::updated`] is `None`) until they are imported into a new data directory.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
};
use tantivy::{DocId, Index, Score, SegmentOrdinal, SegmentReader, TantivyDocument, Term};

use crate::profile::Profile;
use crate::taxonomy::Kind;

/// Name under which Tandem's analyser is registered on every opened index.
pub const TOKENIZER: &str = "tandem_en";

/// At most this many distinct terms of a profile's text are used to query for relevance.
pub const MAX_QUERY_TERMS: usize = 96;

/// The fields of Tandem's schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Profile id, indexed as one token: look-ups, upserts and deletes.
    pub id: Field,
    /// Profile kind slug, indexed as one token: kind filters in free-text search.
    pub kind: Field,
    /// Analysed text (name, description, taxonomy labels): BM25 relevance.
    pub text: Field,
    /// The profile's normal-form JSON: the stored truth.
    pub profile: Field,
    /// When the profile was last written with a change, in microseconds since the Unix
    /// epoch (fast and stored). `None` in an index made before update times existed.
    pub updated: Option<Field>,
}

/// Name of the update-time field.
pub const UPDATED: &str = "updated";

impl Fields {
    /// Resolves the fields of an existing index, failing if it was not made by Tandem.
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        Ok(Fields {
            id: schema.get_field("id")?,
            kind: schema.get_field("kind")?,
            text: schema.get_field("text")?,
            profile: schema.get_field("profile")?,
            updated: schema.get_field(UPDATED).ok(),
        })
    }

    /// Builds the document that stores a profile, last changed at `updated` (microseconds
    /// since the Unix epoch; not recorded by an index without update times).
    pub fn document(&self, profile: &Profile, updated: i64) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_text(self.id, &profile.id);
        doc.add_text(self.kind, profile.kind.slug());
        doc.add_text(self.text, profile.text());
        doc.add_text(self.profile, profile.to_json());
        if let Some(field) = self.updated {
            doc.add_i64(field, updated);
        }
        doc
    }

    /// The stored update time of a document (microseconds since the Unix epoch), if it has one.
    pub fn updated(&self, doc: &TantivyDocument) -> Option<i64> {
        self.updated
            .and_then(|field| doc.get_first(field))
            .and_then(|v| v.as_i64())
    }

    /// The stored profile JSON of a document.
    pub fn profile_json<'a>(&self, doc: &'a TantivyDocument) -> Option<&'a str> {
        doc.get_first(self.profile).and_then(|v| v.as_str())
    }

    /// The term that identifies a profile id.
    pub fn id_term(&self, id: &str) -> Term {
        Term::from_field_text(self.id, id)
    }
}

/// Tandem's schema.
pub fn schema() -> Schema {
    let mut builder = Schema::builder();
    builder.add_text_field("id", STRING | STORED);
    builder.add_text_field("kind", STRING);
    let text_indexing = TextFieldIndexing::default()
        .set_tokenizer(TOKENIZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    builder.add_text_field(
        "text",
        TextOptions::default().set_indexing_options(text_indexing),
    );
    builder.add_text_field("profile", STORED);
    builder.add_i64_field(UPDATED, FAST | STORED);
    builder.build()
}

/// English analysis: split on non-alphanumerics, lower-case, drop stop words, stem.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(StopWordFilter::new(Language::English).expect("English stop words are built in"))
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Registers Tandem's analyser on an index (tokenizers are not persisted by tantivy).
pub fn register_analyzer(index: &Index) {
    index.tokenizers().register(TOKENIZER, analyzer());
}

/// A text as the index sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysed {
    /// The distinct terms that describe the text, in order of first appearance, each with
    /// how often it occurs. Tokens that start with a digit ("$140k", "2022") are left out:
    /// amounts and years are matched by the ticket and stage components, and as words they
    /// only add noise.
    pub terms: Vec<(String, u32)>,
    /// Every token the index would record (digits included): the text's length for BM25.
    pub tokens: u32,
}

/// Analyses a text with Tandem's analyser.
///
/// ```
/// let a = tandem_engine::index::analyse("Soil sensors for the farmers' soils, $140k");
/// assert_eq!(a.terms, [("soil".to_string(), 2), ("sensor".into(), 1), ("farmer".into(), 1)]);
/// assert_eq!(a.tokens, 5);
/// ```
pub fn analyse(text: &str) -> Analysed {
    let mut analyzer = analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut position: HashMap<String, usize> = HashMap::new();
    let mut analysed = Analysed {
        terms: Vec::new(),
        tokens: 0,
    };
    while stream.advance() {
        analysed.tokens += 1;
        let term = &stream.token().text;
        if term.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        match position.get(term) {
            Some(&i) => analysed.terms[i].1 += 1,
            None => {
                position.insert(term.clone(), analysed.terms.len());
                analysed.terms.push((term.clone(), 1));
            }
        }
    }
    analysed
}

/// The distinct analysed terms of a text that describe it, in order of first appearance
/// (see [`Analysed::terms`]).
///
/// ```
/// let terms = tandem_engine::index::terms("Soil sensors for the farmers' soils, $140k in 2022");
/// assert_eq!(terms, ["soil", "sensor", "farmer"]);
/// ```
pub fn terms(text: &str) -> Vec<String> {
    analyse(text).terms.into_iter().map(|(t, _)| t).collect()
}

impl Analysed {
    /// The terms the text queries for relevance with: its first [`MAX_QUERY_TERMS`] distinct
    /// [`Analysed::terms`], with their counts.
    pub fn query_terms(&self) -> &[(String, u32)] {
        &self.terms[..self.terms.len().min(MAX_QUERY_TERMS)]
    }
}

/// The BM25 query that measures how relevant a document's text is to a profile's text:
/// a disjunction of the profile's [`Analysed::query_terms`]. `None` when the text has no terms.
pub fn relevance_query(fields: &Fields, profile: &Profile) -> Option<Box<dyn Query>> {
    let clauses: Vec<(Occur, Box<dyn Query>)> = analyse(&profile.text())
        .query_terms()
        .iter()
        .map(|(t, _)| {
            let term = Term::from_field_text(fields.text, t);
            let query: Box<dyn Query> =
                Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
            (Occur::Should, query)
        })
        .collect();
    (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
}

/// A free-text search query (tantivy query syntax, parsed leniently), restricted to kinds.
/// The kind clause carries no score, so hits rank by text relevance alone.
pub fn search_query(index: &Index, fields: &Fields, text: &str, kinds: &[Kind]) -> Box<dyn Query> {
    let parser = QueryParser::for_index(index, vec![fields.text]);
    let (parsed, _ignored_errors) = parser.parse_query_lenient(text);
    if kinds.is_empty() {
        return parsed;
    }
    let kind_clauses: Vec<(Occur, Box<dyn Query>)> = kinds
        .iter()
        .map(|k| {
            let term = Term::from_field_text(fields.kind, k.slug());
            let query: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
            (Occur::Should, query)
        })
        .collect();
    let kind_filter = BoostQuery::new(Box::new(BooleanQuery::new(kind_clauses)), 0.0);
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, parsed),
        (Occur::Must, Box::new(kind_filter)),
    ]))
}

/// Collects the score of every matching document: exact relevance for all candidates, not
/// only a top-N. The fruit holds one list of `(doc, score)` per segment, in segment order.
pub struct AllHits;

/// [`AllHits`] for one segment.
pub struct SegmentHits {
    segment: SegmentOrdinal,
    hits: Vec<(DocId, Score)>,
}

impl Collector for AllHits {
    type Fruit = Vec<Vec<(DocId, Score)>>;
    type Child = SegmentHits;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        _: &SegmentReader,
    ) -> tantivy::Result<SegmentHits> {
        Ok(SegmentHits {
            segment,
            hits: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(
        &self,
        fruits: Vec<(SegmentOrdinal, Vec<(DocId, Score)>)>,
    ) -> tantivy::Result<Self::Fruit> {
        let segments = fruits
            .iter()
            .map(|(s, _)| *s as usize + 1)
            .max()
            .unwrap_or(0);
        let mut out = vec![Vec::new(); segments];
        for (segment, hits) in fruits {
            out[segment as usize] = hits;
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentHits {
    type Fruit = (SegmentOrdinal, Vec<(DocId, Score)>);

    fn collect(&mut self, doc: DocId, score: Score) {
        self.hits.push((doc, score));
    }

    fn harvest(self) -> Self::Fruit {
        (self.segment, self.hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analysis_stems_and_drops_stop_words() {
        assert_eq!(terms("The Farmers are farming"), ["farmer", "farm"]);
        assert!(terms("the and of").is_empty());
    }

    #[test]
    fn a_profile_without_words_has_no_relevance_query() {
        let fields = Fields::from_schema(&schema()).unwrap();
        let mut p = Profile::new("x", Kind::Startup, "2024");
        assert!(relevance_query(&fields, &p).is_none());
        p.description = "solar pumps".into();
        assert!(relevance_query(&fields, &p).is_some());
    }

    #[test]
    fn documents_store_the_profile_json() {
        let fields = Fields::from_schema(&schema()).unwrap();
        let p = Profile::new("x", Kind::Partner, "Hub");
        let doc = fields.document(&p, 42);
        assert_eq!(fields.profile_json(&doc), Some(p.to_json().as_str()));
        assert_eq!(fields.updated(&doc), Some(42));
    }
}
