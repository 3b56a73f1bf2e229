//! `import::read` against real files: spreadsheets written by rust_xlsxwriter and
//! spreadsheet-ods into a temporary folder, CSV bytes in each encoding Brazilian users
//! send, a .xls made by LibreOffice, and files that only pretend to be spreadsheets.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};
use whats_tip::import::read::{
    detect, open, preview, sheets, Cell, FileKind, ReadError, ReadOptions, Row, RowReader,
};

/// What a test spreadsheet cell holds.
enum V {
    S(&'static str),
    N(f64),
    /// A date with a day-month-year format, as Brazilian sheets show it.
    D(u16, u8, u8),
}
use V::{D, N, S};

/// Rows of a test sheet: `(0-based row index, cells from column A)`.
type SheetRows = Vec<(u32, Vec<V>)>;

fn write_sheet(sheet: &mut Worksheet, rows: &SheetRows) {
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (row, cells) in rows {
        for (col, value) in cells.iter().enumerate() {
            let col = col as u16;
            match value {
                S(text) => sheet.write_string(*row, col, *text).map(|_| ()),
                N(n) => sheet.write_number(*row, col, *n).map(|_| ()),
                D(y, m, d) => sheet
                    .write_datetime_with_format(
                        *row,
                        col,
                        ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
                        &date,
                    )
                    .map(|_| ()),
            }
            .unwrap();
        }
    }
}

/// Writes an xlsx with the given sheets.
fn xlsx(dir: &Path, file: &str, sheets: &[(&str, SheetRows)]) -> PathBuf {
    let mut workbook = Workbook::new();
    for (name, rows) in sheets {
        let mut sheet = Worksheet::new();
        sheet.set_name(*name).unwrap();
        write_sheet(&mut sheet, rows);
        workbook.push_worksheet(sheet);
    }
    let path = dir.join(file);
    workbook.save(&path).unwrap();
    path
}

fn write(dir: &Path, file: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(file);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn all_rows(reader: RowReader) -> Vec<Row> {
    reader.map(Result::unwrap).collect()
}

fn text(value: &str) -> Cell {
    Cell::Text(value.to_owned())
}

fn defaults() -> ReadOptions {
    ReadOptions::default()
}

/// The sheet exported by a typical shop: report title, blank row, then the table.
fn contacts_sheet() -> SheetRows {
    vec![
        (0, vec![S("Relatório de clientes - Março")]),
        (
            2,
            vec![S("Nome"), S("Telefone"), S("Cidade"), S("Nascimento")],
        ),
        (
            3,
            vec![
                S("João Silva"),
                N(11987654321.0),
                S("São Paulo"),
                D(1990, 5, 20),
            ],
        ),
        (
            4,
            vec![
                S("Maria Souza"),
                N(2.1987654321e10),
                S("Rio"),
                D(1985, 12, 1),
            ],
        ),
        // Row 6 (index 5) is left blank between data rows.
        (6, vec![S("Ana Lima"), S("(31) 98765-4321")]),
    ]
}

#[test]
fn xlsx_with_a_title_and_a_blank_row_above_the_header() {
    let dir = tempfile::tempdir().unwrap();
    let path = xlsx(
        dir.path(),
        "clientes.xlsx",
        &[("Planilha1", contacts_sheet())],
    );
    assert_eq!(detect(&path), Ok(FileKind::Xlsx));

    let reader = open(&path, &defaults()).unwrap();
    assert_eq!(reader.kind(), FileKind::Xlsx);
    assert_eq!(reader.header_row(), Some(2), "the header is Excel row 3");
    assert_eq!(
        reader.headers(),
        ["Nome", "Telefone", "Cidade", "Nascimento"]
    );
    assert_eq!(reader.table().sheet, "Planilha1");
    let rows = all_rows(reader);
    // Row numbers are Excel's: the blank row 6 is skipped but not renumbered.
    assert_eq!(rows.iter().map(|r| r.number).collect::<Vec<_>>(), [4, 5, 7]);
    // Phones typed as numbers stay numbers, scientific notation included; dates become ISO.
    assert_eq!(
        rows[0].cells,
        [
            text("João Silva"),
            Cell::Number(11987654321.0),
            text("São Paulo"),
            Cell::Date("1990-05-20".into())
        ]
    );
    assert_eq!(rows[1].cells[1], Cell::Number(21987654321.0));
    assert_eq!(rows[1].cells[3], Cell::Date("1985-12-01".into()));
    // Trailing empty cells are dropped: Ana has two cells, not four.
    assert_eq!(rows[2].cells, [text("Ana Lima"), text("(31) 98765-4321")]);
}

#[test]
fn progress_counts_the_rows_handed_out() {
    let dir = tempfile::tempdir().unwrap();
    let path = xlsx(
        dir.path(),
        "clientes.xlsx",
        &[("Planilha1", contacts_sheet())],
    );
    let mut reader = open(&path, &defaults()).unwrap();
    assert_eq!(reader.progress().rows_read, 0);
    reader.next_row().unwrap().unwrap();
    reader.next_row().unwrap().unwrap();
    let progress = reader.progress();
    assert_eq!(progress.rows_read, 2);
    assert_eq!(progress.bytes_total, None, "byte progress is for CSV only");
}

#[test]
fn a_workbook_with_several_sheets_lists_them_and_reads_the_one_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let resumo = vec![(0, vec![S("Total"), N(3.0)])];
    let path = xlsx(
        dir.path(),
        "loja.xlsx",
        &[("Resumo", resumo), ("Clientes", contacts_sheet())],
    );
    let listed = sheets(&path).unwrap();
    let names: Vec<&str> = listed.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Resumo", "Clientes"]);
    // The used area of Clientes runs from row 1 to row 7.
    assert_eq!(listed[1].rows_hint, Some(7));

    let chosen = ReadOptions {
        sheet: Some("Clientes".into()),
        ..defaults()
    };
    let reader = open(&path, &chosen).unwrap();
    assert_eq!(reader.table().sheet, "Clientes");
    assert_eq!(reader.headers()[0], "Nome");
    assert_eq!(all_rows(reader).len(), 3);

    // Without a choice, the first sheet: a header-like row with one data row below it.
    let first = open(&path, &defaults()).unwrap();
    assert_eq!(first.table().sheet, "Resumo");

    let missing = ReadOptions {
        sheet: Some("Fornecedores".into()),
        ..defaults()
    };
    assert_eq!(
        open(&path, &missing).unwrap_err(),
        ReadError::SheetNotFound("Fornecedores".into())
    );
}

#[test]
fn ods_from_libreoffice() {
    use spreadsheet_ods::{Sheet, WorkBook};
    let dir = tempfile::tempdir().unwrap();
    let mut book = WorkBook::new_empty();
    let mut sheet = Sheet::new("Contatos");
    sheet.set_value(0, 0, "Lista de contatos");
    sheet.set_value(2, 0, "Nome");
    sheet.set_value(2, 1, "Celular");
    sheet.set_value(3, 0, "Conceição");
    sheet.set_value(3, 1, 11987654321.0);
    sheet.set_value(4, 0, "Zé");
    sheet.set_value(4, 1, "11 98888-7777");
    book.push_sheet(sheet);
    let path = dir.path().join("contatos.ods");
    spreadsheet_ods::write_ods(&mut book, &path).unwrap();

    assert_eq!(detect(&path), Ok(FileKind::Ods));
    let listed = sheets(&path).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].name, "Contatos");
    let reader = open(&path, &defaults()).unwrap();
    assert_eq!(reader.header_row(), Some(2));
    assert_eq!(reader.headers(), ["Nome", "Celular"]);
    let rows = all_rows(reader);
    assert_eq!(rows[0].number, 4);
    assert_eq!(
        rows[0].cells,
        [text("Conceição"), Cell::Number(11987654321.0)]
    );
    assert_eq!(rows[1].cells, [text("Zé"), text("11 98888-7777")]);
}

