//! Hand-crafted hostile containers: zips whose central directory lies about its lengths,
//! and OLE2 (.xls) files whose sector chains loop or point outside the file. Each one made
//! the reader panic, hang or swell before; each must now be a plain `Corrupt` error.

use std::path::{Path, PathBuf};

use super::{detect, open, preview, sheets, FileKind, ReadError, ReadOptions};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write the crafted file");
    path
}

fn assert_corrupt(result: Result<impl std::fmt::Debug, ReadError>) {
    match result {
        Err(ReadError::Corrupt(_)) => {}
        other => panic!("expected Corrupt, got {other:?}"),
    }
}

/// Detection, the sheet list, the preview and a full open all refuse the file as damaged.
fn assert_refused_everywhere(path: &Path) {
    assert_corrupt(detect(path));
    assert_corrupt(sheets(path));
    assert_corrupt(preview(path, &ReadOptions::default(), 5));
    assert_corrupt(open(path, &ReadOptions::default()));
}

// ---- zip ---------------------------------------------------------------------------

/// A zip made of a local-header signature (what detection sniffs), the central directory
/// `dir`, and an end record pointing at it.
fn zip_with_directory(dir: &[u8]) -> Vec<u8> {
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend([0u8; 26]);
    let offset = u32::try_from(bytes.len()).expect("small");
    bytes.extend(dir);
    bytes.extend(b"PK\x05\x06");
    bytes.extend([0u8; 4]); // disk numbers
    bytes.extend(1u16.to_le_bytes()); // entries on this disk
    bytes.extend(1u16.to_le_bytes()); // entries in all
    bytes.extend(u32::try_from(dir.len()).expect("small").to_le_bytes());
    bytes.extend(offset.to_le_bytes());
    bytes.extend(0u16.to_le_bytes()); // comment length
    bytes
}

/// One central-directory header (46 bytes) and its name; the extra field and comment it
/// announces are not appended.
fn central_entry(name: &str, extra_len: u16, comment_len: u16) -> Vec<u8> {
    let mut entry = b"PK\x01\x02".to_vec();
    entry.extend([0u8; 24]); // versions, flags, method, time, crc, sizes
    entry.extend(u16::try_from(name.len()).expect("short").to_le_bytes());
    entry.extend(extra_len.to_le_bytes());
    entry.extend(comment_len.to_le_bytes());
    entry.extend([0u8; 12]); // disk, attributes, local header offset
    entry.extend(name.as_bytes());
    entry
}

#[test]
fn a_zip_entry_whose_extra_field_runs_past_the_directory_is_corrupt() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(
        dir.path(),
        "contatos.xlsx",
        &zip_with_directory(&central_entry("xl/workbook.xml", 500, 0)),
    );
    assert_refused_everywhere(&path);
}

#[test]
fn a_zip_entry_whose_comment_runs_past_the_directory_is_corrupt() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut entries = central_entry("[Content_Types].xml", 0, 0);
    entries.extend(central_entry("xl/workbook.xml", 0, u16::MAX));
    let path = write(dir.path(), "contatos.xlsx", &zip_with_directory(&entries));
    assert_refused_everywhere(&path);
}

#[test]
fn a_zip_entry_cut_short_or_a_name_past_the_directory_is_corrupt() {
    let dir = tempfile::tempdir().expect("temp dir");
    let entry = central_entry("xl/workbook.xml", 0, 0);
    let cut = write(
        dir.path(),
        "cortado.xlsx",
        &zip_with_directory(&entry[..30]),
    );
    assert_corrupt(detect(&cut));
    let mut long_name = entry.clone();
    long_name[28..30].copy_from_slice(&400u16.to_le_bytes());
    let name = write(dir.path(), "nome.xlsx", &zip_with_directory(&long_name));
    assert_corrupt(detect(&name));
    // A directory that does not start with an entry at all.
    let garbage = write(
        dir.path(),
        "lixo.xlsx",
        &zip_with_directory(b"not a central directory"),
    );
    assert_corrupt(detect(&garbage));
}

