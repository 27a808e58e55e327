//! fzf's extended search syntax: AND terms, `|` alternatives, `'exact`, `^prefix`, `suffix$`,
//! `!inverse`, `\ ` for a space; a term holding `/` looks at the article's id.

use super::skim::TermScan;

/// How a term matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Its chars in order (SkimMatcherV2).
    Fuzzy,
    /// `'word`, and every `!word`: a substring.
    Exact,
    /// `^word`: the start (leading spaces aside).
    Prefix,
    /// `word$`: the end (trailing spaces aside).
    Suffix,
    /// `^word$`: the whole text (spaces around it aside).
    Equal,
}

/// One term of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub kind: Kind,
    /// `!`: the text must not match.
    pub inverse: bool,
    /// What to look for, lower-cased char by char (as fzf does) unless case-sensitive.
    pub text: String,
    /// fzf's smart case, per term: a term with a capital letter matches case exactly.
    pub case_sensitive: bool,
    /// The term holds a `/`: it looks at the article's id (`sport/`, `/gpl-2`), not its title.
    pub on_id: bool,
    /// The term has no accent: it matches titles with their accents folded, as in fzf, where
    /// each term decides this for itself (`tiếng viet` finds "Tiếng Việt").
    pub folds: bool,
    /// Byte tables for a fuzzy ASCII title term: the one-pass match test and bound.
    pub scan: Option<TermScan>,
}

impl Term {
    /// A plain fuzzy term on the title: what the engine's fast paths handle.
    pub fn is_plain(&self) -> bool {
        self.kind == Kind::Fuzzy && !self.inverse && !self.on_id
    }
}

/// Terms of which one must match (`a | b`); a query matches when every set does.
pub type TermSet = Vec<Term>;

pub use crate::fold::{has_capitals, lower, lower_char};

