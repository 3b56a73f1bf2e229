//! A prepared statement whose text values SQLite reads in place: the bulk insert's
//! statement, stepped once per contact.
//!
//! rusqlite binds every string as `SQLITE_TRANSIENT`, so SQLite allocates a copy of each
//! value, and frees it at the next bind: eleven allocations and frees per contact, on the
//! thread every other step of an import waits for. Bound as `SQLITE_STATIC` instead,
//! SQLite reads the caller's bytes, which is sound as long as they outlive every use SQLite
//! makes of them. [`InPlaceStatement::execute`] guarantees that by construction: it binds,
//! steps to the end, resets and clears the bindings before it returns, so no pointer to the
//! borrowed values is left behind.

use std::ffi::{c_char, c_int, CStr};
use std::marker::PhantomData;
use std::ptr::{self, NonNull};

use rusqlite::ffi;

/// One value to bind, borrowed for the duration of one [`InPlaceStatement::execute`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    Null,
    Int(i64),
    Text(&'a str),
}

impl<'a> From<Option<&'a str>> for Value<'a> {
    fn from(text: Option<&'a str>) -> Self {
        text.map_or(Value::Null, Value::Text)
    }
}

/// A statement prepared on a rusqlite connection's handle, finalized on drop. It borrows
/// the connection, so it cannot outlive it.
#[derive(Debug)]
pub struct InPlaceStatement<'db> {
    db: NonNull<ffi::sqlite3>,
    stmt: NonNull<ffi::sqlite3_stmt>,
    _conn: PhantomData<&'db rusqlite::Connection>,
}

impl<'db> InPlaceStatement<'db> {
    /// Prepares one SQL statement (no trailing second statement).
    #[allow(unsafe_code)]
    pub fn prepare(conn: &'db rusqlite::Connection, sql: &str) -> rusqlite::Result<Self> {
        let len = c_int::try_from(sql.len()).map_err(|_| rusqlite::Error::InvalidQuery)?;
        // SAFETY: `handle()` is the connection's open `sqlite3*`, valid while `conn` is,
        // which the returned statement borrows.
        let db = NonNull::new(unsafe { conn.handle() }).ok_or(rusqlite::Error::InvalidQuery)?;
        let mut stmt = ptr::null_mut();
        let mut tail: *const c_char = ptr::null();
        // SAFETY: `sql` is valid for `len` bytes (no NUL needed with an explicit length);
        // `stmt` and `tail` are out-pointers to locals.
        let code = unsafe {
            ffi::sqlite3_prepare_v2(db.as_ptr(), sql.as_ptr().cast(), len, &mut stmt, &mut tail)
        };
        if code != ffi::SQLITE_OK {
            return Err(failure(db, code));
        }
        let stmt = NonNull::new(stmt).ok_or(rusqlite::Error::InvalidQuery)?;
        let statement = Self {
            db,
            stmt,
            _conn: PhantomData,
        };
        // Anything after the first statement would be silently ignored: refuse it.
        // SAFETY: SQLite sets `tail` inside `sql`'s bytes, at most one past the end.
        let consumed = unsafe { tail.cast::<u8>().offset_from(sql.as_ptr()) };
        let rest = usize::try_from(consumed)
            .ok()
            .and_then(|at| sql.as_bytes().get(at..))
            .unwrap_or_default();
        if !rest.iter().all(u8::is_ascii_whitespace) {
            return Err(rusqlite::Error::MultipleStatement);
        }
        Ok(statement)
    }

