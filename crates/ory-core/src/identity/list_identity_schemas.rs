//! `GET /schemas` (listIdentitySchemas).

use bytes::Bytes;
use http::Method;

use crate::config::Config;
use crate::encode::Query;
use crate::error::Error;
use crate::identity::params::{token_and_offset_paging, PageParams};
use crate::models::IdentitySchemaContainer;
use crate::operation::{empty_body, request, Operation};
use crate::pagination::Page;

/// Lists the identity schemas: `GET /schemas`, one [`Page`] at a time.
///
/// This endpoint needs no API key (one configured is sent anyway). Each item holds the schema's
/// id and the JSON Schema document, raw.
///
/// ```
/// use ory_core::identity::ListIdentitySchemas;
/// use ory_core::{Config, Operation};
///
/// let config = Config::new("http://127.0.0.1:4434")?;
/// let request = ListIdentitySchemas::new().page_size(10).build_request(&config)?;
/// assert_eq!(request.uri().path_and_query().unwrap(), "/schemas?page_size=10");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListIdentitySchemas {
    paging: PageParams,
}

impl ListIdentitySchemas {
    /// Lists all identity schemas (first page).
    pub fn new() -> Self {
        ListIdentitySchemas::default()
    }
}

impl Operation for ListIdentitySchemas {
    type Output = Page<IdentitySchemaContainer>;

    fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        self.paging.check()?;
        let mut path = String::from("/schemas");
        self.paging.push_query(&mut Query::new(&mut path));
        empty_body(request(config, Method::GET, &path))
    }

    fn parse_response(
        &self,
        response: http::Response<Bytes>,
    ) -> Result<Page<IdentitySchemaContainer>, Error> {
        Page::from_response(response)
    }
}

token_and_offset_paging!(ListIdentitySchemas, IdentitySchemaContainer, "schemas");
