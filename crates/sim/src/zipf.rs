//! Zipf(θ) over ranks `1..=n`: `P(r) = r^(−θ) / ζ(n, θ)`, for any `n` up to `u64::MAX` and any
//! `θ ≥ 0` (θ = 0 is uniform, θ = 1 classic Zipf, θ > 1 allowed).
//!
//! - [`zeta`]: the generalised harmonic number `ζ(n, θ) = Σ_{i=1..n} i^(−θ)`, in O(1) for any `n`:
//!   the first `HEAD − 1` terms summed exactly (compensated), the rest by Euler–Maclaurin with five
//!   Bernoulli corrections. The omitted remainder is below 1e−17 relative for every θ ≥ 0, so the
//!   result is good to a few ulps for `n` up to 10¹⁸ and beyond, including θ = 1 and θ → 1 (the
//!   integral is written with `expm1`, which has a limit at θ = 1).
//! - [`Zipf`]: exact O(1) sampling from one Walker alias table (Vose's construction). The
//!   `SINGLES` most popular ranks are a column each; the ranks beyond are cut into blocks that
//!   grow geometrically (each `GROWTH` times the last), so any `n` up to `u64::MAX` needs at most
//!   about 1,050 columns. A column is picked by its exact mass (a block's mass is the partial sum
//!   `Σ k^(−θ)` over it, by the same Euler–Maclaurin as ζ); a rank within a block is drawn
//!   uniformly and kept with probability `(k/first)^(−θ)`, which makes it exactly ∝ `k^(−θ)`. The
//!   squeeze `(last/first)^(−θ)` (0.95 at θ = 0.99) accepts most draws without a transcendental
//!   call, and a draw costs two to four random words. It replaced rejection-inversion (Hörmann
//!   & Derflinger, ACM TOMACS 6(3), 1996), which is exact too but needs two libm calls a draw:
//!   10⁷ draws of Zipf(0.99) over 10¹⁰ ranks took 650 ms in wasm that way, about 300 ms this way.
//!
//! Every transcendental function comes from `libm`, so a seed gives the same ranks natively and
//! in wasm. Ranks are `u64`, never `usize` (32-bit on wasm).

use crate::rng::Rng;

/// Terms summed directly before Euler–Maclaurin takes over (and the largest `n` summed outright).
const HEAD: u64 = 64;

/// `B_2j / (2j)!` for j = 1..=5: the Euler–Maclaurin correction coefficients.
const BERNOULLI: [f64; 5] = [
    1.0 / 12.0,
    -1.0 / 720.0,
    1.0 / 30_240.0,
    -1.0 / 1_209_600.0,
    1.0 / 47_900_160.0,
];

/// Why a Zipf distribution cannot be built.
#[derive(Clone, Debug, PartialEq)]
pub enum ZipfError {
    /// No ranks to draw from.
    NoRanks,
    /// θ negative, NaN or infinite.
    BadExponent(f64),
}

impl std::fmt::Display for ZipfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ZipfError::NoRanks => write!(f, "there must be at least one key"),
            ZipfError::BadExponent(theta) => {
                write!(f, "θ must be a finite number ≥ 0 (got {theta})")
            }
        }
    }
}

impl std::error::Error for ZipfError {}

/// `i^(−θ)` through `libm`.
fn term(i: f64, theta: f64) -> f64 {
    libm::exp(-theta * libm::log(i))
}

/// Neumaier's compensated sum of `i^(−θ)` for `i` in `from..=to`, smallest terms first.
fn direct_sum(from: u64, to: u64, theta: f64) -> f64 {
    let (mut sum, mut carry) = (0.0f64, 0.0f64);
    let mut i = to;
    while i >= from && i >= 1 {
        let t = term(i as f64, theta);
        let s = sum + t;
        if sum.abs() >= t.abs() {
            carry += (sum - s) + t;
        } else {
            carry += (t - s) + sum;
        }
        sum = s;
        i -= 1;
    }
    sum + carry
}