/// `tests/fixtures/contacts.xls` was made with LibreOffice 7.4 from this CSV (UTF-8, `;`):
///
/// ```text
/// Relatório de clientes - Março
///
/// Nome;Telefone;Cidade
/// João Silva;11987654321;São Paulo
/// Maria Souza;21987654321;Rio de Janeiro
/// ```
///
/// with `soffice --headless --infilter="CSV:59,34,76,1" --convert-to xls contacts.csv`
/// (LibreOffice types the phone columns as numbers, as Excel would).
#[test]
fn xls_made_by_libreoffice() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/contacts.xls");
    assert_eq!(detect(&path), Ok(FileKind::Xls));
    assert_eq!(sheets(&path).unwrap()[0].rows_hint, Some(5));
    let reader = open(&path, &defaults()).unwrap();
    assert_eq!(reader.header_row(), Some(2));
    assert_eq!(reader.headers(), ["Nome", "Telefone", "Cidade"]);
    let rows = all_rows(reader);
    assert_eq!(rows.iter().map(|r| r.number).collect::<Vec<_>>(), [4, 5]);
    assert_eq!(
        rows[0].cells,
        [
            text("João Silva"),
            Cell::Number(11987654321.0),
            text("São Paulo")
        ]
    );
    let shown = preview(&path, &defaults(), 1).unwrap();
    assert_eq!(shown.rows, rows[..1]);
}

