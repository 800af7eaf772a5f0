//! Tunable consistency levels over replicas in several data centres (Cassandra's semantics; the
//! book, System Design on AWS, ch. 3, "Consistency Levels", names ANY, QUORUM, LOCAL_QUORUM,
//! EACH_QUORUM and ALL; ONE, TWO, THREE and LOCAL_ONE are standard Cassandra levels, not the
//! book's). What each level waits for, what it tolerates, whether it survives a data centre
//! being down, and whether a write level and a read level always overlap, by enumeration of
//! per-DC counts.

use serde::{Deserialize, Serialize};

/// Most data centres, and most replicas in one.
pub const MAX_DCS: usize = 4;
pub const MAX_RF: u32 = 9;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Level {
    Any,
    One,
    Two,
    Three,
    LocalOne,
    Quorum,
    LocalQuorum,
    EachQuorum,
    All,
}

impl Level {
    pub const ALL: [Level; 9] = [
        Level::Any,
        Level::One,
        Level::Two,
        Level::Three,
        Level::LocalOne,
        Level::Quorum,
        Level::LocalQuorum,
        Level::EachQuorum,
        Level::All,
    ];

    pub fn token(self) -> &'static str {
        match self {
            Level::Any => "ANY",
            Level::One => "ONE",
            Level::Two => "TWO",
            Level::Three => "THREE",
            Level::LocalOne => "LOCAL_ONE",
            Level::Quorum => "QUORUM",
            Level::LocalQuorum => "LOCAL_QUORUM",
            Level::EachQuorum => "EACH_QUORUM",
            Level::All => "ALL",
        }
    }

    /// The book's label for the level, where it gives one.
    pub fn book_label(self) -> &'static str {
        match self {
            Level::Any => "eventual (book)",
            Level::Quorum | Level::LocalQuorum => "weak (book)",
            Level::EachQuorum | Level::All => "strong (book)",
            _ => "not in the book",
        }
    }

    pub fn parse(text: &str) -> Option<Level> {
        let t = text.trim().to_ascii_uppercase().replace([' ', '-'], "_");
        Level::ALL.into_iter().find(|l| l.token() == t)
    }

    /// Whether `counts` replicas per DC (DC 0 is the coordinator's) satisfy the level.
    pub fn satisfied(self, dcs: &[u32], counts: &[u32]) -> bool {
        let total: u32 = counts.iter().sum();
        let rf: u32 = dcs.iter().sum();
        let local = counts.first().copied().unwrap_or(0);
        let majority = |n: u32| n / 2 + 1;
        match self {
            // A hint on any node: zero replicas.
            Level::Any => true,
            Level::One => total >= 1,
            Level::Two => total >= 2,
            Level::Three => total >= 3,
            Level::LocalOne => local >= 1,
            Level::Quorum => total >= majority(rf),
            Level::LocalQuorum => local >= majority(dcs.first().copied().unwrap_or(0)),
            Level::EachQuorum => dcs.iter().zip(counts).all(|(&n, &c)| c >= majority(n)),
            Level::All => dcs.iter().zip(counts).all(|(&n, &c)| c >= n),
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.token())
    }
}

impl std::str::FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Level, String> {
        Level::parse(s).ok_or_else(|| format!("unknown consistency level “{s}”"))
    }
}

/// Every vector of per-DC counts with 0 ≤ c_d ≤ n_d.
fn count_vectors(dcs: &[u32]) -> Vec<Vec<u32>> {
    let mut out = vec![Vec::new()];
    for &n in dcs {
        out = out
            .into_iter()
            .flat_map(|v| {
                (0..=n).map(move |c| {
                    let mut v = v.clone();
                    v.push(c);
                    v
                })
            })
            .collect();
    }
    out
}

/// Parses "3+3" (replicas per data centre, the coordinator's first).
pub fn parse_dcs(text: &str) -> Result<Vec<u32>, String> {
    let parts: Vec<&str> = text.split('+').map(str::trim).collect();
    if parts.len() > MAX_DCS {
        return Err(format!("at most {MAX_DCS} data centres"));
    }
    parts
        .iter()
        .map(|p| match p.parse::<u32>() {
            Ok(n) if (1..=MAX_RF).contains(&n) => Ok(n),
            _ => Err(format!(
                "write replicas per data centre as e.g. 3+3, each 1 to {MAX_RF} (“{p}” is not)"
            )),
        })
        .collect()
}

/// What a level needs and survives.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LevelFacts {
    pub level: Level,
    /// Replicas it waits for at best (ANY: 0, a hint suffices).
    pub waits_for: u32,
    /// Worst-case replica failures it always survives.
    pub tolerates: u32,
    /// Whether it still succeeds with each remote DC (index ≥ 1) entirely down.
    pub survives_dc_loss: Vec<bool>,
}

