//! Training projects: declaration, the computed approver, review, scope, plans, training
//! years — on SQLite and PostgreSQL.

use crate::helpers::*;
use app::domain::project::{ClassDraft, FillMode, ProjectDraft};
use app::domain::project_flow::ProjectStepRefused;
use app::domain::project_flow::{ProjectAction, ProjectStatus};
use app::dto::Page;
use app::dto::projects::{BatchOutcome, ProjectDetail, ProjectRow, YearView};
use app::error::Refusal;
use app::error::{AppError, Broken};
use serde_json::json;

const INSTITUTION: &str = "13900000005";

fn draft(name: &str, targets: &[&str]) -> ProjectDraft {
    let year = chrono::Datelike::year(&app::server::services::training_years::today());
    ProjectDraft {
        name: name.into(),
        year: year.to_string(),
        level: "市级".into(),
        kind: "骨干教师".into(),
        nature: "集中".into(),
        fill_mode: FillMode::Selection,
        organiser: "河北师范大学".into(),
        target_regions: targets.iter().map(|s| s.to_string()).collect(),
        target_stages: vec!["初中".into()],
        target_subjects: vec!["物理".into()],
        credit_category: "专业选修".into(),
        hours: "36".into(),
        classes: vec![ClassDraft {
            name: "第一期".into(),
            starts_on: format!("{year}-12-20"),
            ends_on: format!("{year}-12-25"),
            place: "河北师范大学".into(),
            capacity: "50".into(),
            fee: "120.5".into(),
            ..Default::default()
        }],
        ..Default::default()
    }
}

async fn save(c: &Client, d: &ProjectDraft) -> Result<i64, AppError> {
    c.call_json::<api::projects::SaveProject>(json!({ "draft": d }))
        .await
}

async fn act(
    c: &Client,
    id: i64,
    action: ProjectAction,
    reason: &str,
) -> Result<ProjectStatus, AppError> {
    c.call::<api::projects::ActOnProject>(&[
        ("id", id.to_string()),
        ("action", format!("{action:?}")),
        ("reason", reason.into()),
    ])
    .await
}

async fn detail(c: &Client, id: i64) -> Result<ProjectDetail, AppError> {
    c.call::<api::projects::GetProject>(&[("id", id.to_string())])
        .await
}

async fn list(c: &Client, queue: bool, keyword: &str) -> Result<Page<ProjectRow>, AppError> {
    c.call::<api::projects::ListProjects>(&[
        ("filter[keyword]", keyword.into()),
        ("filter[year]", String::new()),
        ("filter[status]", String::new()),
        ("filter[fill_mode]", String::new()),
        ("filter[queue]", queue.to_string()),
        ("filter[page]", "1".into()),
        ("filter[page_size]", "20".into()),
    ])
    .await
}

/// A declared, planned and submitted project of the demo institution.
async fn submitted(c: &Client, name: &str, targets: &[&str]) -> i64 {
    let plan = upload_plan(c, "方案.pdf", b"%PDF-1.7 plan".to_vec())
        .await
        .unwrap();
    let d = ProjectDraft {
        plan_file_id: Some(plan.file_id),
        plan_file_name: Some(plan.name),
        ..draft(name, targets)
    };
    let id = save(c, &d).await.unwrap();
    assert_eq!(
        act(c, id, ProjectAction::Submit, "").await,
        Ok(ProjectStatus::Submitted)
    );
    id
}

