//! A results table as plain text cells — what a page shows and what its "CSV" button writes —
//! and its CSV form (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a
//! comma, a quote or a line break, quotes doubled).

/// Rows of text cells under a header.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: &[&str]) -> Self {
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; a short row is padded with empty cells, a long one cut to the headers.
    pub fn push(&mut self, cells: impl IntoIterator<Item = impl Into<String>>) {
        let mut row: Vec<String> = cells.into_iter().map(Into::into).collect();
        row.resize(self.headers.len(), String::new());
        self.rows.push(row);
    }

    pub fn to_csv(&self) -> String {
        std::iter::once(&self.headers)
            .chain(&self.rows)
            .map(|row| {
                let cells: Vec<String> = row.iter().map(|c| csv_field(c)).collect();
                cells.join(",") + "\r\n"
            })
            .collect()
    }
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn quotes_only_what_needs_quoting() {
        let mut t = Table::new(&["Block", "Share"]);
        t.push(["Load balancer", "67.1%"]);
        t.push(["AZ a, b", "say \"hi\""]);
        t.push(["short"]);
        assert_eq!(
            t.to_csv(),
            "Block,Share\r\nLoad balancer,67.1%\r\n\"AZ a, b\",\"say \"\"hi\"\"\"\r\nshort,\r\n"
        );
    }

    /// A minimal RFC 4180 reader, the oracle for the writer.
    fn read_csv(text: &str) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        let mut row = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => field.push(c),
                (false, '"') => quoted = true,
                (false, ',') => row.push(std::mem::take(&mut field)),
                (false, '\r') => {}
                (false, '\n') => {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                (false, c) => field.push(c),
            }
        }
        rows
    }

    proptest! {
        #[test]
        fn any_cells_read_back_as_written(cells in proptest::collection::vec(proptest::collection::vec(".{0,12}", 3), 0..6)) {
            let mut t = Table::new(&["a", "b", "c"]);
            for row in &cells {
                t.push(row.clone());
            }
            let back = read_csv(&t.to_csv());
            prop_assert_eq!(&back[0], &t.headers);
            prop_assert_eq!(&back[1..], &cells[..]);
        }
    }
}
