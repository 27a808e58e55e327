//! Tests of re-anchoring: quotes found again after insertions, deletions and edits near them.
use super::*;
use proptest::prelude::*;

fn quote_of(text: &str, words: &str) -> Quote {
    let start = text.find(words).unwrap();
    Quote::of(text, start..start + words.len())
}

#[test]
fn a_quote_keeps_its_words_their_context_and_its_place() {
    let text = "The river rose. The bridge closed at dawn. The town slept.";
    let quote = quote_of(text, "bridge closed");
    assert_eq!(quote.exact, "bridge closed");
    assert_eq!(quote.prefix, "The river rose. The ");
    assert_eq!(quote.suffix, " at dawn. The town slept.");
    assert_eq!(quote.start, 20);
    assert_eq!(quote.find(text), Some(Found { range: 20..33, exact: true }));
}

#[test]
fn of_two_equal_quotes_the_context_tells_which_was_meant() {
    let text = "Alpha said yes. Beta said no. Gamma said yes.";
    let at = text.rfind("yes.").unwrap();
    let second = Quote::of(text, at..at + 4);
    assert_eq!(second.exact, "yes.");
    // Text written in before both moves them; the context still names the second.
    let edited = format!("A new opening line that is long. {text}");
    let found = second.find(&edited).unwrap();
    assert_eq!(found, Found { range: at + 33..at + 37, exact: true });
    // Without its context, the nearest copy to the old place would be taken: the first.
    let bare = Quote { prefix: String::new(), suffix: String::new(), ..second };
    assert_eq!(bare.find(&edited).unwrap().range.start, text.find("yes.").unwrap() + 33);
}

#[test]
fn overlapping_copies_are_each_a_candidate() {
    let text = "ab ab ab end";
    let quote = Quote::of(text, 3..8);
    assert_eq!(quote.exact, "ab ab");
    assert_eq!(quote.find(text).unwrap().range, 3..8);
}

#[test]
fn an_edited_quote_is_found_near_its_old_place_and_a_rewritten_one_is_orphaned() {
    let text = "Waves broke over the harbour wall before dawn on Sunday, and the boats held.";
    let quote = quote_of(text, "broke over the harbour wall before dawn");
    let edited = text.replace("harbour wall", "harbor wall");
    let found = quote.find(&edited).unwrap();
    assert!(!found.exact);
    assert_eq!(&edited[found.range], "broke over the harbor wall before dawn");
    let rewritten = "Nothing of that sentence is left in this text at all, not one phrase of it.";
    assert_eq!(quote.find(rewritten), None);
}

#[test]
fn in_text_that_repeats_itself_the_edited_quote_is_found_not_its_neighbour() {
    let text: String = (0..12).map(|i| format!("Paragraph {i} of this article, long enough.\n\n")).collect();
    let quote = quote_of(&text, "Paragraph 5 of this article, long enough.");
    let edited = text.replace("Paragraph 5 of this article, long", "Paragraph 5 of this article, lengthy");
    let found = quote.find(&edited).unwrap();
    assert_eq!(&edited[found.range], "Paragraph 5 of this article, lengthy enough.");
    // Its neighbour is one edit away, the edited one four: the context tells.
    let moved = format!("A new first one.\n\n{edited}");
    let found = quote.find(&moved).unwrap();
    assert_eq!(&moved[found.range], "Paragraph 5 of this article, lengthy enough.");
}

#[test]
fn a_long_quote_is_found_by_its_ends_in_every_script() {
    let paragraph: String = (0..40).map(|i| format!("كلمة{i} מילה{i} 語{i} ")).collect();
    let text = format!("Start. {paragraph} End.");
    let quote = quote_of(&text, paragraph.trim_end());
    assert!(quote.exact.len() > 2 * END_BYTES);
    let edited = text.replace("מילה20", "מילה twenty").replace("Start.", "A new start.");
    let found = quote.find(&edited).unwrap();
    assert!(!found.exact);
    assert!(edited[found.range.clone()].starts_with("كلمة0"), "{:?}", &edited[found.range.clone()]);
    assert!(edited[found.range].ends_with("語39"));
}

#[test]
fn the_text_of_a_document_is_its_blocks_apart_by_a_blank_line() {
    let blocks = vec![Block::paragraph("One."), Block::paragraph("Two.")];
    assert_eq!(text_of(&blocks), "One.\n\nTwo.");
}

