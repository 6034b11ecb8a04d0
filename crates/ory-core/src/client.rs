//! [`Client`]: a configuration and a transport, with one method per operation.

use std::fmt;
use std::sync::Arc;

use crate::config::Config;
use crate::error::Error;
use crate::identity::DisableSession;
use crate::meta::ResponseMeta;
use crate::operation::{self, Operation};
use crate::retry::{self, ClientRetry, RetryPolicy, Sleep};
use crate::transport::HttpTransport;

/// The Ory Identity admin API client. Cloning is cheap (two `Arc`s); clones share the
/// configuration and the transport (and so its connection pool). Without
/// [`Client::with_retry`], every call makes one attempt.
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
    /// The retry policy and sleep; `None`: one attempt per call.
    retry: Option<Arc<ClientRetry>>,
}

struct Inner<T> {
    config: Config,
    transport: T,
}

impl<T> Clone for Client<T> {
    fn clone(&self) -> Self {
        Client {
            inner: Arc::clone(&self.inner),
            retry: self.retry.clone(),
        }
    }
}

impl<T> fmt::Debug for Client<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.inner.config)
            .field("retry", &self.retry.as_ref().map(|r| &r.policy))
            .finish_non_exhaustive()
    }
}

impl<T: HttpTransport> Client<T> {
    /// A client for `config` that sends through `transport`.
    pub fn new(config: Config, transport: T) -> Self {
        Client {
            inner: Arc::new(Inner { config, transport }),
            retry: None,
        }
    }

    /// This client, retrying under `policy` and waiting with `sleep` (see [`crate::retry`]
    /// for what is retried). With tokio, `sleep` is `tokio::time::sleep`. Clones made before
    /// keep their own setting; all clones share the configuration and the transport.
    ///
    /// ```
    /// use ory_core::retry::RetryPolicy;
    /// use ory_core::testing::MockTransport;
    /// use ory_core::{Client, Config};
    ///
    /// # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
    /// let transport = MockTransport::new();
    /// transport.push_status(503).push_status(204);
    /// let client = Client::new(Config::new("http://127.0.0.1:4434")?, transport)
    ///     .with_retry(RetryPolicy::default(), tokio::time::sleep);
    /// client.disable_session("session-id").await?; // 503, then retried: 204
    /// assert_eq!(client.transport().requests().len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # }).unwrap();
    /// ```
    pub fn with_retry(mut self, policy: RetryPolicy, sleep: impl Sleep + 'static) -> Self {
        self.retry = Some(Arc::new(ClientRetry {
            policy,
            sleep: Box::new(sleep),
        }));
        self
    }

    /// This client without retries: one attempt per call.
    pub fn without_retry(mut self) -> Self {
        self.retry = None;
        self
    }

    /// The retry policy, when retries are on.
    pub fn retry_policy(&self) -> Option<&RetryPolicy> {
        self.retry.as_ref().map(|r| &r.policy)
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
        match &self.retry {
            None => operation::execute(&self.inner.transport, &self.inner.config, operation).await,
            Some(r) => {
                retry::execute_with_retry(
                    &self.inner.transport,
                    &self.inner.config,
                    operation,
                    &r.policy,
                    &*r.sleep,
                )
                .await
            }
        }
    }

    /// Executes any operation and also returns the response's status and headers (rate
    /// limits, request id, `Location`).
    pub async fn execute_with_meta<O: Operation + Sync + ?Sized>(
        &self,
        operation: &O,
    ) -> Result<(O::Output, ResponseMeta), Error> {
        match &self.retry {
            None => {
                operation::execute_with_meta(&self.inner.transport, &self.inner.config, operation)
                    .await
            }
            Some(r) => {
                retry::execute_with_meta_and_retry(
                    &self.inner.transport,
                    &self.inner.config,
                    operation,
                    &r.policy,
                    &*r.sleep,
                )
                .await
            }
        }
    }

    /// `DELETE /admin/sessions/{id}`: disables a session (it stays listed, but inactive).
    ///
    /// Accepts a session id (`&str`, `String`) or a [`DisableSession`].
    pub async fn disable_session(&self, session: impl Into<DisableSession>) -> Result<(), Error> {
        self.execute(&session.into()).await
    }
}
