//! Pagination: [`Page`], the `Link` header parser, and [`Pager`], which walks every page.
//!
//! Ory's list operations (`listIdentities`, `listIdentitySessions`, `listSessions`,
//! `listIdentitySchemas`) answer with a bare JSON array; where the next page is comes only in the
//! `Link` header, which the API specification does not declare (so generated clients drop it).
//! Each list operation here returns a [`Page`] with the items and the next page's token, read
//! from the `Link` header's `rel="next"` link.
//!
//! Two modes exist on the server:
//! - **token pagination** (with `page_size` or `page_token`, or neither): the next link carries
//!   `page_token`, found in [`Page::next_page_token`].
//! - **offset pagination** (deprecated, with only `page`/`per_page`): the next link carries
//!   `page`, found in [`Page::next_page`], and `X-Total-Count` gives the total
//!   ([`Page::total_count`]).
//!
//! A missing `rel="next"` link means the page is the last one.
//!
//! ```
//! use ory_core::pagination::{next_page_cursor, NextPage};
//!
//! let mut headers = http::HeaderMap::new();
//! headers.insert(
//!     http::header::LINK,
//!     r#"</admin/identities?page_size=2&page_token=abc>; rel="first",</admin/identities?page_size=2&page_token=def>; rel="next""#
//!         .parse()?,
//! );
//! assert_eq!(next_page_cursor(&headers), Some(NextPage::Token("def".into())));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use bytes::Bytes;
use http::HeaderMap;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::Error;
use crate::operation::{decode_json, Operation};
use crate::transport::HttpTransport;

/// `X-Total-Count`, sent in the deprecated offset pagination mode.
pub const X_TOTAL_COUNT: http::HeaderName = http::HeaderName::from_static("x-total-count");

/// One page of a list operation's results.
///
/// `Page` is `#[non_exhaustive]`: read its fields, build one with [`Page::new`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of this page, in the order the server sent them.
    pub items: Vec<T>,
    /// The `page_token` of the next page (token pagination); `None` on the last page.
    pub next_page_token: Option<String>,
    /// The `page` of the next page (the deprecated offset pagination); `None` on the last page
    /// or in token pagination.
    pub next_page: Option<i64>,
    /// `X-Total-Count`: the number of items in the whole listing, sent only in the deprecated
    /// offset pagination mode.
    pub total_count: Option<u64>,
}

impl<T> Page<T> {
    /// A page holding `items`, with no next page and no total.
    pub fn new(items: Vec<T>) -> Self {
        Page {
            items,
            next_page_token: None,
            next_page: None,
            total_count: None,
        }
    }

    /// Sets the next page's token.
    pub fn with_next_page_token(mut self, token: impl Into<String>) -> Self {
        self.next_page_token = Some(token.into());
        self
    }

    /// True when the server announced a next page (`rel="next"` link).
    pub fn has_next(&self) -> bool {
        self.next_page_token.is_some() || self.next_page.is_some()
    }

    /// Where the next page is, if anywhere. A token wins over a page number.
    pub fn next_cursor(&self) -> Option<NextPage> {
        match (&self.next_page_token, self.next_page) {
            (Some(token), _) => Some(NextPage::Token(token.clone())),
            (None, Some(page)) => Some(NextPage::Page(page)),
            (None, None) => None,
        }
    }

