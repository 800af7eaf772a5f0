//! Error budgets and multiwindow, multi-burn-rate alerting (reference §5; not in the book — SRE
//! practice from the Google SRE Workbook, "Implementing SLOs" and "Alerting on SLOs").

use serde::{Deserialize, Serialize};

use crate::Availability;

/// The window an SLO is measured over.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SloWindow {
    /// Four weeks, the Workbook's suggested default: every window holds the same weekdays.
    #[default]
    Days28,
    Days30,
    /// A 90-day quarter.
    Quarter,
}

impl SloWindow {
    pub const ALL: [SloWindow; 3] = [SloWindow::Days28, SloWindow::Days30, SloWindow::Quarter];

    pub fn days(self) -> f64 {
        match self {
            SloWindow::Days28 => 28.0,
            SloWindow::Days30 => 30.0,
            SloWindow::Quarter => 90.0,
        }
    }

    pub fn seconds(self) -> f64 {
        self.days() * 86_400.0
    }

    pub fn label(self) -> &'static str {
        match self {
            SloWindow::Days28 => "28 days (rolling 4 weeks)",
            SloWindow::Days30 => "30 days",
            SloWindow::Quarter => "quarter (90 days)",
        }
    }
}

impl std::fmt::Display for SloWindow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SloWindow::Days28 => "28d",
            SloWindow::Days30 => "30d",
            SloWindow::Quarter => "quarter",
        })
    }
}

impl std::str::FromStr for SloWindow {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "28d" => Ok(SloWindow::Days28),
            "30d" => Ok(SloWindow::Days30),
            "quarter" | "90d" => Ok(SloWindow::Quarter),
            other => Err(format!(
                "unknown window “{other}”; expected one of: 28d, 30d, quarter"
            )),
        }
    }
}

/// Time-based error budget `B = (1 − SLO) × W`, in seconds.
pub fn budget_s(slo: Availability, window_s: f64) -> f64 {
    slo.unavailability() * window_s
}

/// At a constant burn rate `b`, the full budget is gone after `W / b` (∞ for b = 0).
pub fn exhausted_after_s(window_s: f64, burn_rate: f64) -> f64 {
    if burn_rate <= 0.0 {
        f64::INFINITY
    } else {
        window_s / burn_rate
    }
}

/// Fraction of the budget burnt per hour at burn rate `b`: `b · 1 h / W`.
pub fn consumed_per_hour_fraction(window_s: f64, burn_rate: f64) -> f64 {
    burn_rate * 3_600.0 / window_s
}

/// One alerting tier: fire when the burn rate exceeds `x·W/L` over both the long window L and
/// the short window S = L/12.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Tier {
    pub budget_fraction: f64,
    pub long_hours: f64,
    pub severity: &'static str,
}

/// The Workbook's recommended tiers ("Alerting on SLOs", multiwindow, multi-burn-rate alerts):
/// 2% of the budget in 1 hour and 5% in 6 hours page; 10% in 3 days files a ticket.
pub const WORKBOOK_TIERS: [Tier; 3] = [
    Tier {
        budget_fraction: 0.02,
        long_hours: 1.0,
        severity: "page",
    },
    Tier {
        budget_fraction: 0.05,
        long_hours: 6.0,
        severity: "page",
    },
    Tier {
        budget_fraction: 0.10,
        long_hours: 72.0,
        severity: "ticket",
    },
];

impl Tier {
    pub fn short_hours(&self) -> f64 {
        self.long_hours / 12.0
    }

    /// `b* = x·W/L`.
    pub fn burn_threshold(&self, window_hours: f64) -> f64 {
        self.budget_fraction * window_hours / self.long_hours
    }
}

/// Cumulative downtime in [0, t] of sorted, non-overlapping outages (hours).
fn downtime_until(outages: &[(f64, f64)], t: f64) -> f64 {
    outages
        .iter()
        .take_while(|(s, _)| *s < t)
        .map(|&(s, e)| e.min(t) - s)
        .sum()
}

/// When a tier would have fired and cleared over a timeline of outages, evaluated every minute.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TierReport {
    pub tier: Tier,
    pub burn_threshold: f64,
    /// Time to exhaust the whole budget at the threshold burn rate, hours.
    pub exhaustion_hours: f64,
    /// (fired, cleared) in hours from the window start; `cleared` is the window end if still firing.
    pub firings: Vec<(f64, f64)>,
}

