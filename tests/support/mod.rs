//! Loopback servers for the root-level tests, all on 127.0.0.1 port 0 and stopped by the test:
//!
//! - [`HttpServer`]: a hyper server (HTTP/1.1 and HTTP/2) that records every request, counts
//!   the TCP connections it accepted and answers through a handler.
//! - [`RawServer`]: a TCP server whose connections are driven by a script writing hand-made
//!   bytes, for answers hyper would never produce (closing early, resetting, dribbling,
//!   lying about the length).
#![allow(dead_code)]

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, Method, Response, Uri};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::{JoinHandle, JoinSet};

/// A request as the [`HttpServer`] received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: Method,
    pub uri: Uri,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Recorded {
    /// `path?query`, or the path alone.
    pub fn path_and_query(&self) -> String {
        self.uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default()
    }

    /// A header as text ("" when absent or not text).
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// Answers one request.
pub type Handler = Arc<dyn Fn(&Recorded) -> Response<Full<Bytes>> + Send + Sync>;

/// A response with `status`, the given headers and `body`.
pub fn reply(
    status: u16,
    headers: &[(&str, &str)],
    body: impl Into<Bytes>,
) -> Response<Full<Bytes>> {
    let mut builder = Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder
        .body(Full::new(body.into()))
        .expect("a valid test response")
}

/// A JSON response.
pub fn json(status: u16, value: &serde_json::Value) -> Response<Full<Bytes>> {
    reply(
        status,
        &[("content-type", "application/json; charset=utf-8")],
        value.to_string(),
    )
}

/// A hyper server on 127.0.0.1, port 0.
pub struct HttpServer {
    pub addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    open: Arc<AtomicUsize>,
    max_open: Arc<AtomicUsize>,
    requests: Arc<Mutex<Vec<Recorded>>>,
    counted: Arc<AtomicUsize>,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl HttpServer {
    /// Starts a server answering every request with `handler`, recording every request.
    pub async fn start(
        handler: impl Fn(&Recorded) -> Response<Full<Bytes>> + Send + Sync + 'static,
    ) -> HttpServer {
        HttpServer::spawn(Arc::new(handler), true).await
    }

    /// Like [`HttpServer::start`], counting requests without keeping them (for load).
    pub async fn start_counting(
        handler: impl Fn(&Recorded) -> Response<Full<Bytes>> + Send + Sync + 'static,
    ) -> HttpServer {
        HttpServer::spawn(Arc::new(handler), false).await
    }

    async fn spawn(handler: Handler, record: bool) -> HttpServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let connections = Arc::new(AtomicUsize::new(0));
        let open = Arc::new(AtomicUsize::new(0));
        let max_open = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let counted = Arc::new(AtomicUsize::new(0));
        let (shutdown, mut stop) = oneshot::channel::<()>();
        let task = {
            let connections = Arc::clone(&connections);
            let open = Arc::clone(&open);
            let max_open = Arc::clone(&max_open);
            let requests = Arc::clone(&requests);
            let counted = Arc::clone(&counted);
            tokio::spawn(async move {
                // Dropping the set at shutdown aborts every connection task.
                let mut tasks = JoinSet::new();
                loop {
                    tokio::select! {
                        _ = &mut stop => break,
                        accepted = listener.accept() => {
                            let Ok((stream, _)) = accepted else { continue };
                            connections.fetch_add(1, Ordering::SeqCst);
                            let now = open.fetch_add(1, Ordering::SeqCst) + 1;
                            max_open.fetch_max(now, Ordering::SeqCst);
                            let guard = OpenGuard(Arc::clone(&open));
                            let handler = Arc::clone(&handler);
                            let requests = Arc::clone(&requests);
                            let counted = Arc::clone(&counted);
                            tasks.spawn(async move {
                                let _guard = guard;
                                serve(stream, handler, requests, counted, record).await;
                            });
                        }
                        // Reap finished connection tasks so the set does not grow.
                        Some(_) = tasks.join_next(), if !tasks.is_empty() => {}
                    }
                }
            })
        };
        HttpServer {
            addr,
            connections,
            open,
            max_open,
            requests,
            counted,
            shutdown: Some(shutdown),
            task,
        }
    }

    /// `http://127.0.0.1:port`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// TCP connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Connections open now, as the server sees them (a connection the client closed counts
    /// until the server has read the close).
    pub fn open_connections(&self) -> usize {
        self.open.load(Ordering::SeqCst)
    }

    /// The most connections that were open at the same time, as the server saw them.
    pub fn max_open_connections(&self) -> usize {
        self.max_open.load(Ordering::SeqCst)
    }

    /// The requests received so far (empty for a counting server).
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().expect("requests lock").clone()
    }

    /// How many requests arrived (recorded or not).
    pub fn request_count(&self) -> usize {
        self.counted.load(Ordering::SeqCst)
    }

    /// Stops accepting and closes every connection.
    pub async fn stop(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

struct OpenGuard(Arc<AtomicUsize>);

impl Drop for OpenGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn serve(
    stream: TcpStream,
    handler: Handler,
    requests: Arc<Mutex<Vec<Recorded>>>,
    counted: Arc<AtomicUsize>,
    record: bool,
) {
    let _ = stream.set_nodelay(true);
    let service = hyper::service::service_fn(move |req: http::Request<Incoming>| {
        let handler = Arc::clone(&handler);
        let requests = Arc::clone(&requests);
        let counted = Arc::clone(&counted);
        async move {
            let (parts, body) = req.into_parts();
            let body = match body.collect().await {
                Ok(collected) => collected.to_bytes(),
                Err(_) => Bytes::new(),
            };
            let recorded = Recorded {
                method: parts.method,
                uri: parts.uri,
                headers: parts.headers,
                body,
            };
            let response = handler(&recorded);
            counted.fetch_add(1, Ordering::SeqCst);
            if record {
                requests.lock().expect("requests lock").push(recorded);
            }
            Ok::<_, Infallible>(response)
        }
    });
    let _ = auto::Builder::new(TokioExecutor::new())
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

/// A TCP server on 127.0.0.1, port 0, whose every connection is handed to a script.
pub struct RawServer {
    pub addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    heads: Arc<Mutex<Vec<String>>>,
    task: JoinHandle<()>,
}

impl RawServer {
    /// Starts a server running `script` on every accepted connection.
    pub async fn start<F, Fut>(script: F) -> RawServer
    where
        F: Fn(RawConnection) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let connections = Arc::new(AtomicUsize::new(0));
        let heads = Arc::new(Mutex::new(Vec::new()));
        let task = {
            let connections = Arc::clone(&connections);
            let heads = Arc::clone(&heads);
            tokio::spawn(async move {
                // Aborting this task drops the set, which aborts every connection.
                let mut tasks = JoinSet::new();
                while let Ok((stream, _)) = listener.accept().await {
                    connections.fetch_add(1, Ordering::SeqCst);
                    tasks.spawn(script(RawConnection {
                        stream,
                        heads: Arc::clone(&heads),
                    }));
                }
            })
        };
        RawServer {
            addr,
            connections,
            heads,
            task,
        }
    }

    /// `http://127.0.0.1:port`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// TCP connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// The request heads read so far, in order.
    pub fn heads(&self) -> Vec<String> {
        self.heads.lock().expect("heads lock").clone()
    }

    /// The methods of the requests read so far, in order.
    pub fn methods(&self) -> Vec<String> {
        self.heads()
            .iter()
            .map(|head| head.split(' ').next().unwrap_or("").to_owned())
            .collect()
    }

    /// Stops the server and closes every connection.
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

/// One accepted connection of a [`RawServer`].
pub struct RawConnection {
    pub stream: TcpStream,
    heads: Arc<Mutex<Vec<String>>>,
}

impl RawConnection {
    /// Reads one request: the head up to the blank line, then as many body bytes as its
    /// `Content-Length` says. Records the head; `None` when the client closed first.
    ///
    /// Test scaffolding for requests the client under test wrote, not an HTTP parser.
    pub async fn read_request(&mut self) -> Option<String> {
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        let end = loop {
            if let Some(at) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            match self.stream.read(&mut buf).await {
                Ok(0) | Err(_) => return None,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
        };
        let head = String::from_utf8_lossy(&seen[..end]).into_owned();
        let length = head
            .lines()
            .filter_map(|line| line.split_once(':'))
            .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
            .and_then(|(_, value)| value.trim().parse::<usize>().ok())
            .unwrap_or(0);
        let mut have = seen.len() - end;
        while have < length {
            match self.stream.read(&mut buf).await {
                Ok(0) | Err(_) => return None,
                Ok(n) => have += n,
            }
        }
        self.heads.lock().expect("heads lock").push(head.clone());
        Some(head)
    }

    /// Writes `bytes` and flushes; errors (the client went away) are returned.
    pub async fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stream.write_all(bytes).await?;
        self.stream.flush().await
    }

    /// Closes the connection with a TCP reset instead of an orderly close.
    pub fn reset(self) {
        // SO_LINGER 0: `close` sends RST and returns at once (no blocking on drop).
        #[allow(deprecated)]
        let _ = self.stream.set_linger(Some(Duration::ZERO));
        drop(self.stream);
    }

    /// Keeps the connection open, silent, until the server stops.
    pub async fn hold(self) {
        let _held = self.stream;
        std::future::pending::<()>().await;
    }
}

/// A free port on 127.0.0.1 with nothing listening on it (bound, then released).
pub fn closed_port() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local address");
    drop(listener);
    addr
}

/// A minimal identity as Kratos returns it.
pub fn identity_json(id: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "schema_id": "default",
        "schema_url": "http://127.0.0.1/schemas/ZGVmYXVsdA",
        "state": "active",
        "traits": {"email": format!("{id}@example.com")}
    })
}
