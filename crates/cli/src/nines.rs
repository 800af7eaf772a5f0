//! `sdlab nines …`: downtime budgets, block diagrams, MTBF/MTTR, Monte Carlo, error budgets and
//! incident logs, each a thin shell over `sdlab-nines` with a table or one JSON object.

mod budget;
mod compose;
mod incidents;
mod presets;
mod simulate;

use clap::{Args, Subcommand};
use sdlab_nines::{Availability, Calendar, MonthLen, Period, QuarterLen, YearDays};
use sdlab_sim::units::{format_duration, format_grouped, format_sci, parse_duration};

pub use budget::BudgetArgs;
pub use compose::{ComposeArgs, MtbfArgs};
pub use incidents::IncidentsArgs;
pub use presets::CheckPresetsArgs;
pub use simulate::SimulateArgs;

use crate::Reply;

/// Simulated years a run accepts (as `SimParams::validate` does).
pub const YEARS_RANGE: (f64, f64) = (1.0, 1e6);

#[derive(Subcommand, Debug)]
pub enum NinesCommand {
    /// Allowed downtime per day, week, month, quarter and year for an availability.
    Downtime {
        /// Availability in percent, e.g. 99.95.
        #[arg(long, allow_hyphen_values = true)]
        availability: String,
        #[command(flatten)]
        calendar: CalendarArgs,
        /// Print one JSON object (durations in seconds, full precision).
        #[arg(long)]
        json: bool,
    },
    /// The availability and nines that a downtime over a period leaves.
    Availability {
        /// Downtime, e.g. 52m, 1h 30m, 8.76h.
        #[arg(long, allow_hyphen_values = true)]
        downtime: String,
        /// The period the downtime is counted over: day, week, 28d, month, quarter or year.
        #[arg(long, default_value = "year")]
        per: Period,
        #[command(flatten)]
        calendar: CalendarArgs,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Availability of a block diagram (series, parallel, k-of-n, standby, shared fate).
    Compose(ComposeArgs),
    /// Availability from MTBF and MTTR, A = MTBF / (MTBF + MTTR) [derived, not from the book].
    Mtbf(MtbfArgs),
    /// Monte Carlo failure/repair simulation, compared with the analytic availability.
    Simulate(SimulateArgs),
    /// The analytic availability of every lab preset against its Monte Carlo 95% interval;
    /// exits with 1 if one falls outside.
    CheckPresets(CheckPresetsArgs),
    /// Error budget and burn rate for an SLO, with the SRE Workbook's alerting tiers.
    Budget(BudgetArgs),
    /// Availability, MTBF and MTTR worked back from a list of outages.
    Incidents(IncidentsArgs),
}

#[derive(Args, Debug)]
pub struct CalendarArgs {
    /// Year length in days: 365 (the book) or 365.2425 (mean Gregorian).
    #[arg(long, default_value = "365")]
    year_days: YearDays,
    /// Month length: 30d or year/12.
    #[arg(long, default_value = "30d")]
    month: MonthLen,
    /// Quarter length: 90d or year/4.
    #[arg(long, default_value = "90d")]
    quarter: QuarterLen,
}

impl CalendarArgs {
    fn calendar(&self) -> Calendar {
        Calendar {
            year: self.year_days,
            month: self.month,
            quarter: self.quarter,
        }
    }
}

#[derive(serde::Serialize)]
struct AvailabilityJson {
    availability: f64,
    /// −log10(1 − A); null when the downtime is zero (infinitely many nines).
    nines: Option<f64>,
}

pub fn run(command: NinesCommand) -> Result<Reply, String> {
    let text = match command {
        NinesCommand::Downtime {
            availability,
            calendar,
            json,
        } => downtime(&availability, &calendar.calendar(), json),
        NinesCommand::Availability {
            downtime,
            per,
            calendar,
            json,
        } => reverse(&downtime, per, &calendar.calendar(), json),
        NinesCommand::Compose(args) => compose::compose(&args),
        NinesCommand::Mtbf(args) => compose::mtbf(&args),
        NinesCommand::Simulate(args) => simulate::simulate(&args),
        NinesCommand::CheckPresets(args) => return presets::check_presets(&args),
        NinesCommand::Budget(args) => budget::budget(&args),
        NinesCommand::Incidents(args) => incidents::incidents(&args),
    };
    text.map(Reply::from)
}

fn downtime(availability: &str, calendar: &Calendar, json: bool) -> Result<String, String> {
    let a =
        Availability::parse_percent(availability).map_err(|e| format!("--availability: {e}"))?;
    if json {
        return to_json(&sdlab_nines::schema::DowntimeJson::new(a, calendar));
    }
    let mut out = format!(
        "availability {}% ({}; U = {})\nconvention: {}\n\n{:<14} {:>16} {:>18} {:>16}\n",
        percent_text(a),
        nines_text(a),
        u_text(a),
        calendar.describe(),
        "period",
        "length",
        "allowed downtime",
        "seconds"
    );
    for period in Period::ALL {
        let d = sdlab_nines::downtime_s(a, calendar.seconds(period));
        out += &format!(
            "{:<14} {:>16} {:>18} {:>16}\n",
            period.name(),
            calendar.days_text(period),
            format_duration(d),
            seconds_text(d)
        );
    }
    Ok(out.trim_end().to_string())
}

fn reverse(downtime: &str, per: Period, calendar: &Calendar, json: bool) -> Result<String, String> {
    let downtime_s = parse_duration(downtime).map_err(|e| format!("--downtime: {e}"))?;
    let a = sdlab_nines::availability_from_downtime(downtime_s, calendar.seconds(per))
        .map_err(|e| format!("--downtime: {e} ({})", calendar.days_text(per)))?;
    if json {
        return to_json(&AvailabilityJson {
            availability: a.availability(),
            nines: nines(a),
        });
    }
    Ok(format!(
        "{} of downtime per {} ({}) → availability {}% ({}; U = {})",
        format_duration(downtime_s),
        per.name(),
        calendar.days_text(per),
        percent_text(a),
        nines_text(a),
        u_text(a)
    ))
}

/// Seconds with thousands separators, or in scientific notation when six decimals would show 0.
fn seconds_text(seconds: f64) -> String {
    if seconds > 0.0 && seconds < 1e-3 {
        format_sci(seconds, 4)
    } else {
        format_grouped(seconds, 6)
    }
}

pub fn nines_text(a: Availability) -> String {
    match (a.leading_nines(), nines(a)) {
        (Some(leading), Some(nines)) => format!("{nines:.3} nines, {leading} leading"),
        _ => "no downtime at all".into(),
    }
}

/// −log10(U), with 0% giving 0 rather than −0; `None` (JSON null) for 100%, which has ∞ nines.
pub fn nines(a: Availability) -> Option<f64> {
    finite(a.nines() + 0.0)
}

/// U in full (the shortest text that reads back the same), 0 and 1 without an exponent.
pub fn u_text(a: Availability) -> String {
    let u = a.unavailability();
    if u == 0.0 || u == 1.0 {
        format!("{u}")
    } else {
        format!("{u:e}")
    }
}

/// The percentage as `Availability::percent_text` prints it, unless that rounds a U > 0 to
/// "100": then `100 − 100·U`, so a near-perfect system never reads as perfect.
pub fn percent_text(a: Availability) -> String {
    let text = a.percent_text();
    let u = a.unavailability();
    if text == "100" && u > 0.0 {
        format!("100 − {}", format_sci(u * 100.0, 4))
    } else {
        text
    }
}

/// JSON has no infinity: a value that is infinite (100% has ∞ nines) is written as null.
pub fn finite(value: f64) -> Option<f64> {
    value.is_finite().then_some(value)
}

pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| e.to_string())
}
