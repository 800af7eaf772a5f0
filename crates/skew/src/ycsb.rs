//! YCSB's generators, following YCSB's Java code path (brianfrankcooper/YCSB, `core/src/main/java/
//! site/ycsb/generator/`): the same constants, the same branches, the same hash.
//!
//! - [`fnvhash64`]: `Utils.fnvhash64` — FNV-1a 64 over the value's 8 bytes, least significant
//!   first, then Java's `Math.abs` (which leaves `Long.MIN_VALUE` negative).
//! - [`GrayZipfian`]: `ZipfianGenerator` (Gray et al., "Quickly Generating Billion-Record Synthetic
//!   Databases", SIGMOD 1994): `zetan`, `eta`, `alpha`; exact for the two hottest items, a
//!   continuous approximation beyond; clustered (the lowest id is the hottest); 0 < θ < 1 only.
//!   When the item count grows, `zetan` is extended and `eta` recomputed with the constructor's item
//!   count, as YCSB does.
//! - [`ScrambledZipfian`]: `ScrambledZipfianGenerator`: a Gray draw over `ITEM_COUNT + 1 = 10¹⁰ + 1`
//!   ranks with the precomputed `ZETAN`, then `min + fnvhash64(rank) % itemcount`.
//! - [`Hotspot`]: `HotspotIntegerGenerator`: a uniform hot set of the lowest ids and a uniform
//!   cold rest.
//! - [`SkewedLatest`]: `SkewedLatestGenerator`: `max − zipfian.nextLong(max)`, `max` the newest id.
//!
//! Deliberate differences, each because YCSB's behaviour cannot be reproduced or is a bug:
//! uniform draws come from the project's seeded [`Rng`], not `java.util.Random`; `zetastatic`'s
//! O(n) forward sum is used up to [`FORWARD_SUM_MAX`] items and replaced beyond by
//! [`sdlab_sim::zipf::zeta`] (within 1e-12 relative of it, and O(1)); `HotspotIntegerGenerator`'s
//! `(int)` cast of the hot interval (which caps it at 2³¹ − 1) and its division by an empty
//! interval are guarded; a Gray draw is clamped into `[base, base + n)` against rounding at u → 1.

use sdlab_sim::rng::Rng;
use sdlab_sim::zipf::zeta;

/// `ZipfianGenerator.ZIPFIAN_CONSTANT`.
pub const ZIPFIAN_CONSTANT: f64 = 0.99;
/// `ScrambledZipfianGenerator.ITEM_COUNT` (YCSB master).
pub const SCRAMBLED_ITEM_COUNT: u64 = 10_000_000_000;
/// `ScrambledZipfianGenerator.ZETAN`: ζ(10¹⁰, 0.99) precomputed by YCSB.
pub const SCRAMBLED_ZETAN: f64 = 26.46902820178302;
/// `Utils.FNV_OFFSET_BASIS_64`.
pub const FNV_OFFSET_BASIS_64: u64 = 0xCBF2_9CE4_8422_2325;
/// `Utils.FNV_PRIME_64`.
pub const FNV_PRIME_64: u64 = 1_099_511_628_211;
/// Up to this many items ζ is YCSB's forward double sum; beyond, Euler–Maclaurin.
pub const FORWARD_SUM_MAX: u64 = 1 << 16;

/// FNV-1a 64 of a byte string (Fowler, Noll, Vo).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(FNV_OFFSET_BASIS_64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(FNV_PRIME_64)
    })
}

/// YCSB's `Utils.fnvhash64(long)`: FNV-1a over the 8 bytes, least significant first, read as a
/// signed `long`, then `Math.abs` (so `i64::MIN` stays negative, as in Java).
pub fn fnvhash64(val: i64) -> i64 {
    (fnv1a64(&val.to_le_bytes()) as i64).wrapping_abs()
}

/// YCSB's `zetastatic(st, n, theta, initialsum)`: `initialsum + Σ_{i=st}^{n−1} 1/(i+1)^θ`, the
/// forward double sum, up to [`FORWARD_SUM_MAX`] new terms; larger spans by Euler–Maclaurin.
pub fn zetastatic(st: u64, n: u64, theta: f64, initialsum: f64) -> f64 {
    if n <= st {
        return initialsum;
    }
    if n - st > FORWARD_SUM_MAX {
        return initialsum + (zeta(n, theta) - zeta(st, theta));
    }
    let mut sum = initialsum;
    for i in st..n {
        sum += 1.0 / libm::pow((i + 1) as f64, theta);
    }
    sum
}

