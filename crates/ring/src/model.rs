//! The consistent-hashing lab's page as a pure state machine: the page keeps a [`State`], sends
//! [`Event`]s, memoises [`Live::compute`] on [`State::inputs`] and draws [`crate::view`]'s
//! geometry. Typed text stays verbatim beside its message; the results keep the last valid
//! inputs meanwhile and say so.

use sdlab_sim::hash::KeyHash;
use serde::{Deserialize, Serialize};

use crate::algo::{Algo, Config, MAX_TABLE, Node, Placement, is_prime};
use crate::jobs::remove_at;
use crate::metrics::{self, Spread};
use crate::replicas::{preference_list, serving, zone_aware_list};

/// Most keys the live view hashes (beyond, the comparison job and the CLI take over).
pub const LIVE_MAX_KEYS: u32 = 100_000;
/// Most nodes on the page.
pub const LIVE_MAX_NODES: usize = 64;
/// Most tokens the live ring holds.
pub const LIVE_MAX_TOKENS: u64 = 200_000;
/// Most virtual nodes per node on the page.
pub const LIVE_MAX_VNODES: u32 = 10_000;
/// Largest Maglev table on the page.
pub const LIVE_MAX_TABLE: u64 = 1_000_003;

/// What the user has typed and chosen.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub algo: Algo,
    pub hash: KeyHash,
    /// The nodes, in position order (mod-N and jump number them so).
    pub nodes: Vec<Node>,
    /// The nodes before the last add, remove or weight change, if there was one.
    pub prev: Option<Vec<Node>>,
    pub vnodes_text: String,
    pub keys_text: String,
    pub seed_text: String,
    pub probes_text: String,
    pub table_text: String,
    pub epsilon_text: String,
    pub replicas_text: String,
    pub zones_text: String,
    /// Zipf θ of request popularity (key-i has rank i + 1).
    pub theta_text: String,
    /// The key looked up (its hash, owner, replicas).
    pub lookup_text: String,
    /// The ketama preset's servers (`host:port,…`) and the key a client places.
    pub servers_text: String,
    pub client_key_text: String,
    /// Ids of nodes marked down (failover, not removal).
    pub down: Vec<u32>,
    /// Ring zoom: 1, 4, 16 or 64.
    pub zoom: u32,
    /// Where the zoom looks, in degrees clockwise from the top.
    pub pan: u32,
    last: Inputs,
}

/// Everything the live results depend on, validated: the memo key of [`Live::compute`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Inputs {
    pub config: Config,
    pub nodes: Vec<Node>,
    pub prev: Option<Vec<Node>>,
    pub keys: u32,
    pub replicas: u32,
    pub zones: u32,
    /// Zipf θ of the keys' request popularity.
    pub theta: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    SetAlgo(Algo),
    SetHash(KeyHash),
    SetVnodes(String),
    SetKeys(String),
    SetSeed(String),
    SetProbes(String),
    SetTable(String),
    SetEpsilon(String),
    SetReplicas(String),
    SetZones(String),
    SetTheta(String),
    SetLookup(String),
    SetServers(String),
    SetClientKey(String),
    AddNode,
    RemoveNode(u32),
    SetWeight(u32, f64),
    ToggleDown(u32),
    SetZoom(u32),
    SetPan(u32),
    /// Forget the last change (the movement card empties).
    ClearChange,
    Reset,
}

/// The zoom levels offered.
pub const ZOOMS: [u32; 4] = [1, 4, 16, 64];
/// The weights a node can be given.
pub const WEIGHTS: [f64; 5] = [0.5, 1.0, 2.0, 3.0, 4.0];

/// A whole number in `lo..=hi`, or a message naming the field.
pub fn parse_count(text: &str, lo: u64, hi: u64, what: &str) -> Result<u64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("enter the {what}"));
    }
    let v: u64 = t
        .replace(['_', ','], "")
        .parse()
        .map_err(|_| format!("“{t}” is not a whole number"))?;
    if v < lo || v > hi {
        return Err(format!("{what} must be {lo} to {hi}"));
    }
    Ok(v)
}

/// A seed: a whole number 0 to 2^64 − 1.
pub fn parse_seed(text: &str) -> Result<u64, String> {
    let t = text.trim();
    t.parse().map_err(|_| {
        format!("the seed must be a whole number 0 to 18446744073709551615, not “{t}”")
    })
}

