//! Which character separates the fields of a CSV file.
//!
//! Brazilian Excel writes `;` because `,` is the decimal separator; Google Sheets writes `,`;
//! "texto separado por tabulações" uses tabs; some ERPs export `|`.

/// In order of preference when two candidates explain the sample equally well.
const CANDIDATES: [u8; 4] = [b';', b',', b'\t', b'|'];
const SAMPLE_LINES: usize = 30;

/// Picks the delimiter that splits the most sample lines into the same number of fields.
/// Title lines ("Relatório de clientes") and a comma inside an address weigh little: what
/// counts is how many lines agree on one field count. Falls back to `;` when no candidate
/// appears at all (a single-column list).
pub(crate) fn sniff(sample: &str) -> u8 {
    let lines = logical_lines(sample);
    let mut best = (CANDIDATES[0], 0usize, 0usize);
    for &candidate in &CANDIDATES {
        let counts: Vec<usize> = lines
            .iter()
            .map(|line| count_outside_quotes(line, candidate))
            .collect();
        let (mode, agreeing) = most_common_nonzero(&counts);
        // Strictly better only: ties keep the earlier, more Brazilian candidate.
        if (agreeing, mode) > (best.1, best.2) {
            best = (candidate, agreeing, mode);
        }
    }
    best.0
}

/// Splits into records, keeping quoted line breaks inside their record and leaving out
/// blank lines and a last line that may have been cut by the sample's end.
fn logical_lines(sample: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, ch) in sample.char_indices() {
        match ch {
            '"' => quoted = !quoted,
            '\n' if !quoted => {
                let line = sample[start..i].trim_end_matches('\r');
                if !line.trim().is_empty() {
                    lines.push(line);
                }
                start = i + 1;
                if lines.len() == SAMPLE_LINES {
                    return lines;
                }
            }
            _ => {}
        }
    }
    // No line break at all: the sample is the whole (one-line) file.
    if lines.is_empty() && !sample[start..].trim().is_empty() {
        lines.push(&sample[start..]);
    }
    lines
}

fn count_outside_quotes(line: &str, delimiter: u8) -> usize {
    let mut quoted = false;
    let mut count = 0;
    for &b in line.as_bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == delimiter && !quoted {
            count += 1;
        }
    }
    count
}

/// The most frequent non-zero count (the larger on a tie) and how many lines have it.
fn most_common_nonzero(counts: &[usize]) -> (usize, usize) {
    let mut best = (0, 0);
    for &count in counts.iter().filter(|&&c| c > 0) {
        let agreeing = counts.iter().filter(|&&c| c == count).count();
        if (agreeing, count) > (best.1, best.0) {
            best = (count, agreeing);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolon_wins_over_decimal_commas() {
        let sample = "nome;valor;telefone\nJoão;1,50;11987654321\nMaria;2,75;21987654321\n";
        assert_eq!(sniff(sample), b';');
    }

    #[test]
    fn comma_tab_and_pipe_are_found() {
        assert_eq!(sniff("nome,telefone\nJoão,119\nAna,219\n"), b',');
        assert_eq!(sniff("nome\ttelefone\nJoão\t119\nAna\t219\n"), b'\t');
        assert_eq!(
            sniff("nome|telefone|cidade\nJoão|119|SP\nAna|219|RJ\n"),
            b'|'
        );
    }

    #[test]
    fn quoted_delimiters_and_title_lines_do_not_count() {
        let sample = "Relatório de clientes - Março\n\n\
                      nome,endereço,telefone\n\
                      \"Silva; João\",\"Rua A; 12\",119\n\
                      \"Souza; Ana\",\"Rua B, 7\",219\n";
        assert_eq!(sniff(sample), b',');
    }

    #[test]
    fn commas_inside_names_lose_to_a_consistent_semicolon() {
        let sample = "nome;telefone\nSilva, João;119\nAna;219\nSouza, Rui;319\n";
        assert_eq!(sniff(sample), b';');
    }

    #[test]
    fn a_single_column_falls_back_to_semicolon() {
        assert_eq!(sniff("telefone\n11987654321\n21987654321\n"), b';');
    }

    #[test]
    fn quoted_line_breaks_stay_in_their_record() {
        let sample = "nome,obs\n\"João\",\"linha 1\nlinha 2\"\n\"Ana\",\"x\"\n";
        assert_eq!(logical_lines(sample).len(), 3);
        assert_eq!(sniff(sample), b',');
    }
}
