//! Test utilities for code that uses ory-core: a transport that records requests and replays
//! queued responses, assertions on built requests, and response builders.
//!
//! Enabled by the `testing` cargo feature (add it in your `[dev-dependencies]`):
//!
//! ```toml
//! [dev-dependencies]
//! ory-core = { version = "0.1", features = ["testing"] }
//! ```
//!
//! ```
//! use ory_core::testing::{MockTransport, RequestAssertions};
//! use ory_core::{Client, Config};
//!
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let transport = MockTransport::new();
//! transport.push_status(204);
//! let config = Config::builder("https://example.projects.oryapis.com").api_key("ory_apikey_x").build()?;
//! let client = Client::new(config, transport);
//!
//! client.disable_session("s-1").await?;
//!
//! client.transport().last_request().unwrap()
//!     .assert_method(http::Method::DELETE)
//!     .assert_path("/admin/sessions/s-1")
//!     .assert_header("authorization", "Bearer ory_apikey_x")
//!     .assert_no_body();
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # }).unwrap();
//! ```

mod assertions;
mod mock;

pub use assertions::RequestAssertions;
pub use mock::{MockTransport, ResponseBuilder};
