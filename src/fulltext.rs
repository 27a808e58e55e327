//! Full-text search on tantivy: one index of titles and bodies per store, BM25-ranked.
//
// Text is cut into words, and runs of Chinese and Japanese (written without spaces) into
// overlapping pairs of characters, so `東京都` is found by `東京`; then accent-folded as the
// list folds and lower-cased, so `cafe` finds "Café". Titles count double. The trailer is never
// indexed. Bodies are not stored: snippets are cut from the article read again.

use crate::store::{self, SharedCatalog, is_cjk};
use std::path::{Path, PathBuf};
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy::{Index, TantivyDocument, doc};

/// The analyzer's name in the index.
const ANALYZER: &str = "folio";
/// Bumped when the schema or the analyzer changes: an index of another version is rebuilt.
const VERSION: &str = "folio-text-1";
/// Indexing memory, split among tantivy's threads.
const WRITER_MEMORY: usize = 50 * 1024 * 1024;

/// A found article: its position in the catalog, how many times the query's words occur in
/// it, and a one-line excerpt around the best place with the hits' byte ranges in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub index: usize,
    pub score: f32,
    pub hits: usize,
    pub snippet: String,
    pub highlighted: Vec<std::ops::Range<usize>>,
}

/// Words, with CJK runs as character pairs.
#[derive(Clone, Default)]
struct WordsAndPairs;

struct WordsAndPairsStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for WordsAndPairs {
    type TokenStream<'a> = WordsAndPairsStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordsAndPairsStream {
        let mut tokens = Vec::new();
        let mut push = |from: usize, to: usize| {
            let position = tokens.len();
            // Folded as the list folds (Greek and Cyrillic too); tantivy's filters then lower-case
            // and fold what is left (æ, ß).
            let word = crate::fold::fold(&text[from..to]).into_owned();
            tokens.push(Token { offset_from: from, offset_to: to, position, text: word, position_length: 1 });
        };
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let end_of = |i: usize| chars.get(i).map_or(text.len(), |&(at, _)| at);
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i].1;
            if is_cjk(c) {
                let start = i;
                while i < chars.len() && is_cjk(chars[i].1) {
                    i += 1;
                }
                match i - start {
                    1 => push(chars[start].0, end_of(i)),
                    _ => (start..i - 1).for_each(|k| push(chars[k].0, end_of(k + 2))),
                }
            } else if c.is_alphanumeric() {
                let start = i;
                while i < chars.len() && chars[i].1.is_alphanumeric() && !is_cjk(chars[i].1) {
                    i += 1;
                }
                push(chars[start].0, end_of(i));
            } else {
                i += 1;
            }
        }
        WordsAndPairsStream { tokens, next: 0 }
    }
}

impl TokenStream for WordsAndPairsStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordsAndPairs).filter(LowerCaser).filter(AsciiFoldingFilter).build()
}

struct Fields {
    id: Field,
    title: Field,
    body: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let indexing =
        TextFieldIndexing::default().set_tokenizer(ANALYZER).set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let text = TextOptions::default().set_indexing_options(indexing);
    let id = builder.add_text_field("id", STRING | STORED);
    let title = builder.add_text_field("title", text.clone());
    let body = builder.add_text_field("body", text);
    (builder.build(), Fields { id, title, body })
}

/// The text index of a store, opened or built.
pub struct TextIndex {
    index: Index,
    fields: Fields,
}

/// What identifies a store's content: every article's id, size and modification time. An
/// index made for another fingerprint is rebuilt.
fn fingerprint(catalog: &SharedCatalog) -> String {
    use std::hash::{Hash, Hasher};
    let catalog = catalog.read().unwrap();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    VERSION.hash(&mut hasher);
    for i in 0..catalog.len() {
        catalog.id(i).hash(&mut hasher);
        if let Some(meta) = catalog.file_path(i).and_then(|p| std::fs::metadata(p).ok()) {
            (meta.len(), meta.modified().ok()).hash(&mut hasher);
        }
    }
    format!("{:016x}", hasher.finish())
}

