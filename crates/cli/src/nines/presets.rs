//! `sdlab nines check-presets`: the analytic/Monte Carlo agreement of every preset of the lab,
//! the same [`PresetChecksJob`] the page's "Check every preset against Monte Carlo" runs.

use clap::Args;
use sdlab_nines::jobs::{PRESET_CHECK_SEED, PRESET_CHECK_YEARS, PresetCheck, PresetChecksJob};
use sdlab_sim::units::format_sci;

use super::{YEARS_RANGE, to_json};
use crate::{Reply, input, job};

#[derive(Args, Debug)]
pub struct CheckPresetsArgs {
    /// Simulated years of each preset after the warm-up, 1 to 1,000,000.
    #[arg(long, default_value_t = PRESET_CHECK_YEARS.to_string(), allow_hyphen_values = true)]
    years: String,
    /// Random seed: the same seed gives the same run here, natively and in the browser.
    #[arg(long, default_value_t = PRESET_CHECK_SEED, allow_hyphen_values = true)]
    seed: u64,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

#[derive(serde::Serialize)]
struct ChecksJson<'a> {
    years: f64,
    seed: u64,
    all_agree: bool,
    presets: &'a [PresetCheck],
}

pub fn check_presets(args: &CheckPresetsArgs) -> Result<Reply, String> {
    let (lo, hi) = YEARS_RANGE;
    let years = input::between("--years", &args.years, lo, hi)?;
    let checks = job::run(
        &PresetChecksJob {
            years,
            seed: args.seed,
        },
        "checking presets",
    )?;
    let all_agree = checks.iter().all(|c| c.agrees);
    let text = if args.json {
        to_json(&ChecksJson {
            years,
            seed: args.seed,
            all_agree,
            presets: &checks,
        })?
    } else {
        text(&checks, years, args.seed)
    };
    Ok(Reply {
        text,
        check_failed: !all_agree,
    })
}

fn text(checks: &[PresetCheck], years: f64, seed: u64) -> String {
    let mut out = format!(
        "Every preset, analytic unavailability against the Monte Carlo 95% interval \
         (batch means; {years} simulated years each, seed {seed}; reference §4.6)\n\n\
         {:<40} {:>12} {:>26} {:>9}  verdict\n",
        "preset", "analytic U", "simulated U, 95% CI", "outages"
    );
    for c in checks {
        let name: String = c.name.chars().take(40).collect();
        out += &format!(
            "{name:<40} {:>12} {:>26} {:>9}  {}\n",
            format_sci(c.analytic_u, 4),
            format!("[{}, {}]", format_sci(c.lo, 4), format_sci(c.hi, 4)),
            c.outages,
            if c.agrees { "agree" } else { "DISAGREE" }
        );
    }
    let agree = checks.iter().filter(|c| c.agrees).count();
    out += &format!("\n{agree} of {} presets agree", checks.len());
    if agree < checks.len() {
        out +=
            " (a 95% interval misses about once in twenty seeds; try another seed or more years)";
    }
    out
}
