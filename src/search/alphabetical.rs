//! The a-z order of a million titles in a frame or two: keys of 27 lowered bytes sorted, ties sorted on.
//!
//! The order is that of the lower-cased folded titles compared as strings, ties in store order:
//! what sorting by whole lowered titles gives, without a million lowered copies and their
//! pointer-chasing comparisons. One pass in store order makes each title a 32-byte key that
//! sorts as the title's first 27 bytes would; only the titles whose keys tie and go on are
//! read again, 27 bytes further, and their runs sorted on both cores.

use super::syntax::{lower, lower_char};
use crate::store::catalog::Arena;
use rayon::prelude::*;

/// Lowered bytes of the title in one key: what four words hold besides a length byte and a
/// position (three words left 60% of a million titles tied, five sorted slower).
const STEP: usize = 8 * WORDS - 5;
const WORDS: usize = 4;

/// How far into tied titles keys are made; past it, a run is sorted by its whole lowered tails.
const DEEPEST: usize = 8 * STEP;

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
    // Found in one pass and only then shared out: most titles tie with none, and a parallel
    // task for each would cost more than its comparison.
    let tied: Vec<&mut [Key]> = keys.chunk_by_mut(tie).filter(|run| goes_on(run)).collect();
    tied.into_par_iter().for_each(|run| sort_run(titles, run, 0));
    keys.into_par_iter().map(|key| position(&key)).collect()
}

/// The key of title `i` from byte `at` of it lowered as [`lower`](super::syntax::lower) does.
fn key(titles: &Arena, i: u32, at: usize) -> Key {
    let range = titles.range(i as usize);
    let text = titles.text().as_bytes();
    let from = (range.start + at).min(range.end);
    // Lowering keeps an ASCII prefix's bytes where they were, whatever follows it.
    if text[range.start..(from + 8 * WORDS).min(range.end)].is_ascii() {
        let left = (range.end - from).min(STEP + 1);
        let word = |w: usize| {
            let at = from + 8 * w;
            let bytes: [u8; 8] = match text.get(at..at + 8) {
                Some(bytes) => bytes.try_into().expect("8 bytes"),
                None => std::array::from_fn(|k| text.get(at + k).copied().unwrap_or(0)),
            };
            // Bytes past the title (the next ones' or beyond the text) cleared.
            let kept = left.saturating_sub(8 * w).min(8);
            let mask = if kept == 0 { 0 } else { u64::MAX << (8 * (8 - kept)) };
            lowered_ascii(u64::from_be_bytes(bytes)) & mask
        };
        let last = word(WORDS - 1) & !0xff_ffff_ffff | (left as u64) << 32 | u64::from(i);
        return [word(0), word(1), word(2), last];
    }
    let title = &titles.text()[range];
    let mut bytes = [0u8; 8 * WORDS];
    let left = lowered_into(title, at, &mut bytes[..STEP + 1]);
    bytes[STEP] = left as u8;
    bytes[STEP + 1..].copy_from_slice(&i.to_be_bytes());
    std::array::from_fn(|w| u64::from_be_bytes(bytes[8 * w..8 * w + 8].try_into().expect("8 bytes")))
}

/// Asks the CPU to bring the bytes of a title that starts at `start` in `text` into its cache,
/// up to `at` and a key beyond, without waiting for them.
fn prefetch(text: &[u8], start: usize, at: usize) {
    #[cfg(target_arch = "x86_64")]
    for line in [start, start + at + 8 * WORDS - 1] {
        // SAFETY: a prefetch reads nothing the program sees and cannot fault; the address is
        // within the text (or one past its end).
        unsafe {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            _mm_prefetch::<_MM_HINT_T0>(text.as_ptr().add(line.min(text.len())).cast());
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (text, start, at);
}

/// Eight ASCII bytes lower-cased at once: each of `A`-`Z` gains 0x20 (no carry crosses a byte,
/// as every byte is below 0x80 once its top bit is set aside).
fn lowered_ascii(word: u64) -> u64 {
    const EACH: u64 = u64::MAX / 0xff;
    let low_bits = word & (0x7f * EACH);
    let from_a = low_bits + (0x80 - u64::from(b'A')) * EACH;
    let past_z = low_bits + (0x80 - u64::from(b'Z') - 1) * EACH;
    let capitals = from_a & !past_z & !word & (0x80 * EACH);
    word | capitals >> 2
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

/// Whether a run of tied keys has more to sort by: two or more, and their titles go on.
fn goes_on(run: &[Key]) -> bool {
    run.len() > 1 && (run[0][WORDS - 1] >> 32) & 0xff > STEP as u64
}

/// Sorts a run of titles whose keys at `at` tie: those that go on, by their next bytes (those
/// that end within the key are equal, and already in store order).
fn sort_run(titles: &Arena, run: &mut [Key], at: usize) {
    if !goes_on(run) {
        return;
    }
    let at = at + STEP;
    if at > DEEPEST {
        // Titles tied this far are rare and may be long (two copies of a 1 MB line): each is
        // lowered once and its tail compared whole, not keyed again 27 bytes at a time, each
        // time read from its start, a level deeper each time.
        run.sort_by_cached_key(|key| {
            let i = position(key);
            (lower(titles.get(i as usize)).as_bytes().get(at..).unwrap_or_default().to_vec(), i)
        });
        return;
    }
    // The titles of a run lie far apart in memory. Asked for a batch at a time (where each
    // starts, then its bytes), their reads overlap instead of waiting one by one.
    for batch in run.chunks_mut(32) {
        let starts: [usize; 32] =
            std::array::from_fn(|k| batch.get(k).map_or(0, |key| titles.range(position(key) as usize).start));
        starts[..batch.len()].iter().for_each(|&start| prefetch(titles.text().as_bytes(), start, at));
        for key in batch {
            *key = self::key(titles, position(key), at);
        }
    }
    run.sort_unstable();
    for tied in run.chunk_by_mut(tie) {
        sort_run(titles, tied, at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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

    #[test]
    fn every_ascii_byte_sorts_as_its_lowered_self() {
        let owned: Vec<String> = (0..128u8)
            .flat_map(|b| {
                let c = char::from(b);
                [format!("{c}"), format!("{c}{c}"), format!("x{c}"), format!("{}{c}", "y".repeat(30))]
            })
            .collect();
        let titles = arena(&owned.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(order(&titles, titles.len()), reference(&titles));
        for byte in 0..=255u8 {
            let word = u64::from_be_bytes([byte & 0x7f; 8]);
            assert_eq!(lowered_ascii(word), u64::from_be_bytes([(byte & 0x7f).to_ascii_lowercase(); 8]), "{byte}");
        }
    }

    #[test]
    fn titles_tied_past_the_deepest_key_are_sorted_by_their_whole_tails() {
        // Long copies and near-copies, ASCII and not: past DEEPEST they are compared whole.
        let long = "Ab".repeat(20_000);
        let owned: Vec<String> = [
            format!("{long}b"),
            format!("{long}A"),
            long.clone(),
            format!("{long}a"),
            format!("{long}B"),
            format!("İ{long}b"),
            format!("i̇{long}a"),
            long.clone(),
            format!("{long}a"),
        ]
        .into();
        let titles = arena(&owned.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(order(&titles, titles.len()), reference(&titles));
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
