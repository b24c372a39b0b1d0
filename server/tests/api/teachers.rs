//! Teacher records: the scoped list, detail, field rights, 增加 — on SQLite and PostgreSQL,
//! over HTTP as the browser calls them.

use crate::helpers::*;
use app::dto::Page;
use app::dto::teachers::TeacherRow;
use app::error::AppError;
use app::server::entities::{audit_log, school, teacher, user};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

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
        .call::<api::teachers::ListTeachers>(&[("filter[page_size]", "100".into())])
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
    // Wildcards typed into the search match themselves: no listing everyone with `%`, no
    // reading the masked digits of an ID number one `_` at a time.
    let mut probe = id[..17].to_string();
    probe.replace_range(10..11, "_");
    for kw in ["%", "__", "%_", probe.as_str(), "郑%"] {
        assert_eq!(list(&school_admin, kw).await.unwrap().total, 0, "{kw}");
    }
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
        .call::<api::teachers::ListTeachers>(&[
            ("filter[stage]", "小学".into()),
            ("filter[subject]", "数学".into()),
        ])
        .await
        .unwrap();
    assert!(maths.items.iter().all(|t| t.subject == "数学"));
    // Another county's filter is refused; teachers and institutions have no list.
    let r: Result<Page<TeacherRow>, _> = other
        .call::<api::teachers::ListTeachers>(&[("filter[county_code]", "130102".into())])
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
            let r: Result<serde_json::Value, AppError> = other.call_endpoint(endpoint, form).await;
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
        .call::<api::teachers::RevealIdNumber>(&[("id", zheng.id.to_string())])
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
    let r: Result<usize, AppError> = sa.call::<api::teachers::UpdateTeacher>(&refs(&form)).await;
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
    let n: usize = sa
        .call::<api::teachers::UpdateTeacher>(&refs(&form))
        .await
        .unwrap();
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
    let r: Result<usize, AppError> = county
        .call::<api::teachers::UpdateTeacher>(&refs(&form))
        .await;
    assert!(
        r.unwrap_err()
            .field_message("subject")
            .unwrap()
            .contains("不属于小学")
    );
    f.subject = "语文".into();
    let mut form = fields_form("fields", &f);
    form.push(("id".into(), zheng.id.to_string()));
    let n: usize = county
        .call::<api::teachers::UpdateTeacher>(&refs(&form))
        .await
        .unwrap();
    assert_eq!(n, 2);
    let u = user::Entity::find_by_id(zheng.user_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(u.name, "郑新名");
    // Name search reads the name's pieces, which the database keeps in step with the edit:
    // the new name and each part of it find the teacher, the old name no longer does.
    let grams: Vec<String> = sea_orm::ConnectionTrait::query_all_raw(
        &app.db,
        sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            format!(
                "SELECT gram FROM name_grams WHERE user_id = {} ORDER BY gram",
                u.id
            ),
        ),
    )
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get_by_index::<String>(0).unwrap())
    .collect();
    let mut want = app::domain::name_search::pieces("郑新名");
    want.sort();
    assert_eq!(grams, want);
    for kw in ["郑新名", "新名", "新", "郑新"] {
        let found = list(&county, kw).await.unwrap();
        assert!(found.items.iter().any(|t| t.id.0 == zheng.id), "{kw}");
        assert!(found.items.iter().all(|t| t.name.contains(kw)), "{kw}");
    }
    assert!(
        list(&county, "郑老师")
            .await
            .unwrap()
            .items
            .iter()
            .all(|t| t.id.0 != zheng.id)
    );
});

on_both!(
    adding_a_teacher_creates_an_account_and_refuses_duplicates,
    |app| {
        let sa = app.login_as(SCHOOL_ADMIN).await;
        let school_id = teacher_of(app, SCHOOL_ADMIN).await.school_id.unwrap();
        let id_number = "130102199503051239";
        let new_id = add_teacher(&sa, &new_fields(id_number), school_id)
            .await
            .unwrap();
        let d = detail(&sa, new_id).await.unwrap();
        assert_eq!(d.status, app::domain::teacher::TeacherStatus::OnDuty);
        assert_eq!(d.gender, "男");
        // 出生年月 only: with the day, the masked ID "130102**********39" would leave the
        // initial password "05??39" two digits to guess.
        assert_eq!(d.birth_date, "1995-03");
        assert_eq!(d.fields.id_number, "130102**********39");
        assert!(d.training_number.starts_with("13"));
        assert_eq!(d.history[0].kind, "create");
        // The account has no password anyone could guess from the ID number: it waits for the
        // school to issue one (api.rs: initial_passwords_are_issued_by_the_school…).
        let c = app.client();
        assert!(c.login(id_number, "051239").await.is_err());
        // The same ID again is refused, pointing to 调入.
        // It does not say whose number it is: the number alone must not name anyone.
        let r = add_teacher(&sa, &new_fields(id_number), school_id).await;
        let msg = r.unwrap_err().field_message("id_number").unwrap();
        assert!(msg.contains("调入"), "{msg}");
        assert!(!msg.contains(&d.fields.name), "{msg}");
        // A bad check digit is named; another county's school is refused.
        let r = add_teacher(&sa, &new_fields("130102199503051231"), school_id).await;
        assert!(r.unwrap_err().field_message("id_number").is_some());
        let far = other_school(app, "130104", None).await;
        let r = add_teacher(&sa, &new_fields("130102199001011237"), far.id).await;
        assert_eq!(r.unwrap_err(), AppError::Forbidden);
    }
);

