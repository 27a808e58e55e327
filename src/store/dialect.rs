//! Org and AsciiDoc as the plain-text reader reads them: their titles first, their headings and code blocks in its own marks (`#`, fences), their settings left out.

/// Org: `#+TITLE:` is the title; `* Heading` lines (any depth) headings; `#+BEGIN_SRC lang`
/// blocks code; other `#+KEYWORDS:` and `# comments` left out.
pub fn org(raw: &str) -> String {
    let mut title = None;
    let mut body = Vec::new();
    let mut in_block = false;
    for line in raw.split('\n') {
        let trimmed = line.trim_start();
        let keyword = trimmed.strip_prefix("#+").map(|k| k.split_once(':').map_or((k, ""), |(k, v)| (k, v.trim())));
        match keyword {
            Some((k, v)) if !in_block && k.eq_ignore_ascii_case("title") => {
                title.get_or_insert_with(|| v.to_owned());
            }
            Some((k, _)) if starts_with_ignore_case(k, "begin_") => {
                in_block = true;
                let language = k.split_whitespace().nth(1).filter(|_| starts_with_ignore_case(k, "begin_src"));
                body.push(format!("```{}", language.unwrap_or("")));
            }
            Some((k, _)) if starts_with_ignore_case(k, "end_") => {
                in_block = false;
                body.push("```".to_owned());
            }
            Some(_) if !in_block => {}
            _ if in_block => body.push(line.to_owned()),
            _ if trimmed == "#" || trimmed.starts_with("# ") => {}
            _ => {
                let stars = line.bytes().take_while(|&b| b == b'*').count();
                match line.as_bytes().get(stars) {
                    Some(b' ') if stars > 0 => body.push(heading(stars, &line[stars + 1..])),
                    _ => body.push(line.to_owned()),
                }
            }
        }
    }
    with_title(title, body)
}

/// AsciiDoc: `= Title` is the title, `== Section` (to `======`) headings; `----` listing
/// blocks code (with a `[source,lang]` line's language); `:attribute:` lines and `//`
/// comments left out.
pub fn asciidoc(raw: &str) -> String {
    let mut title = None;
    let mut body: Vec<String> = Vec::new();
    let mut in_block = false;
    let mut language = None;
    // Whether the body has words yet: only before them can `= Title` be the title.
    let mut has_words = false;
    for line in raw.split('\n') {
        let trimmed = line.trim_end();
        has_words |= !body.last().is_none_or(|l: &String| l.trim().is_empty());
        if trimmed.len() >= 4 && (trimmed.bytes().all(|b| b == b'-') || trimmed.bytes().all(|b| b == b'.')) {
            body.push(if in_block { "```".to_owned() } else { format!("```{}", language.take().unwrap_or_default()) });
            in_block = !in_block;
            continue;
        }
        if in_block {
            body.push(line.to_owned());
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("[source,") {
            language = rest.split([',', ']']).next().map(|l| l.trim().to_owned());
            continue;
        }
        let level = trimmed.bytes().take_while(|&b| b == b'=').count();
        match trimmed.as_bytes().get(level) {
            Some(b' ') if level == 1 && title.is_none() && !has_words => {
                title = Some(trimmed[2..].trim().to_owned());
            }
            // `==` is a section (the document's title is the only `=`).
            Some(b' ') if (1..=7).contains(&level) => body.push(heading((level - 1).max(1), &trimmed[level + 1..])),
            _ if trimmed.starts_with("//") => {}
            _ if title.is_some() && is_attribute(trimmed) => {}
            _ => body.push(line.to_owned()),
        }
    }
    with_title(title, body)
}

/// `:toc:`, `:author: Name`: a document attribute's line.
fn is_attribute(line: &str) -> bool {
    line.strip_prefix(':').and_then(|rest| rest.split_once(':')).is_some_and(|(name, _)| {
        !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'!'))
    })
}

fn heading(level: usize, words: &str) -> String {
    format!("{} {}", "#".repeat(level.min(6)), words.trim())
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len()).is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

/// The title as the first line, a blank line, then the body.
fn with_title(title: Option<String>, body: Vec<String>) -> String {
    match title.filter(|t| !t.is_empty()) {
        Some(title) => format!("{title}\n\n{}", body.join("\n")),
        None => body.join("\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_titles_headings_and_source_blocks_read_the_plain_way() {
        let text = "#+TITLE: Garden log\n#+AUTHOR: Me\n\n* Spring\nSowed peas.\n** TODO Beds\n# a comment\n#+BEGIN_SRC sh\nls\n#+END_SRC\n";
        assert_eq!(
            org_lines(text),
            ["Garden log", "", "", "# Spring", "Sowed peas.", "## TODO Beds", "```sh", "ls", "```", ""]
        );
        assert_eq!(org("*bold* start\n"), "*bold* start\n", "a star without a space is no heading");
    }

    fn org_lines(text: &str) -> Vec<String> {
        org(text).split('\n').map(str::to_owned).collect()
    }

    #[test]
    fn asciidoc_titles_sections_and_listings_read_the_plain_way() {
        let adoc = "= User Guide\n:toc:\n:author: Ann\n\n== Install\nRun it.\n\n[source,rust]\n----\nfn main() {}\n----\n// note\n=== Deeper\n";
        let read = asciidoc(adoc);
        assert_eq!(read, "User Guide\n\n\n# Install\nRun it.\n\n```rust\nfn main() {}\n```\n## Deeper\n");
    }
}
