//! The teacher spreadsheet: the columns of the import template and of the export, and how a
//! header row is matched to them. Shared by the template writer, the importer and the export.

use super::code_lists;

/// An import column: header, field key, whether it must be filled, the code list it draws on.
pub struct Column {
    pub header: &'static str,
    pub key: &'static str,
    pub required: bool,
    pub codes: Option<&'static [&'static str]>,
}

const fn col(
    header: &'static str,
    key: &'static str,
    required: bool,
    codes: Option<&'static [&'static str]>,
) -> Column {
    Column {
        header,
        key,
        required,
        codes,
    }
}

pub const YES_NO: [&str; 2] = ["是", "否"];

/// The import template, in order. 学校全称 may be left empty by a school admin (its own school).
pub const IMPORT_COLUMNS: [Column; 17] = [
    col("姓名", "name", true, None),
    col("身份证号", "id_number", true, None),
    col("学校全称", "school", false, None),
    col("民族", "ethnicity", true, Some(&code_lists::ETHNICITIES)),
    col(
        "政治面貌",
        "political_status",
        true,
        Some(&code_lists::POLITICAL_STATUSES),
    ),
    col("任教学段", "stage", true, Some(&code_lists::STAGES)),
    col("任教学科", "subject", true, None),
    col(
        "第一学历",
        "initial_education",
        true,
        Some(&code_lists::EDUCATION_LEVELS),
    ),
    col(
        "最高学历",
        "highest_education",
        true,
        Some(&code_lists::EDUCATION_LEVELS),
    ),
    col("职称", "title", true, Some(&code_lists::TITLES)),
    col("岗位", "post", true, Some(&code_lists::POSTS)),
    col("参加工作日期", "hire_date", false, None),
    col("教师资格证号", "qualification_number", false, None),
    col("公费师范生", "publicly_funded", false, Some(&YES_NO)),
    col("特岗教师", "special_post", false, Some(&YES_NO)),
    col("手机号", "phone", false, None),
    col("邮箱", "email", false, None),
];

/// The export's headers (a list as admins see it: ID numbers and phones masked).
pub const EXPORT_HEADERS: [&str; 14] = [
    "师训号",
    "姓名",
    "性别",
    "身份证号",
    "区县",
    "学校",
    "任教学段",
    "任教学科",
    "职称",
    "状态",
    "特岗教师",
    "公费师范生",
    "手机号",
    "账号状态",
];

/// A sample row for the template, valid against the shared rules.
pub const SAMPLE_ROW: [&str; 17] = [
    "张晓燕",
    "11010519491231002X",
    "",
    "汉族",
    "中共党员",
    "小学",
    "语文",
    "大学本科",
    "硕士研究生",
    "一级教师",
    "专任教师",
    "1972-09-01",
    "20111300000001",
    "否",
    "否",
    "13800138000",
    "",
];

/// The headers a sheet lacks, and all it needs (text: `error::text`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MissingHeaders {
    pub missing: Vec<String>,
    pub wanted: Vec<String>,
}

/// Where each of `wanted` sits in a sheet's header row (a trailing * and spaces ignored), or
/// which are missing.
pub fn positions<const N: usize>(
    headers: &[String],
    wanted: &[&str; N],
) -> Result<[usize; N], MissingHeaders> {
    let found = wanted.map(|h| position(headers, h));
    let missing: Vec<String> = wanted
        .iter()
        .zip(found)
        .filter(|(_, p)| p.is_none())
        .map(|(h, _)| h.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(MissingHeaders {
            missing,
            wanted: wanted.iter().map(|h| h.to_string()).collect(),
        });
    }
    Ok(found.map(|p| p.unwrap_or_default()))
}

/// Where one header sits, if anywhere.
pub fn position(headers: &[String], wanted: &str) -> Option<usize> {
    headers
        .iter()
        .position(|h| h.trim().trim_end_matches('*').trim().replace(' ', "") == wanted)
}

/// Where each import column sits in a header row (`None`: not present), or the missing
/// required headers by name. Spaces and a trailing * (a "required" mark) are ignored.
pub fn match_headers(headers: &[String]) -> Result<Vec<Option<usize>>, Vec<&'static str>> {
    let positions: Vec<Option<usize>> = IMPORT_COLUMNS
        .iter()
        .map(|c| position(headers, c.header))
        .collect();
    let missing: Vec<&'static str> = IMPORT_COLUMNS
        .iter()
        .zip(&positions)
        .filter(|(c, p)| c.required && p.is_none())
        .map(|(c, _)| c.header)
        .collect();
    if missing.is_empty() {
        Ok(positions)
    } else {
        Err(missing)
    }
}

/// 是/否 (and the 1/0, Y/N, true/false spreadsheets also carry). Empty is 否.
pub fn parse_yes_no(s: &str) -> Option<bool> {
    match s.trim() {
        "是" | "1" | "Y" | "y" | "true" | "TRUE" => Some(true),
        "否" | "0" | "N" | "n" | "false" | "FALSE" | "" => Some(false),
        _ => None,
    }
}

/// The person a list's row names (姓名, 身份证号), each problem pushed under its column. Returns
/// the ID number as stored (a final x upper-case), or as typed when it is not one.
pub fn person(
    name: &str,
    id: String,
    issues: &mut Vec<crate::dto::teacher_import::CellIssue>,
) -> String {
    use crate::dto::teacher_import::CellIssue;
    if name.is_empty() {
        issues.push(CellIssue::new("姓名", "请填写姓名"));
    }
    match super::id_card::IdNumber::parse(&id) {
        Ok(n) => n.as_str().to_string(),
        Err(e) => {
            issues.push(CellIssue::new("身份证号", e.message()));
            id
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_in_any_order_and_name_what_is_missing() {
        let h: Vec<String> = ["身份证号", " 姓名* ", "任教学段", "民族"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let missing = match_headers(&h).unwrap_err();
        assert!(missing.contains(&"职称") && !missing.contains(&"姓名"));
        let all: Vec<String> = IMPORT_COLUMNS
            .iter()
            .rev()
            .map(|c| c.header.to_string())
            .collect();
        let pos = match_headers(&all).unwrap();
        assert_eq!(pos[0], Some(16));
        assert_eq!(pos[16], Some(0));
    }

    #[test]
    fn the_sample_row_is_valid() {
        // Read as an import reads it: every field rule, and the yes/no cells.
        let row: Vec<String> = SAMPLE_ROW.iter().map(|s| s.to_string()).collect();
        let (_, _, issues) = crate::domain::teacher_import::read_row(&row);
        assert_eq!(issues, vec![]);
        assert_eq!(parse_yes_no("是"), Some(true));
        assert_eq!(parse_yes_no(""), Some(false));
        assert_eq!(parse_yes_no("也许"), None);
    }
}
