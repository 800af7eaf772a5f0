//! The skew page as a pure state machine: typed text kept verbatim, each field parsed on its own
//! (a bad value keeps its message beside it while the results stay on the last valid one), the
//! book's remedies as presets, and the run a valid state asks for.

use serde::{Deserialize, Serialize};

use crate::capacity::{CapSource, Capacity, ThrottleModel};
use crate::dist::{DistKind, DistSpec, MAX_KEYS, parse_hot_keys};
use crate::place::{MAX_PARTITIONS, MAX_TOKENS, Scheme, SchemeSpec};
use crate::run::{MAX_REQUESTS, MAX_SHARDS, SkewJob, Workload};

/// Time slots of the heat map.
pub const SLOTS: u32 = 40;

/// A text field, by its id suffix (`skew-<token>`) and query key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Theta,
    Keys,
    HotData,
    HotOps,
    HotKeys,
    Partitions,
    Vnodes,
    Composite,
    Writes,
    Shards,
    Cache,
    Load,
    ItemKb,
    TableRcu,
    TableWcu,
    Requests,
    Seed,
}

impl Field {
    pub const ALL: [Field; 17] = [
        Field::Theta,
        Field::Keys,
        Field::HotData,
        Field::HotOps,
        Field::HotKeys,
        Field::Partitions,
        Field::Vnodes,
        Field::Composite,
        Field::Writes,
        Field::Shards,
        Field::Cache,
        Field::Load,
        Field::ItemKb,
        Field::TableRcu,
        Field::TableWcu,
        Field::Requests,
        Field::Seed,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Field::Theta => "theta",
            Field::Keys => "keys",
            Field::HotData => "hotdata",
            Field::HotOps => "hotops",
            Field::HotKeys => "hotkeys",
            Field::Partitions => "parts",
            Field::Vnodes => "vnodes",
            Field::Composite => "composite",
            Field::Writes => "writes",
            Field::Shards => "shards",
            Field::Cache => "cache",
            Field::Load => "load",
            Field::ItemKb => "item",
            Field::TableRcu => "rcu",
            Field::TableWcu => "wcu",
            Field::Requests => "requests",
            Field::Seed => "seed",
        }
    }
}

/// The validated values the results use: each field's last valid value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Config {
    pub dist: DistSpec,
    pub workload: Workload,
    pub scheme: SchemeSpec,
    pub compare: Option<Scheme>,
    pub capacity: Capacity,
    /// Logical requests per second offered to the table.
    pub load: f64,
    pub requests: u64,
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            dist: DistSpec::default(),
            workload: Workload::default(),
            scheme: SchemeSpec {
                scheme: Scheme::Hash,
                partitions: 10,
                vnodes: 64,
                composite: None,
            },
            compare: Some(Scheme::Range),
            capacity: Capacity::default(),
            load: 20_000.0,
            requests: 200_000,
            seed: 1,
        }
    }
}

/// A count: digits with optional `,`/`_` separators, or `1e6`-style when it is whole.
pub fn parse_count(text: &str, what: &str, min: u64, max: u64) -> Result<u64, String> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '_' && *c != ' ')
        .collect();
    if t.is_empty() {
        return Err(format!("enter the {what}"));
    }
    if t.starts_with('-') {
        return Err(format!("the {what} cannot be negative"));
    }
    let value = match t.parse::<u64>() {
        Ok(v) => v,
        Err(_) => match t.parse::<f64>() {
            Ok(v) if v.is_nan() => return Err(format!("“{}” is not a number", text.trim())),
            Ok(v) if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v < 1.8e19 => v as u64,
            Ok(v) if v.is_finite() && v < 0.0 => {
                return Err(format!("the {what} cannot be negative"));
            }
            Ok(v) if v.is_finite() && v.fract() != 0.0 => {
                return Err(format!("the {what} must be a whole number"));
            }
            Ok(_) => return Err(format!("“{}” is too large for the {what}", text.trim())),
            Err(_) if t.starts_with('-') => return Err(format!("the {what} cannot be negative")),
            Err(_) => return Err(format!("“{}” is not a number", text.trim())),
        },
    };
    if value < min {
        return Err(format!("the {what} must be at least {min}"));
    }
    if value > max {
        return Err(format!("the {what} must be at most {}", group(max)));
    }
    Ok(value)
}

