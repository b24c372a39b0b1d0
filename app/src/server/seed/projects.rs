//! Demo training year and projects, made through the real workflow (save, submit, approve) so
//! the demo's timelines read like real ones.

use crate::domain::enrolment_flow::EnrolmentStatus;
use crate::domain::project::{ClassDraft, FillMode, ProjectDraft};
use crate::domain::project_flow::ProjectAction;
use crate::domain::role::{Role, Scope};
use crate::domain::teacher::TeacherStatus;
use crate::domain::training_year::YearDraft;
use crate::error::{AppError, AppResult};
use crate::server::auth::Actor;
use crate::server::entities::{project, project_class, role_assignment, teacher, user};
use crate::server::services::enrolments::offers;
use crate::server::services::projects::{flow, plan, save};
use crate::server::services::{training_years, workflow::unit_name};
use chrono::{Datelike, Duration};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

/// The smallest file `check_plan` accepts as a PDF: enough for the demo's download link.
const DEMO_PLAN: &[u8] = b"%PDF-1.4\n% demo plan\n%%EOF\n";

async fn actor_of(txn: &DatabaseTransaction, user_id: i64, name: &str) -> AppResult<Actor> {
    let ra = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(user_id))
        .one(txn)
        .await?
        .ok_or(AppError::Internal)?;
    let role = ra.role;
    let scope = match role {
        Role::Institution => Scope::Institution(ra.institution_id.ok_or(AppError::Internal)?),
        _ => Scope::Region(ra.region_code.clone().ok_or(AppError::Internal)?),
    };
    Ok(Actor {
        user_id,
        name: name.into(),
        assignment_id: ra.id,
        role,
        scope,
        must_change_password: false,
    })
}

