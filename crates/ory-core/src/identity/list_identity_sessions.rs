//! `GET /admin/identities/{id}/sessions` (listIdentitySessions).

use bytes::Bytes;
use http::Method;

use crate::config::Config;
use crate::encode::{push_segment, Query};
use crate::error::Error;
use crate::identity::params::check_range;
use crate::models::Session;
use crate::operation::{empty_body, request, Operation};
use crate::pagination::{NextPage, Page, Paginated};

/// Lists the sessions of one identity: `GET /admin/identities/{id}/sessions`, one [`Page`] at a
/// time.
///
/// Ory documents 400 and 404 (unknown identity).
///
/// ```
/// use ory_core::identity::ListIdentitySessions;
/// use ory_core::{Config, Operation};
///
/// let config = Config::new("http://127.0.0.1:4434")?;
/// let request = ListIdentitySessions::new("b7b2")
///     .active(true)
///     .page_size(50)
///     .build_request(&config)?;
/// assert_eq!(
///     request.uri().path_and_query().unwrap(),
///     "/admin/identities/b7b2/sessions?page_size=50&active=true"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListIdentitySessions {
    id: String,
    page_size: Option<u32>,
    page_token: Option<String>,
    page: Option<i64>,
    per_page: Option<u32>,
    active: Option<bool>,
}

impl ListIdentitySessions {
    /// Lists the sessions of identity `id` (first page).
    pub fn new(id: impl Into<String>) -> Self {
        ListIdentitySessions {
            id: id.into(),
            page_size: None,
            page_token: None,
            page: None,
            per_page: None,
            active: None,
        }
    }

    /// `page_size`: sessions per page, 1 to 500 (the server's default is 250).
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

    /// `active`: only active (`true`) or only inactive (`false`) sessions; unset lists all.
    pub fn active(mut self, active: bool) -> Self {
        self.active = Some(active);
        self
    }

    /// The identity id.
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl From<&str> for ListIdentitySessions {
    fn from(id: &str) -> Self {
        ListIdentitySessions::new(id)
    }
}

impl From<String> for ListIdentitySessions {
    fn from(id: String) -> Self {
        ListIdentitySessions::new(id)
    }
}

impl From<&String> for ListIdentitySessions {
    fn from(id: &String) -> Self {
        ListIdentitySessions::new(id.as_str())
    }
}

impl Operation for ListIdentitySessions {
    type Output = Page<Session>;

    fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        check_range("page_size", self.page_size, 1, 500)?;
        check_range("per_page", self.per_page, 1, 1000)?;
        let mut path = String::with_capacity(64 + self.id.len() * 3);
        path.push_str("/admin/identities");
        push_segment(&mut path, "id", &self.id)?;
        path.push_str("/sessions");
        Query::new(&mut path)
            .push_opt("page_size", self.page_size)
            .push_opt("page_token", self.page_token.as_deref())
            .push_opt("page", self.page)
            .push_opt("per_page", self.per_page)
            .push_opt("active", self.active);
        empty_body(request(config, Method::GET, &path))
    }

    fn parse_response(&self, response: http::Response<Bytes>) -> Result<Page<Session>, Error> {
        Page::from_response(response)
    }
}

impl Paginated for ListIdentitySessions {
    type Item = Session;

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