/// ε for bounded loads: above 0, at most 100.
pub fn parse_epsilon(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let v: f64 = t.parse().map_err(|_| format!("“{t}” is not a number"))?;
    if !v.is_finite() || v <= 0.0 || v > 100.0 {
        return Err("ε must be above 0 and at most 100 (e.g. 0.25)".into());
    }
    Ok(v)
}

/// Zipf θ: 0 (uniform) to 4.
pub fn parse_theta(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let v: f64 = t.parse().map_err(|_| format!("“{t}” is not a number"))?;
    if !v.is_finite() || !(0.0..=4.0).contains(&v) {
        return Err("θ must be 0 (every key equally popular) to 4".into());
    }
    Ok(v)
}

/// Maglev's table size: a prime up to the page's cap.
pub fn parse_table(text: &str, nodes: usize) -> Result<u64, String> {
    let m = parse_count(text, 2, LIVE_MAX_TABLE.min(MAX_TABLE), "table size")?;
    if !is_prime(m) {
        return Err(format!(
            "{m} is not prime: Maglev's table size must be (e.g. 65537)"
        ));
    }
    if m < nodes as u64 {
        return Err("the table needs at least one slot per node".into());
    }
    Ok(m)
}

impl Default for State {
    fn default() -> State {
        let mut s = State {
            algo: Algo::Ring,
            hash: KeyHash::Xxh64,
            nodes: crate::nodes(6),
            prev: None,
            vnodes_text: "100".into(),
            keys_text: "10000".into(),
            seed_text: "1".into(),
            probes_text: "21".into(),
            table_text: "65537".into(),
            epsilon_text: "0.25".into(),
            replicas_text: "3".into(),
            zones_text: "3".into(),
            theta_text: "0.99".into(),
            lookup_text: "user:42".into(),
            servers_text: "10.0.0.1:11211,10.0.0.2:11211,10.0.0.3:11211".into(),
            client_key_text: "session:8f2a".into(),
            down: Vec::new(),
            zoom: 1,
            pan: 0,
            last: Inputs {
                config: Config::default(),
                nodes: crate::nodes(6),
                prev: None,
                keys: 10_000,
                replicas: 3,
                zones: 3,
                theta: 0.99,
            },
        };
        s.revalidate();
        s
    }
}

/// Each field's message, if its text is bad.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Errors {
    pub vnodes: Option<String>,
    pub keys: Option<String>,
    pub seed: Option<String>,
    pub probes: Option<String>,
    pub table: Option<String>,
    pub epsilon: Option<String>,
    pub replicas: Option<String>,
    pub zones: Option<String>,
    pub theta: Option<String>,
    /// A problem of the whole configuration (e.g. too many tokens).
    pub config: Option<String>,
}

impl Errors {
    pub fn any(&self) -> bool {
        *self != Errors::default()
    }
}

impl State {
    /// A state from its parts (a link's fields); bad texts stay and carry their messages.
    pub fn from_parts(mut parts: State) -> State {
        parts.revalidate();
        parts
    }

    /// The inputs the results show: the current ones when all are valid, else the last valid.
    pub fn inputs(&self) -> &Inputs {
        &self.last
    }

    /// Whether the results are from older inputs than the fields show.
    pub fn stale(&self) -> bool {
        self.errors().any()
    }

    /// Each field's message.
    pub fn errors(&self) -> Errors {
        self.candidate().1
    }

