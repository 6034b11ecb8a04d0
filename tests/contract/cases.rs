//! THE TABLE: one entry per request the contract tests send. Adding an operation is adding
//! entries here.
//!
//! For each case, against each spec it names, the harness:
//! - builds the request with `ory_core::Config` (Prism's URL and a bearer key), checks that its
//!   method and path match `operation_id` in the spec and that it sends exactly the
//!   parameters and body fields listed in `sends` (so a builder that drops a parameter fails),
//!   and that the spec declares every one of them;
//! - sends it as built and expects `success` with no Prism violation, then asks for the spec's
//!   example (`Prefer: dynamic=false`) and parses both answers with the operation;
//! - per operation: parses 50 random answers for every documented 2xx status, and forces every
//!   documented error status (and 500 for `default`), which must parse as `ErrorKind::Api`.
//!
//! Adding an operation: push its cases onto the `vec!` in [`cases`], enough of them that every
//! parameter and top-level body field appears in at least one (the summary lists what was
//! never sent), for example:
//!
//! ```text
//! Case::new("listIdentities", "token page", 200,
//!     ListIdentities::new().page_size(50).page_token("t1").include_credential(["password", "oidc"]))
//!     .sends(&["query:page_size", "query:page_token", "query:include_credential"]),
//! Case::new("manageSessions", "disable by identity", 200, ManageSessions::disable_identities([ID]))
//!     .sends(&["body:action", "body:identities"])
//!     .only(Specs::NetworkOnly),
//! ```
//!
//! What Prism cannot tell: it sends no `Link` header (pagination must be tested elsewhere), it
//! answers the first documented 2xx (`extendSession`: 200, though the server's default is
//! 204; the random pass covers both), and for Kratos it accepts any `Authorization` value.

use bytes::Bytes;
use ory_core::identity::DisableSession;
use ory_core::{Config, Error, Operation};

use super::spec::SpecKind;

/// Which specs a case runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Specs {
    /// Ory Network and Kratos.
    Both,
    /// Ory Network only (`manageSessions`, `createTestLoginFlow`).
    NetworkOnly,
    /// Kratos only.
    #[allow(dead_code)]
    KratosOnly,
}

impl Specs {
    /// True when the case runs against `kind`.
    pub fn includes(self, kind: SpecKind) -> bool {
        matches!(
            (self, kind),
            (Specs::Both, _)
                | (Specs::NetworkOnly, SpecKind::Network)
                | (Specs::KratosOnly, SpecKind::Kratos)
        )
    }
}

/// An operation with its output type erased, so operations of different types share a table.
/// Every `ory_core::Operation` is one.
pub trait ContractOperation: Send + Sync {
    /// `Operation::build_request`.
    fn build(&self, config: &Config) -> Result<http::Request<Bytes>, Error>;
    /// `Operation::parse_response`, output dropped.
    fn parse(&self, response: http::Response<Bytes>) -> Result<(), Error>;
}

impl<O: Operation + Send + Sync> ContractOperation for O {
    fn build(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        self.build_request(config)
    }

    fn parse(&self, response: http::Response<Bytes>) -> Result<(), Error> {
        self.parse_response(response).map(drop)
    }
}

/// One request of the table.
pub struct Case {
    /// The spec's `operationId` the request must match.
    pub operation_id: &'static str,
    /// What this case is about (shown in failures).
    pub label: &'static str,
    /// The operation value, with the parameters the case exercises.
    pub operation: Box<dyn ContractOperation>,
    /// The status Prism answers a conforming request with (its first documented 2xx; note
    /// `extendSession` answers 200, although the server's default is 204).
    pub success: u16,
    /// Exactly what the request sends: `path:NAME`, `query:NAME`, `body:FIELD` (top level).
    pub sends: &'static [&'static str],
    /// The specs it runs against.
    pub specs: Specs,
}

impl Case {
    /// A case for both specs; set `sends` with [`Case::sends`].
    pub fn new(
        operation_id: &'static str,
        label: &'static str,
        success: u16,
        operation: impl ContractOperation + 'static,
    ) -> Case {
        Case {
            operation_id,
            label,
            operation: Box::new(operation),
            success,
            sends: &[],
            specs: Specs::Both,
        }
    }

    /// Lists what the request sends.
    pub fn sends(mut self, sends: &'static [&'static str]) -> Case {
        self.sends = sends;
        self
    }

    /// Restricts the case to some specs.
    #[allow(dead_code)]
    pub fn only(mut self, specs: Specs) -> Case {
        self.specs = specs;
        self
    }
}

/// Every case, in the order they run.
pub fn cases() -> Vec<Case> {
    vec![
        // --- disableSession: DELETE /admin/sessions/{id} ---
        Case::new(
            "disableSession",
            "uuid id",
            204,
            DisableSession::new("9f425a8d-7b8c-4f5f-a0e5-4d1c3b6a2e11"),
        )
        .sends(&["path:id"]),
        Case::new(
            "disableSession",
            "id with reserved characters stays one segment",
            204,
            DisableSession::new("a/b?c#d e+%"),
        )
        .sends(&["path:id"]),
    ]
}
