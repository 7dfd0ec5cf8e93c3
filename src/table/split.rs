//! Cuts a seed-layout text file into pieces at its title lines (`财政项目支出绩效自评表`), so the
//! pieces can be read and scored on several threads at once.
//!
//! A title always starts a new table, whatever came before it (`seed::Assembler`), so reading
//! the pieces one by one gives exactly the tables of reading the file whole, provided each
//! piece is read with the number of lines before it and the encoding the file is read in by
//! then. The cut is made only where that is certain: the file is UTF-8, every line before the
//! first cut is UTF-8, and the cut is at the start of a physical line. Anything else (a
//! GB18030 export, a file without titles) is read whole, one table at a time, as before.

use std::io::Read;

use super::seed::is_title_line;

/// How much is read before looking for the last title in it.
pub const PIECE_BYTES: usize = 256 << 10;

/// Whole lines of a seed-layout file, from a title line (or the file's start) to the next
/// title line.
#[derive(Debug)]
pub struct Piece {
    pub bytes: Vec<u8>,
    /// The number of lines before the piece (as the seed reader counts them).
    pub lines_before: usize,
    /// Whether this is the start of the file (where a byte-order mark may be).
    pub first: bool,
    /// Whether the piece was cut just before a title line (every piece but the last).
    pub before_title: bool,
}

/// The pieces of a file, in order. Memory holds one piece and the part of the next read so
/// far; a stretch longer than [`PIECE_BYTES`] without a title is kept whole.
pub struct Pieces<R: Read> {
    reader: R,
    /// Bytes read and not yet handed out; they start at a line start.
    pending: Vec<u8>,
    lines_before: usize,
    first: bool,
    done: bool,
    /// How much to read before cutting.
    size: usize,
}

impl<R: Read> Pieces<R> {
    pub fn new(reader: R) -> Self {
        Pieces::with_size(reader, PIECE_BYTES)
    }

    /// Pieces of about `size` bytes (the tests cut small files into many pieces).
    pub fn with_size(reader: R, size: usize) -> Self {
        Pieces {
            reader,
            pending: Vec::new(),
            lines_before: 0,
            first: true,
            done: false,
            size: size.max(1),
        }
    }

    /// Reads until `pending` holds at least `want` bytes or the input ends.
    fn fill(&mut self, want: usize) -> std::io::Result<()> {
        let mut chunk = vec![0u8; self.size.min(64 * 1024)];
        while self.pending.len() < want {
            let n = self.reader.read(&mut chunk)?;
            if n == 0 {
                self.done = true;
                break;
            }
            self.pending
                .extend_from_slice(chunk.get(..n).unwrap_or_default());
        }
        Ok(())
    }

    fn hand_out(&mut self, end: usize, before_title: bool) -> Piece {
        let rest = self.pending.split_off(end);
        let bytes = std::mem::replace(&mut self.pending, rest);
        let piece = Piece {
            lines_before: self.lines_before,
            first: self.first,
            before_title,
            bytes,
        };
        self.lines_before += count_lines(&piece.bytes);
        self.first = false;
        piece
    }
}

impl<R: Read> Iterator for Pieces<R> {
    type Item = std::io::Result<Piece>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut want = self.size;
        loop {
            if let Err(e) = self.fill(want) {
                return Some(Err(e));
            }
            if self.done {
                if self.pending.is_empty() {
                    return None;
                }
                let end = self.pending.len();
                return Some(Ok(self.hand_out(end, false)));
            }
            // Cut before the last title of what has been read, keeping its tail for the next.
            if let Some(cut) = last_title_start(&self.pending) {
                return Some(Ok(self.hand_out(cut, true)));
            }
            want = self.pending.len() + self.size;
        }
    }
}

