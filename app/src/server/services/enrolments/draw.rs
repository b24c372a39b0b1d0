//! The one draw of an oversubscribed class (抽签), and a bureau's changes to a class: expand it
//! (扩班, at most half again its plan) or cancel it (取消办班). Everyone affected is told.

use super::{lock_class, move_to, promote_next};
use crate::domain::draw::draw;
use crate::domain::enrolment_flow::{Actor as By, EnrolmentAction, EnrolmentStatus};
use crate::domain::enrolment_rules::max_extra_seats;
use crate::domain::project_flow::ClassStatus;
use crate::domain::role::Scope;
use crate::dto::enrolments::DrawView;
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::auth::policy::{Permission, Target, allows};
use crate::server::entities::{class_draw, enrolment, project_class};
use crate::server::services::by_id;
use crate::server::services::class_draws;
use crate::server::services::projects::load;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, TransactionSession, TransactionTrait,
};

async fn class_and_project(
    db: &impl ConnectionTrait,
    class_id: i64,
) -> AppResult<(
    project_class::Model,
    crate::server::services::projects::Loaded,
)> {
    let c = by_id::found::<project_class::Entity>(db, class_id).await?;
    let l = load(db, c.project_id).await?;
    Ok((c, l))
}

/// Runs the class's draw: the institution running the project, once, when more teachers hold
/// seats than the class has. Those not drawn are cancelled and told.
pub async fn run<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    class_id: i64,
) -> AppResult<DrawView> {
    let txn = db.begin().await?;
    lock_class(&txn, class_id).await?;
    let (c, l) = class_and_project(&txn, class_id).await?;
    let runs_it = matches!(actor.scope, Scope::Institution(id) if l.p.institution_id == Some(id));
    if !runs_it {
        return Err(
            if allows(
                actor,
                Permission::ViewProject,
                &Target::Project(&l.policy_ref()),
            ) {
                AppError::Forbidden
            } else {
                AppError::NotFound
            },
        );
    }
    if class_draw::Entity::find_by_id(class_id)
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(AppError::from(Broken::AlreadyDrawn));
    }
    let live = enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.eq(class_id))
        .order_by_asc(enrolment::Column::Id)
        .all(&txn)
        .await?;
    let seats = c.capacity + c.extra_capacity;
    let enrolled = live
        .iter()
        .filter(|e| e.status == EnrolmentStatus::Enrolled)
        .count() as i32;
    let pool: Vec<&enrolment::Model> = live
        .iter()
        .filter(|e| {
            matches!(
                e.status,
                EnrolmentStatus::Applied | EnrolmentStatus::SchoolApproved
            )
        })
        .collect();
    let open = (seats - enrolled).max(0) as usize;
    if pool.len() <= open {
        return Err(AppError::from(Broken::NoDrawNeeded {
            applicants: pool.len(),
            open,
        }));
    }
    let seed: u64 = rand::random();
    let applicants: Vec<i64> = pool.iter().map(|e| e.id).collect();
    let winners = draw(seed, &applicants, open);
    let record = class_draw::ActiveModel {
        class_id: Set(class_id),
        seed: Set(seed.to_string()),
        seats: Set(open as i32),
        applicants: Set(serde_json::to_string(&applicants).map_err(AppError::internal)?),
        winners: Set(serde_json::to_string(&winners).map_err(AppError::internal)?),
        actor_user_id: Set(actor.user_id),
        actor_name: Set(actor.name.clone()),
        drawn_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    for e in pool.into_iter().filter(|e| !winners.contains(&e.id)) {
        move_to(&txn, actor, e, EnrolmentAction::LoseDraw, By::System, "").await?;
    }
    txn.commit().await?;
    Ok(class_draws::view_of(record))
}

/// The published draw of a class, for anyone who may see its project or has an enrolment in it.
pub async fn published(
    db: &impl ConnectionTrait,
    actor: &Actor,
    class_id: i64,
) -> AppResult<Option<DrawView>> {
    let (_, l) = class_and_project(db, class_id).await?;
    let involved = enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.eq(class_id))
        .filter(enrolment::Column::UserId.eq(actor.user_id))
        .one(db)
        .await?
        .is_some();
    if !involved
        && !allows(
            actor,
            Permission::ViewProject,
            &Target::Project(&l.policy_ref()),
        )
    {
        return Err(AppError::NotFound);
    }
    Ok(class_draw::Entity::find_by_id(class_id)
        .one(db)
        .await?
        .map(class_draws::view_of))
}

/// A transaction holding the class, opened for the project's approving bureau only.
async fn as_approver<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    class_id: i64,
) -> AppResult<(C::Transaction, project_class::Model)> {
    let txn = db.begin().await?;
    lock_class(&txn, class_id).await?;
    let (c, l) = class_and_project(&txn, class_id).await?;
    crate::server::auth::policy::ensure(
        actor,
        Permission::ReviewProject,
        Target::Project(&l.policy_ref()),
    )?;
    Ok((txn, c))
}

/// 扩班: the approving bureau adds seats, at most half the plan in all; the waiting list
/// moves up at once.
pub async fn expand<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    class_id: i64,
    extra: i32,
) -> AppResult<i32> {
    let (txn, c) = as_approver(db, actor, class_id).await?;
    let limit = max_extra_seats(c.capacity);
    if !(0..=limit).contains(&extra) {
        return Err(AppError::from(Broken::ExtraSeatsOutOfRange { limit }));
    }
    let mut am: project_class::ActiveModel = c.into();
    am.extra_capacity = Set(extra);
    am.update(&txn).await?;
    promote_next(&txn, actor, class_id).await?;
    txn.commit().await?;
    Ok(extra)
}

/// 取消办班: the approving bureau cancels a class; every live enrolment is cancelled and told.
pub async fn cancel_class<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    class_id: i64,
    reason: &str,
) -> AppResult<u64> {
    if reason.trim().is_empty() {
        return Err(AppError::from(Broken::CancelReasonRequired));
    }
    let (txn, c) = as_approver(db, actor, class_id).await?;
    if c.status == ClassStatus::Cancelled {
        return Err(AppError::from(Broken::ClassCancelled));
    }
    let mut am: project_class::ActiveModel = c.into();
    am.status = Set(ClassStatus::Cancelled);
    am.update(&txn).await?;
    let live = enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.eq(class_id))
        .all(&txn)
        .await?;
    let mut n = 0;
    for e in live.iter().filter(|e| !e.status.is_final()) {
        move_to(
            &txn,
            actor,
            e,
            EnrolmentAction::CancelClass,
            By::System,
            reason,
        )
        .await?;
        n += 1;
    }
    txn.commit().await?;
    Ok(n)
}
