//! A diagram in a link, compactly: the whole diagram in a small versioned binary form,
//! compressed against a fixed dictionary and written in base64url, so that an edited preset
//! makes a link of a few hundred characters that a URL encoder leaves alone.
//!
//! # Format, version 1
//!
//! The text is `1` (the version) and then, in base64url without padding (RFC 4648, §5):
//!
//! ```text
//! check   = 4 bytes, big-endian: FNV-1a (32 bits) of the body
//! packed  = the body, LZ77-compressed against DICTIONARY (below)
//! ```
//!
//! The body, uncompressed:
//!
//! ```text
//! body    = varint(components) varint(labels) texts records node
//! texts   = text(diagram name), text(name) of each component, text(id) of each component,
//!           text(label) of each block that has one (all but component blocks), in node order
//! text    = the UTF-8 bytes, then 0xFF (a byte UTF-8 never uses)
//! records = for each component: num(mtbf_hours) num(mttr_hours) num(mttd_hours) repair
//! repair  = 0 exponential | 1 num(cv) lognormal | 2 num(k) Weibull
//! node    = varint(kind + 6 × x), then by kind (blocks depth first, parents before children):
//!           0 component    x = the component's index
//!           1 series       x = child count; the children
//!           2 parallel     x = child count; the children
//!           3 k-of-n       x = child count; varint(k); the children
//!           4 standby      x = primary's index; varint(standby's index); num(switchover_s)
//!                          num(failover_success) num(failed_failover_hours)
//!           5 shared fate  x = child count; varint(fate's index); the children
//! num     = varint(2m + s) varint(zigzag(e)): (−1)^s × m × 10^e, where m and e are the digits
//!           and exponent of the shortest decimal that reads back as the same f64; m = 0 is
//!           ±0 when e = 0, ±infinity when e = 1 and NaN when e = 2
//! varint  = LEB128: 7 bits a byte, lowest first, the high bit set on every byte but the last
//! ```
//!
//! A block refers to a component by its index (the first component with that id), so ids are
//! written once. The LZ77 stream is a list of tokens: a byte t < 0x80 is followed by t + 1
//! literal bytes; a byte t ≥ 0x80 copies (t & 0x7f) + 3 bytes, plus varint(n) more when
//! t & 0x7f = 0x7f, from varint(d) bytes back, where looking back before the body reaches into
//! DICTIONARY as if it came just before. The dictionary is part of the format: the texts of the
//! presets and of the editor's new blocks as they were when version 1 was made. Presets may
//! change; the dictionary may not (a different one needs a new version).

use sdlab_sim::dist::Shape;

use crate::diagram::{Component, Diagram, MAX_DEPTH, Node};

/// The first character of a version-1 text.
pub const VERSION: char = '1';

/// Most bytes a body may unpack to (a link is no way to make the page allocate without end).
const MAX_BODY: usize = 1 << 18;

/// Shortest copy the LZ77 stream can say.
const MIN_MATCH: usize = 3;

/// Earlier places with the same three bytes the compressor tries, nearest first.
const MAX_CANDIDATES: usize = 256;

/// The compressor's hash of three bytes has this many bits.
const HASH_BITS: u32 = 12;

/// Ends every text in the body.
const END: u8 = 0xFF;

