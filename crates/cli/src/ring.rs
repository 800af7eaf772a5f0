//! `sdlab ring …`: consistent hashing from a terminal over `sdlab-ring`: load spread, keys moved
//! on a resize, the vnode sweep, jump hash, ketama's server for a key and Cassandra's token.

use clap::{Args, Subcommand};
use sdlab_ring::jobs::SweepJob;
use sdlab_ring::presets::Ketama;
use sdlab_ring::{Algo, Config};
use sdlab_sim::hash::{KeyHash, cassandra_token};

use crate::input::{count, positive};

#[derive(Subcommand, Debug)]
pub enum RingCommand {
    /// Keys per node and their spread for one algorithm on nodes 0..N.
    Stats {
        #[command(flatten)]
        algo: AlgoArgs,
        /// Number of nodes.
        #[arg(long, allow_hyphen_values = true)]
        nodes: String,
        #[command(flatten)]
        run: RunArgs,
    },
    /// The fraction of keys that change owner when nodes 0..FROM become nodes 0..TO.
    Move {
        #[command(flatten)]
        algo: AlgoArgs,
        /// Nodes before.
        #[arg(long, allow_hyphen_values = true)]
        from: String,
        /// Nodes after.
        #[arg(long, allow_hyphen_values = true)]
        to: String,
        #[command(flatten)]
        run: RunArgs,
    },
    /// The ring's arc-share spread against virtual nodes (1 to 10,000) over several seeds,
    /// with the theory curve.
    Sweep {
        /// Number of nodes.
        #[arg(long, allow_hyphen_values = true)]
        nodes: String,
        /// Independent rings per point.
        #[arg(long, default_value = "8", allow_hyphen_values = true)]
        seeds: String,
        #[arg(long, default_value = "1", allow_hyphen_values = true)]
        seed: String,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Jump consistent hash (Lamping & Veach): the bucket of a 64-bit key.
    Jump {
        /// The key, an unsigned 64-bit integer.
        #[arg(long, allow_hyphen_values = true)]
        key: String,
        /// Number of buckets.
        #[arg(long, allow_hyphen_values = true)]
        buckets: String,
    },
    /// The memcached server a ketama client (libketama, equal weights) picks for a key.
    Ketama {
        /// The servers, host:port,host:port,… in the client's order.
        #[arg(long, allow_hyphen_values = true)]
        servers: String,
        /// The key.
        #[arg(long, allow_hyphen_values = true)]
        key: String,
    },
    /// Cassandra's token of a partition key (Murmur3Partitioner), a signed 64-bit integer.
    Token {
        /// The partitioner: murmur3.
        #[arg(long, default_value = "murmur3")]
        partitioner: String,
        /// The partition key's bytes, as text (UTF-8).
        #[arg(long, allow_hyphen_values = true)]
        key: String,
    },
}

#[derive(Args, Debug)]
pub struct AlgoArgs {
    /// ring, jump, rendezvous, maglev, multiprobe, bounded or modulo.
    #[arg(long)]
    algo: String,
    /// Virtual nodes per node (ring, bounded).
    #[arg(long, default_value = "100", allow_hyphen_values = true)]
    vnodes: String,
    /// Probes per key (multiprobe).
    #[arg(long, default_value = "21", allow_hyphen_values = true)]
    probes: String,
    /// Maglev's table size, a prime.
    #[arg(long, default_value = "65537", allow_hyphen_values = true)]
    table_size: String,
    /// Bounded loads' ε: no node above ⌈(1 + ε) · keys / nodes⌉.
    #[arg(long, default_value = "0.25", allow_hyphen_values = true)]
    epsilon: String,
    /// The key and token hash: xxh64, murmur3, fnv1a or md5.
    #[arg(long, default_value = "xxh64")]
    hash: String,
}

#[derive(Args, Debug)]
pub struct RunArgs {
    /// Number of synthetic keys key-0, key-1, …
    #[arg(long, allow_hyphen_values = true)]
    keys: String,
    /// The hash seed.
    #[arg(long, allow_hyphen_values = true)]
    seed: String,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

fn seed(text: &str) -> Result<u64, String> {
    text.trim().parse().map_err(|_| {
        format!(
            "--seed: “{}” is not a whole number from 0 to 2^64 − 1",
            text.trim()
        )
    })
}

fn config(a: &AlgoArgs, seed_text: &str) -> Result<Config, String> {
    let algo: Algo = a.algo.parse().map_err(|e| format!("--algo: {e}"))?;
    let hash = KeyHash::from_name(&a.hash)
        .ok_or_else(|| "--hash: use xxh64, murmur3, fnv1a or md5".to_string())?;
    let table_size = a
        .table_size
        .trim()
        .parse::<u64>()
        .map_err(|_| "--table-size: must be a prime whole number".to_string())?;
    if algo == Algo::Maglev && !sdlab_ring::algo::is_prime(table_size) {
        return Err(format!(
            "--table-size: {table_size} is not prime (try 65537)"
        ));
    }
    Ok(Config {
        algo,
        vnodes: count("--vnodes", &a.vnodes, 1, sdlab_ring::algo::MAX_VNODES)?,
        probes: count("--probes", &a.probes, 1, sdlab_ring::algo::MAX_PROBES)?,
        table_size,
        epsilon: positive("--epsilon", &a.epsilon, sdlab_ring::algo::MAX_EPSILON)?,
        hash,
        seed: seed(seed_text)?,
    })
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| e.to_string())
}

pub fn run(command: RingCommand) -> Result<String, String> {
    let max_nodes = sdlab_ring::algo::MAX_NODES;
    match command {
        RingCommand::Stats { algo, nodes, run } => {
            let c = config(&algo, &run.seed)?;
            let n = count("--nodes", &nodes, 1, max_nodes)?;
            let keys = count("--keys", &run.keys, 1, sdlab_ring::MAX_KEYS)?;
            let s = sdlab_ring::stats(&c, n, keys)?;
            if run.json {
                return to_json(&s);
            }
            let mut out = format!(
                "{} on {n} nodes, {keys} keys: rel. std. dev. {:.2}% (sampling alone {:.2}%), max/mean {:.3}, min/mean {:.3}\nnode  keys\n",
                c.algo.label(),
                100.0 * s.rel_stddev,
                100.0 * s.sampling_noise,
                s.max_over_mean,
                s.min_over_mean
            );
            for (i, l) in s.loads.iter().enumerate() {
                out += &format!("{i:>4}  {l}\n");
            }
            Ok(out.trim_end().to_string())
        }
        RingCommand::Move {
            algo,
            from,
            to,
            run,
        } => {
            let c = config(&algo, &run.seed)?;
            let from = count("--from", &from, 1, max_nodes)?;
            let to = count("--to", &to, 1, max_nodes)?;
            let keys = count("--keys", &run.keys, 1, sdlab_ring::MAX_KEYS)?;
            let m = sdlab_ring::moved(&c, from, to, keys)?;
            if run.json {
                return to_json(&m);
            }
            Ok(format!(
                "{} {from} → {to} nodes: {:.4} of {keys} keys moved (ideal {:.4}, {:.2}× ideal)",
                c.algo.label(),
                m.moved_fraction,
                m.ideal_fraction,
                m.moved_over_ideal
            ))
        }
        RingCommand::Sweep {
            nodes,
            seeds,
            seed: s,
            json,
        } => {
            let job = SweepJob {
                nodes: count("--nodes", &nodes, 2, 1_000)?,
                seeds: count("--seeds", &seeds, 1, sdlab_ring::jobs::MAX_SEEDS)?,
                seed: seed(&s)?,
                hash: KeyHash::Xxh64,
            };
            let report = crate::job::run(&job, "sweep")?;
            if json {
                return to_json(&report);
            }
            let mut out = format!(
                "ring arc-share spread, {} nodes, {} seeds\nvnodes  rel.sd   ±95%    theory  1/√v    max/mean\n",
                report.nodes, report.seeds
            );
            for p in &report.points {
                out += &format!(
                    "{:>6}  {:.4}  {:.4}  {:.4}  {:.4}  {:.3}\n",
                    p.vnodes, p.rel_stddev, p.half_width, p.theory, p.limit, p.max_over_mean
                );
            }
            if !report.skipped.is_empty() {
                out += &format!("skipped (over the token cap): {:?}\n", report.skipped);
            }
            Ok(out.trim_end().to_string())
        }
        RingCommand::Jump { key, buckets } => {
            let key: u64 = key.trim().parse().map_err(|_| {
                format!("--key: “{}” is not an unsigned 64-bit integer", key.trim())
            })?;
            let buckets = count("--buckets", &buckets, 1, i32::MAX as u32)?;
            Ok(sdlab_ring::algo::jump(key, buckets).to_string())
        }
        RingCommand::Ketama { servers, key } => {
            let list: Vec<String> = servers.split(',').map(String::from).collect();
            let k = Ketama::new(&list).map_err(|e| format!("--servers: {e}"))?;
            Ok(k.server(key.as_bytes()).to_string())
        }
        RingCommand::Token { partitioner, key } => {
            if partitioner != "murmur3" {
                return Err("--partitioner: only murmur3 (Murmur3Partitioner) is supported".into());
            }
            Ok(cassandra_token(key.as_bytes()).to_string())
        }
    }
}