    /// The inputs the fields describe, each bad field replaced by its last valid value, and
    /// every field's message. A problem of the whole configuration is in `config`.
    fn candidate(&self) -> (Inputs, Errors) {
        let mut e = Errors::default();
        let l = &self.last;
        let take = |r: Result<u64, String>, slot: &mut Option<String>, last: u64| {
            r.unwrap_or_else(|m| {
                *slot = Some(m);
                last
            })
        };
        let vnodes = take(
            parse_count(
                &self.vnodes_text,
                1,
                u64::from(LIVE_MAX_VNODES),
                "virtual nodes per node",
            ),
            &mut e.vnodes,
            u64::from(l.config.vnodes),
        );
        let keys = take(
            parse_count(
                &self.keys_text,
                1,
                u64::from(LIVE_MAX_KEYS),
                "number of keys",
            )
            .map_err(|m| {
                if m.contains("must be") {
                    format!("{m} here; larger runs: the comparison below or `sdlab ring stats`")
                } else {
                    m
                }
            }),
            &mut e.keys,
            u64::from(l.keys),
        );
        let seed = take(parse_seed(&self.seed_text), &mut e.seed, l.config.seed);
        let probes = take(
            parse_count(&self.probes_text, 1, 1_000, "probes per key"),
            &mut e.probes,
            u64::from(l.config.probes),
        );
        let table = take(
            parse_table(&self.table_text, self.nodes.len()),
            &mut e.table,
            l.config.table_size,
        );
        let replicas = take(
            parse_count(&self.replicas_text, 1, 7, "replication factor"),
            &mut e.replicas,
            u64::from(l.replicas),
        );
        let zones = take(
            parse_count(&self.zones_text, 1, 8, "number of zones"),
            &mut e.zones,
            u64::from(l.zones),
        );
        let epsilon = parse_epsilon(&self.epsilon_text).unwrap_or_else(|m| {
            e.epsilon = Some(m);
            l.config.epsilon
        });
        let theta = parse_theta(&self.theta_text).unwrap_or_else(|m| {
            e.theta = Some(m);
            l.theta
        });
        let mut config = Config {
            algo: self.algo,
            vnodes: vnodes as u32,
            probes: probes as u32,
            table_size: table,
            epsilon,
            hash: self.hash,
            seed,
        };
        let tokens = |c: &Config| -> u64 {
            c.token_counts(&self.nodes)
                .iter()
                .map(|&t| u64::from(t))
                .sum()
        };
        if tokens(&config) > LIVE_MAX_TOKENS {
            e.vnodes = Some(format!(
                "{} tokens in all is over the page's cap of {LIVE_MAX_TOKENS}: fewer virtual nodes, or the sweep below",
                tokens(&config)
            ));
            config.vnodes = l.config.vnodes;
            if tokens(&config) > LIVE_MAX_TOKENS {
                e.config =
                    Some("too many tokens for the page: use fewer nodes or virtual nodes".into());
            }
        }
        let ring_config = Config {
            algo: Algo::Ring,
            ..config.clone()
        };
        if e.config.is_none()
            && let Err(m) = config
                .validate(&self.nodes)
                .and(ring_config.validate(&self.nodes))
        {
            e.config = Some(m);
        }
        (
            Inputs {
                config,
                nodes: self.nodes.clone(),
                prev: self.prev.clone(),
                keys: keys as u32,
                replicas: replicas as u32,
                zones: zones as u32,
                theta,
            },
            e,
        )
    }

    fn revalidate(&mut self) {
        let (inputs, e) = self.candidate();
        if e.config.is_none() {
            self.last = inputs;
        } else {
            // The node list is not typed text: it always takes effect.
            self.last.nodes = self.nodes.clone();
            self.last.prev = self.prev.clone();
        }
    }

    /// The id a new node gets: one past the largest ever seen here.
    pub fn next_id(&self) -> u32 {
        self.nodes
            .iter()
            .chain(self.prev.iter().flatten())
            .map(|n| n.id + 1)
            .max()
            .unwrap_or(0)
    }

