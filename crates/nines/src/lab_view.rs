//! The availability lab's cards as draw-ready words and numbers: [`LabState::view`] for the
//! diagram's analysis, the error budget and the incident log, [`SimView::new`] for a Monte Carlo
//! report, and [`checks`] for the "Sources & checks" panel. Every number a card shows is
//! computed here, natively, and snapshot-tested; the page only lays it out.

use sdlab_sim::units::{format_duration, format_grouped, format_sci};
use sdlab_sim::{Check, Figure, Table};

use crate::analytic::{Analysis, analyse};
use crate::calendar::{Calendar, Period};
use crate::incidents::{self, IncidentReport, ParsedLog};
use crate::jobs::{PRESET_CHECK_SEED, PRESET_CHECK_YEARS, PresetCheck, SimulateJob};
use crate::lab::LabState;
use crate::simulate::{BATCHES, HOURS_PER_YEAR, Report, SimParams};
use crate::slo::{self, WORKBOOK_TIERS};
use crate::{Availability, presets};

/// Longest incident log a link carries; a longer log is cut there, and the card says so.
pub const MAX_LINK_INCIDENT_CHARS: usize = 20_000;

/// A labelled value in a two-column table.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub label: String,
    pub value: String,
}

fn row(label: impl Into<String>, value: impl Into<String>) -> Row {
    Row {
        label: label.into(),
        value: value.into(),
    }
}

/// Two-column rows as a table.
pub fn rows_table(rows: &[Row]) -> Table {
    let mut t = Table::new(&["quantity", "value"]);
    for r in rows {
        t.push([r.label.clone(), r.value.clone()]);
    }
    t
}

/// An availability given as its unavailability, e.g. "99.95%".
pub fn percent(u: f64) -> String {
    Availability::from_unavailability(u.clamp(0.0, 1.0))
        .map_or("—".into(), |a| format!("{}%", a.percent_text()))
}

/// "3.30 nines", or "∞ nines" for no downtime.
pub fn nines_text(u: f64) -> String {
    if u <= 0.0 {
        "∞ nines".into()
    } else {
        format!("{:.2} nines", -libm::log10(u))
    }
}

/// A span given in hours, as a duration.
pub fn hours(h: f64) -> String {
    format_duration(h * 3_600.0)
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        format_grouped(n as f64, 0),
        if n == 1 { one } else { many }
    )
}

/// One block's contribution to the downtime.
#[derive(Clone, Debug, PartialEq)]
pub struct ImpactRow {
    pub label: String,
    /// Its kind and the group it sits in ("component in Web tier").
    pub place: String,
    pub share: String,
    pub perfect: String,
    pub gain: String,
}

/// The analytic card.
#[derive(Clone, Debug, PartialEq)]
pub struct AnalyticView {
    pub percent: String,
    pub nines: String,
    pub unavailability: String,
    /// Downtime per year, month and week under the calendar convention, then the system's
    /// outage frequency and MTBF/MTTR where the analysis gives them.
    pub rows: Vec<Row>,
    /// The analysis gives no outage frequency (a standby pair): the simulation measures it.
    pub no_frequency: bool,
    /// The blocks that cost the most, worst first (at most 12).
    pub impacts: Vec<ImpactRow>,
    /// Blocks used more than once, analysed by conditioning.
    pub shared: Option<String>,
}

/// Blocks listed in the impact table.
const MAX_IMPACT_ROWS: usize = 12;

impl AnalyticView {
    /// The availability and downtime rows, for CSV.
    pub fn summary_table(&self) -> Table {
        let mut rows = vec![
            row("Availability", self.percent.clone()),
            row("Nines", self.nines.clone()),
            row(
                "Unavailability",
                self.unavailability.trim_start_matches("U = "),
            ),
        ];
        rows.extend(self.rows.iter().cloned());
        rows_table(&rows)
    }

    /// Where the downtime comes from, for CSV.
    pub fn impacts_table(&self) -> Table {
        let mut t = Table::new(&[
            "block",
            "where",
            "share of downtime",
            "availability if perfect",
            "nines gained",
        ]);
        for i in &self.impacts {
            t.push([
                i.label.clone(),
                i.place.clone(),
                i.share.clone(),
                i.perfect.clone(),
                i.gain.clone(),
            ]);
        }
        t
    }

    pub fn new(a: &Analysis, calendar: &Calendar) -> Self {
        let u = a.unavailability;
        let mut rows: Vec<Row> = [Period::Year, Period::Month, Period::Week]
            .into_iter()
            .map(|p| {
                row(
                    format!("Downtime per {} ({})", p.name(), calendar.days_text(p)),
                    format_duration(u * calendar.seconds(p)),
                )
            })
            .collect();
        if let Some(f) = a.frequency {
            rows.push(row(
                "System outages per year",
                format!("{:.3}", f.failures_per_year),
            ));
            rows.push(row(
                "System MTBF / MTTR",
                format!("{} / {}", hours(f.mut_hours), hours(f.mdt_hours)),
            ));
        }
        let parent_label = |path: &[usize]| {
            let parent = &path[..path.len().saturating_sub(1)];
            a.blocks
                .iter()
                .find(|p| p.path == parent)
                .map_or(String::new(), |p| p.label.clone())
        };
        let mut blocks: Vec<_> = a.blocks.iter().filter(|b| !b.path.is_empty()).collect();
        blocks.sort_by(|x, y| y.share.total_cmp(&x.share));
        let impacts = blocks
            .iter()
            .take(MAX_IMPACT_ROWS)
            .map(|b| ImpactRow {
                label: b.label.clone(),
                place: format!("{} in {}", b.kind, parent_label(&b.path)),
                share: format!("{:.1}%", b.share * 100.0),
                perfect: percent(b.perfect_u),
                gain: if b.nines_gain.is_finite() {
                    format!("+{:.2}", b.nines_gain)
                } else {
                    "all".into()
                },
            })
            .collect();
        AnalyticView {
            percent: percent(u),
            nines: nines_text(u),
            unavailability: format!("U = {}", format_sci(u, 4)),
            rows,
            no_frequency: a.frequency.is_none(),
            impacts,
            shared: (!a.repeated.is_empty()).then(|| a.repeated.join(", ")),
        }
    }
}

