//! The animator page as a pure state machine: what the user typed and chose, the operation log
//! (the permalink) with undo and redo, the timeline cursor (operation, step), play/pause and
//! speed. [`State::view`] derives everything the page draws: the step on screen with its
//! narration and pseudo-code line, the tree laid out (or summarised past 200 nodes), the
//! invariants after each step, the statistics and the timeline's marks.

use std::rc::Rc;

use sdlab_sim::history::History;

use crate::check::{Violation, check_step};
use crate::jobs::{CompareJob, check_keys};
use crate::keys::{Key, Workload};
use crate::layout::{DRAW_LIMIT, Drawing, layout};
use crate::ops::{Cmd, Op, expand, parse_cmds};
use crate::stats::{PageLayout, Shape, height_bounds, shape};
use crate::timeline::{OpSummary, Timeline};
use crate::trace::{Algorithm, Step, StepKind, pseudocode};
use crate::tree::{Borrow, Config, MAX_ORDER, Split};

/// The most operations a log keeps (the timeline's bar: 1,000 and more).
pub const MAX_OPS: usize = 2_000;
/// The most keys a typed order may give a node (page sizes give more).
pub const MAX_TYPED_ORDER: u32 = 1_024;

/// How the order is chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sizing {
    /// Typed: 3 to 1,024 children.
    Order,
    /// Derived from an 8 KiB page (PostgreSQL's).
    Page8k,
    /// Derived from a 16 KiB page (InnoDB's).
    Page16k,
}

/// The indexed column's type, for page-size derivation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyType {
    Int,
    Bigint,
    Uuid,
}

macro_rules! tokens {
    ($t:ty, $err:literal, $($v:path => $s:literal),+) => {
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(match self { $($v => $s),+ })
            }
        }
        impl std::str::FromStr for $t {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s { $($s => Ok($v),)+ _ => Err($err.into()) }
            }
        }
    };
}

tokens!(Sizing, "use order, 8k or 16k", Sizing::Order => "order", Sizing::Page8k => "8k", Sizing::Page16k => "16k");
tokens!(KeyType, "use int, bigint or uuid", KeyType::Int => "int", KeyType::Bigint => "bigint", KeyType::Uuid => "uuid");

impl KeyType {
    pub fn bytes(self) -> u32 {
        match self {
            KeyType::Int => 4,
            KeyType::Bigint => 8,
            KeyType::Uuid => 16,
        }
    }
}

/// The two orders a comparison sets side by side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pair {
    RandomSorted,
    Uuid4Uuid7,
    RandomReverse,
}

tokens!(Pair, "use random-sorted, uuid4-uuid7 or random-reverse",
    Pair::RandomSorted => "random-sorted", Pair::Uuid4Uuid7 => "uuid4-uuid7", Pair::RandomReverse => "random-reverse");

impl Pair {
    pub fn orders(self) -> Vec<Workload> {
        match self {
            Pair::RandomSorted => vec![Workload::Random, Workload::Sorted],
            Pair::Uuid4Uuid7 => vec![Workload::Uuid4, Workload::Uuid7],
            Pair::RandomReverse => vec![Workload::Random, Workload::Reverse],
        }
    }
}

/// Steps per second of playback.
pub const SPEEDS: [u32; 5] = [1, 2, 4, 8, 16];

/// The fields that can carry a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Key,
    List,
    Range,
    Count,
    Seed,
    Fill,
    CmpKeys,
    CmpSeed,
}

