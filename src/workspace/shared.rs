//! Register values as the rules read them: regorus values, built once when
//! a register is loaded and shared from there into the rules' input (no
//! second copy of the records), with field names and recurring cells
//! (statuses, owners, dates, control lists) checked and made once per
//! register ([`Columns`]). Also the way back to plain JSON, for `isms
//! input` and the evidence pack.

use serde_json::Value as Json;
use std::collections::{BTreeMap, HashMap};

/// Hash maps keyed by register text: foldhash, seeded per process (a
/// register is written by the branch under review, so the seed is not
/// fixed).
type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// How many cells of a column are read before deciding whether its values
/// repeat enough to be remembered.
const SAMPLE: usize = 256;

/// The values each column (built-in field) of one register has produced,
/// by cell text: a register repeats statuses, owners, dates and control
/// lists thousands of times, and each distinct cell is checked and turned
/// into a value once, then shared by every record that holds it. A column
/// whose cells are mostly different (ids, titles) is no longer remembered
/// once a sample of its cells says so.
pub struct Columns {
    columns: Vec<Column>,
}

struct Column {
    seen: usize,
    /// `None` once the column has shown it hardly repeats.
    memo: Option<Map<Box<str>, Option<regorus::Value>>>,
}

impl Columns {
    /// Room for `n` columns, numbered from 0.
    pub fn new(n: usize) -> Columns {
        Columns {
            columns: (0..n)
                .map(|_| Column {
                    seen: 0,
                    memo: Some(Map::default()),
                })
                .collect(),
        }
    }

    /// The value of the cell `text` in `column`: the one made before for
    /// the same text, or what `make` makes of it (remembered when it is a
    /// value; an error is not remembered, so that each bad cell is reported
    /// where it is). `make` must depend on nothing but the text.
    pub fn value<E>(
        &mut self,
        column: usize,
        text: &str,
        make: impl FnOnce() -> Result<Option<regorus::Value>, E>,
    ) -> Result<Option<regorus::Value>, E> {
        let Some(col) = self.columns.get_mut(column) else {
            return make();
        };
        col.seen += 1;
        let Some(memo) = &mut col.memo else {
            return make();
        };
        if let Some(v) = memo.get(text) {
            return Ok(v.clone());
        }
        let v = make()?;
        if col.seen >= SAMPLE && memo.len() * 2 > col.seen {
            col.memo = None;
        } else {
            memo.insert(text.into(), v.clone());
        }
        Ok(v)
    }
}

/// Strings longer than this are not looked up for sharing: titles and
/// descriptions rarely repeat, and hashing them costs more than it saves.
const SHARED_UP_TO: usize = 40;

/// Makes regorus values, sharing each short string between all the records
/// of a register: a register of 100,000 records holds millions of them.
#[derive(Default)]
pub struct Shared(Map<Box<str>, regorus::Value>);

impl Shared {
    /// A string value, the same one for every equal short string.
    pub fn text(&mut self, s: &str) -> regorus::Value {
        if s.len() > SHARED_UP_TO {
            return regorus::Value::from(s);
        }
        if let Some(v) = self.0.get(s) {
            return v.clone();
        }
        let v = regorus::Value::from(s);
        self.0.insert(s.into(), v.clone());
        v
    }

    /// A JSON value as a regorus value, its strings shared.
    pub fn value(&mut self, v: &Json) -> regorus::Value {
        match v {
            Json::String(s) => self.text(s),
            Json::Array(items) => regorus::Value::from(items.iter().map(|i| self.value(i)).collect::<Vec<_>>()),
            Json::Object(map) => regorus::Value::from(
                map.iter()
                    .map(|(k, v)| (self.text(k), self.value(v)))
                    .collect::<BTreeMap<_, _>>(),
            ),
            other => rego(other),
        }
    }
}

/// A JSON value as a regorus value, read in place (regorus's own `From`
/// takes it by value through serde).
pub fn rego(v: &Json) -> regorus::Value {
    match v {
        Json::Null => regorus::Value::Null,
        Json::Bool(b) => regorus::Value::from(*b),
        Json::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => regorus::Value::from(i),
            (None, Some(u), _) => regorus::Value::from(u),
            (None, None, Some(f)) => regorus::Value::from(f),
            (None, None, None) => regorus::Value::Null,
        },
        Json::String(s) => regorus::Value::from(s.as_str()),
        Json::Array(items) => regorus::Value::from(items.iter().map(rego).collect::<Vec<_>>()),
        Json::Object(map) => regorus::Value::from(
            map.iter()
                .map(|(k, v)| (regorus::Value::from(k.as_str()), rego(v)))
                .collect::<BTreeMap<_, _>>(),
        ),
    }
}

