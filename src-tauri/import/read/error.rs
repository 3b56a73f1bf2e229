//! Everything that can stop a spreadsheet or CSV from being read, in terms the import screen acts on.

/// Why a file could not be read. Row and column numbers are 1-based, as the user sees them
/// in Excel (row 1, column 1 = A1).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReadError {
    #[error("the file does not exist")]
    NotFound,
    /// A file we recognise but do not import (PNG, PDF, Word, a zip of something else…).
    #[error("this is not a spreadsheet or CSV file: it looks like {detected}")]
    Unsupported { detected: String },
    #[error("the spreadsheet is protected by a password")]
    PasswordProtected,
    /// Claims to be a spreadsheet but its insides are broken or truncated.
    #[error("the file is damaged: {0}")]
    Corrupt(String),
    /// Nothing at all: a zero-byte file, or a sheet without a single filled cell.
    #[error("the file is empty")]
    Empty,
    /// A header was found but no row of data follows it.
    #[error("the file has a header but no data rows")]
    NoRows,
    #[error("there is no sheet named {0:?}")]
    SheetNotFound(String),
    #[error("the cell in row {row}, column {column} is too long")]
    CellTooLarge { row: usize, column: usize },
    /// Bytes that are not valid in the text encoding the file uses.
    #[error("the text encoding is broken: {0}")]
    Encoding(String),
    #[error("the file could not be read: {0}")]
    Io(String),
}

impl From<std::io::Error> for ReadError {
    fn from(err: std::io::Error) -> Self {
        match err.kind() {
            std::io::ErrorKind::NotFound => ReadError::NotFound,
            _ => ReadError::Io(err.to_string()),
        }
    }
}

impl From<calamine::XlsxError> for ReadError {
    fn from(err: calamine::XlsxError) -> Self {
        use calamine::XlsxError as E;
        match err {
            E::Io(e) => e.into(),
            E::Password => ReadError::PasswordProtected,
            E::WorksheetNotFound(name) => ReadError::SheetNotFound(name),
            other => ReadError::Corrupt(other.to_string()),
        }
    }
}

impl From<calamine::XlsbError> for ReadError {
    fn from(err: calamine::XlsbError) -> Self {
        use calamine::XlsbError as E;
        match err {
            E::Io(e) => e.into(),
            E::Password => ReadError::PasswordProtected,
            E::WorksheetNotFound(name) => ReadError::SheetNotFound(name),
            other => ReadError::Corrupt(other.to_string()),
        }
    }
}

impl From<calamine::XlsError> for ReadError {
    fn from(err: calamine::XlsError) -> Self {
        use calamine::XlsError as E;
        match err {
            E::Io(e) => e.into(),
            E::Password => ReadError::PasswordProtected,
            E::WorksheetNotFound(name) => ReadError::SheetNotFound(name),
            // An OLE2 container without a workbook stream: a .doc or .ppt renamed .xls.
            E::Cfb(e) => ReadError::Unsupported {
                detected: format!("a Microsoft Office file that is not an Excel workbook ({e})"),
            },
            other => ReadError::Corrupt(other.to_string()),
        }
    }
}

impl From<calamine::OdsError> for ReadError {
    fn from(err: calamine::OdsError) -> Self {
        use calamine::OdsError as E;
        match err {
            E::Io(e) => e.into(),
            E::Password => ReadError::PasswordProtected,
            E::WorksheetNotFound(name) => ReadError::SheetNotFound(name),
            other => ReadError::Corrupt(other.to_string()),
        }
    }
}

impl From<calamine::Error> for ReadError {
    fn from(err: calamine::Error) -> Self {
        use calamine::Error as E;
        match err {
            E::Io(e) => e.into(),
            E::Xlsx(e) => e.into(),
            E::Xlsb(e) => e.into(),
            E::Xls(e) => e.into(),
            E::Ods(e) => e.into(),
            other => ReadError::Corrupt(other.to_string()),
        }
    }
}