    /// Binds `values` to `?1`, `?2`, …, steps the statement to its end, and leaves it
    /// reset with every parameter unbound. Returns the rows it changed. A statement that
    /// yields rows is refused (this is for INSERT, UPDATE and DELETE).
    #[allow(unsafe_code)]
    pub fn execute(&mut self, values: &[Value<'_>]) -> rusqlite::Result<u64> {
        let stmt = self.stmt.as_ptr();
        // SAFETY: `stmt` is a valid prepared statement until `drop`.
        let expected = unsafe { ffi::sqlite3_bind_parameter_count(stmt) };
        if usize::try_from(expected).ok() != Some(values.len()) {
            return Err(rusqlite::Error::InvalidParameterCount(
                values.len(),
                usize::try_from(expected).unwrap_or_default(),
            ));
        }
        let outcome = self.bind_and_step(values);
        // SAFETY: as above. Reset ends the step (its code repeats the step's, already in
        // `outcome`); clearing the bindings drops SQLite's pointers into `values` before
        // this borrow of them ends.
        unsafe {
            ffi::sqlite3_reset(stmt);
            ffi::sqlite3_clear_bindings(stmt);
        }
        outcome
    }

    #[allow(unsafe_code)]
    fn bind_and_step(&mut self, values: &[Value<'_>]) -> rusqlite::Result<u64> {
        let stmt = self.stmt.as_ptr();
        for (index, value) in (1..).zip(values) {
            // SAFETY: `stmt` is valid; `index` is within the parameter count checked by
            // `execute`; text is valid UTF-8 for `len` bytes and, bound `SQLITE_STATIC`, is
            // read only until `execute` clears the bindings, while `values` is borrowed.
            let code = unsafe {
                match *value {
                    Value::Null => ffi::sqlite3_bind_null(stmt, index),
                    Value::Int(number) => ffi::sqlite3_bind_int64(stmt, index, number),
                    Value::Text(text) => ffi::sqlite3_bind_text64(
                        stmt,
                        index,
                        text.as_ptr().cast(),
                        text.len() as ffi::sqlite3_uint64,
                        ffi::SQLITE_STATIC(),
                        ffi::SQLITE_UTF8 as u8,
                    ),
                }
            };
            if code != ffi::SQLITE_OK {
                return Err(failure(self.db, code));
            }
        }
        // SAFETY: `stmt` is valid and fully bound.
        match unsafe { ffi::sqlite3_step(stmt) } {
            // SAFETY: the connection is open while the statement lives.
            ffi::SQLITE_DONE => Ok(unsafe { ffi::sqlite3_changes64(self.db.as_ptr()) } as u64),
            ffi::SQLITE_ROW => Err(rusqlite::Error::ExecuteReturnedResults),
            code => Err(failure(self.db, code)),
        }
    }
}

#[cfg(test)]
impl InPlaceStatement<'_> {
    /// The statement's text with its current bindings, for the tests.
    #[allow(unsafe_code)]
    fn expanded_sql(&self) -> String {
        // SAFETY: `stmt` is valid; the returned string is SQLite's to free with
        // `sqlite3_free`, after it is copied.
        unsafe {
            let text = ffi::sqlite3_expanded_sql(self.stmt.as_ptr());
            let copy = CStr::from_ptr(text).to_string_lossy().into_owned();
            ffi::sqlite3_free(text.cast());
            copy
        }
    }
}

impl Drop for InPlaceStatement<'_> {
    #[allow(unsafe_code)]
    fn drop(&mut self) {
        // SAFETY: the statement was prepared by `prepare` and is finalized only here.
        unsafe {
            ffi::sqlite3_finalize(self.stmt.as_ptr());
        }
    }
}

