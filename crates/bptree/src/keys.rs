//! Keys and the workloads that produce them: sorted, reverse-sorted and shuffled integers (the
//! same key set in three orders), and UUIDs version 4 (random) and 7 (time-ordered, RFC 9562),
//! all drawn from the seeded `sdlab_sim::rng` source, so a seed gives the same keys everywhere.

use std::fmt;
use std::str::FromStr;

use sdlab_sim::rng::Rng;
use serde::{Deserialize, Serialize};

/// An index key: an integer, or a 128-bit UUID compared as unsigned big-endian bytes (which is
/// how a UUID's 16 bytes sort in an index).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Key(pub u128);

impl Key {
    /// Whether the key is a UUID (anything past 64 bits; integers typed in stay below).
    pub fn is_uuid(self) -> bool {
        self.0 > u128::from(u64::MAX)
    }

    /// The key as a node box shows it: an integer whole, a UUID by eight of its hex digits
    /// (digits 9–16: for a v7 UUID the low bits of its millisecond, its version and `rand_a`).
    pub fn short(self) -> String {
        if self.is_uuid() {
            let hex = format!("{:032x}", self.0);
            format!("…{}", &hex[8..16])
        } else {
            self.0.to_string()
        }
    }
}

/// Integers in decimal; UUIDs in their canonical 8-4-4-4-12 form.
impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_uuid() {
            let h = format!("{:032x}", self.0);
            write!(
                f,
                "{}-{}-{}-{}-{}",
                &h[..8],
                &h[8..12],
                &h[12..16],
                &h[16..20],
                &h[20..]
            )
        } else {
            write!(f, "{}", self.0)
        }
    }
}

/// Parses an integer 0 … 2⁶⁴ − 1 or a UUID (hex with or without hyphens).
impl FromStr for Key {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let t = text.trim();
        if t.is_empty() {
            return Err("a key is missing".into());
        }
        if let Ok(n) = t.parse::<u64>() {
            return Ok(Key(u128::from(n)));
        }
        let hex: String = t.chars().filter(|&c| c != '-').collect();
        if t.contains('-') && hex.len() == 32 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return u128::from_str_radix(&hex, 16)
                .map(Key)
                .map_err(|_| format!("“{t}” is not a UUID"));
        }
        let shown: String = t.chars().take(24).collect();
        Err(format!(
            "“{shown}” is not a key: use a whole number from 0 to 18446744073709551615 or a UUID"
        ))
    }
}

/// The order keys arrive in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Workload {
    /// 10, 20, …, 10n shuffled (Fisher–Yates).
    Random,
    /// 10, 20, …, 10n.
    Sorted,
    /// 10n, …, 20, 10.
    Reverse,
    /// Random UUIDs, version 4.
    Uuid4,
    /// Time-ordered UUIDs, version 7, [`UUID7_KEYS_PER_MS`] per millisecond of a simulated clock,
    /// a counter in `rand_a`.
    Uuid7,
}

pub const WORKLOADS: [Workload; 5] = [
    Workload::Random,
    Workload::Sorted,
    Workload::Reverse,
    Workload::Uuid4,
    Workload::Uuid7,
];

impl Workload {
    pub fn token(self) -> &'static str {
        match self {
            Workload::Random => "random",
            Workload::Sorted => "sorted",
            Workload::Reverse => "reverse",
            Workload::Uuid4 => "uuid4",
            Workload::Uuid7 => "uuid7",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Workload::Random => "random order",
            Workload::Sorted => "ascending",
            Workload::Reverse => "descending",
            Workload::Uuid4 => "UUIDv4 (random)",
            Workload::Uuid7 => "UUIDv7 (time-ordered)",
        }
    }

    /// Bytes of one key of this workload in an index (bigint or UUID).
    pub fn key_bytes(self) -> u32 {
        match self {
            Workload::Uuid4 | Workload::Uuid7 => 16,
            _ => 8,
        }
    }
}

impl fmt::Display for Workload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.token())
    }
}

impl FromStr for Workload {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        WORKLOADS
            .into_iter()
            .find(|w| w.token() == s)
            .ok_or_else(|| "use random, sorted, reverse, uuid4 or uuid7".to_string())
    }
}

/// Where the simulated clock of v7 UUIDs starts: 2025-06-15T16:26:40Z, in Unix milliseconds.
pub const UUID7_EPOCH_MS: u64 = 1_750_000_000_000;
/// Keys a v7 generator makes per millisecond of its simulated clock: several share one, told
/// apart and kept in order by the counter in `rand_a`.
pub const UUID7_KEYS_PER_MS: u64 = 4;

/// A UUID version 4: 122 random bits, version nibble 4, variant `10` (RFC 9562 §5.4).
pub fn uuid4(rng: &mut Rng) -> Key {
    let bits = (u128::from(rng.next_u64()) << 64) | u128::from(rng.next_u64());
    Key(with_version(bits, 4))
}

