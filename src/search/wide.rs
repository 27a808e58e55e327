//! The bound pass vectorised: a plain query's match test and score bound, 32 title bytes at a time.
//
// For a plain query (every set one fuzzy ASCII title term) this computes exactly what
// `TermScan::bound` computes title by title, byte by byte: whether each term's chars occur in
// order, and the sum of each char's best `match + bonus` over the places it occurs. Here a
// title's bytes are compared 32 at a time with AVX2: one compare gives every place a char
// occurs, a nibble-table lookup every byte's class, and a byte-wise max each char's best. The
// machine is checked once per chunk; titles over 128 bytes and machines without AVX2 take the
// scalar `TermScan` (property tests check the two agree on every title).

use super::Query;
use super::skim::TermScan;
use crate::store::catalog::{Arena, BYTE_BINS};

/// Titles longer than this take the scalar pass: four vectors cover the common case.
const MAX_WIDE_LEN: usize = 128;

/// Chars of all terms together that the pass handles; longer queries take the scalar pass.
const MAX_NEEDLES: usize = 64;

/// One char of a term as the pass compares it.
#[derive(Debug, Clone, Copy)]
struct Needle {
    /// The char as typed (lower-cased unless its term is case-sensitive).
    byte: u8,
    /// An ASCII letter of a term without capitals: matches either case (a mismatch costs 2).
    folds: bool,
}

/// A plain query compiled for the vectorised pass.
#[derive(Debug, Clone)]
pub struct WideQuery {
    needles: Vec<Needle>,
    /// Each term's needles, as a range of `needles`.
    terms: Vec<std::ops::Range<usize>>,
    /// The same terms for the scalar pass.
    scans: Vec<TermScan>,
    /// The byte bins a title must hold to match ([`crate::store::catalog::BYTE_BINS`]).
    bins: u64,
}

impl WideQuery {
    /// `None` unless every set of `query` is one fuzzy ASCII title term of at most 32 chars.
    pub fn new(query: &Query) -> Option<WideQuery> {
        if !query.is_plain() || query.is_empty() {
            return None;
        }
        let mut wide = WideQuery { needles: Vec::new(), terms: Vec::new(), scans: Vec::new(), bins: 0 };
        for set in query.sets() {
            let term = &set[0];
            wide.scans.push(term.scan.clone()?);
            let start = wide.needles.len();
            wide.needles.extend(
                term.text
                    .bytes()
                    .map(|byte| Needle { byte, folds: !term.case_sensitive && byte.is_ascii_alphabetic() }),
            );
            wide.terms.push(start..wide.needles.len());
        }
        wide.bins = wide.needles.iter().fold(0, |bins, needle| bins | BYTE_BINS[usize::from(needle.byte)]);
        // The pass keeps each char's window on the stack.
        (wide.needles.len() <= MAX_NEEDLES).then_some(wide)
    }

    /// The bound of the title `title` when every term matches it, and where the greedy match
    /// put the last term's last char; else `None`: the scalar pass.
    fn scalar_bound(&self, title: &[u8]) -> Option<(i64, usize)> {
        self.scans.iter().try_fold((0, 0), |(sum, _), scan| {
            let (bound, end) = scan.scan(title)?;
            Some((sum + bound, end))
        })
    }

    /// Calls `found(candidate, bound, end)` for each of `candidates` (positions in `titles`,
    /// whose byte bins `bins` holds) that every term matches, in order; `end` is where the
    /// greedy match put the last term's last char (a [`super::growth::Growth`] goes on from it).
    pub fn bounds(&self, titles: &Arena, bins: &[u64], candidates: &[u32], found: &mut impl FnMut(u32, i64, u32)) {
        // Titles without some char of the query are passed over unread: most, for a rare char.
        let mut maybe = candidates.iter().copied().filter(|&index| bins[index as usize] & self.bins == self.bins);
        #[cfg(target_arch = "x86_64")]
        if vectorised() {
            // SAFETY: the CPU has AVX2, checked by `vectorised`.
            unsafe { x86::bounds(self, titles, &mut maybe, found) };
            return;
        }
        for index in maybe {
            if let Some((bound, end)) = self.scalar_bound(titles.get(index as usize).as_bytes()) {
                found(index, bound, end as u32);
            }
        }
    }
}