/// `tests/fixtures/contacts.xlsb` is `seed-deflated.xlsb` from `python3 fuzz/make_seeds.py`,
/// which writes the BIFF12 records one by one (MS-XLSB): a title in row 1, the header in
/// row 3, a shared string, a number, an RK date (45000 with a dd/mm/yyyy style), an
/// inline string, a formula, a bool, an error, a blank cell; a second, hidden sheet.
#[test]
fn xlsb_written_record_by_record() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/contacts.xlsb");
    assert_eq!(detect(&path), Ok(FileKind::Xlsb));
    let listed: Vec<(String, Option<u64>)> = sheets(&path)
        .unwrap()
        .into_iter()
        .map(|s| (s.name, s.rows_hint))
        .collect();
    assert_eq!(
        listed,
        [
            ("Contatos".to_owned(), Some(7)),
            ("Oculta".to_owned(), Some(2))
        ]
    );
    let reader = open(&path, &defaults()).unwrap();
    assert_eq!(reader.table().sheet, "Contatos");
    assert_eq!(reader.header_row(), Some(2));
    assert_eq!(reader.headers(), ["Nome", "Telefone", "Nascimento"]);
    let rows = all_rows(reader);
    assert_eq!(rows.iter().map(|r| r.number).collect::<Vec<_>>(), [4, 5, 7]);
    assert_eq!(
        rows[0].cells,
        [
            text(" Ana ç "),
            Cell::Number(5511987654321.0),
            Cell::Date("2023-03-15".to_owned())
        ]
    );
    assert_eq!(
        rows[1].cells,
        [text("José"), Cell::Number(55.0), Cell::Bool(true)]
    );
    assert_eq!(
        rows[2].cells,
        [
            Cell::Error("#N/A".to_owned()),
            Cell::Empty,
            text("(11) 98765-4321")
        ]
    );
    assert_eq!(preview(&path, &defaults(), 50).unwrap().rows, rows);
    let hidden = ReadOptions {
        sheet: Some("Oculta".to_owned()),
        ..defaults()
    };
    let reader = open(&path, &hidden).unwrap();
    assert_eq!(reader.headers(), ["", "Telefone"]);
    let rows = all_rows(reader);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].number, 4);
    assert_eq!(rows[0].cells, [Cell::Empty, Cell::Number(-12.5)]);
}

const BRAZILIAN_ROWS: &str = "nome;sobrenome;cidade\r\nJoão;Conceição;São Paulo\r\n";

fn expect_brazilian_rows(path: &Path, encoding: &str) {
    assert_eq!(detect(path), Ok(FileKind::Csv), "{encoding}");
    let reader = open(path, &defaults()).unwrap();
    let format = reader.table().csv.clone().unwrap();
    assert_eq!(format.encoding, encoding);
    assert_eq!(format.delimiter, ';');
    assert_eq!(
        reader.headers(),
        ["nome", "sobrenome", "cidade"],
        "{encoding}"
    );
    let rows = all_rows(reader);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].cells,
        [text("João"), text("Conceição"), text("São Paulo")],
        "{encoding}"
    );
    assert_eq!(rows[0].number, 2);
}

