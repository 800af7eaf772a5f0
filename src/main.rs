//! sdlab web app entry point.
fn main() {}
