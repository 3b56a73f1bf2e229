//! calamine is not panic-free on hostile files: an .xls record shorter than its fields, a
//! sheet offset past its stream and the like index out of bounds inside it. The read API's
//! entry points ([`detect`](super::detect), [`sheets`](super::sheets),
//! [`preview`](super::preview), [`open`](super::open)) run under [`contain`], so such a
//! file is `Corrupt` like any other damaged file instead of a crash of the window or
//! `tip`. (The row stream's thread does the same.) Allocation failures abort and cannot be
//! caught this way: `ole2_guard`, `xls_guard` and `shared_strings_guard` stop those before
//! calamine runs.

use std::panic::{self, AssertUnwindSafe};

use super::error::ReadError;

/// Runs `read`, turning a panic inside it into `ReadError::Corrupt`. Nothing `read` touches
/// outlives it (each call opens its own file and workbook), so no broken state is seen.
pub(crate) fn contain<T>(read: impl FnOnce() -> Result<T, ReadError>) -> Result<T, ReadError> {
    panic::catch_unwind(AssertUnwindSafe(read)).unwrap_or_else(|_| {
        Err(ReadError::Corrupt(
            "the file's contents are malformed".to_owned(),
        ))
    })
}
