//! Steady-state unavailability of independent blocks combined in series, in parallel and k of n.
//!
//! Everything is carried as the unavailability U = 1 − A, never as A: at seven nines A is
//! 0.9999999, whose f64 keeps only about nine significant digits of U, and 1 − Π Aᵢ of two such
//! blocks loses the rest. Each formula here is a sum or product of non-negative terms in U (or
//! goes through `log1p`/`expm1`), so a U of 1e-12 keeps its digits.
//!
//! Every function takes unavailabilities in [0, 1]; outside that range the numbers mean nothing
//! (but nothing panics). `log1p`, `expm1`, `log`, `exp` and `lgamma` come from `libm`, so the
//! results are the same bits natively and in wasm.

/// Series (every block needed): U = 1 − Π(1 − Uᵢ), computed as `−expm1(Σ log1p(−Uᵢ))`, which
/// does not cancel when the Uᵢ are small. An empty series is never down (U = 0).
pub fn series_u(us: &[f64]) -> f64 {
    -libm::expm1(us.iter().map(|&u| libm::log1p(-u)).sum::<f64>())
}

/// Parallel (active-active, any one block suffices): U = Π Uᵢ. An empty group is never up
/// (U = 1).
pub fn parallel_u(us: &[f64]) -> f64 {
    us.iter().product()
}

/// At least `k` of the blocks up, blocks with different unavailabilities: U = P(fewer than k up),
/// exactly, by the Poisson-binomial recursion `P_m[j] = P_{m−1}[j]·U_m + P_{m−1}[j−1]·(1 − U_m)`
/// over P(exactly j of the first m up), for j < k only: O(n·k) and no cancellation.
///
/// k = 0 is always up (U = 0); k greater than the number of blocks is never up (U = 1); k = 1 is
/// [`parallel_u`] and k = n is [`series_u`].
pub fn k_of_n_u(k: u32, us: &[f64]) -> f64 {
    let k = k as usize;
    if k == 0 {
        return 0.0;
    }
    if k > us.len() {
        return 1.0;
    }
    // up[j] = P(exactly j up); only j < k matters for U.
    let mut up = vec![0.0; k];
    up[0] = 1.0;
    for &u in us {
        for j in (0..k).rev() {
            let stay = up[j] * u;
            let from_below = if j > 0 { up[j - 1] * (1.0 - u) } else { 0.0 };
            up[j] = stay + from_below;
        }
    }
    up.iter().sum::<f64>().min(1.0)
}

