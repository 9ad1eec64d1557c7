//! Placeholder until the scorecard lands.
fn main() {}
