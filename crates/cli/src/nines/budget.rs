//! `sdlab nines budget`: the time-based error budget of an SLO, how fast a burn rate spends
//! it, and the SRE Workbook's multiwindow, multi-burn-rate tiers (reference §5; not the book).

use clap::Args;
use sdlab_nines::Availability;
use sdlab_nines::slo::{self, SloWindow, WORKBOOK_TIERS};
use sdlab_sim::units::format_duration;

use super::{finite, to_json};
use crate::input;

#[derive(Args, Debug)]
pub struct BudgetArgs {
    /// SLO in %, e.g. 99.9.
    #[arg(long, allow_hyphen_values = true)]
    slo: String,
    /// SLO window: 28d (rolling four weeks), 30d or quarter (90 days).
    #[arg(long, default_value = "28d")]
    window: SloWindow,
    /// Burn rate: the error ratio divided by 1 − SLO; 1 spends the budget in exactly one window.
    #[arg(long, default_value = "1", allow_hyphen_values = true)]
    burn_rate: String,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

/// With an SLO of 100% the budget is zero: `exhausted_after_s` is 0 (spent at once, whatever
/// the burn rate), `consumed_per_hour_fraction` is null (a share of nothing) and `note` says so.
/// `note` appears only then.
#[derive(serde::Serialize)]
struct BudgetJson {
    budget_s: f64,
    /// W / b; null when the burn rate is 0 (never exhausted); 0 when there is no budget.
    exhausted_after_s: Option<f64>,
    /// b · 1 h / W; null when there is no budget.
    consumed_per_hour_fraction: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'static str>,
}

const NO_BUDGET: &str = "an SLO of 100% leaves no error budget: any downtime exhausts it at once, \
                         so burn rates and alerting tiers do not apply (alert on any error)";

pub fn budget(args: &BudgetArgs) -> Result<String, String> {
    let slo = Availability::parse_percent(&args.slo).map_err(|e| format!("--slo: {e}"))?;
    let burn_rate = input::non_negative("--burn-rate", &args.burn_rate)?;
    let window_s = args.window.seconds();
    let budget_s = slo::budget_s(slo, window_s);
    if budget_s == 0.0 {
        if args.json {
            return to_json(&BudgetJson {
                budget_s,
                exhausted_after_s: Some(0.0),
                consumed_per_hour_fraction: None,
                note: Some(NO_BUDGET),
            });
        }
        return Ok(format!(
            "SLO {}% over {}: error budget 0 s ((1 − SLO) × W) [SRE Workbook, not the book]\n{NO_BUDGET}",
            slo.percent_text(),
            args.window.label()
        ));
    }
    let exhausted_s = slo::exhausted_after_s(window_s, burn_rate);
    let per_hour = slo::consumed_per_hour_fraction(window_s, burn_rate);
    if args.json {
        return to_json(&BudgetJson {
            budget_s,
            exhausted_after_s: finite(exhausted_s),
            consumed_per_hour_fraction: Some(per_hour),
            note: None,
        });
    }
    let window_hours = window_s / 3_600.0;
    let mut out = format!(
        "SLO {}% over {}: error budget {} of downtime ((1 − SLO) × W) [SRE Workbook, not the book]\n\
         burn rate {burn_rate}: {:.4}% of the budget per hour, exhausted after {}\n\n\
         Workbook alerting tiers (fire when the burn rate exceeds b* = x·W/L over both L and S = L/12):\n\
         {:<9} {:>10} {:>12} {:>12} {:>8} {:>20}\n",
        slo.percent_text(),
        args.window.label(),
        format_duration(budget_s),
        per_hour * 100.0,
        if exhausted_s.is_finite() {
            format_duration(exhausted_s)
        } else {
            "never".into()
        },
        "severity",
        "budget x",
        "long L",
        "short S",
        "b*",
        "exhausted at b*"
    );
    for tier in WORKBOOK_TIERS {
        let threshold = tier.burn_threshold(window_hours);
        out += &format!(
            "{:<9} {:>9}% {:>12} {:>12} {:>8} {:>20}\n",
            tier.severity,
            tier.budget_fraction * 100.0,
            format_duration(tier.long_hours * 3_600.0),
            format_duration(tier.short_hours() * 3_600.0),
            format!("{:.3}", threshold),
            format_duration(slo::exhausted_after_s(window_s, threshold))
        );
    }
    Ok(out.trim_end().to_string())
}
