//! The downtime-budget page over `sdlab-nines`: availability ↔ allowed downtime under an
//! explicit calendar convention, the spread across conventions, and the book's Table 1-1.

use std::rc::Rc;

use sdlab_charts::{LineSeries, LogLinesChart, Marker, draw_log_lines};
use sdlab_nines::{Calendar, Event, MonthLen, Period, QuarterLen, State, YearDays};
use sdlab_sim::units::format_sci;
use yew::prelude::*;

use crate::permalink::Query;
use crate::registry::ToolEntry;
use crate::theme::{css_rgb, use_palette};
use crate::tool::{Action, ToolModel, use_tool};
use crate::widgets::{Chart, Downloads, Frame, PlotCanvas, Select, Slider, TextField, ToolPage};
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use sdlab_nines::schema::DowntimeJson;
use sdlab_sim::Table;

impl ToolModel for State {
    type Event = Event;

    fn update(&mut self, event: Event) {
        State::update(self, event);
    }

    fn from_query(q: &Query) -> (Self, Vec<String>) {
        let mut problems = Vec::new();
        let defaults = State::default();
        let availability = q.text("a", &defaults.availability_text, &mut problems);
        let downtime = q.text("dt", &defaults.downtime_text, &mut problems);
        let per = q.choice("per", defaults.per, &mut problems);
        let calendar = Calendar {
            year: q.choice("year", defaults.calendar.year, &mut problems),
            month: q.choice("month", defaults.calendar.month, &mut problems),
            quarter: q.choice("quarter", defaults.calendar.quarter, &mut problems),
        };
        (
            State::new(&availability, &downtime, per, calendar),
            problems,
        )
    }

    fn to_query(&self) -> Query {
        let mut q = Query::default();
        q.push("a", self.availability_text.clone());
        q.push("year", self.calendar.year.to_string());
        q.push("month", self.calendar.month.to_string());
        q.push("quarter", self.calendar.quarter.to_string());
        q.push("dt", self.downtime_text.clone());
        q.push("per", self.per.to_string());
        q
    }
}

pub fn page(entry: &'static ToolEntry) -> Html {
    html! { <NinesPage {entry} /> }
}

#[derive(Properties, PartialEq)]
struct PageProps {
    entry: &'static ToolEntry,
}

fn options<T: Copy + ToString>(all: &[T], label: impl Fn(T) -> String) -> Vec<(String, String)> {
    all.iter().map(|&v| (v.to_string(), label(v))).collect()
}

/// Ticks on the downtime axis, by name.
const Y_TICKS: [(f64, &str); 9] = [
    (1e-3, "1 ms"),
    (1e-2, "10 ms"),
    (1.0, "1 s"),
    (60.0, "1 min"),
    (3_600.0, "1 h"),
    (86_400.0, "1 day"),
    (604_800.0, "1 week"),
    (2_592_000.0, "30 days"),
    (31_536_000.0, "1 year"),
];

/// The periods the chart draws, in legend order.
const CHART_PERIODS: [Period; 5] = [
    Period::Day,
    Period::Week,
    Period::Month,
    Period::Quarter,
    Period::Year,
];

const LEDE: &str = "How much downtime an availability target allows, and the availability a downtime leaves. \
    Published tables disagree because their months and years differ; here the calendar is explicit, and the \
    book's Table 1-1 is reproduced below.";

/// Allowed downtime per period against nines: straight lines on a log axis, with a marker at
/// the chosen availability.
#[derive(PartialEq)]
struct DowntimeChart {
    calendar: Calendar,
    nines: f64,
    label: String,
    palette: sdlab_charts::Palette,
}

impl DowntimeChart {
    /// The right end of the nines axis: 7 nines, or more to show the marker (at most 12).
    fn x_max(&self) -> f64 {
        if self.nines.is_finite() {
            self.nines.ceil().clamp(7.0, 12.0)
        } else {
            7.0
        }
    }
}

