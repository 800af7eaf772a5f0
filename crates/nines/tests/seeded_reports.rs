//! A seed's Monte Carlo report, pinned to the bit: every preset simulated for 200 years at two
//! seeds, summarised by the numbers a reader sees (as exact f64 bit patterns) and a checksum of
//! the whole report. A change here means a seed no longer gives the run it gave before, which a
//! permalink or a published figure would notice; if intended, refresh with `UPDATE_EXPECT=1`.

use expect_test::expect;
use sdlab_nines::Availability;
use sdlab_nines::presets;
use sdlab_nines::simulate::{HIST_BINS, HIST_HI_HOURS, HIST_LO_HOURS, SimParams, simulate};

/// FNV-1a over the report's `Debug` text, which prints every f64 in its shortest round-trip
/// form, so any bit of any field changes it.
fn checksum(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[test]
fn a_seed_gives_the_same_report_bit_for_bit() {
    let mut out = String::new();
    for preset in presets::all() {
        for seed in [1, 20_261_127] {
            let params = SimParams {
                years: 200.0,
                seed,
                slo: Availability::parse_percent("99.9").expect("valid"),
                window_days: 30.0,
                timeline_start_days: None,
            };
            let r = simulate(&preset.diagram, &params).expect("runs");
            // The outer edges are the bounds themselves, not exp(ln(bound)).
            let edges = &r.histogram_edges_hours;
            assert_eq!((edges[0], edges[HIST_BINS]), (HIST_LO_HOURS, HIST_HI_HOURS));
            out += &format!(
                "{} seed {seed}: events {} outages {} A {:016x} U {:016x} analytic {:016x} \
                 hist {:?} report {:016x}\n",
                preset.slug,
                r.events,
                r.outages,
                r.availability.to_bits(),
                r.unavailability.mean.to_bits(),
                r.analytic_unavailability.to_bits(),
                r.histogram_counts,
                checksum(&format!("{r:?}")),
            );
        }
    }
    expect![[r#"
        book-series seed 1: events 6824 outages 3390 A 3feff04d2c73bcd6 U 3f5f65a718865473 analytic 3f606034f3fd933e hist [1, 4, 1, 0, 2, 6, 7, 15, 23, 26, 57, 65, 112, 160, 245, 363, 468, 563, 565, 452, 205, 40, 9, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] report f3e777d99fb711ec
        book-series seed 20261127: events 6996 outages 3472 A 3fefef87a35716ad U 3f60785ca8e95332 analytic 3f606034f3fd933e hist [1, 1, 0, 1, 3, 6, 9, 12, 19, 22, 51, 85, 125, 194, 250, 372, 474, 543, 541, 452, 230, 74, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] report 04b8fdf9a21ed2a2
        book-parallel seed 1: events 6824 outages 2 A 3fefffff69f593a4 U 3e92c14d8b7aa56f analytic 3eb0c6f7a0b5ed8d hist [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] report d53475f0611175ee
        book-parallel seed 20261127: events 6996 outages 6 A 3feffffe288cf6ab U 3ead7730955389af analytic 3eb0c6f7a0b5ed8d hist [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] report 770d4564cee2072d
        web-stack seed 1: events 6655 outages 669 A 3fefff565df218a4 U 3f153441bceb8c4d analytic 3f17c4556b5982f0 hist [0, 0, 0, 0, 0, 0, 0, 0, 0, 407, 6, 10, 26, 20, 40, 42, 51, 32, 23, 9, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] report 20974f358b4afb7c
        web-stack seed 20261127: events 6682 outages 633 A 3fefff5225bde919 U 3f15bb4842dcddb5 analytic 3f17c4556b5982f0 hist [0, 0, 0, 0, 0, 0, 0, 0, 0, 411, 0, 11, 25, 15, 24, 43, 33, 24, 29, 10, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] report 7473ee862755e488
        multi-region seed 1: events 13338 outages 20 A 3feffff932ff04b7 U 3ecb3403ed25ad76 analytic 3ed8f66b924a6959 hist [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3, 1, 5, 1, 2, 4, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] report b8ae32f4e2006e56
        multi-region seed 20261127: events 13525 outages 25 A 3feffff347bd2edd U 3ed97085a24571e9 analytic 3ed8f66b924a6959 hist [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 3, 2, 6, 2, 6, 1, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] report 165b7232728e44b2
        quorum seed 1: events 5422 outages 11 A 3fefffecd212e75e U 3ee32ded18a1f83d analytic 3eea154511b887a9 hist [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 3, 1, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] report ed61a28cdcd4646c
        quorum seed 20261127: events 5282 outages 10 A 3feffff4e50683c0 U 3ed635f2f8804dcf analytic 3eea154511b887a9 hist [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 2, 0, 4, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] report 77f1293da06ab009
    "#]].assert_eq(&out);
}
