//! [`HyperTransportBuilder`]: timeouts, limits, pool and TLS settings.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use hyper_rustls::HttpsConnectorBuilder;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use rustls::{ClientConfig, RootCertStore};

use crate::connector::{Connector, Slots};
use crate::transport::HyperTransport;

/// The default time limit for a whole request: connect, send, response head and body.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default time limit for making a connection (DNS, TCP and TLS handshake).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default limit on a response body: 16 MiB.
pub const DEFAULT_MAX_BODY_SIZE: usize = 16 * 1024 * 1024;
/// The default time an idle pooled connection is kept: 30 s, below the 60 s idle timeout
/// common to cloud load balancers, so the pool rarely hands out a connection the other side
/// is closing.
pub const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// The default limit on requests in flight at once through one transport (and its clones),
/// which is also the limit on open connections: 64.
pub const DEFAULT_MAX_CONCURRENT_REQUESTS: usize = 64;

#[derive(Clone)]
enum Root {
    Der(Vec<u8>),
    Pem(Vec<u8>),
}

/// Configures a [`HyperTransport`].
///
/// ```
/// use std::time::Duration;
/// use ory_hyper::HyperTransport;
///
/// let transport = HyperTransport::builder()
///     .timeout(Duration::from_secs(10))
///     .connect_timeout(Duration::from_secs(3))
///     .max_body_size(4 * 1024 * 1024)
///     .pool_max_idle_per_host(16)
///     .max_concurrent_requests(32)
///     .build()?;
/// assert_eq!(transport.timeout(), Duration::from_secs(10));
/// assert_eq!(transport.max_connections_per_host(), Some(32));
/// # Ok::<(), ory_hyper::BuildError>(())
/// ```
///
/// ## Trusted roots
///
/// By default the Mozilla root store compiled into the binary (`webpki-roots`) is trusted,
/// not the operating system's. That works the same on every machine and in `scratch` or
/// distroless containers that ship no CA bundle, and a changed system store cannot change
/// whom the API key is sent to. Add a private CA with
/// [`add_root_certificate`](Self::add_root_certificate) (DER) or
/// [`add_root_certificates_pem`](Self::add_root_certificates_pem); trust nothing else with
/// [`built_in_roots(false)`](Self::built_in_roots). Certificate verification cannot be
/// turned off.
#[derive(Clone)]
pub struct HyperTransportBuilder {
    timeout: Duration,
    connect_timeout: Duration,
    max_body_size: usize,
    pool_idle_timeout: Option<Duration>,
    pool_max_idle_per_host: usize,
    max_concurrent_requests: Option<usize>,
    http2: bool,
    built_in_roots: bool,
    roots: Vec<Root>,
}

impl Default for HyperTransportBuilder {
    fn default() -> Self {
        HyperTransportBuilder {
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            pool_idle_timeout: Some(DEFAULT_POOL_IDLE_TIMEOUT),
            pool_max_idle_per_host: usize::MAX,
            max_concurrent_requests: Some(DEFAULT_MAX_CONCURRENT_REQUESTS),
            http2: true,
            built_in_roots: true,
            roots: Vec::new(),
        }
    }
}

impl fmt::Debug for HyperTransportBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperTransportBuilder")
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_body_size", &self.max_body_size)
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .field("pool_max_idle_per_host", &self.pool_max_idle_per_host)
            .field("max_concurrent_requests", &self.max_concurrent_requests)
            .field("http2", &self.http2)
            .field("built_in_roots", &self.built_in_roots)
            .field("added_roots", &self.roots.len())
            .finish()
    }
}

