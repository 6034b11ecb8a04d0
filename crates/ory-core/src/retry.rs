//! Retries and rate limits, for any transport.
//!
//! The decision (retry or not, and after how long) is pure: [`RetryPolicy::decide`] takes the
//! method, what the attempt produced, how many attempts were made, the time spent, the current
//! wall-clock time (for `Retry-After` dates) and a jitter value, and returns a [`Decision`]. It
//! reads no clock and draws no random number, so every rule is testable with a plain `#[test]`.
//!
//! Waiting is done by [`execute_with_retry`] (and [`execute_with_meta_and_retry`]), which needs
//! only a [`Sleep`]: any `Fn(Duration) -> impl Future<Output = ()>`, such as
//! `tokio::time::sleep`. `ory-core` itself depends on no runtime. A [`Client`](crate::Client)
//! carries a policy and a sleep with [`Client::with_retry`](crate::Client::with_retry).
//!
//! # What is retried
//!
//! | outcome | GET, HEAD, OPTIONS, TRACE, PUT, DELETE | POST, PATCH (and others) |
//! |---|---|---|
//! | connection failure ([`TransportErrorKind::Connect`]: nothing was sent) | retried | retried |
//! | 429 Too Many Requests (refused before any work) | retried | retried |
//! | timeout, I/O error (the server may have acted) | retried | **not** retried |
//! | 502, 503, 504 | retried | **not** retried |
//! | any other status, other transport errors (a refused TLS handshake, a body over the limit, invalid HTTP) | not retried | not retried |
//!
//! # How long to wait
//!
//! Exponential backoff: after attempt `n` the ceiling is `base_delay * 2^(n-1)`, capped by
//! `max_delay`, and [`Jitter`] picks a delay below that ceiling ([`Jitter::Equal`] by default:
//! between half the ceiling and the ceiling). When the server says how long to wait
//! (`Retry-After` in seconds or as an HTTP date, or `x-ratelimit-reset` on a 429), the delay is
//! at least that long. No delay ever exceeds `max_delay` or the time left in the total budget:
//! when the server asks for longer than either allows, the loop stops and returns the error
//! (whose [`Error::retry_after`] says what the server asked for) instead of retrying before the
//! server is ready. No attempt starts after the budget is spent.
//!
//! The final error records how many attempts were made ([`Error::attempts`]; its `Display` ends
//! with "after N attempts"). Rate-limit headers stay readable on the error
//! ([`Error::rate_limit`]) and on success ([`ResponseMeta::rate_limit`]).
//!
//! ```
//! use std::time::{Duration, SystemTime};
//! use http::{HeaderMap, Method, StatusCode};
//! use ory_core::retry::{Attempt, Decision, Outcome, RetryPolicy, Stop};
//!
//! let policy = RetryPolicy::default();
//! let mut headers = HeaderMap::new();
//! headers.insert("retry-after", "2".parse()?);
//! let outcome = Outcome::Response { status: StatusCode::TOO_MANY_REQUESTS, headers: &headers };
//!
//! // A 429 after the first attempt: wait what the server asked for.
//! let first = Attempt::new(&Method::POST, outcome, 1, Duration::ZERO, SystemTime::now(), 0.5);
//! assert_eq!(policy.decide(&first), Decision::Retry { after: Duration::from_secs(2) });
//!
//! // The same after the third: the attempts are used up.
//! let third = Attempt::new(&Method::POST, outcome, 3, Duration::ZERO, SystemTime::now(), 0.5);
//! assert_eq!(policy.decide(&third), Decision::Stop(Stop::AttemptsExhausted));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};

use crate::config::Config;
use crate::error::Error;
use crate::meta::{self, RateLimit, ResponseMeta};
use crate::operation::Operation;
use crate::transport::{HttpTransport, TransportError, TransportErrorKind};

/// How the random part of a backoff delay is drawn from the ceiling `c` of an attempt (see the
/// [module documentation](self)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Jitter {
    /// Uniform in `[c/2, c]`: keeps most of the backoff while spreading clients apart.
    #[default]
    Equal,
    /// Uniform in `[0, c]`: spreads clients furthest apart; some retries come almost at once.
    Full,
    /// Exactly `c`: deterministic, for tests and single clients.
    Off,
}

/// When and how often to retry; see the [module documentation](self) for the rules.
///
/// The default is 3 attempts in all, a 100 ms base delay, a 5 s maximum delay, a 30 s total
/// budget and [`Jitter::Equal`]. [`RetryPolicy::none`] turns retries off.
///
/// ```
/// use std::time::Duration;
/// use ory_core::retry::RetryPolicy;
///
/// let policy = RetryPolicy::default()
///     .with_max_attempts(5)
///     .with_base_delay(Duration::from_millis(200))
///     .with_max_delay(Duration::from_secs(10))
///     .with_budget(Duration::from_secs(60));
/// assert_eq!(policy.max_attempts(), 5);
/// assert_eq!(RetryPolicy::none().max_attempts(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    budget: Option<Duration>,
    jitter: Jitter,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(5),
            budget: Some(Duration::from_secs(30)),
            jitter: Jitter::Equal,
        }
    }
}

impl RetryPolicy {
    /// The default policy (3 attempts, 100 ms base, 5 s maximum delay, 30 s budget).
    pub fn new() -> Self {
        Self::default()
    }

    /// No retries: every call makes exactly one attempt.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The number of attempts in all, the first included (0 is taken as 1).
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// The delay ceiling after the first attempt; it doubles with every further attempt.
    pub fn with_base_delay(mut self, base_delay: Duration) -> Self {
        self.base_delay = base_delay;
        self
    }