impl Chart for DowntimeChart {
    /// Each line has a point (a target) at every whole nine, as the table has a row.
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: Frame,
    ) -> Option<sdlab_charts::Mapping> {
        let x_max = self.x_max();
        let series: Vec<LineSeries> = CHART_PERIODS
            .iter()
            .map(|&p| {
                let period_s = self.calendar.seconds(p);
                LineSeries {
                    label: format!("per {}", p.name()),
                    points: (1..=x_max as i32)
                        .map(|n| (f64::from(n), period_s * 10f64.powi(-n)))
                        .collect(),
                }
            })
            .collect();
        let y_min = 86_400.0 * 10f64.powf(-x_max) / 2.0;
        let ticks: Vec<(f64, &str)> = Y_TICKS
            .iter()
            .copied()
            .filter(|(v, _)| *v >= y_min)
            .collect();
        let marker =
            (self.nines.is_finite() && (1.0..=x_max).contains(&self.nines)).then(|| Marker {
                x: self.nines,
                label: self.label.clone(),
            });
        draw_log_lines(
            area,
            &LogLinesChart {
                x_label: "nines  (−log₁₀ of unavailability)",
                y_label: "allowed downtime",
                x_range: 1.0..x_max,
                y_range: y_min..6e7,
                y_ticks: &ticks,
                series: &series,
                marker,
                palette: &self.palette,
                scale: frame.scale,
                legend: false,
            },
        )
        .ok()
    }

    /// "per year at 4.00 nines (99.99%): 52.6 minutes".
    fn describe(&self, target: &sdlab_charts::Target) -> Option<String> {
        let period = CHART_PERIODS.get(target.series)?;
        let n = i32::try_from(target.index).ok()? + 1;
        let decimals = (n - 2).max(0) as usize;
        let percent = format!("{:.decimals$}", 100.0 * (1.0 - 10f64.powi(-n)));
        let seconds = self.calendar.seconds(*period) * 10f64.powi(-n);
        Some(format!(
            "per {} at {n}.00 nines ({percent}%): {}",
            period.name(),
            sdlab_sim::units::format_duration(seconds)
        ))
    }

    fn table(&self) -> Option<Table> {
        let mut headers = vec!["nines".to_string()];
        headers.extend(
            CHART_PERIODS
                .iter()
                .map(|p| format!("seconds per {}", p.name())),
        );
        let mut table = Table {
            headers,
            rows: Vec::new(),
        };
        for n in 1..=self.x_max() as u32 {
            let u = 10f64.powi(-(n as i32));
            let mut row = vec![n.to_string()];
            row.extend(
                CHART_PERIODS
                    .iter()
                    .map(|&p| format!("{}", self.calendar.seconds(p) * u)),
            );
            table.rows.push(row);
        }
        Some(table)
    }
}

