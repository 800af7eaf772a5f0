//! Runs the built `sdlab` binary as a user would: JSON shapes, exit codes, one-line errors.

mod common;

use common::{json, sdlab};
use std::process::{Command, Output};

#[test]
fn downtime_json_has_every_period_in_seconds() {
    // U = 5e-4: 43.2 s/day; 15,768 s per 365-day year; 1,314 s per year/12 month.
    let args = [
        "nines",
        "downtime",
        "--availability",
        "99.95",
        "--month",
        "year/12",
        "--json",
    ];
    let text = String::from_utf8_lossy(&sdlab(&args).stdout).into_owned();
    let v = json(&args);
    assert!(
        text.starts_with(r#"{"availability":0.9995,"per_day_s":43.2,"per_week_s":"#),
        "{text}"
    );
    assert_eq!(v["per_year_s"], 15768.0);
    assert_eq!(v["per_month_s"], 1314.0);
    assert_eq!(v["per_quarter_s"], 3888.0);
    let gregorian = json(&[
        "nines",
        "downtime",
        "--availability",
        "99.95",
        "--year-days",
        "365.2425",
        "--quarter",
        "year/4",
        "--json",
    ]);
    assert!((gregorian["per_year_s"].as_f64().expect("number") - 15_778.476).abs() < 1e-6);
    assert!((gregorian["per_quarter_s"].as_f64().expect("number") - 3_944.619).abs() < 1e-6);
}

#[test]
fn availability_json_reverses_a_downtime() {
    // 52.56 minutes per 365-day year is the book's 99.99% cell (ch. 1, Table 1-1): 4 nines.
    let v = json(&[
        "nines",
        "availability",
        "--downtime",
        "52.56m",
        "--per",
        "year",
        "--json",
    ]);
    assert!((v["availability"].as_f64().expect("number") - 0.9999).abs() < 1e-15);
    assert!((v["nines"].as_f64().expect("number") - 4.0).abs() < 1e-9);
    let none = json(&[
        "nines",
        "availability",
        "--downtime",
        "0s",
        "--per",
        "day",
        "--json",
    ]);
    assert_eq!(none["availability"], 1.0);
    assert!(none["nines"].is_null());
}

#[test]
fn text_output_is_a_table() {
    let out = sdlab(&["nines", "downtime", "--availability", "99.9"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        text.contains("convention: year = 365 days, month = 30 days"),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("year") && l.contains("8.76 hours")),
        "{text}"
    );
}

#[test]
fn bad_arguments_give_one_line_and_exit_code_2() {
    let cases: &[&[&str]] = &[
        &["nines", "downtime", "--availability", "abc", "--json"],
        &["nines", "downtime", "--availability", "-5"],
        &["nines", "downtime", "--availability", "1e999"],
        &["nines", "downtime", "--availability", "NaN"],
        &["nines", "downtime", "--availability", ""],
        &[
            "nines",
            "downtime",
            "--availability",
            "99.9",
            "--year-days",
            "366",
        ],
        &[
            "nines",
            "downtime",
            "--availability",
            "99.9",
            "--month",
            "31d",
        ],
        &["nines", "availability", "--downtime", "2d", "--per", "day"],
        &["nines", "availability", "--downtime", "52", "--per", "year"],
        &[
            "nines",
            "availability",
            "--downtime",
            "52m",
            "--per",
            "fortnight",
        ],
        &["nines", "downtime"],
        &["nines", "frobnicate"],
    ];
    for args in cases {
        let out = sdlab(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with("error:"), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

/// Runs with `stdin` piped in.
fn sdlab_with_stdin(args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_sdlab"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the sdlab binary starts");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(stdin.as_bytes())
        .expect("stdin accepts the input");
    child.wait_with_output().expect("the sdlab binary runs")
}

/// Writes `text` to a file of this test run and returns its path.
fn temp_file(name: &str, text: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, text).expect("the temporary file is writable");
    path.to_string_lossy().into_owned()
}

fn number(v: &serde_json::Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number in {v}"))
}

/// The object's keys, sorted, to assert the exact JSON shape.
fn keys(v: &serde_json::Value) -> Vec<String> {
    let mut keys: Vec<String> = v.as_object().expect("an object").keys().cloned().collect();
    keys.sort();
    keys
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    names.sort();
    names
}

fn assert_rejected(args: &[&str]) {
    let out = sdlab(args);
    assert_one_line_error(args, &out);
}

fn assert_one_line_error(args: &[&str], out: &Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
    assert!(stderr.starts_with("error:"), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty(), "{args:?}");
}

/// Seconds in the book's 365-day year (ch. 1, Table 1-1; reference §3).
const YEAR_S: f64 = 31_536_000.0;

#[test]
fn compose_series_and_parallel_are_the_books_worked_examples() {
    // Book, ch. 1, "Availability in parallel versus in sequence": .999 × .999 = .998001 and
    // 1 − (.001 × .001) = .999999; tolerance 1e-12.
    let series = json(&["nines", "compose", "--series", "99.9,99.9", "--json"]);
    assert_eq!(
        keys(&series),
        sorted(&["availability", "unavailability", "nines", "per_year_s"])
    );
    assert!((number(&series, "availability") - 0.998_001).abs() < 1e-12);
    // U = 1 − .998001 = .001999; nines = −log10(U); per year = U × 31,536,000 s.
    assert!((number(&series, "nines") - -(0.001_999f64).log10()).abs() < 1e-9);
    assert!((number(&series, "per_year_s") - 0.001_999 * YEAR_S).abs() < 1e-6);

    let parallel = json(&["nines", "compose", "--parallel", "99.9,99.9", "--json"]);
    assert!((number(&parallel, "availability") - 0.999_999).abs() < 1e-12);
    assert!((number(&parallel, "nines") - 6.0).abs() < 1e-9);
    assert!((number(&parallel, "per_year_s") - 1e-6 * YEAR_S).abs() < 1e-6);
}

#[test]
fn compose_k_of_n_is_the_binomial_sum() {
    // Reference §2.4: U = Σ_{i<k} C(n,i) Aⁱ Uⁿ⁻ⁱ. For 2 of 3 at 99%: U³ + 3·A·U² with U = 0.01,
    // = 1e-6 + 2.97e-4 = 2.98e-4.
    let v = json(&["nines", "compose", "--k-of-n", "2/3@99", "--json"]);
    assert!((number(&v, "availability") - (1.0 - 2.98e-4)).abs() < 1e-12);
    // k = 1 is parallel and k = n is series (reference §2.4 checks).
    let one = json(&["nines", "compose", "--k-of-n", "1/2@99.9", "--json"]);
    assert!((number(&one, "availability") - 0.999_999).abs() < 1e-12);
    let all = json(&["nines", "compose", "--k-of-n", "2/2@99.9", "--json"]);
    assert!((number(&all, "availability") - 0.998_001).abs() < 1e-12);
}

/// Two replicas (99%: MTBF 99 h, MTTR 1 h) in two AZs (99.9%: MTBF 999 h, MTTR 1 h), in the
/// JSON schema of crates/nines/src/diagram.rs.
const TWO_AZ_DIAGRAM: &str = r#"{
  "name": "Replicas in two AZs",
  "components": [
    { "id": "az1", "name": "AZ 1", "mtbf_hours": 999, "mttr_hours": 1 },
    { "id": "az2", "name": "AZ 2", "mtbf_hours": 999, "mttr_hours": 1 },
    { "id": "r1", "name": "Replica 1", "mtbf_hours": 99, "mttr_hours": 1 },
    { "id": "r2", "name": "Replica 2", "mtbf_hours": 99, "mttr_hours": 1,
      "repair": { "kind": "lognormal", "cv": 1.5 } }
  ],
  "root": { "parallel": { "label": "Either AZ", "children": [
    { "shared_fate": { "label": "AZ 1", "fate": "az1", "children": [ { "unit": { "component": "r1" } } ] } },
    { "shared_fate": { "label": "AZ 2", "fate": "az2", "children": [ { "unit": { "component": "r2" } } ] } }
  ] } }
}"#;

#[test]
fn compose_reads_a_diagram_file_or_stdin() {
    // Reference §2.6: replicas in two AZs, A = 1 − (1 − A_AZ1·A₁)(1 − A_AZ2·A₂).
    let expected = 1.0 - (1.0 - 0.999 * 0.99) * (1.0 - 0.999 * 0.99);
    let path = temp_file("two-az.json", TWO_AZ_DIAGRAM);
    let v = json(&["nines", "compose", "--diagram", &path, "--json"]);
    assert!((number(&v, "availability") - expected).abs() < 1e-12);
    let out = sdlab_with_stdin(
        &["nines", "compose", "--diagram", "-", "--json"],
        TWO_AZ_DIAGRAM,
    );
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert!((number(&v, "availability") - expected).abs() < 1e-12);

    // One AZ repeated under both replicas: conditioning on it gives A = A_AZ·(1 − U₁U₂)
    // (reference §2.3, §2.6), not the product rule's (1 − (1 − A_AZ·A₁)(1 − A_AZ·A₂)).
    let shared = TWO_AZ_DIAGRAM.replace(r#""fate": "az2""#, r#""fate": "az1""#);
    let path = temp_file("shared-az.json", &shared);
    let v = json(&["nines", "compose", "--diagram", &path, "--json"]);
    assert!((number(&v, "availability") - 0.999 * (1.0 - 0.01 * 0.01)).abs() < 1e-12);
}

#[test]
fn compose_text_lists_what_each_block_would_gain() {
    let path = temp_file("two-az-text.json", TWO_AZ_DIAGRAM);
    let out = sdlab(&["nines", "compose", "--diagram", &path]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(text.contains("nines gained"), "{text}");
    // The root made perfect removes all downtime; every block has a row.
    assert!(text.contains("∞ (all downtime)"), "{text}");
    for label in ["Either AZ", "AZ 1", "AZ 2", "Replica 1", "Replica 2"] {
        assert!(
            text.lines().any(|l| l.trim_start().starts_with(label)),
            "{label}: {text}"
        );
    }
}

#[test]
fn compose_rejects_bad_input_in_one_line() {
    let malformed = temp_file("malformed.json", "{ \"name\": \"x\", ");
    let empty = temp_file("empty.json", "");
    let unknown = temp_file(
        "unknown.json",
        &TWO_AZ_DIAGRAM.replace(r#""component": "r2""#, r#""component": "zz""#),
    );
    let k_too_big = temp_file(
        "k-too-big.json",
        r#"{"name": "q", "components": [{"id": "a", "name": "A", "mtbf_hours": 9, "mttr_hours": 1}],
            "root": {"k_of_n": {"label": "q", "k": 2, "children": [{"unit": {"component": "a"}}]}}}"#,
    );
    let negative = temp_file("negative.json", &TWO_AZ_DIAGRAM.replace("999", "-999"));
    let huge = temp_file("huge.json", &TWO_AZ_DIAGRAM.replace("999", "1e999"));
    let two_lines = temp_file("two-lines.json", "{\n\"name\": 5\n}");
    for (args, expected) in [
        (vec!["--diagram", &malformed], "not a valid diagram"),
        (vec!["--diagram", &empty], "not a valid diagram"),
        (vec!["--diagram", &two_lines], "not a valid diagram"),
        (vec!["--diagram", &unknown], "unknown component “zz”"),
        (vec!["--diagram", &k_too_big], "k must be"),
        (vec!["--diagram", &negative], "MTBF"),
        (vec!["--diagram", &huge], "not a valid diagram"),
        (vec!["--diagram", "/no/such/file.json"], "cannot read"),
        (vec!["--series", ""], "--series"),
        (vec!["--series", "99.9,abc"], "not a number"),
        (vec!["--series", "NaN"], "not a number"),
        (vec!["--series", "-5"], "negative"),
        (vec!["--series", "1e999"], "exceed"),
        (vec!["--series", "100.001,99.9"], "exceed"),
        (vec!["--parallel", "99.9,"], "--parallel"),
        (vec!["--k-of-n", "4/3@99"], "exceeds n"),
        (vec!["--k-of-n", "0/3@99"], "--k-of-n k"),
        (vec!["--k-of-n", "2/3"], "K/N@A"),
        (vec!["--k-of-n", "2/999@99"], "--k-of-n n"),
        (
            vec!["--series", "99.9", "--parallel", "99.9"],
            "exactly one",
        ),
        (vec![], "exactly one"),
    ] {
        let mut full = vec!["nines", "compose", "--json"];
        full.extend(args.iter().copied());
        let out = sdlab(&full);
        assert_one_line_error(&full, &out);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{full:?}: {stderr}");
    }
}

#[test]
fn mtbf_gives_the_derived_availability() {
    // Reference §2.1 [derived]: A = MTBF / (MTBF + MTTR) = 999 / 1000.
    let v = json(&[
        "nines",
        "mtbf",
        "--mtbf-hours",
        "999",
        "--mttr-hours",
        "1",
        "--json",
    ]);
    assert_eq!(keys(&v), sorted(&["availability"]));
    assert!((number(&v, "availability") - 0.999).abs() < 1e-15);
    // N units in parallel: A = 1 − Uᴺ = 1 − 0.001²; in series: A = (1 − U)ᴺ = 0.999³.
    let parallel = json(&[
        "nines",
        "mtbf",
        "--mtbf-hours",
        "999",
        "--mttr-hours",
        "1",
        "--units",
        "2",
        "--parallel",
        "--json",
    ]);
    assert!((number(&parallel, "availability") - 0.999_999).abs() < 1e-12);
    let series = json(&[
        "nines",
        "mtbf",
        "--mtbf-hours",
        "999",
        "--mttr-hours",
        "1",
        "--units",
        "3",
        "--json",
    ]);
    assert!((number(&series, "availability") - 0.999f64.powi(3)).abs() < 1e-12);

    let out = sdlab(&["nines", "mtbf", "--mtbf-hours", "999", "--mttr-hours", "1"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("derived, not from the book"), "{text}");
    assert!(text.contains("availability 99.9%"), "{text}");
}

#[test]
fn mtbf_rejects_bad_numbers_in_one_line() {
    for (mtbf, mttr, units) in [
        ("NaN", "1", "1"),
        ("-5", "1", "1"),
        ("0", "1", "1"),
        ("1e999", "1", "1"),
        ("", "1", "1"),
        ("inf", "1", "1"),
        ("100", "-1", "1"),
        ("100", "abc", "1"),
        ("100", "1", "0"),
        ("100", "1", "2.5"),
        ("100", "1", "65"),
        ("100", "1", "-2"),
    ] {
        assert_rejected(&[
            "nines",
            "mtbf",
            "--mtbf-hours",
            mtbf,
            "--mttr-hours",
            mttr,
            "--units",
            units,
            "--json",
        ]);
    }
    assert_rejected(&["nines", "mtbf", "--mtbf-hours", "100"]);
}

const SIMULATE_KEYS: [&str; 5] = [
    "availability",
    "ci95",
    "mtbf_hours",
    "mttr_hours",
    "outages",
];

fn ci95(v: &serde_json::Value) -> (f64, f64) {
    let ci = v["ci95"].as_array().expect("ci95 is an array");
    assert_eq!(ci.len(), 2);
    (
        ci[0].as_f64().expect("a number"),
        ci[1].as_f64().expect("a number"),
    )
}

#[test]
fn simulate_one_unit_converges_to_mtbf_over_mtbf_plus_mttr() {
    let args = [
        "nines",
        "simulate",
        "--mtbf-hours",
        "999",
        "--mttr-hours",
        "1",
        "--years",
        "1000",
        "--seed",
        "7",
        "--json",
    ];
    let v = json(&args);
    assert_eq!(keys(&v), sorted(&SIMULATE_KEYS));
    let a = number(&v, "availability");
    let (lo, hi) = ci95(&v);
    assert!(lo <= a && a <= hi, "{a} outside [{lo}, {hi}]");
    // Reference §4.6: the estimate converges to A = 999/1000. The 95% half-width is about two
    // standard errors (t₂₉ = 2.045), so four standard errors are about two half-widths.
    assert!(
        (a - 0.999).abs() < (hi - lo),
        "{a} vs 0.999, CI [{lo}, {hi}]"
    );
    // One unit: system MTBF and MTTR are the unit's, each an exponential mean whose standard
    // error is mean/√n over n outages; allow 4 of them.
    let n = number(&v, "outages");
    assert!(n > 1_000.0, "{n}");
    assert!((number(&v, "mtbf_hours") - 999.0).abs() < 4.0 * 999.0 / n.sqrt());
    assert!((number(&v, "mttr_hours") - 1.0).abs() < 4.0 * 1.0 / n.sqrt());
    // A seed reproduces a run exactly.
    assert_eq!(sdlab(&args).stdout, sdlab(&args).stdout);
    let other = json(&[
        "nines",
        "simulate",
        "--mtbf-hours",
        "999",
        "--mttr-hours",
        "1",
        "--years",
        "1000",
        "--seed",
        "8",
        "--json",
    ]);
    assert_ne!(v, other);
}

#[test]
fn simulate_parallel_units_match_frequency_and_duration() {
    // Two units (MTBF 99 h, MTTR 1 h, U = 0.01) in parallel, repaired independently.
    // Reference §4.6: f = Σ I_B(i)/(MTBF + MTTR) with I_B(i) = 1 − (1 − U) = U, so
    // f = 2 × 0.01 / 100 h = 2e-4 per hour; U_sys = U² = 1e-4; MDT = U_sys/f = 0.5 h (the
    // minimum of two exponential repairs of mean 1 h); MUT = (1 − U_sys)/f = 4999.5 h.
    let v = json(&[
        "nines",
        "simulate",
        "--mtbf-hours",
        "99",
        "--mttr-hours",
        "1",
        "--units",
        "2",
        "--parallel",
        "--years",
        "2000",
        "--seed",
        "11",
        "--json",
    ]);
    let a = number(&v, "availability");
    let (lo, hi) = ci95(&v);
    assert!((a - (1.0 - 1e-4)).abs() < (hi - lo), "{a} [{lo}, {hi}]");
    let n = number(&v, "outages");
    assert!(n > 1_000.0, "{n}");
    let mdt = number(&v, "mttr_hours");
    let mut_h = number(&v, "mtbf_hours");
    assert!((mdt - 0.5).abs() < 4.0 * 0.5 / n.sqrt(), "{mdt}");
    assert!(
        (mut_h - 4_999.5).abs() < 4.0 * 4_999.5 / n.sqrt(),
        "{mut_h}"
    );
}

#[test]
fn simulate_repair_shapes_and_diagrams() {
    // Insensitivity (reference §2.4): lognormal and Weibull repairs of the same mean leave the
    // steady state at 1 − (1 − .999·.99)² for the two-AZ diagram.
    let expected = 1.0 - (1.0 - 0.999 * 0.99) * (1.0 - 0.999 * 0.99);
    for repair in ["exponential", "lognormal:2", "weibull:0.7", "weibull:3"] {
        let out = sdlab_with_stdin(
            &[
                "nines",
                "simulate",
                "--diagram",
                "-",
                "--years",
                "2000",
                "--seed",
                "3",
                "--repair",
                repair,
                "--json",
            ],
            TWO_AZ_DIAGRAM,
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
        let (lo, hi) = ci95(&v);
        let a = number(&v, "availability");
        assert!(
            (a - expected).abs() < (hi - lo),
            "{repair}: {a} vs {expected}"
        );
    }
    let out = sdlab(&[
        "nines",
        "simulate",
        "--mtbf-hours",
        "999",
        "--mttr-hours",
        "1",
        "--years",
        "100",
        "--slo",
        "99.95",
        "--window",
        "28d",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    for needle in [
        "analytic",
        "simulated",
        "95% CI",
        "agree",
        "SLO 99.95% over 28-day windows",
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
}

#[test]
fn simulate_with_no_outage_reports_nulls() {
    // One year of a unit that fails every 10⁹ hours on average: almost surely no outage, so the
    // system MTBF and MTTR are unknown (null), never 0 or ∞.
    let v = json(&[
        "nines",
        "simulate",
        "--mtbf-hours",
        "1e9",
        "--mttr-hours",
        "1",
        "--years",
        "1",
        "--json",
    ]);
    assert_eq!(v["outages"], 0);
    assert!(v["mtbf_hours"].is_null() && v["mttr_hours"].is_null());
    assert_eq!(number(&v, "availability"), 1.0);
}

#[test]
fn simulate_rejects_bad_input_in_one_line() {
    let base = [
        "nines",
        "simulate",
        "--mtbf-hours",
        "999",
        "--mttr-hours",
        "1",
        "--json",
    ];
    for extra in [
        &["--years", "NaN"][..],
        &["--years", "0"],
        &["--years", "-5"],
        &["--years", "1e999"],
        &["--years", ""],
        &["--years", "0.5"],
        &["--seed", "-1"],
        &["--repair", "gamma"],
        &["--repair", "lognormal"],
        &["--repair", "lognormal:-1"],
        &["--repair", "weibull:100"],
        &["--repair", "weibull:NaN"],
        &["--window", "0d"],
        &["--window", "400d"],
        &["--window", "fortnight"],
        &["--slo", "101"],
        &["--units", "0"],
        &["--diagram", "/no/such/file.json"],
    ] {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        assert_rejected(&args);
    }
    assert_rejected(&["nines", "simulate", "--mtbf-hours", "999", "--json"]);
    assert_rejected(&["nines", "simulate", "--json"]);
    let unknown = temp_file(
        "sim-unknown.json",
        &TWO_AZ_DIAGRAM.replace(r#""fate": "az2""#, r#""fate": "nowhere""#),
    );
    assert_rejected(&["nines", "simulate", "--diagram", &unknown, "--json"]);
}

#[test]
fn budget_follows_the_burn_rate_identities() {
    // Reference §5.1: B = (1 − SLO) × W; exhausted after W/b; b·1 h/W of the budget per hour.
    // 99.9% over 30 days (2,592,000 s) at b = 2: B = 2,592 s, 1,296,000 s, 2/720 = 1/360.
    let v = json(&[
        "nines",
        "budget",
        "--slo",
        "99.9",
        "--window",
        "30d",
        "--burn-rate",
        "2",
        "--json",
    ]);
    assert_eq!(
        keys(&v),
        sorted(&[
            "budget_s",
            "exhausted_after_s",
            "consumed_per_hour_fraction"
        ])
    );
    assert!((number(&v, "budget_s") - 2_592.0).abs() < 1e-9);
    assert_eq!(number(&v, "exhausted_after_s"), 1_296_000.0);
    assert!((number(&v, "consumed_per_hour_fraction") - 1.0 / 360.0).abs() < 1e-15);
    // Defaults: the Workbook's 28-day window and b = 1, which spends the budget in exactly W.
    let d = json(&["nines", "budget", "--slo", "99.9", "--json"]);
    assert!((number(&d, "budget_s") - 2_419.2).abs() < 1e-9);
    assert_eq!(number(&d, "exhausted_after_s"), 2_419_200.0);
    assert!((number(&d, "consumed_per_hour_fraction") - 1.0 / 672.0).abs() < 1e-15);
    // A 90-day quarter at 99.95%: 0.0005 × 7,776,000 s = 3,888 s.
    let q = json(&[
        "nines", "budget", "--slo", "99.95", "--window", "quarter", "--json",
    ]);
    assert!((number(&q, "budget_s") - 3_888.0).abs() < 1e-9);
    // b = 0 never exhausts the budget: null, not a huge number.
    let z = json(&[
        "nines",
        "budget",
        "--slo",
        "99.9",
        "--burn-rate",
        "0",
        "--json",
    ]);
    assert!(z["exhausted_after_s"].is_null());
    assert_eq!(number(&z, "consumed_per_hour_fraction"), 0.0);
}

#[test]
fn budget_text_lists_the_workbook_tiers() {
    // SRE Workbook, "Alerting on SLOs": 2% in 1 h and 5% in 6 h page, 10% in 3 days is a ticket.
    // b* = x·W/L over a 30-day window (720 h): 0.02·720/1 = 14.4, 0.05·720/6 = 6, 0.1·720/72 = 1.
    let out = sdlab(&["nines", "budget", "--slo", "99.9", "--window", "30d"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(text.contains("43.2 minutes"), "{text}");
    let tiers: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("page") || l.starts_with("ticket"))
        .collect();
    assert_eq!(tiers.len(), 3, "{text}");
    assert!(
        tiers[0].contains("14.400") && tiers[0].contains("5.00 minutes"),
        "{text}"
    );
    assert!(
        tiers[1].contains("6.000") && tiers[1].contains("5.00 days"),
        "{text}"
    );
    assert!(
        tiers[2].starts_with("ticket") && tiers[2].contains("1.000"),
        "{text}"
    );
}

#[test]
fn budget_rejects_bad_input_in_one_line() {
    for extra in [
        &["--burn-rate", "-1"][..],
        &["--burn-rate", "NaN"],
        &["--burn-rate", "1e999"],
        &["--burn-rate", ""],
        &["--window", "7d"],
        &["--slo", "abc"],
        &["--slo", "101"],
        &["--slo", ""],
    ] {
        let mut args = vec!["nines", "budget", "--slo", "99.9", "--json"];
        args.extend_from_slice(extra);
        assert_rejected(&args);
    }
    assert_rejected(&["nines", "budget", "--json"]);
}

const OUTAGES: &str = "# exported from the status page\n\
    2024-01-10 10:00, 2024-01-10 11:00\n\
    2024-01-10 10:30 - 2024-01-10 12:00\n\
    \n\
    2024-01-20T00:00Z\t2024-01-20T01:00Z\n\
    2024-01-30 23:00 to 2024-02-01 00:00\n";

#[test]
fn incidents_work_availability_back_from_outages() {
    // Reference §2.1 over 30 days (2,592,000 s): the first two lines merge into 10:00–12:00
    // (2 h), then 1 h, then 23:00 → window end (1 h, still open). Downtime 4 h = 14,400 s;
    // failures 3 (all start inside), repairs 2 (the last is open at the end).
    // Book, ch. 1: A = (total − down)/total; MTBF = (total − down)/failures; MTTR = down/repairs.
    let path = temp_file("outages.txt", OUTAGES);
    let v = json(&[
        "nines",
        "incidents",
        "--file",
        &path,
        "--from",
        "2024-01-01 00:00",
        "--to",
        "2024-01-31T00:00Z",
        "--json",
    ]);
    assert_eq!(
        keys(&v),
        sorted(&[
            "from",
            "to",
            "total_s",
            "maintenance_s",
            "downtime_s",
            "availability",
            "nines",
            "failures",
            "repairs",
            "mtbf_s",
            "uptime_lower_bound_s",
            "mttr_s",
            "outages",
            "lines_used",
            "skipped",
            "budget",
        ])
    );
    let total = 2_592_000.0;
    assert_eq!(number(&v, "total_s"), total);
    assert_eq!(number(&v, "downtime_s"), 14_400.0);
    assert_eq!(
        (v["failures"].as_u64(), v["repairs"].as_u64()),
        (Some(3), Some(2))
    );
    assert!((number(&v, "availability") - (1.0 - 14_400.0 / total)).abs() < 1e-15);
    assert_eq!(number(&v, "mtbf_s"), (total - 14_400.0) / 3.0);
    assert_eq!(number(&v, "mttr_s"), 7_200.0);
    assert!(v["uptime_lower_bound_s"].is_null());
    let outages = v["outages"].as_array().expect("a list");
    assert_eq!(outages.len(), 3);
    assert_eq!(outages[0]["start"], "2024-01-10T10:00:00Z");
    assert_eq!(outages[0]["end"], "2024-01-10T12:00:00Z");
    assert_eq!(outages[2]["repair"], false);

    // Maintenance 2024-01-20 00:30–02:00 (1.5 h) leaves both totals: down 3.5 h of 720 − 1.5 h.
    let maintenance = temp_file("maintenance.txt", "2024-01-20 00:30, 2024-01-20 02:00\n");
    let m = json(&[
        "nines",
        "incidents",
        "--file",
        &path,
        "--from",
        "2024-01-01 00:00",
        "--to",
        "2024-01-31 00:00",
        "--maintenance",
        &maintenance,
        "--json",
    ]);
    assert_eq!(number(&m, "maintenance_s"), 5_400.0);
    assert_eq!(number(&m, "total_s"), total - 5_400.0);
    assert_eq!(number(&m, "downtime_s"), 12_600.0);
}

#[test]
fn incidents_single_outage_and_no_outage() {
    // Reference §2.1 [peer bug]: one incident must give MTBF = (30 d − 1 h)/1, not 0%.
    let one = "2024-01-15 09:00, 2024-01-15 10:00\n";
    let window = [
        "--from",
        "2024-01-01 00:00",
        "--to",
        "2024-01-31 00:00",
        "--json",
    ];
    let mut args = vec!["nines", "incidents", "--file", "-"];
    args.extend_from_slice(&window);
    let out = sdlab_with_stdin(&args, one);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(number(&v, "mtbf_s"), 2_592_000.0 - 3_600.0);
    assert_eq!(number(&v, "mttr_s"), 3_600.0);
    assert!((number(&v, "availability") - (1.0 - 1.0 / 720.0)).abs() < 1e-15);
    // No outage: MTBF unknown, bounded below by the observed uptime (the whole window).
    let out = sdlab_with_stdin(&args, "# quiet month\n");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert!(v["mtbf_s"].is_null() && v["mttr_s"].is_null());
    assert_eq!(number(&v, "uptime_lower_bound_s"), 2_592_000.0);
    assert_eq!(number(&v, "availability"), 1.0);
    assert!(v["nines"].is_null());
    // Text output states the book's formulas and the bound.
    let out = sdlab_with_stdin(&args[..args.len() - 1], "# quiet month\n");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("exceeds the observed uptime"), "{text}");
}

#[test]
fn incidents_reject_bad_input_in_one_line() {
    let cases: &[(&str, &[&str], &str)] = &[
        (
            "2024-01-01 10:00, 2024-01-01 11:00\nnot an outage\n",
            &[],
            "line 2",
        ),
        (
            "2024-01-01 11:00, 2024-01-01 10:00\n",
            &[],
            "line 1: the outage must end after",
        ),
        ("2024-02-30 10:00, 2024-03-01 10:00\n", &[], "no day 30"),
        ("2024-01-01 10:00, 2024-01-01 11:00\n", &[], "no uptime"),
        ("", &[], "no outages"),
        (
            "2024-01-01 10:00, 2024-01-01 11:00\n",
            &["--from", "yesterday"],
            "--from",
        ),
        (
            "2024-01-01 10:00, 2024-01-01 11:00\n",
            &["--from", "2024-02-01 00:00", "--to", "2024-01-01 00:00"],
            "must end after",
        ),
        (
            "2024-01-01 10:00, 2024-01-01 11:00\n",
            &["--maintenance", "/no/such/file"],
            "cannot read",
        ),
    ];
    for (stdin, extra, expected) in cases {
        let mut args = vec!["nines", "incidents", "--file", "-", "--json"];
        args.extend_from_slice(extra);
        let out = sdlab_with_stdin(&args, stdin);
        assert_one_line_error(&args, &out);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    assert_rejected(&["nines", "incidents", "--file", "/no/such/file"]);
}

/// A PagerDuty-shaped export (column names cited in `sdlab_nines::incidents::START_COLUMNS`):
/// other columns, a quoted title with a comma, offsets, and one bad line (line 4).
const PAGERDUTY_CSV: &str = "id,incident_number,description,created_on,resolved_on,urgency\n\
    P1,1,\"DB down, reads failing\",2024-01-10T11:00:00+01:00,2024-01-10T12:00:00+01:00,high\n\
    P2,2,Latency,2024-01-20T02:00:00-0500,2024-01-20T03:30:00-0500,low\n\
    P3,3,Typo,2024-01-2 10:00,2024-01-22 10:10,low\n";

const WINDOW: [&str; 4] = ["--from", "2024-01-01 00:00", "--to", "2024-01-31 00:00"];

fn incidents_json(text: &str, extra: &[&str]) -> (serde_json::Value, String) {
    let mut args = vec!["nines", "incidents", "--file", "-", "--json"];
    args.extend_from_slice(&WINDOW);
    args.extend_from_slice(extra);
    let out = sdlab_with_stdin(&args, text);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{text}: {stderr}");
    (
        serde_json::from_slice(&out.stdout).expect("valid JSON"),
        stderr,
    )
}

#[test]
fn incidents_read_csv_exports_offsets_and_durations_skipping_bad_lines() {
    // 10:00–11:00Z and 07:00–08:30Z: 2.5 h down of 30 days; line 4 is skipped, not fatal.
    let path = temp_file("pagerduty.csv", PAGERDUTY_CSV);
    let mut args = vec!["nines", "incidents", "--file", &path, "--json"];
    args.extend_from_slice(&WINDOW);
    let out = sdlab(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(number(&v, "downtime_s"), 9_000.0);
    assert!((number(&v, "availability") - (1.0 - 9_000.0 / 2_592_000.0)).abs() < 1e-15);
    assert_eq!(v["outages"][1]["start"], "2024-01-20T07:00:00Z");
    assert_eq!(v["lines_used"], 2);
    let skipped = v["skipped"].as_array().expect("a list");
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0]["flag"], "--file");
    assert_eq!(skipped[0]["line"], 4);
    assert!(
        skipped[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("“2024-01-2 10:00” is not a timestamp")),
        "{v}"
    );
    assert!(
        stderr.starts_with(&format!(
            "warning: --file {path}: line 4: “2024-01-2 10:00”"
        )),
        "{stderr}"
    );
    // The text report says how many lines counted and which columns it read.
    args.retain(|a| *a != "--json");
    let out = sdlab(&args);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "lines: 2 outages used, 1 skipped (named on standard error); CSV header on line 1: start “created_on”, end “resolved_on”"
        ),
        "{text}"
    );

    // The same two outages as Opsgenie and Statuspage export them, and as start, duration.
    for text in [
        "TinyId,Message,CreatedAt,UpdatedAt,ClosedAt\n\
         1,db,2024-01-10T10:00:00.000Z,2024-01-11T00:00:00.000Z,2024-01-10T11:00:00.000Z\n\
         2,latency,2024-01-20T07:00:00.000Z,2024-01-21T00:00:00.000Z,2024-01-20T08:30:00.000Z\n",
        "name,status,created_at,started_at,resolved_at\n\
         \"DB, down\",resolved,2024-01-10T10:20:00Z,2024-01-10T10:00:00Z,2024-01-10T11:00:00Z\n\
         Latency,resolved,2024-01-20T07:05:00Z,2024-01-20T07:00:00Z,2024-01-20T08:30:00Z\n",
        "2024-01-10 10:00, 1h\n2024-01-20 09:00 +02:00, 90m\n",
    ] {
        let (v, stderr) = incidents_json(text, &[]);
        assert_eq!(number(&v, "downtime_s"), 9_000.0, "{text}");
        assert_eq!(v["lines_used"], 2, "{text}");
        assert_eq!(v["skipped"].as_array().map(Vec::len), Some(0), "{text}");
        assert!(stderr.is_empty(), "{stderr}");
    }
}

#[test]
fn incidents_report_the_slo_budget_spent() {
    // 2.5 h down of 720 h; 99.9% allows 0.72 h = 2,592 s: 9,000 s spent, 6,408 s over.
    let (v, _) = incidents_json(PAGERDUTY_CSV, &["--slo", "99.9"]);
    let b = &v["budget"];
    assert_eq!(b["slo"], 0.999);
    assert!((number(b, "budget_s") - 2_592.0).abs() < 1e-6, "{b}");
    assert_eq!(number(b, "spent_s"), 9_000.0);
    assert!((number(b, "fraction") - 9_000.0 / 2_592.0).abs() < 1e-9);
    assert!((number(b, "left_s") + 6_408.0).abs() < 1e-6);
    let (v, _) = incidents_json(PAGERDUTY_CSV, &[]);
    assert!(v["budget"].is_null());
    let (v, _) = incidents_json(PAGERDUTY_CSV, &["--slo", "100"]);
    assert!(v["budget"]["fraction"].is_null());
    let mut args = vec!["nines", "incidents", "--file", "-", "--slo", "99"];
    args.extend_from_slice(&WINDOW);
    let out = sdlab_with_stdin(&args, PAGERDUTY_CSV);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("error budget at the 99% SLO: 7.20 hours = (1 − SLO) × total time; spent 2.50 hours (34.7%), 4.70 hours left"),
        "{text}"
    );
    for bad in ["abc", "101", ""] {
        let mut args = vec!["nines", "incidents", "--file", "-", "--slo", bad];
        args.extend_from_slice(&WINDOW);
        let out = sdlab_with_stdin(&args, PAGERDUTY_CSV);
        assert_one_line_error(&args, &out);
        assert!(String::from_utf8_lossy(&out.stderr).contains("--slo"));
    }
}

#[test]
fn incidents_reject_a_file_with_no_readable_line() {
    let mut args = vec!["nines", "incidents", "--file", "-", "--json"];
    args.extend_from_slice(&WINDOW);
    for (stdin, expected) in [
        (
            "created_on,resolved_on\nyesterday,today\n2024-01-02 10:00,\n",
            "line 2: “yesterday” is not a timestamp",
        ),
        (
            "created_on,title\n",
            "line 1: the header row names a start column",
        ),
        (
            "2024-01-02 10:00, soon\n",
            "line 1: “soon” is neither an end time",
        ),
    ] {
        let out = sdlab_with_stdin(&args, stdin);
        assert_one_line_error(&args, &out);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{stdin}: {stderr}");
        assert_eq!(
            stderr.contains("(and 1 more bad lines)"),
            stdin.starts_with("created_on,resolved_on"),
            "{stderr}"
        );
    }
    // A bad maintenance file counts the same way.
    let maintenance = temp_file("bad-maintenance.txt", "every Sunday\n");
    let mut with = args.clone();
    with.extend_from_slice(&["--maintenance", &maintenance]);
    let out = sdlab_with_stdin(&with, PAGERDUTY_CSV);
    assert_one_line_error(&with, &out);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--maintenance"));
}

#[test]
fn years_are_a_duration_unit_of_365_days() {
    // Half a 365-day year of downtime per year leaves A = 0.5; 1 yr is the whole year.
    let half = json(&[
        "nines",
        "availability",
        "--downtime",
        "0.5y",
        "--per",
        "year",
        "--json",
    ]);
    assert_eq!(number(&half, "availability"), 0.5);
    let whole = json(&[
        "nines",
        "availability",
        "--downtime",
        "1 yr",
        "--per",
        "year",
        "--json",
    ]);
    assert_eq!(number(&whole, "availability"), 0.0);
    // Two years cannot fit in one: the message is about the period, not the unit.
    let args = ["nines", "availability", "--downtime", "2y", "--per", "year"];
    let out = sdlab(&args);
    assert_one_line_error(&args, &out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot exceed the period"), "{stderr}");
    // A bare number still needs its unit, and the hint names the year.
    let args = ["nines", "availability", "--downtime", "52"];
    let out = sdlab(&args);
    assert_one_line_error(&args, &out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("y (365 days)"), "{stderr}");
}

#[test]
fn compose_from_availabilities_keeps_every_typed_digit() {
    // Parallel: U = Π Uᵢ = 1e-16 × 1e-12 = 1e-28, straight from the typed digits; no MTBF is
    // derived, so no MTBF limit applies. Tolerance: relative 1e-12.
    let v = json(&[
        "nines",
        "compose",
        "--parallel",
        "99.99999999999999,99.9999999999",
        "--json",
    ]);
    assert_eq!(
        keys(&v),
        sorted(&["availability", "unavailability", "nines", "per_year_s"])
    );
    let u = number(&v, "unavailability");
    assert!((u / 1e-28 - 1.0).abs() < 1e-12, "{u:e}");
    assert!((number(&v, "nines") - 28.0).abs() < 1e-9);
    assert!((number(&v, "per_year_s") / (1e-28 * YEAR_S) - 1.0).abs() < 1e-12);
    assert_eq!(number(&v, "availability"), 1.0);
    let out = sdlab(&[
        "nines",
        "compose",
        "--parallel",
        "99.99999999999999,99.9999999999",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("U = 1e-28"), "{text}");
    assert!(
        text.contains("downtime 3.15e-21 s per 365-day year"),
        "{text}"
    );
    // Series of 1e-16 and 1e-12: U = 1 − (1 − U₁)(1 − U₂) = 1.0001e-12, without cancellation.
    let s = json(&[
        "nines",
        "compose",
        "--series",
        "99.99999999999999,99.9999999999",
        "--json",
    ]);
    let u = number(&s, "unavailability");
    assert!((u / 1.0001e-12 - 1.0).abs() < 1e-12, "{u:e}");
    // 2 of 3 at U = 1e-10: U = 3U² − 2U³ ≈ 3e-20 (reference §2.4).
    let k = json(&["nines", "compose", "--k-of-n", "2/3@99.99999999", "--json"]);
    let u = number(&k, "unavailability");
    assert!((u / 3e-20 - 1.0).abs() < 1e-9, "{u:e}");
    // 100% is a perfect component and 0% a dead one: both compose.
    let perfect = json(&["nines", "compose", "--series", "100,99.9", "--json"]);
    assert!((number(&perfect, "availability") - 0.999).abs() < 1e-15);
    let dead = json(&["nines", "compose", "--parallel", "0,99.9", "--json"]);
    assert!((number(&dead, "availability") - 0.999).abs() < 1e-15);
    let all_dead = json(&["nines", "compose", "--series", "0,99.9", "--json"]);
    assert_eq!(number(&all_dead, "availability"), 0.0);
    assert_eq!(number(&all_dead, "nines"), 0.0);
}

#[test]
fn budget_of_a_100_percent_slo_is_spent_at_once() {
    // SLO 100%: B = (1 − SLO) × W = 0, so any downtime exhausts it immediately: 0 s, never W/b;
    // the share of a zero budget burnt per hour has no value (null), and a note says why.
    let v = json(&[
        "nines", "budget", "--slo", "100", "--window", "30d", "--json",
    ]);
    assert_eq!(number(&v, "budget_s"), 0.0);
    assert_eq!(number(&v, "exhausted_after_s"), 0.0);
    assert!(v["consumed_per_hour_fraction"].is_null(), "{v}");
    let note = v["note"].as_str().expect("a note");
    assert!(note.contains("no error budget"), "{note}");
    let out = sdlab(&["nines", "budget", "--slo", "100", "--window", "30d"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(text.contains("no error budget"), "{text}");
    assert!(!text.contains("exhausted after 30.0 days"), "{text}");
    // With a budget there is no note.
    let v = json(&["nines", "budget", "--slo", "99.9", "--json"]);
    assert!(v.get("note").is_none(), "{v}");
}

/// Runs with every stream piped, as a script would.
fn sdlab_piped(args: &[&str]) -> Output {
    use std::process::Stdio;
    Command::new(env!("CARGO_BIN_EXE_sdlab"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("the sdlab binary runs")
}

#[test]
fn simulate_writes_no_progress_when_stderr_is_not_a_terminal() {
    let args = [
        "nines",
        "simulate",
        "--mtbf-hours",
        "99",
        "--mttr-hours",
        "1",
        "--years",
        "200",
        "--json",
    ];
    let out = sdlab_piped(&args);
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("only JSON on stdout");
    assert_eq!(keys(&v), sorted(&SIMULATE_KEYS));
}

#[test]
fn check_presets_runs_every_preset_against_monte_carlo() {
    // Reference §4.6: on every preset the analytic U lies inside the simulated 95% interval;
    // the defaults are the page's (2,000 years, seed 1), for which every preset agrees.
    let out = sdlab_piped(&["nines", "check-presets", "--json"]);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(keys(&v), sorted(&["years", "seed", "all_agree", "presets"]));
    assert_eq!(
        (number(&v, "years"), v["seed"].as_u64()),
        (2_000.0, Some(1))
    );
    assert_eq!(v["all_agree"], true);
    let presets = v["presets"].as_array().expect("a list");
    assert_eq!(presets.len(), 5);
    for p in presets {
        assert_eq!(
            keys(p),
            sorted(&["name", "analytic_u", "lo", "hi", "outages", "agrees"])
        );
        assert!(number(p, "lo") <= number(p, "analytic_u"), "{p}");
        assert!(number(p, "analytic_u") <= number(p, "hi"), "{p}");
    }
    // Text: one row per preset and a verdict; a seed reproduces the run.
    let args = ["nines", "check-presets", "--years", "50", "--seed", "4"];
    let first = sdlab_piped(&args);
    let text = String::from_utf8_lossy(&first.stdout);
    assert!(
        text.contains("Book: two 99.9% components in series"),
        "{text}"
    );
    assert!(text.contains("presets agree"), "{text}");
    assert_eq!(first.stdout, sdlab_piped(&args).stdout);
    // A check that fails exits with 1 (not 2: the arguments were fine).
    let agree = text.contains("5 of 5 presets agree");
    assert_eq!(
        first.status.code(),
        Some(if agree { 0 } else { 1 }),
        "{text}"
    );
    for extra in [
        &["--years", "0"][..],
        &["--years", "NaN"],
        &["--years", "2000000"],
        &["--seed", "-1"],
        &["--seed", "x"],
    ] {
        let mut args = vec!["nines", "check-presets", "--json"];
        args.extend_from_slice(extra);
        assert_rejected(&args);
    }
}

#[test]
fn downtime_table_keeps_the_digits_of_high_nines() {
    // U = 1e-19: 8.64e-15 s a day and 3.1536e-12 s a year, never a column of zeros.
    let out = sdlab(&[
        "nines",
        "downtime",
        "--availability",
        "99.99999999999999999",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(text.contains("U = 1e-19"), "{text}");
    let day = text
        .lines()
        .find(|l| l.starts_with("day"))
        .expect("a day row");
    assert!(day.ends_with("8.64e-15"), "{text}");
    let year = text
        .lines()
        .find(|l| l.starts_with("year"))
        .expect("a year row");
    assert!(
        year.contains("3.15e-12 s") && year.ends_with("3.154e-12"),
        "{text}"
    );
}

#[test]
fn a_dead_system_has_zero_nines_not_minus_zero() {
    // U = 1: −log10(1) is −0; printed as 0, never "-0".
    let out = sdlab(&["nines", "downtime", "--availability", "0"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(!text.contains("-0"), "{text}");
    assert!(text.contains("U = 1)"), "{text}");
    let args = [
        "nines",
        "availability",
        "--downtime",
        "1d",
        "--per",
        "day",
        "--json",
    ];
    let text = String::from_utf8_lossy(&sdlab(&args).stdout).into_owned();
    assert!(text.contains(r#""nines":0.0"#), "{text}");
    // A perfect availability reads U = 0, not 0e0.
    let out = sdlab(&["nines", "downtime", "--availability", "100"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("U = 0)"), "{text}");
}

#[test]
fn errors_name_the_flag_at_fault() {
    let base = [
        "nines",
        "simulate",
        "--mtbf-hours",
        "999",
        "--mttr-hours",
        "1",
    ];
    let diagram = temp_file("named-flags.json", TWO_AZ_DIAGRAM);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--seed", "-1"],
            "error: invalid value '-1' for '--seed",
        ),
        (vec!["--years", "0.5"], "error: --years: "),
        (vec!["--years", "2000000"], "error: --years: "),
        (vec!["--window", "400d"], "error: --window: "),
        (vec!["--window", "0.5d"], "error: --window: "),
    ];
    for (extra, expected) in cases {
        let mut args = base.to_vec();
        args.extend_from_slice(&extra);
        let out = sdlab(&args);
        assert_one_line_error(&args, &out);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with(expected), "{args:?}: {stderr}");
    }
    for (args, expected) in [
        (
            vec!["nines", "simulate", "--mtbf-hours", "999"],
            "--mttr-hours",
        ),
        (
            vec!["nines", "simulate", "--mttr-hours", "1"],
            "--mtbf-hours",
        ),
        (
            vec!["nines", "simulate", "--diagram", &diagram, "--units", "3"],
            "--units",
        ),
        (
            vec!["nines", "simulate", "--diagram", &diagram, "--parallel"],
            "--parallel",
        ),
    ] {
        let out = sdlab(&args);
        assert_one_line_error(&args, &out);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

#[test]
fn help_describes_every_option() {
    // Every subcommand's --json says what it does, and --per lists the periods it takes.
    for command in [
        "downtime",
        "availability",
        "compose",
        "mtbf",
        "simulate",
        "check-presets",
        "budget",
        "incidents",
    ] {
        let out = sdlab(&["nines", command, "--help"]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{command}");
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with("--json"))
            .unwrap_or_else(|| panic!("{command} has no --json: {text}"));
        assert!(line.contains("JSON"), "{command}: {line}");
    }
    let out = sdlab(&["nines", "availability", "--help"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("day, week, 28d, month, quarter or year"),
        "{text}"
    );
}
