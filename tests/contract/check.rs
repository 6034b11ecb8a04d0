//! The conformance check: a request conforms when Prism answers the expected status, sends no
//! `sl-violations` header, and the harness's own spec check ([`Spec::analyze`]) finds nothing.
//!
//! [`Spec::analyze`]: super::spec::Spec::analyze

use std::fmt;

use bytes::Bytes;
use serde_json::Value;

use super::spec::Sent;

/// The response header in which Prism lists a request's violations (a JSON array).
pub const VIOLATIONS_HEADER: &str = "sl-violations";

/// One entry of Prism's `sl-violations` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Where, e.g. `request.query.page_size`.
    pub location: String,
    /// `Error` or `Warning`.
    pub severity: String,
    /// A status (`401`, `415`) or a JSON-schema keyword (`type`, `required`).
    pub code: String,
    /// Prism's explanation.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at {} [{}]: {}",
            self.severity, self.location, self.code, self.message
        )
    }
}

/// Why an exchange does not conform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Prism answered another status than the expected one.
    Status {
        /// What the case expects.
        expected: u16,
        /// What Prism answered.
        got: u16,
    },
    /// Prism reported a violation.
    Violation(Violation),
    /// The `sl-violations` header was present but not the JSON Prism sends.
    UnreadableViolations(String),
    /// No response: connection failure or time-out.
    Transport(String),
    /// The method and path match no identity operation of the spec.
    NoOperation {
        /// The request's method.
        method: String,
        /// The request's path.
        path: String,
    },
    /// A query parameter or body field the operation does not declare (Prism lets these
    /// through; Kratos rejects unknown body fields).
    Undeclared {
        /// The matched operation.
        operation: String,
        /// `query:name` or `body:name`.
        item: String,
    },
    /// A body on an operation that declares none.
    UnexpectedBody {
        /// The matched operation.
        operation: String,
    },
    /// A body that is not JSON.
    BodyNotJson(String),
}

impl Problem {
    /// True for problems Prism reported (a violation), as opposed to a wrong status, a
    /// transport failure or the harness's own findings.
    pub fn is_violation(&self) -> bool {
        matches!(
            self,
            Problem::Violation(_) | Problem::UnreadableViolations(_)
        )
    }

    /// True for findings about the request's conformance, Prism's or the harness's own; false
    /// for a wrong status or a missing response, which are failures of another kind.
    pub fn counts_as_violation(&self) -> bool {
        !matches!(self, Problem::Status { .. } | Problem::Transport(_))
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Status { expected, got } => {
                write!(f, "Prism answered {got}, expected {expected}")
            }
            Problem::Violation(v) => write!(f, "Prism violation: {v}"),
            Problem::UnreadableViolations(raw) => {
                write!(f, "unreadable {VIOLATIONS_HEADER} header: {raw}")
            }
            Problem::Transport(e) => write!(f, "no response: {e}"),
            Problem::NoOperation { method, path } => {
                write!(
                    f,
                    "{method} {path} matches no identity operation of the spec"
                )
            }
            Problem::Undeclared { operation, item } => {
                write!(f, "{operation} does not declare `{item}`")
            }
            Problem::UnexpectedBody { operation } => {
                write!(f, "{operation} declares no request body but one was sent")
            }
            Problem::BodyNotJson(e) => write!(f, "request body is not JSON: {e}"),
        }
    }
}

/// Parses Prism's `sl-violations` header; no header means no violations.
pub fn violations(headers: &http::HeaderMap) -> Result<Vec<Violation>, String> {
    let Some(raw) = headers.get(VIOLATIONS_HEADER) else {
        return Ok(Vec::new());
    };
    let text = raw.to_str().map_err(|_| format!("{:?}", raw.as_bytes()))?;
    let list: Vec<Value> = serde_json::from_str(text).map_err(|e| format!("{text} ({e})"))?;
    let text_of = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    Ok(list
        .iter()
        .map(|v| Violation {
            location: v["location"]
                .as_array()
                .map(|parts| parts.iter().map(text_of).collect::<Vec<_>>().join("."))
                .unwrap_or_else(|| text_of(&v["location"])),
            severity: text_of(&v["severity"]),
            code: text_of(&v["code"]),
            message: text_of(&v["message"]),
        })
        .collect())
}

/// The response half of the check: the expected status and no `sl-violations`.
pub fn check_response(expected: u16, response: &http::Response<Bytes>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let got = response.status().as_u16();
    if got != expected {
        problems.push(Problem::Status { expected, got });
    }
    match violations(response.headers()) {
        Ok(list) => problems.extend(list.into_iter().map(Problem::Violation)),
        Err(raw) => problems.push(Problem::UnreadableViolations(raw)),
    }
    problems
}

/// The outcome of one checked exchange.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// What the request sent, when it matched an operation.
    pub sent: Option<Sent>,
    /// Everything wrong with the exchange; empty when it conforms.
    pub problems: Vec<Problem>,
}

impl Verdict {
    /// True when nothing is wrong.
    pub fn conforms(&self) -> bool {
        self.problems.is_empty()
    }

    /// The problems, one per line, for a failure message.
    pub fn describe(&self) -> String {
        self.problems
            .iter()
            .map(|p| format!("    - {p}"))
            .collect::<Vec<_>>()
            .join("\n")
    }
}
