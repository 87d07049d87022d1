//! CSV output through the `csv` crate: a header and rows of text, quoted as spreadsheets expect.

use crate::error::{Error, Result};

/// Writes `header` and `rows` as CSV text.
pub fn write(header: &[&str], rows: &[Vec<String>]) -> Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let broken = |e: csv::Error| Error::Internal(format!("CSV writing failed: {e}"));
    writer.write_record(header).map_err(broken)?;
    for row in rows {
        writer.write_record(row).map_err(broken)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| Error::Internal(format!("CSV writing failed: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::Internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_commas_quotes_and_newlines_are_quoted_and_read_back() {
        let rows = vec![vec![
            "Letture, 0-6".to_owned(),
            "Disse \"ciao\"\nA capo".to_owned(),
        ]];
        let text = write(&["title", "text"], &rows).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let back: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        assert_eq!(back, rows);
    }
}
