//! A `<canvas>` that a `crates/charts` drawing paints through plotters-canvas, with its export:
//! the same drawing as an SVG file (rendered by `charts` to a string, not rasterised), the
//! canvas as a PNG, and the chart's data as CSV. The canvas's backing store is its CSS size
//! times the device pixel ratio (crisp on any screen); it redraws on every render and on resize.

use std::rc::Rc;

use gloo_events::EventListener;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, IntoDrawingArea};
use plotters_canvas::CanvasBackend;
use sdlab_sim::Table;
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

/// A chart a page shows: its data, and how to draw it on any plotters backend.
pub trait Chart: PartialEq + 'static {
    /// Draws the chart; a drawing error leaves the area as it is (there is nothing better to show).
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, frame: Frame);
    /// The numbers behind the chart, for its CSV download.
    fn table(&self) -> Option<Table> {
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

fn paint<C: Chart>(canvas: &web_sys::HtmlCanvasElement, height: u32, chart: &C) {
    let ratio = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .clamp(1.0, 4.0);
    let css_width = f64::from(canvas.client_width().max(0));
    if css_width < 1.0 {
        return;
    }
    canvas.set_width((css_width * ratio).round() as u32);
    canvas.set_height((f64::from(height) * ratio).round() as u32);
    if let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) {
        chart.draw(
            &backend.into_drawing_area(),
            Frame {
                scale: ratio,
                css_width,
            },
        );
    }
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

#[component]
pub fn PlotCanvas<C: Chart>(props: &PlotCanvasProps<C>) -> Html {
    let canvas_ref = use_node_ref();
    {
        let canvas_ref = canvas_ref.clone();
        let chart = props.chart.clone();
        let height = props.height;
        use_effect(move || {
            let canvas = canvas_ref.cast::<web_sys::HtmlCanvasElement>();
            if let Some(canvas) = &canvas {
                paint(canvas, height, &*chart);
            }
            let listener = web_sys::window().zip(canvas).map(|(window, canvas)| {
                EventListener::new(&window, "resize", move |_| paint(&canvas, height, &*chart))
            });
            move || drop(listener)
        });
    }
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
    html! {
        <figure class="plot-figure">
            <canvas id={props.id.clone()} ref={canvas_ref} class="plot" role="img"
                aria-label={props.label.clone()}
                style={format!("height: {}px", props.height)}>
                { props.label.clone() }
            </canvas>
            { props.children.clone() }
            <figcaption class="export-row" aria-label="Download this chart">
                <span class="muted small">{ "Download:" }</span>
                <button type="button" class="link-button" id={format!("{}-svg", props.id)} onclick={on_svg}>{ "SVG" }</button>
                <button type="button" class="link-button" id={format!("{}-png", props.id)} onclick={on_png}>{ "PNG" }</button>
                if let Some(on_csv) = on_csv {
                    <button type="button" class="link-button" id={format!("{}-csv", props.id)} onclick={on_csv}>{ "CSV" }</button>
                }
            </figcaption>
        </figure>
    }
}
