//! Runs the built `sdlab` binary as a user would: JSON shapes, exit codes, one-line errors.

use std::process::{Command, Output};

fn sdlab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sdlab"))
        .args(args)
        .output()
        .expect("the sdlab binary runs")
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = sdlab(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

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