    /// The number of items on this page.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when this page holds no items (a last page can be empty).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The items, dropping the pagination information.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// Iterates over the items.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// Parses a list response: a 2xx JSON array body (or `null`, read as no items) into the
    /// items and the `Link` and `X-Total-Count` headers into the pagination fields. Other
    /// statuses become errors.
    pub fn from_response(response: http::Response<Bytes>) -> Result<Page<T>, Error>
    where
        T: DeserializeOwned,
    {
        if !response.status().is_success() {
            return Err(Error::from_response(response));
        }
        let (parts, body) = response.into_parts();
        let next = next_page_cursor(&parts.headers);
        let total_count = total_count(&parts.headers);
        // A Go server can marshal an empty list as `null`: read it as no items.
        let items: Option<Vec<T>> = decode_json(parts.status, parts.headers, body)?;
        let items = items.unwrap_or_default();
        let (next_page_token, next_page) = match next {
            Some(NextPage::Token(token)) => (Some(token), None),
            Some(NextPage::Page(page)) => (None, Some(page)),
            None => (None, None),
        };
        Ok(Page {
            items,
            next_page_token,
            next_page,
            total_count,
        })
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Page<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// Where the next page is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NextPage {
    /// Token pagination: send this as `page_token`.
    Token(String),
    /// The deprecated offset pagination: send this as `page`.
    Page(i64),
}

/// Reads `X-Total-Count` (a non-negative integer); `None` when absent or malformed.
pub fn total_count(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(&X_TOTAL_COUNT)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Finds the `rel="next"` link among every `Link` header of `headers` and reads its
/// `page_token` (or, failing that, its `page`). `None` when there is no next link, or when the
/// next link carries neither parameter.
pub fn next_page_cursor(headers: &HeaderMap) -> Option<NextPage> {
    let next = parse_link_headers(headers)
        .into_iter()
        .find(|link| link.has_rel("next"))?;
    if let Some(token) = next.query_param("page_token") {
        if !token.is_empty() {
            return Some(NextPage::Token(token.into_owned()));
        }
    }
    next.query_param("page")
        .and_then(|page| page.trim().parse::<i64>().ok())
        .map(NextPage::Page)
}

/// One link of a `Link` header (RFC 8288): a target URI reference and its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    target: String,
    params: Vec<(String, String)>,
}

impl Link {
    /// The target as written between `<` and `>` (relative or absolute).
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The parameters in order, names lowercased, quoted values unquoted.
    pub fn params(&self) -> &[(String, String)] {
        &self.params
    }

    /// The first value of parameter `name` (case-insensitive), as RFC 8288 asks for `rel`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The relation types of the `rel` parameter: `rel="next last"` has two.
    pub fn rels(&self) -> impl Iterator<Item = &str> {
        self.param("rel").unwrap_or("").split_ascii_whitespace()
    }

    /// True when one of the relation types is `rel` (case-insensitive).
    pub fn has_rel(&self, rel: &str) -> bool {
        self.rels().any(|r| r.eq_ignore_ascii_case(rel))
    }

    /// The first value of query parameter `name` in the target, decoded as
    /// `application/x-www-form-urlencoded` (`+` is a space, `%XX` a byte), as Go's
    /// `url.Values.Encode` (which builds Ory's links) writes it.
    pub fn query_param(&self, name: &str) -> Option<Cow<'_, str>> {
        let without_fragment = self.target.split('#').next().unwrap_or("");
        let (_, query) = without_fragment.split_once('?')?;
        query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
            .find(|(key, _)| form_decode(key) == name)
            .map(|(_, value)| form_decode(value))
    }
}

impl fmt::Display for Link {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{}>", self.target)?;
        for (name, value) in &self.params {
            write!(f, "; {name}=\"")?;
            for c in value.chars() {
                if c == '"' || c == '\\' {
                    f.write_str("\\")?;
                }
                write!(f, "{c}")?;
            }
            f.write_str("\"")?;
        }
        Ok(())
    }
}

/// Decodes one `application/x-www-form-urlencoded` component: `+` to space, then `%XX`
/// sequences to bytes (malformed sequences are kept as written), invalid UTF-8 replaced.
fn form_decode(component: &str) -> Cow<'_, str> {
    if component.contains('+') {
        let spaced = component.replace('+', " ");
        Cow::Owned(
            percent_encoding::percent_decode_str(&spaced)
                .decode_utf8_lossy()
                .into_owned(),
        )
    } else {
        percent_encoding::percent_decode_str(component).decode_utf8_lossy()
    }
}