/// A real number in `[min, max]`, optionally with a `%` that divides it by 100 when `percent`.
pub fn parse_real(
    text: &str,
    what: &str,
    min: f64,
    max: f64,
    percent: bool,
) -> Result<f64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("enter the {what}"));
    }
    let (t, scale) = match t.strip_suffix('%') {
        Some(rest) if percent => (rest.trim(), 1.0),
        Some(_) => return Err(format!("the {what} takes no %")),
        None => (t, 1.0),
    };
    let v: f64 = t
        .replace([',', '_'], "")
        .parse()
        .map_err(|_| format!("“{}” is not a number", text.trim()))?;
    // "-0" is negative as typed: refused like any other sign below a minimum of 0.
    let v = if t.starts_with('-') && v == 0.0 {
        -f64::MIN_POSITIVE
    } else {
        v * scale
    };
    if !v.is_finite() {
        return Err(format!("the {what} must be a finite number"));
    }
    if v < min || v > max {
        let unit = if percent { "%" } else { "" };
        return Err(format!(
            "the {what} must be between {}{unit} and {}{unit}",
            trim_num(min),
            trim_num(max)
        ));
    }
    Ok(v)
}

fn trim_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        group(v as u64)
    } else {
        format!("{v}")
    }
}

/// `1234567` → "1,234,567".
pub fn group(v: u64) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The book's remedies and the classic skews, as starting points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Preset {
    Custom,
    Zipf,
    HotKey,
    HotRange,
    WriteSharding,
    Cache,
    Inserts,
    YcsbA,
    YcsbD,
}

impl Preset {
    pub const ALL: [Preset; 9] = [
        Preset::Custom,
        Preset::Zipf,
        Preset::HotKey,
        Preset::HotRange,
        Preset::WriteSharding,
        Preset::Cache,
        Preset::Inserts,
        Preset::YcsbA,
        Preset::YcsbD,
    ];

