//! Reading what the user typed into typed values, each failure a one-line message that names
//! the flag, so the CLI rejects NaN, infinities and negative numbers before any model sees them.

use std::io::Read;

use sdlab_sim::units::format_grouped;

/// A finite number > 0 (and ≤ `max`). `f64::from_str` accepts "NaN", "inf" and turns "1e999"
/// into infinity, so all three are checked here rather than trusted to clap.
pub fn positive(flag: &str, text: &str, max: f64) -> Result<f64, String> {
    let value = number(flag, text)?;
    if value <= 0.0 {
        return Err(format!("{flag}: must be greater than 0, got {text}"));
    }
    if value > max {
        return Err(format!("{flag}: must be at most {max:e}, got {text}"));
    }
    Ok(value)
}

/// A finite number in `lo..=hi`.
pub fn between(flag: &str, text: &str, lo: f64, hi: f64) -> Result<f64, String> {
    let value = number(flag, text)?;
    if !(lo..=hi).contains(&value) {
        return Err(format!(
            "{flag}: must be between {} and {}, got {}",
            format_grouped(lo, 6),
            format_grouped(hi, 6),
            text.trim()
        ));
    }
    Ok(value)
}

/// A finite number ≥ 0.
pub fn non_negative(flag: &str, text: &str) -> Result<f64, String> {
    let value = number(flag, text)?;
    if value < 0.0 {
        return Err(format!("{flag}: cannot be negative, got {text}"));
    }
    Ok(value)
}

fn number(flag: &str, text: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(format!("{flag}: enter a number"));
    }
    let value: f64 = trimmed
        .parse()
        .map_err(|_| format!("{flag}: “{trimmed}” is not a number"))?;
    if !value.is_finite() {
        return Err(format!("{flag}: must be a finite number, got {trimmed}"));
    }
    Ok(value)
}

/// A whole number in `lo..=hi`.
pub fn count(flag: &str, text: &str, lo: u32, hi: u32) -> Result<u32, String> {
    let trimmed = text.trim();
    let value: u32 = trimmed
        .parse()
        .map_err(|_| format!("{flag}: “{trimmed}” is not a whole number"))?;
    if !(lo..=hi).contains(&value) {
        return Err(format!(
            "{flag}: must be between {lo} and {hi}, got {value}"
        ));
    }
    Ok(value)
}

/// The contents of a file, or of standard input for `-`.
pub fn read_source(flag: &str, path: &str) -> Result<String, String> {
    if path == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("{flag}: cannot read standard input: {e}"))?;
        return Ok(text);
    }
    std::fs::read_to_string(path).map_err(|e| format!("{flag}: cannot read “{path}”: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_that_are_not_usable_are_messages() {
        assert_eq!(positive("--x", " 2.5 ", 10.0), Ok(2.5));
        for bad in ["NaN", "inf", "-inf", "1e999", "-1", "0", "", "abc", "11"] {
            let err = positive("--x", bad, 10.0).expect_err(bad);
            assert!(err.starts_with("--x: "), "{err}");
        }
        assert_eq!(between("--years", "1", 1.0, 1e6), Ok(1.0));
        for bad in ["0.5", "1000001", "NaN", "inf", ""] {
            let err = between("--years", bad, 1.0, 1e6).expect_err(bad);
            assert!(err.starts_with("--years: "), "{err}");
        }
        assert_eq!(
            between("--years", "0.5", 1.0, 1e6),
            Err("--years: must be between 1 and 1,000,000, got 0.5".into())
        );
        assert_eq!(non_negative("--r", "0"), Ok(0.0));
        assert!(non_negative("--r", "-0.5").is_err());
        assert_eq!(count("--units", "3", 1, 64), Ok(3));
        for bad in ["0", "65", "2.5", "-1", "x", ""] {
            assert!(count("--units", bad, 1, 64).is_err(), "{bad}");
        }
    }
}
