//! The one random source of every simulation: Xoshiro256++ (Blackman and Vigna) seeded from a
//! `u64` through SplitMix64, so a seed gives the same numbers natively, in the browser and in the
//! CLI. Draws are `u64`/`f64`, never `usize`.
//!
//! Why Xoshiro256++: it is a fixed algorithm of 64-bit adds, shifts, rotations and xors, which
//! wasm32 executes as single instructions, so it runs at nearly native speed in the browser.
//! (ChaCha8, used before, is fast natively only through SIMD; on wasm32 its scalar fallback made
//! a draw about 12 times slower than natively.) It is not cryptographic, which a simulation does
//! not need; its period is 2^256 − 1.
//!
//! Exponential draws, one per event of a failure/repair simulation, use the ziggurat method,
//! which needs no logarithm for 98.9% of draws; the logarithm had been a third of the run time.
//!
//! Every transcendental function here (`ln`, `exp`, `cos`) comes from the `libm` crate, never
//! `f64::ln` and friends: those call the platform's maths library (glibc natively, a port of
//! FreeBSD's in wasm32), whose last bits differ for about 7% of logarithms of uniform draws, so
//! the same seed would give different event times in the CLI and in the browser. `libm` is the
//! same Rust code on every target and Rust never fuses multiply–adds, so the bits agree.

use std::sync::OnceLock;

use rand_core::{RngCore, SeedableRng};
use rand_xoshiro::{SplitMix64, Xoshiro256PlusPlus};

#[derive(Clone, Debug)]
pub struct Rng(Xoshiro256PlusPlus);

impl Rng {
    /// The generator for `seed`: the same as stream 0 of it.
    pub fn seeded(seed: u64) -> Self {
        Self::stream(seed, 0)
    }

