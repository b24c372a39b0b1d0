//! Results: the institution grades its class (grid and Excel), a pass writes the credit ledger
//! and a certificate that the public page verifies, a corrected fail takes both back; the
//! opening notice prints for the enrolled teacher — on SQLite and PostgreSQL.

use crate::helpers::*;
use app::dto::credits::MyCredits;
use app::dto::enrolments::{Inbox, MyTrainingTabs};
use app::dto::results::{GradeGrid, ScoreReport, Verification};
use app::error::{AppError, Broken};
use app::server::entities::project_class;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

/// A finished class (ended ten days ago) of the demo institution with 郑老师 enrolled in it.
/// Returns (class id, enrolment id, the teacher's client).
async fn finished_class(app: &TestApp, name: &str) -> (i64, i64, Client) {
    let (class, eid) = enrolled_class(app, name, 30, -40).await;
    (class, eid, app.login_as(TEACHER).await)
}

async fn grid(c: &Client, class: i64) -> Result<GradeGrid, AppError> {
    c.call::<api::results::GetGrades>(&[("class_id", class.to_string())])
        .await
}

async fn save(c: &Client, class: i64, eid: i64, scores: &[&str]) -> Result<ScoreReport, AppError> {
    c.call_json::<api::results::SaveScores>(
        json!({ "input": { "class_id": class, "rows": [{ "enrolment_id": eid, "scores": scores }] } }),
    )
    .await
}

