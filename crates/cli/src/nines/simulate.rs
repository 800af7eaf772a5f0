//! `sdlab nines simulate`: the Monte Carlo failure/repair simulation of a diagram (or of N
//! identical units), set beside the analytic availability with its 95% interval.

use std::str::FromStr;

use clap::Args;
use sdlab_nines::Availability;
use sdlab_nines::diagram::Diagram;
use sdlab_nines::jobs::SimulateJob;
use sdlab_nines::simulate::{Report, SimParams};
use sdlab_nines::slo::SloWindow;
use sdlab_sim::dist::Shape;
use sdlab_sim::units::{DAY, format_duration, format_grouped, format_sci, parse_duration};

use super::compose::{UnitsArgs, analyse, mtbf_mttr, read_diagram, units_diagram};
use super::{YEARS_RANGE, to_json};
use crate::{input, job};

/// SLO windows a run accepts, in days (as `SimParams::validate` does).
const WINDOW_DAYS: (f64, f64) = (1.0, 366.0);

#[derive(Args, Debug)]
pub struct SimulateArgs {
    /// A diagram JSON file (the page's export); `-` reads standard input.
    #[arg(long, value_name = "FILE.json")]
    diagram: Option<String>,
    /// Mean up time per failure of each unit, hours (instead of --diagram).
    #[arg(long, allow_hyphen_values = true)]
    mtbf_hours: Option<String>,
    /// Mean time to repair of each unit, hours (instead of --diagram).
    #[arg(long, allow_hyphen_values = true)]
    mttr_hours: Option<String>,
    #[command(flatten)]
    units: UnitsArgs,
    /// Simulated years after the warm-up, 1 to 1,000,000.
    #[arg(long, default_value = "1000", allow_hyphen_values = true)]
    years: String,
    /// Random seed: the same seed gives the same run here, natively and in the browser.
    #[arg(long, default_value_t = 1, allow_hyphen_values = true)]
    seed: u64,
    /// SLO in %, to count the windows whose downtime breaks its budget.
    #[arg(long, default_value = "99.9", allow_hyphen_values = true)]
    slo: String,
    /// SLO window: 28d, 30d, quarter, or a duration from 1 to 366 days such as 7d or 1y.
    #[arg(long, default_value = "30d", allow_hyphen_values = true)]
    window: String,
    /// Repair-time shape for every component: exponential, lognormal:CV or weibull:K (means
    /// stay the MTTRs). Without it, a diagram keeps its own shapes.
    #[arg(long, value_name = "SHAPE")]
    repair: Option<String>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

fn parse_repair(text: &str) -> Result<Shape, String> {
    const FLAG: &str = "--repair";
    let (kind, parameter) = match text.split_once(':') {
        Some((kind, p)) => (kind.trim(), Some(p)),
        None => (text.trim(), None),
    };
    let shape = match (kind.to_ascii_lowercase().as_str(), parameter) {
        ("exponential", None) => Shape::Exponential,
        ("lognormal", Some(cv)) => Shape::Lognormal {
            cv: input::positive(&format!("{FLAG} lognormal CV"), cv, f64::MAX)?,
        },
        ("weibull", Some(k)) => Shape::Weibull {
            k: input::positive(&format!("{FLAG} Weibull shape"), k, f64::MAX)?,
        },
        _ => {
            return Err(format!(
                "{FLAG}: expected exponential, lognormal:CV or weibull:K, got “{text}”"
            ));
        }
    };
    shape.validate().map_err(|e| format!("{FLAG}: {e}"))?;
    Ok(shape)
}

fn window_days(text: &str) -> Result<f64, String> {
    let days = match SloWindow::from_str(text) {
        Ok(window) => window.days(),
        Err(_) => parse_duration(text).map_err(|e| format!("--window: {e}"))? / DAY,
    };
    let (lo, hi) = WINDOW_DAYS;
    if !(lo..=hi).contains(&days) {
        return Err(format!(
            "--window: must be between {lo} and {hi} days, got {} days",
            format_grouped(days, 3)
        ));
    }
    Ok(days)
}

/// The diagram to simulate: a file, or N identical units from --mtbf-hours and --mttr-hours.
fn diagram(args: &SimulateArgs) -> Result<Diagram, String> {
    match (&args.diagram, &args.mtbf_hours, &args.mttr_hours) {
        (Some(path), None, None) => {
            const UNITS_ONLY: &str = "goes with --mtbf-hours and --mttr-hours, not --diagram";
            if args.units.units != "1" {
                return Err(format!("--units: {UNITS_ONLY}"));
            }
            if args.units.parallel {
                return Err(format!("--parallel: {UNITS_ONLY}"));
            }
            read_diagram(path)
        }
        (None, Some(mtbf), Some(mttr)) => {
            let (mtbf, mttr) = mtbf_mttr(mtbf, mttr)?;
            units_diagram(mtbf, mttr, &args.units)
        }
        (Some(_), _, _) => {
            Err("give either --diagram or --mtbf-hours and --mttr-hours, not both".into())
        }
        (None, Some(_), None) => {
            Err("--mttr-hours: missing; --mtbf-hours needs it (or give --diagram)".into())
        }
        (None, None, Some(_)) => {
            Err("--mtbf-hours: missing; --mttr-hours needs it (or give --diagram)".into())
        }
        (None, None, None) => {
            Err("give --diagram FILE.json, or --mtbf-hours and --mttr-hours".into())
        }
    }
}

pub fn simulate(args: &SimulateArgs) -> Result<String, String> {
    let mut diagram = diagram(args)?;
    if let Some(text) = &args.repair {
        let shape = parse_repair(text)?;
        for component in &mut diagram.components {
            component.repair = shape;
        }
    }
    let (lo, hi) = YEARS_RANGE;
    let params = SimParams {
        years: input::between("--years", &args.years, lo, hi)?,
        seed: args.seed,
        slo: Availability::parse_percent(&args.slo).map_err(|e| format!("--slo: {e}"))?,
        window_days: window_days(&args.window)?,
        timeline_start_days: None,
    };
    let analysis = analyse(&diagram)?;
    let job = SimulateJob {
        diagram,
        params,
        worst_window: false,
    };
    let report = job::run(&job, "simulating")?;
    let SimulateJob {
        diagram, params, ..
    } = job;
    if args.json {
        return to_json(&sdlab_nines::schema::SimulateJson::from(&report));
    }
    let shapes: Vec<String> = {
        let mut names: Vec<String> = diagram.components.iter().map(|c| c.repair.name()).collect();
        names.dedup();
        names
    };
    let mut out = format!(
        "{}: {} component{}, {} simulated years after warm-up, seed {}, repair {}\n\n",
        diagram.name,
        diagram.components.len(),
        if diagram.components.len() == 1 {
            ""
        } else {
            "s"
        },
        report.years,
        report.seed,
        shapes.join(" / ")
    );
    out += &availability_lines(&report);
    out += &outage_lines(&report, analysis.frequency);
    out += &format!(
        "SLO {}% over {}-day windows: {} of {} windows broke the {} budget (worst window {})\n",
        params.slo.percent_text(),
        params.window_days,
        report.windows_breached,
        report.windows,
        format_duration(report.window_budget_hours * 3_600.0),
        format_duration(report.worst_window_downtime_hours * 3_600.0)
    );
    if let Some(caveat) = &report.caveat {
        out += &format!("note: {caveat}\n");
    }
    Ok(out.trim_end().to_string())
}

fn availability_lines(report: &Report) -> String {
    let analytic_u = report.analytic_unavailability;
    let verdict = if report.agrees {
        "agree: the analytic value lies inside the simulated 95% interval"
    } else {
        "disagree: the analytic value lies outside the simulated 95% interval"
    };
    format!(
        "availability  analytic  {:.9} (U = {})\n\
         \x20             simulated {:.9} (U = {}), 95% CI [{:.9}, {:.9}]\n\
         \x20             {verdict}\n",
        1.0 - analytic_u,
        format_sci(analytic_u, 4),
        report.availability,
        format_sci(1.0 - report.availability, 4),
        report.ci95.0,
        report.ci95.1,
    )
}

fn outage_lines(report: &Report, frequency: Option<sdlab_nines::analytic::Frequency>) -> String {
    let mut out = format!("system outages {}", report.outages);
    // Reference §4.5: the relative error of Û goes as 1/√(outages); below ~30 it is large.
    if report.outages < 30 {
        out += " (fewer than 30: the estimate is rough; simulate more years)";
    }
    out += "\n";
    let hours = |h: Option<f64>| h.map_or("—".to_string(), |h| format_duration(h * 3_600.0));
    let (mut_expected, mdt_expected) = match frequency {
        Some(f) => (
            format!(
                " (frequency and duration predicts {}, derived)",
                hours(Some(f.mut_hours))
            ),
            format!(" (predicts {})", hours(Some(f.mdt_hours))),
        ),
        None => (String::new(), String::new()),
    };
    out += &format!(
        "system MTBF (mean up time between outages) {}{mut_expected}\n\
         system MTTR (mean outage) {}{mdt_expected}\n",
        hours(report.mtbf_hours),
        hours(report.mttr_hours)
    );
    out
}