/// Parses every `Link` header in `headers`, in order. See [`parse_link_header`].
pub fn parse_link_headers(headers: &HeaderMap) -> Vec<Link> {
    let mut links = Vec::new();
    for value in headers.get_all(http::header::LINK) {
        links.extend(parse_link_header(&String::from_utf8_lossy(
            value.as_bytes(),
        )));
    }
    links
}

/// Parses one `Link` header value (RFC 8288): comma-separated `<target>; name=value` links.
///
/// Lenient and total: it never panics, accepts quoted and unquoted values, optional whitespace,
/// any parameter order and commas inside `<...>` or quoted strings, and skips what it cannot
/// read (a link without `<`, an unterminated target) instead of failing.
///
/// ```
/// use ory_core::pagination::parse_link_header;
///
/// let links = parse_link_header(r#"<https://x/a?page=2>; rel="next last", </a?page=0>;rel=first"#);
/// assert_eq!(links.len(), 2);
/// assert!(links[0].has_rel("next") && links[0].has_rel("last"));
/// assert_eq!(links[0].query_param("page").as_deref(), Some("2"));
/// assert_eq!(links[1].target(), "/a?page=0");
/// ```
pub fn parse_link_header(value: &str) -> Vec<Link> {
    let mut parser = LinkParser {
        bytes: value.as_bytes(),
        text: value,
        pos: 0,
    };
    let mut links = Vec::new();
    loop {
        parser.skip(|b| is_ws(b) || b == b',');
        match parser.peek() {
            None => break,
            Some(b'<') => {}
            Some(_) => {
                // Not a link: skip to the next comma or `<`.
                parser.skip(|b| b != b',' && b != b'<');
                continue;
            }
        }
        parser.pos += 1;
        let start = parser.pos;
        let Some(len) = parser.bytes[start..].iter().position(|&b| b == b'>') else {
            break;
        };
        let target = parser.slice(start, start + len).trim().to_owned();
        parser.pos = start + len + 1;
        let mut params = Vec::new();
        loop {
            parser.skip(is_ws);
            match parser.peek() {
                None => break,
                Some(b',') => {
                    parser.pos += 1;
                    break;
                }
                Some(b';') => {
                    parser.pos += 1;
                    if let Some(param) = parser.param() {
                        params.push(param);
                    }
                }
                Some(_) => {
                    // Garbage after the target or a value: skip to the next `;` or `,`.
                    parser.skip_to_separator();
                }
            }
        }
        links.push(Link { target, params });
    }
    links
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

struct LinkParser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl LinkParser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip(&mut self, pred: impl Fn(u8) -> bool) {
        while self.peek().is_some_and(&pred) {
            self.pos += 1;
        }
    }

    /// The text between two byte offsets. Offsets always sit next to ASCII delimiters, so they
    /// are character boundaries; `get` keeps this total anyway.
    fn slice(&self, start: usize, end: usize) -> &str {
        self.text.get(start..end).unwrap_or("")
    }

    /// Skips to the next `,` or `;` outside quotes and `<...>`, leaving it unread.
    fn skip_to_separator(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b',' | b';' => return,
                b'"' => {
                    self.pos += 1;
                    self.quoted();
                }
                b'<' => {
                    self.pos += 1;
                    while let Some(b) = self.peek() {
                        self.pos += 1;
                        if b == b'>' {
                            break;
                        }
                    }
                }
                _ => self.pos += 1,
            }
        }
    }

    /// Reads a quoted string's content after the opening quote, unescaping `\x`; an
    /// unterminated string runs to the end.
    fn quoted(&mut self) -> String {
        let mut out = Vec::new();
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    if let Some(escaped) = self.peek() {
                        out.push(escaped);
                        self.pos += 1;
                    }
                }
                _ => out.push(b),
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    /// Reads `name[=value]` after a `;`. `None` when the name is empty.
    fn param(&mut self) -> Option<(String, String)> {
        self.skip(is_ws);
        let start = self.pos;
        self.skip(|b| !matches!(b, b'=' | b';' | b',' | b'"') && !is_ws(b));
        let name = self.slice(start, self.pos).to_ascii_lowercase();
        self.skip(is_ws);
        let value = if self.peek() == Some(b'=') {
            self.pos += 1;
            self.skip(is_ws);
            if self.peek() == Some(b'"') {
                self.pos += 1;
                self.quoted()
            } else {
                let start = self.pos;
                self.skip(|b| !matches!(b, b';' | b',') && !is_ws(b));
                self.slice(start, self.pos).to_owned()
            }
        } else {
            String::new()
        };
        if name.is_empty() {
            None
        } else {
            Some((name, value))
        }
    }
}