impl HyperTransportBuilder {
    /// A builder with the defaults (see [`HyperTransport::new`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// The time limit for a whole request: connecting, sending, and receiving the response
    /// head and the whole body. Default [`DEFAULT_TIMEOUT`] (30 s). Running out gives a
    /// [`Timeout`](ory_core::TransportErrorKind::Timeout) error.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The time limit for making a connection: DNS, TCP and the TLS handshake. Default
    /// [`DEFAULT_CONNECT_TIMEOUT`] (10 s). Running out gives a
    /// [`Connect`](ory_core::TransportErrorKind::Connect) error (nothing was sent, so a
    /// retry is safe). The request timeout still bounds the whole request.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The largest response body accepted, in bytes. Default [`DEFAULT_MAX_BODY_SIZE`]
    /// (16 MiB). A larger `Content-Length` is refused before reading, and bodies without one
    /// are counted while they are read. Exceeding it gives a
    /// [`BodyTooLarge`](ory_core::TransportErrorKind::BodyTooLarge) error.
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// How long an idle pooled connection is kept; `None` keeps it until the server closes
    /// it. Default [`DEFAULT_POOL_IDLE_TIMEOUT`] (30 s).
    pub fn pool_idle_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.pool_idle_timeout = timeout.into();
        self
    }

    /// The most idle connections kept per host. Default: no limit (the pool holds as many as
    /// were busy at the same time). `0` turns pooling off.
    pub fn pool_max_idle_per_host(mut self, max: usize) -> Self {
        self.pool_max_idle_per_host = max;
        self
    }

    /// The most requests in flight at once through the transport and its clones, and the
    /// most connections open to one host at once. Default
    /// [`DEFAULT_MAX_CONCURRENT_REQUESTS`] (64).
    ///
    /// - A request takes a slot when it starts and gives it back when its body has been read
    ///   or it failed. Requests over the limit wait, first come first served; the wait counts
    ///   against the request's [`timeout`](Self::timeout), and running out while waiting is a
    ///   [`Timeout`](ory_core::TransportErrorKind::Timeout) error saying nothing was sent.
    /// - A connection takes a slot of its host (a count of the same size per
    ///   `scheme://host:port`) when it starts connecting and gives it back when it is closed.
    ///   hyper-util's pool does not bound connections (`pool_max_idle_per_host` only bounds
    ///   idle ones) and opens extra ones when a new connection loses the race to a busy one
    ///   coming back to the pool; the connection count makes the limit exact. A connection
    ///   that finds no free slot within the connect timeout fails as a
    ///   [`Connect`](ory_core::TransportErrorKind::Connect) error; with as many request slots
    ///   as connection slots, a request's connection always finds one soon.
    ///
    /// The count is per host, as the pool is, so idle connections to one host never keep
    /// another from connecting; across hosts, idle connections add up until
    /// [`pool_idle_timeout`](Self::pool_idle_timeout) closes them.
    ///
    /// `Some(0)` is taken as 1. `None` removes both limits: every request then runs at once
    /// and opens a connection when none is idle, as hyper-util does by itself.
    ///
    /// Over HTTP/2 one connection carries many requests, so the limit counts requests.
    /// The uncontended cost is one compare-and-swap per request.
    pub fn max_concurrent_requests(mut self, max: impl Into<Option<usize>>) -> Self {
        self.max_concurrent_requests = max.into();
        self
    }

    /// Whether to offer HTTP/2 by ALPN on `https` connections (default `true`). When the
    /// server picks it, one connection carries concurrent requests. Plain `http` always uses
    /// HTTP/1.1.
    pub fn http2(mut self, enabled: bool) -> Self {
        self.http2 = enabled;
        self
    }

    /// Trusts one more root certificate, DER-encoded (for a private CA in front of a
    /// self-hosted Kratos). Checked by [`build`](Self::build).
    pub fn add_root_certificate(mut self, der: impl Into<Vec<u8>>) -> Self {
        self.roots.push(Root::Der(der.into()));
        self
    }

    /// Trusts every certificate in a PEM bundle (`-----BEGIN CERTIFICATE-----` blocks, as in
    /// a Kubernetes `ca.crt`). Checked by [`build`](Self::build): a bundle without a
    /// certificate is an error.
    pub fn add_root_certificates_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.roots.push(Root::Pem(pem.into()));
        self
    }

    /// Whether to trust the built-in Mozilla roots (default `true`). With `false`, only the
    /// roots added with [`add_root_certificate`](Self::add_root_certificate) or
    /// [`add_root_certificates_pem`](Self::add_root_certificates_pem) are trusted, and
    /// [`build`](Self::build) fails when there are none.
    pub fn built_in_roots(mut self, enabled: bool) -> Self {
        self.built_in_roots = enabled;
        self
    }

    /// Builds the transport. Fails only on a root certificate that does not parse, or when
    /// no root at all would be trusted. Needs no runtime; sending does (see
    /// [`HyperTransport`]).
    pub fn build(self) -> Result<HyperTransport, BuildError> {
        let roots = self.root_store()?;
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| BuildError::new("the TLS configuration was refused").with_source(e))?
            .with_root_certificates(roots)
            .with_no_client_auth();

        let mut http = HttpConnector::new();
        // The TLS layer above decides the scheme.
        http.enforce_http(false);
        http.set_nodelay(true);
        // Per-address budget, so one dead address leaves time for the next; the connector
        // bounds DNS + TCP + TLS as a whole.
        http.set_connect_timeout(Some(self.connect_timeout));

        let https = HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1();
        let https = if self.http2 {
            https.enable_http2().wrap_connector(http)
        } else {
            https.wrap_connector(http)
        };
        let slots = self.max_concurrent_requests.map(Slots::new);
        let connector = Connector::new(https, self.connect_timeout, slots.clone());

        // Only the pool gets a timer (to close idle connections in the background); hyper's
        // HTTP/1 client never uses one and HTTP/2 only for keep-alive pings, which are off,
        // and hyper-util clones the client's timers for every request.
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(self.pool_idle_timeout)
            .pool_max_idle_per_host(self.pool_max_idle_per_host)
            .build(connector);
        let max = slots.as_ref().map(|slots| slots.max());
        Ok(HyperTransport::assemble(client, slots, max)
            .with_timeout(self.timeout)
            .with_max_body_size(self.max_body_size))
    }

    fn root_store(&self) -> Result<RootCertStore, BuildError> {
        let mut store = RootCertStore::empty();
        if self.built_in_roots {
            store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        }
        for (index, root) in self.roots.iter().enumerate() {
            match root {
                Root::Der(der) => store
                    .add(CertificateDer::from(der.as_slice()))
                    .map_err(|e| {
                        BuildError::new(format!(
                            "root certificate #{} is not a valid DER certificate",
                            index + 1
                        ))
                        .with_source(e)
                    })?,
                Root::Pem(pem) => {
                    let mut count = 0usize;
                    for cert in CertificateDer::pem_slice_iter(pem) {
                        let cert = cert.map_err(|e| {
                            BuildError::new(format!(
                                "root certificate #{}: the PEM does not parse",
                                index + 1
                            ))
                            .with_source(e)
                        })?;
                        store.add(cert).map_err(|e| {
                            BuildError::new(format!(
                                "root certificate #{}: PEM certificate {} is not valid",
                                index + 1,
                                count + 1
                            ))
                            .with_source(e)
                        })?;
                        count += 1;
                    }
                    if count == 0 {
                        return Err(BuildError::new(format!(
                            "root certificate #{}: the PEM holds no CERTIFICATE block",
                            index + 1
                        )));
                    }
                }
            }
        }
        if store.is_empty() {
            return Err(BuildError::new(
                "no root certificate is trusted: add one, or keep the built-in roots",
            ));
        }
        Ok(store)
    }
}

