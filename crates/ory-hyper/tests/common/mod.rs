//! Loopback servers for the transport tests: a hyper server (plain or TLS) that records what
//! arrives, and a raw TCP server that answers with fixed bytes.
#![allow(dead_code)]

use std::convert::Infallible;
use std::error::Error as StdError;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::Bytes;
use http::{HeaderMap, Method, Response, Uri, Version};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::{Body, Frame, Incoming};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::{JoinHandle, JoinSet};
use tokio_rustls::rustls;
use tokio_rustls::TlsAcceptor;

/// What the server received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: Method,
    pub uri: Uri,
    pub version: Version,
    pub headers: HeaderMap,
    pub body: Bytes,
}

pub type Reply = BoxBody<Bytes, Infallible>;
pub type ReplyFuture = Pin<Box<dyn Future<Output = Response<Reply>> + Send>>;
pub type Handler = Arc<dyn Fn(&Recorded) -> ReplyFuture + Send + Sync>;

/// A handler that answers at once.
pub fn respond(f: impl Fn(&Recorded) -> Response<Reply> + Send + Sync + 'static) -> Handler {
    Arc::new(move |req| {
        let response = f(req);
        Box::pin(async move { response })
    })
}

/// A handler that answers `status` with no body.
pub fn status(code: u16) -> Handler {
    respond(move |_| Response::builder().status(code).body(empty()).unwrap())
}

/// A handler that never answers.
pub fn hang() -> Handler {
    Arc::new(|_| Box::pin(std::future::pending()))
}

pub fn empty() -> Reply {
    full(Bytes::new())
}

pub fn full(body: impl Into<Bytes>) -> Reply {
    Full::new(body.into()).boxed()
}

/// A body sent in `chunk`-byte frames without a length (chunked on HTTP/1.1): `total` bytes,
/// or endless when `total` is `None`.
pub fn chunked(chunk: usize, total: Option<usize>) -> Reply {
    Chunks {
        chunk: Bytes::from(vec![b'x'; chunk]),
        remaining: total,
    }
    .boxed()
}

struct Chunks {
    chunk: Bytes,
    remaining: Option<usize>,
}

impl Body for Chunks {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let len = match self.remaining {
            None => self.chunk.len(),
            Some(0) => return Poll::Ready(None),
            Some(n) => n.min(self.chunk.len()),
        };
        if let Some(n) = self.remaining.as_mut() {
            *n -= len;
        }
        Poll::Ready(Some(Ok(Frame::data(self.chunk.slice(..len)))))
    }
}

