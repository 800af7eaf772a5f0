//! The sdlab web app: a thin Yew shell over the pure model crates. Only this crate touches the
//! browser.

pub mod app;
pub mod crash;
pub mod permalink;
pub mod registry;
pub mod theme;
pub mod tool;
pub mod tools;
pub mod widgets;
pub mod worker;

/// Installs the panic hook and renders the app into `<body>`.
pub fn run() {
    // Inside a simulation worker this module is loaded for its jobs only: no page to render.
    if web_sys::window().is_none() {
        return;
    }
    crash::install();
    yew::Renderer::<app::App>::new().render();
}