/// Parses a query as fzf 0.38's `parseTerms` does. Degenerate terms (a lone `'`, `^`, `!`,
/// `!'`, `!^`) are dropped, as fzf drops them; nothing is ever an error.
pub fn parse(query: &str) -> Vec<TermSet> {
    let mut query = query.trim_start_matches(' ');
    while query.ends_with(' ') && !query.ends_with("\\ ") {
        query = &query[..query.len() - 1];
    }
    // An escaped space stays inside its term: set aside as a tab while splitting at spaces.
    let query = query.replace("\\ ", "\t");
    let mut sets = Vec::new();
    let mut set: TermSet = Vec::new();
    let (mut new_set, mut after_bar) = (false, false);
    let tokens: Vec<&str> = query.split(' ').filter(|t| !t.is_empty()).collect();
    for (at, token) in tokens.iter().enumerate() {
        // `:unread` and the like (and a `|` between them) filter on marks (see shape.rs): no
        // term of the title.
        if super::shape::is_filter_token(&tokens, at) {
            continue;
        }
        let token = token.replace('\t', " ");
        let lowered = lower(&token);
        let case_sensitive = has_capitals(&token);
        let mut text = if case_sensitive { token.as_str() } else { lowered.as_str() };
        if !set.is_empty() && !after_bar && text == "|" {
            (new_set, after_bar) = (false, true);
            continue;
        }
        after_bar = false;
        let (mut kind, mut inverse) = (Kind::Fuzzy, false);
        if let Some(rest) = text.strip_prefix('!') {
            (kind, inverse, text) = (Kind::Exact, true, rest);
        }
        if text != "$"
            && let Some(rest) = text.strip_suffix('$')
        {
            (kind, text) = (Kind::Suffix, rest);
        }
        if let Some(rest) = text.strip_prefix('\'') {
            // A quote flips exactness: exact for a plain term, fuzzy for an inverse one.
            (kind, text) = (if inverse { Kind::Fuzzy } else { Kind::Exact }, rest);
        } else if let Some(rest) = text.strip_prefix('^') {
            (kind, text) = (if kind == Kind::Suffix { Kind::Equal } else { Kind::Prefix }, rest);
        }
        if text.is_empty() {
            continue;
        }
        if new_set {
            sets.push(std::mem::take(&mut set));
        }
        let on_id = text.contains('/');
        let scan = (kind == Kind::Fuzzy && !on_id).then(|| TermScan::new(text, case_sensitive)).flatten();
        let folds = matches!(crate::fold::fold(text), std::borrow::Cow::Borrowed(_));
        set.push(Term { kind, inverse, text: text.to_owned(), case_sensitive, on_id, folds, scan });
        new_set = true;
    }
    if !set.is_empty() {
        sets.push(set);
    }
    sets
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each set as `kind inverse text`, sets joined by ` & `, terms by ` | `.
    fn shape(query: &str) -> String {
        let term = |t: &Term| format!("{:?}{}{}", t.kind, if t.inverse { "!" } else { "" }, t.text);
        let set = |s: &TermSet| s.iter().map(term).collect::<Vec<_>>().join(" | ");
        parse(query).iter().map(set).collect::<Vec<_>>().join(" & ")
    }

    #[test]
    fn fzf_documented_terms() {
        // The table of fzf's README, "Search syntax".
        assert_eq!(shape("sbtrkt"), "Fuzzysbtrkt");
        assert_eq!(shape("'wild"), "Exactwild");
        assert_eq!(shape("^music"), "Prefixmusic");
        assert_eq!(shape(".mp3$"), "Suffix.mp3");
        assert_eq!(shape("!fire"), "Exact!fire");
        assert_eq!(shape("!^music"), "Prefix!music");
        assert_eq!(shape("!.mp3$"), "Suffix!.mp3");
        assert_eq!(shape("^core go$ | rb$ | py$"), "Prefixcore & Suffixgo | Suffixrb | Suffixpy");
        assert_eq!(shape("^music$"), "Equalmusic");
        assert_eq!(shape("!'fire"), "Fuzzy!fire", "a quote after ! flips back to fuzzy");
        assert_eq!(shape("'abc$"), "Exactabc", "the quote wins over the dollar, as in fzf");
    }

    #[test]
    fn degenerate_terms_are_dropped_and_escapes_kept() {
        assert_eq!(shape("' ^ ! !' !^ a"), "Fuzzya");
        assert_eq!(shape("$"), "Fuzzy$", "a lone $ is text");
        assert_eq!(shape("| a | | b |"), "Fuzzy| & Fuzzya | Fuzzy| & Fuzzyb", "| only between terms");
        assert_eq!(shape("new\\ york  "), "Fuzzynew york");
        assert_eq!(shape("a\\  "), "Fuzzya ", "an escaped trailing space stays");
        assert!(parse("   ").is_empty());
        assert_eq!(shape(":unread oil !:starred"), "Fuzzyoil", "mark filters are no terms");
        assert_eq!(shape(":starred | :read oil | gas"), "Fuzzyoil | Fuzzygas", "nor the bars between them");
        assert_eq!(shape("':read :reader"), "Exact:read & Fuzzy:reader", "unless quoted or unknown");
    }

    #[test]
    fn smart_case_per_term_and_ids() {
        let sets = parse("Sony hack sport/");
        let flags: Vec<(bool, bool)> = sets.iter().map(|s| (s[0].case_sensitive, s[0].on_id)).collect();
        assert_eq!(flags, [(true, false), (false, false), (false, true)]);
        assert_eq!(parse("ÉCOLE")[0][0].text, "ÉCOLE");
        assert_eq!(parse("école")[0][0].text, "école");
        assert_eq!(lower("İSTANBUL Σ"), "istanbul σ", "one char for one");
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_drops_no_plain_word(query in "[ a-z'^!$|\\\\/éÉ]{0,24}") {
            let sets = parse(&query);
            proptest::prop_assert!(sets.iter().all(|s| !s.is_empty() && s.iter().all(|t| !t.text.is_empty())));
        }
    }
}