/// The pieces of a seed-layout file, when it can be cut (see the module's note); `None` for
/// any other file, and for one that cannot be cut or opened (read it whole instead, which
/// reports why it cannot be read).
pub fn open(path: &std::path::Path) -> Option<Pieces<impl Read + Send + use<>>> {
    if super::FileKind::of(path) != super::FileKind::SeedText {
        return None;
    }
    let mut file = std::fs::File::open(path).ok()?;
    let mut head = Vec::new();
    (&mut file)
        .take(PIECE_BYTES as u64)
        .read_to_end(&mut head)
        .ok()?;
    can_cut(&head).then(|| Pieces::new(std::io::Cursor::new(head).chain(file)))
}

/// Whether a file's start allows cutting it at titles: UTF-8 up to its first cut. `head` is
/// the start of the file, at least one piece long unless the file is shorter.
pub fn can_cut(head: &[u8]) -> bool {
    let head = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
    // The first piece must be UTF-8 throughout; a later line that is not is read as a damaged
    // UTF-8 line in a piece and in the whole file alike.
    title_starts(head)
        .find(|&at| at > 0)
        .is_some_and(|first_cut| std::str::from_utf8(head.get(..first_cut).unwrap_or(head)).is_ok())
}

/// The start of the last title line after the first byte, if any.
fn last_title_start(bytes: &[u8]) -> Option<usize> {
    title_starts(bytes).filter(|&at| at > 0).last()
}

/// The starts of the title lines of `bytes`: whole lines (begun after a line feed or at 0, and
/// ended by one) that are UTF-8 and that the seed reader takes for a title.
fn title_starts(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memmem::find_iter(bytes, "绩效自评表".as_bytes()).filter_map(move |hit| {
        let start = bytes
            .get(..hit)
            .and_then(|before| memchr::memrchr(b'\n', before))
            .map_or(0, |nl| nl + 1);
        // A line not yet read to its end is no title yet: its first cell alone (a goal text
        // naming the 自评表) would look like one, and the cells after it decide.
        let end = hit + memchr::memchr(b'\n', bytes.get(hit..)?)?;
        let line = bytes.get(start..end)?;
        // A bare CR ends a line too: a title after one is not at a physical line's start.
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.contains(&b'\r') {
            return None;
        }
        let text = std::str::from_utf8(line).ok()?;
        is_title_line(text).then_some(start)
    })
}

