//! Incident-log mode (reference §2.1): availability, MTBF and MTTR worked backwards from a pasted
//! list of outages, with clipping to a window, merging, maintenance exclusion, failures and
//! repairs counted separately, and the share of an SLO's error budget the outages spent.
//!
//! A log is one outage per line, `start, end` or `start, duration` (comma, tab, ` - ` or ` to `
//! between; durations as in [`sdlab_sim::units::parse_duration`], e.g. `37m`), or a CSV export
//! whose header row names its start and end columns (PagerDuty, Opsgenie, Statuspage: see
//! [`START_COLUMNS`]); other columns are ignored and quoted fields may hold commas. Timestamps
//! are `YYYY-MM-DD HH:MM[:SS[.fff]]` with a space or a `T`, in UTC unless they end in `Z`,
//! `±HH:MM`, `±HHMM` or `±HH` (ISO 8601). Blank lines and `#` comments are ignored. A line that
//! cannot be read is skipped and reported with its number; the other lines still count.
//! Timestamps become whole epoch seconds (`i64`, fractions of a second dropped) so that clipping
//! and merging are exact; only the final ratios are floating point.

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

const FORMAT_HINT: &str =
    "use YYYY-MM-DD HH:MM[:SS], in UTC unless it ends in an offset (Z, +02:00, -0500)";

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

/// A zone suffix as seconds east of UTC: none (UTC), `Z`, `UTC`, `GMT`, `±HH:MM`, `±HHMM`
/// or `±HH` (ISO 8601's offsets); `None` for anything else.
fn parse_offset(zone: &str) -> Option<i64> {
    if zone.is_empty()
        || ["Z", "UTC", "GMT"]
            .iter()
            .any(|z| zone.eq_ignore_ascii_case(z))
    {
        return Some(0);
    }
    let (sign, rest) = match zone.strip_prefix('+') {
        Some(rest) => (1, rest),
        None => (-1, zone.strip_prefix('-')?),
    };
    let (hours, minutes) = match (rest.len(), rest.split_once(':')) {
        (_, Some((h, m))) => (digits(h, 2)?, digits(m, 2)?),
        (4, None) => (digits(rest.get(..2)?, 2)?, digits(rest.get(2..)?, 2)?),
        (2, None) => (digits(rest, 2)?, 0),
        _ => return None,
    };
    (hours <= 23 && minutes <= 59)
        .then(|| sign * (i64::from(hours) * 3_600 + i64::from(minutes) * 60))
}

