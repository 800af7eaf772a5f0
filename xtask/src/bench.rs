//! `cargo xtask bench`: model benchmarks natively and as wasm (same code, same checksum),
//! the gzipped size of the release app, and the time to first render of the served site.
//! A report of ratios and budgets; timings never gate a test. The method is in [`bench()`];
//! the benchmarks and their targets are the registry in xtask/wasm-bench.

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Instant;

use sdlab_wasm_bench::{BENCHES, Bench, POOL_BENCHES};

use crate::util::{Res, cmd, flush, heading, kb, output, output_checked, root, run};

/// Each sample is sized to about this much work (see [`Measured::calibrate`]).
const SAMPLE_MS: f64 = 250.0;
/// No timed sample is shorter than this: a shorter one makes the bench take longer samples.
const MIN_SAMPLE_MS: f64 = 200.0;
/// Runner processes per side, taking the samples in turn. A process's speed depends a little
/// on where its code and data land in memory: the same wasm in four Node processes side by
/// side, at real-time priority, had minimums up to 3% apart (nines_budget: 514–529 ms per
/// sample; native 251–253 ms). The minimum over several processes varies less from one bench
/// to the next than one process's.
const RUNNERS: usize = 4;
/// Native/wasm sample pairs per benchmark, taken in alternation: at least this many, ...
const MIN_PAIRS: usize = 16;
/// ... then until neither side's minimum has dropped by more than [`SETTLE_FRACTION`] for this
/// many pairs in a row (the minimum has settled) ...
const SETTLED_PAIRS: usize = 16;
const SETTLE_FRACTION: f64 = 0.01;
/// ... or this many pairs, when the report marks the benchmark unsettled.
const MAX_PAIRS: usize = 48;
/// One-run samples per runner that warm up and calibrate, before the timed pairs.
const CALIBRATION_SAMPLES: usize = 2;
/// Budget for what a visitor downloads: wasm + JS + CSS, gzipped.
const APP_GZIP_BUDGET_BYTES: usize = 600_000;
/// Budget for the time to first render of the home page served from 127.0.0.1.
const FIRST_RENDER_BUDGET_MS: f64 = 1000.0;

/// One timed sample from a runner: `runs` runs of a benchmark.
#[derive(Clone, Copy, Debug)]
struct Sample {
    wall_ms: f64,
    cpu_ms: f64,
    checksum: f64,
}

impl Sample {
    fn from_json(value: &serde_json::Value) -> Option<Sample> {
        Some(Sample {
            wall_ms: value["wall_ms"].as_f64()?,
            cpu_ms: value["cpu_ms"].as_f64()?,
            // JSON has no NaN: a poisoned checksum arrives as null.
            checksum: value["checksum"].as_f64().unwrap_or(f64::NAN),
        })
    }

    fn to_json(self) -> serde_json::Value {
        serde_json::json!({
            "wall_ms": self.wall_ms,
            "cpu_ms": self.cpu_ms,
            "checksum": self.checksum,
        })
    }
}

/// `cargo xtask bench-native`: the native runner, the counterpart of xtask/wasm-bench/run.mjs
/// and with the same line protocol (see there): prints the registry's names, then times one
/// sample per request line on stdin until stdin closes. Runs from an optimised build (see
/// [`bench()`]).
pub fn bench_native() -> Res {
    let names: Vec<&str> = BENCHES.iter().map(|bench| bench.name).collect();
    println!("{}", serde_json::json!({ "names": names }));
    for line in std::io::stdin().lines() {
        let line = line.map_err(|e| format!("bench-native: cannot read stdin: {e}"))?;
        if line.trim().is_empty() {
            continue;
        }
        let request: serde_json::Value = serde_json::from_str(&line)
            .map_err(|e| format!("bench-native: bad request ({e}): {line}"))?;
        let name = request["name"].as_str().unwrap_or_default();
        let bench = sdlab_wasm_bench::find(name)
            .ok_or_else(|| format!("bench-native: no benchmark named {name:?}"))?;
        let runs = request["runs"]
            .as_u64()
            .and_then(|runs| u32::try_from(runs).ok())
            .ok_or_else(|| format!("bench-native: bad runs in {line}"))?;
        let cpu = sdlab_wasm_bench::process_cpu_time();
        let wall = Instant::now();
        let checksum = sdlab_wasm_bench::sample(bench, runs);
        let wall_ms = wall.elapsed().as_secs_f64() * 1000.0;
        let cpu_ms = (sdlab_wasm_bench::process_cpu_time() - cpu).as_secs_f64() * 1000.0;
        let sample = Sample {
            wall_ms,
            cpu_ms,
            checksum,
        };
        println!("{}", sample.to_json());
        flush();
    }
    Ok(())
}