/// A list operation whose results come in pages: it can be repeated for another page.
///
/// Implemented by [`ListIdentities`](crate::identity::ListIdentities),
/// [`ListIdentitySessions`](crate::identity::ListIdentitySessions),
/// [`ListSessions`](crate::identity::ListSessions) and
/// [`ListIdentitySchemas`](crate::identity::ListIdentitySchemas).
pub trait Paginated: Operation<Output = Page<Self::Item>> + Clone {
    /// The type of the listed items.
    type Item;

    /// The same operation asking for the page at `token` (any deprecated `page` is cleared).
    fn with_page_token(&self, token: &str) -> Self;

    /// The same operation asking for offset page `page` (the deprecated mode). `None` when the
    /// operation has no `page` parameter.
    fn with_page(&self, page: i64) -> Option<Self> {
        let _ = page;
        None
    }

    /// The page this operation asks for, when it names one (`page_token`, or the deprecated
    /// `page`). The pager uses it to never fetch the starting page twice.
    fn cursor(&self) -> Option<NextPage> {
        None
    }

    /// The same operation asking for the page at `cursor`.
    fn at(&self, cursor: &NextPage) -> Option<Self> {
        match cursor {
            NextPage::Token(token) => Some(self.with_page_token(token)),
            NextPage::Page(page) => self.with_page(*page),
        }
    }
}

/// Walks the pages of a list operation lazily, one request per [`Pager::next_page`] call.
///
/// Made by [`Client::pages`]. The pager follows the `rel="next"` link of each page and stops
/// after the page that has none. It never requests a page twice: when the server hands out a
/// next-page token (or page number) it already followed, the pager stops instead of looping,
/// and [`Pager::stopped_on_repeat`] reports it. After an error the pager stops too;
/// [`Pager::pending`] gives the operation that failed, to resume from with [`Client::pages`].
///
/// ```
/// use ory_core::identity::ListIdentities;
/// use ory_core::testing::{MockTransport, ResponseBuilder};
/// use ory_core::{Client, Config};
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let transport = MockTransport::new();
/// transport.push_response(
///     ResponseBuilder::new(200)
///         .header("link", r#"</admin/identities?page_size=1&page_token=t2>; rel="next""#)
///         .json(&serde_json::json!([{"id": "a", "schema_id": "default", "schema_url": "", "traits": {}}]))
///         .build(),
/// );
/// transport.push_json(200, &serde_json::json!([{"id": "b", "schema_id": "default", "schema_url": "", "traits": {}}]));
/// let client = Client::new(Config::new("http://127.0.0.1:4434")?, transport);
///
/// let mut pages = client.pages(ListIdentities::new().page_size(1));
/// let mut ids = Vec::new();
/// while let Some(page) = pages.next_page().await {
///     ids.extend(page?.items.into_iter().map(|identity| identity.id));
/// }
/// assert_eq!(ids, ["a", "b"]);
/// assert!(pages.is_finished());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # }).unwrap();
/// ```
pub struct Pager<T, O> {
    client: Client<T>,
    next: Option<O>,
    seen: HashSet<NextPage>,
    pages: u64,
    repeated: bool,
    failed: Option<O>,
}

