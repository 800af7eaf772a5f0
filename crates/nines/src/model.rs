//! The downtime-budget tool as a pure state machine: the page keeps a [`State`], sends
//! [`Event`]s and draws the [`View`]; native tests drive it the same way.

use sdlab_sim::units::{
    format_clock, format_duration, format_sci, format_seconds, parse_duration_or_seconds,
};

use crate::{
    Availability, Calendar, MonthLen, Period, QuarterLen, SPREAD_PERIODS, YearDays,
    availability_from_downtime, downtime_s,
};

/// Availabilities the quick-pick slider stops at, in %.
const QUICK_PICKS: [&str; 12] = [
    "90", "95", "99", "99.5", "99.9", "99.95", "99.99", "99.995", "99.999", "99.9995", "99.9999",
    "99.99999",
];

/// The inputs that can carry a message beside them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Availability,
    Downtime,
}

/// What the user has typed and chosen. Typed text is kept verbatim (bad input stays visible
/// beside its message); the last valid value of each field drives the results meanwhile.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub availability_text: String,
    pub downtime_text: String,
    pub per: Period,
    pub calendar: Calendar,
    last_availability: Availability,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    SetAvailability(String),
    SetDowntime(String),
    SetPer(Period),
    SetYear(YearDays),
    SetMonth(MonthLen),
    SetQuarter(QuarterLen),
    /// A stop of the quick-pick slider, by index (past the last one means the last one).
    Pick(usize),
    Reset,
}

/// One line of the budget table.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub period: Period,
    pub length_text: String,
    pub downtime_s: f64,
    pub downtime_text: String,
    pub clock_text: String,
    /// The seconds column, with the significant digits of `downtime_text`.
    pub seconds_text: String,
}

/// The same availability under one of the conventions in use elsewhere.
#[derive(Clone, Debug, PartialEq)]
pub struct SpreadRow {
    pub label: &'static str,
    pub downtime_s: f64,
    pub downtime_text: String,
    pub seconds_text: String,
}

/// The reverse direction: a downtime over a period gives an availability.
#[derive(Clone, Debug, PartialEq)]
pub struct Reverse {
    pub availability: Availability,
    pub percent_text: String,
    pub nines: f64,
    pub leading_nines: Option<u32>,
    /// "4.005 nines (4 leading)", or "no downtime: 100%".
    pub nines_text: String,
    pub downtime_s: f64,
    pub period_text: String,
}

/// Where the quick-pick slider's thumb stands, and what it says: never a value the field does
/// not hold. Between stops the thumb sits at the nearest one (comparing nines) and the text
/// says so; off the scale it sits at the end and the text says that.
#[derive(Clone, Debug, PartialEq)]
pub struct QuickPick {
    pub index: usize,
    /// The index of the last stop (the slider's maximum).
    pub last: usize,
    /// "99.95%", "99.97% (near 99.95%)", "0% (off the scale)".
    pub text: String,
}

/// Draw-ready results.
#[derive(Clone, Debug, PartialEq)]
pub struct View {
    pub availability_error: Option<String>,
    pub downtime_error: Option<String>,
    /// The availability the results are for: the typed one, or the last valid one.
    pub availability: Availability,
    /// True while the availability field holds bad input and the results show the last valid one.
    pub stale: bool,
    pub percent_text: String,
    pub nines: f64,
    pub leading_nines: Option<u32>,
    /// "3.30 nines (3 leading)", or "no downtime allowed" at 100%.
    pub nines_text: String,
    pub quick: QuickPick,
    pub unavailability_text: String,
    pub rows: Vec<Row>,
    pub spread: Vec<SpreadRow>,
    pub reverse: Option<Reverse>,
    pub convention: String,
}

impl Default for State {
    fn default() -> Self {
        State::new("99.95", "52m", Period::Year, Calendar::default())
    }
}

impl State {
    pub fn new(
        availability_text: &str,
        downtime_text: &str,
        per: Period,
        calendar: Calendar,
    ) -> Self {
        let fallback = Availability::parse_percent("99.95").unwrap_or(Availability::PERFECT);
        State {
            availability_text: availability_text.to_string(),
            downtime_text: downtime_text.to_string(),
            per,
            calendar,
            last_availability: Availability::parse_percent(availability_text).unwrap_or(fallback),
        }
    }

