//! [`OptionalExt`]: read "not found" as `None`.

use crate::error::{Error, ErrorKind};

/// Turns Ory's 404 answer into `Ok(None)`, for get operations where absence is an ordinary
/// outcome.
///
/// Only a 404 carrying Ory's JSON error body ([`ErrorKind::Api`]) counts as absent. A 404
/// without it (an HTML page from a proxy, or an empty body, as when the base URL's path prefix
/// is wrong) stays an error, so a misconfigured client does not read every identity as
/// missing.
///
/// ```
/// use ory_core::testing::MockTransport;
/// use ory_core::{Client, Config, OptionalExt};
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let transport = MockTransport::new();
/// transport.push_ory_error(404, "not_found", "Unable to locate the resource");
/// let client = Client::new(Config::new("http://127.0.0.1:4434")?, transport);
///
/// match client.get_identity("b7b2").await.optional()? {
///     Some(identity) => println!("found {}", identity.id),
///     None => println!("no such identity"),
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # }).unwrap();
/// ```
pub trait OptionalExt<T> {
    /// `Ok(Some(value))` on success, `Ok(None)` when Ory answered 404, the error otherwise.
    fn optional(self) -> Result<Option<T>, Error>;
}

impl<T> OptionalExt<T> for Result<T, Error> {
    fn optional(self) -> Result<Option<T>, Error> {
        match self {
            Ok(value) => Ok(Some(value)),
            Err(err) if err.is_not_found() && matches!(err.kind(), ErrorKind::Api(_)) => Ok(None),
            Err(err) => Err(err),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::ResponseBuilder;

    fn err(response: ResponseBuilder) -> Result<u8, Error> {
        Err(Error::from_response(response.build()))
    }

    #[test]
    fn maps_only_ory_404() {
        assert_eq!(Ok::<u8, Error>(7).optional().unwrap(), Some(7));
        assert_eq!(
            err(ResponseBuilder::ory_error(404, "not_found", "gone"))
                .optional()
                .unwrap(),
            None
        );
        let e = err(ResponseBuilder::ory_error(400, "bad", "bad"))
            .optional()
            .unwrap_err();
        assert!(e.is_bad_request());
        let e = err(ResponseBuilder::new(404).body("<html>not here</html>"))
            .optional()
            .unwrap_err();
        assert!(e.is_not_found());
        assert!(matches!(e.kind(), ErrorKind::UnexpectedResponse(_)));
        let e = err(ResponseBuilder::new(404)).optional().unwrap_err();
        assert!(e.is_not_found());
        let e = err(ResponseBuilder::ory_error(409, "conflict", "exists"))
            .optional()
            .unwrap_err();
        assert!(e.is_conflict());
    }
}
