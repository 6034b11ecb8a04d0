use bytes::Bytes;

/// Assertions on a built or recorded `http::Request<Bytes>`. Each panics with a message that
/// shows what was expected and what the request holds, and returns the request for chaining.
pub trait RequestAssertions {
    /// The method is `method`.
    fn assert_method(&self, method: http::Method) -> &Self;
    /// The whole URI is `uri`.
    fn assert_uri(&self, uri: &str) -> &Self;
    /// The path and query (as sent, still percent-encoded) are `path_and_query`.
    fn assert_path(&self, path_and_query: &str) -> &Self;
    /// The decoded query pairs are exactly `pairs`, in order.
    fn assert_query(&self, pairs: &[(&str, &str)]) -> &Self;
    /// The header `name` has exactly one value, `value`.
    fn assert_header(&self, name: &str, value: &str) -> &Self;
    /// The header `name` is absent.
    fn assert_no_header(&self, name: &str) -> &Self;
    /// The body is empty.
    fn assert_no_body(&self) -> &Self;
    /// The body is JSON equal in meaning to `expected` (key order and spacing ignored), and
    /// `Content-Type` is `application/json`.
    fn assert_json_body(&self, expected: &serde_json::Value) -> &Self;
    /// The body parsed as JSON. Panics when it is not JSON.
    fn json_body(&self) -> serde_json::Value;
    /// The query pairs, percent-decoded.
    fn query_pairs(&self) -> Vec<(String, String)>;
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

impl RequestAssertions for http::Request<Bytes> {
    fn assert_method(&self, method: http::Method) -> &Self {
        assert_eq!(self.method(), method, "request method");
        self
    }

    fn assert_uri(&self, uri: &str) -> &Self {
        assert_eq!(self.uri().to_string(), uri, "request URI");
        self
    }

    fn assert_path(&self, path_and_query: &str) -> &Self {
        let actual = self
            .uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("");
        assert_eq!(actual, path_and_query, "request path and query");
        self
    }

    fn assert_query(&self, pairs: &[(&str, &str)]) -> &Self {
        let actual = self.query_pairs();
        let expected: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        assert_eq!(actual, expected, "request query pairs");
        self
    }

    fn assert_header(&self, name: &str, value: &str) -> &Self {
        let values: Vec<_> = self.headers().get_all(name).iter().collect();
        assert_eq!(
            values.len(),
            1,
            "expected exactly one {name} header, found {}",
            values.len()
        );
        assert_eq!(values[0].as_bytes(), value.as_bytes(), "header {name}");
        self
    }

    fn assert_no_header(&self, name: &str) -> &Self {
        assert!(
            self.headers().get(name).is_none(),
            "expected no {name} header, found {:?}",
            self.headers().get(name)
        );
        self
    }

    fn assert_no_body(&self) -> &Self {
        assert!(
            self.body().is_empty(),
            "expected no body, found {:?}",
            String::from_utf8_lossy(self.body())
        );
        self
    }

    fn assert_json_body(&self, expected: &serde_json::Value) -> &Self {
        self.assert_header("content-type", "application/json");
        let actual = self.json_body();
        assert_eq!(&actual, expected, "request JSON body");
        self
    }

    fn json_body(&self) -> serde_json::Value {
        match serde_json::from_slice(self.body()) {
            Ok(v) => v,
            Err(e) => panic!(
                "request body is not JSON ({e}): {:?}",
                String::from_utf8_lossy(self.body())
            ),
        }
    }

    fn query_pairs(&self) -> Vec<(String, String)> {
        let Some(query) = self.uri().query() else {
            return Vec::new();
        };
        query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|pair| match pair.split_once('=') {
                Some((k, v)) => (decode(k), decode(v)),
                None => (decode(pair), String::new()),
            })
            .collect()
    }
}
