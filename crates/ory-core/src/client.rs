//! [`Client`]: a configuration and a transport, with one method per operation.

use std::fmt;
use std::sync::Arc;

use crate::config::Config;
use crate::error::Error;
use crate::identity::{
    BatchPatchIdentities, CreateIdentity, CreateRecoveryCodeForIdentity,
    CreateRecoveryLinkForIdentity, CreateTestLoginFlow, DeleteIdentity, DeleteIdentityCredentials,
    DeleteIdentitySessions, DisableSession, ExtendSession, GetIdentity, GetIdentityByExternalId,
    GetIdentitySchema, GetSession, ListIdentities, ListIdentitySchemas, ListIdentitySessions,
    ListSessions, ManageSessions, PatchIdentity, UpdateIdentity,
};
use crate::meta::ResponseMeta;
use crate::models::{
    BatchPatchIdentitiesResponse, Identity, IdentitySchemaContainer, LoginFlow,
    ManageSessionsResponse, RawJson, RecoveryCodeForIdentity, RecoveryLinkForIdentity, Session,
};
use crate::operation::{self, Operation};
use crate::pagination::{Page, Pager, Paginated};
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

    /// Walks the pages of a list operation lazily; see [`Pager`].
    ///
    /// ```
    /// use ory_core::identity::ListSessions;
    /// # use ory_core::{Client, HttpTransport};
    /// # async fn run<T: HttpTransport>(client: Client<T>) -> Result<(), ory_core::Error> {
    /// let mut pages = client.pages(ListSessions::new().active(true).page_size(500));
    /// while let Some(page) = pages.next_page().await {
    ///     for session in page? {
    ///         println!("{}", session.id);
    ///     }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn pages<O: Paginated + Sync>(&self, operation: O) -> Pager<T, O> {
        Pager::new(self.clone(), operation)
    }

    /// Fetches every page of a list operation and returns the items, at most `max_items` of
    /// them (a cap, so a huge project cannot exhaust memory). To know whether the listing was
    /// cut, use [`Client::pages`] and [`Pager::collect_items`], then [`Pager::is_finished`].
    pub async fn collect_all<O: Paginated + Sync>(
        &self,
        operation: O,
        max_items: usize,
    ) -> Result<Vec<O::Item>, Error> {
        self.pages(operation).collect_items(max_items).await
    }

    // --- identities ---

    /// `GET /admin/identities`: one page of identities; see [`ListIdentities`] for the
    /// filters and [`Client::pages`] to walk every page.
    pub async fn list_identities(
        &self,
        operation: impl Into<ListIdentities>,
    ) -> Result<Page<Identity>, Error> {
        self.execute(&operation.into()).await
    }

    /// `GET /admin/identities/{id}`: an identity. Accepts an id or a [`GetIdentity`] (to
    /// include credentials). A 404 is an error; `.optional()` ([`OptionalExt`](crate::OptionalExt))
    /// reads it as `None`.
    pub async fn get_identity(&self, operation: impl Into<GetIdentity>) -> Result<Identity, Error> {
        self.execute(&operation.into()).await
    }

    /// `GET /admin/identities/by/external/{externalID}`: the identity with this external id.
    /// Accepts an external id or a [`GetIdentityByExternalId`].
    pub async fn get_identity_by_external_id(
        &self,
        operation: impl Into<GetIdentityByExternalId>,
    ) -> Result<Identity, Error> {
        self.execute(&operation.into()).await
    }

    /// `POST /admin/identities`: creates an identity (201). Accepts a
    /// [`CreateIdentityBody`](crate::models::CreateIdentityBody) or a [`CreateIdentity`]. Use
    /// [`Client::execute_with_meta`] to read the `Location` header too.
    pub async fn create_identity(
        &self,
        operation: impl Into<CreateIdentity>,
    ) -> Result<Identity, Error> {
        self.execute(&operation.into()).await
    }

    /// `PUT /admin/identities/{id}`: replaces an identity; see [`UpdateIdentity`].
    pub async fn update_identity(
        &self,
        operation: impl Into<UpdateIdentity>,
    ) -> Result<Identity, Error> {
        self.execute(&operation.into()).await
    }

    /// `PATCH /admin/identities/{id}`: changes an identity with a JSON Patch; see
    /// [`PatchIdentity`].
    pub async fn patch_identity(
        &self,
        operation: impl Into<PatchIdentity>,
    ) -> Result<Identity, Error> {
        self.execute(&operation.into()).await
    }

    /// `PATCH /admin/identities`: creates up to 1000 identities; check each item of the
    /// answer. Accepts a [`PatchIdentitiesBody`](crate::models::PatchIdentitiesBody) or a
    /// [`BatchPatchIdentities`].
    pub async fn batch_patch_identities(
        &self,
        operation: impl Into<BatchPatchIdentities>,
    ) -> Result<BatchPatchIdentitiesResponse, Error> {
        self.execute(&operation.into()).await
    }

    /// `DELETE /admin/identities/{id}`: deletes an identity. Accepts an id or a
    /// [`DeleteIdentity`].
    pub async fn delete_identity(&self, operation: impl Into<DeleteIdentity>) -> Result<(), Error> {
        self.execute(&operation.into()).await
    }

    /// `DELETE /admin/identities/{id}/credentials/{type}`: deletes one credential; see
    /// [`DeleteIdentityCredentials`].
    pub async fn delete_identity_credentials(
        &self,
        operation: impl Into<DeleteIdentityCredentials>,
    ) -> Result<(), Error> {
        self.execute(&operation.into()).await
    }

    /// `DELETE /admin/identities/{id}/sessions`: deletes every session of an identity.
    /// Accepts an id or a [`DeleteIdentitySessions`].
    pub async fn delete_identity_sessions(
        &self,
        operation: impl Into<DeleteIdentitySessions>,
    ) -> Result<(), Error> {
        self.execute(&operation.into()).await
    }

    /// `GET /admin/identities/{id}/sessions`: one page of an identity's sessions. Accepts an
    /// id or a [`ListIdentitySessions`].
    pub async fn list_identity_sessions(
        &self,
        operation: impl Into<ListIdentitySessions>,
    ) -> Result<Page<Session>, Error> {
        self.execute(&operation.into()).await
    }

    // --- recovery ---

    /// `POST /admin/recovery/code`: a recovery code for an identity (201). Accepts a
    /// [`CreateRecoveryCodeForIdentityBody`](crate::models::CreateRecoveryCodeForIdentityBody)
    /// or a [`CreateRecoveryCodeForIdentity`].
    pub async fn create_recovery_code_for_identity(
        &self,
        operation: impl Into<CreateRecoveryCodeForIdentity>,
    ) -> Result<RecoveryCodeForIdentity, Error> {
        self.execute(&operation.into()).await
    }

    /// `POST /admin/recovery/link`: a recovery link for an identity. Accepts a
    /// [`CreateRecoveryLinkForIdentityBody`](crate::models::CreateRecoveryLinkForIdentityBody)
    /// or a [`CreateRecoveryLinkForIdentity`] (to set `return_to`).
    pub async fn create_recovery_link_for_identity(
        &self,
        operation: impl Into<CreateRecoveryLinkForIdentity>,
    ) -> Result<RecoveryLinkForIdentity, Error> {
        self.execute(&operation.into()).await
    }

    // --- sessions ---

    /// `GET /admin/sessions`: one page of the project's sessions; see [`ListSessions`].
    pub async fn list_sessions(
        &self,
        operation: impl Into<ListSessions>,
    ) -> Result<Page<Session>, Error> {
        self.execute(&operation.into()).await
    }

    /// `GET /admin/sessions/{id}`: a session. Accepts an id or a [`GetSession`] (to expand
    /// the identity or devices).
    pub async fn get_session(&self, operation: impl Into<GetSession>) -> Result<Session, Error> {
        self.execute(&operation.into()).await
    }

    /// `PATCH /admin/sessions/{id}/extend`: extends a session. `None` when the server
    /// answers 204 (the default), `Some(session)` when it answers 200 with the session.
    pub async fn extend_session(
        &self,
        operation: impl Into<ExtendSession>,
    ) -> Result<Option<Session>, Error> {
        self.execute(&operation.into()).await
    }

    /// `POST /admin/sessions` (Ory Network): disables or deletes sessions in bulk, one
    /// batch. Accepts a [`ManageSessionsBody`](crate::models::ManageSessionsBody) or a
    /// [`ManageSessions`]. See [`Client::manage_sessions_until_done`] to repeat while the
    /// server says `more`.
    pub async fn manage_sessions(
        &self,
        operation: impl Into<ManageSessions>,
    ) -> Result<ManageSessionsResponse, Error> {
        self.execute(&operation.into()).await
    }

    /// Repeats `POST /admin/sessions` while the answer says `more`, at most `max_rounds`
    /// times (0 counts as 1), and adds up `processed`.
    ///
    /// If the server still says `more` after the last round, the summary's `more` is true:
    /// call again to continue. An error stops the rounds; the sessions already processed stay
    /// processed.
    ///
    /// ```
    /// use ory_core::models::{ManageSessionsAction, ManageSessionsBody};
    /// use ory_core::testing::MockTransport;
    /// use ory_core::{Client, Config};
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let transport = MockTransport::new();
    /// transport.push_json(200, &serde_json::json!({"processed": 1000, "more": true}));
    /// transport.push_json(200, &serde_json::json!({"processed": 42, "more": false}));
    /// let client = Client::new(Config::new("https://playground.projects.oryapis.com")?, transport);
    ///
    /// let body = ManageSessionsBody::all_sessions(ManageSessionsAction::Delete);
    /// let summary = client.manage_sessions_until_done(body, 100).await?;
    /// assert_eq!((summary.processed, summary.rounds, summary.more), (1042, 2, false));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # }).unwrap();
    /// ```
    pub async fn manage_sessions_until_done(
        &self,
        operation: impl Into<ManageSessions>,
        max_rounds: u32,
    ) -> Result<ManageSessionsSummary, Error> {
        let operation = operation.into();
        let mut summary = ManageSessionsSummary::default();
        while summary.rounds < max_rounds.max(1) {
            let response = self.execute(&operation).await?;
            summary.rounds += 1;
            summary.processed = summary.processed.saturating_add(response.processed);
            summary.more = response.more;
            if !response.more {
                break;
            }
        }
        Ok(summary)
    }

    /// `DELETE /admin/sessions/{id}`: disables a session (it stays listed, but inactive).
    ///
    /// Accepts a session id (`&str`, `String`) or a [`DisableSession`].
    pub async fn disable_session(&self, session: impl Into<DisableSession>) -> Result<(), Error> {
        self.execute(&session.into()).await
    }

    // --- test login flows ---

    /// `POST /admin/test-login-flows` (Ory Network): a login flow that tests one OIDC
    /// provider (201). Accepts a provider id or a [`CreateTestLoginFlow`].
    pub async fn create_test_login_flow(
        &self,
        operation: impl Into<CreateTestLoginFlow>,
    ) -> Result<LoginFlow, Error> {
        self.execute(&operation.into()).await
    }

    // --- schemas ---

    /// `GET /schemas`: one page of identity schemas; see [`ListIdentitySchemas`].
    pub async fn list_identity_schemas(
        &self,
        operation: impl Into<ListIdentitySchemas>,
    ) -> Result<Page<IdentitySchemaContainer>, Error> {
        self.execute(&operation.into()).await
    }

    /// `GET /schemas/{id}`: an identity schema, as raw JSON. Accepts an id or a
    /// [`GetIdentitySchema`].
    pub async fn get_identity_schema(
        &self,
        operation: impl Into<GetIdentitySchema>,
    ) -> Result<RawJson, Error> {
        self.execute(&operation.into()).await
    }
}

/// What [`Client::manage_sessions_until_done`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ManageSessionsSummary {
    /// The sessions processed, summed over the rounds.
    pub processed: i64,
    /// How many requests were sent.
    pub rounds: u32,
    /// The last answer's `more`: true when the rounds ran out before the server was done.
    pub more: bool,
}