    pub fn update(&mut self, event: Event) {
        match event {
            Event::SetAlgo(a) => self.algo = a,
            Event::SetHash(h) => self.hash = h,
            Event::SetVnodes(t) => self.vnodes_text = t,
            Event::SetKeys(t) => self.keys_text = t,
            Event::SetSeed(t) => self.seed_text = t,
            Event::SetProbes(t) => self.probes_text = t,
            Event::SetTable(t) => self.table_text = t,
            Event::SetEpsilon(t) => self.epsilon_text = t,
            Event::SetReplicas(t) => self.replicas_text = t,
            Event::SetZones(t) => self.zones_text = t,
            Event::SetTheta(t) => self.theta_text = t,
            Event::SetLookup(t) => self.lookup_text = t.chars().take(200).collect(),
            Event::SetServers(t) => self.servers_text = t.chars().take(2_000).collect(),
            Event::SetClientKey(t) => self.client_key_text = t.chars().take(200).collect(),
            Event::AddNode => {
                if self.nodes.len() < LIVE_MAX_NODES {
                    let id = self.next_id();
                    self.prev = Some(self.nodes.clone());
                    self.nodes.push(Node::new(id));
                }
            }
            Event::RemoveNode(id) => {
                if self.nodes.len() > 1
                    && let Some(i) = self.nodes.iter().position(|n| n.id == id)
                {
                    self.prev = Some(self.nodes.clone());
                    self.nodes = remove_at(&self.nodes, i, self.algo);
                    self.down.retain(|&d| d != id);
                }
            }
            Event::SetWeight(id, w) => {
                if w.is_finite() && w > 0.0 && w <= 1_000.0 {
                    let before = self.nodes.clone();
                    if let Some(n) = self.nodes.iter_mut().find(|n| n.id == id)
                        && n.weight != w
                    {
                        n.weight = w;
                        self.prev = Some(before);
                    }
                }
            }
            Event::ToggleDown(id) => {
                if let Some(i) = self.down.iter().position(|&d| d == id) {
                    self.down.remove(i);
                } else if self.nodes.iter().any(|n| n.id == id) {
                    self.down.push(id);
                    self.down.sort_unstable();
                }
            }
            Event::SetZoom(z) => {
                if ZOOMS.contains(&z) {
                    self.zoom = z;
                }
            }
            Event::SetPan(p) => self.pan = p % 360,
            Event::ClearChange => self.prev = None,
            Event::Reset => *self = State::default(),
        }
        self.revalidate();
    }
}

/// One node's row of numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeRow {
    pub id: u32,
    pub weight: f64,
    pub tokens: u32,
    pub keys: u64,
    /// Its exact share of the circle (ring-based algorithms).
    pub arc_share: Option<f64>,
    /// Keys for which it is any replica.
    pub replica_keys: u64,
    pub zone: u32,
    /// Its share of the requests under the Zipf popularity.
    pub requests: f64,
}

/// What the last change did.
#[derive(Clone, Debug, PartialEq)]
pub struct Movement {
    /// "added node-6", "removed node-2", "node-3's weight 1 → 2".
    pub what: String,
    pub moved: u64,
    pub fraction: f64,
    /// The least any scheme must move: the changed node's weight share.
    pub ideal: f64,
    /// Whether every moved key went to (on add) or came from (on remove) the changed node.
    pub minimal: bool,
    /// The union of old and new node ids, and `matrix[a][b]` over it.
    pub ids: Vec<u32>,
    pub matrix: Vec<Vec<u64>>,
    /// Key indices that moved (for the animation), at most [`MAX_ANIMATED`].
    pub moved_keys: Vec<u32>,
    /// Owners before, for the animated keys (parallel to `moved_keys`).
    pub from: Vec<u32>,
}

/// Most moved keys the ring animates.
pub const MAX_ANIMATED: usize = 600;

/// The live results for [`Inputs`].
#[derive(Clone, Debug, PartialEq)]
pub struct Live {
    pub inputs: Inputs,
    pub hashes: Vec<u64>,
    pub owners: Vec<u32>,
    /// The ring's tokens `(position, node)` for the ring-based algorithms, else empty.
    pub tokens: Vec<(u64, u32)>,
    pub rows: Vec<NodeRow>,
    pub spread: Spread,
    /// The ring model's `sqrt((n−1)/(nv+1))` for the ring, and the sampling floor.
    pub theory: Option<f64>,
    pub noise: f64,
    pub memory_bytes: u64,
    pub lookup_cost: String,
    pub movement: Option<Movement>,
    /// Keys whose replicas share a zone (zone-aware placement should make this 0 while R ≤ zones).
    pub zone_clashes: u64,
    /// The spread of request load (each key weighted by its Zipf share).
    pub request_spread: Spread,
    /// The hottest key's request share `p₁` and the node it pins.
    pub hot_share: f64,
    pub hot_owner: u32,
}

/// The keys (the first ones) whose replica sets the node table counts.
pub const REPLICA_KEYS: usize = 20_000;

/// A node's zone: its position modulo the zone count.
pub fn zone_of(nodes: &[Node], zones: u32, id: u32) -> u32 {
    nodes
        .iter()
        .position(|n| n.id == id)
        .map_or(0, |i| i as u32 % zones.max(1))
}

