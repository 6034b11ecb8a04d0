//! Finding, starting and stopping the pinned Prism mock server (`tools/prism`).
//!
//! Prism runs as a plain `node .../prism-cli/dist/index.js mock ...` child, so the pid we hold
//! is Prism's own (`--multiprocess` is off by default, so it forks nothing). The guard kills it
//! on drop, including while a failing test unwinds. For the cases a destructor cannot cover
//! (the test binary killed by a CI timeout) Prism gets a pipe as its standard input and a
//! preloaded script, `tools/prism/exit-with-parent.cjs`, that exits when the pipe closes, which
//! the kernel does when this process ends in any way.

use std::fs::File;
use std::io::Read;
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use bytes::Bytes;
use ory_core::HttpTransport;

use super::transport::transport;

/// The environment variable that decides what a missing Node or Prism means.
pub const ENV_REQUIRED: &str = "ORY_CONTRACT_TESTS";

/// How long Prism may take to answer after it was started (it needs 2-4 s on an idle machine;
/// the bound is generous because CI shares two cores with the compiler).
const STARTUP_BOUND: Duration = Duration::from_secs(120);
/// Start attempts: a new port each time, in case another process took the one we picked.
const START_ATTEMPTS: u32 = 3;

/// The repository root (the root package's manifest directory).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What a missing Node or Prism means for this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// `ORY_CONTRACT_TESTS=required` (set by `scripts/test.sh`): missing tools fail the tests.
    Required,
    /// Unset: missing tools skip the contract tests with a notice.
    Optional,
}

impl Requirement {
    /// Reads [`ENV_REQUIRED`]. An unknown value is an error rather than a silent skip, so a typo
    /// such as `require` cannot turn the contract tests off.
    pub fn from_env() -> Requirement {
        match std::env::var(ENV_REQUIRED) {
            Err(std::env::VarError::NotPresent) => Requirement::Optional,
            Ok(v) if v.is_empty() || v == "optional" => Requirement::Optional,
            Ok(v) if v == "required" => Requirement::Required,
            Ok(v) => panic!("{ENV_REQUIRED}={v:?} is not understood: use `required` or `optional`"),
            Err(e) => panic!("{ENV_REQUIRED} is unreadable: {e}"),
        }
    }
}

/// A usable Node and Prism installation.
#[derive(Debug, Clone)]
pub struct Installation {
    /// Node's executable (`node` on `PATH`).
    pub node: PathBuf,
    /// `node --version`.
    pub node_version: String,
    /// Prism's CLI entry point.
    pub entry: PathBuf,
    /// `tools/prism/exit-with-parent.cjs`.
    pub preload: PathBuf,
    /// Prism's installed version.
    pub version: String,
}

