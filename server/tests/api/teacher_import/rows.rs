//! An import as an admin runs it: check, preview, commit, re-import.

use super::*;

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
