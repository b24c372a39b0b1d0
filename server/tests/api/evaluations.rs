//! Evaluations: a finished class is rated within 10 days, once; until then it blocks new
//! self-selection; the runner reads averages and comments; the province sets the questions —
//! on SQLite and PostgreSQL.

use crate::helpers::*;
use app::domain::enrolment_flow::EnrolmentStatus;
use app::dto::enrolments::MyTrainingTabs;
use app::dto::evaluations::EvaluationSummary;
use app::error::{AppError, Broken};
use serde_json::json;

/// A class that ended `ended_days_ago` with 郑老师 enrolled. Returns (class, enrolment).
async fn ended_class(app: &TestApp, name: &str, ended_days_ago: i64) -> (i64, i64) {
    enrolled_class(app, name, 12, -30 - ended_days_ago).await
}

async fn evaluate(c: &Client, eid: i64, ratings: &[u8], comment: &str) -> Result<(), AppError> {
    c.call_json::<api::evaluations::SubmitEvaluation>(
        json!({ "input": { "enrolment_id": eid, "answers": { "ratings": ratings, "comment": comment } } }),
    )
    .await
}

on_both!(
    a_finished_class_is_rated_once_within_ten_days_and_blocks_selection_until_then,
    |app| {
        let (class, eid) = ended_class(app, "评教测试项目", 1).await;
        let (_, next) = approved_class(app, "评教后再报名", 12, 10, 20).await;
        let t = app.login_as(TEACHER).await;
        let tabs: MyTrainingTabs = t
            .call::<api::enrolments::MyTraining>(&[("filter[keyword]", "评教测试".into())])
            .await
            .unwrap();
        assert!(tabs.finished[0].evaluate_until.is_some());
        assert_eq!(tabs.evaluation_items.len(), 5);
        // Owed: no new self-selection.
        let e = t
            .refused::<api::enrolments::EnrolInClass>(&[("class_id", next.to_string())])
            .await;
        assert!(e.to_string().contains("尚未评教"), "{e}");
        // Every question needs its stars.
        let e = evaluate(&t, eid, &[5, 4, 5, 4], "").await.unwrap_err();
        assert!(e.field_message("rating-4").unwrap().contains("总体满意度"));
        evaluate(
            &t,
            eid,
            &[5, 4, 5, 4, 5],
            "案例很实用，希望多安排课堂观摩。",
        )
        .await
        .unwrap();
        assert_eq!(
            evaluate(&t, eid, &[5, 5, 5, 5, 5], "").await.unwrap_err(),
            AppError::from(Broken::AlreadyEvaluated)
        );
        let tabs: MyTrainingTabs = t
            .call::<api::enrolments::MyTraining>(&[("filter[keyword]", "评教测试".into())])
            .await
            .unwrap();
        assert!(tabs.finished[0].evaluated && tabs.finished[0].evaluate_until.is_none());
        assert_eq!(
            t.call::<api::enrolments::EnrolInClass>(&[("class_id", next.to_string())])
                .await
                .unwrap(),
            EnrolmentStatus::Applied
        );
        // The runner reads the averages and the comment, without names.
        let inst = app.login_as(INSTITUTION).await;
        let s: EvaluationSummary = inst
            .call::<api::evaluations::ClassEvaluations>(&[("class_id", class.to_string())])
            .await
            .unwrap();
        assert_eq!((s.answered, s.enrolled), (1, 1));
        assert_eq!(s.items[1], ("专家授课水平".to_string(), "4".to_string()));
        assert!(s.comments[0].1.contains("课堂观摩"));
        assert_eq!(
            app.login_as(COUNTY)
                .await
                .refused::<api::evaluations::ClassEvaluations>(&[("class_id", class.to_string())])
                .await,
            AppError::Forbidden
        );
    }
);

on_both!(
    the_window_closes_after_ten_days_and_the_province_sets_the_questions,
    |app| {
        let (_, eid) = ended_class(app, "过期评教项目", 11).await;
        let t = app.login_as(TEACHER).await;
        let e = evaluate(&t, eid, &[5, 5, 5, 5, 5], "").await.unwrap_err();
        assert!(matches!(e, AppError::Conflict(_)), "{e:?}");
        assert!(e.to_string().contains("结业后 10 天内"), "{e}");
        // A closed window owes nothing.
        let (_, next) = approved_class(app, "过期后报名", 12, 10, 20).await;
        assert!(
            t.call::<api::enrolments::EnrolInClass>(&[("class_id", next.to_string())])
                .await
                .is_ok()
        );
        let county = app.login_as(COUNTY).await;
        assert_eq!(
            county
                .refused::<api::evaluations::SaveEvaluationItems>(&[("items", "内容\n讲师".into())])
                .await,
            AppError::Forbidden
        );
        let province = app.login_as(PROVINCE).await;
        let e = province
            .refused::<api::evaluations::SaveEvaluationItems>(&[("items", " \n".into())])
            .await;
        assert!(e.field_message("items").is_some());
        province
            .call::<api::evaluations::SaveEvaluationItems>(&[(
                "items",
                "内容实用\n讲师水平\n".into(),
            )])
            .await
            .unwrap();
        let items: Vec<String> = t
            .call::<api::evaluations::EvaluationItems>(&[])
            .await
            .unwrap();
        assert_eq!(items, ["内容实用", "讲师水平"]);
    }
);
