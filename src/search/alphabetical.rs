//! The a-z order of a million titles in a frame or two: keys of 27 lowered bytes sorted, ties sorted on.
//!
//! The order is that of the lower-cased folded titles compared as strings, ties in store order:
//! what sorting by whole lowered titles gives, without a million lowered copies and their
//! pointer-chasing comparisons. One pass in store order makes each title a 32-byte key that
//! sorts as the title's first 27 bytes would; only the titles whose keys tie and go on are
//! read again, 27 bytes further, and their runs sorted on both cores.

use super::syntax::lower_char;
use crate::store::catalog::Arena;
use rayon::prelude::*;

/// Lowered bytes of the title in one key: what four words hold besides a length byte and a
/// position (three words left 60% of a million titles tied, five sorted slower).
const STEP: usize = 8 * WORDS - 5;
const WORDS: usize = 4;

/// A sort key that is its own tie-breaker: 27 lowered bytes of a title from some offset (zeros
/// past its end), how many are left from that offset (at most 28, "sort on"), and the title's
/// position, big-endian in four words. Sorting keys sorts titles, equal ones in store order.
type Key = [u64; WORDS];

/// Whether two keys hold the same bytes, whatever their positions.
fn tie(a: &Key, b: &Key) -> bool {
    a[..WORDS - 1] == b[..WORDS - 1] && a[WORDS - 1] >> 32 == b[WORDS - 1] >> 32
}

fn position(key: &Key) -> u32 {
    key[WORDS - 1] as u32
}

/// The first `len` titles of `titles` (folded) in a-z order, as positions.
pub fn order(titles: &Arena, len: usize) -> Vec<u32> {
    let mut keys: Vec<Key> = (0..len as u32).into_par_iter().map(|i| key(titles, i, 0)).collect();
    keys.par_sort_unstable();
    keys.par_chunk_by_mut(tie).for_each(|run| sort_run(titles, run, 0));
    keys.into_par_iter().map(|key| position(&key)).collect()
}

/// The key of title `i` from byte `at` of it lowered as [`lower`](super::syntax::lower) does.
fn key(titles: &Arena, i: u32, at: usize) -> Key {
    let range = titles.range(i as usize);
    let title = &titles.text()[range.clone()];
    let mut bytes = [0u8; 8 * WORDS];
    // Lowering keeps an ASCII prefix's bytes where they were, whatever follows it.
    let prefix = title.as_bytes().get(..at + bytes.len()).unwrap_or(title.as_bytes());
    let left = if prefix.is_ascii() {
        // A whole key's width read and lowered at once, then what lies past the title cleared:
        // fixed-size work the compiler vectorises.
        let text = titles.text().as_bytes();
        let from = (range.start + at).min(range.end);
        let window = &text[from..(from + bytes.len()).min(text.len())];
        bytes[..window.len()].copy_from_slice(window);
        bytes.iter_mut().for_each(|b| *b = b.to_ascii_lowercase());
        (range.end - from).min(STEP + 1)
    } else {
        lowered_into(title, at, &mut bytes[..STEP + 1])
    };
    bytes[left..].fill(0);
    bytes[STEP] = left as u8;
    bytes[STEP + 1..].copy_from_slice(&i.to_be_bytes());
    std::array::from_fn(|w| u64::from_be_bytes(bytes[8 * w..8 * w + 8].try_into().expect("8 bytes")))
}

/// Writes bytes `at..` of `title` lowered into `out` as far as they go; how many it wrote.
fn lowered_into(title: &str, at: usize, out: &mut [u8]) -> usize {
    let (mut offset, mut written) = (0, 0);
    let mut buf = [0; 4];
    for c in title.chars() {
        for &byte in lower_char(c).encode_utf8(&mut buf).as_bytes() {
            if offset >= at {
                if written == out.len() {
                    return written;
                }
                out[written] = byte;
                written += 1;
            }
            offset += 1;
        }
    }
    written
}

/// Sorts a run of titles whose keys at `at` tie: those that go on, by their next bytes (those
/// that end within the key are equal, and already in store order).
fn sort_run(titles: &Arena, run: &mut [Key], at: usize) {
    if run.len() < 2 || (run[0][WORDS - 1] >> 32) & 0xff <= STEP as u64 {
        return;
    }
    let at = at + STEP;
    for key in run.iter_mut() {
        *key = self::key(titles, position(key), at);
    }
    run.sort_unstable();
    for tied in run.chunk_by_mut(tie) {
        sort_run(titles, tied, at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::syntax::lower;
    use proptest::prelude::*;

    /// The order it stands for: whole lowered titles, ties in store order.
    fn reference(titles: &Arena) -> Vec<u32> {
        let mut order: Vec<u32> = (0..titles.len() as u32).collect();
        order.sort_by_cached_key(|&i| lower(titles.get(i as usize)));
        order
    }

    fn arena(titles: &[&str]) -> Arena {
        let mut arena = Arena::default();
        titles.iter().for_each(|t| arena.push(t));
        arena
    }

    #[test]
    fn titles_sort_by_their_lowered_text_and_ties_keep_store_order() {
        let titles = arena(&[
            "Sony wins the long awaited deal",
            "sony wins the long awaited DEAL",
            "Sony wins the long awaited",
            "Sony wins the long awaited deal!",
            "sony",
            "Sony\u{0}",
            "ΣΩΚΡΑΤΗΣ",
            "σωκρατησ",
            "İstanbul",
            "istanbul",
            "",
            "apple",
            "Apple pie and a very long tail that goes on and on and on",
            "Apple pie and a very long tail that goes on and on and oN",
            "Apple pie and a very long tail that goes on and on and om",
        ]);
        let sorted = order(&titles, titles.len());
        assert_eq!(sorted, reference(&titles));
        assert_eq!(sorted[..3], [10, 11, 14], "the empty title, then apple, then its longer kin");
        assert_eq!(order(&titles, 4), [2, 0, 1, 3], "only the first `len`");
    }

    #[test]
    fn long_runs_of_one_prefix_take_more_passes() {
        // More than a short run's worth sharing 40 bytes, differing after them or not at all.
        let prefix = "a headline that is the same for forty by";
        let owned: Vec<String> = (0..200).map(|i| format!("{prefix}{}", (i * 7919) % 61)).collect();
        let titles = arena(&owned.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(order(&titles, titles.len()), reference(&titles));
    }

    #[test]
    fn a_title_lowered_shorter_is_read_on_from_where_its_lowered_bytes_are() {
        // İ lowers to i, a byte shorter: the second key of each must start 27 lowered bytes in.
        let x = "x".repeat(30);
        let owned = [format!("İİ{x}a"), format!("ii{x}b"), format!("ΣΣ{x}c"), format!("σσ{x}B")];
        let titles = arena(&owned.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(order(&titles, titles.len()), [0, 1, 3, 2]);
    }

    proptest! {
        #[test]
        fn the_order_is_that_of_whole_lowered_titles(
            titles in prop::collection::vec("(Ab|aB|ab|İ|i|Σ|σ|ς|x|\u{0}| ){0,40}", 0..300)
        ) {
            let titles = arena(&titles.iter().map(String::as_str).collect::<Vec<_>>());
            prop_assert_eq!(order(&titles, titles.len()), reference(&titles));
        }
    }
}