/// A UUID version 7 for Unix time `ms`: 48 bits of milliseconds, version 7, the 12-bit `rand_a`
/// field holding `counter` (the key's rank within its millisecond: RFC 9562 §6.2, method 1, so
/// keys from one generator ascend strictly), the variant, and 62 random bits `rand_b` (§5.7).
pub fn uuid7(ms: u64, counter: u16, rng: &mut Rng) -> Key {
    let rand_b = u128::from(rng.next_u64()) & ((1u128 << 62) - 1);
    let bits =
        (u128::from(ms & 0xFFFF_FFFF_FFFF) << 80) | (u128::from(counter & 0x0FFF) << 64) | rand_b;
    Key(with_version(bits, 7))
}

fn with_version(bits: u128, version: u128) -> u128 {
    let cleared = bits & !(0xFu128 << 76) & !(0b11u128 << 62);
    cleared | (version << 76) | (0b10u128 << 62)
}

/// A uniform draw in 0 … n − 1 (n ≥ 1), by Lemire's multiply-shift: no modulo bias that matters,
/// and no `usize`.
fn below(rng: &mut Rng, n: u64) -> u64 {
    ((u128::from(rng.next_u64()) * u128::from(n)) >> 64) as u64
}

/// The `i`-th key (0-based) of an integer workload of `n` keys: 10(i + 1), or from the top.
fn integer(i: u64, n: u64, reverse: bool) -> Key {
    let rank = if reverse { n - i } else { i + 1 };
    Key(u128::from(rank) * 10)
}

/// `n` keys of `workload` for `seed`, in arrival order.
pub fn generate(workload: Workload, n: u64, seed: u64) -> Vec<Key> {
    let mut rng = Rng::seeded(seed);
    match workload {
        Workload::Sorted => (0..n).map(|i| integer(i, n, false)).collect(),
        Workload::Reverse => (0..n).map(|i| integer(i, n, true)).collect(),
        Workload::Random => {
            let mut keys: Vec<Key> = (0..n).map(|i| integer(i, n, false)).collect();
            for i in (1..keys.len()).rev() {
                let j = below(&mut rng, i as u64 + 1) as usize;
                keys.swap(i, j);
            }
            keys
        }
        Workload::Uuid4 => (0..n).map(|_| uuid4(&mut rng)).collect(),
        Workload::Uuid7 => (0..n)
            .map(|i| {
                let counter = (i % UUID7_KEYS_PER_MS) as u16;
                uuid7(UUID7_EPOCH_MS + i / UUID7_KEYS_PER_MS, counter, &mut rng)
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_carry_their_version_and_variant() {
        let mut rng = Rng::seeded(1);
        for _ in 0..100 {
            let v4 = uuid4(&mut rng).to_string();
            assert_eq!(&v4[14..15], "4", "{v4}");
            assert!(matches!(&v4[19..20], "8" | "9" | "a" | "b"), "{v4}");
            let v7 = uuid7(UUID7_EPOCH_MS, 5, &mut rng).to_string();
            assert_eq!(&v7[15..18], "005", "{v7}: the counter in rand_a");
            assert_eq!(&v7[14..15], "7", "{v7}");
            assert!(matches!(&v7[19..20], "8" | "9" | "a" | "b"), "{v7}");
            // The first 48 bits are the milliseconds, big-endian (RFC 9562 §5.7).
            assert_eq!(
                &v7[..13].replace('-', ""),
                &format!("{UUID7_EPOCH_MS:012x}")
            );
        }
    }

    #[test]
    fn v7_keys_ascend_and_v4_keys_do_not() {
        let keys = generate(Workload::Uuid7, 1_000, 3);
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(
            (keys[999].0 >> 80) as u64,
            UUID7_EPOCH_MS + 999 / UUID7_KEYS_PER_MS
        );
        let v4 = generate(Workload::Uuid4, 1_000, 3);
        assert!(v4.windows(2).any(|w| w[0] > w[1]));
    }

    #[test]
    fn workloads_are_the_same_keys_in_other_orders_and_seeded() {
        let mut random = generate(Workload::Random, 500, 9);
        assert_eq!(random, generate(Workload::Random, 500, 9));
        assert_ne!(random, generate(Workload::Random, 500, 10));
        random.sort();
        assert_eq!(random, generate(Workload::Sorted, 500, 0));
        let mut reverse = generate(Workload::Reverse, 500, 0);
        reverse.reverse();
        assert_eq!(reverse, random);
    }

    #[test]
    fn keys_parse_and_print() {
        assert_eq!("42".parse::<Key>(), Ok(Key(42)));
        assert!("x1".parse::<Key>().is_err());
        assert!("-3".parse::<Key>().is_err());
        assert!("".parse::<Key>().is_err());
        let u = uuid4(&mut Rng::seeded(5));
        assert_eq!(u.to_string().parse::<Key>(), Ok(u));
        assert_eq!(Key(7).short(), "7");
        assert_eq!(u.short().chars().count(), 9);
    }
}