#[test]
fn csv_in_every_encoding_brazilian_users_send() {
    let dir = tempfile::tempdir().unwrap();
    let utf8 = write(dir.path(), "utf8.csv", BRAZILIAN_ROWS.as_bytes());
    expect_brazilian_rows(&utf8, "UTF-8");

    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(BRAZILIAN_ROWS.as_bytes());
    let utf8_bom = write(dir.path(), "bom.csv", &bom);
    expect_brazilian_rows(&utf8_bom, "UTF-8");
    // The BOM does not stick to the first header.
    assert_eq!(open(&utf8_bom, &defaults()).unwrap().headers()[0], "nome");

    // Excel's "CSV (separado por vírgulas)" on a Brazilian Windows: Windows-1252.
    let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(BRAZILIAN_ROWS);
    assert!(!unmappable);
    let latin = write(dir.path(), "excel.csv", &cp1252);
    expect_brazilian_rows(&latin, "windows-1252");

    let mut le = vec![0xFF, 0xFE];
    le.extend(BRAZILIAN_ROWS.encode_utf16().flat_map(u16::to_le_bytes));
    let utf16le = write(dir.path(), "unicode.txt", &le);
    expect_brazilian_rows(&utf16le, "UTF-16LE");

    let mut be = vec![0xFE, 0xFF];
    be.extend(BRAZILIAN_ROWS.encode_utf16().flat_map(u16::to_be_bytes));
    let utf16be = write(dir.path(), "unicode-be.txt", &be);
    expect_brazilian_rows(&utf16be, "UTF-16BE");
}

#[test]
fn csv_with_each_delimiter() {
    let dir = tempfile::tempdir().unwrap();
    for (delimiter, name) in [
        (',', "virgula"),
        (';', "ponto-e-virgula"),
        ('\t', "tab"),
        ('|', "pipe"),
    ] {
        let body = "nome_telefone_valor\nJoão_11987654321_10\nAna_21987654321_7\n"
            .replace('_', &delimiter.to_string());
        let path = write(dir.path(), &format!("{name}.csv"), body.as_bytes());
        let reader = open(&path, &defaults()).unwrap();
        assert_eq!(reader.table().csv.as_ref().unwrap().delimiter, delimiter);
        assert_eq!(reader.headers(), ["nome", "telefone", "valor"], "{name}");
        let rows = all_rows(reader);
        assert_eq!(
            rows[1].cells,
            [text("Ana"), text("21987654321"), text("7")],
            "{name}"
        );
    }
    // Decimal commas inside a semicolon file do not fool the guess.
    let money = write(
        dir.path(),
        "valores.csv",
        b"nome;valor;telefone\nJo\xE3o;1,50;11987654321\nAna;2,75;21987654321\n",
    );
    let rows = all_rows(open(&money, &defaults()).unwrap());
    assert_eq!(rows[0].cells[1], text("1,50"));
}

#[test]
fn quoted_fields_with_line_breaks_and_doubled_quotes_keep_excel_row_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let body = "Clientes ativos\r\n\
                \r\n\
                nome;observação;telefone\r\n\
                \"Silva; João\";\"mora na\r\nRua A, 12\";11987654321\r\n\
                \r\n\
                \"Ana \"\"Aninha\"\"\";;21987654321\r\n\
                Rui;x;31987654321";
    let path = write(dir.path(), "quoted.csv", body.as_bytes());
    let reader = open(&path, &defaults()).unwrap();
    assert_eq!(reader.header_row(), Some(2));
    assert_eq!(reader.headers(), ["nome", "observação", "telefone"]);
    let rows = all_rows(reader);
    // Excel shows: row 4 the two-line cell, row 5 blank, row 6 Ana, row 7 Rui.
    assert_eq!(rows.iter().map(|r| r.number).collect::<Vec<_>>(), [4, 6, 7]);
    assert_eq!(
        rows[0].cells,
        [
            text("Silva; João"),
            text("mora na\r\nRua A, 12"),
            text("11987654321")
        ]
    );
    assert_eq!(
        rows[1].cells,
        [text("Ana \"Aninha\""), Cell::Empty, text("21987654321")]
    );
}