/// The log, shared between clones of the state (it is compared by its operations).
#[derive(Clone, Debug)]
pub struct Shared(pub Rc<Timeline>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0) || *self.0 == *other.0
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub order_text: String,
    pub sizing: Sizing,
    pub key_type: KeyType,
    pub split: Split,
    pub borrow: Borrow,
    pub key_text: String,
    pub list_text: String,
    pub range_text: String,
    pub workload: Workload,
    pub count_text: String,
    pub seed_text: String,
    pub fill_text: String,
    pub cmp_keys_text: String,
    pub cmp_pair: Pair,
    pub cmp_seed_text: String,
    /// The operation on screen and its step.
    pub cursor: (usize, usize),
    pub playing: bool,
    pub speed: u32,
    /// What the last action said (a refused edit, skipped junk).
    pub message: Option<String>,
    cmds: Vec<Cmd>,
    history: History<Vec<Cmd>>,
    config: Config,
    timeline: Shared,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    SetOrder(String),
    SetSizing(Sizing),
    SetKeyType(KeyType),
    SetSplit(Split),
    SetBorrow(Borrow),
    SetKey(String),
    Insert,
    Delete,
    Search,
    SetRange(String),
    Range,
    SetList(String),
    InsertList,
    SetGen(Workload),
    SetCount(String),
    SetSeed(String),
    Generate,
    SetFill(String),
    Rebuild,
    Clear,
    Undo,
    Redo,
    Play,
    Pause,
    TogglePlay,
    Forward,
    Back,
    /// The playback timer: one step forward, stopping at the end.
    Tick,
    /// Jump to the first step of an operation.
    Scrub(usize),
    SetSpeed(u32),
    First,
    Last,
    SetCmpKeys(String),
    SetCmpPair(Pair),
    SetCmpSeed(String),
    Reset,
}

/// The default: a small order-3 tree mid-way through its splits.
pub const DEFAULT_OPS: &str = "i:10,i:20,i:30,i:40,i:50,i:60,i:70,i:80,i:90,d:10,s:60,r:25..75";

impl Default for State {
    fn default() -> Self {
        let cmds = parse_cmds(DEFAULT_OPS).unwrap_or_default();
        State::new(
            "3",
            Sizing::Order,
            KeyType::Bigint,
            Split::Even,
            Borrow::LeftFirst,
            cmds,
        )
    }
}

/// The order and leaf capacity the settings give, or why not.
pub fn derive_config(
    order_text: &str,
    sizing: Sizing,
    key_type: KeyType,
    split: Split,
    borrow: Borrow,
) -> Result<(Config, String), String> {
    let (order, leaf_cap, how) = match sizing {
        Sizing::Order => {
            let t = order_text.trim();
            let d: u32 = t.parse().map_err(|_| {
                let shown: String = t.chars().take(20).collect();
                format!("“{shown}” is not a whole number: the order is 3 to {MAX_TYPED_ORDER} children per node")
            })?;
            if !(3..=MAX_TYPED_ORDER).contains(&d) {
                return Err(format!(
                    "the order must be 3 to {MAX_TYPED_ORDER} children per node, not {d}"
                ));
            }
            (
                d,
                d - 1,
                format!(
                    "order {d}: internal nodes hold 1 to {} keys, leaves up to {}",
                    d - 1,
                    d - 1
                ),
            )
        }
        Sizing::Page8k | Sizing::Page16k => {
            let page = if sizing == Sizing::Page8k {
                8_192
            } else {
                16_384
            };
            let p = PageLayout::new(page, key_type.bytes());
            let (d, l) = p.derive()?;
            (
                d.min(MAX_ORDER),
                l.min(MAX_ORDER),
                format!(
                    "{} KiB pages, {}-byte keys, 8-byte pointers and row ids: order d = ⌊(B + K) / (K + P)⌋ = {d}, leaves L = ⌊(B − S) / (K + V)⌋ = {l}",
                    page / 1024,
                    key_type.bytes()
                ),
            )
        }
    };
    let config = Config {
        order,
        leaf_cap,
        split,
        borrow,
    };
    config.validate()?;
    Ok((config, how))
}

fn parse_u32(text: &str, what: &str, lo: u32, hi: u32) -> Result<u32, String> {
    let t = text.trim();
    let n: u64 = t.parse().map_err(|_| {
        let shown: String = t.chars().take(20).collect();
        format!("“{shown}” is not a whole number")
    })?;
    if n < u64::from(lo) || n > u64::from(hi) {
        return Err(format!("{what} must be {lo} to {hi}, not {n}"));
    }
    Ok(n as u32)
}

pub fn parse_seed(text: &str) -> Result<u64, String> {
    let t = text.trim();
    t.parse::<u64>().map_err(|_| {
        let shown: String = t.chars().take(20).collect();
        format!("“{shown}” is not a seed: use a whole number from 0")
    })
}

