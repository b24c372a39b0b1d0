//! The editable fields of a teacher record, who may edit each (DOMAIN.md §3), and their
//! validation. The record form, the server's update and the Excel import all use these.

use super::code_lists;
use super::contact::{validate_email, validate_phone};
use super::id_card::IdNumber;
use super::role::Role;
use crate::error::FieldError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

crate::stored_enum! {
    /// Where a record stands (DOMAIN.md §3), stored as the Chinese word the lists, filters and
    /// exports show.
    pub enum TeacherStatus {
        /// The teachers the statistics count.
        OnDuty = "在岗",
        TransferredOut = "调出",
        /// In the county's pool (自由人), at no school until a school takes the record in.
        Pool = "自由人",
        Retired = "离退",
    }
}

impl TeacherStatus {
    pub fn label(self) -> &'static str {
        self.as_str()
    }

    pub fn tone(self) -> &'static str {
        match self {
            Self::OnDuty => "green",
            Self::Pool => "orange",
            Self::Retired => "grey",
            Self::TransferredOut => "blue",
        }
    }

    /// 离退 and back to 在岗 are the status changes an admin makes by hand; back to 在岗 only
    /// at a school (a pool record comes back by 调入).
    pub fn may_set(from: Self, to: Self, at_school: bool) -> bool {
        match to {
            Self::Retired => from != Self::Retired,
            Self::OnDuty => from == Self::Retired && at_school,
            Self::Pool | Self::TransferredOut => false,
        }
    }
}

/// The lowest level that may edit a field. Key fields belong to the county bureau because they
/// identify the person (and the bureau answers for them); the school keeps the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Editor {
    School,
    County,
}

/// Field key, Chinese label, who edits it.
pub const FIELDS: [(&str, &str, Editor); 16] = [
    ("name", "姓名", Editor::County),
    ("id_number", "身份证号", Editor::County),
    ("qualification_number", "教师资格证号", Editor::County),
    ("ethnicity", "民族", Editor::School),
    ("political_status", "政治面貌", Editor::School),
    ("stage", "任教学段", Editor::School),
    ("subject", "任教学科", Editor::School),
    ("initial_education", "第一学历", Editor::School),
    ("highest_education", "最高学历", Editor::School),
    ("title", "职称", Editor::School),
    ("post", "岗位", Editor::School),
    ("hire_date", "参加工作日期", Editor::School),
    ("publicly_funded", "公费师范生", Editor::School),
    ("special_post", "特岗教师", Editor::School),
    ("phone", "手机号", Editor::School),
    ("email", "邮箱", Editor::School),
];

pub fn label_of(key: &str) -> &'static str {
    FIELDS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, l, _)| *l)
        .unwrap_or(match key {
            "status" => "状态",
            "school" => "学校",
            _ => "",
        })
}

pub fn is_key_field(key: &str) -> bool {
    FIELDS
        .iter()
        .any(|(k, _, e)| *k == key && *e == Editor::County)
}

/// Whether an admin in `role` may change the field `key`.
pub fn may_edit(role: Role, key: &str) -> bool {
    let level = match role {
        Role::ProvinceAdmin | Role::CityAdmin | Role::CountyAdmin => Editor::County,
        Role::SchoolAdmin => Editor::School,
        Role::Institution | Role::Teacher | Role::Auditor => return false,
    };
    FIELDS.iter().any(|(k, _, e)| *k == key && *e <= level)
}

/// The fields of a record as a form (and a spreadsheet row) carries them: text as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TeacherFields {
    pub name: String,
    pub id_number: String,
    pub qualification_number: String,
    pub ethnicity: String,
    pub political_status: String,
    pub stage: String,
    pub subject: String,
    pub initial_education: String,
    pub highest_education: String,
    pub title: String,
    pub post: String,
    /// YYYY-MM-DD or empty.
    pub hire_date: String,
    pub publicly_funded: bool,
    pub special_post: bool,
    pub phone: String,
    pub email: String,
}

fn yes_no(b: bool) -> String {
    if b { "是" } else { "否" }.to_string()
}

impl TeacherFields {
    /// The value of one field as text, for comparisons and the change history.
    pub fn get(&self, key: &str) -> String {
        match key {
            "name" => self.name.clone(),
            "id_number" => self.id_number.clone(),
            "qualification_number" => self.qualification_number.clone(),
            "ethnicity" => self.ethnicity.clone(),
            "political_status" => self.political_status.clone(),
            "stage" => self.stage.clone(),
            "subject" => self.subject.clone(),
            "initial_education" => self.initial_education.clone(),
            "highest_education" => self.highest_education.clone(),
            "title" => self.title.clone(),
            "post" => self.post.clone(),
            "hire_date" => self.hire_date.clone(),
            "publicly_funded" => yes_no(self.publicly_funded),
            "special_post" => yes_no(self.special_post),
            "phone" => self.phone.clone(),
            "email" => self.email.clone(),
            _ => String::new(),
        }
    }