#[test]
fn ragged_csv_rows_are_kept_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "ragged.csv",
        b"nome;telefone;cidade\nJo\xE3o;11987654321\nAna;21987654321;Rio;extra\n",
    );
    let rows = all_rows(open(&path, &defaults()).unwrap());
    assert_eq!(rows[0].cells.len(), 2);
    assert_eq!(rows[1].cells.len(), 4);
    assert_eq!(rows[1].cells[3], text("extra"));
}

#[test]
fn a_bare_list_of_numbers_has_no_header_and_loses_no_contact() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "numeros.txt", b"11987654321\n21987654321\n");
    let reader = open(&path, &defaults()).unwrap();
    assert_eq!(reader.header_row(), None);
    assert!(reader.headers().is_empty());
    let rows = all_rows(reader);
    assert_eq!(
        rows[0],
        Row {
            number: 1,
            cells: vec![text("11987654321")]
        }
    );
    assert_eq!(rows.len(), 2);
}

#[test]
fn empty_files_and_header_only_files() {
    let dir = tempfile::tempdir().unwrap();
    let empty_xlsx = write(dir.path(), "vazio.xlsx", b"");
    assert_eq!(detect(&empty_xlsx), Err(ReadError::Empty));
    assert_eq!(
        open(&empty_xlsx, &defaults()).unwrap_err(),
        ReadError::Empty
    );
    let empty_csv = write(dir.path(), "vazio.csv", b"");
    assert_eq!(open(&empty_csv, &defaults()).unwrap_err(), ReadError::Empty);
    let blank_lines = write(dir.path(), "branco.csv", b"\r\n;;\r\n  \r\n");
    assert_eq!(
        open(&blank_lines, &defaults()).unwrap_err(),
        ReadError::Empty
    );
    let empty_sheet = xlsx(dir.path(), "sem-dados.xlsx", &[("Planilha1", vec![])]);
    assert_eq!(
        open(&empty_sheet, &defaults()).unwrap_err(),
        ReadError::Empty
    );

    let header_csv = write(dir.path(), "cabecalho.csv", b"nome;telefone\r\n\r\n");
    assert_eq!(
        open(&header_csv, &defaults()).unwrap_err(),
        ReadError::NoRows
    );
    let header_xlsx = xlsx(
        dir.path(),
        "cabecalho.xlsx",
        &[("Planilha1", vec![(0, vec![S("Nome"), S("Telefone")])])],
    );
    assert_eq!(
        open(&header_xlsx, &defaults()).unwrap_err(),
        ReadError::NoRows
    );
    assert_eq!(
        preview(&header_xlsx, &defaults(), 5).unwrap_err(),
        ReadError::NoRows
    );
}

#[test]
fn files_that_only_pretend_to_be_spreadsheets() {
    let dir = tempfile::tempdir().unwrap();
    let png = write(
        dir.path(),
        "foto.xlsx",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0",
    );
    match detect(&png) {
        Err(ReadError::Unsupported { detected }) => assert!(detected.contains("PNG"), "{detected}"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        open(&png, &defaults()),
        Err(ReadError::Unsupported { .. })
    ));

    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let random = write(dir.path(), "dados.xlsx", &noise);
    assert!(matches!(
        detect(&random),
        Err(ReadError::Unsupported { .. })
    ));

    // A real workbook cut in half (an interrupted download).
    let whole = xlsx(
        dir.path(),
        "inteiro.xlsx",
        &[("Planilha1", contacts_sheet())],
    );
    let bytes = std::fs::read(&whole).unwrap();
    let truncated = write(dir.path(), "cortado.xlsx", &bytes[..bytes.len() / 2]);
    assert!(matches!(
        open(&truncated, &defaults()),
        Err(ReadError::Corrupt(_))
    ));

    // A CSV saved with an .xlsx name is read as the CSV it is.
    let csv = write(dir.path(), "renomeado.xlsx", b"nome;telefone\nAna;119\n");
    assert_eq!(detect(&csv), Ok(FileKind::Csv));
    assert_eq!(all_rows(open(&csv, &defaults()).unwrap()).len(), 1);

    assert_eq!(
        detect(&dir.path().join("nao-existe.csv")),
        Err(ReadError::NotFound)
    );
}

