//! Colours for light and dark themes; series colours are the Okabe–Ito set, distinguishable
//! with the common forms of colour blindness.

use plotters::style::RGBColor;

#[derive(Clone, Debug, PartialEq)]
pub struct Palette {
    pub background: RGBColor,
    pub foreground: RGBColor,
    pub muted: RGBColor,
    pub grid: RGBColor,
    pub accent: RGBColor,
    pub series: [RGBColor; 6],
}

impl Palette {
    pub fn light() -> Self {
        Palette {
            background: RGBColor(255, 255, 255),
            foreground: RGBColor(28, 31, 38),
            muted: RGBColor(96, 103, 117),
            grid: RGBColor(229, 231, 236),
            accent: RGBColor(196, 30, 58),
            series: [
                RGBColor(0, 114, 178),
                RGBColor(213, 94, 0),
                RGBColor(0, 158, 115),
                RGBColor(204, 121, 167),
                RGBColor(88, 88, 88),
                RGBColor(230, 159, 0),
            ],
        }
    }

    pub fn dark() -> Self {
        Palette {
            background: RGBColor(24, 27, 34),
            foreground: RGBColor(230, 232, 237),
            muted: RGBColor(160, 166, 178),
            grid: RGBColor(52, 57, 68),
            accent: RGBColor(255, 107, 129),
            series: [
                RGBColor(86, 180, 233),
                RGBColor(230, 159, 0),
                RGBColor(0, 190, 140),
                RGBColor(224, 150, 190),
                RGBColor(240, 228, 66),
                RGBColor(200, 200, 200),
            ],
        }
    }

    pub fn for_theme(dark: bool) -> Self {
        if dark { Self::dark() } else { Self::light() }
    }

    /// The colour of series `index`, cycling through the set.
    pub fn series(&self, index: usize) -> RGBColor {
        self.series[index % self.series.len()]
    }
}
