//! Packed strings: titles and ids end to end, and the patches that give folded titles back.

use rayon::prelude::*;
use std::sync::{PoisonError, RwLock, RwLockReadGuard};

/// Strings packed end to end: one allocation for a million titles instead of a million.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Arena {
    text: String,
    ends: Vec<u32>,
}

impl Arena {
    pub fn push(&mut self, s: &str) {
        self.push_with(|text| text.push_str(s));
    }

    /// Adds the entry `write` appends to the arena's text.
    pub fn push_with<T>(&mut self, write: impl FnOnce(&mut String) -> T) -> T {
        let written = write(&mut self.text);
        self.ends.push(u32::try_from(self.text.len()).expect("an arena holds at most 4 GiB"));
        written
    }

    #[inline]
    pub fn get(&self, index: usize) -> &str {
        let start = if index == 0 { 0 } else { self.ends[index - 1] as usize };
        &self.text[start..self.ends[index] as usize]
    }

    /// Byte range of entry `index` in [`Arena::text`].
    pub fn range(&self, index: usize) -> std::ops::Range<usize> {
        let start = if index == 0 { 0 } else { self.ends[index - 1] as usize };
        start..self.ends[index] as usize
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

/// Which byte bins ([`byte_bins`]) each entry of an arena holds, made when first asked for and
/// extended as the arena grows: the matcher's to ask, so loading and restarting pay nothing
/// for them.
#[derive(Debug, Default)]
pub struct Bins(RwLock<Vec<u64>>);

impl Clone for Bins {
    fn clone(&self) -> Self {
        Bins(RwLock::new(self.0.read().unwrap_or_else(PoisonError::into_inner).clone()))
    }
}

impl Bins {
    /// The bins made so far, never more: for work running in parallel, which must not extend
    /// them (that would run a parallel job while holding the lock).
    pub fn made(&self) -> RwLockReadGuard<'_, Vec<u64>> {
        self.0.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// The bins of every entry of `arena` (the arena these bins have always been asked with).
    pub fn of(&self, arena: &Arena) -> RwLockReadGuard<'_, Vec<u64>> {
        let read = || self.0.read().unwrap_or_else(PoisonError::into_inner);
        if read().len() == arena.len() {
            return read();
        }
        let mut bins = self.0.write().unwrap_or_else(PoisonError::into_inner);
        let have = bins.len();
        bins.par_extend((have..arena.len()).into_par_iter().map(|i| byte_bins(arena.get(i).as_bytes())));
        drop(bins);
        read()
    }
}

/// Which of 64 bins of byte values `bytes` holds: a test that rejects most titles for a query
/// without reading them. An ASCII letter's bin is the same in either case.
pub fn byte_bins(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0, |bins, &byte| bins | BYTE_BINS[usize::from(byte)])
}

/// The bin of each byte value: letters 0-25 (either case), digits 26-35, other ASCII bytes
/// 36-62 by remainder, every byte of a non-ASCII char 63.
pub const BYTE_BINS: [u64; 256] = {
    let mut bins = [0u64; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        let bin = match b {
            b'a'..=b'z' => b - b'a',
            b'A'..=b'Z' => b - b'A',
            b'0'..=b'9' => 26 + b - b'0',
            0x80.. => 63,
            _ => 36 + b % 27,
        };
        bins[byte] = 1 << bin;
        byte += 1;
    }
    bins
};

/// Which entries of an arena of folded titles had accents, and what gives them back
/// ([`crate::fold::unfold`]).
#[derive(Debug, Default, Clone)]
pub struct Accents {
    /// One bit an entry: whether it has a patch.
    marked: Vec<u64>,
    /// How many entries before each word of `marked` have a patch: with a popcount, an
    /// entry's patch number in O(1), for 1.5 bits an entry instead of a 32-bit slot.
    before: Vec<u32>,
    patches: Vec<u8>,
    ends: Vec<u32>,
    len: usize,
}

impl Accents {
    /// Adds an entry, with the patch `write` appends (it returns whether it wrote one).
    pub fn push_with(&mut self, write: impl FnOnce(&mut Vec<u8>) -> bool) {
        let (word, bit) = (self.len / 64, self.len % 64);
        if bit == 0 {
            self.marked.push(0);
            self.before.push(self.ends.len() as u32);
        }
        if write(&mut self.patches) {
            self.marked[word] |= 1 << bit;
            self.ends.push(u32::try_from(self.patches.len()).expect("patches fit in 4 GiB"));
        }
        self.len += 1;
    }

    /// The patch of entry `index`, if it has one.
    #[inline]
    pub fn patch(&self, index: usize) -> Option<&[u8]> {
        let (word, bit) = (index / 64, index % 64);
        let marked = self.marked[word];
        if marked & (1 << bit) == 0 {
            return None;
        }
        let number = self.before[word] as usize + (marked & ((1 << bit) - 1)).count_ones() as usize;
        let start = number.checked_sub(1).map_or(0, |previous| self.ends[previous] as usize);
        Some(&self.patches[start..self.ends[number] as usize])
    }

    pub fn shrink_to_fit(&mut self) {
        self.marked.shrink_to_fit();
        self.before.shrink_to_fit();
        self.patches.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arena_entries_round_trip() {
        let mut arena = Arena::default();
        for s in ["", "Blair", "日本", ""] {
            arena.push(s);
        }
        assert_eq!((0..4).map(|i| arena.get(i)).collect::<Vec<_>>(), ["", "Blair", "日本", ""]);
        assert_eq!(arena.range(2), 5..11);
    }

    #[test]
    fn byte_bins_fold_case_and_keep_every_byte() {
        assert_eq!(byte_bins(b"Ab"), byte_bins(b"aB"));
        assert_eq!(byte_bins(b"ab") & byte_bins(b"z"), 0);
        for byte in 0..=255u8 {
            assert_ne!(byte_bins(&[byte]) & BYTE_BINS[usize::from(byte)], 0, "{byte}");
        }
        assert_eq!(byte_bins("é".as_bytes()), 1 << 63);
    }

    #[test]
    fn patches_are_found_by_rank_across_words() {
        let mut accents = Accents::default();
        let has_patch = |i: usize| i.is_multiple_of(7) || (60..70).contains(&i);
        for i in 0..300 {
            accents.push_with(|patch| {
                if has_patch(i) {
                    patch.extend_from_slice(&(i as u16).to_le_bytes());
                }
                has_patch(i)
            });
        }
        for i in 0..300 {
            let expected = has_patch(i).then(|| (i as u16).to_le_bytes().to_vec());
            assert_eq!(accents.patch(i).map(<[u8]>::to_vec), expected, "entry {i}");
        }
    }
}
