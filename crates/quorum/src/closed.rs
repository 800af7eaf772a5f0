//! Closed forms for one data centre: the overlap rule W + R > N, fault tolerance, quorum
//! availability (k of N from `sdlab_sim::reliability`), PBS's staleness formulas (Bailis et al.,
//! VLDB 2012, §3 "Probabilistically Bounded Staleness", equations for p_s and k-staleness), the
//! WARS degenerate limit and the exact latency order statistic used to check the Monte Carlo.

use sdlab_sim::reliability::k_of_n_binomial_u;
use serde::{Deserialize, Serialize};

/// Largest replication factor the tool accepts.
pub const MAX_N: u32 = 15;

/// C(n, r) as f64, 0 when r > n (exact for the small n used here).
pub fn choose(n: u32, r: u32) -> f64 {
    if r > n {
        return 0.0;
    }
    let r = r.min(n - r);
    (0..r).fold(1.0, |acc, i| acc * f64::from(n - i) / f64::from(i + 1))
}

/// A validated (N, R, W).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quorum {
    pub n: u32,
    pub r: u32,
    pub w: u32,
}

impl Quorum {
    /// Checks 1 ≤ R, W ≤ N ≤ [`MAX_N`]; the message is for the user.
    pub fn new(n: u32, r: u32, w: u32) -> Result<Quorum, String> {
        if n == 0 || n > MAX_N {
            return Err(format!("N must be between 1 and {MAX_N} (got {n})"));
        }
        if r == 0 || r > n {
            return Err(format!("R must be between 1 and N = {n} (got {r})"));
        }
        if w == 0 || w > n {
            return Err(format!("W must be between 1 and N = {n} (got {w})"));
        }
        Ok(Quorum { n, r, w })
    }

    /// The majority ⌊N/2⌋ + 1.
    pub fn majority(n: u32) -> u32 {
        n / 2 + 1
    }

    /// Every read quorum meets every write quorum: R + W > N.
    pub fn strict(&self) -> bool {
        self.r + self.w > self.n
    }

    /// The fewest replicas a read and the latest write share: max(0, R + W − N).
    pub fn min_overlap(&self) -> u32 {
        (self.r + self.w).saturating_sub(self.n)
    }

    /// Any two write quorums meet (2W > N), so writes can be ordered at a shared replica.
    pub fn writes_intersect(&self) -> bool {
        2 * self.w > self.n
    }

    /// Replica failures a read survives: N − R.
    pub fn read_tolerates(&self) -> u32 {
        self.n - self.r
    }

    /// Replica failures a write survives: N − W.
    pub fn write_tolerates(&self) -> u32 {
        self.n - self.w
    }

    /// P(at least R replicas up), each up independently with probability `a`.
    pub fn read_availability(&self, a: f64) -> f64 {
        1.0 - k_of_n_binomial_u(self.r, self.n, 1.0 - a)
    }

    /// P(fewer than R replicas up): the read quorum's unavailability U, kept as U so that nines
    /// keep their digits.
    pub fn read_unavailability(&self, a: f64) -> f64 {
        k_of_n_binomial_u(self.r, self.n, 1.0 - a)
    }

    /// P(fewer than W replicas up).
    pub fn write_unavailability(&self, a: f64) -> f64 {
        k_of_n_binomial_u(self.w, self.n, 1.0 - a)
    }

    /// P(at least W replicas up).
    pub fn write_availability(&self, a: f64) -> f64 {
        1.0 - k_of_n_binomial_u(self.w, self.n, 1.0 - a)
    }

    /// PBS's p_s = C(N − W, R) / C(N, R): a read of R random replicas misses a write held by W
    /// random replicas (no expansion afterwards).
    pub fn p_stale(&self) -> f64 {
        choose(self.n - self.w, self.r) / choose(self.n, self.r)
    }

    /// P(the read returns one of the last k versions) = 1 − p_s^k, the k-staleness closed form.
    pub fn p_consistent_within(&self, k: u32) -> f64 {
        let ps = self.p_stale();
        1.0 - (0..k).fold(1.0, |acc, _| acc * ps)
    }

    /// A stale schedule for a partial quorum (replica numbers from 1): the write is acked by the
    /// first W replicas and the read reaches R of the other N − W. `None` for a strict quorum.
    pub fn stale_schedule(&self) -> Option<(Vec<u32>, Vec<u32>)> {
        (!self.strict()).then(|| {
            let write = (1..=self.w).collect();
            let read = (self.w + 1..=self.w + self.r).collect();
            (write, read)
        })
    }

    /// The WARS degenerate limit (A, R, S → 0, W ~ Exp(λ)): P(consistent at t) =
    /// 1 − Σⱼ C(N−W, j) qʲ (1−q)^(N−W−j) · C(N−W−j, R)/C(N, R), q = 1 − e^(−λt), by
    /// memorylessness (the replicas the write had not reached at commit each get it by t with
    /// probability q).
    pub fn degenerate_limit(&self, lambda: f64, t: f64) -> f64 {
        let q = -libm::expm1(-lambda * t);
        let rest = self.n - self.w;
        let stale: f64 = (0..=rest)
            .map(|j| {
                choose(rest, j)
                    * libm::pow(q, f64::from(j))
                    * libm::pow(1.0 - q, f64::from(rest - j))
                    * choose(rest - j, self.r)
                    / choose(self.n, self.r)
            })
            .sum();
        1.0 - stale
    }
}

