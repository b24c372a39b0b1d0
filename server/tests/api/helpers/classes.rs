//! Projects and enrolment: an approved class to enrol in, and teachers who log in.

use super::*;

pub const INSTITUTION: &str = "13900000005";

/// An approved self-selection project of the demo institution for county 130102 (approved by
/// the county), `hours` long, with one class of `capacity` seats starting in `starts_in` days.
/// Returns (project id, class id).
pub async fn approved_class(
    app: &TestApp,
    name: &str,
    hours: u32,
    capacity: u32,
    starts_in: i64,
) -> (i64, i64) {
    use app::domain::project::{ClassDraft, FillMode, ProjectDraft};
    use app::domain::project_flow::ProjectStatus;
    use app::dto::projects::ProjectDetail;
    let inst = app.login_as(INSTITUTION).await;
    let plan = upload_plan(&inst, "方案.pdf", b"%PDF-1.7".to_vec())
        .await
        .expect("test set-up");
    let today = app::server::services::training_years::today();
    let day = |n: i64| (today + chrono::Duration::days(n)).to_string();
    let d = ProjectDraft {
        name: name.into(),
        year: chrono::Datelike::year(&today).to_string(),
        level: "县级".into(),
        kind: "骨干教师".into(),
        nature: "集中".into(),
        fill_mode: FillMode::Selection,
        organiser: "河北师范大学".into(),
        target_regions: vec!["130102".into()],
        credit_category: "专业选修".into(),
        hours: hours.to_string(),
        plan_file_id: Some(plan.file_id),
        plan_file_name: Some(plan.name),
        classes: vec![ClassDraft {
            name: "第一期".into(),
            starts_on: day(starts_in),
            ends_on: day(starts_in + 30),
            place: "长安区教师发展中心".into(),
            capacity: capacity.to_string(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let id: i64 = inst
        .call_json::<api::projects::SaveProject>(serde_json::json!({ "draft": d }))
        .await
        .expect("test set-up");
    for (who, action) in [(INSTITUTION, "Submit"), (COUNTY, "Approve")] {
        let c = app.login_as(who).await;
        let _: ProjectStatus = c
            .call::<api::projects::ActOnProject>(&[
                ("id", id.to_string()),
                ("action", action.into()),
                ("reason", String::new()),
            ])
            .await
            .expect("test set-up");
    }
    let d: ProjectDetail = inst
        .call::<api::projects::GetProject>(&[("id", id.to_string())])
        .await
        .expect("test set-up");
    (id, d.classes[0].id.0)
}

/// Uploads a project's 实施方案 as the browser's form does, under `name`.
pub async fn upload_plan(
    c: &Client,
    name: &str,
    bytes: Vec<u8>,
) -> Result<app::dto::projects::UploadedPlan, AppError> {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_string());
    c.call_multipart::<api::projects::UploadPlan>(
        reqwest::multipart::Form::new().part("file", part),
    )
    .await
}

/// A new teacher of the demo school (小学, `subject`) with the demo password, logged in.
/// `seq` makes the ID number and the phone 1370000<seq>.
pub async fn school_teacher(app: &TestApp, seq: u16, subject: &str) -> Client {
    let school_id = teacher_of(app, TEACHER)
        .await
        .school_id
        .expect("test set-up");
    let school = school::Entity::find_by_id(school_id)
        .one(&app.db)
        .await
        .expect("test set-up")
        .expect("test set-up");
    let birth = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).expect("test set-up");
    let id = app::domain::id_card::make_id_number("130102", birth, seq);
    let phone = format!("1370000{seq:04}");
    app::server::seed::demo_teacher(&app.db, "测试师", &id, &phone, &school, "小学", subject)
        .await
        .expect("test set-up");
    app.login_as(&phone).await
}

/// A class of the demo institution (see `approved_class`) with 郑老师 enrolled in it, as if
/// the school and the institution had approved. Returns (class id, enrolment id).
pub async fn enrolled_class(app: &TestApp, name: &str, hours: u32, starts_in: i64) -> (i64, i64) {
    use app::domain::enrolment_flow::EnrolmentStatus;
    use app::server::entities::enrolment;
    use sea_orm::sea_query::Expr;
    let (_, class) = approved_class(app, name, hours, 10, starts_in).await;
    let t = app.login_as(TEACHER).await;
    let _: EnrolmentStatus = t
        .call::<api::enrolments::EnrolInClass>(&[("class_id", class.to_string())])
        .await
        .expect("test set-up");
    enrolment::Entity::update_many()
        .col_expr(
            enrolment::Column::Status,
            Expr::value(EnrolmentStatus::Enrolled.as_str()),
        )
        .filter(enrolment::Column::ClassId.eq(class))
        .exec(&app.db)
        .await
        .expect("test set-up");
    let e = enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.eq(class))
        .one(&app.db)
        .await
        .expect("test set-up")
        .expect("test set-up");
    // As the writers do: the statistics follow the changed enrolment.
    app::server::services::stats::enrolments::changed(&app.db, &[e.id])
        .await
        .expect("test set-up");
    (class, e.id)
}

/// Opens a check-in of `class` titled `title` as `runner` (the class's institution). Returns the
/// check-in session's id.
pub async fn open_checkin(runner: &Client, class: i64, title: &str) -> i64 {
    runner
        .call::<api::checkin::OpenCheckin>(&[
            ("class_id", class.to_string()),
            ("title", title.to_string()),
        ])
        .await
        .expect("test set-up")
}

/// Sets what `sets` names on project `id`, past the declaration form (a test's shortcut to a
/// project of some kind, year or rule).
pub async fn set_project(
    app: &TestApp,
    id: i64,
    sets: &[(app::server::entities::project::Column, sea_orm::Value)],
) {
    use app::server::entities::project;
    use sea_orm::sea_query::Expr;
    let mut update = project::Entity::update_many().filter(project::Column::Id.eq(id));
    for (column, value) in sets {
        update = update.col_expr(*column, Expr::value(value.clone()));
    }
    update.exec(&app.db).await.expect("test set-up");
}

/// The project enrolment `eid` is in.
pub async fn project_of(app: &TestApp, eid: i64) -> i64 {
    app::server::entities::enrolment::Entity::find_by_id(eid)
        .one(&app.db)
        .await
        .expect("test set-up")
        .expect("test set-up")
        .project_id
}
