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

/// Installs the panic hook and renders the app into `<body>`.
pub fn run() {
    crash::install();
    yew::Renderer::<app::App>::new().render();
}
