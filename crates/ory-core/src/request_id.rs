//! `X-Request-ID` generation.

use http::header::{HeaderMap, HeaderValue};

use crate::meta::X_REQUEST_ID;

/// Makes sure `headers` carries an `X-Request-ID`, generating a random UUID-shaped id when the
/// caller set none, and returns the id.
pub fn ensure(headers: &mut HeaderMap) -> String {
    if let Some(existing) = headers.get(X_REQUEST_ID).and_then(|v| v.to_str().ok()) {
        if !existing.is_empty() {
            return existing.to_owned();
        }
    }
    let id = generate();
    if let Ok(value) = HeaderValue::from_str(&id) {
        headers.insert(X_REQUEST_ID, value);
    }
    id
}

/// A random version-4 UUID in its canonical text form. Request ids need to be unique, not
/// secret, so a fast non-cryptographic generator is used.
pub fn generate() -> String {
    let hi = fastrand::u64(..);
    let lo = fastrand::u64(..);
    let hi = (hi & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000;
    let lo = (lo & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xffff,
        hi & 0xffff,
        lo >> 48,
        lo & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_uuid_v4_shaped_and_distinct() {
        let a = generate();
        let b = generate();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
    }

    #[test]
    fn existing_id_is_kept() {
        let mut headers = HeaderMap::new();
        headers.insert(X_REQUEST_ID, HeaderValue::from_static("mine"));
        assert_eq!(ensure(&mut headers), "mine");
        let mut headers = HeaderMap::new();
        let id = ensure(&mut headers);
        assert_eq!(headers.get(X_REQUEST_ID).unwrap(), id.as_str());
    }
}
