//! Operations as text, the form a shared link and the CLI carry: `i:5` insert, `d:5` delete,
//! `s:5` search, `r:1..9` range scan, `b:90` rebuild bottom-up at 90% fill, and generators
//! `g:<workload>:<n>:<seed>` that stand for n inserts. Plus the tree as one line of text,
//! `(30 | [10,20] [30,40])`, the notation of the reference's traces.

use std::fmt;

use crate::bulk::bulk_load;
use crate::keys::{Key, Workload, generate};
use crate::trace::{StepKind, StepMeta, Tracer};
use crate::tree::{NodeId, Outcome, Tree};

/// One operation on the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Insert(Key),
    Delete(Key),
    Search(Key),
    Range(Key, Key),
    /// Rebuild the tree's keys bottom-up with leaves this % full.
    Rebuild(u32),
}

/// A token of an operation list: one operation, or a generator of inserts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmd {
    Op(Op),
    Gen {
        workload: Workload,
        n: u32,
        seed: u64,
    },
}

/// The most keys one generator token may make.
pub const MAX_GEN: u32 = 100_000;

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::Insert(k) => write!(f, "i:{k}"),
            Op::Delete(k) => write!(f, "d:{k}"),
            Op::Search(k) => write!(f, "s:{k}"),
            Op::Range(a, b) => write!(f, "r:{a}..{b}"),
            Op::Rebuild(p) => write!(f, "b:{p}"),
        }
    }
}

impl fmt::Display for Cmd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cmd::Op(op) => op.fmt(f),
            Cmd::Gen { workload, n, seed } => write!(f, "g:{workload}:{n}:{seed}"),
        }
    }
}

impl Op {
    /// "insert 5", "range 1..9", as the timeline names it.
    pub fn describe(&self) -> String {
        match self {
            Op::Insert(k) => format!("insert {k}"),
            Op::Delete(k) => format!("delete {k}"),
            Op::Search(k) => format!("search {k}"),
            Op::Range(a, b) => format!("range {a}..{b}"),
            Op::Rebuild(p) => format!("rebuild bottom-up at {p}% fill"),
        }
    }
}

fn parse_token(token: &str) -> Result<Cmd, String> {
    let shown: String = token.chars().take(30).collect();
    let (tag, rest) = token.split_once(':').ok_or_else(|| {
        format!("“{shown}” is not an operation: write i:5, d:5, s:5, r:1..9, b:90 or g:random:20:1")
    })?;
    let key = |t: &str| t.parse::<Key>().map_err(|e| format!("in “{shown}”: {e}"));
    let op = match tag.trim() {
        "i" => Op::Insert(key(rest)?),
        "d" => Op::Delete(key(rest)?),
        "s" => Op::Search(key(rest)?),
        "r" => {
            let (a, b) = rest
                .split_once("..")
                .ok_or_else(|| format!("“{shown}”: a range is written r:1..9"))?;
            let (a, b) = (key(a)?, key(b)?);
            if a > b {
                return Err(format!("“{shown}”: the range starts after it ends"));
            }
            Op::Range(a, b)
        }
        "b" => {
            let p: u32 =
                rest.trim().trim_end_matches('%').parse().map_err(|_| {
                    format!("“{shown}”: the fill factor is a whole percent, 1 to 100")
                })?;
            if !(1..=100).contains(&p) {
                return Err(format!("“{shown}”: the fill factor must be 1 to 100%"));
            }
            Op::Rebuild(p)
        }
        "g" => {
            let mut parts = rest.split(':');
            let workload = parts
                .next()
                .unwrap_or_default()
                .parse::<Workload>()
                .map_err(|e| format!("“{shown}”: {e}"))?;
            let n: u32 = parts
                .next()
                .and_then(|n| n.trim().parse().ok())
                .ok_or_else(|| format!("“{shown}”: write g:{workload}:<how many>:<seed>"))?;
            if n == 0 || n > MAX_GEN {
                return Err(format!("“{shown}”: generate 1 to {MAX_GEN} keys"));
            }
            let seed: u64 = match parts.next() {
                None => 1,
                Some(s) => s
                    .trim()
                    .parse()
                    .map_err(|_| format!("“{shown}”: the seed is a whole number"))?,
            };
            if parts.next().is_some() {
                return Err(format!("“{shown}”: write g:{workload}:{n}:<seed>"));
            }
            return Ok(Cmd::Gen { workload, n, seed });
        }
        _ => {
            return Err(format!(
                "“{shown}” is not an operation: write i:5, d:5, s:5, r:1..9, b:90 or g:random:20:1"
            ));
        }
    };
    Ok(Cmd::Op(op))
}

