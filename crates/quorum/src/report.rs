//! Summaries of a run's trials: P(consistent) at chosen times with Wilson 95% intervals, the
//! t-visibility at a target with its order-statistic interval, and nearest-rank latency
//! percentiles from the same trials (the reference's §8; the percentile is the book's, ch. 1:
//! p90 = the highest latency among the fastest 90%).

use serde::{Deserialize, Serialize};

use crate::wars::Samples;

/// z for a two-sided 95% interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// Wilson's 95% score interval for `x` successes in `m` trials.
pub fn wilson(x: u64, m: u64) -> (f64, f64) {
    if m == 0 {
        return (0.0, 1.0);
    }
    let (m, p) = (m as f64, x as f64 / m as f64);
    let z2 = Z95 * Z95;
    let centre = (p + z2 / (2.0 * m)) / (1.0 + z2 / m);
    let half = Z95 / (1.0 + z2 / m) * (p * (1.0 - p) / m + z2 / (4.0 * m * m)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// How many sorted values are ≤ t.
pub fn count_le(sorted: &[f64], t: f64) -> u64 {
    sorted.partition_point(|&x| x <= t) as u64
}

/// The nearest-rank q-quantile x_(⌈qM⌉) of sorted data.
pub fn nearest_rank(sorted: &[f64], q: f64) -> Option<f64> {
    let m = sorted.len();
    if m == 0 || !(0.0..=1.0).contains(&q) {
        return None;
    }
    let rank = ((q * m as f64).ceil() as usize).clamp(1, m);
    Some(sorted[rank - 1])
}

/// An estimate with its 95% interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    pub value: f64,
    pub lo: f64,
    pub hi: f64,
}

/// The smallest t ≥ 0 with P̂(t) ≥ p: max(0, τ_(⌈pM⌉)), and the interval from the ranks
/// ⌊Mp ∓ z√(Mp(1 − p))⌋ (clamped to 1…M, clipped at 0). `None` without trials; an infinite
/// value means the target is never reached (a read set of down replicas).
pub fn t_visibility(sorted_tau: &[f64], p: f64) -> Option<Interval> {
    let m = sorted_tau.len();
    if m == 0 || !(0.0..=1.0).contains(&p) {
        return None;
    }
    let mf = m as f64;
    let at = |rank: f64| sorted_tau[(rank as usize).clamp(1, m) - 1].max(0.0);
    let spread = Z95 * (mf * p * (1.0 - p)).sqrt();
    Some(Interval {
        value: at((p * mf).ceil()),
        lo: at((mf * p - spread).floor()),
        hi: at((mf * p + spread).ceil()),
    })
}

/// p50, p99 and p99.9 of a latency, ms.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Percentiles {
    pub p50: f64,
    pub p99: f64,
    pub p999: f64,
}

impl Percentiles {
    pub fn of(sorted: &[f64]) -> Percentiles {
        let q = |q| nearest_rank(sorted, q).unwrap_or(f64::NAN);
        Percentiles {
            p50: q(0.5),
            p99: q(0.99),
            p999: q(0.999),
        }
    }
}

/// One point of the consistency curve.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub t: f64,
    pub p: f64,
    pub lo: f64,
    pub hi: f64,
    /// Within k versions, by the paper's exponent 1 − (1 − P)^k.
    pub p_k_rule: f64,
    /// Within k versions, simulated exactly (equal to `p` when k = 1).
    pub p_k_exact: f64,
}

/// A curve run's summary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub trials: u64,
    pub k: u32,
    pub points: Vec<Point>,
    pub target: f64,
    pub t_visibility: Option<Interval>,
    pub read: Percentiles,
    pub write: Percentiles,
}

impl Report {
    /// The summary of a curve run at times `ts` (ms after commit) and target probability.
    pub fn new(samples: &Samples, k: u32, ts: &[f64], target: f64) -> Report {
        let tau = samples.tau.first().map(Vec::as_slice).unwrap_or(&[]);
        let m = tau.len() as u64;
        let points = ts
            .iter()
            .map(|&t| {
                let x = count_le(tau, t);
                let p = if m == 0 {
                    f64::NAN
                } else {
                    x as f64 / m as f64
                };
                let (lo, hi) = wilson(x, m);
                let rule = 1.0 - (0..k).fold(1.0, |acc, _| acc * (1.0 - p));
                let exact = if k > 1 && !samples.tau_k.is_empty() {
                    count_le(&samples.tau_k, t) as f64 / samples.tau_k.len() as f64
                } else {
                    p
                };
                Point {
                    t,
                    p,
                    lo,
                    hi,
                    p_k_rule: rule,
                    p_k_exact: exact,
                }
            })
            .collect();
        let lat = |v: &[Vec<f64>]| Percentiles::of(v.first().map(Vec::as_slice).unwrap_or(&[]));
        Report {
            trials: samples.trials,
            k,
            points,
            target,
            t_visibility: t_visibility(tau, target),
            read: lat(&samples.read),
            write: lat(&samples.write),
        }
    }
}