/// Parses a timestamp into epoch seconds: `YYYY-MM-DD HH:MM[:SS[.fff]]` (a space or a `T`
/// between date and time), in UTC unless an offset follows (see [`parse_offset`]); a fraction
/// of a second is dropped.
pub fn parse_timestamp(text: &str) -> Result<i64, String> {
    let original = text.trim();
    if original.is_empty() {
        return Err(format!("missing timestamp: {FORMAT_HINT}"));
    }
    let bad = || format!("“{original}” is not a timestamp: {FORMAT_HINT}");
    let Some((date, rest)) = original.split_once(['T', 't', ' ']) else {
        return Err(bad());
    };
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
    let rest = rest.trim_start();
    let clock_len = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.' || c == ','))
        .unwrap_or(rest.len());
    let (clock, zone) = rest.split_at(clock_len);
    let zone = zone.trim();
    let Some(offset_s) = parse_offset(zone) else {
        return Err(format!(
            "“{original}”: “{zone}” is not an offset: end with Z, +02:00 or -0500, or nothing for UTC"
        ));
    };
    let mut clock_parts = clock.split(':');
    let (Some(h), Some(mi), s, None) = (
        clock_parts.next(),
        clock_parts.next(),
        clock_parts.next(),
        clock_parts.next(),
    ) else {
        return Err(bad());
    };
    let second = match s.map(|s| s.split_once(['.', ',']).unwrap_or((s, "0"))) {
        None => Some(0),
        Some((whole, fraction))
            if !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit()) =>
        {
            digits(whole, 2)
        }
        Some(_) => None,
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
    let local = days_from_civil(year, month, day) * 86_400
        + i64::from(hour) * 3_600
        + i64::from(minute) * 60
        + i64::from(second);
    Ok(local - offset_s)
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

/// The longest outage a duration may give: a century (more is a typo, and `i64` stays far off).
const MAX_DURATION_S: f64 = 100.0 * sdlab_sim::units::YEAR;

/// Text that starts like a date (`YYYY-`) is an end time; anything else is a duration.
fn looks_like_date(text: &str) -> bool {
    text.as_bytes()
        .get(..5)
        .is_some_and(|b| b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-')
}

/// An outage from its start text and its end text, the end being a time or a duration.
fn parse_pair(start: &str, end: &str) -> Result<Interval, String> {
    let start_s = parse_timestamp(start)?;
    let end = end.trim();
    let end_s = if looks_like_date(end) {
        parse_timestamp(end)?
    } else {
        let seconds = sdlab_sim::units::parse_duration(end).map_err(|_| {
            format!(
                "“{end}” is neither an end time (YYYY-MM-DD HH:MM) nor a duration (37m, 1h 30m)"
            )
        })?;
        if seconds > MAX_DURATION_S {
            return Err(format!("“{end}”: an outage of over a century"));
        }
        start_s + seconds.round() as i64
    };
    if end_s > start_s {
        Ok(Interval { start_s, end_s })
    } else {
        Err("the outage must end after it starts".into())
    }
}

/// Splits a CSV line at `delimiter` (RFC 4180 quoting within the line: `"a, b"` is one field,
/// `""` inside quotes is a quote). A quoted field cannot run over several lines.
fn split_fields(line: &str, delimiter: char) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
        } else if c == '"' && field.trim().is_empty() {
            field.clear();
            quoted = true;
        } else if c == delimiter {
            fields.push(std::mem::take(&mut field));
        } else {
            field.push(c);
        }
    }
    if quoted {
        return Err("a quoted field is not closed on this line".into());
    }
    fields.push(field);
    Ok(fields)
}

/// Reads a line without a header: `start, end` or `start, duration`, with a comma or a tab
/// (quotes allowed), or ` to ` or ` - ` between. Commas and tabs come first because ` - `
/// could also be read inside a sloppy date; ` to ` is matched case-insensitively.
fn parse_plain(line: &str) -> Result<Interval, String> {
    let expected =
        "expected “start, end” or “start, duration” (comma, tab, “ - ” or “ to ” between)";
    if let Some(delimiter) = ['\t', ','].into_iter().find(|d| line.contains(*d)) {
        let mut fields = split_fields(line, delimiter)?;
        while fields.len() > 2 && fields.last().is_some_and(|f| f.trim().is_empty()) {
            fields.pop();
        }
        return match fields.as_slice() {
            [start, end] => parse_pair(start, end),
            _ => Err(format!("{expected}, got {} fields", fields.len())),
        };
    }
    let lower = line.to_ascii_lowercase();
    for separator in [" to ", " - "] {
        if let Some(at) = lower.find(separator) {
            // ASCII lowercasing keeps byte offsets, so `at` indexes `line` too.
            return parse_pair(&line[..at], &line[at + separator.len()..]);
        }
    }
    Err(format!("{expected}, got “{line}”"))
}

