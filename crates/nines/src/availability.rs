//! An availability carried as its unavailability U = 1 − A, parsed straight from the decimal
//! string the user typed, so "99.99999" keeps all its digits (reference §2.2).

use serde::{Deserialize, Serialize};

/// Most decimal places accepted in a percentage: 100·10^30 still fits a `u128`.
const MAX_FRACTION_DIGITS: usize = 30;

/// A steady-state availability. Only `0 ≤ U ≤ 1` can be built, deserialising included: the
/// JSON form is `{"unavailability": 0.001}`, checked by [`Availability::from_unavailability`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Unchecked", into = "Unchecked")]
pub struct Availability {
    unavailability: f64,
}

/// The serialised form of an [`Availability`], before its range is checked.
#[derive(Clone, Copy, Serialize, Deserialize)]
struct Unchecked {
    unavailability: f64,
}

impl TryFrom<Unchecked> for Availability {
    type Error = String;
    fn try_from(value: Unchecked) -> Result<Self, String> {
        Availability::from_unavailability(value.unavailability)
    }
}

impl From<Availability> for Unchecked {
    fn from(value: Availability) -> Self {
        Unchecked {
            unavailability: value.unavailability,
        }
    }
}

impl Availability {
    pub const PERFECT: Availability = Availability {
        unavailability: 0.0,
    };

    /// From U = 1 − A; rejects values outside [0, 1] and non-finite values.
    pub fn from_unavailability(unavailability: f64) -> Result<Self, String> {
        if !unavailability.is_finite() {
            return Err("unavailability must be a finite number".into());
        }
        if !(0.0..=1.0).contains(&unavailability) {
            return Err("unavailability must lie between 0 and 1".into());
        }
        Ok(Availability { unavailability })
    }

    /// Parses a percentage such as `"99.95"` or `"99.95 %"`. U is formed by exact decimal
    /// subtraction (100 − 99.95 = 0.05) and only then rounded to f64, once.
    pub fn parse_percent(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let text = text.strip_suffix('%').unwrap_or(text).trim_end();
        if text.is_empty() {
            return Err("enter an availability in %, e.g. 99.95".into());
        }
        let decimal = Decimal::parse(text)?;
        if decimal.negative && decimal.mantissa != 0 {
            return Err("availability cannot be negative".into());
        }
        if decimal.fraction_digits > MAX_FRACTION_DIGITS {
            return Err(format!("use at most {MAX_FRACTION_DIGITS} decimal places"));
        }
        let scale = 10u128.pow(decimal.fraction_digits as u32);
        let hundred = 100 * scale;
        if decimal.mantissa > hundred {
            return Err("availability cannot exceed 100%".into());
        }
        let numerator = hundred - decimal.mantissa;
        // Correctly rounded: the standard library's decimal parser rounds once, to nearest.
        let unavailability: f64 = format!("{numerator}e-{}", decimal.fraction_digits + 2)
            .parse()
            .map_err(|_| "could not read that number".to_string())?;
        Ok(Availability { unavailability })
    }

    pub fn unavailability(self) -> f64 {
        self.unavailability
    }

    /// A = 1 − U. Loses the low digits of U at high nines; display U alongside.
    pub fn availability(self) -> f64 {
        1.0 - self.unavailability
    }

    /// −log10(U): 3.30 for 99.95%, ∞ for 100%.
    pub fn nines(self) -> f64 {
        -libm::log10(self.unavailability)
    }

    /// Leading nines, as in "99.95% (3 nines)": floor of −log10(U), nudged so that f64 noise
    /// such as 1 − 0.99 = 0.010000000000000009 still counts 2 (reference §2.2).
    pub fn leading_nines(self) -> Option<u32> {
        let nines = self.nines();
        nines
            .is_finite()
            .then(|| (nines + 1e-9).floor().max(0.0) as u32)
    }

    /// The percentage, printed with as many digits as U needs (up to 15 significant).
    pub fn percent_text(self) -> String {
        if self.unavailability == 0.0 {
            return "100".into();
        }
        let percent = 100.0 - self.unavailability * 100.0;
        let decimals = (self.nines().ceil() as i32 + 2).clamp(1, 13) as usize;
        let text = format!("{percent:.decimals$}");
        let text = text.trim_end_matches('0').trim_end_matches('.');
        text.to_string()
    }
}

/// A decimal number as an exact integer mantissa and a count of fraction digits.
struct Decimal {
    negative: bool,
    mantissa: u128,
    fraction_digits: usize,
}

