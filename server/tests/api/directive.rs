//! Directive projects (Hebei): quotas, the county's picks and list import, city review, the
//! province's placement, the institution's confirmation and notice, the teacher's timeline,
//! and scope — on SQLite and PostgreSQL. The demo seed holds the province's directive project
//! for 石家庄市 with quotas 130102: 8 and 130104: 5.

use crate::helpers::*;
use app::domain::directive::QuotaRefused;
use app::domain::enrolment_flow::{EnrolmentAction, EnrolmentStatus};
use app::dto::Page;
use app::dto::directive::{Candidate, DirectiveView, ListImport};
use app::dto::enrolments::{EnrolmentRow, Inbox, MyTrainingTabs};
use app::dto::projects::BatchOutcome;
use app::error::Refusal;
use app::error::{AppError, Broken};
use serde_json::json;

async fn the_project(c: &Client) -> i64 {
    let v: Option<DirectiveView> = c
        .call_json::<api::directive::GetDirective>(json!({ "query": {} }))
        .await
        .unwrap();
    v.unwrap()
        .choices
        .iter()
        .find(|p| p.name.contains("乡村中小学教师省外研修"))
        .map(|p| p.id)
        .expect("the seeded directive project")
}

async fn overview(c: &Client, id: i64) -> Result<DirectiveView, AppError> {
    let v: Option<DirectiveView> = c
        .call_json::<api::directive::GetDirective>(json!({ "query": { "project_id": id } }))
        .await?;
    v.ok_or(AppError::NotFound)
}

async fn candidates(c: &Client, id: i64, keyword: &str) -> Result<Vec<Candidate>, AppError> {
    c.call::<api::directive::FindCandidates>(&[
        ("project_id", id.to_string()),
        ("keyword", keyword.into()),
    ])
    .await
}

async fn nominate(c: &Client, id: i64, teachers: &[i64]) -> Result<u32, AppError> {
    c.call_json::<api::directive::NominateTeachers>(
        json!({ "input": { "project_id": id, "teacher_ids": teachers } }),
    )
    .await
}

async fn participants(c: &Client, id: i64, status: &str) -> Vec<EnrolmentRow> {
    let page: Page<EnrolmentRow> = c
        .call::<api::enrolments::ListEnrolments>(&[
            ("filter[project_id]", id.to_string()),
            ("filter[status]", status.into()),
            ("filter[page]", "1".into()),
        ])
        .await
        .unwrap();
    page.items
}

async fn step(c: &Client, ids: &[i64], action: EnrolmentAction, reason: &str) -> BatchOutcome {
    c.call_json::<api::enrolments::ReviewEnrolments>(
        json!({ "input": { "ids": ids, "action": action, "reason": reason } }),
    )
    .await
    .unwrap()
}

async fn set_quota(c: &Client, id: i64, county: &str, quota: u32) -> Result<(), AppError> {
    c.call_json::<api::directive::SetQuotas>(
        json!({ "input": { "project_id": id, "quotas": [[county, quota]] } }),
    )
    .await
}

async fn import(c: &Client, id: i64, csv: &str) -> Result<ListImport, AppError> {
    let form = reqwest::multipart::Form::new()
        .text("project_id", id.to_string())
        .part(
            "file",
            reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("名单.csv"),
        );
    c.call_multipart::<api::directive::ImportParticipants>(form)
        .await
}

