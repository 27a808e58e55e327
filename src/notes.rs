//! Highlights taken out and brought back: Markdown as Readwise and Obsidian write it (a section an article, quotes as block quotes), and W3C Web Annotations as JSON, read back by an import.

use crate::highlight::{Colour, Highlight};
use crate::store::sanitize::sanitize_line;
use serde_json::json;
use std::ops::Range;

/// Where a highlight is in its article as the article is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Found (word for word or near its old place), at these bytes of the article's text.
    Found(Range<usize>),
    /// Its words are no longer in the article: kept, and said so.
    Orphaned,
    /// The article is not in the store now (its file moved or was removed).
    Gone,
}

/// One article's highlights, each with its place, as they are taken out.
#[derive(Debug, Clone)]
pub struct Noted {
    pub id: String,
    pub title: String,
    /// Its file, for the link back; empty when the article is gone.
    pub path: String,
    /// Each with its id in the state.
    pub highlights: Vec<(String, Highlight, Place)>,
}

/// Every article's highlights as Markdown: a section an article (its title, id and file),
/// each quote a block quote in the order of the text, its note under it.
pub fn markdown(articles: &[Noted]) -> String {
    let mut out = String::from("# Highlights\n");
    for article in articles {
        out.push_str(&format!("\n## {}\n\n", one_line(&article.title)));
        match article.path.is_empty() {
            true => out.push_str(&format!("`{}` (not in the store now)\n", one_line(&article.id))),
            false => {
                let path = one_line(&article.path);
                let link = path.replace('<', "%3C").replace('>', "%3E");
                out.push_str(&format!("`{}` · [{path}](<{link}>)\n", one_line(&article.id)));
            }
        }
        for (_, highlight, place) in &article.highlights {
            out.push('\n');
            for line in sanitize_line_breaks(&highlight.quote.exact).lines() {
                out.push_str(&format!("> {line}\n").replace("> \n", ">\n"));
            }
            if *place == Place::Orphaned {
                out.push_str(">\n> (no longer in the article)\n");
            }
            if !highlight.note.is_empty() {
                out.push_str(&format!("\n{}\n", sanitize_line_breaks(&highlight.note)));
            }
        }
    }
    out
}

/// A highlight as a W3C Web Annotation: its note a commenting body, its colour a tagging one,
/// its target the article's file with a TextQuoteSelector (and where it is now, a
/// TextPositionSelector in the article's text).
pub fn annotation(article: &Noted, (key, highlight, place): &(String, Highlight, Place)) -> serde_json::Value {
    let mut bodies = vec![
        json!({"type": "TextualBody", "purpose": "tagging", "value": format!("{:?}", highlight.colour).to_lowercase()}),
    ];
    if !highlight.note.is_empty() {
        bodies.insert(0, json!({"type": "TextualBody", "purpose": "commenting", "value": highlight.note}));
    }
    let quote = &highlight.quote;
    let mut selectors = vec![
        json!({"type": "TextQuoteSelector", "exact": quote.exact, "prefix": quote.prefix, "suffix": quote.suffix}),
    ];
    if let Place::Found(range) = place {
        selectors.push(json!({"type": "TextPositionSelector", "start": range.start, "end": range.end}));
    }
    json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": format!("{ID_PREFIX}{key}"),
        "type": "Annotation",
        "created": rfc3339(highlight.created),
        "modified": rfc3339(highlight.updated.max(highlight.created)),
        "body": bodies,
        "target": {
            "source": format!("folio:{}", article.id),
            "title": article.title,
            "selector": selectors,
        },
        "folio": {
            "article": article.id,
            "start": quote.start,
            "orphaned": *place == Place::Orphaned,
            "gone": *place == Place::Gone,
        },
    })
}

/// What an annotation's id starts with before the highlight's id in the state.
const ID_PREFIX: &str = "urn:folio:highlight:";

