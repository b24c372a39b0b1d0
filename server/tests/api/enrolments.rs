//! Self-selection: teachers enrol, schools and institutions review, the 90-hour rule, the
//! waiting list, the round-2 cap under concurrency, replacement, scope — on SQLite and
//! PostgreSQL.

use crate::helpers::*;
use app::domain::enrolment_flow::{EnrolmentAction, EnrolmentStatus, StepRefused};
use app::domain::enrolment_rules::{EnrolRefused, NotInAudience};
use app::domain::project::{ClassDraft, FillMode, ProjectDraft};
use app::dto::Page;
use app::dto::enrolments::{ApplicantView, EnrolmentRow, Inbox, MyTrainingTabs, OfferPage};
use app::dto::projects::{BatchOutcome, ProjectDetail};
use app::error::AppError;
use app::error::Refusal;
use app::server::entities::project_class;
use sea_orm::EntityTrait;
use serde_json::json;

fn year() -> i32 {
    chrono::Datelike::year(&app::server::services::training_years::today())
}

async fn offers(c: &Client, keyword: &str) -> OfferPage {
    c.call::<api::enrolments::ListOffers>(&[
        ("filter[keyword]", keyword.into()),
        ("filter[page]", "1".into()),
    ])
    .await
    .unwrap()
}

async fn enrol(c: &Client, class_id: i64) -> Result<EnrolmentStatus, AppError> {
    c.call::<api::enrolments::EnrolInClass>(&[("class_id", class_id.to_string())])
        .await
}

async fn queue(c: &Client, status: &str) -> Page<EnrolmentRow> {
    c.call::<api::enrolments::ListEnrolments>(&[
        ("filter[status]", status.into()),
        ("filter[page]", "1".into()),
    ])
    .await
    .unwrap()
}

/// The id of the first pending enrolment in the caller's queue for a project.
async fn queued_id(c: &Client, project: &str) -> i64 {
    queue(c, "")
        .await
        .items
        .iter()
        .find(|r| r.project_name == project)
        .unwrap()
        .id
}

async fn review(c: &Client, ids: &[i64], action: EnrolmentAction, reason: &str) -> BatchOutcome {
    c.call_json::<api::enrolments::ReviewEnrolments>(
        json!({ "input": { "ids": ids, "action": action, "reason": reason } }),
    )
    .await
    .unwrap()
}

async fn open_class(app: &TestApp, name: &str, hours: u32, capacity: u32) -> i64 {
    approved_class(app, name, hours, capacity, 33).await.1
}

async fn new_teacher(app: &TestApp, seq: u16) -> Client {
    school_teacher(app, seq, "数学").await
}