    /// The longest single wait. A server asking for longer ends the retries.
    pub fn with_max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// The total time, from the start of the first attempt, after which no attempt starts.
    pub fn with_budget(mut self, budget: Duration) -> Self {
        self.budget = Some(budget);
        self
    }

    /// No total time limit: only the number of attempts bounds the retries.
    pub fn without_budget(mut self) -> Self {
        self.budget = None;
        self
    }

    /// How the random part of a delay is drawn.
    pub fn with_jitter(mut self, jitter: Jitter) -> Self {
        self.jitter = jitter;
        self
    }

    /// The number of attempts in all (at least 1).
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The delay ceiling after the first attempt.
    pub fn base_delay(&self) -> Duration {
        self.base_delay
    }

    /// The longest single wait.
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// The total time budget, if any.
    pub fn budget(&self) -> Option<Duration> {
        self.budget
    }

    /// The jitter mode.
    pub fn jitter(&self) -> Jitter {
        self.jitter
    }

    /// The backoff delay after attempt `attempt` (1-based), with `jitter` in `[0, 1]` (values
    /// outside are clamped, NaN is taken as 0). Ignores server hints and the budget; see
    /// [`RetryPolicy::decide`] for the whole rule.
    pub fn backoff(&self, attempt: u32, jitter: f64) -> Duration {
        let ceiling = 2u32
            .checked_pow(attempt.saturating_sub(1))
            .and_then(|factor| self.base_delay.checked_mul(factor))
            .unwrap_or(self.max_delay)
            .min(self.max_delay);
        let jitter = if jitter.is_nan() {
            0.0
        } else {
            jitter.clamp(0.0, 1.0)
        };
        match self.jitter {
            Jitter::Off => ceiling,
            Jitter::Full => scale(ceiling, jitter),
            Jitter::Equal => {
                let half = ceiling / 2;
                half + scale(ceiling - half, jitter)
            }
        }
    }

    /// Decides what to do after an attempt. Pure: the same input always gives the same answer.
    pub fn decide(&self, attempt: &Attempt<'_>) -> Decision {
        if !is_retryable(attempt.method, &attempt.outcome) {
            return Decision::Stop(Stop::Final);
        }
        if attempt.number >= self.max_attempts {
            return Decision::Stop(Stop::AttemptsExhausted);
        }
        let requested = attempt.outcome.server_delay(attempt.now);
        if let Some(requested) = requested {
            if requested > self.max_delay {
                return Decision::Stop(Stop::ServerDelayTooLong { requested });
            }
        }
        let backoff = self.backoff(attempt.number, attempt.jitter);
        let mut delay = requested.map_or(backoff, |r| r.max(backoff));
        if let Some(budget) = self.budget {
            let remaining = budget.saturating_sub(attempt.elapsed);
            if remaining.is_zero() {
                return Decision::Stop(Stop::BudgetExhausted);
            }
            if let Some(requested) = requested {
                if requested > remaining {
                    return Decision::Stop(Stop::BudgetExhausted);
                }
            }
            delay = delay.min(remaining);
        }
        Decision::Retry { after: delay }
    }
}

/// `d * factor` for `factor` in `[0, 1]`, never panicking.
fn scale(d: Duration, factor: f64) -> Duration {
    Duration::try_from_secs_f64(d.as_secs_f64() * factor)
        .unwrap_or(d)
        .min(d)
}

/// True for the idempotent methods (RFC 9110): GET, HEAD, OPTIONS, TRACE, PUT and DELETE. A
/// request with such a method may be sent again even if the server may have acted on it.
pub fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE | Method::PUT | Method::DELETE
    )
}

/// True when the outcome of a request with `method` may be retried (the table in the
/// [module documentation](self)), before counting attempts or time.
pub fn is_retryable(method: &Method, outcome: &Outcome<'_>) -> bool {
    match *outcome {
        Outcome::Transport(TransportErrorKind::Connect) => true,
        Outcome::Transport(TransportErrorKind::Timeout | TransportErrorKind::Io) => {
            is_idempotent(method)
        }
        Outcome::Transport(_) => false,
        Outcome::Response { status, .. } => match status.as_u16() {
            429 => true,
            502..=504 => is_idempotent(method),
            _ => false,
        },
    }
}

/// What an attempt produced, as the retry decision sees it.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Outcome<'a> {
    /// The transport failed; no response came back.
    Transport(TransportErrorKind),
    /// A response came back (any status, success included).
    Response {
        /// Its status.
        status: StatusCode,
        /// Its headers (`Retry-After`, `x-ratelimit-reset`).
        headers: &'a HeaderMap,
    },
}

impl<'a> Outcome<'a> {
    /// The outcome of a transport call.
    pub fn of(result: &'a Result<http::Response<Bytes>, TransportError>) -> Self {
        match result {
            Ok(response) => Outcome::Response {
                status: response.status(),
                headers: response.headers(),
            },
            Err(err) => Outcome::Transport(err.kind()),
        }
    }

    /// How long the server asked the client to wait, relative to `now`: `Retry-After` (seconds
    /// or an HTTP date) on any response, else `x-ratelimit-reset` on a 429.
    pub fn server_delay(&self, now: SystemTime) -> Option<Duration> {
        let Outcome::Response { status, headers } = *self else {
            return None;
        };
        meta::retry_after(headers, now).or_else(|| {
            if status == StatusCode::TOO_MANY_REQUESTS {
                RateLimit::from_headers(headers).and_then(|r| r.reset)
            } else {
                None
            }
        })
    }
}

