//! The `decode` bench with mimalloc as the global allocator instead of the system's.
//!
//! A decoded page owns about 1,200 small allocations (strings, raw JSON, address lists); this
//! run shows how much of the decode time is the allocator's, and what an application that
//! installs a faster global allocator gets.
//!
//! Run: `cargo bench -p ory-core --bench decode_mimalloc` (same options as `decode`).

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "decode.rs"]
mod decode;

fn main() {
    decode::main();
}
