//! The contract tests' transport: `ory_hyper::HyperTransport`, the one users run, with a time
//! limit per request. Prism can hang on a malformed body, and a hung request must fail the
//! test, not stall it.

use std::time::Duration;

use ory_hyper::HyperTransport;

/// A transport whose requests each fail with a timeout after `timeout` (connect, send,
/// response head and whole body).
pub fn transport(timeout: Duration) -> HyperTransport {
    HyperTransport::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(5)))
        // Below Prism's (Node's) 5 s keep-alive, so we never reuse a connection that the
        // server is closing.
        .pool_idle_timeout(Duration::from_secs(2))
        .build()
        .expect("a HyperTransport with the built-in roots")
}
