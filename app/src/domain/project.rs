//! Training projects and their classes (DOMAIN.md §4): the code lists, the form's rules, hours
//! to credits, and which bureau approves a project.

use super::code_lists::{POSTS, STAGES, subjects_of};
use super::region::{RegionLevel, is_region_code, level_of};
use super::teacher::parse_date;
use crate::error::FieldError;
use serde::{Deserialize, Serialize};

pub const LEVELS: [&str; 5] = ["国家级", "省级", "市级", "县级", "校级"];
pub const KINDS: [&str; 8] = [
    "全员远程",
    "骨干教师",
    "能力提升工程2.0",
    "乡村教师",
    "新任教师",
    "班主任",
    "校（园）长",
    "其他",
];
pub const NATURES: [&str; 3] = ["集中", "远程", "混合"];
pub const CREDIT_CATEGORIES: [&str; 4] = ["公共必修", "专业选修", "自主选修", "校本研修"];
/// Default conversion (DOMAIN.md §4): 3 hours make 1 credit.
pub const HOURS_PER_CREDIT: u32 = 3;
/// Upper bounds that catch typing slips rather than policy.
pub const MAX_HOURS: u32 = 500;
pub const MAX_CLASSES: usize = 20;
pub const MAX_CAPACITY: u32 = 5000;

crate::stored_enum! {
    /// How a project is filled with participants.
    pub enum FillMode {
        /// 指令性: bureaus pick the participants (Hebei).
        Directive = "directive" => "指令性",
        /// 自主选学: teachers enrol themselves (Zhejiang).
        Selection = "selection" => "自主选学",
    }
}

/// A new project's form starts as the province's own kind.
impl Default for FillMode {
    fn default() -> Self {
        Self::Directive
    }
}

/// One class (班期) as typed in the form. Dates are `YYYY-MM-DD`, the fee is in yuan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClassDraft {
    pub id: Option<i64>,
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub place: String,
    pub capacity: String,
    pub fee: String,
    pub tutor: String,
}

/// A project as typed in the declaration form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectDraft {
    pub id: Option<i64>,
    pub name: String,
    pub year: String,
    pub level: String,
    pub kind: String,
    pub nature: String,
    pub fill_mode: FillMode,
    /// 补学: a make-up project for those who failed last year.
    pub makeup: bool,
    /// Its completion certificates carry the holder's certificate photo (证件照).
    pub photo_required: bool,
    pub organiser: String,
    /// The institution that runs it; a bureau's directive project may leave it to be assigned.
    pub institution_id: Option<i64>,
    pub target_regions: Vec<String>,
    pub target_stages: Vec<String>,
    pub target_subjects: Vec<String>,
    pub target_posts: Vec<String>,
    pub credit_category: String,
    pub hours: String,
    /// Empty for the default conversion; otherwise up to one decimal ("16.5").
    pub credits: String,
    pub funding: String,
    pub summary: String,
    pub plan_file_id: Option<i64>,
    /// The plan's file name as uploaded, for display.
    pub plan_file_name: Option<String>,
    pub classes: Vec<ClassDraft>,
}

/// Credits in tenths for `hours` at the default rate, rounded half up ("50 学时" → 16.7).
pub fn default_credits_tenths(hours: u32) -> u32 {
    (hours * 10 * 2 + HOURS_PER_CREDIT) / (2 * HOURS_PER_CREDIT)
}

/// "16.5" → 165 tenths; at most one decimal, not negative.
pub fn parse_credits(s: &str) -> Option<u32> {
    let s = s.trim();
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || whole.len() > 4 {
        return None;
    }
    let tenth = match frac.len() {
        0 => 0,
        1 if frac.as_bytes()[0].is_ascii_digit() => u32::from(frac.as_bytes()[0] - b'0'),
        _ => return None,
    };
    Some(whole.parse::<u32>().ok()? * 10 + tenth)
}

