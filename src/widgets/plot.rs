//! A `<canvas>` that a `crates/charts` drawing paints through plotters-canvas, with its export:
//! the same drawing as an SVG file (rendered by `charts` to a string, not rasterised), the
//! canvas as a PNG, and the chart's data as CSV. The canvas's backing store is its CSS size
//! times the device pixel ratio (crisp on any screen); it redraws when the chart changes and on
//! resize.
//!
//! Reading values: the drawing reports its [`Mapping`] (where each point, bin or interval
//! landed); a pointer over the canvas, a tap, or ←/→ (Home/End, PageUp/PageDown) on the focused
//! canvas picks a target, and the chart's [`Chart::describe`] writes the tooltip, shown in an
//! HTML overlay with a guide line and a dot; Esc hides it. Under the chart a collapsed "Data"
//! table holds the chart's numbers, which the canvas's `aria-describedby` names.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, IntoDrawingArea};
use plotters_canvas::CanvasBackend;
use sdlab_charts::{Mapping, Target};
use sdlab_sim::Table;
use sdlab_sim::units::{format_grouped, format_sci};
use yew::prelude::*;

use crate::widgets::{download, download_url};

/// How large the drawing is.
#[derive(Clone, Copy, Debug)]
pub struct Frame {
    /// Device pixels per CSS pixel (1 for an SVG file).
    pub scale: f64,
    /// The width in CSS pixels, for charts that thin their labels on small screens.
    pub css_width: f64,
}

/// A chart a page shows: its data, how to draw it on any plotters backend, and what its
/// targets say.
pub trait Chart: PartialEq + 'static {
    /// Draws the chart and returns where its data landed (`None` when drawing failed, which
    /// leaves the area as it is: there is nothing better to show).
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: Frame,
    ) -> Option<Mapping>;
    /// The numbers behind the chart, for its CSV download and its data table.
    fn table(&self) -> Option<Table> {
        None
    }
    /// The tooltip for one of the targets `draw` reported, in the page's units; its `series`
    /// and `index` name the data (see each `sdlab_charts::draw_*`). `None` shows no tooltip.
    fn describe(&self, _target: &Target) -> Option<String> {
        None
    }
}

#[derive(Properties, PartialEq)]
pub struct PlotCanvasProps<C: Chart> {
    pub id: AttrValue,
    /// A sentence describing what the chart shows, for screen readers.
    pub label: AttrValue,
    /// CSS height in pixels; the width follows the container.
    #[prop_or(320)]
    pub height: u32,
    pub chart: Rc<C>,
    /// Shown between the chart and its download row (a legend).
    #[prop_or_default]
    pub children: Html,
}

/// The last drawing on the canvas: its mapping, the device pixel ratio and the CSS width.
struct Painted {
    mapping: Mapping,
    ratio: f64,
    css_width: f64,
}

/// A tooltip on show, in CSS pixels from the canvas's top-left corner.
#[derive(Clone, Debug, PartialEq)]
struct Tip {
    /// The target's place in the mapping.
    index: usize,
    x: f64,
    y: f64,
    text: String,
    /// The plot's top and bottom, for the guide line.
    top: f64,
    bottom: f64,
    /// Whether the tooltip sits left of the point (in the right half of the chart).
    flip: bool,
}

fn paint<C: Chart>(canvas: &web_sys::HtmlCanvasElement, height: u32, chart: &C) -> Option<Painted> {
    let ratio = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .clamp(1.0, 4.0);
    let css_width = f64::from(canvas.client_width().max(0));
    if css_width < 1.0 {
        return None;
    }
    canvas.set_width((css_width * ratio).round() as u32);
    canvas.set_height((f64::from(height) * ratio).round() as u32);
    let backend = CanvasBackend::with_canvas_object(canvas.clone())?;
    let mapping = chart.draw(
        &backend.into_drawing_area(),
        Frame {
            scale: ratio,
            css_width,
        },
    )?;
    Some(Painted {
        mapping,
        ratio,
        css_width,
    })
}

/// The tooltip for target `index` of the last drawing.
fn tip_for<C: Chart>(chart: &C, painted: &Painted, index: usize) -> Option<Tip> {
    let target = painted.mapping.targets.get(index)?;
    let text = chart.describe(target)?;
    let r = painted.ratio;
    let x = target.x / r;
    Some(Tip {
        index,
        x,
        y: target.y / r,
        text,
        top: painted.mapping.plot.top / r,
        bottom: painted.mapping.plot.bottom / r,
        flip: x > painted.css_width / 2.0,
    })
}

/// The target under a pointer at CSS pixel `(x, y)` of the canvas.
fn tip_at<C: Chart>(chart: &C, painted: &Painted, x: f64, y: f64) -> Option<Tip> {
    let index = painted.mapping.hit(x * painted.ratio, y * painted.ratio)?;
    tip_for(chart, painted, index)
}

