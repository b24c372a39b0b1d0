//! Teacher import over HTTP, as the page drives it (upload → poll → commit → poll), on SQLite
//! and PostgreSQL: new records, idempotent re-import, every bad cell named, scope, rollback,
//! and the malformed files admins really upload.

use crate::helpers::*;
use app::domain::id_card::make_id_number;
use app::domain::sheet::{IMPORT_COLUMNS, SAMPLE_ROW};
use app::dto::teacher_import::{ImportOutcome, ImportPhase, ImportStatus, RowKind};
use app::error::AppError;
use app::server::entities::{teacher, teacher_history, user};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::time::Duration;

/// A valid ID number born in 1990, numbered `n`.
fn id(n: u16) -> String {
    make_id_number(
        "130102",
        NaiveDate::from_ymd_opt(1990, 1, 1 + (n / 900) as u32).unwrap(),
        n % 900 + 1,
    )
}

/// A template row (sample values) for this person.
fn row(name: &str, id_number: &str, school: &str) -> Vec<String> {
    let mut r: Vec<String> = SAMPLE_ROW.iter().map(|s| s.to_string()).collect();
    let set = |r: &mut Vec<String>, key: &str, v: &str| {
        let i = IMPORT_COLUMNS.iter().position(|c| c.key == key).unwrap();
        r[i] = v.to_string();
    };
    set(&mut r, "name", name);
    set(&mut r, "id_number", id_number);
    set(&mut r, "school", school);
    set(&mut r, "hire_date", "2013-09-01");
    set(&mut r, "phone", "");
    r
}

/// 12 → "一二": names may hold no digits.
fn chinese_number(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|c| {
            "零一二三四五六七八九"
                .chars()
                .nth(c as usize - '0' as usize)
                .unwrap()
        })
        .collect()
}

async fn school_name(app: &TestApp, id: i64) -> String {
    app::server::entities::school::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .name
}

fn set(r: &mut [String], key: &str, v: &str) {
    let i = IMPORT_COLUMNS.iter().position(|c| c.key == key).unwrap();
    r[i] = v.to_string();
}

fn headers() -> Vec<String> {
    IMPORT_COLUMNS
        .iter()
        .map(|c| format!("{}*", c.header))
        .collect()
}

fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (i, h) in headers().iter().enumerate() {
        ws.write_string(0, i as u16, h).unwrap();
    }
    for (r, cells) in rows.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, v).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

fn csv_gbk(rows: &[Vec<String>]) -> Vec<u8> {
    let mut text = headers().join(",");
    for r in rows {
        text.push('\n');
        text.push_str(&r.join(","));
    }
    encoding_rs::GB18030.encode(&text).0.into_owned()
}

async fn upload(c: &Client, name: &str, bytes: Vec<u8>) -> Result<ImportStatus, AppError> {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
    );
    c.call_multipart::<api::teacher_import::UploadTeachers>(form)
        .await
}