/// 165 → "16.5", 160 → "16".
pub fn format_credits(tenths: u32) -> String {
    if tenths.is_multiple_of(10) {
        (tenths / 10).to_string()
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// Money in yuan with at most two decimals → fen.
pub fn parse_fee(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.is_empty() {
        return Some(0);
    }
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty()
        || whole.len() > 7
        || frac.len() > 2
        || !whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let cents = format!("{frac:0<2}").parse::<i64>().ok()?;
    Some(whole.parse::<i64>().ok()? * 100 + cents)
}

/// The bureau that approves a project aimed at `targets`: the lowest region covering all of
/// them (DOMAIN.md §4). `None` when there is no target or a code is malformed.
pub fn approver_region(targets: &[String]) -> Option<String> {
    let first = targets.first()?;
    if !targets.iter().all(|c| is_region_code(c)) {
        return None;
    }
    let all_share = |n: usize| targets.iter().all(|c| c[..n] == first[..n]);
    let deepest = |lvl: RegionLevel| targets.iter().all(|c| level_of(c) == Some(lvl));
    if deepest(RegionLevel::County) && all_share(6) {
        Some(first.clone())
    } else if all_share(4)
        && targets
            .iter()
            .all(|c| level_of(c) != Some(RegionLevel::Province))
    {
        Some(format!("{}00", &first[..4]))
    } else if all_share(2) {
        Some(format!("{}0000", &first[..2]))
    } else {
        None
    }
}

fn push(errs: &mut Vec<FieldError>, field: impl Into<String>, message: impl Into<String>) {
    errs.push(FieldError {
        field: field.into(),
        message: message.into(),
    });
}

/// The form's field rules, shared by the browser (as you type) and the server. Class errors
/// name their field as `classes.<i>.<field>`.
pub fn validate(p: &ProjectDraft) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let name = p.name.trim();
    if name.is_empty() {
        push(&mut errs, "name", "请填写项目名称");
    } else if name.chars().count() > 100 {
        push(&mut errs, "name", "项目名称不能超过 100 个字");
    }
    match p.year.trim().parse::<i32>() {
        Ok(y) if (2000..=2100).contains(&y) => {}
        _ => push(&mut errs, "year", "请选择培训年度"),
    }
    let lists: [(&str, &str, &[&str]); 4] = [
        ("level", "项目级别", &LEVELS),
        ("kind", "项目类型", &KINDS),
        ("nature", "培训形式", &NATURES),
        ("credit_category", "学分类别", &CREDIT_CATEGORIES),
    ];
    for (field, label, list) in lists {
        let v = match field {
            "level" => &p.level,
            "kind" => &p.kind,
            "nature" => &p.nature,
            _ => &p.credit_category,
        };
        if !list.contains(&v.as_str()) {
            push(&mut errs, field, format!("请选择{label}"));
        }
    }
    if p.organiser.trim().is_empty() {
        push(&mut errs, "organiser", "请填写主办单位");
    }
    if p.target_regions.is_empty() {
        push(&mut errs, "target_regions", "请至少选择一个培训对象区域");
    } else if approver_region(&p.target_regions).is_none() {
        push(&mut errs, "target_regions", "培训对象区域须在同一省内");
    }
    if let Some(bad) = p
        .target_stages
        .iter()
        .find(|s| !STAGES.contains(&s.as_str()))
    {
        push(&mut errs, "target_stages", format!("未知学段：{bad}"));
    }
    let subject_ok = |s: &String| {
        let stages: Vec<&str> = if p.target_stages.is_empty() {
            STAGES.to_vec()
        } else {
            p.target_stages.iter().map(String::as_str).collect()
        };
        stages
            .iter()
            .any(|st| subjects_of(st).contains(&s.as_str()))
    };
    if let Some(bad) = p.target_subjects.iter().find(|s| !subject_ok(s)) {
        push(
            &mut errs,
            "target_subjects",
            format!("学科“{bad}”不属于所选学段"),
        );
    }
    if let Some(bad) = p.target_posts.iter().find(|s| !POSTS.contains(&s.as_str())) {
        push(&mut errs, "target_posts", format!("未知岗位：{bad}"));
    }
    let hours = p.hours.trim().parse::<u32>().ok();
    match hours {
        Some(h) if (1..=MAX_HOURS).contains(&h) => {}
        _ => push(&mut errs, "hours", format!("学时应为 1–{MAX_HOURS} 的整数")),
    }
    if !p.credits.trim().is_empty() {
        match parse_credits(&p.credits) {
            Some(c) if c > 0 && hours.is_none_or(|h| c <= h * 10) => {}
            _ => push(
                &mut errs,
                "credits",
                "学分应为正数，最多一位小数，且不超过学时",
            ),
        }
    }
    if p.summary.chars().count() > 2000 {
        push(&mut errs, "summary", "项目简介不能超过 2000 个字");
    }
    if p.classes.is_empty() {
        push(&mut errs, "classes", "请至少添加一个班期");
    } else if p.classes.len() > MAX_CLASSES {
        push(
            &mut errs,
            "classes",
            format!("班期不能超过 {MAX_CLASSES} 个"),
        );
    }
    for (i, c) in p.classes.iter().enumerate() {
        validate_class(&mut errs, i, c);
    }
    errs
}

fn validate_class(errs: &mut Vec<FieldError>, i: usize, c: &ClassDraft) {
    let f = |name: &str| format!("classes.{i}.{name}");
    let n = i + 1;
    if c.name.trim().is_empty() {
        push(errs, f("name"), format!("第 {n} 个班期：请填写班期名称"));
    }
    let starts = parse_date(&c.starts_on);
    let ends = parse_date(&c.ends_on);
    if starts.is_none() {
        push(
            errs,
            f("starts_on"),
            format!("第 {n} 个班期：请填写开班日期"),
        );
    }
    if ends.is_none() {
        push(errs, f("ends_on"), format!("第 {n} 个班期：请填写结束日期"));
    }
    if let (Some(s), Some(e)) = (starts, ends)
        && e < s
    {
        push(
            errs,
            f("ends_on"),
            format!("第 {n} 个班期：结束日期早于开班日期"),
        );
    }
    match c.capacity.trim().parse::<u32>() {
        Ok(v) if (1..=MAX_CAPACITY).contains(&v) => {}
        _ => push(
            errs,
            f("capacity"),
            format!("第 {n} 个班期：计划人数应为 1–{MAX_CAPACITY}"),
        ),
    }
    if parse_fee(&c.fee).is_none() {
        push(
            errs,
            f("fee"),
            format!("第 {n} 个班期：费用应为金额，如 300 或 120.50"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    pub fn sample() -> ProjectDraft {
        ProjectDraft {
            name: "2026年小学数学骨干教师培训".into(),
            year: "2026".into(),
            level: "市级".into(),
            kind: "骨干教师".into(),
            nature: "混合".into(),
            organiser: "石家庄市教育局".into(),
            target_regions: codes(&["130102", "130104"]),
            target_stages: codes(&["小学"]),
            target_subjects: codes(&["数学"]),
            credit_category: "专业选修".into(),
            hours: "50".into(),
            classes: vec![ClassDraft {
                name: "第一期".into(),
                starts_on: "2026-07-10".into(),
                ends_on: "2026-07-15".into(),
                place: "河北师范大学".into(),
                capacity: "60".into(),
                fee: "".into(),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn the_lowest_bureau_covering_every_target_approves() {
        let table: [(&[&str], Option<&str>); 8] = [
            (&["130102"], Some("130102")),
            (&["130102", "130104"], Some("130100")),
            (&["130100"], Some("130100")),
            (&["130100", "130102"], Some("130100")),
            (&["130102", "130202"], Some("130000")),
            (&["130000", "130102"], Some("130000")),
            (&["130102", "110101"], None),
            (&[], None),
        ];
        for (targets, want) in table {
            assert_eq!(
                approver_region(&codes(targets)).as_deref(),
                want,
                "{targets:?}"
            );
        }
    }

    #[test]
    fn three_hours_make_a_credit_rounded_to_a_tenth() {
        assert_eq!(default_credits_tenths(3), 10);
        assert_eq!(default_credits_tenths(50), 167);
        assert_eq!(default_credits_tenths(1), 3);
        assert_eq!(default_credits_tenths(360), 1200);
        assert_eq!(format_credits(167), "16.7");
        assert_eq!(format_credits(120), "12");
        for (s, want) in [
            ("16.5", Some(165)),
            ("16", Some(160)),
            ("0.5", Some(5)),
            ("1.25", None),
            ("-1", None),
            ("", None),
            (".5", None),
            ("1e3", None),
        ] {
            assert_eq!(parse_credits(s), want, "{s}");
        }
    }

    #[test]
    fn fees_are_yuan_with_two_decimals() {
        for (s, want) in [
            ("", Some(0)),
            ("300", Some(30000)),
            ("120.5", Some(12050)),
            ("120.50", Some(12050)),
            ("0.01", Some(1)),
            ("1.234", None),
            ("-3", None),
            ("三百", None),
        ] {
            assert_eq!(parse_fee(s), want, "{s}");
        }
    }

    #[test]
    fn a_complete_declaration_passes() {
        assert_eq!(validate(&sample()), vec![]);
    }

    #[test]
    fn each_bad_field_is_named() {
        let fields = |p: &ProjectDraft| -> Vec<String> {
            validate(p).into_iter().map(|e| e.field).collect()
        };
        let mut p = sample();
        p.name = " ".into();
        p.hours = "0".into();
        p.level = "乡级".into();
        p.target_subjects = codes(&["化学"]);
        assert_eq!(fields(&p), ["name", "level", "target_subjects", "hours"]);

        let mut p = sample();
        p.classes[0].ends_on = "2026-07-01".into();
        p.classes[0].capacity = "0".into();
        p.classes.push(ClassDraft::default());
        let errs = validate(&p);
        let got: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert!(got.contains(&"classes.0.ends_on"), "{got:?}");
        assert!(got.contains(&"classes.0.capacity"));
        assert!(got.contains(&"classes.1.name"));
        assert!(errs.iter().any(|e| e.message.starts_with("第 2 个班期")));

        let mut p = sample();
        p.classes.clear();
        p.target_regions = codes(&["130102", "110101"]);
        assert_eq!(fields(&p), ["target_regions", "classes"]);
    }

    #[test]
    fn credits_may_be_set_but_not_above_the_hours() {
        let mut p = sample();
        p.credits = "20".into();
        assert!(validate(&p).is_empty());
        p.credits = "600".into();
        assert_eq!(validate(&p)[0].field, "credits");
    }
}
