//! Leave requests (请假): the teacher's school files them for days of a class; whoever runs
//! the class approves or refuses (with a reason); the teacher is told, and the check-in roster
//! shows approved leave as 请假.

use crate::domain::enrolment_flow::EnrolmentStatus;
use crate::domain::leave::{LeaveDraft, LeaveStatus, check};
use crate::dto::leaves::{LeaveDecision, LeaveRow, LeaveTarget, MyLeave, SchoolLeaves};
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::auth::policy::proof::KeptSchool;
use crate::server::auth::policy::proof::{Graded, graded_class};
use crate::server::auth::policy::{Permission, Target, ensure};
use crate::server::entities::{enrolment, leave_request, project_class};
use crate::server::services::by_id;
use crate::server::services::enrolments::review::policy_ref;
use crate::server::services::names;
use crate::server::services::{notifications, training_years};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, NotSet,
    QueryFilter, QueryOrder,
};
use std::collections::HashMap;

/// A request's days as every list shows them: "2026-07-02 至 2026-07-03".
fn days(l: &leave_request::Model) -> String {
    format!("{} 至 {}", l.from_date, l.to_date)
}

/// Classes and projects of some enrolments, for their labels.
async fn labels(
    db: &impl ConnectionTrait,
    class_ids: impl IntoIterator<Item = i64>,
) -> AppResult<HashMap<i64, (project_class::Model, String)>> {
    let classes = project_class::Entity::find()
        .filter(project_class::Column::Id.is_in(class_ids))
        .all(db)
        .await?;
    let projects = names::projects(db, classes.iter().map(|c| c.project_id)).await?;
    Ok(classes
        .into_iter()
        .map(|c| {
            let label = format!(
                "{} · {}",
                projects.get(&c.project_id).cloned().unwrap_or_default(),
                c.name
            );
            (c.id, (c, label))
        })
        .collect())
}

async fn rows(
    db: &impl ConnectionTrait,
    list: Vec<leave_request::Model>,
) -> AppResult<Vec<LeaveRow>> {
    let names = names::users(db, list.iter().map(|l| l.user_id)).await?;
    let schools = names::schools(db, list.iter().filter_map(|l| l.school_id)).await?;
    let classes = labels(db, list.iter().map(|l| l.class_id)).await?;
    Ok(list
        .into_iter()
        .map(|l| LeaveRow {
            id: l.id,
            teacher_name: names.get(&l.user_id).cloned().unwrap_or_default(),
            school_name: l
                .school_id
                .and_then(|s| schools.get(&s).cloned())
                .unwrap_or_default(),
            class_label: classes
                .get(&l.class_id)
                .map(|c| c.1.clone())
                .unwrap_or_default(),
            days: days(&l),
            reason: l.reason,
            status: l.status,
            decision_reason: l.decision_reason,
            filed_by: l.filed_by_name,
        })
        .collect())
}

/// A teacher's own requests by enrolment (the caller passes only the teacher's enrolments).
pub async fn of_enrolments(
    db: &impl ConnectionTrait,
    enrolment_ids: &[i64],
) -> AppResult<HashMap<i64, Vec<MyLeave>>> {
    let mut out: HashMap<i64, Vec<MyLeave>> = HashMap::new();
    for l in leave_request::Entity::find()
        .filter(leave_request::Column::EnrolmentId.is_in(enrolment_ids.iter().copied()))
        .order_by_asc(leave_request::Column::FromDate)
        .all(db)
        .await?
    {
        out.entry(l.enrolment_id).or_default().push(MyLeave {
            days: days(&l),
            reason: l.reason,
            status: l.status,
            decision_reason: l.decision_reason,
        });
    }
    Ok(out)
}