/// `expm1(x)/x`, 1 at x = 0.
fn expm1_over(x: f64) -> f64 {
    if x.abs() > 1e-8 {
        libm::expm1(x) / x
    } else {
        1.0 + x * 0.5 * (1.0 + x / 3.0 * (1.0 + x * 0.25))
    }
}

/// A uniform integer in `0..n`: the high word of a 64 × 64-bit product (bias below n / 2^64).
#[inline]
fn below(rng: &mut Rng, n: u64) -> u64 {
    ((rng.next_u64() as u128 * n as u128) >> 64) as u64
}

/// A uniform integer in `0..n`, `n ≥ 1`, without bias (Lemire, "Fast random integer generation in
/// an interval", ACM TOMACS 29(1), 2019), from 32 random bits and one 64-bit product.
#[inline]
fn below_u32(rng: &mut Rng, n: u32) -> u32 {
    let mut m = (rng.next_u64() >> 32) * u64::from(n);
    if (m as u32) < n {
        let threshold = n.wrapping_neg() % n;
        while (m as u32) < threshold {
            m = (rng.next_u64() >> 32) * u64::from(n);
        }
    }
    (m >> 32) as u32
}

/// `Σ_{i=m..=n} i^(−θ)` for `64 ≤ m ≤ n` by Euler–Maclaurin:
/// `∫_m^n x^(−θ) dx + (f(m) + f(n))/2 + Σ_j B_2j/(2j)! (f^(2j−1)(n) − f^(2j−1)(m))`.
/// The first omitted term, `θ(θ+1)…(θ+10)/(2·10¹⁰·m^(θ+11))`-sized, is below 1e−17 relative.
fn euler_maclaurin(m: u64, n: u64, theta: f64) -> f64 {
    let (m, nf) = (m as f64, n as f64);
    let ln_ratio = libm::log(nf / m);
    // ∫_m^n x^(−θ) dx = m^(1−θ) · (e^{(1−θ) ln(n/m)} − 1)/(1 − θ), stable through θ = 1.
    let one_minus = 1.0 - theta;
    let integral =
        libm::exp(one_minus * libm::log(m)) * ln_ratio * expm1_over(one_minus * ln_ratio);
    let ends = 0.5 * (term(m, theta) + term(nf, theta));
    // f^(2j−1)(x) = −θ(θ+1)…(θ+2j−2) · x^(−θ−2j+1).
    let mut corrections = 0.0;
    let mut rising = theta; // θ(θ+1)…(θ+2j−2)
    for (j, coefficient) in BERNOULLI.iter().enumerate() {
        let power = theta + (2 * j + 1) as f64;
        let at_n = term(nf, power);
        let at_m = term(m, power);
        corrections += coefficient * (-rising) * (at_n - at_m);
        rising *= (theta + (2 * j + 1) as f64) * (theta + (2 * j + 2) as f64);
    }
    integral + ends + corrections
}

/// `Σ_{i=first..=last} i^(−θ)` for `1 ≤ first`, θ > 0 finite (0 when `last < first`): fewer than
/// 64 terms summed directly (compensated), longer runs by Euler–Maclaurin from rank 64 on.
fn partial_sum(first: u64, last: u64, theta: f64) -> f64 {
    if last < first {
        0.0
    } else if last - first < HEAD {
        direct_sum(first, last, theta)
    } else if first >= HEAD {
        euler_maclaurin(first, last, theta)
    } else {
        direct_sum(first, HEAD - 1, theta) + euler_maclaurin(HEAD, last, theta)
    }
}

/// `ζ(n, θ) = Σ_{i=1..n} i^(−θ)`; 0 for `n = 0`. `θ` must be finite and ≥ 0 (else NaN).
///
/// Up to 64 terms are summed directly (compensated); beyond, the first 63 are, and the rest is
/// Euler–Maclaurin from `m = 64` with five Bernoulli corrections (see [`euler_maclaurin`]).
pub fn zeta(n: u64, theta: f64) -> f64 {
    if !theta.is_finite() || theta < 0.0 {
        return f64::NAN;
    }
    if theta == 0.0 {
        return n as f64;
    }
    partial_sum(1, n, theta)
}

