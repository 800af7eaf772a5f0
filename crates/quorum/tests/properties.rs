//! Property tests of the WARS engine over random replication factors, delay distributions and
//! seeds: P(consistent) is non-decreasing in t, in R and in W (on the same draws), strict quorums
//! are always consistent, and a seed gives the same bits twice.

use proptest::prelude::*;
use sdlab_quorum::Dist;
use sdlab_quorum::latency::Legs;
use sdlab_quorum::report::count_le;
use sdlab_quorum::wars::{Runner, Samples, Spec};

fn dist() -> impl Strategy<Value = Dist> {
    prop_oneof![
        (0.01f64..5.0).prop_map(|lambda| Dist::Exp { lambda }),
        (0.1f64..3.0, 1.1f64..6.0).prop_map(|(xm, alpha)| Dist::Pareto { xm, alpha }),
        (0.1f64..5.0, 0.0f64..1.5).prop_map(|(median, sigma)| Dist::LogNormal { median, sigma }),
        (0.0f64..3.0, 0.0f64..2.0).prop_map(|(constant, jitter_mean)| Dist::ConstJitter {
            constant,
            jitter_mean
        }),
        (0.0f64..1.0, 0.05f64..1.0, 1.2f64..4.0, 0.01f64..2.0)
            .prop_map(|(p, xm, a, l)| Dist::pareto_exp(p, xm, a, l)),
    ]
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        1u32..=6,
        dist(),
        dist(),
        dist(),
        dist(),
        any::<bool>(),
        1u32..=3,
        proptest::option::of(0.05f64..2.0),
    )
        .prop_flat_map(|(n, w, a, r, s, wan, k, repair)| {
            (Just((n, Legs { w, a, r, s }, wan, k, repair)), 0..n)
        })
        .prop_map(|((n, legs, wan, k, repair_rate), down)| Spec {
            n,
            r: 1,
            w: 1,
            legs,
            wan,
            down,
            k,
            gap_ms: 1.0,
            repair_rate,
        })
}

fn table(spec: &Spec, seed: u64, trials: u64) -> Samples {
    let mut runner = Runner::new(spec, seed, true, 0, trials);
    while !runner.step(97) {}
    runner.finish()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn consistency_is_monotone_in_t_r_and_w(spec in spec(), seed in any::<u64>()) {
        let s = table(&spec, seed, 300);
        let n = spec.n;
        let live = n - spec.down;
        let tau = |r: u32, w: u32| &s.tau[((r - 1) * n + w - 1) as usize];
        for r in 1..=live {
            for w in 1..=live {
                let here = tau(r, w);
                // Sorted τ dominated element-wise: P̂(t) is at least as large for every t.
                if r < live {
                    prop_assert!(tau(r + 1, w).iter().zip(here).all(|(a, b)| a <= b));
                }
                if w < live {
                    prop_assert!(tau(r, w + 1).iter().zip(here).all(|(a, b)| a <= b));
                }
                if r + w > live {
                    prop_assert!(here.iter().all(|&t| t <= 0.0), "strict ({r}, {w}) of {live} live");
                }
                let mut last = 0;
                for t in [0.0, 0.1, 1.0, 3.0, 10.0, 100.0, 1e4] {
                    let c = count_le(here, t);
                    prop_assert!(c >= last);
                    last = c;
                }
            }
        }
        prop_assert_eq!(&s, &table(&spec, seed, 300));
    }
}
