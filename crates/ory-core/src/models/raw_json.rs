//! [`RawJson`]: free-form JSON kept as the exact text the server sent.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// Free-form JSON (identity traits, metadata, credential configuration, identity schemas...)
/// kept as the raw text the server sent, validated but not parsed into a tree.
///
/// Decoding a response never builds a `serde_json::Value` for free-form parts: the caller
/// decides when and into what to parse them, with [`RawJson::get`] into their own type or
/// [`RawJson::to_value`]. Serializing writes the text back verbatim.
///
/// Equality compares the text first and, if it differs, the parsed JSON, so two documents that
/// differ only in whitespace or key order are equal.
///
/// `RawJson` relies on `serde_json`: it serializes verbatim with `serde_json` serializers, and
/// deserializes from `serde_json` deserializers (text, slices, readers and `Value`).
///
/// ```
/// use ory_core::models::RawJson;
///
/// #[derive(serde::Deserialize)]
/// struct Traits { email: String }
///
/// let raw = RawJson::from_serialize(&serde_json::json!({"email": "a@example.com"}))?;
/// assert_eq!(raw.as_str(), r#"{"email":"a@example.com"}"#);
/// assert_eq!(raw.get::<Traits>()?.email, "a@example.com");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone)]
pub struct RawJson(Box<RawValue>);

impl RawJson {
    /// Parses the JSON text into `T`.
    pub fn get<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.0.get())
    }

    /// The raw JSON text, exactly as received (or as serialized).
    pub fn as_str(&self) -> &str {
        self.0.get()
    }

    /// Parses the JSON text into a [`serde_json::Value`].
    pub fn to_value(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::from_str(self.0.get())
    }

    /// Serializes `value` to JSON text.
    pub fn from_serialize<T: Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        serde_json::value::to_raw_value(value).map(RawJson)
    }

    /// Checks that `json` is valid JSON and keeps it as is.
    pub fn from_string(json: String) -> Result<Self, serde_json::Error> {
        RawValue::from_string(json).map(RawJson)
    }

    /// The JSON `null`.
    pub fn null() -> Self {
        // `null` is valid JSON: this cannot fail.
        RawJson(RawValue::NULL.to_owned())
    }

    /// Whether the text is the JSON `null` (surrounding whitespace ignored).
    pub fn is_null(&self) -> bool {
        self.0.get().trim() == "null"
    }

    /// The underlying [`RawValue`].
    pub fn as_raw_value(&self) -> &RawValue {
        &self.0
    }

    /// Unwraps the underlying [`RawValue`].
    pub fn into_raw_value(self) -> Box<RawValue> {
        self.0
    }
}

impl From<Box<RawValue>> for RawJson {
    fn from(raw: Box<RawValue>) -> Self {
        RawJson(raw)
    }
}

impl From<RawJson> for Box<RawValue> {
    fn from(raw: RawJson) -> Self {
        raw.0
    }
}

impl TryFrom<&serde_json::Value> for RawJson {
    type Error = serde_json::Error;

    fn try_from(value: &serde_json::Value) -> Result<Self, Self::Error> {
        RawJson::from_serialize(value)
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("RawJson").field(&self.0.get()).finish()
    }
}

impl fmt::Display for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.get())
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.0.get(), other.0.get());
        if a == b {
            return true;
        }
        match (
            serde_json::from_str::<serde_json::Value>(a),
            serde_json::from_str::<serde_json::Value>(b),
        ) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
}

impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(deserializer).map(RawJson)
    }
}

/// Free-form JSON supplied by a caller for a request body: serialized when it is set, with a
/// failure kept and reported when the request is built (so setters stay infallible).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct JsonInput(Result<RawJson, String>);

impl JsonInput {
    /// Serializes `value` now, keeping the error message on failure.
    pub(crate) fn new<T: Serialize + ?Sized>(value: &T) -> Self {
        JsonInput(RawJson::from_serialize(value).map_err(|e| e.to_string()))
    }

    /// The serialized JSON, if serialization succeeded.
    pub(crate) fn json(&self) -> Option<&RawJson> {
        self.0.as_ref().ok()
    }

    /// The serialization failure, if any, as a build error naming `field`.
    pub(crate) fn check(&self, field: &str) -> Result<(), crate::error::BuildError> {
        match &self.0 {
            Ok(_) => Ok(()),
            Err(message) => Err(crate::error::BuildError::Serialize {
                message: format!("{field}: {message}"),
            }),
        }
    }
}

impl From<RawJson> for JsonInput {
    fn from(raw: RawJson) -> Self {
        JsonInput(Ok(raw))
    }
}

impl Serialize for JsonInput {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Ok(raw) => raw.serialize(serializer),
            Err(message) => Err(serde::ser::Error::custom(message)),
        }
    }
}
