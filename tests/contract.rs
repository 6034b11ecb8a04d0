//! Contract tests: requests built by `ory-core` conform to Ory's official OpenAPI specs, and
//! `ory-core` parses whatever those specs allow the server to answer.
//!
//! Each spec (Ory Network 1.22.65, Kratos 26.2.0) gets one test function that starts its own
//! Prism mock server (pinned in `tools/prism`), runs every case of the table in
//! `contract/cases.rs` and every negative control of `contract/negative.rs`, prints a summary
//! and fails with the list of everything that went wrong. Prism is killed when the function
//! returns or panics. Requests go through `ory_hyper::HyperTransport`, the transport users
//! run, with a time limit per request.
//!
//! `scripts/test.sh` installs Prism and sets `ORY_CONTRACT_TESTS=required`, which makes a
//! missing Node or Prism a failure. A plain `cargo test` without Prism skips these tests with a
//! notice.

#[path = "contract/cases.rs"]
mod cases;
#[path = "contract/check.rs"]
mod check;
#[path = "contract/negative.rs"]
mod negative;
#[path = "contract/prism.rs"]
mod prism;
#[path = "contract/spec.rs"]
mod spec;
#[path = "contract/transport.rs"]
mod transport;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::HeaderValue;
use ory_core::{Config, ErrorKind, HttpTransport};

use cases::{cases, Case};
use check::{check_response, Problem, Verdict};
use negative::{controls, Catcher};
use ory_hyper::HyperTransport;
use prism::{Installation, PrismServer, Requirement};
use spec::{Spec, SpecKind};
use transport::transport;