/// The texts the compressor can refer to without writing them: the presets' texts in body order
/// (name, component names, component ids, block labels) and the editor's new blocks' names, as
/// of version 1. Frozen: see the module documentation.
const DICTIONARY: &[&str] = &[
    "Two 99.9% components in series",
    "Component A (99.9%)",
    "Component B (99.9%)",
    "a",
    "b",
    "Request path",
    "Two 99.9% components in parallel",
    "Replica A (99.9%)",
    "Replica B (99.9%)",
    "a",
    "b",
    "Either replica",
    "Single-region web stack",
    "Region load balancer",
    "Region AZ a",
    "Region AZ b",
    "Region app server 1",
    "Region app server 2",
    "Region database primary",
    "Region database standby",
    "Region object store",
    "lb",
    "az-a",
    "az-b",
    "app1",
    "app2",
    "db1",
    "db2",
    "s3",
    "Region request path",
    "App tier across AZs",
    "AZ a",
    "AZ b",
    "Multi-AZ database",
    "Multi-region active-active",
    "East load balancer",
    "East AZ a",
    "East AZ b",
    "East app server 1",
    "East app server 2",
    "East database primary",
    "East database standby",
    "East object store",
    "West load balancer",
    "West AZ a",
    "West AZ b",
    "West app server 1",
    "West app server 2",
    "West database primary",
    "West database standby",
    "West object store",
    "Region east",
    "Region west",
    "DNS failover",
    "e-lb",
    "e-az-a",
    "e-az-b",
    "e-app1",
    "e-app2",
    "e-db1",
    "e-db2",
    "e-s3",
    "w-lb",
    "w-az-a",
    "w-az-b",
    "w-app1",
    "w-app2",
    "w-db1",
    "w-db2",
    "w-s3",
    "r-east",
    "r-west",
    "dns",
    "Global request path",
    "Either region",
    "Region east",
    "East request path",
    "App tier across AZs",
    "AZ a",
    "AZ b",
    "Multi-AZ database",
    "Region west",
    "West request path",
    "App tier across AZs",
    "AZ a",
    "AZ b",
    "Multi-AZ database",
    "3-replica quorum store",
    "Replica 1",
    "Replica 2",
    "Replica 3",
    "r1",
    "r2",
    "r3",
    "Majority of 3",
    "Component ",
    "Replica ",
    "Primary ",
    "Standby ",
    "Zone ",
    "Series group",
    "Parallel group",
    "2 of 3",
    "Standby pair",
    "Availability zone",
];

/// The dictionary as the LZ77 stream sees it: every text with its end byte.
fn dictionary() -> Vec<u8> {
    let mut bytes = Vec::new();
    for text in DICTIONARY {
        bytes.extend_from_slice(text.as_bytes());
        bytes.push(END);
    }
    bytes
}

/// The link text of `d`. Fails only for a block that names a component the diagram lacks
/// (which a valid diagram never does), since blocks refer to components by index.
pub fn encode(d: &Diagram) -> Result<String, String> {
    let body = body(d)?;
    let mut bytes = checksum(&body).to_be_bytes().to_vec();
    bytes.extend(compress(&body));
    let mut text = String::from(VERSION);
    text.push_str(&base64url(&bytes));
    Ok(text)
}

/// The diagram a link text holds. The message says what is wrong (for the link notice); the
/// diagram is not validated here.
pub fn decode(text: &str) -> Result<Diagram, String> {
    let text = text.trim();
    let rest = text
        .strip_prefix(VERSION)
        .ok_or_else(|| match text.chars().next() {
            None => "it is empty".to_string(),
            Some(c) => format!("it starts with “{c}”, not a known version"),
        })?;
    let bytes = from_base64url(rest)?;
    let (check, packed) = bytes.split_first_chunk::<4>().ok_or("it is cut short")?;
    let body = decompress(packed).map_err(|e| format!("it was cut short or altered ({e})"))?;
    if checksum(&body).to_be_bytes() != *check {
        return Err("its check does not match: the link was cut short or altered".into());
    }
    parse_body(&body)
}

// The body.

fn body(d: &Diagram) -> Result<Vec<u8>, String> {
    let mut labels = Vec::new();
    let mut tree = Vec::new();
    write_node(d, &d.root, &mut labels, &mut tree)?;
    let mut out = Vec::new();
    put_varint(&mut out, d.components.len() as u64);
    put_varint(&mut out, labels.len() as u64);
    put_text(&mut out, &d.name);
    for c in &d.components {
        put_text(&mut out, &c.name);
    }
    for c in &d.components {
        put_text(&mut out, &c.id);
    }
    for label in labels {
        put_text(&mut out, label);
    }
    for c in &d.components {
        put_num(&mut out, c.mtbf_hours)?;
        put_num(&mut out, c.mttr_hours)?;
        put_num(&mut out, c.mttd_hours)?;
        match c.repair {
            Shape::Exponential => out.push(0),
            Shape::Lognormal { cv } => {
                out.push(1);
                put_num(&mut out, cv)?;
            }
            Shape::Weibull { k } => {
                out.push(2);
                put_num(&mut out, k)?;
            }
        }
    }
    out.extend(tree);
    Ok(out)
}

