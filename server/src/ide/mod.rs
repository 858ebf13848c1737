//! IDE features as pure functions of an analysis and an offset.
