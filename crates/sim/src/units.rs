//! Durations: parsing what people type ("1h 30m", "52 min", "0:52:00"), parsing figures as
//! published ("8.76 hours", with the tolerance their printed precision implies) and formatting
//! for display.

/// Seconds in each unit the tools accept and print.
pub const SECOND: f64 = 1.0;
pub const MINUTE: f64 = 60.0;
pub const HOUR: f64 = 3_600.0;
pub const DAY: f64 = 86_400.0;
pub const WEEK: f64 = 604_800.0;
/// A year of 365 days, the book's (ch. 1, Table 1-1), whatever calendar a tool uses elsewhere.
pub const YEAR: f64 = 365.0 * DAY;

/// Seconds per unit for a unit word, or `None` when the word is not a duration unit.
pub fn unit_seconds(word: &str) -> Option<f64> {
    let w = word.to_ascii_lowercase();
    Some(match w.as_str() {
        "ms" | "msec" | "msecs" | "millisecond" | "milliseconds" => 1e-3,
        "s" | "sec" | "secs" | "second" | "seconds" => SECOND,
        "m" | "min" | "mins" | "minute" | "minutes" => MINUTE,
        "h" | "hr" | "hrs" | "hour" | "hours" => HOUR,
        "d" | "day" | "days" => DAY,
        "w" | "wk" | "wks" | "week" | "weeks" => WEEK,
        "y" | "yr" | "yrs" | "year" | "years" => YEAR,
        _ => return None,
    })
}

const UNIT_HINT: &str =
    "use ms, s, m, h, d, w or y (365 days), e.g. 52m or 1h 30m, or a clock time such as 0:52:00";
const CLOCK_HINT: &str = "write a clock time as h:mm:ss or mm:ss, e.g. 0:52:00 or 52:00";

/// Parses a typed duration such as `52m`, `1h 30m`, `8.76 hours`, `1.5d`, `2y` or `0:52:00`
/// into seconds. Units: `ms`, `s`, `m` (minutes), `h`, `d`, `w` and `y`/`yr`/`year`, a year
/// being 365 days (the book's year, ch. 1) — not the calendar a tool may let the user choose
/// elsewhere. Several number-unit pairs add up; a number needs its unit (a bare `52` is
/// refused, as it could mean minutes or seconds; see [`parse_duration_or_seconds`]). Clock
/// times are `h:mm:ss` and `mm:ss`, the seconds possibly with decimals (`1:02:03.5`). Errors
/// are messages meant to be shown beside the field.
pub fn parse_duration(text: &str) -> Result<f64, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("enter a duration, e.g. 52m or 1h 30m".into());
    }
    if text.starts_with('-') {
        return Err("a duration cannot be negative".into());
    }
    if text.contains(':') {
        return parse_clock(text);
    }
    let mut rest = text;
    let mut total = 0.0_f64;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number = &rest[..number_len];
        if number.is_empty() || number == "." {
            return Err(format!("“{rest}” is not a duration: {UNIT_HINT}"));
        }
        let value: f64 = number
            .parse()
            .map_err(|_| format!("“{number}” is not a number"))?;
        rest = rest[number_len..].trim_start();
        let unit_len = rest
            .find(|c: char| c.is_ascii() && !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        if unit.starts_with(['e', 'E'])
            && rest[1..].starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+')
        {
            return Err(format!(
                "write {number}… without an exponent, with a unit: {UNIT_HINT}"
            ));
        }
        if unit.is_empty() {
            return Err(format!("add a unit after {number}: {UNIT_HINT}"));
        }
        let per_unit =
            unit_seconds(unit).ok_or_else(|| format!("unknown unit “{unit}”: {UNIT_HINT}"))?;
        total += value * per_unit;
        rest = rest[unit_len..].trim_start_matches(|c: char| c.is_whitespace() || c == ',');
    }
    finite(total)
}