/// The demo county's administrator (13900000003), acting as the seed's county.
async fn county_actor(txn: &DatabaseTransaction) -> AppResult<Actor> {
    let u = user::Entity::find()
        .filter(user::Column::Phone.eq("13900000003"))
        .one(txn)
        .await?
        .ok_or(AppError::Internal)?;
    actor_of(txn, u.id, &u.name).await
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn class(
    name: &str,
    starts: chrono::NaiveDate,
    days: i64,
    place: &str,
    capacity: u32,
) -> ClassDraft {
    ClassDraft {
        name: name.into(),
        starts_on: starts.to_string(),
        ends_on: (starts + Duration::days(days)).to_string(),
        place: place.into(),
        capacity: capacity.to_string(),
        fee: "0".into(),
        tutor: "刘老师".into(),
        ..Default::default()
    }
}

/// The current year with round 1 open today, and three projects of the first institution: one
/// approved by the province, one waiting for the city, one still a draft.
pub async fn seed(
    txn: &DatabaseTransaction,
    institution_user: (i64, &str),
    province_user: (i64, &str),
) -> AppResult<()> {
    let today = training_years::today();
    let year = today.year();
    training_years::save(
        txn,
        &YearDraft {
            year: year.to_string(),
            round1_opens: (today - Duration::days(20)).to_string(),
            round1_closes: (today + Duration::days(20)).to_string(),
            round2_opens: (today + Duration::days(30)).to_string(),
            round2_closes: (today + Duration::days(40)).to_string(),
            current: true,
        },
    )
    .await?;
    let inst = actor_of(txn, institution_user.0, institution_user.1).await?;
    let province = actor_of(txn, province_user.0, province_user.1).await?;
    let organiser = unit_name(txn, &inst).await?;
    let starts = today + Duration::days(45);
    let base = |name: &str| ProjectDraft {
        name: name.into(),
        year: year.to_string(),
        organiser: organiser.clone(),
        funding: "省级专项经费".into(),
        ..Default::default()
    };
    let it = ProjectDraft {
        level: "省级".into(),
        kind: "能力提升工程2.0".into(),
        nature: "混合".into(),
        fill_mode: FillMode::Selection,
        target_regions: strings(&["130100", "130200"]),
        credit_category: "公共必修".into(),
        hours: "50".into(),
        summary: "围绕信息技术支持的学情分析、学法指导与评价，完成不少于 3 个微能力点。".into(),
        classes: vec![
            class("第一期", starts, 4, "河北师范大学（南二环校区）", 80),
            class(
                "第二期",
                starts + Duration::days(14),
                4,
                "河北师范大学（南二环校区）",
                80,
            ),
        ],
        ..base(&format!("{year}年信息技术应用能力提升工程2.0培训"))
    };
    let math = ProjectDraft {
        level: "市级".into(),
        kind: "骨干教师".into(),
        nature: "集中".into(),
        fill_mode: FillMode::Selection,
        target_regions: strings(&["130102", "130104"]),
        target_stages: strings(&["小学"]),
        target_subjects: strings(&["数学"]),
        credit_category: "专业选修".into(),
        hours: "30".into(),
        classes: vec![class("第一期", starts, 5, "石家庄市第一中学", 60)],
        ..base(&format!("{year}年小学数学骨干教师培训"))
    };
    let draft = ProjectDraft {
        level: "县级".into(),
        kind: "新任教师".into(),
        nature: "远程".into(),
        fill_mode: FillMode::Selection,
        target_regions: strings(&["130102"]),
        credit_category: "自主选修".into(),
        hours: "24".into(),
        classes: vec![class("第一期", starts, 30, "线上", 200)],
        ..base(&format!("{year}年新任教师岗前远程培训"))
    };
    for (d, approve) in [(it, true), (math, false), (draft, false)] {
        let file = plan::store(txn, &inst, "实施方案.pdf", DEMO_PLAN.to_vec()).await?;
        let is_draft = d.target_regions.len() == 1;
        let d = ProjectDraft {
            plan_file_id: Some(file.file_id),
            plan_file_name: Some(file.name),
            ..d
        };
        let id = save::save(txn, &inst, &d).await?;
        if is_draft {
            continue;
        }
        flow::act(txn, &inst, id, ProjectAction::Submit, "").await?;
        if approve {
            flow::act(txn, &province, id, ProjectAction::Approve, "").await?;
        }
    }
    full_classes(txn, &inst, &organiser, year, starts).await?;
    finished_class(txn, &inst, &organiser).await?;
    directive_project(txn, &province, year, starts).await
}

/// A directive project the province made for 石家庄市, with quotas for the two demo counties;
/// the demo county has picked three teachers and submitted two to the city.
async fn directive_project(
    txn: &DatabaseTransaction,
    province: &Actor,
    year: i32,
    starts: chrono::NaiveDate,
) -> AppResult<()> {
    use crate::domain::enrolment_flow::EnrolmentAction;
    use crate::server::services::enrolments::{directive, review};
    let file = plan::store(txn, province, "实施方案.pdf", DEMO_PLAN.to_vec()).await?;
    let d = ProjectDraft {
        name: format!("{year}年乡村中小学教师省外研修项目"),
        year: year.to_string(),
        organiser: unit_name(txn, province).await?,
        level: "省级".into(),
        kind: "乡村教师".into(),
        nature: "集中".into(),
        fill_mode: FillMode::Directive,
        target_regions: strings(&["130100"]),
        credit_category: "专业选修".into(),
        hours: "60".into(),
        funding: "省级专项经费".into(),
        plan_file_id: Some(file.file_id),
        plan_file_name: Some(file.name),
        classes: vec![
            class("第一期", starts + Duration::days(7), 9, "苏州大学", 40),
            class("第二期", starts + Duration::days(21), 9, "河北师范大学", 40),
        ],
        ..Default::default()
    };
    let id = save::save(txn, province, &d).await?;
    flow::act(txn, province, id, ProjectAction::Submit, "").await?;
    directive::set_quotas(
        txn,
        province,
        id,
        &[
            (super::DEMO_COUNTY.to_string(), 8),
            ("130104".to_string(), 5),
        ],
    )
    .await?;
    let county = county_actor(txn).await?;
    // Teachers the city-wide project is for: the demo county's first generated ones.
    let picked: Vec<i64> = teacher::Entity::find()
        .filter(teacher::Column::CountyCode.eq(super::DEMO_COUNTY))
        .filter(teacher::Column::Status.eq(TeacherStatus::OnDuty))
        .order_by_desc(teacher::Column::Id)
        .offset(10)
        .limit(3)
        .all(txn)
        .await?
        .into_iter()
        .map(|t| t.id)
        .collect();
    if picked.len() < 3 {
        return Ok(());
    }
    directive::nominate(txn, &county, id, &picked).await?;
    let rows = review::list(
        txn,
        &county,
        &crate::dto::enrolments::EnrolmentFilter {
            project_id: Some(id),
            status: "nominated".into(),
            ..Default::default()
        },
    )
    .await?;
    let submit: Vec<i64> = rows.items.iter().take(2).map(|r| r.id).collect();
    review::decide_many(txn, &county, &submit, EnrolmentAction::CountySubmit, "").await?;
    Ok(())
}

/// Two county projects whose classes teachers of the demo county have already filled: one
/// with a single seat left, one oversubscribed and waiting for the institution's draw.
async fn full_classes(
    txn: &DatabaseTransaction,
    inst: &Actor,
    organiser: &str,
    year: i32,
    starts: chrono::NaiveDate,
) -> AppResult<()> {
    let county = county_actor(txn).await?;
    // Generated teachers come before the demo accounts, which are added last.
    let teachers: Vec<i64> = teacher::Entity::find()
        .filter(teacher::Column::CountyCode.eq(super::DEMO_COUNTY))
        .order_by_asc(teacher::Column::Id)
        .limit(9)
        .all(txn)
        .await?
        .into_iter()
        .map(|t| t.user_id)
        .collect();
    for (name, capacity, takers) in [
        (format!("{year}年班主任工作能力提升培训"), 10, 9),
        (format!("{year}年小学语文阅读教学专题培训"), 5, 8),
    ] {
        if teachers.len() < takers {
            return Ok(());
        }
        let file = plan::store(txn, inst, "实施方案.pdf", DEMO_PLAN.to_vec()).await?;
        let d = ProjectDraft {
            name,
            year: year.to_string(),
            organiser: organiser.to_string(),
            level: "县级".into(),
            kind: "班主任".into(),
            nature: "集中".into(),
            fill_mode: FillMode::Selection,
            target_regions: strings(&[super::DEMO_COUNTY]),
            credit_category: "专业选修".into(),
            hours: "20".into(),
            plan_file_id: Some(file.file_id),
            plan_file_name: Some(file.name),
            classes: vec![class("第一期", starts, 2, "长安区教师发展中心", capacity)],
            ..Default::default()
        };
        let id = save::save(txn, inst, &d).await?;
        flow::act(txn, inst, id, ProjectAction::Submit, "").await?;
        flow::act(txn, &county, id, ProjectAction::Approve, "").await?;
        let class_id = project_class::Entity::find()
            .filter(project_class::Column::ProjectId.eq(id))
            .one(txn)
            .await?
            .ok_or(AppError::Internal)?
            .id;
        for &uid in teachers.iter().take(takers) {
            let t = Actor {
                user_id: uid,
                name: String::new(),
                assignment_id: 0,
                role: Role::Teacher,
                scope: Scope::Own(uid),
                must_change_password: false,
            };
            let me = crate::server::auth::policy::proof::own_record(txn, &t).await?;
            offers::enrol(txn, &t, &me, class_id).await?;
        }
    }
    Ok(())
}

/// A county project whose class ended five days ago, with 王老师 enrolled and the opening
/// notice published: the institution enters its scores, the teacher evaluates the class
/// and prints a certificate.
async fn finished_class(txn: &DatabaseTransaction, inst: &Actor, organiser: &str) -> AppResult<()> {
    let starts = training_years::today() - Duration::days(9);
    let county = county_actor(txn).await?;
    let file = plan::store(txn, inst, "实施方案.pdf", DEMO_PLAN.to_vec()).await?;
    let d = ProjectDraft {
        name: format!("{}年小学语文骨干教师研修", starts.year()),
        year: starts.year().to_string(),
        organiser: organiser.to_string(),
        level: "县级".into(),
        kind: "骨干教师".into(),
        nature: "集中".into(),
        fill_mode: FillMode::Selection,
        target_regions: strings(&[super::DEMO_COUNTY]),
        credit_category: "专业选修".into(),
        hours: "30".into(),
        plan_file_id: Some(file.file_id),
        plan_file_name: Some(file.name),
        classes: vec![class("第一期", starts, 4, "长安区教师发展中心", 40)],
        ..Default::default()
    };
    let id = save::save(txn, inst, &d).await?;
    flow::act(txn, inst, id, ProjectAction::Submit, "").await?;
    flow::act(txn, &county, id, ProjectAction::Approve, "").await?;
    let l = crate::server::services::projects::load(txn, id).await?;
    let c = project_class::Entity::find()
        .filter(project_class::Column::ProjectId.eq(id))
        .one(txn)
        .await?
        .ok_or(AppError::Internal)?;
    let u = user::Entity::find()
        .filter(user::Column::Phone.eq(super::FINISHED_TEACHER_PHONE))
        .one(txn)
        .await?
        .ok_or(AppError::Internal)?;
    let t = teacher::Entity::find()
        .filter(teacher::Column::UserId.eq(u.id))
        .one(txn)
        .await?
        .ok_or(AppError::Internal)?;
    // Reviewed and enrolled before the demo starts; the notice went out then.
    enrolled_before_the_demo(txn, inst, &t, &l.p, &c).await?;
    let mut am: project_class::ActiveModel = c.into();
    am.notice = Set(Some(
        "请于开班当日 8:30 前到长安区教师发展中心三楼报告厅报到，携带身份证、笔记本电脑和本通知。"
            .into(),
    ));
    am.notice_published_at = Set(Some(chrono::Utc::now() - Duration::days(14)));
    am.update(txn).await?;
    // Also enrolled in the IT-2.0 project's second class, weeks ahead: the school can ask
    // leave for it.
    let it = crate::server::entities::project::Entity::find()
        .filter(crate::server::entities::project::Column::Name.eq(format!(
            "{}年信息技术应用能力提升工程2.0培训",
            training_years::today().year()
        )))
        .one(txn)
        .await?
        .ok_or(AppError::Internal)?;
    let second = project_class::Entity::find()
        .filter(project_class::Column::ProjectId.eq(it.id))
        .filter(project_class::Column::Name.eq("第二期"))
        .one(txn)
        .await?
        .ok_or(AppError::Internal)?;
    enrolled_before_the_demo(txn, inst, &t, &it, &second).await
}

/// `t` enrolled in `class` of `p` as if both reviews had passed: the seat is taken.
async fn enrolled_before_the_demo(
    txn: &DatabaseTransaction,
    inst: &Actor,
    t: &teacher::Model,
    p: &project::Model,
    class: &project_class::Model,
) -> AppResult<()> {
    crate::server::services::enrolments::insert(
        txn,
        inst,
        t,
        p,
        Some(class.id),
        (1, EnrolmentStatus::Enrolled, "apply"),
    )
    .await?;
    let mut am: project_class::ActiveModel = class.clone().into();
    am.taken = Set(class.taken + 1);
    am.update(txn).await?;
    Ok(())
}