/// At least `k` of `n` identical blocks of unavailability `u` up, by the binomial sum
/// `U = Σ_{i<k} C(n, i) (1 − u)ⁱ uⁿ⁻ⁱ`, O(k) for any n.
///
/// Each term is evaluated as `exp(ln C(n, i) + i·log1p(−u) + (n − i)·ln u)` (ln C by `lgamma`),
/// so C(n, i) cannot overflow nor uⁿ⁻ⁱ underflow on the way for large n. The price is a relative
/// error of order n·10⁻¹⁵ (lgamma of large arguments): measured against [`k_of_n_u`], 2e-14 at
/// n = 12, 2e-13 at n = 200, 4e-12 at n = 3,000. Same edge cases as [`k_of_n_u`].
pub fn k_of_n_binomial_u(k: u32, n: u32, u: f64) -> f64 {
    if k == 0 {
        return 0.0;
    }
    if k > n || u >= 1.0 {
        return 1.0;
    }
    if u <= 0.0 {
        return 0.0;
    }
    let (ln_a, ln_u) = (libm::log1p(-u), libm::log(u));
    let nf = f64::from(n);
    let ln_n_factorial = libm::lgamma(nf + 1.0);
    let total: f64 = (0..k)
        .map(|i| {
            let i = f64::from(i);
            let ln_choose = ln_n_factorial - libm::lgamma(i + 1.0) - libm::lgamma(nf - i + 1.0);
            libm::exp(ln_choose + i * ln_a + (nf - i) * ln_u)
        })
        .sum();
    total.min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::collection::vec;
    use proptest::prelude::*;

    /// The definition itself: P(fewer than k of the blocks up), summed over all 2ⁿ up/down
    /// states. Every term is non-negative, so the sum keeps the digits of a tiny U.
    fn enumerate_u(k: u32, us: &[f64]) -> f64 {
        let n = us.len();
        let mut total = 0.0;
        for mask in 0u32..(1 << n) {
            let up_count = mask.count_ones();
            if up_count >= k {
                continue;
            }
            let p: f64 = (0..n)
                .map(|i| {
                    if mask & (1 << i) != 0 {
                        1.0 - us[i]
                    } else {
                        us[i]
                    }
                })
                .product();
            total += p;
        }
        total
    }

    /// |a − b| within `rel` of the larger, or both below 1e-300.
    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * a.abs().max(b.abs()) || (a.abs() < 1e-300 && b.abs() < 1e-300)
    }

    /// Unavailabilities from 1e-12 to 1, including exactly 0 and 1.
    fn unavailability() -> impl Strategy<Value = f64> {
        prop_oneof![
            1 => Just(0.0),
            1 => Just(1.0),
            3 => (-12.0f64..0.0).prop_map(|e| 10f64.powf(e)),
            2 => 0.0f64..=1.0,
        ]
    }

    #[test]
    fn book_worked_examples() {
        // Book, ch. 1, "Availability in parallel versus in sequence": .999 × .999 = .998001 and
        // 1 − (.001 × .001) = .999999. Tolerance 1e-12 on U.
        assert!((1.0 - series_u(&[1e-3, 1e-3]) - 0.998_001).abs() < 1e-12);
        assert!((1.0 - parallel_u(&[1e-3, 1e-3]) - 0.999_999).abs() < 1e-12);
    }

    #[test]
    fn seven_and_more_nines_keep_their_digits() {
        // 1 − (1 − 1e-7)(1 − 1e-8) = 1.1e-7 − 1e-15 exactly; computed via A it would keep only
        // about nine digits.
        let u = series_u(&[1e-7, 1e-8]);
        assert!(close(u, 1.1e-7 - 1e-15, 1e-15), "{u:e}");
        assert!(close(series_u(&[1e-12; 3]), 3e-12, 1e-11));
        // Two of three at nine nines each: 3u² − 2u³ ≈ 3e-18, which 1 − A would round to 0.
        let expected = 3.0 * 1e-18 - 2.0 * 1e-27;
        assert!(close(k_of_n_u(2, &[1e-9; 3]), expected, 1e-14));
        assert!(close(k_of_n_binomial_u(2, 3, 1e-9), expected, 1e-13));
        assert!(close(parallel_u(&[1e-9, 1e-9]), 1e-18, 1e-15));
    }

    #[test]
    fn edge_cases_of_k() {
        assert_eq!(k_of_n_u(0, &[0.5, 0.5]), 0.0);
        assert_eq!(k_of_n_u(3, &[0.0, 0.0]), 1.0);
        assert_eq!(k_of_n_u(1, &[]), 1.0);
        assert_eq!(k_of_n_binomial_u(0, 3, 0.5), 0.0);
        assert_eq!(k_of_n_binomial_u(4, 3, 0.0), 1.0);
        assert_eq!(k_of_n_binomial_u(2, 3, 0.0), 0.0);
        assert_eq!(k_of_n_binomial_u(2, 3, 1.0), 1.0);
        assert_eq!(series_u(&[]), 0.0);
        assert_eq!(parallel_u(&[]), 1.0);
        assert_eq!(series_u(&[1.0, 1e-3]), 1.0);
    }

    #[test]
    fn binomial_sum_equals_the_recursion_for_identical_blocks() {
        // k-of-n: the Poisson-binomial recursion equals the binomial sum for identical blocks,
        // k = 1 is parallel and k = n is series (nines reference §2.4 checks).
        for n in 1..=7u32 {
            for k in 1..=n {
                for u in [1e-6, 1e-3, 0.05, 0.5, 0.9] {
                    let us = vec![u; n as usize];
                    let dp = k_of_n_u(k, &us);
                    let binom = k_of_n_binomial_u(k, n, u);
                    assert!(
                        (dp - binom).abs() <= 1e-9 * binom.max(1e-300) + 1e-18,
                        "k={k} n={n} u={u}"
                    );
                }
                let us = vec![0.01; n as usize];
                assert!((k_of_n_u(1, &us) - parallel_u(&us)).abs() < 1e-15);
                assert!((k_of_n_u(n, &us) - series_u(&us)).abs() < 1e-15);
            }
        }
    }

    #[test]
    fn binomial_sum_holds_for_large_n() {
        // 600 of 1,000 blocks at U = 0.3: a C(1000, 500) ≈ 2.7e299 term would overflow a direct
        // product. The recursion is the reference; 1e-11 relative.
        let us = vec![0.3; 1_000];
        for k in [1, 600, 700, 701, 1_000] {
            let dp = k_of_n_u(k, &us);
            let binom = k_of_n_binomial_u(k, 1_000, 0.3);
            assert!(close(dp, binom, 1e-11), "k={k}: {dp:e} vs {binom:e}");
        }
        // The mean of 1,000 blocks up is 700, so at least 700 is about a coin toss.
        let half = k_of_n_binomial_u(701, 1_000, 0.3);
        assert!((0.4..0.6).contains(&half), "{half}");
    }

    proptest! {
        /// The recursion, series and parallel against enumerating all 2ⁿ states, n ≤ 12.
        /// Tolerance 1e-11 relative: the enumeration sums up to 4,096 products.
        #[test]
        fn every_formula_equals_enumeration(us in vec(unavailability(), 0..=12), k in 0u32..=13) {
            let n = us.len() as u32;
            let exact = enumerate_u(k, &us);
            let dp = k_of_n_u(k, &us);
            prop_assert!(close(dp, exact, 1e-11), "k={k}: {dp:e} vs {exact:e}");
            prop_assert!(close(series_u(&us), enumerate_u(n, &us), 1e-11));
            prop_assert!(close(parallel_u(&us), enumerate_u(1, &us), 1e-11));
        }

        /// k = 1 is parallel and k = n is series, whatever the blocks.
        #[test]
        fn k_of_n_identities(us in vec(unavailability(), 1..=12)) {
            let n = us.len() as u32;
            prop_assert!(close(k_of_n_u(1, &us), parallel_u(&us), 1e-13));
            prop_assert!(close(k_of_n_u(n, &us), series_u(&us), 1e-13));
        }

        /// Identical blocks: the binomial sum against enumeration, and it never rises with
        /// better blocks nor falls as k rises.
        #[test]
        fn binomial_sum_equals_enumeration(u in unavailability(), n in 1u32..=12, k in 0u32..=13) {
            let us = vec![u; n as usize];
            let binom = k_of_n_binomial_u(k, n, u);
            let exact = enumerate_u(k, &us);
            prop_assert!(close(binom, exact, 1e-11), "k={k} n={n} u={u:e}: {binom:e} vs {exact:e}");
            prop_assert!(k_of_n_binomial_u(k + 1, n, u) >= binom * (1.0 - 1e-12));
            prop_assert!(k_of_n_binomial_u(k, n, u / 2.0) <= binom * (1.0 + 1e-12));
        }
    }
}