/// The Monte Carlo results card, for one report.
#[derive(Clone, Debug, PartialEq)]
pub struct SimView {
    pub availability: String,
    /// "95% CI 99.93% – 99.96%".
    pub ci: String,
    pub analytic: String,
    pub agrees: bool,
    pub verdict: String,
    pub rows: Vec<Row>,
    /// A warning beside the outage count when there are too few for a good interval.
    pub few_outages: Option<String>,
    /// The histogram's bins that hold outages, with one empty bin either side.
    pub histogram_edges_hours: Vec<f64>,
    pub histogram_counts: Vec<u64>,
    pub histogram_label: String,
    pub timeline_title: String,
    /// A caveat about this diagram's analytic value, when the two agree anyway.
    pub note: Option<String>,
}

/// Fewer system outages than this make the interval rough.
const FEW_OUTAGES: u64 = 30;

impl SimView {
    /// The results table, for CSV.
    pub fn table(&self) -> Table {
        let mut rows = vec![
            row("Simulated availability", self.availability.clone()),
            row(
                "95% confidence interval",
                self.ci.trim_start_matches("95% CI "),
            ),
            row("Analytic availability", self.analytic.clone()),
            row("Agreement", self.verdict.clone()),
        ];
        rows.extend(self.rows.iter().cloned());
        rows_table(&rows)
    }

    pub fn new(r: &Report) -> Self {
        let u = r.unavailability;
        let verdict = if r.agrees {
            "✓ the analytic value lies inside the 95% interval".to_string()
        } else {
            format!(
                "✗ the analytic value lies outside the 95% interval{}",
                r.caveat
                    .as_deref()
                    .map_or(String::new(), |c| format!(": {c}"))
            )
        };
        let window_days = r.window_hours / 24.0;
        let breached_pct = if r.windows > 0 {
            r.windows_breached as f64 / r.windows as f64 * 100.0
        } else {
            0.0
        };
        let rows = vec![
            row(
                "System outages observed",
                format_grouped(r.outages as f64, 0),
            ),
            row(
                "System MTBF (mean up time between outages)",
                r.mtbf_hours.map_or("—".into(), hours),
            ),
            row(
                "System MTTR (mean outage)",
                r.mttr_hours.map_or("—".into(), hours),
            ),
            row(
                format!("{window_days}-day windows over budget"),
                format!(
                    "{} of {} ({breached_pct:.2}%), worst {}",
                    format_grouped(r.windows_breached as f64, 0),
                    format_grouped(r.windows as f64, 0),
                    hours(r.worst_window_downtime_hours)
                ),
            ),
            row("Events simulated", format_grouped(r.events as f64, 0)),
        ];
        let (edges, counts) = trim_histogram(&r.histogram_edges_hours, &r.histogram_counts);
        SimView {
            availability: percent(u.mean),
            ci: format!("95% CI {} – {}", percent(u.hi), percent(u.lo)),
            analytic: percent(r.analytic_unavailability),
            agrees: r.agrees,
            verdict,
            rows,
            few_outages: (r.outages < FEW_OUTAGES).then(|| {
                format!(" — fewer than {FEW_OUTAGES}: the interval is rough; simulate more years")
            }),
            histogram_edges_hours: edges,
            histogram_counts: counts,
            histogram_label: format!(
                "Histogram of {} simulated system outage durations, on a logarithmic time axis.",
                r.outages
            ),
            timeline_title: format!(
                "Up/down timeline: days {}–{}",
                format_grouped((r.timeline_start_hours / 24.0).round(), 0),
                format_grouped(
                    ((r.timeline_start_hours + r.window_hours) / 24.0).round(),
                    0
                )
            ),
            note: r
                .caveat
                .as_ref()
                .filter(|_| r.agrees)
                .map(|c| format!("Note: {c}.")),
        }
    }
}

/// The bins that hold outages, with one empty bin either side; all bins when none does.
fn trim_histogram(edges: &[f64], counts: &[u64]) -> (Vec<f64>, Vec<u64>) {
    let first = counts
        .iter()
        .position(|&c| c > 0)
        .unwrap_or(0)
        .saturating_sub(1);
    let last = counts
        .iter()
        .rposition(|&c| c > 0)
        .map_or(counts.len(), |i| (i + 2).min(counts.len()));
    if first < last && last < edges.len() {
        (edges[first..=last].to_vec(), counts[first..last].to_vec())
    } else {
        (edges.to_vec(), counts.to_vec())
    }
}

/// One alert tier of the Workbook's table.
#[derive(Clone, Debug, PartialEq)]
pub struct TierRow {
    /// "2% of budget in 1 hour → page".
    pub name: String,
    /// "2%/1h", for the chart.
    pub short: String,
    pub burn_threshold: String,
    pub windows: String,
    pub gone_in: String,
}

/// A simulated window burning its budget.
#[derive(Clone, Debug, PartialEq)]
pub struct BurnWindow {
    pub summary: String,
    /// `(hour, budget fraction left)`.
    pub points: Vec<(f64, f64)>,
    /// `(from hour, to hour, tier index)`.
    pub firings: Vec<(f64, f64, usize)>,
    pub window_hours: f64,
    /// One line per tier: when it fired.
    pub tiers: Vec<String>,
}

/// The error-budget card.
#[derive(Clone, Debug, PartialEq)]
pub struct BudgetView {
    pub budget: String,
    pub per_window: String,
    /// What is wrong with the SLO field's text.
    pub slo_error: Option<String>,
    /// Shown while the SLO field holds bad input.
    pub stale: Option<String>,
    pub burn_error: Option<String>,
    pub burn: Option<String>,
    pub tiers: Vec<TierRow>,
    /// From a simulation report, when there is one.
    pub window: Option<BurnWindow>,
}

impl BudgetView {
    /// The alert tiers, for CSV.
    pub fn tiers_table(&self) -> Table {
        let mut t = Table::new(&[
            "alert tier",
            "burn rate at least",
            "windows (long / short)",
            "budget gone in",
        ]);
        for tier in &self.tiers {
            t.push([
                tier.name.clone(),
                tier.burn_threshold.clone(),
                tier.windows.clone(),
                tier.gone_in.clone(),
            ]);
        }
        t
    }

