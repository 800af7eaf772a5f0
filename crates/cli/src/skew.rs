//! `sdlab skew …`: one seeded request stream through a partitioning scheme under DynamoDB's
//! per-partition caps, and ζ(n, θ) for any n; a thin shell over `sdlab-skew`.

use clap::{Args, Subcommand};
use sdlab_skew::analysis::analyse_scheme;
use sdlab_skew::capacity::Capacity;
use sdlab_skew::dist::{DistKind, DistSpec, MAX_KEYS, parse_hot_keys};
use sdlab_skew::place::{MAX_PARTITIONS, Scheme, SchemeSpec};
use sdlab_skew::run::{MAX_REQUESTS, MAX_SHARDS, SkewJob, Workload};
use sdlab_skew::schema::{RunJson, ZetaJson};
use sdlab_skew::state::{SLOTS, parse_count, parse_real};

use crate::Reply;

#[derive(Subcommand, Debug)]
pub enum SkewCommand {
    /// Simulate a request stream: per-partition loads, max/mean, the hottest key's share and the
    /// throttled fraction under 3,000 RCU/s and 1,000 WCU/s per partition.
    Run(Box<RunArgs>),
    /// ζ(n, θ) = Σ_{i=1..n} i^(−θ), for any n up to 2^64 − 1.
    Zeta(ZetaArgs),
}

#[derive(Args, Debug)]
pub struct RunArgs {
    /// uniform, zipf, ycsb-zipfian, ycsb-scrambled, hotspot, latest, sequential or hot-keys.
    #[arg(long, allow_hyphen_values = true)]
    dist: String,
    /// Zipf exponent θ (YCSB's generators need 0 < θ < 1).
    #[arg(long, default_value = "0.99", allow_hyphen_values = true)]
    theta: String,
    /// Keys before the run (at most 10¹⁰).
    #[arg(long, allow_hyphen_values = true)]
    keys: String,
    #[arg(long, allow_hyphen_values = true)]
    partitions: String,
    /// hash, range, consistent or range-load.
    #[arg(long, allow_hyphen_values = true)]
    scheme: String,
    /// Write-sharding suffixes per key (reads ask all of them).
    #[arg(long, default_value = "1", allow_hyphen_values = true)]
    shards: String,
    #[arg(long, allow_hyphen_values = true)]
    requests: String,
    #[arg(long, allow_hyphen_values = true)]
    seed: String,
    /// Offered load in requests per second (for throttling).
    #[arg(long, default_value = "20000", allow_hyphen_values = true)]
    load: String,
    /// Share of requests that write, in percent (inserts for latest and sequential).
    #[arg(long, default_value = "20", allow_hyphen_values = true)]
    writes: String,
    /// Tokens per partition for consistent hashing.
    #[arg(long, default_value = "64", allow_hyphen_values = true)]
    vnodes: String,
    /// Hot keys as id:share pairs, for --dist hot-keys.
    #[arg(long, default_value = "0:0.3")]
    hot_keys: String,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
pub struct ZetaArgs {
    #[arg(long, allow_hyphen_values = true)]
    n: String,
    #[arg(long, allow_hyphen_values = true)]
    theta: String,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

pub fn run(command: SkewCommand) -> Result<Reply, String> {
    match command {
        SkewCommand::Run(args) => simulate(&args),
        SkewCommand::Zeta(args) => zeta(&args),
    }
    .map(Reply::from)
}

fn flag<T>(name: &str, r: Result<T, String>) -> Result<T, String> {
    r.map_err(|e| format!("--{name}: {e}"))
}

fn simulate(a: &RunArgs) -> Result<String, String> {
    let kind: DistKind = flag("dist", a.dist.parse())?;
    let scheme: Scheme = flag("scheme", a.scheme.parse())?;
    let keys = flag("keys", parse_count(&a.keys, "number of keys", 1, MAX_KEYS))?;
    let dist = DistSpec {
        kind,
        keys,
        theta: flag("theta", parse_real(&a.theta, "θ", 0.0, 10.0, false))?,
        hot_keys: if kind == DistKind::HotKeys {
            flag("hot-keys", parse_hot_keys(&a.hot_keys, keys))?
        } else {
            Vec::new()
        },
        ..DistSpec::default()
    };
    let partitions = flag(
        "partitions",
        parse_count(
            &a.partitions,
            "number of partitions",
            1,
            u64::from(MAX_PARTITIONS),
        ),
    )? as u32;
    let job = SkewJob {
        dist,
        workload: Workload {
            write_fraction: flag(
                "writes",
                parse_real(&a.writes, "write share", 0.0, 100.0, true),
            )? / 100.0,
            shards: flag(
                "shards",
                parse_count(&a.shards, "number of suffixes", 1, u64::from(MAX_SHARDS)),
            )? as u32,
            ..Workload::default()
        },
        schemes: vec![SchemeSpec {
            scheme,
            partitions,
            vnodes: flag(
                "vnodes",
                parse_count(&a.vnodes, "tokens per partition", 1, 262_144),
            )? as u32,
            composite: None,
        }],
        requests: flag(
            "requests",
            parse_count(&a.requests, "number of requests", 1, MAX_REQUESTS),
        )?,
        seed: flag("seed", parse_count(&a.seed, "seed", 0, u64::MAX))?,
        slots: SLOTS,
    };
    let load = flag("load", parse_real(&a.load, "offered load", 1.0, 1e9, false))?;
    let report = crate::job::run(&job, "simulating")?;
    let cap = Capacity::default();
    let rep = report.schemes.first().ok_or("no scheme ran")?;
    let analysis = analyse_scheme(&report, rep, &cap, load);
    let out = RunJson::new(&report, &analysis);
    if a.json {
        return serde_json::to_string(&out).map_err(|e| e.to_string());
    }
    let mut text = format!(
        "{} over {} keys, {} requests at {} req/s, {} on {} partitions\n\
         max/mean {:.3} (hot-key bound {:.3}), top key's share {:.4}, throttled {:.2}%\n\npartition  requests  throttled\n",
        kind,
        keys,
        job.requests,
        load,
        scheme,
        partitions,
        out.max_over_mean,
        analysis.bound,
        out.top1_share,
        out.throttled_fraction * 100.0
    );
    for (j, (l, p)) in out.loads.iter().zip(&analysis.partitions).enumerate() {
        text += &format!("{j:>9}  {l:>8}  {:>8.2}%\n", p.throttled * 100.0);
    }
    Ok(text.trim_end().to_string())
}

fn zeta(a: &ZetaArgs) -> Result<String, String> {
    let n = flag("n", parse_count(&a.n, "n", 0, u64::MAX))?;
    let theta = flag("theta", parse_real(&a.theta, "θ", 0.0, 1e6, false))?;
    let z = sdlab_sim::zipf::zeta(n, theta);
    if a.json {
        return serde_json::to_string(&ZetaJson { zeta: z }).map_err(|e| e.to_string());
    }
    Ok(format!("ζ({n}, {theta}) = {z:.17}"))
}