/// The target a key moves to from `current` among `count`, or `None` for a key that moves none.
fn step(key: &str, current: Option<usize>, count: usize) -> Option<usize> {
    let last = count.checked_sub(1)?;
    let page = (count / 10).max(1);
    let next = match (key, current) {
        ("ArrowRight", None) | ("Home", _) => 0,
        ("ArrowLeft", None) | ("End", _) => last,
        ("ArrowRight", Some(i)) => (i + 1).min(last),
        ("ArrowLeft", Some(i)) => i.saturating_sub(1),
        ("PageDown", i) => i.map_or(0, |i| (i + page).min(last)),
        ("PageUp", i) => i.map_or(last, |i| i.saturating_sub(page)),
        _ => return None,
    };
    Some(next)
}

/// The chart as an SVG document at the canvas's CSS size.
fn svg<C: Chart>(chart: &C, css_width: f64, height: u32) -> Option<String> {
    let width = css_width.round().max(1.0) as u32;
    sdlab_charts::to_svg(width, height, |area| {
        chart.draw(
            area,
            Frame {
                scale: 1.0,
                css_width,
            },
        );
        Ok::<(), String>(())
    })
    .ok()
}

/// A table cell as shown: numbers with at most six significant figures and a thousands
/// separator (the CSV keeps them whole), other text as it is. Whether it is a number.
fn cell(text: &str) -> (String, bool) {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => {
            let magnitude = if v == 0.0 {
                0.0
            } else {
                v.abs().log10().floor()
            };
            let shown = if v != 0.0 && magnitude < -9.0 {
                format_sci(v, 6)
            } else {
                let decimals = (5.0 - magnitude).clamp(0.0, 12.0) as usize;
                format_grouped(v, decimals)
            };
            (shown, true)
        }
        _ => (text.to_string(), false),
    }
}