const UNIT: u64 = 0;
const SERIES: u64 = 1;
const PARALLEL: u64 = 2;
const K_OF_N: u64 = 3;
const STANDBY: u64 = 4;
const SHARED_FATE: u64 = 5;
const KINDS: u64 = 6;

fn write_node<'a>(
    d: &Diagram,
    node: &'a Node,
    labels: &mut Vec<&'a str>,
    out: &mut Vec<u8>,
) -> Result<(), String> {
    let index = |id: &str| {
        d.component_index(id)
            .map(|i| i as u64)
            .ok_or_else(|| format!("a block refers to unknown component “{id}”"))
    };
    let head = |kind: u64, x: u64| kind + KINDS * x;
    match node {
        Node::Unit { component } => put_varint(out, head(UNIT, index(component)?)),
        Node::Standby {
            label,
            primary,
            standby,
            switchover_s,
            failover_success,
            failed_failover_hours,
        } => {
            labels.push(label);
            put_varint(out, head(STANDBY, index(primary)?));
            put_varint(out, index(standby)?);
            put_num(out, *switchover_s)?;
            put_num(out, *failover_success)?;
            put_num(out, *failed_failover_hours)?;
        }
        Node::Series { label, children }
        | Node::Parallel { label, children }
        | Node::KOfN {
            label, children, ..
        }
        | Node::SharedFate {
            label, children, ..
        } => {
            labels.push(label);
            let kind = match node {
                Node::Series { .. } => SERIES,
                Node::Parallel { .. } => PARALLEL,
                Node::KOfN { .. } => K_OF_N,
                _ => SHARED_FATE,
            };
            put_varint(out, head(kind, children.len() as u64));
            match node {
                Node::KOfN { k, .. } => put_varint(out, u64::from(*k)),
                Node::SharedFate { fate, .. } => put_varint(out, index(fate)?),
                _ => {}
            }
            for child in children {
                write_node(d, child, labels, out)?;
            }
        }
    }
    Ok(())
}

fn parse_body(body: &[u8]) -> Result<Diagram, String> {
    let mut r = Reader { bytes: body, at: 0 };
    let n = r.count()?;
    let label_count = r.count()?;
    let name = r.text()?;
    let names = (0..n).map(|_| r.text()).collect::<Result<Vec<_>, _>>()?;
    let ids = (0..n).map(|_| r.text()).collect::<Result<Vec<_>, _>>()?;
    let mut labels = (0..label_count)
        .map(|_| r.text())
        .collect::<Result<Vec<_>, _>>()?
        .into_iter();
    let mut components = Vec::new();
    for (id, name) in ids.into_iter().zip(names) {
        let mtbf_hours = r.num()?;
        let mttr_hours = r.num()?;
        let mttd_hours = r.num()?;
        let repair = match r.byte()? {
            0 => Shape::Exponential,
            1 => Shape::Lognormal { cv: r.num()? },
            2 => Shape::Weibull { k: r.num()? },
            other => return Err(format!("it names an unknown repair shape ({other})")),
        };
        components.push(Component {
            id,
            name,
            mtbf_hours,
            mttr_hours,
            mttd_hours,
            repair,
        });
    }
    let ids: Vec<&str> = components.iter().map(|c| c.id.as_str()).collect();
    let root = read_node(&mut r, &ids, &mut labels, 0)?;
    if labels.next().is_some() {
        return Err("it has more labels than blocks".into());
    }
    if r.at != body.len() {
        return Err("it has bytes after the last block".into());
    }
    Ok(Diagram {
        name,
        components,
        root,
    })
}

