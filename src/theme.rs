//! Light/dark theme: follows the system until the user picks one; the pick is remembered in
//! localStorage and applied as `data-theme` on `<html>`, which the stylesheet and charts follow.

use yew::prelude::*;

const STORAGE_KEY: &str = "sdlab-theme";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeSetting {
    System,
    Light,
    Dark,
}

impl ThemeSetting {
    pub fn next(self) -> Self {
        match self {
            ThemeSetting::System => ThemeSetting::Dark,
            ThemeSetting::Dark => ThemeSetting::Light,
            ThemeSetting::Light => ThemeSetting::System,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ThemeSetting::System => "system",
            ThemeSetting::Light => "light",
            ThemeSetting::Dark => "dark",
        }
    }

    fn from_name(name: &str) -> Self {
        match name {
            "light" => ThemeSetting::Light,
            "dark" => ThemeSetting::Dark,
            _ => ThemeSetting::System,
        }
    }

    pub fn load() -> Self {
        storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .map_or(ThemeSetting::System, |v| Self::from_name(&v))
    }

    /// Remembers the setting and applies it to `<html data-theme>`.
    pub fn apply(self) {
        if let Some(storage) = storage() {
            // Storage can be full or disabled (private mode); the theme still applies.
            let _ = storage.set_item(STORAGE_KEY, self.name());
        }
        if let Some(root) = gloo_utils::document().document_element() {
            let _ = match self {
                ThemeSetting::System => root.remove_attribute("data-theme"),
                other => root.set_attribute("data-theme", other.name()),
            };
        }
    }

    /// Whether pages should draw dark: the explicit pick, or the system preference.
    pub fn is_dark(self) -> bool {
        match self {
            ThemeSetting::Dark => true,
            ThemeSetting::Light => false,
            ThemeSetting::System => system_prefers_dark(),
        }
    }
}

pub fn system_prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// What pages read to draw in the current theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    pub dark: bool,
}

/// The charts' palette for the current theme.
#[hook]
pub fn use_palette() -> sdlab_charts::Palette {
    let theme = use_context::<Theme>().unwrap_or(Theme { dark: false });
    sdlab_charts::Palette::for_theme(theme.dark)
}

/// A palette colour as CSS, for the HTML and SVG drawn beside the charts.
pub fn css_rgb(c: plotters::style::RGBColor) -> String {
    format!("rgb({}, {}, {})", c.0, c.1, c.2)
}