    pub fn token(self) -> &'static str {
        match self {
            Preset::Custom => "custom",
            Preset::Zipf => "zipf",
            Preset::HotKey => "hot-key",
            Preset::HotRange => "hot-range",
            Preset::WriteSharding => "write-sharding",
            Preset::Cache => "cache",
            Preset::Inserts => "inserts",
            Preset::YcsbA => "ycsb-a",
            Preset::YcsbD => "ycsb-d",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Preset::Custom => "Custom (edited)",
            Preset::Zipf => "Zipf 0.99: hash vs range",
            Preset::HotKey => "One hot key (a power customer)",
            Preset::HotRange => "Hot range (most emails start with A)",
            Preset::WriteSharding => "Remedy: write sharding, 100 suffixes",
            Preset::Cache => "Remedy: a cache in front of reads",
            Preset::Inserts => "Monotonic inserts (timestamps)",
            Preset::YcsbA => "YCSB workload A (scrambled Zipfian)",
            Preset::YcsbD => "YCSB workload D (latest, 5% inserts)",
        }
    }

    pub fn from_token(t: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.token() == t)
    }

    /// The preset's values.
    pub fn config(self) -> Config {
        let base = Config::default();
        let with = |kind: DistKind| DistSpec {
            kind,
            ..DistSpec::default()
        };
        match self {
            Preset::Custom | Preset::Zipf => base,
            Preset::HotKey => Config {
                dist: DistSpec {
                    hot_keys: vec![(42, 0.2)],
                    ..with(DistKind::HotKeys)
                },
                compare: Some(Scheme::Consistent),
                ..base
            },
            Preset::HotRange => Config {
                dist: DistSpec {
                    hot_data: 0.04,
                    hot_ops: 0.6,
                    ..with(DistKind::Hotspot)
                },
                scheme: SchemeSpec {
                    scheme: Scheme::Range,
                    partitions: 4,
                    ..base.scheme.clone()
                },
                compare: Some(Scheme::Hash),
                load: 10_000.0,
                ..base
            },
            Preset::WriteSharding => Config {
                dist: DistSpec {
                    hot_keys: vec![(42, 0.2)],
                    ..with(DistKind::HotKeys)
                },
                workload: Workload {
                    write_fraction: 0.5,
                    shards: 100,
                    ..Workload::default()
                },
                compare: None,
                requests: 200_000,
                ..base
            },
            Preset::Cache => Config {
                workload: Workload {
                    write_fraction: 0.05,
                    cache_items: 1_000,
                    ..Workload::default()
                },
                ..base
            },
            Preset::Inserts => Config {
                dist: with(DistKind::Sequential),
                workload: Workload {
                    write_fraction: 1.0,
                    ..Workload::default()
                },
                scheme: SchemeSpec {
                    scheme: Scheme::Range,
                    ..base.scheme.clone()
                },
                compare: Some(Scheme::Hash),
                load: 5_000.0,
                ..base
            },
            Preset::YcsbA => Config {
                dist: with(DistKind::YcsbScrambled),
                workload: Workload {
                    write_fraction: 0.5,
                    ..Workload::default()
                },
                ..base
            },
            Preset::YcsbD => Config {
                dist: with(DistKind::Latest),
                workload: Workload {
                    write_fraction: 0.05,
                    ..Workload::default()
                },
                scheme: SchemeSpec {
                    scheme: Scheme::Range,
                    ..base.scheme.clone()
                },
                compare: Some(Scheme::Hash),
                ..base
            },
        }
    }
}

impl std::fmt::Display for Preset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.token())
    }
}

impl std::str::FromStr for Preset {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Preset::from_token(s).ok_or_else(|| format!("no such preset “{s}”"))
    }
}

/// Everything the user typed and chose.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub preset: Preset,
    pub dist: DistKind,
    pub scattered: bool,
    pub scheme: Scheme,
    pub compare: Option<Scheme>,
    pub model: ThrottleModel,
    pub caps: CapSource,
    pub burst: bool,
    /// The text of each field, in [`Field::ALL`] order.
    pub texts: Vec<String>,
    last: Config,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    Text(Field, String),
    Preset(Preset),
    Dist(DistKind),
    Scattered(bool),
    Scheme(Scheme),
    Compare(Option<Scheme>),
    Model(ThrottleModel),
    Caps(CapSource),
    Burst(bool),
    Reset,
}

/// `1.0` → "1", `0.2` → "0.2".
fn num(v: f64) -> String {
    format!("{v}")
}

impl State {
    pub fn from_config(preset: Preset, c: &Config) -> State {
        let texts = Field::ALL
            .iter()
            .map(|f| match f {
                Field::Theta => num(c.dist.theta),
                Field::Keys => c.dist.keys.to_string(),
                Field::HotData => num(c.dist.hot_data * 100.0),
                Field::HotOps => num(c.dist.hot_ops * 100.0),
                Field::HotKeys => c
                    .dist
                    .hot_keys
                    .iter()
                    .map(|(k, s)| format!("{k}:{}", num(*s)))
                    .collect::<Vec<_>>()
                    .join(", "),
                Field::Partitions => c.scheme.partitions.to_string(),
                Field::Vnodes => c.scheme.vnodes.to_string(),
                Field::Composite => c
                    .scheme
                    .composite
                    .map_or_else(|| "none".into(), |v| v.to_string()),
                Field::Writes => num(c.workload.write_fraction * 100.0),
                Field::Shards => c.workload.shards.to_string(),
                Field::Cache => c.workload.cache_items.to_string(),
                Field::Load => num(c.load),
                Field::ItemKb => num(c.capacity.item_kb),
                Field::TableRcu => num(c.capacity.table_rcu),
                Field::TableWcu => num(c.capacity.table_wcu),
                Field::Requests => c.requests.to_string(),
                Field::Seed => c.seed.to_string(),
            })
            .collect();
        State {
            preset,
            dist: c.dist.kind,
            scattered: c.dist.scattered,
            scheme: c.scheme.scheme,
            compare: c.compare,
            model: c.capacity.model,
            caps: c.capacity.source,
            burst: c.capacity.burst,
            texts,
            last: c.clone(),
        }
    }