fn read_node(
    r: &mut Reader,
    ids: &[&str],
    labels: &mut impl Iterator<Item = String>,
    depth: usize,
) -> Result<Node, String> {
    if depth > MAX_DEPTH {
        return Err(format!("it is nested deeper than {MAX_DEPTH} levels"));
    }
    let component = |i: u64| {
        usize::try_from(i)
            .ok()
            .and_then(|i| ids.get(i))
            .map(|id| id.to_string())
            .ok_or_else(|| format!("a block refers to component {i} of {}", ids.len()))
    };
    let head = r.varint()?;
    let (kind, x) = (head % KINDS, head / KINDS);
    if kind == UNIT {
        return Ok(Node::Unit {
            component: component(x)?,
        });
    }
    let label = labels.next().ok_or("it has fewer labels than blocks")?;
    if kind == STANDBY {
        return Ok(Node::Standby {
            label,
            primary: component(x)?,
            standby: component(r.varint()?)?,
            switchover_s: r.num()?,
            failover_success: r.num()?,
            failed_failover_hours: r.num()?,
        });
    }
    // Every child takes at least one byte, so a count beyond the bytes left is damage.
    let count = usize::try_from(x)
        .ok()
        .filter(|&n| n <= r.left())
        .ok_or("a block has more children than the link has bytes")?;
    let k = if kind == K_OF_N {
        Some(u32::try_from(r.varint()?).map_err(|_| "a k-of-n block's k is too large")?)
    } else {
        None
    };
    let fate = if kind == SHARED_FATE {
        Some(component(r.varint()?)?)
    } else {
        None
    };
    let mut children = Vec::new();
    for _ in 0..count {
        children.push(read_node(r, ids, labels, depth + 1)?);
    }
    Ok(match (kind, k, fate) {
        (SERIES, ..) => Node::Series { label, children },
        (PARALLEL, ..) => Node::Parallel { label, children },
        (_, Some(k), _) => Node::KOfN { label, k, children },
        (_, _, Some(fate)) => Node::SharedFate {
            label,
            fate,
            children,
        },
        _ => return Err("it names an unknown kind of block".into()),
    })
}

// Bytes: varints, numbers, texts.

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn left(&self) -> usize {
        self.bytes.len() - self.at
    }

    fn byte(&mut self) -> Result<u8, String> {
        let b = *self.bytes.get(self.at).ok_or("it ends early")?;
        self.at += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            let part = u64::from(b & 0x7f);
            if shift == 63 && part > 1 {
                return Err("it holds a number too large to be one".into());
            }
            value |= part << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("it holds a number too large to be one".into())
    }

    /// A count of things that each take at least one byte.
    fn count(&mut self) -> Result<usize, String> {
        let n = self.varint()?;
        usize::try_from(n)
            .ok()
            .filter(|&n| n <= self.left())
            .ok_or_else(|| "it counts more things than it holds".to_string())
    }

    fn text(&mut self) -> Result<String, String> {
        let rest = self.bytes.get(self.at..).unwrap_or_default();
        let len = rest
            .iter()
            .position(|&b| b == END)
            .ok_or("it ends inside a name")?;
        let text = String::from_utf8(rest[..len].to_vec())
            .map_err(|_| "a name in it is not valid UTF-8".to_string())?;
        self.at += len + 1;
        Ok(text)
    }

    fn num(&mut self) -> Result<f64, String> {
        let head = self.varint()?;
        let e = unzigzag(self.varint()?);
        let (m, negative) = (head >> 1, head & 1 == 1);
        let magnitude = match (m, e) {
            (0, 0) => 0.0,
            (0, 1) => f64::INFINITY,
            (0, 2) => f64::NAN,
            (0, _) => return Err("it holds an unknown special number".into()),
            _ => format!("{m}e{e}")
                .parse::<f64>()
                .map_err(|_| "it holds a number that does not read back".to_string())?,
        };
        Ok(if negative { -magnitude } else { magnitude })
    }
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn varint_len(v: u64) -> usize {
    let mut out = Vec::new();
    put_varint(&mut out, v);
    out.len()
}

fn zigzag(e: i64) -> u64 {
    ((e << 1) ^ (e >> 63)) as u64
}

fn unzigzag(u: u64) -> i64 {
    ((u >> 1) as i64) ^ -((u & 1) as i64)
}

/// The digits and exponent of the shortest decimal that reads back as `x` (≥ 0, finite),
/// taken from Rust's shortest round-trip formatting, e.g. 8760 → (876, 1), 0.99 → (99, −2).
fn decimal(x: f64) -> Option<(u64, i64)> {
    let text = format!("{x:e}");
    let (digits, exponent) = text.split_once('e')?;
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let m = format!("{whole}{fraction}").parse().ok()?;
    let e = exponent.parse::<i64>().ok()? - fraction.len() as i64;
    Some((m, e))
}

