//! What the benches share: timing a piece of work a few times.

use std::time::Instant;

/// Median and maximum of `runs` timings of `f`, in milliseconds.
pub fn measure<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, f64, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        last = Some(f());
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[times.len() - 1], last.unwrap())
}