on_both!(
    a_pass_writes_the_ledger_and_a_certificate_the_public_page_verifies,
    |app| {
        let (class, eid, t) = finished_class(app, "成绩测试项目").await;
        let inst = app.login_as(INSTITUTION).await;
        let g = grid(&inst, class).await.unwrap();
        assert!(g.choices.iter().any(|c| c.class_id == class));
        let names: Vec<&str> = g
            .scheme
            .components
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(names, ["集中学习", "网络学习"], "the default for 骨干教师");
        assert_eq!(g.rows.len(), 1);
        assert_eq!(g.rows[0].teacher_name, "郑老师");
        // Only whoever runs the class grades it.
        for who in [COUNTY, TEACHER, SCHOOL_ADMIN] {
            let c = app.login_as(who).await;
            assert_eq!(
                grid(&c, class).await.unwrap_err(),
                AppError::Forbidden,
                "{who}"
            );
            assert_eq!(
                save(&c, class, eid, &["60", "40"]).await.unwrap_err(),
                AppError::Forbidden
            );
        }
        // A bad cell names the teacher and the component, and nothing is saved.
        let e = save(&inst, class, eid, &["61", "40"]).await.unwrap_err();
        assert_eq!(
            e.field_message(&format!("score-{eid}-0")).unwrap(),
            "郑老师：集中学习：“61”超过满分 60"
        );
        assert_eq!(grid(&inst, class).await.unwrap().rows[0].scores, ["", ""]);

        let before: MyCredits = t.call::<api::credits::GetMyCredits>(&[]).await.unwrap();
        let r = save(&inst, class, eid, &["55", "40"]).await.unwrap();
        assert_eq!((r.saved, r.passed), (1, 1));
        let g = grid(&inst, class).await.unwrap();
        assert_eq!(g.rows[0].total, "95");
        assert_eq!(g.rows[0].passed, Some(true));
        assert!(g.scheme_locked, "scores fix the scheme");
        let number = g.rows[0].certificate.clone().unwrap();

        // The ledger has the project's hours and credits, approved.
        let after: MyCredits = t.call::<api::credits::GetMyCredits>(&[]).await.unwrap();
        let line = after
            .entries
            .iter()
            .find(|l| l.title == "成绩测试项目")
            .unwrap();
        assert_eq!((line.status.as_str(), line.hours), ("approved", 30));
        assert_eq!(line.credits, "10");
        assert_ne!(after.table, before.table);
        // 已结束 shows 集中学习, 网络学习, 总成绩 and the certificate.
        let tabs: MyTrainingTabs = t
            .call::<api::enrolments::MyTraining>(&[("filter[keyword]", "成绩测试".into())])
            .await
            .unwrap();
        let done = &tabs.finished[0];
        let r = done.result.clone().unwrap();
        assert_eq!(
            r.parts,
            [
                ("集中学习".into(), "55".into()),
                ("网络学习".into(), "40".into())
            ]
        );
        assert_eq!((r.total.as_str(), r.result.as_str()), ("95", "合格"));
        assert_eq!(done.certificate.as_deref(), Some(number.as_str()));
        let inbox: Inbox = t.call::<api::notifications::GetInbox>(&[]).await.unwrap();
        assert!(inbox.latest[0].body.contains("总成绩 95，合格"));

        // Anyone can verify the number, typed loosely; the holder is masked.
        let anon = app.client();
        let v: Verification = anon
            .call::<api::results::VerifyCertificate>(&[(
                "number",
                format!(" {} ", number.to_lowercase()),
            )])
            .await
            .unwrap();
        let Verification::Found(c) = v else {
            panic!("not found")
        };
        assert_eq!((c.holder.as_str(), c.hours), ("郑*师", 30));
        assert_eq!(c.revoked, None);
        assert_eq!(
            anon.call::<api::results::VerifyCertificate>(&[("number", "SX2026AAAAAAAAAA".into())])
                .await
                .unwrap(),
            Verification::Unknown
        );

        // The holder prints it: a small PDF whose text reads back in Chinese.
        let path = format!("/api/files/certificates/{number}");
        let (status, ct, pdf) = get_bytes(&t, &path).await;
        assert_eq!((status, ct.as_str()), (200, "application/pdf"));
        assert!(pdf.len() < 200 * 1024, "{} bytes", pdf.len());
        let text = pdf_text(&pdf);
        for want in [
            "结业证书",
            "郑老师",
            "成绩测试项目",
            number.as_str(),
            "/verify/",
        ] {
            assert!(text.contains(want), "{want} missing from:\n{text}");
        }
        assert!(!text.contains("贴照片处"), "this project prints no photo");
        assert_eq!(get_bytes(&app.login_as(COUNTY).await, &path).await.0, 403);
        assert_eq!(get_bytes(&anon, &path).await.0, 401);
        // The institution prints the class in one PDF or a ZIP.
        let (status, _, all) = get_bytes(
            &inst,
            &format!("/api/files/classes/{class}/certificates.pdf"),
        )
        .await;
        assert_eq!(status, 200);
        assert!(pdf_text(&all).contains("郑老师"));
        let (status, ct, zip) = get_bytes(
            &inst,
            &format!("/api/files/classes/{class}/certificates.zip"),
        )
        .await;
        assert_eq!((status, ct.as_str()), (200, "application/zip"));
        assert!(zip.starts_with(b"PK"));

        // A corrected fail takes the credits back and revokes the certificate.
        let r = save(&inst, class, eid, &["30", "20"]).await.unwrap();
        assert_eq!((r.saved, r.passed), (1, 0));
        let later: MyCredits = t.call::<api::credits::GetMyCredits>(&[]).await.unwrap();
        assert!(later.entries.iter().all(|l| l.title != "成绩测试项目"));
        assert_eq!(later.table, before.table);
        let Verification::Found(c) = anon
            .call::<api::results::VerifyCertificate>(&[("number", number.clone())])
            .await
            .unwrap()
        else {
            panic!("a revoked number is still known")
        };
        assert!(c.revoked.unwrap().contains("成绩更正"));
        assert_eq!(get_bytes(&t, &path).await.0, 409);
    }
);

