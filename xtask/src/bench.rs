//! `cargo xtask bench`: model benchmarks natively and as wasm (same code, same checksum),
//! the gzipped size of the release app, and the time to first render of the served site.
//! A report of ratios and budgets; timings never gate a test.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use sdlab_wasm_bench::BENCHES;

use crate::util::{Res, cmd, heading, kb, output_checked, root, run};

/// Timed runs per benchmark after one warm-up; the best is reported, on both sides.
const RUNS: u32 = 5;
/// Budget for what a visitor downloads: wasm + JS + CSS, gzipped.
const APP_GZIP_BUDGET_BYTES: usize = 600_000;
/// Budget for the time to first render of the home page served from 127.0.0.1.
const FIRST_RENDER_BUDGET_MS: f64 = 1000.0;

/// One measured benchmark: best wall time of one run and the checksum it returned.
#[derive(Clone, Copy, Debug)]
struct Timing {
    best_ms: f64,
    checksum: f64,
}

/// `cargo xtask bench-native`: times every benchmark in this process and prints JSON.
/// Meant to run from an optimised build (see [`native_timings`]).
pub fn bench_native() -> Res {
    let mut out = serde_json::Map::new();
    for bench in BENCHES {
        let mut checksum = (bench.run)(bench.iterations);
        let mut best_ms = f64::INFINITY;
        for _ in 0..RUNS {
            let start = Instant::now();
            checksum = std::hint::black_box((bench.run)(std::hint::black_box(bench.iterations)));
            best_ms = best_ms.min(start.elapsed().as_secs_f64() * 1000.0);
        }
        out.insert(
            bench.name.to_string(),
            serde_json::json!({ "best_ms": best_ms, "checksum": checksum }),
        );
    }
    println!("{}", serde_json::Value::Object(out));
    Ok(())
}

fn parse_timings(text: &str, side: &str) -> Res<BTreeMap<String, Timing>> {
    let json = text
        .lines()
        .rev()
        .find(|line| line.trim_start().starts_with('{'))
        .ok_or_else(|| format!("the {side} benchmark runner printed no JSON:\n{text}"))?;
    let value: serde_json::Value = serde_json::from_str(json)
        .map_err(|e| format!("the {side} benchmark runner printed bad JSON ({e}): {json}"))?;
    let mut out = BTreeMap::new();
    for (name, entry) in value.as_object().into_iter().flatten() {
        let best_ms = entry["best_ms"].as_f64();
        // JSON has no NaN: a poisoned checksum arrives as null.
        let checksum = entry["checksum"].as_f64().unwrap_or(f64::NAN);
        match best_ms {
            Some(best_ms) => out.insert(name.clone(), Timing { best_ms, checksum }),
            None => return Err(format!("the {side} runner gave no time for {name}")),
        };
    }
    Ok(out)
}

/// Native timings from the release profile, the one the wasm is built with, so the ratio
/// compares platforms rather than optimisation levels. `cargo xtask` itself is a debug build,
/// so it runs an optimised copy of itself.
fn native_timings() -> Res<BTreeMap<String, Timing>> {
    heading("bench: native (release profile)");
    if cfg!(debug_assertions) {
        let text = output_checked(cmd("cargo").args([
            "run",
            "--release",
            "--quiet",
            "--package",
            "xtask",
            "--",
            "bench-native",
        ]))?;
        parse_timings(&text, "native")
    } else {
        Err("run `cargo xtask bench` (bench-native prints JSON only)".into())
    }
}

fn wasm_timings() -> Res<BTreeMap<String, Timing>> {
    heading("bench: wasm in Node");
    let target = crate::setup::WASM_TARGET;
    run(cmd("cargo").args([
        "build",
        "--release",
        "--target",
        target,
        "--package",
        "sdlab-wasm-bench",
        "--lib",
    ]))?;
    let root = root();
    let wasm: PathBuf = root
        .join("target")
        .join(target)
        .join("release")
        .join("sdlab_wasm_bench.wasm");
    let out_dir = root.join("target").join("wasm-bench");
    run(cmd("wasm-bindgen")
        .args(["--target", "nodejs", "--out-dir"])
        .arg(&out_dir)
        .arg(&wasm))?;
    let spec: Vec<serde_json::Value> = BENCHES
        .iter()
        .map(|b| serde_json::json!({ "name": b.name, "iterations": b.iterations }))
        .collect();
    let text = output_checked(
        cmd("node")
            .arg("xtask/wasm-bench/run.mjs")
            .arg(out_dir.join("sdlab_wasm_bench.js"))
            .arg(serde_json::json!({ "runs": RUNS, "benches": spec }).to_string()),
    )?;
    parse_timings(&text, "wasm")
}

