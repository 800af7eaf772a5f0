//! The block diagram laid out as a reliability block diagram: series blocks left to right,
//! parallel and k-of-n blocks stacked between two rails, standby pairs stacked and marked,
//! shared-fate zones as dashed frames around their blocks. Pure geometry in abstract units
//! (one unit ≈ one CSS pixel); the page draws it as SVG and colours each box by its share of the
//! downtime.

use crate::diagram::{Diagram, Node};

/// Width and height of a component's box.
pub const BOX_W: f64 = 164.0;
pub const BOX_H: f64 = 44.0;
/// Space between blocks in series, and between stacked blocks.
const GAP_X: f64 = 28.0;
const GAP_Y: f64 = 14.0;
/// Room for the rails of a parallel group, left and right.
const RAIL: f64 = 18.0;
/// Room above a frame's contents for its label.
const FRAME_HEAD: f64 = 22.0;
const FRAME_PAD: f64 = 10.0;
/// Room above a stacked group for its tag ("2 of 3").
const TAG_H: f64 = 18.0;
/// The drawing's margin.
const MARGIN: f64 = 12.0;

/// One thing to draw.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// A component (or a standby member): the block at `path` (a standby member is its pair's
    /// path), its name, and its share of the downtime.
    Block {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        path: Vec<usize>,
        /// 0, or 1 for a standby pair's standby.
        part: usize,
        label: String,
        share: f64,
    },
    /// A connecting line.
    Line { x1: f64, y1: f64, x2: f64, y2: f64 },
    /// A labelled frame around a group's blocks: dashed for a shared-fate zone.
    Frame {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        path: Vec<usize>,
        label: String,
        dashed: bool,
        share: f64,
    },
    /// A small label: a k-of-n group's "2 of 3", a standby pair's "active-passive".
    Tag {
        x: f64,
        y: f64,
        text: String,
        path: Vec<usize>,
    },
}

/// The laid-out diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct Drawing {
    pub width: f64,
    pub height: f64,
    pub shapes: Vec<Shape>,
}

/// A laid-out block: its shapes at the origin, its size, and where lines attach (the middle
/// of its left and right edges, at height `mid`).
struct Laid {
    w: f64,
    h: f64,
    mid: f64,
    shapes: Vec<Shape>,
}

fn shift(shapes: &mut [Shape], dx: f64, dy: f64) {
    for s in shapes {
        match s {
            Shape::Block { x, y, .. } | Shape::Frame { x, y, .. } | Shape::Tag { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Shape::Line { x1, y1, x2, y2 } => {
                *x1 += dx;
                *x2 += dx;
                *y1 += dy;
                *y2 += dy;
            }
        }
    }
}

fn line(x1: f64, y1: f64, x2: f64, y2: f64) -> Shape {
    Shape::Line { x1, y1, x2, y2 }
}

struct Ctx<'a> {
    d: &'a Diagram,
    share: &'a dyn Fn(&[usize]) -> f64,
}

fn block(label: String, path: &[usize], part: usize, share: f64) -> Laid {
    Laid {
        w: BOX_W,
        h: BOX_H,
        mid: BOX_H / 2.0,
        shapes: vec![Shape::Block {
            x: 0.0,
            y: 0.0,
            w: BOX_W,
            h: BOX_H,
            path: path.to_vec(),
            part,
            label,
            share,
        }],
    }
}

/// Blocks left to right, joined at their attachment heights.
fn row(parts: Vec<Laid>) -> Laid {
    let mid = parts.iter().map(|p| p.mid).fold(0.0, f64::max);
    let below = parts.iter().map(|p| p.h - p.mid).fold(0.0, f64::max);
    let mut shapes = Vec::new();
    let mut x = 0.0;
    let n = parts.len();
    for (i, mut p) in parts.into_iter().enumerate() {
        shift(&mut p.shapes, x, mid - p.mid);
        shapes.append(&mut p.shapes);
        x += p.w;
        if i + 1 < n {
            shapes.push(line(x, mid, x + GAP_X, mid));
            x += GAP_X;
        }
    }
    Laid {
        w: x,
        h: mid + below,
        mid,
        shapes,
    }
}