on_both!(
    an_institution_declares_and_the_lowest_covering_bureau_approves,
    |app| {
        let inst = app.login_as(INSTITUTION).await;
        let id = submitted(&inst, "初中物理实验教学培训", &["130102", "130104"]).await;
        let d = detail(&inst, id).await.unwrap();
        assert_eq!(d.row.approver_name, "石家庄市");
        assert_eq!(d.row.credits, "12", "36 hours make 12 credits");
        assert_eq!(d.classes[0].fee, "120.50");

        // The city sees it in its queue; the county and the province do not review it.
        let city = app.login_as(CITY).await;
        let queue = list(&city, true, "物理").await.unwrap();
        assert_eq!(queue.items.iter().map(|r| r.id.0).collect::<Vec<_>>(), [id]);
        for (other, refusal) in [
            (COUNTY, AppError::NotFound),
            (PROVINCE, AppError::Forbidden),
        ] {
            let c = app.login_as(other).await;
            assert!(
                list(&c, true, "物理").await.unwrap().items.is_empty(),
                "{other}"
            );
            assert_eq!(
                act(&c, id, ProjectAction::Approve, "").await.unwrap_err(),
                refusal
            );
        }
        assert_eq!(
            detail(&city, id).await.unwrap().actions,
            [
                ProjectAction::Approve,
                ProjectAction::Return,
                ProjectAction::Cancel
            ]
        );
        assert_eq!(
            act(&city, id, ProjectAction::Approve, "").await,
            Ok(ProjectStatus::Approved)
        );
        let again = act(&city, id, ProjectAction::Approve, "")
            .await
            .unwrap_err();
        assert_eq!(
            again,
            AppError::Refused(Refusal::ProjectStep(ProjectStepRefused::NotFrom(
                ProjectStatus::Approved,
                ProjectAction::Approve
            )))
        );
        assert_eq!(again.to_string(), "项目当前为“已通过”，不能审核通过");

        let d = detail(&inst, id).await.unwrap();
        let steps: Vec<&str> = d.timeline.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(steps, ["创建项目", "提交审核", "审核通过"]);
        assert!(
            d.timeline[2].actor.contains("石家庄市"),
            "{:?}",
            d.timeline[2]
        );
        assert!(d.actions.is_empty() && !d.can_edit);
    }
);

on_both!(
    a_return_needs_a_reason_and_the_institution_fixes_and_resubmits,
    |app| {
        let inst = app.login_as(INSTITUTION).await;
        let id = submitted(&inst, "退回测试项目", &["130102"]).await;
        // One county: the county bureau approves.
        let county = app.login_as(COUNTY).await;
        let e = act(&county, id, ProjectAction::Return, "  ")
            .await
            .unwrap_err();
        assert_eq!(
            e,
            AppError::Refused(Refusal::ProjectStep(ProjectStepRefused::ReasonMissing(
                ProjectAction::Return
            )))
        );
        assert_eq!(e.to_string(), "退回修改须填写原因");
        assert_eq!(
            act(&county, id, ProjectAction::Return, "学时与课程安排不符").await,
            Ok(ProjectStatus::Returned)
        );
        // While submitted it could not change; returned, it can.
        let mut d = detail(&inst, id).await.unwrap().draft;
        d.hours = "30".into();
        assert_eq!(save(&inst, &d).await, Ok(id));
        assert_eq!(
            act(&inst, id, ProjectAction::Submit, "").await,
            Ok(ProjectStatus::Submitted)
        );
        let e = save(&inst, &d).await.unwrap_err();
        assert_eq!(
            e,
            AppError::from(Broken::ProjectNotEditable {
                status: ProjectStatus::Submitted
            })
        );
        let d = detail(&county, id).await.unwrap();
        assert_eq!(d.row.hours, 30);
        let ret = d.timeline.iter().find(|e| e.action == "退回修改").unwrap();
        assert_eq!(ret.reason.as_deref(), Some("学时与课程安排不符"));
    }
);

on_both!(
    a_declaration_names_each_bad_field_and_checks_what_the_form_cannot,
    |app| {
        let inst = app.login_as(INSTITUTION).await;
        let mut d = draft("", &[]);
        d.classes[0].capacity = "0".into();
        let e = save(&inst, &d).await.unwrap_err();
        for field in ["name", "target_regions", "classes.0.capacity"] {
            assert!(e.field_message(field).is_some(), "{field}: {e:?}");
        }
        let mut d = draft("未设置年度的项目", &["130102"]);
        d.year = "2031".into();
        let e = save(&inst, &d).await.unwrap_err();
        assert_eq!(
            e.field_message("year").unwrap(),
            "2031 培训年度尚未设置，请联系省级管理员"
        );
        // A county bureau makes projects only inside its county.
        let county = app.login_as(COUNTY).await;
        let e = save(&county, &draft("越界项目", &["130104"]))
            .await
            .unwrap_err();
        assert!(
            e.field_message("target_regions")
                .unwrap()
                .contains("不在本级管辖范围内"),
            "{e:?}"
        );
        // Submitting needs the plan.
        let id = save(&inst, &draft("无方案项目", &["130102"]))
            .await
            .unwrap();
        let e = act(&inst, id, ProjectAction::Submit, "").await.unwrap_err();
        assert_eq!(e, AppError::from(Broken::PlanRequired));
        // Teachers and school admins declare nothing.
        for who in [TEACHER, SCHOOL_ADMIN] {
            let c = app.login_as(who).await;
            assert_eq!(
                save(&c, &draft("x", &["130102"])).await,
                Err(AppError::Forbidden)
            );
        }
    }
);