pub fn facts(level: Level, dcs: &[u32]) -> LevelFacts {
    let rf: u32 = dcs.iter().sum();
    let all = count_vectors(dcs);
    let waits_for = all
        .iter()
        .filter(|c| level.satisfied(dcs, c))
        .map(|c| c.iter().sum())
        .min()
        .unwrap_or(rf);
    // The fewest failures that leave no satisfying live set, minus one.
    let breaking = all
        .iter()
        .filter(|live| !level.satisfied(dcs, live))
        .map(|live| rf - live.iter().sum::<u32>())
        .min();
    let survives_dc_loss = (0..dcs.len())
        .map(|d| {
            let mut live = dcs.to_vec();
            live[d] = 0;
            level.satisfied(dcs, &live)
        })
        .collect();
    LevelFacts {
        level,
        waits_for,
        tolerates: breaking.map_or(rf, |b| b.saturating_sub(1)),
        survives_dc_loss,
    }
}

/// `None` when every write satisfying `write` meets every read satisfying `read`; otherwise a
/// counterexample: disjoint (write, read) counts per DC.
pub fn overlap_counterexample(
    write: Level,
    read: Level,
    dcs: &[u32],
) -> Option<(Vec<u32>, Vec<u32>)> {
    let all = count_vectors(dcs);
    for w in &all {
        if !write.satisfied(dcs, w) {
            continue;
        }
        let rest: Vec<u32> = dcs.iter().zip(w).map(|(n, c)| n - c).collect();
        // The largest disjoint read is every replica the write missed; any smaller one that
        // satisfies `read` does too only if the largest does (levels are monotone in counts).
        if read.satisfied(dcs, &rest) {
            let r = smallest_within(read, dcs, &rest);
            return Some((w.clone(), r));
        }
    }
    None
}

/// The smallest counts within `cap` (per DC) that satisfy `level`.
fn smallest_within(level: Level, dcs: &[u32], cap: &[u32]) -> Vec<u32> {
    count_vectors(cap)
        .into_iter()
        .filter(|c| level.satisfied(dcs, c))
        .min_by_key(|c| c.iter().sum::<u32>())
        .unwrap_or_else(|| cap.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Level::*;

    /// Golden: the book's 3+3 keyspace (System Design on AWS, ch. 3, "Consistency Levels"): a
    /// QUORUM write needs 4 of the 6; the rest of the reference's §2.1 table is derived.
    #[test]
    fn golden_book_three_plus_three() {
        let dcs = [3, 3];
        let f = |l| facts(l, &dcs);
        assert_eq!(f(Quorum).waits_for, 4);
        assert_eq!(f(Quorum).tolerates, 2);
        assert_eq!(f(Quorum).survives_dc_loss, vec![false, false]);
        assert_eq!((f(One).waits_for, f(One).tolerates), (1, 5));
        assert_eq!((f(LocalQuorum).waits_for, f(LocalQuorum).tolerates), (2, 1));
        assert_eq!(f(LocalQuorum).survives_dc_loss, vec![false, true]);
        assert_eq!((f(EachQuorum).waits_for, f(EachQuorum).tolerates), (4, 1));
        assert_eq!((f(All).waits_for, f(All).tolerates), (6, 0));
        assert_eq!((f(Any).waits_for, f(Any).tolerates), (0, 6));
    }

    /// The reference's §2.2 golden matrix for 3+3 (write level, read level, overlap?).
    #[test]
    fn golden_overlap_matrix() {
        let dcs = [3, 3];
        let cases = [
            (Quorum, Quorum, true),
            (All, One, true),
            (One, All, true),
            (Quorum, EachQuorum, true),
            (EachQuorum, Quorum, true),
            (EachQuorum, LocalQuorum, true),
            (LocalQuorum, LocalQuorum, true),
            (Quorum, LocalQuorum, false),
            (LocalQuorum, Quorum, false),
            (Quorum, One, false),
            (Any, All, false),
            (Any, One, false),
        ];
        for (w, r, overlap) in cases {
            let ce = overlap_counterexample(w, r, &dcs);
            assert_eq!(ce.is_none(), overlap, "{w:?} / {r:?}: {ce:?}");
            if let Some((wc, rc)) = ce {
                assert!(w.satisfied(&dcs, &wc) && r.satisfied(&dcs, &rc));
                assert!(wc.iter().zip(&rc).zip(&dcs).all(|((a, b), n)| a + b <= *n));
            }
        }
        // Quorum write of 3 in DC2 + 1 in DC1 misses a DC1 local quorum read of 2.
        assert_eq!(
            overlap_counterexample(Quorum, LocalQuorum, &dcs),
            Some((vec![1, 3], vec![2, 0]))
        );
    }

    #[test]
    fn one_dc_overlap_is_w_plus_r_above_n() {
        for n in 1..=7u32 {
            let (w, r) = (Level::Quorum, Level::Quorum);
            assert!(overlap_counterexample(w, r, &[n]).is_none());
        }
        assert!(parse_dcs("3+3").is_ok());
        assert!(parse_dcs("3+x").is_err());
        assert!(parse_dcs("0").is_err());
        assert!(parse_dcs("1+1+1+1+1").is_err());
        assert_eq!(Level::parse("local quorum"), Some(LocalQuorum));
    }
}