/// Evenly spaced times from 0 to the first round number above the t-visibility at 99.9%
/// (×1.2), so the curve shows its approach to 1; `count` points.
pub fn auto_times(sorted_tau: &[f64], count: u32) -> Vec<f64> {
    let reach = t_visibility(sorted_tau, 0.999).map_or(0.0, |i| i.value);
    let end = if reach.is_finite() && reach > 0.0 {
        nice_ceil(reach * 1.2)
    } else {
        10.0
    };
    let count = count.max(2);
    (0..count)
        .map(|i| end * f64::from(i) / f64::from(count - 1))
        .collect()
}

/// The smallest 1, 2 or 5 × 10ⁿ at or above x > 0.
pub fn nice_ceil(x: f64) -> f64 {
    let mut step = 1e-3;
    while step * 5.0 < x && step < 1e12 {
        step *= 10.0;
    }
    [step, 2.0 * step, 5.0 * step, 10.0 * step]
        .into_iter()
        .find(|&s| s >= x)
        .unwrap_or(x)
}

/// One row of the (R, W) table.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub r: u32,
    pub w: u32,
    pub strict: bool,
    /// Enough replicas are up for both operations (R and W at most N − down).
    pub available: bool,
    /// P(consistent) at t = 0.
    pub p0: f64,
    pub t_visibility: Option<Interval>,
    pub read: Percentiles,
    pub write: Percentiles,
    /// No other row has p99.9 read + write latency and t-visibility both at most its own (one
    /// strictly less).
    pub frontier: bool,
}

/// Every (R, W) of a table run, R-major; `down` replicas never answer, so rows needing more than
/// N − down replicas are unavailable (and off the frontier).
pub fn table_rows(samples: &Samples, n: u32, down: u32, target: f64) -> Vec<Row> {
    let live = n.saturating_sub(down);
    let mut rows = Vec::new();
    for r in 1..=n {
        for w in 1..=n {
            let tau = samples
                .tau
                .get(((r - 1) * n + w - 1) as usize)
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let lat = |v: &[Vec<f64>], k: u32| {
                Percentiles::of(v.get(k as usize - 1).map(Vec::as_slice).unwrap_or(&[]))
            };
            let available = r <= live && w <= live;
            rows.push(Row {
                r,
                w,
                strict: r + w > n,
                available,
                p0: if tau.is_empty() {
                    f64::NAN
                } else {
                    count_le(tau, 0.0) as f64 / tau.len() as f64
                },
                t_visibility: t_visibility(tau, target),
                read: lat(&samples.read, r),
                write: lat(&samples.write, w),
                frontier: false,
            });
        }
    }
    let key = |row: &Row| {
        if !row.available {
            return (f64::INFINITY, f64::INFINITY);
        }
        (
            row.read.p999 + row.write.p999,
            row.t_visibility.map_or(f64::INFINITY, |i| i.value),
        )
    };
    let keys: Vec<_> = rows.iter().map(key).collect();
    for (i, row) in rows.iter_mut().enumerate() {
        let (l, t) = keys[i];
        row.frontier = row.available
            && !keys
                .iter()
                .any(|&(l2, t2)| l2 <= l && t2 <= t && (l2 < l || t2 < t));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_is_valid_at_the_edges() {
        let (lo, hi) = wilson(100, 100);
        assert!(hi > 0.999_999 && lo > 0.96 && lo < 1.0);
        let (lo, hi) = wilson(0, 100);
        assert!(lo < 1e-12 && hi < 0.04);
        let (lo, hi) = wilson(50, 100);
        assert!((lo - 0.4038).abs() < 1e-3 && (hi - 0.5962).abs() < 1e-3);
    }

    #[test]
    fn nearest_rank_and_t_visibility_use_order_statistics() {
        let v: Vec<f64> = (1..=1000).map(f64::from).collect();
        assert_eq!(nearest_rank(&v, 0.5), Some(500.0));
        assert_eq!(nearest_rank(&v, 0.999), Some(999.0));
        assert_eq!(nearest_rank(&v, 1.0), Some(1000.0));
        let tv = t_visibility(&v, 0.9).expect("data");
        assert_eq!(tv.value, 900.0);
        assert!(tv.lo < 900.0 && tv.hi > 900.0);
        let negative: Vec<f64> = vec![-3.0, -2.0, -1.0];
        assert_eq!(t_visibility(&negative, 0.99).map(|i| i.value), Some(0.0));
        assert_eq!(t_visibility(&[], 0.5), None);
        assert_eq!(nice_ceil(13.0), 20.0);
        assert_eq!(nice_ceil(0.4), 0.5);
    }
}