impl TextIndex {
    /// Opens the index in `dir` when it was made for this catalog as it is, else builds it
    /// there; `progress` hears how many articles are indexed.
    pub fn open_or_build(
        catalog: &SharedCatalog,
        dir: &Path,
        progress: &dyn Fn(usize, usize),
    ) -> tantivy::Result<Self> {
        let (schema, fields) = schema();
        let stamp = fingerprint(catalog);
        let stamp_file = dir.join("fingerprint");
        if std::fs::read_to_string(&stamp_file).is_ok_and(|s| s == stamp)
            && let Ok(index) = Index::open_in_dir(dir)
        {
            index.tokenizers().register(ANALYZER, analyzer());
            return Ok(TextIndex { index, fields });
        }
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir)?;
        let index = Index::create_in_dir(dir, schema)?;
        index.tokenizers().register(ANALYZER, analyzer());
        let mut writer: tantivy::IndexWriter = index.writer(WRITER_MEMORY)?;
        let total = catalog.read().unwrap().len();
        for i in 0..total {
            if let Ok(article) = store::read_article(catalog, i) {
                let body = article.paragraphs.join("\n\n");
                writer
                    .add_document(doc!(fields.id => article.id, fields.title => article.title, fields.body => body))?;
            }
            if i % 1000 == 999 {
                progress(i + 1, total);
            }
        }
        writer.commit()?;
        std::fs::write(&stamp_file, stamp)?;
        progress(total, total);
        Ok(TextIndex { index, fields })
    }

    /// The `limit` best articles for `query` (words, `"a phrase"`, `-excluded`), best first.
    pub fn search(&self, catalog: &SharedCatalog, query: &str, limit: usize) -> tantivy::Result<Vec<Found>> {
        let reader = self.index.reader()?;
        let searcher = reader.searcher();
        let mut parser = QueryParser::for_index(&self.index, vec![self.fields.title, self.fields.body]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(self.fields.title, 2.0);
        let (parsed, _) = parser.parse_query_lenient(query);
        let top = searcher.search(&parsed, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        let mut snippets = SnippetGenerator::create(&searcher, &*parsed, self.fields.body)?;
        snippets.set_max_num_chars(120);
        let mut found = Vec::new();
        for (score, address) in top {
            let document: TantivyDocument = searcher.doc(address)?;
            let Some(id) = document.get_first(self.fields.id).and_then(|v| v.as_str().map(str::to_owned)) else {
                continue;
            };
            let Some(index) = catalog.read().unwrap().find(&id) else { continue };
            let body = store::read_article(catalog, index).map(|a| a.paragraphs.join(" ")).unwrap_or_default();
            let snippet = snippets.snippet(&body);
            // Every hit: the highlights of one snippet as long as the whole text.
            let mut whole = SnippetGenerator::create(&searcher, &*parsed, self.fields.body)?;
            whole.set_max_num_chars(body.len().max(1));
            let hits = whole.snippet(&body).highlighted().len();
            found.push(Found {
                index,
                score,
                hits,
                snippet: snippet.fragment().to_owned(),
                highlighted: snippet.highlighted().to_vec(),
            });
        }
        Ok(found)
    }
}

/// Where a store's text index lives: beside its title index, in the user's cache folder.
pub fn index_dir(cache: &Path, origins: &[store::Origin]) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    format!("{origins:?}").hash(&mut hasher);
    cache.join(format!("text-{:016x}", hasher.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<String> {
        let mut analyzer = analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn words_are_folded_and_cjk_runs_become_pairs() {
        assert_eq!(tokens("Café CRÈME, naïve!"), ["cafe", "creme", "naive"]);
        assert_eq!(tokens("東京の市場"), ["東京", "京の", "の市", "市場"]);
        assert_eq!(tokens("A東B"), ["a", "東", "b"], "a lone ideograph is its own token");
        assert_eq!(tokens("Ελληνική 2005 Straße"), ["ελληνικη", "2005", "strasse"], "Greek folds as in the list");
    }
}
