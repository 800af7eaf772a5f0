//! The `sdlab` command: every tool's models from a terminal, with `--json` output for scripts.

mod bptree;
mod input;
mod job;
mod nines;
mod quorum;
mod ring;
mod skew;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "sdlab",
    version,
    about = "System Design Lab: quantitative system-design models"
)]
struct Cli {
    #[command(subcommand)]
    tool: Tool,
}

#[derive(Subcommand, Debug)]
enum Tool {
    /// Availability, nines, block diagrams, simulation, error budgets and incident logs.
    #[command(subcommand)]
    Nines(nines::NinesCommand),
    /// Quorums: closed-form staleness and the PBS/WARS Monte Carlo of t-visibility and latency.
    #[command(subcommand)]
    Quorum(quorum::QuorumCommand),
    /// B+ tree index: fill factor after N inserts in one order; operations step by step.
    #[command(subcommand)]
    Bptree(bptree::BptreeCommand),
    /// Partition skew: key popularity × partitioning scheme × per-partition capacity; ζ(n, θ).
    #[command(subcommand)]
    Skew(skew::SkewCommand),
    /// Consistent hashing: spread, movement, the vnode sweep, jump, ketama and Cassandra tokens.
    #[command(subcommand)]
    Ring(ring::RingCommand),
}

/// What a command prints on success, and whether a check it ran failed (exit code 1; bad
/// arguments are exit code 2).
pub struct Reply {
    pub text: String,
    pub check_failed: bool,
}

impl From<String> for Reply {
    fn from(text: String) -> Self {
        Reply {
            text,
            check_failed: false,
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            use clap::error::ErrorKind;
            if matches!(
                err.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
            ) || matches!(
                err.kind(),
                ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = err.print();
                return if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                    ExitCode::from(2)
                } else {
                    ExitCode::SUCCESS
                };
            }
            eprintln!("{}", first_paragraph(&err.render().to_string()));
            return ExitCode::from(2);
        }
    };
    let result = match cli.tool {
        Tool::Nines(command) => nines::run(command),
        Tool::Quorum(command) => quorum::run(command),
        Tool::Bptree(command) => bptree::run(command).map(Reply::from),
        Tool::Skew(command) => skew::run(command),
        Tool::Ring(command) => ring::run(command).map(Reply::from),
    };
    match result {
        Ok(reply) => {
            println!("{}", reply.text);
            if reply.check_failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(message) => {
            // Scripts read one line; messages quoting user input could carry a newline.
            eprintln!("error: {}", message.replace(['\n', '\r'], " "));
            ExitCode::from(2)
        }
    }
}

/// clap's errors span several lines; scripts get the first, plus the indented list that
/// follows when the first ends in a colon ("required arguments were not provided:").
fn first_paragraph(rendered: &str) -> String {
    let mut lines = rendered.lines();
    let mut out = lines
        .next()
        .unwrap_or("error: invalid arguments")
        .to_string();
    if out.ends_with(':') {
        for line in lines.take_while(|l| !l.trim().is_empty()) {
            out.push(' ');
            out.push_str(line.trim());
        }
    }
    out
}