/// Blocks stacked between two rails, each joined to both.
fn stack(parts: Vec<Laid>, tag: Option<(String, Vec<usize>)>) -> Laid {
    let inner_w = parts.iter().map(|p| p.w).fold(0.0, f64::max);
    let top = if tag.is_some() { TAG_H } else { 0.0 };
    let w = inner_w + 2.0 * RAIL;
    let mut shapes = Vec::new();
    let mut y = top;
    let mut mids = Vec::new();
    let n = parts.len();
    for (i, mut p) in parts.into_iter().enumerate() {
        let x = RAIL + (inner_w - p.w) / 2.0;
        shift(&mut p.shapes, x, y);
        shapes.append(&mut p.shapes);
        let m = y + p.mid;
        mids.push(m);
        shapes.push(line(0.0, m, x, m));
        shapes.push(line(x + p.w, m, w, m));
        y += p.h;
        if i + 1 < n {
            y += GAP_Y;
        }
    }
    let (first, last) = (
        mids.first().copied().unwrap_or(top),
        mids.last().copied().unwrap_or(top),
    );
    shapes.push(line(0.0, first, 0.0, last));
    shapes.push(line(w, first, w, last));
    if let Some((text, path)) = tag {
        shapes.push(Shape::Tag {
            x: RAIL,
            y: TAG_H - 5.0,
            text,
            path,
        });
    }
    let mid = (first + last) / 2.0;
    // Short leads so the rails' middles are where neighbours attach.
    Laid {
        w,
        h: y,
        mid,
        shapes,
    }
}

/// A labelled frame around `inner`.
fn frame(inner: Laid, label: String, path: &[usize], dashed: bool, share: f64) -> Laid {
    let mut shapes = inner.shapes;
    shift(&mut shapes, FRAME_PAD, FRAME_HEAD);
    let w = inner.w + 2.0 * FRAME_PAD;
    let h = inner.h + FRAME_HEAD + FRAME_PAD;
    let mid = FRAME_HEAD + inner.mid;
    // The lines through the frame's sides.
    shapes.push(line(0.0, mid, FRAME_PAD, mid));
    shapes.push(line(w - FRAME_PAD, mid, w, mid));
    shapes.insert(
        0,
        Shape::Frame {
            x: 0.0,
            y: 0.0,
            w,
            h,
            path: path.to_vec(),
            label,
            dashed,
            share,
        },
    );
    Laid { w, h, mid, shapes }
}

fn lay(c: &Ctx<'_>, node: &Node, path: &mut Vec<usize>) -> Laid {
    let share = (c.share)(path);
    let children = |c: &Ctx<'_>, path: &mut Vec<usize>| -> Vec<Laid> {
        node.children()
            .iter()
            .enumerate()
            .map(|(i, child)| {
                path.push(i);
                let laid = lay(c, child, path);
                path.pop();
                laid
            })
            .collect()
    };
    match node {
        Node::Unit { .. } => block(c.d.label_of(node), path, 0, share),
        Node::Series { label, .. } => {
            let inner = row(children(c, path));
            if path.is_empty() {
                inner
            } else {
                frame(inner, label.clone(), path, false, share)
            }
        }
        Node::Parallel { label, .. } => {
            let inner = stack(children(c, path), None);
            frame(inner, label.clone(), path, false, share)
        }
        Node::KOfN {
            label,
            k,
            children: kids,
        } => {
            let tag = (format!("at least {k} of {}", kids.len()), path.clone());
            let inner = stack(children(c, path), Some(tag));
            frame(inner, label.clone(), path, false, share)
        }
        Node::Standby {
            label,
            primary,
            standby,
            ..
        } => {
            let name = |id: &str| c.d.component(id).map_or(id.to_string(), |x| x.name.clone());
            let parts = vec![
                block(format!("{} (active)", name(primary)), path, 0, share),
                block(format!("{} (standby)", name(standby)), path, 1, share),
            ];
            let inner = stack(parts, Some(("active-passive".into(), path.clone())));
            frame(inner, label.clone(), path, false, share)
        }
        Node::SharedFate { label, fate, .. } => {
            let zone = c.d.component(fate).map_or(fate.clone(), |x| x.name.clone());
            let inner = row(children(c, path));
            frame(
                inner,
                format!("{label} — shared fate: {zone}"),
                path,
                true,
                share,
            )
        }
    }
}