on_both!(
    the_chain_runs_from_the_county_to_the_institution_and_the_teacher_sees_each_step,
    |app| {
        let county = app.login_as(COUNTY).await;
        let id = the_project(&county).await;
        let zheng = teacher_of(app, TEACHER).await;
        let found = candidates(&county, id, "郑").await.unwrap();
        assert!(found.iter().any(|c| c.teacher_id == zheng.id), "{found:?}");
        assert!(found.iter().all(|c| c.id_number.contains('*')));
        let _other = school_teacher(app, 9101, "语文").await;
        let other = teacher_of(app, "13700009101").await;
        assert_eq!(nominate(&county, id, &[zheng.id, other.id]).await, Ok(2));
        // Picked teachers are not offered again.
        assert!(
            candidates(&county, id, "郑")
                .await
                .unwrap()
                .iter()
                .all(|c| c.teacher_id != zheng.id)
        );
        let picked = participants(&county, id, "nominated").await;
        assert_eq!(picked.len(), 2);
        assert!(picked.iter().all(|r| r.class_name == "待分配"));
        let ids: Vec<i64> = picked.iter().map(|r| r.id).collect();
        // The city cannot take the county's step.
        let city = app.login_as(CITY).await;
        let out = step(&city, &ids, EnrolmentAction::CountySubmit, "").await;
        assert_eq!(out.failed[0].1, "无权县级提交到市级");
        assert_eq!(
            step(&county, &ids, EnrolmentAction::CountySubmit, "")
                .await
                .done,
            2
        );

        // The city passes 郑老师 on and returns the other, with a reason.
        let at_city = participants(&city, id, "at_city").await;
        assert_eq!(at_city.len(), 2);
        let (z, o): (Vec<&EnrolmentRow>, Vec<&EnrolmentRow>) =
            at_city.iter().partition(|r| r.teacher_id == zheng.id);
        let out = step(&city, &[o[0].id], EnrolmentAction::CityReturn, " ").await;
        assert_eq!(out.failed[0].1, "市级退回县级须填写原因");
        let out = step(
            &city,
            &[o[0].id],
            EnrolmentAction::CityReturn,
            "本年度已参加同类培训",
        )
        .await;
        assert_eq!(out.done, 1);
        let returned = participants(&county, id, "nominated").await;
        assert_eq!(returned.len(), 1);
        assert_eq!(returned[0].reason.as_deref(), Some("本年度已参加同类培训"));
        assert_eq!(
            step(&city, &[z[0].id], EnrolmentAction::CityPass, "")
                .await
                .done,
            1
        );

        // The province places him in the second class, which has no institution yet.
        let province = app.login_as(PROVINCE).await;
        let v = overview(&province, id).await.unwrap();
        let second = v.classes.iter().find(|c| c.name == "第二期").unwrap();
        assert!(second.institution.is_none());
        let hebei = v
            .institutions
            .iter()
            .find(|(_, n)| n == "河北师范大学")
            .unwrap()
            .0;
        let waiting = participants(&province, id, "at_province").await;
        assert_eq!(waiting.len(), 1);
        let assign = |institution: Option<i64>| json!({ "input": { "ids": [waiting[0].id], "class_id": second.id, "institution_id": institution } });
        let out: BatchOutcome = province
            .call_json::<api::directive::AssignParticipants>(assign(None))
            .await
            .unwrap();
        assert_eq!(out.failed[0].1, "该班级尚无承培机构，请选择");
        // Only the province places.
        let e = city
            .call_json::<api::directive::AssignParticipants>(assign(Some(hebei)))
            .await;
        assert_eq!(e, Err(AppError::Forbidden));
        let out: BatchOutcome = province
            .call_json::<api::directive::AssignParticipants>(assign(Some(hebei)))
            .await
            .unwrap();
        assert_eq!(out.done, 1, "{out:?}");
        let v = overview(&province, id).await.unwrap();
        let second = v.classes.iter().find(|c| c.name == "第二期").unwrap();
        assert_eq!(second.taken, 1);
        assert_eq!(second.institution.as_ref().unwrap().1, "河北师范大学");

        // The institution now runs that class: it sees the project, confirms, publishes.
        let inst = app.login_as(INSTITUTION).await;
        assert_eq!(the_project(&inst).await, id);
        let mine = overview(&inst, id).await.unwrap();
        assert_eq!(mine.classes.len(), 1, "only the class it runs");
        let assigned = participants(&inst, id, "assigned").await;
        assert_eq!(assigned.len(), 1);
        assert_eq!(
            step(
                &inst,
                &[assigned[0].id],
                EnrolmentAction::InstitutionConfirm,
                ""
            )
            .await
            .done,
            1
        );
        let told: u32 = inst
            .call_json::<api::directive::PublishNotice>(
                json!({ "input": { "class_id": second.id, "notice": "请携带身份证到河北师范大学报到" } }),
            )
            .await
            .unwrap();
        assert_eq!(told, 1);
        let empty = inst
            .call_json::<api::directive::PublishNotice>(
                json!({ "input": { "class_id": second.id, "notice": "  " } }),
            )
            .await;
        assert_eq!(
            empty.unwrap_err().field_message("notice").as_deref(),
            Some("请填写开班通知的内容")
        );

        // The teacher's 继续教育 shows every step, as the Hebei manual's timeline does.
        let t = app.login_as(TEACHER).await;
        let tabs: MyTrainingTabs = t
            .call::<api::enrolments::MyTraining>(&[("filter[keyword]", "省外研修".into())])
            .await
            .unwrap();
        let card = &tabs.upcoming[0];
        assert_eq!(card.status, EnrolmentStatus::Enrolled);
        assert_eq!(card.institution_name, "河北师范大学");
        assert_eq!(card.class_name, "第二期");
        let steps: Vec<&str> = card.timeline.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(
            steps,
            [
                "县级遴选",
                "县级提交到市级",
                "市级提交到省级",
                "已分配至河北师范大学",
                "机构确认录取",
                "发布开班通知"
            ]
        );
        let inbox: Inbox = t.call::<api::notifications::GetInbox>(&[]).await.unwrap();
        assert!(
            inbox.latest[0]
                .body
                .contains("请携带身份证到河北师范大学报到"),
            "{:?}",
            inbox.latest[0]
        );
        assert!(
            inbox
                .latest
                .iter()
                .any(|n| n.title == "已分配至河北师范大学")
        );
    }
);

