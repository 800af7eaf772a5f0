//! Statistics for Monte Carlo output: means, confidence intervals from batch means, histograms.

/// Natural logarithm from `libm`: identical bits on every target, so a seeded run bins its
/// outages the same way natively and in wasm.
pub fn ln(x: f64) -> f64 {
    libm::log(x)
}

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
            z + (z.powi(3) + z) / (4.0 * n)
                + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * n * n)
        }
    }
}

/// Mean and 95% confidence interval of independent (or batch-mean) estimates.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Estimate {
    pub mean: f64,
    pub half_width: f64,
    pub lo: f64,
    pub hi: f64,
    pub n: usize,
}

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
        let var = samples.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
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
    let var: f64 = samples.iter().map(|x| (x - mean).powi(2)).sum();
    if var == 0.0 {
        return 0.0;
    }
    let cov: f64 = samples
        .windows(2)
        .map(|w| (w[0] - mean) * (w[1] - mean))
        .sum();
    cov / var
}

/// Counts of `values` in logarithmically spaced bins between `lo` and `hi` (values outside
/// are clamped into the first or last bin). Returns the bin edges and counts.
pub fn log_histogram(values: &[f64], lo: f64, hi: f64, bins: usize) -> (Vec<f64>, Vec<u64>) {
    let bins = bins.max(1);
    // `libm` keeps bin edges and bin choices identical natively and in wasm.
    let (llo, lhi) = (
        libm::log(lo.max(f64::MIN_POSITIVE)),
        libm::log(hi.max(lo * 1.000_001)),
    );
    let edges = (0..=bins)
        .map(|i| libm::exp(llo + (lhi - llo) * i as f64 / bins as f64))
        .collect();
    let mut counts = vec![0u64; bins];
    for &v in values {
        if !(v.is_finite() && v > 0.0) {
            continue;
        }
        let pos = ((libm::log(v) - llo) / (lhi - llo) * bins as f64).floor();
        let index = (pos.max(0.0) as usize).min(bins - 1);
        counts[index] += 1;
    }
    (edges, counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_quantiles_match_the_reference_table() {
        // Reference (nines.md §4.5): df 9 → 2.262, 19 → 2.093, 29 → 2.045, 49 → 2.010, ∞ → 1.960.
        assert_eq!(t_975(9), 2.262);
        assert_eq!(t_975(19), 2.093);
        assert_eq!(t_975(29), 2.045);
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
    fn histogram_counts_every_positive_value_once() {
        let (edges, counts) = log_histogram(
            &[0.5, 1.0, 10.0, 100.0, 1e9, -1.0, f64::NAN],
            1.0,
            1000.0,
            3,
        );
        assert_eq!(edges.len(), 4);
        assert_eq!(counts, vec![2, 1, 2]);
    }

    #[test]
    fn autocorrelation_of_alternating_and_constant_series() {
        assert!(lag1_autocorrelation(&[1.0, -1.0, 1.0, -1.0, 1.0, -1.0]) < -0.5);
        assert_eq!(lag1_autocorrelation(&[2.0, 2.0, 2.0]), 0.0);
    }
}
