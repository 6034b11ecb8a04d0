//! # ory-hyper
//!
//! The [hyper](https://hyper.rs) transport for [`ory_core`]: [`HyperTransport`] implements
//! [`ory_core::HttpTransport`] over one pooled `hyper_util` client.
//!
//! - HTTP/1.1 keep-alive, HTTP/2 by ALPN where an `https` server offers it, plain HTTP for
//!   loopback and self-hosted Kratos admin ports.
//! - TLS through rustls (`ring`), trusting the Mozilla roots compiled into the binary (works
//!   in `scratch`/distroless images, the same on every machine), plus roots you add.
//!   Verification cannot be turned off.
//! - Redirects are never followed, so the API key never goes anywhere but the configured
//!   base URL.
//! - A time limit per request (default 30 s, connect 10 s) and a size limit per response
//!   body (default 16 MiB).
//! - At most 64 requests in flight per transport (and its clones) and 64 connections open
//!   to one host at once; more requests wait their turn within their time limit.
//! - Failures map to [`TransportErrorKind`](ory_core::TransportErrorKind)s: `Connect`
//!   (refused, DNS, connect timeout: nothing was sent), `Tls` (the handshake was refused: a
//!   certificate that is not trusted for the host; nothing was sent, not retried), `Timeout`, `Io`
//!   (reset or closed mid-response, truncated body), `BodyTooLarge`, `Protocol` (not valid
//!   HTTP). The hyper error stays reachable through `source()`.
//!
//! ```no_run
//! use ory_core::{Client, Config};
//! use ory_hyper::HyperTransport;
//!
//! #[tokio::main]
//! async fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let config = Config::builder("https://your-project.projects.oryapis.com")
//!         .api_key(std::env::var("ORY_API_KEY")?)
//!         .build()?;
//!     let client = Client::new(config, HyperTransport::new());
//!     client.disable_session("9f425a8d-7b3f-4c8e-9a51-0c3f2b6a1d7e").await?;
//!     Ok(())
//! }
//! ```

mod builder;
mod connector;
mod error;
mod transport;

use std::time::Duration;

pub use builder::{
    BuildError, HyperTransportBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY_SIZE,
    DEFAULT_MAX_CONCURRENT_REQUESTS, DEFAULT_POOL_IDLE_TIMEOUT, DEFAULT_TIMEOUT,
};
pub use connector::{Connector, ConnectorStream};
pub use transport::HyperTransport;

/// Waits for `duration` on the Tokio timer: the sleep function the `ory-core` retry layer
/// needs when it runs on Tokio.
///
/// ```
/// # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
/// ory_hyper::sleep(std::time::Duration::from_millis(1)).await;
/// # });
/// ```
pub async fn sleep(duration: Duration) {
    tokio::time::sleep(duration).await
}