/// The lines of `bytes` as the seed reader numbers them: a line ends at LF, CRLF or a bare CR.
pub fn count_lines(bytes: &[u8]) -> usize {
    let feeds = memchr::memchr_iter(b'\n', bytes).count();
    let bare_returns = memchr::memchr_iter(b'\r', bytes)
        .filter(|&at| bytes.get(at + 1) != Some(&b'\n'))
        .count();
    // A last line without a line end is a line as well.
    let unterminated =
        usize::from(!bytes.is_empty() && !bytes.ends_with(b"\n") && !bytes.ends_with(b"\r"));
    feeds + bare_returns + unterminated
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::seed::Tables;
    use crate::table::{Table, Unreadable};

    fn whole(bytes: &[u8]) -> Vec<Result<Table, Unreadable>> {
        Tables::new(bytes, "f").collect()
    }

    fn in_pieces(bytes: &[u8], size: usize) -> Vec<Result<Table, Unreadable>> {
        Pieces::with_size(bytes, size)
            .flat_map(|piece| {
                let piece = piece.expect("reading from memory");
                Tables::piece(piece.bytes.as_slice(), "f", &piece).collect::<Vec<_>>()
            })
            .collect()
    }

    /// Generated tables, the seed and every score fixture, one after another (titles, tables
    /// without titles, broken tables, shifted cells, CRLF and bare CR line ends, a BOM).
    fn corpus() -> Vec<u8> {
        let mut text = String::new();
        let mut random = crate::table::generate::Random::new(7);
        for i in 0..40 {
            crate::table::generate::table(&mut random, i, &mut text);
        }
        let mut bytes = text.into_bytes();
        bytes.extend_from_slice(include_bytes!(
            "../../tests/fixtures/table/seed_shanghai_2023.tsv"
        ));
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/score");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        for path in files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
        {
            if let Ok(more) = std::fs::read(path) {
                bytes.push(b'\n');
                bytes.extend_from_slice(&more);
            }
        }
        bytes
    }

    #[test]
    fn a_file_read_in_pieces_gives_the_tables_of_the_file_read_whole() {
        let bytes = corpus();
        assert!(
            can_cut(&bytes),
            "the corpus begins with UTF-8 titled tables"
        );
        let expected = whole(&bytes);
        assert!(expected.len() > 100, "{} tables", expected.len());
        for size in [200, 700, 4096, 50_000, PIECE_BYTES] {
            let pieces = Pieces::with_size(bytes.as_slice(), size).count();
            let got = in_pieces(&bytes, size);
            assert_eq!(got.len(), expected.len(), "piece size {size}");
            for (a, b) in got.iter().zip(&expected) {
                assert_eq!(a, b, "piece size {size} ({pieces} pieces)");
                if let (Ok(a), Ok(b)) = (a, b) {
                    assert_eq!((a.line, &a.repairs), (b.line, &b.repairs));
                    let lines = |t: &Table| t.indicators.iter().map(|i| i.line).collect::<Vec<_>>();
                    assert_eq!(lines(a), lines(b), "piece size {size}");
                }
            }
            if size == 200 {
                assert!(pieces > 100, "cut at almost every title: {pieces} pieces");
            }
        }
    }

    #[test]
    fn a_goal_text_naming_the_form_is_no_cut_even_when_read_only_in_part() {
        let goal = "\t按要求完成项目绩效自评表填报，全年培训500人次以上。\t\t\t已完成\t\t\t\n";
        // Read up to the middle of the line, its first cell alone looks like a title.
        let cut_short = goal.find("填报").expect("the goal names the form");
        assert_eq!(title_starts(&goal.as_bytes()[..cut_short]).count(), 0);
        assert_eq!(title_starts(goal.as_bytes()).count(), 0);
        assert_eq!(
            title_starts("财政项目支出绩效自评表\n".as_bytes()).count(),
            1
        );
        // Cut at every size, the tables are those of the whole text.
        let fixture =
            include_str!("../../tests/fixtures/score/layout_title-words-in-goal-text.tsv");
        let text = format!("{fixture}\n{fixture}\n{fixture}");
        let expected = whole(text.as_bytes());
        assert_eq!(expected.len(), 3);
        for size in 1..text.len() {
            assert_eq!(
                in_pieces(text.as_bytes(), size),
                expected,
                "piece size {size}"
            );
        }
    }

    #[test]
    fn lines_are_counted_as_the_seed_reader_counts_them() {
        for (text, lines) in [
            ("", 0),
            ("\n", 1),
            ("a\r\n", 1),
            ("a\rb\n", 2),
            ("a\r\r\n", 2),
            ("a\rb", 2),
            ("a\rb\r", 2),
            ("a\nb", 2),
        ] {
            assert_eq!(count_lines(text.as_bytes()), lines, "{text:?}");
        }
        // The seed reader agrees: a table after each prefix that ends a line starts where the
        // count says (its 项目名称 row is the second line after the prefix).
        for prefix in ["\n", "a\r\n", "a\rb\n", "a\r\r\n", "a\rb\r", "x\ny\n"] {
            let text = format!("{prefix}财政项目支出绩效自评表\n项目名称\t某项目\n");
            let read: Vec<_> = Tables::new(text.as_bytes(), "f").collect();
            let line = match read.first() {
                Some(Err(u)) => u.line,
                other => panic!("{prefix:?}: {other:?}"),
            };
            assert_eq!(line, count_lines(prefix.as_bytes()) + 2, "{prefix:?}");
        }
    }

    #[test]
    fn a_file_that_is_not_utf8_before_its_first_cut_or_has_no_title_is_read_whole() {
        let seed = include_bytes!("../../tests/fixtures/table/seed_shanghai_2023.tsv");
        assert!(can_cut(seed));
        let text = std::str::from_utf8(seed).expect("the seed is UTF-8");
        let (gb, _, _) = encoding_rs::GB18030.encode(text);
        assert!(!can_cut(&gb));
        assert!(!can_cut("项目名称\t某项目\n".as_bytes()));
    }
}
