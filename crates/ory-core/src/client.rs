//! [`Client`]: a configuration and a transport, with one method per operation.

use std::fmt;
use std::sync::Arc;

use crate::config::Config;
use crate::error::Error;
use crate::identity::DisableSession;
use crate::meta::ResponseMeta;
use crate::operation::{self, Operation};
use crate::transport::HttpTransport;

/// The Ory Identity admin API client. Cloning is cheap (one `Arc`); clones share the
/// configuration and the transport (and so its connection pool).
///
/// Every method returns a `Send` future, so calls work inside `tokio::spawn` and axum handlers.
///
/// ```
/// use ory_core::testing::MockTransport;
/// use ory_core::{Client, Config};
///
/// # tokio_test_block_on(async {
/// let transport = MockTransport::new();
/// transport.push_status(204);
/// let client = Client::new(Config::new("http://127.0.0.1:4434")?, transport);
/// client.disable_session("session-id").await?;
/// assert_eq!(client.transport().requests()[0].uri().path(), "/admin/sessions/session-id");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # }).unwrap();
/// # fn tokio_test_block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
/// # }
/// ```
pub struct Client<T> {
    inner: Arc<Inner<T>>,
}

struct Inner<T> {
    config: Config,
    transport: T,
}

impl<T> Clone for Client<T> {
    fn clone(&self) -> Self {
        Client {
            inner: Arc::clone(&self.inner),
        }
    }
}

impl<T> fmt::Debug for Client<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

impl<T: HttpTransport> Client<T> {
    /// A client for `config` that sends through `transport`.
    pub fn new(config: Config, transport: T) -> Self {
        Client {
            inner: Arc::new(Inner { config, transport }),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.inner.transport
    }

    /// Executes any operation.
    pub async fn execute<O: Operation + Sync + ?Sized>(
        &self,
        operation: &O,
    ) -> Result<O::Output, Error> {
        operation::execute(&self.inner.transport, &self.inner.config, operation).await
    }

    /// Executes any operation and also returns the response's status and headers (rate
    /// limits, request id, `Location`).
    pub async fn execute_with_meta<O: Operation + Sync + ?Sized>(
        &self,
        operation: &O,
    ) -> Result<(O::Output, ResponseMeta), Error> {
        operation::execute_with_meta(&self.inner.transport, &self.inner.config, operation).await
    }

    /// `DELETE /admin/sessions/{id}`: disables a session (it stays listed, but inactive).
    ///
    /// Accepts a session id (`&str`, `String`) or a [`DisableSession`].
    pub async fn disable_session(&self, session: impl Into<DisableSession>) -> Result<(), Error> {
        self.execute(&session.into()).await
    }
}
