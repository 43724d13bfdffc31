//! The values that cross between the store and either engine: statement arguments and
//! column values, with the conversions each engine's driver asks for.

use std::borrow::Cow;
use std::error::Error;

use postgres::types::{to_sql_checked, FromSql, IsNull, ToSql, Type};
use rusqlite::types::{ToSqlOutput, ValueRef};

/// One SQL value: what SQLite stores, and what the PostgreSQL schema uses (BIGINT,
/// DOUBLE PRECISION, TEXT; booleans read as 0 or 1).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'a> {
    /// NULL.
    Null,
    /// An integer (also a boolean: 0 or 1).
    Integer(i64),
    /// A floating-point number.
    Real(f64),
    /// Text, borrowed from the caller where it can be.
    Text(Cow<'a, str>),
}

impl Value<'_> {
    /// A SQLite column value, copied.
    pub(crate) fn from_sqlite(v: ValueRef<'_>) -> Value<'static> {
        match v {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Integer(i),
            ValueRef::Real(f) => Value::Real(f),
            ValueRef::Text(t) | ValueRef::Blob(t) => {
                Value::Text(Cow::Owned(String::from_utf8_lossy(t).into_owned()))
            }
        }
    }
}

impl From<i64> for Value<'_> {
    fn from(v: i64) -> Self {
        Value::Integer(v)
    }
}

impl From<usize> for Value<'_> {
    fn from(v: usize) -> Self {
        Value::Integer(i64::try_from(v).unwrap_or(i64::MAX))
    }
}

impl From<bool> for Value<'_> {
    fn from(v: bool) -> Self {
        Value::Integer(i64::from(v))
    }
}

impl From<f64> for Value<'_> {
    fn from(v: f64) -> Self {
        Value::Real(v)
    }
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(v: &'a str) -> Self {
        Value::Text(Cow::Borrowed(v))
    }
}

impl<'a> From<&'a String> for Value<'a> {
    fn from(v: &'a String) -> Self {
        Value::Text(Cow::Borrowed(v.as_str()))
    }
}

impl From<String> for Value<'_> {
    fn from(v: String) -> Self {
        Value::Text(Cow::Owned(v))
    }
}

impl<'a, T: Into<Value<'a>>> From<Option<T>> for Value<'a> {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

impl<'a> From<&'a Option<String>> for Value<'a> {
    fn from(v: &'a Option<String>) -> Self {
        v.as_deref().into()
    }
}

impl<'a> From<&'a Value<'a>> for Value<'a> {
    fn from(v: &'a Value<'a>) -> Self {
        match v {
            Value::Text(t) => Value::Text(Cow::Borrowed(t)),
            other => other.clone(),
        }
    }
}

