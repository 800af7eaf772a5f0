//! The quorum explorer's page as a pure state machine: every field's text kept verbatim, parsed
//! into the rules, the consistency levels and the Monte Carlo jobs, each error a message for
//! its field. A bad field leaves the last valid value in use, and the view says so.

use serde::{Deserialize, Serialize};

use crate::closed::{MAX_N, Quorum};
use crate::jobs::WarsJob;
use crate::latency::{Legs, Preset};
use crate::levels::{self, Level, LevelFacts};
use crate::wars::{MAX_TRIALS, MAX_VALUES, Spec};

/// Most trials a page run takes (the CLI allows [`MAX_TRIALS`]).
pub const PAGE_MAX_TRIALS: u64 = 1_000_000;
/// Points on the consistency curve.
pub const CURVE_POINTS: u32 = 61;

/// Fields with free text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    N,
    R,
    W,
    K,
    Avail,
    Dcs,
    LambdaW,
    LambdaA,
    LambdaR,
    LambdaS,
    Down,
    RepairRate,
    Gap,
    Trials,
    Seed,
    Target,
    Trial,
    TrialT,
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub n: String,
    pub r: String,
    pub w: String,
    pub k: String,
    pub avail: String,
    pub dcs: String,
    pub write_level: Level,
    pub read_level: Level,
    pub preset: Preset,
    pub lambda: [String; 4],
    pub down: String,
    pub repair: bool,
    pub repair_rate: String,
    pub gap: String,
    pub trials: String,
    pub seed: String,
    pub target: String,
    pub trial: String,
    pub trial_t: String,
    /// The last valid (N, R, W): what results show while a field is bad.
    pub last_quorum: Quorum,
}

