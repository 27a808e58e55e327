//! Page layout: reading an article into its document and laying it out, at the sizes that matter
//! (a 6 MB plain article, a 1 MB Markdown note). `cargo bench --bench page`.

use folio::generate;
use folio::page::Page;
use folio::store::Article;

mod common;

use common::measure;

/// Generated prose of at least `size` bytes; every third paragraph a bullet list and every
/// fifth an indented (man-page-like) block, so the plain reader types blocks, not only prose.
fn plain_text(size: usize) -> String {
    let mut rng = generate::Rng::new(11);
    let mut text = String::from("A long article\n\n");
    let mut n = 0;
    while text.len() < size {
        let paragraph = generate::article(&mut rng);
        let body = paragraph.split_once("\n\n").map_or(paragraph.as_str(), |(_, b)| b);
        text.push_str(&match n % 5 {
            3 => body.lines().map(|l| format!("- {l}")).collect::<Vec<_>>().join("\n"),
            4 => body.lines().map(|l| format!("       {l}")).collect::<Vec<_>>().join("\n"),
            _ => body.to_owned(),
        });
        text.push_str("\n\n");
        n += 1;
    }
    text
}

/// Markdown of at least `size` bytes: headings, styled words, links, lists, quotes and code.
fn markdown_text(size: usize) -> String {
    let mut rng = generate::Rng::new(12);
    let mut text = String::from("# A long note\n\n");
    let mut n = 0;
    while text.len() < size {
        let words = generate::title(&mut rng);
        text.push_str(&match n % 6 {
            0 => format!("## {words}\n\n"),
            1 => format!("Some **{words}** and *more*, `code` and [a link](https://example.com/{n}).\n\n"),
            2 => format!("- {words}\n  - nested {n}\n- [x] done\n\n"),
            3 => format!("> {words}\n> quoted\n\n"),
            4 => format!("```rust\nfn f{n}() {{ println!(\"{words}\"); }}\n```\n\n"),
            _ => format!("{words}. {words}. {words}.\n\n"),
        });
        n += 1;
    }
    text
}

fn main() {
    println!("what\tmedian ms\tmax ms\tlines");
    let plain = plain_text(6 * 1024 * 1024);
    let (median, max, article) =
        measure(5, || Article::from_bytes("big".into(), "big.txt".into(), plain.as_bytes(), false).unwrap());
    println!("read a 6 MB plain article (decode, sanitize, blocks)\t{median:.1}\t{max:.1}\t{}", article.lines.len());
    let (median, max, page) = measure(5, || Page::new(&article, 80));
    println!("lay out a 6 MB plain article at 80 columns\t{median:.1}\t{max:.1}\t{}", page.lines.len());
    let markdown = markdown_text(1024 * 1024);
    let read = |bytes: &[u8]| {
        Article::read("note".into(), "note.md".into(), bytes, false, folio::store::Format::Markdown).unwrap()
    };
    let (median, max, article) = measure(5, || read(markdown.as_bytes()));
    println!("read a 1 MB Markdown note (pulldown-cmark, blocks)\t{median:.1}\t{max:.1}\t{}", article.blocks.len());
    let (median, max, page) = measure(5, || Page::new(&article, 80));
    println!("lay out a 1 MB Markdown note at 80 columns\t{median:.1}\t{max:.1}\t{}", page.lines.len());
}