#[test]
fn zip_entries_that_end_exactly_at_the_directory_end_are_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut entries = central_entry("xl/workbook.xml", 4, 3);
    entries.extend([0u8; 7]);
    let path = write(dir.path(), "ok.xlsx", &zip_with_directory(&entries));
    assert_eq!(detect(&path), Ok(FileKind::Xlsx));
    // An empty zip is a zip, not a damaged one.
    let empty = write(dir.path(), "vazio.xlsx", &zip_with_directory(&[]));
    assert!(matches!(detect(&empty), Err(ReadError::Unsupported { .. })));
}

// ---- OLE2 (.xls) -------------------------------------------------------------------

const FREE: u32 = 0xFFFF_FFFF;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const FAT_SECTOR: u32 = 0xFFFF_FFFD;

/// An OLE2 header for 512-byte sectors: the FAT sectors it lists, where the directory
/// starts, and the mini FAT (start, number of sectors).
fn ole2_header(fat_sectors: &[u32], dir_start: u32, mini_fat: (u32, u32)) -> Vec<u8> {
    let mut header = vec![0u8; 512];
    header[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    let mut put16 = |at: usize, v: u16| header[at..at + 2].copy_from_slice(&v.to_le_bytes());
    put16(24, 0x003E); // minor version
    put16(26, 3); // major version 3: 512-byte sectors
    put16(28, 0xFFFE); // byte order
    put16(30, 9); // sector shift
    put16(32, 6); // mini sector shift
    let mut put32 = |at: usize, v: u32| header[at..at + 4].copy_from_slice(&v.to_le_bytes());
    put32(44, u32::try_from(fat_sectors.len()).expect("few"));
    put32(48, dir_start);
    put32(56, 0x1000); // mini stream cutoff
    put32(60, mini_fat.0);
    put32(64, mini_fat.1);
    put32(68, END_OF_CHAIN); // no DIFAT sectors
    put32(72, 0);
    for i in 0..109 {
        put32(76 + i * 4, fat_sectors.get(i).copied().unwrap_or(FREE));
    }
    header
}

/// A 512-byte table sector (FAT or mini FAT): `entries`, then free entries.
fn table_sector(entries: &[u32]) -> Vec<u8> {
    entries
        .iter()
        .copied()
        .chain(std::iter::repeat(FREE))
        .take(128)
        .flat_map(u32::to_le_bytes)
        .collect()
}

/// A 512-byte directory sector of up to four entries `(name, kind, start, size)`, the
/// first being the root; siblings chained to the right.
fn directory_sector(entries: &[(&str, u8, u32, u32)]) -> Vec<u8> {
    let mut sector = Vec::with_capacity(512);
    for (i, (name, kind, start, size)) in entries.iter().enumerate() {
        let mut e = vec![0u8; 128];
        let units: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        e[..units.len()].copy_from_slice(&units);
        e[64..66].copy_from_slice(&u16::try_from(units.len() + 2).expect("short").to_le_bytes());
        e[66] = *kind;
        e[67] = 1; // black
        let next = u32::try_from(i + 1).expect("few");
        let (right, child) = match i {
            0 => (FREE, if entries.len() > 1 { 1 } else { FREE }),
            _ if i + 1 < entries.len() => (next, FREE),
            _ => (FREE, FREE),
        };
        e[68..72].copy_from_slice(&FREE.to_le_bytes());
        e[72..76].copy_from_slice(&right.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&size.to_le_bytes());
        sector.extend(e);
    }
    sector.resize(512, 0);
    sector
}

fn ole2(header: Vec<u8>, sectors: &[Vec<u8>]) -> Vec<u8> {
    let mut file = header;
    for sector in sectors {
        file.extend(sector);
    }
    file
}

const ROOT: (&str, u8, u32, u32) = ("Root Entry", 5, END_OF_CHAIN, 0);

#[test]
fn an_ole2_directory_chain_that_loops_is_corrupt() {
    // The directory sector's FAT entry names itself as the next sector: calamine followed
    // it for ever, one more sector of memory each time.
    let dir = tempfile::tempdir().expect("temp dir");
    let bytes = ole2(
        ole2_header(&[0], 1, (END_OF_CHAIN, 0)),
        &[table_sector(&[FAT_SECTOR, 1]), directory_sector(&[ROOT])],
    );
    let path = write(dir.path(), "laco.xls", &bytes);
    assert_refused_everywhere(&path);
}

#[test]
fn an_ole2_chain_into_a_sector_past_the_end_of_the_file_is_corrupt() {
    // Sector 3 would start 512 bytes after the file ends (calamine: slice index panic).
    let dir = tempfile::tempdir().expect("temp dir");
    let bytes = ole2(
        ole2_header(&[0], 1, (END_OF_CHAIN, 0)),
        &[table_sector(&[FAT_SECTOR, 3]), directory_sector(&[ROOT])],
    );
    let path = write(dir.path(), "alem.xls", &bytes);
    assert_refused_everywhere(&path);
}

#[test]
fn an_ole2_file_without_a_fat_is_corrupt() {
    // No FAT sector listed: following the directory chain indexed an empty table.
    let dir = tempfile::tempdir().expect("temp dir");
    let bytes = ole2(
        ole2_header(&[], 0, (END_OF_CHAIN, 0)),
        &[directory_sector(&[ROOT])],
    );
    let path = write(dir.path(), "semfat.xls", &bytes);
    assert_refused_everywhere(&path);
}

#[test]
fn an_ole2_file_cut_inside_its_fat_is_corrupt() {
    // 101 bytes of the FAT sector: calamine asserted it splits into 4-byte entries.
    let dir = tempfile::tempdir().expect("temp dir");
    let mut bytes = ole2(
        ole2_header(&[0], 1, (END_OF_CHAIN, 0)),
        &[table_sector(&[FAT_SECTOR, END_OF_CHAIN])],
    );
    bytes.truncate(512 + 101);
    let path = write(dir.path(), "cortado.xls", &bytes);
    assert_refused_everywhere(&path);
}

#[test]
fn an_ole2_file_listing_its_fat_more_often_than_it_has_sectors_is_corrupt() {
    // Three sectors, the FAT listed 109 times: each listing is another copy in memory
    // (with DIFAT sectors, 127 more per 512 bytes of file).
    let dir = tempfile::tempdir().expect("temp dir");
    let bytes = ole2(
        ole2_header(&[0; 109], 1, (END_OF_CHAIN, 0)),
        &[
            table_sector(&[FAT_SECTOR, END_OF_CHAIN]),
            directory_sector(&[ROOT]),
        ],
    );
    let path = write(dir.path(), "repetida.xls", &bytes);
    assert_refused_everywhere(&path);
}

#[test]
fn an_ole2_workbook_in_a_mini_stream_that_does_not_exist_is_corrupt() {
    // A 100-byte Workbook stream lives in the mini stream, but there is no mini FAT:
    // reading it indexed an empty table.
    let dir = tempfile::tempdir().expect("temp dir");
    let bytes = ole2(
        ole2_header(&[0], 1, (END_OF_CHAIN, 0)),
        &[
            table_sector(&[FAT_SECTOR, END_OF_CHAIN]),
            directory_sector(&[ROOT, ("Workbook", 2, 0, 100)]),
        ],
    );
    let path = write(dir.path(), "mini.xls", &bytes);
    assert_refused_everywhere(&path);
}

#[test]
fn a_well_formed_ole2_file_still_reaches_calamine() {
    // The same layout with sound chains: an Office file without a workbook stream
    // (a .doc renamed .xls) is still told apart from a damaged one.
    let dir = tempfile::tempdir().expect("temp dir");
    let bytes = ole2(
        ole2_header(&[0], 1, (END_OF_CHAIN, 0)),
        &[
            table_sector(&[FAT_SECTOR, END_OF_CHAIN]),
            directory_sector(&[ROOT, ("WordDocument", 2, END_OF_CHAIN, 0)]),
        ],
    );
    let path = write(dir.path(), "documento.xls", &bytes);
    assert_eq!(detect(&path), Ok(FileKind::Xls));
    assert!(matches!(
        open(&path, &ReadOptions::default()),
        Err(ReadError::Unsupported { .. })
    ));
}

// ---- xlsx shared strings ------------------------------------------------------------

/// A real xlsx from rust_xlsxwriter, rewritten (entries stored) with its shared-strings
/// table declaring `unique_count` strings.
fn xlsx_declaring(dir: &Path, name: &str, unique_count: &str) -> PathBuf {
    use std::io::{Read, Write};
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (row, (name, phone)) in [("Nome", "Telefone"), ("Ana", "(11) 98765-4321")]
        .into_iter()
        .enumerate()
    {
        let row = u32::try_from(row).expect("two rows");
        sheet.write_string(row, 0, name).expect("cell");
        sheet.write_string(row, 1, phone).expect("cell");
    }
    let honest = workbook.save_to_buffer().expect("xlsx in memory");
    let mut source = zip::ZipArchive::new(std::io::Cursor::new(honest)).expect("a zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for index in 0..source.len() {
        let mut entry = source.by_index(index).expect("entry");
        let entry_name = entry.name().expect("utf-8 name").into_owned();
        let mut text = Vec::new();
        entry.read_to_end(&mut text).expect("inflate");
        if entry_name == "xl/sharedStrings.xml" {
            let xml = String::from_utf8(text).expect("utf-8");
            assert!(xml.contains(r#"uniqueCount="4""#), "{xml}");
            text = xml
                .replace(
                    r#"uniqueCount="4""#,
                    &format!(r#"uniqueCount="{unique_count}""#),
                )
                .into_bytes();
        }
        out.start_file(entry_name, stored).expect("start entry");
        out.write_all(&text).expect("write entry");
    }
    let bytes = out.finish().expect("finish zip").into_inner();
    write(dir, name, &bytes)
}

#[test]
fn an_xlsx_declaring_billions_of_shared_strings_is_corrupt() {
    // calamine reserved 24 bytes per declared string up front: 48 GB for this 3 KB file,
    // and a failed allocation aborts the process.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = xlsx_declaring(dir.path(), "bilhoes.xlsx", "2000000000");
    assert_eq!(detect(&path), Ok(FileKind::Xlsx));
    assert_corrupt(sheets(&path));
    assert_corrupt(preview(&path, &ReadOptions::default(), 5));
    assert_corrupt(open(&path, &ReadOptions::default()));
    // The same file with its true count reads as usual.
    let honest = xlsx_declaring(dir.path(), "honesta.xlsx", "4");
    let rows = preview(&honest, &ReadOptions::default(), 5).expect("readable");
    assert_eq!(rows.table.headers, ["Nome", "Telefone"]);
    assert_eq!(rows.rows.len(), 1);
}

// ---- xls records --------------------------------------------------------------------

/// `tests/fixtures/contacts.xls` (LibreOffice) with `patch` applied at the first
/// occurrence of the record header `record`.
fn patched_fixture(dir: &Path, name: &str, record: &[u8], patch: impl Fn(&mut [u8])) -> PathBuf {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/contacts.xls");
    let mut bytes = std::fs::read(fixture).expect("the xls fixture");
    let at = bytes
        .windows(record.len())
        .position(|w| w == record)
        .expect("the record is in the fixture");
    patch(&mut bytes[at..]);
    write(dir, name, &bytes)
}

#[test]
fn an_xls_sheet_declaring_billions_of_rows_is_corrupt() {
    // Found by the spreadsheet fuzz target: calamine reserved rows × columns cells from
    // the DIMENSIONS record, 497 GB here, and the failed allocation aborted the process.
    let dir = tempfile::tempdir().expect("temp dir");
    let dimensions = [0x00, 0x02, 0x0E, 0x00];
    let path = patched_fixture(dir.path(), "linhas.xls", &dimensions, |record| {
        record[8..12].copy_from_slice(&0xFFFF_0000u32.to_le_bytes()); // last row + 1
    });
    assert_eq!(detect(&path), Ok(FileKind::Xls));
    assert_corrupt(sheets(&path));
    assert_corrupt(preview(&path, &ReadOptions::default(), 5));
    assert_corrupt(open(&path, &ReadOptions::default()));
}

#[test]
fn an_xls_record_shorter_than_its_fields_is_corrupt() {
    // DateMode with no data: calamine read two bytes from an empty slice and panicked.
    let dir = tempfile::tempdir().expect("temp dir");
    let date_mode = [0x22, 0x00, 0x02, 0x00];
    let path = patched_fixture(dir.path(), "curto.xls", &date_mode, |record| {
        record[2] = 0; // length 0: the value's two bytes now read as the next header
    });
    assert_corrupt(sheets(&path));
    assert_corrupt(preview(&path, &ReadOptions::default(), 5));
    assert_corrupt(open(&path, &ReadOptions::default()));
}

// ---- cells past the last column -------------------------------------------------------

/// A copy of the zip at `source` with each entry's bytes passed through `patch`.
fn rezipped(source: &Path, dir: &Path, name: &str, patch: impl Fn(&str, &mut Vec<u8>)) -> PathBuf {
    use std::io::{Read, Write};
    let file = std::fs::File::open(source).expect("the source zip");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for index in 0..zip.len() {
        let mut entry = zip.by_index(index).expect("an entry");
        let entry_name = entry.name().expect("a name").into_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("the entry's bytes");
        patch(&entry_name, &mut bytes);
        out.start_file(entry_name, zip::write::SimpleFileOptions::default())
            .expect("start an entry");
        out.write_all(&bytes).expect("write an entry");
    }
    let bytes = out.finish().expect("finish the zip").into_inner();
    write(dir, name, &bytes)
}

#[test]
fn an_xlsb_cell_past_the_last_column_is_corrupt() {
    // Found by the xlsb fuzz target: the #N/A cell of tests/fixtures/contacts.xlsb moved to
    // column 67,108,864 (its four column bytes are all the file says) made row 7 a vector
    // of 67 million empty cells, 2 GB, and the allocation ended the process.
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/contacts.xlsb");
    for column in [16_384u32, 67_108_864, u32::MAX] {
        let path = rezipped(&fixture, dir.path(), "coluna.xlsb", |name, bytes| {
            if name != "xl/worksheets/sheet1.bin" {
                return;
            }
            // BrtCellError: type 0x03, 9 bytes, column 0, style 0, #N/A.
            let error_cell = [0x03, 0x09, 0, 0, 0, 0, 0, 0, 0, 0, 0x2A];
            let at = bytes
                .windows(error_cell.len())
                .position(|w| w == error_cell)
                .expect("the error cell is in the fixture");
            bytes[at + 2..at + 6].copy_from_slice(&column.to_le_bytes());
        });
        assert_eq!(detect(&path), Ok(FileKind::Xlsb));
        assert_corrupt(preview(&path, &ReadOptions::default(), 5));
        let mut reader = open(&path, &ReadOptions::default()).expect("rows above it are fine");
        let rows: Vec<_> = std::iter::from_fn(|| reader.next_row()).collect();
        assert!(
            matches!(&rows[..], [Ok(_), Ok(_), Err(ReadError::Corrupt(_))]),
            "{rows:?}"
        );
    }
}

#[test]
fn an_xlsx_cell_past_the_last_column_is_corrupt() {
    // The same through the xlsx reader, whose column comes from the cell's reference:
    // ZZZZZZ is column 321,272,406, a 10 GB row.
    let dir = tempfile::tempdir().expect("temp dir");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (row, cells) in [["Nome", "Telefone"], ["Ana", "11987654321"]]
        .iter()
        .enumerate()
    {
        for (column, text) in cells.iter().enumerate() {
            sheet
                .write_string(row as u32, column as u16, *text)
                .expect("write a cell");
        }
    }
    let source = dir.path().join("fonte.xlsx");
    workbook.save(&source).expect("save the xlsx");
    let path = rezipped(&source, dir.path(), "coluna.xlsx", |name, bytes| {
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(bytes.clone()).expect("utf-8");
            assert!(xml.contains(r#"r="B2""#), "{xml}");
            *bytes = xml.replace(r#"r="B2""#, r#"r="ZZZZZZ2""#).into_bytes();
        }
    });
    assert_eq!(detect(&path), Ok(FileKind::Xlsx));
    // The preview reads the workbook's head, then the whole file: both refuse it.
    assert_corrupt(preview(&path, &ReadOptions::default(), 5));
    match open(&path, &ReadOptions::default()) {
        Err(ReadError::Corrupt(_)) => {}
        Ok(mut reader) => assert!(
            matches!(reader.next_row(), Some(Err(ReadError::Corrupt(_)))),
            "{:?}",
            reader.table()
        ),
        Err(other) => panic!("expected Corrupt, got {other:?}"),
    }
}

// ---- ods repeats ---------------------------------------------------------------------

/// An .ods (mimetype, manifest, `content.xml`) whose one sheet holds `rows`.
fn ods_with_rows(dir: &Path, name: &str, rows: &str) -> PathBuf {
    use std::io::Write;
    let content = format!(
        r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Contatos">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (part, text) in [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", content.as_str()),
    ] {
        out.start_file(part, zip::write::SimpleFileOptions::default())
            .expect("start an entry");
        out.write_all(text.as_bytes()).expect("write an entry");
    }
    let bytes = out.finish().expect("finish the zip").into_inner();
    write(dir, name, &bytes)
}

const ODS_HEADER: &str = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Nome</text:p></table:table-cell></table:table-row>"#;

#[test]
fn an_ods_repeating_a_row_across_every_column_thousands_of_times_is_corrupt() {
    // Found while fuzzing the ods reader (by reading calamine, not by the fuzzer in its
    // 60 s): calamine expands repeated rows and columns into a dense grid, and this
    // 766-byte file took 2.7 GB before the fuzzing harness stopped it (98 million cells).
    let dir = tempfile::tempdir().expect("temp dir");
    let rows = format!(
        r#"{ODS_HEADER}<table:table-row table:number-rows-repeated="6000"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>"#
    );
    let path = ods_with_rows(dir.path(), "repetida.ods", &rows);
    assert_eq!(detect(&path), Ok(FileKind::Ods));
    assert_corrupt(sheets(&path));
    assert_corrupt(preview(&path, &ReadOptions::default(), 5));
    assert_corrupt(open(&path, &ReadOptions::default()));
}

#[test]
fn an_ods_cell_of_two_billion_spaces_is_corrupt() {
    // calamine pushes one space at a time for `text:c` (read as an i32): two billion here.
    let dir = tempfile::tempdir().expect("temp dir");
    let rows = format!(
        r#"{ODS_HEADER}<table:table-row><table:table-cell office:value-type="string"><text:p>Ana<text:s text:c="2000000000"/></text:p></table:table-cell></table:table-row>"#
    );
    let path = ods_with_rows(dir.path(), "espacos.ods", &rows);
    assert_corrupt(open(&path, &ReadOptions::default()));
}

#[test]
fn an_ods_with_blank_formatted_rows_to_the_sheet_end_still_reads() {
    // What LibreOffice writes below a formatted table: repeated empty rows and cells.
    let dir = tempfile::tempdir().expect("temp dir");
    let rows = format!(
        r#"{ODS_HEADER}<table:table-row><table:table-cell office:value-type="string"><text:p>Ana</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048574"><table:table-cell table:style-name="ce1" table:number-columns-repeated="1024"/><table:table-cell table:number-columns-repeated="15360"/></table:table-row>"#
    );
    let path = ods_with_rows(dir.path(), "formatada.ods", &rows);
    let shown = preview(&path, &ReadOptions::default(), 5).expect("an honest sheet");
    assert_eq!(shown.table.headers, ["Nome"]);
    assert_eq!(shown.rows.len(), 1);
}