on_both!(
    quotas_bound_the_county_and_only_the_maker_sets_them,
    |app| {
        let county = app.login_as(COUNTY).await;
        let id = the_project(&county).await;
        assert_eq!(
            set_quota(&county, id, "130102", 50).await,
            Err(AppError::Forbidden)
        );
        let province = app.login_as(PROVINCE).await;
        set_quota(&province, id, "130102", 1).await.unwrap();
        let v = overview(&county, id).await.unwrap();
        assert_eq!(v.quotas.len(), 1, "a county sees its own quota only");
        assert_eq!((v.quotas[0].quota, v.quotas[0].used), (1, 0));
        let zheng = teacher_of(app, TEACHER).await.id;
        let _t = school_teacher(app, 9102, "数学").await;
        let other = teacher_of(app, "13700009102").await.id;
        assert_eq!(
            nominate(&county, id, &[zheng, other]).await,
            Err(AppError::Refused(Refusal::Quota(QuotaRefused::Over {
                quota: 1,
                used: 0
            })))
        );
        assert_eq!(nominate(&county, id, &[zheng]).await, Ok(1));
        // Below what the county already picked, a quota cannot go.
        let e = set_quota(&province, id, "130102", 0).await.unwrap_err();
        assert!(
            e.field_message("quota.130102")
                .unwrap()
                .contains("已选 1 人"),
            "{e:?}"
        );
        // Outside the project's regions there is no quota to give.
        let e = set_quota(&province, id, "130202", 3).await.unwrap_err();
        assert!(e.field_message("quota.130202").is_some(), "{e:?}");
        // The county drops its pick, which frees the quota.
        let row = participants(&county, id, "nominated").await;
        assert_eq!(
            step(&county, &[row[0].id], EnrolmentAction::CountyRemove, "")
                .await
                .done,
            1
        );
        assert_eq!(nominate(&county, id, &[other]).await, Ok(1));
    }
);

on_both!(a_county_sees_and_picks_only_its_own_teachers, |app| {
    let county = app.login_as(COUNTY).await;
    let id = the_project(&county).await;
    let zheng = teacher_of(app, TEACHER).await.id;
    nominate(&county, id, &[zheng]).await.unwrap();
    let other = app.login_as(OTHER_COUNTY).await;
    assert_eq!(the_project(&other).await, id);
    assert!(participants(&other, id, "all").await.is_empty());
    assert!(
        candidates(&other, id, "郑")
            .await
            .unwrap()
            .iter()
            .all(|c| c.teacher_id != zheng)
    );
    // Another county's teacher is answered as an unknown id: no name.
    let e = nominate(&other, id, &[zheng]).await.unwrap_err();
    assert_eq!(e, AppError::from(Broken::PickOwnCountyTeachers));
    // The other county cannot act on this county's participant either.
    let row = participants(&county, id, "nominated").await;
    let out = step(&other, &[row[0].id], EnrolmentAction::CountySubmit, "").await;
    assert_eq!(out.failed.len(), 1);
    // The city above both sees it; a school admin and the city's own picks are refused.
    let city = app.login_as(CITY).await;
    assert_eq!(participants(&city, id, "all").await.len(), 1);
    assert_eq!(
        nominate(&city, id, &[zheng]).await,
        Err(AppError::Forbidden)
    );
    let school = app.login_as(SCHOOL_ADMIN).await;
    assert!(overview(&school, id).await.is_err());
});

