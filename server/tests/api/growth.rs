//! 成长档案 and the yearly results: a teacher records honours and achievements (a file checked
//! by content, served as an attachment only to who may see it), withdraws rather than deletes;
//! the county imports 师德考核 and the school 年度考核 row by row — on SQLite and PostgreSQL.

use crate::helpers::*;
use app::dto::growth::{AssessmentImport, AssessmentList, MyGrowth, UploadedAttachment};
use app::error::{AppError, Broken};
use sea_orm::EntityTrait;
use serde_json::json;

fn year() -> i32 {
    chrono::Datelike::year(&app::server::services::training_years::today())
}

async fn attach(c: &Client, name: &str, bytes: Vec<u8>) -> Result<UploadedAttachment, AppError> {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
    );
    c.call_multipart::<api::growth::UploadGrowthFile>(form)
        .await
}

async fn add(c: &Client, draft: serde_json::Value) -> Result<i64, AppError> {
    c.call_json::<api::growth::AddGrowth>(json!({ "draft": draft }))
        .await
}

async fn import(c: &Client, csv: &str) -> Result<AssessmentImport, AppError> {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("考核.csv"),
    );
    c.call_multipart::<api::growth::ImportAssessments>(form)
        .await
}

on_both!(
    a_teacher_records_honours_and_achievements_with_a_file_and_withdraws_them,
    |app| {
        let t = app.login_as(TEACHER).await;
        // The form's rules hold on the server: the honour needs its issuer.
        let e = add(&t, json!({ "kind": "honour", "year": year().to_string(), "level": "市级", "title": "优秀班主任" }))
            .await
            .unwrap_err();
        assert_eq!(e.field_message("issuer").as_deref(), Some("请填写授予单位"));
        add(
            &t,
            json!({ "kind": "honour", "year": (year() - 1).to_string(), "level": "市级",
                    "title": "优秀班主任", "issuer": "石家庄市教育局" }),
        )
        .await
        .unwrap();

        // A file is read by its content: an exe renamed .docx is refused.
        let e = attach(&t, "论文.docx", b"MZ\x90\x00 not a document".to_vec())
            .await
            .unwrap_err();
        assert!(e.field_message("file_id").unwrap().contains("Word"), "{e}");
        let docx = b"PK\x03\x04....[Content_Types].xml....word/document.xml....".to_vec();
        let up = attach(&t, "C:\\论文\\大单元教学.docx", docx.clone())
            .await
            .unwrap();
        assert_eq!(up.name, "大单元教学.docx");
        let id = add(
            &t,
            json!({ "kind": "achievement", "year": year().to_string(), "level": "省级",
                    "title": "大单元教学设计的实践", "category": "论文", "authors": "郑老师（第一作者）",
                    "publisher_level": "省级", "publisher": "河北教育", "reference": "ISSN 1005-1234",
                    "file_id": up.file_id }),
        )
        .await
        .unwrap();
        let g: MyGrowth = t.call::<api::growth::GetMyGrowth>(&[]).await.unwrap();
        assert_eq!((g.honours.len(), g.achievements.len()), (1, 1));
        let a = &g.achievements[0];
        assert_eq!(a.file_name.as_deref(), Some("大单元教学设计的实践.docx"));
        assert!(a.entered.ends_with("郑老师"));

        // The file downloads as an attachment for the teacher and the school, not for others.
        let path = format!("/api/files/growth/{id}");
        let (status, ct, bytes) = get_bytes(&t, &path).await;
        assert_eq!(status, 200);
        assert!(ct.contains("wordprocessingml"), "{ct}");
        assert_eq!(bytes, docx);
        assert_eq!(
            get_bytes(&app.login_as(SCHOOL_ADMIN).await, &path).await.0,
            200
        );
        assert_eq!(
            get_bytes(&app.login_as(OTHER_COUNTY).await, &path).await.0,
            404
        );
        let other = school_teacher(app, 51, "语文").await;
        assert_eq!(get_bytes(&other, &path).await.0, 404);
        // Nor can another teacher put someone's file on their own entry.
        let e = add(
            &other,
            json!({ "kind": "achievement", "year": year().to_string(), "level": "省级", "title": "抄来的",
                    "category": "论文", "authors": "测试师", "publisher_level": "省级", "file_id": up.file_id }),
        )
        .await
        .unwrap_err();
        assert_eq!(
            e.field_message("file_id").as_deref(),
            Some("附件已失效，请重新上传")
        );

        // Withdrawn: gone from the record, kept in the table; another's entry is not found.
        assert_eq!(
            other
                .refused::<api::growth::WithdrawGrowth>(&[("id", id.to_string())])
                .await,
            AppError::NotFound
        );
        t.call::<api::growth::WithdrawGrowth>(&[("id", id.to_string())])
            .await
            .unwrap();
        let g: MyGrowth = t.call::<api::growth::GetMyGrowth>(&[]).await.unwrap();
        assert!(g.achievements.is_empty());
        use app::server::entities::growth_record;
        use sea_orm::EntityTrait;
        let kept = growth_record::Entity::find_by_id(id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert!(kept.withdrawn_at.is_some());
        assert_eq!(
            app.login_as(SCHOOL_ADMIN)
                .await
                .refused::<api::growth::GetMyGrowth>(&[])
                .await,
            AppError::Forbidden
        );
    }
);

on_both!(
    the_county_imports_ethics_results_and_the_school_annual_ones_row_by_row,
    |app| {
        let id = id_number_of(app, TEACHER).await;
        let other = teacher_of(app, "13900000008").await; // 王老师, same school
        let wang = id_number_of(app, "13900000008").await;
        let county = app.login_as(COUNTY).await;
        let y = year();
        let csv = format!(
            "年度,姓名,身份证号,考核结果,荣誉或备注\n\
             {y},郑老师,{id},合格,县级师德标兵\n\
             {y},王老师,{wang},优秀,\n\
             {y},李四,{wang},合格,\n\
             {y},郑老师,{id},合格,\n\
             {y},无此人,110101199003078515,合格,\n"
        );
        let r = import(&county, &csv).await.unwrap();
        assert_eq!((r.rows, r.saved), (5, 1));
        let lines: Vec<u32> = r.rejected.iter().map(|x| x.line).collect();
        assert_eq!(lines, [3, 4, 5, 6]);
        assert!(r.rejected[0].issues[0].message.contains("不是师德考核结果"));
        assert!(r.rejected[1].issues[0].message.contains("档案为“王老师”"));
        assert!(r.rejected[2].issues[0].message.contains("出现了两次"));
        assert_eq!(
            r.rejected[3].issues[0].message,
            "本县（区）教师档案中没有该身份证号"
        );
        // Imported again, the year's result is replaced, not doubled.
        let again = format!(
            "年度,姓名,身份证号,考核结果\n{y},郑老师,{id},不合格\n{y},王老师,{wang},合格\n"
        );
        assert_eq!(import(&county, &again).await.unwrap().saved, 2);
        let l: AssessmentList = county
            .call::<api::growth::ListAssessments>(&[("page", "1".into())])
            .await
            .unwrap();
        assert_eq!((l.page.total, l.year), (2, y));
        assert!(
            l.page
                .items
                .iter()
                .any(|r| r.teacher_name == "郑老师" && r.result == "不合格")
        );

        // Another county's admin cannot record this county's teachers.
        let far = app.login_as(OTHER_COUNTY).await;
        let r = import(&far, &again).await.unwrap();
        assert_eq!(r.saved, 0);
        assert_eq!(
            r.rejected[0].issues[0].message,
            "本县（区）教师档案中没有该身份证号"
        );

        // The school records 年度考核 for its own teachers.
        let school = app.login_as(SCHOOL_ADMIN).await;
        let annual = format!("年度,姓名,身份证号,考核结果,备注\n{y},郑老师,{id},优秀,\n");
        assert_eq!(import(&school, &annual).await.unwrap().saved, 1);
        let e = import(&school, "姓名,身份证号\n郑老师,1\n")
            .await
            .unwrap_err();
        assert!(e.to_string().contains("表头缺少：年度"), "{e}");
        let (status, _, template) = get_bytes(&school, "/api/files/assessment-template.xlsx").await;
        assert_eq!(status, 200);
        let rows = app::server::services::spreadsheet::read_rows(&template).unwrap();
        assert_eq!(
            rows[0],
            ["年度", "姓名", "身份证号", "考核结果", "荣誉或备注"]
        );

        // The teacher sees both on their record; no one else imports.
        let t = app.login_as(TEACHER).await;
        let g: MyGrowth = t.call::<api::growth::GetMyGrowth>(&[]).await.unwrap();
        let seen: Vec<(&str, &str)> = g
            .assessments
            .iter()
            .map(|a| (a.kind.label(), a.result.as_str()))
            .collect();
        assert_eq!(seen, [("师德考核", "不合格"), ("年度考核", "优秀")]);
        assert!(other.school_id.is_some());
        for who in [CITY, PROVINCE, INSTITUTION, TEACHER] {
            let c = app.login_as(who).await;
            assert_eq!(
                import(&c, &again).await.unwrap_err(),
                AppError::Forbidden,
                "{who}"
            );
        }
    }
);

on_both!(
    another_countys_assessment_sheet_cannot_learn_a_name_by_id_number,
    |app| {
        // 桥西区's admin types 长安区's teacher's number with a made-up name: the row is
        // answered as an unknown number is, never with the name on the record.
        let id = id_number_of(app, TEACHER).await;
        let zheng = teacher_of(app, TEACHER).await;
        let name = app::server::entities::user::Entity::find_by_id(zheng.user_id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .name;
        let other = app.login_as(OTHER_COUNTY).await;
        let y = year();
        let csv = format!(
            "年度,姓名,身份证号,考核结果\n{y},李四,{id},合格\n{y},无此人,110101199003078515,合格\n"
        );
        let r = import(&other, &csv).await.unwrap();
        assert_eq!((r.rows, r.saved), (2, 0));
        let messages: Vec<&str> = r
            .rejected
            .iter()
            .map(|x| x.issues[0].message.as_str())
            .collect();
        assert_eq!(messages[0], messages[1], "out of scope reads as unknown");
        assert!(!messages[0].contains(&name), "{messages:?}");
    }
);

on_both!(
    a_zip_bomb_and_a_million_rows_are_refused_before_they_cost_memory,
    |app| {
        let county = app.login_as(COUNTY).await;
        // 124 KB that would unpack to 51 MB of shared strings, read whole by the xlsx reader.
        let bomb = include_bytes!("../fixtures/zip-bomb.xlsx").to_vec();
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bomb).file_name("考核.xlsx"),
        );
        let r: Result<AssessmentImport, AppError> = county
            .call_multipart::<api::growth::ImportAssessments>(form)
            .await;
        assert!(
            r == Err(AppError::from(Broken::FileTooLargeUnpacked)),
            "{r:?}"
        );
        // A million rows (2 MB) stop at the row limit.
        let mut csv = String::from("年度,姓名,身份证号,考核结果\n");
        csv.push_str(&"1\n".repeat(1_000_000));
        let r = import(&county, &csv).await;
        assert!(
            r == Err(AppError::from(Broken::TooManyRows { max: 100_000 })),
            "{r:?}"
        );
        // The server still answers.
        let me: Option<app::dto::account::Me> = county
            .call::<api::accounts::CurrentUser>(&[])
            .await
            .unwrap();
        assert!(me.is_some());
    }
);
