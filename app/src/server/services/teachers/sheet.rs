//! The teacher spreadsheets written for admins: the import template (headers, a sample row,
//! drop-down lists for code columns) and the export of a filtered list.

use super::list::{ListScope, Raw, query, select_row};
use crate::domain::mask::{mask_id_number, mask_phone};
use crate::domain::sheet::{EXPORT_HEADERS, IMPORT_COLUMNS, SAMPLE_ROW};
use crate::dto::teacher_import::CellIssue;
use crate::dto::teachers::TeacherFilter;
use crate::error::{AppError, AppResult};
use crate::server::services::org::region_names;
use rust_xlsxwriter::{DataValidation, Format, Workbook, XlsxError};
use sea_orm::{ConnectionTrait, PaginatorTrait};

/// The participant list a county imports for a directive project: 姓名, 身份证号, 任教学段,
/// 任教学科, with the stage as a drop-down and the ID number as text.
pub fn list_template() -> AppResult<Vec<u8>> {
    use crate::domain::code_lists::STAGES;
    use crate::domain::directive::LIST_HEADERS;
    simple_template("参训名单", &LIST_HEADERS, 1, (2, &STAGES))
}

/// A one-sheet template: bold headers, the ID number column (`id_col`) as text, and one
/// column offered as a drop-down of `list`.
pub fn simple_template(
    name: &str,
    headers: &[&str],
    id_col: u16,
    (list_col, list): (u16, &[&str]),
) -> AppResult<Vec<u8>> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name(name).map_err(internal)?;
    let bold = header_format();
    for (col, h) in headers.iter().enumerate() {
        let col = col as u16;
        ws.write_string_with_format(0, col, *h, &bold)
            .map_err(internal)?;
        ws.set_column_width(col, if col == id_col { 22 } else { 14 })
            .map_err(internal)?;
    }
    ws.set_column_format(id_col, &Format::new().set_num_format("@"))
        .map_err(internal)?;
    let choices = DataValidation::new()
        .allow_list_strings(list)
        .map_err(internal)?;
    ws.add_data_validation(1, list_col, TEMPLATE_ROWS, list_col, &choices)
        .map_err(internal)?;
    ws.set_freeze_panes(1, 0).map_err(internal)?;
    wb.save_to_buffer().map_err(internal)
}

/// Rows fetched per query while exporting: memory stays flat however long the list.
const EXPORT_BATCH: u64 = 2_000;
/// Template rows that carry the drop-down lists.
const TEMPLATE_ROWS: u32 = 5_000;

pub(crate) fn internal(e: XlsxError) -> AppError {
    tracing::error!(error = %e, "xlsx write failed");
    AppError::Internal
}

pub(crate) fn header_format() -> Format {
    Format::new().set_bold().set_background_color("#E8F0FE")
}

/// Columns that hold long digit strings: formatted as text in the sheets we hand out.
const DIGIT_COLUMNS: [&str; 3] = ["id_number", "qualification_number", "phone"];

/// Template columns are wide enough for their values; an 18-character ID number needs more.
fn column_width(key: &str) -> u16 {
    if key == "id_number" { 22 } else { 14 }
}

