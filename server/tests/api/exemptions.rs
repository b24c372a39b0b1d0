//! Make-up projects and exemptions (DOMAIN.md §4): a bureau records an exemption and the
//! teacher can no longer take that year's whole-staff project; a make-up project takes only
//! the teachers who failed its kind the year before — on SQLite and PostgreSQL.

use crate::helpers::*;
use app::domain::enrolment_flow::EnrolmentStatus;
use app::domain::exemption::JoinRefused;
use app::domain::exemption::WHOLE_STAFF_KIND;
use app::dto::Page;
use app::dto::enrolments::OfferPage;
use app::dto::exemptions::ExemptionRow;
use app::error::AppError;
use app::error::Refusal;
use app::server::entities::{enrolment, project};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

fn year() -> i32 {
    chrono::Datelike::year(&app::server::services::training_years::today())
}

/// An approved self-selection class of kind `kind` for the demo county.
async fn class_of_kind(app: &TestApp, name: &str, kind: &str, makeup: bool) -> (i64, i64) {
    let (id, class) = approved_class(app, name, 20, 30, 40).await;
    use project::Column as C;
    set_project(
        app,
        id,
        &[(C::Kind, kind.into()), (C::Makeup, makeup.into())],
    )
    .await;
    (id, class)
}

async fn grant(c: &Client, id_number: &str, level: &str) -> Result<i64, AppError> {
    c.call_json::<api::exemptions::GrantExemption>(json!({ "draft": {
            "id_number": id_number,
            "year": year().to_string(),
            "level": level,
            "certificate": "河北省骨干教师证书",
        } }))
    .await
}

async fn enrol(c: &Client, class_id: i64) -> Result<EnrolmentStatus, AppError> {
    c.call::<api::enrolments::EnrolInClass>(&[("class_id", class_id.to_string())])
        .await
}

async fn offered(c: &Client, keyword: &str) -> usize {
    let o: OfferPage = c
        .call::<api::enrolments::ListOffers>(&[
            ("filter[keyword]", keyword.into()),
            ("filter[page]", "1".into()),
        ])
        .await
        .unwrap();
    o.page.items.len()
}

on_both!(
    an_exemption_keeps_a_teacher_out_of_that_years_whole_staff_project,
    |app| {
        let (_, whole) = class_of_kind(app, "全员远程培训测试", WHOLE_STAFF_KIND, false).await;
        let (_, other) = class_of_kind(app, "骨干教师培训测试", "骨干教师", false).await;
        let id_number = id_number_of(app, TEACHER).await;
        let county = app.login_as(COUNTY).await;

        // The form's rules hold on the server too, field by field.
        let e = grant(&county, &id_number, "市级").await.unwrap_err();
        assert!(e.field_message("level").is_some(), "{e:?}");
        // A county records only its own teachers'; another county's reads as unknown.
        let other_county = app.login_as(OTHER_COUNTY).await;
        let e = grant(&other_county, &id_number, "省级").await.unwrap_err();
        assert_eq!(
            e.field_message("id_number").as_deref(),
            Some("未找到该身份证号的教师档案")
        );
        let id = grant(&county, &id_number, "省级").await.unwrap();
        let e = grant(&county, &id_number, "国家级").await.unwrap_err();
        assert!(
            e.field_message("id_number").unwrap().contains("已登记免修"),
            "{e:?}"
        );
        let list: Page<ExemptionRow> = county
            .call::<api::exemptions::ListExemptions>(&[("filter[page]", "1".into())])
            .await
            .unwrap();
        assert_eq!(list.total, 1);
        assert_eq!(list.items[0].teacher_name, "郑老师");
        assert!(list.items[0].id_number.contains('*'));
        let none: Page<ExemptionRow> = other_county
            .call::<api::exemptions::ListExemptions>(&[("filter[page]", "1".into())])
            .await
            .unwrap();
        assert_eq!(none.total, 0, "another county sees none of them");
        let school = app.login_as(SCHOOL_ADMIN).await;
        let e = school
            .call::<api::exemptions::ListExemptions>(&[("filter[page]", "1".into())])
            .await;
        assert_eq!(e, Err(AppError::Forbidden));

        // The teacher no longer sees the whole-staff class nor may take it; others stay open.
        let t = app.login_as(TEACHER).await;
        assert_eq!(offered(&t, "全员远程培训测试").await, 0);
        assert_eq!(
            enrol(&t, whole).await,
            Err(AppError::Refused(Refusal::Join(JoinRefused::Exempt {
                level: "省级".into(),
                certificate: "河北省骨干教师证书".into()
            })))
        );
        assert_eq!(enrol(&t, other).await, Ok(EnrolmentStatus::Applied));

        // Revoked, the exemption no longer holds.
        let _: () = county
            .call::<api::exemptions::RevokeExemption>(&[("id", id.to_string())])
            .await
            .unwrap();
        assert_eq!(offered(&t, "全员远程培训测试").await, 1);
        assert_eq!(enrol(&t, whole).await, Ok(EnrolmentStatus::Applied));
        // Already in the whole-staff project: no exemption until the teacher leaves it.
        let e = grant(&county, &id_number, "省级").await.unwrap_err();
        assert!(e.to_string().contains("请先将其移出"), "{e}");
    }
);

