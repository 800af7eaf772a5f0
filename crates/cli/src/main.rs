//! The `sdlab` command: every tool's models from a terminal, with `--json` output for scripts.

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use sdlab_nines::{Availability, Calendar, MonthLen, Period, QuarterLen, YearDays};
use sdlab_sim::units::{format_duration, format_grouped, parse_duration};

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
    /// Availability, nines and downtime budgets.
    #[command(subcommand)]
    Nines(NinesCommand),
}

#[derive(Subcommand, Debug)]
enum NinesCommand {
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
}

#[derive(Args, Debug)]
struct CalendarArgs {
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
            let rendered = err.render().to_string();
            let first = rendered
                .lines()
                .next()
                .unwrap_or("error: invalid arguments");
            eprintln!("{first}");
            return ExitCode::from(2);
        }
    };
    match run(cli) {
        Ok(output) => {
            println!("{output}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<String, String> {
    match cli.tool {
        Tool::Nines(NinesCommand::Downtime {
            availability,
            calendar,
            json,
        }) => {
            let a = Availability::parse_percent(&availability)
                .map_err(|e| format!("--availability: {e}"))?;
            let calendar = calendar.calendar();
            let budget = sdlab_nines::budget(a, &calendar);
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
        Tool::Nines(NinesCommand::Availability {
            downtime,
            per,
            calendar,
            json,
        }) => {
            let downtime_s = parse_duration(&downtime).map_err(|e| format!("--downtime: {e}"))?;
            let calendar = calendar.calendar();
            let a = sdlab_nines::availability_from_downtime(downtime_s, calendar.seconds(per))
                .map_err(|e| format!("--downtime: {e} ({})", calendar.days_text(per)))?;
            if json {
                let nines = a.nines();
                return to_json(&AvailabilityJson {
                    availability: a.availability(),
                    nines: nines.is_finite().then_some(nines),
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
    }
}

fn nines_text(a: Availability) -> String {
    match a.leading_nines() {
        Some(leading) => format!("{:.3} nines, {leading} leading", a.nines()),
        None => "no downtime at all".into(),
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| e.to_string())
}