/// Everything [`RetryPolicy::decide`] looks at.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Attempt<'a> {
    /// The request's method.
    pub method: &'a Method,
    /// What the attempt produced.
    pub outcome: Outcome<'a>,
    /// How many attempts have been made, this one included (1 after the first).
    pub number: u32,
    /// Time since the first attempt started, this attempt included.
    pub elapsed: Duration,
    /// The current wall-clock time, to read `Retry-After` dates.
    pub now: SystemTime,
    /// A uniform random value in `[0, 1]` for the jitter.
    pub jitter: f64,
}

impl<'a> Attempt<'a> {
    /// Collects the inputs of a decision.
    pub fn new(
        method: &'a Method,
        outcome: Outcome<'a>,
        number: u32,
        elapsed: Duration,
        now: SystemTime,
        jitter: f64,
    ) -> Self {
        Attempt {
            method,
            outcome,
            number,
            elapsed,
            now,
            jitter,
        }
    }
}

/// What to do after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Wait `after`, then send the request again.
    Retry {
        /// How long to wait.
        after: Duration,
    },
    /// Keep this outcome.
    Stop(Stop),
}

/// Why the retries stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Stop {
    /// The outcome is final: a success, or a failure that a retry cannot fix or that is not
    /// safe to repeat with this method.
    Final,
    /// The maximum number of attempts was made.
    AttemptsExhausted,
    /// The total budget is spent, or the server asked for a wait longer than what is left.
    BudgetExhausted,
    /// The server asked for a wait longer than the policy's maximum delay.
    ServerDelayTooLong {
        /// What the server asked for.
        requested: Duration,
    },
}

/// Waits for a while: the one thing the retry loop needs from a runtime.
///
/// Implemented for every `Fn(Duration) -> F` where `F` is a `Send` future, so
/// `tokio::time::sleep` works as it is:
///
/// ```
/// use std::time::Duration;
/// use ory_core::retry::Sleep;
///
/// fn takes_sleep(_: impl Sleep) {}
/// takes_sleep(tokio::time::sleep);
/// // A sleep that does not wait, for tests:
/// takes_sleep(|_: Duration| std::future::ready(()));
/// ```
pub trait Sleep: Send + Sync {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;
}

impl<F, Fut> Sleep for F
where
    F: Fn(Duration) -> Fut + Send + Sync,
    Fut: Future<Output = ()> + Send + 'static,
{
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(self(duration))
    }
}

/// Like [`operation::execute`](crate::operation::execute), retrying under `policy` and waiting
/// with `sleep`.
///
/// The request is built once and gets one `X-Request-ID`, kept on every attempt. The last
/// response is parsed by the operation; any error records how many attempts were made.
///
/// ```
/// use std::time::Duration;
/// use ory_core::testing::{MockTransport, ResponseBuilder};
/// use ory_core::{identity::DisableSession, retry, Config};
///
/// # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
/// let transport = MockTransport::new();
/// transport.push_response(ResponseBuilder::new(429).header("retry-after", "0").build());
/// transport.push_status(204);
/// let config = Config::new("http://127.0.0.1:4434")?;
/// let policy = retry::RetryPolicy::default().with_base_delay(Duration::from_millis(1));
///
/// retry::execute_with_retry(&transport, &config, &DisableSession::new("s-1"), &policy, &tokio::time::sleep)
///     .await?;
/// assert_eq!(transport.requests().len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # }).unwrap();
/// ```
pub async fn execute_with_retry<O, T, S>(
    transport: &T,
    config: &Config,
    operation: &O,
    policy: &RetryPolicy,
    sleep: &S,
) -> Result<O::Output, Error>
where
    O: Operation + ?Sized,
    T: HttpTransport + ?Sized,
    S: Sleep + ?Sized,
{
    retry_and_parse(transport, config, operation, policy, sleep, |op: &O, r| {
        op.parse_response(r)
    })
    .await
}

/// Like [`operation::execute_with_meta`](crate::operation::execute_with_meta), retrying under
/// `policy` and waiting with `sleep`. The metadata is that of the last response.
pub async fn execute_with_meta_and_retry<O, T, S>(
    transport: &T,
    config: &Config,
    operation: &O,
    policy: &RetryPolicy,
    sleep: &S,
) -> Result<(O::Output, ResponseMeta), Error>
where
    O: Operation + ?Sized,
    T: HttpTransport + ?Sized,
    S: Sleep + ?Sized,
{
    retry_and_parse(
        transport,
        config,
        operation,
        policy,
        sleep,
        crate::operation::parse_with_meta,
    )
    .await
}

/// The one body of [`execute_with_retry`] and [`execute_with_meta_and_retry`]: build once,
/// send with retries, turn the last response into `R` with `parse`, and finish any error with
/// the request id, the number of attempts and the secrets scrubbed.
async fn retry_and_parse<O, T, S, R>(
    transport: &T,
    config: &Config,
    operation: &O,
    policy: &RetryPolicy,
    sleep: &S,
    parse: impl FnOnce(&O, http::Response<Bytes>) -> Result<R, Error>,
) -> Result<R, Error>
where
    O: Operation + ?Sized,
    T: HttpTransport + ?Sized,
    S: Sleep + ?Sized,
{
    let request = operation.build_request(config)?;
    let sent = send_with_retry(transport, request, policy, sleep).await;
    let result = match sent.result {
        Ok(response) => parse(operation, response),
        Err(e) => Err(Error::from(e)),
    };
    result.map_err(|e| {
        crate::operation::finish_error(
            e.with_attempts(sent.attempts),
            Some(&sent.request_id),
            config,
        )
    })
}

/// The result of [`send_with_retry`].
#[derive(Debug)]
#[non_exhaustive]
pub struct Sent {
    /// The last attempt's result.
    pub result: Result<http::Response<Bytes>, TransportError>,
    /// How many attempts were made (at least 1).
    pub attempts: u32,
    /// The `X-Request-ID` sent with every attempt.
    pub request_id: String,
}