on_both!(
    scores_import_row_by_row_and_the_scheme_is_fixed_once_scored,
    |app| {
        let (class, eid, _t) = finished_class(app, "成绩导入项目").await;
        let inst = app.login_as(INSTITUTION).await;
        // The declarer changes the scheme while nothing is scored; the county cannot.
        let scheme = json!({ "input": { "project_id": grid(&inst, class).await.unwrap().project_id, "draft": {
            "components": [
                { "name": "集中学习", "part": "集中学习", "max": "50" },
                { "name": "网络学习", "part": "网络学习", "max": "30" },
                { "name": "研修总结", "part": "网络学习", "max": "20" },
            ],
            "pass_mode": "total", "pass_total": "80",
        } } });
        assert_eq!(
            app.login_as(COUNTY)
                .await
                .call_json::<api::results::SaveScheme>(scheme.clone())
                .await
                .unwrap_err(),
            AppError::Forbidden
        );
        inst.call_json::<api::results::SaveScheme>(scheme.clone())
            .await
            .unwrap();
        // The sheet comes with the roster and a column per component.
        let (status, _, xlsx) =
            get_bytes(&inst, &format!("/api/files/classes/{class}/scores.xlsx")).await;
        assert_eq!(status, 200);
        let rows = app::server::services::spreadsheet::read_rows(&xlsx).unwrap();
        assert_eq!(
            rows[0],
            [
                "姓名",
                "报名号",
                "身份证号",
                "学校",
                "集中学习",
                "网络学习",
                "研修总结"
            ]
        );
        // The sheet is keyed by the enrolment; the ID number in it is masked.
        let id = id_number_of(app, TEACHER).await;
        assert_eq!(rows[1][0], "郑老师");
        let key = rows[1][1].clone();
        assert_eq!(rows[1][2], app::domain::mask::mask_id_number(&id));
        assert!(
            !rows.iter().flatten().any(|c| *c == id),
            "no full ID number"
        );
        // Downloading it is audited.
        let audited = app::server::entities::audit_log::Entity::find()
            .filter(app::server::entities::audit_log::Column::Action.eq("class.scores_download"))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(audited, 1);

        let csv = format!(
            "姓名,报名号,集中学习,网络学习,研修总结\n\
             郑老师,{key},45,30,20\n\
             路人甲,99999999,50,30,20\n\
             郑老师,{key},50,30,20\n"
        );
        let upload = |bytes: Vec<u8>| {
            reqwest::multipart::Form::new()
                .text("class_id", class.to_string())
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(bytes).file_name("成绩.csv"),
                )
        };
        let r: ScoreReport = inst
            .call_multipart::<api::results::ImportScores>(upload(csv.into_bytes()))
            .await
            .unwrap();
        assert_eq!((r.rows, r.saved, r.passed), (3, 1, 1));
        let lines: Vec<u32> = r.rejected.iter().map(|x| x.line).collect();
        assert_eq!(lines, [3, 4]);
        assert!(
            r.rejected[0].issues[0]
                .message
                .contains("不是本班已录取的学员")
        );
        assert_eq!(r.rejected[1].issues[0].message, "与第 2 行重复");
        assert_eq!(grid(&inst, class).await.unwrap().rows[0].total, "95");
        // A bad score is reported under its column, and the good rows still count.
        // A sheet an institution made itself may still name the teacher by full ID number.
        let bad = format!("身份证号,集中学习,网络学习,研修总结\n{id},45,31,20\n");
        let r: ScoreReport = inst
            .call_multipart::<api::results::ImportScores>(upload(bad.into_bytes()))
            .await
            .unwrap();
        assert_eq!(r.saved, 0);
        assert_eq!(r.rejected[0].issues[0].column, "网络学习");
        assert!(r.rejected[0].issues[0].message.contains("超过满分 30"));
        // A cell over 500 characters refuses its row, not the sheet.
        let long = format!(
            "姓名,报名号,集中学习,网络学习,研修总结\n{},{key},45,30,20\n",
            "郑".repeat(600)
        );
        let r: ScoreReport = inst
            .call_multipart::<api::results::ImportScores>(upload(long.into_bytes()))
            .await
            .unwrap();
        assert_eq!((r.rows, r.saved), (1, 0));
        assert_eq!(r.rejected[0].issues[0].column, "姓名");
        assert_eq!(
            r.rejected[0].issues[0].message,
            "第 1 列内容超过 500 个字，请删减后重新导入"
        );
        // A file past 2 MB is refused under the file field, before it is read as a sheet.
        let e = inst
            .call_multipart::<api::results::ImportScores>(upload(vec![b'1'; (2 << 20) + 1]))
            .await
            .unwrap_err();
        assert_eq!(e, AppError::from(Broken::ScoresFileTooLarge { max_mb: 2 }));
        assert_eq!(
            e.field_message("file").as_deref(),
            Some("成绩文件不能超过 2 MB")
        );
        // A sheet without the component columns is refused as a whole.
        let e = inst
            .call_multipart::<api::results::ImportScores>(upload(b"a,b\n1,2\n".to_vec()))
            .await
            .unwrap_err();
        assert!(e.to_string().contains("报名号"), "{e}");
        // Scored: the scheme is fixed.
        assert_eq!(
            inst.call_json::<api::results::SaveScheme>(scheme)
                .await
                .unwrap_err(),
            AppError::from(Broken::SchemeLocked)
        );
        let _ = eid;
    }
);