/// Header names of the column an outage starts in, best first. Names are compared lower-cased
/// with all but ASCII letters and digits removed, and without anything from a `(` on, so
/// `Created At (UTC)`, `created_at` and `CreatedAt` are one name. Where they come from:
/// - PagerDuty: an incident's `created_at` and `resolved_at` (REST API v2 reference, "List
///   incidents", developer.pagerduty.com/api-reference); that endpoint's `sort_by` parameter
///   names the same fields `created_on`/`resolved_on`, the spelling of older exports.
/// - Opsgenie: an alert's `createdAt` and `updatedAt` (Alert API, docs.opsgenie.com; the
///   OpenAPI models of its SDKs), with `ClosedAt` for the close time an export names. Its
///   alert report's `closeTime` is a time to close, not a timestamp, so it is not taken. An
///   Opsgenie incident's impact window: `impact_start_date`/`impact_end_date` (Fivetran's
///   Opsgenie connector schema, table `incident`).
/// - Statuspage: an incident's `created_at`, `resolved_at` and `updated_at`
///   (Statuspage REST API, Incident object); `started_at` (with `resolved_at`) as Better Stack
///   names an incident's start (Uptime API, "Incidents API response attributes"), and
///   `ended_at` beside it.
/// - Datadog: `customer_impact_start`/`customer_impact_end` (API reference, Incidents).
///
/// Impact times beat started times, which beat created times (an incident is often opened
/// after the outage began); `updated_at` is the last resort for an end.
pub const START_COLUMNS: &[&str] = &[
    "impactstartdate",
    "customerimpactstart",
    "startedat",
    "startedon",
    "start",
    "starttime",
    "startdate",
    "createdat",
    "createdon",
    "created",
];

/// Header names of the column an outage ends in, best first (see [`START_COLUMNS`]).
pub const END_COLUMNS: &[&str] = &[
    "impactenddate",
    "customerimpactend",
    "resolvedat",
    "resolvedon",
    "resolved",
    "endedat",
    "endedon",
    "end",
    "endtime",
    "enddate",
    "closedat",
    "closedon",
    "updatedat",
];

/// A column holding a duration (`37m`) instead of an end time, used when there is no end column.
pub const DURATION_COLUMNS: &[&str] = &["duration"];

fn normalise(name: &str) -> String {
    name.split('(')
        .next()
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The start and end columns a header row named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    pub line: usize,
    delimiter: char,
    start: usize,
    end: usize,
    pub start_name: String,
    pub end_name: String,
}

/// What a first line that is a header row says: `None` if it is data (no start column named, and
/// a digit or a single field in it), else its columns or why they cannot be used.
fn read_header(line: &str, number: usize) -> Option<Result<Header, String>> {
    let delimiter = ['\t', ',', ';']
        .into_iter()
        .find(|d| line.contains(*d))
        .unwrap_or(',');
    let fields = split_fields(line, delimiter).ok()?;
    let names: Vec<String> = fields.iter().map(|f| normalise(f)).collect();
    let find = |wanted: &[&str]| {
        wanted
            .iter()
            .find_map(|w| names.iter().position(|n| n == w))
    };
    let start = find(START_COLUMNS);
    let end = find(END_COLUMNS).or_else(|| find(DURATION_COLUMNS));
    let name = |i: usize| fields.get(i).map_or("", |f| f.trim()).to_string();
    match (start, end) {
        (Some(start), Some(end)) => Some(Ok(Header {
            line: number,
            delimiter,
            start,
            end,
            start_name: name(start),
            end_name: name(end),
        })),
        (None, _) if fields.len() < 2 || line.bytes().any(|b| b.is_ascii_digit()) => None,
        (Some(start), None) => Some(Err(format!(
            "the header row names a start column (“{}”) but no end column: name one resolved_at, \
             resolved_on, ClosedAt, ended_at, end or duration",
            name(start)
        ))),
        (None, _) => Some(Err(
            "the header row names no start column: name one created_at, created_on, CreatedAt, \
             started_at or start (and an end column); lines below are read as “start, end”"
                .into(),
        )),
    }
}

