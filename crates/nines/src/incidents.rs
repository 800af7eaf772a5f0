//! Incident-log mode (reference §2.1): availability, MTBF and MTTR worked backwards from a pasted
//! list of outages, with clipping to a window, merging, maintenance exclusion, and failures and
//! repairs counted separately.
//!
//! Input is one outage per line, `start, end` (or tab, ` - ` or ` to ` between the two), with
//! UTC timestamps `YYYY-MM-DD HH:MM[:SS]` or `YYYY-MM-DDTHH:MM[:SS][Z]`. Blank lines and `#`
//! comments are ignored. Timestamps become whole epoch seconds (`i64`) so that clipping and
//! merging are exact; only the final ratios are floating point.

use std::fmt;

use serde::Serialize;

use crate::Availability;

/// A half-open span `[start_s, end_s)` in seconds since 1970-01-01 00:00 UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Interval {
    pub start_s: i64,
    pub end_s: i64,
}

impl Interval {
    pub fn len_s(self) -> i64 {
        self.end_s - self.start_s
    }
}

/// A problem on one line of a pasted list; lines count from 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

const FORMAT_HINT: &str = "use YYYY-MM-DD HH:MM[:SS] or YYYY-MM-DDTHH:MM[:SS]Z, in UTC";

/// Days from 1970-01-01 to the civil date `year-month-day` (proleptic Gregorian), exact for
/// every year. This is the `days_from_civil` algorithm (H. Hinnant, "chrono-Compatible Low-Level
/// Date Algorithms"): shift the year to start in March so the leap day is the last day, then
/// count 400-year eras of 146,097 days.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`]: (year, month, day).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

pub fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// A fixed-width run of ASCII digits as a number.
fn digits(text: &str, width: usize) -> Option<u32> {
    (text.len() == width && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// Parses a UTC timestamp into epoch seconds.
pub fn parse_timestamp(text: &str) -> Result<i64, String> {
    let original = text.trim();
    if original.is_empty() {
        return Err(format!("missing timestamp: {FORMAT_HINT}"));
    }
    let bad = || format!("“{original}” is not a timestamp: {FORMAT_HINT}");
    let text = original
        .strip_suffix(['Z', 'z'])
        .unwrap_or(original)
        .trim_end();
    let Some((date, time)) = text.split_once(['T', 't', ' ']) else {
        return Err(bad());
    };
    let time = time.trim_start();
    if time.contains(['+', '-']) || time.ends_with("UTC") {
        return Err(format!(
            "“{original}”: give times in UTC without an offset (convert, then write …Z)"
        ));
    }
    let mut date_parts = date.split('-');
    let (Some(y), Some(mo), Some(d), None) = (
        date_parts.next(),
        date_parts.next(),
        date_parts.next(),
        date_parts.next(),
    ) else {
        return Err(bad());
    };
    let (Some(year), Some(month), Some(day)) = (digits(y, 4), digits(mo, 2), digits(d, 2)) else {
        return Err(bad());
    };
    let mut time_parts = time.split(':');
    let (Some(h), Some(mi), s, None) = (
        time_parts.next(),
        time_parts.next(),
        time_parts.next(),
        time_parts.next(),
    ) else {
        return Err(bad());
    };
    let second = match s {
        None => Some(0),
        Some(s) if s.contains('.') => {
            return Err(format!("“{original}”: give whole seconds"));
        }
        Some(s) => digits(s, 2),
    };
    let (Some(hour), Some(minute), Some(second)) = (digits(h, 2), digits(mi, 2), second) else {
        return Err(bad());
    };
    let year = i64::from(year);
    if !(1..=12).contains(&month) {
        return Err(format!("“{original}”: month {month} does not exist"));
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(format!(
            "“{original}”: {year:04}-{month:02} has no day {day}"
        ));
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err(format!(
            "“{original}”: the time must lie between 00:00:00 and 23:59:59"
        ));
    }
    Ok(days_from_civil(year, month, day) * 86_400
        + i64::from(hour) * 3_600
        + i64::from(minute) * 60
        + i64::from(second))
}

/// Epoch seconds as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_timestamp(epoch_s: i64) -> String {
    let (year, month, day) = civil_from_days(epoch_s.div_euclid(86_400));
    let second_of_day = epoch_s.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        second_of_day / 3_600,
        second_of_day / 60 % 60,
        second_of_day % 60
    )
}

