//! Replays the committed fuzz corpus (fuzz/corpus/<target>/) through the fuzz targets' bodies.

mod common;

fn replay(target: &str, run: fn(&[u8])) {
    let dir = common::repo_path("fuzz/corpus").join(target);
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        run(&std::fs::read(entry.path()).unwrap());
        count += 1;
    }
    assert!(count > 0, "no corpus in {}", dir.display());
}

#[test]
fn decode_parse_corpus() {
    replay("decode_parse", folio::fuzzing::decode_parse);
}

#[test]
fn readers_corpus() {
    replay("readers", folio::fuzzing::readers);
}

#[test]
fn render_corpus() {
    replay("render", folio::fuzzing::render);
}

#[test]
fn html_corpus() {
    replay("html", folio::fuzzing::html);
}

#[test]
fn epub_corpus() {
    replay("epub", folio::fuzzing::epub);
}