/// As [`parse_duration`], but a number alone is seconds: `52` is 52 s, as a stopwatch reads.
/// For a field whose hint says so; the CLI keeps [`parse_duration`], which refuses `52`.
pub fn parse_duration_or_seconds(text: &str) -> Result<f64, String> {
    let number = text.trim();
    let plain = number.bytes().any(|b| b.is_ascii_digit())
        && number.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && number.bytes().filter(|&b| b == b'.').count() <= 1;
    if plain {
        let seconds: f64 = number
            .parse()
            .map_err(|_| format!("“{number}” is not a number"))?;
        return finite(seconds);
    }
    parse_duration(text)
}

/// `h:mm:ss` or `mm:ss` (already trimmed, not negative): the first part any whole number, the
/// others two digits below 60, the seconds possibly with decimals.
fn parse_clock(text: &str) -> Result<f64, String> {
    let parts: Vec<&str> = text.split(':').collect();
    let Some((first, rest)) = parts.split_first() else {
        return Err(format!("“{text}” is not a clock time: {CLOCK_HINT}"));
    };
    if rest.is_empty() || rest.len() > 2 {
        return Err(format!("“{text}” is not a clock time: {CLOCK_HINT}"));
    }
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(first) {
        return Err(format!("“{text}” is not a clock time: {CLOCK_HINT}"));
    }
    let mut total: f64 = first
        .parse()
        .map_err(|_| format!("“{first}” is not a number"))?;
    for (i, part) in rest.iter().enumerate() {
        let last = i + 1 == rest.len();
        let (whole, fraction) = match part.split_once('.') {
            Some((whole, fraction)) if last && digits(fraction) => (whole, Some(fraction)),
            Some(_) => return Err(format!("“{text}” is not a clock time: {CLOCK_HINT}")),
            None => (*part, None),
        };
        if whole.len() != 2 || !digits(whole) {
            return Err(format!(
                "“{text}”: minutes and seconds take two digits, as in 0:52:00 or 52:00"
            ));
        }
        let value: f64 = match fraction {
            Some(fraction) => format!("{whole}.{fraction}").parse(),
            None => whole.parse(),
        }
        .map_err(|_| format!("“{part}” is not a number"))?;
        if value >= 60.0 {
            return Err(format!(
                "“{text}”: minutes and seconds must be below 60 ({CLOCK_HINT})"
            ));
        }
        total = total * 60.0 + value;
    }
    finite(total)
}

fn finite(seconds: f64) -> Result<f64, String> {
    if seconds.is_finite() {
        Ok(seconds)
    } else {
        Err("that duration is too large".into())
    }
}

/// A duration as printed in a published table: its value, unit and the tolerance that its
/// printed precision implies (half a unit in the last printed digit).
#[derive(Clone, Debug, PartialEq)]
pub struct Printed {
    pub text: String,
    pub value: f64,
    pub unit: String,
    pub unit_seconds: f64,
    pub decimals: usize,
}

impl Printed {
    pub fn seconds(&self) -> f64 {
        self.value * self.unit_seconds
    }
    /// Half a unit in the last printed digit, in the printed unit.
    pub fn half_ulp(&self) -> f64 {
        0.5 * libm::pow(10.0, -(self.decimals as f64))
    }
}

/// Parses a cell such as `"10.1 minutes"` or `"72 hours"` exactly as printed.
pub fn parse_printed(text: &str) -> Result<Printed, String> {
    let mut parts = text.split_whitespace();
    let (Some(number), Some(unit), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(format!("“{text}” is not “<number> <unit>”"));
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("“{number}” is not a number"))?;
    let unit_seconds = unit_seconds(unit).ok_or_else(|| format!("unknown unit “{unit}”"))?;
    let decimals = number.split_once('.').map_or(0, |(_, frac)| frac.len());
    Ok(Printed {
        text: text.to_string(),
        value,
        unit: unit.to_string(),
        unit_seconds,
        decimals,
    })
}

