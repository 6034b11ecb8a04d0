//! `GET /admin/identities/{id}/sessions` (listIdentitySessions).

use bytes::Bytes;
use http::Method;

use crate::config::Config;
use crate::encode::{push_segment, Query};
use crate::error::Error;
use crate::identity::params::{token_and_offset_paging, PageParams};
use crate::models::Session;
use crate::operation::{empty_body, request, Operation};
use crate::pagination::Page;

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
    paging: PageParams,
    active: Option<bool>,
}

impl ListIdentitySessions {
    /// Lists the sessions of identity `id` (first page).
    pub fn new(id: impl Into<String>) -> Self {
        ListIdentitySessions {
            id: id.into(),
            paging: PageParams::default(),
            active: None,
        }
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
        self.paging.check()?;
        let mut path = String::with_capacity(64 + self.id.len() * 3);
        path.push_str("/admin/identities");
        push_segment(&mut path, "id", &self.id)?;
        path.push_str("/sessions");
        let mut query = Query::new(&mut path);
        self.paging.push_query(&mut query);
        query.push_opt("active", self.active);
        empty_body(request(config, Method::GET, &path))
    }

    fn parse_response(&self, response: http::Response<Bytes>) -> Result<Page<Session>, Error> {
        Page::from_response(response)
    }
}

token_and_offset_paging!(ListIdentitySessions, Session, "sessions");
