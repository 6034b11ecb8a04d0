//! The default connector: DNS + TCP + optional TLS, bounded by the connect timeout.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http::Uri;
use hyper_rustls::{HttpsConnector, MaybeHttpsStream};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

type BoxError = Box<dyn StdError + Send + Sync>;

/// The connector [`HyperTransport`](crate::HyperTransport) uses by default.
///
/// It resolves the host, opens a TCP connection (`TCP_NODELAY` set) and, for `https` URLs,
/// performs the rustls handshake, offering HTTP/2 and HTTP/1.1 by ALPN unless HTTP/2 was
/// turned off. `http` URLs get plain TCP (for loopback or in-cluster Kratos admin ports).
/// The whole of it, DNS and TLS included, is bounded by the connect timeout; running out
/// of time is reported as a connect failure, since nothing of the request was sent.
///
/// Build one through [`HyperTransportBuilder`](crate::HyperTransportBuilder); the type is
/// public only so that it can name the default of [`HyperTransport`](crate::HyperTransport)'s
/// type parameter.
///
/// Cloning is one reference count: hyper-util clones its connector for every request, even
/// when a pooled connection serves it, so the parts are cloned only for a real connect.
#[derive(Clone)]
pub struct Connector {
    inner: Arc<Inner>,
}

struct Inner {
    https: HttpsConnector<HttpConnector>,
    connect_timeout: Duration,
}

impl Connector {
    pub(crate) fn new(https: HttpsConnector<HttpConnector>, connect_timeout: Duration) -> Self {
        Connector {
            inner: Arc::new(Inner {
                https,
                connect_timeout,
            }),
        }
    }
}

impl fmt::Debug for Connector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Connector")
            .field("connect_timeout", &self.inner.connect_timeout)
            .finish_non_exhaustive()
    }
}

impl tower_service::Service<Uri> for Connector {
    type Response = MaybeHttpsStream<TokioIo<TcpStream>>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        // Readiness is asked of the clone that makes the connection, in `call`.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        let inner = Arc::clone(&self.inner);
        Box::pin(async move {
            let limit = inner.connect_timeout;
            let mut https = inner.https.clone();
            let connecting = async move {
                std::future::poll_fn(|cx| https.poll_ready(cx)).await?;
                https.call(dst).await
            };
            match tokio::time::timeout(limit, connecting).await {
                Ok(result) => result,
                Err(_) => Err(Box::new(ConnectTimeout(limit)) as BoxError),
            }
        })
    }
}

/// The connect timeout ran out before the connection (TLS included) was ready.
#[derive(Debug)]
pub(crate) struct ConnectTimeout(pub(crate) Duration);

impl fmt::Display for ConnectTimeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "connect timed out after {:?}", self.0)
    }
}

impl StdError for ConnectTimeout {}