/// Highlights read back from W3C Web Annotations (`folio notes --json`'s lines, or a JSON array
/// of them, or a collection's `items`), each with its id; and what was skipped, and why, by
/// the annotation's number.
pub fn imported(text: &str) -> (Vec<(String, Highlight)>, Vec<String>) {
    let values: Vec<Result<serde_json::Value, String>> = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Array(items)) => items.into_iter().map(Ok).collect(),
        Ok(serde_json::Value::Object(mut collection)) if collection.contains_key("items") => {
            match collection.remove("items") {
                Some(serde_json::Value::Array(items)) => items.into_iter().map(Ok).collect(),
                _ => vec![Err("its items are no list".to_owned())],
            }
        }
        Ok(one) => vec![Ok(one)],
        Err(_) => text
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| serde_json::from_str(line).map_err(|e| format!("no JSON: {e}")))
            .collect(),
    };
    let mut highlights = Vec::new();
    let mut skipped = Vec::new();
    for (at, value) in values.into_iter().enumerate() {
        match value.and_then(|value| from_annotation(&value)) {
            Ok(highlight) => highlights.push(highlight),
            Err(why) => skipped.push(format!("annotation {}: {}", at + 1, sanitize_line(&why))),
        }
    }
    (highlights, skipped)
}

/// A highlight from one annotation: its article (folio's own field, else a `folio:` source),
/// its TextQuoteSelector and position, its note (a commenting body) and colour (a tag).
fn from_annotation(value: &serde_json::Value) -> Result<(String, Highlight), String> {
    let target = &value["target"];
    let article = value["folio"]["article"]
        .as_str()
        .or_else(|| target["source"].as_str().and_then(|s| s.strip_prefix("folio:")))
        .ok_or("no folio article: neither folio.article nor a target source folio:ID")?;
    let selectors = target["selector"].as_array().cloned().unwrap_or_else(|| vec![target["selector"].clone()]);
    let of_type = |kind: &str| selectors.iter().find(|s| s["type"] == kind);
    let quote = of_type("TextQuoteSelector").ok_or("no TextQuoteSelector")?;
    let exact = quote["exact"].as_str().filter(|e| !e.is_empty()).ok_or("a TextQuoteSelector without exact words")?;
    // Shared files are untrusted: no escape sequence or control reaches the state, and the
    // words are in NFC, as articles' are.
    let clean = |text: &str| crate::store::sanitize::sanitize(text);
    let text = |value: &serde_json::Value| clean(value.as_str().unwrap_or(""));
    // Where it was made (folio's own), else where another tool found it.
    let start = value["folio"]["start"]
        .as_u64()
        .or_else(|| of_type("TextPositionSelector").and_then(|p| p["start"].as_u64()))
        .unwrap_or(0);
    let bodies = value["body"].as_array().cloned().unwrap_or_else(|| vec![value["body"].clone()]);
    let body = |purpose: &str| bodies.iter().find(|b| b["purpose"] == purpose).and_then(|b| b["value"].as_str());
    let colour = match body("tagging") {
        Some(tag) => Colour::ALL.into_iter().find(|c| c.name() == tag).unwrap_or_default(),
        None => Colour::default(),
    };
    let created = value["created"].as_str().and_then(seconds_of).unwrap_or(0);
    let highlight = Highlight {
        article: article.to_owned(),
        quote: crate::highlight::Quote {
            exact: clean(exact),
            prefix: text(&quote["prefix"]),
            suffix: text(&quote["suffix"]),
            start: usize::try_from(start).unwrap_or(0),
        },
        colour,
        note: clean(body("commenting").unwrap_or("")),
        created,
        updated: value["modified"].as_str().and_then(seconds_of).unwrap_or(created),
    };
    let key = value["id"].as_str().and_then(|id| id.strip_prefix(ID_PREFIX));
    let key = key.filter(|k| (1..=64).contains(&k.len()) && k.chars().all(|c| c.is_ascii_alphanumeric()));
    Ok((key.map_or_else(|| highlight.id(), str::to_owned), highlight))
}

/// Seconds since the Unix epoch of an RFC 3339 time (`2024-11-03T07:15:00Z`, fractions and
/// offsets too).
fn seconds_of(time: &str) -> Option<u64> {
    let number = |range: std::ops::Range<usize>| time.get(range)?.parse::<i64>().ok();
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    let zone = time[19..].trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    let offset = match zone {
        "Z" | "z" | "" => 0,
        _ => {
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            sign * (zone.get(1..3)?.parse::<i64>().ok()? * 3600 + zone.get(4..6)?.parse::<i64>().ok()? * 60)
        }
    };
    // Howard Hinnant's days-from-civil.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    u64::try_from(days * 86_400 + hour * 3600 + minute * 60 + second - offset).ok()
}

fn one_line(text: &str) -> String {
    sanitize_line(text)
}