fn data_table(id: &str, table: &Table) -> Html {
    html! {
        <details class="plot-data" id={format!("{id}-data")}>
            <summary>{ "Data" }</summary>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Data behind the chart">
                <table id={format!("{id}-table")}>
                    <thead><tr>
                        { for table.headers.iter().map(|h| html! { <th scope="col">{ h.clone() }</th> }) }
                    </tr></thead>
                    <tbody>
                        { for table.rows.iter().map(|row| html! {
                            <tr>{ for row.iter().map(|c| {
                                let (text, number) = cell(c);
                                html! { <td class={number.then_some("num")}>{ text }</td> }
                            }) }</tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </details>
    }
}

#[component]
pub fn PlotCanvas<C: Chart>(props: &PlotCanvasProps<C>) -> Html {
    let canvas_ref = use_node_ref();
    let painted: Rc<RefCell<Option<Painted>>> = use_mut_ref(|| None);
    let tip = use_state_eq(|| None::<Tip>);
    {
        let canvas_ref = canvas_ref.clone();
        let painted = painted.clone();
        let set_tip = tip.setter();
        use_effect_with(
            (props.chart.clone(), props.height),
            move |(chart, height)| {
                let (chart, height) = (chart.clone(), *height);
                let canvas = canvas_ref.cast::<web_sys::HtmlCanvasElement>();
                if let Some(canvas) = &canvas {
                    *painted.borrow_mut() = paint(canvas, height, &*chart);
                }
                set_tip.set(None);
                let listener = web_sys::window().zip(canvas).map(|(window, canvas)| {
                    EventListener::new(&window, "resize", move |_| {
                        *painted.borrow_mut() = paint(&canvas, height, &*chart);
                        set_tip.set(None);
                    })
                });
                move || drop(listener)
            },
        );
    }
    let pointer = {
        let painted = painted.clone();
        let chart = props.chart.clone();
        let tip = tip.clone();
        Callback::from(move |e: MouseEvent| {
            let next = painted
                .borrow()
                .as_ref()
                .and_then(|p| tip_at(&*chart, p, f64::from(e.offset_x()), f64::from(e.offset_y())));
            tip.set(next);
        })
    };
    let on_leave = {
        let tip = tip.clone();
        Callback::from(move |_: MouseEvent| tip.set(None))
    };
    let on_blur = {
        let tip = tip.clone();
        Callback::from(move |_: FocusEvent| tip.set(None))
    };
    let on_key = {
        let painted = painted.clone();
        let chart = props.chart.clone();
        let tip = tip.clone();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            if key == "Escape" {
                tip.set(None);
                return;
            }
            let painted = painted.borrow();
            let Some(p) = painted.as_ref() else {
                return;
            };
            let current = (*tip).as_ref().map(|t| t.index);
            if let Some(next) = step(&key, current, p.mapping.targets.len()) {
                e.prevent_default();
                tip.set(tip_for(&*chart, p, next));
            }
        })
    };
    let on_svg = {
        let canvas_ref = canvas_ref.clone();
        let chart = props.chart.clone();
        let (id, height) = (props.id.clone(), props.height);
        Callback::from(move |_: MouseEvent| {
            let width = canvas_ref
                .cast::<web_sys::HtmlCanvasElement>()
                .map_or(640.0, |c| f64::from(c.client_width().max(1)));
            if let Some(text) = svg(&*chart, width, height) {
                download(&format!("{id}.svg"), "image/svg+xml", &text);
            }
        })
    };
    let on_png = {
        let canvas_ref = canvas_ref.clone();
        let id = props.id.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(url) = canvas_ref
                .cast::<web_sys::HtmlCanvasElement>()
                .and_then(|c| c.to_data_url().ok())
            {
                download_url(&format!("{id}.png"), &url);
            }
        })
    };
    let table = props.chart.table();
    let on_csv = table.clone().map(|t| {
        let id = props.id.clone();
        Callback::from(move |_: MouseEvent| {
            download(&format!("{id}.csv"), "text/csv", &t.to_csv());
        })
    });
    let id = props.id.clone();
    let overlay = (*tip).as_ref().map(|t| {
        let side = if t.flip {
            format!("right: calc(100% - {:.1}px + 10px)", t.x)
        } else {
            format!("left: {:.1}px", t.x + 10.0)
        };
        // Above the point, unless that would leave the chart.
        let (top, place) = if t.y > 44.0 {
            (t.y - 10.0, "plot-tip above")
        } else {
            (t.y + 12.0, "plot-tip")
        };
        (
            html! {
                <>
                    <div class="plot-guide" aria-hidden="true"
                        style={format!("left: {:.1}px; top: {:.1}px; height: {:.1}px", t.x, t.top, (t.bottom - t.top).max(0.0))}></div>
                    <div class="plot-dot" aria-hidden="true" style={format!("left: {:.1}px; top: {:.1}px", t.x, t.y)}></div>
                </>
            },
            place,
            format!("{side}; top: {top:.1}px"),
            t.text.clone(),
        )
    });
    let (marks, tip_class, tip_style, tip_text) = match overlay {
        Some((marks, class, style, text)) => (marks, class, Some(style), text),
        None => (Html::default(), "plot-tip", None, String::new()),
    };
    html! {
        <figure class="plot-figure">
            <div class="plot-wrap">
                <canvas id={id.clone()} ref={canvas_ref} class="plot" role="img" tabindex="0"
                    aria-label={props.label.clone()}
                    aria-describedby={table.is_some().then(|| format!("{id}-data"))}
                    aria-keyshortcuts="ArrowLeft ArrowRight Home End PageUp PageDown Escape"
                    style={format!("height: {}px", props.height)}
                    onmousemove={pointer.clone()} onclick={pointer} onmouseleave={on_leave}
                    onkeydown={on_key} onblur={on_blur}>
                    { props.label.clone() }
                </canvas>
                { marks }
                <div id={format!("{id}-tip")} class={tip_class} role="status" style={tip_style}
                    hidden={tip_text.is_empty()}>{ tip_text }</div>
            </div>
            { props.children.clone() }
            <figcaption class="export-row" aria-label="Download this chart">
                <span class="muted small">{ "Download:" }</span>
                <button type="button" class="link-button" id={format!("{id}-svg")} onclick={on_svg}>{ "SVG" }</button>
                <button type="button" class="link-button" id={format!("{id}-png")} onclick={on_png}>{ "PNG" }</button>
                if let Some(on_csv) = on_csv {
                    <button type="button" class="link-button" id={format!("{id}-csv")} onclick={on_csv}>{ "CSV" }</button>
                }
            </figcaption>
            if let Some(table) = &table {
                { data_table(&id, table) }
            }
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_step_through_the_targets_and_stop_at_the_ends() {
        assert_eq!(step("ArrowRight", None, 5), Some(0));
        assert_eq!(step("ArrowLeft", None, 5), Some(4));
        assert_eq!(step("ArrowRight", Some(4), 5), Some(4));
        assert_eq!(step("ArrowLeft", Some(0), 5), Some(0));
        assert_eq!(step("End", Some(1), 5), Some(4));
        assert_eq!(step("PageDown", Some(0), 30), Some(3));
        assert_eq!(step("PageUp", Some(1), 30), Some(0));
        assert_eq!(step("ArrowRight", None, 0), None);
        assert_eq!(step("x", Some(1), 5), None);
    }

    #[test]
    fn table_cells_show_six_figures_and_keep_text() {
        assert_eq!(cell("3153.6"), ("3,153.6".to_string(), true));
        assert_eq!(cell("0.0002777777777"), ("0.000277778".to_string(), true));
        assert_eq!(cell("31536000"), ("31,536,000".to_string(), true));
        assert_eq!(cell("-0.25"), ("-0.25".to_string(), true));
        assert_eq!(cell("0"), ("0".to_string(), true));
        assert_eq!(cell("System"), ("System".to_string(), false));
        assert_eq!(cell("NaN"), ("NaN".to_string(), false));
        assert_eq!(cell("3.1536e-12").0, "3.1536e-12");
    }
}