pub fn template() -> AppResult<Vec<u8>> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("教师信息").map_err(internal)?;
    let bold = header_format();
    let text = Format::new().set_num_format("@");
    for (i, c) in IMPORT_COLUMNS.iter().enumerate() {
        let col = i as u16;
        let header = if c.required {
            format!("{}*", c.header)
        } else {
            c.header.to_string()
        };
        ws.write_string_with_format(0, col, header, &bold)
            .map_err(internal)?;
        ws.write_string(1, col, SAMPLE_ROW[i]).map_err(internal)?;
        ws.set_column_width(col, column_width(c.key))
            .map_err(internal)?;
        // Long digit strings typed into a General cell become floats and lose digits.
        if DIGIT_COLUMNS.contains(&c.key) {
            ws.set_column_format(col, &text).map_err(internal)?;
        }
        if let Some(list) = c.codes {
            let v = DataValidation::new()
                .allow_list_strings(list)
                .map_err(internal)?
                .set_error_title("不在代码表中")
                .map_err(internal)?;
            ws.add_data_validation(1, col, TEMPLATE_ROWS, col, &v)
                .map_err(internal)?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(internal)?;
    let notes = wb.add_worksheet().set_name("填写说明").map_err(internal)?;
    let lines = [
        "带 * 的列必填；第 2 行是示例，导入前请删除或覆盖。",
        "身份证号 18 位，末位 X 大写；系统会核对校验位，并由身份证号得出性别和出生日期。",
        "学校全称须与系统中的学校名称完全一致；学校管理员导入时可不填（即本校）。",
        "民族、政治面貌、学段、学历、职称、岗位请从下拉列表中选择；学科须属于所填学段。",
        "参加工作日期格式为 YYYY-MM-DD；公费师范生、特岗教师填“是”或“否”。",
        "身份证号已有档案的行，可在导入预览中选择“更新”或“跳过”。",
    ];
    for (i, l) in lines.iter().enumerate() {
        notes.write_string(i as u32, 0, *l).map_err(internal)?;
    }
    notes.set_column_width(0, 90).map_err(internal)?;
    wb.save_to_buffer().map_err(internal)
}

/// The rows an import refused, in the template's columns with each bad cell shaded, and a last
/// column 错误原因: fixed in Excel, the file imports again as it is.
pub fn rejected<'a>(
    rows: impl Iterator<Item = (&'a [String], &'a [CellIssue])>,
) -> AppResult<Vec<u8>> {
    let mut wb = Workbook::new();
    let ws = wb
        .add_worksheet()
        .set_name("未导入的行")
        .map_err(internal)?;
    let bold = header_format();
    let bad = Format::new()
        .set_background_color("#FDE2E2")
        .set_num_format("@");
    let text = Format::new().set_num_format("@");
    let reason_col = IMPORT_COLUMNS.len() as u16;
    for (i, c) in IMPORT_COLUMNS.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, c.header, &bold)
            .map_err(internal)?;
        ws.set_column_width(i as u16, column_width(c.key))
            .map_err(internal)?;
    }
    ws.write_string_with_format(0, reason_col, "错误原因", &bold)
        .map_err(internal)?;
    ws.set_column_width(reason_col, 60).map_err(internal)?;
    for (r, (cells, issues)) in rows.enumerate() {
        let row = r as u32 + 1;
        for (i, c) in IMPORT_COLUMNS.iter().enumerate() {
            let value = cells.get(i).map(String::as_str).unwrap_or("");
            let f = if issues.iter().any(|x| x.column == c.header) {
                &bad
            } else {
                &text
            };
            ws.write_string_with_format(row, i as u16, value, f)
                .map_err(internal)?;
        }
        let reasons: Vec<String> = issues
            .iter()
            .map(|x| format!("{}：{}", x.column, x.message))
            .collect();
        ws.write_string(row, reason_col, reasons.join("；"))
            .map_err(internal)?;
    }
    ws.set_freeze_panes(1, 0).map_err(internal)?;
    wb.save_to_buffer().map_err(internal)
}

/// Every row of the filtered list, as the list shows it (masked), in batches.
pub async fn export(
    db: &impl ConnectionTrait,
    scope: &ListScope,
    filter: &TeacherFilter,
) -> AppResult<Vec<u8>> {
    let mut wb = Workbook::new();
    let ws = wb
        .add_worksheet_with_constant_memory()
        .map_err(internal)?
        .set_name("教师名单")
        .map_err(internal)?;
    let bold = header_format();
    for (i, h) in EXPORT_HEADERS.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *h, &bold)
            .map_err(internal)?;
    }
    let pages = select_row(query(scope, filter)?)
        .into_model::<Raw>()
        .paginate(db, EXPORT_BATCH);
    let mut row = 1u32;
    let mut page = 0;
    loop {
        let batch = pages.fetch_page(page).await?;
        if batch.is_empty() {
            break;
        }
        let names = region_names(db, batch.iter().map(|r| r.county_code.clone())).await?;
        for r in batch {
            let yes = |b: bool| if b { "是" } else { "否" };
            let cells = [
                r.training_number.unwrap_or_default(),
                r.name,
                r.gender,
                r.id_number
                    .as_deref()
                    .map(mask_id_number)
                    .unwrap_or_default(),
                names.get(&r.county_code).cloned().unwrap_or_default(),
                r.school_name.unwrap_or_else(|| "（自由人）".into()),
                r.stage,
                r.subject,
                r.title,
                r.status.label().into(),
                yes(r.special_post).into(),
                yes(r.publicly_funded).into(),
                r.phone.as_deref().map(mask_phone).unwrap_or_default(),
                if r.disabled { "已停用" } else { "正常" }.into(),
            ];
            for (c, v) in cells.iter().enumerate() {
                ws.write_string(row, c as u16, v).map_err(internal)?;
            }
            row += 1;
        }
        page += 1;
    }
    ws.autofilter(
        0,
        0,
        row.saturating_sub(1).max(1),
        EXPORT_HEADERS.len() as u16 - 1,
    )
    .map_err(internal)?;
    // Zipping a large sheet is CPU work: off the async threads, under the heavy limit.
    crate::server::heavy::run(move || wb.save_to_buffer().map_err(internal)).await?
}