/// Sends `request` through `transport`, retrying under `policy` and waiting with `sleep`, and
/// returns the last attempt's result without interpreting it further. For requests built by
/// hand; operations use [`execute_with_retry`].
///
/// The request gets an `X-Request-ID` (unless it has one), the same on every attempt.
pub async fn send_with_retry<T, S>(
    transport: &T,
    mut request: http::Request<Bytes>,
    policy: &RetryPolicy,
    sleep: &S,
) -> Sent
where
    T: HttpTransport + ?Sized,
    S: Sleep + ?Sized,
{
    let request_id = crate::request_id::ensure(request.headers_mut())
        .to_str()
        .map(str::to_owned)
        .unwrap_or_default();
    let start = Instant::now();
    // The budget counts the clock's time, but never less than the waits asked for so far: a
    // sleep that returns early (or a test's fake sleep) still uses up budget.
    let mut at_least = Duration::ZERO;
    let mut number = 0u32;
    loop {
        number += 1;
        let result = transport.send(clone_request(&request)).await;
        let elapsed = start.elapsed().max(at_least);
        let attempt = Attempt::new(
            request.method(),
            Outcome::of(&result),
            number,
            elapsed,
            SystemTime::now(),
            fastrand::f64(),
        );
        match policy.decide(&attempt) {
            Decision::Retry { after } => {
                sleep.sleep(after).await;
                at_least = elapsed.saturating_add(after);
            }
            Decision::Stop(_) => {
                return Sent {
                    result,
                    attempts: number,
                    request_id,
                }
            }
        }
    }
}

/// Copies a request for one attempt: `http::Request` is not `Clone`, but its parts are, and
/// cloning the body `Bytes` only bumps a reference count.
fn clone_request(request: &http::Request<Bytes>) -> http::Request<Bytes> {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.version_mut() = request.version();
    *copy.headers_mut() = request.headers().clone();
    *copy.extensions_mut() = request.extensions().clone();
    copy
}

/// A policy plus the sleep that waits for it, as carried by a [`Client`](crate::Client).
pub(crate) struct ClientRetry {
    pub(crate) policy: RetryPolicy,
    pub(crate) sleep: Box<dyn Sleep>,
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::identity::DisableSession;
    use crate::testing::{MockTransport, ResponseBuilder};
    use crate::{Client, ErrorKind};

    const MS: Duration = Duration::from_millis(1);
    const S: Duration = Duration::from_secs(1);

