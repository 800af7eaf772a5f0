//! `sdlab nines incidents`: availability, MTBF and MTTR worked back from an outage list or a CSV
//! export (reference §2.1, incident-log mode), with an optional window, maintenance list and SLO.
//! Lines that cannot be read are skipped, each named on standard error and in the JSON; a file
//! with no readable line is a bad argument (exit code 2).

use clap::Args;
use sdlab_nines::Availability;
use sdlab_nines::incidents::{
    self, BudgetSpent, IncidentReport, LineError, ParsedLog, format_timestamp, parse_timestamp,
};
use sdlab_sim::units::{format_duration, format_sci};

use super::{nines, nines_text, percent_text, to_json};
use crate::input;

#[derive(Args, Debug)]
pub struct IncidentsArgs {
    /// Outages, one `start, end` or `start, duration` per line (YYYY-MM-DD HH:MM[:SS], UTC unless
    /// followed by Z, +02:00 or -0500), or a CSV export with a header row (PagerDuty, Opsgenie,
    /// Statuspage); `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    file: String,
    /// Window start (UTC); defaults to the first outage's start.
    #[arg(long, value_name = "TIME")]
    from: Option<String>,
    /// Window end (UTC); defaults to the last outage's end.
    #[arg(long, value_name = "TIME")]
    to: Option<String>,
    /// Declared maintenance windows in the same format, removed from downtime and total time.
    #[arg(long, value_name = "FILE")]
    maintenance: Option<String>,
    /// An SLO in %, e.g. 99.9: also report its error budget over the window and how much of it
    /// the outages spent.
    #[arg(long, value_name = "PERCENT")]
    slo: Option<String>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

#[derive(serde::Serialize)]
struct OutageJson {
    start: String,
    end: String,
    downtime_s: i64,
    failure: bool,
    repair: bool,
}

#[derive(serde::Serialize)]
struct IncidentsJson {
    from: String,
    to: String,
    total_s: f64,
    maintenance_s: f64,
    downtime_s: f64,
    availability: f64,
    nines: Option<f64>,
    failures: u64,
    repairs: u64,
    mtbf_s: Option<f64>,
    uptime_lower_bound_s: Option<f64>,
    mttr_s: Option<f64>,
    outages: Vec<OutageJson>,
    /// Outage lines read, and the lines of either file skipped.
    lines_used: usize,
    skipped: Vec<SkippedJson>,
    /// With `--slo`: its error budget over the total time and the share spent.
    budget: Option<BudgetJson>,
}

#[derive(serde::Serialize)]
struct SkippedJson {
    /// `--file` or `--maintenance`.
    flag: &'static str,
    line: usize,
    message: String,
}

#[derive(serde::Serialize)]
struct BudgetJson {
    slo: f64,
    #[serde(flatten)]
    spent: BudgetSpent,
}

/// A file's lines, with the flag and path they came from.
struct Read {
    log: ParsedLog,
    flag: &'static str,
    path: String,
}

impl Read {
    fn skipped(&self) -> impl Iterator<Item = (&Read, &LineError)> {
        self.log.skipped.iter().map(move |e| (self, e))
    }
}

/// Reads a list; a file with lines of which none could be read is an error.
fn read_list(flag: &'static str, path: &str) -> Result<Read, String> {
    let text = input::read_source(flag, path)?;
    let log = incidents::parse_log(&text);
    if log.unusable() {
        let more = match log.skipped.len() {
            1 => String::new(),
            n => format!(" (and {} more bad lines)", n - 1),
        };
        let first = log
            .skipped
            .first()
            .map(|e| e.to_string())
            .unwrap_or_default();
        return Err(format!("{flag} {path}: {first}{more}"));
    }
    Ok(Read {
        log,
        flag,
        path: path.to_string(),
    })
}

fn time(flag: &str, text: &Option<String>) -> Result<Option<i64>, String> {
    text.as_deref()
        .map(|t| parse_timestamp(t).map_err(|e| format!("{flag}: {e}")))
        .transpose()
}

pub fn incidents(args: &IncidentsArgs) -> Result<String, String> {
    let outages = read_list("--file", &args.file)?;
    let maintenance = match &args.maintenance {
        Some(path) => Some(read_list("--maintenance", path)?),
        None => None,
    };
    let from = time("--from", &args.from)?;
    let to = time("--to", &args.to)?;
    let slo = args
        .slo
        .as_deref()
        .map(|t| Availability::parse_percent(t).map_err(|e| format!("--slo: {e}")))
        .transpose()?;
    let reads: Vec<&Read> = std::iter::once(&outages).chain(&maintenance).collect();
    let skipped: Vec<(&Read, &LineError)> = reads.iter().flat_map(|r| r.skipped()).collect();
    let no_maintenance = Vec::new();
    let maintenance_list = maintenance
        .as_ref()
        .map_or(&no_maintenance, |m| &m.log.intervals);
    let report =
        incidents::analyse(&outages.log.intervals, from, to, maintenance_list).map_err(|e| {
            match skipped.first() {
                None => e,
                Some((read, first)) => format!(
                    "{e} ({} skipped, the first {} {}: {first})",
                    lines(skipped.len()),
                    read.flag,
                    read.path
                ),
            }
        })?;
    for (read, e) in &skipped {
        eprintln!("warning: {} {}: {e} (line skipped)", read.flag, read.path);
    }
    let budget = slo.map(|slo| (slo, report.budget(slo)));
    if args.json {
        return to_json(&IncidentsJson {
            from: format_timestamp(report.window.start_s),
            to: format_timestamp(report.window.end_s),
            total_s: report.total_s,
            maintenance_s: report.maintenance_s,
            downtime_s: report.downtime_s,
            availability: report.availability.availability(),
            nines: nines(report.availability),
            failures: report.failures,
            repairs: report.repairs,
            mtbf_s: report.mtbf_s,
            uptime_lower_bound_s: report.uptime_lower_bound_s,
            mttr_s: report.mttr_s,
            outages: report
                .outages
                .iter()
                .map(|o| OutageJson {
                    start: format_timestamp(o.interval.start_s),
                    end: format_timestamp(o.interval.end_s),
                    downtime_s: o.downtime_s,
                    failure: o.failure,
                    repair: o.repair,
                })
                .collect(),
            lines_used: outages.log.intervals.len(),
            skipped: skipped
                .iter()
                .map(|(read, e)| SkippedJson {
                    flag: read.flag,
                    line: e.line,
                    message: e.message.clone(),
                })
                .collect(),
            budget: budget.map(|(slo, spent)| BudgetJson {
                slo: slo.availability(),
                spent,
            }),
        });
    }
    let mut out = text(&report);
    out += &format!("\n\n{}", lines_text(&outages, skipped.len()));
    if let Some((slo, b)) = budget {
        out += &format!("\n{}", budget_text(slo, &b));
    }
    Ok(out)
}

fn lines(n: usize) -> String {
    if n == 1 {
        "1 line".into()
    } else {
        format!("{n} lines")
    }
}

/// "lines: 5 used, 1 skipped (named on standard error); header on line 1: start …, end …".
fn lines_text(outages: &Read, skipped: usize) -> String {
    let mut out = format!(
        "lines: {} outages used, {skipped} skipped{}",
        outages.log.intervals.len(),
        if skipped > 0 {
            " (named on standard error)"
        } else {
            ""
        }
    );
    if let Some(h) = &outages.log.header {
        out += &format!(
            "; CSV header on line {}: start “{}”, end “{}”",
            h.line, h.start_name, h.end_name
        );
    }
    out
}

/// The error budget `(1 − SLO) × total time` and how much of it the downtime spent.
fn budget_text(slo: Availability, b: &BudgetSpent) -> String {
    let head = format!(
        "error budget at the {}% SLO: {} = (1 − SLO) × total time; spent {}",
        slo.percent_text(),
        format_duration(b.budget_s),
        format_duration(b.spent_s)
    );
    match b.fraction {
        None => format!("{head}: a 100% SLO allows no downtime"),
        Some(f) if b.left_s >= 0.0 => format!(
            "{head} ({:.1}%), {} left",
            f * 100.0,
            format_duration(b.left_s)
        ),
        Some(f) => format!(
            "{head} ({:.1}%), {} over",
            f * 100.0,
            format_duration(-b.left_s)
        ),
    }
}

fn text(r: &IncidentReport) -> String {
    let a = r.availability;
    let mut out = format!(
        "window {} → {}{}\n",
        format_timestamp(r.window.start_s),
        format_timestamp(r.window.end_s),
        if r.window_defaulted {
            " (from the outages: uptime before the first and after the last is not counted)"
        } else {
            ""
        }
    );
    if r.maintenance_s > 0.0 {
        out += &format!(
            "maintenance {} removed from both total time and downtime\n",
            format_duration(r.maintenance_s)
        );
    }
    out += &format!(
        "total time {}, downtime {}\n\
         availability {}% ({}; U = {}) = (total − downtime) / total (book, ch. 1)\n\
         failures {} (outages starting in the window), repairs {} (outages ending in it)\n",
        format_duration(r.total_s),
        format_duration(r.downtime_s),
        percent_text(a),
        nines_text(a),
        format_sci(a.unavailability(), 4),
        r.failures,
        r.repairs
    );
    out += &match (r.mtbf_s, r.uptime_lower_bound_s) {
        (Some(mtbf), _) => format!(
            "MTBF {} = (total − downtime) / failures (book, ch. 1)\n",
            format_duration(mtbf)
        ),
        (None, Some(bound)) => format!(
            "MTBF unknown: no failure observed; it exceeds the observed uptime, {}\n",
            format_duration(bound)
        ),
        (None, None) => "MTBF unknown: no failure observed\n".into(),
    };
    out += &match r.mttr_s {
        Some(mttr) => format!(
            "MTTR {} = downtime / repairs (book, ch. 1)\n",
            format_duration(mttr)
        ),
        None => "MTTR unknown: no repair observed in the window\n".into(),
    };
    if !r.outages.is_empty() {
        out += &format!(
            "\nmerged outages\n{:<22} {:<22} {:>14}  counts\n",
            "start", "end", "downtime"
        );
        for o in &r.outages {
            let counts = match (o.failure, o.repair) {
                (true, true) => "failure, repair",
                (true, false) => "failure (still open at the end)",
                (false, true) => "repair (open at the start)",
                (false, false) if o.downtime_s == 0 => "inside maintenance",
                (false, false) => "open throughout",
            };
            out += &format!(
                "{:<22} {:<22} {:>14}  {counts}\n",
                format_timestamp(o.interval.start_s),
                format_timestamp(o.interval.end_s),
                format_duration(o.downtime_s as f64)
            );
        }
    }
    out.trim_end().to_string()
}