/// A minimal OLE2 (Compound File) container shaped like an Office file encrypted with a
/// password: a root entry and the `EncryptionInfo` and `EncryptedPackage` streams, which is
/// what Excel writes instead of a zip when "Protect with password" is used. The streams
/// are empty: detection only needs the directory. Built by hand because no writer for
/// encrypted xlsx is among the dependencies.
fn encrypted_office_file() -> Vec<u8> {
    const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
    const FREE: u32 = 0xFFFF_FFFF;
    let mut header = vec![0u8; 512];
    header[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    let mut put16 = |at: usize, v: u16| header[at..at + 2].copy_from_slice(&v.to_le_bytes());
    put16(24, 0x003E); // minor version
    put16(26, 0x0003); // major version 3: 512-byte sectors
    put16(28, 0xFFFE); // byte order
    put16(30, 9); // sector shift
    put16(32, 6); // mini sector shift
    let mut put32 = |at: usize, v: u32| header[at..at + 4].copy_from_slice(&v.to_le_bytes());
    put32(44, 1); // one FAT sector
    put32(48, 1); // the directory starts at sector 1
    put32(56, 0x1000); // mini stream cutoff
    put32(60, END_OF_CHAIN); // no mini FAT
    put32(68, END_OF_CHAIN); // no extra DIFAT sectors
    put32(76, 0); // the FAT is sector 0
    for i in 1..109 {
        put32(76 + i * 4, FREE);
    }

    // Sector 0, the FAT: itself, then the one-sector directory chain.
    let mut fat: Vec<u8> = [0xFFFF_FFFD, END_OF_CHAIN]
        .into_iter()
        .chain(std::iter::repeat_n(FREE, 126))
        .flat_map(u32::to_le_bytes)
        .collect();

    // Sector 1, the directory: four 128-byte entries.
    let entry = |name: &str, kind: u8, right: u32, child: u32| {
        let mut e = vec![0u8; 128];
        let units: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        e[..units.len()].copy_from_slice(&units);
        e[64..66].copy_from_slice(&((units.len() + 2) as u16).to_le_bytes());
        e[66] = kind;
        e[67] = 1; // black
        e[68..72].copy_from_slice(&FREE.to_le_bytes()); // left sibling
        e[72..76].copy_from_slice(&right.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&END_OF_CHAIN.to_le_bytes()); // start sector
        e
    };
    let mut file = header;
    file.append(&mut fat);
    file.extend(entry("Root Entry", 5, FREE, 1));
    file.extend(entry("EncryptionInfo", 2, 2, FREE));
    file.extend(entry("EncryptedPackage", 2, FREE, FREE));
    file.extend(vec![0u8; 128]);
    file
}

#[test]
fn password_protected_workbooks_are_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "senha.xlsx", &encrypted_office_file());
    assert_eq!(detect(&path), Err(ReadError::PasswordProtected));
    assert_eq!(sheets(&path).unwrap_err(), ReadError::PasswordProtected);
    assert_eq!(
        open(&path, &defaults()).unwrap_err(),
        ReadError::PasswordProtected
    );
}