/// Reads one data row of a CSV export by its header's columns.
fn parse_row(line: &str, header: &Header) -> Result<Interval, String> {
    let fields = split_fields(line, header.delimiter)?;
    let value = |i: usize, name: &str| {
        fields
            .get(i)
            .map(|f| f.trim())
            .filter(|f| !f.is_empty())
            .ok_or_else(|| format!("no “{name}” value"))
    };
    let start = value(header.start, &header.start_name)?;
    let end = value(header.end, &header.end_name)
        .map_err(|e| format!("{e} (an incident still open has no end yet)"))?;
    parse_pair(start, end)
}

/// What [`parse_log`] read: an outage for every good line, and every line it skipped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedLog {
    pub intervals: Vec<Interval>,
    /// The lines that could not be read, in order, each with why.
    pub skipped: Vec<LineError>,
    /// The header row, when the log is a CSV export with one.
    pub header: Option<Header>,
}

impl ParsedLog {
    /// Lines were given but none could be read: there is nothing to compute from.
    pub fn unusable(&self) -> bool {
        self.intervals.is_empty() && !self.skipped.is_empty()
    }
}

/// Reads a pasted outage list or CSV export. A bad line is skipped and listed with its number;
/// it never stops the other lines from counting.
pub fn parse_log(text: &str) -> ParsedLog {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut log = ParsedLog::default();
    let mut first = true;
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if std::mem::take(&mut first) {
            match read_header(line, number) {
                Some(Ok(header)) => {
                    log.header = Some(header);
                    continue;
                }
                Some(Err(message)) => {
                    log.skipped.push(LineError {
                        line: number,
                        message,
                    });
                    continue;
                }
                None => {}
            }
        }
        let parsed = match &log.header {
            Some(header) => parse_row(line, header),
            // Without a header, `#` starts a comment anywhere (a CSV field may hold one).
            None => parse_plain(line.split('#').next().unwrap_or("").trim()),
        };
        match parsed {
            Ok(interval) => log.intervals.push(interval),
            Err(message) => log.skipped.push(LineError {
                line: number,
                message,
            }),
        }
    }
    log
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

/// An SLO's error budget over the measured time, and how much of it the outages spent.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct BudgetSpent {
    /// `(1 − SLO) × total time`, the time-based error budget ([`crate::slo::budget_s`]) over the
    /// window with declared maintenance excluded, as the availability is.
    pub budget_s: f64,
    /// The downtime that counts.
    pub spent_s: f64,
    /// Spent ÷ budget; `None` for a 100% SLO, which leaves no budget.
    pub fraction: Option<f64>,
    /// Budget − spent: what is left, or (below zero) how far over.
    pub left_s: f64,
}

impl IncidentReport {
    /// The error budget `slo` allows over this report's total time, and the share spent.
    pub fn budget(&self, slo: Availability) -> BudgetSpent {
        let budget_s = crate::slo::budget_s(slo, self.total_s);
        BudgetSpent {
            budget_s,
            spent_s: self.downtime_s,
            fraction: (budget_s > 0.0).then(|| self.downtime_s / budget_s),
            left_s: budget_s - self.downtime_s,
        }
    }
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

    /// The outages a log gives, as UTC text, and the numbers of the lines it skipped.
    fn read(text: &str) -> (Vec<(String, String)>, Vec<usize>) {
        let log = parse_log(text);
        (
            log.intervals
                .iter()
                .map(|i| (format_timestamp(i.start_s), format_timestamp(i.end_s)))
                .collect(),
            log.skipped.iter().map(|e| e.line).collect(),
        )
    }

    fn pair(start: &str, end: &str) -> (String, String) {
        (start.to_string(), end.to_string())
    }

