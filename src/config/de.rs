//! A serde `Deserializer` over the spanned [`Node`] tree. Errors carry the
//! span of the innermost value (or key) they are about, so that a wrong type
//! or an unknown key deep in `isms.toml` is reported at its exact place.

use crate::source::Span;
use crate::tree::{Key, Kind, Node};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub struct DeError {
    pub message: String,
    pub span: Option<Span>,
}

impl DeError {
    fn at(mut self, span: Span) -> Self {
        if self.span.is_none() {
            self.span = Some(span);
        }
        self
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError {
            message: msg.to_string(),
            span: None,
        }
    }
}

/// Deserializes a `T` from a node.
pub fn from_node<'de, T: de::Deserialize<'de>>(node: &'de Node) -> Result<T, DeError> {
    T::deserialize(NodeDe(node)).map_err(|e| e.at(node.span))
}

struct NodeDe<'de>(&'de Node);

impl<'de> de::Deserializer<'de> for NodeDe<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let node = self.0;
        let result = match &node.kind {
            Kind::Null => visitor.visit_unit(),
            Kind::Bool(b) => visitor.visit_bool(*b),
            Kind::Int(i) => visitor.visit_i64(*i),
            Kind::Float(f) => visitor.visit_f64(*f),
            Kind::Str(s) => visitor.visit_borrowed_str(s),
            Kind::Array(items) => visitor.visit_seq(SeqDe(items.iter())),
            Kind::Table(entries) => visitor.visit_map(MapDe {
                iter: entries.iter(),
                value: None,
            }),
        };
        result.map_err(|e| e.at(node.span))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0.kind {
            Kind::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let node = self.0;
        match &node.kind {
            Kind::Str(s) => {
                let de: de::value::StrDeserializer<'_, DeError> = s.as_str().into_deserializer();
                visitor.visit_enum(de).map_err(|e| e.at(node.span))
            }
            _ => Err(DeError {
                message: format!("expected a string, found {}", node.type_name()),
                span: Some(node.span),
            }),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

struct SeqDe<'de>(std::slice::Iter<'de, Node>);

impl<'de> de::SeqAccess<'de> for SeqDe<'de> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, DeError> {
        match self.0.next() {
            Some(node) => seed.deserialize(NodeDe(node)).map(Some).map_err(|e| e.at(node.span)),
            None => Ok(None),
        }
    }
}

struct MapDe<'de> {
    iter: std::slice::Iter<'de, (Key, Node)>,
    value: Option<&'de Node>,
}

impl<'de> de::MapAccess<'de> for MapDe<'de> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, DeError> {
        match self.iter.next() {
            Some((key, value)) => {
                self.value = Some(value);
                let de: de::value::BorrowedStrDeserializer<'de, DeError> =
                    de::value::BorrowedStrDeserializer::new(&key.name);
                seed.deserialize(de).map(Some).map_err(|e| e.at(key.span))
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        match self.value.take() {
            Some(node) => seed.deserialize(NodeDe(node)).map_err(|e| e.at(node.span)),
            None => Err(de::Error::custom("value without a key")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::parse_toml;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Person {
        id: String,
        #[serde(default)]
        roles: Vec<String>,
        active: Option<bool>,
    }

    #[test]
    fn errors_point_at_the_value_or_key() {
        let text = "id = \"a\"\nroles = [\"x\", 3]\n";
        let node = parse_toml(text).unwrap();
        let err = from_node::<Person>(&node).unwrap_err();
        assert_eq!(&text[err.span.unwrap().start..err.span.unwrap().end], "3");

        let text = "id = \"a\"\nrole = []\n";
        let node = parse_toml(text).unwrap();
        let err = from_node::<Person>(&node).unwrap_err();
        assert_eq!(&text[err.span.unwrap().start..err.span.unwrap().end], "role");
        assert!(err.message.contains("unknown field `role`"), "{}", err.message);

        let text = "id = \"a\"\nactive = \"yes\"\n";
        let node = parse_toml(text).unwrap();
        let err = from_node::<Person>(&node).unwrap_err();
        assert_eq!(&text[err.span.unwrap().start..err.span.unwrap().end], "\"yes\"");
    }
}
