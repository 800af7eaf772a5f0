//! The book's Table 1-1, "Availability percentages represented in nines" (System Design on AWS,
//! Chapter 1, "Availability" → "Measuring availability"), copied verbatim and checked against the
//! model cell by cell.

use sdlab_sim::units::parse_printed;
use sdlab_sim::{Check, Figure};

use crate::{Availability, Calendar, MonthLen, Period};

pub const SOURCE: &str = "System Design on AWS, ch. 1, Table 1-1";

/// One printed row of Table 1-1.
#[derive(Clone, Copy, Debug)]
pub struct BookRow {
    pub percent: &'static str,
    /// The nines label exactly as printed (leading nines: "99.5% (2 nines)").
    pub nines_label: &'static str,
    pub leading_nines: u32,
    pub per_year: &'static str,
    pub per_month: &'static str,
    pub per_week: &'static str,
}

pub const TABLE_1_1: [BookRow; 8] = [
    row("90", "1 nine", 1, "36.5 days", "72 hours", "16.8 hours"),
    row("99", "2 nines", 2, "3.65 days", "7.2 hours", "1.68 hours"),
    row(
        "99.5",
        "2 nines",
        2,
        "1.83 days",
        "3.60 hours",
        "50.4 minutes",
    ),
    row(
        "99.9",
        "3 nines",
        3,
        "8.76 hours",
        "43.8 minutes",
        "10.1 minutes",
    ),
    row(
        "99.99",
        "4 nines",
        4,
        "52.56 minutes",
        "4.32 minutes",
        "1.01 minutes",
    ),
    row(
        "99.999",
        "5 nines",
        5,
        "5.26 minutes",
        "25.9 seconds",
        "6.05 seconds",
    ),
    row(
        "99.9999",
        "6 nines",
        6,
        "31.5 seconds",
        "2.59 seconds",
        "0.605 seconds",
    ),
    row(
        "99.99999",
        "7 nines",
        7,
        "3.15 seconds",
        "0.259 seconds",
        "0.0605 seconds",
    ),
];

const fn row(
    percent: &'static str,
    nines_label: &'static str,
    leading_nines: u32,
    per_year: &'static str,
    per_month: &'static str,
    per_week: &'static str,
) -> BookRow {
    BookRow {
        percent,
        nines_label,
        leading_nines,
        per_year,
        per_month,
        per_week,
    }
}

/// The month each printed month cell fits. Seven rows use a 30-day month; the 99.9% row's
/// "43.8 minutes" fits only a 730-hour month (365/12 days), so the book mixes conventions.
fn month_for(row: &BookRow) -> MonthLen {
    if row.percent == "99.9" {
        MonthLen::YearTwelfth
    } else {
        MonthLen::Days30
    }
}