/// A hyper server (HTTP/1.1 and HTTP/2) on 127.0.0.1, port 0.
pub struct TestServer {
    pub addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    requests: Arc<Mutex<Vec<Recorded>>>,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl TestServer {
    pub async fn start(handler: Handler) -> TestServer {
        TestServer::spawn(handler, None).await
    }

    pub async fn start_tls(handler: Handler, tls: rustls::ServerConfig) -> TestServer {
        TestServer::spawn(handler, Some(TlsAcceptor::from(Arc::new(tls)))).await
    }

    async fn spawn(handler: Handler, tls: Option<TlsAcceptor>) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (shutdown, mut stop) = oneshot::channel::<()>();
        let task = {
            let connections = Arc::clone(&connections);
            let requests = Arc::clone(&requests);
            tokio::spawn(async move {
                // Dropping the set at shutdown aborts every connection task.
                let mut tasks = JoinSet::new();
                loop {
                    tokio::select! {
                        _ = &mut stop => break,
                        accepted = listener.accept() => {
                            let Ok((stream, _)) = accepted else { continue };
                            connections.fetch_add(1, Ordering::SeqCst);
                            let handler = Arc::clone(&handler);
                            let requests = Arc::clone(&requests);
                            let tls = tls.clone();
                            tasks.spawn(async move {
                                match tls {
                                    None => serve(stream, handler, requests).await,
                                    Some(acceptor) => {
                                        if let Ok(stream) = acceptor.accept(stream).await {
                                            serve(stream, handler, requests).await;
                                        }
                                    }
                                }
                            });
                        }
                    }
                }
            })
        };
        TestServer {
            addr,
            connections,
            requests,
            shutdown: Some(shutdown),
            task,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn https_url(&self) -> String {
        format!("https://{}", self.addr)
    }

    /// TCP connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    pub async fn stop(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        (&mut self.task).await.unwrap();
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve<S>(stream: S, handler: Handler, requests: Arc<Mutex<Vec<Recorded>>>)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |req: http::Request<Incoming>| {
        let handler = Arc::clone(&handler);
        let requests = Arc::clone(&requests);
        async move {
            let (parts, body) = req.into_parts();
            let body = body.collect().await?.to_bytes();
            let recorded = Recorded {
                method: parts.method,
                uri: parts.uri,
                version: parts.version,
                headers: parts.headers,
                body,
            };
            requests.lock().unwrap().push(recorded.clone());
            Ok::<_, hyper::Error>(handler(&recorded).await)
        }
    });
    let _ = auto::Builder::new(TokioExecutor::new())
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

/// A TCP server that reads a request head and writes `reply` verbatim, then closes; with
/// `None` it accepts and holds connections without a byte (a TLS handshake never finishes).
pub struct RawServer {
    pub addr: SocketAddr,
    task: JoinHandle<()>,
}

impl RawServer {
    pub async fn start(reply: Option<&'static [u8]>) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            let mut tasks = JoinSet::new();
            while let Ok((stream, _)) = listener.accept().await {
                tasks.spawn(raw_connection(stream, reply));
            }
        });
        RawServer { addr, task }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn https_url(&self) -> String {
        format!("https://{}", self.addr)
    }

    pub async fn stop(mut self) {
        self.task.abort();
        let _ = (&mut self.task).await;
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn raw_connection(mut stream: TcpStream, reply: Option<&'static [u8]>) {
    let Some(reply) = reply else {
        let _held = stream;
        std::future::pending::<()>().await;
        return;
    };
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
    }
    let _ = stream.write_all(reply).await;
    let _ = stream.shutdown().await;
}

/// A self-signed certificate for 127.0.0.1 and the server configuration using it.
pub struct TestCert {
    pub der: Vec<u8>,
    pub pem: String,
    key_der: Vec<u8>,
}

impl TestCert {
    pub fn new(names: &[&str]) -> TestCert {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let certified = rcgen::generate_simple_self_signed(names).unwrap();
        TestCert {
            der: certified.cert.der().to_vec(),
            pem: certified.cert.pem(),
            key_der: certified.key_pair.serialize_der(),
        }
    }

    /// A server configuration offering `alpn` (for example `["h2", "http/1.1"]`).
    pub fn server_config(&self, alpn: &[&str]) -> rustls::ServerConfig {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                vec![rustls::pki_types::CertificateDer::from(self.der.clone())],
                rustls::pki_types::PrivatePkcs8KeyDer::from(self.key_der.clone()).into(),
            )
            .unwrap();
        config.alpn_protocols = alpn.iter().map(|p| p.as_bytes().to_vec()).collect();
        config
    }
}

/// Every error in the chain below `err`, stepping into `io::Error` payloads (which
/// `source()` skips).
pub fn chain<'a>(
    err: &'a (dyn StdError + 'static),
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    let mut next = Some(err);
    std::iter::from_fn(move || {
        let current = next?;
        next = match current.downcast_ref::<std::io::Error>() {
            Some(io) => match io.get_ref() {
                Some(inner) => Some(inner as &(dyn StdError + 'static)),
                None => current.source(),
            },
            None => current.source(),
        };
        Some(current)
    })
}

/// The transport error inside an `ory_core::Error`, or a panic naming what came instead.
pub fn transport_error(err: &ory_core::Error) -> &ory_core::TransportError {
    match err.kind() {
        ory_core::ErrorKind::Transport(t) => t,
        other => panic!("expected a transport error, got {other:?}"),
    }
}
