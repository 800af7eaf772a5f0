//! `sdlab nines incidents`: availability, MTBF and MTTR worked back from an outage list
//! (reference §2.1, incident-log mode), with an optional window and maintenance list.

use clap::Args;
use sdlab_nines::incidents::{self, IncidentReport, Interval, format_timestamp, parse_timestamp};
use sdlab_sim::units::{format_duration, format_sci};

use super::{nines, nines_text, percent_text, to_json};
use crate::input;

#[derive(Args, Debug)]
pub struct IncidentsArgs {
    /// Outages, one `start, end` per line (UTC, YYYY-MM-DD HH:MM[:SS]); `-` reads standard input.
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
}

fn read_list(flag: &str, path: &str) -> Result<Vec<Interval>, String> {
    let text = input::read_source(flag, path)?;
    incidents::parse_intervals(&text).map_err(|errors| {
        let more = match errors.len() {
            1 => String::new(),
            n => format!(" (and {} more bad lines)", n - 1),
        };
        let first = errors.first().map(|e| e.to_string()).unwrap_or_default();
        format!("{flag} {path}: {first}{more}")
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
        Some(path) => read_list("--maintenance", path)?,
        None => Vec::new(),
    };
    let from = time("--from", &args.from)?;
    let to = time("--to", &args.to)?;
    let report = incidents::analyse(&outages, from, to, &maintenance)?;
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
        });
    }
    Ok(text(&report))
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
