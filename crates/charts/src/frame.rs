//! The frame every chart starts from: the background, the device pixel ratio, fonts and text
//! sizes, margins and label areas, the mesh (grid, axes, tick labels, axis descriptions) and the
//! "no data" note. Charts differ only in what they draw inside it.

use plotters::coord::Shift;
use plotters::coord::cartesian::Cartesian2d;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::Palette;
use crate::axis::{KeyedAxis, ResolvedAxis};
use crate::support::{pixel_size, sane_scale};

/// Text sizes in CSS pixels.
pub(crate) const TICK_TEXT: f64 = 12.0;
pub(crate) const AXIS_TEXT: f64 = 13.0;
pub(crate) const NOTE_TEXT: f64 = 14.0;
pub(crate) const SMALL_TEXT: f64 = 10.0;

/// A chart's drawing context: both axes in plot space (see `axis.rs`).
pub(crate) type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<KeyedAxis, KeyedAxis>>;

/// Margins and label areas in device pixels.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Layout {
    pub(crate) top: u32,
    pub(crate) right: u32,
    pub(crate) bottom: u32,
    pub(crate) left: u32,
    /// Below the plot: x tick labels and the x description.
    pub(crate) x_labels: u32,
    /// Left of the plot: y tick labels and the y description.
    pub(crate) y_labels: u32,
}

/// Which parts of the mesh are drawn.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mesh {
    /// Vertical grid lines at the x ticks.
    pub(crate) x_grid: bool,
    /// Horizontal grid lines at the y ticks.
    pub(crate) y_grid: bool,
    /// The y axis line and its tick labels.
    pub(crate) y_axis: bool,
    pub(crate) grid_opacity: f64,
}

impl Default for Mesh {
    fn default() -> Self {
        Mesh {
            x_grid: true,
            y_grid: true,
            y_axis: true,
            grid_opacity: 1.0,
        }
    }
}

/// The palette and a usable scale, and what follows from them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Frame<'p> {
    pub(crate) palette: &'p Palette,
    /// Device pixels per CSS pixel, already made sane.
    pub(crate) scale: f64,
}

impl<'p> Frame<'p> {
    /// A NaN, zero or absurd `scale` falls back to 1 (see `sane_scale`).
    pub(crate) fn new(palette: &'p Palette, scale: f64) -> Self {
        Frame {
            palette,
            scale: sane_scale(scale),
        }
    }

    /// CSS pixels to device pixels.
    pub(crate) fn px(&self, css: f64) -> u32 {
        (css * self.scale).round() as u32
    }

    /// CSS pixels to device pixels, for offsets.
    pub(crate) fn offset(&self, css: f64) -> i32 {
        (css * self.scale).round() as i32
    }

