//! Percent-encoding of path segments and query strings.
//!
//! Every byte except the RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) is encoded, so a
//! parameter value can never add a path segment, start a query or fragment, or be decoded into
//! something else: space becomes `%20` (never `+`), `/` becomes `%2F`, `%` becomes `%25`.

use std::fmt::Write as _;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

use crate::error::BuildError;

/// Everything but the unreserved characters.
pub const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `UNRESERVED[b]` is true for the bytes [`COMPONENT`] leaves as they are: one table look-up
/// per byte on the path every id takes.
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] =
            matches!(b as u8, b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~');
        b += 1;
    }
    table
};

/// Appends `value` to `out` as one percent-encoded path segment.
///
/// `name` names the parameter in the error. An empty value, `.` and `..` are refused: the first
/// would address a different resource and servers and proxies resolve the others as dot
/// segments.
pub fn push_segment(out: &mut String, name: &'static str, value: &str) -> Result<(), BuildError> {
    match value {
        "" => return Err(BuildError::EmptyPathParameter { name }),
        "." | ".." => {
            return Err(BuildError::DotSegment {
                name,
                value: value.to_owned(),
            });
        }
        _ => {}
    }
    out.push('/');
    push_encoded(out, value);
    Ok(())
}

/// Appends `value` percent-encoded with [`COMPONENT`]; values that need no encoding (UUIDs,
/// most ids) are copied as they are, without going through the formatter.
fn push_encoded(out: &mut String, value: &str) {
    if value.bytes().all(|b| UNRESERVED[usize::from(b)]) {
        out.push_str(value);
    } else {
        out.extend(percent_encoding::utf8_percent_encode(value, COMPONENT));
    }
}

/// Encodes `value` as one path segment; see [`push_segment`].
pub fn segment(name: &'static str, value: &str) -> Result<String, BuildError> {
    let mut out = String::with_capacity(value.len() + 1);
    push_segment(&mut out, name, value)?;
    out.remove(0);
    Ok(out)
}

/// Builds a query string. Keys and values are percent-encoded with [`COMPONENT`]; arrays repeat
/// the key (`expand=identity&expand=devices`).
///
/// ```
/// use ory_core::encode::Query;
///
/// let mut path = String::from("/admin/sessions");
/// let mut query = Query::new(&mut path);
/// query.push("expand", "identity");
/// query.push("expand", "devices");
/// query.push_opt("page_token", Some("a b&c"));
/// query.push_opt::<&str>("active", None);
/// assert_eq!(path, "/admin/sessions?expand=identity&expand=devices&page_token=a%20b%26c");
/// ```
#[derive(Debug)]
pub struct Query<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> Query<'a> {
    /// Starts appending a query to `out` (the `?` is written with the first pair).
    pub fn new(out: &'a mut String) -> Self {
        let first = !out.contains('?');
        Query { out, first }
    }

    /// Appends `key=value`.
    pub fn push(&mut self, key: &str, value: impl std::fmt::Display) -> &mut Self {
        self.out.push(if self.first { '?' } else { '&' });
        self.first = false;
        push_encoded(self.out, key);
        self.out.push('=');
        // Format once, then encode: numbers and booleans never need escaping, strings might.
        let mut buf = String::new();
        let _ = write!(buf, "{value}");
        push_encoded(self.out, &buf);
        self
    }

    /// Appends `key=value` when `value` is `Some`.
    pub fn push_opt<V: std::fmt::Display>(&mut self, key: &str, value: Option<V>) -> &mut Self {
        if let Some(value) = value {
            self.push(key, value);
        }
        self
    }

    /// Appends `key=v` once for each value.
    pub fn push_all<V: std::fmt::Display>(
        &mut self,
        key: &str,
        values: impl IntoIterator<Item = V>,
    ) -> &mut Self {
        for value in values {
            self.push(key, value);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_path_table_agrees_with_component() {
        for b in 0..=255u8 {
            let bytes = [b];
            let encoded = percent_encoding::percent_encode(&bytes, COMPONENT).to_string();
            assert_eq!(
                UNRESERVED[usize::from(b)],
                encoded.len() == 1,
                "byte {b:#04x}"
            );
        }
    }

    #[test]
    fn segments() {
        assert_eq!(segment("id", "abc").unwrap(), "abc");
        assert_eq!(segment("id", "a/b?c#d e").unwrap(), "a%2Fb%3Fc%23d%20e");
        assert_eq!(
            segment("id", "é+%~!*'()").unwrap(),
            "%C3%A9%2B%25~%21%2A%27%28%29"
        );
        assert_eq!(segment("id", "../identities").unwrap(), "..%2Fidentities");
        assert_eq!(segment("id", "%2e%2e").unwrap(), "%252e%252e");
        assert_eq!(segment("id", "...").unwrap(), "...");
        assert_eq!(segment("id", "a b/c?d+e").unwrap(), "a%20b%2Fc%3Fd%2Be");
    }

    #[test]
    fn refused_segments() {
        assert_eq!(
            segment("id", ""),
            Err(BuildError::EmptyPathParameter { name: "id" })
        );
        assert!(matches!(
            segment("id", "."),
            Err(BuildError::DotSegment { .. })
        ));
        assert!(matches!(
            segment("id", ".."),
            Err(BuildError::DotSegment { .. })
        ));
    }
}