    pub fn new(state: &LabState, report: Option<&Report>) -> Self {
        let (slo, slo_error) = state.slo();
        let window = state.window;
        let window_s = window.seconds();
        let window_h = window_s / 3_600.0;
        let budget_s = slo::budget_s(slo, window_s);
        let burn = parse_burn(&state.burn_text);
        let burn_text = burn.as_ref().ok().map(|&b| {
            let gone = if budget_s <= 0.0 {
                "at once: a 100% SLO leaves no budget".to_string()
            } else if b > 0.0 {
                format!(
                    "in {}",
                    format_duration(slo::exhausted_after_s(window_s, b))
                )
            } else {
                "never".to_string()
            };
            format!(
                "At a burn rate of {b}× the whole budget is gone {gone}, {:.2}% of it per hour.",
                slo::consumed_per_hour_fraction(window_s, b) * 100.0
            )
        });
        let tiers: Vec<TierRow> = WORKBOOK_TIERS
            .iter()
            .map(|t| TierRow {
                name: format!(
                    "{}% of budget in {} → {}",
                    t.budget_fraction * 100.0,
                    hours(t.long_hours),
                    t.severity
                ),
                short: format!(
                    "{}%/{}",
                    t.budget_fraction * 100.0,
                    short_hours(t.long_hours)
                ),
                burn_threshold: format!("{:.1}", t.burn_threshold(window_h)),
                windows: format!("{} / {}", hours(t.long_hours), hours(t.short_hours())),
                gone_in: hours(window_h / t.burn_threshold(window_h)),
            })
            .collect();
        let burn_window = report.map(|r| {
            let outages = &r.system_lane.down;
            let spent: f64 = outages.iter().map(|(s, e)| e - s).sum();
            let budget_h = slo.unavailability() * r.window_hours;
            let reports = slo::evaluate_tiers(outages, r.window_hours, slo);
            let share = if budget_h > 0.0 {
                format!("{:.0}% of the budget", spent / budget_h * 100.0)
            } else {
                "the SLO allows none".to_string()
            };
            BurnWindow {
                summary: format!(
                    "Simulated window from day {}: {}, {} of downtime — {share}.",
                    format_grouped((r.timeline_start_hours / 24.0).round(), 0),
                    plural(outages.len() as u64, "outage", "outages"),
                    hours(spent),
                ),
                points: slo::burn_down(outages, r.window_hours, slo),
                firings: reports
                    .iter()
                    .enumerate()
                    .flat_map(|(i, t)| t.firings.iter().map(move |&(a, b)| (a, b, i)))
                    .collect(),
                window_hours: r.window_hours,
                tiers: reports
                    .iter()
                    .map(|t| {
                        let when = if t.firings.is_empty() {
                            "never fired".to_string()
                        } else {
                            t.firings
                                .iter()
                                .map(|(a, b)| {
                                    format!("fired day {:.1} for {}", a / 24.0, hours(b - a))
                                })
                                .collect::<Vec<_>>()
                                .join("; ")
                        };
                        format!(
                            "{}% / {}: {when}",
                            t.tier.budget_fraction * 100.0,
                            hours(t.tier.long_hours)
                        )
                    })
                    .collect(),
            }
        });
        BudgetView {
            budget: format_duration(budget_s),
            per_window: format!("of downtime per {} window", window.label()),
            stale: slo_error.as_ref().map(|_| {
                format!(
                    "Showing the budget for {}%, the last valid SLO.",
                    slo.percent_text()
                )
            }),
            slo_error,
            burn_error: burn.err(),
            burn: burn_text,
            tiers,
            window: burn_window,
        }
    }
}

/// "1h", "6h", "3d": a tier's long window in the chart legend's short form.
fn short_hours(h: f64) -> String {
    if h >= 24.0 && (h / 24.0).fract() == 0.0 {
        format!("{}d", h / 24.0)
    } else {
        format!("{h}h")
    }
}

/// A burn rate: a number from 0 to 10⁶.
pub fn parse_burn(text: &str) -> Result<f64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("enter a burn rate, e.g. 14.4".into());
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..=1e6).contains(&v) => Ok(v),
        Ok(_) => Err("must be a number from 0 to 1,000,000".into()),
        Err(_) => Err(format!(
            "“{}” is not a number",
            t.chars().take(20).collect::<String>()
        )),
    }
}

