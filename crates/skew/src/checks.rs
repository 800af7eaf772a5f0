//! The "Sources & checks" panel: published figures and definitions the models reproduce, and
//! the checks a finished run must pass (its generator frequencies against the exact PMF, the
//! hot-key bound, YCSB's exact head).

use sdlab_sim::Check;
use sdlab_sim::rng::Rng;
use sdlab_sim::zipf::zeta;

use crate::analysis::SchemeAnalysis;
use crate::capacity::{READ_CAP, SIZE_CAP_GB, WRITE_CAP};
use crate::run::Report;
use crate::ycsb::{GrayZipfian, SCRAMBLED_ZETAN, fnv1a64, fnvhash64};

const BOOK_DDB: &str = "System Design on AWS, ch. 10, “Amazon DynamoDB”";
const BOOK_SOCIAL: &str = "System Design on AWS, ch. 16, “Storage on DynamoDB”";
const YCSB: &str = "YCSB, “ZipfianGenerator.java”, “ScrambledZipfianGenerator.java”";
const FNV: &str = "Fowler, Noll, Vo, “The FNV Non-Cryptographic Hash Algorithm”";
const MATH: &str = "mpmath 1.3 at 40 digits, section “Hurwitz zeta function”";
const RUN: &str = "This run; skew reference, section 5.1 (a key lives on one partition)";

/// A check's numbers, before its source is attached.
struct Row {
    label: String,
    published: String,
    computed: String,
    tolerance: String,
    pass: bool,
}

fn exact(label: &str, published: String, computed: String, pass: bool) -> Row {
    Row {
        label: label.into(),
        published,
        computed,
        tolerance: "exact".into(),
        pass,
    }
}

fn relative(label: &str, published: f64, computed: f64, tol: f64) -> Row {
    Row {
        label: label.into(),
        published: format!("{published}"),
        computed: format!("{computed:.15}"),
        tolerance: format!("{tol:e} relative"),
        pass: computed.is_finite() && ((computed - published) / published).abs() <= tol,
    }
}

fn book(r: Row) -> Check {
    Check {
        label: r.label,
        source: BOOK_DDB.into(),
        published: r.published,
        computed: r.computed,
        tolerance: r.tolerance,
        note: None,
        pass: r.pass,
    }
}

fn ycsb(r: Row) -> Check {
    Check {
        label: r.label,
        source: YCSB.into(),
        published: r.published,
        computed: r.computed,
        tolerance: r.tolerance,
        note: None,
        pass: r.pass,
    }
}

fn fnv(r: Row) -> Check {
    Check {
        label: r.label,
        source: FNV.into(),
        published: r.published,
        computed: r.computed,
        tolerance: r.tolerance,
        note: None,
        pass: r.pass,
    }
}

fn math(r: Row) -> Check {
    Check {
        label: r.label,
        source: MATH.into(),
        published: r.published,
        computed: r.computed,
        tolerance: r.tolerance,
        note: None,
        pass: r.pass,
    }
}

fn this_run(r: Row) -> Check {
    Check {
        label: r.label,
        source: RUN.into(),
        published: r.published,
        computed: r.computed,
        tolerance: r.tolerance,
        note: None,
        pass: r.pass,
    }
}