on_both!(projects_are_seen_only_within_scope, |app| {
    let inst = app.login_as(INSTITUTION).await;
    let id = submitted(&inst, "范围测试项目", &["130102", "130104"]).await;
    let draft_id = save(&inst, &draft("范围测试草稿", &["130102"]))
        .await
        .unwrap();
    // While submitted: the city (approver) and the province above it; not the counties.
    let county = app.login_as(COUNTY).await;
    assert_eq!(detail(&county, id).await.unwrap_err(), AppError::NotFound);
    assert!(
        list(&county, false, "范围测试")
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let province = app.login_as(PROVINCE).await;
    assert_eq!(
        list(&province, false, "范围测试")
            .await
            .unwrap()
            .items
            .len(),
        1,
        "drafts stay private"
    );
    assert_eq!(
        detail(&province, draft_id).await.unwrap_err(),
        AppError::NotFound
    );
    // Approved: the counties it is aimed at see it, others do not.
    let city = app.login_as(CITY).await;
    act(&city, id, ProjectAction::Approve, "").await.unwrap();
    assert_eq!(
        list(&county, false, "范围测试").await.unwrap().items.len(),
        1
    );
    assert!(detail(&county, id).await.unwrap().actions.is_empty());
    // A teacher, and a school admin, see no project list (they will browse classes).
    for who in [TEACHER, SCHOOL_ADMIN] {
        let c = app.login_as(who).await;
        assert_eq!(list(&c, false, "").await.unwrap_err(), AppError::Forbidden);
        // The gate refuses their role before any project is read: the same for every id.
        assert_eq!(detail(&c, id).await.unwrap_err(), AppError::Forbidden);
        assert_eq!(
            detail(&c, id + 10_000).await.unwrap_err(),
            AppError::Forbidden
        );
    }
    // The institution sees its own, not a bureau's project that does not name it.
    let own = save(&county, &draft("县级自建项目", &["130102"]))
        .await
        .unwrap();
    assert_eq!(detail(&inst, own).await.unwrap_err(), AppError::NotFound);
    let mine = list(&inst, false, "").await.unwrap();
    assert!(
        mine.items
            .iter()
            .all(|r| r.institution_name == "河北师范大学")
    );
});

on_both!(
    a_bureau_publishes_its_own_directive_project_in_one_step,
    |app| {
        let county = app.login_as(COUNTY).await;
        let mut d = draft("长安区班主任指令性培训", &["130102"]);
        d.fill_mode = FillMode::Directive;
        let id = save(&county, &d).await.unwrap();
        assert_eq!(
            detail(&county, id).await.unwrap().actions,
            [ProjectAction::Submit, ProjectAction::Cancel]
        );
        assert_eq!(
            act(&county, id, ProjectAction::Submit, "").await,
            Ok(ProjectStatus::Approved)
        );
        let d = detail(&county, id).await.unwrap();
        let steps: Vec<&str> = d.timeline.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(steps, ["创建项目", "提交审核", "审核通过"]);
        assert_eq!(d.row.institution_name, "待分配");
        assert_eq!(d.row.approver_name, "长安区");
        // The city above sees it; the neighbouring county does not.
        let city = app.login_as(CITY).await;
        assert!(detail(&city, id).await.is_ok());
        let other = app.login_as(OTHER_COUNTY).await;
        assert_eq!(detail(&other, id).await.unwrap_err(), AppError::NotFound);
    }
);

on_both!(
    plans_are_checked_by_content_and_served_only_within_scope,
    |app| {
        let inst = app.login_as(INSTITUTION).await;
        let exe = upload_plan(&inst, "方案.pdf", b"MZ\x90\x00 not a pdf".to_vec())
            .await
            .unwrap_err();
        assert_eq!(
            exe.field_message("plan_file_id").unwrap(),
            "实施方案须为 Word、Excel 或 PDF 文件"
        );
        let big = [b"%PDF-".as_slice(), &vec![b' '; 600 * 1024]].concat();
        let e = upload_plan(&inst, "大文件.pdf", big).await.unwrap_err();
        assert_eq!(
            e.field_message("plan_file_id").unwrap(),
            "实施方案不能超过 500 KB"
        );
        let docx = b"PK\x03\x04....[Content_Types].xml....word/document.xml".to_vec();
        assert!(upload_plan(&inst, "方案.docx", docx).await.is_ok());
        let teacher = app.login_as(TEACHER).await;
        assert_eq!(
            upload_plan(&teacher, "方案.pdf", b"%PDF-1.7".to_vec())
                .await
                .unwrap_err(),
            AppError::Forbidden
        );

        let id = submitted(&inst, "方案下载项目", &["130102", "130104"]).await;
        let url = |c: &Client| format!("{}/api/files/projects/{id}/plan", c.base);
        let city = app.login_as(CITY).await;
        let res = city.http.get(url(&city)).send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "application/pdf");
        assert!(
            res.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .contains("filename*=UTF-8''")
        );
        assert_eq!(res.bytes().await.unwrap().as_ref(), b"%PDF-1.7 plan");
        let county = app.login_as(COUNTY).await;
        let res = county.http.get(url(&county)).send().await.unwrap();
        assert_ne!(
            res.status(),
            200,
            "not visible to the county before approval"
        );
    }
);

