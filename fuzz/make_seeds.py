#!/usr/bin/env python3
"""Writes tiny real files of each format the importer reads, as fuzzing seeds.

    python3 fuzz/make_seeds.py CORPUS_DIR

One folder per target under CORPUS_DIR (xlsx_reader, xlsb_reader, xls_reader, ods_reader,
csv_reader), a few files in each. Nothing here is committed: the corpus folder is ignored
by git, and scripts/fuzz.sh runs this before every run (existing files are overwritten,
what the fuzzer added is kept).

- xlsx and ods are zip files of XML, built with the standard library: each once deflated
  (as Excel and LibreOffice write them) and once stored, whose XML the fuzzer can mutate
  directly (shared-string counts, dimensions, cell references, repeated rows).
- xlsb is a zip of BIFF12 records (MS-XLSB), written record by record below: workbook,
  relationships, shared strings, styles (a date format) and two worksheets with every
  cell record calamine reads (shared string, inline string, number, RK, bool, error,
  blank, formula). Stored, so the records are mutable in place.
- xls is tests/fixtures/contacts.xls (made by LibreOffice), an OLE2 container of BIFF8
  records: the fuzzer mutates record lengths, DIMENSIONS, BOUNDSHEET offsets.
- csv: the encodings and delimiters Brazilian users send (UTF-8 with a title line,
  Windows-1252 with semicolons, UTF-16 with a BOM and tabs).
"""

import os
import shutil
import struct
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
XLS_FIXTURE = os.path.join(HERE, "..", "tests", "fixtures", "contacts.xls")

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def content_types(ext, main_type, parts):
    overrides = "".join(
        f'<Override PartName="/xl/{name}" ContentType="{CT}.{typ}"/>' for name, typ in parts
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="{ext}" ContentType="{main_type}"/>'
        f"{overrides}</Types>"
    )


def relationships(targets):
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL}/{typ}" Target="{target}"/>'
        for i, (typ, target) in enumerate(targets, start=1)
    )
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{PKG_REL}">{rels}</Relationships>'


# ---- xlsx -------------------------------------------------------------------------------

XLSX_PARTS = {
    "[Content_Types].xml": content_types(
        "xml",
        "application/xml",
        [
            ("workbook.xml", "sheet.main+xml"),
            ("worksheets/sheet1.xml", "worksheet+xml"),
            ("worksheets/sheet2.xml", "worksheet+xml"),
            ("sharedStrings.xml", "sharedStrings+xml"),
            ("styles.xml", "styles+xml"),
        ],
    ),
    "_rels/.rels": relationships([("officeDocument", "xl/workbook.xml")]),
    "xl/workbook.xml": (
        f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><workbookPr date1904="false"/><sheets>'
        '<sheet name="Contatos" sheetId="1" r:id="rId1"/>'
        '<sheet name="Oculta" sheetId="2" state="hidden" r:id="rId2"/>'
        "</sheets></workbook>"
    ),
    "xl/_rels/workbook.xml.rels": relationships(
        [
            ("worksheet", "worksheets/sheet1.xml"),
            ("worksheet", "worksheets/sheet2.xml"),
            ("sharedStrings", "sharedStrings.xml"),
            ("styles", "styles.xml"),
        ]
    ),
    "xl/sharedStrings.xml": (
        f'<sst xmlns="{MAIN}" count="6" uniqueCount="6">'
        "<si><t>Nome</t></si><si><t>Telefone</t></si><si><t>Nascimento</t></si>"
        '<si><t xml:space="preserve"> Ana _x00E7_ </t></si>'
        "<si><r><t>(11) </t></r><r><t>98765-4321</t></r></si>"
        "<si><t>Lista de março</t></si>"
        "</sst>"
    ),
    "xl/styles.xml": (
        f'<styleSheet xmlns="{MAIN}"><numFmts count="1">'
        '<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
        '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs>'
        "</styleSheet>"
    ),
    "xl/worksheets/sheet1.xml": (
        f'<worksheet xmlns="{MAIN}"><dimension ref="A1:C7"/><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>5</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="s"><v>1</v></c>'
        '<c r="C3" t="s"><v>2</v></c></row>'
        '<row r="4"><c r="A4" t="s"><v>3</v></c><c r="B4"><v>5511987654321</v></c>'
        '<c r="C4" s="1"><v>45000</v></c></row>'
        '<row r="5"><c r="A5" t="inlineStr"><is><t>José</t></is></c>'
        '<c r="B5" t="str"><f>"+55"&amp;"11"</f><v>+5511</v></c><c r="C5" t="b"><v>1</v></c></row>'
        # Cells without a reference take the next column, rows without one the next row.
        '<row><c t="s"><v>3</v></c><c><v>11987654321</v></c></row>'
        '<row r="7"><c r="A7" t="e"><v>#N/A</v></c><c r="B7" t="s"><v>4</v></c>'
        '<c r="C7" t="d"><v>2024-02-29T00:00:00</v></c></row>'
        "</sheetData></worksheet>"
    ),
    "xl/worksheets/sheet2.xml": (
        f'<worksheet xmlns="{MAIN}"><sheetData>'
        '<row r="3"><c r="B3" t="s"><v>1</v></c></row>'
        '<row r="4"><c r="B4"><v>-12.5</v></c></row>'
        "</sheetData></worksheet>"
    ),
}


