//! The ring drawing as draw-ready geometry in a 400 × 400 SVG user space (0° at the top,
//! clockwise, one turn = the whole 64-bit circle): the owned arcs as one stroked path per node,
//! the tokens as ticks, keys as dots (or, past [`MAX_DOTS`], a density band of keys per degree),
//! and the keys that moved in the last change with the angles they travel. The page only turns
//! these into elements; the numbers are tested here.

use crate::model::Live;

/// The drawing's size in user units.
pub const SIZE: f64 = 400.0;
const C: f64 = SIZE / 2.0;
/// Radius of the owned arcs.
pub const R_ARCS: f64 = 176.0;
/// Radius of the token ticks (inner end) and their length.
pub const R_TICKS: f64 = 160.0;
const TICK: f64 = 9.0;
/// Radius of the key dots.
pub const R_KEYS: f64 = 146.0;
/// Radius of the moved keys' lane.
pub const R_MOVED: f64 = 134.0;
/// Inner radius of the density band, and its greatest length.
const R_DENSITY: f64 = 96.0;
const DENSITY_LEN: f64 = 30.0;
/// Most key dots drawn; past it the keys become a density band.
pub const MAX_DOTS: usize = 1_500;
/// Most tokens drawn one by one; past it arcs are drawn at 1/2048-turn resolution.
pub const MAX_TICKS: usize = 4_000;
/// Node colours the stylesheet defines (`ring-c0` … `ring-c11`).
pub const COLOURS: u32 = 12;

/// A point at `turn` (0 to 1, clockwise from the top) and radius `r`.
pub fn point(turn: f64, r: f64) -> (f64, f64) {
    let a = 2.0 * core::f64::consts::PI * turn;
    (C + r * libm::sin(a), C - r * libm::cos(a))
}

/// A 64-bit ring position as a turn.
pub fn turn_of(position: u64) -> f64 {
    position as f64 / 18_446_744_073_709_551_616.0
}

/// One node's drawing: its colour class index and path data.
#[derive(Clone, Debug, PartialEq)]
pub struct NodePaths {
    pub id: u32,
    pub colour: u32,
    /// The arcs it owns (stroked).
    pub arcs: String,
    /// Its token ticks (stroked).
    pub ticks: String,
}

/// A key dot.
#[derive(Clone, Debug, PartialEq)]
pub struct Dot {
    pub index: u32,
    pub x: f64,
    pub y: f64,
    pub colour: u32,
    pub owner: u32,
}

/// A key that moved: it turns from `from_deg` to `to_deg` about the centre, its colour from
/// the old owner's to the new one's.
#[derive(Clone, Debug, PartialEq)]
pub struct MovedDot {
    pub from_deg: f64,
    pub to_deg: f64,
    pub from_colour: u32,
    pub to_colour: u32,
}

impl MovedDot {
    /// Where the key is at `progress` (0 to 1) of its slide along the moved keys' lane, eased
    /// as CSS's `ease-in-out`; the old owner's colour gives way to the new one's by `progress`.
    pub fn at(&self, progress: f64) -> (f64, f64) {
        self.at_eased(ease_in_out(progress))
    }

    /// Where the key is once `eased` (the eased progress, 0 to 1) of its turn is done.
    pub fn at_eased(&self, eased: f64) -> (f64, f64) {
        let deg = self.from_deg + (self.to_deg - self.from_deg) * eased;
        point(deg / 360.0, R_MOVED)
    }
}