impl<T, O: fmt::Debug> fmt::Debug for Pager<T, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pager")
            .field("next", &self.next)
            .field("pages", &self.pages)
            .field("repeated", &self.repeated)
            .field("failed", &self.failed)
            .finish_non_exhaustive()
    }
}

impl<T, O> Pager<T, O>
where
    T: HttpTransport,
    O: Paginated + Sync,
{
    /// A pager that starts with `operation` (its `page_token`, if set, is the first page).
    pub fn new(client: Client<T>, operation: O) -> Self {
        let mut seen = HashSet::new();
        seen.extend(operation.cursor());
        Pager {
            client,
            next: Some(operation),
            seen,
            pages: 0,
            repeated: false,
            failed: None,
        }
    }

    /// Fetches the next page: `None` once the last page was returned (or after an error or a
    /// repeated token).
    pub async fn next_page(&mut self) -> Option<Result<Page<O::Item>, Error>> {
        let operation = self.next.take()?;
        match self.client.execute(&operation).await {
            Ok(page) => {
                self.pages += 1;
                if let Some(cursor) = page.next_cursor() {
                    if self.seen.insert(cursor.clone()) {
                        self.next = operation.at(&cursor);
                    } else {
                        self.repeated = true;
                    }
                }
                Some(Ok(page))
            }
            Err(err) => {
                self.failed = Some(operation);
                Some(Err(err))
            }
        }
    }

    /// Fetches pages until the end, or until `max_items` items were collected, and returns the
    /// items (at most `max_items`; the rest of a page that crosses the cap is dropped).
    /// [`Pager::is_finished`] then tells whether the listing was complete.
    pub async fn collect_items(&mut self, max_items: usize) -> Result<Vec<O::Item>, Error> {
        let mut items = Vec::new();
        while items.len() < max_items {
            match self.next_page().await {
                None => break,
                Some(Err(err)) => return Err(err),
                Some(Ok(page)) => {
                    let room = max_items - items.len();
                    items.extend(page.items.into_iter().take(room));
                }
            }
        }
        Ok(items)
    }

    /// True when no further page will be fetched: the last page was returned, or the pager
    /// stopped on an error or a repeated token.
    pub fn is_finished(&self) -> bool {
        self.next.is_none()
    }

    /// True when the walk ended because the server offered a page it had already given
    /// (a token or page number seen before): the listing may be incomplete.
    pub fn stopped_on_repeat(&self) -> bool {
        self.repeated
    }

    /// How many pages were fetched so far.
    pub fn pages_fetched(&self) -> u64 {
        self.pages
    }

    /// The operation the next call will send (`None` when finished).
    pub fn next_operation(&self) -> Option<&O> {
        self.next.as_ref()
    }

    /// The operation whose request failed, after an error: hand it to [`Client::pages`] to
    /// resume the walk at that page.
    pub fn pending(&self) -> Option<&O> {
        self.failed.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for v in values {
            map.append(http::header::LINK, v.parse().unwrap());
        }
        map
    }

    fn next(values: &[&str]) -> Option<NextPage> {
        next_page_cursor(&headers(values))
    }

    fn token(t: &str) -> Option<NextPage> {
        Some(NextPage::Token(t.to_owned()))
    }

    #[test]
    fn kratos_token_links() {
        assert_eq!(
            next(&[
                r#"</admin/identities?page_size=2&page_token=eyJpZCI6IjEifQ>; rel="first",</admin/identities?page_size=2&page_token=eyJpZCI6IjMifQ>; rel="next""#
            ]),
            token("eyJpZCI6IjMifQ")
        );
        // Last page: only `first`.
        assert_eq!(
            next(&[r#"</admin/identities?page_size=2&page_token=first>; rel="first""#]),
            None
        );
        assert_eq!(next(&[]), None);
    }

    #[test]
    fn absolute_relative_and_parameter_order() {
        for value in [
            r#"<https://p.projects.oryapis.com/admin/identities?page_token=T&page_size=5>; rel="next""#,
            r#"<http://127.0.0.1:4434/admin/identities?page_size=5&page_token=T>;rel=next"#,
            r#"<admin/identities?page_token=T>; rel=next"#,
            r#"<?page_token=T>; rel="next""#,
            r#"</admin/identities?page_token=T#frag>; rel="next""#,
            r#"</x?page_token=T>; title="a, b; rel=prev"; rel="next""#,
            r#"</x?page_token=T>; rel = "next" ; type="application/json""#,
            r#"</x?page_token=T>; type=application/json; REL=NEXT"#,
            r#"  </x?page_token=T>  ;  rel="next"  "#,
            r#"</x?page_token=T>; rel="next last""#,
            r#"</x?page_token=T>; rel="last next""#,
            "</x?page_token=T>;\trel=\"next\"",
            r#"</x?a=1&&page_token=T&b>; rel="next""#,
        ] {
            assert_eq!(next(&[value]), token("T"), "{value}");
        }
    }

    #[test]
    fn several_links_and_headers() {
        assert_eq!(
            next(&[
                r#"</x?page_token=F>; rel="first""#,
                r#"</x?page_token=N>; rel="next""#
            ]),
            token("N")
        );
        assert_eq!(
            next(&[
                r#"</x?page_token=P>; rel="prev", </x?page_token=N>; rel="next", </x?page_token=L>; rel="last""#
            ]),
            token("N")
        );
        // Commas inside the target do not split links.
        assert_eq!(
            next(&[r#"</x?a=1,2&page_token=N>; rel="next", </x?page_token=F>; rel="first""#]),
            token("N")
        );
        // The first next link wins.
        assert_eq!(
            next(&[r#"</x?page_token=A>; rel="next", </x?page_token=B>; rel="next""#]),
            token("A")
        );
    }

    #[test]
    fn token_decoding() {
        assert_eq!(
            next(&[r#"</x?page_token=a%2Bb%3D%3D>; rel="next""#]),
            token("a+b==")
        );
        assert_eq!(next(&[r#"</x?page_token=a+b>; rel="next""#]), token("a b"));
        assert_eq!(next(&[r#"</x?page_token=%zz>; rel="next""#]), token("%zz"));
        assert_eq!(
            next(&[r#"</x?page%5Ftoken=Q>; rel="next""#]),
            token("Q"),
            "encoded key"
        );
    }

    #[test]
    fn offset_mode() {
        let value = r#"</admin/identities?page=0&per_page=2>; rel="first",</admin/identities?page=2&per_page=2>; rel="next",</admin/identities?page=0&per_page=2>; rel="prev",</admin/identities?page=4&per_page=2>; rel="last""#;
        assert_eq!(next(&[value]), Some(NextPage::Page(2)));
        // A token wins over a page number.
        assert_eq!(
            next(&[r#"</x?page=3&page_token=T>; rel="next""#]),
            token("T")
        );
        assert_eq!(next(&[r#"</x?page=abc>; rel="next""#]), None);
        assert_eq!(
            next(&[r#"</x?page_token=&page=7>; rel="next""#]),
            Some(NextPage::Page(7))
        );
    }

    #[test]
    fn no_next() {
        for value in [
            r#"</x?page_token=T>; rel="prev""#,
            r#"</x?page_token=T>; rel="nextpage""#,
            r#"</x?page_token=T>; title="next""#,
            r#"</x?page_token=T>"#,
            r#"</x>; rel="next""#,
            r#"</x?page_size=3>; rel="next""#,
            r#"page_token=T; rel="next""#,
            r#"</x?page_token=T; rel="next""#,
            "",
            ",,,",
        ] {
            assert_eq!(next(&[value]), None, "{value}");
        }
    }

    #[test]
    fn malformed_links_are_skipped() {
        let links = parse_link_header(r#"garbage, <a>; rel="x\"y"; foo, ;;; <b>junk; rel=next"#);
        assert_eq!(links.len(), 2, "{links:?}");
        assert_eq!(links[0].param("rel"), Some("x\"y"));
        assert_eq!(links[0].param("foo"), Some(""));
        assert_eq!(links[1].target(), "b");
        assert!(links[1].has_rel("next"));
        // A quoted string runs to its closing quote, commas included.
        let links = parse_link_header(r#"<a>; rel="next, <b>; rel="prev""#);
        assert_eq!(links.len(), 1, "{links:?}");
        assert_eq!(links[0].param("rel"), Some("next, <b>; rel="));
        // Unterminated: to the end.
        let links = parse_link_header(r#"<a>; rel="next, <b>"#);
        assert_eq!(links[0].param("rel"), Some("next, <b>"));
        // Text before a `<` is skipped.
        let links = parse_link_header(r#"junk <c>; rel=next"#);
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].target(), "c");
    }

    #[test]
    fn display_round_trips() {
        let links = parse_link_header(r#"</x?a=1>; rel="next last"; title="q\"t""#);
        let again = parse_link_header(&links[0].to_string());
        assert_eq!(links, again);
    }

    #[test]
    fn non_ascii_never_panics() {
        for value in [
            "<é>; rel=\"néxt\"",
            "<\u{1F600}",
            "<a>; r\u{e9}l=n\u{e9}xt",
            "<a>;\"\u{1F600}",
            "<>;=;=\"",
        ] {
            let _ = parse_link_header(value);
        }
        let mut map = HeaderMap::new();
        map.append(
            http::header::LINK,
            http::HeaderValue::from_bytes(b"</x?page_token=\xff\xfe>; rel=next").unwrap(),
        );
        assert_eq!(
            next_page_cursor(&map),
            Some(NextPage::Token("\u{FFFD}\u{FFFD}".into()))
        );
    }

    #[test]
    fn null_body_is_an_empty_page() {
        let response = http::Response::builder()
            .status(200)
            .body(Bytes::from_static(b"null"))
            .unwrap();
        let page = Page::<u32>::from_response(response).unwrap();
        assert!(page.is_empty() && !page.has_next());
        let response = http::Response::builder()
            .status(200)
            .body(Bytes::from_static(b"{}"))
            .unwrap();
        assert!(Page::<u32>::from_response(response).is_err());
    }

    #[test]
    fn total_count_header() {
        let mut map = HeaderMap::new();
        assert_eq!(total_count(&map), None);
        map.insert(&X_TOTAL_COUNT, " 42 ".parse().unwrap());
        assert_eq!(total_count(&map), Some(42));
        map.insert(&X_TOTAL_COUNT, "-1".parse().unwrap());
        assert_eq!(total_count(&map), None);
    }

    proptest::proptest! {
        #[test]
        fn parser_is_total(s in "\\PC*") {
            let _ = parse_link_header(&s);
        }

        #[test]
        fn parser_is_total_on_link_like_text(s in r#"[<>;,="\\ a-z?&=%+\t\u{e9}]*"#) {
            for link in parse_link_header(&s) {
                let _ = link.query_param("page_token");
                let _ = link.has_rel("next");
                let _ = link.to_string();
            }
        }

        #[test]
        fn tokens_round_trip(t in "[A-Za-z0-9_~.+/=-]{1,40}") {
            let encoded = percent_encoding::utf8_percent_encode(&t, crate::encode::COMPONENT);
            let value = format!("</admin/identities?page_size=2&page_token={encoded}>; rel=\"next\"");
            proptest::prop_assert_eq!(next(&[&value]), Some(NextPage::Token(t)));
        }
    }
}
