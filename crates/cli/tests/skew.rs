//! `sdlab skew run|zeta`: the issue's JSON shapes, determinism, and one-line errors with exit 2.

mod common;

use common::{json, refused, sdlab};

const RUN: [&str; 16] = [
    "skew",
    "run",
    "--dist",
    "zipf",
    "--keys",
    "10000",
    "--partitions",
    "8",
    "--scheme",
    "hash",
    "--requests",
    "50000",
    "--seed",
    "3",
    "--json",
    "--theta=0.99",
];

#[test]
fn run_prints_the_issues_object_and_repeats_itself() {
    let v = json(&RUN);
    let mut keys: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["loads", "max_over_mean", "throttled_fraction", "top1_share"]
    );
    let loads: Vec<u64> = v["loads"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|x| x.as_u64())
        .collect();
    assert_eq!(loads.len(), 8);
    // 20% writes, no cache: every request lands once.
    assert_eq!(loads.iter().sum::<u64>(), 50_000);
    let mom = v["max_over_mean"].as_f64().expect("number");
    let top = v["top1_share"].as_f64().expect("number");
    // The hot-key bound: max/mean ≥ P · p̂₁.
    assert!(mom >= 8.0 * top, "{mom} < 8 × {top}");
    assert_eq!(json(&RUN), v);
}

#[test]
fn sequential_inserts_under_range_partitioning_all_land_last() {
    let v = json(&[
        "skew",
        "run",
        "--dist",
        "sequential",
        "--keys",
        "1000",
        "--partitions",
        "4",
        "--scheme",
        "range",
        "--writes",
        "100",
        "--requests",
        "20000",
        "--seed",
        "1",
        "--load",
        "5000",
        "--json",
    ]);
    let loads: Vec<u64> = v["loads"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|x| x.as_u64())
        .collect();
    assert_eq!(loads, [0, 0, 0, 20_000]);
    // 5,000 inserts/s on one partition capped at 1,000 WCU/s: 80% throttled.
    assert!((v["throttled_fraction"].as_f64().expect("number") - 0.8).abs() < 1e-9);
}

#[test]
fn zeta_prints_one_number() {
    let v = json(&[
        "skew",
        "zeta",
        "--n",
        "1000000000000000000",
        "--theta",
        "1",
        "--json",
    ]);
    // mpmath: harmonic(10¹⁸) = 42.023747338794355173.
    assert!((v["zeta"].as_f64().expect("number") - 42.023_747_338_794_35).abs() < 1e-12);
    let text = sdlab(&["skew", "zeta", "--n", "3", "--theta", "0"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("= 3"));
}

#[test]
fn bad_arguments_give_one_line_and_exit_code_2() {
    let cases: [&[&str]; 8] = [
        &[
            "skew",
            "run",
            "--dist",
            "pareto",
            "--keys",
            "10",
            "--partitions",
            "2",
            "--scheme",
            "hash",
            "--requests",
            "10",
            "--seed",
            "1",
        ],
        &[
            "skew",
            "run",
            "--dist",
            "zipf",
            "--theta",
            "-1",
            "--keys",
            "10",
            "--partitions",
            "2",
            "--scheme",
            "hash",
            "--requests",
            "10",
            "--seed",
            "1",
        ],
        &[
            "skew",
            "run",
            "--dist",
            "zipf",
            "--keys",
            "1000000000000",
            "--partitions",
            "2",
            "--scheme",
            "hash",
            "--requests",
            "10",
            "--seed",
            "1",
        ],
        &[
            "skew",
            "run",
            "--dist",
            "zipf",
            "--keys",
            "10",
            "--partitions",
            "0",
            "--scheme",
            "hash",
            "--requests",
            "10",
            "--seed",
            "1",
        ],
        &[
            "skew",
            "run",
            "--dist",
            "zipf",
            "--keys",
            "10",
            "--partitions",
            "2",
            "--scheme",
            "ring",
            "--requests",
            "10",
            "--seed",
            "1",
        ],
        &[
            "skew",
            "run",
            "--dist",
            "ycsb-zipfian",
            "--theta",
            "1",
            "--keys",
            "10",
            "--partitions",
            "2",
            "--scheme",
            "hash",
            "--requests",
            "10",
            "--seed",
            "1",
        ],
        &["skew", "zeta", "--n", "NaN", "--theta", "1"],
        &["skew", "zeta", "--n", "5"],
    ];
    for args in cases {
        refused(args);
    }
}