/// Why a YCSB generator cannot be built.
pub fn check_theta(theta: f64) -> Result<(), String> {
    if theta.is_finite() && theta > 0.0 && theta < 1.0 {
        Ok(())
    } else {
        Err(format!(
            "YCSB's Zipfian (Gray et al.) needs 0 < θ < 1 (got {theta}); use the exact Zipf for other θ"
        ))
    }
}

/// `ZipfianGenerator` over `[base, base + items)`.
#[derive(Clone, Debug, PartialEq)]
pub struct GrayZipfian {
    items: u64,
    base: u64,
    theta: f64,
    zeta2theta: f64,
    alpha: f64,
    zetan: f64,
    eta: f64,
    countforzeta: u64,
}

impl GrayZipfian {
    /// `new ZipfianGenerator(min, max, theta)`: ζ over `max − min + 1` items.
    pub fn new(min: u64, max: u64, theta: f64) -> Result<Self, String> {
        let items = max
            .checked_sub(min)
            .and_then(|d| d.checked_add(1))
            .ok_or("max < min")?;
        Self::with_zetan(min, max, theta, zetastatic(0, items, theta, 0.0))
    }

    /// `new ZipfianGenerator(min, max, theta, zetan)`, with a precomputed ζ.
    pub fn with_zetan(min: u64, max: u64, theta: f64, zetan: f64) -> Result<Self, String> {
        check_theta(theta)?;
        let items = max
            .checked_sub(min)
            .and_then(|d| d.checked_add(1))
            .ok_or("max < min")?;
        let zeta2theta = zetastatic(0, 2, theta, 0.0);
        Ok(GrayZipfian {
            items,
            base: min,
            theta,
            zeta2theta,
            alpha: 1.0 / (1.0 - theta),
            zetan,
            eta: (1.0 - libm::pow(2.0 / items as f64, 1.0 - theta)) / (1.0 - zeta2theta / zetan),
            countforzeta: items,
        })
    }

    pub fn zetan(&self) -> f64 {
        self.zetan
    }

    pub fn eta(&self) -> f64 {
        self.eta
    }

    /// `nextLong(itemcount)` given the uniform draw `u ∈ [0, 1)`. A larger `itemcount` than last
    /// time extends ζ incrementally and recomputes η with the constructor's item count (YCSB's
    /// behaviour); a smaller one keeps ζ (`allowitemcountdecrease` is false in YCSB).
    pub fn next_from(&mut self, itemcount: u64, u: f64) -> u64 {
        if itemcount > self.countforzeta {
            self.zetan = zetastatic(self.countforzeta, itemcount, self.theta, self.zetan);
            self.countforzeta = itemcount;
            self.eta = (1.0 - libm::pow(2.0 / self.items as f64, 1.0 - self.theta))
                / (1.0 - self.zeta2theta / self.zetan);
        }
        let uz = u * self.zetan;
        if uz < 1.0 {
            return self.base;
        }
        if uz < 1.0 + libm::pow(0.5, self.theta) {
            return self.base + 1;
        }
        let spread = itemcount as f64 * libm::pow(self.eta * u - self.eta + 1.0, self.alpha);
        // Java's (long) cast truncates (and saturates); the clamp guards u → 1 rounding.
        self.base + (spread as u64).min(itemcount.saturating_sub(1))
    }

    /// `nextValue()`: a draw over the constructor's item count.
    pub fn next(&mut self, rng: &mut Rng) -> u64 {
        self.next_from(self.items, rng.uniform())
    }

    /// `nextLong(itemcount)` with a fresh uniform draw.
    pub fn next_long(&mut self, itemcount: u64, rng: &mut Rng) -> u64 {
        self.next_from(itemcount, rng.uniform())
    }
}

/// `ScrambledZipfianGenerator` over `[min, min + itemcount)`.
#[derive(Clone, Debug, PartialEq)]
pub struct ScrambledZipfian {
    gray: GrayZipfian,
    min: u64,
    itemcount: u64,
}