/// The raw answer of a server function: its status and, if it is an error, the error.
async fn answer(c: &Client, endpoint: &str, form: &[(&str, String)]) -> (u16, Option<AppError>) {
    let res = c
        .http
        .post(format!("{}/api/{endpoint}", c.base))
        .header("Origin", &c.base)
        .form(form)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let bytes = res.bytes().await.unwrap();
    (status, app::error::decode_answer::<AppError>(&bytes).ok())
}

on_both!(
    every_role_from_elsewhere_is_refused_on_a_countys_records_without_learning_a_name,
    |app| {
        // 长安区's teacher, enrolled in a class of a project for 长安区, run by the demo
        // institution; its account, record, enrolment, class and project.
        let (class, enrolment) = enrolled_class(app, "越权测试项目", 12, 0).await;
        let zheng = teacher_of(app, TEACHER).await;
        let project = app::server::entities::project_class::Entity::find_by_id(class)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .project_id;
        let (t, u, e, c, p) = (
            zheng.id.to_string(),
            zheng.user_id.to_string(),
            enrolment.to_string(),
            class.to_string(),
            project.to_string(),
        );
        let calls: Vec<(&str, Vec<(&str, String)>)> = vec![
            ("teacher_detail", vec![("id", t.clone())]),
            ("reveal_id_number", vec![("id", t.clone())]),
            (
                "set_teacher_status",
                vec![("id", t.clone()), ("status", "离退".into())],
            ),
            (
                "move_teacher",
                vec![
                    ("input[teacher_id]", t.clone()),
                    ("input[to_school_id]", "0".into()),
                ],
            ),
            (
                "bulk_teachers",
                vec![("action", "disable".into()), ("ids[0]", t.clone())],
            ),
            ("reset_user_password", vec![("user_id", u.clone())]),
            (
                "set_user_disabled",
                vec![("user_id", u.clone()), ("disabled", "true".into())],
            ),
            ("user_roles", vec![("user_id", u.clone())]),
            ("get_applicant", vec![("id", e.clone())]),
            ("withdraw_enrolment", vec![("id", e.clone())]),
            ("launch_learning", vec![("enrolment_id", e.clone())]),
            ("get_grades", vec![("class_id", c.clone())]),
            ("class_leaves", vec![("class_id", c.clone())]),
            ("class_evaluations", vec![("class_id", c.clone())]),
            (
                "open_checkin",
                vec![("class_id", c.clone()), ("title", "x".into())],
            ),
            ("get_draw", vec![("class_id", c.clone())]),
            (
                "expand_class",
                vec![("class_id", c.clone()), ("extra", "1".into())],
            ),
            (
                "cancel_class",
                vec![("class_id", c.clone()), ("reason", "x".into())],
            ),
            ("get_project", vec![("id", p.clone())]),
        ];
        // An institution that does not run the class, and the admin of another school of the
        // same county.
        use app::domain::role::Role;
        use app::server::services::accounts::{assign, insert_user};
        let hash = app::server::auth::password::hash_blocking(PASSWORD).unwrap();
        let other_inst = app::server::entities::institution::Entity::find()
            .filter(app::server::entities::institution::Column::Name.ne("河北师范大学"))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let other_school = other_school(app, "130102", zheng.school_id).await;
        for (phone, role, school, inst) in [
            ("13700009901", Role::Institution, None, Some(other_inst.id)),
            (
                "13700009902",
                Role::SchoolAdmin,
                Some(other_school.id),
                None,
            ),
        ] {
            let u = insert_user(&app.db, "他处管理员", None, Some(phone), Some(&hash))
                .await
                .unwrap();
            assign(&app.db, u.id, role, None, school, inst)
                .await
                .unwrap();
        }
        // Another county's admin, a teacher (of the same school, even), the auditor, another
        // institution and another school.
        for who in [
            OTHER_COUNTY,
            "13900000008",
            app::server::seed::AUDITOR_PHONE,
            "13700009901",
            "13700009902",
        ] {
            let c = app.login_as(who).await;
            for (endpoint, form) in &calls {
                let (status, error) = answer(&c, endpoint, form).await;
                assert!(
                    matches!(error, Some(AppError::Forbidden | AppError::NotFound)),
                    "{who} {endpoint}: {status} {error:?}"
                );
                assert!(
                    !format!("{error:?}").contains("郑"),
                    "{who} {endpoint}: {error:?}"
                );
            }
        }
        // Nothing changed.
        let after = teacher_of(app, TEACHER).await;
        assert_eq!(
            (after.school_id, after.status),
            (zheng.school_id, zheng.status)
        );
    }
);

on_both!(admins_list_the_accounts_nobody_has_logged_in_to, |app| {
    let sa = app.login_as(SCHOOL_ADMIN).await;
    let _ = app.login_as(TEACHER).await; // 郑老师 has logged in
    let never: Page<TeacherRow> = sa
        .call::<api::teachers::ListTeachers>(&[
            ("filter[account]", "never".into()),
            ("filter[page_size]", "100".into()),
        ])
        .await
        .unwrap();
    let all = list(&sa, "").await.unwrap();
    assert!(
        never.total > 0 && never.total < all.total,
        "{} of {}",
        never.total,
        all.total
    );
    assert!(never.items.iter().all(|t| t.never_logged_in));
    assert!(never.items.iter().all(|t| t.name != "郑老师"));
    // The export takes the same filter.
    let (status, _, xlsx) = get_bytes(&sa, "/api/files/teachers.xlsx?account=never").await;
    assert_eq!(status, 200);
    let rows = app::server::services::spreadsheet::read_rows(&xlsx).unwrap();
    assert_eq!(rows.len() as u64 - 1, never.total);
});
