//! Campaigns: sending a message to every contact of a list, paced to protect the numbers.

pub mod pacing;