    /// Trims what was typed, upper-cases the ID's X and writes a date as it is stored
    /// (1985/07/27 as 1985-07-27), so equal records compare equal.
    pub fn normalized(&self) -> Self {
        let t = |s: &str| s.trim().to_string();
        Self {
            name: t(&self.name),
            id_number: self.id_number.trim().to_ascii_uppercase(),
            qualification_number: t(&self.qualification_number),
            ethnicity: t(&self.ethnicity),
            political_status: t(&self.political_status),
            stage: t(&self.stage),
            subject: t(&self.subject),
            initial_education: t(&self.initial_education),
            highest_education: t(&self.highest_education),
            title: t(&self.title),
            post: t(&self.post),
            hire_date: parse_date(self.hire_date.trim())
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_else(|| t(&self.hire_date)),
            publicly_funded: self.publicly_funded,
            special_post: self.special_post,
            phone: t(&self.phone),
            email: t(&self.email),
        }
    }

    /// The keys whose values differ between two records.
    pub fn changed_keys(&self, other: &Self) -> Vec<&'static str> {
        FIELDS
            .iter()
            .map(|(k, _, _)| *k)
            .filter(|k| self.get(k) != other.get(k))
            .collect()
    }
}

fn err(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// A name as on the ID card: 2–30 characters, Chinese or letters, with · for minority names.
pub fn validate_name(name: &str) -> Result<(), &'static str> {
    let n = name.chars().count();
    if n == 0 {
        return Err("请填写姓名");
    }
    if !(2..=30).contains(&n) {
        return Err("姓名应为 2–30 个字");
    }
    let ok = name
        .chars()
        .all(|c| c.is_alphabetic() || c == '·' || c == '•' || c == ' ');
    if ok {
        Ok(())
    } else {
        Err("姓名只能包含汉字、字母和间隔号·")
    }
}

/// A date as YYYY-MM-DD (Excel also writes YYYY/MM/DD).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y/%m/%d"))
        .ok()
}

fn check_code(errors: &mut Vec<FieldError>, key: &str, value: &str, list: &[&str]) {
    if value.is_empty() {
        errors.push(err(key, format!("请选择{}", label_of(key))));
    } else if !list.contains(&value) {
        errors.push(err(
            key,
            format!("{}“{}”不在代码表中", label_of(key), value),
        ));
    }
}

/// Every rule a record must satisfy; one message per bad field, naming the field.
/// `fields` should be `normalized()`.
pub fn validate(fields: &TeacherFields) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if let Err(m) = validate_name(&fields.name) {
        errors.push(err("name", m));
    }
    let id = IdNumber::parse(&fields.id_number);
    if let Err(e) = &id {
        errors.push(err("id_number", e.message()));
    }
    let q = &fields.qualification_number;
    let q_ok = q.len() <= 30 && q.chars().all(|c| c.is_ascii_alphanumeric());
    if !q_ok {
        errors.push(err(
            "qualification_number",
            "教师资格证号只能包含数字和字母",
        ));
    }
    check_code(
        &mut errors,
        "ethnicity",
        &fields.ethnicity,
        &code_lists::ETHNICITIES,
    );
    check_code(
        &mut errors,
        "political_status",
        &fields.political_status,
        &code_lists::POLITICAL_STATUSES,
    );
    check_code(&mut errors, "stage", &fields.stage, &code_lists::STAGES);
    if code_lists::STAGES.contains(&fields.stage.as_str()) {
        let subjects = code_lists::subjects_of(&fields.stage);
        if fields.subject.is_empty() {
            errors.push(err("subject", "请选择任教学科"));
        } else if !subjects.contains(&fields.subject.as_str()) {
            errors.push(err(
                "subject",
                format!("学科“{}”不属于{}学段", fields.subject, fields.stage),
            ));
        }
    }
    for key in ["initial_education", "highest_education"] {
        check_code(
            &mut errors,
            key,
            &fields.get(key),
            &code_lists::EDUCATION_LEVELS,
        );
    }
    check_code(&mut errors, "title", &fields.title, &code_lists::TITLES);
    check_code(&mut errors, "post", &fields.post, &code_lists::POSTS);
    if !fields.hire_date.is_empty() {
        match parse_date(&fields.hire_date) {
            None => errors.push(err("hire_date", "参加工作日期应为 YYYY-MM-DD")),
            Some(d) => {
                if let Ok(id) = &id
                    && d < id.birth_date() + chrono::Days::new(16 * 365)
                {
                    errors.push(err("hire_date", "参加工作日期早于 16 周岁，请核对"));
                }
            }
        }
    }
    if !fields.phone.is_empty()
        && let Err(m) = validate_phone(&fields.phone)
    {
        errors.push(err("phone", m));
    }
    if !fields.email.is_empty()
        && let Err(m) = validate_email(&fields.email)
    {
        errors.push(err("email", m));
    }
    errors
}

