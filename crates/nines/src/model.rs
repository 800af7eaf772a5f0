//! The downtime-budget tool as a pure state machine: the page keeps a [`State`], sends
//! [`Event`]s and draws the [`View`]; native tests drive it the same way.

use sdlab_sim::units::{format_clock, format_duration, format_sci};

use crate::{
    Availability, Calendar, MonthLen, Period, QuarterLen, SPREAD_PERIODS, YearDays,
    availability_from_downtime, downtime_s,
};

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
}

/// The same availability under one of the conventions in use elsewhere.
#[derive(Clone, Debug, PartialEq)]
pub struct SpreadRow {
    pub label: &'static str,
    pub downtime_s: f64,
    pub downtime_text: String,
}

/// The reverse direction: a downtime over a period gives an availability.
#[derive(Clone, Debug, PartialEq)]
pub struct Reverse {
    pub availability: Availability,
    pub percent_text: String,
    pub nines: f64,
    pub leading_nines: Option<u32>,
    pub downtime_s: f64,
    pub period_text: String,
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
                }
            })
            .collect();
        let period_s = self.calendar.seconds(self.per);
        let reverse = sdlab_sim::units::parse_duration(&self.downtime_text).and_then(|d| {
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
                    nines: a.nines(),
                    leading_nines: a.leading_nines(),
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
            nines: availability.nines(),
            leading_nines: availability.leading_nines(),
            unavailability_text: format_sci(availability.unavailability(), 4),
            rows,
            spread,
            reverse: reverse.ok(),
            convention: self.calendar.describe(),
        }
    }
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
            "A = {}% (U = {}, {:.2} nines, {} leading){}\n",
            view.percent_text,
            view.unavailability_text,
            view.nines,
            view.leading_nines.map_or("∞".into(), |n| n.to_string()),
            if view.stale { " [last valid]" } else { "" }
        );
        for row in &view.rows {
            out += &format!(
                "{:>14} {:>16}: {} = {}\n",
                row.period.name(),
                row.length_text,
                row.downtime_text,
                row.clock_text
            );
        }
        match (&view.reverse, &view.downtime_error) {
            (Some(r), _) => {
                out += &format!("reverse: {}% ({:.3} nines)\n", r.percent_text, r.nines);
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
                A = 99.95% (U = 5e-4, 3.30 nines, 3 leading)
                           day            1 day: 43.2 seconds = 43.2s
                          week           7 days: 5.04 minutes = 5m 2.4s
                 28-day window          28 days: 20.2 minutes = 20m 9.6s
                         month          30 days: 21.6 minutes = 21m 36s
                       quarter          90 days: 1.08 hours = 1h 4m 48s
                          year         365 days: 4.38 hours = 4h 22m 48s
                reverse: 99.9901065% (4.005 nines)
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
                A = 99.9% (U = 1e-3, 3.00 nines, 3 leading) [last valid]
                           day            1 day: 1.44 minutes = 1m 26.4s
                          week           7 days: 10.1 minutes = 10m 4.8s
                 28-day window          28 days: 40.3 minutes = 40m 19.2s
                         month   30.416667 days: 43.8 minutes = 43m 48s
                       quarter          90 days: 2.16 hours = 2h 9m 36s
                          year         365 days: 8.76 hours = 8h 45m 36s
                reverse: 99.9901065% (4.005 nines)
                availability error: “abc” is not a number
            "#]],
        );
    }

    #[test]
    fn downtime_longer_than_the_period_is_a_field_message() {
        check(
            vec![Event::SetDowntime("2d".into()), Event::SetPer(Period::Day)],
            expect_test::expect![[r#"
                A = 99.95% (U = 5e-4, 3.30 nines, 3 leading)
                           day            1 day: 43.2 seconds = 43.2s
                          week           7 days: 5.04 minutes = 5m 2.4s
                 28-day window          28 days: 20.2 minutes = 20m 9.6s
                         month          30 days: 21.6 minutes = 21m 36s
                       quarter          90 days: 1.08 hours = 1h 4m 48s
                          year         365 days: 4.38 hours = 4h 22m 48s
                downtime error: 2.00 days is more than one day (1 day)
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