impl Default for State {
    fn default() -> Self {
        let s = |v: &str| v.to_string();
        State {
            n: s("3"),
            r: s("1"),
            w: s("1"),
            k: s("1"),
            avail: s("99.9"),
            dcs: s("3+3"),
            write_level: Level::Quorum,
            read_level: Level::LocalQuorum,
            preset: Preset::LnkdDisk,
            lambda: [s("0.1"), s("0.1"), s("0.1"), s("0.1")],
            down: s("0"),
            repair: false,
            repair_rate: s("0.1"),
            gap: s("1"),
            trials: s("100000"),
            seed: s("1"),
            target: s("99.9"),
            trial: s("0"),
            trial_t: s("0"),
            last_quorum: Quorum { n: 3, r: 1, w: 1 },
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    Set(Field, String),
    WriteLevel(Level),
    ReadLevel(Level),
    Preset(Preset),
    Repair(bool),
    /// A named (N, R, W): Cassandra's default, Riak's, a majority, read-one/write-all, write-one/read-all.
    Config(&'static str),
    Reset,
}

/// The named configurations (PBS §"Typical Quorum Configurations" and the book's majority).
pub const CONFIGS: [(&str, &str); 5] = [
    ("cassandra", "Cassandra default (3, 1, 1)"),
    ("riak", "Riak default (3, 2, 2)"),
    ("majority", "Majority: R = W = ⌊N/2⌋ + 1"),
    ("read-one", "Read one, write all"),
    ("write-one", "Write one, read all"),
];

impl State {
    pub fn update(&mut self, event: Event) {
        match event {
            Event::Set(field, text) => *self.field_mut(field) = text,
            Event::WriteLevel(l) => self.write_level = l,
            Event::ReadLevel(l) => self.read_level = l,
            Event::Preset(p) => self.preset = p,
            Event::Repair(on) => self.repair = on,
            Event::Config(name) => {
                let n = self.last_quorum.n;
                let maj = Quorum::majority(n);
                let (n, r, w) = match name {
                    "cassandra" => (3, 1, 1),
                    "riak" => (3, 2, 2),
                    "majority" => (n, maj, maj),
                    "read-one" => (n, 1, n),
                    "write-one" => (n, n, 1),
                    _ => return,
                };
                self.n = n.to_string();
                self.r = r.to_string();
                self.w = w.to_string();
            }
            Event::Reset => *self = State::default(),
        }
        if let Ok(q) = self.quorum() {
            self.last_quorum = q;
        }
    }

    pub fn field(&self, field: Field) -> &str {
        match field {
            Field::N => &self.n,
            Field::R => &self.r,
            Field::W => &self.w,
            Field::K => &self.k,
            Field::Avail => &self.avail,
            Field::Dcs => &self.dcs,
            Field::LambdaW => &self.lambda[0],
            Field::LambdaA => &self.lambda[1],
            Field::LambdaR => &self.lambda[2],
            Field::LambdaS => &self.lambda[3],
            Field::Down => &self.down,
            Field::RepairRate => &self.repair_rate,
            Field::Gap => &self.gap,
            Field::Trials => &self.trials,
            Field::Seed => &self.seed,
            Field::Target => &self.target,
            Field::Trial => &self.trial,
            Field::TrialT => &self.trial_t,
        }
    }

    fn field_mut(&mut self, field: Field) -> &mut String {
        match field {
            Field::N => &mut self.n,
            Field::R => &mut self.r,
            Field::W => &mut self.w,
            Field::K => &mut self.k,
            Field::Avail => &mut self.avail,
            Field::Dcs => &mut self.dcs,
            Field::LambdaW => &mut self.lambda[0],
            Field::LambdaA => &mut self.lambda[1],
            Field::LambdaR => &mut self.lambda[2],
            Field::LambdaS => &mut self.lambda[3],
            Field::Down => &mut self.down,
            Field::RepairRate => &mut self.repair_rate,
            Field::Gap => &mut self.gap,
            Field::Trials => &mut self.trials,
            Field::Seed => &mut self.seed,
            Field::Target => &mut self.target,
            Field::Trial => &mut self.trial,
            Field::TrialT => &mut self.trial_t,
        }
    }

    /// The message for a field's text, if it is bad.
    pub fn error(&self, field: Field) -> Option<String> {
        let text = self.field(field);
        let r = match field {
            Field::N => whole(text, 1, u64::from(MAX_N)).map(drop),
            Field::R | Field::W => self.quorum().map(drop).or_else(|e| {
                let which = if field == Field::R { "R" } else { "W" };
                if e.starts_with(which) || whole(text, 1, u64::from(MAX_N)).is_err() {
                    Err(e)
                } else {
                    Ok(())
                }
            }),
            Field::K => whole(text, 1, 20).map(drop),
            Field::Avail => number(text, 0.0, 100.0).map(drop),
            Field::Dcs => levels::parse_dcs(text).map(drop),
            Field::LambdaW | Field::LambdaA | Field::LambdaR | Field::LambdaS => {
                positive(text, 1e6).map(drop)
            }
            Field::Down => whole(text, 0, u64::from(MAX_N)).map(drop),
            Field::RepairRate => positive(text, 1e3).map(drop),
            Field::Gap => number(text, 0.0, 1e9).map(drop),
            Field::Trials => whole(text, 1, PAGE_MAX_TRIALS).map(drop),
            Field::Seed => whole(text, 0, u64::MAX).map(drop),
            Field::Target => number(text, 0.0, 100.0).and_then(|v| {
                if v > 0.0 && v < 100.0 {
                    Ok(())
                } else {
                    Err("a percentage strictly between 0 and 100, e.g. 99.9".into())
                }
            }),
            Field::Trial => whole(text, 0, PAGE_MAX_TRIALS - 1).map(drop),
            Field::TrialT => number(text, 0.0, 1e9).map(drop),
        };
        r.err()
    }

    /// (N, R, W) as typed.
    pub fn quorum(&self) -> Result<Quorum, String> {
        let n = whole(&self.n, 1, u64::from(MAX_N)).map_err(|e| format!("N: {e}"))? as u32;
        let r = whole(&self.r, 1, u64::from(MAX_N)).map_err(|e| format!("R: {e}"))? as u32;
        let w = whole(&self.w, 1, u64::from(MAX_N)).map_err(|e| format!("W: {e}"))? as u32;
        Quorum::new(n, r, w)
    }

    pub fn k(&self) -> u32 {
        whole(&self.k, 1, 20).map_or(1, |k| k as u32)
    }

    /// Per-replica availability as a fraction (the default 99.9% while the field is bad).
    pub fn availability(&self) -> f64 {
        number(&self.avail, 0.0, 100.0).map_or(0.999, |p| p / 100.0)
    }

    pub fn target(&self) -> f64 {
        match self.error(Field::Target) {
            None => number(&self.target, 0.0, 100.0).map_or(0.999, |p| p / 100.0),
            Some(_) => 0.999,
        }
    }

    pub fn dcs(&self) -> Vec<u32> {
        levels::parse_dcs(&self.dcs).unwrap_or_else(|_| vec![3, 3])
    }

    /// Each level's facts over the data centres.
    pub fn level_facts(&self) -> Vec<LevelFacts> {
        let dcs = self.dcs();
        Level::ALL.iter().map(|&l| levels::facts(l, &dcs)).collect()
    }

    /// The legs the preset (or the rates) give.
    pub fn legs(&self) -> Result<Legs, String> {
        match self.preset.legs() {
            Some(legs) => Ok(legs),
            None => {
                let mut rates = [0.0; 4];
                for (i, (rate, name)) in rates
                    .iter_mut()
                    .zip(["λ_W", "λ_A", "λ_R", "λ_S"])
                    .enumerate()
                {
                    *rate = positive(&self.lambda[i], 1e6).map_err(|e| format!("{name}: {e}"))?;
                }
                Ok(Legs::exponential(rates[0], rates[1], rates[2], rates[3]))
            }
        }
    }

    /// The model every run uses, or the first reason there is none.
    pub fn spec(&self) -> Result<Spec, String> {
        let q = self.quorum()?;
        let down = whole(&self.down, 0, u64::from(MAX_N))
            .map_err(|e| format!("replicas down: {e}"))? as u32;
        let repair_rate = if self.repair {
            Some(positive(&self.repair_rate, 1e3).map_err(|e| format!("read rate: {e}"))?)
        } else {
            None
        };
        let spec = Spec {
            n: q.n,
            r: q.r,
            w: q.w,
            legs: self.legs()?,
            wan: self.preset == Preset::Wan,
            down,
            k: whole(&self.k, 1, 20).map_err(|e| format!("k: {e}"))? as u32,
            gap_ms: number(&self.gap, 0.0, 1e9).map_err(|e| format!("gap: {e}"))?,
            repair_rate,
        };
        spec.validate()?;
        Ok(spec)
    }

    fn trials_seed(&self) -> Result<(u64, u64), String> {
        let trials = whole(&self.trials, 1, PAGE_MAX_TRIALS).map_err(|e| format!("trials: {e}"))?;
        let seed = whole(&self.seed, 0, u64::MAX).map_err(|e| format!("seed: {e}"))?;
        if let Some(e) = self.error(Field::Target) {
            return Err(format!("target: {e}"));
        }
        Ok((trials, seed))
    }

    /// The curve run the inputs ask for.
    pub fn curve_job(&self) -> Result<WarsJob, String> {
        let spec = self.spec()?;
        let (trials, seed) = self.trials_seed()?;
        let job = WarsJob {
            spec,
            trials,
            seed,
            table: false,
            range: None,
        };
        job.validate()?;
        Ok(job)
    }

    /// The (R, W) table run: the same model with R = W = 1 (the table covers every pair), as
    /// many trials as the curve up to the memory cap for this N, and no k versions.
    pub fn table_job(&self) -> Result<WarsJob, String> {
        let mut spec = self.spec()?;
        spec.r = 1;
        spec.w = 1;
        spec.k = 1;
        let (trials, seed) = self.trials_seed()?;
        let n = u64::from(spec.n);
        let cap = MAX_TRIALS.min(MAX_VALUES / (n * n + 2 * n));
        Ok(WarsJob {
            spec,
            trials: trials.min(cap),
            seed,
            table: true,
            range: None,
        })
    }

    /// The trial to draw and the time after commit its read starts.
    pub fn trial_choice(&self) -> (u64, f64) {
        (
            whole(&self.trial, 0, PAGE_MAX_TRIALS - 1).unwrap_or(0),
            number(&self.trial_t, 0.0, 1e9).unwrap_or(0.0),
        )
    }
}

/// A whole number in lo..=hi.
pub fn whole(text: &str, lo: u64, hi: u64) -> Result<u64, String> {
    let t = text.trim().replace(['_', ','], "");
    if t.is_empty() {
        return Err("enter a whole number".into());
    }
    let v: u64 = t
        .parse()
        .ok()
        .or_else(|| {
            // 1e5 and the like, when whole.
            t.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0 && v.fract() == 0.0 && *v < 1.8e19)
                .map(|v| v as u64)
        })
        .ok_or_else(|| format!("“{}” is not a whole number", text.trim()))?;
    if v < lo || v > hi {
        return Err(format!("must be from {lo} to {hi} (got {v})"));
    }
    Ok(v)
}

/// A finite number in lo..=hi.
pub fn number(text: &str, lo: f64, hi: f64) -> Result<f64, String> {
    let t = text.trim().trim_end_matches('%').trim();
    let v: f64 = t
        .parse()
        .map_err(|_| format!("“{}” is not a number", text.trim()))?;
    if !v.is_finite() {
        return Err("must be a finite number".into());
    }
    if v < lo || v > hi {
        return Err(format!("must be from {lo} to {hi}"));
    }
    Ok(v)
}

fn positive(text: &str, hi: f64) -> Result<f64, String> {
    let v = number(text, f64::NEG_INFINITY.max(-1e300), hi)?;
    if v <= 0.0 {
        return Err("must be greater than 0".into());
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_make_jobs() {
        let s = State::default();
        assert!(s.curve_job().is_ok());
        let t = s.table_job().expect("valid");
        assert!(t.table && t.validate().is_ok());
        for f in [
            Field::N,
            Field::R,
            Field::W,
            Field::Trials,
            Field::Target,
            Field::Dcs,
        ] {
            assert_eq!(s.error(f), None, "{f:?}");
        }
    }

    #[test]
    fn bad_fields_get_messages_and_keep_the_last_valid_quorum() {
        let mut s = State::default();
        s.update(Event::Set(Field::R, "4".into()));
        assert!(s.error(Field::R).is_some_and(|e| e.contains("R must be")));
        assert_eq!(s.error(Field::W), None);
        assert_eq!(s.last_quorum, Quorum { n: 3, r: 1, w: 1 });
        assert!(s.curve_job().is_err());
        for (f, bad) in [
            (Field::Trials, "0"),
            (Field::Trials, "1000000000000"),
            (Field::Trials, "abc"),
            (Field::LambdaW, "NaN"),
            (Field::LambdaW, "-1"),
            (Field::Target, "100"),
            (Field::Dcs, "3+"),
            (Field::N, "1e999"),
            (Field::Seed, "-1"),
        ] {
            let mut s = State::default();
            s.update(Event::Preset(Preset::Exp));
            s.update(Event::Set(f, bad.into()));
            assert!(s.error(f).is_some(), "{f:?} = {bad}");
            if f != Field::Dcs {
                assert!(s.curve_job().is_err(), "{f:?} = {bad}");
            }
        }
        let mut s = State::default();
        s.update(Event::Set(Field::N, "5".into()));
        s.update(Event::Config("majority"));
        assert_eq!((s.r.as_str(), s.w.as_str()), ("3", "3"));
        assert_eq!(whole("1e5", 1, PAGE_MAX_TRIALS), Ok(100_000));
    }
}
