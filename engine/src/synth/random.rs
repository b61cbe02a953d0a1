//! Small drawing helpers shared by every generator: chances, uniform and weighted picks,
//! log-uniform amounts and money rounding.

use rand::Rng;

use super::R;
use crate::profile::Usd;

/// True with probability `p`.
pub(super) fn chance(rng: &mut R, p: f64) -> bool {
    rng.random_bool(p.clamp(0.0, 1.0))
}

/// A uniformly chosen element of a non-empty slice.
pub(super) fn one<T: Copy>(rng: &mut R, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// The index of an element chosen with probability proportional to its weight.
pub(super) fn weighted_index<T>(rng: &mut R, items: &[T], weight: impl Fn(&T) -> u32) -> usize {
    let total: u32 = items.iter().map(&weight).sum();
    let mut roll = rng.random_range(0..total);
    for (i, item) in items.iter().enumerate() {
        let w = weight(item);
        if roll < w {
            return i;
        }
        roll -= w;
    }
    unreachable!("the roll is below the total weight")
}

/// An element chosen with probability proportional to its weight.
pub(super) fn weighted<'a, T>(rng: &mut R, items: &'a [T], weight: impl Fn(&T) -> u32) -> &'a T {
    &items[weighted_index(rng, items, weight)]
}

/// Up to `count` distinct values, drawn by weight without replacement.
pub(super) fn pick_distinct<T: Copy + PartialEq>(
    rng: &mut R,
    items: &[(T, u32)],
    count: usize,
) -> Vec<T> {
    let mut chosen: Vec<T> = Vec::with_capacity(count);
    while chosen.len() < count {
        let left: Vec<(T, u32)> = items
            .iter()
            .filter(|(t, w)| *w > 0 && !chosen.contains(t))
            .copied()
            .collect();
        if left.is_empty() {
            break;
        }
        chosen.push(weighted(rng, &left, |e| e.1).0);
    }
    chosen
}

/// Each value kept with its own chance; the first one if none was drawn.
pub(super) fn flags_or_first<T: Copy>(rng: &mut R, items: &[(T, f64)]) -> Vec<T> {
    let mut kept: Vec<T> = items
        .iter()
        .filter(|(_, p)| chance(rng, *p))
        .map(|(t, _)| *t)
        .collect();
    if kept.is_empty()
        && let Some((first, _)) = items.first()
    {
        kept.push(*first);
    }
    kept
}

/// A value between `lo` and `hi` whose logarithm is uniform.
pub(super) fn log_uniform(rng: &mut R, lo: f64, hi: f64) -> f64 {
    (lo.ln() + rng.random::<f64>() * (hi / lo).ln()).exp()
}

/// Money rounded to two significant digits, the way people quote it ($480k, $1.3M).
pub(super) fn round_money(value: f64) -> Usd {
    if value < 1.0 {
        return Usd(0);
    }
    let unit = 10f64.powi(value.log10().floor() as i32 - 1).max(1.0);
    Usd(((value / unit).round() * unit) as u64)
}