/// Random answers parsed per documented 2xx status of each operation.
const RANDOM_PER_STATUS: usize = 50;
/// Answers per forced error status: the spec's example, then random ones.
const FORCED_PER_STATUS: usize = 5;
/// The time limit of every request.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
/// The time limit for the control Prism never answers.
const HANG_TIMEOUT: Duration = Duration::from_secs(2);
/// The bearer key sent to Prism.
const API_KEY: &str = "ory_apikey_contract_test";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ory_network_spec() {
    run(SpecKind::Network).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kratos_spec() {
    run(SpecKind::Kratos).await;
}

/// Writes to the real stderr, past libtest's capture, so the summary and skip notices show in
/// every run, not only in failing ones.
fn notice(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}

/// Node and Prism, or `None` after a skip notice when they are missing and not required.
fn installation(what: &str) -> Option<Installation> {
    let requirement = Requirement::from_env();
    match prism::locate() {
        Ok(install) => Some(install),
        Err(why) => match requirement {
            Requirement::Required => panic!(
                "contract tests ({what}) cannot run: {why}.\n{} is `required`: install Node.js \
                 20+ and run `npm ci --ignore-scripts` in tools/prism (scripts/test.sh does it)",
                prism::ENV_REQUIRED
            ),
            Requirement::Optional => {
                notice(&format!(
                    "\nSKIPPED contract tests ({what}): {why}.\n  To run them: `bash \
                     scripts/test.sh` (needs Node.js 20+; installs Prism into tools/prism and \
                     makes these tests required).\n\n"
                ));
                None
            }
        },
    }
}

async fn run(kind: SpecKind) {
    let spec = Spec::load(kind);
    let Some(install) = installation(kind.name()) else {
        return;
    };
    let mut server = PrismServer::start(&install, &kind.path(), kind.name())
        .await
        .unwrap_or_else(|e| panic!("cannot start Prism for {}: {e}", kind.name()));

    let table = cases();
    let started = Instant::now();
    let mut run = Run::new(&spec, &server);
    run.cases(&table).await;
    run.controls().await;
    run.require_coverage();
    if !server.is_running() {
        run.fail(
            format!("Prism (pid {}) died during the run", server.pid()),
            format!("    log: {}", server.log_path().display()),
        );
    }
    notice(&run.summary(&install, &server, started.elapsed()));

    let failures = &run.failures;
    assert!(
        failures.is_empty(),
        "{} contract failure(s) against {} (Prism log: {}):\n{}",
        failures.len(),
        kind.file_name(),
        server.log_path().display(),
        failures
            .iter()
            .take(40)
            .map(|f| format!("  * {f}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    drop(server); // explicit: Prism is killed here (or by unwinding on a failure above)
}

/// Sends `request` and checks the exchange: the spec check on the request, then the expected
/// status and Prism's violations on the response.
async fn exchange(
    spec: &Spec,
    transport: &HyperTransport,
    request: http::Request<Bytes>,
    expected: u16,
) -> (Verdict, Option<http::Response<Bytes>>) {
    let (sent, mut problems) = spec.analyze(&request);
    let response = match transport.send(request).await {
        Ok(response) => {
            problems.extend(check_response(expected, &response));
            Some(response)
        }
        Err(e) => {
            problems.push(Problem::Transport(e.to_string()));
            None
        }
    };
    (Verdict { sent, problems }, response)
}

fn with_prefer(mut request: http::Request<Bytes>, prefer: &str) -> http::Request<Bytes> {
    let value = HeaderValue::from_str(prefer).expect("a valid Prefer header");
    request.headers_mut().insert("prefer", value);
    request
}

#[derive(Default)]
struct Stats {
    requests: usize,
    cases: usize,
    cases_conforming: usize,
    random_parsed: usize,
    examples_parsed: usize,
    errors_forced: usize,
    violations: usize,
    controls: usize,
    controls_caught: usize,
}

struct Run<'a> {
    spec: &'a Spec,
    config: Config,
    /// The same without an API key, for [`Case::keyless`] cases.
    keyless_config: Config,
    transport: HyperTransport,
    stats: Stats,
    /// Per operation: the parameters and top-level body fields at least one case sent.
    coverage: BTreeMap<String, BTreeSet<String>>,
    /// Per operation: the nested body fields at least one case sent.
    nested_coverage: BTreeMap<String, BTreeSet<String>>,
    /// The operations at least one case called without an API key.
    keyless: BTreeSet<String>,
    /// Per operation: the error statuses forced.
    forced: BTreeMap<String, Vec<u16>>,
    failures: Vec<Failure>,
}

/// A failure; repeats of the same headline (50 random answers failing alike) are counted, and
/// the first one's detail is kept.
struct Failure {
    headline: String,
    detail: String,
    count: usize,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.headline)?;
        if self.count > 1 {
            write!(f, " ({} times; the first:)", self.count)?;
        }
        if !self.detail.is_empty() {
            write!(f, "\n{}", self.detail)?;
        }
        Ok(())
    }
}

impl<'a> Run<'a> {
    fn new(spec: &'a Spec, server: &PrismServer) -> Run<'a> {
        let config = Config::builder(server.base_url())
            .api_key(API_KEY)
            .build()
            .expect("a valid configuration for Prism");
        let keyless_config =
            Config::new(&server.base_url()).expect("a valid keyless configuration for Prism");
        Run {
            spec,
            config,
            keyless_config,
            transport: transport(REQUEST_TIMEOUT),
            stats: Stats::default(),
            coverage: BTreeMap::new(),
            nested_coverage: BTreeMap::new(),
            keyless: BTreeSet::new(),
            forced: BTreeMap::new(),
            failures: Vec::new(),
        }
    }

    fn fail(&mut self, headline: String, detail: String) {
        let headline = format!("[{}] {headline}", self.spec.kind.name());
        match self.failures.iter_mut().find(|f| f.headline == headline) {
            Some(failure) => failure.count += 1,
            None => self.failures.push(Failure {
                headline,
                detail,
                count: 1,
            }),
        }
    }

    /// One checked exchange; counts it and its violations, records a failure when it does not
    /// conform.
    async fn checked(
        &mut self,
        what: &str,
        request: http::Request<Bytes>,
        expected: u16,
    ) -> (Verdict, Option<http::Response<Bytes>>) {
        let (verdict, response) = exchange(self.spec, &self.transport, request, expected).await;
        self.stats.requests += 1;
        self.stats.violations += verdict
            .problems
            .iter()
            .filter(|p| p.counts_as_violation())
            .count();
        if !verdict.conforms() {
            self.fail(format!("{what}: not conforming"), verdict.describe());
        }
        (verdict, response)
    }

    fn build(&mut self, case: &Case, what: &str) -> Option<http::Request<Bytes>> {
        let config = if case.keyless {
            &self.keyless_config
        } else {
            &self.config
        };
        match case.operation.build(config) {
            Ok(request) => Some(request),
            Err(e) => {
                self.fail(format!("{what}: build_request failed"), format!("    {e}"));
                None
            }
        }
    }

    async fn cases(&mut self, table: &[Case]) {
        let mine: Vec<&Case> = table
            .iter()
            .filter(|c| c.specs.includes(self.spec.kind))
            .collect();
        // Operations in table order, each with its cases.
        let mut by_operation: Vec<(&str, Vec<&Case>)> = Vec::new();
        for case in &mine {
            match by_operation
                .iter_mut()
                .find(|(id, _)| *id == case.operation_id)
            {
                Some((_, list)) => list.push(case),
                None => by_operation.push((case.operation_id, vec![case])),
            }
        }
        for (operation_id, list) in by_operation {
            let Some(op) = self.spec.operations.get(operation_id).cloned() else {
                self.fail(
                    format!(
                        "{operation_id}: not an identity operation of {}; restrict its cases \
                         with .only(Specs::...)",
                        self.spec.kind.file_name()
                    ),
                    String::new(),
                );
                continue;
            };
            for case in &list {
                self.case(case, &op).await;
            }
            self.random_answers(&op, &list).await;
            self.forced_errors(&op, &list).await;
        }
    }

    /// The request as built, then the spec's example answer.
    async fn case(&mut self, case: &Case, op: &spec::SpecOperation) {
        let what = format!("{} ({})", case.operation_id, case.label);
        self.stats.cases += 1;
        if !op.success.contains(&case.success) {
            self.fail(
                format!(
                    "{what}: expects {}, which the spec does not document (2xx: {:?})",
                    case.success, op.success
                ),
                String::new(),
            );
        }
        if case.keyless {
            if op.auth {
                self.fail(
                    format!("{what}: sent without an API key, but the spec requires one"),
                    String::new(),
                );
            }
            self.keyless.insert(op.id.clone());
        }
        let Some(mut request) = self.build(case, &what) else {
            return;
        };
        if let Some(prefer) = case.prefer {
            request = with_prefer(request, prefer);
        }
        let (verdict, response) = self.checked(&what, request, case.success).await;
        if verdict.conforms() {
            self.stats.cases_conforming += 1;
        }
        match &verdict.sent {
            Some(sent) if sent.operation_id != case.operation_id => self.fail(
                format!(
                    "{what}: the request is {} in the spec, not {}",
                    sent.operation_id, case.operation_id
                ),
                String::new(),
            ),
            Some(sent) => {
                let declared: BTreeSet<String> =
                    case.sends.iter().map(|s| (*s).to_owned()).collect();
                if sent.items != declared {
                    self.fail(
                        format!("{what}: the request does not send what `sends` lists"),
                        format!("    sent:   {:?}\n    listed: {:?}", sent.items, declared),
                    );
                }
                self.coverage
                    .entry(sent.operation_id.clone())
                    .or_default()
                    .extend(sent.items.iter().cloned());
                self.nested_coverage
                    .entry(sent.operation_id.clone())
                    .or_default()
                    .extend(sent.nested.iter().cloned());
            }
            None => {}
        }
        if let Some(response) = response.filter(|r| r.status().as_u16() == case.success) {
            if self.parse_success(case, &what, response) {
                self.stats.random_parsed += 1;
            }
        }

        let Some(request) = self.build(case, &what) else {
            return;
        };
        let what = format!("{what}, spec example");
        let prefer = match case.prefer {
            Some(prefer) => format!("{prefer}, dynamic=false"),
            None => "dynamic=false".to_owned(),
        };
        let request = with_prefer(request, &prefer);
        let (_, response) = self.checked(&what, request, case.success).await;
        if let Some(response) = response.filter(|r| r.status().as_u16() == case.success) {
            if self.parse_success(case, &what, response) {
                self.stats.examples_parsed += 1;
            }
        }
    }

    fn parse_success(&mut self, case: &Case, what: &str, response: http::Response<Bytes>) -> bool {
        let body = response.body().clone();
        match case.operation.parse(response) {
            Ok(()) => true,
            Err(e) => {
                self.fail(
                    format!("{what}: parse_response failed"),
                    format!("    error: {e}\n    body:  {}", excerpt(&body)),
                );
                false
            }
        }
    }

    /// `RANDOM_PER_STATUS` random answers for every documented 2xx status, cycling through
    /// the operation's cases.
    async fn random_answers(&mut self, op: &spec::SpecOperation, list: &[&Case]) {
        for &status in &op.success {
            for i in 0..RANDOM_PER_STATUS {
                let case = list[i % list.len()];
                let what = format!("{} ({}), random {status}", case.operation_id, case.label);
                let Some(request) = self.build(case, &what) else {
                    return;
                };
                let request = with_prefer(request, &format!("code={status}"));
                let (_, response) = self.checked(&what, request, status).await;
                if let Some(response) = response.filter(|r| r.status().as_u16() == status) {
                    if self.parse_success(case, &what, response) {
                        self.stats.random_parsed += 1;
                    }
                }
            }
        }
    }

    /// Every documented error status (500 standing for `default`), the spec's example first,
    /// then random bodies: each must parse as `ErrorKind::Api` with that status.
    async fn forced_errors(&mut self, op: &spec::SpecOperation, list: &[&Case]) {
        for &status in &op.errors {
            for i in 0..FORCED_PER_STATUS {
                let case = list[i % list.len()];
                let dynamic = i > 0;
                let what = format!(
                    "{} ({}), forced {status} ({})",
                    case.operation_id,
                    case.label,
                    if dynamic { "random" } else { "spec example" }
                );
                let Some(request) = self.build(case, &what) else {
                    return;
                };
                let prefer = if dynamic {
                    format!("code={status}")
                } else {
                    format!("code={status}, dynamic=false")
                };
                let (_, response) = self
                    .checked(&what, with_prefer(request, &prefer), status)
                    .await;
                let Some(response) = response.filter(|r| r.status().as_u16() == status) else {
                    continue;
                };
                let body = response.body().clone();
                match case.operation.parse(response) {
                    Err(e) => match e.kind() {
                        ErrorKind::Api(api) if api.status().as_u16() == status => {
                            self.stats.errors_forced += 1;
                        }
                        _ => self.fail(
                            format!("{what}: not ErrorKind::Api with status {status}"),
                            format!("    error: {e} ({e:?})\n    body:  {}", excerpt(&body)),
                        ),
                    },
                    Ok(()) => self.fail(
                        format!("{what}: parsed as success"),
                        format!("    body:  {}", excerpt(&body)),
                    ),
                }
            }
            self.forced.entry(op.id.clone()).or_default().push(status);
        }
    }

    /// Every operation, parameter and body field (nested ones included) of the spec must have
    /// been sent by at least one case, so a builder that stops sending a nested field fails
    /// the run instead of lowering a count.
    fn require_coverage(&mut self) {
        let mut missing = Vec::new();
        for (id, op) in &self.spec.operations {
            let Some(sent) = self.coverage.get(id) else {
                missing.push(format!("{id} (no case)"));
                continue;
            };
            let nested = self.nested_coverage.get(id);
            for item in op.items.iter().filter(|i| !sent.contains(*i)) {
                missing.push(format!("{id}.{item}"));
            }
            for item in op
                .nested
                .iter()
                .filter(|i| !nested.is_some_and(|n| n.contains(*i)))
            {
                missing.push(format!("{id}.{item}"));
            }
        }
        if !missing.is_empty() {
            self.fail(
                format!("{} declared item(s) never sent by any case", missing.len()),
                format!("    {}", missing.join("\n    ")),
            );
        }
    }

    /// Every negative control must come out non-conforming, caught where expected.
    async fn controls(&mut self) {
        let hang_transport = transport(HANG_TIMEOUT);
        for control in controls() {
            if !control.specs.includes(self.spec.kind) {
                continue;
            }
            self.stats.controls += 1;
            let request = (control.build)(&self.config);
            let transport = match control.caught_by {
                Catcher::Timeout => &hang_transport,
                Catcher::Prism | Catcher::Harness => &self.transport,
            };
            let (verdict, response) =
                exchange(self.spec, transport, request, control.expected).await;
            self.stats.requests += 1;
            let prism_flagged = verdict.problems.iter().any(Problem::is_violation)
                || response
                    .as_ref()
                    .is_some_and(|r| r.status().is_client_error());
            let caught = !verdict.conforms()
                && match control.caught_by {
                    Catcher::Prism => prism_flagged,
                    Catcher::Harness => verdict.problems.iter().any(|p| {
                        matches!(
                            p,
                            Problem::Undeclared { .. } | Problem::UnexpectedBody { .. }
                        )
                    }),
                    Catcher::Timeout => verdict
                        .problems
                        .iter()
                        .any(|p| matches!(p, Problem::Transport(_))),
                };
            if caught {
                self.stats.controls_caught += 1;
            } else {
                self.fail(
                    format!(
                        "negative control `{}` was not caught by {:?} (status {:?})",
                        control.name,
                        control.caught_by,
                        response.as_ref().map(|r| r.status().as_u16()),
                    ),
                    verdict.describe(),
                );
            }
        }
    }

    fn summary(&self, install: &Installation, server: &PrismServer, took: Duration) -> String {
        let spec = self.spec;
        let s = &self.stats;
        let covered: Vec<&String> = self.coverage.keys().collect();
        let missing: Vec<&String> = spec
            .operations
            .keys()
            .filter(|id| !self.coverage.contains_key(*id))
            .collect();
        // Over every operation of the spec, covered or not.
        let tally = |declared: fn(&spec::SpecOperation) -> &BTreeSet<String>,
                     sent: &BTreeMap<String, BTreeSet<String>>| {
            let (mut total, mut hit, mut never) = (0, 0, Vec::new());
            for (id, op) in &spec.operations {
                for item in declared(op) {
                    total += 1;
                    if sent.get(id).is_some_and(|s| s.contains(item)) {
                        hit += 1;
                    } else {
                        never.push(format!("{id}.{item}"));
                    }
                }
            }
            (total, hit, never)
        };
        let (items_total, items_covered, uncovered_items) = tally(|op| &op.items, &self.coverage);
        let (nested_total, nested_covered, uncovered_nested) =
            tally(|op| &op.nested, &self.nested_coverage);
        let keyless_ops: Vec<&String> = spec
            .operations
            .values()
            .filter(|op| !op.auth)
            .map(|op| &op.id)
            .collect();
        let keyless_sent: Vec<&String> = self.keyless.iter().collect();
        let join = |v: &[&String]| {
            if v.is_empty() {
                "-".to_owned()
            } else {
                v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            }
        };
        let forced: Vec<String> = self
            .forced
            .iter()
            .map(|(id, statuses)| {
                let list: Vec<String> = statuses.iter().map(u16::to_string).collect();
                format!("{id}: {}", list.join(" "))
            })
            .collect();
        let mut out = String::new();
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "==== contract summary: {} ({}) ====",
            spec.kind.name(),
            spec.kind.file_name(),
        );
        let _ = writeln!(
            out,
            "prism                {} on node {}, pid {}, {} --dynamic, answered after {:.1} s",
            install.version,
            install.node_version,
            server.pid(),
            server.base_url(),
            server.started_in().as_secs_f64()
        );
        let _ = writeln!(
            out,
            "transport            ory_hyper::HyperTransport, {} s per request",
            REQUEST_TIMEOUT.as_secs()
        );
        let _ = writeln!(
            out,
            "cases                {} run, {} conforming",
            s.cases, s.cases_conforming
        );
        let _ = writeln!(
            out,
            "operations covered   {}/{}: {}",
            covered.len(),
            spec.operations.len(),
            join(&covered)
        );
        let _ = writeln!(out, "  not yet covered    {}", join(&missing));
        let _ = writeln!(
            out,
            "parameters covered   {items_covered}/{items_total} (every path/query parameter and top-level body field of the {} operations)",
            spec.operations.len()
        );
        if !uncovered_items.is_empty() {
            let _ = writeln!(out, "  never sent         {}", uncovered_items.join(", "));
        }
        let _ = writeln!(
            out,
            "nested body fields   {nested_covered}/{nested_total} (credentials, addresses, batch patch items; declared, checked and counted at every depth)"
        );
        if !uncovered_nested.is_empty() {
            let _ = writeln!(out, "  never sent         {}", uncovered_nested.join(", "));
        }
        let _ = writeln!(
            out,
            "  not counted        below {} (caller JSON in ory-core); inside traits, metadata and patch values (free-form in the spec)",
            spec::OPAQUE.join(", ")
        );
        let _ = writeln!(
            out,
            "without an API key   {} sent keyless (the spec requires no key for: {})",
            join(&keyless_sent),
            join(&keyless_ops)
        );
        let _ = writeln!(
            out,
            "random responses     {} parsed ({RANDOM_PER_STATUS} per documented 2xx status per operation, plus each case's own)",
            s.random_parsed
        );
        let _ = writeln!(out, "spec examples        {} parsed", s.examples_parsed);
        let _ = writeln!(
            out,
            "error statuses       {} answers parsed as ErrorKind::Api with the forced status",
            s.errors_forced,
        );
        let _ = writeln!(
            out,
            "  forced             {}",
            if forced.is_empty() {
                "-".to_owned()
            } else {
                forced.join("; ")
            }
        );
        let _ = writeln!(
            out,
            "negative controls    {}/{} caught",
            s.controls_caught, s.controls
        );
        let _ = writeln!(
            out,
            "requests sent        {} in {:.1} s",
            s.requests,
            took.as_secs_f64()
        );
        let _ = writeln!(out, "violations found     {} (must be 0)", s.violations);
        let _ = writeln!(out, "failures             {}", self.failures.len());
        let _ = writeln!(out, "====");
        out
    }
}

fn excerpt(body: &Bytes) -> String {
    let text = String::from_utf8_lossy(body);
    if text.chars().count() > 600 {
        format!("{}...", text.chars().take(600).collect::<String>())
    } else {
        text.into_owned()
    }
}

/// If the port we picked is taken, Prism exits after loading the spec, while a probe may
/// already have reached the other server. Startup must report the port as taken, not succeed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prism_startup_detects_a_taken_port() {
    use hyper::service::service_fn;
    use hyper_util::rt::TokioIo;

    let kind = SpecKind::Kratos;
    let _ = Spec::load(kind);
    let Some(install) = installation("taken port") else {
        return;
    };
    // Another HTTP server on the port, answering every request.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let other = tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let service = service_fn(|_req| async {
                    Ok::<_, std::convert::Infallible>(http::Response::new(
                        http_body_util::Full::new(Bytes::from_static(b"not prism")),
                    ))
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    let result = PrismServer::start_on(&install, &kind.path(), "taken-port", port).await;
    other.abort();
    match result {
        Err(prism::Startup::PortTaken) => {}
        Err(prism::Startup::Failed(why)) => panic!("expected PortTaken, got: {why}"),
        Ok(server) => panic!(
            "startup succeeded on a port another server holds (pid {})",
            server.pid()
        ),
    }
}

