//! Key-popularity laws and their samplers: which key each request touches. Keys are ids
//! `0..n` (`u64`, never `usize`); inserts (the `latest` and `sequential` laws) append ids `n, n+1…`.
//!
//! - `uniform`: every key `1/n`.
//! - `zipf`: the exact Zipf(θ) of [`sdlab_sim::zipf`] over ranks, rank r on id `r − 1`
//!   (clustered) or on `(a·(r − 1) + b) mod n` with `gcd(a, n) = 1` (scattered: the same
//!   per-key probabilities, the hot keys spread over the id space).
//! - `ycsb-zipfian`, `ycsb-scrambled`, `hotspot`, `latest`: YCSB's generators ([`crate::ycsb`]).
//! - `sequential`: reads cycle through the ids in order (YCSB's `sequential`); writes are
//!   inserts of ever-larger ids (timestamps, auto-increment keys).
//! - `hot-keys`: a list of keys with their shares; the rest of the traffic uniform over all keys.
//!
//! For `latest` and `sequential` a write is an insert of the next id; for the others it updates a
//! key drawn by the same law as reads.

use serde::{Deserialize, Serialize};

use sdlab_sim::rng::Rng;
use sdlab_sim::zipf::Zipf;

use crate::ycsb::{GrayZipfian, Hotspot, ScrambledZipfian, SkewedLatest};

/// The most keys a run may have (the page refuses more; ζ itself works to 10¹⁸ and beyond).
pub const MAX_KEYS: u64 = 10_000_000_000;

/// A popularity law, by its token in links and on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DistKind {
    Uniform,
    Zipf,
    YcsbZipfian,
    YcsbScrambled,
    Hotspot,
    Latest,
    Sequential,
    HotKeys,
}

impl DistKind {
    pub const ALL: [DistKind; 8] = [
        DistKind::Uniform,
        DistKind::Zipf,
        DistKind::YcsbZipfian,
        DistKind::YcsbScrambled,
        DistKind::Hotspot,
        DistKind::Latest,
        DistKind::Sequential,
        DistKind::HotKeys,
    ];

    pub fn token(self) -> &'static str {
        match self {
            DistKind::Uniform => "uniform",
            DistKind::Zipf => "zipf",
            DistKind::YcsbZipfian => "ycsb-zipfian",
            DistKind::YcsbScrambled => "ycsb-scrambled",
            DistKind::Hotspot => "hotspot",
            DistKind::Latest => "latest",
            DistKind::Sequential => "sequential",
            DistKind::HotKeys => "hot-keys",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DistKind::Uniform => "Uniform",
            DistKind::Zipf => "Zipf(θ), exact",
            DistKind::YcsbZipfian => "YCSB Zipfian (clustered)",
            DistKind::YcsbScrambled => "YCSB scrambled Zipfian",
            DistKind::Hotspot => "Hotspot (YCSB)",
            DistKind::Latest => "Latest (YCSB SkewedLatest)",
            DistKind::Sequential => "Monotonic inserts",
            DistKind::HotKeys => "Listed hot keys",
        }
    }

    pub fn from_token(token: &str) -> Option<DistKind> {
        DistKind::ALL.into_iter().find(|k| k.token() == token)
    }

    /// Whether a write inserts a new id rather than updating one.
    pub fn inserts(self) -> bool {
        matches!(self, DistKind::Latest | DistKind::Sequential)
    }

    /// Whether θ shapes this law.
    pub fn uses_theta(self) -> bool {
        matches!(
            self,
            DistKind::Zipf | DistKind::YcsbZipfian | DistKind::YcsbScrambled
        )
    }
}

impl std::fmt::Display for DistKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.token())
    }
}

impl std::str::FromStr for DistKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        DistKind::from_token(s).ok_or_else(|| format!("unknown distribution “{s}”"))
    }
}

/// A popularity law with its parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DistSpec {
    pub kind: DistKind,
    /// Keys present before the run.
    pub keys: u64,
    pub theta: f64,
    /// Exact Zipf only: hot ranks spread over the id space instead of on the lowest ids.
    pub scattered: bool,
    /// Hotspot: the fraction of keys in the hot set, and of operations on it.
    pub hot_data: f64,
    pub hot_ops: f64,
    /// Hot keys: `(id, share)`.
    pub hot_keys: Vec<(u64, f64)>,
}

impl Default for DistSpec {
    fn default() -> Self {
        DistSpec {
            kind: DistKind::Zipf,
            keys: 100_000,
            theta: 0.99,
            scattered: false,
            hot_data: 0.2,
            hot_ops: 0.8,
            hot_keys: vec![(0, 0.3)],
        }
    }
}

