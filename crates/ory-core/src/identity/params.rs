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

/// Checks a Go duration as the recovery operations' `expires_in` takes it:
/// `^([0-9]+([.][0-9]+)?(ns|us|µs|ms|s|m|h))+$` (for example `1h30m`, `1.5h`, `90s`).
pub(crate) fn check_duration(name: &'static str, value: &str) -> Result<(), BuildError> {
    if is_go_duration(value) {
        Ok(())
    } else {
        Err(BuildError::InvalidParameter {
            name,
            reason: format!(
                "{value:?} is not a duration such as \"1h\", \"30m\" or \"1h30m\" \
                 (units: ns, us, µs, ms, s, m, h)"
            ),
        })
    }
}

fn is_go_duration(value: &str) -> bool {
    let mut rest = value;
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        rest = &rest[digits..];
        if let Some(after_dot) = rest.strip_prefix('.') {
            let fraction = after_dot.bytes().take_while(u8::is_ascii_digit).count();
            if fraction == 0 {
                return false;
            }
            rest = &after_dot[fraction..];
        }
        // Longest units first: `ms` before `m`, `ns` before nothing.
        let Some(unit) = ["ns", "us", "µs", "ms", "s", "m", "h"]
            .into_iter()
            .find(|unit| rest.starts_with(unit))
        else {
            return false;
        };
        rest = &rest[unit.len()..];
    }
    true
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

/// Serializes a recovery body and checks what the server would refuse: an empty
/// `identity_id`, and an `expires_in` that is not a Go duration. Returns the JSON to send.
pub(crate) fn check_recovery_body<B: serde::Serialize>(
    body: &B,
) -> Result<serde_json::Value, BuildError> {
    let value = serde_json::to_value(body).map_err(|e| BuildError::Serialize {
        message: e.to_string(),
    })?;
    match value.get("identity_id").and_then(|v| v.as_str()) {
        Some(id) if !id.is_empty() => {}
        _ => {
            return Err(BuildError::MissingParameter {
                name: "identity_id",
            })
        }
    }
    if let Some(expires_in) = value.get("expires_in").and_then(|v| v.as_str()) {
        check_duration("expires_in", expires_in)?;
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        for ok in [
            "1h", "30m", "1h30m", "1.5h", "90s", "100ms", "5us", "5µs", "7ns", "1h0m0s",
        ] {
            assert!(is_go_duration(ok), "{ok}");
        }
        for bad in [
            "", "1", "h", "1d", "-1h", "1.h", ".5h", "1h ", " 1h", "1hh", "1H", "P1D", "1.5.5h",
        ] {
            assert!(!is_go_duration(bad), "{bad}");
        }
    }

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
