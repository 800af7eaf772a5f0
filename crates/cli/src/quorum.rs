//! `sdlab quorum closed|pbs`: PBS's closed-form staleness for (N, R, W), and the WARS Monte Carlo
//! (P(consistent) at chosen times with 95% intervals, t-visibility, read and write latency
//! percentiles), each a thin shell over `sdlab-quorum` with a table or one JSON object.

use clap::{Args, Subcommand};
use sdlab_quorum::closed::MAX_N;
use sdlab_quorum::jobs::WarsJob;
use sdlab_quorum::report::Report;
use sdlab_quorum::schema::{ClosedJson, PbsJson};
use sdlab_quorum::wars::{MAX_TRIALS, Spec};
use sdlab_quorum::{Legs, Preset, Quorum};

use crate::Reply;
use crate::input::{between, count, non_negative, positive};

#[derive(Subcommand, Debug)]
pub enum QuorumCommand {
    /// Closed form: probability that a partial quorum misses the latest write, and that it
    /// returns one of the last k versions (PBS §3; no expansion after the write).
    Closed(ClosedArgs),
    /// WARS Monte Carlo (PBS §4): P(consistent read) t ms after commit, t-visibility, and read
    /// and write latency percentiles from the same trials.
    Pbs(Box<PbsArgs>),
}