/// Every cell of Table 1-1 as a check: 24 downtime cells, each parsed from its printed text and
/// compared in its printed unit within half a unit in the last printed digit, plus the 8 nines
/// labels. The year is 365 days and the week 7 days throughout, as every printed cell implies.
pub fn table_1_1_checks() -> Vec<Check> {
    let mut checks = Vec::with_capacity(32);
    for row in &TABLE_1_1 {
        let availability = match Availability::parse_percent(row.percent) {
            Ok(a) => a,
            Err(message) => {
                checks.push(failed(row.percent, &message));
                continue;
            }
        };
        let month = month_for(row);
        let calendar = Calendar {
            month,
            ..Calendar::default()
        };
        for (period, printed) in [
            (Period::Year, row.per_year),
            (Period::Month, row.per_month),
            (Period::Week, row.per_week),
        ] {
            let label = format!("{}% · downtime per {}", row.percent, period.name());
            let cell = match parse_printed(printed) {
                Ok(cell) => cell,
                Err(message) => {
                    checks.push(failed(&label, &message));
                    continue;
                }
            };
            let computed_s = availability.unavailability() * calendar.seconds(period);
            // A hair of slack on top of half an ulp: the 99.5% year cell (1.825 days printed
            // as 1.83) sits exactly on a rounding tie that f64 can land either side of.
            let tolerance = cell.half_ulp() * (1.0 + 1e-9);
            let figure = Figure {
                text: printed,
                value: cell.value,
                unit: &cell.unit,
                decimals: cell.decimals,
            };
            let mut check = Check::numeric(
                label,
                SOURCE,
                figure,
                tolerance,
                computed_s / cell.unit_seconds,
            );
            if period == Period::Month && month == MonthLen::YearTwelfth {
                check = check.with_note(
                    "fits only a 730-hour month (365/12 days); the other month cells fit 30 days",
                );
            }
            checks.push(check);
        }
        let computed_nines = availability.leading_nines();
        checks.push(Check {
            label: format!("{}% · nines", row.percent),
            source: SOURCE.into(),
            published: row.nines_label.into(),
            computed: computed_nines.map_or("∞".into(), |n| format!("{n} leading nines")),
            tolerance: "exact".into(),
            note: (row.percent == "99.5").then(|| {
                "the book counts leading nines; −log10(U) is 2.30 (“two and a half nines”)".into()
            }),
            pass: computed_nines == Some(row.leading_nines),
        });
    }
    checks
}

fn failed(label: &str, message: &str) -> Check {
    Check {
        label: label.into(),
        source: SOURCE.into(),
        published: "?".into(),
        computed: message.into(),
        tolerance: "—".into(),
        note: None,
        pass: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Golden test: every cell of the book's Table 1-1 (ch. 1, "Measuring availability") is
    /// reproduced within half a unit in its last printed digit, with a 365-day year, a 7-day
    /// week and a 30-day month (a 730-hour month for the 99.9% row, which is the book's own mix).
    #[test]
    fn reproduces_every_cell_of_table_1_1() {
        let checks = table_1_1_checks();
        assert_eq!(checks.len(), 32);
        let failures: Vec<_> = checks.iter().filter(|c| !c.pass).collect();
        assert!(failures.is_empty(), "{failures:#?}");
    }

    /// The check must be able to fail: with a 30-day month the 99.9% month cell is off
    /// (43.2 minutes computed against 43.8 printed).
    #[test]
    fn the_ninety_nine_nine_month_cell_does_not_fit_a_thirty_day_month() {
        let u = Availability::parse_percent("99.9").map(|a| a.unavailability());
        let minutes = u.map(|u| u * Calendar::default().seconds(Period::Month) / 60.0);
        let minutes = minutes.expect("valid");
        assert!((minutes - 43.2).abs() < 1e-9);
        assert!((minutes - 43.8).abs() > 0.05);
    }

    #[test]
    fn the_printed_table_is_verbatim() {
        expect_test::expect![[r#"
            90% (1 nine) | 36.5 days | 72 hours | 16.8 hours
            99% (2 nines) | 3.65 days | 7.2 hours | 1.68 hours
            99.5% (2 nines) | 1.83 days | 3.60 hours | 50.4 minutes
            99.9% (3 nines) | 8.76 hours | 43.8 minutes | 10.1 minutes
            99.99% (4 nines) | 52.56 minutes | 4.32 minutes | 1.01 minutes
            99.999% (5 nines) | 5.26 minutes | 25.9 seconds | 6.05 seconds
            99.9999% (6 nines) | 31.5 seconds | 2.59 seconds | 0.605 seconds
            99.99999% (7 nines) | 3.15 seconds | 0.259 seconds | 0.0605 seconds
        "#]]
        .assert_eq(
            &TABLE_1_1
                .iter()
                .map(|r| {
                    format!(
                        "{}% ({}) | {} | {} | {}\n",
                        r.percent, r.nines_label, r.per_year, r.per_month, r.per_week
                    )
                })
                .collect::<String>(),
        );
    }
}
