//! Any bytes as a `Link` header value (RFC 8288), the only place Ory says where the next page is.
//!
//! Checks, beyond "no panic":
//! - every parsed link prints (`Display`) to text that parses back to the same link, alone and
//!   with the others joined by `, `;
//! - parsing through a `HeaderMap` (`parse_link_headers`, `next_page_cursor`) agrees with
//!   parsing the text;
//! - a well-formed `rel="next"` link put in front of the input is always found, and the input
//!   after it parses as it does alone (whatever garbage follows cannot hide or change it).
#![no_main]

use http::{HeaderMap, HeaderValue};
use libfuzzer_sys::fuzz_target;
use ory_core::pagination::{
    next_page_cursor, parse_link_header, parse_link_headers, NextPage, X_TOTAL_COUNT,
};

const KNOWN: &str = r#"</admin/identities?page_size=2&page_token=K%2Bn%3D>; rel="next""#;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let links = parse_link_header(&text);

    for link in &links {
        let _ = (link.target(), link.params(), link.param("rel"));
        let _ = link.rels().count();
        let _ = (link.has_rel("next"), link.has_rel("prev"));
        let _ = link.query_param("page_token");
        let _ = link.query_param("page");
        let shown = link.to_string();
        let again = parse_link_header(&shown);
        assert_eq!(again.as_slice(), std::slice::from_ref(link), "{shown:?}");
    }
    let joined: Vec<String> = links.iter().map(ToString::to_string).collect();
    assert_eq!(parse_link_header(&joined.join(", ")), links);

    // The same bytes as a header, when HTTP allows them.
    if let Ok(value) = HeaderValue::from_bytes(data) {
        let mut headers = HeaderMap::new();
        headers.append(http::header::LINK, value.clone());
        assert_eq!(parse_link_headers(&headers), links);
        let cursor = next_page_cursor(&headers);
        if cursor.is_some() {
            assert!(links.iter().any(|l| l.has_rel("next")));
        }
        headers.append(http::header::LINK, value);
        headers.insert(X_TOTAL_COUNT, HeaderValue::from_static("3"));
        assert_eq!(next_page_cursor(&headers), cursor);
    }

    // A next link in front is found whatever follows.
    let prefixed = format!("{KNOWN}, {text}");
    let with_known = parse_link_header(&prefixed);
    assert_eq!(with_known.len(), links.len() + 1, "{prefixed:?}");
    assert!(with_known[0].has_rel("next"));
    assert_eq!(with_known[1..], links[..]);
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_bytes(prefixed.as_bytes()) {
        headers.append(http::header::LINK, value);
        assert_eq!(
            next_page_cursor(&headers),
            Some(NextPage::Token("K+n=".into()))
        );
    }
});