impl ScrambledZipfian {
    /// `new ScrambledZipfianGenerator(min, max, theta)`: at θ = 0.99 YCSB's `ZETAN`; at another θ
    /// YCSB sums ζ over all 10¹⁰ + 1 ranks (minutes of work), which this computes in O(1).
    pub fn new(min: u64, max: u64, theta: f64) -> Result<Self, String> {
        let itemcount = max
            .checked_sub(min)
            .and_then(|d| d.checked_add(1))
            .ok_or("max < min")?;
        let gray = if theta == ZIPFIAN_CONSTANT {
            GrayZipfian::with_zetan(0, SCRAMBLED_ITEM_COUNT, theta, SCRAMBLED_ZETAN)?
        } else {
            check_theta(theta)?;
            GrayZipfian::with_zetan(
                0,
                SCRAMBLED_ITEM_COUNT,
                theta,
                zeta(SCRAMBLED_ITEM_COUNT + 1, theta),
            )?
        };
        Ok(ScrambledZipfian {
            gray,
            min,
            itemcount,
        })
    }

    /// The item a Gray rank folds onto: `min + fnvhash64(rank) % itemcount` (Java's `%`, which
    /// keeps the sign; the one negative hash, of `Long.MIN_VALUE`, is folded back into range).
    pub fn item_of_rank(&self, rank: u64) -> u64 {
        let r = fnvhash64(rank as i64) % self.itemcount as i64;
        self.min + r.rem_euclid(self.itemcount as i64) as u64
    }

    /// `nextValue()`, returning (item, Gray rank).
    pub fn next_with_rank(&mut self, rng: &mut Rng) -> (u64, u64) {
        let rank = self.gray.next(rng);
        (self.item_of_rank(rank), rank)
    }

    pub fn next_from(&mut self, u: f64) -> u64 {
        let rank = self.gray.next_from(self.gray.items, u);
        self.item_of_rank(rank)
    }

    pub fn zetan(&self) -> f64 {
        self.gray.zetan
    }
}

/// `HotspotIntegerGenerator` over `[lb, ub]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Hotspot {
    lb: u64,
    hot_interval: u64,
    cold_interval: u64,
    hot_opn_fraction: f64,
}

impl Hotspot {
    /// `hotset` is the data fraction in the hot set, `hot_ops` the fraction of operations on it.
    pub fn new(lb: u64, ub: u64, hotset: f64, hot_ops: f64) -> Result<Self, String> {
        if !(0.0..=1.0).contains(&hotset) {
            return Err(format!(
                "the hot data fraction must be between 0 and 1 (got {hotset})"
            ));
        }
        if !(0.0..=1.0).contains(&hot_ops) {
            return Err(format!(
                "the hot operation fraction must be between 0 and 1 (got {hot_ops})"
            ));
        }
        let interval = ub
            .checked_sub(lb)
            .and_then(|d| d.checked_add(1))
            .ok_or("ub < lb")?;
        let hot_interval = ((interval as f64 * hotset) as u64).min(interval);
        Ok(Hotspot {
            lb,
            hot_interval,
            cold_interval: interval - hot_interval,
            hot_opn_fraction: hot_ops,
        })
    }

    pub fn hot_interval(&self) -> u64 {
        self.hot_interval
    }

    /// Probability of one item (the exact PMF): hot items share `hot_ops`, cold items the rest;
    /// an empty side passes its share to the other.
    pub fn pmf(&self, item: u64) -> f64 {
        let Some(offset) = item.checked_sub(self.lb) else {
            return 0.0;
        };
        let hot_share = match (self.hot_interval, self.cold_interval) {
            (0, _) => 0.0,
            (_, 0) => 1.0,
            _ => self.hot_opn_fraction,
        };
        if offset < self.hot_interval {
            hot_share / self.hot_interval as f64
        } else if offset < self.hot_interval + self.cold_interval {
            (1.0 - hot_share) / self.cold_interval as f64
        } else {
            0.0
        }
    }

    /// `nextValue()`: `random.nextDouble() < hotOpnFraction` picks the hot set, then
    /// `Math.abs(random.nextLong()) % interval` (a non-negative 63-bit draw here) picks the item.
    pub fn next(&self, rng: &mut Rng) -> u64 {
        let hot = rng.uniform() < self.hot_opn_fraction;
        let hot = (hot && self.hot_interval > 0) || self.cold_interval == 0;
        let draw = rng.next_u64() >> 1;
        if hot {
            self.lb + draw % self.hot_interval
        } else {
            self.lb + self.hot_interval + draw % self.cold_interval
        }
    }
}

/// `SkewedLatestGenerator`: recency-skewed reads over the ids inserted so far.
#[derive(Clone, Debug, PartialEq)]
pub struct SkewedLatest {
    zipfian: GrayZipfian,
}

impl SkewedLatest {
    /// Built when `last` is the newest id (`basis.lastValue()`): a Zipfian over `last` items.
    pub fn new(last: u64) -> Result<Self, String> {
        if last == 0 {
            return Err("the latest distribution needs at least two keys".into());
        }
        Ok(SkewedLatest {
            zipfian: GrayZipfian::new(0, last - 1, ZIPFIAN_CONSTANT)?,
        })
    }

