//! A CSV writer that quotes every formula-like cell (see `formula_guard`).

use std::fs::File;
use std::io::Write;
use std::path::Path;

use super::formula_guard::neutralise;

/// `csv::Writer` with the formula guard applied to every field it writes, so a caller
/// cannot forget it for one column.
#[derive(Debug)]
pub struct SafeCsvWriter<W: Write> {
    inner: csv::Writer<W>,
}

impl SafeCsvWriter<File> {
    pub fn from_path(path: &Path) -> Result<Self, csv::Error> {
        Ok(Self {
            inner: csv::Writer::from_path(path)?,
        })
    }
}

impl<W: Write> SafeCsvWriter<W> {
    pub fn from_writer(writer: W) -> Self {
        Self {
            inner: csv::Writer::from_writer(writer),
        }
    }

    /// What Brazilian Excel opens as a table with one double-click: a UTF-8 byte order mark
    /// (or accents come out garbled) and `;` between fields (`,` is the decimal separator).
    pub fn for_excel(mut writer: W) -> std::io::Result<Self> {
        writer.write_all("\u{FEFF}".as_bytes())?;
        Ok(Self {
            inner: csv::WriterBuilder::new()
                .delimiter(b';')
                // A report puts a short summary above its table.
                .flexible(true)
                .from_writer(writer),
        })
    }

    /// Writes one record, each field neutralised.
    pub fn write_record<I, T>(&mut self, record: I) -> Result<(), csv::Error>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        self.inner.write_record(
            record
                .into_iter()
                .map(|field| neutralise(field.as_ref()).into_owned()),
        )
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }

    /// The underlying writer, flushed.
    pub fn into_inner(self) -> std::io::Result<W> {
        self.inner.into_inner().map_err(|e| e.into_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_of_every_record_is_guarded() {
        let mut writer = SafeCsvWriter::from_writer(Vec::new());
        writer
            .write_record(["nome", "telefone"])
            .and_then(|()| writer.write_record(["=1+1", "+5511987654321"]))
            .and_then(|()| writer.write_record(["Ana", "@SUM(A1)"]))
            .expect("write to memory");
        let bytes = writer.into_inner().expect("flush to memory");
        assert_eq!(
            String::from_utf8(bytes).expect("utf-8"),
            "nome,telefone\n'=1+1,+5511987654321\nAna,'@SUM(A1)\n"
        );
    }
}