// ---- The checking functions on their own, no Prism needed ----

fn response(status: u16, violations: Option<&str>) -> http::Response<Bytes> {
    let mut builder = http::Response::builder().status(status);
    if let Some(v) = violations {
        builder = builder.header(check::VIOLATIONS_HEADER, v);
    }
    builder.body(Bytes::new()).unwrap()
}

#[test]
fn check_accepts_the_expected_status_without_violations() {
    assert!(check_response(204, &response(204, None)).is_empty());
}

#[test]
fn check_rejects_another_status() {
    assert_eq!(
        check_response(204, &response(200, None)),
        vec![Problem::Status {
            expected: 204,
            got: 200
        }]
    );
}

#[test]
fn check_reports_each_prism_violation() {
    let header = r#"[{"location":["request","query","page_size"],"severity":"Error","code":"type","message":"Request query parameter page_size must be integer"},{"location":["request"],"severity":"Error","code":401,"message":"Invalid security scheme used"}]"#;
    let problems = check_response(200, &response(200, Some(header)));
    assert_eq!(problems.len(), 2, "{problems:?}");
    let Problem::Violation(first) = &problems[0] else {
        panic!("{problems:?}")
    };
    assert_eq!(first.location, "request.query.page_size");
    assert_eq!(first.code, "type");
    let Problem::Violation(second) = &problems[1] else {
        panic!("{problems:?}")
    };
    assert_eq!(second.code, "401");
    assert!(problems.iter().all(Problem::is_violation));
}

