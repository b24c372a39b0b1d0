//! Reading a spreadsheet someone uploaded: .xlsx and .xls (calamine, the first sheet) and .csv
//! (UTF-8, or GBK as Chinese Excel saves it), every cell as text the way Excel shows it.
//! Bad files give a Chinese message, never a panic; oversized ones are refused while reading,
//! before they cost memory. A cell over the length limit costs only its row: the importers
//! report that row and take the others ("import only the correct rows" keeps working).

use crate::dto::teacher_import::CellIssue;
use crate::error::{AppError, AppResult, Broken};
use calamine::{Data, Reader, Sheets};
use encoding_rs::{Encoding, GB18030};
use std::collections::BTreeMap;
use std::io::Cursor;

/// How much one upload may hold.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Rows after the header.
    pub max_rows: usize,
    pub max_columns: usize,
    /// Characters in one cell: a longer one is kept cut to this length and refuses its row.
    pub max_cell_chars: usize,
}

pub const LIMITS: Limits = Limits {
    max_rows: 100_000,
    max_columns: 100,
    max_cell_chars: 500,
};

fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        // Excel stores long digit strings typed as numbers as floats: print integers whole.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(d) => d
            .as_datetime()
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        Data::DateTimeIso(s) => s.chars().take(10).collect(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(_) => String::new(),
    }
}

fn unreadable() -> AppError {
    AppError::from(Broken::FileUnreadable)
}

/// An upload's first sheet: its rows (header included), every cell as text.
#[derive(Debug, Default)]
pub struct Sheet {
    pub rows: Vec<Vec<String>>,
    /// Row index → the first column whose cell was over the length limit (kept cut short).
    overlong: BTreeMap<usize, usize>,
    max_cell_chars: usize,
}

impl Sheet {
    /// The header row.
    pub fn header(&self) -> AppResult<&[String]> {
        self.rows
            .first()
            .map(Vec::as_slice)
            .ok_or_else(|| AppError::from(Broken::FileEmpty))
    }

    /// The rows under the header that hold anything, each with its line in the sheet and
    /// what refuses it before it is read (a cell over the length limit).
    pub fn filled_rows(&self) -> impl Iterator<Item = BodyRow<'_>> {
        self.rows
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
            .map(|(i, cells)| BodyRow {
                line: i as u32 + 1,
                cells,
                overlong: self.overlong(i),
            })
    }

    /// What refuses row `index` (0 is the header) for a cell over the length limit, named by
    /// its column's header.
    pub fn overlong(&self, index: usize) -> Option<CellIssue> {
        let col = *self.overlong.get(&index)?;
        let named = self
            .rows
            .first()
            .and_then(|h| h.get(col))
            // Templates mark required columns with *: the column is named without it.
            .map(|h| h.trim().trim_end_matches('*').trim_end())
            .filter(|h| !h.is_empty() && !self.overlong.contains_key(&0));
        Some(CellIssue {
            column: named.map_or_else(|| format!("第 {} 列", col + 1), str::to_string),
            message: format!(
                "第 {} 列内容超过 {} 个字，请删减后重新导入",
                col + 1,
                self.max_cell_chars
            ),
        })
    }
}

/// A filled row under the header.
pub struct BodyRow<'a> {
    /// Its line in the sheet as a spreadsheet program numbers it (the header is line 1).
    pub line: u32,
    pub cells: &'a [String],
    pub overlong: Option<CellIssue>,
}

impl BodyRow<'_> {
    /// The cell at `at`, or "" past the row's end.
    pub fn cell(&self, at: usize) -> &str {
        self.cells.get(at).map_or("", String::as_str)
    }

    /// `read` of the row, unless a cell over the length limit refuses it first.
    pub fn read<T>(
        &self,
        read: impl FnOnce(&[String]) -> Result<T, Vec<CellIssue>>,
    ) -> Result<T, Vec<CellIssue>> {
        match &self.overlong {
            Some(issue) => Err(vec![issue.clone()]),
            None => read(self.cells),
        }
    }
}

/// Collects rows cell by cell, refusing the file as soon as a size limit is passed.
struct Rows {
    limits: Limits,
    sheet: Sheet,
}

impl Rows {
    fn new(limits: Limits) -> Self {
        Self {
            limits,
            sheet: Sheet {
                max_cell_chars: limits.max_cell_chars,
                ..Sheet::default()
            },
        }
    }

