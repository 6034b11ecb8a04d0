//! `GET /admin/identities` (listIdentities).

use bytes::Bytes;
use http::Method;

use crate::config::Config;
use crate::encode::Query;
use crate::error::{BuildError, Error};
use crate::identity::params::{check_max_items, token_and_offset_paging, Consistency, PageParams};
use crate::models::{CredentialType, Identity};
use crate::operation::{empty_body, request, Operation};
use crate::pagination::Page;

/// The most ids [`ListIdentities::ids`] takes.
pub const MAX_IDS: usize = 500;

/// Lists identities: `GET /admin/identities`, one [`Page`] at a time.
///
/// With no parameters the server uses token pagination with 250 identities per page; the next
/// page's token is in [`Page::next_page_token`], and [`Client::pages`](crate::Client::pages)
/// walks every page. Four filters narrow the listing and **cannot be combined** (building a
/// request with two of them fails with [`BuildError::InvalidParameter`]):
/// [`ids`](ListIdentities::ids) (at most [`MAX_IDS`], not paginated),
/// [`credentials_identifier`](ListIdentities::credentials_identifier),
/// [`preview_credentials_identifier_similar`](ListIdentities::preview_credentials_identifier_similar)
/// and [`organization_id`](ListIdentities::organization_id).
///
/// ```
/// use ory_core::identity::{Consistency, ListIdentities};
/// use ory_core::models::CredentialType;
/// use ory_core::{Config, Operation};
///
/// let config = Config::new("http://127.0.0.1:4434")?;
/// let request = ListIdentities::new()
///     .page_size(100)
///     .credentials_identifier("alice@example.com")
///     .include_credential(CredentialType::Password)
///     .consistency(Consistency::Strong)
///     .build_request(&config)?;
/// assert_eq!(
///     request.uri().path_and_query().unwrap(),
///     "/admin/identities?page_size=100&consistency=strong\
///      &credentials_identifier=alice%40example.com&include_credential=password"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListIdentities {
    paging: PageParams,
    consistency: Option<Consistency>,
    ids: Vec<String>,
    credentials_identifier: Option<String>,
    preview_credentials_identifier_similar: Option<String>,
    include_credential: Vec<CredentialType>,
    organization_id: Option<String>,
}

impl ListIdentities {
    /// Lists all identities (first page).
    pub fn new() -> Self {
        ListIdentities::default()
    }

    /// `consistency`: the read consistency level (an Ory Network preview). Unset uses the
    /// project's default.
    pub fn consistency(mut self, consistency: Consistency) -> Self {
        self.consistency = Some(consistency);
        self
    }

    /// `ids`: lists only these identities (repeated `ids=` keys). At most [`MAX_IDS`];
    /// duplicates and unknown ids are ignored by the server, the order of the answer may
    /// differ, and the answer is a single page. Cannot be combined with the other filters.
    pub fn ids<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        self.ids.extend(ids.into_iter().map(Into::into));
        self
    }

    /// `credentials_identifier`: the identity whose credentials identifier (username, email)
    /// is exactly this. Cannot be combined with the other filters.
    pub fn credentials_identifier(mut self, identifier: impl Into<String>) -> Self {
        self.credentials_identifier = Some(identifier.into());
        self
    }

    /// `preview_credentials_identifier_similar`: identities whose credentials identifier is
    /// similar to this (an experimental parameter Ory says it will remove without migration
    /// path). Cannot be combined with the other filters.
    pub fn preview_credentials_identifier_similar(mut self, identifier: impl Into<String>) -> Self {
        self.preview_credentials_identifier_similar = Some(identifier.into());
        self
    }

    /// `include_credential`: adds a credential type to include in each identity (repeatable).
    pub fn include_credential(mut self, credential_type: impl Into<CredentialType>) -> Self {
        self.include_credential.push(credential_type.into());
        self
    }

    /// `include_credential`: adds several credential types to include in each identity.
    pub fn include_credentials<C: Into<CredentialType>>(
        mut self,
        credential_types: impl IntoIterator<Item = C>,
    ) -> Self {
        self.include_credential
            .extend(credential_types.into_iter().map(Into::into));
        self
    }

    /// `organization_id`: identities of this organization. Cannot be combined with the other
    /// filters.
    pub fn organization_id(mut self, organization_id: impl Into<String>) -> Self {
        self.organization_id = Some(organization_id.into());
        self
    }

    fn check(&self) -> Result<(), BuildError> {
        self.paging.check()?;
        check_max_items("ids", self.ids.len(), MAX_IDS)?;
        let filters: Vec<&'static str> = [
            ("ids", !self.ids.is_empty()),
            (
                "credentials_identifier",
                self.credentials_identifier.is_some(),
            ),
            (
                "preview_credentials_identifier_similar",
                self.preview_credentials_identifier_similar.is_some(),
            ),
            ("organization_id", self.organization_id.is_some()),
        ]
        .into_iter()
        .filter(|(_, set)| *set)
        .map(|(name, _)| name)
        .collect();
        if filters.len() > 1 {
            return Err(BuildError::InvalidParameter {
                name: filters[1],
                reason: format!(
                    "the filters {} cannot be combined; use one of them",
                    filters.join(", ")
                ),
            });
        }
        Ok(())
    }
}

impl Operation for ListIdentities {
    type Output = Page<Identity>;

    fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        self.check()?;
        let mut path = String::from("/admin/identities");
        let mut query = Query::new(&mut path);
        self.paging.push_query(&mut query);
        query
            .push_opt("consistency", self.consistency)
            .push_all("ids", &self.ids)
            .push_opt(
                "credentials_identifier",
                self.credentials_identifier.as_deref(),
            )
            .push_opt(
                "preview_credentials_identifier_similar",
                self.preview_credentials_identifier_similar.as_deref(),
            )
            .push_all("include_credential", &self.include_credential)
            .push_opt("organization_id", self.organization_id.as_deref());
        empty_body(request(config, Method::GET, &path))
    }

    fn parse_response(&self, response: http::Response<Bytes>) -> Result<Page<Identity>, Error> {
        Page::from_response(response)
    }
}

token_and_offset_paging!(ListIdentities, Identity, "identities");