pub fn parse_range(text: &str) -> Result<(Key, Key), String> {
    let (a, b) = text
        .split_once("..")
        .or_else(|| text.split_once('-'))
        .ok_or_else(|| "write a range as 20..60".to_string())?;
    let (a, b) = (a.parse::<Key>()?, b.parse::<Key>()?);
    if a > b {
        return Err(format!("the range starts after it ends ({a} > {b})"));
    }
    Ok((a, b))
}

/// A pasted list: the keys, and the junk that was skipped.
pub fn parse_list(text: &str) -> (Vec<Key>, Vec<String>) {
    let mut keys = Vec::new();
    let mut junk = Vec::new();
    for t in text
        .split([',', ' ', '\n', '\t', ';'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        match t.parse::<Key>() {
            Ok(k) => keys.push(k),
            Err(_) => junk.push(t.chars().take(20).collect()),
        }
    }
    (keys, junk)
}

impl State {
    pub fn new(
        order_text: &str,
        sizing: Sizing,
        key_type: KeyType,
        split: Split,
        borrow: Borrow,
        cmds: Vec<Cmd>,
    ) -> Self {
        let config = derive_config(order_text, sizing, key_type, split, borrow)
            .map(|(c, _)| c)
            .or_else(|_| derive_config("3", Sizing::Order, key_type, split, borrow).map(|(c, _)| c))
            .unwrap_or(Config {
                order: 3,
                leaf_cap: 2,
                split,
                borrow,
            });
        let mut s = State {
            order_text: order_text.to_string(),
            sizing,
            key_type,
            split,
            borrow,
            key_text: "35".into(),
            list_text: "12, 9, 23, 5, 2, 7, 38, 39, 40, 45".into(),
            range_text: "20..60".into(),
            workload: Workload::Random,
            count_text: "30".into(),
            seed_text: "1".into(),
            fill_text: "100".into(),
            cmp_keys_text: "100000".into(),
            cmp_pair: Pair::RandomSorted,
            cmp_seed_text: "1".into(),
            cursor: (0, 0),
            playing: false,
            speed: 2,
            message: None,
            cmds: Vec::new(),
            history: History::new(200),
            config,
            timeline: Shared(Rc::new(Timeline::new(config))),
        };
        s.set_cmds(cmds);
        s.go_to_end();
        s
    }

    pub fn cmds(&self) -> &[Cmd] {
        &self.cmds
    }

    pub fn timeline(&self) -> &Timeline {
        &self.timeline.0
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Adopts `cmds` (as many as fit in [`MAX_OPS`]), rebuilding the timeline.
    fn set_cmds(&mut self, cmds: Vec<Cmd>) {
        let ops = expand(&cmds, MAX_OPS).unwrap_or_default();
        let mut t = Timeline::new(self.config);
        t.extend(ops);
        self.cmds = cmds;
        self.timeline = Shared(Rc::new(t));
    }

    fn go_to_end(&mut self) {
        let t = self.timeline();
        self.cursor = match t.summaries().last() {
            Some(s) => (t.len() - 1, s.steps - 1),
            None => (0, 0),
        };
        self.playing = false;
    }

    fn steps_of(&self, op: usize) -> usize {
        self.timeline().summaries().get(op).map_or(1, |s| s.steps)
    }

    /// Appends commands to the log (one undo step); refuses what would pass [`MAX_OPS`].
    fn append(&mut self, new: Vec<Cmd>, animate: bool) {
        let Ok(ops) = expand(&new, MAX_OPS) else {
            return;
        };
        let room = MAX_OPS - self.timeline().len();
        if ops.len() > room {
            self.message = Some(format!(
                "That adds {} operations; the log keeps at most {MAX_OPS} and has room for {room}. Clear it, or use the comparison below for large runs.",
                ops.len()
            ));
            return;
        }
        let first_new = self.timeline().len();
        let mut cmds = self.cmds.clone();
        cmds.extend(new);
        let mut current = self.cmds.clone();
        let _ = self.history.apply(&mut current, |c| {
            *c = cmds.clone();
            Ok(())
        });
        self.cmds = cmds;
        let mut t = (*self.timeline.0).clone();
        t.extend(ops);
        self.timeline = Shared(Rc::new(t));
        self.message = None;
        if animate {
            self.cursor = (first_new, 0);
            self.playing = true;
        } else {
            self.go_to_end();
        }
    }

    fn rebuild_config(&mut self) {
        match derive_config(
            &self.order_text,
            self.sizing,
            self.key_type,
            self.split,
            self.borrow,
        ) {
            Ok((config, _)) if config != self.config => {
                self.config = config;
                let cmds = std::mem::take(&mut self.cmds);
                self.set_cmds(cmds);
                self.go_to_end();
            }
            _ => {}
        }
    }

    fn key(&self) -> Option<Key> {
        self.key_text.parse().ok()
    }

    pub fn update(&mut self, event: Event) {
        match event {
            Event::SetOrder(t) => {
                self.order_text = t;
                // A valid typed order is the order: it leaves page-size mode.
                if derive_config(
                    &self.order_text,
                    Sizing::Order,
                    self.key_type,
                    self.split,
                    self.borrow,
                )
                .is_ok()
                {
                    self.sizing = Sizing::Order;
                }
                self.rebuild_config();
            }
            Event::SetSizing(s) => {
                self.sizing = s;
                self.rebuild_config();
            }
            Event::SetKeyType(k) => {
                self.key_type = k;
                self.rebuild_config();
            }
            Event::SetSplit(s) => {
                self.split = s;
                self.rebuild_config();
            }
            Event::SetBorrow(b) => {
                self.borrow = b;
                self.rebuild_config();
            }
            Event::SetKey(t) => self.key_text = t,
            Event::Insert | Event::Delete | Event::Search => {
                if let Some(k) = self.key() {
                    let op = match event {
                        Event::Insert => Op::Insert(k),
                        Event::Delete => Op::Delete(k),
                        _ => Op::Search(k),
                    };
                    self.append(vec![Cmd::Op(op)], true);
                }
            }
            Event::SetRange(t) => self.range_text = t,
            Event::Range => {
                if let Ok((a, b)) = parse_range(&self.range_text) {
                    self.append(vec![Cmd::Op(Op::Range(a, b))], true);
                }
            }
            Event::SetList(t) => self.list_text = t,
            Event::InsertList => {
                let (keys, junk) = parse_list(&self.list_text);
                let mut seen = std::collections::BTreeSet::new();
                let mut dups = Vec::new();
                let mut cmds = Vec::new();
                for k in keys {
                    if seen.insert(k) {
                        cmds.push(Cmd::Op(Op::Insert(k)));
                    } else {
                        dups.push(k.to_string());
                    }
                }
                if !cmds.is_empty() {
                    self.append(cmds, false);
                }
                if self.message.is_none() && (!junk.is_empty() || !dups.is_empty()) {
                    let mut parts = Vec::new();
                    if !junk.is_empty() {
                        parts.push(format!(
                            "skipped {} entr{} that are not keys: {}",
                            junk.len(),
                            if junk.len() == 1 { "y" } else { "ies" },
                            junk.join(", ")
                        ));
                    }
                    if !dups.is_empty() {
                        parts.push(format!("skipped repeats in the list: {}", dups.join(", ")));
                    }
                    self.message = Some(format!("Inserted the list; {}.", parts.join("; ")));
                }
            }
            Event::SetGen(w) => self.workload = w,
            Event::SetCount(t) => self.count_text = t,
            Event::SetSeed(t) => self.seed_text = t,
            Event::Generate => {
                if let (Ok(n), Ok(seed)) = (
                    parse_u32(&self.count_text, "the number of keys", 1, MAX_OPS as u32),
                    parse_seed(&self.seed_text),
                ) {
                    self.append(
                        vec![Cmd::Gen {
                            workload: self.workload,
                            n,
                            seed,
                        }],
                        false,
                    );
                }
            }
            Event::SetFill(t) => self.fill_text = t,
            Event::Rebuild => {
                if let Ok(p) = parse_u32(&self.fill_text, "the fill factor", 1, 100) {
                    self.append(vec![Cmd::Op(Op::Rebuild(p))], true);
                }
            }
            Event::Clear => {
                let mut current = self.cmds.clone();
                let _ = self.history.apply(&mut current, |c| {
                    c.clear();
                    Ok(())
                });
                self.set_cmds(Vec::new());
                self.go_to_end();
                self.message = None;
            }
            Event::Undo | Event::Redo => {
                let mut cmds = self.cmds.clone();
                let moved = if event == Event::Undo {
                    self.history.undo(&mut cmds)
                } else {
                    self.history.redo(&mut cmds)
                };
                if moved {
                    self.set_cmds(cmds);
                    self.go_to_end();
                    self.message = None;
                }
            }
            Event::Play => {
                if self.at_end() {
                    self.cursor = (0, 0);
                }
                self.playing = !self.timeline().is_empty();
            }
            Event::Pause => self.playing = false,
            Event::TogglePlay => {
                if self.playing {
                    self.playing = false;
                } else {
                    self.update(Event::Play);
                }
            }
            Event::Forward => {
                self.playing = false;
                self.forward();
            }
            Event::Tick => {
                if self.playing && !self.forward() {
                    self.playing = false;
                }
            }
            Event::Back => {
                self.playing = false;
                let (op, step) = self.cursor;
                if step > 0 {
                    self.cursor = (op, step - 1);
                } else if op > 0 {
                    self.cursor = (op - 1, self.steps_of(op - 1) - 1);
                }
            }
            Event::Scrub(op) => {
                let len = self.timeline().len();
                if len > 0 {
                    let op = op.min(len - 1);
                    self.cursor = (op, self.steps_of(op) - 1);
                }
                self.playing = false;
            }
            Event::First => {
                self.cursor = (0, 0);
                self.playing = false;
            }
            Event::Last => self.go_to_end(),
            Event::SetSpeed(s) => {
                if SPEEDS.contains(&s) {
                    self.speed = s;
                }
            }
            Event::SetCmpKeys(t) => self.cmp_keys_text = t,
            Event::SetCmpPair(p) => self.cmp_pair = p,
            Event::SetCmpSeed(t) => self.cmp_seed_text = t,
            Event::Reset => *self = State::default(),
        }
    }

    fn at_end(&self) -> bool {
        let len = self.timeline().len();
        len == 0 || (self.cursor.0 + 1 >= len && self.cursor.1 + 1 >= self.steps_of(self.cursor.0))
    }

    /// One step forward; false at the end.
    fn forward(&mut self) -> bool {
        if self.at_end() {
            return false;
        }
        let (op, step) = self.cursor;
        self.cursor = if step + 1 < self.steps_of(op) {
            (op, step + 1)
        } else {
            (op + 1, 0)
        };
        true
    }

    /// Places the cursor where a link says (clamped to the log).
    pub fn set_cursor(&mut self, op: usize, step: usize) {
        let len = self.timeline().len();
        if len == 0 {
            self.cursor = (0, 0);
            return;
        }
        let op = op.min(len - 1);
        self.cursor = (op, step.min(self.steps_of(op) - 1));
    }

    /// The comparison the settings describe, or why not.
    pub fn compare_job(&self) -> Result<CompareJob, String> {
        let keys = self
            .cmp_keys_text
            .trim()
            .replace([',', '_'], "")
            .parse::<u64>()
            .map_err(|_| "the number of keys is a whole number, 1 to 1,000,000".to_string())
            .and_then(check_keys)?;
        let seed = parse_seed(&self.cmp_seed_text)?;
        // A typed order's page: d − 1 bigint keys and d 8-byte pointers.
        let page_bytes = match self.sizing {
            Sizing::Page16k => 16_384,
            Sizing::Page8k => 8_192,
            Sizing::Order => 16 * self.config.order - 8,
        };
        Ok(CompareJob {
            config: self.config,
            keys,
            seed,
            orders: self.cmp_pair.orders(),
            page_bytes,
        })
    }

    pub fn error(&self, field: Field) -> Option<String> {
        let nonempty = |t: &str, what: &str| {
            if t.trim().is_empty() {
                Err(format!("{what} is missing"))
            } else {
                Ok(())
            }
        };
        match field {
            Field::Key => self.key_text.parse::<Key>().err(),
            Field::List => {
                let (keys, junk) = parse_list(&self.list_text);
                if keys.is_empty() {
                    Some("no key in the list: separate whole numbers with commas or spaces".into())
                } else if !junk.is_empty() {
                    Some(format!("not keys, will be skipped: {}", junk.join(", ")))
                } else if keys.len() > MAX_OPS {
                    Some(format!(
                        "{} keys: the log keeps at most {MAX_OPS} operations",
                        keys.len()
                    ))
                } else {
                    None
                }
            }
            Field::Range => parse_range(&self.range_text).err(),
            Field::Count => {
                parse_u32(&self.count_text, "the number of keys", 1, MAX_OPS as u32).err()
            }
            Field::Seed => parse_seed(&self.seed_text).err(),
            Field::Fill => parse_u32(
                self.fill_text.trim_end_matches('%'),
                "the fill factor (%)",
                1,
                100,
            )
            .err(),
            Field::CmpKeys => nonempty(&self.cmp_keys_text, "the number of keys")
                .err()
                .or_else(|| self.compare_job().err().filter(|e| e.contains("key"))),
            Field::CmpSeed => parse_seed(&self.cmp_seed_text).err(),
        }
    }

    pub fn view(&self) -> View {
        let t = self.timeline();
        let derived = derive_config(
            &self.order_text,
            self.sizing,
            self.key_type,
            self.split,
            self.borrow,
        );
        let (order_error, sizing_text) = match &derived {
            Ok((_, how)) => (None, how.clone()),
            Err(e) => (
                Some(e.clone()),
                format!("Showing order {} (the last valid one).", self.config.order),
            ),
        };
        let (op_i, step_i) = self.cursor;
        let steps = t.trace(op_i);
        let current = steps
            .get(step_i.min(steps.len().saturating_sub(1)))
            .cloned();
        let tree = current
            .as_ref()
            .map_or_else(|| t.last().clone(), |s| s.tree.clone());
        let broken_now = current
            .as_ref()
            .map(|s| check_step(&s.tree, s.meta.transient, s.meta.stale))
            .unwrap_or_default();
        let broken_op: Vec<Violation> = steps
            .iter()
            .flat_map(|s| check_step(&s.tree, s.meta.transient, s.meta.stale))
            .collect();
        let summary = t.summaries().get(op_i).cloned();
        let algorithm = match summary.as_ref().map(|s| s.op) {
            Some(Op::Insert(_)) | None => Algorithm::Insert,
            Some(Op::Delete(_)) => Algorithm::Delete,
            Some(Op::Search(_)) => Algorithm::Search,
            Some(Op::Range(..)) => Algorithm::Range,
            Some(Op::Rebuild(_)) => Algorithm::BulkLoad,
        };
        let nodes = tree.levels().iter().map(Vec::len).sum::<usize>();
        let drawing = (nodes <= DRAW_LIMIT).then(|| {
            let (active, transient) = current.as_ref().map_or((Vec::new(), None), |s| {
                (s.meta.nodes.clone(), s.meta.transient)
            });
            layout(&tree, &active, transient)
        });
        // The numbers describe the tree after the operation, never a step's transient state.
        let after = steps
            .last()
            .map_or_else(|| t.last().clone(), |s| s.tree.clone());
        let shape = shape(&after);
        let bounds = height_bounds(after.config(), after.len());
        let marks = t
            .summaries()
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let c = &s.counter;
                let kind = if c.new_roots > 0 && s.height > 1 && c.splits > 0 {
                    StepKind::NewRoot
                } else if c.root_shrinks > 0 {
                    StepKind::RootShrink
                } else if c.merges > 0 {
                    StepKind::Merge
                } else if c.splits > 0 {
                    StepKind::Split
                } else if c.borrows > 0 {
                    StepKind::Borrow
                } else {
                    return None;
                };
                Some((i, kind))
            })
            .collect();
        let inserts: Vec<&OpSummary> = t
            .summaries()
            .iter()
            .filter(|s| matches!(s.op, Op::Insert(_)) && s.counter.writes > 0)
            .collect();
        let totals = Totals {
            splits: t.summaries().iter().map(|s| s.counter.splits).sum(),
            merges: t.summaries().iter().map(|s| s.counter.merges).sum(),
            borrows: t.summaries().iter().map(|s| s.counter.borrows).sum(),
            inserts: inserts.len() as u64,
            pages_per_insert: if inserts.is_empty() {
                0.0
            } else {
                inserts.iter().map(|s| s.counter.writes).sum::<u64>() as f64 / inserts.len() as f64
            },
        };
        View {
            order_error,
            sizing_text,
            config: self.config,
            ops: t.len(),
            cursor: (op_i, step_i),
            steps_in_op: steps.len(),
            at_end: self.at_end(),
            summary,
            step: current.map(|s| s.meta),
            algorithm,
            pseudocode: pseudocode(algorithm),
            drawing,
            nodes,
            levels: tree
                .levels()
                .iter()
                .map(|l| {
                    let keys: usize = l.iter().map(|&id| tree.node(id).keys.len()).sum();
                    (l.len(), keys)
                })
                .collect(),
            shape,
            bounds,
            broken_now,
            broken_op,
            marks,
            totals,
            can_undo: self.history.can_undo(),
            can_redo: self.history.can_redo(),
            tree: Rc::new(after),
            steps: Rc::new(steps),
        }
    }
}