/// A batch act on the selected records of 教师管理.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeacherBatch {
    /// 生成初始密码: a form post whose answer is the spreadsheet to hand out.
    Issue,
    /// Back to the rule's initial password (where the province's rule derives it).
    Reset,
    Disable,
    Enable,
}

impl TeacherBatch {
    /// What the page says once it is done.
    pub fn done(self) -> &'static str {
        match self {
            Self::Issue => "已生成初始密码",
            Self::Reset => "已恢复初始密码",
            Self::Disable => "已停用",
            Self::Enable => "已启用",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_hand_a_record_retires_and_comes_back_only_at_a_school() {
        use TeacherStatus as S;
        assert!(S::may_set(S::OnDuty, S::Retired, true));
        assert!(S::may_set(S::Pool, S::Retired, false));
        assert!(!S::may_set(S::Retired, S::Retired, true));
        assert!(S::may_set(S::Retired, S::OnDuty, true));
        assert!(!S::may_set(S::Retired, S::OnDuty, false));
        assert!(!S::may_set(S::OnDuty, S::OnDuty, true));
        for from in S::ALL {
            assert!(!S::may_set(from, S::Pool, true));
            assert!(!S::may_set(from, S::TransferredOut, true));
        }
    }

    #[test]
    fn a_date_typed_with_slashes_is_the_stored_date() {
        let typed = TeacherFields {
            hire_date: " 2013/09/01 ".into(),
            ..Default::default()
        }
        .normalized();
        assert_eq!(typed.hire_date, "2013-09-01");
        let stored = TeacherFields {
            hire_date: "2013-09-01".into(),
            ..Default::default()
        };
        assert!(typed.changed_keys(&stored).is_empty());
        // What is not a date stays as typed, for validation to name it.
        let bad = TeacherFields {
            hire_date: "2013年9月".into(),
            ..Default::default()
        };
        assert_eq!(bad.normalized().hire_date, "2013年9月");
    }

    pub fn sample() -> TeacherFields {
        TeacherFields {
            name: "王小明".into(),
            id_number: "11010519491231002X".into(),
            qualification_number: "20101300000001".into(),
            ethnicity: "汉族".into(),
            political_status: "群众".into(),
            stage: "小学".into(),
            subject: "数学".into(),
            initial_education: "大学专科".into(),
            highest_education: "大学本科".into(),
            title: "一级教师".into(),
            post: "专任教师".into(),
            hire_date: "1970-09-01".into(),
            publicly_funded: false,
            special_post: true,
            phone: "13800138000".into(),
            email: String::new(),
        }
    }

    #[test]
    fn a_complete_record_is_valid() {
        assert_eq!(validate(&sample().normalized()), vec![]);
    }

    #[test]
    fn each_bad_field_is_named_in_chinese() {
        let mut f = sample();
        f.id_number = "110105194912310021".into();
        f.stage = "小学".into();
        f.subject = "物理".into();
        f.title = "教授".into();
        f.hire_date = "1950-01-01".into();
        let errors = validate(&f);
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["id_number", "subject", "title"]);
        assert!(errors[1].message.contains("不属于小学"));
        assert!(errors[2].message.contains("职称“教授”"));
        f.id_number = "11010519491231002X".into();
        let errors = validate(&f);
        assert_eq!(errors.last().unwrap().field, "hire_date");
    }

    #[test]
    fn names_follow_the_id_card() {
        assert!(validate_name("阿依古丽·买买提").is_ok());
        assert!(validate_name("张").is_err());
        assert!(validate_name("张3").is_err());
        assert!(validate_name("").is_err());
    }

    #[test]
    fn school_admins_cannot_edit_key_fields() {
        assert!(may_edit(Role::SchoolAdmin, "title"));
        assert!(!may_edit(Role::SchoolAdmin, "name"));
        assert!(!may_edit(Role::SchoolAdmin, "id_number"));
        assert!(may_edit(Role::CountyAdmin, "id_number"));
        assert!(may_edit(Role::ProvinceAdmin, "qualification_number"));
        assert!(!may_edit(Role::Teacher, "phone"));
        assert!(!may_edit(Role::SchoolAdmin, "unknown"));
        assert!(is_key_field("name") && !is_key_field("stage"));
    }

    #[test]
    fn changes_are_found_field_by_field() {
        let a = sample();
        let mut b = a.clone();
        b.title = "高级教师".into();
        b.special_post = false;
        assert_eq!(a.changed_keys(&b), ["title", "special_post"]);
        assert_eq!(b.get("special_post"), "否");
        let mut c = a.clone();
        c.id_number = " 11010519491231002x ".into();
        assert!(a.changed_keys(&c.normalized()).is_empty());
    }
}