/// Median time to first render (ms) measured by tests/e2e/first-render.mjs.
fn first_render(dist: &Path) -> Res<(f64, Vec<f64>)> {
    heading("bench: first render");
    let server = crate::ci::Server::start(dist)?;
    let mut command = cmd("node");
    command.arg("tests/e2e/first-render.mjs").arg(&server.url);
    crate::ci::e2e_env(&mut command, &server);
    let text = output_checked(&mut command)?;
    drop(server);
    let json = text
        .lines()
        .rev()
        .find(|line| line.trim_start().starts_with('{'))
        .ok_or_else(|| format!("first-render.mjs printed no JSON:\n{text}"))?;
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("first-render.mjs: {e}: {json}"))?;
    let median = value["median_ms"]
        .as_f64()
        .ok_or_else(|| format!("first-render.mjs gave no median_ms: {json}"))?;
    let runs = value["runs_ms"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(serde_json::Value::as_f64)
        .collect();
    Ok((median, runs))
}

fn verdict(value: f64, budget: f64) -> &'static str {
    if value <= budget { "PASS" } else { "OVER" }
}

pub fn bench() -> Res {
    crate::setup::setup()?;
    let mut errors = Vec::new();
    let native = native_timings()?;
    let wasm = wasm_timings()?;

    let dist = crate::dist::dist_dir();
    if !dist.join("index.html").is_file() {
        crate::dist::dist()?;
    }
    let (app_raw, app_gz) = crate::dist::app_size(&dist)?;
    let render = first_render(&dist);

    let mut over = 0;
    println!("\nbench report (best of {RUNS} runs after a warm-up; budgets apply to wasm)");
    println!(
        "{:<16} {:>10} {:>12} {:>12} {:>8} {:>12}  verdict",
        "benchmark", "iterations", "native ms", "wasm ms", "ratio", "budget ms"
    );
    for bench in BENCHES {
        let (Some(n), Some(w)) = (native.get(bench.name), wasm.get(bench.name)) else {
            errors.push(format!("{}: missing a native or wasm result", bench.name));
            continue;
        };
        // Same deterministic code on both sides: the checksums must agree to the bit.
        if n.checksum.to_bits() != w.checksum.to_bits() || !n.checksum.is_finite() {
            errors.push(format!(
                "{}: checksum mismatch: native {} vs wasm {}",
                bench.name, n.checksum, w.checksum
            ));
        }
        let ratio = w.best_ms / n.best_ms;
        let (budget, mut result) = match bench.budget_ms {
            Some(budget) => {
                let result = verdict(w.best_ms, budget);
                over += usize::from(result == "OVER");
                (format!("{budget:.1}"), result)
            }
            None => ("-".to_string(), "-"),
        };
        if let Some(max_ratio) = bench.max_ratio {
            let ratio_verdict = verdict(ratio, max_ratio);
            over += usize::from(ratio_verdict == "OVER");
            if result != "OVER" {
                result = ratio_verdict;
            }
        }
        println!(
            "{:<16} {:>10} {:>12.2} {:>12.2} {:>8.2} {:>12}  {result}",
            bench.name, bench.iterations, n.best_ms, w.best_ms, ratio, budget
        );
        println!("{:<16} {}", "", bench.what);
        if let Some(max_ratio) = bench.max_ratio {
            println!("{:<16} wasm/native ratio target ≤ {max_ratio}", "");
        }
    }

    println!();
    println!(
        "{:<34} {:>14} {:>14}  verdict",
        "measure", "value", "budget"
    );
    let size_verdict = verdict(app_gz as f64, APP_GZIP_BUDGET_BYTES as f64);
    over += usize::from(size_verdict == "OVER");
    println!(
        "{:<34} {:>14} {:>14}  {size_verdict}",
        "app gzipped (wasm + js + css)",
        kb(app_gz),
        format!("≤ {}", kb(APP_GZIP_BUDGET_BYTES))
    );
    println!("{:<34} {:>14}", "app raw (wasm + js + css)", kb(app_raw));
    match render {
        Ok((median, runs)) => {
            let result = if median < FIRST_RENDER_BUDGET_MS {
                "PASS"
            } else {
                "OVER"
            };
            over += usize::from(result == "OVER");
            println!(
                "{:<34} {:>14} {:>14}  {result}",
                "first render, median of runs",
                format!("{median:.0} ms"),
                format!("< {FIRST_RENDER_BUDGET_MS:.0} ms")
            );
            let runs: Vec<String> = runs.iter().map(|ms| format!("{ms:.0}")).collect();
            println!("{:<34} {:>14}", "", format!("runs: {} ms", runs.join(", ")));
        }
        Err(message) => {
            println!("{:<34} {:>14}", "first render", "n/a");
            errors.push(format!("first render: {message}"));
        }
    }
    if over > 0 {
        println!("\n{over} measure(s) over budget");
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}