#[test]
fn oversized_cells_stop_the_read_with_their_position() {
    let dir = tempfile::tempdir().unwrap();
    let small = ReadOptions {
        max_cell_chars: 20,
        ..defaults()
    };
    let long = "x".repeat(50).leak();
    let sheet = xlsx(
        dir.path(),
        "longo.xlsx",
        &[(
            "Planilha1",
            vec![
                (0, vec![S("Nome"), S("Obs")]),
                (1, vec![S("Ana"), S("curta")]),
                (2, vec![S("Rui"), S(long)]),
            ],
        )],
    );
    let mut reader = open(&sheet, &small).unwrap();
    assert_eq!(reader.next_row().unwrap().unwrap().number, 2);
    assert_eq!(
        reader.next_row().unwrap().unwrap_err(),
        ReadError::CellTooLarge { row: 3, column: 2 }
    );
    // The default limit takes the same cell in its stride.
    assert_eq!(all_rows(open(&sheet, &defaults()).unwrap()).len(), 2);

    // CSV: a field just over the limit, reported exactly.
    let csv = format!("nome;obs\nAna;curta\nRui;{}\n", "ç".repeat(21));
    let path = write(dir.path(), "longo.csv", csv.as_bytes());
    let mut reader = open(&path, &small).unwrap();
    assert_eq!(reader.next_row().unwrap().unwrap().number, 2);
    assert_eq!(
        reader.next_row().unwrap().unwrap_err(),
        ReadError::CellTooLarge { row: 3, column: 2 }
    );
    assert!(
        reader.next_row().is_none(),
        "the reader ends after an error"
    );

    // An unclosed quote would swallow the rest of a 2 MB file into one field; reading stops
    // as soon as the field passes the limit.
    let mut runaway = b"nome;obs\nAna;curta\nRui;\"nunca fecha\n".to_vec();
    runaway.extend("Bia;ok\n".repeat(300_000).as_bytes());
    let path = write(dir.path(), "aspas.csv", &runaway);
    let mut reader = open(&path, &small).unwrap();
    assert_eq!(reader.next_row().unwrap().unwrap().number, 2);
    assert_eq!(
        reader.next_row().unwrap().unwrap_err(),
        ReadError::CellTooLarge { row: 3, column: 2 }
    );
    assert!(reader.progress().bytes_read.unwrap() < 1024 * 1024);
}

#[test]
fn preview_of_a_200k_row_csv_reads_only_its_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = String::from("Exportado do sistema\n\nnome;telefone;cidade\n");
    for i in 0..200_000 {
        body.push_str(&format!("Cliente {i};119{i:08};São Paulo\n"));
    }
    let path = write(dir.path(), "grande.csv", body.as_bytes());

    let shown = preview(&path, &defaults(), 10).unwrap();
    assert_eq!(shown.table.header_row, Some(2));
    assert_eq!(shown.table.headers, ["nome", "telefone", "cidade"]);
    assert_eq!(shown.rows.len(), 10);
    assert_eq!(shown.rows[0].number, 4);
    assert_eq!(shown.rows[9].number, 13);
    assert_eq!(
        shown.rows[9].cells,
        [text("Cliente 9"), text("11900000009"), text("São Paulo")]
    );

    // Streaming, not slurping: after the first rows, only a window of the file was read.
    let mut reader = open(&path, &defaults()).unwrap();
    reader.next_row().unwrap().unwrap();
    let progress = reader.progress();
    assert_eq!(progress.bytes_total, Some(body.len() as u64));
    assert!(progress.bytes_read.unwrap() < 256 * 1024, "{progress:?}");
    // And the end of the file comes out with the right numbers.
    let last = reader.last().unwrap().unwrap();
    assert_eq!(last.number, 200_003);
}

#[test]
fn xlsx_preview_stops_early_and_matches_a_full_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = vec![
        (0, vec![S("Relatório")]),
        (1, vec![S("Nome"), S("Telefone"), S("Desde")]),
    ];
    for i in 0..20_000u32 {
        rows.push((
            i + 2,
            vec![
                S("Cliente"),
                N(11_900_000_000.0 + f64::from(i)),
                D(2020, 1, 31),
            ],
        ));
    }
    let path = xlsx(dir.path(), "grande.xlsx", &[("Planilha1", rows)]);

    let shown = preview(&path, &defaults(), 5).unwrap();
    assert_eq!(shown.table.header_row, Some(1));
    assert_eq!(shown.table.headers, ["Nome", "Telefone", "Desde"]);
    assert_eq!(shown.rows.len(), 5);
    let full: Vec<Row> = open(&path, &defaults())
        .unwrap()
        .take(5)
        .map(Result::unwrap)
        .collect();
    assert_eq!(shown.rows, full);
    assert_eq!(full[0].number, 3);
    assert_eq!(full[0].cells[2], Cell::Date("2020-01-31".into()));
}