#[test]
fn check_treats_an_unreadable_violation_header_as_a_violation() {
    let problems = check_response(204, &response(204, Some("not json")));
    assert!(
        matches!(problems.as_slice(), [Problem::UnreadableViolations(_)]),
        "{problems:?}"
    );
}

fn spec_request(method: &str, uri: &str, body: &'static str) -> http::Request<Bytes> {
    http::Request::builder()
        .method(method)
        .uri(uri)
        .body(Bytes::from_static(body.as_bytes()))
        .unwrap()
}

#[test]
fn spec_check_on_both_specs() {
    for kind in [SpecKind::Network, SpecKind::Kratos] {
        let spec = Spec::load(kind);
        let op = &spec.operations["disableSession"];
        assert_eq!(op.errors, vec![400, 401, 500], "{kind:?}");
        assert_eq!(op.success, vec![204], "{kind:?}");

        let request = ory_core::Operation::build_request(
            &ory_core::identity::DisableSession::new("a/b"),
            &Config::new("http://127.0.0.1:9").unwrap(),
        )
        .unwrap();
        let (sent, problems) = spec.analyze(&request);
        assert!(problems.is_empty(), "{problems:?}");
        let sent = sent.unwrap();
        assert_eq!(sent.operation_id, "disableSession");
        assert_eq!(sent.items, BTreeSet::from(["path:id".to_owned()]));

        let (_, problems) = spec.analyze(&spec_request(
            "DELETE",
            "http://h/admin/sessions/x?session_id=1",
            "",
        ));
        assert!(
            matches!(problems.as_slice(), [Problem::Undeclared { item, .. }] if item == "query:session_id"),
            "{problems:?}"
        );

        let (_, problems) =
            spec.analyze(&spec_request("DELETE", "http://h/admin/sessions/x", "{}"));
        assert!(
            matches!(problems.as_slice(), [Problem::UnexpectedBody { .. }]),
            "{problems:?}"
        );

        let (sent, problems) = spec.analyze(&spec_request(
            "POST",
            "http://h/admin/identities",
            r#"{"schema_id":"s","traits":{},"schemaId":"s"}"#,
        ));
        assert_eq!(sent.unwrap().operation_id, "createIdentity");
        assert!(
            matches!(problems.as_slice(), [Problem::Undeclared { item, .. }] if item == "body:schemaId"),
            "{problems:?}"
        );

        // A JSON Patch document: the fields of its items count.
        let (sent, problems) = spec.analyze(&spec_request(
            "PATCH",
            "http://h/admin/identities/x",
            r#"[{"op":"replace","path":"/state","value":"inactive"}]"#,
        ));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            sent.unwrap().items,
            BTreeSet::from(["path:id", "body:op", "body:path", "body:value"].map(str::to_owned))
        );

        // The most literal template wins over `/admin/identities/{id}/...`.
        let (sent, _) = spec.analyze(&spec_request(
            "GET",
            "http://h/admin/identities/by/external/e1",
            "",
        ));
        assert_eq!(sent.unwrap().operation_id, "getIdentityByExternalID");

        let (sent, problems) = spec.analyze(&spec_request("GET", "http://h/admin/nothing", ""));
        assert!(sent.is_none());
        assert!(
            matches!(problems.as_slice(), [Problem::NoOperation { .. }]),
            "{problems:?}"
        );
    }
}

