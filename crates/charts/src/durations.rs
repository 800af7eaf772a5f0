//! Ticks for an axis of durations: named ones (1 s, 10 s, 1 min, 10 min, 1 h, 6 h, 1 day, 1 week…)
//! when enough of them fall on the axis, else round steps of one unit (20 min, 30 min, 40 min…),
//! so any range gets 4 or more labels.

use std::ops::Range;

use crate::axis::linear_ticks_up_to;

const MINUTE: f64 = 60.0;
const HOUR: f64 = 3_600.0;
const DAY: f64 = 86_400.0;

/// Named durations a decade or so apart: the first choice.
const COARSE: [(f64, &str); 10] = [
    (1.0, "1 s"),
    (10.0, "10 s"),
    (MINUTE, "1 min"),
    (10.0 * MINUTE, "10 min"),
    (HOUR, "1 h"),
    (6.0 * HOUR, "6 h"),
    (DAY, "1 day"),
    (7.0 * DAY, "1 week"),
    (30.0 * DAY, "30 days"),
    (365.0 * DAY, "1 year"),
];

/// Named durations at most three times apart: for axes too short for [`COARSE`].
const FINE: [(f64, &str); 25] = [
    (1.0, "1 s"),
    (2.0, "2 s"),
    (5.0, "5 s"),
    (10.0, "10 s"),
    (20.0, "20 s"),
    (30.0, "30 s"),
    (MINUTE, "1 min"),
    (2.0 * MINUTE, "2 min"),
    (5.0 * MINUTE, "5 min"),
    (10.0 * MINUTE, "10 min"),
    (20.0 * MINUTE, "20 min"),
    (30.0 * MINUTE, "30 min"),
    (HOUR, "1 h"),
    (2.0 * HOUR, "2 h"),
    (3.0 * HOUR, "3 h"),
    (6.0 * HOUR, "6 h"),
    (12.0 * HOUR, "12 h"),
    (DAY, "1 day"),
    (2.0 * DAY, "2 days"),
    (3.0 * DAY, "3 days"),
    (7.0 * DAY, "1 week"),
    (14.0 * DAY, "2 weeks"),
    (30.0 * DAY, "30 days"),
    (90.0 * DAY, "90 days"),
    (365.0 * DAY, "1 year"),
];

/// The fewest ticks an axis gets.
const MIN: usize = 4;

/// Ticks `(seconds, label)` for a duration axis over `range` (seconds, either order): at least
/// four and at most `max` (itself at least four; one more where no round step fits), ascending.
/// The first of these with four or more on the axis wins, thinned when there are more than
/// `max`: [`COARSE`] names, [`FINE`] names, then 1–2–5 steps of the largest unit (s, min, h,
/// days) that the range's start reaches. Empty for a range that is not finite and positive.
///
/// ```
/// let ticks = sdlab_charts::duration_ticks(1200.0..4680.0, 8);
/// let labels: Vec<&str> = ticks.iter().map(|(_, l)| l.as_str()).collect();
/// assert_eq!(labels, ["20 min", "30 min", "40 min", "50 min", "60 min", "70 min"]);
/// ```
pub fn duration_ticks(range: Range<f64>, max: usize) -> Vec<(f64, String)> {
    let (lo, hi) = (range.start.min(range.end), range.start.max(range.end));
    if !(lo.is_finite() && hi.is_finite() && lo > 0.0 && hi > lo) {
        return Vec::new();
    }
    let max = max.max(MIN);
    let slack = 1e-9;
    let on_axis = |&&(v, _): &&(f64, &str)| lo * (1.0 - slack) <= v && v <= hi * (1.0 + slack);
    for names in [&COARSE[..], &FINE[..]] {
        let on: Vec<(f64, String)> = names
            .iter()
            .filter(on_axis)
            .map(|&(v, l)| (v, l.to_string()))
            .collect();
        if on.len() >= MIN {
            return thin(on, max);
        }
    }
    let (unit, name) = [(DAY, "day"), (HOUR, "h"), (MINUTE, "min")]
        .into_iter()
        .find(|&(unit, _)| lo >= unit)
        .unwrap_or((1.0, "s"));
    let in_units = lo / unit..hi / unit;
    let (mut values, mut step) = linear_ticks_up_to(&in_units, max);
    if values.len() < MIN {
        // No 1–2–5 step gives four to `max`: a finer one, thinned.
        let (finer, finer_step) = linear_ticks_up_to(&in_units, 2 * max);
        let every = stride(finer.len(), max);
        values = finer.into_iter().step_by(every).collect();
        step = finer_step * every as f64;
    }
    let decimals = (-step.log10()).ceil().clamp(0.0, 6.0) as usize;
    values
        .into_iter()
        .map(|v| {
            let text = format!("{v:.decimals$}");
            let name = if name == "day" && text != "1" {
                "days"
            } else {
                name
            };
            (v * unit, format!("{text} {name}"))
        })
        .collect()
}