/// The checks that need no run.
pub fn static_checks() -> Vec<Check> {
    let mut out = vec![
        book(exact(
            "Per-partition read cap",
            "3,000 RCUs per second".into(),
            format!("{READ_CAP} RCU/s"),
            READ_CAP == 3_000.0,
        )),
        book(exact(
            "Per-partition write cap",
            "1,000 WCUs per second".into(),
            format!("{WRITE_CAP} WCU/s"),
            WRITE_CAP == 1_000.0,
        )),
        book(exact(
            "Storage per partition",
            "10 GB".into(),
            format!("{SIZE_CAP_GB} GB"),
            SIZE_CAP_GB == 10.0,
        )),
    ];
    // 10 GB (as 10 · 2^30 bytes) of 100-byte follower records: "about 107 million".
    let followers = SIZE_CAP_GB * 1_073_741_824.0 / 100.0 / 1e6;
    out.push(
        Check::numeric(
            "Followers per 10 GB partition at 100 bytes each",
            BOOK_SOCIAL,
            sdlab_sim::Figure {
                text: "about 107 million",
                value: 107.0,
                unit: "million",
                decimals: 0,
            },
            0.5,
            followers,
        )
        .with_note("The book takes 10 GB as 10 · 2³⁰ bytes; 10¹⁰ bytes would give 100 million."),
    );
    out.push(ycsb(relative(
        "ζ(10¹⁰, 0.99) against YCSB's precomputed ZETAN",
        SCRAMBLED_ZETAN,
        zeta(10_000_000_000, 0.99),
        1e-11,
    )));
    for (n, theta, want) in [
        (1_000_000u64, 1.0, 14.392_726_722_865_724),
        (1_000_000_000_000_000_000, 0.99, 51.932_611_865_892_63),
        (10_000_000_000, 1.000_001, 23.602_801_574_836_97),
        (1_000_000_000_000_000, 0.5, 63_245_551.743_013_09),
    ] {
        out.push(math(relative(
            &format!("ζ({n:e}, {theta})"),
            want,
            zeta(n, theta),
            1e-12,
        )));
    }
    out.push(ycsb(exact(
        "fnvhash64(0): YCSB's first key user6284781860667377211",
        "6284781860667377211".into(),
        fnvhash64(0).to_string(),
        fnvhash64(0) == 6_284_781_860_667_377_211,
    )));
    for (text, want) in [
        ("", 0xcbf2_9ce4_8422_2325u64),
        ("a", 0xaf63_dc4c_8601_ec8c),
        ("foobar", 0x8594_4171_f739_67e8),
    ] {
        let got = fnv1a64(text.as_bytes());
        out.push(fnv(exact(
            &format!("FNV-1a 64 of “{text}”"),
            format!("{want:#018x}"),
            format!("{got:#018x}"),
            got == want,
        )));
    }
    // Gray's method is exact for the two hottest items: 1/ζn and 2^−θ/ζn (fixed seed, 2·10⁵ draws).
    if let Ok(mut g) = GrayZipfian::new(0, 9_999, 0.99) {
        let mut rng = Rng::seeded(11);
        let draws = 200_000u64;
        let head = (0..draws).filter(|_| g.next(&mut rng) == 0).count() as f64 / draws as f64;
        let p = 1.0 / g.zetan();
        let se = (p * (1.0 - p) / draws as f64).sqrt();
        out.push(ycsb(Row {
            label: "YCSB Zipfian: the hottest item's share, 10,000 items".into(),
            published: format!("1/ζn = {p:.5}"),
            computed: format!("{head:.5} (2·10⁵ draws)"),
            tolerance: format!("± {:.5} (6 standard errors)", 6.0 * se),
            pass: (head - p).abs() <= 6.0 * se,
        }));
    }
    out
}

/// The checks of a finished run: the generator against its PMF, the bound on each scheme.
pub fn run_checks(report: &Report, schemes: &[(String, SchemeAnalysis)]) -> Vec<Check> {
    let mut out = Vec::new();
    if let Some((chi, df)) = report.chi_square {
        let limit = df + 6.0 * (2.0 * df).sqrt();
        out.push(this_run(Row {
            label: "Sampled key counts against the exact PMF (Pearson χ²)".into(),
            published: format!("χ² ≈ df = {df:.0}"),
            computed: format!("χ² = {chi:.1}"),
            tolerance: format!("below df + 6√(2 df) = {limit:.1}"),
            pass: chi < limit,
        }));
    }
    for (name, a) in schemes {
        out.push(this_run(Row {
            label: format!("{name}: max/mean ≥ P · p̂₁ (the hot-key bound)"),
            published: format!("≥ {:.3}", a.bound),
            computed: format!("{:.3}", a.max_over_mean),
            tolerance: "exact".into(),
            pass: a.max_over_mean + 1e-9 >= a.bound,
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_static_check_passes() {
        for c in static_checks() {
            assert!(c.pass, "{c:?}");
        }
    }

    #[test]
    fn a_run_passes_its_own_checks() {
        let job = crate::state::State::default().job().expect("valid");
        let job = crate::run::SkewJob {
            requests: 100_000,
            ..job
        };
        let r = sdlab_sim::job::run(sdlab_sim::Job::start(&job).expect("valid"), 50_000, |_| {});
        let cap = crate::capacity::Capacity::default();
        let schemes: Vec<(String, SchemeAnalysis)> = r
            .schemes
            .iter()
            .map(|s| {
                (
                    s.spec.scheme.label().to_string(),
                    crate::analysis::analyse_scheme(&r, s, &cap, 10_000.0),
                )
            })
            .collect();
        let checks = run_checks(&r, &schemes);
        assert_eq!(checks.len(), 3);
        assert!(checks.iter().all(|c| c.pass), "{checks:?}");
    }
}
