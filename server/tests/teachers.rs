#![recursion_limit = "512"]
#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! Teacher records: the scoped list, detail, field rights, 增加, transfers, bulk acts — on
//! SQLite and PostgreSQL, over HTTP as the browser calls them.

mod helpers;

use app::domain::teacher::TeacherFields;
use app::dto::Page;
use app::dto::teachers::{TeacherDetail, TeacherRow, TransferCandidate};
use app::error::AppError;
use app::server::entities::{audit_log, school, teacher, user};
use helpers::*;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

async fn teacher_of(app: &TestApp, phone: &str) -> teacher::Model {
    let uid = user_id(app, phone).await;
    teacher::Entity::find()
        .filter(teacher::Column::UserId.eq(uid))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

async fn id_number_of(app: &TestApp, phone: &str) -> String {
    user::Entity::find()
        .filter(user::Column::Phone.eq(phone))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id_number
        .unwrap()
}

/// A school of the county that is not `except`.
async fn other_school(app: &TestApp, county: &str, except: Option<i64>) -> school::Model {
    school::Entity::find()
        .filter(school::Column::CountyCode.eq(county))
        .filter(school::Column::Id.ne(except.unwrap_or(0)))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

fn fields_form(prefix: &str, f: &TeacherFields) -> Vec<(String, String)> {
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

fn refs(f: &[(String, String)]) -> Vec<(&str, String)> {
    f.iter().map(|(k, v)| (k.as_str(), v.clone())).collect()
}

fn new_fields(id_number: &str) -> TeacherFields {
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

async fn list(c: &Client, keyword: &str) -> Result<Page<TeacherRow>, AppError> {
    c.call("list_teachers", &[("filter[keyword]", keyword.into())])
        .await
}

async fn detail(c: &Client, id: i64) -> Result<TeacherDetail, AppError> {
    c.call("teacher_detail", &[("id", id.to_string())]).await
}

on_both!(each_admin_lists_only_the_teachers_of_its_scope, |app| {
    let school_admin = app.login_as(SCHOOL_ADMIN).await;
    let own = list(&school_admin, "").await.unwrap();
    let zheng = teacher_of(app, TEACHER).await;
    let school_name = school::Entity::find_by_id(zheng.school_id.unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .name;
    let in_school = teacher::Entity::find()
        .filter(teacher::Column::SchoolId.eq(zheng.school_id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(own.total, in_school);
    let in_county = teacher::Entity::find()
        .filter(teacher::Column::CountyCode.eq("130102"))
        .count(&app.db)
        .await
        .unwrap();
    let everywhere = list(&app.login_as(COUNTY).await, "").await.unwrap();
    assert_eq!(everywhere.total, in_county);
    let big: Page<TeacherRow> = school_admin
        .call("list_teachers", &[("filter[page_size]", "100".into())])
        .await
        .unwrap();
    assert!(big.items.iter().all(|t| t.school_name == school_name));
    // A whole ID number finds the teacher inside the scope, and nothing outside it.
    let id = id_number_of(app, TEACHER).await;
    let found = list(&school_admin, &id).await.unwrap();
    assert_eq!(found.items.len(), 1);
    assert_eq!(found.items[0].name, "郑老师");
    assert!(found.items[0].id_number.contains('*'), "masked in lists");
    let other = app.login_as(OTHER_COUNTY).await;
    assert_eq!(list(&other, &id).await.unwrap().total, 0);
    assert_eq!(list(&other, "郑老师").await.unwrap().total, 0);
    // The last digits and filters work too.
    let tail = &id[14..];
    assert!(
        list(&school_admin, tail)
            .await
            .unwrap()
            .items
            .iter()
            .any(|t| t.name == "郑老师")
    );
    let maths: Page<TeacherRow> = school_admin
        .call(
            "list_teachers",
            &[
                ("filter[stage]", "小学".into()),
                ("filter[subject]", "数学".into()),
            ],
        )
        .await
        .unwrap();
    assert!(maths.items.iter().all(|t| t.subject == "数学"));
    // Another county's filter is refused; teachers and institutions have no list.
    let r: Result<Page<TeacherRow>, _> = other
        .call("list_teachers", &[("filter[county_code]", "130102".into())])
        .await;
    assert_eq!(r.unwrap_err(), AppError::Forbidden);
    let r = list(&app.login_as(TEACHER).await, "").await;
    assert_eq!(r.unwrap_err(), AppError::Forbidden);
});

on_both!(
    no_admin_reads_or_changes_a_record_outside_its_scope,
    |app| {
        let zheng = teacher_of(app, TEACHER).await;
        let id = zheng.id.to_string();
        let other = app.login_as(OTHER_COUNTY).await;
        let f = fields_form("fields", &new_fields("110105194912310021"));
        let mut update = refs(&f);
        update.push(("id", id.clone()));
        let calls: Vec<(&str, Vec<(&str, String)>)> = vec![
            ("teacher_detail", vec![("id", id.clone())]),
            ("reveal_id_number", vec![("id", id.clone())]),
            ("update_teacher", update),
            (
                "set_teacher_status",
                vec![("id", id.clone()), ("status", "离退".into())],
            ),
            (
                "move_teacher",
                vec![
                    ("input[teacher_id]", id.clone()),
                    ("input[to_school_id]", "0".into()),
                ],
            ),
            (
                "bulk_teachers",
                vec![("action", "disable".into()), ("ids[0]", id.clone())],
            ),
        ];
        for (endpoint, form) in &calls {
            let r: Result<serde_json::Value, AppError> = other.call(endpoint, form).await;
            assert_eq!(r.unwrap_err(), AppError::Forbidden, "{endpoint}");
        }
        let denied = audit_log::Entity::find()
            .filter(audit_log::Column::Outcome.eq("denied"))
            .count(&app.db)
            .await
            .unwrap();
        assert!(denied >= calls.len() as u64);
        let after = teacher_of(app, TEACHER).await;
        assert_eq!(after, zheng, "nothing changed");
    }
);

on_both!(the_whole_id_number_is_shown_on_request_and_audited, |app| {
    let zheng = teacher_of(app, TEACHER).await;
    let county = app.login_as(COUNTY).await;
    let d = detail(&county, zheng.id).await.unwrap();
    assert!(d.fields.id_number.contains('*'));
    assert_eq!(d.fields.name, "郑老师");
    let whole: String = county
        .call("reveal_id_number", &[("id", zheng.id.to_string())])
        .await
        .unwrap();
    assert_eq!(whole, id_number_of(app, TEACHER).await);
    let views = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("teacher.view_id_number"))
        .filter(audit_log::Column::TargetId.eq(zheng.id.to_string()))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(views, 1);
});

on_both!(a_school_admin_edits_the_rest_but_not_key_fields, |app| {
    let zheng = teacher_of(app, TEACHER).await;
    let sa = app.login_as(SCHOOL_ADMIN).await;
    let d = detail(&sa, zheng.id).await.unwrap();
    assert!(!d.editable.contains(&"name".to_string()));
    assert!(d.editable.contains(&"title".to_string()));
    let mut f = d.fields.clone();
    f.name = "郑改名".into();
    let mut form = fields_form("fields", &f);
    form.push(("id".into(), zheng.id.to_string()));
    let r: Result<usize, AppError> = sa.call("update_teacher", &refs(&form)).await;
    let err = r.unwrap_err();
    assert!(
        err.field_message("name").unwrap().contains("关键字段"),
        "{err:?}"
    );
    // The masked ID sent back means "unchanged"; a non-key change goes through.
    let mut f = d.fields.clone();
    f.title = if d.fields.title == "高级教师" {
        "一级教师"
    } else {
        "高级教师"
    }
    .into();
    let mut form = fields_form("fields", &f);
    form.push(("id".into(), zheng.id.to_string()));
    let n: usize = sa.call("update_teacher", &refs(&form)).await.unwrap();
    assert_eq!(n, 1);
    let d2 = detail(&sa, zheng.id).await.unwrap();
    assert_eq!(d2.fields.title, f.title);
    assert_eq!(d2.history[0].kind, "edit");
    assert_eq!(d2.history[0].changes[0].0, "职称");
    assert_eq!(d2.history[0].actor_name, "吴校管");
    // The county admin may change the name; bad values are named field by field.
    let county = app.login_as(COUNTY).await;
    let mut f = d2.fields.clone();
    f.name = "郑新名".into();
    f.subject = "化学".into();
    let mut form = fields_form("fields", &f);
    form.push(("id".into(), zheng.id.to_string()));
    let r: Result<usize, AppError> = county.call("update_teacher", &refs(&form)).await;
    assert!(
        r.unwrap_err()
            .field_message("subject")
            .unwrap()
            .contains("不属于小学")
    );
    f.subject = "语文".into();
    let mut form = fields_form("fields", &f);
    form.push(("id".into(), zheng.id.to_string()));
    let n: usize = county.call("update_teacher", &refs(&form)).await.unwrap();
    assert_eq!(n, 2);
    let u = user::Entity::find_by_id(zheng.user_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(u.name, "郑新名");
});

on_both!(
    adding_a_teacher_creates_an_account_and_refuses_duplicates,
    |app| {
        let sa = app.login_as(SCHOOL_ADMIN).await;
        let school_id = teacher_of(app, SCHOOL_ADMIN).await.school_id.unwrap();
        let id_number = "130102199503051239";
        let mut form = fields_form("input[fields]", &new_fields(id_number));
        form.push(("input[school_id]".into(), school_id.to_string()));
        let new_id: i64 = sa.call("add_teacher", &refs(&form)).await.unwrap();
        let d = detail(&sa, new_id).await.unwrap();
        assert_eq!(d.status, "在岗");
        assert_eq!(d.gender, "男");
        assert_eq!(d.birth_date, "1995-03-05");
        assert!(d.training_number.starts_with("13"));
        assert_eq!(d.history[0].kind, "create");
        // The account logs in with the last 6 characters and must change the password.
        let c = app.client();
        assert!(c.login(id_number, "051239").await.unwrap());
        // The same ID again is refused, pointing to 调入.
        let r: Result<i64, AppError> = sa.call("add_teacher", &refs(&form)).await;
        assert!(
            r.unwrap_err()
                .field_message("id_number")
                .unwrap()
                .contains("调入")
        );
        // A bad check digit is named; another county's school is refused.
        let mut bad = fields_form("input[fields]", &new_fields("130102199503051231"));
        bad.push(("input[school_id]".into(), school_id.to_string()));
        let r: Result<i64, AppError> = sa.call("add_teacher", &refs(&bad)).await;
        assert!(r.unwrap_err().field_message("id_number").is_some());
        let far = other_school(app, "130104", None).await;
        let mut far_form = fields_form("input[fields]", &new_fields("130102199001011237"));
        far_form.push(("input[school_id]".into(), far.id.to_string()));
        let r: Result<i64, AppError> = sa.call("add_teacher", &refs(&far_form)).await;
        assert_eq!(r.unwrap_err(), AppError::Forbidden);
    }
);

on_both!(a_teacher_moves_through_the_pool_to_another_county, |app| {
    let zheng = teacher_of(app, TEACHER).await;
    let sa = app.login_as(SCHOOL_ADMIN).await;
    // The school admin cannot send a teacher straight to another school.
    let next = other_school(app, "130102", zheng.school_id).await;
    let r: Result<(), AppError> = sa
        .call(
            "move_teacher",
            &[
                ("input[teacher_id]", zheng.id.to_string()),
                ("input[to_school_id]", next.id.to_string()),
            ],
        )
        .await;
    assert_eq!(r.unwrap_err(), AppError::Forbidden);
    // 调出 to the pool.
    let () = sa
        .call(
            "move_teacher",
            &[
                ("input[teacher_id]", zheng.id.to_string()),
                ("input[to_school_id]", "0".into()),
                ("input[reason]", "工作调动".into()),
            ],
        )
        .await
        .unwrap();
    let pooled = teacher_of(app, TEACHER).await;
    assert_eq!((pooled.school_id, pooled.status.as_str()), (None, "自由人"));
    assert_eq!(
        list(&sa, "郑老师").await.unwrap().total,
        0,
        "no longer the school's"
    );
    // The receiving county admin finds the record by its whole ID and takes it (cross-county).
    let other = app.login_as(OTHER_COUNTY).await;
    let id_number = id_number_of(app, TEACHER).await;
    let c: TransferCandidate = other
        .call(
            "find_transfer_candidate",
            &[("id_number", id_number.clone())],
        )
        .await
        .unwrap();
    assert_eq!((c.teacher_id, c.status.as_str()), (zheng.id, "自由人"));
    assert!(c.id_number.contains('*'));
    let target = other_school(app, "130104", None).await;
    let () = other
        .call(
            "move_teacher",
            &[
                ("input[teacher_id]", zheng.id.to_string()),
                ("input[to_school_id]", target.id.to_string()),
            ],
        )
        .await
        .unwrap();
    let moved = teacher_of(app, TEACHER).await;
    assert_eq!(moved.school_id, Some(target.id));
    assert_eq!(moved.county_code, "130104");
    assert_eq!(moved.status, "在岗");
    assert_eq!(
        moved.training_number, zheng.training_number,
        "the record moves whole"
    );
    let d = detail(&other, zheng.id).await.unwrap();
    let moves: Vec<&str> = d
        .history
        .iter()
        .filter(|h| h.kind == "move")
        .map(|h| h.summary.as_str())
        .collect();
    assert_eq!(moves.len(), 2);
    assert!(moves[0].starts_with("调入：自由人 →"));
    assert!(moves[1].contains("工作调动"));
    // The old county no longer sees it.
    let county = app.login_as(COUNTY).await;
    assert_eq!(
        detail(&county, zheng.id).await.unwrap_err(),
        AppError::Forbidden
    );
});

on_both!(bulk_acts_reach_only_plain_teachers_of_the_school, |app| {
    let zheng = teacher_of(app, TEACHER).await;
    let me = teacher_of(app, SCHOOL_ADMIN).await;
    let sa = app.login_as(SCHOOL_ADMIN).await;
    // Its own account (a school admin too) is out of reach: the whole batch is refused.
    let r: Result<u64, AppError> = sa
        .call(
            "bulk_teachers",
            &[
                ("action", "disable".into()),
                ("ids[0]", zheng.id.to_string()),
                ("ids[1]", me.id.to_string()),
            ],
        )
        .await;
    assert_eq!(r.unwrap_err(), AppError::Forbidden);
    let still = user::Entity::find_by_id(zheng.user_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!still.disabled, "nothing changed");
    let n: u64 = sa
        .call(
            "bulk_teachers",
            &[
                ("action", "disable".into()),
                ("ids[0]", zheng.id.to_string()),
            ],
        )
        .await
        .unwrap();
    assert_eq!(n, 1);
    let r = app.client().login(TEACHER, PASSWORD).await;
    assert!(matches!(r, Err(AppError::Login(_))), "{r:?}");
    let _: u64 = sa
        .call(
            "bulk_teachers",
            &[
                ("action", "enable".into()),
                ("ids[0]", zheng.id.to_string()),
            ],
        )
        .await
        .unwrap();
    assert_eq!(app.client().login(TEACHER, PASSWORD).await, Ok(false));
});

async fn get_bytes(c: &Client, path: &str) -> (u16, String, Vec<u8>) {
    let res = c
        .http
        .get(format!("{}{path}", c.base))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let ct = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, ct, res.bytes().await.unwrap().to_vec())
}

fn sheet_rows(bytes: Vec<u8>, sheet: &str) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

on_both!(the_export_holds_the_rows_of_the_list, |app| {
    let sa = app.login_as(SCHOOL_ADMIN).await;
    let page: Page<TeacherRow> = sa
        .call("list_teachers", &[("filter[page_size]", "100".into())])
        .await
        .unwrap();
    let (status, ct, bytes) = get_bytes(&sa, "/api/files/teachers.xlsx").await;
    assert_eq!(status, 200);
    assert!(ct.contains("spreadsheetml"));
    let rows = sheet_rows(bytes, "教师名单");
    assert_eq!(rows[0][0], "师训号");
    let exported: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    let listed: Vec<&str> = page
        .items
        .iter()
        .map(|t| t.training_number.as_str())
        .collect();
    assert_eq!(exported, listed);
    assert!(
        rows[1..].iter().all(|r| r[3].contains('*')),
        "ID numbers masked"
    );
    // The filter applies; another county and a teacher are refused.
    let (_, _, bytes) = get_bytes(
        &sa,
        "/api/files/teachers.xlsx?stage=%E5%B0%8F%E5%AD%A6&subject=%E6%95%B0%E5%AD%A6",
    )
    .await;
    let maths = sheet_rows(bytes, "教师名单");
    assert!(maths[1..].iter().all(|r| r[7] == "数学"));
    let other = app.login_as(OTHER_COUNTY).await;
    let (status, _, _) = get_bytes(&other, "/api/files/teachers.xlsx?county_code=130102").await;
    assert_eq!(status, 403);
    let (status, _, _) = get_bytes(&app.login_as(TEACHER).await, "/api/files/teachers.xlsx").await;
    assert_eq!(status, 403);
    let (status, _, _) = get_bytes(&app.client(), "/api/files/teachers.xlsx").await;
    assert_eq!(status, 401);
    // The template: starred required headers and a sample row.
    let (status, _, bytes) = get_bytes(&sa, "/api/files/teacher-template.xlsx").await;
    assert_eq!(status, 200);
    let t = sheet_rows(bytes, "教师信息");
    assert_eq!(t[0][0], "姓名*");
    assert_eq!(t[0][2], "学校全称");
    assert_eq!(t[1][1], "11010519491231002X");
});