    /// `nextValue()` when the newest id is `max`: `max − zipfian.nextLong(max)`, in `[1, max]`
    /// (id 0 is never drawn, as in YCSB).
    pub fn next(&mut self, max: u64, rng: &mut Rng) -> u64 {
        max - self.zipfian.next_long(max, rng)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_the_published_vectors() {
        // Source: Fowler, Noll, Vo, "The FNV Non-Cryptographic Hash Algorithm", test vectors for
        // FNV-1a 64 (section "FNV-1a"); exact.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn fnvhash64_of_zero_is_ycsbs_first_key() {
        // Source: YCSB's first hashed key is "user6284781860667377211" = "user" + fnvhash64(0).
        assert_eq!(fnvhash64(0), 6_284_781_860_667_377_211);
        // Derived from Utils.fnvhash64's code: byte order LSB first (1 differs from 1 << 56).
        assert_ne!(fnvhash64(1), fnvhash64(1 << 56));
        assert!(fnvhash64(12345) >= 0);
    }

    #[test]
    fn gray_branches_hit_exactly() {
        // Derived from ZipfianGenerator.nextLong: u·ζn < 1 gives base; < 1 + 0.5^θ gives base + 1.
        let mut g = GrayZipfian::new(10, 1009, 0.99).expect("valid");
        let z = g.zetan();
        assert_eq!(g.next_from(1000, 0.0), 10);
        assert_eq!(g.next_from(1000, 0.999_999 / z), 10);
        assert_eq!(g.next_from(1000, 1.000_001 / z), 11);
        let second = 1.0 + libm::pow(0.5, 0.99);
        assert_eq!(g.next_from(1000, 0.999_999 * second / z), 11);
        // Just past the second branch: base + ⌊n·(η u − η + 1)^α⌋, computed by hand here.
        let u = 1.000_001 * second / z;
        let want = 10 + (1000.0 * libm::pow(g.eta() * u - g.eta() + 1.0, 1.0 / 0.01)) as u64;
        assert_eq!(g.next_from(1000, u), want);
        // u → 1 stays inside the range.
        assert_eq!(g.next_from(1000, 1.0 - f64::EPSILON), 1009);
    }

    #[test]
    fn gray_constants_follow_the_constructor() {
        // Derived from the constructor: ζ2 = 1 + 2^−θ, α = 1/(1−θ), η = (1 − (2/n)^(1−θ))/(1 − ζ2/ζn).
        let g = GrayZipfian::new(0, 999, 0.99).expect("valid");
        let zetan: f64 = (1..=1000)
            .map(|i| 1.0 / libm::pow(f64::from(i), 0.99))
            .sum();
        assert_eq!(g.zetan(), zetan);
        let zeta2 = 1.0 + libm::pow(2.0, -0.99);
        let eta = (1.0 - libm::pow(0.002, 0.01)) / (1.0 - zeta2 / zetan);
        assert!((g.eta() - eta).abs() < 1e-15);
        assert!(GrayZipfian::new(0, 9, 1.0).is_err());
        assert!(GrayZipfian::new(0, 9, 0.0).is_err());
    }

    #[test]
    fn gray_head_shares_are_exact() {
        // The two hottest items get exactly 1/ζn and 2^−θ/ζn; 10⁶ draws within 6 standard errors.
        let mut g = GrayZipfian::new(0, 99_999, 0.99).expect("valid");
        let mut rng = Rng::seeded(1);
        let draws = 1_000_000u64;
        let (mut c0, mut c1) = (0u64, 0u64);
        for _ in 0..draws {
            match g.next(&mut rng) {
                0 => c0 += 1,
                1 => c1 += 1,
                _ => {}
            }
        }
        for (count, p) in [
            (c0, 1.0 / g.zetan()),
            (c1, libm::pow(0.5, 0.99) / g.zetan()),
        ] {
            let se = (p * (1.0 - p) / draws as f64).sqrt();
            assert!(
                (count as f64 / draws as f64 - p).abs() < 6.0 * se,
                "{count} vs {p}"
            );
        }
    }

    #[test]
    fn growing_the_item_count_extends_zeta_but_keeps_eta_on_the_old_count() {
        let mut g = GrayZipfian::new(0, 999, 0.99).expect("valid");
        g.next_from(2000, 0.5);
        let zetan: f64 = (1..=2000)
            .map(|i| 1.0 / libm::pow(f64::from(i), 0.99))
            .sum();
        assert!((g.zetan() - zetan).abs() < 1e-12);
        let zeta2 = 1.0 + libm::pow(2.0, -0.99);
        let eta_old_count = (1.0 - libm::pow(2.0 / 1000.0, 0.01)) / (1.0 - zeta2 / zetan);
        assert!((g.eta() - eta_old_count).abs() < 1e-15);
    }

    #[test]
    fn scrambled_uses_ycsbs_constants_and_folds_ranks_by_fnv() {
        let mut s = ScrambledZipfian::new(0, 999, 0.99).expect("valid");
        assert_eq!(s.zetan(), SCRAMBLED_ZETAN);
        // u = 0 is Gray rank 0, item fnvhash64(0) % 1000 = 211 (from 6284781860667377211).
        assert_eq!(s.next_from(0.0), 211);
        assert_eq!(s.item_of_rank(0), 211);
        assert_eq!(s.item_of_rank(1), (fnvhash64(1) % 1000) as u64);
        // Another θ computes ζ over 10¹⁰ + 1 ranks instead of summing for minutes.
        let other = ScrambledZipfian::new(0, 999, 0.9).expect("valid");
        assert!((other.zetan() - zeta(10_000_000_001, 0.9)).abs() < 1e-9);
    }

    #[test]
    fn scrambled_head_is_flatter_than_zipf_over_the_real_n() {
        // YCSB #1495: the hottest item's share is ≈ 1/ZETAN (plus folded ranks), far below 1/ζ(n).
        let mut s = ScrambledZipfian::new(0, 9_999, 0.99).expect("valid");
        let mut rng = Rng::seeded(2);
        let mut counts = vec![0u32; 10_000];
        for _ in 0..500_000 {
            counts[s.next_with_rank(&mut rng).0 as usize] += 1;
        }
        let top = f64::from(*counts.iter().max().unwrap_or(&0)) / 500_000.0;
        let true_zipf_top = 1.0 / zeta(10_000, 0.99);
        assert!(top < 0.5 * true_zipf_top, "{top} vs {true_zipf_top}");
        assert!(top > 0.8 / SCRAMBLED_ZETAN);
    }

    #[test]
    fn hotspot_follows_its_pmf_and_guards_empty_sides() {
        let h = Hotspot::new(0, 999, 0.2, 0.8).expect("valid");
        assert_eq!(h.hot_interval(), 200);
        assert!((h.pmf(0) - 0.8 / 200.0).abs() < 1e-15);
        assert!((h.pmf(999) - 0.2 / 800.0).abs() < 1e-15);
        assert_eq!(h.pmf(1000), 0.0);
        let mut rng = Rng::seeded(3);
        let draws = 400_000;
        let hot = (0..draws).filter(|_| h.next(&mut rng) < 200).count() as f64 / draws as f64;
        assert!((hot - 0.8).abs() < 6.0 * (0.16f64 / draws as f64).sqrt());
        // All data hot, or none: no division by an empty interval.
        let all = Hotspot::new(0, 9, 1.0, 0.5).expect("valid");
        assert!((0..1000).all(|_| all.next(&mut rng) < 10));
        assert!((all.pmf(3) - 0.1).abs() < 1e-15);
        let none = Hotspot::new(0, 9, 0.0, 0.8).expect("valid");
        assert!((0..1000).all(|_| none.next(&mut rng) < 10));
        assert!(Hotspot::new(0, 9, 1.5, 0.5).is_err());
        assert!(Hotspot::new(0, 9, f64::NAN, 0.5).is_err());
    }

    #[test]
    fn latest_prefers_the_newest_and_never_draws_id_zero() {
        let mut l = SkewedLatest::new(999).expect("valid");
        let mut rng = Rng::seeded(4);
        let mut newest = 0;
        for _ in 0..100_000 {
            let id = l.next(999, &mut rng);
            assert!((1..=999).contains(&id));
            newest += u32::from(id == 999);
        }
        // The newest gets the Gray head share 1/ζ(999, 0.99).
        let p = 1.0 / zetastatic(0, 999, 0.99, 0.0);
        assert!((f64::from(newest) / 1e5 - p).abs() < 6.0 * (p * (1.0 - p) / 1e5).sqrt());
        // As ids are inserted the hot spot moves with the newest.
        assert!((1..=2000).contains(&l.next(2000, &mut rng)));
        assert!(SkewedLatest::new(0).is_err());
    }
}
