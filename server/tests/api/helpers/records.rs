//! Teacher records: finding the demo teachers, forms as the browser posts them, list and detail.

use super::*;

pub async fn teacher_of(app: &TestApp, phone: &str) -> teacher::Model {
    let uid = user_id(app, phone).await;
    teacher::Entity::find()
        .filter(teacher::Column::UserId.eq(uid))
        .one(&app.db)
        .await
        .expect("query")
        .expect("demo record")
}

pub async fn id_number_of(app: &TestApp, phone: &str) -> String {
    demo_user(app, phone).await.id_number.expect("an ID number")
}

/// A school of the county that is not `except`.
pub async fn other_school(app: &TestApp, county: &str, except: Option<i64>) -> school::Model {
    school::Entity::find()
        .filter(school::Column::CountyCode.eq(county))
        .filter(school::Column::Id.ne(except.unwrap_or(0)))
        .one(&app.db)
        .await
        .expect("query")
        .expect("demo record")
}

pub fn fields_form(prefix: &str, f: &TeacherFields) -> Vec<(String, String)> {
    let text = [
        ("name", &f.name),
        ("id_number", &f.id_number),
        ("qualification_number", &f.qualification_number),
        ("ethnicity", &f.ethnicity),
        ("political_status", &f.political_status),
        ("stage", &f.stage),
        ("subject", &f.subject),
        ("initial_education", &f.initial_education),
        ("highest_education", &f.highest_education),
        ("title", &f.title),
        ("post", &f.post),
        ("hire_date", &f.hire_date),
        ("phone", &f.phone),
        ("email", &f.email),
    ];
    let mut out: Vec<(String, String)> = text
        .iter()
        .map(|(k, v)| (format!("{prefix}[{k}]"), v.to_string()))
        .collect();
    out.push((
        format!("{prefix}[publicly_funded]"),
        f.publicly_funded.to_string(),
    ));
    out.push((
        format!("{prefix}[special_post]"),
        f.special_post.to_string(),
    ));
    out
}

pub fn refs(f: &[(String, String)]) -> Vec<(&str, String)> {
    f.iter().map(|(k, v)| (k.as_str(), v.clone())).collect()
}

/// 增加: a new record at `school_id`, as the drawer posts it.
pub async fn add_teacher(c: &Client, f: &TeacherFields, school_id: i64) -> Result<i64, AppError> {
    let mut form = fields_form("input[fields]", f);
    form.push(("input[school_id]".into(), school_id.to_string()));
    c.call::<api::teachers::AddTeacher>(&refs(&form)).await
}

pub fn new_fields(id_number: &str) -> TeacherFields {
    TeacherFields {
        name: "韩新来".into(),
        id_number: id_number.into(),
        ethnicity: "汉族".into(),
        political_status: "群众".into(),
        stage: "初中".into(),
        subject: "物理".into(),
        initial_education: "大学本科".into(),
        highest_education: "硕士研究生".into(),
        title: "二级教师".into(),
        post: "专任教师".into(),
        hire_date: "2020-09-01".into(),
        ..Default::default()
    }
}

pub async fn list(c: &Client, keyword: &str) -> Result<Page<TeacherRow>, AppError> {
    c.call::<api::teachers::ListTeachers>(&[("filter[keyword]", keyword.into())])
        .await
}

pub async fn detail(c: &Client, id: i64) -> Result<TeacherDetail, AppError> {
    c.call::<api::teachers::GetTeacherDetail>(&[("id", id.to_string())])
        .await
}
