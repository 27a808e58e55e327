//! Relevance benchmark: MRR and nDCG@10 of the text search on a judged set, for each ranking choice.
//
// The judged set is `benches/judged/queries.toml`: news from ../shared/corpora/bbc and
// articles written for it (`benches/judged/own`). Each ranking is measured on the same indexes
// in one run, so the table compares choices, not machines. MRR counts the first of the
// articles that should come first; nDCG@10 gains 3 for those, 1 for those also wanted.
// `cargo bench --bench relevance` (`-- --verbose` for each query's ranks).

use folio::fulltext::{Ranking, TextIndex, Wait};
use folio::store::{self, LoadOptions, SharedCatalog, origins_for};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Results looked at for MRR: an article further down is as good as not found.
const LIMIT: usize = 100;

#[derive(Deserialize)]
struct Judged {
    query: Vec<Query>,
}

#[derive(Deserialize)]
struct Query {
    corpus: String,
    text: String,
    first: Vec<String>,
    #[serde(default)]
    also: Vec<String>,
}

impl Query {
    fn grade(&self, id: &str) -> u32 {
        if self.first.iter().any(|f| f == id) { 2 } else { u32::from(self.also.iter().any(|a| a == id)) }
    }
}

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The catalog and text index of a corpus, the index made anew.
fn open(name: &str, path: &Path) -> (SharedCatalog, TextIndex) {
    let data = manifest().join("target/bench-data");
    let options = LoadOptions { cache: Some(data.join("cache")) };
    let catalog = store::load_catalog(origins_for(&[path.to_path_buf()]), options).0;
    let dir = data.join(format!("relevance-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    let (index, _) = TextIndex::open_and_refresh(&catalog, &dir, &|_, _| {}, Wait::No).unwrap();
    (catalog, index)
}

/// The ids found for `query`, best first.
fn ranked(catalog: &SharedCatalog, index: &mut TextIndex, query: &str, ranking: &Ranking) -> Vec<String> {
    let search = index.search_ranked(catalog, query, LIMIT, &Default::default(), ranking).unwrap();
    let catalog = catalog.read().unwrap();
    search.results.found.iter().map(|f| catalog.id(f.index).to_owned()).collect()
}

fn reciprocal_rank(query: &Query, found: &[String]) -> f64 {
    found.iter().position(|id| query.grade(id) == 2).map_or(0.0, |at| 1.0 / (at + 1) as f64)
}

fn ndcg_at_10(query: &Query, found: &[String]) -> f64 {
    let gain = |grade: u32| f64::from((1u32 << grade) - 1);
    let discounted = |grades: &mut dyn Iterator<Item = u32>| -> f64 {
        grades.take(10).enumerate().map(|(i, g)| gain(g) / ((i + 2) as f64).log2()).sum()
    };
    let ideal = discounted(&mut query.first.iter().map(|_| 2).chain(query.also.iter().map(|_| 1)));
    discounted(&mut found.iter().map(|id| query.grade(id))) / ideal
}

fn main() {
    if std::env::args().any(|a| a == "--test") {
        return; // `cargo test --benches` only checks that it builds.
    }
    let verbose = std::env::args().any(|a| a == "--verbose");
    let judged: Judged =
        toml::from_str(&std::fs::read_to_string(manifest().join("benches/judged/queries.toml")).unwrap())
            .expect("benches/judged/queries.toml");
    let bbc = manifest().join("../shared/corpora/bbc");
    if !bbc.exists() {
        eprintln!("skipped: {} is not here", bbc.display());
        return;
    }
    let mut corpora: HashMap<&str, (SharedCatalog, TextIndex)> = HashMap::new();
    corpora.insert("bbc", open("bbc", &bbc));
    corpora.insert("own", open("own", &manifest().join("benches/judged/own")));
    let before = Ranking { stems: false, typos: 0.0, near: 0.0, ..Ranking::default() };
    let chosen = Ranking::default();
    let rankings: Vec<(&str, Ranking)> = vec![
        ("as before: title 2x, the last word's prefix", before),
        ("+ word forms (stems)", Ranking { stems: true, typos: 0.0, ..chosen }),
        ("+ word forms + typos (chosen)", chosen),
        ("chosen + words together (within 3)", Ranking { near: 1.0, ..chosen }),
        ("chosen + words together, 2x", Ranking { near: 2.0, ..chosen }),
        ("chosen, title 1x", Ranking { title: 1.0, ..chosen }),
        ("chosen, title 3x", Ranking { title: 3.0, ..chosen }),
        ("chosen, as typed counts 4x its forms", Ranking { exact: 4.0, ..chosen }),
        ("chosen, a typo counts 0.25x", Ranking { typos: 0.25, ..chosen }),
        ("chosen, a typo counts 1x", Ranking { typos: 1.0, ..chosen }),
    ];
    println!("{} queries", judged.query.len());
    println!("| ranking | MRR | nDCG@10 |\n|---|---|---|");
    for (name, ranking) in &rankings {
        let (mut mrr, mut ndcg) = (0.0, 0.0);
        let mut ranks = Vec::new();
        for query in &judged.query {
            let (catalog, index) = corpora.get_mut(query.corpus.as_str()).expect("a known corpus");
            let found = ranked(catalog, index, &query.text, ranking);
            let (rr, gain) = (reciprocal_rank(query, &found), ndcg_at_10(query, &found).max(0.0));
            mrr += rr;
            ndcg += gain;
            ranks.push(format!(
                "{:?}: first at {}, nDCG {gain:.2}",
                query.text,
                if rr > 0.0 { format!("{:.0}", 1.0 / rr) } else { "-".into() }
            ));
        }
        let n = judged.query.len() as f64;
        println!("| {name} | {:.3} | {:.3} |", mrr / n, ndcg / n);
        if verbose {
            ranks.iter().for_each(|r| println!("    {r}"));
        }
    }
}