/// The incident-log card.
#[derive(Clone, Debug, PartialEq)]
pub struct IncidentsView {
    /// The outage lines skipped, each with why, and how many ("line 4: …; 1 line skipped").
    pub outages_error: Option<String>,
    pub maintenance_error: Option<String>,
    pub from_error: Option<String>,
    pub to_error: Option<String>,
    /// The rows of the result, or why there is none.
    pub result: Result<IncidentsResult, String>,
    /// The log is longer than a link carries.
    pub link_cut: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct IncidentsResult {
    pub availability: String,
    pub nines: String,
    pub rows: Vec<Row>,
    /// How many lines were used and skipped, and the columns a header row named.
    pub lines: String,
    /// The SLO's error budget over the window and how much of it the outages spent.
    pub budget: Row,
    /// The outages spent more than the budget.
    pub over_budget: bool,
}

/// How MTBF and MTTR are worked out from a log: the book's definitions (ch. 1, "Measuring
/// reliability"), with the merged outages as the time spent repairing.
pub const INCIDENT_DEFINITIONS: &str = "MTBF = uptime ÷ failures, MTTR = downtime ÷ repairs: the book's definitions (ch. 1, “Measuring reliability”: total uptime ÷ number of failures, total time spent repairing ÷ number of repairs), with the merged outages as the time spent repairing.";

/// The skipped lines (the first five) and how many, for beside the field.
fn skipped_lines(log: &ParsedLog) -> Option<String> {
    let skipped = &log.skipped;
    if skipped.is_empty() {
        return None;
    }
    let mut text: Vec<String> = skipped.iter().take(5).map(ToString::to_string).collect();
    if skipped.len() > 5 {
        text.push(format!(
            "{} more",
            format_grouped((skipped.len() - 5) as f64, 0)
        ));
    }
    let n = skipped.len() as u64;
    text.push(if log.unusable() {
        format!("{} skipped, none left to use", plural(n, "line", "lines"))
    } else {
        format!("{} skipped", plural(n, "line", "lines"))
    });
    Some(text.join("; "))
}

impl IncidentsView {
    pub fn new(state: &LabState) -> Self {
        let from = incidents::parse_timestamp(&state.incidents_from);
        let to = incidents::parse_timestamp(&state.incidents_to);
        let outages = incidents::parse_log(&state.incidents_text);
        let maintenance = incidents::parse_log(&state.maintenance_text);
        let result = match (&from, &to) {
            _ if outages.unusable() => {
                Err("No line of the outage log could be read: fix the lines marked above.".into())
            }
            _ if maintenance.unusable() => {
                Err("No maintenance window could be read: fix the lines marked above.".into())
            }
            (Ok(f), Ok(t)) => incidents::analyse(
                &outages.intervals,
                Some(*f),
                Some(*t),
                &maintenance.intervals,
            )
            .map(|r| incident_result(&r, &outages, &maintenance, state.slo().0)),
            _ => Err("Fix the fields marked above to see the result.".into()),
        };
        let chars = state.incidents_text.chars().count();
        IncidentsView {
            outages_error: skipped_lines(&outages),
            maintenance_error: skipped_lines(&maintenance),
            from_error: from.err(),
            to_error: to.err(),
            result,
            link_cut: (chars > MAX_LINK_INCIDENT_CHARS).then(|| {
                format!(
                    "This log has {} characters; a link carries the first {}, so a shared link holds less than you see.",
                    format_grouped(chars as f64, 0),
                    format_grouped(MAX_LINK_INCIDENT_CHARS as f64, 0)
                )
            }),
        }
    }
}

impl IncidentsResult {
    /// The result rows, for CSV.
    pub fn table(&self) -> Table {
        let mut rows = vec![row("Availability", self.availability.clone())];
        rows.extend(self.rows.iter().cloned());
        rows.push(self.budget.clone());
        rows.push(row("Lines read", self.lines.clone()));
        rows_table(&rows)
    }
}

/// "5 outage lines used, 1 skipped (marked beside the log); columns from the header row on line 1: …".
fn lines_text(outages: &ParsedLog, maintenance: &ParsedLog) -> String {
    let used = outages.intervals.len() as u64;
    let mut text = format!(
        "{} used, {}",
        plural(used, "outage line", "outage lines"),
        match outages.skipped.len() {
            0 => "none skipped".to_string(),
            n => format!(
                "{} skipped (listed beside the log)",
                format_grouped(n as f64, 0)
            ),
        }
    );
    if !maintenance.skipped.is_empty() {
        text += &format!(
            "; {} skipped",
            plural(
                maintenance.skipped.len() as u64,
                "maintenance line",
                "maintenance lines"
            )
        );
    }
    if let Some(h) = &outages.header {
        text += &format!(
            "; read as CSV by the header on line {}: start “{}”, end “{}”",
            h.line, h.start_name, h.end_name
        );
    }
    text + "."
}

/// "43.1 minutes (0.1% of the total time); 1.55 hours spent = 216%, 49.9 minutes over".
fn budget_row(r: &IncidentReport, slo: Availability) -> (Row, bool) {
    let b = r.budget(slo);
    let label = format!("Error budget at the {}% SLO", slo.percent_text());
    let spent = format_duration(b.spent_s);
    let share = |f: f64| {
        let p = f * 100.0;
        format_grouped(p, if p < 10.0 { 1 } else { 0 })
    };
    let value = match b.fraction {
        None if b.spent_s > 0.0 => {
            format!("none: a 100% SLO allows no downtime; {spent} spent, all of it over")
        }
        None => "none: a 100% SLO allows no downtime; none spent".to_string(),
        Some(f) => format!(
            "{} ({}% of the total time); {spent} spent = {}%, {}",
            format_duration(b.budget_s),
            format!("{:.10}", slo.unavailability() * 100.0)
                .trim_end_matches('0')
                .trim_end_matches('.'),
            share(f),
            if b.left_s >= 0.0 {
                format!("{} left", format_duration(b.left_s))
            } else {
                format!("{} over", format_duration(-b.left_s))
            }
        ),
    };
    (row(label, value), b.left_s < 0.0)
}

fn incident_result(
    r: &IncidentReport,
    outages: &ParsedLog,
    maintenance: &ParsedLog,
    slo: Availability,
) -> IncidentsResult {
    let u = r.availability.unavailability();
    let (budget, over_budget) = budget_row(r, slo);
    IncidentsResult {
        availability: format!("{}%", r.availability.percent_text()),
        nines: nines_text(u),
        rows: vec![
            row(
                "Downtime / total time",
                format!(
                    "{} of {} (maintenance excluded: {})",
                    format_duration(r.downtime_s),
                    format_duration(r.total_s),
                    format_duration(r.maintenance_s)
                ),
            ),
            row(
                "Failures / repairs in the window",
                format!("{} / {}", r.failures, r.repairs),
            ),
            row(
                "MTBF = uptime ÷ failures",
                match (r.mtbf_s, r.uptime_lower_bound_s) {
                    (Some(m), _) => format_duration(m),
                    (None, Some(up)) => format!("> {} (no failure observed)", format_duration(up)),
                    (None, None) => "—".into(),
                },
            ),
            row(
                "MTTR = downtime ÷ repairs",
                r.mttr_s.map_or(
                    "— (no repair completed in the window)".into(),
                    format_duration,
                ),
            ),
            row(
                "Merged outages",
                r.outages
                    .iter()
                    .map(|o| {
                        format!(
                            "{} → {}{}",
                            incidents::format_timestamp(o.interval.start_s),
                            incidents::format_timestamp(o.interval.end_s),
                            if o.repair { "" } else { " (open)" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        ],
        lines: lines_text(outages, maintenance),
        budget,
        over_budget,
    }
}

/// The simulated window the timeline and the burn-down show.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TimelineChoice {
    /// The window with the most system downtime.
    Worst,
    /// The first window with a system outage.
    First,
    /// The window starting on this day after warm-up.
    Day(f64),
}

/// Everything the lab's cards show except a simulation's results.
#[derive(Clone, Debug, PartialEq)]
pub struct LabView {
    pub analytic: Result<AnalyticView, String>,
    pub budget: BudgetView,
    pub incidents: IncidentsView,
}

impl LabState {
    /// The cards' contents for this state, its diagram's analysis and the last simulation.
    pub fn view(&self, analysis: &Result<Analysis, String>, report: Option<&Report>) -> LabView {
        LabView {
            analytic: analysis
                .as_ref()
                .map(|a| AnalyticView::new(a, &self.calendar))
                .map_err(Clone::clone),
            budget: BudgetView::new(self, report),
            incidents: IncidentsView::new(self),
        }
    }

    /// Which simulated window the timeline shows.
    pub fn timeline(&self) -> Result<TimelineChoice, String> {
        let text = self.timeline_text.trim();
        if text.eq_ignore_ascii_case("worst") {
            return Ok(TimelineChoice::Worst);
        }
        // "auto" is what earlier links say for the first window with an outage.
        if text.eq_ignore_ascii_case("first") || text.eq_ignore_ascii_case("auto") {
            return Ok(TimelineChoice::First);
        }
        let last = (self.years * HOURS_PER_YEAR / 24.0).floor();
        let hint = format!(
            "“worst”, “first” or a day from 0 to {}",
            format_grouped(last, 0)
        );
        match text.parse::<f64>() {
            Ok(d) if d.is_finite() && (0.0..=last).contains(&d) => Ok(TimelineChoice::Day(d)),
            Ok(_) => Err(hint),
            Err(_) => Err(format!(
                "{hint}: “{}” is not a number",
                text.chars().take(20).collect::<String>()
            )),
        }
    }

    /// The simulation these inputs ask for, or the first reason it cannot run.
    pub fn simulate_job(&self) -> Result<SimulateJob, String> {
        crate::lab::parse_years(&self.years_text).map_err(|e| format!("Simulated years: {e}"))?;
        crate::lab::parse_seed(&self.seed_text).map_err(|e| format!("Seed: {e}"))?;
        let (slo, slo_error) = self.slo();
        if let Some(e) = slo_error {
            return Err(format!("SLO: {e}"));
        }
        let timeline = self.timeline().map_err(|e| format!("Timeline: {e}"))?;
        analyse(&self.diagram)?;
        let params = SimParams {
            years: self.years,
            seed: self.seed,
            slo,
            window_days: self.window.days(),
            timeline_start_days: match timeline {
                TimelineChoice::Day(d) => Some(d),
                TimelineChoice::Worst | TimelineChoice::First => None,
            },
        };
        params.validate()?;
        Ok(SimulateJob {
            diagram: self.diagram.clone(),
            params,
            worst_window: timeline == TimelineChoice::Worst,
        })
    }
}

const WORKED_EXAMPLES: &str =
    "System Design on AWS, ch. 1, “Availability in parallel versus in sequence”";
const INSENSITIVITY: &str = "derived: steady-state insensitivity (reference §4.6)";

/// The lab's "Sources & checks": the book's two worked examples computed through the same
/// diagram analysis the page uses, this run's agreement with the analytic value, and, once
/// checked, every preset's.
pub fn checks(report: Option<&Report>, presets_checked: Option<&[PresetCheck]>) -> Vec<Check> {
    let mut out = Vec::new();
    for (preset, published, label) in [
        (
            presets::book_series(),
            0.998_001,
            "two 99.9% in series: .999 × .999 = .998001",
        ),
        (
            presets::book_parallel(),
            0.999_999,
            "two 99.9% in parallel: 1 − (.001 × .001) = .999999",
        ),
    ] {
        let computed = analyse(&preset.diagram).map_or(f64::NAN, |a| 1.0 - a.unavailability);
        let mut check = Check::numeric(
            label,
            WORKED_EXAMPLES,
            Figure {
                text: &format!("{published}"),
                value: published,
                unit: "",
                decimals: 6,
            },
            1e-12,
            computed,
        );
        check.computed = format!("{computed:.12}");
        check.tolerance = "± 1e-12".into();
        out.push(check);
    }
    let tolerance = format!("95% CI (batch means, {BATCHES} batches)");
    if let Some(r) = report {
        out.push(Check {
            label: format!(
                "this run ({} years, seed {}): analytic availability inside the Monte Carlo 95% CI",
                format_grouped(r.years, 0),
                r.seed
            ),
            source: INSENSITIVITY.into(),
            published: percent(r.analytic_unavailability),
            computed: format!(
                "{} – {}",
                percent(r.unavailability.hi),
                percent(r.unavailability.lo)
            ),
            tolerance: tolerance.clone(),
            note: r.caveat.clone(),
            pass: r.agrees,
        });
    }
    for c in presets_checked.unwrap_or_default() {
        out.push(Check {
            label: format!(
                "preset “{}” ({} years, seed {}): analytic inside the Monte Carlo 95% CI",
                c.name,
                format_grouped(PRESET_CHECK_YEARS, 0),
                PRESET_CHECK_SEED
            ),
            source: INSENSITIVITY.into(),
            published: percent(c.analytic_u),
            computed: format!(
                "{} – {} ({} outages)",
                percent(c.hi),
                percent(c.lo),
                c.outages
            ),
            tolerance: tolerance.clone(),
            note: None,
            pass: c.agrees,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::simulate;
    use expect_test::expect;

    fn lines(rows: &[Row]) -> String {
        rows.iter()
            .map(|r| format!("{}: {}\n", r.label, r.value))
            .collect()
    }

    #[test]
    fn the_default_lab_reads_as_expected() {
        let state = LabState::default();
        let view = state.view(&analyse(&state.diagram), None);
        let a = view
            .analytic
            .as_ref()
            .expect("the default diagram is valid");
        let mut text = format!("{} {} {}\n", a.percent, a.nines, a.unavailability);
        text += &lines(&a.rows);
        for i in &a.impacts {
            text += &format!(
                "{} ({}): {} {} {}\n",
                i.label, i.place, i.share, i.perfect, i.gain
            );
        }
        text += &format!("{} {}\n", view.budget.budget, view.budget.per_window);
        text += &format!("{}\n", view.budget.burn.clone().unwrap_or_default());
        for t in &view.budget.tiers {
            text += &format!(
                "{} [{}]: {} {} {}\n",
                t.name, t.short, t.burn_threshold, t.windows, t.gone_in
            );
        }
        let r = view
            .incidents
            .result
            .as_ref()
            .expect("the example log is valid");
        text += &format!("{} {}\n", r.availability, r.nines);
        text += &lines(&r.rows);
        expect![[r#"
            99.9909336% 4.04 nines U = 9.066e-5
            Downtime per year (365 days): 47.7 minutes
            Downtime per month (30 days): 3.92 minutes
            Downtime per week (7 days): 54.8 seconds
            Region load balancer (component in Region request path): 67.1% 99.9970214% +0.48
            Region object store (component in Region request path): 27.3% 99.9934068% +0.14
            Multi-AZ database (standby pair in Region request path): 5.5% 99.9914296% +0.02
            App tier across AZs (parallel in Region request path): 0.1% 99.990943% +0.00
            AZ a (shared fate in App tier across AZs): 0.1% 99.990943% +0.00
            AZ b (shared fate in App tier across AZs): 0.1% 99.990943% +0.00
            Region app server 1 (component in AZ a): 0.0% 99.9909376% +0.00
            Region app server 2 (component in AZ b): 0.0% 99.9909376% +0.00
            43.2 minutes of downtime per 30 days window
            At a burn rate of 14.4× the whole budget is gone in 2.08 days, 2.00% of it per hour.
            2% of budget in 1.00 hour → page [2%/1h]: 14.4 1.00 hour / 5.00 minutes 2.08 days
            5% of budget in 6.00 hours → page [5%/6h]: 6.0 6.00 hours / 30.0 minutes 5.00 days
            10% of budget in 3.00 days → ticket [10%/3d]: 1.0 3.00 days / 6.00 hours 30.0 days
            99.78442% 2.67 nines
            Downtime / total time: 1.55 hours of 30.0 days (maintenance excluded: 1.00 hour)
            Failures / repairs in the window: 3 / 3
            MTBF = uptime ÷ failures: 9.96 days
            MTTR = downtime ÷ repairs: 31.0 minutes
            Merged outages: 2026-03-02T10:15:00Z → 2026-03-02T10:52:00Z; 2026-03-09T22:00:00Z → 2026-03-09T22:31:00Z; 2026-03-20T04:40:00Z → 2026-03-20T05:25:00Z
        "#]].assert_eq(&text);
    }

    #[test]
    fn a_simulation_reads_as_expected() {
        let state = LabState::default();
        let job = state.simulate_job().expect("the default inputs are valid");
        let mut params = job.params.clone();
        params.years = 100.0;
        let report = simulate(&job.diagram, &params).expect("runs");
        let s = SimView::new(&report);
        let mut text = format!(
            "{} {} analytic {}\n{}\n",
            s.availability, s.ci, s.analytic, s.verdict
        );
        text += &lines(&s.rows);
        text += &format!("{}\n{}\n", s.histogram_label, s.timeline_title);
        let b = BudgetView::new(&state, Some(&report));
        let w = b.window.expect("a report gives a window");
        text += &format!("{}\n", w.summary);
        text += &w.tiers.join("\n");
        expect![[r#"
            99.992691% 95% CI 99.9914117% – 99.9939703% analytic 99.9909336%
            ✗ the analytic value lies outside the 95% interval: standby pairs are analysed with the first-order switch-over model (reference §2.5), which ignores failures during a switch-over; the simulation does not
            System outages observed: 320
            System MTBF (mean up time between outages): 114 days
            System MTTR (mean outage): 12.0 minutes
            30-day windows over budget: 27 of 1,216 (2.22%), worst 2.70 hours
            Events simulated: 3,424
            Histogram of 320 simulated system outage durations, on a logarithmic time axis.
            Up/down timeline: days 390–420
            Simulated window from day 390: 1 outage, 1.00 minute of downtime — 2% of the budget.
            2% / 1.00 hour: fired day 26.6 for 5.00 minutes
            5% / 6.00 hours: never fired
            10% / 3.00 days: never fired"#]].assert_eq(&text);
    }

    #[test]
    fn every_card_table_exports_its_rows() {
        let state = LabState::default();
        let view = state.view(&analyse(&state.diagram), None);
        let a = view.analytic.expect("valid");
        let csv = a.summary_table().to_csv();
        assert!(
            csv.starts_with("quantity,value\r\nAvailability,99.9909336%\r\n"),
            "{csv}"
        );
        assert_eq!(a.summary_table().rows.len(), 3 + a.rows.len());
        assert_eq!(a.impacts_table().rows.len(), a.impacts.len());
        assert_eq!(view.budget.tiers_table().rows.len(), WORKBOOK_TIERS.len());
        let incidents = view.incidents.result.expect("valid").table();
        assert!(
            incidents
                .to_csv()
                .contains("MTTR = downtime ÷ repairs,31.0 minutes"),
            "{:?}",
            incidents
        );
    }

    #[test]
    fn downtime_rows_follow_the_calendar() {
        let mut state = LabState::default();
        let analysis = analyse(&state.diagram);
        let book = state.view(&analysis, None).analytic.expect("valid");
        state.calendar.year = crate::YearDays::Gregorian;
        state.calendar.month = crate::MonthLen::YearTwelfth;
        let other = state.view(&analysis, None).analytic.expect("valid");
        assert!(
            book.rows[0].label.contains("365 days"),
            "{:?}",
            book.rows[0]
        );
        assert!(
            other.rows[0].label.contains("365.2425 days"),
            "{:?}",
            other.rows[0]
        );
        assert!(
            other.rows[1].label.contains("30.436875 days"),
            "{:?}",
            other.rows[1]
        );
        assert_ne!(book.rows[1].value, other.rows[1].value);
        assert_eq!(
            book.rows[2], other.rows[2],
            "a week is 7 days in every convention"
        );
    }

    #[test]
    fn a_zero_budget_is_gone_at_once_not_after_a_window() {
        let mut state = LabState::default();
        state.update(crate::lab::LabEvent::SetSlo("100".into()));
        let b = BudgetView::new(&state, None);
        let burn = b.burn.expect("the burn rate is valid");
        assert!(burn.contains("at once"), "{burn}");
    }

    #[test]
    fn tier_labels_come_from_the_tiers() {
        let b = BudgetView::new(&LabState::default(), None);
        let shorts: Vec<_> = b.tiers.iter().map(|t| t.short.as_str()).collect();
        assert_eq!(shorts, ["2%/1h", "5%/6h", "10%/3d"]);
        assert_eq!(b.tiers.len(), WORKBOOK_TIERS.len());
    }

    #[test]
    fn the_checks_cite_the_run_and_the_batches() {
        let state = LabState::default();
        let mut params = state.simulate_job().expect("valid").params;
        params.years = 50.0;
        let report = simulate(&state.diagram, &params).expect("runs");
        let checks = checks(Some(&report), None);
        assert_eq!(checks.len(), 3);
        assert!(
            checks[2].label.contains("50 years, seed 1"),
            "{}",
            checks[2].label
        );
        assert!(checks[2].tolerance.contains(&format!("{BATCHES} batches")));
        assert!(checks[..2].iter().all(|c| c.pass), "{checks:?}");
    }

    #[test]
    fn bad_simulation_inputs_stop_the_run_with_a_reason() {
        let mut state = LabState::default();
        state.update(crate::lab::LabEvent::SetTimeline("day 3".into()));
        let e = state
            .simulate_job()
            .expect_err("a bad timeline stops the run");
        assert!(e.starts_with("Timeline:"), "{e}");
        let mut state = LabState::default();
        state.update(crate::lab::LabEvent::SetSlo("abc".into()));
        assert!(
            state
                .simulate_job()
                .expect_err("bad SLO")
                .starts_with("SLO:")
        );
    }

    #[test]
    fn the_lab_checks_what_it_computes_and_not_the_downtime_table() {
        let checks = checks(None, None);
        assert_eq!(checks.len(), 2, "the book's two worked examples");
        assert!(checks.iter().all(|c| c.source == WORKED_EXAMPLES && c.pass));
        let presets = [PresetCheck {
            name: "Single-region web stack".into(),
            analytic_u: 1e-4,
            lo: 9e-5,
            hi: 1.1e-4,
            outages: 900,
            agrees: true,
        }];
        let with_presets = super::checks(None, Some(&presets));
        assert!(
            with_presets[2].label.contains(&format!(
                "{} years, seed {PRESET_CHECK_SEED}",
                format_grouped(PRESET_CHECK_YEARS, 0)
            )),
            "{}",
            with_presets[2].label
        );
    }

    #[test]
    fn the_incident_definitions_say_what_is_computed() {
        assert!(
            INCIDENT_DEFINITIONS.starts_with("MTBF = uptime ÷ failures, MTTR = downtime ÷ repairs")
        );
        let state = LabState::default();
        let view = IncidentsView::new(&state);
        let r = view.result.expect("the example log is valid");
        let mttr = r
            .rows
            .iter()
            .find(|row| row.label.starts_with("MTTR"))
            .expect("an MTTR row");
        assert_eq!(mttr.label, "MTTR = downtime ÷ repairs");
        // The example: 1 h 33 min of downtime (maintenance excluded) over 3 repairs.
        assert_eq!(mttr.value, "31.0 minutes");
    }

    #[test]
    fn junk_in_years_or_seed_stops_the_run_instead_of_using_the_last_value() {
        let mut state = LabState::default();
        state.update(crate::lab::LabEvent::SetYearsText("abc".into()));
        assert_eq!(state.years, 1_000.0, "the last valid value is kept");
        let e = state.simulate_job().expect_err("junk years stop the run");
        assert!(e.starts_with("Simulated years:"), "{e}");
        state.update(crate::lab::LabEvent::SetYearsText("2,000".into()));
        assert_eq!(
            state.simulate_job().expect("valid again").params.years,
            2_000.0
        );
        state.update(crate::lab::LabEvent::SetSeedText("-1".into()));
        assert!(
            state
                .simulate_job()
                .expect_err("bad seed")
                .starts_with("Seed:")
        );
    }

    #[test]
    fn a_log_longer_than_a_link_says_so() {
        let mut state = LabState::default();
        assert!(IncidentsView::new(&state).link_cut.is_none());
        let line = "2026-03-02 10:15, 2026-03-02 10:52\n";
        state.update(crate::lab::LabEvent::SetIncidents(
            line.repeat(MAX_LINK_INCIDENT_CHARS / line.len() + 1),
        ));
        let cut = IncidentsView::new(&state)
            .link_cut
            .expect("too long for a link");
        assert!(cut.contains("20,000"), "{cut}");
    }

    /// The incident card as text: messages beside the fields, then the result.
    fn incident_card(state: &LabState) -> String {
        let v = IncidentsView::new(state);
        let mut text = String::new();
        for (field, error) in [
            ("outages", &v.outages_error),
            ("maintenance", &v.maintenance_error),
            ("from", &v.from_error),
            ("to", &v.to_error),
        ] {
            if let Some(e) = error {
                text += &format!("[{field}] {e}\n");
            }
        }
        match &v.result {
            Ok(r) => {
                text += &format!("{} {}\n", r.availability, r.nines);
                text += &lines(&r.rows);
                text += &lines(std::slice::from_ref(&r.budget));
                text += &format!("over budget: {}\n{}\n", r.over_budget, r.lines);
            }
            Err(e) => text += &format!("no result: {e}\n"),
        }
        text
    }

    fn lab_with(log: &str, slo: &str) -> LabState {
        let mut state = LabState::default();
        state.update(crate::lab::LabEvent::SetIncidents(log.into()));
        state.update(crate::lab::LabEvent::SetSlo(slo.into()));
        state
    }

    #[test]
    fn the_example_log_spends_more_than_its_budget() {
        // 1.55 h down of 719 h (30 days less 1 h of maintenance); 99.9% allows 0.719 h.
        expect![[r#"
            99.78442% 2.67 nines
            Downtime / total time: 1.55 hours of 30.0 days (maintenance excluded: 1.00 hour)
            Failures / repairs in the window: 3 / 3
            MTBF = uptime ÷ failures: 9.96 days
            MTTR = downtime ÷ repairs: 31.0 minutes
            Merged outages: 2026-03-02T10:15:00Z → 2026-03-02T10:52:00Z; 2026-03-09T22:00:00Z → 2026-03-09T22:31:00Z; 2026-03-20T04:40:00Z → 2026-03-20T05:25:00Z
            Error budget at the 99.9% SLO: 43.1 minutes (0.1% of the total time); 1.55 hours spent = 216%, 49.9 minutes over
            over budget: true
            5 outage lines used, none skipped.
        "#]]
        .assert_eq(&incident_card(&LabState::default()));
    }

    #[test]
    fn a_pagerduty_export_with_a_bad_line_still_gives_a_result() {
        let log = "id,incident_number,description,created_on,resolved_on,urgency\n\
                   P1,1,\"DB down, reads failing\",2026-03-02T11:15:00+01:00,2026-03-02T11:52:00+01:00,high\n\
                   P2,2,Latency,2026-03-09T17:00:00-0500,2026-03-09T17:31:00-0500,low\n\
                   P3,3,Typo,2026-03-3 10:00,2026-03-03 10:10,low\n\
                   P4,4,Still open,2026-03-25T10:00:00Z,,high\n";
        expect![[r#"
            [outages] line 4: “2026-03-3 10:00” is not a timestamp: use YYYY-MM-DD HH:MM[:SS], in UTC unless it ends in an offset (Z, +02:00, -0500); line 5: no “resolved_on” value (an incident still open has no end yet); 2 lines skipped
            99.84237% 2.80 nines
            Downtime / total time: 1.13 hours of 30.0 days (maintenance excluded: 1.00 hour)
            Failures / repairs in the window: 2 / 2
            MTBF = uptime ÷ failures: 15.0 days
            MTTR = downtime ÷ repairs: 34.0 minutes
            Merged outages: 2026-03-02T10:15:00Z → 2026-03-02T10:52:00Z; 2026-03-09T22:00:00Z → 2026-03-09T22:31:00Z
            Error budget at the 99.9% SLO: 43.1 minutes (0.1% of the total time); 1.13 hours spent = 158%, 24.9 minutes over
            over budget: true
            2 outage lines used, 2 skipped (listed beside the log); read as CSV by the header on line 1: start “created_on”, end “resolved_on”.
        "#]].assert_eq(&incident_card(&lab_with(log, "99.9")));
    }

    #[test]
    fn a_log_of_durations_within_a_loose_slo_leaves_budget() {
        let log = "2026-03-02 10:15, 37m\n2026-03-09 22:00, 5m\n";
        expect![[r#"
            99.902643% 3.01 nines
            Downtime / total time: 42.0 minutes of 30.0 days (maintenance excluded: 1.00 hour)
            Failures / repairs in the window: 2 / 2
            MTBF = uptime ÷ failures: 15.0 days
            MTTR = downtime ÷ repairs: 21.0 minutes
            Merged outages: 2026-03-02T10:15:00Z → 2026-03-02T10:52:00Z; 2026-03-09T22:00:00Z → 2026-03-09T22:05:00Z
            Error budget at the 99% SLO: 7.19 hours (1% of the total time); 42.0 minutes spent = 9.7%, 6.49 hours left
            over budget: false
            2 outage lines used, none skipped.
        "#]].assert_eq(&incident_card(&lab_with(log, "99")));
        expect![[r#"
            99.902643% 3.01 nines
            Downtime / total time: 42.0 minutes of 30.0 days (maintenance excluded: 1.00 hour)
            Failures / repairs in the window: 2 / 2
            MTBF = uptime ÷ failures: 15.0 days
            MTTR = downtime ÷ repairs: 21.0 minutes
            Merged outages: 2026-03-02T10:15:00Z → 2026-03-02T10:52:00Z; 2026-03-09T22:00:00Z → 2026-03-09T22:05:00Z
            Error budget at the 100% SLO: none: a 100% SLO allows no downtime; 42.0 minutes spent, all of it over
            over budget: true
            2 outage lines used, none skipped.
        "#]].assert_eq(&incident_card(&lab_with(log, "100")));
        expect![[r#"
            100% ∞ nines
            Downtime / total time: 0 s of 30.0 days (maintenance excluded: 1.00 hour)
            Failures / repairs in the window: 0 / 0
            MTBF = uptime ÷ failures: > 30.0 days (no failure observed)
            MTTR = downtime ÷ repairs: — (no repair completed in the window)
            Merged outages: 
            Error budget at the 100% SLO: none: a 100% SLO allows no downtime; none spent
            over budget: false
            0 outage lines used, none skipped.
        "#]]
        .assert_eq(&incident_card(&lab_with("# quiet\n", "100")));
    }

    #[test]
    fn a_log_with_no_readable_line_says_so_instead_of_a_perfect_result() {
        expect![[r#"
            [outages] line 1: expected “start, end” or “start, duration” (comma, tab, “ - ” or “ to ” between), got “nonsense”; line 2: “2026-13-01 10:00”: month 13 does not exist; 2 lines skipped, none left to use
            no result: No line of the outage log could be read: fix the lines marked above.
        "#]].assert_eq(&incident_card(&lab_with("nonsense\n2026-13-01 10:00, 5m\n", "99.9")));
        let many: String = (1..=8)
            .map(|d| format!("2026-03-0{d} 10:00, soon\n"))
            .collect();
        expect![[r#"
            [outages] line 1: “soon” is neither an end time (YYYY-MM-DD HH:MM) nor a duration (37m, 1h 30m); line 2: “soon” is neither an end time (YYYY-MM-DD HH:MM) nor a duration (37m, 1h 30m); line 3: “soon” is neither an end time (YYYY-MM-DD HH:MM) nor a duration (37m, 1h 30m); line 4: “soon” is neither an end time (YYYY-MM-DD HH:MM) nor a duration (37m, 1h 30m); line 5: “soon” is neither an end time (YYYY-MM-DD HH:MM) nor a duration (37m, 1h 30m); 3 more; 8 lines skipped, none left to use
            no result: No line of the outage log could be read: fix the lines marked above.
        "#]].assert_eq(&incident_card(&lab_with(&many, "99.9")));
        let mut state = LabState::default();
        state.update(crate::lab::LabEvent::SetMaintenance(
            "2026-03-20 04:00 for an hour".into(),
        ));
        expect![[r#"
            [maintenance] line 1: expected “start, end” or “start, duration” (comma, tab, “ - ” or “ to ” between), got “2026-03-20 04:00 for an hour”; 1 line skipped, none left to use
            no result: No maintenance window could be read: fix the lines marked above.
        "#]].assert_eq(&incident_card(&state));
    }
}