    /// `epoch_s` written as local time at `offset_s` east of UTC, e.g. `…T12:00:00+02:00`.
    fn with_offset(epoch_s: i64, offset_s: i64) -> String {
        let local = format_timestamp(epoch_s + offset_s);
        let sign = if offset_s < 0 { '-' } else { '+' };
        let off = offset_s.abs();
        format!(
            "{}{sign}{:02}:{:02}",
            local.trim_end_matches('Z'),
            off / 3_600,
            off / 60 % 60
        )
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
        // ISO 8601 offsets: local time minus the offset is UTC.
        let utc = t("2024-05-06 07:08:09");
        for text in [
            "2024-05-06T09:08:09+02:00",
            "2024-05-06T02:08:09-0500",
            "2024-05-06 02:08:09 -05:00",
            "2024-05-06T12:38:09+05:30",
            "2024-05-06 07:08:09 UTC",
            "2024-05-06T07:08:09+00:00",
            // Fractions of a second are dropped.
            "2024-05-06T07:08:09.999Z",
            "2024-05-06T07:08:09,5+00:00",
            "2024-05-06T09:08:09.123456+02:00",
        ] {
            assert_eq!(t(text), utc, "{text}");
        }
        assert_eq!(t("2024-05-06T09:08+02"), t("2024-05-06 07:08"));
        // Back over midnight and the year end: 01:30 at +05:00 on 1 January is 20:30 UTC the day before.
        assert_eq!(
            format_timestamp(t("2024-01-01T01:30:00+05:00")),
            "2023-12-31T20:30:00Z"
        );
        assert_eq!(
            format_timestamp(t("2024-02-28T22:00:00-05:00")),
            "2024-02-29T03:00:00Z"
        );
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
            ("2024-01-01 10:00:00.", "not a timestamp"),
            ("2024-01-01 10:00:00.5x", "not an offset"),
            ("2024-01-01T10:00+25:00", "not an offset"),
            ("2024-01-01T10:00+02:60", "not an offset"),
            ("2024-01-01T10:00+2", "not an offset"),
            ("2024-01-01T10:00 EST", "not an offset"),
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
    fn every_separator_comments_blank_lines_and_durations() {
        let text = "# exported from the status page\n\
                    2024-01-01 10:00, 2024-01-01 11:00\n\
                    \n\
                    2024-01-02 10:00\t2024-01-02 10:30   # the deploy\n\
                    2024-01-03T10:00Z - 2024-01-03T10:05Z\n\
                    2024-01-04 10:00 to 2024-01-04 10:01\n\
                    2024-01-05 10:00 TO 2024-01-05 10:01:30\n\
                    2026-03-02 10:15, 37m\n\
                    2026-03-03 10:15, 1h 30m\n\
                    2026-03-04T10:15:00+01:00 - 90s\n\
                    \"2026-03-05 10:15\",\"2026-03-05 10:20\",\n";
        let log = parse_log(text);
        assert_eq!(log.skipped, vec![]);
        assert_eq!(log.header, None);
        let lens: Vec<i64> = log.intervals.iter().map(|i| i.len_s()).collect();
        assert_eq!(lens, vec![H, H / 2, 300, 60, 90, 37 * 60, 90 * 60, 90, 300]);
        assert_eq!(
            read("2026-03-02 10:15, 37m").0,
            vec![pair("2026-03-02T10:15:00Z", "2026-03-02T10:52:00Z")]
        );
    }

    #[test]
    fn a_bad_line_is_skipped_with_its_number_and_the_rest_still_count() {
        let text = "2024-01-01 10:00, 2024-01-01 11:00\n\
                    2024-01-01 10:00 2024-01-01 11:00\n\
                    # fine\n\
                    2024-01-02 11:00, 2024-01-02 10:00\n\
                    2024-01-02 11:00, 2024-02-30 10:00\n\
                    2024-01-03 11:00, 37 minutes-ish\n\
                    2024-01-04 11:00, 2024-01-04 12:00, extra\n\
                    2024-01-04 11:00, 0s\n\
                    2024-01-05 11:00, 1000y\n\
                    2024-01-06 11:00, 2024-01-06 12:00\n";
        let log = parse_log(text);
        assert_eq!(log.intervals.len(), 2);
        let lines: Vec<usize> = log.skipped.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 4, 5, 6, 7, 8, 9]);
        let messages: Vec<String> = log.skipped.iter().map(ToString::to_string).collect();
        for (message, expected) in messages.iter().zip([
            "line 2: expected “start, end” or “start, duration”",
            "line 4: the outage must end after it starts",
            "line 5: “2024-02-30 10:00”: 2024-02 has no day 30",
            "line 6: “37 minutes-ish” is neither an end time (YYYY-MM-DD HH:MM) nor a duration",
            "line 7: expected “start, end” or “start, duration” (comma, tab, “ - ” or “ to ” between), got 3 fields",
            "line 8: the outage must end after it starts",
            "line 9: “1000y”: an outage of over a century",
        ]) {
            assert!(message.starts_with(expected), "{message}");
        }
        assert!(!log.unusable());
        assert!(parse_log("nonsense\n").unusable());
        assert!(!parse_log("# only a comment\n\n").unusable());
        assert!(!parse_log("").unusable());
    }

    #[test]
    fn csv_exports_are_read_by_their_header_names() {
        // PagerDuty-shaped (START_COLUMNS cites the names): other columns ignored, quoted titles
        // holding commas and doubled quotes, offsets.
        let pagerduty = "id,incident_number,description,service_name,created_on,resolved_on,urgency\n\
             PABC1,101,\"DB down, reads failing\",checkout,2026-03-02T10:15:00Z,2026-03-02T10:52:00Z,high\n\
             PABC2,102,\"Latency, \"\"p99\"\" over 2 s\",checkout,2026-03-09T23:00:00+01:00,2026-03-09T23:31:00+01:00,low\n";
        let header = parse_log(pagerduty).header.expect("a header");
        assert_eq!(
            (
                header.line,
                header.start_name.as_str(),
                header.end_name.as_str()
            ),
            (1, "created_on", "resolved_on")
        );
        assert_eq!(
            read(pagerduty),
            (
                vec![
                    pair("2026-03-02T10:15:00Z", "2026-03-02T10:52:00Z"),
                    pair("2026-03-09T22:00:00Z", "2026-03-09T22:31:00Z")
                ],
                vec![]
            )
        );
        let outage = vec![pair("2026-03-02T10:15:00Z", "2026-03-02T10:52:00Z")];
        for (text, start, end) in [
            // PagerDuty's column headings.
            (
                "Incident ID,Title,Created At,Resolved At\nQ1,\"a, b\",2026-03-02 10:15,2026-03-02 10:52\n",
                "Created At",
                "Resolved At",
            ),
            // Opsgenie's alert export: CreatedAt, with ClosedAt preferred to UpdatedAt.
            (
                "TinyId,Message,CreatedAt,UpdatedAt,ClosedAt\n\
                 7,disk,2026-03-02T10:15:00.000Z,2026-03-03T00:00:00.000Z,2026-03-02T10:52:00.000Z\n",
                "CreatedAt",
                "ClosedAt",
            ),
            (
                "TinyId,Message,CreatedAt,UpdatedAt\n7,disk,2026-03-02 10:15,2026-03-02 10:52\n",
                "CreatedAt",
                "UpdatedAt",
            ),
            // Opsgenie's incidents: the impact dates beat the creation time.
            (
                "tiny_id,created_at,impact_start_date,impact_end_date\n\
                 3,2026-03-02 10:20,2026-03-02 10:15,2026-03-02 10:52\n",
                "impact_start_date",
                "impact_end_date",
            ),
            // Statuspage: started_at beats created_at.
            (
                "name,status,created_at,started_at,resolved_at\n\
                 \"API errors\",resolved,2026-03-02T10:30:00Z,2026-03-02T10:15:00Z,2026-03-02T10:52:00Z\n",
                "started_at",
                "resolved_at",
            ),
            // Semicolons, and -0500.
            (
                "started_at;ended_at\n2026-03-02 05:15 -0500;2026-03-02 05:52 -0500\n",
                "started_at",
                "ended_at",
            ),
            // Tabs, and a duration column.
            (
                "Start\tDuration\tCause\n2026-03-02 10:15\t37m\tdeploy\n",
                "Start",
                "Duration",
            ),
            // A byte-order mark, CRLF line ends, a comment and a unit in the names.
            (
                "\u{feff}# export\r\nCreated At (UTC),Resolved At (UTC)\r\n2026-03-02 10:15,2026-03-02 10:52\r\n",
                "Created At (UTC)",
                "Resolved At (UTC)",
            ),
        ] {
            let log = parse_log(text);
            let header = log
                .header
                .clone()
                .unwrap_or_else(|| panic!("no header in {text:?}: {:?}", log.skipped));
            assert_eq!(
                (header.start_name.as_str(), header.end_name.as_str()),
                (start, end),
                "{text:?}"
            );
            assert_eq!(read(text), (outage.clone(), vec![]), "{text:?}");
        }
    }

    #[test]
    fn header_problems_and_bad_rows_are_flagged_by_line() {
        let text = "id,created_at,resolved_at,title\n\
                    1,2026-03-02 10:15,2026-03-02 10:52,ok\n\
                    2,2026-03-03 10:15,,still open\n\
                    3,2026-03-04 10:15\n\
                    4,yesterday,2026-03-04 10:52,typo\n\
                    5,\"2026-03-05 10:15,2026-03-05 10:52,unclosed\n\
                    6,2026-03-06 10:15,2026-03-06 10:20,\"Issue #12, again\"\n";
        let log = parse_log(text);
        assert_eq!(log.intervals.len(), 2);
        let got: Vec<String> = log.skipped.iter().map(ToString::to_string).collect();
        assert_eq!(got.len(), 4, "{got:?}");
        for (message, expected) in got.iter().zip([
            "line 3: no “resolved_at” value (an incident still open has no end yet)",
            "line 4: no “resolved_at” value",
            "line 5: “yesterday” is not a timestamp",
            "line 6: a quoted field is not closed",
        ]) {
            assert!(message.starts_with(expected), "{message}");
        }

        // A header without an end column, or with no name known: flagged, and the lines below
        // are read as “start, end”.
        let no_end = parse_log("created_at,title\n2026-03-02 10:15,2026-03-02 10:52\n");
        assert_eq!(no_end.header, None);
        assert!(
            no_end.skipped[0].to_string().starts_with(
                "line 1: the header row names a start column (“created_at”) but no end column"
            ),
            "{:?}",
            no_end.skipped
        );
        assert_eq!(no_end.intervals.len(), 1);
        let unknown = parse_log("when,until\n2026-03-02 10:15,2026-03-02 10:52\n");
        assert!(unknown.skipped[0].message.contains("names no start column"));
        assert_eq!(unknown.intervals.len(), 1);
        // One word is no header, only a bad line.
        assert!(parse_log("abc").skipped[0].message.starts_with("expected"));
    }

    #[test]
    fn the_budget_spent_is_the_downtime_over_one_minus_the_slo_times_the_total_time() {
        // 30 days less 2 h of maintenance is 718 h; a 99.9% SLO allows 0.1% of it, 0.718 h.
        let (from, to) = window();
        let r = analyse(
            &[iv("2024-01-10 10:00", "2024-01-10 10:30")],
            from,
            to,
            &[iv("2024-01-05 00:00", "2024-01-05 02:00")],
        )
        .expect("valid");
        let slo = |text| Availability::parse_percent(text).expect("an SLO");
        let b = r.budget(slo("99.9"));
        let budget = 0.718 * 3_600.0;
        assert!((b.budget_s - budget).abs() < 1e-9, "{b:?}");
        assert_eq!(b.spent_s, 1_800.0);
        assert!((b.fraction.expect("a budget") - 1_800.0 / budget).abs() < 1e-12);
        assert!((b.left_s - (budget - 1_800.0)).abs() < 1e-9);
        // At 99.99% the budget is 4.31 minutes: 30 minutes is far over.
        let b = r.budget(slo("99.99"));
        assert!(
            b.left_s < 0.0 && b.fraction.expect("a budget") > 6.0,
            "{b:?}"
        );
        // 100% leaves none: no share, and all of the downtime is over.
        let b = r.budget(Availability::PERFECT);
        assert_eq!((b.budget_s, b.fraction, b.left_s), (0.0, None, -1_800.0));
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

    /// Every outage ends after it starts, every skipped line has its number and a message, and
    /// no line counts twice.
    fn check_log(text: &str) -> Result<(), TestCaseError> {
        let log = parse_log(text);
        let lines = text.lines().count();
        prop_assert!(log.intervals.iter().all(|i| i.end_s > i.start_s));
        for e in &log.skipped {
            prop_assert!(
                e.line >= 1 && e.line <= lines && !e.message.is_empty(),
                "{e:?}"
            );
        }
        prop_assert!(
            log.intervals.len() + log.skipped.len() + usize::from(log.header.is_some()) <= lines
        );
        Ok(())
    }

    /// A line of a log: an outage with an end time or a duration, in any accepted zone, or junk
    /// (with a digit, so it never reads as a header row).
    fn line_strategy() -> impl Strategy<Value = String> {
        let zones = prop::sample::select(vec![
            (0, "Z"),
            (0, ""),
            (7_200, "+02:00"),
            (-18_000, "-0500"),
        ]);
        let stamp = (0..40 * DAY, zones).prop_map(|(s, (offset, zone))| {
            let local = format_timestamp(s + offset);
            format!("{}{zone}", local.trim_end_matches('Z'))
        });
        prop_oneof![
            (stamp.clone(), stamp.clone()).prop_map(|(a, b)| format!("{a},{b}")),
            (stamp, 1u32..600).prop_map(|(a, m)| format!("{a},{m}m")),
            "[0-9]\\PC{0,30}",
        ]
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
        fn any_text_is_read_or_skipped_line_by_line(text in "\\PC{0,160}") {
            check_log(&text)?;
            check_log(&format!("created_on,resolved_on\n{text}"))?;
        }

        #[test]
        fn any_csv_like_text_is_read_or_skipped(text in "[0-9a-zA-Z:+,. \"\t;#\n-]{0,240}") {
            check_log(&text)?;
            check_log(&format!("Created At,Duration\n{text}"))?;
        }

        #[test]
        fn offsets_name_the_same_instant(
            epoch_s in -62_000_000_000i64..253_000_000_000,
            minutes in -840i64..=840,
        ) {
            prop_assert_eq!(parse_timestamp(&with_offset(epoch_s, minutes * 60)), Ok(epoch_s));
        }

        /// The result depends on the lines, not their order (a header row stays first).
        #[test]
        fn reordering_lines_never_changes_the_result(
            (lines, shuffled) in proptest::collection::vec(line_strategy(), 0..14)
                .prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle())),
            header in any::<bool>(),
        ) {
            let text = |lines: &[String]| {
                let head = if header { "Incident,created_on,resolved_on\n" } else { "" };
                let body: Vec<String> = lines
                    .iter()
                    .map(|l| if header { format!("x,{l}") } else { l.clone() })
                    .collect();
                format!("{head}{}", body.join("\n"))
            };
            let (a, b) = (parse_log(&text(&lines)), parse_log(&text(&shuffled)));
            prop_assert_eq!(a.skipped.len(), b.skipped.len());
            prop_assert_eq!(a.header.is_some(), header);
            let window = (Some(0), Some(45 * DAY));
            let maintenance = [Interval { start_s: 3 * DAY, end_s: 4 * DAY }];
            prop_assert_eq!(
                analyse(&a.intervals, window.0, window.1, &maintenance),
                analyse(&b.intervals, window.0, window.1, &maintenance)
            );
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
