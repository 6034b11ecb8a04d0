//! The identity API: one module per operation.

mod disable_session;

pub use disable_session::DisableSession;
