//! Disables one Ory session through the hyper transport.
//!
//! ```text
//! export ORY_SDK_URL=https://<your-project>.projects.oryapis.com
//! export ORY_PROJECT_API_KEY=ory_pat_...        # or ORY_API_KEY
//! cargo run --example disable_session -- <session-id>
//! ```
//!
//! For a self-hosted Kratos, point `ORY_SDK_URL` at the admin port (`http://127.0.0.1:4434`)
//! and leave the key unset.
//!
//! Exit status: 0 when the session was disabled, 1 on any error (printed to stderr with the
//! status and Ory's message), 2 on wrong usage. The API key is never printed.

use std::process::ExitCode;

use ory_core::config::{ENV_API_KEY, ENV_PROJECT_API_KEY};
use ory_core::{Client, Config};
use ory_hyper::HyperTransport;

const USAGE: &str = "usage: disable_session <session-id>

Disables an Ory session. Reads ORY_SDK_URL (the project or Kratos admin URL) and
ORY_PROJECT_API_KEY (or ORY_API_KEY) from the environment.";

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let session_id = match args.as_slice() {
        [flag] if flag == "-h" || flag == "--help" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        [id] => id.as_str(),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };

    let config = match Config::from_env() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    let has_key = config.has_api_key();
    let client = Client::new(config, HyperTransport::new());

    match client.disable_session(session_id).await {
        Ok(()) => {
            println!("disabled session {session_id:?}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: could not disable session {session_id:?}: {err}");
            if err.is_unauthorized() && !has_key {
                eprintln!("hint: no API key is set; set {ENV_PROJECT_API_KEY} or {ENV_API_KEY}");
            }
            ExitCode::FAILURE
        }
    }
}