/// Polls until the job stops working, as the page does.
async fn settle(c: &Client, job: &str) -> ImportStatus {
    for _ in 0..600 {
        let s: ImportStatus = c
            .call::<api::teacher_import::GetImportStatus>(&[("job", job.to_string())])
            .await
            .unwrap();
        if !s.phase.busy() {
            return s;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("import job {job} did not settle");
}

async fn check(c: &Client, name: &str, bytes: Vec<u8>) -> ImportStatus {
    let s = upload(c, name, bytes).await.unwrap();
    settle(c, &s.job).await
}

async fn commit(
    c: &Client,
    job: &str,
    mode: &str,
    existing: &str,
) -> Result<ImportStatus, AppError> {
    let s: ImportStatus = c
        .call::<api::teacher_import::CommitImport>(&[
            ("job", job.to_string()),
            ("mode", mode.to_string()),
            ("on_existing", existing.to_string()),
        ])
        .await?;
    Ok(settle(c, &s.job).await)
}

fn outcome(s: &ImportStatus) -> ImportOutcome {
    assert_eq!(s.phase, ImportPhase::Done, "{:?}", s.error);
    s.outcome.clone().unwrap()
}

async fn teachers_with(app: &TestApp, ids: &[String]) -> u64 {
    user::Entity::find()
        .filter(user::Column::IdNumber.is_in(ids.iter().cloned()))
        .inner_join(teacher::Entity)
        .count(&app.db)
        .await
        .unwrap()
}

on_both!(
    a_school_admin_imports_new_teachers_and_a_reimport_changes_nothing,
    |app| {
        let sa = app.login_as(SCHOOL_ADMIN).await;
        let ids: Vec<String> = (1..=3).map(id).collect();
        let own = school_name(app, teacher_of(app, SCHOOL_ADMIN).await.school_id.unwrap()).await;
        let rows = vec![
            row("甲老师", &ids[0], ""),
            row("乙老师", &ids[1], &own),
            row("欧阳丙", &ids[2], ""),
        ];
        let file = xlsx(&rows);
        let s = check(&sa, "新教师.xlsx", file.clone()).await;
        assert_eq!(s.phase, ImportPhase::Ready, "{:?}", s.error);
        let p = s.preview.clone().unwrap();
        assert_eq!((p.total, p.new, p.invalid), (3, 3, 0), "{:?}", p.rows);
        let o = outcome(&commit(&sa, &s.job, "AllOrNothing", "Update").await.unwrap());
        assert_eq!((o.created, o.imported(), o.total), (3, 3, 3));
        assert_eq!(teachers_with(app, &ids).await, 3);

        // Each record is whole: its school, a 师训号, a history line, an account on the initial
        // password that must be changed.
        let school = teacher_of(app, SCHOOL_ADMIN).await.school_id;
        let u = user::Entity::find()
            .filter(user::Column::IdNumber.eq(ids[2].clone()))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let t = teacher::Entity::find()
            .filter(teacher::Column::UserId.eq(u.id))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(t.school_id, school);
        assert_eq!(t.training_number, Some(format!("13{:08}", t.id)));
        let history = teacher_history::Entity::find()
            .filter(teacher_history::Column::TeacherId.eq(t.id))
            .all(&app.db)
            .await
            .unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].kind, "import");
        // Under the seeds' ID-tail rule (a province setting) the imported account logs in with
        // its ID tail; under the default, nothing works until the school issues a password.
        let fresh = app.client();
        assert!(fresh.login(&ids[2], &ids[2][12..]).await.is_err());
        app::server::services::initial_passwords::set_rule(
            &app.db,
            app::domain::initial_password::InitialPasswordRule::IdTail,
            30,
        )
        .await
        .unwrap();
        assert_eq!(fresh.login(&ids[2], &ids[2][12..]).await, Ok(true));

        // The same file again: every row unchanged, nothing written.
        let again = check(&sa, "新教师.xlsx", file).await;
        let p = again.preview.clone().unwrap();
        assert_eq!((p.unchanged, p.new), (3, 0));
        let o = outcome(
            &commit(&sa, &again.job, "AllOrNothing", "Update")
                .await
                .unwrap(),
        );
        assert_eq!((o.created, o.updated, o.unchanged), (0, 0, 3));
        assert_eq!(teachers_with(app, &ids).await, 3);
        let lines = teacher_history::Entity::find()
            .filter(teacher_history::Column::TeacherId.eq(t.id))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(lines, 1, "an unchanged row leaves no history");

        // A changed title updates (or, when asked, is skipped), with its history.
        let mut changed = rows.clone();
        set(&mut changed[2], "title", "高级教师");
        let s = check(&sa, "改职称.xlsx", xlsx(&changed)).await;
        let p = s.preview.clone().unwrap();
        assert_eq!((p.update, p.unchanged), (1, 2));
        assert_eq!(p.rows[0].changes, vec!["职称"]);
        let skipped = check(&sa, "改职称.xlsx", xlsx(&changed)).await;
        let o = outcome(
            &commit(&sa, &skipped.job, "AllOrNothing", "Skip")
                .await
                .unwrap(),
        );
        assert_eq!((o.skipped, o.updated), (1, 0));
        let o = outcome(&commit(&sa, &s.job, "AllOrNothing", "Update").await.unwrap());
        assert_eq!(o.updated, 1);
        let t = teacher::Entity::find_by_id(t.id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(t.title, "高级教师");
        // A job is committed once, and no one else can read it.
        let twice = commit(&sa, &s.job, "AllOrNothing", "Update").await;
        assert!(twice.unwrap_err().to_string().contains("已导入"));
        let county = app.login_as(COUNTY).await;
        let other: Result<ImportStatus, _> = county
            .call::<api::teacher_import::GetImportStatus>(&[("job", s.job.clone())])
            .await;
        assert!(matches!(other, Err(AppError::NotFound)), "{other:?}");
    }
);

on_both!(
    every_bad_cell_is_named_and_all_or_nothing_writes_nothing,
    |app| {
        let county = app.login_as(COUNTY).await;
        let school = teacher_of(app, SCHOOL_ADMIN).await.school_id.unwrap();
        let school_name = school_name(app, school).await;
        let good = id(10);
        let mut bad_digit = id(11);
        bad_digit.replace_range(17.., if bad_digit.ends_with('0') { "1" } else { "0" });
        let mut rows = vec![
            row("好老师", &good, &school_name),
            row("错号码", &bad_digit, &school_name),
            row("无学校", &id(12), "不存在的学校"),
            row("错学科", &id(13), &school_name),
            row("重复一", &id(14), &school_name),
            row("重复二", &id(14), &school_name),
        ];
        set(&mut rows[3], "subject", "物理");
        let s = check(&county, "有错误.csv", csv_gbk(&rows)).await;
        assert_eq!(s.phase, ImportPhase::Ready, "{:?}", s.error);
        let p = s.preview.clone().unwrap();
        assert_eq!((p.total, p.new, p.invalid), (6, 1, 5));
        let reason = |line: u32, column: &str| -> String {
            let r = p.rows.iter().find(|r| r.line == line).unwrap();
            assert_eq!(r.kind, RowKind::Invalid);
            r.issues
                .iter()
                .filter(|i| i.column == column)
                .map(|i| i.message.clone())
                .collect::<Vec<_>>()
                .join("；")
        };
        assert!(
            reason(3, "身份证号").contains("校验"),
            "{}",
            reason(3, "身份证号")
        );
        assert!(reason(4, "学校全称").contains("不存在"));
        assert!(reason(5, "任教学科").contains("小学"));
        assert_eq!(reason(6, "身份证号"), "与第 7 行重复");
        assert_eq!(reason(7, "身份证号"), "与第 6 行重复");
        // The GBK file's names arrive whole.
        assert_eq!(
            p.rows.iter().find(|r| r.line == 4).unwrap().cells[0],
            "无学校"
        );

        let refused = commit(&county, &s.job, "AllOrNothing", "Update").await;
        assert!(refused.unwrap_err().to_string().contains("5 行存在错误"));
        assert_eq!(teachers_with(app, std::slice::from_ref(&good)).await, 0);

        // The refused rows download with their reasons, ready to fix.
        let res = county
            .http
            .get(format!(
                "{}/api/files/teacher-import/{}/rejected.xlsx",
                county.base, s.job
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let bytes = res.bytes().await.unwrap().to_vec();
        let back = app::server::services::spreadsheet::read_rows(&bytes).unwrap();
        assert_eq!(back.len(), 6, "header + 5 refused rows");
        assert_eq!(back[0].last().unwrap(), "错误原因");
        assert!(back[2][17].contains("学校全称："), "{:?}", back[2]);

        let o = outcome(
            &commit(&county, &s.job, "ValidOnly", "Update")
                .await
                .unwrap(),
        );
        assert_eq!((o.created, o.rejected, o.total), (1, 5, 6));
        assert_eq!(teachers_with(app, &[good]).await, 1);
    }
);

on_both!(
    records_outside_the_scope_are_neither_duplicated_nor_changed,
    |app| {
        // 郑老师 belongs to 长安区; 桥西区's admin cannot take or overwrite the record by import.
        let zheng = id_number_of(app, TEACHER).await;
        let other = app.login_as(OTHER_COUNTY).await;
        let qiaoxi = other_school(app, "130104", None).await;
        let s = check(
            &other,
            "t.xlsx",
            xlsx(&[row("郑老师", &zheng, &qiaoxi.name)]),
        )
        .await;
        let p = s.preview.clone().unwrap();
        assert_eq!(p.invalid, 1);
        assert!(
            p.rows[0].issues[0].message.contains("调入"),
            "{:?}",
            p.rows[0].issues
        );
        // Nor can it name a school of another county.
        let changan = other_school(app, "130102", None).await;
        let s = check(
            &other,
            "t.xlsx",
            xlsx(&[row("新老师", &id(20), &changan.name)]),
        )
        .await;
        assert!(
            s.preview.unwrap().rows[0].issues[0]
                .message
                .contains("不在您的管辖范围")
        );

        // A school admin may not change a key field of its own teacher.
        let sa = app.login_as(SCHOOL_ADMIN).await;
        let mut r = row("郑老师改名", &zheng, "");
        set(&mut r, "hire_date", "");
        let s = check(&sa, "t.xlsx", xlsx(&[r])).await;
        let issues = &s.preview.unwrap().rows[0].issues;
        assert!(
            issues
                .iter()
                .any(|i| i.column == "姓名" && i.message.contains("关键字段")),
            "{issues:?}"
        );
        // A teacher cannot import at all.
        let t = app.login_as(TEACHER).await;
        assert!(matches!(
            upload(&t, "t.xlsx", xlsx(&[])).await,
            Err(AppError::Forbidden)
        ));
    }
);

on_both!(
    an_import_that_fails_in_the_database_leaves_nothing_behind,
    |app| {
        let sa = app.login_as(SCHOOL_ADMIN).await;
        // One row more than a batch: the first batch is written before the last row fails.
        let batch = app::server::services::teachers::bulk::BATCH;
        let ids: Vec<String> = (100..101 + batch as u16).map(id).collect();
        let rows: Vec<Vec<String>> = ids
            .iter()
            .enumerate()
            .map(|(i, n)| row(&format!("回滚{}", chinese_number(i)), n, ""))
            .collect();
        let s = check(&sa, "t.xlsx", xlsx(&rows)).await;
        assert_eq!(s.preview.clone().unwrap().new as usize, batch + 1);
        // Between preview and commit someone else adds the last teacher: its insert fails.
        let school = teacher_of(app, SCHOOL_ADMIN).await.school_id.unwrap();
        add_teacher(&sa, &new_fields(&ids[batch]), school)
            .await
            .unwrap();

        let done = commit(&sa, &s.job, "AllOrNothing", "Update").await.unwrap();
        assert_eq!(done.phase, ImportPhase::Failed);
        assert!(done.error.unwrap().contains("已全部撤销"));
        assert_eq!(
            teachers_with(app, &ids[..batch]).await,
            0,
            "the first batch is rolled back"
        );
        assert_eq!(
            teachers_with(app, &ids[batch..]).await,
            1,
            "only the other admin's record"
        );
    }
);

on_both!(malformed_files_are_refused_with_a_clear_message, |app| {
    let sa = app.login_as(SCHOOL_ADMIN).await;
    let failed = |s: ImportStatus| {
        assert_eq!(s.phase, ImportPhase::Failed);
        s.error.unwrap()
    };
    let e = failed(check(&sa, "x.xlsx", b"\x89PNG\r\n\x1a\n\0\0\0binary".to_vec()).await);
    assert!(e.contains("无法读取该文件"), "{e}");
    let e = failed(check(&sa, "x.xlsx", b"PK\x03\x04broken".to_vec()).await);
    assert!(e.contains("无法读取该文件"), "{e}");
    let mut empty = rust_xlsxwriter::Workbook::new();
    empty.add_worksheet();
    let e = failed(check(&sa, "x.xlsx", empty.save_to_buffer().unwrap()).await);
    assert!(e.contains("空"), "{e}");
    let e = failed(check(&sa, "x.csv", "姓名,身份证号\n张三,1\n".as_bytes().to_vec()).await);
    assert!(e.contains("表头缺少") && e.contains("任教学段"), "{e}");
    let e = failed(check(&sa, "x.xlsx", xlsx(&[])).await);
    assert!(e.contains("没有教师数据"), "{e}");
    let mut million = headers().join(",");
    million.push_str(&"\n1".repeat(1_000_000));
    let e = failed(check(&sa, "x.csv", million.into_bytes()).await);
    assert!(e.contains("超过 100000 行"), "{e}");
    let too_big = vec![b'a'; app::api::teacher_import::MAX_UPLOAD_BYTES + 1];
    let e = upload(&sa, "x.csv", too_big).await.unwrap_err();
    assert!(e.to_string().contains("20 MB"), "{e}");
    // After all that, a good file still imports.
    let s = check(&sa, "ok.xls", xlsx(&[row("好文件", &id(41), "")])).await;
    assert_eq!(s.preview.unwrap().new, 1);
});

on_both!(
    a_cell_over_500_characters_refuses_its_row_and_the_others_import,
    |app| {
        let sa = app.login_as(SCHOOL_ADMIN).await;
        let mut huge = row("大单元格", &id(40), "");
        set(&mut huge, "email", &"a".repeat(30_000)); // Excel holds at most 32,767
        let rows = [row("正常一", &id(42), ""), huge, row("正常二", &id(43), "")];
        let s = check(&sa, "长内容.xlsx", xlsx(&rows)).await;
        assert_eq!(s.phase, ImportPhase::Ready, "{:?}", s.error);
        let p = s.preview.clone().unwrap();
        assert_eq!((p.total, p.new, p.invalid), (3, 2, 1), "{:?}", p.rows);
        let bad = p.rows.iter().find(|r| r.line == 3).unwrap();
        assert_eq!(bad.kind, RowKind::Invalid);
        let email = IMPORT_COLUMNS.iter().find(|c| c.key == "email").unwrap();
        let column = IMPORT_COLUMNS
            .iter()
            .position(|c| c.key == "email")
            .unwrap()
            + 1;
        assert!(
            bad.issues.iter().any(|i| i.column == email.header
                && i.message == format!("第 {column} 列内容超过 500 个字，请删减后重新导入")),
            "{:?}",
            bad.issues
        );
        let done = outcome(&commit(&sa, &s.job, "ValidOnly", "Update").await.unwrap());
        assert_eq!((done.created, done.rejected), (2, 1));
        assert_eq!(teachers_with(app, &[id(42), id(43)]).await, 2);
        assert_eq!(teachers_with(app, &[id(40)]).await, 0);
    }
);

on_both!(an_xls_file_imports_like_an_xlsx, |app| {
    let sa = app.login_as(SCHOOL_ADMIN).await;
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/teachers.xls"
    ))
    .unwrap();
    let s = check(&sa, "teachers.xls", bytes).await;
    assert_eq!(s.phase, ImportPhase::Ready, "{:?}", s.error);
    let p = s.preview.unwrap();
    assert_eq!((p.total, p.new, p.invalid), (2, 1, 1), "{:?}", p.rows);
    assert_eq!(p.rows[1].cells[0], "司马光明");
});

on_both!(
    a_hire_date_typed_with_slashes_reimports_as_unchanged,
    |app| {
        // Seen on a running demo: a date typed 1985/07/27 was stored as 1985-07-27 but compared
        // as typed, so every re-import of the same file reported 更新 and wrote a false
        // history line.
        let sa = app.login_as(SCHOOL_ADMIN).await;
        let mut r = row("丁老师", &id(41), "");
        set(&mut r, "hire_date", "2013/09/01");
        let file = xlsx(&[r]);
        let s = check(&sa, "斜杠日期.xlsx", file.clone()).await;
        assert_eq!(s.phase, ImportPhase::Ready, "{:?}", s.error);
        commit(&sa, &s.job, "AllOrNothing", "Update").await.unwrap();
        let again = check(&sa, "斜杠日期.xlsx", file).await;
        let p = again.preview.clone().unwrap();
        assert_eq!((p.unchanged, p.update), (1, 0), "{:?}", p.rows);
        let o = outcome(
            &commit(&sa, &again.job, "AllOrNothing", "Update")
                .await
                .unwrap(),
        );
        assert_eq!((o.updated, o.unchanged), (0, 1));
    }
);
