//! Settling rows: exact scores for only the hits whose bounds could reach the rows wanted.

use super::Hit;
use super::engine::clamp;
use rayon::prelude::*;
use std::cmp::Ordering as Order;

/// Best score first, ties in store order: the one order every ranking follows.
fn rank_order(a: &Hit, b: &Hit) -> Order {
    b.score.cmp(&a.score).then(a.index.cmp(&b.index))
}

/// Exact scores by article index.
pub type ExactScore<'a> = &'a (dyn Fn(u32) -> i64 + Sync);

/// Puts the `count` best of `hits` (by the score they hold) first, in no order.
fn select_best(hits: &mut [Hit], count: usize) {
    if count > 0 && count < hits.len() {
        hits.select_nth_unstable_by(count - 1, rank_order);
    }
}

fn make_exact(hits: &mut [Hit], exact: ExactScore) {
    let score = |hit: &mut Hit| {
        if !hit.exact {
            *hit = Hit { score: clamp(exact(hit.index)), exact: true, ..*hit };
        }
    };
    if hits.len() > 512 {
        hits.par_iter_mut().for_each(score);
    } else {
        hits.iter_mut().for_each(score);
    }
}

/// Puts `hits[sorted..]`'s best in order until at least `rows` rows (and `ahead` more) are
/// settled; returns how many are.
///
/// Hits hold upper bounds until scored. The hits whose bound reaches the `need`-th best bound
/// are put in bound order (ties in store order) and scored from the best down, in batches that
/// double, until the next bound cannot beat the `need`-th best score so far (the bar): a broad
/// query whose best bound thousands of titles share scores only as many of them as it takes.
/// Then every other hit whose bound could still beat the bar is scored too.
pub fn sort_rows(hits: &mut [Hit], sorted: usize, rows: usize, ahead: usize, exact: ExactScore) -> usize {
    if rows <= sorted || sorted == hits.len() {
        return sorted;
    }
    let want = rows.max(sorted + ahead).min(hits.len());
    let need = want - sorted;
    let rest = &mut hits[sorted..];
    let front = best_bounds_first(rest, need);
    let cutoff = rest[front - 1].score;
    let mut scored = need;
    make_exact(&mut rest[..scored], exact);
    let bar = loop {
        select_best(&mut rest[..scored], need);
        let bar = rest[..need].iter().copied().max_by(rank_order).expect("need is at least one");
        let beating = scored + rest[scored..front].partition_point(|h| rank_order(h, &bar) == Order::Less);
        if beating == scored {
            break bar;
        }
        let next = beating.min(2 * scored);
        make_exact(&mut rest[scored..next], exact);
        scored = next;
    };
    // Past the front every bound is below the front's lowest: only a bar below that leaves
    // hits out there that could still beat it.
    let contenders = match bar.score >= cutoff {
        true => scored,
        false => scored + partition(&mut rest[scored..], |h| rank_order(h, &bar) == Order::Less),
    };
    make_exact(&mut rest[scored..contenders], exact);
    select_best(&mut rest[..contenders], need);
    rest[..need].sort_unstable_by(rank_order);
    want
}

/// Moves the hits whose bound reaches the `need`-th best bound to the front, in bound order
/// (ties in store order); returns how many there are. Bounds are small numbers, so a
/// histogram finds that bound and a counting sort orders the front, both in linear time.
fn best_bounds_first(hits: &mut [Hit], need: usize) -> usize {
    let (low, high) = hits.iter().fold((i32::MAX, i32::MIN), |(low, high), h| (low.min(h.score), high.max(h.score)));
    let span = (high as i64 - low as i64 + 1) as usize;
    if span > 1 << 16 {
        // Not bounds of a fuzzy score: no histogram, a selection and a sort.
        let cutoff = {
            let mut scores: Vec<i32> = hits.iter().map(|h| h.score).collect();
            *scores.select_nth_unstable_by(need - 1, |a, b| b.cmp(a)).1
        };
        let front = partition(hits, |h| h.score >= cutoff);
        hits[..front].sort_unstable_by(rank_order);
        return front;
    }
    // counts[k]: hits whose bound is `high - k`.
    let mut counts = vec![0usize; span];
    hits.iter().for_each(|h| counts[(high - h.score) as usize] += 1);
    let (mut buckets, mut front) = (0, 0);
    while front < need {
        front += counts[buckets];
        buckets += 1;
    }
    let cutoff = high - (buckets as i32 - 1);
    let kept = partition(hits, |h| h.score >= cutoff);
    debug_assert_eq!(kept, front);
    let mut starts: Vec<usize> = counts[..buckets]
        .iter()
        .scan(0, |start, &count| {
            let here = *start;
            *start += count;
            Some(here)
        })
        .collect();
    let mut ordered = vec![Hit { score: 0, index: 0, exact: false }; front];
    for hit in &hits[..front] {
        let bucket = &mut starts[(high - hit.score) as usize];
        ordered[*bucket] = *hit;
        *bucket += 1;
    }
    // Each bucket keeps the order the hits came in: store order on a first settle, but not
    // after one, so each is sorted by index (in linear time when it already is).
    let mut start = 0;
    for &count in &counts[..buckets] {
        ordered[start..start + count].sort_unstable_by_key(|h| h.index);
        start += count;
    }
    hits[..front].copy_from_slice(&ordered);
    front
}

/// Moves the hits for which `keep` holds to the front; returns how many there are.
fn partition(hits: &mut [Hit], keep: impl Fn(&Hit) -> bool) -> usize {
    let mut kept = 0;
    for i in 0..hits.len() {
        if keep(&hits[i]) {
            hits.swap(i, kept);
            kept += 1;
        }
    }
    kept
}