/// Text of words from a small alphabet of scripts, so that quotes repeat now and then.
fn words() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![Just("river"), Just("bridge"), Just("dawn"), Just("語"), Just("كلمة"), Just("é"), Just("the")],
        20..120,
    )
    .prop_map(|w| w.join(" "))
}

/// How many copies of `words` `text` holds, overlapping ones too.
fn copies(text: &str, words: &str) -> usize {
    (0..text.len()).filter(|&at| text.is_char_boundary(at) && text[at..].starts_with(words)).count()
}

/// A char boundary of `text` at about `fraction` of it.
fn boundary(text: &str, fraction: f64) -> usize {
    floor_boundary(text, (text.len() as f64 * fraction) as usize)
}

proptest! {
    #[test]
    fn a_quote_survives_text_written_in_or_taken_out_away_from_it(
        text in words(),
        (from, length) in (0.1f64..0.8, 0.02f64..0.15),
        inserted in "[a-z ]{1,40}",
        (at, cut) in (0.0f64..1.0, 0.0f64..0.2),
    ) {
        let start = boundary(&text, from);
        let end = boundary(&text, from + length).max(ceil_boundary(&text, start + 1));
        let quote = Quote::of(&text, start..end);
        // An insertion before or after the quote, not in it.
        let at = boundary(&text, at);
        let at = if (start..end).contains(&at) { end } else { at };
        let edited = format!("{}{inserted}{}", &text[..at], &text[at..]);
        let found = quote.find(&edited).unwrap();
        prop_assert_eq!(&edited[found.range.clone()], quote.exact.as_str());
        if copies(&edited, &quote.exact) == 1 {
            let shift = if at <= start { inserted.len() } else { 0 };
            prop_assert_eq!(found.range.start, start + shift);
        }
        // A stretch taken out after the quote.
        let cut_from = ceil_boundary(&text, end);
        let cut_to = boundary(&text, (cut_from as f64 / text.len() as f64 + cut).min(1.0)).max(cut_from);
        let shortened = format!("{}{}", &text[..cut_from], &text[cut_to..]);
        let found = quote.find(&shortened).unwrap();
        prop_assert!(found.exact);
        prop_assert_eq!(&shortened[found.range], quote.exact.as_str());
        // And a stretch taken out before it, right up to its start.
        let cut_start = boundary(&text, (start as f64 / text.len() as f64 - cut).max(0.0)).min(start);
        let cut_before = format!("{}{}", &text[..cut_start], &text[start..]);
        let found = quote.find(&cut_before).unwrap();
        prop_assert_eq!(&cut_before[found.range.clone()], quote.exact.as_str());
        if copies(&cut_before, &quote.exact) == 1 {
            prop_assert_eq!(found.range.start, cut_start);
        }
    }

    #[test]
    fn a_quote_edited_a_little_is_found_where_it_was(
        text in words(),
        from in 0.1f64..0.7,
        change in 0.0f64..1.0,
        replacement in "[a-z]",
    ) {
        let start = boundary(&text, from);
        let end = boundary(&text, from + 0.2).max(ceil_boundary(&text, start + 1));
        let quote = Quote::of(&text, start..end);
        prop_assume!(quote.exact.chars().count() >= 12 && copies(&text, &quote.exact) == 1);
        // One char of the quote changed: it is found, overlapping where it was.
        let at = floor_boundary(&text, start + ((end - start) as f64 * change) as usize).max(start);
        let next = ceil_boundary(&text, at + 1).min(end);
        let edited = format!("{}{replacement}{}", &text[..at], &text[next..]);
        let found = quote.find(&edited);
        prop_assert!(found.is_some(), "{:?} lost in {:?}", quote.exact, edited);
        let found = found.unwrap();
        prop_assert!(found.range.start < end + replacement.len() && start < found.range.end,
            "{:?} found at {:?}, was {:?}", quote.exact, found.range, start..end);
        prop_assert!(edited.is_char_boundary(found.range.start) && edited.is_char_boundary(found.range.end));
    }

    #[test]
    fn finding_never_panics_on_any_text(text in "\\PC{0,200}", exact in "\\PC{1,300}", start in any::<usize>()) {
        let quote = Quote { exact, prefix: String::new(), suffix: String::new(), start };
        if let Some(found) = quote.find(&text) {
            prop_assert!(text.is_char_boundary(found.range.start) && text.is_char_boundary(found.range.end));
        }
    }
}