/// Whether the AVX2 pass runs: the CPU has AVX2 and `FOLIO_SCALAR` does not ask for the
/// portable pass (CI runs the matcher's tests once with it set, so that the path of a machine
/// without AVX2 is the one tested, not only compared).
pub fn vectorised() -> bool {
    static VECTORISED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *VECTORISED.get_or_init(|| {
        let forced_scalar = std::env::var_os("FOLIO_SCALAR").is_some_and(|v| !v.is_empty() && v != "0");
        #[cfg(target_arch = "x86_64")]
        let avx2 = std::arch::is_x86_feature_detected!("avx2");
        #[cfg(not(target_arch = "x86_64"))]
        let avx2 = false;
        avx2 && !forced_scalar
    })
}

/// For the tests that compare the two passes: whether there is a vectorised pass to compare.
/// Without AVX2 they would compare the scalar pass with itself, so CI (which has it) fails.
#[cfg(test)]
fn comparable() -> bool {
    if vectorised() {
        return true;
    }
    if std::env::var_os("FOLIO_SCALAR").is_none() {
        crate::testing::missing("AVX2, to compare the vectorised pass with the scalar one");
    }
    false
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::super::skim;
    use super::{MAX_NEEDLES, MAX_WIDE_LEN, Needle, WideQuery};
    use crate::store::catalog::Arena;
    use std::arch::x86_64::*;

    /// Skim's in-place bonuses and scores (see `skim.rs`), as the byte lanes hold them.
    const BONUS_HEAD: i8 = skim::BONUS_HEAD as i8;
    const BONUS_BREAK: i8 = skim::BONUS_BREAK as i8;
    const BONUS_CAMEL: i8 = skim::BONUS_CAMEL as i8;
    const BONUS_CONSECUTIVE: i8 = skim::BONUS_CONSECUTIVE as i8;
    /// What a char that does not follow its predecessor pays.
    const GAP: i8 = -(skim::GAP_START + skim::GAP_EXTENSION) as i8;
    const SCORE_MATCH: i8 = skim::SCORE_MATCH as i8;
    const CASE_MISMATCH: i8 = -skim::PENALTY_CASE_MISMATCH as i8;

    /// Byte classes by nibble: a byte is in class bit `k` when both its low and its high nibble
    /// entries have bit `k`. Bits 0-2 are hard separators (` ()/`, `[\]{|}`, NUL: the Empty of
    /// a title's start scores as one), bits 3-7 soft ones (`!"#$%&'*+,-.:;<=>?@^_``~`).
    // Bits by low nibble:   0: H1 H3 S3; 1-7: S1; 8, 9: H1; A: S1 S2; B-D: H2 S1 S2;
    // E: S1 S2 S4; F: H1 S2 S5. By high nibble: 0: H3; 2: H1 S1; 3: S2 S4 S5; 4, 6: S3;
    // 5: H2 S4 S5; 7: H2 S4 (H1-H3 are bits 0-2, S1-S5 bits 3-7).
    const LOW_NIBBLE: [i8; 16] = [37, 8, 8, 8, 8, 8, 8, 8, 1, 1, 24, 26, 26, 26, 88, -111];
    const HIGH_NIBBLE: [i8; 16] = [4, 0, 9, -48, 32, -62, 32, 66, 0, 0, 0, 0, 0, 0, 0, 0];

    /// The previous byte of every lane: `current` shifted up one byte, `before`'s last byte first.
    #[inline]
    #[target_feature(enable = "avx2")]
    fn previous_bytes(current: __m256i, before: __m256i) -> __m256i {
        _mm256_alignr_epi8::<15>(current, _mm256_permute2x128_si256::<0x21>(before, current))
    }

    /// The largest of 32 signed lanes.
    #[inline]
    #[target_feature(enable = "avx2")]
    fn max_lane(lanes: __m256i) -> i8 {
        let x = _mm256_max_epi8(lanes, _mm256_permute2x128_si256::<0x01>(lanes, lanes));
        let mut x = _mm256_castsi256_si128(x);
        x = _mm_max_epi8(x, _mm_shuffle_epi32::<0x4E>(x));
        x = _mm_max_epi8(x, _mm_shuffle_epi32::<0xB1>(x));
        x = _mm_max_epi8(x, _mm_shufflelo_epi16::<0xB1>(x));
        x = _mm_max_epi8(x, _mm_srli_epi16::<8>(x));
        _mm_cvtsi128_si32(x) as i8
    }

    /// What [`WideQuery::bounds`] does, for a CPU with AVX2.
    #[target_feature(enable = "avx2")]
    pub(super) fn bounds(
        wide: &WideQuery,
        titles: &Arena,
        candidates: &mut impl Iterator<Item = u32>,
        found: &mut impl FnMut(u32, i64, u32),
    ) {
        let text = titles.text().as_bytes();
        let mut padded = [0u8; MAX_WIDE_LEN];
        // Made once for all titles: zeroing them per title cost more than the compares.
        let mut earliest = [0usize; MAX_NEEDLES];
        for index in candidates {
            let range = titles.range(index as usize);
            let len = range.len();
            let bytes = if range.start + MAX_WIDE_LEN <= text.len() {
                // The vectors may read past the title into the next ones: those lanes are masked.
                &text[range.start..range.start + MAX_WIDE_LEN]
            } else if len <= MAX_WIDE_LEN {
                padded[..len].copy_from_slice(&text[range.clone()]);
                &padded[..]
            } else {
                &[]
            };
            let bound = match len.div_ceil(32) {
                // An empty title holds no char of a term.
                0 => None,
                1 => title_bound::<1>(wide, bytes, len, &mut earliest),
                2 => title_bound::<2>(wide, bytes, len, &mut earliest),
                3 => title_bound::<3>(wide, bytes, len, &mut earliest),
                4 => title_bound::<4>(wide, bytes, len, &mut earliest),
                _ => wide.scalar_bound(&text[range]),
            };
            if let Some((bound, end)) = bound {
                found(index, bound, end as u32);
            }
        }
    }

    /// Lanes `from..=to` of a vector whose first lane is byte `offset`.
    #[inline]
    #[target_feature(enable = "avx2")]
    fn lanes_between(from: usize, to: usize, offset: usize) -> __m256i {
        let lane = |at: usize| (at as isize - offset as isize).clamp(-64, 64) as i8;
        let numbers = _mm256_setr_epi8(
            0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
            29, 30, 31,
        );
        _mm256_and_si256(
            _mm256_cmpgt_epi8(numbers, _mm256_set1_epi8(lane(from) - 1)),
            _mm256_cmpgt_epi8(_mm256_set1_epi8(lane(to) + 1), numbers),
        )
    }

    /// The bound of the title that is the first `len` bytes of `bytes` (128 of them, readable),
    /// `N` vectors long, and the last char's earliest place. `earliest` is room for each char's
    /// earliest place.
    #[inline]
    #[target_feature(enable = "avx2")]
    fn title_bound<const N: usize>(
        wide: &WideQuery,
        bytes: &[u8],
        len: usize,
        earliest: &mut [usize; MAX_NEEDLES],
    ) -> Option<(i64, usize)> {
        assert!(bytes.len() >= MAX_WIDE_LEN && len > 32 * (N - 1) && len <= 32 * N);
        let zero = _mm256_setzero_si256();
        let ones = _mm256_set1_epi8(-1);
        let mut plain = [zero; N];
        let mut either_case = [zero; N];
        for k in 0..N {
            // SAFETY: `bytes` holds 128 bytes, and k < 4.
            plain[k] = unsafe { _mm256_loadu_si256(bytes.as_ptr().add(32 * k).cast()) };
            either_case[k] = _mm256_or_si256(plain[k], _mm256_set1_epi8(0x20));
        }
        let hay = |needle: Needle, k: usize| match needle.folds {
            true => _mm256_cmpeq_epi8(either_case[k], _mm256_set1_epi8((needle.byte | 0x20) as i8)),
            false => _mm256_cmpeq_epi8(plain[k], _mm256_set1_epi8(needle.byte as i8)),
        };
        // The match test: each term's chars in order, the earliest place each time, from where
        // each char is counted (to the title's end: see `TermScan::bound`).
        let valid = u128::MAX >> (128 - len);
        for term in &wide.terms {
            let needles = &wide.needles[term.clone()];
            let mut from = 0u32;
            for (i, &needle) in needles.iter().enumerate() {
                let mut mask = 0u128;
                for k in 0..N {
                    mask |= u128::from(_mm256_movemask_epi8(hay(needle, k)) as u32) << (32 * k);
                }
                let rest = mask & valid & u128::MAX.checked_shl(from).unwrap_or(0);
                if rest == 0 {
                    return None;
                }
                earliest[term.start + i] = rest.trailing_zeros() as usize;
                from = rest.trailing_zeros() + 1;
            }
        }
        // Each lane's score if a char matches there: the match, minus the case mismatch of a
        // capital met by a letter typed lower-case, plus the in-place bonus (of the first char,
        // of a char right after its predecessor, or after a gap).
        let (low_table, high_table) = (
            // SAFETY: each table is 16 bytes, what one unaligned 128-bit load reads.
            _mm256_broadcastsi128_si256(unsafe { _mm_loadu_si128(LOW_NIBBLE.as_ptr().cast()) }),
            _mm256_broadcastsi128_si256(unsafe { _mm_loadu_si128(HIGH_NIBBLE.as_ptr().cast()) }),
        );
        let nibble = _mm256_set1_epi8(0x0F);
        let [mut first_folded, mut first_plain, mut next_folded, mut next_plain, mut gap_folded, mut gap_plain] =
            [[zero; N]; 6];
        // Before the title: the Empty class, which bonuses as a hard separator does.
        let (mut hard_before, mut soft_before, mut other_before) = (ones, zero, zero);
        for k in 0..N {
            let v = plain[k];
            let low = _mm256_shuffle_epi8(low_table, _mm256_and_si256(v, nibble));
            let high = _mm256_shuffle_epi8(high_table, _mm256_and_si256(_mm256_srli_epi16::<4>(v), nibble));
            let class = _mm256_and_si256(low, high);
            let hard = _mm256_xor_si256(_mm256_cmpeq_epi8(_mm256_and_si256(class, _mm256_set1_epi8(0x07)), zero), ones);
            let soft = _mm256_xor_si256(
                _mm256_cmpeq_epi8(_mm256_and_si256(class, _mm256_set1_epi8(0xF8u8 as i8)), zero),
                ones,
            );
            let from_a = _mm256_sub_epi8(v, _mm256_set1_epi8(b'A' as i8));
            let upper = _mm256_cmpeq_epi8(_mm256_min_epu8(from_a, _mm256_set1_epi8(25)), from_a);
            // Lower, Number and every other byte (non-ASCII ones too) count as Lower does.
            let other = _mm256_xor_si256(_mm256_or_si256(_mm256_or_si256(hard, soft), upper), ones);
            let camel = _mm256_and_si256(previous_bytes(other, other_before), upper);
            let mut in_place = _mm256_or_si256(
                _mm256_or_si256(
                    _mm256_and_si256(previous_bytes(hard, hard_before), _mm256_set1_epi8(BONUS_HEAD)),
                    _mm256_and_si256(previous_bytes(soft, soft_before), _mm256_set1_epi8(BONUS_BREAK)),
                ),
                _mm256_and_si256(camel, _mm256_set1_epi8(BONUS_CAMEL)),
            );
            if k == 0 {
                // The first byte's bonus counts twice.
                in_place =
                    _mm256_add_epi8(in_place, _mm256_and_si256(lanes_between(0, 0, 0), _mm256_set1_epi8(BONUS_HEAD)));
            }
            (hard_before, soft_before, other_before) = (hard, soft, other);
            let matched = _mm256_set1_epi8(SCORE_MATCH);
            let case_cost = _mm256_and_si256(upper, _mm256_set1_epi8(CASE_MISMATCH));
            first_plain[k] = _mm256_add_epi8(matched, in_place);
            next_plain[k] = _mm256_add_epi8(matched, _mm256_max_epi8(in_place, _mm256_set1_epi8(BONUS_CONSECUTIVE)));
            gap_plain[k] = _mm256_add_epi8(matched, _mm256_sub_epi8(in_place, _mm256_set1_epi8(GAP)));
            first_folded[k] = _mm256_sub_epi8(first_plain[k], case_cost);
            next_folded[k] = _mm256_sub_epi8(next_plain[k], case_cost);
            gap_folded[k] = _mm256_sub_epi8(gap_plain[k], case_cost);
        }
        // Each char's best lane within its window. Every window holds a place (the match test
        // found it) whose score is above 0, so lanes outside count 0.
        let mut total = 0i64;
        for term in &wide.terms {
            total -= 1; // the gap before the first char
            let mut before = [zero; N];
            for (i, &needle) in wide.needles[term.clone()].iter().enumerate() {
                let (from, to) = (earliest[term.start + i], len - 1);
                let mut best = zero;
                let mut here = [zero; N];
                for k in 0..N {
                    here[k] = hay(needle, k);
                    if to < 32 * k || from >= 32 * (k + 1) {
                        continue;
                    }
                    let score = match (i, needle.folds) {
                        (0, true) => first_folded[k],
                        (0, false) => first_plain[k],
                        _ => {
                            let follows = previous_bytes(before[k], if k == 0 { zero } else { before[k - 1] });
                            match needle.folds {
                                true => _mm256_blendv_epi8(gap_folded[k], next_folded[k], follows),
                                false => _mm256_blendv_epi8(gap_plain[k], next_plain[k], follows),
                            }
                        }
                    };
                    let counted = _mm256_and_si256(here[k], lanes_between(from, to, 32 * k));
                    best = _mm256_max_epi8(best, _mm256_and_si256(score, counted));
                }
                total += i64::from(max_lane(best));
                before = here;
            }
        }
        Some((total, earliest[wide.needles.len() - 1]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn wide_bound(query: &str, title: &str) -> Option<(i64, usize)> {
        let wide = WideQuery::new(&Query::parse(query)).expect("a plain ASCII query");
        let mut titles = Arena::default();
        titles.push(title);
        let mut bound = None;
        wide.bounds(&titles, &[crate::store::catalog::byte_bins(title.as_bytes())], &[0], &mut |_, b, end| {
            bound = Some((b, end as usize))
        });
        bound
    }

    #[test]
    fn only_plain_ascii_queries_compile() {
        assert!(WideQuery::new(&Query::parse("sony pictures")).is_some());
        for query in ["", "'sony", "^so", "so$", "!so", "so | pi", "business/", "café", "東京"] {
            assert!(WideQuery::new(&Query::parse(query)).is_none(), "{query:?}");
        }
    }

    #[test]
    fn equals_the_scalar_pass_on_generated_titles() {
        if !comparable() {
            return;
        }
        let titles = crate::generate::titles(81, 3_000);
        let mut arena = Arena::default();
        titles.iter().for_each(|t| arena.push(&crate::fold::fold(t)));
        let bins: Vec<u64> =
            (0..arena.len()).map(|i| crate::store::catalog::byte_bins(arena.get(i).as_bytes())).collect();
        let candidates: Vec<u32> = (0..titles.len() as u32).collect();
        for query in ["so", "son", "sony pictures", "blair", "Sony", "e-", "2005 ab", "microsoftnetworkdeal", "zq"] {
            let wide = WideQuery::new(&Query::parse(query)).unwrap();
            let mut got = Vec::new();
            wide.bounds(&arena, &bins, &candidates, &mut |i, b, end| got.push((i, (b, end as usize))));
            let want: Vec<(u32, (i64, usize))> = candidates
                .iter()
                .filter_map(|&i| Some((i, wide.scalar_bound(arena.get(i as usize).as_bytes())?)))
                .collect();
            assert_eq!(got, want, "{query:?}");
        }
    }

    #[test]
    fn every_ascii_byte_is_classed_as_the_scalar_pass_classes_it() {
        if !comparable() {
            return;
        }
        // Before and after each byte, in either case, at the start and inside the title.
        for byte in 0..128u8 {
            let byte = char::from(byte);
            for title in [
                format!("{byte}a"),
                format!("{byte}A"),
                format!("x{byte}a"),
                format!("a{byte}"),
                format!("{byte}{byte}"),
            ] {
                for query in ["a", "xa", &byte.to_ascii_lowercase().to_string()] {
                    let Some(wide) = WideQuery::new(&Query::parse(query)) else { continue };
                    let bound = wide_bound(query, &title);
                    assert_eq!(bound, wide.scalar_bound(title.as_bytes()), "{query:?} in {title:?}");
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn equals_the_scalar_pass(
            // Up to 140 bytes: past the four vectors, and every byte class next to every other.
            title in "[ -~éÉ日\\x00\\x01\\x7f]{0,70}",
            query in "[aAbB .\\-_(0-9]{1,6}( [aAbB09]{1,4})?",
        ) {
            if !comparable() {
                return Ok(());
            }
            let parsed = Query::parse(&query);
            prop_assume!(WideQuery::new(&parsed).is_some());
            let wide = WideQuery::new(&parsed).unwrap();
            prop_assert_eq!(wide_bound(&query, &title), wide.scalar_bound(title.as_bytes()));
        }
    }
}
