//! Decoding bytes into text: UTF-8, UTF-16 by its BOM, a legacy encoding guessed by chardetng; binary refused; HTML entities.

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

/// The first bytes of a file decide it: they are scanned for NUL to tell a binary file from
/// text (as `grep` and `git` do), and a title is read from them alone.
pub const PROBE_BYTES: usize = 8 * 1024;
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Binary,
    /// The file is of its kind in name only (a broken EPUB): why, for the warning.
    Unreadable(String),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Binary => f.write_str("binary file"),
            DecodeError::Unreadable(why) => f.write_str(why),
        }
    }
}

/// Decoded text, whether some bytes had to be replaced, and the legacy encoding it was read
/// in when it was not UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub lossy: bool,
    pub encoding: Option<&'static str>,
}

/// Decodes UTF-8 (BOM stripped, stray invalid bytes replaced), UTF-16 with a BOM, or a legacy
/// encoding (see [`sniff`]). `complete` is false when `bytes` is only the start of a file: a
/// character cut at the end is then dropped instead of flagged.
pub fn decode(bytes: &[u8], complete: bool) -> Result<Decoded, DecodeError> {
    decode_declared(bytes, complete, None)
}

/// Decodes as [`decode`] does, but text that is not UTF-8 is read in the encoding the file
/// `declared` (an HTML page's `<meta charset>`), when it named one, rather than a guess.
pub fn decode_declared(
    bytes: &[u8],
    complete: bool,
    declared: Option<&'static Encoding>,
) -> Result<Decoded, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Ok(decode_utf16(rest, u16::from_le_bytes, complete));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Ok(decode_utf16(rest, u16::from_be_bytes, complete));
    }
    let mut bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if bytes[..bytes.len().min(PROBE_BYTES)].contains(&0) {
        return Err(DecodeError::Binary);
    }
    if let Some(guessed) = sniff(bytes, complete) {
        let ascii_compatible = |e: &&'static Encoding| e.is_ascii_compatible() && *e != encoding_rs::UTF_8;
        let encoding = declared.filter(ascii_compatible).unwrap_or(guessed);
        let (text, lossy) = encoding.decode_without_bom_handling(bytes);
        return Ok(Decoded { text: text.into_owned(), lossy: lossy && complete, encoding: Some(encoding.name()) });
    }
    if let Err(e) = std::str::from_utf8(bytes)
        && !complete
        && e.error_len().is_none()
    {
        bytes = &bytes[..e.valid_up_to()];
    }
    Ok(match std::str::from_utf8(bytes) {
        Ok(text) => Decoded { text: text.to_owned(), lossy: false, encoding: None },
        Err(_) => Decoded { text: String::from_utf8_lossy(bytes).into_owned(), lossy: true, encoding: None },
    })
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16, complete: bool) -> Decoded {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut lossy = complete && bytes.len() % 2 == 1;
    let text = char::decode_utf16(units)
        .map(|r| {
            r.unwrap_or_else(|_| {
                lossy = true;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    Decoded { text, lossy, encoding: None }
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

    #[test]
    fn decodes_boms_latin1_and_detects_binary() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFhi", true).unwrap(),
            Decoded { text: "hi".into(), lossy: false, encoding: None }
        );
        assert_eq!(
            decode(b"\xFF\xFEh\0i\0", true).unwrap(),
            Decoded { text: "hi".into(), lossy: false, encoding: None }
        );
        assert_eq!(
            decode(b"\xFE\xFF\0h\0i", true).unwrap(),
            Decoded { text: "hi".into(), lossy: false, encoding: None }
        );
        // Latin-1 bytes are read as Windows-1252, and say so; not replaced.
        let latin = Decoded { text: "Café crème costs £5.".into(), lossy: false, encoding: Some("windows-1252") };
        assert_eq!(decode(b"Caf\xe9 cr\xe8me costs \xa35.", true).unwrap(), latin);
        // UTF-8 with one stray byte stays UTF-8, the byte replaced and flagged.
        let mixed = decode("Café \u{2013} ".bytes().chain([0xa3]).collect::<Vec<_>>().as_slice(), true).unwrap();
        assert_eq!(mixed, Decoded { text: "Café \u{2013} \u{FFFD}".into(), lossy: true, encoding: None });
        assert_eq!(decode(b"ELF\0\x01", true), Err(DecodeError::Binary));
        let cut = "£".as_bytes()[..1].to_vec();
        assert_eq!(
            decode(&[b"ab".as_slice(), &cut].concat(), false).unwrap(),
            Decoded { text: "ab".into(), lossy: false, encoding: None }
        );
        // At the real end of a file the same byte is no cut character: a legacy byte.
        assert!(decode(&[b"ab".as_slice(), &cut].concat(), true).unwrap().encoding.is_some());
        // A NUL in the first 8 KiB makes a file binary; one after it does not.
        let mut bytes = vec![b'a'; PROBE_BYTES + 1];
        bytes[PROBE_BYTES - 1] = 0;
        assert_eq!(decode(&bytes, true), Err(DecodeError::Binary));
        bytes[PROBE_BYTES - 1] = b'a';
        bytes[PROBE_BYTES] = 0;
        assert!(decode(&bytes, true).is_ok());
    }
}
