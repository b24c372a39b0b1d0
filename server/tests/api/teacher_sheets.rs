//! The teacher spreadsheets: the export holds the list's rows, the template its columns, on
//! SQLite and PostgreSQL.

use crate::helpers::*;
use app::dto::Page;
use app::dto::teachers::TeacherRow;

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
        .call::<api::teachers::ListTeachers>(&[("filter[page_size]", "100".into())])
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