#[derive(Args, Debug)]
pub struct ClosedArgs {
    /// Replicas per key (1–15).
    #[arg(long, allow_hyphen_values = true)]
    n: String,
    /// Read responses waited for.
    #[arg(long, allow_hyphen_values = true)]
    r: String,
    /// Write acknowledgements waited for.
    #[arg(long, allow_hyphen_values = true)]
    w: String,
    /// Tolerated versions of staleness.
    #[arg(long, default_value = "1", allow_hyphen_values = true)]
    k: String,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
pub struct PbsArgs {
    #[arg(long, allow_hyphen_values = true)]
    n: String,
    #[arg(long, allow_hyphen_values = true)]
    r: String,
    #[arg(long, allow_hyphen_values = true)]
    w: String,
    /// Latency preset: lnkd-ssd, lnkd-disk, ymmr, wan or exp.
    #[arg(long)]
    preset: String,
    /// With `--preset exp`: the rate of every leg, per ms (default 0.1, mean 10 ms).
    #[arg(long, allow_hyphen_values = true)]
    lambda: Option<String>,
    #[arg(long = "lambda-w", allow_hyphen_values = true)]
    lambda_w: Option<String>,
    #[arg(long = "lambda-a", allow_hyphen_values = true)]
    lambda_a: Option<String>,
    #[arg(long = "lambda-r", allow_hyphen_values = true)]
    lambda_r: Option<String>,
    #[arg(long = "lambda-s", allow_hyphen_values = true)]
    lambda_s: Option<String>,
    /// Replicas down: requests to them never answer.
    #[arg(long, default_value = "0", allow_hyphen_values = true)]
    down: String,
    /// Times after commit, ms, comma-separated.
    #[arg(long, default_value = "0,1,10", allow_hyphen_values = true)]
    t: String,
    /// Target probability for the t-visibility.
    #[arg(long, default_value = "0.999", allow_hyphen_values = true)]
    target: String,
    #[arg(long, default_value = "100000", allow_hyphen_values = true)]
    trials: String,
    #[arg(long, default_value = "1", allow_hyphen_values = true)]
    seed: String,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

fn quorum(n: &str, r: &str, w: &str) -> Result<Quorum, String> {
    let n = count("--n", n, 1, MAX_N)?;
    let r = count("--r", r, 1, n)?;
    let w = count("--w", w, 1, n)?;
    Quorum::new(n, r, w)
}

pub fn run(command: QuorumCommand) -> Result<Reply, String> {
    match command {
        QuorumCommand::Closed(a) => closed(&a),
        QuorumCommand::Pbs(a) => pbs(&a),
    }
}

fn closed(a: &ClosedArgs) -> Result<Reply, String> {
    let q = quorum(&a.n, &a.r, &a.w)?;
    let k = count("--k", &a.k, 1, 1_000)?;
    let out = ClosedJson::new(&q, k);
    if a.json {
        return serde_json::to_string(&out)
            .map(Reply::from)
            .map_err(|e| e.to_string());
    }
    Ok(format!(
        "N = {}, R = {}, W = {}: {} quorum\n\
         P(read misses the latest write) = {:.6}\n\
         P(read returns one of the last {k} versions) = {:.6}",
        q.n,
        q.r,
        q.w,
        if q.strict() { "strict" } else { "partial" },
        out.p_stale,
        out.p_consistent_within_k
    )
    .into())
}

fn legs(a: &PbsArgs, preset: Preset) -> Result<Legs, String> {
    let given = [
        &a.lambda,
        &a.lambda_w,
        &a.lambda_a,
        &a.lambda_r,
        &a.lambda_s,
    ];
    if preset != Preset::Exp {
        if given.iter().any(|l| l.is_some()) {
            return Err("--lambda and --lambda-w/a/r/s apply to --preset exp only".into());
        }
        return preset
            .legs()
            .ok_or_else(|| "the preset has no legs".to_string());
    }
    let all = match &a.lambda {
        Some(t) => positive("--lambda", t, 1e6)?,
        None => 0.1,
    };
    let leg = |flag: &str, v: &Option<String>| match v {
        Some(t) => positive(flag, t, 1e6),
        None => Ok(all),
    };
    Ok(Legs::exponential(
        leg("--lambda-w", &a.lambda_w)?,
        leg("--lambda-a", &a.lambda_a)?,
        leg("--lambda-r", &a.lambda_r)?,
        leg("--lambda-s", &a.lambda_s)?,
    ))
}

fn pbs(a: &PbsArgs) -> Result<Reply, String> {
    let q = quorum(&a.n, &a.r, &a.w)?;
    let preset = Preset::parse(&a.preset).map_err(|e| format!("--preset: {e}"))?;
    let legs = legs(a, preset)?;
    let down = count("--down", &a.down, 0, q.n)?;
    let ts =
        a.t.split(',')
            .map(|t| non_negative("--t", t))
            .collect::<Result<Vec<_>, _>>()?;
    let target = between("--target", &a.target, 0.0, 1.0)?;
    let trials = match a.trials.trim().parse::<u64>() {
        Ok(t) if (1..=MAX_TRIALS).contains(&t) => t,
        _ => {
            return Err(format!(
                "--trials: a whole number from 1 to {MAX_TRIALS}, got {}",
                a.trials.trim()
            ));
        }
    };
    let seed: u64 = a
        .seed
        .trim()
        .parse()
        .map_err(|_| format!("--seed: “{}” is not a whole number ≥ 0", a.seed.trim()))?;
    let job = WarsJob {
        spec: Spec {
            n: q.n,
            r: q.r,
            w: q.w,
            legs,
            wan: preset == Preset::Wan,
            down,
            k: 1,
            gap_ms: 0.0,
            repair_rate: None,
        },
        trials,
        seed,
        table: false,
        range: None,
    };
    let samples = crate::job::run(&job, "WARS trials")?;
    let report = Report::new(&samples, 1, &ts, target);
    let out = PbsJson::new(&report);
    if a.json {
        return serde_json::to_string(&out)
            .map(Reply::from)
            .map_err(|e| e.to_string());
    }
    let mut text = format!(
        "N = {}, R = {}, W = {}, {} ({} trials, seed {seed})\n",
        q.n,
        q.r,
        q.w,
        preset.label(),
        trials
    );
    for (i, t) in out.t_ms.iter().enumerate() {
        text.push_str(&format!(
            "P(consistent) at t = {t} ms: {:.5}  [95%: {:.5}, {:.5}]\n",
            out.p_consistent[i], out.ci95[i][0], out.ci95[i][1]
        ));
    }
    text.push_str(&match out.t_visibility_ms {
        Some(t) => format!("t-visibility at {target}: {t:.3} ms\n"),
        None => format!("t-visibility at {target}: never reached\n"),
    });
    text.push_str(&format!(
        "read latency p50 / p99 / p99.9: {:.3} / {:.3} / {:.3} ms\nwrite latency p50 / p99 / p99.9: {:.3} / {:.3} / {:.3} ms",
        out.read_ms.p50, out.read_ms.p99, out.read_ms.p999, out.write_ms.p50, out.write_ms.p99, out.write_ms.p999
    ));
    Ok(text.into())
}