    pub(crate) fn font(&self, css_size: f64) -> FontDesc<'static> {
        (FontFamily::SansSerif, css_size * self.scale).into_font()
    }

    /// The usual margins: 10 px all round, 40 px for x labels and 56 px for y labels.
    pub(crate) fn layout(&self) -> Layout {
        Layout {
            top: self.px(10.0),
            right: self.px(10.0),
            bottom: self.px(10.0),
            left: self.px(10.0),
            x_labels: self.px(40.0),
            y_labels: self.px(56.0),
        }
    }

    /// Fills the background, lays out the plot and draws its mesh: grid lines and tick labels at
    /// the axes' ticks, the axes, their descriptions.
    pub(crate) fn plot<'a, DB: DrawingBackend>(
        &self,
        area: &'a DrawingArea<DB, Shift>,
        layout: &Layout,
        x: &ResolvedAxis,
        y: &ResolvedAxis,
        mesh: Mesh,
    ) -> Result<Plot<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
        let p = self.palette;
        area.fill(&p.background)?;
        let mut plot = ChartBuilder::on(area)
            .margin_top(layout.top)
            .margin_right(layout.right)
            .margin_bottom(layout.bottom)
            .margin_left(layout.left)
            .x_label_area_size(layout.x_labels)
            .y_label_area_size(layout.y_labels)
            .build_cartesian_2d(x.coord(), y.coord())?;
        let x_format = |v: &f64| x.label_at(*v);
        let y_format = |v: &f64| y.label_at(*v);
        let mut style = plot.configure_mesh();
        style
            .x_label_formatter(&x_format)
            .y_label_formatter(&y_format)
            .label_style(self.font(TICK_TEXT).color(&p.muted))
            .axis_desc_style(self.font(AXIS_TEXT).color(&p.foreground))
            .axis_style(p.muted.stroke_width(self.px(1.0)))
            .bold_line_style(p.grid.mix(mesh.grid_opacity).stroke_width(self.px(1.0)))
            .max_light_lines(0);
        if !x.label.is_empty() {
            style.x_desc(x.label.as_str());
        }
        if !y.label.is_empty() {
            style.y_desc(y.label.as_str());
        }
        if !mesh.x_grid {
            style.disable_x_mesh();
        }
        if !mesh.y_grid {
            style.disable_y_mesh();
        }
        if !mesh.y_axis {
            style.disable_y_axis();
        }
        style.draw()?;
        Ok(plot)
    }

    /// "no data", centred in the plot, so an empty chart says why it is empty.
    pub(crate) fn no_data<DB: DrawingBackend>(
        &self,
        plot: &Plot<'_, DB>,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let area = plot.plotting_area().strip_coord_spec();
        let (w, h) = pixel_size(&area);
        let style = self
            .font(NOTE_TEXT)
            .color(&self.palette.muted)
            .pos(Pos::new(HPos::Center, VPos::Center));
        area.draw(&Text::new("no data", (w / 2, h / 2), style))
    }

    /// A vertical whisker at plot-space `x` from `lo` to `hi` (model units, either order) with a
    /// cap at each end; one that runs off the plot (to ±∞, or below 0 on a log axis) stops at its
    /// edge without a cap. Whether anything was drawn.
    pub(crate) fn whisker<DB: DrawingBackend>(
        &self,
        plot: &mut Plot<'_, DB>,
        x: f64,
        (lo, hi): (f64, f64),
        y: &ResolvedAxis,
        colour: RGBColor,
    ) -> Result<bool, DrawingAreaErrorKind<DB::ErrorType>> {
        if lo.is_nan() || hi.is_nan() {
            return Ok(false);
        }
        let (lo, hi) = (lo.min(hi), lo.max(hi));
        let (Some(bottom), Some(top)) = (y.to_plot_clamped(lo), y.to_plot_clamped(hi)) else {
            return Ok(false);
        };
        if bottom >= top {
            return Ok(false);
        }
        let style = colour.stroke_width(self.px(1.5));
        plot.draw_series(std::iter::once(PathElement::new(
            vec![(x, bottom), (x, top)],
            style,
        )))?;
        let y_box = y.plot_range();
        let cap = self.offset(4.0);
        let caps = [lo, hi]
            .into_iter()
            .filter_map(|v| y.to_plot(v))
            .filter(|v| y_box.start <= *v && *v <= y_box.end);
        plot.draw_series(caps.map(|v| {
            EmptyElement::at((x, v)) + PathElement::new(vec![(-cap, 0), (cap, 0)], style)
        }))?;
        Ok(true)
    }

    /// The plot's left, right, top and bottom edges in pixels relative to `area`'s origin, for
    /// what a chart draws outside the plot (strips, row labels, a colour legend).
    pub(crate) fn edges<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        plot: &Plot<'_, DB>,
    ) -> (i32, i32, i32, i32) {
        let base = area.get_base_pixel();
        let (x, y) = plot.plotting_area().get_pixel_range();
        (
            x.start - base.0,
            x.end - base.0,
            y.start - base.1,
            y.end - base.1,
        )
    }
}