/// CDF of a round trip of two independent exponentials with rates `a` and `b`.
pub fn round_trip_cdf(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if (a - b).abs() < 1e-12 * a.max(b) {
        return 1.0 - libm::exp(-a * x) * (1.0 + a * x);
    }
    1.0 - (b * libm::exp(-a * x) - a * libm::exp(-b * x)) / (b - a)
}

/// P(k-th smallest of n i.i.d. values ≤ x) given their CDF F(x): Σ_{j≥k} C(n,j) Fʲ (1−F)^(n−j).
pub fn order_statistic_cdf(k: u32, n: u32, f: f64) -> f64 {
    (k..=n)
        .map(|j| choose(n, j) * libm::pow(f, f64::from(j)) * libm::pow(1.0 - f, f64::from(n - j)))
        .sum()
}

/// The q-quantile of the k-th fastest of n exponential round trips (rates a then b), by
/// bisection: the exact latency percentile the Monte Carlo is checked against.
pub fn exp_latency_quantile(k: u32, n: u32, a: f64, b: f64, q: f64) -> f64 {
    let (mut lo, mut hi) = (0.0, 1.0);
    while order_statistic_cdf(k, n, round_trip_cdf(a, b, hi)) < q && hi < 1e12 {
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if order_statistic_cdf(k, n, round_trip_cdf(a, b, mid)) < q {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brute force: every write set of size W and read set of size R, equally likely.
    fn brute_p_stale(q: &Quorum) -> f64 {
        let (mut stale, mut total) = (0u64, 0u64);
        for ws in 0u32..(1 << q.n) {
            if ws.count_ones() != q.w {
                continue;
            }
            for rs in 0u32..(1 << q.n) {
                if rs.count_ones() != q.r {
                    continue;
                }
                total += 1;
                if ws & rs == 0 {
                    stale += 1;
                }
            }
        }
        stale as f64 / total as f64
    }

    #[test]
    fn closed_form_matches_enumeration_up_to_eight_replicas() {
        for n in 1..=8 {
            for r in 1..=n {
                for w in 1..=n {
                    let q = Quorum::new(n, r, w).expect("in range");
                    let (a, b) = (q.p_stale(), brute_p_stale(&q));
                    assert!((a - b).abs() < 1e-12, "{q:?}: {a} vs {b}");
                    assert_eq!(a == 0.0, q.strict(), "{q:?}");
                }
            }
        }
    }

    /// The book's majority N/2 + 1 floored (System Design on AWS, ch. 3, "Leaderless
    /// replication"), and the W + R > N truth table at N = 3.
    #[test]
    fn book_majority_and_truth_table() {
        let majorities: Vec<u32> = (1..=9).map(Quorum::majority).collect();
        assert_eq!(majorities, [1, 2, 2, 3, 3, 4, 4, 5, 5]);
        let strict = |r, w| Quorum::new(3, r, w).expect("valid").strict();
        assert!(strict(2, 2) && strict(3, 1) && strict(1, 3));
        assert!(!strict(2, 1) && !strict(1, 1));
        let q = Quorum::new(5, 3, 4).expect("valid");
        assert_eq!(q.min_overlap(), 2);
        assert_eq!((q.read_tolerates(), q.write_tolerates()), (2, 1));
    }

    #[test]
    fn bad_quorums_are_refused_with_a_message() {
        assert!(
            Quorum::new(3, 4, 1)
                .expect_err("R > N")
                .contains("R must be")
        );
        assert!(
            Quorum::new(3, 1, 0)
                .expect_err("W = 0")
                .contains("W must be")
        );
        assert!(Quorum::new(0, 1, 1).is_err());
        assert!(Quorum::new(16, 1, 1).is_err());
    }

    /// p_s for N = 3, R = W = 1 is 2/3 (PBS §3.1: C(2,1)/C(3,1)); within 2 versions 1 − 4/9.
    #[test]
    fn paper_small_example() {
        let q = Quorum::new(3, 1, 1).expect("valid");
        assert!((q.p_stale() - 2.0 / 3.0).abs() < 1e-15);
        assert!((q.p_consistent_within(2) - 5.0 / 9.0).abs() < 1e-15);
        assert_eq!(q.stale_schedule(), Some((vec![1], vec![2])));
        assert_eq!(Quorum::new(3, 2, 2).expect("valid").stale_schedule(), None);
        // R = W = 1: 1 − ((N − 1)/N)·e^(−λt).
        let t = 3.0;
        let want = 1.0 - 2.0 / 3.0 * libm::exp(-0.5 * t);
        assert!((q.degenerate_limit(0.5, t) - want).abs() < 1e-12);
    }

    #[test]
    fn availability_matches_enumeration() {
        let q = Quorum::new(5, 2, 4).expect("valid");
        let a: f64 = 0.9;
        let at_least = |k: u32| -> f64 {
            (0u32..32)
                .filter(|s| s.count_ones() >= k)
                .map(|s| a.powi(s.count_ones() as i32) * (1.0 - a).powi(5 - s.count_ones() as i32))
                .sum()
        };
        assert!((q.read_availability(a) - at_least(2)).abs() < 1e-12);
        assert!((q.write_availability(a) - at_least(4)).abs() < 1e-12);
    }

    #[test]
    fn order_statistic_quantile_inverts_the_cdf() {
        let x = exp_latency_quantile(2, 3, 0.1, 0.1, 0.99);
        let p = order_statistic_cdf(2, 3, round_trip_cdf(0.1, 0.1, x));
        assert!((p - 0.99).abs() < 1e-9);
        assert!(
            (round_trip_cdf(1.0, 2.0, 1.0) - round_trip_cdf(1.0, 2.0 + 1e-9, 1.0)).abs() < 1e-6
        );
    }
}