#[test]
fn spec_counts_identity_operations() {
    assert_eq!(Spec::load(SpecKind::Network).operations.len(), 21);
    assert_eq!(Spec::load(SpecKind::Kratos).operations.len(), 19);
}

#[test]
fn spec_check_nested_body_fields() {
    let set =
        |items: &[&str]| -> BTreeSet<String> { items.iter().map(|s| (*s).to_owned()).collect() };
    for kind in [SpecKind::Network, SpecKind::Kratos] {
        let spec = Spec::load(kind);
        let create = &spec.operations["createIdentity"];
        assert!(create
            .nested
            .contains("body:credentials.oidc.config.providers[].use_auto_link"));
        assert!(create
            .nested
            .contains("body:verifiable_addresses[].verified_at"));
        assert!(!create.nested.iter().any(|f| f.starts_with("body:traits.")));
        let batch = &spec.operations["batchPatchIdentities"];
        assert!(batch.nested.contains("body:identities[].patch_id"));
        assert!(batch
            .nested
            .contains("body:identities[].create.credentials.password.config.hashed_password"));

        // Declared nested fields are reported; free-form traits are not looked into.
        let (sent, problems) = spec.analyze(&spec_request(
            "POST",
            "http://h/admin/identities",
            r#"{"schema_id":"s","traits":{"any":{"thing":1}},
                "credentials":{"password":{"config":{"password":"p"}}},
                "verifiable_addresses":[{"value":"a@b.c","verified":false,"via":"email","status":"sent"}]}"#,
        ));
        assert!(problems.is_empty(), "{kind:?}: {problems:?}");
        let sent = sent.unwrap();
        assert_eq!(
            sent.items,
            set(&[
                "body:schema_id",
                "body:traits",
                "body:credentials",
                "body:verifiable_addresses"
            ])
        );
        assert_eq!(
            sent.nested,
            set(&[
                "body:credentials.password",
                "body:credentials.password.config",
                "body:credentials.password.config.password",
                "body:verifiable_addresses[].value",
                "body:verifiable_addresses[].verified",
                "body:verifiable_addresses[].via",
                "body:verifiable_addresses[].status",
            ])
        );

        // A misspelt nested field, at any depth, is undeclared.
        let (_, problems) = spec.analyze(&spec_request(
            "POST",
            "http://h/admin/identities",
            r#"{"schema_id":"s","traits":{},"credentials":{"password":{"config":{"pasword":"p"}}}}"#,
        ));
        assert!(
            matches!(problems.as_slice(), [Problem::Undeclared { item, .. }]
                if item == "body:credentials.password.config.pasword"),
            "{kind:?}: {problems:?}"
        );
        let (_, problems) = spec.analyze(&spec_request(
            "PATCH",
            "http://h/admin/identities",
            r#"{"identities":[{"patch_id":"x","create":{"schema_id":"s","traits":{},"schemaId":"s"}}]}"#,
        ));
        assert!(
            matches!(problems.as_slice(), [Problem::Undeclared { item, .. }]
                if item == "body:identities[].create.schemaId"),
            "{kind:?}: {problems:?}"
        );

        // WebAuthn configuration: caller JSON below `config` on Ory Network, undeclared on
        // Kratos.
        let (sent, problems) = spec.analyze(&spec_request(
            "POST",
            "http://h/admin/identities",
            r#"{"schema_id":"s","traits":{},"credentials":{"webauthn":{"config":{"anything":[1]}}}}"#,
        ));
        match kind {
            SpecKind::Network => {
                assert!(problems.is_empty(), "{problems:?}");
                assert_eq!(
                    sent.unwrap().nested,
                    set(&[
                        "body:credentials.webauthn",
                        "body:credentials.webauthn.config"
                    ])
                );
                assert!(!create
                    .nested
                    .iter()
                    .any(|f| f.starts_with("body:credentials.webauthn.config.")));
            }
            SpecKind::Kratos => assert!(
                matches!(problems.as_slice(), [Problem::Undeclared { item, .. }]
                    if item == "body:credentials.webauthn"),
                "{problems:?}"
            ),
        }
    }
}