on_both!(
    the_enrolled_teacher_prints_the_opening_notice_once_published,
    |app| {
        let (class, eid, t) = finished_class(app, "开班通知项目").await;
        let path = format!("/api/files/notices/{eid}");
        assert_eq!(get_bytes(&t, &path).await.0, 409, "not yet published");
        let inst = app.login_as(INSTITUTION).await;
        let told: u32 = inst
            .call_json::<api::directive::PublishNotice>(
                json!({ "input": { "class_id": class, "notice": "请携带身份证、笔记本电脑。\n报到地点：教师发展中心一楼大厅。" } }),
            )
            .await
            .unwrap();
        assert_eq!(told, 1);
        let tabs: MyTrainingTabs = t
            .call::<api::enrolments::MyTraining>(&[("filter[keyword]", "开班通知项目".into())])
            .await
            .unwrap();
        assert!(tabs.finished[0].has_notice);
        let (status, ct, pdf) = get_bytes(&t, &path).await;
        assert_eq!((status, ct.as_str()), (200, "application/pdf"));
        assert!(pdf.len() < 200 * 1024);
        let text = pdf_text(&pdf);
        for want in [
            "开班通知",
            "郑老师",
            "开班通知项目",
            "笔记本电脑",
            "长安区教师发展中心",
        ] {
            assert!(text.contains(want), "{want} missing from:\n{text}");
        }
        // Nobody else's notice: another teacher is told there is none, an institution's role
        // is refused at the gate.
        let other = school_teacher(app, 44, "数学").await;
        assert_eq!(get_bytes(&other, &path).await.0, 404);
        assert_eq!(get_bytes(&inst, &path).await.0, 403);
        // The class row keeps it.
        let c = project_class::Entity::find_by_id(class)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert!(c.notice_published_at.is_some());
    }
);

on_both!(
    a_project_that_asks_for_the_photo_prints_the_holders_photo,
    |app| {
        use app::server::entities::{certificate, project};
        use sea_orm::{ColumnTrait, QueryFilter};
        let (class, eid, t) = finished_class(app, "证件照测试项目").await;
        let project = project_of(app, eid).await;
        set_project(
            app,
            project,
            &[(project::Column::PhotoRequired, true.into())],
        )
        .await;
        let inst = app.login_as(INSTITUTION).await;
        save(&inst, class, eid, &["55", "40"]).await.unwrap();
        let number = grid(&inst, class).await.unwrap().rows[0]
            .certificate
            .clone()
            .unwrap();
        let path = format!("/api/files/certificates/{number}");

        // No photo yet: the box to paste one into.
        let (_, _, pdf) = get_bytes(&t, &path).await;
        assert!(pdf_text(&pdf).contains("贴照片处"));

        // Uploaded since: printed in the box, as JPEG, and kept on the certificate.
        let photo = std::fs::read("tests/fixtures/cert-photo.png").unwrap();
        let form = reqwest::multipart::Form::new().text("kind", "cert").part(
            "file",
            reqwest::multipart::Part::bytes(photo).file_name("photo.png"),
        );
        let _: i64 = t
            .call_multipart::<api::photos::UploadPhoto>(form)
            .await
            .unwrap();
        let (status, _, pdf) = get_bytes(&t, &path).await;
        assert_eq!(status, 200);
        assert!(pdf.len() < 200 * 1024, "{} bytes", pdf.len());
        let text = pdf_text(&pdf);
        assert!(
            !text.contains("贴照片处") && text.contains("郑老师"),
            "{text}"
        );
        let raw = String::from_utf8_lossy(&pdf);
        assert!(
            raw.contains("/Image") && raw.contains("DCTDecode"),
            "no JPEG image in the PDF"
        );
        let kept = certificate::Entity::find()
            .filter(certificate::Column::Number.eq(number.clone()))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert!(kept.photo_file_id.is_some());
        // The class's batch prints it too.
        let (_, _, all) = get_bytes(
            &inst,
            &format!("/api/files/classes/{class}/certificates.pdf"),
        )
        .await;
        assert!(String::from_utf8_lossy(&all).contains("DCTDecode"));
    }
);
