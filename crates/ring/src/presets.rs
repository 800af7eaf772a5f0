//! Compatibility presets: where a real client or database puts a key.
//!
//! - **ketama** (libketama, as memcached clients use it): each of `n` equal servers
//!   `"host:port"` gets 40 MD5 digests of `"<server>-<i>"`, `i = 0..39`, four little-endian
//!   32-bit points each (160 points), on a 32-bit circle; a key's point is the first four bytes
//!   of `MD5(key)` read the same way; its server owns the first point `≥` it, wrapping. Points
//!   are sorted by value, ties by server order then point order (libketama's `qsort` leaves
//!   ties unspecified).
//! - **Cassandra** `Murmur3Partitioner`: a partition key's token (`sdlab_sim::hash::
//!   cassandra_token`), and which node of an explicit token list owns it: the first token
//!   `≥` the key's, wrapping, on the signed 64-bit ring.

use sdlab_sim::hash::{ketama_key_point, ketama_points, md5};

/// Digests per server of equal weight (libketama: `floor(w/Σw · 40 · n)`, 40 when equal).
pub const KETAMA_DIGESTS: u32 = 40;
/// Most servers a ketama continuum is built for here.
pub const MAX_KETAMA_SERVERS: usize = 1_000;

/// A ketama continuum: sorted `(point, server index)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ketama {
    /// `(point, server, point index)`, the point widened to a u64 so the sort is the one the
    /// token ring already uses (one sort in the app's wasm, not two).
    points: Vec<(u64, u32, u32)>,
    servers: Vec<String>,
}

impl Ketama {
    /// The continuum of `servers` (equal weights), or why not.
    pub fn new(servers: &[String]) -> Result<Ketama, String> {
        let servers: Vec<String> = servers
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        if servers.is_empty() {
            return Err("the server list is empty: give host:port,host:port,…".into());
        }
        if let Some(bad) = servers.iter().find(|s| {
            !s.rsplit_once(':').is_some_and(|(host, port)| {
                !host.is_empty() && port.parse::<u16>().is_ok_and(|p| p > 0)
            })
        }) {
            let shown: String = bad.chars().take(40).collect();
            return Err(format!("“{shown}” is not host:port (e.g. 10.0.0.1:11211)"));
        }
        if servers.len() > MAX_KETAMA_SERVERS {
            return Err(format!("at most {MAX_KETAMA_SERVERS} servers"));
        }
        if servers
            .iter()
            .enumerate()
            .any(|(i, s)| servers[..i].contains(s))
        {
            return Err("a server is listed twice".into());
        }
        let mut points = Vec::with_capacity(servers.len() * 160);
        for (s, name) in servers.iter().enumerate() {
            for i in 0..KETAMA_DIGESTS {
                let digest = md5(format!("{name}-{i}").as_bytes());
                for (h, p) in ketama_points(&digest).into_iter().enumerate() {
                    points.push((u64::from(p), s as u32, i * 4 + h as u32));
                }
            }
        }
        points.sort_unstable();
        Ok(Ketama { points, servers })
    }

    /// The server `key` goes to.
    pub fn server(&self, key: &[u8]) -> &str {
        let p = u64::from(ketama_key_point(key));
        let i = self.points.partition_point(|t| t.0 < p);
        let i = if i == self.points.len() { 0 } else { i };
        &self.servers[self.points[i].1 as usize]
    }

    /// The key's point on the 32-bit circle.
    pub fn point(key: &[u8]) -> u32 {
        ketama_key_point(key)
    }

    /// The number of points (160 per server).
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Whether the continuum is empty (never, once built).
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }
}

/// The node owning Cassandra token `token` among `tokens` `(token, node)`: the first token
/// `≥` it on the signed ring, wrapping; `None` without tokens.
pub fn cassandra_owner(tokens: &[(i64, u32)], token: i64) -> Option<u32> {
    let mut sorted = tokens.to_vec();
    sorted.sort_unstable();
    let i = sorted.partition_point(|t| t.0 < token);
    sorted
        .get(if i == sorted.len() { 0 } else { i })
        .map(|t| t.1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sdlab_sim::hash::cassandra_token;

    fn servers(list: &str) -> Vec<String> {
        list.split(',').map(String::from).collect()
    }

    /// The continuum follows libketama's definition point by point: 160 points per server,
    /// each one a little-endian quarter of MD5("<server>-<i>").
    #[test]
    fn ketama_points_follow_the_definition() {
        let k = Ketama::new(&servers("10.0.0.1:11211,10.0.0.2:11211"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(k.len(), 320);
        let d = md5(b"10.0.0.2:11211-39");
        let p = u32::from_le_bytes([d[12], d[13], d[14], d[15]]);
        assert!(k.points.contains(&(u64::from(p), 1, 159)));
        // A key goes to the server of the first point at or after its own.
        for key in ["user:1", "user:2", "session:abc", ""] {
            let kp = u64::from(Ketama::point(key.as_bytes()));
            let want = k.points.iter().find(|t| t.0 >= kp).unwrap_or(&k.points[0]);
            assert_eq!(k.server(key.as_bytes()), k.servers[want.1 as usize]);
        }
    }

    #[test]
    fn ketama_rejects_bad_lists_and_moves_few_keys_on_add() {
        assert!(
            Ketama::new(&servers(""))
                .err()
                .unwrap_or_default()
                .contains("empty")
        );
        assert!(
            Ketama::new(&servers("a:1,a:1"))
                .err()
                .unwrap_or_default()
                .contains("twice")
        );
        let three = Ketama::new(&servers("a:1,b:1,c:1")).unwrap_or_else(|e| panic!("{e}"));
        let four = Ketama::new(&servers("a:1,b:1,c:1,d:1")).unwrap_or_else(|e| panic!("{e}"));
        let mut moved = 0;
        for i in 0..4_000 {
            let key = format!("key-{i}");
            let (a, b) = (three.server(key.as_bytes()), four.server(key.as_bytes()));
            if a != b {
                assert_eq!(b, "d:1", "a key moved between old servers");
                moved += 1;
            }
        }
        assert!(
            (600..1_400).contains(&moved),
            "moved {moved} of 4000, ideal 1000"
        );
    }

    #[test]
    fn cassandra_ownership_wraps_on_the_signed_ring() {
        let tokens = [(-100, 0), (0, 1), (100, 2)];
        assert_eq!(cassandra_owner(&tokens, -100), Some(0));
        assert_eq!(cassandra_owner(&tokens, -99), Some(1));
        assert_eq!(cassandra_owner(&tokens, 101), Some(0));
        assert_eq!(cassandra_owner(&tokens, i64::MIN), Some(0));
        assert_eq!(cassandra_owner(&[], 5), None);
        let t = cassandra_token(b"jim");
        assert_eq!(
            cassandra_owner(&tokens, t),
            Some(0),
            "jim's token {t} is above 100"
        );
    }
}
