//! `X-Request-ID` generation.

use http::header::{Entry, HeaderMap, HeaderValue};

use crate::meta::X_REQUEST_ID;

/// Makes sure `headers` carries an `X-Request-ID`, generating a random UUID-shaped id when the
/// caller set none, and returns the id's header value (a cheap, reference-counted clone).
pub fn ensure(headers: &mut HeaderMap) -> HeaderValue {
    // One look-up of the name, whether or not the header is there.
    match headers.entry(X_REQUEST_ID) {
        Entry::Occupied(existing) if !existing.get().is_empty() => existing.get().clone(),
        Entry::Occupied(mut empty) => {
            let id = generate_header();
            empty.insert(id.clone());
            id
        }
        Entry::Vacant(vacant) => vacant.insert(generate_header()).clone(),
    }
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
    let mut bytes = fastrand::u128(..).to_be_bytes();
    // Version 4 and the RFC 4122 variant.
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    // Where each byte's two hex digits go: 8-4-4-4-12 digits with hyphens between.
    const AT: [usize; 16] = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
    let mut out = [b'-'; 36];
    for (byte, at) in bytes.iter().zip(AT) {
        out[at] = HEX[usize::from(byte >> 4)];
        out[at + 1] = HEX[usize::from(byte & 0xf)];
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
    fn generated_ids_have_the_canonical_layout() {
        for _ in 0..1000 {
            let id = generate();
            for (i, c) in id.char_indices() {
                if matches!(i, 8 | 13 | 18 | 23) {
                    assert_eq!(c, '-', "{id}");
                } else {
                    assert!(matches!(c, '0'..='9' | 'a'..='f'), "{id}");
                }
            }
            assert_eq!(&id[14..15], "4", "{id}");
            assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "{id}");
        }
        // 122 random bits: every hex position but the fixed ones takes more than one value.
        let ids: Vec<String> = (0..64).map(|_| generate()).collect();
        for i in (0..36).filter(|i| !matches!(i, 8 | 13 | 14 | 18 | 23)) {
            let first = &ids[0][i..=i];
            assert!(
                ids.iter().any(|id| &id[i..=i] != first),
                "position {i} never changes"
            );
        }
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
        // An empty id counts as none: replaced, not sent twice.
        let mut headers = HeaderMap::new();
        headers.insert(X_REQUEST_ID, HeaderValue::from_static(""));
        let id = ensure(&mut headers);
        assert_eq!(id.len(), 36);
        assert_eq!(
            headers.get_all(X_REQUEST_ID).iter().collect::<Vec<_>>(),
            [&id]
        );
    }
}