    pub fn text(&self, f: Field) -> &str {
        Field::ALL
            .iter()
            .position(|x| *x == f)
            .and_then(|i| self.texts.get(i))
            .map_or("", String::as_str)
    }

    /// Parses field `f`'s text against the other fields' last valid values, and applies it to `c`.
    fn apply(f: Field, text: &str, c: &mut Config) -> Result<(), String> {
        match f {
            Field::Theta => c.dist.theta = parse_real(text, "θ", 0.0, 10.0, false)?,
            Field::Keys => c.dist.keys = parse_count(text, "number of keys", 1, MAX_KEYS)?,
            Field::HotData => {
                c.dist.hot_data = parse_real(text, "hot data fraction", 0.0, 100.0, true)? / 100.0
            }
            Field::HotOps => {
                c.dist.hot_ops =
                    parse_real(text, "hot operation fraction", 0.0, 100.0, true)? / 100.0
            }
            Field::HotKeys => c.dist.hot_keys = parse_hot_keys(text, c.dist.keys)?,
            Field::Partitions => {
                c.scheme.partitions =
                    parse_count(text, "number of partitions", 1, u64::from(MAX_PARTITIONS))? as u32
            }
            Field::Vnodes => {
                let max = (MAX_TOKENS / u64::from(c.scheme.partitions.max(1))).max(1);
                c.scheme.vnodes = parse_count(text, "tokens per partition", 1, max)? as u32;
            }
            Field::Composite => {
                c.scheme.composite = if text.trim().eq_ignore_ascii_case("none") {
                    None
                } else {
                    Some(parse_count(
                        text,
                        "partition-key cardinality (or “none”)",
                        1,
                        MAX_KEYS,
                    )?)
                }
            }
            Field::Writes => {
                c.workload.write_fraction =
                    parse_real(text, "write share", 0.0, 100.0, true)? / 100.0
            }
            Field::Shards => {
                c.workload.shards =
                    parse_count(text, "number of suffixes", 1, u64::from(MAX_SHARDS))? as u32
            }
            Field::Cache => c.workload.cache_items = parse_count(text, "cache size", 0, 1 << 20)?,
            Field::Load => c.load = parse_real(text, "offered load", 1.0, 1e9, false)?,
            Field::ItemKb => {
                c.capacity.item_kb = parse_real(text, "item size", 0.001, 400.0, false)?
            }
            Field::TableRcu => {
                c.capacity.table_rcu = parse_real(text, "table RCU", 1.0, 1e9, false)?
            }
            Field::TableWcu => {
                c.capacity.table_wcu = parse_real(text, "table WCU", 1.0, 1e9, false)?
            }
            Field::Requests => {
                c.requests = parse_count(text, "number of requests", 1_000, MAX_REQUESTS)?
            }
            Field::Seed => c.seed = parse_count(text, "seed", 0, u64::MAX)?,
        }
        Ok(())
    }