/// [`HyperTransportBuilder::build`] failed: a root certificate is invalid, or none would be
/// trusted.
pub struct BuildError {
    message: String,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl BuildError {
    fn new(message: impl Into<String>) -> Self {
        BuildError {
            message: message.into(),
            source: None,
        }
    }

    fn with_source(mut self, source: impl StdError + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }
}

impl fmt::Debug for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BuildError")
            .field("message", &self.message)
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl StdError for BuildError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|s| s as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use tokio::sync::Semaphore;

    use super::*;

    #[test]
    fn defaults_build() {
        let transport = HyperTransportBuilder::new().build().unwrap();
        assert_eq!(transport.timeout(), DEFAULT_TIMEOUT);
        assert_eq!(transport.max_body_size(), DEFAULT_MAX_BODY_SIZE);
        assert_eq!(
            transport.max_concurrent_requests(),
            Some(DEFAULT_MAX_CONCURRENT_REQUESTS)
        );
        assert_eq!(
            transport.max_connections_per_host(),
            Some(DEFAULT_MAX_CONCURRENT_REQUESTS)
        );
    }

    #[test]
    fn concurrency_limits() {
        let none = HyperTransportBuilder::new()
            .max_concurrent_requests(None)
            .build()
            .unwrap();
        assert_eq!(none.max_concurrent_requests(), None);
        assert_eq!(none.max_connections_per_host(), None);

        let zero = HyperTransportBuilder::new()
            .max_concurrent_requests(0)
            .build()
            .unwrap();
        assert_eq!(zero.max_concurrent_requests(), Some(1));
        assert_eq!(zero.max_connections_per_host(), Some(1));

        // Beyond what a semaphore can count: clamped, no panic.
        let huge = HyperTransportBuilder::new()
            .max_concurrent_requests(usize::MAX)
            .build()
            .unwrap();
        assert_eq!(
            huge.max_connections_per_host(),
            Some(Semaphore::MAX_PERMITS)
        );

        // The builder's limit stays the ceiling of the request limit.
        let built = HyperTransportBuilder::new()
            .max_concurrent_requests(8)
            .build()
            .unwrap();
        assert_eq!(
            built
                .clone()
                .with_max_concurrent_requests(4)
                .max_concurrent_requests(),
            Some(4)
        );
        assert_eq!(
            built
                .clone()
                .with_max_concurrent_requests(100)
                .max_concurrent_requests(),
            Some(8)
        );
        assert_eq!(
            built
                .with_max_concurrent_requests(None)
                .max_concurrent_requests(),
            Some(8)
        );
    }

    #[test]
    fn bad_roots_are_refused() {
        let err = HyperTransportBuilder::new()
            .add_root_certificate(b"not a certificate".to_vec())
            .build()
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("root certificate #1 is not a valid DER"),
            "{err}"
        );

        let err = HyperTransportBuilder::new()
            .add_root_certificates_pem("no pem here")
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("no CERTIFICATE block"), "{err}");

        let err = HyperTransportBuilder::new()
            .built_in_roots(false)
            .build()
            .unwrap_err();
        assert!(err.to_string().starts_with("no root certificate"), "{err}");
    }

    #[test]
    fn debug_lists_settings() {
        let text = format!("{:?}", HyperTransportBuilder::new().http2(false));
        assert!(text.contains("http2: false"), "{text}");
    }
}
