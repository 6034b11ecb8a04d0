//! `GET /schemas/{id}` (getIdentitySchema).

use bytes::Bytes;
use http::Method;

use crate::config::Config;
use crate::encode::push_segment;
use crate::error::Error;
use crate::models::RawJson;
use crate::operation::{empty_body, parse_json, request, Operation};

/// Gets an identity schema (a JSON Schema document): `GET /schemas/{id}`.
///
/// The schema is free-form JSON, returned as [`RawJson`]: parse it into your own type with
/// [`RawJson::get`] or into a `serde_json::Value` with [`RawJson::to_value`]. This endpoint
/// needs no API key (one configured is sent anyway). Ory documents 404 for an unknown id; see
/// [`OptionalExt`](crate::OptionalExt) to read that as `None`.
///
/// ```
/// use ory_core::{identity::GetIdentitySchema, Config, Operation};
///
/// let config = Config::new("http://127.0.0.1:4434")?;
/// let request = GetIdentitySchema::new("preset://email").build_request(&config)?;
/// assert_eq!(request.uri().path(), "/schemas/preset%3A%2F%2Femail");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetIdentitySchema {
    id: String,
}

impl GetIdentitySchema {
    /// Gets the schema `id`.
    pub fn new(id: impl Into<String>) -> Self {
        GetIdentitySchema { id: id.into() }
    }

    /// The schema id.
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl From<&str> for GetIdentitySchema {
    fn from(id: &str) -> Self {
        GetIdentitySchema::new(id)
    }
}

impl From<String> for GetIdentitySchema {
    fn from(id: String) -> Self {
        GetIdentitySchema::new(id)
    }
}

impl From<&String> for GetIdentitySchema {
    fn from(id: &String) -> Self {
        GetIdentitySchema::new(id.as_str())
    }
}

impl Operation for GetIdentitySchema {
    type Output = RawJson;

    fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        let mut path = String::with_capacity(10 + self.id.len() * 3);
        path.push_str("/schemas");
        push_segment(&mut path, "id", &self.id)?;
        empty_body(request(config, Method::GET, &path))
    }

    fn parse_response(&self, response: http::Response<Bytes>) -> Result<RawJson, Error> {
        parse_json(response)
    }
}
