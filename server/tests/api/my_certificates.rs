//! 我的证书: the teacher's completion and credit certificates, each with its PDF while it stands
//! and its verification link; revoked ones marked; nobody sees another's — on SQLite and
//! PostgreSQL.

use crate::helpers::*;
use app::domain::certificate::CertificateKind;
use app::dto::results::MyCertificate;
use app::error::AppError;
use serde_json::json;

async fn mine(c: &Client) -> Result<Vec<MyCertificate>, AppError> {
    c.call::<api::results::MyCertificates>(&[]).await
}

async fn grade(inst: &Client, class: i64, eid: i64, scores: [&str; 2]) {
    let _: app::dto::results::ScoreReport = inst
        .call_json::<api::results::SaveScores>(json!({
            "input": { "class_id": class, "rows": [{ "enrolment_id": eid, "scores": scores }] }
        }))
        .await
        .unwrap();
}

on_both!(
    a_teacher_lists_and_prints_every_certificate_and_sees_a_revoked_one_marked,
    |app| {
        let (class, eid) = enrolled_class(app, "证书列表测试项目", 30, -40).await;
        let t = app.login_as(TEACHER).await;
        assert_eq!(mine(&t).await.unwrap(), vec![], "none before a pass");
        let inst = app.login_as(INSTITUTION).await;
        grade(&inst, class, eid, ["55", "40"]).await;
        // A credit certificate, asked for on 我的学分, is listed too.
        let (status, _, _) = get_bytes(&t, "/api/files/credit-certificate").await;
        assert_eq!(status, 200);

        let list = mine(&t).await.unwrap();
        assert_eq!(list.len(), 2, "{list:?}");
        let completion = list
            .iter()
            .find(|c| c.kind == CertificateKind::Completion)
            .unwrap();
        assert_eq!(completion.title, "证书列表测试项目");
        assert_eq!((completion.hours, completion.credits.as_str()), (30, "10"));
        assert_eq!(completion.revoked, None);
        let href = completion.download.clone().unwrap();
        assert_eq!(
            href,
            format!("/api/files/certificates/{}", completion.number)
        );
        let (status, ct, pdf) = get_bytes(&t, &href).await;
        assert_eq!((status, ct.as_str()), (200, "application/pdf"));
        assert!(pdf_text(&pdf).contains(&completion.number));

        let credit = list
            .iter()
            .find(|c| c.kind == CertificateKind::Credit)
            .unwrap();
        let href = credit.download.clone().unwrap();
        assert!(
            href.starts_with("/api/files/credit-certificate?cycle_id="),
            "{href}"
        );
        let (status, _, pdf) = get_bytes(&t, &href).await;
        assert_eq!(status, 200);
        assert!(
            pdf_text(&pdf).contains(&credit.number),
            "nothing changed: the same number"
        );

        // Another teacher, and an administrator, see none of it.
        let other = school_teacher(app, 41, "语文").await;
        assert_eq!(mine(&other).await.unwrap(), vec![]);
        let school = app.login_as(SCHOOL_ADMIN).await;
        assert_eq!(mine(&school).await.unwrap_err(), AppError::Forbidden);
        assert_eq!(
            mine(&app.client()).await.unwrap_err(),
            AppError::NotAuthenticated
        );

        // A corrected fail revokes the completion: marked, no longer printed.
        grade(&inst, class, eid, ["30", "20"]).await;
        let list = mine(&t).await.unwrap();
        let revoked = list
            .iter()
            .find(|c| c.kind == CertificateKind::Completion)
            .unwrap();
        assert!(revoked.revoked.as_deref().unwrap().contains("成绩更正"));
        assert_eq!(revoked.download, None);
    }
);
