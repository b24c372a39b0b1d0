//! Micro-ability points: an IT-2.0 teacher picks at least 3 points over 3 dimensions while
//! the class has not ended, the runner sees the picks on the roster, the province keeps the
//! list — on SQLite and PostgreSQL.

use crate::helpers::*;
use app::domain::micro_ability::MicroPoint;
use app::dto::enrolments::MyTrainingTabs;
use app::dto::results::GradeGrid;
use app::error::{AppError, Broken};
use app::server::entities::{project, project_class};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

/// 郑老师 enrolled in a class starting in 5 days of a project made IT-2.0. (class, enrolment).
async fn it_class(app: &TestApp, name: &str) -> (i64, i64) {
    let (class, eid) = enrolled_class(app, name, 12, 5).await;
    let project = project_of(app, eid).await;
    set_project(
        app,
        project,
        &[(project::Column::Kind, "能力提升工程2.0".into())],
    )
    .await;
    (class, eid)
}

async fn pick(c: &Client, eid: i64, codes: &[&str]) -> Result<Vec<MicroPoint>, AppError> {
    c.call_json::<api::micro_ability::PickMicroPoints>(
        json!({ "enrolment_id": eid, "codes": codes }),
    )
    .await
}

async fn tabs(c: &Client, keyword: &str) -> MyTrainingTabs {
    c.call::<api::enrolments::MyTraining>(&[("filter[keyword]", keyword.into())])
        .await
        .unwrap()
}

on_both!(
    a_teacher_picks_three_points_over_three_dimensions_before_the_class_ends,
    |app| {
        let (class, eid) = it_class(app, "微能力点测试").await;
        let t = app.login_as(TEACHER).await;
        let before = tabs(&t, "微能力点测试").await;
        let micro = before.upcoming[0].micro.clone().unwrap();
        assert!(micro.open && micro.picked.is_empty());
        assert_eq!(before.micro_points.len(), 30);

        // The shared rule, on the server too: nothing is saved until it holds.
        let e = pick(&t, eid, &["A1", "A3"]).await.unwrap_err();
        assert!(
            e.field_message("points")
                .unwrap()
                .contains("至少再选 1 个能力点"),
            "{e}"
        );
        let e = pick(&t, eid, &["A2", "A3", "B2"]).await.unwrap_err();
        assert!(
            e.field_message("points")
                .unwrap()
                .contains("还需覆盖 2 个维度")
        );
        let saved = pick(&t, eid, &["A1", "A3", "B6"]).await.unwrap();
        assert_eq!(saved[2].name, "技术支持的展示交流");
        // A second pick replaces the first.
        pick(&t, eid, &["A1", "A3", "A10", "B6"]).await.unwrap();
        let after = tabs(&t, "微能力点测试").await;
        let codes: Vec<String> = after.upcoming[0]
            .micro
            .as_ref()
            .unwrap()
            .picked
            .iter()
            .map(|p| p.code.clone())
            .collect();
        assert_eq!(codes, ["A1", "A3", "A10", "B6"]);

        // The class's runner sees them on the roster.
        let inst = app.login_as(INSTITUTION).await;
        let g: GradeGrid = inst
            .call::<api::results::GetGrades>(&[("class_id", class.to_string())])
            .await
            .unwrap();
        assert_eq!(g.rows[0].micro.as_deref(), Some("A1 · A3 · A10 · B6"));

        // Someone else's enrolment is not found; a project of another type has no points.
        let other = school_teacher(app, 41, "数学").await;
        assert_eq!(
            pick(&other, eid, &["A1", "A3", "B6"]).await.unwrap_err(),
            AppError::NotFound
        );
        let (_, plain) = enrolled_class(app, "骨干研修不选点", 12, 5).await;
        assert_eq!(
            pick(&t, plain, &["A1", "A3", "B6"]).await.unwrap_err(),
            AppError::from(Broken::MicroPointsNotForKind)
        );
        assert!(tabs(&t, "骨干研修不选点").await.upcoming[0].micro.is_none());

        // Once the class has ended the picks are kept and locked.
        let yesterday = app::server::services::training_years::today() - chrono::Duration::days(1);
        project_class::Entity::update_many()
            .col_expr(project_class::Column::EndsOn, Expr::value(yesterday))
            .filter(project_class::Column::Id.eq(class))
            .exec(&app.db)
            .await
            .unwrap();
        let e = pick(&t, eid, &["A1", "A3", "B6"]).await.unwrap_err();
        assert!(e.to_string().contains("结业前"), "{e}");
        let ended = tabs(&t, "微能力点测试").await;
        let m = ended.finished[0].micro.clone().unwrap();
        assert!(!m.open && m.picked.len() == 4);
    }
);

on_both!(
    the_province_keeps_the_point_list_and_no_one_else_may,
    |app| {
        let (_, eid) = it_class(app, "清单测试").await;
        let t = app.login_as(TEACHER).await;
        pick(&t, eid, &["A1", "A3", "B6"]).await.unwrap();

        let p = app.login_as(PROVINCE).await;
        let (items, points): (String, String) = p
            .call::<api::micro_ability::ProvinceForms>(&[])
            .await
            .unwrap();
        assert!(items.contains("总体满意度"));
        assert!(points.starts_with("A1 学情分析 技术支持的学情分析\n"));
        let e = p
            .refused::<api::micro_ability::SaveMicroPoints>(&[(
                "points",
                "A1 学情分析 甲\nA2 备课 乙".into(),
            )])
            .await;
        assert!(
            e.field_message("points").unwrap().starts_with("第 2 行"),
            "{e}"
        );
        let list = "A1 学情分析 学情调查\nA2 教学设计 资源整合\nB1 学法指导 小组合作\nC1 学业评价 数据评价";
        p.call::<api::micro_ability::SaveMicroPoints>(&[("points", list.into())])
            .await
            .unwrap();
        let (_, now): (String, String) = p
            .call::<api::micro_ability::ProvinceForms>(&[])
            .await
            .unwrap();
        assert_eq!(now, list);

        // Teachers pick from the new list; picks made before keep the points as they read.
        let after = tabs(&t, "清单测试").await;
        assert_eq!(after.micro_points.len(), 4);
        let kept = &after.upcoming[0].micro.as_ref().unwrap().picked;
        assert_eq!(kept[0].name, "技术支持的学情分析");
        let e = pick(&t, eid, &["A1", "A3", "B6"]).await.unwrap_err();
        assert!(
            e.field_message("points")
                .unwrap()
                .contains("A3 不在本省微能力点清单中")
        );
        pick(&t, eid, &["A1", "A2", "B1"]).await.unwrap();

        for who in [COUNTY, CITY, INSTITUTION, TEACHER] {
            let c = app.login_as(who).await;
            assert_eq!(
                c.refused::<api::micro_ability::SaveMicroPoints>(&[("points", list.into())])
                    .await,
                AppError::Forbidden,
                "{who}"
            );
            assert_eq!(
                c.refused::<api::micro_ability::ProvinceForms>(&[]).await,
                AppError::Forbidden,
                "{who}"
            );
        }
    }
);