/// Parses a list of operations separated by commas, spaces or new lines.
pub fn parse_cmds(text: &str) -> Result<Vec<Cmd>, String> {
    text.split([',', ' ', '\n', '\t', ';'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(parse_token)
        .collect()
}

/// The operations the commands stand for, generators expanded; at most `limit` of them.
pub fn expand(cmds: &[Cmd], limit: usize) -> Result<Vec<Op>, String> {
    let mut ops = Vec::new();
    for cmd in cmds {
        match *cmd {
            Cmd::Op(op) => ops.push(op),
            Cmd::Gen { workload, n, seed } => {
                if ops.len() + n as usize > limit {
                    break;
                }
                ops.extend(
                    generate(workload, u64::from(n), seed)
                        .into_iter()
                        .map(Op::Insert),
                );
            }
        }
        if ops.len() > limit {
            return Err(format!(
                "more than {limit} operations: the animator keeps at most {limit}"
            ));
        }
    }
    let wanted: u64 = cmds
        .iter()
        .map(|c| match c {
            Cmd::Op(_) => 1,
            Cmd::Gen { n, .. } => u64::from(*n),
        })
        .sum();
    if wanted > limit as u64 {
        return Err(format!(
            "these stand for {wanted} operations; the animator keeps at most {limit}"
        ));
    }
    Ok(ops)
}

/// What an operation answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Inserted,
    Duplicate,
    Deleted,
    Absent,
    Found(bool),
    Range(Vec<Key>),
    Rebuilt,
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Answer::Inserted => f.write_str("inserted"),
            Answer::Duplicate => f.write_str("refused: already in the tree"),
            Answer::Deleted => f.write_str("deleted"),
            Answer::Absent => f.write_str("not in the tree"),
            Answer::Found(true) => f.write_str("found"),
            Answer::Found(false) => f.write_str("not found"),
            Answer::Range(keys) => {
                let shown: Vec<String> = keys.iter().take(20).map(Key::to_string).collect();
                write!(f, "{} key(s): {}", keys.len(), shown.join(","))?;
                if keys.len() > 20 {
                    f.write_str(",…")?;
                }
                Ok(())
            }
            Answer::Rebuilt => f.write_str("rebuilt"),
        }
    }
}

/// Runs one operation under `tracer`.
pub fn apply<T: Tracer<Key>>(tree: &mut Tree<Key>, op: Op, t: &mut T) -> Answer {
    match op {
        Op::Insert(k) => match tree.insert_with(k, t) {
            Outcome::Done => Answer::Inserted,
            Outcome::Unchanged => Answer::Duplicate,
        },
        Op::Delete(k) => match tree.remove_with(k, t) {
            Outcome::Done => Answer::Deleted,
            Outcome::Unchanged => Answer::Absent,
        },
        Op::Search(k) => Answer::Found(tree.search_with(k, t)),
        Op::Range(a, b) => Answer::Range(tree.range_with(a, b, t)),
        Op::Rebuild(p) => {
            let config = *tree.config();
            if let Ok(built) = bulk_load(config, tree.keys(), p) {
                *tree = built;
            }
            let ids: Vec<NodeId> = tree.levels().concat();
            for &id in &ids {
                t.write(id);
            }
            t.event(StepKind::BulkLoad);
            if T::ON {
                let text = format!(
                    "Rebuilt bottom-up: {} keys in leaves {p}% full, {} pages each written once, height {}",
                    tree.len(),
                    ids.len(),
                    tree.height()
                );
                t.step(
                    tree,
                    StepMeta {
                        kind: StepKind::BulkLoad,
                        nodes: Vec::new(),
                        text,
                        line: 2,
                        transient: None,
                        stale: false,
                    },
                );
            }
            Answer::Rebuilt
        }
    }
}

/// The tree in one line: `(seps | children…)` for internal nodes, `[keys]` for leaves.
pub fn dump<K: Ord + Copy + fmt::Display>(tree: &Tree<K>) -> String {
    fn node<K: Ord + Copy + fmt::Display>(tree: &Tree<K>, id: NodeId, out: &mut String) {
        let n = tree.node(id);
        let keys: Vec<String> = n.keys.iter().map(ToString::to_string).collect();
        if n.is_leaf() {
            out.push('[');
            out.push_str(&keys.join(","));
            out.push(']');
        } else {
            out.push('(');
            out.push_str(&keys.join(","));
            out.push_str(" |");
            for &c in &n.children {
                out.push(' ');
                node(tree, c, out);
            }
            out.push(')');
        }
    }
    let mut out = String::new();
    match tree.root() {
        Some(root) => node(tree, root, &mut out),
        None => out.push_str("(empty)"),
    }
    out
}