/// A runner process (native or wasm) that answers sample requests, one line each.
struct Runner {
    side: &'static str,
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Runner {
    /// Starts `command` and checks that it holds exactly the registry's benchmarks (a stale
    /// build would not).
    fn start(side: &'static str, command: &mut Command) -> Res<Runner> {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("could not start the {side} runner: {e}"))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("the {side} runner has no stdin/stdout"));
        };
        let mut runner = Runner {
            side,
            child,
            stdin,
            stdout: BufReader::new(stdout),
        };
        let hello = runner.read()?;
        let names: Vec<&str> = hello["names"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(serde_json::Value::as_str)
            .collect();
        let wanted: Vec<&str> = BENCHES.iter().map(|bench| bench.name).collect();
        if names != wanted {
            return Err(format!(
                "the {side} runner has benchmarks {names:?}, the registry {wanted:?}"
            ));
        }
        Ok(runner)
    }

    fn read(&mut self) -> Res<serde_json::Value> {
        let mut line = String::new();
        let read = self
            .stdout
            .read_line(&mut line)
            .map_err(|e| format!("cannot read the {} runner: {e}", self.side))?;
        if read == 0 {
            return Err(format!("the {} runner stopped", self.side));
        }
        serde_json::from_str(&line)
            .map_err(|e| format!("the {} runner printed bad JSON ({e}): {line}", self.side))
    }

    /// Sends one request line and reads the reply.
    fn request(&mut self, request: &serde_json::Value) -> Res<serde_json::Value> {
        writeln!(self.stdin, "{request}")
            .and_then(|()| self.stdin.flush())
            .map_err(|e| format!("cannot write to the {} runner: {e}", self.side))?;
        self.read()
    }

    /// One sample of `runs` runs of `bench`.
    fn sample(&mut self, bench: &Bench, runs: u32) -> Res<Sample> {
        let request = serde_json::json!({ "name": bench.name, "runs": runs });
        writeln!(self.stdin, "{request}")
            .and_then(|()| self.stdin.flush())
            .map_err(|e| format!("cannot write to the {} runner: {e}", self.side))?;
        let reply = self.read()?;
        Sample::from_json(&reply)
            .ok_or_else(|| format!("the {} runner gave no sample: {reply}", self.side))
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether runners can run at real-time priority (`chrt --rr 1`: Linux, as root).
///
/// On a busy machine a runner at normal priority shares its core with the other processes:
/// every turn of theirs evicts its caches, so even its CPU time grows with the load. Nice
/// cannot help where the kernel groups processes by session (autogroups: nice then ranks a
/// process only within its own session). At a load of 15, nines_budget's native sample took
/// 263–335 ms of CPU time (and 1.2–2.4 s of wall time) at normal priority or `nice -n -20`,
/// 256–263 ms (wall time about the same) under `chrt --fifo 1`. Only one runner works at a
/// time, one sample at a time, and the kernel keeps 5% of each core for everything else.
///
/// Round-robin rather than FIFO: a FIFO thread keeps its core until it blocks, so two idle Node
/// runners whose main threads spun in their event loops waiting on their own helper threads (the
/// garbage collector's sweeper, at the same priority) held both cores and never let those threads
/// run; the bench stalled for half an hour. Round-robin slices equal priorities every 100 ms.
///
/// What priority cannot remove is the other core's work: memory-heavy processes there (a
/// linker, a browser) slow a sample down by up to half, wasm more than native. Against that
/// only the minimum over many alternating samples helps.
fn realtime_permitted() -> bool {
    output(cmd("chrt").args(["--rr", "1", "true"])).is_some()
}

/// The command that starts a runner given as `argv`, at real-time priority if `realtime`.
fn runner_command(realtime: bool, argv: &[OsString]) -> Command {
    match argv.split_first() {
        Some((program, args)) if !realtime => {
            let mut command = cmd(&program.to_string_lossy());
            command.args(args);
            command
        }
        _ => {
            let mut command = cmd("chrt");
            command.args(["--rr", "1"]).args(argv);
            command
        }
    }
}

/// Builds the native runner and returns the command line that starts it: this xtask in the
/// release profile, the one the wasm is built with, so the ratio compares platforms rather
/// than optimisation levels (`cargo xtask` itself is a debug build).
fn build_native() -> Res<Vec<OsString>> {
    heading("bench: native runner (release profile)");
    run(cmd("cargo").args(["build", "--release", "--package", "xtask"]))?;
    let exe = root()
        .join("target")
        .join("release")
        .join(format!("xtask{}", std::env::consts::EXE_SUFFIX));
    Ok(vec![exe.into(), "bench-native".into()])
}

/// Builds the wasm runner and returns the command line that starts it: the registry built for
/// wasm32 in the release profile, in Node.
fn build_wasm() -> Res<Vec<OsString>> {
    heading("bench: wasm runner (Node)");
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
    Ok(vec![
        "node".into(),
        "xtask/wasm-bench/run.mjs".into(),
        out_dir.join("sdlab_wasm_bench.js").into(),
    ])
}

/// Repetitions of each pool size; the report keeps the shortest wall time.
const POOL_REPEATS: usize = 3;

/// The worker pool's speedup: each [`POOL_BENCHES`] entry's shards on one wasm worker thread and
/// on one per core (Node `worker_threads`, as the page's pool uses Web Workers), alternating,
/// the shortest wall time of [`POOL_REPEATS`] each; the shards' checksums must not depend on the
/// number of workers. Wall time, at normal priority: this measures using several cores at once.
fn pool_speedups(wasm: &[OsString]) -> Res {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    heading(&format!("bench: worker pool, 1 and {cores} wasm workers"));
    let mut runner = Runner::start("wasm", &mut runner_command(false, wasm))?;
    for bench in POOL_BENCHES {
        let mut best = [f64::INFINITY; 2];
        let mut sums: [Option<serde_json::Value>; 2] = [None, None];
        for _ in 0..POOL_REPEATS {
            for (slot, workers) in [1, cores].into_iter().enumerate() {
                let reply = runner
                    .request(&serde_json::json!({ "pool": bench.name, "workers": workers }))?;
                let wall = reply["wall_ms"]
                    .as_f64()
                    .ok_or_else(|| format!("no pool time: {reply}"))?;
                best[slot] = best[slot].min(wall);
                sums[slot] = Some(reply["checksums"].clone());
            }
        }
        let same = sums[0].is_some() && sums[0] == sums[1];
        println!(
            "{:<22} {} shards: 1 worker {:.0} ms, {cores} workers {:.0} ms: speedup {:.2}× on {cores} cores; shard checksums {}",
            bench.name,
            bench.shards,
            best[0],
            best[1],
            best[0] / best[1],
            if same { "identical" } else { "DIFFER" }
        );
        if !same {
            return Err(format!(
                "{}: shard checksums depend on the number of workers",
                bench.name
            ));
        }
    }
    Ok(())
}

/// Minimum, median and spread of one side's times, per run.
#[derive(Clone, Copy, Debug)]
struct Stats {
    min: f64,
    median: f64,
    /// Interquartile range / median.
    spread: f64,
}

impl Stats {
    fn of(mut times: Vec<f64>) -> Stats {
        times.sort_by(f64::total_cmp);
        let at = |fraction: f64| {
            let index = (fraction * (times.len() as f64 - 1.0)).round() as usize;
            times.get(index).copied().unwrap_or(f64::NAN)
        };
        let median = at(0.5);
        Stats {
            min: at(0.0),
            median,
            spread: (at(0.75) - at(0.25)) / median,
        }
    }
}

/// A benchmark under measurement (see [`measure`]): its samples so far, each of `runs` runs.
struct Measured {
    bench: &'static Bench,
    runs: u32,
    /// The timed samples, at `runs` runs each.
    native: Vec<Sample>,
    wasm: Vec<Sample>,
    /// Every sample, calibration included, for the checksum.
    all_native: Vec<Sample>,
    all_wasm: Vec<Sample>,
    /// Pairs since either side's minimum last dropped by more than [`SETTLE_FRACTION`].
    quiet: usize,
}

impl Measured {
    /// Warms up every runner with a few one-run samples (page faults, V8's optimising tier),
    /// which also give the time of one run: the faster side's sets how many runs make a sample
    /// of [`SAMPLE_MS`]. Both sides then use that same number, so they time the same work (and
    /// return the same checksum), and the slower side's samples are longer still.
    fn calibrate(
        bench: &'static Bench,
        natives: &mut [Runner],
        wasms: &mut [Runner],
    ) -> Res<Measured> {
        let (mut all_native, mut all_wasm) = (Vec::new(), Vec::new());
        for (native, wasm) in natives.iter_mut().zip(wasms.iter_mut()) {
            for _ in 0..CALIBRATION_SAMPLES {
                all_native.push(native.sample(bench, 1)?);
                all_wasm.push(wasm.sample(bench, 1)?);
            }
        }
        Ok(Measured {
            bench,
            runs: runs_for(1, shortest(all_native.iter().chain(&all_wasm))),
            native: Vec::new(),
            wasm: Vec::new(),
            all_native,
            all_wasm,
            quiet: 0,
        })
    }

    /// Whether both minimums have settled ([`MIN_PAIRS`]).
    fn settled(&self) -> bool {
        self.native.len() >= MIN_PAIRS && self.quiet >= SETTLED_PAIRS
    }

    fn done(&self) -> bool {
        self.settled() || self.native.len() >= MAX_PAIRS
    }

    /// One native sample, then one wasm sample, from the next runner of each side. A sample
    /// under [`MIN_SAMPLE_MS`] (the calibration ran in a slow spell) sets a longer sample and
    /// starts the timed pairs again.
    fn take_pair(&mut self, natives: &mut [Runner], wasms: &mut [Runner]) -> Res {
        let turn = self.all_native.len();
        let n = natives[turn % natives.len()].sample(self.bench, self.runs)?;
        let w = wasms[turn % wasms.len()].sample(self.bench, self.runs)?;
        self.all_native.push(n);
        self.all_wasm.push(w);
        let pair_ms = cpu(&n).min(cpu(&w));
        if pair_ms < MIN_SAMPLE_MS {
            self.runs = runs_for(self.runs, pair_ms);
            self.native.clear();
            self.wasm.clear();
            self.quiet = 0;
            return Ok(());
        }
        let drops =
            |side: &[Sample], new: &Sample| cpu(new) < shortest(side) * (1.0 - SETTLE_FRACTION);
        if drops(&self.native, &n) || drops(&self.wasm, &w) {
            self.quiet = 0;
        } else {
            self.quiet += 1;
        }
        self.native.push(n);
        self.wasm.push(w);
        Ok(())
    }

    /// Per-run statistics of one side's timed samples under `clock`.
    fn stats(&self, side: &[Sample], clock: fn(&Sample) -> f64) -> Stats {
        let runs = f64::from(self.runs);
        Stats::of(side.iter().map(|s| clock(s) / runs).collect())
    }

    /// The shortest timed sample on either side, ms.
    fn shortest_ms(&self) -> f64 {
        shortest(self.native.iter().chain(&self.wasm))
    }

    /// The checksum every sample returned on both sides, bit for bit, or what disagreed.
    fn checksum(&self) -> Result<f64, String> {
        let first = self.all_native.first().map_or(f64::NAN, |s| s.checksum);
        let differs = |s: &&Sample| s.checksum.to_bits() != first.to_bits();
        if !first.is_finite() {
            Err(format!("native checksum {first}"))
        } else if let Some(bad) = self.all_native.iter().find(differs) {
            Err(format!(
                "native samples disagree: {first} vs {}",
                bad.checksum
            ))
        } else if let Some(bad) = self.all_wasm.iter().find(differs) {
            Err(format!("native {first} vs wasm {}", bad.checksum))
        } else {
            Ok(first)
        }
    }
}

/// The shortest CPU time among `samples`, ms.
fn shortest<'a>(samples: impl IntoIterator<Item = &'a Sample>) -> f64 {
    samples.into_iter().map(cpu).fold(f64::INFINITY, f64::min)
}

/// The clock samples are judged by: CPU time, see [`bench()`].
fn cpu(sample: &Sample) -> f64 {
    sample.cpu_ms
}

/// Wall-clock time, reported beside.
fn wall(sample: &Sample) -> f64 {
    sample.wall_ms
}

/// Runs per sample for a sample of [`SAMPLE_MS`], given a sample of `runs` that took `ms`.
fn runs_for(runs: u32, ms: f64) -> u32 {
    (f64::from(runs) * SAMPLE_MS / ms.max(1e-3))
        .ceil()
        .clamp(1.0, f64::from(u32::MAX)) as u32
}

/// Measures every benchmark: calibrates each ([`Measured::calibrate`]), then takes
/// native/wasm pairs in alternation, N W N W …, so that a load spike hits both sides alike,
/// one pair per benchmark in turn, so that each benchmark's samples spread over the whole
/// sampling time rather than a slice of it (a slow spell of the machine can last half a
/// minute), until each one's minimums settle ([`MIN_PAIRS`]).
fn measure(natives: &mut [Runner], wasms: &mut [Runner]) -> Res<Vec<Measured>> {
    let mut all = Vec::new();
    for bench in BENCHES {
        all.push(Measured::calibrate(bench, natives, wasms)?);
    }
    // A dot per round of pairs, to show progress.
    while all.iter().any(|m| !m.done()) {
        for measured in all.iter_mut().filter(|m| !m.done()) {
            measured.take_pair(natives, wasms)?;
        }
        print!(".");
        flush();
    }
    println!();
    Ok(all)
}

/// CPU seconds the whole machine has spent busy since boot (Linux's /proc/stat, counted in
/// its fixed 1/100 s), including time the hypervisor gave to others (steal).
fn busy_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let fields: Vec<f64> = stat
        .lines()
        .next()?
        .strip_prefix("cpu ")?
        .split_whitespace()
        .map(|field| field.parse().unwrap_or(0.0))
        .collect();
    // user nice system idle iowait irq softirq steal (guest time is already within user).
    let busy: f64 = [0, 1, 2, 5, 6, 7]
        .iter()
        .filter_map(|&i| fields.get(i))
        .sum();
    Some(busy / 100.0)
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

fn percent(fraction: f64) -> String {
    format!("{:.1}%", fraction * 100.0)
}

/// Prints the benchmark table and its notes; returns how many measures are over their
/// targets, and adds checksum mismatches to `errors`.
fn print_benchmarks(
    results: &[Measured],
    realtime: bool,
    others_cores: Option<f64>,
    errors: &mut Vec<String>,
) -> usize {
    let mut over = 0;
    println!(
        "\nbench report: CPU time per run (ms), min and median of each side's samples; \
         ratio = wasm min / native min"
    );
    println!(
        "{:<16} {:>10} {:>9} {:>9} {:>9} {:>9} {:>6} {:>7} {:>10} {:>8} {:>15} {:>6}",
        "benchmark",
        "runs×pairs",
        "native",
        "median",
        "wasm",
        "median",
        "ratio",
        "target",
        "budget",
        "verdict",
        "spread n / w",
        "wall"
    );
    for measured in results {
        let bench = measured.bench;
        let n = measured.stats(&measured.native, cpu);
        let w = measured.stats(&measured.wasm, cpu);
        let ratio = w.min / n.min;
        let wall_ratio =
            measured.stats(&measured.wasm, wall).min / measured.stats(&measured.native, wall).min;
        let mut result = "-";
        let mut judge = |value: f64, limit: Option<f64>| {
            if let Some(limit) = limit {
                let this = verdict(value, limit);
                over += usize::from(this == "OVER");
                if result != "OVER" {
                    result = this;
                }
            }
        };
        judge(ratio, bench.max_ratio);
        judge(w.min, bench.budget_ms);
        if let Err(message) = measured.checksum() {
            result = "CHECKSUM";
            errors.push(format!("{}: checksum mismatch: {message}", bench.name));
        }
        let limit = |value: Option<f64>, unit: &str| {
            value.map_or("-".to_string(), |v| format!("≤ {v}{unit}"))
        };
        println!(
            "{:<16} {:>10} {:>9.3} {:>9.3} {:>9.3} {:>9.3} {:>6.3} {:>7} {:>10} {:>8} {:>15} {:>6.3}",
            bench.name,
            format!(
                "{}×{}{}",
                measured.runs,
                measured.native.len(),
                if measured.settled() { "" } else { "*" }
            ),
            n.min,
            n.median,
            w.min,
            w.median,
            ratio,
            limit(bench.max_ratio, ""),
            limit(bench.budget_ms, " ms"),
            result,
            format!("{} / {}", percent(n.spread), percent(w.spread)),
            wall_ratio
        );
    }
    println!(
        "target: wasm/native ratio; budget: wasm time per run; spread: interquartile range / \
         median of a side's samples;\nwall: the ratio by wall-clock time (counts waiting for a \
         core, so it wanders on a busy machine unless the runners have real-time priority)"
    );
    if results.iter().any(|measured| !measured.settled()) {
        println!(
            "* unsettled: a minimum still dropped by > {}% within the last {SETTLED_PAIRS} \
             pairs of {MAX_PAIRS}; the machine was busy throughout, so that ratio is less sure",
            SETTLE_FRACTION * 100.0
        );
    }
    println!(
        "runners at {}; the machine's other processes kept {} of its {} cores busy meanwhile",
        if realtime {
            "real-time priority (chrt --rr 1)"
        } else {
            "normal priority (`chrt --rr 1` is not permitted here: on a busy machine the \
             ratios are less sure)"
        },
        others_cores.map_or("?".to_string(), |cores| format!("{cores:.1}")),
        std::thread::available_parallelism().map_or(0, usize::from)
    );
    for measured in results {
        let checksum = match measured.checksum() {
            Ok(value) => format!("checksum {value}, the same in every sample on both sides"),
            Err(message) => format!("checksum MISMATCH: {message}"),
        };
        println!(
            "  {:<16} {}; {checksum}",
            measured.bench.name, measured.bench.what
        );
    }
    over
}

/// `cargo xtask bench`.
///
/// Method: every benchmark runs natively (release profile) and as wasm in Node, in runner
/// processes that time one sample on request. A sample repeats the benchmark's registered run
/// until it is about [`SAMPLE_MS`] of work (never under [`MIN_SAMPLE_MS`]), the same number of
/// runs on both sides, so both time the same work and return the same checksum, compared bit
/// for bit. Samples alternate native and wasm, benchmarks take turns, and each side's samples
/// come from [`RUNNERS`] processes in turn, until every benchmark's minimums settle (see
/// [`measure`]). Times are the runners' CPU time, not wall time: on a shared machine a process
/// waits for a core, and wall time counts the waiting, CPU time does not. The runners run at
/// real-time priority where permitted, so that the machine's other processes seldom interrupt
/// a sample ([`realtime_permitted`]). The report gives each side's minimum per run, the median
/// and the spread; the ratio is wasm min / native min.
pub fn bench() -> Res {
    let started = Instant::now();
    crate::setup::setup()?;
    let mut errors = Vec::new();
    let native = build_native()?;
    let wasm = build_wasm()?;
    // The app is built every time, so its size and first render are those of the source.
    crate::dist::dist()?;

    let realtime = realtime_permitted();
    heading(&format!(
        "bench: native and wasm samples in alternation, benchmarks in turn, at {} priority",
        if realtime { "real-time" } else { "normal" }
    ));
    let mut natives = Vec::new();
    let mut wasms = Vec::new();
    for _ in 0..RUNNERS {
        natives.push(Runner::start(
            "native",
            &mut runner_command(realtime, &native),
        )?);
        wasms.push(Runner::start("wasm", &mut runner_command(realtime, &wasm))?);
    }
    let sampling = Instant::now();
    let busy_before = busy_cpu_seconds();
    let results = measure(&mut natives, &mut wasms)?;
    let sampling_s = sampling.elapsed().as_secs_f64();
    let busy_after = busy_cpu_seconds();
    drop((natives, wasms));
    for measured in &results {
        println!(
            "{:<16} {} pairs of samples of {} runs, the shortest {:.0} ms{}",
            measured.bench.name,
            measured.native.len(),
            measured.runs,
            measured.shortest_ms(),
            if measured.settled() {
                ""
            } else {
                ", unsettled"
            }
        );
    }
    // CPU time the machine's other processes used while the bench sampled, in cores.
    let ours: f64 = results
        .iter()
        .flat_map(|m| m.all_native.iter().chain(&m.all_wasm))
        .map(cpu)
        .sum::<f64>()
        / 1000.0;
    let others_cores = busy_before
        .zip(busy_after)
        .map(|(before, after)| ((after - before - ours) / sampling_s).max(0.0));

    if let Err(message) = pool_speedups(&wasm) {
        errors.push(format!("pool: {message}"));
    }

    let dist = crate::dist::dist_dir();
    let (app_raw, app_gz) = crate::dist::app_size(&dist)?;
    let render = first_render(&dist);

    let mut over = print_benchmarks(&results, realtime, others_cores, &mut errors);

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
    println!(
        "\nbench took {:.0} s, of which sampling {sampling_s:.0} s",
        started.elapsed().as_secs_f64()
    );
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    /// A native checksum as the runner prints it parses back to the same double (without
    /// serde_json's float_roundtrip this one came back one ulp high, a false mismatch).
    #[test]
    fn checksums_survive_the_native_runners_json() {
        for checksum in [
            8_154_605_494_468_828.0_f64,
            7_965_506_798_434_193.0,
            8_816_144_181_514_614.0,
        ] {
            let line = serde_json::json!({ "checksum": checksum }).to_string();
            let back: serde_json::Value = serde_json::from_str(&line).expect("valid JSON");
            assert_eq!(back["checksum"].as_f64(), Some(checksum), "{line}");
        }
    }
}