    pub fn update(&mut self, event: Event) {
        match event {
            Event::SetAvailability(text) => {
                if let Ok(a) = Availability::parse_percent(&text) {
                    self.last_availability = a;
                }
                self.availability_text = text;
            }
            Event::SetDowntime(text) => self.downtime_text = text,
            Event::SetPer(per) => self.per = per,
            Event::SetYear(year) => self.calendar.year = year,
            Event::SetMonth(month) => self.calendar.month = month,
            Event::SetQuarter(quarter) => self.calendar.quarter = quarter,
            Event::Pick(index) => {
                let last = QUICK_PICKS.len() - 1;
                self.update(Event::SetAvailability(
                    QUICK_PICKS[index.min(last)].to_string(),
                ));
            }
            Event::Reset => *self = State::default(),
        }
    }

    pub fn view(&self) -> View {
        let parsed = Availability::parse_percent(&self.availability_text);
        let stale = parsed.is_err();
        let availability = parsed.clone().unwrap_or(self.last_availability);
        let rows = Period::ALL
            .iter()
            .map(|&period| {
                let d = downtime_s(availability, self.calendar.seconds(period));
                Row {
                    period,
                    length_text: self.calendar.days_text(period),
                    downtime_s: d,
                    downtime_text: format_duration(d),
                    clock_text: format_clock(d),
                    seconds_text: format_seconds(d),
                }
            })
            .collect();
        let spread = SPREAD_PERIODS
            .iter()
            .map(|&(label, period_s)| {
                let d = downtime_s(availability, period_s);
                SpreadRow {
                    label,
                    downtime_s: d,
                    downtime_text: format_duration(d),
                    seconds_text: format_seconds(d),
                }
            })
            .collect();
        let period_s = self.calendar.seconds(self.per);
        let reverse = parse_duration_or_seconds(&self.downtime_text).and_then(|d| {
            availability_from_downtime(d, period_s)
                .map_err(|_| {
                    format!(
                        "{} is more than one {} ({})",
                        format_duration(d),
                        self.per.name(),
                        self.calendar.days_text(self.per)
                    )
                })
                .map(|a| Reverse {
                    availability: a,
                    percent_text: a.percent_text(),
                    nines: nines(a),
                    leading_nines: a.leading_nines(),
                    nines_text: match a.leading_nines() {
                        Some(leading) => format!("{:.3} nines ({leading} leading)", nines(a)),
                        None => "no downtime: 100%".into(),
                    },
                    downtime_s: d,
                    period_text: self.calendar.days_text(self.per),
                })
        });
        View {
            availability_error: parsed.err(),
            downtime_error: reverse.as_ref().err().cloned(),
            availability,
            stale,
            percent_text: availability.percent_text(),
            nines: nines(availability),
            leading_nines: availability.leading_nines(),
            nines_text: match availability.leading_nines() {
                Some(leading) => format!("{:.2} nines ({leading} leading)", nines(availability)),
                None => "no downtime allowed".into(),
            },
            quick: quick_pick(availability),
            unavailability_text: format_sci(availability.unavailability(), 4),
            rows,
            spread,
            reverse: reverse.ok(),
            convention: self.calendar.describe(),
        }
    }
}

/// −log₁₀(U), with 0% (U = 1, whose −log₁₀ is −0) as 0, so it never prints as "-0.00".
fn nines(a: Availability) -> f64 {
    let n = a.nines();
    if n == 0.0 { 0.0 } else { n }
}

/// The slider's thumb and text for `a` (see [`QuickPick`]).
fn quick_pick(a: Availability) -> QuickPick {
    let last = QUICK_PICKS.len() - 1;
    let stops: Vec<Availability> = QUICK_PICKS
        .iter()
        .filter_map(|s| Availability::parse_percent(s).ok())
        .collect();
    let percent = a.percent_text();
    let pick = |index: usize, text: String| QuickPick { index, last, text };
    if let Some(index) = stops.iter().position(|s| *s == a) {
        return pick(index, format!("{percent}%"));
    }
    let (Some(lowest), Some(highest)) = (stops.first(), stops.last()) else {
        return pick(0, format!("{percent}%"));
    };
    if a.unavailability() > lowest.unavailability() {
        return pick(0, format!("{percent}% (off the scale)"));
    }
    if a.unavailability() < highest.unavailability() {
        return pick(last, format!("{percent}% (off the scale)"));
    }
    let index = stops
        .iter()
        .enumerate()
        .map(|(i, s)| (i, (s.nines() - a.nines()).abs()))
        .min_by(|x, y| x.1.total_cmp(&y.1))
        .map_or(0, |(i, _)| i);
    pick(index, format!("{percent}% (near {}%)", QUICK_PICKS[index]))
}