/// Rewrites the xlsx at `path` with its shared-strings table cut short and left unclosed,
/// as if its end were damaged: only a reader that stops early can still read it.
fn damage_the_end_of_the_shared_strings(path: &Path) {
    use std::io::{Read, Write};
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        if name.ends_with("sharedStrings.xml") {
            let text = String::from_utf8(content).unwrap();
            let keep = text.len() * 3 / 4;
            let cut = text[..keep].rfind("<si>").unwrap();
            content = format!("{}<si><t>quebr", &text[..cut]).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&content).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

/// 5 000 contacts below a title, every name and e-mail a string of its own.
fn many_strings_sheet() -> SheetRows {
    let names: Vec<&'static str> = (0..5_000)
        .map(|i| &*Box::leak(format!("Cliente {i}").into_boxed_str()))
        .collect();
    let mut rows = vec![
        (0, vec![S("Relatório")]),
        (2, vec![S("Nome"), S("Telefone"), S("Bairro")]),
    ];
    for (i, name) in names.into_iter().enumerate() {
        let i = i as u32;
        rows.push((
            i + 3,
            vec![S(name), N(11_900_000_000.0 + f64::from(i)), S("Centro")],
        ));
    }
    rows
}

#[test]
fn xlsx_preview_and_sheet_list_read_only_the_head_of_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let path = xlsx(
        dir.path(),
        "grande.xlsx",
        &[
            ("Clientes", many_strings_sheet()),
            ("Outra", vec![(0, vec![S("x")])]),
        ],
    );
    let expected = preview(&path, &defaults(), 50).unwrap();
    let full: Vec<Row> = open(&path, &defaults())
        .unwrap()
        .take(50)
        .map(Result::unwrap)
        .collect();
    assert_eq!(expected.rows, full);
    let listed = sheets(&path).unwrap();

    damage_the_end_of_the_shared_strings(&path);
    // Reading every row needs the whole table: the damage shows.
    assert!(
        matches!(open(&path, &defaults()), Err(ReadError::Corrupt(_))),
        "the damaged workbook still opened whole"
    );
    // The preview and the sheet list only need the first strings.
    let shown = preview(&path, &defaults(), 50).unwrap();
    assert_eq!(shown, expected);
    assert_eq!(shown.table.header_row, Some(2));
    assert_eq!(shown.rows[0].cells[0], text("Cliente 0"));
    assert_eq!(shown.rows[49].number, 53);
    assert_eq!(sheets(&path).unwrap(), listed);
    assert_eq!(listed[0].rows_hint, Some(5_003));
}

#[test]
fn xlsx_preview_past_many_blank_rows_matches_a_full_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut sheet = Worksheet::new();
    // 300 empty rows with a height of their own: Excel writes each as a <row> element
    // with no cells, more than the head of the workbook keeps.
    for row in 0..300 {
        sheet.set_row_height(row, 30).unwrap();
    }
    let mut rows = vec![(300, vec![S("Nome"), S("Telefone")])];
    for i in 0..100u32 {
        rows.push((301 + i, vec![S("Ana"), N(11_900_000_000.0 + f64::from(i))]));
    }
    write_sheet(&mut sheet, &rows);
    let mut workbook = Workbook::new();
    workbook.push_worksheet(sheet);
    let path = dir.path().join("espacos.xlsx");
    workbook.save(&path).unwrap();

    let shown = preview(&path, &defaults(), 20).unwrap();
    assert_eq!(shown.table.header_row, Some(300));
    let full: Vec<Row> = open(&path, &defaults())
        .unwrap()
        .take(20)
        .map(Result::unwrap)
        .collect();
    assert_eq!(shown.rows, full);
    assert_eq!(shown.rows[0].number, 302);
}
