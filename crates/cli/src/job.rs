//! Runs any [`Job`] the way the page does, through its resumable stepper, with a progress bar on
//! standard error while it is a terminal. Piped or redirected, standard error gets nothing, so
//! scripts see only the result on standard output.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use sdlab_sim::Job;

/// Work per step, as `sdlab_nines::simulate::simulate` takes it: the bar moves several times a
/// second, and the result does not depend on it.
const WORK_PER_STEP: u64 = 100_000;
/// The bar counts to this; progress is a fraction.
const BAR_LENGTH: u64 = 1_000;

/// Starts `job` (its validation message is the error) and runs it to the end.
pub fn run<J: Job>(job: &J, label: &'static str) -> Result<J::Output, String> {
    let stepper = job.start()?;
    let bar = std::io::stderr().is_terminal().then(|| bar(label));
    let output = sdlab_sim::job::run(stepper, WORK_PER_STEP, |fraction| {
        if let Some(bar) = &bar {
            bar.set_position((fraction.clamp(0.0, 1.0) * BAR_LENGTH as f64) as u64);
        }
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(output)
}

fn bar(label: &'static str) -> ProgressBar {
    let style =
        ProgressStyle::with_template("{msg} [{bar:40}] {percent:>3}% {elapsed} (eta {eta})")
            .map(|s| s.progress_chars("=> "))
            .unwrap_or_else(|_| ProgressStyle::default_bar());
    ProgressBar::with_draw_target(Some(BAR_LENGTH), ProgressDrawTarget::stderr())
        .with_style(style)
        .with_message(label)
}
