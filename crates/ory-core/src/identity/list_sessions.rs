//! `GET /admin/sessions` (listSessions).

use bytes::Bytes;
use http::Method;

use crate::config::Config;
use crate::encode::Query;
use crate::error::Error;
use crate::identity::params::check_range;
use crate::identity::SessionExpand;
use crate::models::Session;
use crate::operation::{empty_body, request, Operation};
use crate::pagination::{NextPage, Page, Paginated};

/// Lists all sessions of the project: `GET /admin/sessions`, one [`Page`] at a time (token
/// pagination only).
///
/// Ory documents 400.
///
/// ```
/// use ory_core::identity::{ListSessions, SessionExpand};
/// use ory_core::{Config, Operation};
///
/// let config = Config::new("http://127.0.0.1:4434")?;
/// let request = ListSessions::new()
///     .page_size(1000)
///     .active(false)
///     .expand(SessionExpand::Identity)
///     .build_request(&config)?;
/// assert_eq!(
///     request.uri().path_and_query().unwrap(),
///     "/admin/sessions?page_size=1000&active=false&expand=identity"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListSessions {
    page_size: Option<u32>,
    page_token: Option<String>,
    active: Option<bool>,
    expand: Vec<SessionExpand>,
}

impl ListSessions {
    /// Lists all sessions (first page).
    pub fn new() -> Self {
        ListSessions::default()
    }

    /// `page_size`: sessions per page, 1 to 1000 (the server's default is 250).
    pub fn page_size(mut self, page_size: u32) -> Self {
        self.page_size = Some(page_size);
        self
    }

    /// `page_token`: the page to fetch, from a previous page's [`Page::next_page_token`].
    pub fn page_token(mut self, page_token: impl Into<String>) -> Self {
        self.page_token = Some(page_token.into());
        self
    }

    /// `active`: only active (`true`) or only inactive (`false`) sessions; unset lists all.
    pub fn active(mut self, active: bool) -> Self {
        self.active = Some(active);
        self
    }

    /// `expand`: adds a property to expand in each session (repeatable).
    pub fn expand(mut self, property: SessionExpand) -> Self {
        self.expand.push(property);
        self
    }
}

impl Operation for ListSessions {
    type Output = Page<Session>;

    fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        check_range("page_size", self.page_size, 1, 1000)?;
        let mut path = String::from("/admin/sessions");
        Query::new(&mut path)
            .push_opt("page_size", self.page_size)
            .push_opt("page_token", self.page_token.as_deref())
            .push_opt("active", self.active)
            .push_all("expand", &self.expand);
        empty_body(request(config, Method::GET, &path))
    }

    fn parse_response(&self, response: http::Response<Bytes>) -> Result<Page<Session>, Error> {
        Page::from_response(response)
    }
}

impl Paginated for ListSessions {
    type Item = Session;

    fn with_page_token(&self, token: &str) -> Self {
        let mut next = self.clone();
        next.page_token = Some(token.to_owned());
        next
    }

    fn cursor(&self) -> Option<NextPage> {
        self.page_token.clone().map(NextPage::Token)
    }
}