/// A Rust type a column value reads into; the error names what was expected.
pub(crate) trait FromValue: Sized {
    /// The value as `Self`, or the name of the type expected.
    fn from_value(v: Value<'static>) -> Result<Self, &'static str>;
}

impl FromValue for Value<'static> {
    fn from_value(v: Value<'static>) -> Result<Self, &'static str> {
        Ok(v)
    }
}

impl FromValue for i64 {
    fn from_value(v: Value<'static>) -> Result<Self, &'static str> {
        match v {
            Value::Integer(i) => Ok(i),
            _ => Err("an integer"),
        }
    }
}

impl FromValue for usize {
    fn from_value(v: Value<'static>) -> Result<Self, &'static str> {
        i64::from_value(v).and_then(|i| usize::try_from(i).map_err(|_| "a count"))
    }
}

impl FromValue for bool {
    fn from_value(v: Value<'static>) -> Result<Self, &'static str> {
        i64::from_value(v).map(|i| i != 0).map_err(|_| "a boolean")
    }
}

impl FromValue for f64 {
    fn from_value(v: Value<'static>) -> Result<Self, &'static str> {
        match v {
            Value::Real(f) => Ok(f),
            Value::Integer(i) => Ok(i as f64),
            _ => Err("a number"),
        }
    }
}

impl FromValue for String {
    fn from_value(v: Value<'static>) -> Result<Self, &'static str> {
        match v {
            Value::Text(t) => Ok(t.into_owned()),
            _ => Err("text"),
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: Value<'static>) -> Result<Self, &'static str> {
        match v {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Integer(i) => ValueRef::Integer(*i),
            Value::Real(f) => ValueRef::Real(*f),
            Value::Text(t) => ValueRef::Text(t.as_bytes()),
        }))
    }
}

type BoxError = Box<dyn Error + Sync + Send>;

/// A text type of PostgreSQL's, or a parameter whose type it left open.
fn is_text(ty: &Type) -> bool {
    [
        Type::TEXT,
        Type::VARCHAR,
        Type::BPCHAR,
        Type::NAME,
        Type::UNKNOWN,
    ]
    .contains(ty)
}

impl ToSql for Value<'_> {
    fn to_sql(&self, ty: &Type, out: &mut bytes::BytesMut) -> Result<IsNull, BoxError> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Integer(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                Type::FLOAT4 => (*i as f32).to_sql(ty, out),
                _ if is_text(ty) => i.to_string().to_sql(ty, out),
                _ => Err(format!("an integer argument where {ty} is expected").into()),
            },
            Value::Real(f) => match *ty {
                Type::FLOAT8 => f.to_sql(ty, out),
                Type::FLOAT4 => (*f as f32).to_sql(ty, out),
                _ if is_text(ty) => f.to_string().to_sql(ty, out),
                _ => Err(format!("a number argument where {ty} is expected").into()),
            },
            Value::Text(t) => match *ty {
                Type::INT8 => t.parse::<i64>()?.to_sql(ty, out),
                // PostgreSQL's text cannot hold NUL: it becomes U+FFFD, as an undecodable
                // byte does, so a filter typed with one matches nothing instead of failing
                _ if is_text(ty) && t.contains('\0') => {
                    t.replace('\0', "\u{FFFD}").as_str().to_sql(ty, out)
                }
                _ if is_text(ty) => t.as_ref().to_sql(ty, out),
                _ => Err(format!("a text argument where {ty} is expected").into()),
            },
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

impl<'a> FromSql<'a> for Value<'static> {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(match *ty {
            Type::INT8 => Value::Integer(i64::from_sql(ty, raw)?),
            Type::INT4 => Value::Integer(i32::from_sql(ty, raw)?.into()),
            Type::INT2 => Value::Integer(i16::from_sql(ty, raw)?.into()),
            Type::BOOL => Value::Integer(bool::from_sql(ty, raw)?.into()),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => Value::Real(f32::from_sql(ty, raw)?.into()),
            _ if is_text(ty) => Value::Text(Cow::Owned(String::from_sql(ty, raw)?)),
            _ => return Err(format!("a column of type {ty}, which the store never reads").into()),
        })
    }

    fn from_sql_null(_: &Type) -> Result<Self, BoxError> {
        Ok(Value::Null)
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_values_become_sql_values() {
        assert_eq!(Value::from(Some(3i64)), Value::Integer(3));
        assert_eq!(Value::from(None::<&str>), Value::Null);
        assert_eq!(Value::from(true), Value::Integer(1));
        assert_eq!(Value::from(&Some("a".to_string())), Value::from("a"));
    }

    #[test]
    fn sql_values_read_back_as_rust_values() {
        assert_eq!(Option::<i64>::from_value(Value::Null), Ok(None));
        assert_eq!(bool::from_value(Value::Integer(1)), Ok(true));
        assert_eq!(f64::from_value(Value::Integer(2)), Ok(2.0));
        assert!(String::from_value(Value::Integer(2)).is_err());
        assert!(usize::from_value(Value::Integer(-1)).is_err());
    }
}