on_both!(
    a_county_imports_its_list_and_every_row_not_taken_says_why,
    |app| {
        let county = app.login_as(COUNTY).await;
        let id = the_project(&county).await;
        let zheng = teacher_of(app, TEACHER).await;
        let zid = id_number_of(app, TEACHER).await;
        let _t = school_teacher(app, 9103, "数学").await;
        let sid = id_number_of(app, "13700009103").await;
        let mut bad_check = zid.clone();
        bad_check.replace_range(17..18, if zid.ends_with('1') { "2" } else { "1" });
        let unknown = app::domain::id_card::make_id_number(
            "130102",
            chrono::NaiveDate::from_ymd_opt(1980, 5, 5).unwrap(),
            777,
        );
        let csv = format!(
            "姓名,身份证号,任教学段,任教学科\n\
         郑老师,{zid},{},{}\n\
         测试师,{sid},小学,语文\n\
         无名氏,{unknown},小学,数学\n\
         郑老师,{bad_check},小学,数学\n\
         郑老师,{zid},{},{}\n",
            zheng.stage, zheng.subject, zheng.stage, zheng.subject
        );
        let r = import(&county, id, &csv).await.unwrap();
        assert_eq!((r.rows, r.added), (5, 1), "{r:?}");
        let lines: Vec<(u32, String)> = r
            .rejected
            .iter()
            .map(|x| {
                (
                    x.line,
                    format!("{}：{}", x.issues[0].column, x.issues[0].message),
                )
            })
            .collect();
        assert_eq!(
            lines,
            [
                (3, "任教学科：与教师档案不符（档案为“数学”）".to_string()),
                (
                    4,
                    "身份证号：本县（区）教师档案中没有该身份证号".to_string()
                ),
                (5, "身份证号：身份证号校验位不正确，请核对".to_string()),
                (6, "身份证号：与第 2 行重复".to_string()),
            ]
        );
        assert_eq!(participants(&county, id, "nominated").await.len(), 1);
        // A list that does not fit the quota adds nobody.
        let province = app.login_as(PROVINCE).await;
        set_quota(&province, id, "130102", 1).await.unwrap();
        let csv = format!("姓名,身份证号,任教学段,任教学科\n测试师,{sid},小学,数学\n");
        let r = import(&county, id, &csv).await.unwrap();
        assert_eq!(r.added, 0);
        assert!(r.refused.unwrap().contains("超出名额"));
        // A sheet without the columns is refused as a whole, naming them.
        let e = import(&county, id, "姓名,学科\n张三,数学\n")
            .await
            .unwrap_err();
        assert!(e.to_string().contains("身份证号"), "{e}");
    }
);

on_both!(
    another_countys_list_import_cannot_learn_a_name_by_id_number,
    |app| {
        let other = app.login_as(OTHER_COUNTY).await;
        let id = the_project(&other).await;
        let zheng = teacher_of(app, TEACHER).await;
        let zid = id_number_of(app, TEACHER).await;
        let csv = format!(
            "姓名,身份证号,任教学段,任教学科\n\
             李四,{zid},{},{}\n\
             王五,110101199003078515,小学,数学\n",
            zheng.stage, zheng.subject
        );
        let r = import(&other, id, &csv).await.unwrap();
        assert_eq!((r.rows, r.added), (2, 0), "{r:?}");
        let answers: Vec<(String, String)> = r
            .rejected
            .iter()
            .map(|x| (x.issues[0].column.clone(), x.issues[0].message.clone()))
            .collect();
        assert_eq!(
            answers[0], answers[1],
            "another county's number reads as unknown"
        );
        assert!(!format!("{r:?}").contains("郑"), "{r:?}");
    }
);