    fn put(&mut self, row: usize, col: usize, mut value: String) -> AppResult<()> {
        if value.is_empty() {
            return Ok(());
        }
        let l = self.limits;
        if row > l.max_rows {
            return Err(AppError::from(Broken::TooManyRows { max: l.max_rows }));
        }
        if col >= l.max_columns {
            return Err(AppError::from(Broken::TooManyColumns {
                line: row + 1,
                max: l.max_columns,
            }));
        }
        if let Some((cut, _)) = value.char_indices().nth(l.max_cell_chars) {
            value.truncate(cut);
            self.sheet.overlong.entry(row).or_insert(col);
        }
        let rows = &mut self.sheet.rows;
        if rows.len() <= row {
            rows.resize_with(row + 1, Vec::new);
        }
        let r = &mut rows[row];
        if r.len() <= col {
            r.resize(col + 1, String::new());
        }
        r[col] = value;
        Ok(())
    }

    fn done(self) -> AppResult<Sheet> {
        if self.sheet.rows.is_empty() {
            return Err(AppError::from(Broken::FirstSheetEmpty));
        }
        Ok(self.sheet)
    }
}

/// What an .xlsx may unpack to, read from its directory before anything is inflated: a small
/// zip can expand to gigabytes (calamine reads the shared strings whole), so a file over these
/// is refused first.
const MAX_UNPACKED_BYTES: u64 = 200 * 1024 * 1024;
const MAX_SHARED_STRINGS_BYTES: u64 = 32 * 1024 * 1024;
/// Real sheets compress 5–50 times; far beyond that a large part is a bomb.
const MAX_RATIO: u64 = 200;
const RATIO_FROM_BYTES: u64 = 16 * 1024 * 1024;

fn too_big_unpacked() -> AppError {
    AppError::from(Broken::FileTooLargeUnpacked)
}

/// Refuses a zip whose parts, as its directory declares them, unpack beyond the limits.
fn check_unpacked_size(bytes: &[u8]) -> AppResult<()> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable().because(e))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let part = archive
            .by_index_raw(i)
            .map_err(|e| unreadable().because(e))?;
        let (unpacked, packed) = (part.size(), part.compressed_size().max(1));
        total = total.saturating_add(unpacked);
        let shared = part.name_raw().ends_with(b"sharedStrings.xml");
        if total > MAX_UNPACKED_BYTES
            || (shared && unpacked > MAX_SHARED_STRINGS_BYTES)
            || (unpacked > RATIO_FROM_BYTES && unpacked / packed > MAX_RATIO)
        {
            return Err(too_big_unpacked());
        }
    }
    Ok(())
}

fn read_workbook(bytes: &[u8], limits: Limits) -> AppResult<Sheet> {
    if bytes.starts_with(b"PK") {
        check_unpacked_size(bytes)?;
    }
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| unreadable().because(e))?;
    let name = wb
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| AppError::from(Broken::NoSheet))?;
    let bad_sheet = || AppError::from(Broken::SheetUnreadable);
    let mut rows = Rows::new(limits);
    match &mut wb {
        // .xlsx streams cell by cell, so a million-row sheet is refused at row 100,001.
        Sheets::Xlsx(x) => {
            let mut cells = x
                .worksheet_cells_reader(&name)
                .map_err(|e| bad_sheet().because(e))?;
            while let Some(cell) = cells.next_cell().map_err(|e| bad_sheet().because(e))? {
                let (r, c) = cell.get_position();
                let value = text(&Data::from(cell.get_value().clone()));
                rows.put(r as usize, c as usize, value)?;
            }
        }
        // .xls holds at most 65,536 rows × 256 columns: small enough to read whole.
        other => {
            let range = other
                .worksheet_range(&name)
                .map_err(|e| bad_sheet().because(e))?;
            let (r0, c0) = range.start().unwrap_or((0, 0));
            for (r, row) in range.rows().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    rows.put(r + r0 as usize, c + c0 as usize, text(cell))?;
                }
            }
        }
    }
    rows.done()
}

/// Text in the encoding it came in: a BOM decides, else UTF-8 when it is valid, else GB18030
/// (a superset of the GBK that Chinese Excel writes), which decodes every byte sequence.
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => GB18030.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

fn read_csv(bytes: &[u8], limits: Limits) -> AppResult<Sheet> {
    let text = decode_text(bytes);
    if text.contains('\0') {
        return Err(unreadable());
    }
    // Excel's "Unicode text" is tab-separated; its CSV is comma-separated.
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Rows::new(limits);
    for (r, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            AppError::from(Broken::CsvLine {
                line: r + 1,
                cause: e.to_string(),
            })
        })?;
        for (c, cell) in record.iter().enumerate() {
            rows.put(r, c, cell.trim().to_string())?;
        }
    }
    rows.done()
}

/// The rows of an upload (header included) by its content, not its name: a zip is .xlsx, an
/// OLE compound file .xls, text is CSV. Rows are as long as their last filled cell.
pub fn read_sheet_with(bytes: &[u8], limits: Limits) -> AppResult<Sheet> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0];
    if bytes.starts_with(ZIP) || bytes.starts_with(OLE) {
        read_workbook(bytes, limits)
    } else if bytes.is_empty() {
        Err(AppError::from(Broken::FileEmpty))
    } else {
        read_csv(bytes, limits)
    }
}