# ---- xlsb: BIFF12 records ---------------------------------------------------------------


def varint(value, limit):
    """A record type (2 bytes at most) or size (4 at most): 7 bits a byte, high bit = more."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            break
    assert len(out) <= limit
    return bytes(out)


def record(typ, body=b""):
    return varint(typ, 2) + varint(len(body), 4) + body


def wide(text):
    """XLWideString: a character count, then UTF-16LE."""
    data = text.encode("utf-16-le")
    return struct.pack("<I", len(data) // 2) + data


def cell(column, style=0):
    """The Cell structure every cell record starts with: column, then a 24-bit style."""
    return struct.pack("<I", column) + struct.pack("<I", style & 0xFFFFFF)


def row_header(row):
    # rw, ixfe, miyRw, three flag bytes, ccolspan = 0.
    return record(0x0000, struct.pack("<IIH", row, 0, 300) + b"\x00\x00\x00" + struct.pack("<I", 0))


def rk_integer(value):
    return struct.pack("<I", (value << 2) | 0x2)


XLSB_STRINGS = ["Nome", "Telefone", "Nascimento", " Ana ç ", "(11) 98765-4321", "Lista de março"]


def xlsb_workbook():
    sheets = b""
    for state, tab, rel, name in [(0, 1, "rId1", "Contatos"), (1, 2, "rId2", "Oculta")]:
        sheets += record(0x009C, struct.pack("<II", state, tab) + wide(rel) + wide(name))
    return (
        record(0x0083)  # BrtBeginBook
        + record(0x0080, wide("xl") + wide("7") + wide("7") + wide("27030"))  # BrtFileVersion
        + record(0x0099, struct.pack("<II", 0, 0) + wide(""))  # BrtWbProp: 1900 dates
        + record(0x008F)  # BrtBeginBundleShs
        + sheets
        + record(0x0090)  # BrtEndBundleShs
        + record(0x009D, struct.pack("<IIdI", 100, 0, 0.001, 0) + b"\x00" * 4)  # BrtCalcProp
        + record(0x0084)  # BrtEndBook
    )


def xlsb_strings():
    items = b"".join(record(0x0013, b"\x00" + wide(s)) for s in XLSB_STRINGS)  # BrtSSTItem
    count = len(XLSB_STRINGS)
    return record(0x009F, struct.pack("<II", count, count)) + items + record(0x00A0)


def xlsb_styles():
    # calamine reads the number formats, then the cell formats (index 1: a date).
    return (
        record(0x0296)  # BrtBeginStyleSheet
        + record(0x0267, struct.pack("<I", 1))  # BrtBeginFmts
        + record(0x002C, struct.pack("<H", 164) + wide("dd/mm/yyyy"))  # BrtFmt
        + record(0x0268)  # BrtEndFmts
        + record(0x0269, struct.pack("<I", 2))  # BrtBeginCellXFs
        + record(0x002F, struct.pack("<HH", 0, 0) + b"\x00" * 12)  # BrtXF: General
        + record(0x002F, struct.pack("<HH", 0, 164) + b"\x00" * 12)  # BrtXF: dd/mm/yyyy
        + record(0x026A)  # BrtEndCellXFs
        + record(0x0297)  # BrtEndStyleSheet
    )


def xlsb_sheet(dimension, rows):
    body = b"".join(row_header(r) + b"".join(cells) for r, cells in rows)
    first_row, last_row, first_col, last_col = dimension
    return (
        record(0x0081)  # BrtBeginSheet
        + record(0x0094, struct.pack("<IIII", first_row, last_row, first_col, last_col))  # BrtWsDim
        + record(0x0091)  # BrtBeginSheetData
        + body
        + record(0x0092)  # BrtEndSheetData
        + record(0x0082)  # BrtEndSheet
    )


def xlsb_parts():
    ptg_int_55 = struct.pack("<I", 3) + b"\x1e" + struct.pack("<H", 55) + struct.pack("<I", 0)
    sheet1 = xlsb_sheet(
        (0, 6, 0, 2),
        [
            (0, [record(0x0007, cell(0) + struct.pack("<I", 5))]),  # title, shared string
            (
                2,
                [
                    record(0x0007, cell(0) + struct.pack("<I", 0)),
                    record(0x0007, cell(1) + struct.pack("<I", 1)),
                    record(0x0007, cell(2) + struct.pack("<I", 2)),
                ],
            ),
            (
                3,
                [
                    record(0x0007, cell(0) + struct.pack("<I", 3)),
                    record(0x0005, cell(1) + struct.pack("<d", 5511987654321.0)),  # BrtCellReal
                    record(0x0002, cell(2, style=1) + rk_integer(45000)),  # BrtCellRk, a date
                ],
            ),
            (
                4,
                [
                    record(0x0006, cell(0) + wide("José")),  # BrtCellSt
                    record(0x0009, cell(1) + struct.pack("<dH", 55.0, 0) + ptg_int_55),  # BrtFmlaNum
                    record(0x0004, cell(2) + b"\x01"),  # BrtCellBool
                ],
            ),
            (
                6,
                [
                    record(0x0003, cell(0) + b"\x2a"),  # BrtCellError #N/A
                    record(0x0001, cell(1)),  # BrtCellBlank
                    record(0x0007, cell(2) + struct.pack("<I", 4)),
                ],
            ),
        ],
    )
    sheet2 = xlsb_sheet(
        (2, 3, 1, 1),
        [
            (2, [record(0x0007, cell(1) + struct.pack("<I", 1))]),
            (3, [record(0x0005, cell(1) + struct.pack("<d", -12.5))]),
        ],
    )
    bin_type = "application/vnd.ms-excel.sheet.binary.macroEnabled.main"
    return {
        "[Content_Types].xml": content_types(
            "bin",
            bin_type,
            [
                ("worksheets/sheet1.bin", "worksheet"),
                ("worksheets/sheet2.bin", "worksheet"),
            ],
        ),
        "_rels/.rels": relationships([("officeDocument", "xl/workbook.bin")]),
        "xl/workbook.bin": xlsb_workbook(),
        "xl/_rels/workbook.bin.rels": relationships(
            [
                ("worksheet", "worksheets/sheet1.bin"),
                ("worksheet", "worksheets/sheet2.bin"),
                ("sharedStrings", "sharedStrings.bin"),
                ("styles", "styles.bin"),
            ]
        ),
        "xl/sharedStrings.bin": xlsb_strings(),
        "xl/styles.bin": xlsb_styles(),
        "xl/worksheets/sheet1.bin": sheet1,
        "xl/worksheets/sheet2.bin": sheet2,
    }


# ---- ods --------------------------------------------------------------------------------

ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def ods_cell(kind, value, text, attrs=""):
    value_attr = f' office:{value[0]}="{value[1]}"' if value else ""
    return (
        f'<table:table-cell office:value-type="{kind}"{value_attr}{attrs}>'
        f"<text:p>{text}</text:p></table:table-cell>"
    )


def ods_parts():
    sheet1 = (
        '<table:table table:name="Contatos">'
        '<table:table-column table:number-columns-repeated="3"/>'
        '<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>'
        "<table:table-row>"
        + ods_cell("string", None, "Nome")
        + ods_cell("string", None, "Telefone")
        + ods_cell("string", None, "Nascimento")
        + "</table:table-row><table:table-row>"
        + ods_cell("string", None, "Ana")
        + ods_cell("float", ("value", "5511987654321"), "5511987654321")
        + ods_cell("date", ("date-value", "2024-02-29"), "29/02/2024")
        + "</table:table-row><table:table-row>"
        + ods_cell("string", None, "<text:s/>José<text:span>!</text:span>")
        + ods_cell("percentage", ("value", "0.5"), "50%")
        + ods_cell("boolean", ("boolean-value", "true"), "VERDADEIRO")
        + '</table:table-row><table:table-row table:number-rows-repeated="3">'
        '<table:table-cell table:number-columns-repeated="2" office:value-type="string">'
        "<text:p>Bia</text:p></table:table-cell>"
        + ods_cell("time", ("time-value", "PT14H30M00S"), "14:30")
        + "</table:table-row></table:table>"
    )
    sheet2 = (
        '<table:table table:name="Oculta" table:display="false"><table:table-row>'
        + ods_cell("string", None, "Telefone")
        + "</table:table-row><table:table-row>"
        + ods_cell("currency", ("value", "-12.5"), "-R$ 12,50")
        + "</table:table-row></table:table>"
    )
    return {
        "mimetype": "application/vnd.oasis.opendocument.spreadsheet",
        "META-INF/manifest.xml": (
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>"
        ),
        "content.xml": (
            f'<office:document-content {ODS_NS} office:version="1.2"><office:body>'
            f"<office:spreadsheet>{sheet1}{sheet2}</office:spreadsheet>"
            "</office:body></office:document-content>"
        ),
    }


# ---- csv --------------------------------------------------------------------------------

CSV_SEEDS = {
    "seed-utf8.csv": "Lista de março\n\nnome;telefone\nAna;(11) 98765-4321\n\"Bia\n2\";+5511\n".encode(),
    "seed-1252.csv": "Nome;Telefone;Cidade\r\nJoão;11 98765-4321;São Paulo\r\n".encode("cp1252"),
    "seed-utf16.csv": "\ufeffnome\ttelefone\nAna\t5511987654321\n".encode("utf-16-le"),
    "seed-comma.csv": b'name,phone,"notes, quoted"\nAna,+55 11 98765-4321,"say ""hi"""\n',
}