/// Rounds `value` to `sig` significant figures and returns it with the number of decimals shown.
fn round_sig(value: f64, sig: i32) -> (f64, usize) {
    if value == 0.0 || !value.is_finite() {
        return (value, 0);
    }
    let round_at = |magnitude: i32| {
        let decimals = (sig - 1 - magnitude).max(0);
        let scale = libm::pow(10.0, f64::from(decimals));
        ((value * scale).round() / scale, decimals as usize)
    };
    let magnitude = libm::log10(value.abs()).floor() as i32;
    let (rounded, decimals) = round_at(magnitude);
    // 0.9999 rounds up to 1.000: one digit too many once the magnitude grows.
    if rounded.abs() >= libm::pow(10.0, f64::from(magnitude + 1)) {
        round_at(magnitude + 1)
    } else {
        (rounded, decimals)
    }
}

/// Formats seconds with three significant figures in the largest unit that keeps the value ≥ 1:
/// `31536` → `"8.76 hours"`, `0.0605` → `"60.5 ms"`; below 1 ns in seconds, `"3.15e-21 s"`.
pub fn format_duration(seconds: f64) -> String {
    if seconds.is_nan() {
        return "—".into();
    }
    if seconds == 0.0 {
        return "0 s".into();
    }
    if seconds.is_infinite() {
        return "∞".into();
    }
    const UNITS: [(f64, &str, &str); 7] = [
        (DAY, "day", "days"),
        (HOUR, "hour", "hours"),
        (MINUTE, "minute", "minutes"),
        (SECOND, "second", "seconds"),
        (1e-3, "ms", "ms"),
        (1e-6, "µs", "µs"),
        (1e-9, "ns", "ns"),
    ];
    for (per, one, many) in UNITS {
        let (rounded, decimals) = round_sig(seconds / per, 3);
        if rounded >= 1.0 {
            let name = if rounded == 1.0 { one } else { many };
            return format!("{rounded:.decimals$} {name}");
        }
    }
    // Below a nanosecond (the downtime of very high nines): seconds, in scientific notation.
    format!("{} s", format_sci(seconds, 3))
}

/// Formats seconds as a clock-style breakdown: `31536` → `"8h 45m 36s"`, `93.6` → `"1m 33.6s"`.
pub fn format_clock(seconds: f64) -> String {
    if !seconds.is_finite() || seconds < 0.0 {
        return "—".into();
    }
    if seconds < 1.0 {
        return format_duration(seconds);
    }
    // Tenths of a second, as an integer, so the parts always add up to the rounded total.
    let tenths = (seconds * 10.0).round() as u64;
    let (days, rem) = (tenths / 864_000, tenths % 864_000);
    let (hours, rem) = (rem / 36_000, rem % 36_000);
    let (minutes, rem) = (rem / 600, rem % 600);
    let (secs, frac) = (rem / 10, rem % 10);
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(format!("{days}d"));
    }
    if hours > 0 {
        parts.push(format!("{hours}h"));
    }
    if minutes > 0 {
        parts.push(format!("{minutes}m"));
    }
    if secs > 0 || frac > 0 {
        if frac > 0 && days == 0 && hours == 0 {
            parts.push(format!("{secs}.{frac}s"));
        } else if secs > 0 {
            parts.push(format!("{secs}s"));
        }
    }
    if parts.is_empty() {
        parts.push("0s".into());
    }
    parts.join(" ")
}

/// Scientific notation with `sig` significant figures and trailing zeros trimmed:
/// `9.893455e-5` → `"9.893e-5"`, `5e-4` → `"5e-4"`.
pub fn format_sci(value: f64, sig: usize) -> String {
    if value == 0.0 || !value.is_finite() {
        return format!("{value}");
    }
    let text = format!("{value:.prec$e}", prec = sig.saturating_sub(1));
    match text.split_once('e') {
        Some((mantissa, exponent)) if mantissa.contains('.') => {
            let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
            format!("{mantissa}e{exponent}")
        }
        _ => text,
    }
}