on_both!(
    the_province_sets_training_years_and_only_the_province,
    |app| {
        let province = app.login_as(PROVINCE).await;
        let form = |year: &str, r2o: &str| {
            vec![
                ("draft[year]", year.to_string()),
                ("draft[round1_opens]", "2027-03-01".to_string()),
                ("draft[round1_closes]", "2027-03-15".to_string()),
                ("draft[round2_opens]", r2o.to_string()),
                ("draft[round2_closes]", "2027-04-10".to_string()),
                ("draft[current]", "false".to_string()),
            ]
        };
        let e = province
            .refused::<api::training_years::SaveTrainingYear>(&form("2027", "2027-03-10"))
            .await;
        assert_eq!(
            e.field_message("round2_opens").unwrap(),
            "二轮补报应在一轮报名截止之后开始"
        );
        assert_eq!(
            province
                .call::<api::training_years::SaveTrainingYear>(&form("2027", "2027-04-01"))
                .await,
            Ok(2027)
        );
        let years: Vec<YearView> = province
            .call::<api::training_years::ListTrainingYears>(&[])
            .await
            .unwrap();
        let y = years.iter().find(|y| y.year == 2027).unwrap();
        assert_eq!(y.round2, "2027-04-01 至 2027-04-10");
        assert!(
            years.iter().filter(|y| y.current).count() == 1,
            "the seeded year stays current"
        );
        for who in [CITY, COUNTY, INSTITUTION, TEACHER] {
            let c = app.login_as(who).await;
            assert_eq!(
                c.call::<api::training_years::SaveTrainingYear>(&form("2028", "2028-04-01"))
                    .await,
                Err(AppError::Forbidden),
                "{who}"
            );
        }
        // A project may now be declared for 2027.
        let inst = app.login_as(INSTITUTION).await;
        let mut d = draft("2027 年度项目", &["130102"]);
        d.year = "2027".into();
        assert!(save(&inst, &d).await.is_ok());
    }
);

on_both!(
    batch_review_reports_each_failure_and_two_reviewers_cannot_both_win,
    |app| {
        let inst = app.login_as(INSTITUTION).await;
        let a = submitted(&inst, "批量审核甲", &["130102", "130104"]).await;
        let b = submitted(&inst, "批量审核乙", &["130102", "130104"]).await;
        let elsewhere = submitted(&inst, "批量审核丙", &["130102"]).await;
        let city = app.login_as(CITY).await;
        let city2 = app.login_as(CITY).await;
        // The same project approved by two sessions at once: exactly one succeeds.
        let (r1, r2) = tokio::join!(
            act(&city, a, ProjectAction::Approve, ""),
            act(&city2, a, ProjectAction::Approve, "")
        );
        assert_eq!(
            [r1.is_ok(), r2.is_ok()].iter().filter(|ok| **ok).count(),
            1,
            "{r1:?} {r2:?}"
        );
        // The loser waited for the winner and was told why, rather than a busy database.
        let lost = r1.clone().err().or(r2.clone().err()).unwrap();
        assert_eq!(
            lost,
            AppError::Refused(Refusal::ProjectStep(ProjectStepRefused::NotFrom(
                ProjectStatus::Approved,
                ProjectAction::Approve
            )))
        );
        let out: BatchOutcome = city
            .call_json::<api::projects::ActOnProjects>(
                json!({ "ids": [a, b, elsewhere], "action": "Approve", "reason": "" }),
            )
            .await
            .unwrap();
        assert_eq!(out.done, 1);
        assert_eq!(out.failed.len(), 2, "{out:?}");
        assert!(out.failed[0].1.contains("已通过"));
        assert_eq!(out.failed[1].1, "无权进行此操作");
    }
);
