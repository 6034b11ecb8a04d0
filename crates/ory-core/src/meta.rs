//! What a response's headers say beyond its body: request id, rate limits, retry hints.

use std::time::{Duration, SystemTime};

use http::header::{HeaderMap, HeaderName};

/// `X-Request-ID`, sent on every request and echoed by Ory in error bodies.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
/// `x-ratelimit-limit`: the bucket's policy, such as `10, 10;w=1, 300;w=60`.
pub const X_RATELIMIT_LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
/// `x-ratelimit-remaining`: requests left in the current window.
pub const X_RATELIMIT_REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
/// `x-ratelimit-reset`: seconds until the window resets.
pub const X_RATELIMIT_RESET: HeaderName = HeaderName::from_static("x-ratelimit-reset");

/// Rate-limit state reported by Ory Network in `x-ratelimit-*` headers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RateLimit {
    /// The raw `x-ratelimit-limit` policy (`10, 10;w=1, 300;w=60`).
    pub policy: Option<String>,
    /// The first number of the policy: requests allowed in the current window.
    pub limit: Option<u64>,
    /// Requests left in the current window.
    pub remaining: Option<u64>,
    /// Time until the window resets.
    pub reset: Option<Duration>,
}

impl RateLimit {
    /// Reads the `x-ratelimit-*` headers; `None` when none of them is present.
    pub fn from_headers(headers: &HeaderMap) -> Option<RateLimit> {
        let text = |name: &HeaderName| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
        };
        let policy = text(&X_RATELIMIT_LIMIT);
        let remaining = text(&X_RATELIMIT_REMAINING);
        let reset = text(&X_RATELIMIT_RESET);
        if policy.is_none() && remaining.is_none() && reset.is_none() {
            return None;
        }
        Some(RateLimit {
            limit: policy.and_then(|p| {
                p.split([',', ';'])
                    .next()
                    .and_then(|n| n.trim().parse().ok())
            }),
            policy: policy.map(str::to_owned),
            remaining: remaining.and_then(|r| r.parse().ok()),
            reset: reset.and_then(parse_seconds),
        })
    }
}

fn parse_seconds(text: &str) -> Option<Duration> {
    if let Ok(secs) = text.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let secs: f64 = text.parse().ok()?;
    if secs.is_finite() && (0.0..1e9).contains(&secs) {
        Some(Duration::from_secs_f64(secs))
    } else {
        None
    }
}

/// The delay asked for by `Retry-After` (seconds or an HTTP date, relative to `now`).
/// A date in the past gives zero.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Some(delay) = parse_seconds(value) {
        return Some(delay);
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The request id from the `X-Request-ID` header, if it is readable.
pub fn request_id(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(X_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|s| !s.is_empty())
}

/// The status and headers of a successful response, for callers who need more than the body:
/// pagination links, rate limits, the request id, `Location`.
#[derive(Debug, Clone)]
pub struct ResponseMeta {
    status: http::StatusCode,
    headers: HeaderMap,
}

impl ResponseMeta {
    /// Wraps a status and headers.
    pub fn new(status: http::StatusCode, headers: HeaderMap) -> Self {
        ResponseMeta { status, headers }
    }

    /// The HTTP status.
    pub fn status(&self) -> http::StatusCode {
        self.status
    }

    /// All response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `X-Request-ID` response header.
    pub fn request_id(&self) -> Option<&str> {
        request_id(&self.headers)
    }

    /// The `x-ratelimit-*` headers.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(&self.headers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limit_headers() {
        let mut h = HeaderMap::new();
        assert_eq!(RateLimit::from_headers(&h), None);
        h.insert(X_RATELIMIT_LIMIT, "10, 10;w=1, 300;w=60".parse().unwrap());
        h.insert(X_RATELIMIT_REMAINING, "0".parse().unwrap());
        h.insert(X_RATELIMIT_RESET, "3".parse().unwrap());
        let rl = RateLimit::from_headers(&h).unwrap();
        assert_eq!(rl.limit, Some(10));
        assert_eq!(rl.remaining, Some(0));
        assert_eq!(rl.reset, Some(Duration::from_secs(3)));
        assert_eq!(rl.policy.as_deref(), Some("10, 10;w=1, 300;w=60"));
    }

    #[test]
    fn retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        let mut h = HeaderMap::new();
        assert_eq!(retry_after(&h, now), None);
        h.insert(http::header::RETRY_AFTER, "2".parse().unwrap());
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(2)));
        // 784111777 is Sun, 06 Nov 1994 08:49:37 GMT.
        h.insert(
            http::header::RETRY_AFTER,
            "Sun, 06 Nov 1994 08:49:47 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(10)));
        h.insert(
            http::header::RETRY_AFTER,
            "Sun, 06 Nov 1994 08:49:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&h, now), Some(Duration::ZERO));
        h.insert(http::header::RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&h, now), None);
    }
}
