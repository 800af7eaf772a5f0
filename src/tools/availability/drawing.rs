//! The block diagram drawn as a reliability block diagram (SVG): series left to right, parallel
//! and k-of-n stacked between rails, standby pairs marked, shared-fate zones as dashed frames,
//! each box shaded by its share of the downtime. A box is a button: click it, or focus it and
//! press Enter, to edit that block. Colours are written into the drawing itself, so the SVG and
//! PNG downloads look like the page.

use std::rc::Rc;

use sdlab_charts::Palette;
use sdlab_nines::diagram::Diagram;
use sdlab_nines::drawing::{Shape, layout};
use sdlab_nines::lab::LabEvent;
use yew::prelude::*;

use super::{Send, clip, path_id};
use crate::theme::{css_rgb, use_palette};
use crate::widgets::{download, download_url};

#[derive(Properties, PartialEq)]
pub(crate) struct DrawingProps {
    pub diagram: Rc<Diagram>,
    pub selected: Vec<usize>,
    pub shares: Rc<Vec<(Vec<usize>, f64)>>,
    pub send: Send,
}

#[component]
pub(crate) fn DiagramDrawing(props: &DrawingProps) -> Html {
    let palette = use_palette();
    let shares = props.shares.clone();
    let drawing = layout(&props.diagram, &|path: &[usize]| {
        shares
            .iter()
            .find(|(p, _)| p == path)
            .map_or(0.0, |(_, s)| *s)
    });
    let svg_ref = use_node_ref();
    let Palette {
        background,
        foreground,
        muted,
        grid,
        accent,
        ..
    } = palette.clone();
    let hot = palette.series(1);
    let select = |path: &[usize]| {
        let send = props.send.clone();
        let path = path.to_vec();
        let on_click = {
            let send = send.clone();
            let path = path.clone();
            Callback::from(move |_: MouseEvent| send.emit(LabEvent::Select(path.clone())))
        };
        let on_key = Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                send.emit(LabEvent::Select(path.clone()));
            }
        });
        (on_click, on_key)
    };
    let shapes = drawing.shapes.iter().map(|s| match s {
        Shape::Line { x1, y1, x2, y2 } => html! {
            <line x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()}
                stroke={css_rgb(muted)} stroke-width="1.5" />
        },
        Shape::Frame { x, y, w, h, path, label, dashed, .. } => {
            let selected = *path == props.selected;
            html! {
                <g>
                    <rect x={x.to_string()} y={y.to_string()} width={w.to_string()} height={h.to_string()} rx="8"
                        fill="none" stroke={if selected { css_rgb(accent) } else { css_rgb(grid) }}
                        stroke-width={if selected { "2.5" } else { "1.5" }}
                        stroke-dasharray={dashed.then_some("6 4")} />
                    <text x={(x + 8.0).to_string()} y={(y + 15.0).to_string()} font-size="12" fill={css_rgb(muted)}>{ clip(label, (*w / 7.0) as usize) }</text>
                </g>
            }
        }
        Shape::Tag { x, y, text, .. } => html! {
            <text x={x.to_string()} y={y.to_string()} font-size="11" font-style="italic" fill={css_rgb(muted)}>{ text.clone() }</text>
        },
        Shape::Block { x, y, w, h, path, part, label, share } => {
            let selected = *path == props.selected;
            let (on_click, on_key) = select(path);
            let pct = if *share >= 0.0005 { format!("{:.1}% of downtime", share * 100.0) } else { "<0.1% of downtime".into() };
            html! {
                <g class="rbd-block" role="button" tabindex="0" id={format!("rbd-{}{}", path_id(path), if *part == 1 { "-standby" } else { "" })}
                    aria-pressed={selected.to_string()}
                    onclick={on_click} onkeydown={on_key}>
                    <rect x={x.to_string()} y={y.to_string()} width={w.to_string()} height={h.to_string()} rx="6"
                        fill={css_rgb(background)} stroke={if selected { css_rgb(accent) } else { css_rgb(foreground) }}
                        stroke-width={if selected { "2.5" } else { "1" }} />
                    <rect x={x.to_string()} y={y.to_string()} width={w.to_string()} height={h.to_string()} rx="6"
                        fill={css_rgb(hot)} fill-opacity={format!("{:.3}", (share * 0.85).clamp(0.0, 0.85))} stroke="none" />
                    <text x={(x + 8.0).to_string()} y={(y + 18.0).to_string()} font-size="12.5" font-weight="600" fill={css_rgb(foreground)}>{ clip(label, 20) }</text>
                    <text x={(x + 8.0).to_string()} y={(y + 34.0).to_string()} font-size="11" fill={css_rgb(muted)}>{ pct.clone() }</text>
                </g>
            }
        }
    });
    let name = props.diagram.name.clone();
    let svg_text = {
        let svg_ref = svg_ref.clone();
        move || {
            svg_ref
                .cast::<web_sys::Element>()
                .map(|e| e.outer_html())
                .map(|t| t.replacen("<svg ", "<svg xmlns=\"http://www.w3.org/2000/svg\" ", 1))
        }
    };
    let on_svg = {
        let svg_text = svg_text.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(text) = svg_text() {
                download("lab-diagram.svg", "image/svg+xml", &text);
            }
        })
    };
    let on_png = {
        let (w, h) = (drawing.width, drawing.height);
        Callback::from(move |_: MouseEvent| {
            if let Some(text) = svg_text() {
                to_png(&text, w, h);
            }
        })
    };
    html! {
        <figure class="rbd-figure">
            <div class="rbd-scroll" tabindex="-1">
                <svg ref={svg_ref} id="lab-drawing" class="rbd" role="group" aria-label={format!("Block diagram of {name}")}
                    viewBox={format!("0 0 {:.0} {:.0}", drawing.width, drawing.height)}
                    width={format!("{:.0}", drawing.width)} height={format!("{:.0}", drawing.height)}
                    style={format!("width: {:.0}px", drawing.width)}
                    font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif">
                    <rect x="0" y="0" width={drawing.width.to_string()} height={drawing.height.to_string()} fill={css_rgb(background)} />
                    { for shapes }
                </svg>
            </div>
            <figcaption class="export-row">
                <span class="muted small">{ "Shade: the block's share of the system's downtime. Download:" }</span>
                <button type="button" class="link-button" id="lab-drawing-svg" onclick={on_svg}>{ "SVG" }</button>
                <button type="button" class="link-button" id="lab-drawing-png" onclick={on_png}>{ "PNG" }</button>
            </figcaption>
        </figure>
    }
}

