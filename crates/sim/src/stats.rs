//! Statistics for Monte Carlo output, once for every tool: means with a 95% confidence interval
//! from batch means, time accumulated per slot of simulated time (the batches, or SLO windows),
//! linear and logarithmic histograms that count what falls outside them, and sample quantiles.

use serde::{Deserialize, Serialize};

/// Batches of a batch-means confidence interval: a run is cut into this many equal parts and the
/// part means are treated as independent (nines reference §4.5: 20–50 batches; 30 gives a
/// Student-t interval with 29 degrees of freedom, 2.045 instead of the normal 1.960).
pub const BATCHES: usize = 30;

/// Two-sided 95% Student-t quantile for `df` degrees of freedom (exact table to 30, then the
/// Cornish–Fisher expansion, which is within 1e-3 of the table beyond).
pub fn t_975(df: u32) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => f64::INFINITY,
        1..=30 => TABLE[(df - 1) as usize],
        _ => {
            let z: f64 = 1.959_963_984_540_054;
            let n = f64::from(df);
            z + (z * z * z + z) / (4.0 * n)
                + (5.0 * z * z * z * z * z + 16.0 * z * z * z + 3.0 * z) / (96.0 * n * n)
        }
    }
}

/// Mean and 95% confidence interval of independent (or batch-mean) estimates.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    pub mean: f64,
    pub half_width: f64,
    pub lo: f64,
    pub hi: f64,
    pub n: usize,
}

/// The mean of `samples` with a Student-t 95% interval (infinite for one sample, NaN for none).
pub fn estimate(samples: &[f64]) -> Estimate {
    let n = samples.len();
    if n == 0 {
        return Estimate {
            mean: f64::NAN,
            half_width: f64::NAN,
            lo: f64::NAN,
            hi: f64::NAN,
            n,
        };
    }
    let mean = samples.iter().sum::<f64>() / n as f64;
    let half_width = if n < 2 {
        f64::INFINITY
    } else {
        let var = samples.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1) as f64;
        t_975((n - 1) as u32) * (var / n as f64).sqrt()
    };
    Estimate {
        mean,
        half_width,
        lo: mean - half_width,
        hi: mean + half_width,
        n,
    }
}

/// Lag-1 autocorrelation of a series (batch means should be below about 0.2).
pub fn lag1_autocorrelation(samples: &[f64]) -> f64 {
    let n = samples.len();
    if n < 3 {
        return 0.0;
    }
    let mean = samples.iter().sum::<f64>() / n as f64;
    let var: f64 = samples.iter().map(|x| (x - mean) * (x - mean)).sum();
    if var == 0.0 {
        return 0.0;
    }
    let cov: f64 = samples
        .windows(2)
        .map(|w| (w[0] - mean) * (w[1] - mean))
        .sum();
    cov / var
}

/// Batch means of a stream of observations (waiting times, per-request results): the means of
/// `batches` consecutive groups of ⌊n / batches⌋ observations each. The last n mod batches
/// observations are left out, so every batch weighs the same; fewer observations than batches
/// give no batches. Feed the result to [`estimate`] and [`lag1_autocorrelation`].
pub fn batch_means(observations: &[f64], batches: usize) -> Vec<f64> {
    let Some(size) = observations.len().checked_div(batches).filter(|&s| s > 0) else {
        return Vec::new();
    };
    observations
        .chunks_exact(size)
        .take(batches)
        .map(|batch| batch.iter().sum::<f64>() / size as f64)
        .collect()
}

/// Time spent in some state, accumulated per slot of simulated time: `count` slots of equal
/// `width` from `start`. The batches of a time-weighted batch-means interval are such slots
/// ([`Self::batches`]); so are the SLO windows of a run. Time outside every slot is not counted.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeSlots {
    start: f64,
    width: f64,
    totals: Vec<f64>,
}

