//! Rows parsed on a thread of their own and handed over in batches.
//!
//! Two reasons. An xlsx sheet can only be streamed by a cell reader that borrows its
//! workbook, so workbook and reader must live together somewhere: a thread's stack is the
//! safe place (loading the whole sheet instead held ~50 MB for 100,000 rows). And parsing
//! (unzipping, XML, decoding, CSV) then runs on the second core while the import judges and
//! writes the rows before. The channel holds a few batches, so memory stays flat; when the
//! `RowStream` is dropped the thread stops at its next batch.

use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, SyncSender};

use super::cell::Row;
use super::csv_file::{CsvFormat, CsvRows};
use super::error::ReadError;

/// Rows per batch: small enough for a quick first batch, large enough that the channel
/// costs nothing per row. With [`BATCHES_AHEAD`] queued, the reader parses up to ~8,000
/// rows ahead (2,048 with batches of 256): an import into a list that already has contacts
/// waits for each window of lookups (`import::pipeline`), and with batches of 256 the
/// reader (the longest thread of a spreadsheet import) stopped meanwhile. 100k rows into
/// the list of a million, three interleaved runs each: 0.92-0.94 s with batches of 256,
/// 0.71-0.85 s with 1,024; into an empty database no difference the noise could show
/// (five interleaved runs each, medians 0.54 s with 256 and 0.56 s with 1,024).
const BATCH_ROWS: usize = 1024;
/// Cells per batch, at most (give or take the row that passes it): a row can be 16,384
/// cells wide (a cell in column XFD), 512 KB, and 256 such rows a batch (as batches were
/// then), eight batches ahead, held 1.3 GB for a sheet of a few kilobytes. Contact sheets
/// stay far below.
const BATCH_CELLS: usize = 64 * 1024;
/// Batches parsed ahead of the consumer.
const BATCHES_AHEAD: usize = 8;

/// What the thread sends.
#[derive(Debug, Default)]
struct Batch {
    rows: Vec<Row>,
    /// The read stopped here; nothing follows.
    error: Option<ReadError>,
    /// For CSV: raw bytes taken from the file once these rows were parsed, and the encoding
    /// and delimiter as known by then.
    bytes_read: Option<u64>,
    csv: Option<CsvFormat>,
    /// For sheets: the last row number the sheet declares (its `<dimension>`), sent first.
    last_row: Option<u64>,
}

/// The consumer side: rows in file order, as the thread parsed them.
#[derive(Debug)]
pub(crate) struct RowStream {
    batches: Receiver<Batch>,
    rows: std::vec::IntoIter<Row>,
    error: Option<ReadError>,
    finished: bool,
    bytes_read: Option<u64>,
    csv: Option<CsvFormat>,
    last_row: Option<u64>,
    /// Rows received from the thread (handed out or not).
    rows_received: u64,
}

impl RowStream {
    /// Starts `produce` on a new thread; it pushes rows into the [`BatchSink`] it is given.
    pub(crate) fn spawn(
        produce: impl FnOnce(&mut BatchSink) + Send + 'static,
    ) -> Result<Self, ReadError> {
        let (sender, batches) = mpsc::sync_channel(BATCHES_AHEAD);
        std::thread::Builder::new()
            .name("import-read".to_owned())
            .spawn(move || {
                let mut sink = BatchSink {
                    sender,
                    batch: Batch::default(),
                    cells: 0,
                    gone: false,
                };
                // A parser that panics on a hostile file must end the read with an error:
                // a thread that just dies looks like the end of the file, and the rows
                // after it would be lost without a word.
                if panic::catch_unwind(AssertUnwindSafe(|| produce(&mut sink))).is_err() {
                    sink.fail(ReadError::Corrupt(
                        "the file could not be read to the end".to_owned(),
                    ));
                }
                sink.flush();
            })?;
        Ok(Self {
            batches,
            rows: Vec::new().into_iter(),
            error: None,
            finished: false,
            bytes_read: None,
            csv: None,
            last_row: None,
            rows_received: 0,
        })
    }

    /// CSV rows, read ahead on their own thread.
    pub(crate) fn csv(mut rows: CsvRows) -> Result<Self, ReadError> {
        let format = rows.format();
        let mut stream = Self::spawn(move |sink| {
            while let Some(row) = rows.next_row() {
                let full = sink.push(row);
                if full {
                    let (bytes, _) = rows.bytes();
                    if !sink.send(Some(bytes), Some(rows.format())) {
                        return;
                    }
                }
            }
            let (bytes, _) = rows.bytes();
            sink.batch.bytes_read = Some(bytes);
            sink.batch.csv = Some(rows.format());
        })?;
        stream.csv = Some(format);
        Ok(stream)
    }