/// Describes the change from `prev` to `now`.
fn change_text(prev: &[Node], now: &[Node]) -> (String, Option<u32>, bool) {
    if let Some(n) = now.iter().find(|n| !prev.iter().any(|p| p.id == n.id)) {
        return (format!("added node-{}", n.id), Some(n.id), true);
    }
    if let Some(p) = prev.iter().find(|p| !now.iter().any(|n| n.id == p.id)) {
        return (format!("removed node-{}", p.id), Some(p.id), false);
    }
    for n in now {
        if let Some(p) = prev.iter().find(|p| p.id == n.id)
            && p.weight != n.weight
        {
            return (
                format!("node-{}'s weight {} → {}", n.id, p.weight, n.weight),
                Some(n.id),
                n.weight > p.weight,
            );
        }
    }
    ("no change".into(), None, true)
}

impl Live {
    /// Computes everything the page shows for `inputs` (≤ 100,000 keys: tens of ms in wasm).
    pub fn compute(inputs: &Inputs) -> Result<Live, String> {
        let c = &inputs.config;
        let placement = Placement::build(c, &inputs.nodes)?;
        let hashes = metrics::key_hashes(inputs.keys, c.hash, c.seed);
        let owners = placement.assign(&hashes);
        let ids: Vec<u32> = inputs.nodes.iter().map(|n| n.id).collect();
        let counts = metrics::key_counts(&owners, &ids);
        let ring = match &placement {
            Placement::Ring { ring }
            | Placement::Bounded { ring, .. }
            | Placement::MultiProbe { ring, .. } => Some(ring),
            _ => None,
        };
        let max_id = ids.iter().copied().max().unwrap_or(0) as usize + 1;
        let shares = ring.map(|r| r.arc_shares(max_id));
        // Replicas on the ring (the preference list is a ring notion: the vnode ring of this
        // configuration serves for every algorithm's replica view).
        let ring_for_replicas = Placement::build(
            &Config {
                algo: Algo::Ring,
                ..c.clone()
            },
            &inputs.nodes,
        )?;
        let mut replica_keys = vec![0u64; max_id];
        let mut zone_clashes = 0;
        if let Placement::Ring { ring: rr } = &ring_for_replicas {
            // Every key of one arc (between two tokens) has the same preference list: count the
            // keys per arc, then build each arc's list once.
            let mut per_token = vec![0u64; rr.len()];
            for &k in hashes.iter().take(REPLICA_KEYS) {
                if let Some(t) = rr.successor(k) {
                    per_token[t] += 1;
                }
            }
            let r = inputs.replicas as usize;
            let zones = inputs.zones.max(1) as usize;
            let mut zone_by_id = vec![0usize; max_id];
            for &id in &ids {
                zone_by_id[id as usize] = zone_of(&inputs.nodes, inputs.zones, id) as usize;
            }
            let mut seen = vec![false; zones];
            for (t, &count) in per_token.iter().enumerate().filter(|(_, c)| **c > 0) {
                let k = rr.positions()[t];
                let list = if zones > 1 {
                    zone_aware_list(rr, k, r, zones, |id| zone_by_id[id as usize])
                } else {
                    preference_list(rr, k, r)
                };
                seen.fill(false);
                for &id in &list {
                    replica_keys[id as usize] += count;
                    seen[zone_by_id[id as usize]] = true;
                }
                let distinct = seen.iter().filter(|&&z| z).count();
                if zones > 1 && distinct < list.len().min(zones) {
                    zone_clashes += count;
                }
            }
        }
        let zipf = sdlab_sim::zipf::Zipf::new(u64::from(inputs.keys), inputs.theta)
            .map_err(|e| e.to_string())?;
        let requests = metrics::loads_by(&owners, &ids, |i| zipf.pmf(i as u64 + 1));
        let counts_tokens = c.token_counts(&inputs.nodes);
        let rows = inputs
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| NodeRow {
                id: n.id,
                weight: n.weight,
                tokens: match c.algo {
                    Algo::Ring | Algo::Bounded => counts_tokens[i],
                    Algo::MultiProbe => 1,
                    _ => 0,
                },
                keys: counts[i],
                arc_share: shares.as_ref().map(|s| s[n.id as usize]),
                replica_keys: replica_keys[n.id as usize],
                zone: i as u32 % inputs.zones.max(1),
                requests: requests[i],
            })
            .collect();
        let movement = match &inputs.prev {
            Some(prev) if !prev.is_empty() => {
                let before = Placement::build(c, prev)?.assign(&hashes);
                let (what, changed, grew) = change_text(prev, &inputs.nodes);
                let mut union: Vec<u32> = prev.iter().map(|n| n.id).collect();
                for &id in &ids {
                    if !union.contains(&id) {
                        union.push(id);
                    }
                }
                let moved = metrics::moved(&before, &owners);
                let w_total = |ns: &[Node]| ns.iter().map(|n| n.weight).sum::<f64>();
                let w_of =
                    |ns: &[Node], id: u32| ns.iter().find(|n| n.id == id).map_or(0.0, |n| n.weight);
                let ideal = changed.map_or(0.0, |id| {
                    let after_share = w_of(&inputs.nodes, id) / w_total(&inputs.nodes);
                    let before_share = w_of(prev, id) / w_total(prev);
                    (after_share - before_share).abs()
                });
                let minimal = changed.is_some_and(|id| {
                    before
                        .iter()
                        .zip(&owners)
                        .all(|(&a, &b)| a == b || if grew { b == id } else { a == id })
                });
                let mut moved_keys = Vec::new();
                let mut from = Vec::new();
                for (i, (&a, &b)) in before.iter().zip(&owners).enumerate() {
                    if a != b && moved_keys.len() < MAX_ANIMATED {
                        moved_keys.push(i as u32);
                        from.push(a);
                    }
                }
                Some(Movement {
                    what,
                    moved,
                    fraction: moved as f64 / f64::from(inputs.keys),
                    ideal,
                    minimal,
                    matrix: metrics::movement_matrix(&before, &owners, &union),
                    ids: union,
                    moved_keys,
                    from,
                })
            }
            _ => None,
        };
        let hot_owner = owners.first().copied().unwrap_or(0);
        let n = inputs.nodes.len() as f64;
        let equal = inputs
            .nodes
            .iter()
            .all(|x| x.weight == inputs.nodes[0].weight);
        Ok(Live {
            tokens: ring.map_or_else(Vec::new, |r| {
                r.positions()
                    .iter()
                    .copied()
                    .zip(r.owners().iter().copied())
                    .collect()
            }),
            spread: Spread::of_counts(&counts),
            theory: (c.algo == Algo::Ring && equal)
                .then(|| metrics::ring_share_rel_stddev(n, f64::from(c.vnodes))),
            noise: metrics::sampling_noise(n, f64::from(inputs.keys)),
            memory_bytes: placement.memory_bytes(),
            lookup_cost: placement.lookup_cost(),
            inputs: inputs.clone(),
            hashes,
            owners,
            rows,
            movement,
            zone_clashes,
            request_spread: Spread::of(&requests),
            hot_share: zipf.pmf(1),
            hot_owner,
        })
    }
}

