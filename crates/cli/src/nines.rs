//! `sdlab nines …`: downtime budgets, block diagrams, MTBF/MTTR, Monte Carlo, error budgets and
//! incident logs, each a thin shell over `sdlab-nines` with a table or one JSON object.

mod budget;
mod compose;
mod incidents;
mod simulate;

use clap::{Args, Subcommand};
use sdlab_nines::{Availability, Calendar, MonthLen, Period, QuarterLen, YearDays};
use sdlab_sim::units::{format_duration, format_grouped, parse_duration};

pub use budget::BudgetArgs;
pub use compose::{ComposeArgs, MtbfArgs};
pub use incidents::IncidentsArgs;
pub use simulate::SimulateArgs;

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
        /// The period the downtime is counted over.
        #[arg(long, default_value = "year")]
        per: Period,
        #[command(flatten)]
        calendar: CalendarArgs,
        #[arg(long)]
        json: bool,
    },
    /// Availability of a block diagram (series, parallel, k-of-n, standby, shared fate).
    Compose(ComposeArgs),
    /// Availability from MTBF and MTTR, A = MTBF / (MTBF + MTTR) [derived, not from the book].
    Mtbf(MtbfArgs),
    /// Monte Carlo failure/repair simulation, compared with the analytic availability.
    Simulate(SimulateArgs),
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
struct DowntimeJson {
    availability: f64,
    #[serde(flatten)]
    budget: sdlab_nines::Budget,
}

#[derive(serde::Serialize)]
struct AvailabilityJson {
    availability: f64,
    /// −log10(1 − A); null when the downtime is zero (infinitely many nines).
    nines: Option<f64>,
}

pub fn run(command: NinesCommand) -> Result<String, String> {
    match command {
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
        NinesCommand::Budget(args) => budget::budget(&args),
        NinesCommand::Incidents(args) => incidents::incidents(&args),
    }
}

fn downtime(availability: &str, calendar: &Calendar, json: bool) -> Result<String, String> {
    let a =
        Availability::parse_percent(availability).map_err(|e| format!("--availability: {e}"))?;
    let budget = sdlab_nines::budget(a, calendar);
    if json {
        return to_json(&DowntimeJson {
            availability: a.availability(),
            budget,
        });
    }
    let mut out = format!(
        "availability {}% ({}; U = {:e})\nconvention: {}\n\n{:<14} {:>16} {:>18} {:>16}\n",
        a.percent_text(),
        nines_text(a),
        a.unavailability(),
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
            format_grouped(d, 6)
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
            nines: finite(a.nines()),
        });
    }
    Ok(format!(
        "{} of downtime per {} ({}) → availability {}% ({}; U = {:e})",
        format_duration(downtime_s),
        per.name(),
        calendar.days_text(per),
        a.percent_text(),
        nines_text(a),
        a.unavailability()
    ))
}

pub fn nines_text(a: Availability) -> String {
    match a.leading_nines() {
        Some(leading) => format!("{:.3} nines, {leading} leading", a.nines()),
        None => "no downtime at all".into(),
    }
}

/// JSON has no infinity: a value that is infinite (100% has ∞ nines) is written as null.
pub fn finite(value: f64) -> Option<f64> {
    value.is_finite().then_some(value)
}

pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| e.to_string())
}
