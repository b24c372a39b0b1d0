//! What a file can be: malformed, .xls, oversized, in another encoding.

use super::*;

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
