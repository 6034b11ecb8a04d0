//! `X-Request-ID` generation.

use http::header::{HeaderMap, HeaderValue};

use crate::meta::X_REQUEST_ID;

/// Makes sure `headers` carries an `X-Request-ID`, generating a random UUID-shaped id when the
/// caller set none, and returns the id's header value (a cheap, reference-counted clone).
pub fn ensure(headers: &mut HeaderMap) -> HeaderValue {
    if let Some(existing) = headers.get(X_REQUEST_ID) {
        if !existing.is_empty() {
            return existing.clone();
        }
    }
    let id = generate_header();
    headers.insert(X_REQUEST_ID, id.clone());
    id
}

/// A random version-4 UUID in its canonical text form. Request ids need to be unique, not
/// secret, so a fast non-cryptographic generator is used.
pub fn generate() -> String {
    let bytes = uuid_v4_text();
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// [`generate`] as a header value, without going through `format!`.
pub fn generate_header() -> HeaderValue {
    let bytes = uuid_v4_text();
    // Only ASCII hex digits and hyphens: always a valid header value.
    HeaderValue::from_bytes(&bytes).unwrap_or_else(|_| HeaderValue::from_static("ory-rs"))
}

fn uuid_v4_text() -> [u8; 36] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut value = fastrand::u128(..);
    // Version 4 and the RFC 4122 variant.
    value = (value & !(0xf << 76)) | (0x4 << 76);
    value = (value & !(0x3 << 62)) | (0x2 << 62);
    let mut out = [b'-'; 36];
    let mut nibble = 0;
    for (i, slot) in out.iter_mut().enumerate() {
        if matches!(i, 8 | 13 | 18 | 23) {
            continue;
        }
        let shift = 124 - 4 * nibble;
        *slot = HEX[((value >> shift) & 0xf) as usize];
        nibble += 1;
    }
    out
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
        assert_eq!(headers.get(X_REQUEST_ID).unwrap(), id);
        assert_eq!(id.len(), 36);
    }
}
