//! Query parameter types and checks shared by several operations.

use std::fmt;

use crate::error::BuildError;

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