pub fn evaluate_tiers(
    outages: &[(f64, f64)],
    window_hours: f64,
    slo: Availability,
) -> Vec<TierReport> {
    let mut outages: Vec<(f64, f64)> = outages.iter().copied().filter(|(s, e)| e > s).collect();
    outages.sort_by(|a, b| a.0.total_cmp(&b.0));
    let u_slo = slo.unavailability();
    let step = 1.0 / 60.0;
    let steps = (window_hours / step).ceil() as usize;
    WORKBOOK_TIERS
        .iter()
        .map(|tier| {
            let threshold = tier.burn_threshold(window_hours);
            let burn = |t: f64, len: f64| {
                let d = downtime_until(&outages, t) - downtime_until(&outages, (t - len).max(0.0));
                if u_slo > 0.0 {
                    d / len / u_slo
                } else {
                    f64::INFINITY
                }
            };
            let mut firings = Vec::new();
            let mut since: Option<f64> = None;
            for i in 1..=steps {
                let t = (i as f64 * step).min(window_hours);
                let firing = burn(t, tier.long_hours) >= threshold
                    && burn(t, tier.short_hours()) >= threshold;
                match (firing, since) {
                    (true, None) => since = Some(t),
                    (false, Some(s)) => {
                        firings.push((s, t));
                        since = None;
                    }
                    _ => {}
                }
            }
            if let Some(s) = since {
                firings.push((s, window_hours));
            }
            TierReport {
                tier: *tier,
                burn_threshold: threshold,
                exhaustion_hours: window_hours / threshold,
                firings,
            }
        })
        .collect()
}

/// Budget remaining (fraction, may go negative) at each outage edge: the burn-down line.
pub fn burn_down(outages: &[(f64, f64)], window_hours: f64, slo: Availability) -> Vec<(f64, f64)> {
    let budget = slo.unavailability() * window_hours;
    let mut points = vec![(0.0, 1.0)];
    let mut spent = 0.0;
    for &(s, e) in outages {
        points.push((s, 1.0 - spent / budget));
        spent += e - s;
        points.push((e, 1.0 - spent / budget));
    }
    points.push((window_hours, 1.0 - spent / budget));
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slo(p: &str) -> Availability {
        Availability::parse_percent(p).expect("valid")
    }

    #[test]
    fn burn_rate_identities() {
        // Reference §5.1/§9: the budget burnt at b = 1 over W is exactly 100%; W/b to exhaust;
        // b* = x·W/L reproduces x when applied over L.
        let w = SloWindow::Days30.seconds();
        assert_eq!(budget_s(slo("99.9"), w), 2_592.0);
        assert!((consumed_per_hour_fraction(w, 1.0) * w / 3_600.0 - 1.0).abs() < 1e-12);
        assert_eq!(exhausted_after_s(w, 1.0), w);
        assert_eq!(exhausted_after_s(w, 0.0), f64::INFINITY);
        for tier in WORKBOOK_TIERS {
            let b = tier.burn_threshold(720.0);
            let burnt = b * tier.long_hours / 720.0;
            assert!((burnt - tier.budget_fraction).abs() < 1e-12);
        }
        // The Workbook's burn rates for a 30-day window: 14.4, 6 and 1.
        let rates: Vec<f64> = WORKBOOK_TIERS
            .iter()
            .map(|t| t.burn_threshold(720.0))
            .collect();
        assert!(
            (rates[0] - 14.4).abs() < 1e-12
                && (rates[1] - 6.0).abs() < 1e-12
                && (rates[2] - 1.0).abs() < 1e-12
        );
    }

    #[test]
    fn a_total_outage_fires_the_fast_tier_within_minutes_and_clears_after() {
        // 99.9% SLO, 30-day window. A 2-hour total outage from t = 100 h: the error ratio is 1,
        // a burn rate of 1000 ≥ 14.4 over 5 minutes after 5·14.4/1000 min ≈ 4.3 s of each window,
        // so the 1 h/5 min tier fires at the first minute step after the outage starts.
        let reports = evaluate_tiers(&[(100.0, 102.0)], 720.0, slo("99.9"));
        let fast = &reports[0];
        assert_eq!(fast.firings.len(), 1);
        let (fired, cleared) = fast.firings[0];
        assert!((fired - (100.0 + 1.0 / 60.0)).abs() < 1e-9, "{fired}");
        // It clears once the 5-minute window no longer burns fast enough: within 5 minutes.
        assert!(
            cleared > 102.0 && cleared <= 102.0 + 5.0 / 60.0 + 1e-9,
            "{cleared}"
        );
    }

    #[test]
    fn no_outage_never_fires_and_the_burn_down_ends_where_it_started() {
        let reports = evaluate_tiers(&[], 720.0, slo("99.9"));
        assert!(reports.iter().all(|r| r.firings.is_empty()));
        assert_eq!(
            burn_down(&[], 720.0, slo("99.9")),
            vec![(0.0, 1.0), (720.0, 1.0)]
        );
        let down = burn_down(&[(10.0, 10.36)], 720.0, slo("99.9"));
        // 0.36 h of a 0.72 h budget: half remains.
        assert!((down.last().expect("points").1 - 0.5).abs() < 1e-9);
    }

    #[test]
    fn window_tokens_round_trip() {
        for w in SloWindow::ALL {
            assert_eq!(w.to_string().parse::<SloWindow>(), Ok(w));
        }
        assert!("7d".parse::<SloWindow>().is_err());
    }
}
