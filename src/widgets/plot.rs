//! A `<canvas>` that a `crates/charts` drawing paints through plotters-canvas. It sizes its
//! backing store to the element's CSS size times the device pixel ratio (crisp on any screen),
//! hands the chart that ratio as its scale, and redraws on every render and on resize.

use gloo_events::EventListener;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, IntoDrawingArea};
use plotters_canvas::CanvasBackend;
use yew::prelude::*;

/// What a page's draw callback receives.
pub struct PlotArea {
    pub area: DrawingArea<CanvasBackend, Shift>,
    /// Device pixels per CSS pixel.
    pub scale: f64,
    /// The canvas's width in CSS pixels, for charts that thin their labels on small screens.
    pub css_width: f64,
}

#[derive(Properties, PartialEq)]
pub struct PlotCanvasProps {
    pub id: AttrValue,
    /// A sentence describing what the chart shows, for screen readers.
    pub label: AttrValue,
    /// CSS height in pixels; the width follows the container.
    #[prop_or(320)]
    pub height: u32,
    pub draw: Callback<PlotArea>,
}

fn paint(canvas: &web_sys::HtmlCanvasElement, height: u32, draw: &Callback<PlotArea>) {
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
        draw.emit(PlotArea {
            area: backend.into_drawing_area(),
            scale: ratio,
            css_width,
        });
    }
}

#[component]
pub fn PlotCanvas(props: &PlotCanvasProps) -> Html {
    let canvas_ref = use_node_ref();
    {
        let canvas_ref = canvas_ref.clone();
        let draw = props.draw.clone();
        let height = props.height;
        use_effect(move || {
            let canvas = canvas_ref.cast::<web_sys::HtmlCanvasElement>();
            if let Some(canvas) = &canvas {
                paint(canvas, height, &draw);
            }
            let listener = web_sys::window().zip(canvas).map(|(window, canvas)| {
                EventListener::new(&window, "resize", move |_| paint(&canvas, height, &draw))
            });
            move || drop(listener)
        });
    }
    html! {
        <canvas id={props.id.clone()} ref={canvas_ref} class="plot" role="img"
            aria-label={props.label.clone()}
            style={format!("height: {}px", props.height)}>
            { props.label.clone() }
        </canvas>
    }
}
