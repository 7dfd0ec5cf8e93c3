//! The seed layout saved as CSV (comma-separated, quoted cells), as spreadsheets export it:
//! read by the same line reader as the tab-separated export ([`Tables::csv`]), so encodings,
//! line ends, line numbers and every layout repair are the same.

#[cfg(test)]
mod tests {
    use crate::table::Table;
    use crate::table::seed::Tables;

    /// The seed as a spreadsheet would save it as CSV: cells with commas quoted.
    fn seed_as_csv() -> String {
        let seed = include_str!("../../tests/fixtures/table/seed_shanghai_2023.tsv");
        seed.lines()
            .map(|line| {
                line.split('\t')
                    .map(|c| {
                        if c.contains([',', '"']) {
                            format!("\"{}\"", c.replace('"', "\"\""))
                        } else {
                            c.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect::<Vec<_>>()
            .join("\r\n")
    }

    #[test]
    fn csv_reads_like_the_tab_separated_seed_in_utf8_and_gb18030() {
        let tsv: Vec<Table> = crate::table::seed::Tables::new(
            include_str!("../../tests/fixtures/table/seed_shanghai_2023.tsv").as_bytes(),
            "s",
        )
        .filter_map(Result::ok)
        .collect();
        let csv_text = seed_as_csv();
        let utf8: Vec<Table> = Tables::csv(csv_text.as_bytes(), "s")
            .filter_map(Result::ok)
            .collect();
        let (gbk, _, _) = encoding_rs::GB18030.encode(&csv_text);
        let gb: Vec<Table> = Tables::csv(gbk.as_ref(), "s")
            .filter_map(Result::ok)
            .collect();
        assert_eq!(utf8.len(), 2);
        for (a, b) in tsv.iter().zip(&utf8) {
            assert_eq!(
                (a.name.clone(), a.budget.clone(), a.reported_total, a.line),
                (b.name.clone(), b.budget.clone(), b.reported_total, b.line)
            );
            let names = |t: &Table| {
                t.indicators
                    .iter()
                    .map(|i| (i.line, i.name.clone(), i.target.clone(), i.weight))
                    .collect::<Vec<_>>()
            };
            assert_eq!(names(a), names(b));
        }
        assert_eq!(
            utf8.iter().map(|t| t.name.clone()).collect::<Vec<_>>(),
            gb.iter().map(|t| t.name.clone()).collect::<Vec<_>>()
        );
        assert_eq!(
            utf8[1].budget[0].full_year,
            Some(rust_decimal_macros::dec!(3103.59)),
            "the quoted `3,103.59` reads as a number"
        );
    }
}