/// Lays out `d`; `share(path)` is each block's share of the system's downtime (0 to 1).
pub fn layout(d: &Diagram, share: &dyn Fn(&[usize]) -> f64) -> Drawing {
    let c = Ctx { d, share };
    let mut laid = lay(&c, &d.root, &mut Vec::new());
    // Leads in from the left and out to the right: the system's input and output.
    let lead = GAP_X;
    shift(&mut laid.shapes, MARGIN + lead, MARGIN);
    let y = MARGIN + laid.mid;
    laid.shapes.push(line(MARGIN, y, MARGIN + lead, y));
    let right = MARGIN + lead + laid.w;
    laid.shapes.push(line(right, y, right + lead, y));
    Drawing {
        width: right + lead + MARGIN,
        height: laid.h + 2.0 * MARGIN,
        shapes: laid.shapes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    fn blocks(d: &Drawing) -> Vec<(&str, f64, f64, f64, f64)> {
        d.shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Block {
                    x, y, w, h, label, ..
                } => Some((label.as_str(), *x, *y, *w, *h)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn series_runs_left_to_right_and_parallel_stacks() {
        let series = layout(&presets::book_series().diagram, &|_| 0.5);
        let b = blocks(&series);
        assert_eq!(b.len(), 2);
        assert!(b[0].1 + b[0].3 < b[1].1, "left to right: {b:?}");
        assert_eq!(b[0].2, b[1].2, "on one line");
        let parallel = layout(&presets::book_parallel().diagram, &|_| 0.5);
        let b = blocks(&parallel);
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].1, b[1].1, "one above the other");
        assert!(b[0].2 + b[0].4 < b[1].2, "stacked: {b:?}");
    }

    #[test]
    fn no_two_boxes_overlap_and_everything_is_inside_in_every_preset() {
        for p in presets::all() {
            let d = layout(&p.diagram, &|_| 0.0);
            let b = blocks(&d);
            assert_eq!(
                b.len(),
                p.diagram
                    .root
                    .walk()
                    .iter()
                    .map(|(_, n)| match n {
                        Node::Unit { .. } => 1,
                        Node::Standby { .. } => 2,
                        _ => 0,
                    })
                    .sum::<usize>(),
                "{}",
                p.slug
            );
            for (i, x) in b.iter().enumerate() {
                assert!(
                    x.1 >= 0.0 && x.2 >= 0.0 && x.1 + x.3 <= d.width && x.2 + x.4 <= d.height,
                    "{}: {x:?}",
                    p.slug
                );
                for y in &b[i + 1..] {
                    let apart = x.1 + x.3 <= y.1
                        || y.1 + y.3 <= x.1
                        || x.2 + x.4 <= y.2
                        || y.2 + y.4 <= x.2;
                    assert!(apart, "{}: {x:?} overlaps {y:?}", p.slug);
                }
            }
        }
    }

    #[test]
    fn groups_are_marked_as_they_are() {
        let d = layout(&presets::web_stack().diagram, &|_| 0.0);
        let dashed = d
            .shapes
            .iter()
            .filter(|s| matches!(s, Shape::Frame { dashed: true, .. }))
            .count();
        assert_eq!(dashed, 2, "two availability zones");
        assert!(
            d.shapes
                .iter()
                .any(|s| matches!(s, Shape::Tag { text, .. } if text == "active-passive"))
        );
        let q = layout(
            &presets::find("quorum").expect("a quorum preset").diagram,
            &|_| 0.0,
        );
        assert!(
            q.shapes.iter().any(
                |s| matches!(s, Shape::Tag { text, .. } if text.starts_with("at least 2 of 3"))
            ),
            "{:?}",
            q.shapes
        );
    }
}