on_both!(
    a_make_up_project_takes_only_the_teachers_who_failed_its_kind_last_year,
    |app| {
        let (last, last_class) =
            class_of_kind(app, "上年度全员培训", WHOLE_STAFF_KIND, false).await;
        let (_, makeup) = class_of_kind(app, "全员培训补学", WHOLE_STAFF_KIND, true).await;
        let t = app.login_as(TEACHER).await;
        assert_eq!(offered(&t, "全员培训补学").await, 0);
        assert_eq!(
            enrol(&t, makeup).await,
            Err(AppError::Refused(Refusal::Join(JoinRefused::MakeupOnly {
                kind: "全员远程".into()
            })))
        );
        // Last year's whole-staff project, which the teacher took and failed (results are
        // written by grading; here straight into the tables).
        assert_eq!(enrol(&t, last_class).await, Ok(EnrolmentStatus::Applied));
        set_project(app, last, &[(project::Column::Year, (year() - 1).into())]).await;
        enrolment::Entity::update_many()
            .col_expr(enrolment::Column::Year, Expr::value(year() - 1))
            .col_expr(enrolment::Column::Status, Expr::value("enrolled"))
            .col_expr(enrolment::Column::Passed, Expr::value(true))
            .filter(enrolment::Column::ProjectId.eq(last))
            .exec(&app.db)
            .await
            .unwrap();
        // Passed: still not eligible.
        assert!(enrol(&t, makeup).await.is_err());
        enrolment::Entity::update_many()
            .col_expr(enrolment::Column::Passed, Expr::value(false))
            .filter(enrolment::Column::ProjectId.eq(last))
            .exec(&app.db)
            .await
            .unwrap();
        assert_eq!(offered(&t, "全员培训补学").await, 1);
        assert_eq!(enrol(&t, makeup).await, Ok(EnrolmentStatus::Applied));
    }
);

on_both!(
    an_exempt_teacher_is_not_picked_for_a_whole_staff_directive_project,
    |app| {
        let directive = project::Entity::find()
            .filter(project::Column::FillMode.eq(app::domain::project::FillMode::Directive))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let kind = (project::Column::Kind, WHOLE_STAFF_KIND.into());
        set_project(app, directive.id, &[kind]).await;
        let county = app.login_as(COUNTY).await;
        grant(&county, &id_number_of(app, TEACHER).await, "国家级")
            .await
            .unwrap();
        let zheng = teacher_of(app, TEACHER).await.id;
        let found: Vec<app::dto::directive::Candidate> = county
            .call::<api::directive::FindCandidates>(&[
                ("project_id", directive.id.to_string()),
                ("keyword", "郑".into()),
            ])
            .await
            .unwrap();
        assert!(found.iter().all(|c| c.teacher_id != zheng), "{found:?}");
        let e = county
            .call_json::<api::directive::NominateTeachers>(
                json!({ "input": { "project_id": directive.id, "teacher_ids": [zheng] } }),
            )
            .await;
        assert_eq!(
            e,
            Err(AppError::Conflict(
                "郑老师：已免修本年度全员培训（国家级证书：河北省骨干教师证书）".into()
            ))
        );
    }
);
