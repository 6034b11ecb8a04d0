//! # ory-core
//!
//! A sans-IO client for the [Ory](https://www.ory.sh) Identity admin API (Ory Network and
//! self-hosted Kratos). For every operation it builds an [`http::Request`] and parses the
//! [`http::Response`] into a typed outcome; it performs no I/O of its own.
//!
//! - [`Config`]: base URL, API key (redacted in `Debug`), user agent, default headers.
//! - [`Operation`]: one type per API call, in [`identity`].
//! - [`HttpTransport`]: the seam any HTTP stack plugs into (`ory-hyper` provides one).
//! - [`Client`]: a configuration plus a transport, with one method per operation.
//! - [`retry`]: retries with backoff, honouring `Retry-After` and rate limits, for any
//!   transport ([`Client::with_retry`], [`retry::execute_with_retry`]).
//! - [`Page`] and [`Pager`] ([`pagination`]): list operations return a page with the next page's
//!   token read from the `Link` header; [`Client::pages`] walks every page.
//! - [`OptionalExt`]: `.optional()` reads Ory's 404 as `Ok(None)` for get operations.
//! - [`Error`]: one error type that keeps Ory's error body, raw bodies, and transport failures
//!   apart.
//! - `testing` (feature `testing`): a recording transport and request assertions.
//!
//! ```
//! use ory_core::{identity::DisableSession, Config, Operation};
//!
//! // Build a request without any network, as a unit test would.
//! let config = Config::builder("https://playground.projects.oryapis.com")
//!     .api_key("ory_apikey_example")
//!     .build()?;
//! let request = DisableSession::new("9f425a8d").build_request(&config)?;
//! assert_eq!(request.method(), "DELETE");
//! assert_eq!(request.uri().path(), "/admin/sessions/9f425a8d");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod client;
pub mod config;
pub mod encode;
pub mod error;
pub mod identity;
pub mod meta;
pub mod models;
pub mod operation;
pub mod pagination;
pub mod request_id;
pub mod retry;
pub mod transport;

#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use client::{Client, ManageSessionsSummary};
pub use config::{Config, ConfigBuilder, ConfigError};
pub use error::{
    ApiError, BuildError, DecodeError, Error, ErrorKind, OryErrorBody, UnexpectedResponse,
};
pub use identity::OptionalExt;
pub use meta::{RateLimit, ResponseMeta};
pub use operation::{execute, execute_with_meta, Operation, OperationExt};
pub use pagination::{Page, Pager, Paginated};
pub use retry::RetryPolicy;
pub use transport::{HttpTransport, TransportError, TransportErrorKind};