/// Counts over the whole log.
#[derive(Clone, Debug, PartialEq)]
pub struct Totals {
    pub splits: u64,
    pub merges: u64,
    pub borrows: u64,
    /// Inserts that added a key.
    pub inserts: u64,
    /// Distinct pages written per such insert, on average.
    pub pages_per_insert: f64,
}

/// Everything the page draws.
#[derive(Clone, Debug)]
pub struct View {
    pub order_error: Option<String>,
    /// How the order was derived.
    pub sizing_text: String,
    pub config: Config,
    pub ops: usize,
    pub cursor: (usize, usize),
    pub steps_in_op: usize,
    pub at_end: bool,
    pub summary: Option<OpSummary>,
    pub step: Option<crate::trace::StepMeta>,
    pub algorithm: Algorithm,
    pub pseudocode: &'static [&'static str],
    /// The tree drawn, or `None` past [`DRAW_LIMIT`] nodes (then `levels` summarises it).
    pub drawing: Option<Drawing>,
    pub nodes: usize,
    /// (nodes, keys) per level, root first.
    pub levels: Vec<(usize, usize)>,
    /// The shape after the operation on screen, and the heights its key count allows.
    pub shape: Shape,
    pub bounds: (u32, u32),
    /// Invariants broken by the step on screen, and by any step of its operation.
    pub broken_now: Vec<Violation>,
    pub broken_op: Vec<Violation>,
    /// Operations that split, merged, borrowed, grew or shrank the tree.
    pub marks: Vec<(usize, StepKind)>,
    pub totals: Totals,
    pub can_undo: bool,
    pub can_redo: bool,
    /// The tree after the operation on screen (what the numbers and checks describe).
    pub tree: Rc<crate::tree::Tree<Key>>,
    pub steps: Rc<Vec<Step<Key>>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> State {
        State::default()
    }

    #[test]
    fn the_default_log_ends_on_its_last_step() {
        let s = state();
        let v = s.view();
        assert_eq!(v.ops, 12);
        assert!(v.at_end);
        assert!(v.broken_op.is_empty());
        assert!(v.drawing.is_some());
        assert!(v.marks.iter().any(|&(_, k)| k == StepKind::Split));
    }

    #[test]
    fn inserting_animates_the_new_operation_and_undo_takes_it_back() {
        let mut s = state();
        s.update(Event::SetKey("35".into()));
        s.update(Event::Insert);
        assert_eq!(s.cursor, (12, 0));
        assert!(s.playing);
        let mut ticks = 0;
        while s.playing {
            s.update(Event::Tick);
            ticks += 1;
        }
        assert_eq!(ticks, s.view().steps_in_op);
        assert!(s.view().at_end);
        s.update(Event::Undo);
        assert_eq!(s.view().ops, 12);
        s.update(Event::Redo);
        assert_eq!(s.view().ops, 13);
    }

    #[test]
    fn stepping_back_crosses_operations_and_play_restarts_at_the_end() {
        let mut s = state();
        let total: usize = s.timeline().summaries().iter().map(|x| x.steps).sum();
        let mut back = 0;
        while s.cursor != (0, 0) {
            s.update(Event::Back);
            back += 1;
        }
        assert_eq!(back, total - 1);
        s.update(Event::Last);
        s.update(Event::Play);
        assert_eq!(s.cursor, (0, 0));
    }

    #[test]
    fn bad_input_keeps_the_tree_and_says_why() {
        let mut s = state();
        let before = s.view().tree;
        for (event, field) in [
            (Event::SetKey("abc".into()), Field::Key),
            (Event::SetRange("9..1".into()), Field::Range),
            (Event::SetCount("1000000000".into()), Field::Count),
            (Event::SetSeed("-1".into()), Field::Seed),
            (Event::SetFill("0".into()), Field::Fill),
            (Event::SetCmpKeys("1000000000".into()), Field::CmpKeys),
        ] {
            s.update(event);
            assert!(s.error(field).is_some(), "{field:?}");
        }
        s.update(Event::Insert);
        s.update(Event::Range);
        s.update(Event::Generate);
        s.update(Event::Rebuild);
        s.update(Event::SetOrder("2".into()));
        let v = s.view();
        assert!(v.order_error.is_some());
        assert!(*v.tree == *before, "the tree on the page is not lost");
        assert!(s.compare_job().is_err());
    }

    #[test]
    fn a_pasted_list_with_junk_and_repeats_inserts_the_rest() {
        let mut s = state();
        s.update(Event::Clear);
        s.update(Event::SetList("5, x1, 3, 5, 9;; 12ab 7".into()));
        s.update(Event::InsertList);
        assert_eq!(s.view().tree.len(), 4);
        let m = s.message.clone().unwrap_or_default();
        assert!(
            m.contains("x1") && m.contains("12ab") && m.contains("repeats in the list: 5"),
            "{m}"
        );
    }

    #[test]
    fn the_log_is_capped_and_says_so() {
        let mut s = state();
        s.update(Event::SetCount("2000".into()));
        s.update(Event::Generate);
        assert!(
            s.message
                .as_ref()
                .is_some_and(|m| m.contains("at most 2000")),
            "{:?}",
            s.message
        );
        assert_eq!(s.view().ops, 12);
        s.update(Event::Clear);
        s.update(Event::Generate);
        assert_eq!(s.view().ops, 2000);
        assert!(
            s.view().drawing.is_none(),
            "2,000 keys at order 3 are summarised"
        );
    }

    #[test]
    fn page_sizes_derive_the_order() {
        let Ok((c, _)) = derive_config(
            "",
            Sizing::Page16k,
            KeyType::Bigint,
            Split::Even,
            Borrow::LeftFirst,
        ) else {
            panic!()
        };
        // Reference §9: B = 16 KiB, K = P = V = 8: d = 1024, L = 1023.
        assert_eq!((c.order, c.leaf_cap), (1024, 1023));
        let Ok((c, _)) = derive_config(
            "",
            Sizing::Page8k,
            KeyType::Uuid,
            Split::Even,
            Borrow::LeftFirst,
        ) else {
            panic!()
        };
        // K = 16: d = ⌊8208 / 24⌋ = 342, L = ⌊8184 / 24⌋ = 341.
        assert_eq!((c.order, c.leaf_cap), (342, 341));
        let mut s = state();
        s.update(Event::SetSizing(Sizing::Page8k));
        assert_eq!(s.config().order, 512, "8 KiB of bigint keys: ⌊8200 / 16⌋");
        assert_eq!(s.view().shape.height, 1);
    }
}