    /// The message for field `f`, if its text is not valid.
    pub fn error(&self, f: Field) -> Option<String> {
        let mut c = self.last.clone();
        let error = Self::apply(f, self.text(f), &mut c).err();
        error.or_else(|| match f {
            // Cross-field: checked against the other fields' last valid values.
            Field::HotKeys if self.dist == DistKind::HotKeys => None,
            Field::Vnodes
                if u64::from(c.scheme.vnodes) * u64::from(c.scheme.partitions) > MAX_TOKENS =>
            {
                Some(format!(
                    "partitions × tokens must be at most {}",
                    group(MAX_TOKENS)
                ))
            }
            _ => None,
        })
    }

    /// Whether any field holds text the results do not use.
    pub fn stale(&self) -> bool {
        Field::ALL.iter().any(|&f| self.error(f).is_some())
    }

    pub fn update(&mut self, event: Event) {
        match event {
            Event::Text(f, text) => {
                let mut c = self.last.clone();
                if Self::apply(f, &text, &mut c).is_ok() {
                    self.last = c;
                }
                if let Some(i) = Field::ALL.iter().position(|x| *x == f) {
                    self.texts[i] = text;
                }
                self.preset = Preset::Custom;
            }
            Event::Preset(p) => {
                if p != Preset::Custom {
                    *self = State::from_config(p, &p.config());
                }
            }
            Event::Dist(d) => {
                self.dist = d;
                self.last.dist.kind = d;
                self.preset = Preset::Custom;
            }
            Event::Scattered(s) => {
                self.scattered = s;
                self.last.dist.scattered = s;
                self.preset = Preset::Custom;
            }
            Event::Scheme(s) => {
                self.scheme = s;
                self.last.scheme.scheme = s;
                self.preset = Preset::Custom;
            }
            Event::Compare(s) => {
                self.compare = s;
                self.last.compare = s;
                self.preset = Preset::Custom;
            }
            Event::Model(m) => {
                self.model = m;
                self.last.capacity.model = m;
            }
            Event::Caps(c) => {
                self.caps = c;
                self.last.capacity.source = c;
            }
            Event::Burst(b) => {
                self.burst = b;
                self.last.capacity.burst = b;
            }
            Event::Reset => *self = State::default(),
        }
    }

    /// The last valid values.
    pub fn config(&self) -> &Config {
        &self.last
    }

    /// The run the inputs ask for, or why there is none (a field holds junk, or the values do
    /// not fit together).
    pub fn job(&self) -> Result<SkewJob, String> {
        if let Some(f) = Field::ALL.iter().find(|&&f| self.error(f).is_some()) {
            return Err(format!("the {} field needs a valid value", f.key()));
        }
        let c = &self.last;
        let mut dist = c.dist.clone();
        if dist.kind == DistKind::HotKeys {
            dist.hot_keys = parse_hot_keys(self.text(Field::HotKeys), dist.keys)?;
        }
        let mut schemes = vec![c.scheme.clone()];
        if let Some(other) = c.compare.filter(|&s| s != c.scheme.scheme) {
            schemes.push(SchemeSpec {
                scheme: other,
                ..c.scheme.clone()
            });
        }
        let job = SkewJob {
            dist,
            workload: c.workload.clone(),
            schemes,
            requests: c.requests,
            seed: c.seed,
            slots: SLOTS,
        };
        crate::run::validate(&job)?;
        crate::dist::Sampler::new(&job.dist)?;
        Ok(job)
    }
}