impl View {
    /// The allowed-downtime table, for CSV.
    pub fn budget_table(&self) -> sdlab_sim::Table {
        let mut t = sdlab_sim::Table::new(&["per", "period length", "allowed downtime", "seconds"]);
        for r in &self.rows {
            t.push([
                r.period.name().to_string(),
                r.length_text.clone(),
                r.downtime_text.clone(),
                r.downtime_s.to_string(),
            ]);
        }
        t
    }

    /// The same availability under every convention, for CSV.
    pub fn spread_table(&self) -> sdlab_sim::Table {
        let mut t = sdlab_sim::Table::new(&["period", "allowed downtime", "seconds"]);
        for r in &self.spread {
            t.push([
                r.label.to_string(),
                r.downtime_text.clone(),
                r.downtime_s.to_string(),
            ]);
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dump(view: &View) -> String {
        let mut out = format!(
            "A = {}% (U = {}, {}){}\n",
            view.percent_text,
            view.unavailability_text,
            view.nines_text,
            if view.stale { " [last valid]" } else { "" }
        );
        out += &format!(
            "quick pick: {} [stop {} of 0..={}]\n",
            view.quick.text, view.quick.index, view.quick.last
        );
        for row in &view.rows {
            out += &format!(
                "{:>14} {:>16}: {} = {} | {} s\n",
                row.period.name(),
                row.length_text,
                row.downtime_text,
                row.clock_text,
                row.seconds_text
            );
        }
        match (&view.reverse, &view.downtime_error) {
            (Some(r), _) => {
                out += &format!("reverse: {}% ({})\n", r.percent_text, r.nines_text);
            }
            (None, Some(e)) => out += &format!("downtime error: {e}\n"),
            (None, None) => out += "no reverse\n",
        }
        if let Some(e) = &view.availability_error {
            out += &format!("availability error: {e}\n");
        }
        out
    }

    fn check(events: Vec<Event>, expect: expect_test::Expect) {
        let mut state = State::default();
        for e in events {
            state.update(e);
        }
        expect.assert_eq(&dump(&state.view()));
    }

    #[test]
    fn default_state() {
        check(
            vec![],
            expect_test::expect![[r#"
                A = 99.95% (U = 5e-4, 3.30 nines (3 leading))
                quick pick: 99.95% [stop 5 of 0..=11]
                           day            1 day: 43.2 seconds = 43.2s | 43.2 s
                          week           7 days: 5.04 minutes = 5m 2.4s | 302.4 s
                 28-day window          28 days: 20.2 minutes = 20m 9.6s | 1,209.6 s
                         month          30 days: 21.6 minutes = 21m 36s | 1,296 s
                       quarter          90 days: 1.08 hours = 1h 4m 48s | 3,888 s
                          year         365 days: 4.38 hours = 4h 22m 48s | 15,768 s
                reverse: 99.9901065% (4.005 nines (4 leading))
            "#]],
        );
    }

    #[test]
    fn bad_availability_keeps_the_last_valid_results() {
        check(
            vec![
                Event::SetAvailability("99.9".into()),
                Event::SetAvailability("abc".into()),
                Event::SetMonth(MonthLen::YearTwelfth),
            ],
            expect_test::expect![[r#"
                A = 99.9% (U = 1e-3, 3.00 nines (3 leading)) [last valid]
                quick pick: 99.9% [stop 4 of 0..=11]
                           day            1 day: 1.44 minutes = 1m 26.4s | 86.4 s
                          week           7 days: 10.1 minutes = 10m 4.8s | 604.8 s
                 28-day window          28 days: 40.3 minutes = 40m 19.2s | 2,419.2 s
                         month   30.416667 days: 43.8 minutes = 43m 48s | 2,628 s
                       quarter          90 days: 2.16 hours = 2h 9m 36s | 7,776 s
                          year         365 days: 8.76 hours = 8h 45m 36s | 31,536 s
                reverse: 99.9901065% (4.005 nines (4 leading))
                availability error: “abc” is not a number
            "#]],
        );
    }

    #[test]
    fn downtime_longer_than_the_period_is_a_field_message() {
        check(
            vec![Event::SetDowntime("2d".into()), Event::SetPer(Period::Day)],
            expect_test::expect![[r#"
                A = 99.95% (U = 5e-4, 3.30 nines (3 leading))
                quick pick: 99.95% [stop 5 of 0..=11]
                           day            1 day: 43.2 seconds = 43.2s | 43.2 s
                          week           7 days: 5.04 minutes = 5m 2.4s | 302.4 s
                 28-day window          28 days: 20.2 minutes = 20m 9.6s | 1,209.6 s
                         month          30 days: 21.6 minutes = 21m 36s | 1,296 s
                       quarter          90 days: 1.08 hours = 1h 4m 48s | 3,888 s
                          year         365 days: 4.38 hours = 4h 22m 48s | 15,768 s
                downtime error: 2.00 days is more than one day (1 day)
            "#]],
        );
    }

    #[test]
    fn zero_percent_is_zero_nines_and_below_the_quick_pick_scale() {
        check(
            vec![
                Event::SetAvailability("0".into()),
                Event::SetDowntime("1y".into()),
            ],
            expect_test::expect![[r#"
                A = 0% (U = 1e0, 0.00 nines (0 leading))
                quick pick: 0% (off the scale) [stop 0 of 0..=11]
                           day            1 day: 1.00 day = 1d | 86,400 s
                          week           7 days: 7.00 days = 7d | 604,800 s
                 28-day window          28 days: 28.0 days = 28d | 2,419,200 s
                         month          30 days: 30.0 days = 30d | 2,592,000 s
                       quarter          90 days: 90.0 days = 90d | 7,776,000 s
                          year         365 days: 365 days = 365d | 31,536,000 s
                reverse: 0% (0.000 nines (0 leading))
            "#]],
        );
    }

    #[test]
    fn a_hundred_percent_is_above_the_quick_pick_scale() {
        check(
            vec![
                Event::SetAvailability("100".into()),
                Event::SetDowntime("0".into()),
            ],
            expect_test::expect![[r#"
                A = 100% (U = 0, no downtime allowed)
                quick pick: 100% (off the scale) [stop 11 of 0..=11]
                           day            1 day: 0 s = 0 s | 0 s
                          week           7 days: 0 s = 0 s | 0 s
                 28-day window          28 days: 0 s = 0 s | 0 s
                         month          30 days: 0 s = 0 s | 0 s
                       quarter          90 days: 0 s = 0 s | 0 s
                          year         365 days: 0 s = 0 s | 0 s
                reverse: 100% (no downtime: 100%)
            "#]],
        );
    }

    #[test]
    fn between_stops_the_quick_pick_names_the_typed_value() {
        check(
            vec![Event::SetAvailability("99.97".into())],
            expect_test::expect![[r#"
                A = 99.97% (U = 3e-4, 3.52 nines (3 leading))
                quick pick: 99.97% (near 99.95%) [stop 5 of 0..=11]
                           day            1 day: 25.9 seconds = 25.9s | 25.92 s
                          week           7 days: 3.02 minutes = 3m 1.4s | 181.44 s
                 28-day window          28 days: 12.1 minutes = 12m 5.8s | 725.76 s
                         month          30 days: 13.0 minutes = 12m 57.6s | 777.6 s
                       quarter          90 days: 38.9 minutes = 38m 52.8s | 2,332.8 s
                          year         365 days: 2.63 hours = 2h 37m 40s | 9,460.8 s
                reverse: 99.9901065% (4.005 nines (4 leading))
            "#]],
        );
    }

    #[test]
    fn ten_nines_keep_the_significant_digits_of_seconds() {
        check(
            vec![Event::SetAvailability("99.99999999".into())],
            expect_test::expect![[r#"
                A = 99.99999999% (U = 1e-10, 10.00 nines (10 leading))
                quick pick: 99.99999999% (off the scale) [stop 11 of 0..=11]
                           day            1 day: 8.64 µs = 8.64 µs | 8.64e-6 s
                          week           7 days: 60.5 µs = 60.5 µs | 6.05e-5 s
                 28-day window          28 days: 242 µs = 242 µs | 2.42e-4 s
                         month          30 days: 259 µs = 259 µs | 2.59e-4 s
                       quarter          90 days: 778 µs = 778 µs | 7.78e-4 s
                          year         365 days: 3.15 ms = 3.15 ms | 0.00315 s
                reverse: 99.9901065% (4.005 nines (4 leading))
            "#]],
        );
    }

    #[test]
    fn the_quick_pick_moves_between_its_stops() {
        let mut state = State::default();
        state.update(Event::SetAvailability("0".into()));
        state.update(Event::Pick(1));
        assert_eq!(state.availability_text, "95");
        assert_eq!(state.view().quick.text, "95%");
        state.update(Event::Pick(usize::MAX));
        assert_eq!(state.availability_text, "99.99999");
        assert_eq!(state.view().quick.index, QUICK_PICKS.len() - 1);
        // Every stop parses and is shown at its own place.
        for (i, stop) in QUICK_PICKS.iter().enumerate() {
            state.update(Event::Pick(i));
            let quick = state.view().quick;
            assert_eq!((quick.index, quick.text), (i, format!("{stop}%")));
        }
    }

    #[test]
    fn downtime_takes_seconds_clock_times_and_years() {
        let cases = [
            ("52", 52.0),
            ("52s", 52.0),
            ("0:52:00", 3_120.0),
            ("52:00", 3_120.0),
            ("1h 30m", 5_400.0),
            ("1y", 365.0 * 86_400.0),
            ("0.5y", 182.5 * 86_400.0),
        ];
        for (text, seconds) in cases {
            let mut state = State::default();
            state.update(Event::SetDowntime(text.into()));
            let view = state.view();
            assert_eq!(view.downtime_error, None, "{text}");
            assert_eq!(view.reverse.map(|r| r.downtime_s), Some(seconds), "{text}");
        }
        check(
            vec![Event::SetDowntime("0:52:00".into())],
            expect_test::expect![[r#"
                A = 99.95% (U = 5e-4, 3.30 nines (3 leading))
                quick pick: 99.95% [stop 5 of 0..=11]
                           day            1 day: 43.2 seconds = 43.2s | 43.2 s
                          week           7 days: 5.04 minutes = 5m 2.4s | 302.4 s
                 28-day window          28 days: 20.2 minutes = 20m 9.6s | 1,209.6 s
                         month          30 days: 21.6 minutes = 21m 36s | 1,296 s
                       quarter          90 days: 1.08 hours = 1h 4m 48s | 3,888 s
                          year         365 days: 4.38 hours = 4h 22m 48s | 15,768 s
                reverse: 99.9901065% (4.005 nines (4 leading))
            "#]],
        );
    }

    #[test]
    fn reset_restores_the_defaults() {
        let mut state = State::default();
        state.update(Event::SetYear(YearDays::Gregorian));
        state.update(Event::SetAvailability("-5".into()));
        assert_ne!(state, State::default());
        state.update(Event::Reset);
        assert_eq!(state, State::default());
    }

    #[test]
    fn a_state_from_a_bad_link_still_views() {
        let state = State::new("NaN", "", Period::Week, Calendar::default());
        let view = state.view();
        assert!(view.stale);
        assert!(view.availability_error.is_some());
        assert!(view.downtime_error.is_some());
        assert_eq!(view.percent_text, "99.95");
    }

    #[test]
    fn the_tables_export_what_the_page_shows() {
        let state = State::default();
        let view = state.view();
        let t = view.budget_table();
        assert_eq!(t.rows.len(), view.rows.len());
        assert_eq!(t.rows[0][2], view.rows[0].downtime_text);
        let csv = view.spread_table().to_csv();
        assert_eq!(csv.lines().count(), view.spread.len() + 1, "{csv}");
    }
}