    fn now() -> SystemTime {
        // Sun, 06 Nov 1994 08:49:37 GMT
        SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777)
    }

    fn deterministic() -> RetryPolicy {
        RetryPolicy::default().with_jitter(Jitter::Off)
    }

    fn decide(policy: &RetryPolicy, method: &Method, outcome: Outcome<'_>, n: u32) -> Decision {
        policy.decide(&Attempt::new(
            method,
            outcome,
            n,
            Duration::ZERO,
            now(),
            0.5,
        ))
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, v.parse().unwrap());
        }
        h
    }

    /// method x outcome x attempt -> decision, written out by hand. `R`: retried, `-`: final.
    #[test]
    fn decision_table() {
        let methods = [
            Method::GET,
            Method::HEAD,
            Method::OPTIONS,
            Method::PUT,
            Method::DELETE,
            Method::POST,
            Method::PATCH,
        ];
        let empty = HeaderMap::new();
        let status = |code: u16| Outcome::Response {
            status: StatusCode::from_u16(code).unwrap(),
            headers: &empty,
        };
        let table: &[(&str, Outcome<'_>, &str)] = &[
            //                                                    GET HEAD OPT PUT DEL POST PATCH
            (
                "connect",
                Outcome::Transport(TransportErrorKind::Connect),
                "R R R R R R R",
            ),
            (
                "timeout",
                Outcome::Transport(TransportErrorKind::Timeout),
                "R R R R R - -",
            ),
            (
                "io",
                Outcome::Transport(TransportErrorKind::Io),
                "R R R R R - -",
            ),
            (
                "tls",
                Outcome::Transport(TransportErrorKind::Tls),
                "- - - - - - -",
            ),
            (
                "too large",
                Outcome::Transport(TransportErrorKind::BodyTooLarge),
                "- - - - - - -",
            ),
            (
                "protocol",
                Outcome::Transport(TransportErrorKind::Protocol),
                "- - - - - - -",
            ),
            (
                "other",
                Outcome::Transport(TransportErrorKind::Other),
                "- - - - - - -",
            ),
            ("200", status(200), "- - - - - - -"),
            ("201", status(201), "- - - - - - -"),
            ("204", status(204), "- - - - - - -"),
            ("307", status(307), "- - - - - - -"),
            ("400", status(400), "- - - - - - -"),
            ("401", status(401), "- - - - - - -"),
            ("403", status(403), "- - - - - - -"),
            ("404", status(404), "- - - - - - -"),
            ("408", status(408), "- - - - - - -"),
            ("409", status(409), "- - - - - - -"),
            ("429", status(429), "R R R R R R R"),
            ("500", status(500), "- - - - - - -"),
            ("501", status(501), "- - - - - - -"),
            ("502", status(502), "R R R R R - -"),
            ("503", status(503), "R R R R R - -"),
            ("504", status(504), "R R R R R - -"),
            ("505", status(505), "- - - - - - -"),
            ("599", status(599), "- - - - - - -"),
        ];
        let policy = deterministic().with_max_attempts(3);
        let mut checked = 0;
        for (name, outcome, row) in table {
            let row: Vec<&str> = row.split(' ').collect();
            assert_eq!(row.len(), methods.len(), "{name}");
            for (method, expected) in methods.iter().zip(row) {
                assert_eq!(
                    is_retryable(method, outcome),
                    expected == "R",
                    "{method} {name}"
                );
                for (n, delay) in [(1, 100 * MS), (2, 200 * MS), (3, Duration::ZERO)] {
                    let want = match (expected, n) {
                        ("-", _) => Decision::Stop(Stop::Final),
                        (_, 3) => Decision::Stop(Stop::AttemptsExhausted),
                        _ => Decision::Retry { after: delay },
                    };
                    assert_eq!(
                        decide(&policy, method, *outcome, n),
                        want,
                        "{method} {name} attempt {n}"
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 25 * 7 * 3);
    }

    #[test]
    fn idempotent_methods() {
        for m in ["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"] {
            assert!(is_idempotent(&m.parse().unwrap()), "{m}");
        }
        for m in ["POST", "PATCH", "CONNECT", "PURGE"] {
            assert!(!is_idempotent(&m.parse().unwrap()), "{m}");
        }
    }

    #[test]
    fn none_never_retries_and_zero_attempts_means_one() {
        let connect = Outcome::Transport(TransportErrorKind::Connect);
        for policy in [
            RetryPolicy::none(),
            RetryPolicy::default().with_max_attempts(0),
        ] {
            assert_eq!(policy.max_attempts(), 1);
            assert_eq!(
                decide(&policy, &Method::GET, connect, 1),
                Decision::Stop(Stop::AttemptsExhausted)
            );
        }
    }

    #[test]
    fn defaults() {
        let p = RetryPolicy::new();
        assert_eq!(p.max_attempts(), 3);
        assert_eq!(p.base_delay(), 100 * MS);
        assert_eq!(p.max_delay(), 5 * S);
        assert_eq!(p.budget(), Some(30 * S));
        assert_eq!(p.jitter(), Jitter::Equal);
        assert_eq!(p.without_budget().budget(), None);
    }

    #[test]
    fn backoff_doubles_up_to_the_maximum() {
        let p = deterministic().with_max_delay(S);
        let delays: Vec<_> = (1..=6).map(|n| p.backoff(n, 0.5)).collect();
        assert_eq!(
            delays,
            [100 * MS, 200 * MS, 400 * MS, 800 * MS, S, S],
            "{delays:?}"
        );
        // No overflow, however many attempts or however large the base.
        assert_eq!(p.backoff(u32::MAX, 0.5), S);
        let huge = deterministic()
            .with_base_delay(Duration::MAX)
            .with_max_delay(Duration::MAX);
        assert_eq!(huge.backoff(40, 1.0), Duration::MAX);
        let full = huge.clone().with_jitter(Jitter::Full);
        assert!(full.backoff(40, 1.0) <= Duration::MAX);
        assert_eq!(p.backoff(0, 0.5), 100 * MS);
    }

    #[test]
    fn jitter_modes() {
        let full = RetryPolicy::default().with_jitter(Jitter::Full);
        assert_eq!(full.backoff(2, 0.0), Duration::ZERO);
        assert_eq!(full.backoff(2, 0.25), 50 * MS);
        assert_eq!(full.backoff(2, 1.0), 200 * MS);
        let equal = RetryPolicy::default().with_jitter(Jitter::Equal);
        assert_eq!(equal.backoff(2, 0.0), 100 * MS);
        assert_eq!(equal.backoff(2, 0.5), 150 * MS);
        assert_eq!(equal.backoff(2, 1.0), 200 * MS);
        // Out-of-range jitter is clamped, NaN is zero.
        assert_eq!(equal.backoff(2, 7.0), 200 * MS);
        assert_eq!(equal.backoff(2, -1.0), 100 * MS);
        assert_eq!(full.backoff(2, f64::NAN), Duration::ZERO);
        assert_eq!(full.backoff(2, f64::INFINITY), 200 * MS);
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let p = deterministic();
        let h = headers(&[("retry-after", "2")]);
        let r429 = Outcome::Response {
            status: StatusCode::TOO_MANY_REQUESTS,
            headers: &h,
        };
        assert_eq!(
            decide(&p, &Method::POST, r429, 1),
            Decision::Retry { after: 2 * S }
        );
        // A server delay shorter than the backoff does not shorten it.
        let h = headers(&[("retry-after", "0")]);
        let r503 = Outcome::Response {
            status: StatusCode::SERVICE_UNAVAILABLE,
            headers: &h,
        };
        assert_eq!(
            decide(&p, &Method::GET, r503, 2),
            Decision::Retry { after: 200 * MS }
        );
        // An HTTP date, 3 s after `now`.
        let h = headers(&[("retry-after", "Sun, 06 Nov 1994 08:49:40 GMT")]);
        let r503 = Outcome::Response {
            status: StatusCode::SERVICE_UNAVAILABLE,
            headers: &h,
        };
        assert_eq!(
            decide(&p, &Method::DELETE, r503, 1),
            Decision::Retry { after: 3 * S }
        );
        // Retry-After does not make an unsafe retry safe.
        assert_eq!(
            decide(&p, &Method::POST, r503, 1),
            Decision::Stop(Stop::Final)
        );
        // Garbage is ignored: plain backoff.
        let h = headers(&[("retry-after", "soon")]);
        let r503 = Outcome::Response {
            status: StatusCode::SERVICE_UNAVAILABLE,
            headers: &h,
        };
        assert_eq!(
            decide(&p, &Method::GET, r503, 1),
            Decision::Retry { after: 100 * MS }
        );
    }

    #[test]
    fn ratelimit_reset_on_429_only() {
        let p = deterministic();
        let h = headers(&[
            ("x-ratelimit-limit", "10, 10;w=1, 300;w=60"),
            ("x-ratelimit-remaining", "0"),
            ("x-ratelimit-reset", "4"),
        ]);
        let r429 = Outcome::Response {
            status: StatusCode::TOO_MANY_REQUESTS,
            headers: &h,
        };
        assert_eq!(r429.server_delay(now()), Some(4 * S));
        assert_eq!(
            decide(&p, &Method::PATCH, r429, 1),
            Decision::Retry { after: 4 * S }
        );
        let r503 = Outcome::Response {
            status: StatusCode::SERVICE_UNAVAILABLE,
            headers: &h,
        };
        assert_eq!(r503.server_delay(now()), None);
        assert_eq!(
            decide(&p, &Method::GET, r503, 1),
            Decision::Retry { after: 100 * MS }
        );
        // Retry-After wins over the reset.
        let h = headers(&[("x-ratelimit-reset", "4"), ("retry-after", "1")]);
        let r429 = Outcome::Response {
            status: StatusCode::TOO_MANY_REQUESTS,
            headers: &h,
        };
        assert_eq!(r429.server_delay(now()), Some(S));
        assert_eq!(
            Outcome::Transport(TransportErrorKind::Connect).server_delay(now()),
            None
        );
    }

    #[test]
    fn server_delay_beyond_max_delay_or_budget_stops() {
        let h = headers(&[("retry-after", "20")]);
        let r429 = Outcome::Response {
            status: StatusCode::TOO_MANY_REQUESTS,
            headers: &h,
        };
        let p = deterministic();
        assert_eq!(
            decide(&p, &Method::GET, r429, 1),
            Decision::Stop(Stop::ServerDelayTooLong { requested: 20 * S })
        );
        let p = deterministic().with_max_delay(60 * S).with_budget(10 * S);
        assert_eq!(
            decide(&p, &Method::GET, r429, 1),
            Decision::Stop(Stop::BudgetExhausted)
        );
        // Within the budget once enough of it is left...
        let p = p.with_budget(25 * S);
        let at = |elapsed| Attempt::new(&Method::GET, r429, 1, elapsed, now(), 0.5);
        assert_eq!(p.decide(&at(4 * S)), Decision::Retry { after: 20 * S });
        // ...but not after 6 s were spent.
        assert_eq!(p.decide(&at(6 * S)), Decision::Stop(Stop::BudgetExhausted));
        // Without a budget, only the maximum delay limits it.
        let p = p.without_budget();
        assert_eq!(p.decide(&at(1000 * S)), Decision::Retry { after: 20 * S });
    }

    #[test]
    fn backoff_is_capped_by_the_remaining_budget() {
        let p = deterministic().with_budget(S);
        let connect = Outcome::Transport(TransportErrorKind::Connect);
        let at = |elapsed| Attempt::new(&Method::POST, connect, 1, elapsed, now(), 0.5);
        assert_eq!(
            p.decide(&at(Duration::ZERO)),
            Decision::Retry { after: 100 * MS }
        );
        assert_eq!(p.decide(&at(950 * MS)), Decision::Retry { after: 50 * MS });
        assert_eq!(p.decide(&at(S)), Decision::Stop(Stop::BudgetExhausted));
        assert_eq!(p.decide(&at(2 * S)), Decision::Stop(Stop::BudgetExhausted));
        // A final outcome is final, whatever the budget.
        let timeout = Outcome::Transport(TransportErrorKind::Timeout);
        assert_eq!(
            p.decide(&Attempt::new(&Method::POST, timeout, 1, 2 * S, now(), 0.5)),
            Decision::Stop(Stop::Final)
        );
    }

    // ---- the loop ----

    /// A sleep that records what it was asked to wait and returns at once.
    fn recording_sleep() -> (Arc<Mutex<Vec<Duration>>>, impl Sleep + Clone + 'static) {
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&log);
        let sleep = move |d: Duration| {
            sink.lock().unwrap().push(d);
            std::future::ready(())
        };
        (log, sleep)
    }

    fn config() -> Config {
        Config::builder("https://p.projects.oryapis.com")
            .api_key("ory_apikey_x")
            .build()
            .unwrap()
    }

    fn block_on<F: Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    /// A POST with a JSON body, answered with its status.
    struct Create;

    impl Operation for Create {
        type Output = u16;

        fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
            crate::operation::json_body(
                crate::operation::request(config, Method::POST, "/admin/identities"),
                &serde_json::json!({"schema_id": "default", "traits": {"email": "a@b.c"}}),
            )
        }

        fn parse_response(&self, response: http::Response<Bytes>) -> Result<u16, Error> {
            if response.status().is_success() {
                Ok(response.status().as_u16())
            } else {
                Err(Error::from_response(response))
            }
        }
    }

    fn transport_error(kind: TransportErrorKind) -> TransportError {
        TransportError::new(kind)
    }

    #[test]
    fn retries_a_429_after_retry_after_then_succeeds() {
        let transport = MockTransport::new();
        transport
            .push_response(
                ResponseBuilder::ory_error(429, "rate_limited", "slow down")
                    .header("retry-after", "1")
                    .build(),
            )
            .push_status(204);
        let (sleeps, sleep) = recording_sleep();
        let op = DisableSession::new("s-1");
        block_on(execute_with_retry(
            &transport,
            &config(),
            &op,
            &RetryPolicy::default(),
            &sleep,
        ))
        .unwrap();
        assert_eq!(*sleeps.lock().unwrap(), [S]);
        assert_eq!(transport.requests().len(), 2);
    }

    #[test]
    fn a_run_of_503s_exhausts_the_attempts() {
        let transport = MockTransport::new();
        for _ in 0..5 {
            transport.push_response(
                ResponseBuilder::new(503)
                    .header("content-type", "text/html")
                    .header("x-ratelimit-remaining", "7")
                    .body("<h1>503 Service Unavailable</h1>")
                    .build(),
            );
        }
        let (sleeps, sleep) = recording_sleep();
        let policy = deterministic().with_max_attempts(4);
        let err = block_on(execute_with_retry(
            &transport,
            &config(),
            &DisableSession::new("s-1"),
            &policy,
            &sleep,
        ))
        .unwrap_err();
        assert_eq!(err.attempts(), 4);
        assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
        assert!(matches!(err.kind(), ErrorKind::UnexpectedResponse(_)));
        assert!(err.to_string().ends_with("after 4 attempts)"), "{err}");
        assert_eq!(err.rate_limit().unwrap().remaining, Some(7));
        assert_eq!(*sleeps.lock().unwrap(), [100 * MS, 200 * MS, 400 * MS]);
        assert_eq!(transport.requests().len(), 4);
        assert_eq!(transport.remaining(), 1);
    }

    #[test]
    fn post_is_not_retried_on_503_or_timeout() {
        for first in [
            Ok(ResponseBuilder::new(503).build()),
            Ok(ResponseBuilder::new(502).build()),
            Err(transport_error(TransportErrorKind::Timeout)),
            Err(transport_error(TransportErrorKind::Io)),
        ] {
            let transport = MockTransport::new();
            let label = format!("{first:?}");
            match first {
                Ok(r) => transport.push_response(r),
                Err(e) => transport.push_error(e),
            };
            transport.push_status(201);
            let (sleeps, sleep) = recording_sleep();
            let err = block_on(execute_with_retry(
                &transport,
                &config(),
                &Create,
                &RetryPolicy::default(),
                &sleep,
            ))
            .unwrap_err();
            assert_eq!(err.attempts(), 1, "{label}");
            assert!(sleeps.lock().unwrap().is_empty(), "{label}");
            assert_eq!(transport.requests().len(), 1, "{label}");
            assert!(!err.to_string().contains("attempts"), "{err}");
        }
    }

    #[test]
    fn post_is_retried_on_connect_error_and_429() {
        let transport = MockTransport::new();
        transport
            .push_error(transport_error(TransportErrorKind::Connect))
            .push_response(
                ResponseBuilder::new(429)
                    .header("x-ratelimit-reset", "2")
                    .build(),
            )
            .push_status(201);
        let (sleeps, sleep) = recording_sleep();
        let created = block_on(execute_with_retry(
            &transport,
            &config(),
            &Create,
            &deterministic(),
            &sleep,
        ))
        .unwrap();
        assert_eq!(created, 201);
        assert_eq!(*sleeps.lock().unwrap(), [100 * MS, 2 * S]);
        let requests = transport.requests();
        assert_eq!(requests.len(), 3);
        for r in &requests {
            assert_eq!(r.method(), Method::POST);
            assert_eq!(r.body(), requests[0].body());
            assert_eq!(r.headers(), requests[0].headers());
        }
        assert!(!requests[0].body().is_empty());
    }

    #[test]
    fn request_id_is_the_same_on_every_attempt() {
        let transport = MockTransport::new();
        transport
            .push_error(transport_error(TransportErrorKind::Connect))
            .push_error(transport_error(TransportErrorKind::Timeout))
            .push_status(503);
        let (_, sleep) = recording_sleep();
        let err = block_on(execute_with_retry(
            &transport,
            &config(),
            &DisableSession::new("s-1"),
            &RetryPolicy::default(),
            &sleep,
        ))
        .unwrap_err();
        let ids: Vec<_> = transport
            .requests()
            .iter()
            .map(|r| r.headers()[crate::meta::X_REQUEST_ID].clone())
            .collect();
        assert_eq!(ids.len(), 3);
        assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
        assert_eq!(err.request_id(), Some(ids[0].to_str().unwrap()));
        assert_eq!(err.attempts(), 3);
    }

    #[test]
    fn the_budget_stops_a_long_retry_after() {
        let transport = MockTransport::new();
        transport
            .push_response(
                ResponseBuilder::new(429)
                    .header("retry-after", "120")
                    .build(),
            )
            .push_status(204);
        let (sleeps, sleep) = recording_sleep();
        let policy = RetryPolicy::default().with_max_delay(300 * S);
        let err = block_on(execute_with_retry(
            &transport,
            &config(),
            &DisableSession::new("s-1"),
            &policy,
            &sleep,
        ))
        .unwrap_err();
        assert!(err.is_rate_limited());
        assert_eq!(err.attempts(), 1);
        assert_eq!(err.retry_after(), Some(120 * S));
        assert!(sleeps.lock().unwrap().is_empty());
        assert_eq!(transport.remaining(), 1);
    }

    #[test]
    fn requested_waits_use_up_the_budget() {
        let transport = MockTransport::new();
        for _ in 0..20 {
            transport.push_error(transport_error(TransportErrorKind::Connect));
        }
        let (sleeps, sleep) = recording_sleep();
        let policy = deterministic()
            .with_max_attempts(20)
            .with_budget(250 * MS)
            .with_max_delay(S);
        let err = block_on(execute_with_retry(
            &transport,
            &config(),
            &DisableSession::new("s-1"),
            &policy,
            &sleep,
        ))
        .unwrap_err();
        let sleeps = sleeps.lock().unwrap().clone();
        assert!(err.is_connect());
        assert_eq!(sleeps[0], 100 * MS);
        assert!(sleeps.iter().sum::<Duration>() <= 250 * MS, "{sleeps:?}");
        assert_eq!(err.attempts() as usize, sleeps.len() + 1);
        assert!(err.attempts() < 20, "{err}");
    }

    #[test]
    fn build_errors_send_nothing() {
        let transport = MockTransport::new();
        let (sleeps, sleep) = recording_sleep();
        let err = block_on(execute_with_retry(
            &transport,
            &config(),
            &DisableSession::new(".."),
            &RetryPolicy::default(),
            &sleep,
        ))
        .unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Build(_)));
        assert_eq!(err.attempts(), 1);
        assert!(transport.requests().is_empty());
        assert!(sleeps.lock().unwrap().is_empty());
    }

    #[test]
    fn meta_comes_from_the_last_response() {
        let transport = MockTransport::new();
        transport
            .push_response(
                ResponseBuilder::new(429)
                    .header("x-ratelimit-remaining", "0")
                    .header("x-ratelimit-reset", "1")
                    .build(),
            )
            .push_response(
                ResponseBuilder::new(201)
                    .header("x-ratelimit-limit", "10, 10;w=1")
                    .header("x-ratelimit-remaining", "9")
                    .header("x-ratelimit-reset", "1")
                    .build(),
            );
        let (_, sleep) = recording_sleep();
        let (created, meta) = block_on(execute_with_meta_and_retry(
            &transport,
            &config(),
            &Create,
            &RetryPolicy::default(),
            &sleep,
        ))
        .unwrap();
        assert_eq!(created, 201);
        let rl = meta.rate_limit().unwrap();
        assert_eq!(
            (rl.limit, rl.remaining, rl.reset),
            (Some(10), Some(9), Some(S))
        );
    }

    #[test]
    fn decode_errors_after_a_retry_count_the_attempts() {
        struct Get;
        impl Operation for Get {
            type Output = serde_json::Map<String, serde_json::Value>;
            fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
                crate::operation::empty_body(crate::operation::request(
                    config,
                    Method::GET,
                    "/admin/identities/x",
                ))
            }
            fn parse_response(
                &self,
                response: http::Response<Bytes>,
            ) -> Result<Self::Output, Error> {
                crate::operation::parse_json(response)
            }
        }
        let transport = MockTransport::new();
        transport
            .push_status(504)
            .push_response(ResponseBuilder::new(200).body("[1]").build());
        let (_, sleep) = recording_sleep();
        let err = block_on(execute_with_retry(
            &transport,
            &config(),
            &Get,
            &RetryPolicy::default(),
            &sleep,
        ))
        .unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Decode(_)));
        assert_eq!(err.attempts(), 2);
        assert!(err.request_id().is_some());
    }

    #[test]
    fn send_with_retry_keeps_a_callers_request_id() {
        let transport = MockTransport::new();
        transport.push_status(503).push_status(200);
        let (_, sleep) = recording_sleep();
        let request = http::Request::builder()
            .method(Method::HEAD)
            .uri("http://127.0.0.1:4434/health/ready")
            .header("x-request-id", "mine")
            .body(Bytes::new())
            .unwrap();
        let sent = block_on(send_with_retry(
            &transport,
            request,
            &RetryPolicy::default(),
            &sleep,
        ));
        assert_eq!(sent.attempts, 2);
        assert_eq!(sent.request_id, "mine");
        assert_eq!(sent.result.unwrap().status(), 200);
        for r in transport.requests() {
            assert_eq!(r.headers()["x-request-id"], "mine");
            assert_eq!(r.uri(), "http://127.0.0.1:4434/health/ready");
        }
    }

    #[test]
    fn client_retries_only_when_asked() {
        let transport = Arc::new(MockTransport::new());
        transport.push_status(503).push_status(204);
        let plain = Client::new(config(), Arc::clone(&transport));
        assert!(plain.retry_policy().is_none());
        let err = block_on(plain.disable_session("s-1")).unwrap_err();
        assert_eq!(err.attempts(), 1);
        assert_eq!(transport.remaining(), 1);

        // Queue: [204]. A retrying view of the same client and transport.
        let (sleeps, sleep) = recording_sleep();
        let retrying = plain.clone().with_retry(deterministic(), sleep);
        assert_eq!(retrying.retry_policy(), Some(&deterministic()));
        block_on(retrying.disable_session("s-1")).unwrap();
        assert!(sleeps.lock().unwrap().is_empty());
        assert_eq!(transport.remaining(), 0);
        transport.push_status(503).push_status(204);
        let (_, meta) = block_on(retrying.execute_with_meta(&DisableSession::new("s-1"))).unwrap();
        assert_eq!(meta.status(), StatusCode::NO_CONTENT);
        assert_eq!(*sleeps.lock().unwrap(), [100 * MS]);
        // Clones keep the policy; without_retry drops it.
        assert!(retrying.clone().retry_policy().is_some());
        assert!(retrying.clone().without_retry().retry_policy().is_none());
        assert!(format!("{retrying:?}").contains("max_attempts: 3"));
        assert!(!format!("{retrying:?}").contains("ory_apikey_x"));
    }

    #[test]
    fn client_futures_are_send() {
        fn assert_send<F: Future + Send>(_: F) {}
        let (_, sleep) = recording_sleep();
        let client =
            Client::new(config(), MockTransport::new()).with_retry(RetryPolicy::default(), sleep);
        assert_send(client.disable_session("s"));
        assert_send(client.execute_with_meta(&Create));
        let policy = RetryPolicy::default();
        let sleep = |_: Duration| std::future::ready(());
        let transport = MockTransport::new();
        assert_send(execute_with_retry(
            &transport,
            &config(),
            &Create,
            &policy,
            &sleep,
        ));
        let dyn_sleep: &dyn Sleep = &sleep;
        assert_send(execute_with_retry(
            &transport,
            &config(),
            &Create,
            &policy,
            dyn_sleep,
        ));
    }
}
