//! Finding the header row, which is not always row 1: exports often start with a report
//! title, a date line and blank rows.

use super::cell::{Cell, Row};

/// How many non-blank rows may come before the header.
pub(crate) const SCAN_ROWS: usize = 20;
/// How many rows after a candidate show the table's real width.
pub(crate) const LOOKAHEAD: usize = 5;

/// The index in `rows` (non-blank rows in file order) of the first that looks like a
/// header, or `None` for a list without one (a bare column of phone numbers).
///
/// When the next row looks like a header too, the wider one wins (a title sits above the
/// real header); at equal width, the one directly above a phone number (a one-column list
/// under a one-cell title).
pub(crate) fn find(rows: &[Row]) -> Option<usize> {
    let candidate = |i: usize| {
        i < rows.len().min(SCAN_ROWS) && {
            let end = rows.len().min(i + 1 + LOOKAHEAD);
            looks_like_header(&rows[i], &rows[i + 1..end])
        }
    };
    let mut at = (0..rows.len().min(SCAN_ROWS)).find(|&i| candidate(i))?;
    while candidate(at + 1) {
        let (here, next) = (width(&rows[at]), width(&rows[at + 1]));
        let phone_after_next = rows
            .get(at + 2)
            .is_some_and(|r| r.cells.iter().any(is_phone_like));
        if here < next || (here == next && phone_after_next) {
            at += 1;
        } else {
            break;
        }
    }
    Some(at)
}

/// A header is mostly labels (text that is not a number), has nothing shaped like a
/// phone number, and is about as wide as the rows after it (two thirds of the widest, so
/// an unlabelled notes column is tolerated): a title row ("Relatório de clientes - Março")
/// is one cell above a table of several.
fn looks_like_header(row: &Row, following: &[Row]) -> bool {
    let filled: Vec<&Cell> = row.cells.iter().filter(|c| !c.is_blank()).collect();
    if filled.is_empty() || filled.iter().any(|c| is_phone_like(c)) {
        return false;
    }
    let labels = filled.iter().filter(|c| is_label(c)).count();
    if labels * 3 < filled.len() * 2 {
        return false;
    }
    let widest_after = following.iter().map(width).max().unwrap_or(0);
    filled.len() * 3 >= widest_after * 2
}

fn width(row: &Row) -> usize {
    row.cells.iter().filter(|c| !c.is_blank()).count()
}

/// Text a person would write as a column name: not a number typed as text.
fn is_label(cell: &Cell) -> bool {
    match cell {
        Cell::Text(text) => !looks_numeric(text),
        Cell::Empty | Cell::Number(_) | Cell::Bool(_) | Cell::Date(_) | Cell::Error(_) => false,
    }
}

fn looks_numeric(text: &str) -> bool {
    let text = text.trim();
    text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().,/eE".contains(c))
}

/// Eight or more digits, as a number or as text made of digits and phone punctuation
/// ("(11) 98765-4321", "+55 11 98765 4321", 11987654321, 1.19876543E10).
fn is_phone_like(cell: &Cell) -> bool {
    match cell {
        Cell::Number(n) => n.abs() >= 1e7,
        Cell::Text(text) => {
            looks_numeric(text) && text.chars().filter(char::is_ascii_digit).count() >= 8
        }
        Cell::Empty | Cell::Bool(_) | Cell::Date(_) | Cell::Error(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(number: usize, cells: &[&str]) -> Row {
        Row {
            number,
            cells: cells
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text((*c).to_owned())
                    }
                })
                .collect(),
        }
    }

    #[test]
    fn the_first_row_is_the_header_of_a_plain_table() {
        let rows = [
            row(1, &["Nome", "Telefone"]),
            row(2, &["João", "(11) 98765-4321"]),
        ];
        assert_eq!(find(&rows), Some(0));
    }

    #[test]
    fn titles_and_date_lines_are_skipped() {
        let rows = [
            row(1, &["Relatório de clientes - Março"]),
            row(2, &["Gerado em 01/03/2024", ""]),
            row(4, &["Nome", "Telefone", "Cidade", "Email"]),
            row(5, &["João", "11987654321", "São Paulo", "j@x.com"]),
            row(6, &["Ana", "21987654321", "", "a@x.com"]),
        ];
        assert_eq!(find(&rows), Some(2));
    }

    #[test]
    fn a_list_without_header_has_none() {
        let mut rows = vec![Row {
            number: 1,
            cells: vec![Cell::Number(11987654321.0)],
        }];
        rows.push(row(2, &["+55 21 98765-4321"]));
        assert_eq!(find(&rows), None);
    }

    #[test]
    fn numbers_typed_as_labels_do_not_make_a_header() {
        assert!(!looks_like_header(&row(1, &["João", "35", "1,50"]), &[]));
        assert!(looks_like_header(
            &row(1, &["Nome", "Compras", "2024"]),
            &[row(2, &["Ana", "3", "4"])]
        ));
    }

    #[test]
    fn a_one_cell_title_above_a_two_column_table_is_not_the_header() {
        let rows = [
            row(1, &["Lista de contatos"]),
            row(3, &["Nome", "Celular"]),
            row(4, &["Conceição", "11987654321"]),
        ];
        assert_eq!(find(&rows), Some(1));
    }

    #[test]
    fn a_one_column_list_under_a_title_takes_the_label_above_the_numbers() {
        let rows = [
            row(1, &["Lista de telefones"]),
            row(2, &["Telefone"]),
            row(3, &["11987654321"]),
            row(4, &["21987654321"]),
        ];
        assert_eq!(find(&rows), Some(1));
    }

    #[test]
    fn a_data_row_without_phone_does_not_steal_the_header() {
        let rows = [
            row(1, &["Nome", "Cidade", "Telefone"]),
            row(2, &["João", "São Paulo", ""]),
            row(3, &["Ana", "Rio", "21987654321"]),
        ];
        assert_eq!(find(&rows), Some(0));
    }

    #[test]
    fn phone_shapes() {
        assert!(is_phone_like(&Cell::Number(11987654321.0)));
        assert!(is_phone_like(&Cell::Text("(11) 98765-4321".into())));
        assert!(!is_phone_like(&Cell::Number(35.0)));
        assert!(!is_phone_like(&Cell::Text("Telefone 1".into())));
    }
}