/// Ranks that are a column of their own in the alias table.
pub const SINGLES: u64 = 256;

/// Past [`SINGLES`], each block of ranks ends about `GROWTH` times past its first rank.
const GROWTH: f64 = 1.05;

/// One column of the alias table: ranks `first..first + len`.
#[derive(Clone, Copy, Debug)]
struct Block {
    first: u64,
    len: u64,
    /// `(last/first)^(−θ)`: the smallest acceptance in the block, so a uniform below it accepts
    /// any rank of the block without computing its own.
    squeeze: f64,
}

/// Zipf(θ) over ranks `1..=n`, sampled exactly from an alias table over ranks and blocks of ranks.
#[derive(Clone)]
pub struct Zipf {
    n: u64,
    theta: f64,
    zeta: f64,
    /// The columns; empty for θ = 0 (sampled as a uniform). Shared by clones.
    blocks: std::sync::Arc<[Block]>,
    /// Vose's alias table over `blocks`: keep column `i` with probability `keep[i]`, else take
    /// `alias[i]`.
    keep: std::sync::Arc<[f64]>,
    alias: std::sync::Arc<[u32]>,
}

impl PartialEq for Zipf {
    /// The same law: everything else is derived from `n` and `θ`.
    fn eq(&self, other: &Self) -> bool {
        self.n == other.n && self.theta == other.theta
    }
}

impl std::fmt::Debug for Zipf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Zipf")
            .field("n", &self.n)
            .field("theta", &self.theta)
            .field("zeta", &self.zeta)
            .field("columns", &self.blocks.len())
            .finish_non_exhaustive()
    }
}

/// Vose's alias table for `weights` (all finite, ≥ 0, not all 0): `(keep, alias)`.
fn alias_table(weights: &[f64]) -> (Vec<f64>, Vec<u32>) {
    let cols = weights.len();
    let total: f64 = weights.iter().sum();
    let mut scaled: Vec<f64> = weights.iter().map(|w| w * cols as f64 / total).collect();
    let mut keep = vec![1.0; cols];
    let mut alias: Vec<u32> = (0..cols as u32).collect();
    let (mut small, mut large): (Vec<u32>, Vec<u32>) =
        (0..cols as u32).partition(|&i| scaled[i as usize] < 1.0);
    while let (Some(&s), Some(&l)) = (small.last(), large.last()) {
        small.pop();
        keep[s as usize] = scaled[s as usize];
        alias[s as usize] = l;
        scaled[l as usize] = (scaled[l as usize] + scaled[s as usize]) - 1.0;
        if scaled[l as usize] < 1.0 {
            large.pop();
            small.push(l);
        }
    }
    // What is left on either stack is 1 up to rounding: it keeps its own column (keep = 1).
    (keep, alias)
}

impl Zipf {
    /// Zipf(θ) over `n ≥ 1` ranks, `θ ≥ 0` finite. Builds the alias table: at most `SINGLES`
    /// terms and about 800 block sums (well under a millisecond).
    pub fn new(n: u64, theta: f64) -> Result<Self, ZipfError> {
        Self::with_table(n, theta, SINGLES, GROWTH)
    }