/// The connection's error for `code`, as rusqlite reports it (extended code and message).
#[allow(unsafe_code)]
fn failure(db: NonNull<ffi::sqlite3>, code: c_int) -> rusqlite::Error {
    // SAFETY: `db` is an open connection; the message is copied before any other call.
    let (extended, message) = unsafe {
        let extended = ffi::sqlite3_extended_errcode(db.as_ptr());
        let text = ffi::sqlite3_errmsg(db.as_ptr());
        let message =
            (!text.is_null()).then(|| CStr::from_ptr(text).to_string_lossy().into_owned());
        (extended, message)
    };
    // The step's own code when the connection's last error is about something else.
    let code = if extended & 0xff == code & 0xff {
        extended
    } else {
        code
    };
    rusqlite::Error::SqliteFailure(ffi::Error::new(code), message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory() -> rusqlite::Connection {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER NOT NULL,
                             c TEXT CHECK (c IS NULL OR length(c) < 5)) STRICT",
        )
        .unwrap();
        conn
    }

    fn rows(conn: &rusqlite::Connection) -> Vec<(Option<String>, i64, Option<String>)> {
        let mut select = conn.prepare("SELECT a, b, c FROM t ORDER BY id").unwrap();
        let found = select
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap();
        found.collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn values_are_stored_exactly_and_unbound_before_execute_returns() {
        let conn = memory();
        let sql = "INSERT INTO t (a, b, c) VALUES (?1, ?2, ?3)";
        let mut insert = InPlaceStatement::prepare(&conn, sql).unwrap();
        for (a, b, c) in [
            ("ação – “ok”", 1, Some("x")),
            ("", -7, None),
            ("\0zero", i64::MAX, Some("")),
        ] {
            let a = a.to_owned();
            let c = c.map(str::to_owned);
            let values = [Value::Text(&a), Value::Int(b), c.as_deref().into()];
            assert_eq!(insert.execute(&values).unwrap(), 1);
            // SQLite keeps no pointer into the strings, which are freed next.
            assert_eq!(
                insert.expanded_sql(),
                "INSERT INTO t (a, b, c) VALUES (NULL, NULL, NULL)"
            );
        }
        drop(insert);
        assert_eq!(
            rows(&conn),
            vec![
                (Some("ação – “ok”".to_owned()), 1, Some("x".to_owned())),
                (Some(String::new()), -7, None),
                (Some("\0zero".to_owned()), i64::MAX, Some(String::new())),
            ]
        );
    }

    #[test]
    fn a_refused_row_is_a_typed_error_and_the_statement_still_works() {
        let conn = memory();
        let mut insert =
            InPlaceStatement::prepare(&conn, "INSERT INTO t (a, b, c) VALUES (?1, ?2, ?3)")
                .unwrap();
        let err = insert
            .execute(&[Value::Text("a"), Value::Int(1), Value::Text("too long")])
            .unwrap_err();
        match err {
            rusqlite::Error::SqliteFailure(failure, Some(message)) => {
                assert_eq!(failure.code, rusqlite::ErrorCode::ConstraintViolation);
                assert_eq!(failure.extended_code, ffi::SQLITE_CONSTRAINT_CHECK);
                assert!(message.contains("CHECK constraint failed"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            insert.execute(&[Value::Null, Value::Int(1)]),
            Err(rusqlite::Error::InvalidParameterCount(2, 3))
        ));
        assert_eq!(
            insert
                .execute(&[Value::Text("b"), Value::Int(2), Value::Null])
                .unwrap(),
            1
        );
        drop(insert);
        assert_eq!(rows(&conn), vec![(Some("b".to_owned()), 2, None)]);
    }

    #[test]
    fn bad_sql_and_a_second_statement_are_refused() {
        let conn = memory();
        assert!(matches!(
            InPlaceStatement::prepare(&conn, "INSERT INTO nowhere VALUES (1)"),
            Err(rusqlite::Error::SqliteFailure(_, Some(message))) if message.contains("no such table")
        ));
        assert!(matches!(
            InPlaceStatement::prepare(&conn, "INSERT INTO t (b) VALUES (1); DELETE FROM t"),
            Err(rusqlite::Error::MultipleStatement)
        ));
        assert!(InPlaceStatement::prepare(&conn, "INSERT INTO t (b) VALUES (1);  ").is_ok());
        let mut select = InPlaceStatement::prepare(&conn, "SELECT 1").unwrap();
        assert!(matches!(
            select.execute(&[]),
            Err(rusqlite::Error::ExecuteReturnedResults)
        ));
    }
}
