//! What every chart's tests use: render to an SVG string, then read it back — elements and their
//! attributes, texts and where they sit, fills — and check the markup is clean.
//!
//! plotters writes one element per line, text content on a line of its own:
//! `<text x=".." y=".." ...>`, the text, `</text>`.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::{Mapping, to_svg};

/// The SVG of `draw` on a `width` × `height` canvas; panics if drawing fails.
pub(crate) fn render<T, E: std::fmt::Display>(
    (width, height): (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<T, E>,
) -> String {
    let svg = to_svg(width, height, draw).expect("draws");
    assert_clean(&svg);
    svg
}

/// The SVG of `draw` and the mapping it returned.
pub(crate) fn render_mapped<E: std::fmt::Display>(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<Mapping, E>,
) -> (String, Mapping) {
    let mut mapping = None;
    let svg = render(size, |area| {
        mapping = Some(draw(area)?);
        Ok::<(), E>(())
    });
    (svg, mapping.expect("drawn"))
}

/// Opening tags of every `<tag …>` element, in drawing order.
pub(crate) fn elements<'a>(svg: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag} ");
    svg.lines().filter(|l| l.starts_with(&open)).collect()
}

/// How many `<tag …>` elements there are.
pub(crate) fn count(svg: &str, tag: &str) -> usize {
    elements(svg, tag).len()
}

/// The value of attribute `name` in an element's opening tag.
pub(crate) fn attr<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = element.find(&key)? + key.len();
    let len = element[start..].find('"')?;
    Some(&element[start..start + len])
}

/// A numeric attribute; panics if missing or not a number.
pub(crate) fn num(element: &str, name: &str) -> f64 {
    attr(element, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no number {name} in {element}"))
}

/// The `points` of a polyline or polygon.
pub(crate) fn points(element: &str) -> Vec<(i32, i32)> {
    attr(element, "points")
        .unwrap_or_default()
        .split_whitespace()
        .map(|p| {
            let (x, y) = p.split_once(',').expect("x,y");
            (x.parse().expect("x"), y.parse().expect("y"))
        })
        .collect()
}

/// Rectangles filled with `colour` as `(x, y, width, height)`.
pub(crate) fn rects(svg: &str, colour: &str) -> Vec<(i32, i32, i32, i32)> {
    elements(svg, "rect")
        .into_iter()
        .filter(|r| attr(r, "fill") == Some(colour))
        .map(|r| {
            let n = |name| num(r, name) as i32;
            (n("x"), n("y"), n("width"), n("height"))
        })
        .collect()
}

/// How many shapes are filled with `colour` (rectangles, circles, polygons).
pub(crate) fn fills(svg: &str, colour: &str) -> usize {
    svg.matches(&format!("fill=\"{colour}\" stroke=\"none\""))
        .count()
}

/// Every text drawn, in order.
pub(crate) fn texts(svg: &str) -> Vec<&str> {
    let lines: Vec<&str> = svg.lines().collect();
    lines
        .windows(2)
        .filter(|w| w[0].starts_with("<text "))
        .map(|w| w[1])
        .collect()
}

pub(crate) fn has_text(svg: &str, text: &str) -> bool {
    texts(svg).contains(&text)
}

/// The opening tag of the first text showing `text`; panics if there is none.
pub(crate) fn text_element<'a>(svg: &'a str, text: &str) -> &'a str {
    let lines: Vec<&str> = svg.lines().collect();
    lines
        .windows(2)
        .find(|w| w[0].starts_with("<text ") && w[1] == text)
        .map(|w| w[0])
        .unwrap_or_else(|| panic!("no text {text:?}"))
}

/// Where the text showing `text` is anchored, `(x, y)` in pixels.
pub(crate) fn text_at(svg: &str, text: &str) -> (i32, i32) {
    let element = text_element(svg, text);
    (num(element, "x") as i32, num(element, "y") as i32)
}

/// Fails if any element's markup holds a NaN or an infinity, or the document is cut short.
pub(crate) fn assert_clean(svg: &str) {
    assert!(
        svg.starts_with("<svg "),
        "not an SVG: {}",
        &svg[..svg.len().min(40)]
    );
    assert!(svg.trim_end().ends_with("</svg>"), "unfinished SVG");
    for line in svg.lines().filter(|l| l.starts_with('<')) {
        assert!(
            !line.contains("NaN") && !line.contains("inf"),
            "non-finite number in {line}"
        );
    }
}