def write_zip(path, parts, method):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            if isinstance(data, str):
                data = data.encode("utf-8")
            # ODF wants `mimetype` first and stored.
            # A fixed date: the same bytes on every run.
            entry = zipfile.ZipInfo(name, date_time=(2024, 3, 1, 12, 0, 0))
            entry.compress_type = zipfile.ZIP_STORED if name == "mimetype" else method
            z.writestr(entry, data)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    root = sys.argv[1]

    def folder(target):
        path = os.path.join(root, target)
        os.makedirs(path, exist_ok=True)
        return path

    xlsx = folder("xlsx_reader")
    write_zip(os.path.join(xlsx, "seed-deflated.xlsx"), XLSX_PARTS, zipfile.ZIP_DEFLATED)
    write_zip(os.path.join(xlsx, "seed-stored.xlsx"), XLSX_PARTS, zipfile.ZIP_STORED)

    xlsb = folder("xlsb_reader")
    write_zip(os.path.join(xlsb, "seed-deflated.xlsb"), xlsb_parts(), zipfile.ZIP_DEFLATED)
    write_zip(os.path.join(xlsb, "seed-stored.xlsb"), xlsb_parts(), zipfile.ZIP_STORED)

    ods = folder("ods_reader")
    write_zip(os.path.join(ods, "seed-deflated.ods"), ods_parts(), zipfile.ZIP_DEFLATED)
    write_zip(os.path.join(ods, "seed-stored.ods"), ods_parts(), zipfile.ZIP_STORED)

    shutil.copy(XLS_FIXTURE, os.path.join(folder("xls_reader"), "seed-libreoffice.xls"))

    csv = folder("csv_reader")
    for name, data in CSV_SEEDS.items():
        with open(os.path.join(csv, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
