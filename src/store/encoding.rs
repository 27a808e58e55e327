//! Which encoding a file is in (UTF-8, or a legacy one guessed by chardetng), and HTML entities.

use super::parse::PROBE_BYTES;
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::Encoding;
use std::borrow::Cow;

/// The legacy encoding to read `bytes` in, or `None` for UTF-8. Decided from the first
/// [`PROBE_BYTES`] alone, so a title read from them and the whole file agree: valid UTF-8 is
/// UTF-8; text whose valid multi-byte UTF-8 outnumbers its invalid bytes is UTF-8 with a few
/// stray bytes (replaced, flagged); anything else is in the encoding Mozilla's detector guesses
/// (Windows-1252 for Latin-1-style text, windows-1251/KOI8-R, Shift_JIS, EUC-JP and others).
/// `complete` says that `bytes` ends where the file ends (else a cut character is no error).
pub fn sniff(bytes: &[u8], complete: bool) -> Option<&'static Encoding> {
    let probe = &bytes[..bytes.len().min(PROBE_BYTES)];
    let whole = complete && probe.len() == bytes.len();
    // encoding_rs's validator (SIMD) is several times faster than std's on non-ASCII text.
    let valid = Encoding::utf8_valid_up_to(probe);
    if valid == probe.len() {
        return None;
    }
    // Only a character cut at the end of the probe: the file is not at fault.
    if !whole && std::str::from_utf8(&probe[valid..]).is_err_and(|e| e.error_len().is_none()) {
        return None;
    }
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in probe.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    if multibyte > invalid {
        return None;
    }
    // Lone non-ASCII bytes between ASCII ones (`caf\xe9`, `\xa315m`) are Western European
    // text, whose letters stand alone; with so few bytes the detector's statistics can pick a
    // Central European encoding (`Ł15m`). Cyrillic, Greek and East Asian text come in runs.
    let longest_run = probe.split(u8::is_ascii).map(<[u8]>::len).max().unwrap_or(0);
    if longest_run == 1 {
        return Some(encoding_rs::WINDOWS_1252);
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(probe, whole);
    Some(detector.guess(None, Utf8Detection::Deny))
}

/// `text` with HTML character references (`&quot;`, `&amp;`, `&#8217;`) decoded, as scraped
/// text often carries them. Done before sanitizing: `&#27;` is an ESC like any other.
pub fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    html_escape::decode_html_entities(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_mostly_utf8_and_legacy_text_are_told_apart() {
        assert_eq!(sniff("Café crème".as_bytes(), true), None);
        assert_eq!(sniff(b"Caf\xe9 cr\xe8me br\xfbl\xe9e, \xa35.", true).map(Encoding::name), Some("windows-1252"));
        assert_eq!(
            sniff(b"Mutu, a \xa315.8m signing", true).map(Encoding::name),
            Some("windows-1252"),
            "not 1250's \u{141}"
        );
        let polish = encoding_rs::WINDOWS_1250.encode("Zażółć gęślą jaźń, mówił Paweł o świętach.").0;
        assert_eq!(sniff(&polish, true).map(Encoding::name), Some("windows-1250"));
        // A UTF-8 file with one stray Latin-1 byte stays UTF-8.
        assert_eq!(
            sniff("Café crème brûlée \u{2013} ".bytes().chain([0xa3]).collect::<Vec<_>>().as_slice(), true),
            None
        );
        let russian = encoding_rs::WINDOWS_1251.encode("Привет, как дела? Это обычный русский текст о погоде.").0;
        assert_eq!(sniff(&russian, true).map(Encoding::name), Some("windows-1251"));
        let japanese = encoding_rs::SHIFT_JIS.encode("日本語のテキストです。これはテストの文章です。").0;
        assert_eq!(sniff(&japanese, true).map(Encoding::name), Some("Shift_JIS"));
        // A UTF-8 character cut by the probe's end is no reason to guess.
        let cut = &"ab£".as_bytes()[..3];
        assert_eq!(sniff(cut, false), None);
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(decode_entities("&quot;Jos&#233;&quot; &amp; co &lt;3 &#8217;"), "\"José\" & co <3 \u{2019}");
        assert_eq!(decode_entities("no entity"), "no entity");
    }
}