/// Rasterises the SVG at twice its size through an image and a canvas, then downloads it.
fn to_png(svg: &str, w: f64, h: f64) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::Closure;
    let Ok(image) = web_sys::HtmlImageElement::new() else {
        return;
    };
    let Some(window) = web_sys::window() else {
        return;
    };
    // `btoa` encodes characters 0–255: hand it the UTF-8 bytes one per character.
    let latin1: String = svg.bytes().map(char::from).collect();
    let Ok(b64) = window.btoa(&latin1) else {
        return;
    };
    let image2 = image.clone();
    let onload = Closure::once(move || {
        let document = gloo_utils::document();
        let Some(canvas) = document
            .create_element("canvas")
            .ok()
            .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        else {
            return;
        };
        canvas.set_width((w * 2.0) as u32);
        canvas.set_height((h * 2.0) as u32);
        if let Some(ctx) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        {
            let _ = ctx.draw_image_with_html_image_element_and_dw_and_dh(
                &image2,
                0.0,
                0.0,
                w * 2.0,
                h * 2.0,
            );
            if let Ok(url) = canvas.to_data_url() {
                download_url("lab-diagram.png", &url);
            }
        }
    });
    image.set_onload(Some(onload.as_ref().unchecked_ref()));
    onload.forget();
    image.set_src(&format!("data:image/svg+xml;base64,{b64}"));
}