/// A quote or note safe to print, its line breaks kept.
fn sanitize_line_breaks(text: &str) -> String {
    text.split('\n').map(sanitize_line).collect::<Vec<_>>().join("\n")
}

/// Seconds since the Unix epoch as an RFC 3339 time in UTC (`2024-11-03T07:15:00Z`).
fn rfc3339(seconds: u64) -> String {
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    // Howard Hinnant's days-to-civil, for the proleptic Gregorian calendar.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rest / 3600, rest % 3600 / 60, rest % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noted() -> Noted {
        let text = "The river rose in the night.\n\nThe bridge closed at dawn.";
        let mut first = Highlight::new("news/storm", text, 4..15, 1_730_618_100);
        first.note = "Check the gauge\u{1b}[31m readings".into();
        let gone = Highlight::new("news/storm", "An old sentence.", 3..13, 1_730_618_200);
        Noted {
            id: "news/storm".into(),
            title: "Storm \u{202e}closes ports".into(),
            path: "/home/a/news/storm.txt".into(),
            highlights: vec![("k1".into(), first, Place::Found(4..15)), ("k2".into(), gone, Place::Orphaned)],
        }
    }

    #[test]
    fn markdown_is_a_section_an_article_with_quotes_notes_and_orphans_said() {
        assert_eq!(
            markdown(&[noted()]),
            "# Highlights\n\n## Storm closes ports\n\n`news/storm` · [/home/a/news/storm.txt](</home/a/news/storm.txt>)\n\n> river rose\n\nCheck the gauge readings\n\n> old senten\n>\n> (no longer in the article)\n"
        );
    }

    #[test]
    fn an_annotation_has_the_w3c_shape() {
        let article = noted();
        let value = annotation(&article, &article.highlights[0]);
        assert_eq!(value["id"], "urn:folio:highlight:k1");
        assert_eq!(value["type"], "Annotation");
        assert_eq!(value["created"], "2024-11-03T07:15:00Z");
        assert_eq!(value["body"][0]["purpose"], "commenting");
        assert_eq!(value["body"][1]["value"], "yellow");
        assert_eq!(value["target"]["selector"][0]["type"], "TextQuoteSelector");
        assert_eq!(value["target"]["selector"][0]["exact"], "river rose ");
        assert_eq!(value["target"]["selector"][1], json!({"type": "TextPositionSelector", "start": 4, "end": 15}));
        assert_eq!(annotation(&article, &article.highlights[1])["folio"]["orphaned"], true);
    }

    #[test]
    fn annotations_read_back_are_the_highlights_they_were() {
        let article = noted();
        let lines: Vec<String> = article.highlights.iter().map(|h| annotation(&article, h).to_string()).collect();
        let (read, skipped) = imported(&format!("{}\n\n{{\"type\": \"Annotation\"}}\nnot json\n", lines.join("\n")));
        assert_eq!(skipped.len(), 2, "{skipped:?}");
        assert!(skipped[0].starts_with("annotation 3: no folio article"), "{skipped:?}");
        // Its note's escape sequence is gone on the way back in.
        let clean = |h: &Highlight| Highlight { note: crate::store::sanitize::sanitize(&h.note), ..h.clone() };
        let expected: Vec<(String, Highlight)> =
            article.highlights.iter().map(|(k, h, _)| (k.clone(), clean(h))).collect();
        assert_eq!(expected[0].1.note, "Check the gauge readings");
        assert_eq!(read, expected);
        // What a shared file says is sanitized: no escape sequence reaches the state.
        let hostile = lines[0].replace("Check the gauge", "\\u001b]52;c;cHduZWQ=\\u0007Check");
        let (read, _) = imported(&hostile);
        assert_eq!(read[0].1.note, "Check readings", "{:?}", read[0].1.note);
        // A JSON array of them, as other tools write collections, reads the same.
        let (array, _) = imported(&format!("[{}]", lines.join(",")));
        assert_eq!(array, expected);
    }

    #[test]
    fn times_are_rfc3339_in_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_709_251_199), "2024-02-29T23:59:59Z");
        for seconds in [0, 951_782_400, 1_709_251_199, 1_730_618_100, 4_102_444_800] {
            assert_eq!(seconds_of(&rfc3339(seconds)), Some(seconds));
        }
        assert_eq!(seconds_of("2024-11-03T08:15:00.250+01:00"), Some(1_730_618_100));
        assert_eq!(seconds_of("yesterday"), None);
    }
}