impl Default for State {
    fn default() -> Self {
        State::from_config(Preset::Zipf, &Preset::Zipf.config())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_reals_parse_with_clear_messages() {
        assert_eq!(parse_count("1,000,000", "keys", 1, MAX_KEYS), Ok(1_000_000));
        assert_eq!(parse_count("1e6", "keys", 1, MAX_KEYS), Ok(1_000_000));
        assert!(
            parse_count("1e12", "keys", 1, MAX_KEYS)
                .expect_err("too many")
                .contains("at most 10,000,000,000")
        );
        assert!(
            parse_count("0", "partitions", 1, 1024)
                .expect_err("zero")
                .contains("at least 1")
        );
        assert!(
            parse_count("-5", "keys", 1, 9)
                .expect_err("negative")
                .contains("negative")
        );
        assert!(
            parse_count("abc", "keys", 1, 9)
                .expect_err("junk")
                .contains("not a number")
        );
        assert!(parse_count("", "keys", 1, 9).is_err());
        assert!(parse_count("1e999", "keys", 1, 9).is_err());
        assert!(
            parse_count("NaN", "keys", 1, 9)
                .expect_err("NaN")
                .contains("not a number")
        );
        assert!(
            parse_count("2.5", "keys", 1, 9)
                .expect_err("fraction")
                .contains("whole")
        );
        assert_eq!(parse_real("20%", "writes", 0.0, 100.0, true), Ok(20.0));
        assert!(
            parse_real("-0.5", "θ", 0.0, 10.0, false)
                .expect_err("negative")
                .contains("between 0 and 10")
        );
        assert!(parse_real("NaN", "θ", 0.0, 10.0, false).is_err());
        assert!(parse_real("-0", "θ", 0.0, 10.0, false).is_err());
        assert!(parse_count("-0", "keys", 0, 9).is_err());
        assert!(parse_real("1e999", "θ", 0.0, 10.0, false).is_err());
    }

    #[test]
    fn junk_keeps_its_text_and_the_last_valid_value() {
        let mut s = State::default();
        s.update(Event::Text(Field::Theta, "-1".into()));
        assert_eq!(s.text(Field::Theta), "-1");
        assert!(s.error(Field::Theta).is_some());
        assert_eq!(s.config().dist.theta, 0.99);
        assert!(s.stale());
        assert!(s.job().is_err());
        s.update(Event::Text(Field::Theta, "1.2".into()));
        assert_eq!(s.config().dist.theta, 1.2);
        assert!(!s.stale());
        assert!(s.job().is_ok());
        assert_eq!(s.preset, Preset::Custom);
    }

    #[test]
    fn the_issues_bad_inputs_are_refused() {
        // Issue 11, "Bar": θ < 0, 0 partitions, 10¹² keys, hot-key shares over 1.
        let mut s = State::default();
        for (f, t) in [
            (Field::Theta, "-0.1"),
            (Field::Partitions, "0"),
            (Field::Keys, "1000000000000"),
        ] {
            s.update(Event::Text(f, t.into()));
            assert!(s.error(f).is_some(), "{f:?}");
        }
        let mut h = State::from_config(Preset::HotKey, &Preset::HotKey.config());
        h.update(Event::Text(Field::HotKeys, "1:0.6, 2:0.6".into()));
        assert!(
            h.error(Field::HotKeys)
                .expect("over 1")
                .contains("more than 1")
        );
        assert!(h.job().is_err());
    }

    #[test]
    fn every_preset_is_a_valid_run_and_survives_its_own_texts() {
        for p in Preset::ALL {
            let s = State::from_config(p, &p.config());
            assert!(
                !s.stale(),
                "{p:?}: {:?}",
                Field::ALL.iter().map(|&f| s.error(f)).collect::<Vec<_>>()
            );
            let job = s.job().expect("valid");
            assert!(job.start().is_ok(), "{p:?}");
            // Re-typing every shown value changes nothing.
            let mut t = s.clone();
            for f in Field::ALL {
                t.update(Event::Text(f, s.text(f).to_string()));
            }
            assert_eq!(t.config(), s.config(), "{p:?}");
            assert_eq!(Preset::from_token(p.token()), Some(p));
        }
    }

    #[test]
    fn ycsb_zipfian_refuses_theta_one_at_run_time() {
        let mut s = State::default();
        s.update(Event::Dist(DistKind::YcsbZipfian));
        s.update(Event::Text(Field::Theta, "1".into()));
        assert!(s.job().expect_err("θ = 1").contains("0 < θ < 1"));
    }

    use sdlab_sim::Job;
}