/// The school's page: its teachers' classes that have not ended, and its requests.
pub async fn for_school(db: &impl ConnectionTrait, school: &KeptSchool) -> AppResult<SchoolLeaves> {
    let school_id = school.id();
    let today = training_years::today();
    let mine = enrolment::Entity::find()
        .filter(enrolment::Column::SchoolId.eq(school_id))
        .filter(enrolment::Column::Status.eq(EnrolmentStatus::Enrolled))
        .order_by_asc(enrolment::Column::Id)
        .all(db)
        .await?;
    let classes = labels(db, mine.iter().filter_map(|e| e.class_id)).await?;
    let names = names::users(db, mine.iter().map(|e| e.user_id)).await?;
    let targets = mine
        .iter()
        .filter_map(|e| {
            let (c, label) = classes.get(&e.class_id?)?;
            (c.ends_on >= today).then(|| LeaveTarget {
                enrolment_id: e.id,
                teacher_name: names.get(&e.user_id).cloned().unwrap_or_default(),
                class_label: label.clone(),
                starts_on: c.starts_on.to_string(),
                ends_on: c.ends_on.to_string(),
            })
        })
        .collect();
    let requests = leave_request::Entity::find()
        .filter(leave_request::Column::SchoolId.eq(school_id))
        .order_by_desc(leave_request::Column::Id)
        .all(db)
        .await?;
    Ok(SchoolLeaves {
        targets,
        requests: rows(db, requests).await?,
    })
}

/// The school asks leave for one of its teachers.
pub async fn file(db: &impl ConnectionTrait, actor: &Actor, d: &LeaveDraft) -> AppResult<i64> {
    let e = by_id::found::<enrolment::Entity>(db, d.enrolment_id).await?;
    ensure(
        actor,
        Permission::FileLeave,
        Target::Enrolment(&policy_ref(db, &e).await?),
    )?;
    if e.status != EnrolmentStatus::Enrolled {
        return Err(AppError::from(Broken::LeaveNotEnrolled));
    }
    let c = by_id::placed_class(db, &e).await?;
    let errs = check(d, c.starts_on, c.ends_on);
    if !errs.is_empty() {
        return Err(AppError::Validation(errs));
    }
    let l = leave_request::ActiveModel {
        id: NotSet,
        enrolment_id: Set(e.id),
        class_id: Set(c.id),
        user_id: Set(e.user_id),
        school_id: Set(e.school_id),
        from_date: Set(d.from.trim().parse().map_err(AppError::internal)?),
        to_date: Set(d.to.trim().parse().map_err(AppError::internal)?),
        reason: Set(d.reason.trim().to_string()),
        status: Set(LeaveStatus::Pending),
        filed_by_name: Set(actor.name.clone()),
        decided_by_name: Set(None),
        decision_reason: Set(None),
        created_at: Set(Utc::now()),
        decided_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(l.id)
}

/// The requests of a class, for whoever runs it.
pub async fn for_class(db: &impl ConnectionTrait, g: &Graded) -> AppResult<Vec<LeaveRow>> {
    let class_id = g.c().id;
    let list = leave_request::Entity::find()
        .filter(leave_request::Column::ClassId.eq(class_id))
        .order_by_desc(leave_request::Column::Id)
        .all(db)
        .await?;
    rows(db, list).await
}

/// Whoever runs the class approves or refuses (a refusal says why); the teacher is told.
pub async fn decide(db: &impl ConnectionTrait, actor: &Actor, d: &LeaveDecision) -> AppResult<()> {
    let l = by_id::found::<leave_request::Entity>(db, d.id).await?;
    let g = graded_class(db, actor, l.class_id).await?;
    if l.status != LeaveStatus::Pending {
        return Err(AppError::from(Broken::LeaveDecided));
    }
    let reason = d.reason.trim();
    if !d.approve && reason.is_empty() {
        return Err(AppError::from(Broken::LeaveReasonRequired));
    }
    let (user_id, days) = (l.user_id, days(&l));
    let mut am: leave_request::ActiveModel = l.into();
    am.status = Set(if d.approve {
        LeaveStatus::Approved
    } else {
        LeaveStatus::Refused
    });
    am.decided_by_name = Set(Some(actor.name.clone()));
    am.decision_reason = Set((!reason.is_empty()).then(|| reason.to_string()));
    am.decided_at = Set(Some(Utc::now()));
    am.update(db).await?;
    let body = if d.approve {
        format!("“{}”{}：{days} 的请假已批准。", g.p().name, g.c().name)
    } else {
        format!(
            "“{}”{}：{days} 的请假未批准，原因：{reason}。",
            g.p().name,
            g.c().name
        )
    };
    notifications::send(
        db,
        user_id,
        crate::domain::delivery::MessageKind::Leave,
        "请假审批结果",
        &body,
        Some("/my/training"),
    )
    .await
}
