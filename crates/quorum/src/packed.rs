//! Lists of f64 serialised as bytes (little-endian), so a run's trials cross from a worker to the
//! page as one byte array (a `Uint8Array` through serde-wasm-bindgen, copied in one go) rather
//! than as a million JavaScript numbers. For `#[serde(with = "…")]` on `Vec<f64>` and
//! `Vec<Vec<f64>>`; any format that has no bytes (JSON) gets a list of byte values, which still
//! round-trips.

use serde::de::{Deserializer, Error, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

struct Bytes<'a>(&'a [f64]);

impl Serialize for Bytes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let bytes: Vec<u8> = self.0.iter().flat_map(|x| x.to_le_bytes()).collect();
        s.serialize_bytes(&bytes)
    }
}

struct Floats(Vec<f64>);

impl<'de> Deserialize<'de> for Floats {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Floats;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("bytes holding little-endian f64s")
            }
            fn visit_bytes<E: Error>(self, b: &[u8]) -> Result<Floats, E> {
                if !b.len().is_multiple_of(8) {
                    return Err(E::custom("byte length is not a multiple of 8"));
                }
                Ok(Floats(
                    b.chunks_exact(8)
                        .map(|c| {
                            let mut w = [0u8; 8];
                            w.copy_from_slice(c);
                            f64::from_le_bytes(w)
                        })
                        .collect(),
                ))
            }
            fn visit_byte_buf<E: Error>(self, b: Vec<u8>) -> Result<Floats, E> {
                self.visit_bytes(&b)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Floats, A::Error> {
                let mut bytes = Vec::new();
                while let Some(b) = seq.next_element::<u8>()? {
                    bytes.push(b);
                }
                self.visit_bytes(&bytes)
            }
        }
        d.deserialize_bytes(V)
    }
}

/// `Vec<f64>` as bytes.
pub mod list {
    use super::*;
    pub fn serialize<S: Serializer>(v: &[f64], s: S) -> Result<S::Ok, S::Error> {
        Bytes(v).serialize(s)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
        Floats::deserialize(d).map(|f| f.0)
    }
}

/// `Vec<Vec<f64>>` as a list of byte arrays.
pub mod lists {
    use super::*;
    pub fn serialize<S: Serializer>(v: &[Vec<f64>], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(v.len()))?;
        for l in v {
            seq.serialize_element(&Bytes(l))?;
        }
        seq.end()
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<f64>>, D::Error> {
        Vec::<Floats>::deserialize(d).map(|v| v.into_iter().map(|f| f.0).collect())
    }
}

#[cfg(test)]
mod tests {
    use crate::wars::Samples;

    #[test]
    fn samples_round_trip_bit_for_bit() {
        let s = Samples {
            trials: 2,
            tau: vec![vec![-1.5, f64::INFINITY], vec![]],
            tau_k: vec![0.1, f64::NEG_INFINITY],
            write: vec![vec![1e-300, 3.0]],
            read: vec![vec![2.0, 5.0]],
        };
        let text = serde_json::to_string(&s).expect("serialises");
        let back: Samples = serde_json::from_str(&text).expect("deserialises");
        assert_eq!(back, s);
        assert!(
            serde_json::from_str::<Samples>(&text.replace("[0,0,0,0,0,0,248,191", "[0,0,0"))
                .is_err()
        );
    }
}