fn put_num(out: &mut Vec<u8>, x: f64) -> Result<(), String> {
    let sign = u64::from(x.is_sign_negative());
    let (m, e) = if x.is_nan() {
        (0, 2)
    } else if x.is_infinite() {
        (0, 1)
    } else {
        decimal(x.abs()).ok_or_else(|| format!("cannot write the number {x}"))?
    };
    put_varint(out, (m << 1) | sign);
    put_varint(out, zigzag(e));
    Ok(())
}

fn put_text(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(text.as_bytes());
    out.push(END);
}

/// FNV-1a (32 bits) over `bytes`.
fn checksum(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

// LZ77 against the dictionary.

/// No place, in [`Chains`].
const NONE: usize = usize::MAX;

/// Earlier places found by a hash of their first three bytes: `head[h]` is the latest place
/// with hash h, `prev[p]` the place before p with the same hash.
struct Chains {
    head: Vec<usize>,
    prev: Vec<usize>,
}

impl Chains {
    fn hash(all: &[u8], i: usize) -> Option<usize> {
        match all.get(i..i + MIN_MATCH) {
            Some(&[a, b, c]) => {
                let key = (u32::from(a) << 16) | (u32::from(b) << 8) | u32::from(c);
                Some((key.wrapping_mul(0x9e37_79b1) >> (32 - HASH_BITS)) as usize)
            }
            _ => None,
        }
    }

    fn insert(&mut self, all: &[u8], p: usize) {
        if let Some(h) = Self::hash(all, p) {
            self.prev[p] = self.head[h];
            self.head[h] = p;
        }
    }
}

/// Greedy LZ77: at each place, the longest earlier copy (nearest among equals) if it saves
/// bytes, else a literal byte.
fn compress(body: &[u8]) -> Vec<u8> {
    let mut all = dictionary();
    let start = all.len();
    all.extend_from_slice(body);
    let mut chains = Chains {
        head: vec![NONE; 1 << HASH_BITS],
        prev: vec![NONE; all.len()],
    };
    for p in 0..start {
        chains.insert(&all, p);
    }
    let mut out = Vec::new();
    let mut literals = Vec::new();
    let mut i = start;
    while i < all.len() {
        let mut best = (0, 0);
        let mut j = Chains::hash(&all, i).map_or(NONE, |h| chains.head[h]);
        for _ in 0..MAX_CANDIDATES {
            if j == NONE {
                break;
            }
            let len = all[i..]
                .iter()
                .zip(&all[j..])
                .take_while(|(a, b)| a == b)
                .count();
            if len > best.0 {
                best = (len, i - j);
            }
            j = chains.prev[j];
        }
        let (len, distance) = best;
        let step = if len >= MIN_MATCH && len > match_cost(len, distance) {
            flush(&mut out, &mut literals);
            let extra = len - MIN_MATCH;
            if extra < 0x7f {
                out.push(0x80 | extra as u8);
            } else {
                out.push(0xff);
                put_varint(&mut out, (extra - 0x7f) as u64);
            }
            put_varint(&mut out, distance as u64);
            len
        } else {
            literals.push(all[i]);
            1
        };
        for p in i..i + step {
            chains.insert(&all, p);
        }
        i += step;
    }
    flush(&mut out, &mut literals);
    out
}

fn match_cost(len: usize, distance: usize) -> usize {
    let extra = len - MIN_MATCH;
    let length = if extra < 0x7f {
        0
    } else {
        varint_len((extra - 0x7f) as u64)
    };
    1 + length + varint_len(distance as u64)
}

/// Writes the pending literal bytes as runs of at most 128.
fn flush(out: &mut Vec<u8>, literals: &mut Vec<u8>) {
    for run in literals.chunks(128) {
        out.push((run.len() - 1) as u8);
        out.extend_from_slice(run);
    }
    literals.clear();
}

fn decompress(packed: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = dictionary();
    let start = out.len();
    let mut r = Reader {
        bytes: packed,
        at: 0,
    };
    let too_long = || format!("it unpacks to more than {MAX_BODY} bytes");
    while r.left() > 0 {
        let t = r.byte()?;
        if t < 0x80 {
            let len = usize::from(t) + 1;
            let run = packed
                .get(r.at..r.at + len)
                .ok_or("a run of bytes ends early")?;
            out.extend_from_slice(run);
            r.at += len;
        } else {
            let mut len = usize::from(t & 0x7f) + MIN_MATCH;
            if t & 0x7f == 0x7f {
                let more = usize::try_from(r.varint()?)
                    .ok()
                    .filter(|&n| n <= MAX_BODY)
                    .ok_or_else(too_long)?;
                len += more;
            }
            let distance = usize::try_from(r.varint()?).unwrap_or(usize::MAX);
            if distance == 0 || distance > out.len() {
                return Err("it copies from before its start".into());
            }
            if out.len() - start + len > MAX_BODY {
                return Err(too_long());
            }
            for _ in 0..len {
                out.push(out[out.len() - distance]);
            }
        }
        if out.len() - start > MAX_BODY {
            return Err(too_long());
        }
    }
    Ok(out.split_off(start))
}

// base64url without padding.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
        }
    }
    out
}

