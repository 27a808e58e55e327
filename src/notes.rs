//! Highlights taken out: Markdown as Readwise and Obsidian write it (a section an article, quotes as block quotes), and W3C Web Annotations as JSON.

use crate::highlight::Highlight;
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
    pub highlights: Vec<(Highlight, Place)>,
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
        for (highlight, place) in &article.highlights {
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
pub fn annotation(article: &Noted, highlight: &Highlight, place: &Place) -> serde_json::Value {
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
        "id": format!("urn:folio:highlight:{}", highlight.id()),
        "type": "Annotation",
        "created": rfc3339(highlight.created),
        "modified": rfc3339(highlight.updated.max(highlight.created)),
        "body": bodies,
        "target": {
            "source": format!("folio:{}", article.id),
            "title": article.title,
            "selector": selectors,
        },
        "folio": {"article": article.id, "orphaned": *place == Place::Orphaned, "gone": *place == Place::Gone},
    })
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
            highlights: vec![(first, Place::Found(4..15)), (gone, Place::Orphaned)],
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
        let (highlight, place) = &article.highlights[0];
        let value = annotation(&article, highlight, place);
        assert_eq!(value["type"], "Annotation");
        assert_eq!(value["created"], "2024-11-03T07:15:00Z");
        assert_eq!(value["body"][0]["purpose"], "commenting");
        assert_eq!(value["body"][1]["value"], "yellow");
        assert_eq!(value["target"]["selector"][0]["type"], "TextQuoteSelector");
        assert_eq!(value["target"]["selector"][0]["exact"], "river rose ");
        assert_eq!(value["target"]["selector"][1], json!({"type": "TextPositionSelector", "start": 4, "end": 15}));
        let (orphan, place) = &article.highlights[1];
        assert_eq!(annotation(&article, orphan, place)["folio"]["orphaned"], true);
    }

    #[test]
    fn times_are_rfc3339_in_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_709_251_199), "2024-02-29T23:59:59Z");
    }
}