impl TimeSlots {
    /// `count` slots of `width` from `start`; the width must be positive and both finite.
    pub fn new(start: f64, width: f64, count: usize) -> Result<Self, String> {
        if !(start.is_finite() && width.is_finite() && width > 0.0) {
            return Err("time slots need a finite start and a positive, finite width".into());
        }
        Ok(TimeSlots {
            start,
            width,
            totals: vec![0.0; count],
        })
    }

    /// The [`BATCHES`] batches of a run measured over `[start, start + horizon)`.
    pub fn batches(start: f64, horizon: f64) -> Result<Self, String> {
        Self::new(start, horizon / BATCHES as f64, BATCHES)
    }

    /// Adds the span `[from, to)`, split at slot boundaries, to the slots it covers.
    #[inline]
    pub fn add(&mut self, from: f64, to: f64) {
        // Not `f64::max`/`min`: their NaN rule has no wasm instruction, so they are calls there,
        // and this runs on every event of a simulation.
        let end = self.start + self.totals.len() as f64 * self.width;
        let mut t = if from > self.start { from } else { self.start };
        let to = if to < end { to } else { end };
        while t < to {
            let mut index = ((t - self.start) / self.width).floor().max(0.0) as usize;
            let mut boundary = self.start + (index as f64 + 1.0) * self.width;
            // Rounding can put t on (or past) the boundary it was computed from.
            if boundary <= t {
                index += 1;
                boundary += self.width;
            }
            let piece_end = if boundary < to { boundary } else { to };
            if piece_end <= t {
                // A width below t's resolution: no boundary can be reached.
                break;
            }
            if let Some(slot) = self.totals.get_mut(index) {
                *slot += piece_end - t;
            }
            t = piece_end;
        }
    }

    /// Time accumulated in each slot.
    pub fn totals(&self) -> &[f64] {
        &self.totals
    }

    pub fn width(&self) -> f64 {
        self.width
    }

    /// Each slot's share of its width: the batch values of a time-weighted batch mean.
    pub fn fractions(&self) -> Vec<f64> {
        self.totals.iter().map(|t| t / self.width).collect()
    }
}

/// How a histogram's bins are spaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// Equal widths.
    Linear,
    /// Equal ratios: equal widths in ln x.
    Log,
}

/// Most bins a histogram may have.
pub const MAX_BINS: usize = 10_000;

/// Counts of values in bins between `lo` and `hi`. Bins are half-open, `[eᵢ, eᵢ₊₁)`, except the
/// last, which holds `hi` too (as numpy's `histogram`). Nothing is dropped: values below `lo` are
/// counted as underflow, above `hi` as overflow, and NaN separately.
///
/// A value's bin comes from its position on the (log) axis and is then checked against the
/// edges, so the counts agree with [`Self::edges`] exactly. Logarithms come from `libm`: a seeded
/// run bins the same way natively and in wasm.
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    scale: Scale,
    /// `lo` and `hi` on the axis the bins are equal on: x, or ln x.
    axis: (f64, f64),
    edges: Vec<f64>,
    counts: Vec<u64>,
    underflow: u64,
    overflow: u64,
    nan: u64,
}

impl Histogram {
    /// `bins` equal-width bins from `lo` to `hi`.
    pub fn linear(lo: f64, hi: f64, bins: usize) -> Result<Self, String> {
        Self::new(Scale::Linear, lo, hi, bins)
    }

    /// `bins` bins from `lo` to `hi` (0 < lo) whose edges grow by a constant ratio.
    pub fn log(lo: f64, hi: f64, bins: usize) -> Result<Self, String> {
        Self::new(Scale::Log, lo, hi, bins)
    }