/// Splits one line into its start and end text. Commas and tabs come first because ` - `
/// could also be read inside a sloppy date; ` to ` is matched case-insensitively.
fn split_line(line: &str) -> Option<(&str, &str)> {
    if let Some(pair) = line.split_once([',', '\t']) {
        return Some(pair);
    }
    let lower = line.to_ascii_lowercase();
    for separator in [" to ", " - "] {
        if let Some(at) = lower.find(separator) {
            // ASCII lowercasing keeps byte offsets, so `at` indexes `line` too.
            return Some((&line[..at], &line[at + separator.len()..]));
        }
    }
    None
}

/// Parses a pasted outage list. Every bad line is reported, each with its number.
pub fn parse_intervals(text: &str) -> Result<Vec<Interval>, Vec<LineError>> {
    let mut intervals = Vec::new();
    let mut errors = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let number = index + 1;
        let parsed = split_line(line)
            .ok_or_else(|| {
                format!("expected “start, end” (comma, tab, “ - ” or “ to ” between), got “{line}”")
            })
            .and_then(|(start, end)| Ok((parse_timestamp(start)?, parse_timestamp(end)?)))
            .and_then(|(start_s, end_s)| {
                if end_s > start_s {
                    Ok(Interval { start_s, end_s })
                } else {
                    Err("the outage must end after it starts".to_string())
                }
            });
        match parsed {
            Ok(interval) => intervals.push(interval),
            Err(message) => errors.push(LineError {
                line: number,
                message,
            }),
        }
    }
    if errors.is_empty() {
        Ok(intervals)
    } else {
        Err(errors)
    }
}

/// One outage after clipping and merging.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Outage {
    /// Clipped to the window.
    pub interval: Interval,
    /// Down time that counts: the interval minus declared maintenance.
    pub downtime_s: i64,
    /// It began inside the window (not already open at its start): counts as a failure.
    pub failure: bool,
    /// It ended inside the window (not still open at its end): counts as a repair.
    pub repair: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IncidentReport {
    pub window: Interval,
    /// Whether the window was taken from the outages (first start to last end).
    pub window_defaulted: bool,
    /// Declared maintenance inside the window, excluded from the total time.
    pub maintenance_s: f64,
    /// The book's "Total Time": the window minus maintenance.
    pub total_s: f64,
    pub downtime_s: f64,
    pub uptime_s: f64,
    /// U = downtime / total (book, ch. 1, "Measuring availability").
    pub availability: Availability,
    pub failures: u64,
    pub repairs: u64,
    /// Book, ch. 1, "Measuring reliability": (total − downtime) / failures. `None` without a
    /// failure: the MTBF is then only known to exceed [`Self::uptime_lower_bound_s`].
    pub mtbf_s: Option<f64>,
    /// The observed uptime, when there was no failure to divide it by.
    pub uptime_lower_bound_s: Option<f64>,
    /// Downtime / repairs; `None` without a repair.
    pub mttr_s: Option<f64>,
    /// Merged outages in time order: sorted, disjoint (not even touching), inside the window.
    pub outages: Vec<Outage>,
}

/// Sorts and merges intervals that overlap or touch; flags follow the earliest start and the
/// latest end, which is what a merged outage's start and end are.
fn merge(mut pieces: Vec<Outage>) -> Vec<Outage> {
    pieces.sort_by_key(|o| (o.interval.start_s, o.interval.end_s));
    let mut merged: Vec<Outage> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        match merged.last_mut() {
            Some(last) if piece.interval.start_s <= last.interval.end_s => {
                if piece.interval.start_s == last.interval.start_s {
                    // Both clipped to the same start: open at the window start if either was.
                    last.failure &= piece.failure;
                }
                match piece.interval.end_s.cmp(&last.interval.end_s) {
                    std::cmp::Ordering::Greater => {
                        last.interval.end_s = piece.interval.end_s;
                        last.repair = piece.repair;
                    }
                    std::cmp::Ordering::Equal => last.repair &= piece.repair,
                    std::cmp::Ordering::Less => {}
                }
            }
            _ => merged.push(piece),
        }
    }
    merged
}

/// Clips to `window` and drops what is left empty; `failure`/`repair` record whether each end
/// lay inside the window before clipping.
fn clip(intervals: &[Interval], window: Interval) -> Vec<Outage> {
    intervals
        .iter()
        .filter_map(|i| {
            let start_s = i.start_s.max(window.start_s);
            let end_s = i.end_s.min(window.end_s);
            (end_s > start_s).then_some(Outage {
                interval: Interval { start_s, end_s },
                downtime_s: end_s - start_s,
                failure: i.start_s >= window.start_s,
                repair: i.end_s <= window.end_s,
            })
        })
        .collect()
}