    pub(crate) fn next_row(&mut self) -> Option<Result<Row, ReadError>> {
        loop {
            if let Some(row) = self.rows.next() {
                return Some(Ok(row));
            }
            if let Some(error) = self.error.take() {
                self.finished = true;
                return Some(Err(error));
            }
            if self.finished {
                return None;
            }
            match self.batches.recv() {
                Ok(batch) => {
                    self.rows_received += batch.rows.len() as u64;
                    self.rows = batch.rows.into_iter();
                    self.error = batch.error;
                    if batch.bytes_read.is_some() {
                        self.bytes_read = batch.bytes_read;
                    }
                    if batch.csv.is_some() {
                        self.csv = batch.csv;
                    }
                    if batch.last_row.is_some() {
                        self.last_row = batch.last_row;
                    }
                }
                // The thread finished and every batch was taken.
                Err(mpsc::RecvError) => self.finished = true,
            }
        }
    }

    /// Raw bytes read from the file, for CSV (a few batches ahead of the rows handed out).
    pub(crate) fn bytes_read(&self) -> Option<u64> {
        self.bytes_read
    }

    pub(crate) fn csv_format(&self) -> Option<&CsvFormat> {
        self.csv.as_ref()
    }

    /// Rows parsed by the thread and received so far, for estimates.
    pub(crate) fn rows_received(&self) -> u64 {
        self.rows_received
    }

    /// The last row number the sheet declares, once the first batch is in.
    pub(crate) fn last_row(&self) -> Option<u64> {
        self.last_row
    }
}

/// The thread's side: collects rows into batches and sends them.
pub(crate) struct BatchSink {
    sender: SyncSender<Batch>,
    batch: Batch,
    /// Cells in the batch's rows.
    cells: usize,
    /// The receiver was dropped: stop reading.
    gone: bool,
}

impl BatchSink {
    /// Sends every row of `rows`, stopping early at an error or when nobody listens.
    pub(crate) fn pump(&mut self, rows: impl Iterator<Item = Result<Row, ReadError>>) {
        for row in rows {
            if self.push(row) && !self.send(None, None) {
                return;
            }
        }
    }

    /// The last row number the sheet declares, sent with the first batch.
    pub(crate) fn set_last_row(&mut self, last_row: Option<u64>) {
        self.batch.last_row = last_row;
    }

    /// The read cannot start or go on.
    pub(crate) fn fail(&mut self, error: ReadError) {
        self.batch.error = Some(error);
    }

    /// Adds a row (or the error that ends the read); true when the batch should be sent:
    /// it holds `BATCH_ROWS` rows or `BATCH_CELLS` cells, or the error.
    fn push(&mut self, row: Result<Row, ReadError>) -> bool {
        match row {
            Ok(row) => {
                self.cells += row.cells.len();
                self.batch.rows.push(row);
                self.batch.rows.len() >= BATCH_ROWS || self.cells >= BATCH_CELLS
            }
            Err(e) => {
                self.batch.error = Some(e);
                true
            }
        }
    }

    /// Sends the batch; false when the read should stop (an error was sent, or nobody is
    /// listening any more).
    fn send(&mut self, bytes_read: Option<u64>, csv: Option<CsvFormat>) -> bool {
        self.batch.bytes_read = bytes_read;
        self.batch.csv = csv;
        let stop = self.batch.error.is_some();
        self.flush();
        !stop && !self.gone
    }

    fn flush(&mut self) {
        if self.gone {
            return;
        }
        let batch = std::mem::take(&mut self.batch);
        self.cells = 0;
        let empty = batch.rows.is_empty()
            && batch.error.is_none()
            && batch.bytes_read.is_none()
            && batch.last_row.is_none();
        if !empty && self.sender.send(batch).is_err() {
            self.gone = true;
        }
        self.batch.rows.reserve(BATCH_ROWS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::read::Cell;

    #[test]
    fn a_parser_that_panics_ends_the_read_with_an_error() {
        let mut stream = RowStream::spawn(|sink| {
            sink.push(Ok(Row {
                number: 2,
                cells: vec![Cell::Text("Ana".to_owned())],
            }));
            panic!("a parser bug on a hostile file");
        })
        .expect("spawn the reader thread");
        assert!(matches!(stream.next_row(), Some(Ok(row)) if row.number == 2));
        assert!(matches!(
            stream.next_row(),
            Some(Err(ReadError::Corrupt(_)))
        ));
        assert!(stream.next_row().is_none());
    }

    #[test]
    fn wide_rows_go_out_in_smaller_batches() {
        // Found while fixing cells past column XFD (not by the fuzzer): rows as wide as a
        // sheet can be went out 256 to a batch, 128 MB each.
        let (sender, batches) = mpsc::sync_channel(64);
        let mut sink = BatchSink {
            sender,
            batch: Batch::default(),
            cells: 0,
            gone: false,
        };
        let wide = Row {
            number: 1,
            cells: vec![Cell::Empty; 16_384],
        };
        sink.pump((0..10).map(|_| Ok(wide.clone())));
        sink.flush();
        drop(sink);
        let sizes: Vec<usize> = batches.iter().map(|batch| batch.rows.len()).collect();
        assert_eq!(sizes.iter().sum::<usize>(), 10);
        assert!(
            sizes.iter().all(|&rows| rows * 16_384 <= BATCH_CELLS),
            "{sizes:?}"
        );
    }
}