    pub fn new(scale: Scale, lo: f64, hi: f64, bins: usize) -> Result<Self, String> {
        if !(lo.is_finite() && hi.is_finite() && lo < hi) {
            return Err("a histogram needs finite bounds with lo < hi".into());
        }
        if scale == Scale::Log && lo <= 0.0 {
            return Err("a logarithmic histogram needs lo > 0".into());
        }
        if !(1..=MAX_BINS).contains(&bins) {
            return Err(format!("a histogram has 1 to {MAX_BINS} bins"));
        }
        let axis = match scale {
            Scale::Linear => (lo, hi),
            Scale::Log => (libm::log(lo), libm::log(hi)),
        };
        let mut edges: Vec<f64> = (0..=bins)
            .map(|i| {
                let x = axis.0 + (axis.1 - axis.0) * i as f64 / bins as f64;
                match scale {
                    Scale::Linear => x,
                    Scale::Log => libm::exp(x),
                }
            })
            .collect();
        // The outer edges are the bounds as given, not their round trip through ln and exp.
        edges[0] = lo;
        edges[bins] = hi;
        Ok(Histogram {
            scale,
            axis,
            edges,
            counts: vec![0; bins],
            underflow: 0,
            overflow: 0,
            nan: 0,
        })
    }

    /// Where `value` falls.
    pub fn locate(&self, value: f64) -> Bin {
        let bins = self.counts.len();
        if value.is_nan() {
            return Bin::NotANumber;
        }
        if value < self.edges[0] {
            return Bin::Below;
        }
        if value > self.edges[bins] {
            return Bin::Above;
        }
        let x = match self.scale {
            Scale::Linear => value,
            Scale::Log => libm::log(value),
        };
        let pos = ((x - self.axis.0) / (self.axis.1 - self.axis.0) * bins as f64).floor();
        let mut i = (pos.max(0.0) as usize).min(bins - 1);
        // The position can be off by one next to an edge; the edges decide.
        while i > 0 && value < self.edges[i] {
            i -= 1;
        }
        while i + 1 < bins && value >= self.edges[i + 1] {
            i += 1;
        }
        Bin::In(i)
    }

    /// Counts one value.
    pub fn add(&mut self, value: f64) {
        match self.locate(value) {
            Bin::In(i) => self.counts[i] += 1,
            Bin::Below => self.underflow += 1,
            Bin::Above => self.overflow += 1,
            Bin::NotANumber => self.nan += 1,
        }
    }

    pub fn scale(&self) -> Scale {
        self.scale
    }

    /// The bins + 1 edges, from `lo` to `hi`.
    pub fn edges(&self) -> &[f64] {
        &self.edges
    }

    pub fn counts(&self) -> &[u64] {
        &self.counts
    }

    /// Values below `lo` (for a log histogram this includes zero and negative values).
    pub fn underflow(&self) -> u64 {
        self.underflow
    }

    /// Values above `hi`.
    pub fn overflow(&self) -> u64 {
        self.overflow
    }

    /// NaN values.
    pub fn nan(&self) -> u64 {
        self.nan
    }

    /// Every value counted: in the bins, under, over and NaN.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum::<u64>() + self.underflow + self.overflow + self.nan
    }
}

/// Where a value falls in a [`Histogram`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bin {
    In(usize),
    Below,
    Above,
    NotANumber,
}

/// The sample quantile at probability `p` of data sorted ascending, by definition 7 of Hyndman
/// and Fan, "Sample Quantiles in Statistical Packages", The American Statistician 50(4), 1996
/// (the default of R's `quantile` and of numpy's `quantile`/`percentile`, `method="linear"`):
/// with n values x₀ ≤ … ≤ xₙ₋₁ and h = (n − 1)·p, Q(p) = x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋).
/// So Q(0) is the minimum, Q(1) the maximum and Q(½) the median, and Q interpolates linearly
/// between order statistics.
///
/// `None` for no data or p outside [0, 1]. The data must be sorted and free of NaN (see
/// [`quantile`], which sorts and checks); otherwise the number means nothing, but nothing
/// panics.
pub fn quantile_sorted(sorted: &[f64], p: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 || !(0.0..=1.0).contains(&p) {
        return None;
    }
    let h = (n - 1) as f64 * p;
    let j = (h.floor() as usize).min(n - 1);
    let (lo, hi) = (sorted[j], sorted[(j + 1).min(n - 1)]);
    if lo == hi {
        return Some(lo);
    }
    Some(lo + (h - j as f64) * (hi - lo))
}