    /// An independent stream for sub-task `stream` of the same seed (e.g. one replication).
    ///
    /// The 256-bit state is two SplitMix64 outputs of `seed` followed by two of `stream`. The
    /// first output of SplitMix64 is a bijection of its seed, so distinct `(seed, stream)` pairs
    /// start from distinct states, scattered over a period of 2^256 − 1: two runs overlapping
    /// is as unlikely as guessing a 256-bit key.
    pub fn stream(seed: u64, stream: u64) -> Self {
        let mut of_seed = SplitMix64::seed_from_u64(seed);
        let mut of_stream = SplitMix64::seed_from_u64(stream);
        let words = [
            of_seed.next_u64(),
            of_seed.next_u64(),
            of_stream.next_u64(),
            of_stream.next_u64(),
        ];
        let mut state = [0u8; 32];
        for (bytes, word) in state.chunks_exact_mut(8).zip(words) {
            bytes.copy_from_slice(&word.to_le_bytes());
        }
        Rng(Xoshiro256PlusPlus::from_seed(state))
    }

    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform on (0, 1]: the 53 high bits plus one, so `ln(u)` is always finite.
    #[inline]
    pub fn uniform_open0(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform on [0, 1).
    #[inline]
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p`.
    pub fn bernoulli(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// Exponential with the given mean, by the ziggurat method: one `u64` and no logarithm for
    /// 98.9% of draws (the logarithm was a third of a Monte Carlo run's time).
    #[inline]
    pub fn exponential(&mut self, mean: f64) -> f64 {
        self.standard_exponential() * mean
    }

    /// Exponential with mean 1: Marsaglia and Tsang, "The Ziggurat Method for Generating Random
    /// Variables", J. Stat. Softw. 5(8), 2000, §2 and §3 (256 layers). The common case is inlined
    /// into the caller; the 1.1% that land outside a rectangle go to [`Self::off_rectangle`].
    #[inline]
    fn standard_exponential(&mut self) -> f64 {
        let zig = Ziggurat::exponential();
        let (layer, draw) = self.ziggurat_point(zig);
        if draw < zig.x[layer + 1] {
            // Inside the layer's rectangle, under the density everywhere.
            return draw;
        }
        self.off_rectangle(zig, layer, draw)
    }

    /// A layer and a point along it: the low 8 bits of one draw pick the layer, the high 53 the
    /// position in (0, 1] of its width.
    #[inline]
    fn ziggurat_point(&mut self, zig: &Ziggurat) -> (usize, f64) {
        let bits = self.next_u64();
        let layer = (bits & 0xff) as usize;
        let u = ((bits >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64);
        (layer, u * zig.x[layer])
    }

    /// The rest of the ziggurat loop, for a point outside its layer's rectangle.
    #[cold]
    #[inline(never)]
    fn off_rectangle(&mut self, zig: &Ziggurat, mut layer: usize, mut draw: f64) -> f64 {
        let Ziggurat { x, f } = zig;
        loop {
            if layer == 0 {
                // Beyond the base layer's rectangle: the tail past r, which is r plus an
                // exponential by memorylessness.
                return x[1] - libm::log(self.uniform_open0());
            }
            // In the wedge between the rectangle and the density: accept under the curve.
            if f[layer + 1] + (f[layer] - f[layer + 1]) * self.uniform() < libm::exp(-draw) {
                return draw;
            }
            (layer, draw) = self.ziggurat_point(zig);
            if draw < x[layer + 1] {
                return draw;
            }
        }
    }

    /// Standard normal by Box–Muller (one of the pair; simple and exactly reproducible).
    pub fn standard_normal(&mut self) -> f64 {
        let u1 = self.uniform_open0();
        let u2 = self.uniform();
        // `sqrt` is correctly rounded everywhere (IEEE 754), so only `ln` and `cos` need `libm`.
        (-2.0 * libm::log(u1)).sqrt() * libm::cos(std::f64::consts::TAU * u2)
    }
}

/// Layer edges `x` (decreasing from the base's virtual width to 0) and the density at them, `f`.
struct Ziggurat {
    x: [f64; 257],
    f: [f64; 257],
}

impl Ziggurat {
    /// Tables for e^−x, built once with `libm` so that they are the same on every target.
    fn exponential() -> &'static Ziggurat {
        static TABLES: OnceLock<Ziggurat> = OnceLock::new();
        TABLES.get_or_init(|| {
            // Marsaglia and Tsang (2000), §3: with 256 layers the base layer starts at r and
            // every layer has area v = r·e^−r + ∫_r^∞ e^−x dx.
            const R: f64 = 7.697_117_470_131_05;
            let v = (R + 1.0) * libm::exp(-R);
            let mut x = [0.0; 257];
            x[0] = v / libm::exp(-R);
            x[1] = R;
            for i in 2..256 {
                x[i] = -libm::log(v / x[i - 1] + libm::exp(-x[i - 1]));
            }
            let f = x.map(|edge| libm::exp(-edge));
            Ziggurat { x, f }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_gives_the_same_numbers_everywhere() {
        // Pinned: these values must not change across platforms or releases, or saved links and
        // CLI runs would stop reproducing. The shaped draws are pinned to the bit because they
        // also depend on `libm`'s logarithm and cosine.
        let mut rng = Rng::seeded(42);
        let first: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        let shaped: Vec<u64> = [
            rng.exponential(1.0),
            rng.exponential(1_000.0),
            rng.standard_normal(),
            rng.standard_normal(),
        ]
        .map(f64::to_bits)
        .to_vec();
        expect_test::expect![[r#"
            (
                [
                    450364981213501053,
                    2618350111057242622,
                    1714330109575819703,
                ],
                [
                    4585461794172582177,
                    4639713223247019281,
                    13831057091634539404,
                    4593146932308774197,
                ],
            )
        "#]]
        .assert_debug_eq(&(first, shaped));
    }

    /// The algorithm written out from its published definitions (SplitMix64 and Xoshiro256++,
    /// <https://prng.di.unimi.it/>), so the stream is pinned to them and not only to a crate:
    /// anyone can reproduce a run from this test alone.
    #[test]
    fn the_stream_is_xoshiro256_plus_plus_seeded_by_splitmix64() {
        fn splitmix64(x: &mut u64) -> u64 {
            *x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = *x;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }
        fn xoshiro256pp(s: &mut [u64; 4]) -> u64 {
            let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
            let t = s[1] << 17;
            s[2] ^= s[0];
            s[3] ^= s[1];
            s[1] ^= s[2];
            s[0] ^= s[3];
            s[2] ^= t;
            s[3] = s[3].rotate_left(45);
            result
        }
        for (seed, stream) in [(0, 0), (42, 0), (42, 1), (u64::MAX, 7), (2026, 1 << 40)] {
            let (mut a, mut b) = (seed, stream);
            let mut state = [
                splitmix64(&mut a),
                splitmix64(&mut a),
                splitmix64(&mut b),
                splitmix64(&mut b),
            ];
            let mut rng = Rng::stream(seed, stream);
            for _ in 0..100 {
                assert_eq!(rng.next_u64(), xoshiro256pp(&mut state), "{seed} {stream}");
            }
        }
        let mut seeded = Rng::seeded(42);
        let mut stream0 = Rng::stream(42, 0);
        assert_eq!(seeded.next_u64(), stream0.next_u64());
    }

    #[test]
    fn uniform_open0_never_returns_zero_and_reaches_one() {
        let mut rng = Rng::seeded(1);
        for _ in 0..10_000 {
            let u = rng.uniform_open0();
            assert!(u > 0.0 && u <= 1.0);
        }
    }

    #[test]
    fn moments_of_the_draws() {
        // 200,000 draws: the sample mean is within 4 standard errors of the true mean.
        let n = 200_000;
        let mut rng = Rng::seeded(7);
        let mean = |f: &mut dyn FnMut() -> f64| (0..n).map(|_| f()).sum::<f64>() / n as f64;
        let exp_mean = mean(&mut || rng.exponential(3.0));
        assert!(
            (exp_mean - 3.0).abs() < 4.0 * 3.0 / (n as f64).sqrt(),
            "{exp_mean}"
        );
        let mut rng = Rng::seeded(8);
        let normal_mean = mean(&mut || rng.standard_normal());
        assert!(normal_mean.abs() < 4.0 / (n as f64).sqrt(), "{normal_mean}");
        let mut rng = Rng::seeded(9);
        let sq = mean(&mut || rng.standard_normal().powi(2));
        assert!(
            (sq - 1.0).abs() < 4.0 * 2f64.sqrt() / (n as f64).sqrt(),
            "{sq}"
        );
    }

    #[test]
    fn ziggurat_layers_have_equal_areas() {
        let Ziggurat { x, f } = Ziggurat::exponential();
        let v = x[1] * f[1] + f[1];
        assert!((1..256).all(|i| x[i] > x[i + 1]) && x[255] > 0.0 && x[256] == 0.0);
        assert!(((x[0] * f[1]) - v).abs() < 1e-15);
        for i in 1..256 {
            let area = x[i] * (f[i + 1] - f[i]);
            assert!((area - v).abs() < 1e-12 * v, "layer {i}: {area} vs {v}");
        }
    }

    /// The whole distribution, not only its mean, binned at the layer edges so that each
    /// layer's wedge (where the ziggurat rejects) is a bin: Pearson's χ² over 4,000,000 draws in
    /// 256 bins stays under its 0.1% critical value (255 degrees of freedom, Wilson–Hilferty);
    /// accepting every wedge point, or none, takes it past 600. The tail past the base layer,
    /// drawn separately, has a mean excess of 1 (memorylessness) within 5 standard errors.
    #[test]
    fn exponential_draws_follow_the_exponential_law() {
        let Ziggurat { x, .. } = Ziggurat::exponential();
        let r = x[1];
        // Edges 0 = x[256] < x[255] < … < x[1] = r, then the tail [r, ∞).
        let edges: Vec<f64> = x[1..].iter().rev().copied().collect();
        let bins = edges.len();
        let n = 4_000_000;
        let mut counts = vec![0u64; bins];
        let mut excess = Vec::new();
        let mut rng = Rng::seeded(12);
        for _ in 0..n {
            let draw = rng.exponential(1.0);
            assert!(draw > 0.0);
            counts[edges.partition_point(|&edge| edge <= draw) - 1] += 1;
            if draw > r {
                excess.push(draw - r);
            }
        }
        let chi2: f64 = (0..bins)
            .map(|b| {
                let upper = edges.get(b + 1).map_or(0.0, |&e| (-e).exp());
                let expected = n as f64 * ((-edges[b]).exp() - upper);
                (counts[b] as f64 - expected).powi(2) / expected
            })
            .sum();
        let dof = (bins - 1) as f64;
        let h = 2.0 / (9.0 * dof);
        let critical = dof * (1.0 - h + 3.09 * h.sqrt()).powi(3);
        assert!(chi2 < critical, "χ² {chi2} ≥ {critical}");

        let tail = excess.len() as f64;
        let mean = excess.iter().sum::<f64>() / tail;
        assert!((mean - 1.0).abs() < 5.0 / tail.sqrt(), "mean excess {mean}");
    }

    #[test]
    fn streams_differ() {
        let a = Rng::stream(5, 0).next_u64();
        let b = Rng::stream(5, 1).next_u64();
        assert_ne!(a, b);
    }
}
