//! Small serde helpers shared by the models.

use serde::{Deserialize, Deserializer};

/// Reads `null` as the type's default (an empty list or map); absence is handled by
/// `#[serde(default)]` on the field.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

/// Reads a field that the spec leaves untyped but the server sends as a string (a login flow's
/// `state`): a string becomes `Some(T)`, and `null` or any other JSON value is `None`, so a
/// value of another type cannot break the whole response.
pub(crate) fn string_or_none<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: From<String>,
{
    Ok(match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::String(text) => Some(T::from(text)),
        _ => None,
    })
}
