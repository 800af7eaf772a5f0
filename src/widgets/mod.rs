//! Dumb widgets: props in, callbacks out. They hold no model state.

mod checks;
mod commit;
mod export;
mod field;
mod notice;
mod page;
mod plot;
mod select;
mod share;
mod slider;

pub use checks::ChecksPanel;
pub use commit::{CommitField, parse_number};
pub use export::{Downloads, download, download_blob, download_url};
pub use field::TextField;
pub use notice::LinkProblems;
pub use page::ToolPage;
pub use plot::{Chart, Frame, PlotCanvas};
pub use select::Select;
pub use share::ShareBar;
pub use slider::Slider;

use wasm_bindgen::JsCast;
use yew::Event;

/// The value of the input or select an event came from.
pub fn event_value(e: &Event) -> String {
    e.target()
        .and_then(|t| {
            t.clone()
                .dyn_into::<web_sys::HtmlInputElement>()
                .map(|i| i.value())
                .or_else(|_| {
                    t.dyn_into::<web_sys::HtmlSelectElement>()
                        .map(|s| s.value())
                })
                .or_else(|t| {
                    t.dyn_into::<web_sys::HtmlTextAreaElement>()
                        .map(|s| s.value())
                })
                .ok()
        })
        .unwrap_or_default()
}
