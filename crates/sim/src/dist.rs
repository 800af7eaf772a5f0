//! Repair-time distributions parameterised by their mean, so the analytic steady state (which
//! depends on the mean only) and the simulated one can be compared at equal means.

use serde::{Deserialize, Serialize};

use crate::rng::Rng;

/// The shape of a duration distribution with a given mean.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Shape {
    #[default]
    Exponential,
    /// Lognormal with coefficient of variation `cv` (standard deviation ÷ mean).
    Lognormal { cv: f64 },
    /// Weibull with shape `k`: k < 1 heavy-tailed, k = 1 exponential, k > 1 concentrated.
    Weibull { k: f64 },
}

impl Shape {
    pub fn validate(&self) -> Result<(), String> {
        match *self {
            Shape::Exponential => Ok(()),
            Shape::Lognormal { cv } if cv.is_finite() && cv > 0.0 && cv <= 100.0 => Ok(()),
            Shape::Lognormal { .. } => {
                Err("the coefficient of variation must be in (0, 100]".into())
            }
            Shape::Weibull { k } if k.is_finite() && (0.1..=20.0).contains(&k) => Ok(()),
            Shape::Weibull { .. } => Err("the Weibull shape must be between 0.1 and 20".into()),
        }
    }

    /// One draw with mean `mean`.
    pub fn sample(&self, mean: f64, rng: &mut Rng) -> f64 {
        match *self {
            Shape::Exponential => rng.exponential(mean),
            Shape::Lognormal { cv } => {
                // `libm`, not `f64::ln`/`exp`: the same bits natively and in wasm (see rng.rs).
                let sigma2 = libm::log(1.0 + cv * cv);
                let mu = libm::log(mean) - sigma2 / 2.0;
                libm::exp(mu + sigma2.sqrt() * rng.standard_normal())
            }
            Shape::Weibull { k } => {
                let scale = mean / gamma(1.0 + 1.0 / k);
                scale * libm::pow(-libm::log(rng.uniform_open0()), 1.0 / k)
            }
        }
    }

    pub fn name(&self) -> String {
        match self {
            Shape::Exponential => "exponential".into(),
            Shape::Lognormal { cv } => format!("lognormal (cv {cv})"),
            Shape::Weibull { k } => format!("Weibull (shape {k})"),
        }
    }
}

/// Γ(x) for x > 0 by the Lanczos approximation (g = 7, 9 terms; relative error < 1e-13).
pub fn gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x)Γ(1 − x) = π / sin(πx).
        return std::f64::consts::PI / (libm::sin(std::f64::consts::PI * x) * gamma(1.0 - x));
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    (2.0 * std::f64::consts::PI).sqrt() * libm::pow(t, x + 0.5) * libm::exp(-t) * a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gamma_matches_known_values() {
        // Γ(n) = (n − 1)!, Γ(1/2) = √π.
        assert!((gamma(1.0) - 1.0).abs() < 1e-13);
        assert!((gamma(5.0) - 24.0).abs() < 1e-11);
        assert!((gamma(0.5) - std::f64::consts::PI.sqrt()).abs() < 1e-13);
        assert!((gamma(1.5) - std::f64::consts::PI.sqrt() / 2.0).abs() < 1e-13);
    }

    #[test]
    fn every_shape_has_the_requested_mean() {
        // 400,000 draws of mean 2; tolerance 4 standard errors of each shape's own spread.
        let n = 400_000;
        for (shape, cv) in [
            (Shape::Exponential, 1.0),
            (Shape::Lognormal { cv: 1.5 }, 1.5),
            (
                Shape::Weibull { k: 0.7 },
                (gamma(1.0 + 2.0 / 0.7) / gamma(1.0 + 1.0 / 0.7).powi(2) - 1.0).sqrt(),
            ),
            (
                Shape::Weibull { k: 3.0 },
                (gamma(1.0 + 2.0 / 3.0) / gamma(1.0 + 1.0 / 3.0).powi(2) - 1.0).sqrt(),
            ),
        ] {
            let mut rng = Rng::seeded(11);
            let mean = (0..n).map(|_| shape.sample(2.0, &mut rng)).sum::<f64>() / n as f64;
            let se = 2.0 * cv / (n as f64).sqrt();
            assert!((mean - 2.0).abs() < 4.0 * se, "{shape:?}: {mean}");
        }
    }

    #[test]
    fn rejects_bad_shapes() {
        assert!(Shape::Lognormal { cv: 0.0 }.validate().is_err());
        assert!(Shape::Lognormal { cv: f64::NAN }.validate().is_err());
        assert!(Shape::Weibull { k: -1.0 }.validate().is_err());
        assert!(Shape::Weibull { k: 1.0 }.validate().is_ok());
    }
}
