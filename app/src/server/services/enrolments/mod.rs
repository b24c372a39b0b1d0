//! Enrolments: the one place that moves an enrolment between states, keeps each class's seat
//! counter right, gives a freed seat to the waiting list and tells the teacher. Who may enrol
//! at all is `eligibility`.

pub use eligibility::{eligible, hours_taken, in_project};

pub mod directive;
pub mod draw;
pub mod eligibility;
pub mod my_training;
pub mod offers;
pub mod review;

use crate::domain::enrolment_flow::{Actor as By, EnrolmentAction, EnrolmentStatus, transition};
use crate::domain::project_flow::ClassStatus;
use crate::domain::statistics::counts_alike;
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::entities::{enrolment, project, project_class, teacher};
use crate::server::services::by_id;
use crate::server::services::workflow::{self, Change};
use crate::server::services::{notifications, stats};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, NotSet,
    QueryFilter, QueryOrder,
};

/// Takes the class's row for this transaction before anything is read (see
/// `projects::flow::lock`): enrolments in one class run one after the other.
pub async fn lock_class(db: &impl ConnectionTrait, class_id: i64) -> AppResult<()> {
    let done = project_class::Entity::update_many()
        .col_expr(
            project_class::Column::Taken,
            Expr::col(project_class::Column::Taken),
        )
        .filter(project_class::Column::Id.eq(class_id))
        .exec(db)
        .await?;
    if done.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Takes the teacher's record row for this transaction: a teacher's enrolments in different
/// projects (so under different class locks) then run one after the other, and the 90-hour
/// rule reads hours no parallel enrolment is about to add to.
pub async fn lock_teacher(db: &impl ConnectionTrait, teacher_id: i64) -> AppResult<()> {
    teacher::Entity::update_many()
        .col_expr(teacher::Column::Id, Expr::col(teacher::Column::Id))
        .filter(teacher::Column::Id.eq(teacher_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The class of an enrolment, read before the transaction: every writer locks the class first
/// so concurrent writers never wait on each other in a circle. A directive participant the
/// province has not placed yet has none: `NotFound` for what needs a class.
pub async fn class_of(db: &impl ConnectionTrait, id: i64) -> AppResult<i64> {
    place_of(db, id).await?.0.ok_or(AppError::NotFound)
}

/// (class, project) of an enrolment, read before the transaction (see `lock_place`).
pub async fn place_of(db: &impl ConnectionTrait, id: i64) -> AppResult<(Option<i64>, i64)> {
    enrolment::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|e| (e.class_id, e.project_id))
        .ok_or(AppError::NotFound)
}

/// Locks what an enrolment's changes contend on: its class, or, while a directive participant
/// has no class yet, the project (the county's quota). The province's assignment takes the
/// project, then the class: always in that order.
pub async fn lock_place(
    db: &impl ConnectionTrait,
    (class_id, project_id): (Option<i64>, i64),
) -> AppResult<()> {
    match class_id {
        Some(class_id) => lock_class(db, class_id).await,
        None => crate::server::services::projects::flow::lock(db, project_id).await,
    }
}

/// Inside the transaction, after `lock_place`: the enrolment as it is now, provided it is still
/// where it was when the lock was chosen (the province may have placed it meanwhile).
pub async fn reread_at(
    db: &impl ConnectionTrait,
    id: i64,
    (class_id, _): (Option<i64>, i64),
) -> AppResult<enrolment::Model> {
    let e = reread(db, id).await?;
    if e.class_id != class_id {
        return Err(AppError::from(Broken::EnrolmentChanged));
    }
    Ok(e)
}

/// Inside a transaction that holds the class lock: the enrolment as it is now.
pub async fn reread(db: &impl ConnectionTrait, id: i64) -> AppResult<enrolment::Model> {
    by_id::found::<enrolment::Entity>(db, id).await
}

/// Claims one seat. `capped`: only while seats remain (round 2, promotions); otherwise the
/// class may go over its plan and a draw settles it later (round 1).
pub async fn claim_seat(db: &impl ConnectionTrait, class_id: i64, capped: bool) -> AppResult<bool> {
    use sea_orm::sea_query::ExprTrait;
    let mut q = project_class::Entity::update_many()
        .col_expr(
            project_class::Column::Taken,
            Expr::col(project_class::Column::Taken).add(1),
        )
        .filter(project_class::Column::Id.eq(class_id));
    if capped {
        q = q.filter(
            Expr::col(project_class::Column::Taken).lt(Expr::col(project_class::Column::Capacity)
                .add(Expr::col(project_class::Column::ExtraCapacity))),
        );
    }
    Ok(q.exec(db).await?.rows_affected == 1)
}

async fn release_seat(db: &impl ConnectionTrait, class_id: i64) -> AppResult<()> {
    use sea_orm::sea_query::ExprTrait;
    project_class::Entity::update_many()
        .col_expr(
            project_class::Column::Taken,
            Expr::col(project_class::Column::Taken).sub(1),
        )
        .filter(project_class::Column::Id.eq(class_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Moves an enrolment by `action`, taken by `by` (the actor's side). The status changes only
/// from the state it was read in; the seat follows; the teacher is told.
pub async fn move_to(
    db: &impl ConnectionTrait,
    actor: &Actor,
    e: &enrolment::Model,
    action: EnrolmentAction,
    by: By,
    reason: &str,
) -> AppResult<EnrolmentStatus> {
    move_placed(db, actor, e, (action, by, reason), Placement::default()).await
}

/// What a step may do beside changing the status: put the enrolment in a class (whose seat the
/// caller has claimed) and name the step on the timeline ("已分配至河北师范大学").
#[derive(Debug, Default, Clone, Copy)]
pub struct Placement<'a> {
    pub class_id: Option<i64>,
    pub detail: Option<&'a str>,
}

pub async fn move_placed(
    db: &impl ConnectionTrait,
    actor: &Actor,
    e: &enrolment::Model,
    (action, by, reason): (EnrolmentAction, By, &str),
    place: Placement<'_>,
) -> AppResult<EnrolmentStatus> {
    let from = e.status;
    let to = transition(from, action, by, reason)?;
    let now = Utc::now();
    let mut update = enrolment::Entity::update_many()
        .col_expr(enrolment::Column::Status, Expr::value(to))
        .col_expr(enrolment::Column::UpdatedAt, Expr::value(now));
    if action.needs_reason() {
        update = update.col_expr(enrolment::Column::Reason, Expr::value(reason.trim()));
    }
    if let Some(c) = place.class_id {
        update = update.col_expr(enrolment::Column::ClassId, Expr::value(c));
    }
    let done = update
        .filter(enrolment::Column::Id.eq(e.id))
        .filter(enrolment::Column::Status.eq(from))
        .exec(db)
        .await?;
    if done.rows_affected != 1 {
        return Err(AppError::from(Broken::EnrolmentChanged));
    }
    let moved = place.class_id.is_some_and(|c| Some(c) != e.class_id);
    if moved || !counts_alike(from, to) {
        stats::enrolments::changed(db, &[e.id]).await?;
    }
    workflow::record(
        db,
        actor,
        Change {
            project_id: e.project_id,
            subject: ("enrolment", e.id),
            action: action.as_str(),
            from: from.as_str(),
            to: to.as_str(),
            reason: action.needs_reason().then_some(reason),
            detail: place.detail,
        },
    )
    .await?;
    notify_step(db, e, place.detail.unwrap_or(action.label()), to, reason).await?;
    if from.holds_seat()
        && !to.holds_seat()
        && let Some(class_id) = e.class_id
    {
        release_seat(db, class_id).await?;
        promote_next(db, actor, class_id).await?;
    }
    Ok(to)
}

/// Gives freed seats to the longest-waiting teachers of the class, while seats remain.
pub async fn promote_next(
    db: &impl ConnectionTrait,
    actor: &Actor,
    class_id: i64,
) -> AppResult<()> {
    // A cancelled class gives no seats.
    let open = project_class::Entity::find_by_id(class_id)
        .one(db)
        .await?
        .is_some_and(|c| c.status == ClassStatus::Open);
    if !open {
        return Ok(());
    }
    loop {
        let Some(next) = enrolment::Entity::find()
            .filter(enrolment::Column::ClassId.eq(class_id))
            .filter(enrolment::Column::Status.eq(EnrolmentStatus::Waitlisted))
            .order_by_asc(enrolment::Column::QueuedAt)
            .order_by_asc(enrolment::Column::Id)
            .one(db)
            .await?
        else {
            return Ok(());
        };
        if !claim_seat(db, class_id, true).await? {
            return Ok(());
        }
        // The seat is claimed; the state change must not release it again.
        let to = transition(
            EnrolmentStatus::Waitlisted,
            EnrolmentAction::Promote,
            By::System,
            "",
        )?;
        enrolment::Entity::update_many()
            .col_expr(enrolment::Column::Status, Expr::value(to))
            .col_expr(enrolment::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(enrolment::Column::Id.eq(next.id))
            .exec(db)
            .await?;
        if !counts_alike(EnrolmentStatus::Waitlisted, to) {
            stats::enrolments::changed(db, &[next.id]).await?;
        }
        workflow::record(
            db,
            actor,
            Change {
                project_id: next.project_id,
                subject: ("enrolment", next.id),
                action: EnrolmentAction::Promote.as_str(),
                from: EnrolmentStatus::Waitlisted.as_str(),
                to: to.as_str(),
                reason: None,
                detail: None,
            },
        )
        .await?;
        notify_step(db, &next, EnrolmentAction::Promote.label(), to, "").await?;
    }
}

/// The teacher's notice of a step that concerns them.
async fn notify_step(
    db: &impl ConnectionTrait,
    e: &enrolment::Model,
    step: &str,
    to: EnrolmentStatus,
    reason: &str,
) -> AppResult<()> {
    let name = project::Entity::find_by_id(e.project_id)
        .one(db)
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    let mut body = format!("“{name}”：{step}，当前状态：{}。", to.label());
    if !reason.trim().is_empty() {
        body.push_str(&format!("原因：{}", reason.trim()));
    }
    notifications::send(
        db,
        e.user_id,
        crate::domain::delivery::MessageKind::EnrolmentStep,
        step,
        &body,
        Some("/my/training"),
    )
    .await
}

/// A new enrolment of teacher `t` in `class` of project `p` (none yet for a directive
/// nomination), with its first timeline step (`action`: "apply", "replace_in", "nominate").
pub async fn insert(
    db: &impl ConnectionTrait,
    actor: &Actor,
    t: &teacher::Model,
    p: &project::Model,
    class_id: Option<i64>,
    (round, status, action): (i16, EnrolmentStatus, &str),
) -> AppResult<enrolment::Model> {
    let now = Utc::now();
    let e = enrolment::ActiveModel {
        id: NotSet,
        project_id: Set(p.id),
        class_id: Set(class_id),
        teacher_id: Set(t.id),
        user_id: Set(t.user_id),
        school_id: Set(t.school_id),
        county_code: Set(t.county_code.clone()),
        year: Set(p.year),
        hours: Set(p.hours),
        round: Set(round),
        status: Set(status),
        reason: Set(None),
        passed: Set(None),
        scores: Set(None),
        score_total: Set(None),
        graded_at: Set(None),
        graded_by_name: Set(None),
        counted: Set(0),
        counted_class: Set(0),
        queued_at: Set(now),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    workflow::record(
        db,
        actor,
        Change {
            project_id: p.id,
            subject: ("enrolment", e.id),
            action,
            from: "",
            to: status.as_str(),
            reason: None,
            detail: None,
        },
    )
    .await?;
    stats::enrolments::changed(db, &[e.id]).await?;
    Ok(e)
}
