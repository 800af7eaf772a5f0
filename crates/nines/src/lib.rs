//! Availability ↔ downtime budgets under explicit calendar conventions, and the book's Table 1-1.
//!
//! Domain: "System Design on AWS", ch. 1, "Measuring availability". The budget is
//! `downtime = U × period` and its inverse `U = downtime / period`, with U = 1 − A carried
//! throughout so high nines keep their digits. The page (`src/tools/nines.rs`) and the CLI
//! (`sdlab nines …`) are thin shells over [`State`], [`Event`] and [`View`].

pub mod analytic;
mod availability;
pub mod book;
mod calendar;
pub mod diagram;
pub mod drawing;
pub mod incidents;
pub mod jobs;
pub mod lab;
pub mod lab_view;
mod model;
pub mod presets;
pub mod schema;
pub mod simulate;
pub mod slo;

pub use availability::Availability;
pub use calendar::{Calendar, MonthLen, Period, QuarterLen, YearDays};
pub use model::{Event, Field, Reverse, Row, SpreadRow, State, View};

use sdlab_sim::units::{DAY, WEEK};

/// Allowed downtime in seconds over `period_s` at `availability`.
pub fn downtime_s(availability: Availability, period_s: f64) -> f64 {
    availability.unavailability() * period_s
}

/// The availability that a downtime of `downtime_s` over `period_s` leaves, computed as
/// U = downtime / period (no 1 − A round trip). Messages are meant for the downtime field.
pub fn availability_from_downtime(downtime_s: f64, period_s: f64) -> Result<Availability, String> {
    if !downtime_s.is_finite() || downtime_s < 0.0 {
        return Err("downtime must be a finite, non-negative duration".into());
    }
    if !(period_s.is_finite() && period_s > 0.0) {
        return Err("the period must be a positive duration".into());
    }
    if downtime_s > period_s {
        return Err("downtime cannot exceed the period".into());
    }
    Availability::from_unavailability(downtime_s / period_s)
}

/// Allowed downtime per day, week, month, quarter and year, in seconds.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Budget {
    pub per_day_s: f64,
    pub per_week_s: f64,
    pub per_month_s: f64,
    pub per_quarter_s: f64,
    pub per_year_s: f64,
}

pub fn budget(availability: Availability, calendar: &Calendar) -> Budget {
    let d = |p| downtime_s(availability, calendar.seconds(p));
    Budget {
        per_day_s: d(Period::Day),
        per_week_s: d(Period::Week),
        per_month_s: d(Period::Month),
        per_quarter_s: d(Period::Quarter),
        per_year_s: d(Period::Year),
    }
}

/// Every period length in use by published tables and calculators (reference §3), so one
/// availability can be shown under all of them side by side.
pub const SPREAD_PERIODS: [(&str, f64); 11] = [
    ("day", DAY),
    ("week", WEEK),
    ("28-day rolling window", 28.0 * DAY),
    ("30-day month", 30.0 * DAY),
    ("730-hour month (365/12 d, AWS billing)", 730.0 * 3_600.0),
    (
        "mean Gregorian month (365.2425/12 d)",
        365.2425 / 12.0 * DAY,
    ),
    ("90-day quarter", 90.0 * DAY),
    ("365/4-day quarter", 91.25 * DAY),
    (
        "mean Gregorian quarter (365.2425/4 d)",
        365.2425 / 4.0 * DAY,
    ),
    ("365-day year (the book)", 365.0 * DAY),
    ("mean Gregorian year (365.2425 d)", 365.2425 * DAY),
];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn book_worked_budget_ninety_nine_nine_five() {
        // U = 5e-4 exactly; a 365-day year is 31,536,000 s (reference §3) → 15,768 s.
        let a = Availability::parse_percent("99.95").expect("valid");
        let b = budget(a, &Calendar::default());
        assert_eq!(b.per_year_s, 15_768.0);
        assert_eq!(b.per_day_s, 43.2);
        assert!((b.per_week_s - 302.4).abs() < 1e-9);
        assert_eq!(b.per_month_s, 1_296.0);
        assert_eq!(b.per_quarter_s, 3_888.0);
    }

    #[test]
    fn reverse_direction_gives_availability_and_nines() {
        // 52.56 minutes per 365-day year is the book's 99.99% cell (Table 1-1).
        let a = availability_from_downtime(52.56 * 60.0, Calendar::default().seconds(Period::Year))
            .expect("valid");
        assert!((a.unavailability() - 1e-4).abs() < 1e-18);
        assert!((a.nines() - 4.0).abs() < 1e-9);
        assert!(availability_from_downtime(2.0 * DAY, DAY).is_err());
        assert!(availability_from_downtime(-1.0, DAY).is_err());
        assert!(availability_from_downtime(f64::NAN, DAY).is_err());
        assert_eq!(
            availability_from_downtime(DAY, DAY).map(|a| a.availability()),
            Ok(0.0)
        );
    }

    proptest! {
        /// Reference §9: A → downtime → A round-trips within f64 precision, for every period and
        /// convention.
        #[test]
        fn availability_downtime_round_trip(
            u in 0.0f64..=1.0,
            period_index in 0usize..6,
            year in 0usize..2, month in 0usize..2, quarter in 0usize..2,
        ) {
            let calendar = Calendar {
                year: YearDays::ALL[year], month: MonthLen::ALL[month], quarter: QuarterLen::ALL[quarter],
            };
            let period_s = calendar.seconds(Period::ALL[period_index]);
            let a = Availability::from_unavailability(u).expect("in range");
            let back = availability_from_downtime(downtime_s(a, period_s), period_s).expect("in range");
            prop_assert!((back.unavailability() - u).abs() <= 4.0 * f64::EPSILON * u.max(f64::MIN_POSITIVE));
        }

        /// Typed percentages never panic, and whatever parses lies in [0, 1].
        #[test]
        fn any_text_parses_or_gives_a_message(text in "\\PC{0,24}") {
            match Availability::parse_percent(&text) {
                Ok(a) => prop_assert!((0.0..=1.0).contains(&a.unavailability())),
                Err(message) => prop_assert!(!message.is_empty()),
            }
        }

        /// Longer periods never allow less downtime.
        #[test]
        fn downtime_grows_with_the_period(u in 0.0f64..=1.0, year in 0usize..2) {
            let calendar = Calendar { year: YearDays::ALL[year], ..Calendar::default() };
            let a = Availability::from_unavailability(u).expect("in range");
            let mut last = 0.0;
            for p in Period::ALL {
                let d = downtime_s(a, calendar.seconds(p));
                prop_assert!(d >= last);
                last = d;
            }
        }
    }
}