/// Finds Node and the Prism installed in `tools/prism`. `Err` says what is missing and how to
/// install it. An installed Prism of another version than the pinned one panics: that is a
/// stale install, not a missing one, and must not pass as a skip.
pub fn locate() -> Result<Installation, String> {
    let tools = repo_root().join("tools").join("prism");
    let pinned = pinned_version(&tools);
    let node = PathBuf::from("node");
    let node_version = match Command::new(&node).arg("--version").output() {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        Ok(out) => {
            return Err(format!(
                "`node --version` failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
        Err(e) => return Err(format!("Node.js was not found on PATH ({e})")),
    };
    let package = tools.join("node_modules/@stoplight/prism-cli");
    let entry = package.join("dist/index.js");
    if !entry.is_file() {
        return Err(format!(
            "Prism is not installed ({} is missing)",
            entry.display()
        ));
    }
    let version = read_json(&package.join("package.json"))
        .get("version")
        .and_then(|v| v.as_str())
        .unwrap_or("?")
        .to_owned();
    assert_eq!(
        version, pinned,
        "tools/prism has Prism {version} installed but package.json pins {pinned}: \
         run `npm ci --ignore-scripts` in tools/prism (scripts/test.sh does it)"
    );
    Ok(Installation {
        node,
        node_version,
        entry,
        preload: tools.join("exit-with-parent.cjs"),
        version,
    })
}

/// The version `tools/prism/package.json` pins.
fn pinned_version(tools: &Path) -> String {
    read_json(&tools.join("package.json"))
        .pointer("/dependencies/@stoplight~1prism-cli")
        .and_then(|v| v.as_str())
        .unwrap_or_else(|| panic!("tools/prism/package.json does not pin @stoplight/prism-cli"))
        .to_owned()
}

fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// A running Prism. Dropping it kills the process and reaps it.
pub struct PrismServer {
    child: Child,
    port: u16,
    log: PathBuf,
    started_in: Duration,
}

impl PrismServer {
    /// Starts `prism mock -d` (dynamic responses; a request can still ask for the spec's
    /// examples with `Prefer: dynamic=false`) for `spec` on a free loopback port, and waits
    /// until it answers. `name` names the log file in Cargo's test temp directory.
    pub async fn start(
        install: &Installation,
        spec: &Path,
        name: &str,
    ) -> Result<PrismServer, String> {
        let mut last = String::new();
        for attempt in 1..=START_ATTEMPTS {
            let port = free_port()?;
            match PrismServer::start_on(install, spec, name, port).await {
                Ok(server) => return Ok(server),
                Err(Startup::PortTaken) => {
                    last = format!("port {port} was taken (attempt {attempt})");
                }
                Err(Startup::Failed(why)) => return Err(why),
            }
        }
        Err(format!(
            "Prism could not get a port in {START_ATTEMPTS} attempts: {last}"
        ))
    }

    /// Starts Prism on `port` and waits until it answers. On failure nothing is left running.
    pub async fn start_on(
        install: &Installation,
        spec: &Path,
        name: &str,
        port: u16,
    ) -> Result<PrismServer, Startup> {
        let log = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("prism-{name}.log"));
        let out = File::create(&log)
            .map_err(|e| Startup::Failed(format!("cannot create {}: {e}", log.display())))?;
        let err = out
            .try_clone()
            .map_err(|e| Startup::Failed(format!("cannot share {}: {e}", log.display())))?;
        let started = Instant::now();
        let child = Command::new(&install.node)
            .arg("--require")
            .arg(&install.preload)
            .arg(&install.entry)
            .args(["mock", "--dynamic", "--host", "127.0.0.1", "--port"])
            .arg(port.to_string())
            .arg("--cors=false")
            .arg(spec)
            // Never written to: its closing tells Prism that we are gone.
            .stdin(Stdio::piped())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| {
                Startup::Failed(format!("cannot start {}: {e}", install.node.display()))
            })?;
        let mut server = PrismServer {
            child,
            port,
            log,
            started_in: Duration::ZERO,
        };
        // On an error `server` drops here, which kills the process.
        server.wait_ready(started).await?;
        server.started_in = started.elapsed();
        Ok(server)
    }

    /// Polls until our own process says it listens on our port and an HTTP request to that
    /// port gets an answer, then checks the process is still alive. The log line matters: if
    /// the port had been taken, Prism exits after loading the spec, and a probe made before
    /// then would reach the other server.
    async fn wait_ready(&mut self, started: Instant) -> Result<(), Startup> {
        let listening = format!("Prism is listening on http://127.0.0.1:{}", self.port);
        let probe = transport(Duration::from_secs(5));
        loop {
            if let Some(status) = self
                .child
                .try_wait()
                .map_err(|e| Startup::Failed(format!("cannot query Prism's process: {e}")))?
            {
                let log = self.log_text();
                if log.contains("EADDRINUSE") {
                    return Err(Startup::PortTaken);
                }
                return Err(Startup::Failed(format!(
                    "Prism exited during startup ({status}); log {}:\n{}",
                    self.log.display(),
                    tail(&log, 40)
                )));
            }
            if self.log_text().contains(&listening) {
                let request = http::Request::get(format!("{}/__ory_rs_probe", self.base_url()))
                    .body(Bytes::new())
                    .expect("static probe request");
                if probe.send(request).await.is_ok() {
                    return match self.child.try_wait() {
                        Ok(None) => Ok(()),
                        Ok(Some(status)) => Err(Startup::Failed(format!(
                            "Prism answered and then exited ({status}); log:\n{}",
                            tail(&self.log_text(), 40)
                        ))),
                        Err(e) => Err(Startup::Failed(format!(
                            "cannot query Prism's process: {e}"
                        ))),
                    };
                }
            }
            if started.elapsed() > STARTUP_BOUND {
                return Err(Startup::Failed(format!(
                    "Prism did not answer within {STARTUP_BOUND:?}; log {}:\n{}",
                    self.log.display(),
                    tail(&self.log_text(), 40)
                )));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Prism's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// How long Prism took from spawn to its first answer.
    pub fn started_in(&self) -> Duration {
        self.started_in
    }

    /// Where Prism's output goes.
    pub fn log_path(&self) -> &Path {
        &self.log
    }

    /// True while the process runs.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    fn log_text(&self) -> String {
        let mut text = String::new();
        if let Ok(mut file) = File::open(&self.log) {
            let _ = file.read_to_string(&mut text);
        }
        text
    }
}

impl Drop for PrismServer {
    fn drop(&mut self) {
        // SIGKILL: Prism holds no state worth a graceful shutdown. `wait` reaps it so no
        // zombie is left behind; both fail only if it already exited and was reaped.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Why Prism did not start.
#[derive(Debug)]
pub enum Startup {
    /// Another process listens on the port.
    PortTaken,
    /// Anything else, with Prism's log.
    Failed(String),
}

/// A port that was free a moment ago: bound to 127.0.0.1:0, read, released. Another process
/// may take it before Prism does; [`PrismServer::start`] detects that and retries.
fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .map_err(|e| format!("cannot bind 127.0.0.1:0: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("cannot read the bound port: {e}"))
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}
