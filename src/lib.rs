//! The ory-rs workspace's root package. It is not published; it exists so that the examples in
//! `examples/` and the cross-crate tests in `tests/` build against `ory-core` and `ory-hyper`
//! from the workspace root, and so that the README's code compiles as doctests (below). Use the
//! `ory-core` and `ory-hyper` crates.
#![doc = include_str!("../README.md")]
