//! `GET /schemas` (listIdentitySchemas).

use bytes::Bytes;
use http::Method;

use crate::config::Config;
use crate::encode::Query;
use crate::error::Error;
use crate::identity::params::check_range;
use crate::models::IdentitySchemaContainer;
use crate::operation::{empty_body, request, Operation};
use crate::pagination::{NextPage, Page, Paginated};

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
    page_size: Option<u32>,
    page_token: Option<String>,
    page: Option<i64>,
    per_page: Option<u32>,
}

impl ListIdentitySchemas {
    /// Lists all identity schemas (first page).
    pub fn new() -> Self {
        ListIdentitySchemas::default()
    }

    /// `page_size`: schemas per page, 1 to 500 (the server's default is 250).
    pub fn page_size(mut self, page_size: u32) -> Self {
        self.page_size = Some(page_size);
        self
    }

    /// `page_token`: the page to fetch, from a previous page's [`Page::next_page_token`].
    pub fn page_token(mut self, page_token: impl Into<String>) -> Self {
        self.page_token = Some(page_token.into());
        self
    }

    /// `page`: the deprecated offset pagination's page reference (take it from a previous
    /// page's [`Page::next_page`]).
    #[deprecated(note = "Ory deprecated offset pagination: use `page_token` and `page_size`")]
    pub fn page(mut self, page: i64) -> Self {
        self.page = Some(page);
        self
    }

    /// `per_page`: the deprecated offset pagination's page size, 1 to 1000.
    #[deprecated(note = "Ory deprecated offset pagination: use `page_token` and `page_size`")]
    pub fn per_page(mut self, per_page: u32) -> Self {
        self.per_page = Some(per_page);
        self
    }
}

impl Operation for ListIdentitySchemas {
    type Output = Page<IdentitySchemaContainer>;

    fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        check_range("page_size", self.page_size, 1, 500)?;
        check_range("per_page", self.per_page, 1, 1000)?;
        let mut path = String::from("/schemas");
        Query::new(&mut path)
            .push_opt("page_size", self.page_size)
            .push_opt("page_token", self.page_token.as_deref())
            .push_opt("page", self.page)
            .push_opt("per_page", self.per_page);
        empty_body(request(config, Method::GET, &path))
    }

    fn parse_response(
        &self,
        response: http::Response<Bytes>,
    ) -> Result<Page<IdentitySchemaContainer>, Error> {
        Page::from_response(response)
    }
}

impl Paginated for ListIdentitySchemas {
    type Item = IdentitySchemaContainer;

    fn with_page_token(&self, token: &str) -> Self {
        let mut next = self.clone();
        next.page_token = Some(token.to_owned());
        next.page = None;
        next
    }

    fn cursor(&self) -> Option<NextPage> {
        match (&self.page_token, self.page) {
            (Some(token), _) => Some(NextPage::Token(token.clone())),
            (None, Some(page)) => Some(NextPage::Page(page)),
            (None, None) => None,
        }
    }

    fn with_page(&self, page: i64) -> Option<Self> {
        let mut next = self.clone();
        next.page = Some(page);
        next.page_token = None;
        Some(next)
    }
}