/// CSS's `ease-in-out`, `cubic-bezier(0.42, 0, 0.58, 1)`, at `p` clamped to 0…1: the curve's
/// x(t) = p solved by bisection (x is monotone), then y(t).
pub fn ease_in_out(p: f64) -> f64 {
    let p = if p.is_nan() { 1.0 } else { p.clamp(0.0, 1.0) };
    // A cubic Bézier from (0, 0) to (1, 1) with control points (a, 0) and (1 − a, 1).
    let bezier = |t: f64, c1: f64, c2: f64| {
        let u = 1.0 - t;
        3.0 * u * u * t * c1 + 3.0 * u * t * t * c2 + t * t * t
    };
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..40 {
        let mid = 0.5 * (lo + hi);
        if bezier(mid, 0.42, 0.58) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    bezier(0.5 * (lo + hi), 0.0, 1.0)
}

/// Everything the ring view draws.
#[derive(Clone, Debug, PartialEq)]
pub struct Geometry {
    pub view_box: String,
    /// The same window as numbers: its left, top and width (it is square).
    pub window: (f64, f64, f64),
    pub nodes: Vec<NodePaths>,
    pub dots: Vec<Dot>,
    /// Keys per degree as radial bars (one path), when keys are too many for dots.
    pub density: Option<String>,
    pub moved: Vec<MovedDot>,
    /// Whether arcs exist (ring-based algorithms); otherwise owners are scattered.
    pub has_arcs: bool,
    /// "1,500 of 10,000 keys drawn as dots" and the like.
    pub note: String,
}

fn colour(id: u32) -> u32 {
    id % COLOURS
}

/// Appends `v` with two decimals (`v` rounded half away from zero): path data for thousands of
/// arcs and ticks, built without core's float formatting, which costs several times more.
fn fixed2(out: &mut String, v: f64) {
    let hundredths = (v * 100.0).round();
    if !hundredths.is_finite() || hundredths.abs() >= 1e15 {
        use std::fmt::Write;
        let _ = write!(out, "{v:.2}");
        return;
    }
    let n = hundredths as i64;
    if n < 0 {
        out.push('-');
    }
    let n = n.unsigned_abs();
    let mut digits = [0u8; 20];
    let mut len = 0;
    let mut whole = n / 100;
    loop {
        digits[len] = b'0' + (whole % 10) as u8;
        len += 1;
        whole /= 10;
        if whole == 0 {
            break;
        }
    }
    out.extend(digits[..len].iter().rev().map(|&d| char::from(d)));
    out.push('.');
    out.push(char::from(b'0' + (n / 10 % 10) as u8));
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// Appends `M x0 y0 L x1 y1`.
fn segment(out: &mut String, (x0, y0): (f64, f64), (x1, y1): (f64, f64)) {
    out.push('M');
    fixed2(out, x0);
    out.push(' ');
    fixed2(out, y0);
    out.push('L');
    fixed2(out, x1);
    out.push(' ');
    fixed2(out, y1);
}

/// An arc subpath from `t0` to `t1` (turns, `t1 > t0`) at radius `r`.
fn arc(out: &mut String, t0: f64, t1: f64, r: f64) {
    let (x0, y0) = point(t0, r);
    let (x1, y1) = point(t1, r);
    out.push('M');
    fixed2(out, x0);
    out.push(' ');
    fixed2(out, y0);
    out.push('A');
    fixed2(out, r);
    out.push(' ');
    fixed2(out, r);
    out.push_str(if t1 - t0 > 0.5 { " 0 1 1 " } else { " 0 0 1 " });
    fixed2(out, x1);
    out.push(' ');
    fixed2(out, y1);
}

/// The window of turns visible at `zoom` looking at `pan` degrees, as (centre, half-width).
pub fn window(zoom: u32, pan: u32) -> (f64, f64) {
    let half = if zoom <= 1 {
        0.5
    } else {
        (SIZE / f64::from(zoom)) / (2.0 * core::f64::consts::PI * R_KEYS)
    };
    (f64::from(pan % 360) / 360.0, half.min(0.5))
}

fn visible(turn: f64, (centre, half): (f64, f64)) -> bool {
    let d = (turn - centre).rem_euclid(1.0);
    d <= half || d >= 1.0 - half
}

impl Geometry {
    /// The geometry of `live` at `zoom` (1 = the whole ring) looking at `pan` degrees.
    pub fn new(live: &Live, zoom: u32, pan: u32) -> Geometry {
        let zoom = zoom.max(1);
        let win = window(zoom, pan);
        let (view_box, window) = if zoom == 1 {
            (format!("0 0 {SIZE} {SIZE}"), (0.0, 0.0, SIZE))
        } else {
            let w = SIZE / f64::from(zoom);
            let (x, y) = point(win.0, R_KEYS + 10.0);
            let (left, top) = (x - w / 2.0, y - w / 2.0);
            (format!("{left:.2} {top:.2} {w:.2} {w:.2}"), (left, top, w))
        };
        let ids: Vec<u32> = live.inputs.nodes.iter().map(|n| n.id).collect();
        let mut nodes: Vec<NodePaths> = ids
            .iter()
            .map(|&id| NodePaths {
                id,
                colour: colour(id),
                arcs: String::new(),
                ticks: String::new(),
            })
            .collect();
        let slot = |id: u32| ids.iter().position(|&x| x == id);
        let tokens = &live.tokens;
        let has_arcs = !tokens.is_empty();
        let exact = tokens.len() <= MAX_TICKS || zoom > 1;
        if has_arcs {
            if exact {
                // Token i owns (t_{i−1}, t_i]; the first owns the wrap arc.
                for (i, &(p, owner)) in tokens.iter().enumerate() {
                    let t1 = turn_of(p);
                    let t0 = if i == 0 {
                        turn_of(tokens[tokens.len() - 1].0) - 1.0
                    } else {
                        turn_of(tokens[i - 1].0)
                    };
                    if !(visible(t1, win) || visible(t0.rem_euclid(1.0), win)) && zoom > 1 {
                        continue;
                    }
                    if let Some(s) = slot(owner) {
                        let span = if tokens.len() == 1 { 0.9999 } else { t1 - t0 };
                        if span > 0.0 {
                            arc(&mut nodes[s].arcs, t1 - span, t1, R_ARCS);
                        }
                        segment(
                            &mut nodes[s].ticks,
                            point(t1, R_TICKS),
                            point(t1, R_TICKS + TICK),
                        );
                    }
                }
            } else {
                // Too many tokens to draw one by one: the owner at each bin's midpoint.
                const BINS: usize = 2_048;
                let mut run: Option<(usize, u32)> = None;
                for b in 0..=BINS {
                    let owner = (b < BINS).then(|| {
                        let mid =
                            ((b as f64 + 0.5) / BINS as f64 * 18_446_744_073_709_551_616.0) as u64;
                        let i = tokens.partition_point(|t| t.0 < mid);
                        tokens[if i == tokens.len() { 0 } else { i }].1
                    });
                    match (run, owner) {
                        (Some((_, o)), Some(now)) if o == now => {}
                        (Some((start, o)), _) => {
                            if let Some(s) = slot(o) {
                                arc(
                                    &mut nodes[s].arcs,
                                    start as f64 / BINS as f64,
                                    b as f64 / BINS as f64,
                                    R_ARCS,
                                );
                            }
                            run = owner.map(|now| (b, now));
                        }
                        (None, Some(now)) => run = Some((b, now)),
                        (None, None) => {}
                    }
                }
            }
        }
        let keys = live.hashes.len();
        let in_view: Vec<usize> = (0..keys)
            .filter(|&i| zoom == 1 || visible(turn_of(live.hashes[i]), win))
            .take(MAX_DOTS + 1)
            .collect();
        let (dots, density, note) = if in_view.len() <= MAX_DOTS {
            let dots = in_view
                .iter()
                .map(|&i| {
                    let (x, y) = point(turn_of(live.hashes[i]), R_KEYS);
                    Dot {
                        index: i as u32,
                        x,
                        y,
                        colour: colour(live.owners[i]),
                        owner: live.owners[i],
                    }
                })
                .collect();
            let note = if zoom == 1 {
                format!("every key drawn as a dot ({keys})")
            } else {
                format!("the {} keys in view drawn as dots", in_view.len())
            };
            (dots, None, note)
        } else {
            let mut bins = [0u32; 360];
            for &h in &live.hashes {
                bins[((turn_of(h) * 360.0) as usize).min(359)] += 1;
            }
            let max = f64::from(bins.iter().copied().max().unwrap_or(1).max(1));
            let mut d = String::new();
            for (b, &n) in bins.iter().enumerate() {
                let t = (b as f64 + 0.5) / 360.0;
                segment(
                    &mut d,
                    point(t, R_DENSITY),
                    point(t, R_DENSITY + DENSITY_LEN * f64::from(n) / max),
                );
            }
            (
                Vec::new(),
                Some(d),
                format!("{keys} keys: a density band of keys per degree (zoom in for dots)"),
            )
        };
        let moved = live.movement.as_ref().map_or_else(Vec::new, |m| {
            m.moved_keys
                .iter()
                .zip(&m.from)
                .filter(|(i, _)| zoom == 1 || visible(turn_of(live.hashes[**i as usize]), win))
                .map(|(&i, &from)| {
                    let h = live.hashes[i as usize];
                    let to = live.owners[i as usize];
                    let from_deg = turn_of(h) * 360.0;
                    // On a ring the key slides clockwise to the token that owns it now.
                    let to_deg = if has_arcs {
                        let j = tokens.partition_point(|t| t.0 < h);
                        let (p, _) = tokens[if j == tokens.len() { 0 } else { j }];
                        let mut d = turn_of(p) * 360.0;
                        if d < from_deg {
                            d += 360.0;
                        }
                        d
                    } else {
                        from_deg
                    };
                    MovedDot {
                        from_deg,
                        to_deg,
                        from_colour: colour(from),
                        to_colour: colour(to),
                    }
                })
                .collect()
        });
        nodes.retain(|n| !n.arcs.is_empty() || !n.ticks.is_empty() || !has_arcs);
        Geometry {
            view_box,
            window,
            nodes,
            dots,
            density,
            moved,
            has_arcs,
            note,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Event, State};

    fn live(s: &State) -> Live {
        Live::compute(s.inputs()).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn points_start_at_the_top_and_go_clockwise() {
        let (x, y) = point(0.0, 100.0);
        assert!((x - 200.0).abs() < 1e-9 && (y - 100.0).abs() < 1e-9);
        let (x, y) = point(0.25, 100.0);
        assert!((x - 300.0).abs() < 1e-9 && (y - 200.0).abs() < 1e-9);
    }

    #[test]
    fn small_key_sets_are_dots_large_ones_a_band() {
        let mut s = State::default();
        s.update(Event::SetKeys("500".into()));
        let g = Geometry::new(&live(&s), 1, 0);
        assert_eq!(g.dots.len(), 500);
        assert!(g.density.is_none() && g.has_arcs);
        assert_eq!(g.nodes.len(), 6);
        assert_eq!(g.nodes[0].ticks.matches('M').count(), 100);
        s.update(Event::SetKeys("10000".into()));
        let g = Geometry::new(&live(&s), 1, 0);
        assert!(g.dots.is_empty() && g.density.is_some());
        // Zoomed in, the keys in view become dots again.
        let z = Geometry::new(&live(&s), 16, 90);
        assert!(
            !z.dots.is_empty() && z.dots.len() < 1_000,
            "{}",
            z.dots.len()
        );
        assert!(z.view_box.ends_with("25.00 25.00"), "{}", z.view_box);
    }

    #[test]
    fn path_numbers_read_as_core_formats_them() {
        // Oracle: `format!("{:.2}")`, away from exact ties (where the two may round apart).
        let mut rng = sdlab_sim::rng::Rng::seeded(4);
        for i in 0..10_000 {
            let v = (rng.uniform() - 0.5) * if i % 2 == 0 { 900.0 } else { 3.0 };
            if ((v * 100.0).fract().abs() - 0.5).abs() < 1e-6 || v.abs() < 0.005 {
                continue;
            }
            let mut ours = String::new();
            fixed2(&mut ours, v);
            assert_eq!(ours, format!("{v:.2}"));
        }
        let mut big = String::new();
        fixed2(&mut big, 1e300);
        assert_eq!(big, format!("{:.2}", 1e300));
    }

    #[test]
    fn the_slide_is_eased_and_ends_where_it_should() {
        // CSS ease-in-out is symmetric: e(p) + e(1 − p) = 1, e(½) = ½; it starts and ends
        // slowly (e(0.1) ≈ 0.0198 by the Bézier, to 1e-3), and is monotone.
        assert!(ease_in_out(0.0).abs() < 1e-9);
        assert!((ease_in_out(1.0) - 1.0).abs() < 1e-9);
        assert!((ease_in_out(0.5) - 0.5).abs() < 1e-9);
        assert!(
            (ease_in_out(0.1) - 0.0198).abs() < 1e-3,
            "{}",
            ease_in_out(0.1)
        );
        let mut last = 0.0;
        for i in 0..=100 {
            let p = f64::from(i) / 100.0;
            let e = ease_in_out(p);
            assert!(e >= last - 1e-12 && (e + ease_in_out(1.0 - p) - 1.0).abs() < 1e-9);
            last = e;
        }
        assert!(ease_in_out(-3.0).abs() < 1e-9);
        assert!((ease_in_out(f64::NAN) - 1.0).abs() < 1e-9);
        let d = MovedDot {
            from_deg: 90.0,
            to_deg: 180.0,
            from_colour: 0,
            to_colour: 1,
        };
        let close =
            |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9;
        assert!(close(d.at(0.0), (C + R_MOVED, C)), "3 o'clock");
        assert!(close(d.at(1.0), (C, C + R_MOVED)), "6 o'clock");
    }

    #[test]
    fn moved_keys_slide_clockwise_to_their_new_token() {
        let mut s = State::default();
        s.update(Event::AddNode);
        let l = live(&s);
        let g = Geometry::new(&l, 1, 0);
        let m = l.movement.as_ref().map_or(0, |m| m.moved_keys.len());
        assert_eq!(g.moved.len(), m);
        assert!(m > 0);
        for d in &g.moved {
            assert!(d.to_deg >= d.from_deg && d.to_deg - d.from_deg < 360.0);
            assert_eq!(d.to_colour, 6);
        }
        s.update(Event::SetAlgo(crate::Algo::Rendezvous));
        let g = Geometry::new(&live(&s), 1, 0);
        assert!(!g.has_arcs);
        assert!(g.moved.iter().all(|d| d.to_deg == d.from_deg));
    }

    #[test]
    fn many_tokens_are_drawn_by_bins() {
        let mut s = State::default();
        s.update(Event::SetVnodes("2000".into()));
        let g = Geometry::new(&live(&s), 1, 0);
        assert!(g.nodes.iter().all(|n| n.ticks.is_empty()));
        let arcs: usize = g.nodes.iter().map(|n| n.arcs.matches('M').count()).sum();
        assert!(arcs > 100 && arcs <= 2_048, "{arcs}");
    }

    #[test]
    fn the_eased_position_is_the_one_at_gives() {
        let d = MovedDot {
            from_deg: 10.0,
            to_deg: 200.0,
            from_colour: 0,
            to_colour: 1,
        };
        for p in [0.0, 0.3, 0.5, 1.0] {
            assert_eq!(d.at(p), d.at_eased(ease_in_out(p)));
        }
    }
}
