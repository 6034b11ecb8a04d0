//! hyper transport for ory-core (in progress).