#[component]
fn NinesPage(props: &PageProps) -> Html {
    let model = use_tool::<State>(props.entry.slug);
    let state = &model.state;
    let view = state.view();
    let checks = use_memo((), |_| sdlab_nines::book::table_1_1_checks());
    let palette = use_palette();

    let send = |f: fn(String) -> Event| {
        let model = model.clone();
        Callback::from(move |v: String| model.dispatch(Action::Event(f(v))))
    };
    let parse_send = {
        let model = model.clone();
        move |f: fn(&str) -> Option<Event>| {
            let model = model.clone();
            Callback::from(move |v: String| {
                if let Some(e) = f(&v) {
                    model.dispatch(Action::Event(e));
                }
            })
        }
    };
    let on_stop = {
        let model = model.clone();
        Callback::from(move |i: f64| {
            model.dispatch(Action::Event(Event::Pick(i.round().max(0.0) as usize)));
        })
    };
    let dismiss = {
        let model = model.clone();
        Callback::from(move |()| model.dispatch(Action::DismissLinkProblems))
    };
    let reset = {
        let model = model.clone();
        Callback::from(move |_: MouseEvent| model.dispatch(Action::Event(Event::Reset)))
    };

    let checks_note = html! {
            <p class="muted">
                    { "Every cell of the book's Table 1-1 (System Design on AWS, ch. 1, “Measuring availability”) is parsed \
                       from its printed text and compared with the model in its printed unit, within half a unit in the last \
                       printed digit. Year cells use 365 days, week cells 7 days, month cells 30 days, except the 99.9% row, \
                       whose “43.8 minutes” fits only a 730-hour month: the book mixes conventions there. The nines column \
                       counts leading nines, as printed." }
                </p>
    };

    let chart = Rc::new(DowntimeChart {
        calendar: state.calendar,
        nines: view.nines,
        label: format!("{}%", view.percent_text),
        palette: palette.clone(),
    });

    html! {
        <ToolPage entry={props.entry} lede={LEDE} link_problems={model.link_problems.clone()} ondismiss={dismiss}
            checks={Rc::clone(&checks)} checks_note={checks_note} query={state.to_query()}>
            <div class="tool-columns">
                <section class="card" aria-labelledby="nines-forward-title">
                    <h2 id="nines-forward-title">{ "Availability → allowed downtime" }</h2>
                    <TextField id="nines-availability" label="Availability target" suffix="%"
                        value={state.availability_text.clone()}
                        error={view.availability_error.clone().map(AttrValue::from)}
                        hint="e.g. 99.95 — any number of decimals; 0 to 100"
                        oninput={send(Event::SetAvailability)} />
                    <Slider id="nines-quick" label="Quick pick" min={0.0} max={view.quick.last as f64} step={1.0}
                        value={view.quick.index as f64} value_text={view.quick.text.clone()} oninput={on_stop} />
                    <p class="headline" id="nines-summary" aria-live="polite">
                        <strong>{ format!("{}%", view.percent_text) }</strong>
                        <span>{ view.nines_text.clone() }</span>
                        <span class="muted">{ format!("U = 1 − A = {}", view.unavailability_text) }</span>
                    </p>
                    if view.stale {
                        <p class="stale-note">{ format!("Showing results for {}%, the last valid value.", view.percent_text) }</p>
                    }
                    <div class="table-scroll" tabindex="0" role="region" aria-label="Allowed downtime per period">
                        <table class="budget" id="nines-budget">
                            <thead>
                                <tr>
                                    <th scope="col">{ "Per" }</th>
                                    <th scope="col">{ "Period length" }</th>
                                    <th scope="col">{ "Allowed downtime" }</th>
                                    <th scope="col" class="num">{ "Seconds" }</th>
                                </tr>
                            </thead>
                            <tbody>
                                { for view.rows.iter().map(|row| html! {
                                    <tr>
                                        <th scope="row">{ row.period.name() }</th>
                                        <td>{ row.length_text.clone() }</td>
                                        <td id={format!("nines-out-{}", row.period)}>
                                            <strong>{ row.downtime_text.clone() }</strong>
                                            <span class="clock">{ row.clock_text.clone() }</span>
                                        </td>
                                        <td class="num">{ row.seconds_text.clone() }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                    <Downloads name="nines-budget" csv={Rc::new(view.budget_table())}
                        json={Rc::new(serde_json::to_string_pretty(&DowntimeJson::new(view.availability, &state.calendar)).unwrap_or_default())} />
                    <p class="convention" id="nines-convention">{ format!("Convention: {}.", view.convention) }</p>
                    <p class="formula">
                        { "Allowed downtime = (1 − A) × period. Availability % = (total time − downtime) / total time × 100 " }
                        <span class="cite">{ "[book, ch. 1, “Measuring availability”]" }</span>
                    </p>
                </section>

                <div class="col">
                <section class="card" aria-labelledby="nines-calendar-title">
                    <h2 id="nines-calendar-title">{ "Calendar convention" }</h2>
                    <p class="muted">{ "Published tables disagree only because their periods differ. Pick the convention your SLA uses; it is part of the link." }</p>
                    <div class="field-row">
                        <Select id="nines-year" label="Year" selected={state.calendar.year.to_string()}
                            options={options(&YearDays::ALL, |y| y.label().to_string())}
                            onchange={parse_send(|v| v.parse().ok().map(Event::SetYear))} />
                        <Select id="nines-month" label="Month" selected={state.calendar.month.to_string()}
                            options={options(&MonthLen::ALL, |m| m.label().to_string())}
                            onchange={parse_send(|v| v.parse().ok().map(Event::SetMonth))} />
                        <Select id="nines-quarter" label="Quarter" selected={state.calendar.quarter.to_string()}
                            options={options(&QuarterLen::ALL, |q| q.label().to_string())}
                            onchange={parse_send(|v| v.parse().ok().map(Event::SetQuarter))} />
                    </div>
                    <ul class="facts">
                        <li>{ "The book's Table 1-1 uses a 365-day year, a 7-day week and (for seven of eight rows) a 30-day month." }</li>
                        <li>{ "Google's SRE book (Appendix A) uses 365 / 90 / 30 days; AWS bills 730-hour months (year ÷ 12)." }</li>
                        <li>{ "A 28-day rolling window always holds the same weekdays (the SRE Workbook's default)." }</li>
                    </ul>
                    <button type="button" class="secondary" onclick={reset}>{ "Reset to defaults" }</button>
                </section>

                <section class="card" aria-labelledby="nines-reverse-title">
                    <h2 id="nines-reverse-title">{ "Downtime → availability" }</h2>
                    <div class="field-row">
                        <TextField id="nines-downtime" label="Downtime" inputmode="text"
                            value={state.downtime_text.clone()}
                            error={view.downtime_error.clone().map(AttrValue::from)}
                            hint="e.g. 52m, 1h 30m, 0:52:00 (h:mm:ss), 2d or 1y (365 days); a number alone is seconds"
                            oninput={send(Event::SetDowntime)} />
                        <Select id="nines-per" label="Per" selected={state.per.to_string()}
                            options={options(&Period::ALL, |p| format!("{} ({})", p.name(), state.calendar.days_text(p)))}
                            onchange={parse_send(|v| v.parse().ok().map(Event::SetPer))} />
                    </div>
                    <div id="nines-reverse" class="headline" aria-live="polite">
                        { match &view.reverse {
                            Some(r) => html! {
                                <>
                                    <strong>{ format!("{}%", r.percent_text) }</strong>
                                    <span>{ r.nines_text.clone() }</span>
                                    <span class="muted">{ format!("U = {}", format_sci(r.availability.unavailability(), 4)) }</span>
                                </>
                            },
                            None => html! { <span class="muted">{ "Enter a downtime to see the availability it leaves." }</span> },
                        } }
                    </div>
                </section>
                </div>
            </div>

            <section class="card chart-card" aria-labelledby="nines-chart-title">
                    <h2 id="nines-chart-title">{ "Every nine divides the budget by ten" }</h2>
                    <PlotCanvas<DowntimeChart> id="nines-chart" height={300}
                        label={format!("Allowed downtime per day, week, month, quarter and year against nines, on a log scale, with a marker at {}%.", view.percent_text)}
                        {chart}>
                    <ul class="legend" aria-label="Lines">
                    { for CHART_PERIODS.iter().enumerate().map(|(i, p)| html! {
                        <li><span class="swatch" style={format!("background: {}", css_rgb(palette.series(i)))}></span>{ format!("per {}", p.name()) }</li>
                    }) }
                    <li><span class="swatch marker" style={format!("background: {}", css_rgb(palette.accent))}></span>{ format!("{}%", view.percent_text) }</li>
                </ul>
                    </PlotCanvas<DowntimeChart>>

            </section>

            <div class="tool-columns">
                <section class="card" aria-labelledby="nines-spread-title">
                    <h2 id="nines-spread-title">{ format!("{}% under every convention", view.percent_text) }</h2>
                    <div class="table-scroll" tabindex="0" role="region" aria-label="Allowed downtime under every convention">
                        <table class="spread" id="nines-spread">
                            <thead><tr><th scope="col">{ "Period" }</th><th scope="col">{ "Allowed downtime" }</th><th scope="col" class="num">{ "Seconds" }</th></tr></thead>
                            <tbody>
                                { for view.spread.iter().map(|row| html! {
                                    <tr>
                                        <th scope="row">{ row.label }</th>
                                        <td>{ row.downtime_text.clone() }</td>
                                        <td class="num">{ row.seconds_text.clone() }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                    <Downloads name="nines-spread" csv={Rc::new(view.spread_table())} />
                </section>
                <section class="card" aria-labelledby="nines-defs-title">
                    <h2 id="nines-defs-title">{ "Definitions and assumptions" }</h2>
                    <ul class="facts">
                        <li>
                            { "Availability is time-based: (total time − downtime) ÷ total time, where total time is the time the system should have been running, so scheduled maintenance may be excluded. " }
                            <span class="cite">{ "[book, ch. 1, “Measuring availability”]" }</span>
                        </li>
                        <li>
                            { "Request-based availability (good requests ÷ valid requests) is SRE practice, not the book's; the budget arithmetic is the same with requests in place of seconds. " }
                            <span class="cite">{ "[peer: Google SRE Workbook]" }</span>
                        </li>
                        <li>
                            { "Nines are −log₁₀(U) with U = 1 − A: 99.95% is 3.30 nines. The book's table counts leading nines, so 99.5% is “2 nines”. " }
                            <span class="cite">{ "[derived]" }</span>
                        </li>
                        <li>
                            { "U is computed from the digits you type (100 − 99.95 = 0.05 exactly), never as 1 − 0.9995 in floating point, so seven or more nines keep their precision. " }
                            <span class="cite">{ "[derived]" }</span>
                        </li>
                        <li>
                            { "A budget is an average allowance: it says nothing about how outages are spread. One 4-hour outage and 240 one-minute blips spend the same budget." }
                        </li>
                    </ul>
                </section>
            </div>
        </ToolPage>
    }
}