async fn taken(app: &TestApp, class_id: i64) -> i32 {
    project_class::Entity::find_by_id(class_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .taken
}

on_both!(
    a_teacher_enrols_and_the_school_then_the_institution_approve,
    |app| {
        let class = open_class(app, "小学数学课堂评价专题", 24, 30).await;
        let t = app.login_as(TEACHER).await;
        let o = offers(&t, "课堂评价").await;
        assert!(o.window.open, "{:?}", o.window);
        assert_eq!(o.page.items.len(), 1);
        assert_eq!(enrol(&t, class).await, Ok(EnrolmentStatus::Applied));
        assert_eq!(
            enrol(&t, class).await,
            Err(AppError::Refused(Refusal::Enrol(EnrolRefused::AlreadyIn)))
        );
        assert_eq!(taken(app, class).await, 1);
        assert_eq!(offers(&t, "课堂评价").await.window.hours_taken, 24);

        // The institution sees nothing to review until the school has approved.
        let inst = app.login_as(INSTITUTION).await;
        assert!(
            queue(&inst, "")
                .await
                .items
                .iter()
                .all(|r| r.class_name != "第一期" || r.project_name != "小学数学课堂评价专题")
        );
        let school = app.login_as(SCHOOL_ADMIN).await;
        let mine = queue(&school, "").await;
        let row = mine
            .items
            .iter()
            .find(|r| r.project_name == "小学数学课堂评价专题")
            .unwrap();
        assert_eq!(row.teacher_name, "郑老师");
        assert!(row.id_number.contains('*'), "masked: {}", row.id_number);
        let view: ApplicantView = school
            .call::<api::enrolments::GetApplicant>(&[("id", row.id.to_string())])
            .await
            .unwrap();
        assert_eq!(view.timeline[0].action, "提交报名");
        let out = review(&school, &[row.id], EnrolmentAction::SchoolApprove, "").await;
        assert_eq!(out.done, 1, "{out:?}");
        // The school cannot take the institution's step.
        let out = review(&school, &[row.id], EnrolmentAction::InstitutionApprove, "").await;
        assert_eq!(out.failed[0].1, "无权机构审核通过");
        let waiting = queue(&inst, "").await;
        assert!(waiting.items.iter().any(|r| r.id == row.id));
        assert_eq!(
            review(&inst, &[row.id], EnrolmentAction::InstitutionApprove, "")
                .await
                .done,
            1
        );
        let view: ApplicantView = school
            .call::<api::enrolments::GetApplicant>(&[("id", row.id.to_string())])
            .await
            .unwrap();
        let steps: Vec<&str> = view.timeline.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(steps, ["提交报名", "学校审核通过", "机构审核通过"]);
        // Once reviewed it can no longer be withdrawn; the teacher was told of each step.
        let e = t
            .refused::<api::enrolments::WithdrawEnrolment>(&[("id", row.id.to_string())])
            .await;
        assert_eq!(
            e,
            AppError::Refused(Refusal::EnrolmentStep(StepRefused::NotFrom(
                EnrolmentStatus::Enrolled,
                EnrolmentAction::Withdraw
            )))
        );
        assert_eq!(e.to_string(), "报名当前为“已录取”，不能撤销报名");
        let inbox: Inbox = t.call::<api::notifications::GetInbox>(&[]).await.unwrap();
        assert_eq!(inbox.unread, 2);
        assert!(inbox.latest[0].body.contains("机构审核通过"));
    }
);

on_both!(a_refusal_says_why_and_a_withdrawal_frees_the_seat, |app| {
    let class = open_class(app, "拒绝与撤销测试", 12, 30).await;
    let t = app.login_as(TEACHER).await;
    enrol(&t, class).await.unwrap();
    let school = app.login_as(SCHOOL_ADMIN).await;
    let id = queued_id(&school, "拒绝与撤销测试").await;
    let out = review(&school, &[id], EnrolmentAction::SchoolRefuse, " ").await;
    assert_eq!(out.failed[0].1, "学校审核未通过须填写原因");
    let out = review(
        &school,
        &[id],
        EnrolmentAction::SchoolRefuse,
        "本学期教学任务冲突",
    )
    .await;
    assert_eq!(out.done, 1);
    assert_eq!(taken(app, class).await, 0, "a refusal frees the seat");
    let inbox: Inbox = t.call::<api::notifications::GetInbox>(&[]).await.unwrap();
    assert!(
        inbox.latest[0].body.contains("原因：本学期教学任务冲突"),
        "{:?}",
        inbox.latest[0]
    );
    // Enrol again, then withdraw before any review.
    assert_eq!(enrol(&t, class).await, Ok(EnrolmentStatus::Applied));
    let again = queued_id(&school, "拒绝与撤销测试").await;
    assert_eq!(
        t.call::<api::enrolments::WithdrawEnrolment>(&[("id", again.to_string())])
            .await,
        Ok(EnrolmentStatus::Withdrawn)
    );
    assert_eq!(taken(app, class).await, 0);
    // Nobody else may withdraw it, nor see it.
    let other = app.login_as(OTHER_COUNTY).await;
    assert_eq!(
        other
            .refused::<api::enrolments::GetApplicant>(&[("id", again.to_string())])
            .await,
        AppError::NotFound
    );
});

// Zhejiang's rule: "上级教育局未审核之前，学员可在此进行退选" — after the school's approval,
// until the institution (the class's last review) has decided.
on_both!(
    a_teacher_withdraws_after_the_school_approved_until_the_last_review,
    |app| {
        let class = open_class(app, "审核中退选测试", 12, 30).await;
        let t = app.login_as(TEACHER).await;
        enrol(&t, class).await.unwrap();
        let school = app.login_as(SCHOOL_ADMIN).await;
        let id = queued_id(&school, "审核中退选测试").await;
        assert_eq!(
            review(&school, &[id], EnrolmentAction::SchoolApprove, "")
                .await
                .done,
            1
        );
        let tabs: MyTrainingTabs = t
            .call::<api::enrolments::MyTraining>(&[("filter[keyword]", "审核中退选测试".into())])
            .await
            .unwrap();
        let card = tabs
            .upcoming
            .iter()
            .find(|m| m.project_name == "审核中退选测试")
            .unwrap();
        assert_eq!(card.status, EnrolmentStatus::SchoolApproved);
        assert!(
            card.can_withdraw,
            "the card offers 退选 while the institution has not decided"
        );
        assert_eq!(
            t.call::<api::enrolments::WithdrawEnrolment>(&[("id", id.to_string())])
                .await,
            Ok(EnrolmentStatus::Withdrawn)
        );
        assert_eq!(taken(app, class).await, 0, "the seat is freed");
        // The institution no longer finds it waiting.
        let inst = app.login_as(INSTITUTION).await;
        assert!(queue(&inst, "").await.items.iter().all(|r| r.id != id));
        // Once the institution has decided, it is too late.
        enrol(&t, class).await.unwrap();
        let again = queued_id(&school, "审核中退选测试").await;
        review(&school, &[again], EnrolmentAction::SchoolApprove, "").await;
        review(&inst, &[again], EnrolmentAction::InstitutionApprove, "").await;
        let e = t
            .refused::<api::enrolments::WithdrawEnrolment>(&[("id", again.to_string())])
            .await;
        assert_eq!(e.to_string(), "报名当前为“已录取”，不能撤销报名");
    }
);

on_both!(ninety_hours_a_year_at_most, |app| {
    let a = open_class(app, "六十学时项目", 60, 30).await;
    let b = open_class(app, "三十六学时项目", 36, 30).await;
    let c = open_class(app, "三十学时项目", 30, 30).await;
    let t = app.login_as(TEACHER).await;
    assert_eq!(enrol(&t, a).await, Ok(EnrolmentStatus::Applied));
    assert_eq!(
        enrol(&t, b).await,
        Err(AppError::Refused(Refusal::Enrol(
            EnrolRefused::OverYearlyHours {
                taken: 60,
                adding: 36
            }
        )))
    );
    assert_eq!(enrol(&t, c).await, Ok(EnrolmentStatus::Applied));
});

on_both!(
    two_enrolments_at_the_same_moment_cannot_pass_ninety_hours_together,
    |app| {
        // Different projects, so no shared class lock: only a lock on the teacher keeps the
        // second from reading the hours before the first is written.
        for round in 0..3 {
            let a = open_class(app, &format!("并发六十学时甲{round}"), 60, 30).await;
            let b = open_class(app, &format!("并发六十学时乙{round}"), 60, 30).await;
            let t = school_teacher(app, 60 + round, "数学").await;
            let (x, y) = tokio::join!(enrol(&t, a), enrol(&t, b));
            let applied = [&x, &y]
                .iter()
                .filter(|r| matches!(r, Ok(EnrolmentStatus::Applied)))
                .count();
            assert_eq!(applied, 1, "round {round}: {x:?} {y:?}");
        }
    }
);

on_both!(
    classes_are_offered_only_to_the_teachers_they_are_for,
    |app| {
        // A project for the next county, approved by that county.
        let inst = app.login_as(INSTITUTION).await;
        let plan = upload_plan(&inst, "方案.pdf", b"%PDF-1.7".to_vec())
            .await
            .unwrap();
        let d = ProjectDraft {
            name: "桥西区专属项目".into(),
            year: year().to_string(),
            level: "县级".into(),
            kind: "其他".into(),
            nature: "远程".into(),
            fill_mode: FillMode::Selection,
            organiser: "河北师范大学".into(),
            target_regions: vec!["130104".into()],
            credit_category: "自主选修".into(),
            hours: "10".into(),
            plan_file_id: Some(plan.file_id),
            classes: vec![ClassDraft {
                name: "第一期".into(),
                starts_on: format!("{}-12-28", year()),
                ends_on: format!("{}-12-30", year()),
                capacity: "10".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let id: i64 = inst
            .call_json::<api::projects::SaveProject>(json!({ "draft": d }))
            .await
            .unwrap();
        for (who, action) in [(INSTITUTION, "Submit"), (OTHER_COUNTY, "Approve")] {
            let c = app.login_as(who).await;
            c.call::<api::projects::ActOnProject>(&[
                ("id", id.to_string()),
                ("action", action.into()),
                ("reason", String::new()),
            ])
            .await
            .unwrap();
        }
        let county: ProjectDetail = inst
            .call::<api::projects::GetProject>(&[("id", id.to_string())])
            .await
            .unwrap();
        let t = app.login_as(TEACHER).await;
        assert!(offers(&t, "桥西区专属").await.page.items.is_empty());
        assert_eq!(
            enrol(&t, county.classes[0].id.0).await,
            Err(AppError::Refused(Refusal::Audience(NotInAudience::Region)))
        );
        // The plan of an offered class downloads; the next county's does not.
        open_class(app, "方案可下载项目", 10, 10).await;
        let offered_project = offers(&t, "方案可下载").await.page.items[0].project_id;
        let get = |p: i64| {
            let t = t.clone();
            async move {
                t.http
                    .get(format!("{}/api/files/projects/{p}/plan", t.base))
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
        };
        assert_eq!(get(offered_project).await, 200);
        assert_ne!(get(id).await, 200);
        // Admins do not enrol.
        let school = app.login_as(SCHOOL_ADMIN).await;
        assert_eq!(
            enrol(&school, county.classes[0].id.0).await,
            Err(AppError::Forbidden)
        );
    }
);

on_both!(
    round_two_gives_the_last_seat_to_exactly_one_and_the_next_waits,
    |app| {
        // Round 1 is over, round 2 is open today.
        let today = app::server::services::training_years::today();
        let province = app.login_as(PROVINCE).await;
        let d = |days: i64| (today + chrono::Duration::days(days)).to_string();
        let saved: Result<i32, AppError> = province
            .call::<api::training_years::SaveTrainingYear>(&[
                ("draft[year]", year().to_string()),
                ("draft[round1_opens]", d(-30)),
                ("draft[round1_closes]", d(-10)),
                ("draft[round2_opens]", d(-1)),
                ("draft[round2_closes]", d(5)),
                ("draft[current]", "true".into()),
            ])
            .await;
        assert_eq!(saved, Ok(year()));
        let class = open_class(app, "二轮补报末位名额", 12, 1).await;
        let a = new_teacher(app, 801).await;
        let b = new_teacher(app, 802).await;
        let (ra, rb) = tokio::join!(enrol(&a, class), enrol(&b, class));
        let mut got = [ra.clone().unwrap(), rb.clone().unwrap()];
        got.sort_by_key(|s| s.as_str());
        assert_eq!(
            got,
            [EnrolmentStatus::Applied, EnrolmentStatus::Waitlisted],
            "{ra:?} {rb:?}"
        );
        assert_eq!(taken(app, class).await, 1);
        // The winner withdraws: the waiting teacher gets the seat at once and is told.
        let (winner, waiting) = if ra == Ok(EnrolmentStatus::Applied) {
            (&a, &b)
        } else {
            (&b, &a)
        };
        let o = offers(winner, "末位名额").await;
        let (eid, _) = o.page.items[0].mine.unwrap();
        winner
            .call::<api::enrolments::WithdrawEnrolment>(&[("id", eid.to_string())])
            .await
            .unwrap();
        let o = offers(waiting, "末位名额").await;
        assert_eq!(
            o.page.items[0].mine.map(|m| m.1),
            Some(EnrolmentStatus::Applied)
        );
        assert_eq!(taken(app, class).await, 1);
        let inbox: Inbox = waiting
            .call::<api::notifications::GetInbox>(&[])
            .await
            .unwrap();
        assert!(
            inbox.latest[0].body.contains("候补转为报名"),
            "{:?}",
            inbox.latest
        );
    }
);

on_both!(
    a_school_replaces_an_enrolled_teacher_before_the_class_starts,
    |app| {
        let class = open_class(app, "替换测试项目", 12, 1).await;
        let t = app.login_as(TEACHER).await;
        enrol(&t, class).await.unwrap();
        let school = app.login_as(SCHOOL_ADMIN).await;
        let id = queued_id(&school, "替换测试项目").await;
        review(&school, &[id], EnrolmentAction::SchoolApprove, "").await;
        let inst = app.login_as(INSTITUTION).await;
        review(&inst, &[id], EnrolmentAction::InstitutionApprove, "").await;
        new_teacher(app, 803).await;
        let newcomer_id = teacher_of(app, "13700000803").await.id;
        let new_id: i64 = school
            .call::<api::enrolments::ReplaceEnrolment>(&[
                ("id", id.to_string()),
                ("teacher_id", newcomer_id.to_string()),
            ])
            .await
            .map_err(|e| format!("{e:?}"))
            .unwrap();
        assert_eq!(
            taken(app, class).await,
            1,
            "the seat moved, no seat was added or lost"
        );
        let view: ApplicantView = school
            .call::<api::enrolments::GetApplicant>(&[("id", new_id.to_string())])
            .await
            .unwrap();
        assert_eq!(view.row.status, EnrolmentStatus::Enrolled);
        let old: ApplicantView = school
            .call::<api::enrolments::GetApplicant>(&[("id", id.to_string())])
            .await
            .unwrap();
        assert_eq!(old.row.status, EnrolmentStatus::Replaced);
        // The replaced enrolment is over: it cannot be replaced again.
        let again = school
            .call::<api::enrolments::ReplaceEnrolment>(&[
                ("id", id.to_string()),
                ("teacher_id", newcomer_id.to_string()),
            ])
            .await;
        assert!(again.is_err());
    }
);

on_both!(a_batch_names_no_one_outside_the_callers_scope, |app| {
    use app::server::entities::enrolment;
    use sea_orm::{ColumnTrait, QueryFilter};
    let class = open_class(app, "范围外的报名", 24, 10).await;
    let t = app.login_as(TEACHER).await;
    enrol(&t, class).await.unwrap();
    let id = enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.eq(class))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let other = app.login_as(OTHER_COUNTY).await;
    let out = review(&other, &[id], EnrolmentAction::SchoolApprove, "").await;
    assert_eq!(out.done, 0);
    assert_eq!(
        out.failed,
        vec![(format!("#{id}"), AppError::NotFound.to_string())]
    );
});
