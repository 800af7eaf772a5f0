//! `sdlab quorum closed|pbs` as a user runs it: the JSON shapes the issue fixes, agreement with
//! the closed form, determinism by seed, and one-line errors with exit code 2.

mod common;

use common::{json, sdlab};

#[test]
fn closed_gives_p_stale_and_within_k() {
    // PBS §3.1: N = 3, R = W = 1 gives p_s = C(2,1)/C(3,1) = 2/3; within 2 versions 1 − 4/9.
    let v = json(&[
        "quorum", "closed", "--n", "3", "--r", "1", "--w", "1", "--k", "2", "--json",
    ]);
    assert!((v["p_stale"].as_f64().expect("number") - 2.0 / 3.0).abs() < 1e-12);
    assert!((v["p_consistent_within_k"].as_f64().expect("number") - 5.0 / 9.0).abs() < 1e-12);
    let strict = json(&[
        "quorum", "closed", "--n", "5", "--r", "3", "--w", "3", "--json",
    ]);
    assert_eq!(strict["p_stale"].as_f64(), Some(0.0));
}

#[test]
fn pbs_has_the_issue_shape_and_is_deterministic() {
    let args = [
        "quorum", "pbs", "--n", "3", "--r", "1", "--w", "1", "--preset", "exp", "--lambda", "0.1",
        "--t", "0,1,10", "--target", "0.99", "--trials", "20000", "--seed", "7", "--json",
    ];
    let v = json(&args);
    let p = v["p_consistent"].as_array().expect("a list");
    assert_eq!(p.len(), 3);
    assert_eq!(v["ci95"].as_array().map(Vec::len), Some(3));
    let ps: Vec<f64> = p.iter().filter_map(|x| x.as_f64()).collect();
    assert!(ps.windows(2).all(|w| w[0] <= w[1]));
    // Expanding quorums are never worse than the closed form 1 − p_s = 1/3.
    assert!(ps[0] > 1.0 / 3.0);
    for key in ["p50", "p99", "p999"] {
        assert!(v["read_ms"][key].as_f64().is_some_and(|x| x > 0.0));
        assert!(v["write_ms"][key].as_f64().is_some_and(|x| x > 0.0));
    }
    assert!(v["t_visibility_ms"].as_f64().is_some_and(|x| x > 0.0));
    assert_eq!(v, json(&args));
    let strict = json(&[
        "quorum", "pbs", "--n", "3", "--r", "2", "--w", "2", "--preset", "wan", "--down", "1",
        "--trials", "2000", "--seed", "1", "--json",
    ]);
    assert_eq!(strict["t_visibility_ms"].as_f64(), Some(0.0));
}

#[test]
fn bad_arguments_give_one_line_and_exit_code_2() {
    let base = [
        "quorum", "pbs", "--n", "3", "--trials", "100", "--seed", "1",
    ];
    let cases: Vec<Vec<&str>> = vec![
        vec!["--r", "4", "--w", "1"],
        vec!["--r", "1", "--w", "0"],
        vec!["--r", "1", "--w", "1", "--lambda", "-1"],
        vec!["--r", "1", "--w", "1", "--lambda", "NaN"],
        vec!["--r", "1", "--w", "1", "--lambda-w", "inf"],
        vec!["--r", "1", "--w", "1", "--preset", "nope"],
        vec!["--r", "1", "--w", "1", "--lambda-s", "0"],
        vec!["--r", "2", "--w", "1", "--down", "2"],
        vec!["--r", "1", "--w", "1", "--t", "0,-1"],
    ];
    for extra in cases {
        let mut args: Vec<&str> = base.to_vec();
        args.extend(extra.iter());
        if !extra.contains(&"--preset") {
            args.extend(["--preset", "exp"]);
        }
        let out = sdlab(&args);
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{extra:?}: {err}");
    }
    for trials in ["0", "1000000000000", "1.5"] {
        let out = sdlab(&[
            "quorum", "pbs", "--n", "3", "--r", "1", "--w", "1", "--preset", "exp", "--trials",
            trials,
        ]);
        assert_eq!(out.status.code(), Some(2), "{trials}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--trials"));
    }
    let out = sdlab(&[
        "quorum", "closed", "--n", "3", "--r", "1", "--w", "1", "--k", "x",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let lambda_with_preset = sdlab(&[
        "quorum", "pbs", "--n", "3", "--r", "1", "--w", "1", "--preset", "ymmr", "--lambda", "1",
    ]);
    assert_eq!(lambda_with_preset.status.code(), Some(2));
}