/// [`quantile_sorted`] of unsorted data; `None` also when a value is NaN.
pub fn quantile(values: &[f64], p: f64) -> Option<f64> {
    quantiles(values, &[p])?.pop()
}

/// Several quantiles of unsorted data, sorting once; `None` for no data, a NaN value or any p
/// outside [0, 1].
pub fn quantiles(values: &[f64], ps: &[f64]) -> Option<Vec<f64>> {
    if values.iter().any(|v| v.is_nan()) {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    ps.iter().map(|&p| quantile_sorted(&sorted, p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::collection::vec;
    use proptest::prelude::*;

    #[test]
    fn t_quantiles_match_the_reference_table() {
        // Reference (nines.md §4.5): df 9 → 2.262, 19 → 2.093, 29 → 2.045, 49 → 2.010, ∞ → 1.960.
        assert_eq!(t_975(9), 2.262);
        assert_eq!(t_975(19), 2.093);
        assert_eq!(t_975(29), 2.045);
        assert_eq!(t_975(BATCHES as u32 - 1), 2.045);
        assert!((t_975(49) - 2.010).abs() < 1e-3);
        assert!((t_975(1_000_000) - 1.960).abs() < 1e-3);
    }

    #[test]
    fn estimate_of_known_samples() {
        let e = estimate(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(e.mean, 3.0);
        // s = √2.5, t(4) = 2.776.
        assert!((e.half_width - 2.776 * (2.5f64 / 5.0).sqrt()).abs() < 1e-12);
        assert!(estimate(&[1.0]).half_width.is_infinite());
        assert!(estimate(&[]).mean.is_nan());
    }

    #[test]
    fn autocorrelation_of_alternating_and_constant_series() {
        assert!(lag1_autocorrelation(&[1.0, -1.0, 1.0, -1.0, 1.0, -1.0]) < -0.5);
        assert_eq!(lag1_autocorrelation(&[2.0, 2.0, 2.0]), 0.0);
    }

    #[test]
    fn batch_means_of_observations_leave_out_the_remainder() {
        let xs: Vec<f64> = (1..=11).map(f64::from).collect();
        // Three batches of ⌊11 / 3⌋ = 3: (1, 2, 3), (4, 5, 6), (7, 8, 9); 10 and 11 left out.
        assert_eq!(batch_means(&xs, 3), vec![2.0, 5.0, 8.0]);
        assert_eq!(batch_means(&xs, 11).len(), 11);
        assert!(batch_means(&xs, 12).is_empty());
        assert!(batch_means(&xs, 0).is_empty());
        assert!(batch_means(&[], 3).is_empty());
    }

    #[test]
    fn time_slots_split_spans_at_their_boundaries() {
        // Three slots of 10 from 100: [100, 110), [110, 120), [120, 130).
        let mut s = TimeSlots::new(100.0, 10.0, 3).expect("valid");
        s.add(95.0, 104.0); // 4 inside the first slot, 5 before every slot
        s.add(108.0, 123.0); // 2 + 10 + 3
        s.add(129.0, 500.0); // 1, the rest after every slot
        s.add(115.0, 115.0); // empty
        assert_eq!(s.totals(), &[6.0, 10.0, 4.0]);
        assert_eq!(s.fractions(), vec![0.6, 1.0, 0.4]);
        let b = TimeSlots::batches(0.0, 300.0).expect("valid");
        assert_eq!((b.totals().len(), b.width()), (BATCHES, 10.0));
        assert!(TimeSlots::new(0.0, 0.0, 3).is_err());
        assert!(TimeSlots::new(f64::NAN, 1.0, 3).is_err());
        // A width below the resolution of t adds nothing and does not loop forever.
        let mut tiny = TimeSlots::new(1e20, 1e-3, 10).expect("valid");
        tiny.add(1e20, 1e21);
        assert!(tiny.totals().iter().all(|&t| t >= 0.0));
    }

    #[test]
    fn linear_bins_count_everything_somewhere() {
        let mut h = Histogram::linear(0.0, 10.0, 5).expect("valid");
        assert_eq!(h.edges(), &[0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        for v in [
            0.0,
            1.9,
            2.0,
            5.0,
            9.99,
            10.0,
            -0.1,
            10.1,
            f64::INFINITY,
            f64::NAN,
        ] {
            h.add(v);
        }
        // 2.0 starts the second bin; 10.0, the upper bound, is in the last.
        assert_eq!(h.counts(), &[2, 1, 1, 0, 2]);
        assert_eq!((h.underflow(), h.overflow(), h.nan()), (1, 2, 1));
        assert_eq!(h.total(), 10);
    }

    #[test]
    fn log_bins_count_everything_somewhere() {
        let mut h = Histogram::log(1.0, 1000.0, 3).expect("valid");
        assert_eq!(h.edges().len(), 4);
        assert_eq!((h.edges()[0], h.edges()[3]), (1.0, 1000.0));
        assert!((h.edges()[1] - 10.0).abs() < 1e-12 && (h.edges()[2] - 100.0).abs() < 1e-12);
        for v in [
            0.5,
            1.0,
            10.0,
            100.0,
            999.0,
            1000.0,
            1e9,
            -1.0,
            0.0,
            f64::NAN,
        ] {
            h.add(v);
        }
        // 10 and 100 fall on edges: each goes to the bin it starts (whichever side of the
        // computed edge it lies, the count agrees with the edges).
        let (e1, e2) = (h.edges()[1], h.edges()[2]);
        let expected = [
            1 + u64::from(10.0 < e1),
            u64::from(10.0 >= e1) + u64::from(100.0 < e2),
            u64::from(100.0 >= e2) + 2,
        ];
        assert_eq!(h.counts(), &expected);
        assert_eq!((h.underflow(), h.overflow(), h.nan()), (3, 1, 1));
    }

    #[test]
    fn bad_histograms_are_refused() {
        assert!(Histogram::log(0.0, 1.0, 3).is_err());
        assert!(Histogram::linear(1.0, 1.0, 3).is_err());
        assert!(Histogram::linear(0.0, f64::INFINITY, 3).is_err());
        assert!(Histogram::linear(0.0, 1.0, 0).is_err());
        assert!(Histogram::linear(0.0, 1.0, MAX_BINS + 1).is_err());
    }

    #[test]
    fn quantiles_by_hand() {
        // h = (n − 1)p on 1, 2, 7, 20, 34: p = 0.1 → h = 0.4 → 1 + 0.4·(2 − 1) = 1.4;
        // p = 0.25 → h = 1 → 2; p = 0.5 → 7; p = 0.75 → 20; p = 0.9 → h = 3.6 → 20 + 0.6·14.
        let xs = [20.0, 2.0, 7.0, 1.0, 34.0];
        let q = |p| quantile(&xs, p).expect("defined");
        assert!((q(0.1) - 1.4).abs() < 1e-12);
        assert_eq!((q(0.25), q(0.5), q(0.75)), (2.0, 7.0, 20.0));
        assert!((q(0.9) - 28.4).abs() < 1e-12);
        assert_eq!((q(0.0), q(1.0)), (1.0, 34.0));
        // Four values: quartiles at h = 0.75, 1.5, 2.25.
        let four = quantiles(&[4.0, 1.0, 3.0, 2.0], &[0.25, 0.5, 0.75]).expect("defined");
        assert_eq!(four, vec![1.75, 2.5, 3.25]);
        assert_eq!(quantile(&[5.0], 0.3), Some(5.0));
    }

    #[test]
    fn quantiles_match_numpys_published_examples() {
        // numpy.quantile's docstring (numpy/lib/_function_base_impl.py, "Examples"):
        // a = [[10, 7, 4], [3, 2, 1]]; quantile(a, 0.5) = 3.5; along axis 0 [6.5, 4.5, 2.5];
        // along axis 1 [7, 2]. Exact: these are midpoints of small integers.
        let a = [10.0, 7.0, 4.0, 3.0, 2.0, 1.0];
        assert_eq!(quantile(&a, 0.5), Some(3.5));
        let columns = [[10.0, 3.0], [7.0, 2.0], [4.0, 1.0]];
        let by_column: Vec<_> = columns.iter().map(|c| quantile(c, 0.5)).collect();
        assert_eq!(by_column, vec![Some(6.5), Some(4.5), Some(2.5)]);
        assert_eq!(quantile(&a[..3], 0.5), Some(7.0));
        assert_eq!(quantile(&a[3..], 0.5), Some(2.0));
    }

    #[test]
    fn undefined_quantiles_are_none() {
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(quantile(&[1.0], -0.1), None);
        assert_eq!(quantile(&[1.0], 1.1), None);
        assert_eq!(quantile(&[1.0], f64::NAN), None);
        assert_eq!(quantile(&[1.0, f64::NAN], 0.5), None);
        assert_eq!(quantiles(&[1.0, 2.0], &[0.5, 2.0]), None);
    }

    proptest! {
        /// A quantile lies between the order statistics around it, and rises with p.
        #[test]
        fn quantiles_are_monotone_and_bracketed(
            mut xs in vec(-1e6f64..1e6, 1..40),
            p in 0.0f64..=1.0,
            dp in 0.0f64..=1.0,
        ) {
            xs.sort_by(f64::total_cmp);
            let q = quantile_sorted(&xs, p).expect("defined");
            let h = (xs.len() - 1) as f64 * p;
            prop_assert!(xs[h.floor() as usize] <= q && q <= xs[h.ceil() as usize]);
            let q2 = quantile_sorted(&xs, (p + dp).min(1.0)).expect("defined");
            prop_assert!(q2 >= q);
        }

        /// Every value is counted exactly once, in a bin whose edges hold it.
        #[test]
        fn histograms_count_every_value_once(
            values in vec(prop_oneof![-10.0f64..1e4, Just(f64::NAN), Just(f64::INFINITY)], 0..60),
            log in any::<bool>(),
            bins in 1usize..50,
        ) {
            let mut h = if log {
                Histogram::log(0.01, 1000.0, bins)
            } else {
                Histogram::linear(-5.0, 5_000.0, bins)
            }
            .expect("valid");
            for &v in &values {
                if let Bin::In(i) = h.locate(v) {
                    let e = h.edges();
                    prop_assert!(e[i] <= v && (v < e[i + 1] || (i + 1 == bins && v == e[bins])));
                }
                h.add(v);
            }
            prop_assert_eq!(h.total(), values.len() as u64);
        }

        /// Spans split into slots add up to the part of them inside the slots. The spans follow
        /// one another without overlapping, as a state's spells do, so no slot exceeds its width.
        #[test]
        fn time_slots_keep_all_the_time_inside_them(
            spells in vec((0.0f64..20.0, 0.0f64..30.0), 0..30),
            count in 1usize..12,
        ) {
            let mut s = TimeSlots::new(10.0, 7.5, count).expect("valid");
            let end = 10.0 + count as f64 * 7.5;
            let (mut inside, mut t) = (0.0, 0.0);
            for &(gap, len) in &spells {
                let from = t + gap;
                t = from + len;
                s.add(from, t);
                inside += (t.min(end) - from.max(10.0)).max(0.0);
            }
            let total: f64 = s.totals().iter().sum();
            prop_assert!((total - inside).abs() < 1e-9 * (1.0 + inside));
            prop_assert!(s.totals().iter().all(|&t| (0.0..=7.5 + 1e-9).contains(&t)));
        }
    }
}