fn from_base64url(text: &str) -> Result<Vec<u8>, String> {
    let mut sextets = Vec::new();
    for c in text.chars() {
        let v = match c {
            'A'..='Z' => c as u32 - 'A' as u32,
            'a'..='z' => c as u32 - 'a' as u32 + 26,
            '0'..='9' => c as u32 - '0' as u32 + 52,
            '-' => 62,
            '_' => 63,
            _ => {
                return Err(format!(
                    "it holds “{c}”, which a compact diagram never does"
                ));
            }
        };
        sextets.push(v);
    }
    if sextets.len() % 4 == 1 {
        return Err("it is cut short".into());
    }
    let mut out = Vec::new();
    for chunk in sextets.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &v)| n | (v << (18 - 6 * i)));
        // The bits past the last whole byte are zero in every text `base64url` writes.
        if n & (0x00ff_ffff >> (8 * (chunk.len() - 1))) != 0 {
            return Err("its last character was altered".into());
        }
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;
    use proptest::prelude::*;

    #[test]
    fn presets_round_trip() {
        for p in presets::all() {
            let text = encode(&p.diagram).expect("encodes");
            assert_eq!(decode(&text), Ok(p.diagram.clone()), "{}", p.slug);
        }
    }

    /// Changing the dictionary changes what every version-1 link means.
    #[test]
    fn the_dictionary_is_frozen() {
        let bytes = dictionary();
        assert_eq!((bytes.len(), checksum(&bytes)), (1_287, 0xf9b1_b189));
    }

    #[test]
    fn varints_cover_u64_and_refuse_overflow() {
        for v in [
            0,
            1,
            127,
            128,
            16_383,
            16_384,
            u64::from(u32::MAX),
            u64::MAX,
        ] {
            let mut out = Vec::new();
            put_varint(&mut out, v);
            assert_eq!(out.len(), varint_len(v));
            let mut r = Reader { bytes: &out, at: 0 };
            assert_eq!(r.varint(), Ok(v));
        }
        for bad in [
            &[0xff; 11][..],
            &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02],
            &[0x80],
        ] {
            assert!(Reader { bytes: bad, at: 0 }.varint().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn numbers_take_their_shortest_decimal() {
        let bytes = |x: f64| {
            let mut out = Vec::new();
            put_num(&mut out, x).expect("writes");
            out
        };
        // 8760 = 876 × 10¹: varint(1752), varint(zigzag(1)); 0.99 = 99 × 10⁻²; 1 = 1 × 10⁰.
        assert_eq!(bytes(8_760.0), [0xd8, 0x0d, 0x02]);
        assert_eq!(bytes(0.99), [198, 1, 3]);
        assert_eq!(bytes(1.0), [2, 0]);
        assert_eq!(bytes(-0.0), [1, 0]);
        for x in [
            0.0,
            -0.0,
            5e-324,
            f64::MAX,
            -1e-300,
            2.0 / 60.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            let out = bytes(x);
            let back = Reader { bytes: &out, at: 0 }.num().expect("reads");
            assert_eq!(back.to_bits(), x.to_bits(), "{x:e}");
        }
        // m = 0 with an exponent other than 0, 1 or 2 is no number.
        assert!(
            Reader {
                bytes: &[0, 6],
                at: 0
            }
            .num()
            .is_err()
        );
        // Huge exponents read as infinity or zero rather than failing or panicking.
        let mut out = Vec::new();
        put_varint(&mut out, 2);
        put_varint(&mut out, u64::MAX);
        assert!(Reader { bytes: &out, at: 0 }.num().is_ok());
    }

    fn chain(depth: usize) -> Diagram {
        let mut d = presets::book_series().diagram;
        for _ in 0..depth {
            d.root = Node::Series {
                label: "wrap".into(),
                children: vec![d.root],
            };
        }
        d
    }

    #[test]
    fn nesting_is_read_to_the_diagrams_limit_only() {
        // book-series' root is one level over its units.
        let deepest = chain(MAX_DEPTH - 1);
        assert_eq!(deepest.validate(), Ok(()));
        assert_eq!(decode(&encode(&deepest).expect("encodes")), Ok(deepest));
        let message = decode(&encode(&chain(MAX_DEPTH)).expect("encodes")).expect_err("too deep");
        assert!(message.contains("deeper than"), "{message}");
    }

    #[test]
    fn long_repeats_use_long_copies() {
        let mut d = presets::book_series().diagram;
        d.name = "ab".repeat(400);
        d.components[0].name = "ab".repeat(400);
        let text = encode(&d).expect("encodes");
        assert!(text.len() < 60, "{} characters", text.len());
        assert_eq!(decode(&text), Ok(d));
    }

    #[test]
    fn an_unknown_component_is_refused_when_writing() {
        let mut d = presets::book_series().diagram;
        d.root = Node::Unit {
            component: "ghost".into(),
        };
        assert!(encode(&d).expect_err("unknown").contains("ghost"));
    }

    #[test]
    fn damage_is_named() {
        let text = encode(&presets::web_stack().diagram).expect("encodes");
        for (bad, says) in [
            ("", "empty"),
            ("2AAAA", "version"),
            ("1AB%C", "“%”"),
            ("1A", "cut short"),
            (&text[..text.len() - 4], "cut short or altered"),
            (&format!("{text}AAAA"), "cut short or altered"),
        ] {
            let message = decode(bad).expect_err(bad);
            assert!(message.contains(says), "{bad}: {message}");
        }
    }

    /// A text around any body, with the check that lets it reach the parser.
    fn framed(body: &[u8]) -> String {
        let mut bytes = checksum(body).to_be_bytes().to_vec();
        bytes.extend(compress(body));
        format!("{VERSION}{}", base64url(&bytes))
    }

    proptest! {
        #[test]
        fn base64url_round_trips(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
            prop_assert_eq!(from_base64url(&base64url(&bytes)), Ok(bytes));
        }

        #[test]
        fn lz77_round_trips(body in prop::collection::vec(
            prop_oneof![any::<u8>(), Just(b'a'), Just(END)], 0..600)) {
            prop_assert_eq!(decompress(&compress(&body)), Ok(body));
        }

        /// Any bytes as a packed stream or as a body: an answer, never a panic.
        #[test]
        fn any_bytes_unpack_or_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
            let _ = decompress(&bytes);
            let _ = parse_body(&bytes);
            let _ = decode(&framed(&bytes));
        }

        /// A preset's body with bytes deleted, replaced or inserted, framed with a good check
        /// so it reaches the parser: refused with a message or read as some diagram.
        #[test]
        fn mutated_bodies_parse_or_fail_cleanly(
            which in any::<prop::sample::Index>(),
            edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<u8>()), 1..6),
        ) {
            let all = presets::all();
            let mut bytes = body(&which.get(&all).diagram).map_err(TestCaseError::fail)?;
            for (at, op, byte) in edits {
                let i = at.index(bytes.len());
                match op {
                    0 => { bytes.remove(i); }
                    1 => bytes[i] = byte,
                    _ => bytes.insert(i, byte),
                }
            }
            if let Err(message) = decode(&framed(&bytes)) {
                prop_assert!(!message.is_empty());
            }
        }
    }
}
