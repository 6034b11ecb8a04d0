//! HyperTransport over TLS against hyper servers on 127.0.0.1 with a self-signed certificate
//! made by rcgen.

mod common;

use std::time::Duration;

use bytes::Bytes;
use http::{Method, StatusCode, Version};
use ory_core::{Client, Config, HttpTransport, RetryPolicy, TransportErrorKind};
use ory_hyper::HyperTransport;

use common::*;

const H2_AND_H1: &[&str] = &["h2", "http/1.1"];

fn get(base: &str) -> http::Request<Bytes> {
    Config::new(base)
        .unwrap()
        .request_builder(Method::GET, "/health")
        .body(Bytes::new())
        .unwrap()
}

#[tokio::test]
async fn added_root_is_trusted_and_h2_is_negotiated_by_alpn() {
    let cert = TestCert::new(&["127.0.0.1"]);
    let server = TestServer::start_tls(status(204), cert.server_config(H2_AND_H1)).await;
    let transport = HyperTransport::builder()
        .add_root_certificate(cert.der.clone())
        .build()
        .unwrap();
    let config = Config::builder(server.https_url())
        .api_key("ory_apikey_tls")
        .build()
        .unwrap();
    let client = Client::new(config, transport.clone());

    client.disable_session("s-1").await.unwrap();
    client.disable_session("s-2").await.unwrap();
    let response = transport.send(get(&server.https_url())).await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(response.version(), Version::HTTP_2);

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|r| r.version == Version::HTTP_2));
    assert_eq!(requests[0].uri.path(), "/admin/sessions/s-1");
    assert_eq!(
        requests[0].headers["authorization"],
        "Bearer ory_apikey_tls"
    );
    assert_eq!(server.connections(), 1);
    server.stop().await;
}

#[tokio::test]
async fn http1_is_used_when_h2_is_not_agreed() {
    let cert = TestCert::new(&["127.0.0.1"]);

    // The client does not offer h2.
    let server = TestServer::start_tls(status(204), cert.server_config(H2_AND_H1)).await;
    let transport = HyperTransport::builder()
        .add_root_certificate(cert.der.clone())
        .http2(false)
        .build()
        .unwrap();
    let response = transport.send(get(&server.https_url())).await.unwrap();
    assert_eq!(response.version(), Version::HTTP_11);
    assert_eq!(server.requests()[0].version, Version::HTTP_11);
    server.stop().await;

    // The server does not offer h2.
    let server = TestServer::start_tls(status(204), cert.server_config(&["http/1.1"])).await;
    let transport = HyperTransport::builder()
        .add_root_certificate(cert.der.clone())
        .build()
        .unwrap();
    let response = transport.send(get(&server.https_url())).await.unwrap();
    assert_eq!(response.version(), Version::HTTP_11);
    assert_eq!(server.requests()[0].version, Version::HTTP_11);
    server.stop().await;
}

#[tokio::test]
async fn pem_root_alone_is_enough() {
    let cert = TestCert::new(&["127.0.0.1"]);
    let server = TestServer::start_tls(status(204), cert.server_config(H2_AND_H1)).await;
    let transport = HyperTransport::builder()
        .built_in_roots(false)
        .add_root_certificates_pem(cert.pem.clone())
        .build()
        .unwrap();
    let response = transport.send(get(&server.https_url())).await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    server.stop().await;
}

#[tokio::test]
async fn unknown_certificate_is_a_tls_error_and_not_retried() {
    let cert = TestCert::new(&["127.0.0.1"]);
    let server = TestServer::start_tls(status(204), cert.server_config(H2_AND_H1)).await;
    let client = Client::new(
        Config::builder(server.https_url())
            .api_key("ory_apikey_tls")
            .build()
            .unwrap(),
        HyperTransport::new(),
    )
    .with_retry(RetryPolicy::default(), ory_hyper::sleep);
    let err = client.disable_session("s-1").await.unwrap_err();
    let transport_err = transport_error(&err);
    assert_eq!(transport_err.kind(), TransportErrorKind::Tls, "{err}");
    assert!(
        err.is_tls() && !err.is_connect() && !err.is_retryable(),
        "{err}"
    );
    assert!(err.to_string().contains("TLS handshake failed"), "{err}");
    // A certificate problem does not go away by trying again.
    assert_eq!(err.attempts(), 1, "{err}");
    let unknown_issuer = chain(transport_err).any(|e| {
        matches!(
            e.downcast_ref::<rustls::Error>(),
            Some(rustls::Error::InvalidCertificate(
                rustls::CertificateError::UnknownIssuer
            ))
        )
    });
    assert!(unknown_issuer, "{transport_err:?}");
    assert!(err.to_string().contains("UnknownIssuer"), "{err}");
    // The handshake failed, so no request (and no key) was sent.
    assert!(server.requests().is_empty());
    server.stop().await;
}

#[tokio::test]
async fn certificate_for_another_name_is_a_tls_error() {
    let cert = TestCert::new(&["ory.example.com"]);
    let server = TestServer::start_tls(status(204), cert.server_config(H2_AND_H1)).await;
    let transport = HyperTransport::builder()
        .add_root_certificate(cert.der.clone())
        .build()
        .unwrap();
    let err = transport.send(get(&server.https_url())).await.unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Tls, "{err}");
    let wrong_name = chain(&err).any(|e| {
        matches!(
            e.downcast_ref::<rustls::Error>(),
            Some(rustls::Error::InvalidCertificate(
                rustls::CertificateError::NotValidForName
                    | rustls::CertificateError::NotValidForNameContext { .. }
            ))
        )
    });
    assert!(wrong_name, "{err:?}");
    assert!(server.requests().is_empty());
    server.stop().await;
}

#[tokio::test]
async fn stalled_tls_handshake_hits_the_connect_timeout() {
    // Accepts TCP and never answers the ClientHello.
    let server = RawServer::start(None).await;
    let transport = HyperTransport::builder()
        .connect_timeout(Duration::from_millis(200))
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let err = transport.send(get(&server.https_url())).await.unwrap_err();
    // A connect failure (nothing sent), not the request timeout.
    assert_eq!(err.kind(), TransportErrorKind::Connect, "{err}");
    assert!(
        err.to_string().contains("connect timed out after 200ms"),
        "{err}"
    );
    server.stop().await;
}