/// Parses "id:share, id:share" (shares as fractions or with %): each id below `keys`, once;
/// shares positive, summing to at most 1.
pub fn parse_hot_keys(text: &str, keys: u64) -> Result<Vec<(u64, f64)>, String> {
    let mut out: Vec<(u64, f64)> = Vec::new();
    for part in text
        .split([',', ';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (id, share) = part
            .split_once(':')
            .ok_or_else(|| format!("“{part}” is not id:share (e.g. 42:0.3)"))?;
        let id: u64 = id
            .trim()
            .parse()
            .map_err(|_| format!("“{}” is not a key id (0, 1, 2 …)", id.trim()))?;
        let share_text = share.trim();
        let share = match share_text.strip_suffix('%') {
            Some(p) => p.trim().parse::<f64>().map(|v| v / 100.0),
            None => share_text.parse::<f64>(),
        }
        .map_err(|_| format!("“{share_text}” is not a share (0.3 or 30%)"))?;
        if !(share.is_finite() && share > 0.0 && share <= 1.0) {
            return Err(format!("key {id}'s share must be above 0 and at most 1"));
        }
        if id >= keys {
            return Err(format!(
                "key {id} is not among the {keys} keys (ids 0 to {})",
                keys.saturating_sub(1)
            ));
        }
        if out.iter().any(|(k, _)| *k == id) {
            return Err(format!("key {id} is listed twice"));
        }
        out.push((id, share));
    }
    if out.is_empty() {
        return Err("list at least one hot key as id:share".into());
    }
    let total: f64 = out.iter().map(|(_, s)| s).sum();
    if total > 1.0 + 1e-12 {
        return Err(format!("the shares add up to {:.3}, more than 1", total));
    }
    Ok(out)
}

/// Checks a law's parameters; the message is for the user.
pub fn validate(spec: &DistSpec) -> Result<(), String> {
    if spec.keys == 0 {
        return Err("there must be at least one key".into());
    }
    if spec.keys > MAX_KEYS {
        return Err(format!("at most {MAX_KEYS} keys (10¹⁰, YCSB's item count)"));
    }
    if !spec.theta.is_finite() || spec.theta < 0.0 {
        return Err("θ must be a number ≥ 0".into());
    }
    if spec.theta > 10.0 {
        return Err("θ above 10 puts all traffic on one key; use at most 10".into());
    }
    Ok(())
}

/// `(a, b, a⁻¹)` of the scattering map `r ↦ (a·r + b) mod n` over `0..n`.
fn affine(n: u64) -> (u64, u64, u64) {
    if n <= 2 {
        return (1, 0, 1);
    }
    let gcd = |mut a: u64, mut b: u64| {
        while b != 0 {
            (a, b) = (b, a % b);
        }
        a
    };
    // Near n/φ, so consecutive ranks land far apart.
    let mut a = ((n as f64 * 0.618_033_988_749_895) as u64).clamp(1, n - 1);
    while gcd(a, n) != 1 {
        a = if a + 1 >= n { 1 } else { a + 1 };
    }
    // a⁻¹ mod n by the extended Euclidean algorithm, in i128.
    let (mut r0, mut r1, mut s0, mut s1) = (n as i128, a as i128, 0i128, 1i128);
    while r1 != 0 {
        let q = r0 / r1;
        (r0, r1) = (r1, r0 - q * r1);
        (s0, s1) = (s1, s0 - q * s1);
    }
    let inverse = s0.rem_euclid(n as i128) as u64;
    (a, n / 3, inverse)
}

/// `a · b mod n`, in 64 bits when `n ≤ 2³²` (wasm has no 128-bit division: it is a library call).
fn mul_mod(a: u64, b: u64, n: u64) -> u64 {
    if n <= 1 << 32 {
        (a % n) * (b % n) % n
    } else {
        ((a as u128 * b as u128) % n as u128) as u64
    }
}

/// The sampler of a law, with the ids inserted so far.
#[derive(Clone, Debug)]
pub struct Sampler {
    kind: DistKind,
    n: u64,
    /// The next id an insert takes.
    next_id: u64,
    /// Sequential reads: the next id in the cycle.
    cursor: u64,
    law: Law,
}

#[derive(Clone, Debug)]
enum Law {
    Uniform,
    Zipf {
        zipf: Zipf,
        map: Option<(u64, u64, u64)>,
    },
    Gray(GrayZipfian),
    Scrambled(ScrambledZipfian),
    Hotspot(Hotspot),
    Latest(SkewedLatest),
    Sequential,
    HotKeys {
        keys: Vec<(u64, f64)>,
        total: f64,
    },
}

/// Hot keys by share, largest first, ties in list order (an insertion sort: the lists are short).
fn by_share(keys: &[(u64, f64)]) -> Vec<(u64, f64)> {
    let mut out: Vec<(u64, f64)> = Vec::with_capacity(keys.len());
    for &k in keys {
        let at = out.iter().position(|o| o.1 < k.1).unwrap_or(out.len());
        out.insert(at, k);
    }
    out
}

/// A uniform id in `0..n`: the high word of a 64 × 64-bit product.
fn below(rng: &mut Rng, n: u64) -> u64 {
    ((rng.next_u64() as u128 * n as u128) >> 64) as u64
}

impl Sampler {
    pub fn new(spec: &DistSpec) -> Result<Sampler, String> {
        validate(spec)?;
        let n = spec.keys;
        let law = match spec.kind {
            DistKind::Uniform => Law::Uniform,
            DistKind::Zipf => Law::Zipf {
                zipf: Zipf::new(n, spec.theta).map_err(|e| e.to_string())?,
                map: spec.scattered.then(|| affine(n)),
            },
            DistKind::YcsbZipfian => Law::Gray(GrayZipfian::new(0, n - 1, spec.theta)?),
            DistKind::YcsbScrambled => Law::Scrambled(ScrambledZipfian::new(0, n - 1, spec.theta)?),
            DistKind::Hotspot => Law::Hotspot(Hotspot::new(0, n - 1, spec.hot_data, spec.hot_ops)?),
            DistKind::Latest => Law::Latest(SkewedLatest::new(n - 1)?),
            DistKind::Sequential => Law::Sequential,
            DistKind::HotKeys => {
                let total: f64 = spec.hot_keys.iter().map(|(_, s)| s).sum();
                if spec.hot_keys.is_empty()
                    || total > 1.0 + 1e-12
                    || spec
                        .hot_keys
                        .iter()
                        .any(|(k, s)| *k >= n || s.is_nan() || *s <= 0.0)
                {
                    return Err("the hot-key list is not valid for these keys".into());
                }
                Law::HotKeys {
                    keys: spec.hot_keys.clone(),
                    total,
                }
            }
        };
        Ok(Sampler {
            kind: spec.kind,
            n,
            next_id: n,
            cursor: 0,
            law,
        })
    }

    /// Ids present now: the initial keys plus inserts.
    pub fn ids(&self) -> u64 {
        self.next_id
    }

    /// The key a read touches.
    pub fn read(&mut self, rng: &mut Rng) -> u64 {
        let n = self.n;
        match &mut self.law {
            Law::Uniform => below(rng, n),
            Law::Zipf { zipf, map } => {
                let r = zipf.sample(rng) - 1;
                match map {
                    Some((a, b, _)) => (mul_mod(*a, r, n) + *b) % n,
                    None => r,
                }
            }
            Law::Gray(g) => g.next(rng),
            Law::Scrambled(s) => s.next_with_rank(rng).0,
            Law::Hotspot(h) => h.next(rng),
            Law::Latest(l) => l.next(self.next_id - 1, rng),
            Law::Sequential => {
                let id = self.cursor;
                self.cursor = (self.cursor + 1) % self.next_id;
                id
            }
            Law::HotKeys { keys, total } => {
                let u = rng.uniform();
                if u < *total {
                    let mut acc = 0.0;
                    for (id, share) in keys.iter() {
                        acc += share;
                        if u < acc {
                            return *id;
                        }
                    }
                }
                below(rng, n)
            }
        }
    }

    /// The key a write touches: an insert of the next id, or an update drawn like a read.
    pub fn write(&mut self, rng: &mut Rng) -> u64 {
        if self.kind.inserts() {
            let id = self.next_id;
            self.next_id += 1;
            id
        } else {
            self.read(rng)
        }
    }

    /// The exact probability that a read touches `id`, where the law defines one in closed form
    /// (YCSB's Gray-based laws and the moving ones have none).
    pub fn pmf(&self, id: u64) -> Option<f64> {
        let n = self.n;
        if id >= n {
            return Some(0.0);
        }
        match &self.law {
            Law::Uniform => Some(1.0 / n as f64),
            Law::Zipf { zipf, map } => Some(zipf.pmf(self.rank0(id, *map) + 1)),
            Law::Hotspot(h) => Some(h.pmf(id)),
            Law::HotKeys { keys, total } => {
                let listed = keys.iter().find(|(k, _)| *k == id).map_or(0.0, |(_, s)| *s);
                Some(listed + (1.0 - total) / n as f64)
            }
            _ => None,
        }
    }

    fn rank0(&self, id: u64, map: Option<(u64, u64, u64)>) -> u64 {
        match map {
            Some((_, b, inverse)) => mul_mod((id + self.n - b % self.n) % self.n, inverse, self.n),
            None => id,
        }
    }

    /// The key with the largest read probability at the start (the newest for `latest`).
    pub fn hottest(&self) -> u64 {
        match &self.law {
            Law::Zipf {
                map: Some((_, b, _)),
                ..
            } => *b % self.n,
            Law::Scrambled(s) => s.item_of_rank(0),
            Law::Latest(_) => self.n - 1,
            Law::HotKeys { keys, total } => {
                let (id, share) =
                    keys.iter().fold(
                        (0, 0.0),
                        |best, &(k, s)| if s > best.1 { (k, s) } else { best },
                    );
                if share > 0.0 || *total == 0.0 { id } else { 0 }
            }
            Law::Hotspot(h) if h.hot_interval() == 0 => 0,
            _ => 0,
        }
    }

    /// Whether `id` is among the `c` hottest keys, which an ideal cache of `c` items holds
    /// (for `latest` the `c` newest ids, a window that moves with inserts; for YCSB's scrambled
    /// law the items of the `c` hottest Gray ranks, see [`Sampler::cache_set`]).
    pub fn cached(&self, id: u64, c: u64, set: &[u64]) -> bool {
        if c == 0 {
            return false;
        }
        match &self.law {
            Law::Zipf { map, .. } => id < self.n && self.rank0(id, *map) < c,
            Law::Latest(_) => id + c >= self.next_id,
            Law::Sequential => false,
            Law::Scrambled(_) | Law::HotKeys { .. } => set.binary_search(&id).is_ok(),
            Law::Uniform | Law::Gray(_) | Law::Hotspot(_) => id < c,
        }
    }

    /// The explicit cache contents for laws whose hottest keys are not a range of ids (sorted).
    pub fn cache_set(&self, c: u64) -> Vec<u64> {
        let c = c.min(1 << 20);
        let mut set: Vec<u64> = match &self.law {
            Law::Scrambled(s) => (0..c).map(|r| s.item_of_rank(r)).collect(),
            Law::HotKeys { keys, .. } => {
                let by_share = by_share(keys);
                let mut set: Vec<u64> = by_share.iter().take(c as usize).map(|(k, _)| *k).collect();
                let mut id = 0;
                while (set.len() as u64) < c.min(self.n) {
                    if !keys.iter().any(|(k, _)| *k == id) {
                        set.push(id);
                    }
                    id += 1;
                }
                set
            }
            _ => Vec::new(),
        };
        set.sort_unstable();
        set.dedup();
        set
    }

    /// The exact read hit ratio of an ideal cache of `c` keys, where the law defines one.
    pub fn cache_hit_ratio(&self, c: u64) -> Option<f64> {
        let c = c.min(self.n);
        match &self.law {
            Law::Uniform => Some(c as f64 / self.n as f64),
            Law::Zipf { zipf, .. } => Some(zipf.top_share(c)),
            Law::Hotspot(h) => {
                let hot = h.hot_interval().min(c);
                Some(hot as f64 * h.pmf(0) + (c - hot) as f64 * h.pmf(self.n - 1))
            }
            Law::HotKeys { keys, total } => {
                // The c largest probabilities: listed keys (share + the uniform rest) first.
                let rest = (1.0 - total) / self.n as f64;
                let listed = (c as usize).min(keys.len());
                let top: f64 = by_share(keys)[..listed].iter().map(|(_, s)| s + rest).sum();
                Some(top + (c - listed as u64) as f64 * rest)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: DistKind, keys: u64) -> DistSpec {
        DistSpec {
            kind,
            keys,
            ..DistSpec::default()
        }
    }

    #[test]
    fn tokens_round_trip() {
        for k in DistKind::ALL {
            assert_eq!(DistKind::from_token(k.token()), Some(k));
            assert_eq!(k.to_string().parse::<DistKind>(), Ok(k));
        }
        assert!("zipfian".parse::<DistKind>().is_err());
    }

    #[test]
    fn hot_key_lists_are_parsed_and_refused_clearly() {
        assert_eq!(
            parse_hot_keys("0:0.3, 17:10%", 100),
            Ok(vec![(0, 0.3), (17, 0.1)])
        );
        assert!(
            parse_hot_keys("0:0.7, 1:0.5", 100)
                .expect_err("over 1")
                .contains("more than 1")
        );
        assert!(
            parse_hot_keys("0:0.1, 0:0.1", 100)
                .expect_err("twice")
                .contains("twice")
        );
        assert!(
            parse_hot_keys("200:0.1", 100)
                .expect_err("range")
                .contains("not among")
        );
        assert!(parse_hot_keys("a:0.1", 100).is_err());
        assert!(parse_hot_keys("1:-0.1", 100).is_err());
        assert!(parse_hot_keys("1:NaN", 100).is_err());
        assert!(parse_hot_keys("", 100).is_err());
        assert!(parse_hot_keys("1", 100).is_err());
    }

    #[test]
    fn bad_parameters_are_refused() {
        assert!(validate(&spec(DistKind::Uniform, 0)).is_err());
        assert!(validate(&spec(DistKind::Uniform, 1_000_000_000_000)).is_err());
        assert!(
            validate(&DistSpec {
                theta: -0.5,
                ..DistSpec::default()
            })
            .is_err()
        );
        assert!(
            validate(&DistSpec {
                theta: f64::NAN,
                ..DistSpec::default()
            })
            .is_err()
        );
        assert!(
            Sampler::new(&DistSpec {
                kind: DistKind::YcsbZipfian,
                theta: 1.2,
                ..DistSpec::default()
            })
            .is_err()
        );
        assert!(Sampler::new(&spec(DistKind::Latest, 1)).is_err());
    }

    #[test]
    fn mul_mod_agrees_with_128_bit_arithmetic_either_side_of_two_to_the_32() {
        let mut rng = Rng::seeded(12);
        for i in 0..100_000u64 {
            let n = match i % 4 {
                0 => 1 + rng.next_u64() % (1 << 32),
                1 => (1 << 32) - (i % 3),
                2 => (1 << 32) + 1 + rng.next_u64() % 1000,
                _ => 1 + rng.next_u64(),
            };
            let (a, b) = (rng.next_u64(), rng.next_u64());
            let want = ((a as u128 * b as u128) % n as u128) as u64;
            assert_eq!(mul_mod(a, b, n), want, "{a} · {b} mod {n}");
        }
    }

    #[test]
    fn scattering_is_a_bijection_with_an_inverse() {
        for n in [1u64, 2, 3, 10, 97, 1000, 1024] {
            let (a, b, inverse) = affine(n);
            let mut seen = vec![false; n as usize];
            for r in 0..n {
                let id = (mul_mod(a, r, n) + b) % n;
                assert!(!seen[id as usize]);
                seen[id as usize] = true;
                assert_eq!(mul_mod((id + n - b % n) % n, inverse, n), r);
            }
        }
    }

    /// χ² of reads against the exact PMF, cells of ≥ 5 expected.
    fn chi_square(spec: &DistSpec, draws: u64, seed: u64) -> (f64, f64) {
        let mut s = Sampler::new(spec).expect("valid");
        let mut rng = Rng::seeded(seed);
        let n = spec.keys as usize;
        let mut counts = vec![0u64; n];
        for _ in 0..draws {
            counts[s.read(&mut rng) as usize] += 1;
        }
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| {
            s.pmf(b as u64)
                .unwrap_or(0.0)
                .total_cmp(&s.pmf(a as u64).unwrap_or(0.0))
        });
        let (mut chi, mut cells, mut e, mut o) = (0.0, 0.0, 0.0, 0.0);
        for (i, &id) in order.iter().enumerate() {
            e += s.pmf(id as u64).unwrap_or(0.0) * draws as f64;
            o += counts[id] as f64;
            if e >= 5.0 || i + 1 == n {
                chi += (o - e) * (o - e) / e;
                cells += 1.0;
                e = 0.0;
                o = 0.0;
            }
        }
        (chi, (cells - 1.0f64).max(1.0))
    }

    #[test]
    fn exact_laws_match_their_pmf() {
        // χ² bound df + 6√(2 df): beyond the 1 − 1e-6 quantile; fixed seeds make it deterministic.
        let cases = [
            spec(DistKind::Uniform, 500),
            DistSpec {
                keys: 500,
                theta: 0.99,
                ..DistSpec::default()
            },
            DistSpec {
                keys: 500,
                theta: 1.5,
                scattered: true,
                ..DistSpec::default()
            },
            spec(DistKind::Hotspot, 500),
            DistSpec {
                kind: DistKind::HotKeys,
                keys: 500,
                hot_keys: vec![(7, 0.25), (400, 0.1)],
                ..DistSpec::default()
            },
        ];
        for (i, c) in cases.iter().enumerate() {
            let (chi, df) = chi_square(c, 200_000, 40 + i as u64);
            assert!(
                chi < df + 6.0 * (2.0 * df).sqrt(),
                "{:?}: χ²={chi} df={df}",
                c.kind
            );
        }
    }

    #[test]
    fn pmfs_sum_to_one() {
        for c in [
            spec(DistKind::Uniform, 300),
            DistSpec {
                keys: 300,
                scattered: true,
                ..DistSpec::default()
            },
            spec(DistKind::Hotspot, 300),
            DistSpec {
                kind: DistKind::HotKeys,
                keys: 300,
                hot_keys: vec![(3, 0.5)],
                ..DistSpec::default()
            },
        ] {
            let s = Sampler::new(&c).expect("valid");
            let total: f64 = (0..300).filter_map(|id| s.pmf(id)).sum();
            assert!((total - 1.0).abs() < 1e-12, "{:?}", c.kind);
        }
    }

    #[test]
    fn scattered_zipf_moves_the_hot_keys_but_keeps_their_shares() {
        let clustered = Sampler::new(&DistSpec {
            keys: 1000,
            ..DistSpec::default()
        })
        .expect("valid");
        let scattered = Sampler::new(&DistSpec {
            keys: 1000,
            scattered: true,
            ..DistSpec::default()
        })
        .expect("valid");
        let hot = scattered.hottest();
        assert_ne!(hot, 0);
        assert_eq!(scattered.pmf(hot), clustered.pmf(0));
        let mut a: Vec<f64> = (0..1000).filter_map(|i| clustered.pmf(i)).collect();
        let mut b: Vec<f64> = (0..1000).filter_map(|i| scattered.pmf(i)).collect();
        a.sort_by(f64::total_cmp);
        b.sort_by(f64::total_cmp);
        assert_eq!(a, b);
    }

    #[test]
    fn inserting_laws_append_ids_and_latest_reads_follow_them() {
        let mut s = Sampler::new(&spec(DistKind::Latest, 100)).expect("valid");
        let mut rng = Rng::seeded(1);
        assert_eq!(s.write(&mut rng), 100);
        assert_eq!(s.write(&mut rng), 101);
        assert_eq!(s.ids(), 102);
        assert!((0..1000).all(|_| s.read(&mut rng) <= 101));
        assert!(s.cached(101, 2, &[]) && s.cached(100, 2, &[]) && !s.cached(99, 2, &[]));
        let mut q = Sampler::new(&spec(DistKind::Sequential, 3)).expect("valid");
        let reads: Vec<u64> = (0..4).map(|_| q.read(&mut rng)).collect();
        assert_eq!(reads, [0, 1, 2, 0]);
        assert_eq!(q.write(&mut rng), 3);
    }

    #[test]
    fn ideal_cache_hit_ratios_are_the_top_shares() {
        let z = Sampler::new(&DistSpec {
            keys: 1000,
            scattered: true,
            ..DistSpec::default()
        })
        .expect("valid");
        let by_pmf: f64 = (0..1000)
            .filter(|&id| z.cached(id, 50, &[]))
            .filter_map(|id| z.pmf(id))
            .sum();
        assert!((z.cache_hit_ratio(50).expect("exact") - by_pmf).abs() < 1e-12);
        assert_eq!((0..1000).filter(|&id| z.cached(id, 50, &[])).count(), 50);
        let h = Sampler::new(&spec(DistKind::Hotspot, 1000)).expect("valid");
        assert!((h.cache_hit_ratio(200).expect("exact") - 0.8).abs() < 1e-12);
        assert!((h.cache_hit_ratio(1000).expect("exact") - 1.0).abs() < 1e-12);
        let k = Sampler::new(&DistSpec {
            kind: DistKind::HotKeys,
            keys: 100,
            hot_keys: vec![(50, 0.5)],
            ..DistSpec::default()
        })
        .expect("valid");
        let set = k.cache_set(1);
        assert_eq!(set, [50]);
        assert!((k.cache_hit_ratio(1).expect("exact") - (0.5 + 0.5 / 100.0)).abs() < 1e-12);
    }
}