pub fn read_sheet(bytes: &[u8]) -> AppResult<Sheet> {
    read_sheet_with(bytes, LIMITS)
}

/// The rows alone, for reading back a file the platform wrote (exports, templates).
pub fn read_rows(bytes: &[u8]) -> AppResult<Vec<Vec<String>>> {
    read_sheet(bytes).map(|s| s.rows)
}

/// `read_sheet` off the async threads and under the heavy-work limit: parsing a large sheet is
/// seconds of CPU that must not stall other requests.
pub async fn read_sheet_apart(bytes: Vec<u8>) -> AppResult<Sheet> {
    crate::server::heavy::run(move || read_sheet(&bytes)).await?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small(max_rows: usize) -> Limits {
        Limits {
            max_rows,
            max_columns: 5,
            max_cell_chars: 10,
        }
    }

    #[test]
    fn a_file_that_is_not_a_spreadsheet_is_refused_in_chinese() {
        let png = [0x89, b'P', b'N', b'G', 0, 0, 0, 0x0D];
        assert!(
            read_rows(&png)
                .unwrap_err()
                .to_string()
                .contains("无法读取该文件")
        );
        let broken_zip = b"PK\x03\x04 not really a zip";
        assert!(
            read_rows(broken_zip)
                .unwrap_err()
                .to_string()
                .contains("无法读取该文件")
        );
        assert!(read_rows(b"").unwrap_err().to_string().contains("空"));
    }

    #[test]
    fn cells_read_as_excel_shows_them() {
        assert_eq!(text(&Data::Float(13800138000.0)), "13800138000");
        assert_eq!(text(&Data::Float(1.5)), "1.5");
        assert_eq!(text(&Data::String(" 张三 ".into())), "张三");
        assert_eq!(text(&Data::Empty), "");
    }

    #[test]
    fn csv_in_gbk_utf8_and_utf8_with_bom_reads_the_same() {
        let csv = "姓名,身份证号\n欧阳娜娜,11010519491231002X\n";
        let (gbk, _, _) = GB18030.encode(csv);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(csv.as_bytes());
        for bytes in [gbk.to_vec(), csv.as_bytes().to_vec(), bom] {
            let rows = read_rows(&bytes).unwrap();
            assert_eq!(rows[0], vec!["姓名", "身份证号"]);
            assert_eq!(rows[1], vec!["欧阳娜娜", "11010519491231002X"]);
        }
    }

    #[test]
    fn quoted_commas_and_tab_separated_text_are_read() {
        let rows = read_rows("a,\"b,c\"\n1,2".as_bytes()).unwrap();
        assert_eq!(rows[0], vec!["a", "b,c"]);
        let rows = read_rows("甲\t乙\n1\t2".as_bytes()).unwrap();
        assert_eq!(rows[1], vec!["1", "2"]);
    }

    #[test]
    fn limits_refuse_the_file_naming_the_place() {
        let many: String = (0..5).map(|i| format!("{i}\n")).collect();
        assert!(read_sheet_with(many.as_bytes(), small(4)).is_ok());
        let e = read_sheet_with(format!("{many}5\n").as_bytes(), small(4)).unwrap_err();
        assert!(e.to_string().contains("超过 4 行"), "{e}");
        let e = read_sheet_with("a,b,c,d,e,f".as_bytes(), small(4)).unwrap_err();
        assert!(e.to_string().contains("列"), "{e}");
        assert!(
            read_rows(b",,\n,,\n")
                .unwrap_err()
                .to_string()
                .contains("空")
        );
    }

    #[test]
    fn an_overlong_cell_refuses_its_row_not_the_file() {
        let sheet = read_sheet_with(
            "姓名,备注*\n张三,短\n李四,0123456789xyz\n王五,好".as_bytes(),
            small(9),
        )
        .unwrap();
        assert_eq!(sheet.rows.len(), 4, "every row is read");
        assert_eq!(sheet.rows[2][1], "0123456789", "kept cut to the limit");
        assert_eq!(sheet.overlong(1), None);
        assert_eq!(sheet.overlong(3), None);
        let issue = sheet.overlong(2).unwrap();
        assert_eq!(issue.column, "备注");
        assert_eq!(issue.message, "第 2 列内容超过 10 个字，请删减后重新导入");
        // Without a header for its column, the column is named by its number.
        let sheet = read_sheet_with("a\nb,0123456789x".as_bytes(), small(4)).unwrap();
        assert_eq!(sheet.overlong(1).unwrap().column, "第 2 列");
    }
}