/// Works availability, MTBF and MTTR back from outages (reference §2.1, incident-log mode).
///
/// `from_s`/`to_s` default to the first outage start and the last outage end. Intervals that
/// do not end after they start are ignored (the parser never produces them).
pub fn analyse(
    outages: &[Interval],
    from_s: Option<i64>,
    to_s: Option<i64>,
    maintenance: &[Interval],
) -> Result<IncidentReport, String> {
    let real = || outages.iter().filter(|i| i.end_s > i.start_s);
    let from = match from_s.or_else(|| real().map(|i| i.start_s).min()) {
        Some(t) => t,
        None => return Err("no outages: give the window's start and end".into()),
    };
    let to = match to_s.or_else(|| real().map(|i| i.end_s).max()) {
        Some(t) => t,
        None => return Err("no outages: give the window's start and end".into()),
    };
    if to <= from {
        return Err(format!(
            "the window must end after it starts ({} → {})",
            format_timestamp(from),
            format_timestamp(to)
        ));
    }
    let window = Interval {
        start_s: from,
        end_s: to,
    };
    let window_defaulted = from_s.is_none() || to_s.is_none();

    let maintenance: Vec<Interval> = merge(clip(maintenance, window))
        .into_iter()
        .map(|o| o.interval)
        .collect();
    let maintenance_s: i64 = maintenance.iter().map(|m| m.len_s()).sum();
    let total_s = window.len_s() - maintenance_s;
    if total_s <= 0 {
        return Err("maintenance covers the whole window: there is no time to measure".into());
    }

    let mut merged = merge(clip(outages, window));
    // Both lists are sorted and disjoint: walk them together. A maintenance window can span
    // several outages, so the cursor only passes windows that end before the current outage.
    let mut cursor = 0;
    for outage in &mut merged {
        let o = outage.interval;
        while maintenance
            .get(cursor)
            .is_some_and(|m| m.end_s <= o.start_s)
        {
            cursor += 1;
        }
        let excluded: i64 = maintenance[cursor..]
            .iter()
            .take_while(|m| m.start_s < o.end_s)
            .map(|m| (m.end_s.min(o.end_s) - m.start_s.max(o.start_s)).max(0))
            .sum();
        outage.downtime_s = o.len_s() - excluded;
        // An outage wholly inside maintenance happened while nobody expected service.
        if outage.downtime_s == 0 {
            outage.failure = false;
            outage.repair = false;
        }
    }

    let downtime_s: i64 = merged.iter().map(|o| o.downtime_s).sum();
    if window_defaulted && downtime_s == total_s {
        return Err(
            "the outages fill the whole default window (first start to last end), \
             so no uptime was observed; give the window's start and end"
                .into(),
        );
    }
    let failures = merged.iter().filter(|o| o.failure).count() as u64;
    let repairs = merged.iter().filter(|o| o.repair).count() as u64;
    let (total, down) = (total_s as f64, downtime_s as f64);
    let uptime = total - down;
    Ok(IncidentReport {
        window,
        window_defaulted,
        maintenance_s: maintenance_s as f64,
        total_s: total,
        downtime_s: down,
        uptime_s: uptime,
        availability: Availability::from_unavailability(down / total)?,
        failures,
        repairs,
        mtbf_s: (failures > 0).then(|| uptime / failures as f64),
        uptime_lower_bound_s: (failures == 0).then_some(uptime),
        mttr_s: (repairs > 0).then(|| down / repairs as f64),
        outages: merged,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const H: i64 = 3_600;
    const DAY: i64 = 86_400;

    fn t(text: &str) -> i64 {
        parse_timestamp(text).expect(text)
    }

    fn iv(start: &str, end: &str) -> Interval {
        Interval {
            start_s: t(start),
            end_s: t(end),
        }
    }

    /// Days since 1970 by counting whole years and months one at a time: slow, obviously right.
    fn naive_days(year: i64, month: u32, day: u32) -> i64 {
        let year_len = |y| if is_leap_year(y) { 366 } else { 365 };
        let mut days = 0;
        if year >= 1970 {
            days += (1970..year).map(year_len).sum::<i64>();
        } else {
            days -= (year..1970).map(year_len).sum::<i64>();
        }
        days += (1..month)
            .map(|m| i64::from(days_in_month(year, m)))
            .sum::<i64>();
        days + i64::from(day) - 1
    }

    #[test]
    fn timestamps_in_every_accepted_form() {
        assert_eq!(t("1970-01-01 00:00"), 0);
        assert_eq!(t("1970-01-01T00:00:00Z"), 0);
        // 2000-03-01: 30 years of which 7 leap (1972…1996), plus Jan 31 + Feb 29 (2000 is a
        // leap year, divisible by 400): (30·365 + 7 + 60) days.
        assert_eq!(t("2000-03-01 00:00"), (30 * 365 + 7 + 60) * DAY);
        assert_eq!(t("2024-05-06T07:08:09z"), t("2024-05-06 07:08:09"));
        assert_eq!(t("2024-05-06  07:08"), t("2024-05-06T07:08:00"));
        assert_eq!(t("1969-12-31 23:59:59"), -1);
        assert_eq!(
            format_timestamp(t("2024-02-29 23:59:58")),
            "2024-02-29T23:59:58Z"
        );
        assert_eq!(format_timestamp(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn bad_timestamps_say_what_is_wrong() {
        for (text, expected) in [
            ("", "missing"),
            ("2024-01-01", "not a timestamp"),
            ("2024-1-01 10:00", "not a timestamp"),
            ("2024-13-01 10:00", "month 13"),
            ("2023-02-29 10:00", "no day 29"),
            ("2024-04-31 10:00", "no day 31"),
            ("2024-01-01 24:00", "between"),
            ("2024-01-01 10:60", "between"),
            ("2024-01-01 10:00:00.5", "whole seconds"),
            ("2024-01-01T10:00+02:00", "UTC"),
            ("2024-01-01 10:00:00:00", "not a timestamp"),
            ("２０２４-01-01 10:00", "not a timestamp"),
            ("yesterday 10:00", "not a timestamp"),
        ] {
            let err = parse_timestamp(text).expect_err(text);
            assert!(err.contains(expected), "{text}: {err}");
        }
        assert!(parse_timestamp("2024-02-29 10:00").is_ok());
    }

    #[test]
    fn every_separator_comments_and_blank_lines() {
        let text = "# exported from the status page\n\
                    2024-01-01 10:00, 2024-01-01 11:00\n\
                    \n\
                    2024-01-02 10:00\t2024-01-02 10:30   # the deploy\n\
                    2024-01-03T10:00Z - 2024-01-03T10:05Z\n\
                    2024-01-04 10:00 to 2024-01-04 10:01\n\
                    2024-01-05 10:00 TO 2024-01-05 10:01:30\n";
        let got = parse_intervals(text).expect("valid");
        let lens: Vec<i64> = got.iter().map(|i| i.len_s()).collect();
        assert_eq!(lens, vec![H, H / 2, 300, 60, 90]);
    }

    #[test]
    fn errors_carry_their_line_numbers() {
        let text = "2024-01-01 10:00, 2024-01-01 11:00\n\
                    2024-01-01 10:00 2024-01-01 11:00\n\
                    # fine\n\
                    2024-01-02 11:00, 2024-01-02 10:00\n\
                    2024-01-02 11:00, 2024-02-30 10:00\n";
        let errors = parse_intervals(text).expect_err("three bad lines");
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 4, 5]);
        assert!(errors[0].to_string().starts_with("line 2: expected"));
        assert!(errors[1].message.contains("end after"));
        assert!(errors[2].message.contains("no day 30"));
    }

    fn window() -> (Option<i64>, Option<i64>) {
        (
            Some(t("2024-01-01 00:00")),
            Some(t("2024-01-31 00:00")), // 30 days
        )
    }

    #[test]
    fn overlapping_and_touching_outages_merge() {
        let (from, to) = window();
        let outages = [
            iv("2024-01-10 10:00", "2024-01-10 11:00"),
            iv("2024-01-10 10:30", "2024-01-10 12:00"), // overlaps the first
            iv("2024-01-10 12:00", "2024-01-10 12:30"), // touches the second
            iv("2024-01-10 10:40", "2024-01-10 10:50"), // inside the first
            iv("2024-01-20 00:00", "2024-01-20 01:00"), // separate
        ];
        let r = analyse(&outages, from, to, &[]).expect("valid");
        assert_eq!(r.outages.len(), 2);
        assert_eq!(
            r.outages[0].interval,
            iv("2024-01-10 10:00", "2024-01-10 12:30")
        );
        // 2.5 h + 1 h of a 30-day window; book: A = (total − down)/total.
        assert_eq!(r.downtime_s, 3.5 * 3_600.0);
        assert_eq!(r.total_s, 30.0 * 86_400.0);
        assert_eq!((r.failures, r.repairs), (2, 2));
        assert_eq!(r.mtbf_s, Some((30.0 * 86_400.0 - 3.5 * 3_600.0) / 2.0));
        assert_eq!(r.mttr_s, Some(1.75 * 3_600.0));
        let u = 3.5 / (30.0 * 24.0);
        assert!((r.availability.unavailability() - u).abs() < 1e-15);
    }

    #[test]
    fn clipping_counts_only_ends_inside_the_window() {
        let (from, to) = window();
        let outages = [
            // Open when the window starts: downtime 2 h inside, a repair but no failure.
            iv("2023-12-31 22:00", "2024-01-01 02:00"),
            // Entirely before the window: ignored.
            iv("2023-12-01 00:00", "2023-12-01 05:00"),
            // Still open when the window ends: a failure, no repair, 1 h inside.
            iv("2024-01-30 23:00", "2024-02-01 00:00"),
        ];
        let r = analyse(&outages, from, to, &[]).expect("valid");
        assert_eq!(r.outages.len(), 2);
        assert_eq!(r.downtime_s, 3.0 * 3_600.0);
        assert_eq!((r.failures, r.repairs), (1, 1));
        assert!(!r.outages[0].failure && r.outages[0].repair);
        assert!(r.outages[1].failure && !r.outages[1].repair);
        assert_eq!(r.mtbf_s, Some(30.0 * 86_400.0 - 3.0 * 3_600.0));
        assert_eq!(r.mttr_s, Some(3.0 * 3_600.0));
    }

    #[test]
    fn an_outage_open_at_the_window_end_is_a_failure_without_a_repair() {
        let (from, to) = window();
        let r =
            analyse(&[iv("2024-01-30 12:00", "2024-02-02 00:00")], from, to, &[]).expect("valid");
        assert_eq!((r.failures, r.repairs), (1, 0));
        assert_eq!(r.downtime_s, 12.0 * 3_600.0);
        assert_eq!(r.mttr_s, None);
        assert_eq!(r.mtbf_s, Some(30.0 * 86_400.0 - 12.0 * 3_600.0));
    }

    #[test]
    fn maintenance_leaves_both_downtime_and_total_time() {
        let (from, to) = window();
        let outages = [
            // Half inside the maintenance window: 1 h counts; still one failure and repair.
            iv("2024-01-05 01:00", "2024-01-05 03:00"),
            // Wholly inside maintenance: no downtime, no failure.
            iv("2024-01-05 00:10", "2024-01-05 00:20"),
            iv("2024-01-07 00:00", "2024-01-07 00:30"),
        ];
        let maintenance = [
            iv("2024-01-05 00:00", "2024-01-05 02:00"),
            iv("2024-01-05 01:30", "2024-01-05 02:00"), // overlaps the first: merged
            iv("2024-02-10 00:00", "2024-02-10 05:00"), // outside the window
        ];
        let r = analyse(&outages, from, to, &maintenance).expect("valid");
        assert_eq!(r.maintenance_s, 2.0 * 3_600.0);
        assert_eq!(r.total_s, 30.0 * 86_400.0 - 2.0 * 3_600.0);
        assert_eq!(r.downtime_s, 1.5 * 3_600.0);
        assert_eq!((r.failures, r.repairs), (2, 2));
        let u = 1.5 / (30.0 * 24.0 - 2.0);
        assert!((r.availability.unavailability() - u).abs() < 1e-15);
        assert!(
            analyse(
                &outages,
                from,
                to,
                &[iv("2023-01-01 00:00", "2025-01-01 00:00")]
            )
            .expect_err("all maintenance")
            .contains("maintenance")
        );
    }

    #[test]
    fn zero_failures_give_a_lower_bound_not_infinity() {
        let (from, to) = window();
        let r = analyse(&[], from, to, &[]).expect("valid");
        assert_eq!(r.availability.unavailability(), 0.0);
        assert_eq!((r.failures, r.repairs), (0, 0));
        assert_eq!(r.mtbf_s, None);
        assert_eq!(r.mttr_s, None);
        assert_eq!(r.uptime_lower_bound_s, Some(30.0 * 86_400.0));
        assert!(analyse(&[], None, None, &[]).is_err());
    }

    #[test]
    fn one_incident_gives_a_sensible_mtbf() {
        // Reference §2.1 [peer bug]: a tool that took MTBF as the mean gap between failure starts
        // needed two failures and reported 0% after one. The book's formula needs one:
        // MTBF = (30 d − 1 h)/1, MTTR = 1 h, A = 1 − 1/720.
        let (from, to) = window();
        let r =
            analyse(&[iv("2024-01-15 09:00", "2024-01-15 10:00")], from, to, &[]).expect("valid");
        assert_eq!((r.failures, r.repairs), (1, 1));
        assert_eq!(r.mtbf_s, Some(30.0 * 86_400.0 - 3_600.0));
        assert_eq!(r.mttr_s, Some(3_600.0));
        assert!((r.availability.availability() - (1.0 - 1.0 / 720.0)).abs() < 1e-15);
        // Without a window the default (first start to last end) holds no uptime: say so rather
        // than report 0%.
        let err = analyse(
            &[iv("2024-01-15 09:00", "2024-01-15 10:00")],
            None,
            None,
            &[],
        )
        .expect_err("no uptime");
        assert!(err.contains("window"), "{err}");
    }

    #[test]
    fn the_default_window_runs_from_first_start_to_last_end() {
        let outages = [
            iv("2024-01-01 00:00", "2024-01-01 01:00"),
            iv("2024-01-02 00:00", "2024-01-02 01:00"),
        ];
        let r = analyse(&outages, None, None, &[]).expect("valid");
        assert!(r.window_defaulted);
        assert_eq!(r.total_s, 25.0 * 3_600.0);
        assert_eq!((r.failures, r.repairs), (2, 2));
        assert_eq!(r.mtbf_s, Some(23.0 * 3_600.0 / 2.0));
        assert!(analyse(&outages, Some(t("2024-01-03 00:00")), None, &[]).is_err());
    }

    fn interval_strategy() -> impl Strategy<Value = Interval> {
        (-50 * H..50 * H, -H..20 * H).prop_map(|(start_s, len)| Interval {
            start_s,
            end_s: start_s + len,
        })
    }

    proptest! {
        #[test]
        fn civil_dates_match_day_counting(year in 1i64..=9_999, month in 1u32..=12, day in 1u32..=31) {
            let day = day.min(days_in_month(year, month));
            let days = days_from_civil(year, month, day);
            prop_assert_eq!(days, naive_days(year, month, day));
            prop_assert_eq!(civil_from_days(days), (year, month, day));
        }

        #[test]
        fn timestamps_round_trip(epoch_s in -62_135_596_800i64..253_402_300_800) {
            let text = format_timestamp(epoch_s);
            prop_assert_eq!(parse_timestamp(&text), Ok(epoch_s));
        }

        #[test]
        fn any_text_parses_or_names_a_line(text in "\\PC{0,120}") {
            match parse_intervals(&text) {
                Ok(list) => prop_assert!(list.iter().all(|i| i.end_s > i.start_s)),
                Err(errors) => prop_assert!(errors.iter().all(|e| e.line >= 1 && !e.message.is_empty())),
            }
        }

        /// Merged outages are sorted, disjoint (not even touching) and inside the window, and
        /// downtime never exceeds the total time, for any list, window and maintenance.
        #[test]
        fn merged_outages_are_sorted_disjoint_and_inside(
            outages in proptest::collection::vec(interval_strategy(), 0..30),
            maintenance in proptest::collection::vec(interval_strategy(), 0..4),
            from in proptest::option::of(-60 * H..40 * H),
            span in proptest::option::of(0..80 * H),
        ) {
            let to = from.zip(span).map(|(f, s)| f + s);
            let Ok(r) = analyse(&outages, from, to, &maintenance) else { return Ok(()); };
            for pair in r.outages.windows(2) {
                prop_assert!(pair[0].interval.end_s < pair[1].interval.start_s);
            }
            for o in &r.outages {
                prop_assert!(r.window.start_s <= o.interval.start_s);
                prop_assert!(o.interval.start_s < o.interval.end_s);
                prop_assert!(o.interval.end_s <= r.window.end_s);
                prop_assert!(0 <= o.downtime_s && o.downtime_s <= o.interval.len_s());
            }
            prop_assert!(r.downtime_s <= r.total_s);
            prop_assert!(r.total_s + r.maintenance_s == r.window.len_s() as f64);
            prop_assert!(r.failures <= r.outages.len() as u64);
            prop_assert!(r.repairs <= r.outages.len() as u64);
            prop_assert!((0.0..=1.0).contains(&r.availability.unavailability()));
            prop_assert_eq!(r.mtbf_s.is_none(), r.failures == 0);
        }
    }
}