/// Where real clients put the client key: ketama's server among `servers_text`, and
/// Cassandra's Murmur3 token.
pub fn presets(servers_text: &str, key: &str) -> (Result<String, String>, i64) {
    let servers: Vec<String> = servers_text.split(',').map(String::from).collect();
    let server =
        crate::presets::Ketama::new(&servers).map(|k| k.server(key.as_bytes()).to_string());
    (server, sdlab_sim::hash::cassandra_token(key.as_bytes()))
}

/// What the key lookup shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Lookup {
    pub key: String,
    pub hash: u64,
    /// Its place on the circle, 0 to 1 turn.
    pub turn: f64,
    pub owner: u32,
    /// The preference list (zone-aware when zones > 1), with each node's zone.
    pub replicas: Vec<(u32, u32)>,
    /// Who serves it with the down nodes down, if anyone.
    pub serving: Option<u32>,
}

/// Looks `key` up under `inputs` with `down` nodes down.
pub fn lookup(inputs: &Inputs, key: &str, down: &[u32]) -> Result<Lookup, String> {
    let c = &inputs.config;
    let hash = c.hash.hash(key.as_bytes(), c.seed);
    let placement = Placement::build(c, &inputs.nodes)?;
    let owner = placement.lookup(hash);
    let ring = match Placement::build(
        &Config {
            algo: Algo::Ring,
            ..c.clone()
        },
        &inputs.nodes,
    )? {
        Placement::Ring { ring } => ring,
        _ => return Err("no ring".into()),
    };
    let r = inputs.replicas as usize;
    let mut list = if inputs.zones > 1 {
        zone_aware_list(&ring, hash, r, inputs.zones as usize, |id| {
            zone_of(&inputs.nodes, inputs.zones, id) as usize
        })
    } else {
        preference_list(&ring, hash, r)
    };
    // The algorithm's owner is the primary; the ring supplies the replicas after it.
    if list.first() != Some(&owner) {
        list.retain(|&id| id != owner);
        list.insert(0, owner);
        list.truncate(r);
    }
    Ok(Lookup {
        key: key.to_string(),
        hash,
        turn: hash as f64 / 18_446_744_073_709_551_616.0,
        owner,
        serving: serving(&list, |id| down.contains(&id)),
        replicas: list
            .iter()
            .map(|&id| (id, zone_of(&inputs.nodes, inputs.zones, id)))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn live(s: &State) -> Live {
        Live::compute(s.inputs()).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn adding_a_node_on_the_ring_moves_its_share_only_to_it() {
        let mut s = State::default();
        s.update(Event::AddNode);
        let l = live(&s);
        let m = l.movement.as_ref().unwrap_or_else(|| panic!("a movement"));
        assert_eq!(m.what, "added node-6");
        assert!(m.minimal);
        assert!((m.ideal - 1.0 / 7.0).abs() < 1e-12);
        // One ring: the moved fraction is the new node's arc share plus sampling noise.
        let share = l.rows[6].arc_share.unwrap_or(0.0);
        assert!(
            (m.fraction - share).abs() < 0.02,
            "{} vs {share}",
            m.fraction
        );
        let column: u64 = m.matrix.iter().map(|row| row[6]).sum();
        assert_eq!(column, l.rows[6].keys);
    }

    #[test]
    fn mod_n_is_not_minimal_and_jump_removal_renumbers() {
        let mut s = State::default();
        s.update(Event::SetAlgo(Algo::Modulo));
        s.update(Event::AddNode);
        let m = live(&s).movement.unwrap_or_else(|| panic!("a movement"));
        assert!(!m.minimal && m.fraction > 0.8, "{}", m.fraction);
        let mut j = State::default();
        j.update(Event::SetAlgo(Algo::Jump));
        j.update(Event::RemoveNode(1));
        assert_eq!(
            j.nodes.iter().map(|n| n.id).collect::<Vec<_>>(),
            vec![0, 5, 2, 3, 4]
        );
        let m = live(&j).movement.unwrap_or_else(|| panic!("a movement"));
        // Bucket 1's keys all move (its slot now holds node-5), and the last bucket's keys
        // spread over the 5 left, a fifth of them landing back on node-5 in slot 1:
        // 1/6 + (1/6)(4/5) = 0.3 [derived].
        assert!((m.fraction - 0.3).abs() < 0.015, "{}", m.fraction);
    }

    #[test]
    fn bad_text_keeps_the_last_valid_inputs() {
        let mut s = State::default();
        s.update(Event::SetVnodes("1000000000".into()));
        assert!(s.errors().vnodes.is_some());
        assert!(s.stale());
        assert_eq!(s.inputs().config.vnodes, 100);
        s.update(Event::SetTable("65536".into()));
        s.update(Event::SetAlgo(Algo::Maglev));
        assert!(s.errors().table.unwrap_or_default().contains("prime"));
        for bad in ["", "-1", "NaN", "0", "1e999", "abc"] {
            s.update(Event::SetEpsilon(bad.into()));
            assert!(s.errors().epsilon.is_some(), "{bad}");
            s.update(Event::SetKeys(bad.into()));
            assert!(s.errors().keys.is_some(), "{bad}");
        }
        s.update(Event::SetKeys("1000000".into()));
        assert!(
            s.errors()
                .keys
                .unwrap_or_default()
                .contains("sdlab ring stats")
        );
        s.update(Event::Reset);
        assert!(!s.stale());
    }

    #[test]
    fn weights_change_the_ideal_and_nodes_never_run_out() {
        let mut s = State::default();
        s.update(Event::SetWeight(2, 2.0));
        let l = live(&s);
        let m = l.movement.unwrap_or_else(|| panic!("a movement"));
        assert!(m.minimal, "{m:?}");
        assert!((m.ideal - (2.0 / 7.0 - 1.0 / 6.0)).abs() < 1e-12);
        assert_eq!(l.rows[2].tokens, 200);
        for id in 0..10 {
            s.update(Event::RemoveNode(id));
        }
        assert_eq!(s.nodes.len(), 1, "the last node stays");
    }

    /// A hot key pins its share on one node whatever the vnode count: request max/mean is at
    /// least `p₁ · n` (reference section 4.6).
    #[test]
    fn a_hot_key_pins_one_node() {
        let mut s = State::default();
        s.update(Event::SetTheta("1.5".into()));
        for v in ["10", "1000"] {
            s.update(Event::SetVnodes(v.into()));
            let l = live(&s);
            let bound = l.hot_share * 6.0;
            assert!(l.request_spread.max_over_mean >= bound - 1e-12, "{v}");
            // p₁ = 1/ζ(10⁴, 1.5) ≈ 0.38: the hot key alone is over twice a node's fair share.
            assert!(bound > 2.0, "{bound}");
        }
        let total: f64 = live(&s).rows.iter().map(|r| r.requests).sum();
        assert!((total - 1.0).abs() < 1e-9);
        s.update(Event::SetTheta("-1".into()));
        assert!(s.errors().theta.is_some());
    }

    #[test]
    fn lookup_gives_distinct_replicas_in_distinct_zones_and_failover() {
        let s = State::default();
        let l = lookup(s.inputs(), "user:42", &[]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(l.replicas.len(), 3);
        let mut zones: Vec<u32> = l.replicas.iter().map(|r| r.1).collect();
        zones.sort_unstable();
        zones.dedup();
        assert_eq!(zones.len(), 3);
        assert_eq!(l.serving, Some(l.owner));
        let down = [l.owner];
        let f = lookup(s.inputs(), "user:42", &down).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(f.serving, Some(l.replicas[1].0));
        assert_eq!(live(&s).zone_clashes, 0);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(40))]
        /// The node table's replica counts, made one arc at a time, against the oracle of one
        /// preference list a key, over random node sets, vnodes, keys, R, zone counts and seeds.
        #[test]
        fn replica_counts_per_arc_match_a_list_per_key(
            added in 0usize..5,
            vnodes in 1u32..40,
            keys in 1u32..30_000,
            replicas in 1u32..5,
            zones in 1u32..5,
            seed in 0u64..1_000,
            jump in proptest::bool::ANY,
        ) {
            let mut s = State::default();
            for _ in 0..added {
                s.update(Event::AddNode);
            }
            s.update(Event::SetVnodes(vnodes.to_string()));
            s.update(Event::SetKeys(keys.to_string()));
            s.update(Event::SetReplicas(replicas.to_string()));
            s.update(Event::SetZones(zones.to_string()));
            s.update(Event::SetSeed(seed.to_string()));
            if jump {
                s.update(Event::SetAlgo(Algo::Jump));
            }
            let i = s.inputs();
            let l = live(&s);
            let Ok(Placement::Ring { ring }) = Placement::build(
                &Config {
                    algo: Algo::Ring,
                    ..i.config.clone()
                },
                &i.nodes,
            ) else {
                panic!("a ring");
            };
            let max_id = i.nodes.iter().map(|n| n.id).max().unwrap_or(0) as usize + 1;
            let mut want = vec![0u64; max_id];
            let mut clashes = 0;
            for &k in l.hashes.iter().take(REPLICA_KEYS) {
                let list = if i.zones > 1 {
                    zone_aware_list(&ring, k, i.replicas as usize, i.zones as usize, |id| {
                        zone_of(&i.nodes, i.zones, id) as usize
                    })
                } else {
                    preference_list(&ring, k, i.replicas as usize)
                };
                for &id in &list {
                    want[id as usize] += 1;
                }
                let mut used: Vec<u32> = list.iter().map(|&id| zone_of(&i.nodes, i.zones, id)).collect();
                used.sort_unstable();
                used.dedup();
                if i.zones > 1 && used.len() < list.len().min(i.zones as usize) {
                    clashes += 1;
                }
            }
            let got: Vec<(u32, u64)> = l.rows.iter().map(|r| (r.id, r.replica_keys)).collect();
            let want: Vec<(u32, u64)> = i.nodes.iter().map(|n| (n.id, want[n.id as usize])).collect();
            proptest::prop_assert_eq!(got, want);
            proptest::prop_assert_eq!(l.zone_clashes, clashes);
        }
    }
}
