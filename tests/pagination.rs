//! Walks three pages of `GET /admin/identities` served by a real HTTP server on 127.0.0.1,
//! which answers with `Link` headers as Kratos writes them, and checks the page tokens each
//! request carried and that the walk stops after the page without `rel="next"`. The client
//! sends through `ory_hyper::HyperTransport`, as an application would.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::Full;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use ory_core::identity::ListIdentities;
use ory_core::{Client, Config};
use ory_hyper::HyperTransport;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::task::JoinSet;

/// The next-page tokens, as the server writes them into the Link URL (Go's query encoding:
/// `/` `+` `=` escaped) and as the client must send them back.
const TOKEN_2: &str = "eyJpZCI6ImMifQ/2+x=";
const TOKEN_2_IN_LINK: &str = "eyJpZCI6ImMifQ%2F2%2Bx%3D";
const TOKEN_3: &str = "eyJpZCI6ImUifQ";
const FIRST: &str = "00000000-0000-0000-0000-000000000000";

fn identity(id: &str) -> serde_json::Value {
    json!({"id": id, "schema_id": "default", "schema_url": "http://127.0.0.1/schemas/ZGVmYXVsdA",
           "state": "active", "traits": {"email": format!("{id}@example.com")}})
}

/// Answers one request like Kratos' keyset pagination over five identities, two per page.
fn answer(query: &str) -> http::Response<Full<Bytes>> {
    let link = |next: Option<&str>| {
        let mut value =
            format!("</admin/identities?page_size=2&page_token={FIRST}>; rel=\"first\"");
        if let Some(next) = next {
            value.push_str(&format!(
                ",</admin/identities?page_size=2&page_token={next}>; rel=\"next\""
            ));
        }
        value
    };
    let encoded_2 = format!("page_size=2&page_token={TOKEN_2_IN_LINK}");
    let (items, next) = match query {
        "page_size=2" => (json!([identity("a"), identity("b")]), Some(TOKEN_2_IN_LINK)),
        q if q == encoded_2 => (json!([identity("c"), identity("d")]), Some(TOKEN_3)),
        q if q == format!("page_size=2&page_token={TOKEN_3}") => (json!([identity("e")]), None),
        _ => return http::Response::builder()
            .status(400)
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from(
                json!({"error": {"code": 400, "message": format!("unexpected query {query:?}")}})
                    .to_string(),
            )))
            .unwrap(),
    };
    http::Response::builder()
        .status(200)
        .header("content-type", "application/json; charset=utf-8")
        .header("link", link(next))
        .body(Full::new(Bytes::from(items.to_string())))
        .unwrap()
}

#[tokio::test]
async fn walks_three_pages_over_http() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();

    let server_seen = Arc::clone(&seen);
    let server = tokio::spawn(async move {
        let mut connections = JoinSet::new();
        loop {
            let (stream, _) = match listener.accept().await {
                Ok(accepted) => accepted,
                Err(_) => continue,
            };
            let seen = Arc::clone(&server_seen);
            connections.spawn(async move {
                let service = service_fn(move |request: http::Request<hyper::body::Incoming>| {
                    let seen = Arc::clone(&seen);
                    async move {
                        let query = request.uri().query().unwrap_or("").to_owned();
                        let path = request.uri().path().to_owned();
                        seen.lock().unwrap().push(format!("{path}?{query}"));
                        Ok::<_, Infallible>(answer(&query))
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });

    let transport = HyperTransport::new();
    let config = Config::builder(format!("http://{addr}/"))
        .api_key("ory_apikey_test")
        .build()
        .unwrap();
    let client = Client::new(config, transport);

    let mut pager = client.pages(ListIdentities::new().page_size(2));
    let mut ids = Vec::new();
    let mut tokens = Vec::new();
    while let Some(page) = pager.next_page().await {
        let page = page.unwrap_or_else(|e| panic!("page failed: {e}"));
        tokens.push(page.next_page_token.clone());
        ids.extend(page.items.into_iter().map(|identity| identity.id));
    }

    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    assert_eq!(
        tokens,
        [Some(TOKEN_2.to_owned()), Some(TOKEN_3.to_owned()), None],
        "next-page tokens read from the Link headers"
    );
    assert_eq!(
        *seen.lock().unwrap(),
        [
            "/admin/identities?page_size=2".to_owned(),
            format!("/admin/identities?page_size=2&page_token={TOKEN_2_IN_LINK}"),
            format!("/admin/identities?page_size=2&page_token={TOKEN_3}"),
        ],
        "the token each request carried"
    );
    assert!(pager.is_finished());
    assert!(!pager.stopped_on_repeat());
    assert!(pager.next_page().await.is_none());
    assert_eq!(
        seen.lock().unwrap().len(),
        3,
        "nothing fetched after page 3"
    );

    drop(pager);
    drop(client);
    server.abort();
    let _ = server.await;
}
