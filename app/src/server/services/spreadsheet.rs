//! Reading a spreadsheet someone uploaded: .xlsx and .xls (calamine), the first sheet, every
//! cell as text the way Excel shows it. Bad files give a Chinese message, never a panic.

use crate::error::{AppError, AppResult};
use calamine::{Data, Reader};
use std::io::Cursor;

/// Cells per upload beyond which a file is refused before it is read further.
pub const MAX_CELLS: usize = 2_000_000;

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

/// The rows of the first sheet (header included), trailing empty rows dropped.
pub fn read_rows(bytes: &[u8]) -> AppResult<Vec<Vec<String>>> {
    let bad = |_| AppError::BadRequest("无法读取该文件：请上传 Excel 文件（.xlsx 或 .xls）".into());
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(bad)?;
    let name = wb
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| AppError::BadRequest("文件中没有工作表".into()))?;
    let range = wb
        .worksheet_range(&name)
        .map_err(|_| AppError::BadRequest("无法读取第一个工作表".into()))?;
    let (h, w) = range.get_size();
    if h.saturating_mul(w) > MAX_CELLS {
        return Err(AppError::BadRequest(format!(
            "文件过大：{h} 行 × {w} 列，一次最多导入 {MAX_CELLS} 个单元格，请拆分后分批导入"
        )));
    }
    let mut rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(text).collect()).collect();
    while rows.last().is_some_and(|r| r.iter().all(String::is_empty)) {
        rows.pop();
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_not_a_spreadsheet_is_refused_in_chinese() {
        let e = read_rows(b"hello, this is not excel").unwrap_err();
        assert!(e.to_string().contains("无法读取该文件"));
    }

    #[test]
    fn cells_read_as_excel_shows_them() {
        assert_eq!(text(&Data::Float(13800138000.0)), "13800138000");
        assert_eq!(text(&Data::Float(1.5)), "1.5");
        assert_eq!(text(&Data::String(" 张三 ".into())), "张三");
        assert_eq!(text(&Data::Empty), "");
    }
}
