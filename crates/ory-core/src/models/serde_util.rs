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