/// A regorus value as plain JSON: the inverse of [`rego`] for every value a
/// register holds (sets, which registers never hold, become arrays; object
/// keys that are not strings are written as their JSON text).
pub fn json(v: &regorus::Value) -> Json {
    match v {
        regorus::Value::Null | regorus::Value::Undefined => Json::Null,
        regorus::Value::Bool(b) => Json::Bool(*b),
        regorus::Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) if n.is_integer() => Json::from(i),
            (None, Some(u)) if n.is_integer() => Json::from(u),
            _ => n
                .as_f64()
                .and_then(serde_json::Number::from_f64)
                .map_or(Json::Null, Json::Number),
        },
        regorus::Value::String(s) => Json::String(s.to_string()),
        regorus::Value::Array(items) => Json::Array(items.iter().map(json).collect()),
        regorus::Value::Set(items) => Json::Array(items.iter().map(json).collect()),
        regorus::Value::Object(map) => Json::Object(
            map.iter()
                .map(|(k, v)| {
                    let key = match k {
                        regorus::Value::String(s) => s.to_string(),
                        other => json(other).to_string(),
                    };
                    (key, json(v))
                })
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_back_keeps_every_value_a_register_holds() {
        let v = serde_json::json!({
            "id": "R-001", "likelihood": 4, "big": 18446744073709551615u64, "ratio": 0.25,
            "negative": -3, "applicable": false, "none": null,
            "owners": ["cto", "ciso"], "extra": {"Cost centre": "CC-1", "n": 2}
        });
        let mut shared = Shared::default();
        let r = shared.value(&v);
        assert_eq!(r, rego(&v));
        assert_eq!(json(&r), v);
    }

    /// A repeating column gives every record the one value made for a
    /// text; a column of distinct cells stops being remembered after the
    /// sample; errors are made again each time.
    #[test]
    fn columns_remember_what_repeats_and_nothing_else() {
        let mut columns = Columns::new(2);
        let mut made = 0;
        let mut first = None;
        for i in 0..1000 {
            let v = columns
                .value(0, if i % 2 == 0 { "open" } else { "closed" }, || {
                    made += 1;
                    Ok::<_, ()>(Some(regorus::Value::from("made")))
                })
                .unwrap();
            if i == 0 {
                first = v.clone();
            }
            if i % 2 == 0 {
                let (Some(regorus::Value::String(a)), Some(regorus::Value::String(b))) = (&first, &v) else {
                    panic!("strings expected");
                };
                assert!(std::ptr::eq(a.as_ptr(), b.as_ptr()));
            }
        }
        assert_eq!(made, 2);
        let mut made = 0;
        for i in 0..1000 {
            let _ = columns.value(1, &format!("R-{i}"), || {
                made += 1;
                Ok::<_, ()>(Some(regorus::Value::from(i)))
            });
        }
        assert_eq!(made, 1000);
        assert!(columns.columns[1].memo.is_none());
        assert!(columns.columns[0].memo.is_some());
        let mut failed = 0;
        for _ in 0..3 {
            let r = columns.value(0, "bad", || {
                failed += 1;
                Err::<Option<regorus::Value>, _>("no")
            });
            assert_eq!(r, Err("no"));
        }
        assert_eq!(failed, 3);
    }

    #[test]
    fn equal_short_strings_are_one_value_and_long_ones_are_not_looked_up() {
        let mut shared = Shared::default();
        let (a, b) = (shared.text("accepted"), shared.text("accepted"));
        let (regorus::Value::String(a), regorus::Value::String(b)) = (a, b) else {
            panic!("strings expected");
        };
        assert!(std::ptr::eq(a.as_ptr(), b.as_ptr()));
        let long = "x".repeat(SHARED_UP_TO + 1);
        shared.text(&long);
        assert_eq!(shared.0.len(), 1);
    }
}
