//! Leave requests: the teacher's school files them within the class's dates, whoever runs the
//! class decides (a refusal says why), the teacher is told and the check-in roster shows the
//! leave — on SQLite and PostgreSQL.

use crate::helpers::*;
use app::dto::checkin::CheckinScreen;
use app::dto::enrolments::{Inbox, MyTrainingTabs};
use app::dto::leaves::{LeaveRow, SchoolLeaves};
use app::error::{AppError, Broken};
use serde_json::json;

on_both!(the_school_asks_leave_and_the_institution_decides, |app| {
    let (class, _) = enrolled_class(app, "请假测试项目", 12, 0).await;
    let t = app.login_as(TEACHER).await;
    let school = app.login_as(SCHOOL_ADMIN).await;
    let page: SchoolLeaves = school
        .call::<api::leaves::GetSchoolLeaves>(&[])
        .await
        .unwrap();
    let target = page
        .targets
        .iter()
        .find(|x| x.class_label.contains("请假测试项目"))
        .unwrap()
        .clone();
    assert_eq!(target.teacher_name, "郑老师");
    let today = app::server::services::training_years::today();
    let file = |c: &Client, from: String, to: String, reason: &str| {
        let c = c.clone();
        let draft = json!({ "draft": { "enrolment_id": target.enrolment_id, "from": from, "to": to, "reason": reason } });
        async move { c.call_json::<api::leaves::FileLeave>(draft).await }
    };
    // Outside the class, and without a reason: each field says so.
    let e = file(
        &school,
        (today - chrono::Duration::days(1)).to_string(),
        today.to_string(),
        " ",
    )
    .await
    .unwrap_err();
    assert!(e.field_message("from").unwrap().contains("须在培训期间"));
    assert_eq!(e.field_message("reason").unwrap(), "请填写请假原因");
    // Only the teacher's school files.
    for who in [COUNTY, TEACHER, INSTITUTION] {
        let c = app.login_as(who).await;
        assert_eq!(
            file(&c, today.to_string(), today.to_string(), "监考")
                .await
                .unwrap_err(),
            AppError::Forbidden,
            "{who}"
        );
    }
    let id = file(
        &school,
        today.to_string(),
        today.to_string(),
        "学校期末考试监考",
    )
    .await
    .unwrap();
    let inst = app.login_as(INSTITUTION).await;
    let list: Vec<LeaveRow> = inst
        .call::<api::leaves::ClassLeaves>(&[("class_id", class.to_string())])
        .await
        .unwrap();
    assert_eq!((list[0].id, list[0].status.as_str()), (id, "pending"));
    let decide = |c: &Client, approve: bool, reason: &str| {
        let c = c.clone();
        let input = json!({ "input": { "id": id, "approve": approve, "reason": reason } });
        async move { c.call_json::<api::leaves::DecideLeave>(input).await }
    };
    assert_eq!(
        decide(&app.login_as(COUNTY).await, true, "")
            .await
            .unwrap_err(),
        AppError::Forbidden
    );
    assert!(
        decide(&inst, false, " ")
            .await
            .unwrap_err()
            .field_message("reason")
            .is_some()
    );
    decide(&inst, true, "").await.unwrap();
    assert_eq!(
        decide(&inst, true, "").await.unwrap_err(),
        AppError::from(Broken::LeaveDecided)
    );
    let inbox: Inbox = t.call::<api::notifications::GetInbox>(&[]).await.unwrap();
    assert!(inbox.latest[0].body.contains("请假已批准"));
    // Today's check-in shows the teacher as on leave.
    let sid = open_checkin(&inst, class, "第1天上午").await;
    let screen: CheckinScreen = inst
        .call::<api::checkin::GetCheckinScreen>(&[("session_id", sid.to_string())])
        .await
        .unwrap();
    assert_eq!(screen.roster[0].state, "请假");
    let page: SchoolLeaves = school
        .call::<api::leaves::GetSchoolLeaves>(&[])
        .await
        .unwrap();
    assert_eq!(page.requests[0].status.label(), "已批准");
    // The teacher sees the request and the decision on the class's card in 继续教育.
    let tabs: MyTrainingTabs = t
        .call::<api::enrolments::MyTraining>(&[("filter[keyword]", "请假测试项目".into())])
        .await
        .unwrap();
    let card = &tabs.ongoing[0];
    assert_eq!(card.leaves.len(), 1);
    assert_eq!(card.leaves[0].reason, "学校期末考试监考");
    assert_eq!(card.leaves[0].status.label(), "已批准");
    assert_eq!(card.leaves[0].days, format!("{today} 至 {today}"));
    // Another teacher's cards show none of it.
    let other = school_teacher(app, 42, "英语").await;
    let theirs: MyTrainingTabs = other
        .call::<api::enrolments::MyTraining>(&[("filter[keyword]", "请假测试项目".into())])
        .await
        .unwrap();
    assert!(
        [theirs.upcoming, theirs.ongoing, theirs.finished]
            .iter()
            .flatten()
            .all(|m| m.leaves.is_empty())
    );
});