    /// As [`Zipf::new`] with `singles ≥ 1` ranks as columns of their own and blocks growing by
    /// `growth > 1` (tests move the seam and widen the blocks).
    fn with_table(n: u64, theta: f64, singles: u64, growth: f64) -> Result<Self, ZipfError> {
        if n == 0 {
            return Err(ZipfError::NoRanks);
        }
        if !theta.is_finite() || theta < 0.0 {
            return Err(ZipfError::BadExponent(theta));
        }
        let mut blocks = Vec::new();
        let mut masses = Vec::new();
        if theta > 0.0 {
            let singles = n.min(singles.max(1));
            for r in 1..=singles {
                blocks.push(Block {
                    first: r,
                    len: 1,
                    squeeze: 1.0,
                });
                masses.push(term(r as f64, theta));
            }
            let mut done = singles;
            while done < n {
                let first = done + 1;
                // `as` saturates near u64::MAX; the block is never empty and never passes n.
                let last = ((first as f64 * growth) as u64).clamp(first, n);
                blocks.push(Block {
                    first,
                    len: last - first + 1,
                    squeeze: term(last as f64 / first as f64, theta),
                });
                masses.push(partial_sum(first, last, theta));
                done = last;
            }
        }
        let (keep, alias) = if masses.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            alias_table(&masses)
        };
        Ok(Zipf {
            n,
            theta,
            zeta: zeta(n, theta),
            blocks: blocks.into(),
            keep: keep.into(),
            alias: alias.into(),
        })
    }

    pub fn n(&self) -> u64 {
        self.n
    }

    pub fn theta(&self) -> f64 {
        self.theta
    }

    /// `ζ(n, θ)`, the normalising constant.
    pub fn zeta(&self) -> f64 {
        self.zeta
    }

    /// `P(rank)`; 0 outside `1..=n`.
    pub fn pmf(&self, rank: u64) -> f64 {
        if rank == 0 || rank > self.n {
            return 0.0;
        }
        term(rank as f64, self.theta) / self.zeta
    }

    /// The share of the `k` most popular ranks, `ζ(k, θ)/ζ(n, θ)` (1 for `k ≥ n`).
    pub fn top_share(&self, k: u64) -> f64 {
        if k >= self.n {
            1.0
        } else {
            zeta(k, self.theta) / self.zeta
        }
    }

    /// One rank in `1..=n`.
    pub fn sample(&self, rng: &mut Rng) -> u64 {
        if self.blocks.is_empty() {
            // θ = 0, the uniform.
            return below(rng, self.n) + 1;
        }
        let column = below_u32(rng, self.blocks.len() as u32) as usize;
        let picked = if rng.uniform() < self.keep[column] {
            column
        } else {
            self.alias[column] as usize
        };
        let block = self.blocks[picked];
        if block.len == 1 {
            return block.first;
        }
        loop {
            // 32-bit arithmetic where the block allows (every block below rank 8·10¹⁰): wasm has
            // no 64 × 64 → 128-bit multiply.
            let k = block.first
                + match u32::try_from(block.len) {
                    Ok(len) => u64::from(below_u32(rng, len)),
                    Err(_) => below(rng, block.len),
                };
            let v = rng.uniform();
            if v < block.squeeze || v < term(k as f64 / block.first as f64, self.theta) {
                return k;
            }
        }
    }

    /// The number of alias-table columns (0 for θ = 0).
    pub fn columns(&self) -> usize {
        self.blocks.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Euler's constant γ (OEIS A001620).
    const GAMMA: f64 = 0.577_215_664_901_532_9;

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    #[test]
    fn zeta_matches_a_compensated_direct_sum_up_to_a_million() {
        // Source: the definition; tolerance 1e-12 relative (reference section 3.2 asks < 1e-12, m ≥ 50).
        for &theta in &[
            0.0,
            0.3,
            0.5,
            0.8,
            0.99,
            1.0 - 1e-9,
            1.0,
            1.0 + 1e-9,
            1.01,
            1.5,
            2.0,
            3.5,
        ] {
            for &n in &[1u64, 2, 10, 63, 64, 65, 100, 1000, 12_345, 1_000_000] {
                let direct = direct_sum(1, n, theta);
                let fast = zeta(n, theta);
                assert!(
                    rel(fast, direct) < 1e-12,
                    "n={n} θ={theta}: {fast} vs {direct}"
                );
            }
        }
    }

    #[test]
    fn zeta_of_small_n_is_exact() {
        assert_eq!(zeta(0, 0.99), 0.0);
        assert_eq!(zeta(1, 0.99), 1.0);
        assert!(rel(zeta(2, 0.99), 1.0 + libm::pow(2.0, -0.99)) < 1e-15);
        assert_eq!(zeta(1_000_000_000_000, 0.0), 1e12);
        assert!(zeta(5, -1.0).is_nan());
        assert!(zeta(5, f64::NAN).is_nan());
    }

    #[test]
    fn zeta_follows_the_standard_asymptotics_to_1e18() {
        // Sources: ζ(n,1) = ln n + γ + 1/(2n) − 1/(12n²) + 1/(120n⁴); ζ(n,2) = π²/6 − 1/n + 1/(2n²) − 1/(6n³);
        // ζ(n,½) = 2√n + ζ(½) + 1/(2√n) − 1/(24 n^{3/2}) (reference section 3.2). Tolerance 1e-13 relative
        // (the truncated series are far more accurate than that for these n).
        let zeta_half = -1.460_354_508_809_586_8;
        for &n in &[1e4, 1e6, 1e10, 1e12, 1e15, 1e18] {
            let nn = n as u64;
            let h1 = libm::log(n) + GAMMA + 0.5 / n - 1.0 / (12.0 * n * n);
            assert!(rel(zeta(nn, 1.0), h1) < 1e-13, "θ=1 n={n}");
            let pi2 = std::f64::consts::PI * std::f64::consts::PI / 6.0;
            let h2 = pi2 - 1.0 / n + 0.5 / (n * n) - 1.0 / (6.0 * n * n * n);
            assert!(rel(zeta(nn, 2.0), h2) < 1e-13, "θ=2 n={n}");
            let r = n.sqrt();
            let hh = 2.0 * r + zeta_half + 0.5 / r - 1.0 / (24.0 * n * r);
            assert!(rel(zeta(nn, 0.5), hh) < 1e-13, "θ=½ n={n}");
        }
    }

    #[test]
    fn zeta_is_continuous_through_theta_one() {
        // ζ is smooth in θ: either side of 1 by 1e-12 moves it by about |dζ/dθ|·1e-12 ≈ Σ ln(i)/i · 1e-12.
        for &n in &[1_000u64, 10_000_000_000, 1_000_000_000_000_000_000] {
            let at = zeta(n, 1.0);
            for &d in &[1e-12, -1e-12, 1e-9, -1e-9] {
                let near = zeta(n, 1.0 + d);
                let slope = libm::log(n as f64).powi(2) / 2.0; // Σ ln i / i ≈ (ln n)²/2
                assert!(
                    (near - at).abs() <= 1.1 * slope * d.abs() + 1e-12 * at,
                    "n={n} d={d}"
                );
            }
        }
    }

    #[test]
    fn zeta_agrees_with_ycsbs_precomputed_constant() {
        // Source: YCSB ScrambledZipfianGenerator.ZETAN = 26.46902820178302, a forward double sum over
        // 10¹⁰ terms at θ = 0.99; a forward sum that long drifts by about 1e-12, hence 1e-11 relative.
        let ours = zeta(10_000_000_000, 0.99);
        assert!(rel(ours, 26.469_028_201_783_02) < 1e-11, "{ours}");
    }

    #[test]
    fn zeta_matches_high_precision_values_up_to_1e18() {
        // Source: mpmath 1.3 at 40 digits, ζ(θ) − ζ(θ, n + 1) (Hurwitz) and harmonic(n) at θ = 1.
        // Tolerance 1e-13 relative (the issue asks 1e-9).
        const CASES: [(u64, f64, f64); 28] = [
            (1_000_000, 0.5, 1998.5401454911487),
            (1_000_000, 0.99, 15.391849746036803),
            (1_000_000, 0.999999, 14.392822084662262),
            (1_000_000, 1.0, 14.392726722865724),
            (1_000_000, 1.000001, 14.392631361948157),
            (1_000_000, 1.5, 2.6103753491854884),
            (1_000_000, 2.5, 1.341487256584251),
            (10_000_000_000, 0.5, 199998.53965049118),
            (10_000_000_000, 0.99, 26.469028201751478),
            (10_000_000_000, 0.999999, 23.603331619016355),
            (10_000_000_000, 1.0, 23.603066594891988),
            (10_000_000_000, 1.000001, 23.60280157483697),
            (10_000_000_000, 1.5, 2.612355348685489),
            (10_000_000_000, 2.5, 1.3414872572509164),
            (1_000_000_000_000_000, 0.5, 63245551.74301309),
            (1_000_000_000_000_000, 0.99, 41.830241484547244),
            (1_000_000_000_000_000, 0.999999, 35.116588457400894),
            (1_000_000_000_000_000, 1.0, 35.11599205981222),
            (1_000_000_000_000_000, 1.000001, 35.115395675957615),
            (1_000_000_000_000_000, 1.5, 2.6123752854399354),
            (1_000_000_000_000_000, 2.5, 1.341487257250917),
            (1_000_000_000_000_000_000, 0.5, 1999999998.5396454),
            (1_000_000_000_000_000_000, 0.99, 51.932611865892625),
            (1_000_000_000_000_000_000, 0.999999, 42.02460618533877),
            (1_000_000_000_000_000_000, 1.0, 42.02374733879436),
            (1_000_000_000_000_000_000, 1.000001, 42.02288851598242),
            (1_000_000_000_000_000_000, 1.5, 2.6123753466854884),
            (1_000_000_000_000_000_000, 2.5, 1.341487257250917),
        ];
        for (n, theta, want) in CASES {
            let got = zeta(n, theta);
            assert!(
                rel(got, want) < 1e-13,
                "n={n} θ={theta}: {got} vs {want}, {}",
                rel(got, want)
            );
        }
    }

    #[test]
    fn pmf_sums_to_one_and_top_share_matches() {
        for &theta in &[0.0, 0.5, 0.99, 1.0, 1.5] {
            let z = Zipf::new(1000, theta).expect("valid");
            let total: f64 = (1..=1000).map(|r| z.pmf(r)).sum();
            assert!((total - 1.0).abs() < 1e-12);
            let top10: f64 = (1..=10).map(|r| z.pmf(r)).sum();
            assert!(rel(z.top_share(10), top10) < 1e-12);
            assert_eq!(z.pmf(0), 0.0);
            assert_eq!(z.pmf(1001), 0.0);
        }
    }

    #[test]
    fn bad_parameters_are_refused() {
        assert_eq!(Zipf::new(0, 1.0), Err(ZipfError::NoRanks));
        assert!(matches!(Zipf::new(5, -0.1), Err(ZipfError::BadExponent(_))));
        assert!(matches!(
            Zipf::new(5, f64::INFINITY),
            Err(ZipfError::BadExponent(_))
        ));
        assert!(matches!(
            Zipf::new(5, f64::NAN),
            Err(ZipfError::BadExponent(_))
        ));
    }

    /// Pearson's χ² of `draws` samples against the exact PMF, cells merged so each expects ≥ 5.
    fn chi_square(z: &Zipf, draws: u64, seed: u64) -> (f64, usize) {
        let n = z.n() as usize;
        let mut counts = vec![0u64; n + 1];
        let mut rng = Rng::seeded(seed);
        for _ in 0..draws {
            let k = z.sample(&mut rng);
            assert!((1..=z.n()).contains(&k));
            counts[k as usize] += 1;
        }
        let (mut chi, mut cells) = (0.0, 0usize);
        let (mut expected, mut observed) = (0.0, 0.0);
        for (r, &count) in counts.iter().enumerate().skip(1) {
            expected += z.pmf(r as u64) * draws as f64;
            observed += count as f64;
            if expected >= 5.0 || r == n {
                chi += (observed - expected) * (observed - expected) / expected;
                cells += 1;
                expected = 0.0;
                observed = 0.0;
            }
        }
        (chi, cells)
    }

    #[test]
    fn samples_follow_the_exact_pmf() {
        // χ² with df = cells − 1; the bound df + 6·√(2 df) is beyond the 1 − 1e-6 quantile for every df
        // here, so a correct sampler fails with probability < 1e-6 per case (seeds fixed: deterministic).
        for (i, &theta) in [0.0, 0.5, 0.99, 1.0, 1.5, 3.0].iter().enumerate() {
            for &n in &[1u64, 2, 7, 100, 5000] {
                let z = Zipf::new(n, theta).expect("valid");
                let (chi, cells) = chi_square(&z, 200_000, 17 + i as u64);
                let df = (cells.max(2) - 1) as f64;
                assert!(
                    chi < df + 6.0 * (2.0 * df).sqrt(),
                    "θ={theta} n={n}: χ²={chi} df={df}"
                );
            }
        }
    }

    #[test]
    fn blocks_follow_the_exact_pmf_from_any_seam() {
        // The same χ² bound as above, with 1, 2, 7 or 100 ranks as columns of their own, so most
        // draws come from blocks (which then start at rank 2 to 101), and blocks 1.05 or 4 times
        // as long as the ranks before them: in a ×4 block the acceptance ranges over 4^(−θ), so a
        // wrong acceptance or squeeze shows at once.
        for (i, &theta) in [0.3, 0.99, 1.0, 1.5, 3.0].iter().enumerate() {
            for (&singles, &growth) in [1u64, 2, 7, 100].iter().zip(&[1.05, 4.0, 1.05, 4.0]) {
                let z = Zipf::with_table(5000, theta, singles, growth).expect("valid");
                let (chi, cells) = chi_square(&z, 200_000, 41 + i as u64);
                let df = (cells.max(2) - 1) as f64;
                assert!(
                    chi < df + 6.0 * (2.0 * df).sqrt(),
                    "θ={theta} singles={singles} growth={growth}: χ²={chi} df={df}"
                );
            }
        }
    }

    #[test]
    fn partial_sums_match_direct_sums_and_the_blocks_add_up_to_zeta() {
        // Oracle: the compensated direct sum (tolerance 1e-12 relative), and ζ(n) for the whole
        // table up to n = u64::MAX, which also bounds the table's size.
        for &theta in &[0.3, 0.99, 1.0, 1.5, 3.5] {
            for &(a, b) in &[
                (1u64, 1u64),
                (2, 63),
                (5, 64),
                (63, 200),
                (64, 127),
                (700, 100_000),
            ] {
                let want = direct_sum(a, b, theta);
                assert!(
                    rel(partial_sum(a, b, theta), want) < 1e-12,
                    "θ={theta} [{a}, {b}]"
                );
            }
            for &n in &[1u64, 300, 12_345, 10_000_000_000, u64::MAX] {
                let z = Zipf::new(n, theta).expect("valid");
                assert!(z.columns() <= 1_100, "n={n}: {} columns", z.columns());
                let mut next = 1;
                let total: f64 = z
                    .blocks
                    .iter()
                    .map(|b| {
                        assert_eq!(b.first, next, "blocks tile the ranks");
                        let last = b.first + (b.len - 1);
                        next = last.saturating_add(1);
                        partial_sum(b.first, last, theta)
                    })
                    .sum();
                assert_eq!(z.blocks.last().map(|b| b.first + (b.len - 1)), Some(n));
                assert!(rel(total, zeta(n, theta)) < 1e-12, "θ={theta} n={n}");
            }
        }
    }

    #[test]
    fn the_alias_table_holds_each_weight_exactly() {
        // Oracle: column i's probability is (keep[i] + Σ_{j: alias[j] = i} (1 − keep[j])) / cols,
        // which must equal w_i / Σw (to 1e-12) for random weights, zeros and a dominant one included.
        let mut rng = Rng::seeded(77);
        for case in 0..200 {
            let cols = 1 + (rng.next_u64() % 300) as usize;
            let weights: Vec<f64> = (0..cols)
                .map(|i| match (case + i) % 7 {
                    0 => 0.0,
                    1 => 1e6 * rng.uniform(),
                    _ => rng.uniform(),
                })
                .collect();
            let total: f64 = weights.iter().sum();
            if total == 0.0 {
                continue;
            }
            let (keep, alias) = alias_table(&weights);
            let mut got = keep.clone();
            for (j, &a) in alias.iter().enumerate() {
                if a as usize != j {
                    got[a as usize] += 1.0 - keep[j];
                }
            }
            for (i, w) in weights.iter().enumerate() {
                let want = w / total;
                let have = got[i] / cols as f64;
                assert!(
                    (have - want).abs() < 1e-12,
                    "case {case} col {i}: {have} vs {want}"
                );
                assert!((0.0..=1.0).contains(&keep[i]));
            }
        }
    }

    #[test]
    fn blocks_past_the_singles_carry_their_exact_mass() {
        // n = 10¹⁰ at θ = 0.99: draws past the single ranks happen with probability
        // 1 − ζ(256)/ζ(10¹⁰), and draws past 10⁶ with 1 − ζ(10⁶)/ζ(10¹⁰); 10⁶ draws, 6 standard errors.
        let z = Zipf::new(10_000_000_000, 0.99).expect("valid");
        let mut rng = Rng::seeded(8);
        let draws = 1_000_000u64;
        let (mut past_singles, mut past_million) = (0u64, 0u64);
        for _ in 0..draws {
            let k = z.sample(&mut rng);
            past_singles += u64::from(k > SINGLES);
            past_million += u64::from(k > 1_000_000);
        }
        for (count, p) in [
            (past_singles, 1.0 - z.top_share(SINGLES)),
            (past_million, 1.0 - z.top_share(1_000_000)),
        ] {
            let se = (p * (1.0 - p) / draws as f64).sqrt();
            assert!(
                (count as f64 / draws as f64 - p).abs() < 6.0 * se,
                "{count} vs {p}"
            );
        }
    }

    #[test]
    fn a_wrong_exponent_is_caught_by_the_same_test() {
        // The χ² test has power: draws at θ = 1 tested against the θ = 0.9 PMF fail.
        let draw = Zipf::new(100, 1.0).expect("valid");
        let mut wrong = draw.clone();
        wrong.theta = 0.9;
        wrong.zeta = zeta(100, 0.9);
        let mut rng = Rng::seeded(3);
        let mut counts = [0u64; 101];
        for _ in 0..200_000 {
            counts[draw.sample(&mut rng) as usize] += 1;
        }
        let chi: f64 = (1..=100)
            .map(|r| {
                let e = wrong.pmf(r) * 200_000.0;
                (counts[r as usize] as f64 - e).powi(2) / e
            })
            .sum();
        assert!(chi > 99.0 + 6.0 * (198.0f64).sqrt());
    }

    #[test]
    fn huge_n_samples_stay_in_range_and_hit_the_head_at_its_share() {
        // n = 10¹⁸: the share of rank 1 is 1/ζ; 10⁶ draws give it within 6 standard errors.
        let z = Zipf::new(1_000_000_000_000_000_000, 0.99).expect("valid");
        let mut rng = Rng::seeded(5);
        let draws = 1_000_000u64;
        let mut ones = 0u64;
        for _ in 0..draws {
            let k = z.sample(&mut rng);
            assert!((1..=z.n()).contains(&k));
            ones += u64::from(k == 1);
        }
        let p = z.pmf(1);
        let se = (p * (1.0 - p) / draws as f64).sqrt();
        assert!((ones as f64 / draws as f64 - p).abs() < 6.0 * se);
    }

    #[test]
    fn same_seed_same_ranks() {
        let z = Zipf::new(1 << 40, 1.2).expect("valid");
        let a: Vec<u64> = {
            let mut rng = Rng::seeded(9);
            (0..100).map(|_| z.sample(&mut rng)).collect()
        };
        let mut rng = Rng::seeded(9);
        let b: Vec<u64> = (0..100).map(|_| z.sample(&mut rng)).collect();
        assert_eq!(a, b);
    }
}