/// Formats with a thousands separator and up to `decimals` decimals, trailing zeros trimmed:
/// `31536.0` → `"31,536"`.
pub fn format_grouped(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "—".into();
    }
    let text = format!("{:.decimals$}", value.abs());
    let (int_part, frac_part) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let frac = frac_part.trim_end_matches('0');
    let sign = if value < 0.0 { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// Seconds as a plain number for a table's seconds column, with the significant digits of the
/// duration text beside it: grouped with up to 4 decimals from 1 s (`31,536`, `43.2`), at least
/// three significant figures below (`0.0432`, `0.00123`), and in scientific notation below a
/// millisecond (`8.64e-6`, next to "8.64 µs").
pub fn format_seconds(seconds: f64) -> String {
    if !seconds.is_finite() {
        return "—".into();
    }
    let size = seconds.abs();
    if size == 0.0 || size >= 1.0 {
        return format_grouped(seconds, 4);
    }
    if size < 1e-3 {
        return format_sci(seconds, 3);
    }
    let magnitude = libm::log10(size).floor() as i32;
    format_grouped(seconds, (2 - magnitude).max(4) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_typed_durations() {
        assert_eq!(parse_duration("52m"), Ok(3_120.0));
        assert_eq!(parse_duration("1h 30m"), Ok(5_400.0));
        assert_eq!(parse_duration("1h30m10s"), Ok(5_410.0));
        assert_eq!(parse_duration(" 8.76 hours "), Ok(8.76 * 3_600.0));
        assert_eq!(parse_duration("1.5d"), Ok(129_600.0));
        assert_eq!(parse_duration("500 ms"), Ok(0.5));
        assert_eq!(parse_duration("2w, 1d"), Ok(1_296_000.0));
    }

    #[test]
    fn years_are_365_days() {
        for text in ["1y", "1 yr", "1yrs", "1 year", "1 Years"] {
            assert_eq!(parse_duration(text), Ok(31_536_000.0), "{text}");
        }
        assert_eq!(parse_duration("2y"), Ok(2.0 * 365.0 * 86_400.0));
        assert_eq!(parse_duration("1y 1d"), Ok(366.0 * 86_400.0));
        assert!(
            parse_duration("2 parsecs")
                .expect_err("invalid")
                .contains("y (365 days)")
        );
    }

    #[test]
    fn rejects_bad_durations_with_a_message() {
        for bad in [
            "",
            "  ",
            "abc",
            "-5m",
            "NaN",
            "1e999",
            "5",
            "5 parsecs",
            ".",
            "m",
        ] {
            let err = parse_duration(bad).expect_err(bad);
            assert!(!err.is_empty(), "{bad}");
        }
        assert!(
            parse_duration("-5m")
                .expect_err("invalid")
                .contains("negative")
        );
        assert!(parse_duration("5").expect_err("invalid").contains("unit"));
        assert!(
            parse_duration("1e999")
                .expect_err("invalid")
                .contains("exponent")
        );
        let huge = format!("{}d", "9".repeat(400));
        assert!(
            parse_duration(&huge)
                .expect_err("invalid")
                .contains("too large")
        );
    }

    #[test]
    fn parses_clock_times() {
        assert_eq!(parse_duration("0:52:00"), Ok(3_120.0));
        assert_eq!(parse_duration("52:00"), Ok(3_120.0));
        assert_eq!(parse_duration(" 1:02:03.5 "), Ok(3_723.5));
        assert_eq!(parse_duration("100:00:00"), Ok(360_000.0));
        assert_eq!(parse_duration("90:30"), Ok(5_430.0));
        assert_eq!(parse_duration("0:00"), Ok(0.0));
        let cases = [
            ("1:60", "below 60"),
            ("1:00:75", "below 60"),
            ("1:5", "two digits"),
            ("1:005", "two digits"),
            ("1::00", "two digits"),
            ("1:", "two digits"),
            (":30", "clock time"),
            ("1:2:3:4", "clock time"),
            ("a:00", "clock time"),
            ("1h 2:00", "clock time"),
            ("1:00.5:00", "clock time"),
            ("1:00:00.x", "clock time"),
            ("-0:52:00", "negative"),
        ];
        for (text, expected) in cases {
            let err = parse_duration(text).expect_err(text);
            assert!(err.contains(expected), "{text}: {err}");
        }
        let huge = format!("{}:00", "9".repeat(400));
        assert!(
            parse_duration(&huge)
                .expect_err("invalid")
                .contains("too large")
        );
    }

    #[test]
    fn a_number_alone_can_be_seconds() {
        assert_eq!(parse_duration_or_seconds("52"), Ok(52.0));
        assert_eq!(parse_duration_or_seconds(" 52.5 "), Ok(52.5));
        assert_eq!(parse_duration_or_seconds(".5"), Ok(0.5));
        assert_eq!(parse_duration_or_seconds("0"), Ok(0.0));
        // Everything else reads as in parse_duration.
        assert_eq!(parse_duration_or_seconds("52m"), Ok(3_120.0));
        assert_eq!(parse_duration_or_seconds("0:52:00"), Ok(3_120.0));
        assert_eq!(parse_duration_or_seconds("1y"), Ok(YEAR));
        let cases = [
            ("", "enter"),
            ("abc", "not a duration"),
            ("-5", "negative"),
            ("1e999", "exponent"),
            ("NaN", "not a duration"),
            (".", "not a duration"),
            ("1.2.3", "not a number"),
            ("1h 30", "add a unit"),
        ];
        for (text, expected) in cases {
            let err = parse_duration_or_seconds(text).expect_err(text);
            assert!(err.contains(expected), "{text}: {err}");
        }
        let huge = "9".repeat(400);
        assert!(
            parse_duration_or_seconds(&huge)
                .expect_err("invalid")
                .contains("too large")
        );
        // The strict parser still refuses a bare number (the CLI's --downtime 52).
        assert!(parse_duration("52").expect_err("invalid").contains("unit"));
    }

    #[test]
    fn printed_cells_carry_their_precision() {
        let p = parse_printed("10.1 minutes").expect("valid");
        assert_eq!((p.value, p.decimals, p.unit_seconds), (10.1, 1, 60.0));
        assert!((p.half_ulp() - 0.05).abs() < 1e-15);
        assert_eq!(parse_printed("72 hours").expect("valid").half_ulp(), 0.5);
        assert!(parse_printed("72").is_err());
        assert!(parse_printed("72 furlongs").is_err());
    }

    #[test]
    fn formats_three_significant_figures_in_the_largest_fitting_unit() {
        assert_eq!(format_duration(31_536.0), "8.76 hours");
        assert_eq!(format_duration(0.0605), "60.5 ms");
        assert_eq!(format_duration(86_400.0), "1.00 day");
        assert_eq!(format_duration(3_153_600.0), "36.5 days");
        assert_eq!(format_duration(59.99), "1.00 minute");
        assert_eq!(format_duration(0.0), "0 s");
        assert_eq!(format_duration(1.5e-9), "1.50 ns");
        assert_eq!(format_duration(3.1536e-21), "3.15e-21 s");
        assert_eq!(format_duration(5e-10), "5e-10 s");
    }

    #[test]
    fn formats_clock_breakdowns() {
        assert_eq!(format_clock(31_536.0), "8h 45m 36s");
        assert_eq!(format_clock(93.6), "1m 33.6s");
        assert_eq!(format_clock(3_153_600.0), "36d 12h");
        assert_eq!(format_clock(0.5), "500 ms");
    }

    #[test]
    fn seconds_keep_their_significant_digits() {
        assert_eq!(format_seconds(31_536.0), "31,536");
        assert_eq!(format_seconds(43.2), "43.2");
        assert_eq!(format_seconds(1.234_56), "1.2346");
        assert_eq!(format_seconds(0.5), "0.5");
        assert_eq!(format_seconds(0.0432), "0.0432");
        assert_eq!(format_seconds(0.001_23), "0.00123");
        // Ten nines of a day: 8.64 µs, not "0".
        assert_eq!(format_seconds(8.64e-6), "8.64e-6");
        assert_eq!(format_duration(8.64e-6), "8.64 µs");
        assert_eq!(format_seconds(3.1536e-21), "3.15e-21");
        assert_eq!(format_seconds(0.0), "0");
        assert_eq!(format_seconds(f64::NAN), "—");
    }

    #[test]
    fn formats_scientific_with_trimmed_zeros() {
        assert_eq!(format_sci(9.893_455_098_934_551e-5, 4), "9.893e-5");
        assert_eq!(format_sci(5e-4, 4), "5e-4");
        assert_eq!(format_sci(0.0, 4), "0");
        assert_eq!(format_sci(1.0, 3), "1e0");
    }

    proptest::proptest! {
        /// Typed durations never panic: whatever parses is finite and ≥ 0, every refusal says why.
        #[test]
        fn any_text_parses_or_gives_a_message(text in "\\PC{0,24}") {
            match parse_duration(&text) {
                Ok(seconds) => proptest::prop_assert!(seconds.is_finite() && seconds >= 0.0),
                Err(message) => proptest::prop_assert!(!message.is_empty()),
            }
        }

        /// The same with a number alone read as seconds.
        #[test]
        fn any_text_parses_as_seconds_or_gives_a_message(text in "\\PC{0,24}") {
            match parse_duration_or_seconds(&text) {
                Ok(seconds) => proptest::prop_assert!(seconds.is_finite() && seconds >= 0.0),
                Err(message) => proptest::prop_assert!(!message.is_empty()),
            }
        }

        /// Clock-like text never panics either: digits, colons and dots in any order.
        #[test]
        fn clock_like_text_parses_or_gives_a_message(text in "[0-9:. ]{0,16}") {
            match parse_duration_or_seconds(&text) {
                Ok(seconds) => proptest::prop_assert!(seconds.is_finite() && seconds >= 0.0),
                Err(message) => proptest::prop_assert!(!message.is_empty()),
            }
        }

        /// h:mm:ss and mm:ss add up as a clock reads.
        #[test]
        fn clock_times_add_up(hours in 0u32..1_000, minutes in 0u32..60, seconds in 0u32..60) {
            let expected = f64::from(hours) * HOUR + f64::from(minutes) * MINUTE + f64::from(seconds);
            let long = format!("{hours}:{minutes:02}:{seconds:02}");
            proptest::prop_assert_eq!(parse_duration(&long), Ok(expected), "{}", long);
            let short = format!("{minutes}:{seconds:02}");
            proptest::prop_assert_eq!(
                parse_duration(&short),
                Ok(f64::from(minutes) * MINUTE + f64::from(seconds)),
                "{}",
                short
            );
        }

        /// Text built from numbers and units, with the spacing people type, always parses.
        #[test]
        fn number_unit_pairs_add_up(
            pairs in proptest::collection::vec((0u32..10_000, 0usize..6, "[ ,]{0,2}"), 1..5),
        ) {
            const UNITS: [(&str, f64); 6] =
                [("ms", 1e-3), ("s", 1.0), ("min", 60.0), ("h", 3_600.0), ("d", 86_400.0), ("y", YEAR)];
            let mut text = String::new();
            let mut expected = 0.0;
            for (number, unit, gap) in &pairs {
                let (name, seconds) = UNITS[*unit];
                text += &format!("{number}{name}{gap}");
                expected += f64::from(*number) * seconds;
            }
            let parsed = parse_duration(&text);
            proptest::prop_assert_eq!(parsed, Ok(expected), "{}", text);
        }
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(format_grouped(31_536.0, 3), "31,536");
        assert_eq!(format_grouped(1_234_567.126, 2), "1,234,567.13");
        assert_eq!(format_grouped(12.5, 0), "12");
    }
}
