//! Query parameter types and checks shared by several operations.

use std::fmt;

use crate::encode::Query;
use crate::error::BuildError;
use crate::pagination::NextPage;

/// The read consistency level of `listIdentities` (`consistency`, an Ory Network preview).
///
/// Leaving it unset (the spec's empty string) uses the project's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Consistency {
    /// `strong`: the most recent data committed at the start of the read (slower).
    Strong,
    /// `eventual`: data about 4.8 seconds old (very fast).
    Eventual,
}

impl Consistency {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            Consistency::Strong => "strong",
            Consistency::Eventual => "eventual",
        }
    }
}

impl fmt::Display for Consistency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A session property to expand (`expand` of `listSessions` and `getSession`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SessionExpand {
    /// `identity`: include the session's identity.
    Identity,
    /// `devices`: include the devices the session was used from.
    Devices,
}

impl SessionExpand {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionExpand::Identity => "identity",
            SessionExpand::Devices => "devices",
        }
    }
}

impl fmt::Display for SessionExpand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Checks that `value` lies in `min..=max`.
pub(crate) fn check_range(
    name: &'static str,
    value: Option<u32>,
    min: u32,
    max: u32,
) -> Result<(), BuildError> {
    match value {
        Some(v) if v < min || v > max => Err(BuildError::InvalidParameter {
            name,
            reason: format!("must be between {min} and {max}, got {v}"),
        }),
        _ => Ok(()),
    }
}

/// Checks the number of items of a list parameter or body field.
pub(crate) fn check_max_items(
    name: &'static str,
    len: usize,
    max: usize,
) -> Result<(), BuildError> {
    if len > max {
        return Err(BuildError::InvalidParameter {
            name,
            reason: format!("takes at most {max} items, got {len}"),
        });
    }
    Ok(())
}

/// The pagination parameters that listIdentities, listIdentitySessions and listIdentitySchemas
/// share: token pagination (`page_size` 1 to 500, `page_token`) and Ory's deprecated offset
/// pagination (`page`, `per_page` 1 to 1000).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PageParams {
    pub(crate) page_size: Option<u32>,
    pub(crate) page_token: Option<String>,
    pub(crate) page: Option<i64>,
    pub(crate) per_page: Option<u32>,
}

impl PageParams {
    /// Refuses sizes the server would refuse.
    pub(crate) fn check(&self) -> Result<(), BuildError> {
        check_range("page_size", self.page_size, 1, 500)?;
        check_range("per_page", self.per_page, 1, 1000)
    }

    /// Appends the parameters that are set, in the spec's order.
    pub(crate) fn push_query(&self, query: &mut Query<'_>) {
        query
            .push_opt("page_size", self.page_size)
            .push_opt("page_token", self.page_token.as_deref())
            .push_opt("page", self.page)
            .push_opt("per_page", self.per_page);
    }

    /// Where these parameters start: a token, else an offset page.
    pub(crate) fn cursor(&self) -> Option<NextPage> {
        match (&self.page_token, self.page) {
            (Some(token), _) => Some(NextPage::Token(token.clone())),
            (None, Some(page)) => Some(NextPage::Page(page)),
            (None, None) => None,
        }
    }
}

/// The builder setters for [`PageParams`] (held in a field named `paging`) and the
/// [`Paginated`](crate::pagination::Paginated) implementation, for one list operation.
macro_rules! token_and_offset_paging {
    ($op:ty, $item:ty, $noun:literal) => {
        impl $op {
            #[doc = concat!("`page_size`: ", $noun, " per page, 1 to 500 (the server's default is 250).")]
            pub fn page_size(mut self, page_size: u32) -> Self {
                self.paging.page_size = Some(page_size);
                self
            }

            /// `page_token`: the page to fetch, from a previous page's
            /// [`Page::next_page_token`](crate::pagination::Page::next_page_token).
            pub fn page_token(mut self, page_token: impl Into<String>) -> Self {
                self.paging.page_token = Some(page_token.into());
                self
            }

            /// `page`: the deprecated offset pagination's page reference (take it from a
            /// previous page's [`Page::next_page`](crate::pagination::Page::next_page)).
            #[deprecated(note = "Ory deprecated offset pagination: use `page_token` and `page_size`")]
            pub fn page(mut self, page: i64) -> Self {
                self.paging.page = Some(page);
                self
            }

            /// `per_page`: the deprecated offset pagination's page size, 1 to 1000.
            #[deprecated(note = "Ory deprecated offset pagination: use `page_token` and `page_size`")]
            pub fn per_page(mut self, per_page: u32) -> Self {
                self.paging.per_page = Some(per_page);
                self
            }
        }

        impl $crate::pagination::Paginated for $op {
            type Item = $item;

            fn with_page_token(&self, token: &str) -> Self {
                let mut next = self.clone();
                next.paging.page_token = Some(token.to_owned());
                next.paging.page = None;
                next
            }

            fn cursor(&self) -> Option<$crate::pagination::NextPage> {
                self.paging.cursor()
            }

            fn with_page(&self, page: i64) -> Option<Self> {
                let mut next = self.clone();
                next.paging.page = Some(page);
                next.paging.page_token = None;
                Some(next)
            }
        }
    };
}
pub(crate) use token_and_offset_paging;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert!(check_range("page_size", Some(1), 1, 500).is_ok());
        assert!(check_range("page_size", Some(500), 1, 500).is_ok());
        assert!(check_range("page_size", None, 1, 500).is_ok());
        assert_eq!(
            check_range("page_size", Some(0), 1, 500),
            Err(BuildError::InvalidParameter {
                name: "page_size",
                reason: "must be between 1 and 500, got 0".into()
            })
        );
        assert!(check_range("page_size", Some(501), 1, 500).is_err());
    }
}
