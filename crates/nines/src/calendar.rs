//! Calendar conventions. Published downtime tables disagree only because their periods differ;
//! here the convention is explicit, selectable and printed with every result (reference §3).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use sdlab_sim::units::{DAY, WEEK};

/// Year length.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum YearDays {
    /// 365 days: the book's year (Table 1-1) and the Google SRE book's Appendix A.
    #[default]
    Days365,
    /// 365.2425 days, the mean Gregorian year (system-design-primer).
    Gregorian,
}

/// Month length.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MonthLen {
    /// 30 days: seven of the eight month cells of the book's Table 1-1.
    #[default]
    Days30,
    /// One twelfth of the chosen year: 730 hours for a 365-day year (the AWS billing month).
    YearTwelfth,
}

/// Quarter length.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum QuarterLen {
    /// 90 days (Google SRE book, Appendix A).
    #[default]
    Days90,
    /// One quarter of the chosen year.
    YearQuarter,
}

/// A complete convention: how long a year, a month and a quarter are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Calendar {
    pub year: YearDays,
    pub month: MonthLen,
    pub quarter: QuarterLen,
}

/// A period over which a downtime budget is counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Period {
    Day,
    Week,
    /// A rolling 4-week window: every window holds the same weekdays (SRE Workbook default).
    Rolling28,
    Month,
    Quarter,
    #[default]
    Year,
}

impl Period {
    pub const ALL: [Period; 6] = [
        Period::Day,
        Period::Week,
        Period::Rolling28,
        Period::Month,
        Period::Quarter,
        Period::Year,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Rolling28 => "28-day window",
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }
}

impl YearDays {
    pub const ALL: [YearDays; 2] = [YearDays::Days365, YearDays::Gregorian];

    pub fn days(self) -> f64 {
        match self {
            YearDays::Days365 => 365.0,
            YearDays::Gregorian => 365.2425,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            YearDays::Days365 => "365 days",
            YearDays::Gregorian => "365.2425 days",
        }
    }
}

impl MonthLen {
    pub const ALL: [MonthLen; 2] = [MonthLen::Days30, MonthLen::YearTwelfth];

    pub fn label(self) -> &'static str {
        match self {
            MonthLen::Days30 => "30 days",
            MonthLen::YearTwelfth => "year ÷ 12",
        }
    }
}

impl QuarterLen {
    pub const ALL: [QuarterLen; 2] = [QuarterLen::Days90, QuarterLen::YearQuarter];

    pub fn label(self) -> &'static str {
        match self {
            QuarterLen::Days90 => "90 days",
            QuarterLen::YearQuarter => "year ÷ 4",
        }
    }
}

impl Calendar {
    /// Length of `period` in seconds under this convention.
    pub fn seconds(&self, period: Period) -> f64 {
        let year = self.year.days() * DAY;
        match period {
            Period::Day => DAY,
            Period::Week => WEEK,
            Period::Rolling28 => 28.0 * DAY,
            Period::Month => match self.month {
                MonthLen::Days30 => 30.0 * DAY,
                MonthLen::YearTwelfth => year / 12.0,
            },
            Period::Quarter => match self.quarter {
                QuarterLen::Days90 => 90.0 * DAY,
                QuarterLen::YearQuarter => year / 4.0,
            },
            Period::Year => year,
        }
    }

    /// The length of `period` in days, as a short phrase: "30 days", "30.4167 days".
    pub fn days_text(&self, period: Period) -> String {
        let days = self.seconds(period) / DAY;
        let text = format!("{days:.6}");
        let text = text.trim_end_matches('0').trim_end_matches('.');
        if text == "1" {
            "1 day".into()
        } else {
            format!("{text} days")
        }
    }

    /// One line that states the whole convention, printed beside every result.
    pub fn describe(&self) -> String {
        format!(
            "year = {}, month = {}, quarter = {}, week = 7 days, rolling window = 28 days",
            self.days_text(Period::Year),
            self.days_text(Period::Month),
            self.days_text(Period::Quarter)
        )
    }
}

macro_rules! tokens {
    ($ty:ty, $what:literal, $($variant:path => $token:literal),+ $(,)?) => {
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(match self { $($variant => $token),+ })
            }
        }
        impl FromStr for $ty {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s.trim() {
                    $($token => Ok($variant),)+
                    other => Err(format!(
                        concat!("unknown ", $what, " “{}”; expected one of: {}"),
                        other,
                        [$($token),+].join(", ")
                    )),
                }
            }
        }
    };
}

tokens!(YearDays, "year length", YearDays::Days365 => "365", YearDays::Gregorian => "365.2425");
tokens!(MonthLen, "month length", MonthLen::Days30 => "30d", MonthLen::YearTwelfth => "year/12");
tokens!(QuarterLen, "quarter length", QuarterLen::Days90 => "90d", QuarterLen::YearQuarter => "year/4");
tokens!(Period, "period",
    Period::Day => "day", Period::Week => "week", Period::Rolling28 => "28d",
    Period::Month => "month", Period::Quarter => "quarter", Period::Year => "year");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_lengths_match_the_reference_table() {
        // Reference §3, "Calendar conventions", the Seconds column.
        let book = Calendar::default();
        assert_eq!(book.seconds(Period::Day), 86_400.0);
        assert_eq!(book.seconds(Period::Week), 604_800.0);
        assert_eq!(book.seconds(Period::Rolling28), 2_419_200.0);
        assert_eq!(book.seconds(Period::Month), 2_592_000.0);
        assert_eq!(book.seconds(Period::Quarter), 7_776_000.0);
        assert_eq!(book.seconds(Period::Year), 31_536_000.0);
        let twelfths = Calendar {
            year: YearDays::Days365,
            month: MonthLen::YearTwelfth,
            quarter: QuarterLen::YearQuarter,
        };
        assert_eq!(twelfths.seconds(Period::Month), 2_628_000.0);
        assert_eq!(twelfths.seconds(Period::Quarter), 7_884_000.0);
        let gregorian = Calendar {
            year: YearDays::Gregorian,
            ..twelfths
        };
        assert_eq!(gregorian.seconds(Period::Year), 31_556_952.0);
        assert_eq!(gregorian.seconds(Period::Month), 2_629_746.0);
        assert_eq!(gregorian.seconds(Period::Quarter), 7_889_238.0);
    }

    #[test]
    fn tokens_round_trip_and_reject_unknowns() {
        for p in Period::ALL {
            assert_eq!(p.to_string().parse::<Period>(), Ok(p));
        }
        for y in YearDays::ALL {
            assert_eq!(y.to_string().parse::<YearDays>(), Ok(y));
        }
        for m in MonthLen::ALL {
            assert_eq!(m.to_string().parse::<MonthLen>(), Ok(m));
        }
        for q in QuarterLen::ALL {
            assert_eq!(q.to_string().parse::<QuarterLen>(), Ok(q));
        }
        let err = "366".parse::<YearDays>().expect_err("unknown");
        assert!(err.contains("365.2425"), "{err}");
    }

    #[test]
    fn describes_the_convention() {
        assert_eq!(
            Calendar::default().describe(),
            "year = 365 days, month = 30 days, quarter = 90 days, week = 7 days, rolling window = 28 days"
        );
    }
}
