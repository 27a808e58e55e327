//! Text sanitizing: nothing but printable text (and LF) may reach the terminal.

use std::borrow::Cow;

/// Columns between tab stops, as in `less` and most terminals.
const TAB_STOP: usize = 8;

/// Cleans untrusted text once, at load time.
///
/// Whole escape sequences (CSI, OSC, DCS, SOS, PM, APC, in 7-bit and C1 forms) are removed, not
/// just their ESC byte, because terminals and ratatui would print the rest verbatim. Line ends
/// (CRLF, CR, NEL, U+2028/2029) become LF, tabs become spaces, and other controls, bidi
/// overrides/isolates and invisible characters are dropped. Joiners and variation selectors are
/// kept only where they glue visible characters together (emoji sequences, Indic scripts).
/// The result is in Unicode Normalization Form C, so one word has one spelling whether it
/// was saved composed or decomposed (`é` as one char or as `e` + U+0301).
pub fn sanitize(input: &str) -> String {
    // Most text (ids, English titles) is printable ASCII, which needs no change.
    if input.bytes().all(|b| matches!(b, b' '..=b'~' | b'\n')) {
        return input.to_owned();
    }
    let clean = keep_attached_joiners(&strip_controls(input));
    match nfc(&clean) {
        Cow::Borrowed(_) => clean,
        Cow::Owned(composed) => composed,
    }
}

/// `text` in Unicode Normalization Form C, borrowed when it already is.
pub fn nfc(text: &str) -> Cow<'_, str> {
    // Below U+0300 every char is already NFC and composes with nothing before it; in UTF-8
    // the bytes from 0xCC up lead chars from U+0300 on.
    if text.bytes().all(|b| b < 0xcc) {
        return Cow::Borrowed(text);
    }
    match unicode_normalization::is_nfc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(unicode_normalization::UnicodeNormalization::nfc(text).collect()),
    }
}

/// Sanitizes text that must fit on one line (titles, file names, error messages).
pub fn sanitize_line(input: &str) -> String {
    let text = sanitize(input);
    let joined: Vec<&str> = text.split('\n').map(str::trim).filter(|l| !l.is_empty()).collect();
    joined.join(" ")
}

fn strip_controls(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut column = 0usize;
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' => push_newline(&mut out, &mut column),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    push_newline(&mut out, &mut column);
                }
            }
            '\t' => {
                let spaces = TAB_STOP - column % TAB_STOP;
                out.extend(std::iter::repeat_n(' ', spaces));
                column += spaces;
            }
            '\u{1b}' => skip_escape(&mut chars),
            '\u{9b}' => skip_csi(&mut chars),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if is_dropped(c) => {}
            c => {
                out.push(c);
                column += 1;
            }
        }
    }
    out
}

fn push_newline(out: &mut String, column: &mut usize) {
    out.push('\n');
    *column = 0;
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// Skips what follows an ESC: the rest of a CSI, a control string, or a two-character sequence.
fn skip_escape(chars: &mut Chars) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string(chars);
        }
        Some(c) if ('\u{20}'..='\u{2f}').contains(&c) => {
            // nF sequence: intermediates, then one final byte.
            while chars.next_if(|c| ('\u{20}'..='\u{2f}').contains(c)).is_some() {}
            chars.next_if(|c| ('\u{30}'..='\u{7e}').contains(c));
        }
        Some(c) if ('\u{30}'..='\u{7e}').contains(&c) => {
            chars.next();
        }
        _ => {}
    }
}

/// Skips CSI parameters and intermediates up to and including the final byte. A malformed
/// sequence ends at the first character that cannot belong to it, which is kept.
fn skip_csi(chars: &mut Chars) {
    while chars.next_if(|c| ('\u{20}'..='\u{3f}').contains(c)).is_some() {}
    chars.next_if(|c| ('\u{40}'..='\u{7e}').contains(c));
}

/// Skips a control string (OSC, DCS, SOS, PM, APC) up to its terminator: BEL, ST (ESC \ or
/// U+009C), or a line end, so that an unterminated one cannot swallow the rest of the article.
fn skip_string(chars: &mut Chars) {
    while let Some(&c) = chars.peek() {
        match c {
            '\u{7}' | '\u{9c}' => {
                chars.next();
                return;
            }
            '\u{1b}' => {
                chars.next();
                chars.next_if_eq(&'\\');
                return;
            }
            '\n' | '\r' => return,
            _ => {
                chars.next();
            }
        }
    }
}

/// Characters removed wherever they stand.
fn is_dropped(c: char) -> bool {
    c.is_control() // C0, DEL, C1 (line ends and tabs are handled before this)
        || matches!(c,
            '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' // bidi
            | '\u{ad}' | '\u{34f}' | '\u{115f}' | '\u{1160}' | '\u{180e}' | '\u{200b}'
            | '\u{2060}'..='\u{2064}' | '\u{206a}'..='\u{206f}' | '\u{3164}' | '\u{feff}'
            | '\u{ffa0}' | '\u{fff9}'..='\u{fffb}' | '\u{e0000}'..='\u{e007f}' // invisible
        )
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200c}' | '\u{200d}')
}

fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{fe00}'..='\u{fe0f}' | '\u{e0100}'..='\u{e01ef}')
}

fn is_base(c: char) -> bool {
    !c.is_whitespace() && !is_joiner(c) && !is_variation_selector(c)
}

/// Keeps a joiner only between two visible characters, and a variation selector only after
/// one; elsewhere they would be stray invisible characters. Decided on the already-cleaned text
/// so that sanitizing twice changes nothing.
fn keep_attached_joiners(text: &str) -> String {
    if !text.contains(|c| is_joiner(c) || is_variation_selector(c)) {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut previous: Option<char> = None;
    for (i, &c) in chars.iter().enumerate() {
        let keep = if is_joiner(c) {
            let next = chars.get(i + 1).copied();
            previous.is_some_and(|p| !p.is_whitespace() && !is_joiner(p)) && next.is_some_and(is_base)
        } else if is_variation_selector(c) {
            previous.is_some_and(is_base)
        } else {
            true
        };
        if keep {
            out.push(c);
            previous = Some(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn removes_whole_escape_sequences() {
        assert_eq!(sanitize("a\x1b[31mred\x1b[0m b"), "ared b");
        assert_eq!(sanitize("x\x1b]0;evil title\x07y"), "xy");
        assert_eq!(sanitize("x\x1b]52;c;aGVsbG8=\x1b\\y"), "xy");
        assert_eq!(sanitize("\x1b]8;;http://e.vil\x1b\\link\x1b]8;;\x1b\\"), "link");
        assert_eq!(sanitize("a\x1bPq#0;2;0;0;0\x1b\\b"), "ab");
        assert_eq!(sanitize("a\x1b_apc\x1b\\b\x1b^pm\x07c"), "abc");
        assert_eq!(sanitize("a\u{9b}1;2Hb\u{9d}0;t\u{9c}c"), "abc");
        assert_eq!(sanitize("a\x1b(Bb\x1bMc\x1b"), "abc");
        // SOS, PM and APC in their C1 forms, ended by ST.
        assert_eq!(sanitize("a\u{98}sos\u{9c}b\u{9e}pm\u{9c}c\u{9f}apc\u{9c}d"), "abcd");
    }

    #[test]
    fn unterminated_string_stops_at_line_end() {
        assert_eq!(sanitize("a\x1b]0;never ends\nnext line"), "a\nnext line");
    }

    #[test]
    fn normalizes_line_ends_and_tabs() {
        assert_eq!(sanitize("a\r\nb\rc\u{2028}d\u{85}e\u{2029}f"), "a\nb\nc\nd\ne\nf");
        assert_eq!(sanitize("a\tb\n\tc"), "a       b\n        c");
    }

    #[test]
    fn drops_controls_bidi_and_invisibles() {
        assert_eq!(sanitize("a\x07b\x08c\x00d\x7fe\u{80}f"), "abcdef");
        assert_eq!(sanitize("evil\u{202e}txt.exe\u{2066}x\u{2069}"), "eviltxt.exex");
        assert_eq!(sanitize("zero\u{200b}width\u{feff}soft\u{ad}tag\u{e0041}"), "zerowidthsofttag");
    }

    #[test]
    fn keeps_emoji_joiners_and_selectors() {
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        assert_eq!(sanitize(family), family);
        assert_eq!(sanitize("\u{2764}\u{fe0f}"), "\u{2764}\u{fe0f}");
        assert_eq!(sanitize("\u{200d}a \u{200d} b\u{fe0f} \u{fe0f}"), "a  b\u{fe0f} ");
        assert_eq!(sanitize("ক\u{9cd}\u{200c}ষ"), "ক\u{9cd}\u{200c}ষ");
    }

    #[test]
    fn decomposed_text_is_composed() {
        assert_eq!(sanitize("Cafe\u{301} Vie\u{323}\u{302}t"), "Café Việt");
        assert_eq!(sanitize_line("Ti\u{1ebf}ng"), "Tiếng", "already composed text stays");
    }

    #[test]
    fn one_line_form_joins_lines() {
        assert_eq!(sanitize_line("  a\nb\x1b[2J \n\n c "), "a b c");
    }

    proptest! {
        #[test]
        fn sanitizing_is_idempotent(s in any::<String>()) {
            let once = sanitize(&s);
            prop_assert_eq!(sanitize(&once), once);
        }

        #[test]
        fn no_control_survives(s in "(\\PC|[\\x00-\\x1f\\x7f-\\x9f\u{202a}-\u{202e}\u{2066}-\u{2069}])*") {
            let clean = sanitize(&s);
            prop_assert!(clean.chars().all(|c| c == '\n' || !(c.is_control() || is_dropped(c))), "{:?}", clean);
        }

        #[test]
        fn plain_text_is_unchanged(s in "[a-zA-Z0-9 .,;:!?'\"()£é–’\u{4e00}-\u{4e10}\n-]*") {
            prop_assert_eq!(sanitize(&s), s);
        }
    }
}