/// Every `stride(len, max)`-th of `values`.
fn thin<T>(values: Vec<T>, max: usize) -> Vec<T> {
    let every = stride(values.len(), max);
    values.into_iter().step_by(every).collect()
}

/// The step through `len` ticks that keeps at most `max` of them, unless that would leave fewer
/// than four: then the largest step that keeps four.
fn stride(len: usize, max: usize) -> usize {
    let every = len.div_ceil(max.max(1)).max(1);
    if len.div_ceil(every) >= MIN {
        every
    } else {
        (1..every)
            .rev()
            .find(|&k| len.div_ceil(k) >= MIN)
            .unwrap_or(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(range: Range<f64>, max: usize) -> Vec<String> {
        duration_ticks(range, max)
            .into_iter()
            .map(|(_, l)| l)
            .collect()
    }

    #[test]
    fn named_durations_when_four_fit() {
        assert_eq!(
            labels(5.0..2.0 * DAY, 8),
            ["10 s", "1 min", "10 min", "1 h", "6 h", "1 day"]
        );
        // The whole first ladder, thinned to fit.
        assert_eq!(
            labels(1.0..365.0 * DAY, 8),
            ["1 s", "1 min", "1 h", "1 day", "30 days"]
        );
        // Two of the first ladder on the axis: the finer one.
        assert_eq!(
            labels(15.0 * MINUTE..4.0 * HOUR, 8),
            ["20 min", "30 min", "1 h", "2 h", "3 h"]
        );
    }

    #[test]
    fn short_axes_get_round_steps_of_one_unit() {
        assert_eq!(
            labels(1.2 * HOUR..4.7 * HOUR, 8),
            [
                "1.5 h", "2.0 h", "2.5 h", "3.0 h", "3.5 h", "4.0 h", "4.5 h"
            ]
        );
        assert_eq!(labels(1.1 * DAY..1.9 * DAY, 5).len(), 4);
        assert!(labels(1.1 * DAY..1.9 * DAY, 5)[0].ends_with("days"));
        assert_eq!(
            labels(0.2..0.7, 8),
            ["0.2 s", "0.3 s", "0.4 s", "0.5 s", "0.6 s", "0.7 s"]
        );
    }

    #[test]
    fn any_range_gets_four_to_max_ticks_inside_it() {
        let mut lo = 0.5;
        while lo < 400.0 * DAY {
            for factor in [2.5, 3.9, 10.0, 100.0, 1e4, 1e8] {
                let hi = lo * factor;
                for max in [5, 8] {
                    let ticks = duration_ticks(lo..hi, max);
                    assert!(
                        (MIN..=max + 1).contains(&ticks.len()),
                        "{lo}..{hi} max {max}: {ticks:?}"
                    );
                    assert!(
                        ticks
                            .iter()
                            .all(|&(v, _)| lo * 0.999 <= v && v <= hi * 1.001),
                        "{lo}..{hi}: {ticks:?}"
                    );
                    assert!(ticks.windows(2).all(|w| w[0].0 < w[1].0), "{ticks:?}");
                }
            }
            lo *= 1.7;
        }
    }

    #[test]
    fn unusable_ranges_give_none() {
        assert!(duration_ticks(0.0..10.0, 8).is_empty());
        assert!(duration_ticks(f64::NAN..10.0, 8).is_empty());
        assert!(duration_ticks(5.0..5.0, 8).is_empty());
        assert_eq!(duration_ticks(100.0..1.0, 8), duration_ticks(1.0..100.0, 8));
    }
}
