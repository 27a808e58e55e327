//! Load benchmark: a generated 100k-file folder and a million JSON Lines articles (TSV out).
//
// The folder: hot load against a raw first-line read, restart from the index, peak RSS.
//
// Each measurement runs in a child process of its own, so peak RSS is that phase's alone.
// The generated data stays in `target/bench-data` between runs.

use folio::generate;
use folio::store::{self, LoadEvent, LoadOptions, origins_for};
use std::io::{BufRead, BufReader, Write};
use std::ops::ControlFlow::{Break, Continue};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const FILES: usize = 100_000;
/// A folder of every format in turn (text, Markdown, saved page, gzip'd, extensionless, EPUB).
const MIXED: usize = 12_000;
const JSON_ARTICLES: usize = 1_000_000;
const RUNS: usize = 5;

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data")
}

fn folder() -> PathBuf {
    generate::article_folder(&data_dir().join("files-100k"), FILES)
}

fn mixed() -> PathBuf {
    folio::testing::mixed_folder(&data_dir().join("mixed-12k"), MIXED)
}

fn json_lines() -> PathBuf {
    let path = data_dir().join("articles-1m.jsonl");
    if !path.exists() {
        std::fs::create_dir_all(data_dir()).unwrap();
        let partial = path.with_extension("partial");
        let mut out = std::io::BufWriter::new(std::fs::File::create(&partial).unwrap());
        let mut rng = generate::Rng::new(1_000_000);
        for i in 0..JSON_ARTICLES {
            let title = generate::title(&mut rng);
            let body = format!("{}. {}.", generate::title(&mut rng), generate::title(&mut rng));
            let line = serde_json::json!({"id": format!("a/{i}"), "title": title, "paragraphs": [body], "path": ""});
            writeln!(out, "{line}").unwrap();
        }
        out.flush().unwrap();
        std::fs::rename(partial, &path).unwrap();
    }
    path
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

/// The baseline: walk the folder and read each file's first line, one thread, no parsing.
fn raw_first_lines(dir: &Path) -> usize {
    let mut pending = vec![dir.to_path_buf()];
    let mut count = 0;
    let mut line = String::new();
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "txt") {
                line.clear();
                BufReader::new(std::fs::File::open(&path).unwrap()).read_line(&mut line).unwrap();
                count += 1;
            }
        }
    }
    count
}

/// One phase, in this (child) process: prints `milliseconds count peak-rss-mb`.
fn phase(name: &str) {
    let indexed = LoadOptions { cache: Some(data_dir().join("cache")) };
    let start = Instant::now();
    let count = match name {
        "raw" => raw_first_lines(&folder()),
        "hot" => store::load_catalog(origins_for(&[folder()]), LoadOptions::default()).0.read().unwrap().len(),
        "index-write" => store::load_catalog(origins_for(&[folder()]), indexed).0.read().unwrap().len(),
        "restart" | "restart-validated" => {
            // Time to the full list on screen: the first Appended event, from the index.
            let catalog = store::Catalog::new(origins_for(&[folder()])).shared();
            let shown = std::sync::Mutex::new(None);
            let _ = store::load(&catalog, &indexed, &|event| {
                if let LoadEvent::Appended(n) = event {
                    shown.lock().unwrap().get_or_insert((start.elapsed(), n));
                    if name == "restart" {
                        return Break(());
                    }
                }
                Continue(())
            });
            let (elapsed, n) = shown.into_inner().unwrap().expect("the list was shown");
            if name == "restart" {
                println!("{:.1} {n} {:.1}", elapsed.as_secs_f64() * 1000.0, peak_rss_mb());
                return;
            }
            n
        }
        "mixed-hot" => store::load_catalog(origins_for(&[mixed()]), LoadOptions::default()).0.read().unwrap().len(),
        "mixed-text" => {
            // The same files' titles, had they been plain text: what the formats cost.
            let catalog = store::load_catalog(origins_for(&[mixed()]), LoadOptions::default()).0;
            let count = catalog.read().unwrap().len();
            let start = Instant::now();
            for index in 0..count {
                let _ = store::read_article(&catalog, index);
            }
            println!("{:.1} {count} {:.1}", start.elapsed().as_secs_f64() * 1000.0, peak_rss_mb());
            return;
        }
        "mixed-restart" => {
            let mixed_index = LoadOptions { cache: Some(data_dir().join("cache-mixed")) };
            store::load_catalog(origins_for(&[mixed()]), mixed_index).0.read().unwrap().len()
        }
        "jsonl" => store::load_catalog(origins_for(&[json_lines()]), LoadOptions::default()).0.read().unwrap().len(),
        other => panic!("unknown phase {other}"),
    };
    println!("{:.1} {count} {:.1}", start.elapsed().as_secs_f64() * 1000.0, peak_rss_mb());
}

fn run_phase(name: &str) -> (f64, usize, f64) {
    let output = Command::new(std::env::current_exe().unwrap()).args(["--phase", name]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    let mut fields = text.split_whitespace();
    let mut next = || fields.next().unwrap().to_owned();
    (next().parse().unwrap(), next().parse().unwrap(), next().parse().unwrap())
}

fn report(what: &str, name: &str, runs: usize) -> f64 {
    let mut results: Vec<(f64, usize, f64)> = (0..runs).map(|_| run_phase(name)).collect();
    results.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (median, count, rss) = results[results.len() / 2];
    let max = results.last().unwrap().0;
    println!("{what}\t{median:.1}\t{max:.1}\t{count}\t{rss:.1}");
    median
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--phase") {
        return phase(&args[i + 1]);
    }
    eprintln!("preparing data in {} (first run only)", data_dir().display());
    folder();
    json_lines();
    println!("what\tmedian ms\tmax ms\tarticles\tpeak RSS MB");
    // Warm the page cache once, so every run below is a hot load.
    run_phase("raw");
    let raw = report("100k files: raw first-line read, 1 thread", "raw", RUNS);
    let hot = report("100k files: folio load, no index", "hot", RUNS);
    println!("100k files: load / raw read\t{:.2}\t\t\t", hot / raw);
    run_phase("index-write");
    report("100k files: restart, list shown from the index", "restart", RUNS);
    report("100k files: restart, validated against the folder", "restart-validated", RUNS);
    report("1M articles from JSON Lines", "jsonl", 3);
    mixed();
    let plain_12k = report("12k mixed files: folio load, no index", "mixed-hot", RUNS);
    println!("12k mixed files: load per file\t{:.3}\t\t\t", plain_12k / MIXED as f64);
    run_phase("mixed-restart");
    report("12k mixed files: restart from the index (validated)", "mixed-restart", RUNS);
    report("12k mixed files: every article read whole, in turn", "mixed-text", 1);
}
