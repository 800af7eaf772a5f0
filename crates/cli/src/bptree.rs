//! `sdlab bptree …`: the B+ tree's fill factor after N inserts in one order (the page's
//! comparison job, one order), and a list of operations run with the tree printed after each.

use clap::{Args, Subcommand};
use sdlab_bptree::jobs::{CompareJob, check_keys};
use sdlab_bptree::ops::{Cmd, apply, dump, expand, parse_cmds};
use sdlab_bptree::trace::NoTrace;
use sdlab_bptree::{Borrow, Config, Split, Tree, Workload};

#[derive(Subcommand, Debug)]
pub enum BptreeCommand {
    /// Inserts N keys in one order and reports height and fill factors.
    Fill(FillArgs),
    /// Runs operations (i:5 insert, d:5 delete, s:5 search, r:1..9 range, b:90 rebuild,
    /// g:random:20:1 twenty generated inserts) and prints the tree after each.
    Run(RunArgs),
}

#[derive(Args, Debug)]
pub struct FillArgs {
    /// Most children of an internal node (3 to 8192); leaves hold order − 1 keys.
    #[arg(long)]
    order: u32,
    /// Keys to insert (1 to 1,000,000).
    #[arg(long)]
    keys: u64,
    /// Arrival order: random, sorted, reverse, uuid4 or uuid7.
    #[arg(long, default_value = "random")]
    insert: Workload,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// even, or append (the rightmost leaf stays full when the new key is the largest).
    #[arg(long, default_value = "even")]
    split: Split,
    /// Bytes per page, for the index size in the text report.
    #[arg(long, default_value_t = 8_192)]
    page_bytes: u32,
    /// Print one JSON object: height, leaf_fill, internal_fill, leaves, internal_nodes.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
pub struct RunArgs {
    /// Most children of an internal node (3 to 8192).
    #[arg(long)]
    order: u32,
    /// The operations, comma-separated, e.g. "i:5,i:3,d:5,s:3,r:1..9".
    #[arg(long, allow_hyphen_values = true)]
    ops: String,
    #[arg(long, default_value = "even")]
    split: Split,
    /// Which sibling an underfull node asks first: left or right.
    #[arg(long, default_value = "left")]
    borrow: Borrow,
}

#[derive(serde::Serialize)]
struct FillJson {
    height: u32,
    leaf_fill: f64,
    internal_fill: f64,
    leaves: u64,
    internal_nodes: u64,
}

pub fn run(command: BptreeCommand) -> Result<String, String> {
    match command {
        BptreeCommand::Fill(args) => fill(&args),
        BptreeCommand::Run(args) => run_ops(&args),
    }
}

fn config(order: u32, split: Split, borrow: Borrow) -> Result<Config, String> {
    let config = Config::order(order).map_err(|e| format!("--order: {e}"))?;
    Ok(Config {
        split,
        borrow,
        ..config
    })
}

fn fill(args: &FillArgs) -> Result<String, String> {
    let config = config(args.order, args.split, Borrow::LeftFirst)?;
    check_keys(args.keys).map_err(|e| format!("--keys: {e}"))?;
    let job = CompareJob {
        config,
        keys: args.keys,
        seed: args.seed,
        orders: vec![args.insert],
        page_bytes: args.page_bytes.max(1),
    };
    let out = crate::job::run(&job, "inserting")?;
    let f = out
        .runs
        .into_iter()
        .next()
        .ok_or_else(|| "the run did not finish".to_string())?;
    if args.json {
        return serde_json::to_string(&FillJson {
            height: f.shape.height,
            leaf_fill: f.shape.leaf_fill,
            internal_fill: f.shape.internal_fill,
            leaves: f.shape.leaves,
            internal_nodes: f.shape.internal_nodes,
        })
        .map_err(|e| e.to_string());
    }
    Ok(format!(
        "{} keys, {} order, order {} ({} keys per leaf), {} split, seed {}\n\
         height          {}\n\
         leaves          {}  (fill {:.1}%)\n\
         internal nodes  {}  (fill {:.1}%)\n\
         pages written   {:.3} per insert ({} splits)\n\
         index size      {} bytes at {} B per page",
        f.shape.keys,
        args.insert.label(),
        config.order,
        config.leaf_cap,
        args.split,
        args.seed,
        f.shape.height,
        f.shape.leaves,
        100.0 * f.shape.leaf_fill,
        f.shape.internal_nodes,
        100.0 * f.shape.internal_fill,
        f.pages_per_insert(),
        f.splits,
        f.index_bytes,
        args.page_bytes
    ))
}

fn run_ops(args: &RunArgs) -> Result<String, String> {
    let config = config(args.order, args.split, args.borrow)?;
    let cmds = parse_cmds(&args.ops).map_err(|e| format!("--ops: {e}"))?;
    if cmds.is_empty() {
        return Err("--ops: no operation given (e.g. \"i:5,i:3,d:5,s:3,r:1..9\")".into());
    }
    let ops = expand(&cmds, 100_000).map_err(|e| format!("--ops: {e}"))?;
    let mut tree = Tree::new(config);
    let mut out = Vec::new();
    let width = cmds
        .iter()
        .filter(|c| matches!(c, Cmd::Op(_)))
        .map(|c| c.to_string().len())
        .max()
        .unwrap_or(4)
        .max(4);
    for op in ops {
        let answer = apply(&mut tree, op, &mut NoTrace);
        out.push(format!(
            "{:<width$}  {:<24}  {}",
            op.to_string(),
            answer.to_string(),
            dump(&tree)
        ));
    }
    Ok(out.join("\n"))
}