impl Decimal {
    fn parse(text: &str) -> Result<Self, String> {
        let not_a_number = || format!("“{text}” is not a number");
        let (negative, body) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (significand, exponent) = match body.split_once(['e', 'E']) {
            Some((s, e)) => (
                s,
                e.parse::<i64>()
                    .map_err(|_| not_a_number())?
                    .clamp(-10_000, 10_000),
            ),
            None => (body, 0),
        };
        let (int_part, frac_part) = significand.split_once('.').unwrap_or((significand, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (int_part.is_empty() && frac_part.is_empty())
            || !all_digits(int_part)
            || !all_digits(frac_part)
        {
            return Err(not_a_number());
        }
        let digits = format!("{int_part}{frac_part}");
        let digits = digits.trim_start_matches('0');
        let fraction = frac_part.len() as i64 - exponent;
        if digits.is_empty() {
            return Ok(Decimal {
                negative,
                mantissa: 0,
                fraction_digits: 0,
            });
        }
        // Numbers this large are far above 100%; say so without overflowing.
        let integer_digits = digits.len() as i64 - fraction;
        if integer_digits > 3 {
            return Ok(Decimal {
                negative,
                mantissa: u128::MAX,
                fraction_digits: 0,
            });
        }
        let (digits, fraction) = if fraction < 0 {
            (format!("{digits}{}", "0".repeat((-fraction) as usize)), 0)
        } else {
            (digits.to_string(), fraction as usize)
        };
        if fraction > MAX_FRACTION_DIGITS || digits.len() > MAX_FRACTION_DIGITS + 3 {
            return Ok(Decimal {
                negative,
                mantissa: 0,
                fraction_digits: fraction.max(MAX_FRACTION_DIGITS + 1),
            });
        }
        let mantissa = digits.parse::<u128>().map_err(|_| not_a_number())?;
        Ok(Decimal {
            negative,
            mantissa,
            fraction_digits: fraction,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(text: &str) -> f64 {
        Availability::parse_percent(text)
            .expect("valid percentage")
            .unavailability()
    }

    #[test]
    fn parses_straight_into_unavailability() {
        assert_eq!(u("99.95"), 5e-4);
        assert_eq!(u("99.95%"), 5e-4);
        assert_eq!(u(" 99.99999 % "), 1e-7);
        assert_eq!(u("99.99999999999999"), 1e-16);
        assert_eq!(u("100"), 0.0);
        assert_eq!(u("0"), 1.0);
        assert_eq!(u("9.995e1"), 5e-4);
        assert_eq!(u("90"), 0.1);
        assert_eq!(u(".5"), 0.995);
        assert_eq!(u("-0"), 1.0);
    }

    #[test]
    fn rejects_bad_percentages_with_a_message() {
        let cases = [
            ("", "enter"),
            ("abc", "not a number"),
            ("-5", "negative"),
            ("1e999", "exceed"),
            ("NaN", "not a number"),
            ("inf", "not a number"),
            ("100.0001", "exceed"),
            ("1e-999", "decimal places"),
            ("99.9.9", "not a number"),
            ("99,9", "not a number"),
            ("1e", "not a number"),
            (".", "not a number"),
        ];
        for (text, expected) in cases {
            let err = Availability::parse_percent(text).expect_err(text);
            assert!(err.contains(expected), "{text}: {err}");
        }
    }

    #[test]
    fn counts_leading_nines_without_f64_noise() {
        // 1 − 0.99 = 0.010000000000000009 in f64, which a plain floor would count as 1 nine.
        let noisy = Availability::from_unavailability(1.0 - 0.99).expect("in range");
        assert_eq!(noisy.leading_nines(), Some(2));
        assert_eq!(
            Availability::parse_percent("99.5").map(|a| a.leading_nines()),
            Ok(Some(2))
        );
        assert_eq!(Availability::PERFECT.leading_nines(), None);
        assert_eq!(
            Availability::parse_percent("0").map(|a| a.leading_nines()),
            Ok(Some(0))
        );
    }

    #[test]
    fn serialises_as_before_and_refuses_out_of_range_values() {
        let a = Availability::parse_percent("99.95").expect("valid");
        let json = serde_json::to_string(&a).expect("serialises");
        assert_eq!(json, r#"{"unavailability":0.0005}"#);
        assert_eq!(serde_json::from_str::<Availability>(&json).ok(), Some(a));
        assert_eq!(
            serde_json::from_str::<Availability>(r#"{"unavailability":1}"#).ok(),
            Availability::from_unavailability(1.0).ok()
        );
        for bad in [r#"{"unavailability":1.5}"#, r#"{"unavailability":-0.001}"#] {
            let err = serde_json::from_str::<Availability>(bad).expect_err(bad);
            assert!(
                err.to_string()
                    .contains("unavailability must lie between 0 and 1"),
                "{bad}: {err}"
            );
        }
        // JSON has no NaN, but other formats (a worker's message) do.
        use serde::Deserialize;
        use serde::de::value::{Error, MapDeserializer};
        let nan = MapDeserializer::<_, Error>::new([("unavailability", f64::NAN)].into_iter());
        let err = Availability::deserialize(nan).expect_err("NaN");
        assert_eq!(err.to_string(), "unavailability must be a finite number");
        let infinite = [("unavailability", f64::INFINITY)].into_iter();
        let err = Availability::deserialize(MapDeserializer::<_, Error>::new(infinite))
            .expect_err("infinite");
        assert!(err.to_string().contains("finite"));
    }

    #[test]
    fn prints_the_percentage_with_the_digits_u_needs() {
        let text = |s: &str| Availability::parse_percent(s).map(|a| a.percent_text());
        assert_eq!(text("99.95"), Ok("99.95".into()));
        assert_eq!(text("99.9999999"), Ok("99.9999999".into()));
        assert_eq!(text("100"), Ok("100".into()));
        assert_eq!(text("90"), Ok("90".into()));
    }
}
