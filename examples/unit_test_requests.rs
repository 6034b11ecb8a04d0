//! Unit-testing your own request construction, without any network.
//!
//! Building a request needs only a [`Config`]; the `testing` feature of `ory-core` adds
//! assertions on the built `http::Request` and a `MockTransport` that records what your code
//! sent. Both run in a plain `#[test]` with no server and no runtime (the mock needs an
//! executor only because `Client` methods are async).
//!
//! Run: `cargo run --example unit_test_requests` (prints the checks) or
//! `cargo test --example unit_test_requests` (runs them as tests).

use ory_core::identity::DisableSession;
use ory_core::testing::{MockTransport, RequestAssertions};
use ory_core::{Client, Config, Error, Operation};

/// Code under test: disables every session in `ids`, stopping at the first failure.
async fn disable_all<T: ory_core::HttpTransport>(
    client: &Client<T>,
    ids: &[&str],
) -> Result<usize, Error> {
    for id in ids {
        client.disable_session(*id).await?;
    }
    Ok(ids.len())
}

fn config() -> Config {
    Config::builder("https://example.projects.oryapis.com")
        .api_key("ory_apikey_test")
        .build()
        .expect("valid config")
}

/// Checks the request `DisableSession` builds, with no transport at all.
fn check_built_request() {
    let request = DisableSession::new("a/b?c#d e")
        .build_request(&config())
        .expect("request builds");
    request
        .assert_method(http::Method::DELETE)
        .assert_uri("https://example.projects.oryapis.com/admin/sessions/a%2Fb%3Fc%23d%20e")
        .assert_header("authorization", "Bearer ory_apikey_test")
        .assert_header("accept", "application/json")
        .assert_no_header("content-type")
        .assert_no_body();
}

/// Checks what `disable_all` sends, through a recording transport.
async fn check_recorded_requests() {
    let transport = MockTransport::new();
    transport
        .push_status(204)
        .push_ory_error(404, "not_found", "session not found");
    let client = Client::new(config(), transport);

    let err = disable_all(&client, &["s-1", "s-2", "s-3"])
        .await
        .unwrap_err();
    assert!(err.is_not_found());

    let sent = client.transport().requests();
    assert_eq!(sent.len(), 2, "stops at the first failure");
    sent[0].assert_path("/admin/sessions/s-1");
    sent[1].assert_path("/admin/sessions/s-2");
}

fn main() {
    check_built_request();
    println!("built request: ok");
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
        .block_on(check_recorded_requests());
    println!("recorded requests: ok");
}

#[cfg(test)]
mod tests {
    #[test]
    fn built_request() {
        super::check_built_request();
    }

    #[tokio::test]
    async fn recorded_requests() {
        super::check_recorded_requests().await;
    }
}
