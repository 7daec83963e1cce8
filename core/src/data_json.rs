//! The data's JSON read into its types by position (issue 23: the WebAssembly module's size).
//!
//! serde's derived `Deserialize` code for a struct has two halves: one reads a JSON object (a loop
//! that matches every key against the field names, one `Option` per field, the missing-field and
//! unknown-field errors), the other reads the fields in order from a sequence. This deserializer
//! works on a [`serde_json::Value`] (parsed by the one `Value` parser the module has anyway, for
//! questions) and gives every struct its object's values as a sequence, in the order of the
//! struct's fields (a field the object lacks is the end-of-sequence `None`, which the derived code
//! reads as its `#[serde(default)]`), and every enum its variant by index. So no struct's
//! key-matching half is ever called, and the linker drops it: for the data's many types that was
//! most of their deserialisation code.
//!
//! Used when the data is not embedded (the WebAssembly package); native builds read the text
//! directly as before. What it reads is the same as serde_json's reading of the same text
//! (a unit test compares the two on the whole embedded data), with these differences, which only
//! data the native build refuses could show: keys a struct does not have are skipped (the derived
//! code's `deny_unknown_fields` is in the half not called), an absent field must be `Option` with
//! `#[serde(default)]` or have a default (else an "invalid length" error), and errors carry no
//! line and column.

use serde::de::{self, DeserializeOwned, Visitor};
use serde_json::{Error, Map, Value};

/// JSON text into one of the data's types: with the data embedded (feature `embed`, native
/// builds) straight from the text; without it (the WebAssembly module) [`by_position`].
#[cfg(feature = "embed")]
pub(crate) fn from_json<T: DeserializeOwned>(json: &str) -> Result<T, Error> {
    serde_json::from_str(json)
}
#[cfg(not(feature = "embed"))]
pub(crate) fn from_json<T: DeserializeOwned>(json: &str) -> Result<T, Error> {
    by_position(json)
}

/// JSON text into `T`, by position.
pub(crate) fn by_position<T: DeserializeOwned>(json: &str) -> Result<T, Error> {
    T::deserialize(De(serde_json::from_str::<Value>(json)?))
}

struct De(Value);

impl<'de> de::Deserializer<'de> for De {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => v.visit_unit(),
            Value::Bool(b) => v.visit_bool(b),
            Value::Number(n) => de::Deserializer::deserialize_any(n, v),
            Value::String(s) => v.visit_string(s),
            Value::Array(a) => {
                let len = a.len();
                let mut seq = Seq(a.into_iter());
                let out = v.visit_seq(&mut seq)?;
                match seq.0.len() {
                    0 => Ok(out),
                    _ => Err(de::Error::invalid_length(len, &"fewer elements in array")),
                }
            }
            Value::Object(m) => {
                let len = m.len();
                let mut map = Entries(m.into_iter(), None);
                let out = v.visit_map(&mut map)?;
                match map.0.len() {
                    0 => Ok(out),
                    _ => Err(de::Error::invalid_length(len, &"fewer elements in map")),
                }
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => v.visit_none(),
            _ => v.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(m) => v.visit_seq(Fields(fields.iter(), m)),
            other => Err(de::Error::invalid_type(unexpected(&other), &v)),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        let (name, value) = match self.0 {
            Value::String(s) => (s, None),
            Value::Object(m) if m.len() == 1 => {
                let (k, x) = m.into_iter().next().expect("one entry");
                (k, Some(x))
            }
            other => return Err(de::Error::invalid_type(unexpected(&other), &v)),
        };
        match variants.iter().position(|x| *x == name) {
            Some(i) => v.visit_enum(Variant(i as u32, value)),
            None => Err(de::Error::unknown_variant(&name, variants)),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

fn unexpected(v: &Value) -> de::Unexpected<'_> {
    match v {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(b) => de::Unexpected::Bool(*b),
        Value::Number(_) => de::Unexpected::Other("number"),
        Value::String(s) => de::Unexpected::Str(s),
        Value::Array(_) => de::Unexpected::Seq,
        Value::Object(_) => de::Unexpected::Map,
    }
}

/// A JSON array's elements.
struct Seq(std::vec::IntoIter<Value>);

impl<'de> de::SeqAccess<'de> for Seq {
    type Error = Error;
    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0.next().map(|x| seed.deserialize(De(x))).transpose()
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// A JSON object's entries, for maps (`BTreeMap`, `HashMap`, `Value`), whose keys are data.
struct Entries(
    <Map<String, Value> as IntoIterator>::IntoIter,
    Option<Value>,
);

impl<'de> de::MapAccess<'de> for Entries {
    type Error = Error;
    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.0.next() {
            Some((k, x)) => {
                self.1 = Some(x);
                seed.deserialize(De(Value::String(k))).map(Some)
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<T: de::DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        match self.1.take() {
            Some(x) => seed.deserialize(De(x)),
            None => Err(de::Error::custom("a map value without its key")),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// A JSON object's values in the order of a struct's fields; an absent field ends nothing, it is
/// a `None` in its place.
struct Fields(std::slice::Iter<'static, &'static str>, Map<String, Value>);

impl<'de> de::SeqAccess<'de> for Fields {
    type Error = Error;
    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.0.next().and_then(|name| self.1.remove(*name)) {
            Some(x) => seed.deserialize(De(x)).map(Some),
            None => Ok(None),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// An enum's variant, by its index in the enum's variants, and its content if it has one.
struct Variant(u32, Option<Value>);

impl<'de> de::EnumAccess<'de> for Variant {
    type Error = Error;
    type Variant = Content;
    fn variant_seed<T: de::DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Content), Error> {
        let i = seed.deserialize(de::value::U32Deserializer::<Error>::new(self.0))?;
        Ok((i, Content(self.1)))
    }
}

struct Content(Option<Value>);

impl<'de> de::VariantAccess<'de> for Content {
    type Error = Error;
    fn unit_variant(self) -> Result<(), Error> {
        match self.0 {
            None | Some(Value::Null) => Ok(()),
            Some(other) => Err(de::Error::invalid_type(unexpected(&other), &"unit variant")),
        }
    }
    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(De(self.0.unwrap_or(Value::Null)))
    }
    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, v: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_seq(De(self.0.unwrap_or(Value::Null)), v)
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_struct(De(self.0.unwrap_or(Value::Null)), "", fields, v)
    }
}
