//! Moving a project through its states: submit, withdraw, approve, return, cancel.

use super::{Loaded, load};
use crate::domain::project_flow::{ProjectAction, ProjectStatus, Side, may, transition};
use crate::dto::projects::BatchOutcome;
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::auth::policy::{Permission, Target, allows, project_sides};
use crate::server::entities::project;
use crate::server::services::workflow::{self, Change};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionSession, TransactionTrait,
};

/// What the actor may do with the project now.
pub fn allowed_actions(actor: &Actor, l: &Loaded) -> Vec<ProjectAction> {
    let sides = project_sides(actor, &l.policy_ref());
    let status = l.status();
    ProjectAction::ALL
        .into_iter()
        .filter(|a| sides.iter().any(|s| may(*s, status, *a)))
        // A bureau's own project is approved as it is submitted: no separate review step.
        .filter(|a| {
            !(sides.len() == 2 && matches!(a, ProjectAction::Approve | ProjectAction::Return))
        })
        .collect()
}

/// One checked step: the status moves only from the state it was read in, so two reviewers
/// acting at once cannot both succeed.
async fn step(
    db: &impl ConnectionTrait,
    actor: &Actor,
    l: &Loaded,
    side: Side,
    from: ProjectStatus,
    action: ProjectAction,
    reason: &str,
) -> AppResult<ProjectStatus> {
    let to = transition(side, from, action, reason)?;
    let now = Utc::now();
    let mut update = project::Entity::update_many()
        .col_expr(project::Column::Status, Expr::value(to))
        .col_expr(project::Column::UpdatedAt, Expr::value(now));
    if action == ProjectAction::Submit {
        update = update.col_expr(project::Column::SubmittedAt, Expr::value(Some(now)));
    }
    let done = update
        .filter(project::Column::Id.eq(l.p.id))
        .filter(project::Column::Status.eq(from))
        .exec(db)
        .await?;
    if done.rows_affected != 1 {
        return Err(AppError::from(Broken::ProjectChanged));
    }
    workflow::record(
        db,
        actor,
        Change {
            project_id: l.p.id,
            subject: ("project", l.p.id),
            action: action.as_str(),
            from: from.as_str(),
            to: to.as_str(),
            reason: action.needs_reason().then_some(reason),
            detail: None,
        },
    )
    .await?;
    Ok(to)
}

/// Takes the project's row for this transaction before reading it: on PostgreSQL a row lock,
/// on SQLite the write lock (a transaction that read first could not write after another
/// committed). Concurrent actions on one project then run one after the other.
pub async fn lock(db: &impl ConnectionTrait, id: i64) -> AppResult<()> {
    project::Entity::update_many()
        .col_expr(project::Column::Id, Expr::col(project::Column::Id))
        .filter(project::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Takes `action` on project `id` for the actor. A bureau submitting its own project approves
/// it in the same step.
pub async fn act<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    id: i64,
    action: ProjectAction,
    reason: &str,
) -> AppResult<ProjectStatus> {
    let txn = db.begin().await?;
    lock(&txn, id).await?;
    let l = load(&txn, id).await?;
    let r = l.policy_ref();
    if !allows(actor, Permission::ViewProject, &Target::Project(&r)) {
        return Err(AppError::NotFound);
    }
    let sides = project_sides(actor, &r);
    let from = l.status();
    let side = sides
        .iter()
        .copied()
        .find(|s| may(*s, from, action))
        .or(sides.first().copied())
        .ok_or(AppError::Forbidden)?;
    // An institution's declaration is judged on its plan; a bureau's own project needs none.
    let declared_by_institution = l.p.declarer_region.is_none();
    if action == ProjectAction::Submit && declared_by_institution && l.p.plan_file_id.is_none() {
        return Err(AppError::from(Broken::PlanRequired));
    }
    let mut to = step(&txn, actor, &l, side, from, action, reason).await?;
    if action == ProjectAction::Submit && sides.contains(&Side::Approver) {
        to = step(
            &txn,
            actor,
            &l,
            Side::Approver,
            to,
            ProjectAction::Approve,
            "",
        )
        .await?;
    }
    txn.commit().await?;
    Ok(to)
}

/// The same action on several projects; each succeeds or fails on its own.
pub async fn act_many<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    ids: &[i64],
    action: ProjectAction,
    reason: &str,
) -> AppResult<BatchOutcome> {
    let mut out = BatchOutcome::default();
    for &id in ids {
        match act(db, actor, id, action, reason).await {
            Ok(_) => out.done += 1,
            Err(e) => {
                let name = load(db, id)
                    .await
                    .ok()
                    .filter(|l| {
                        allows(
                            actor,
                            Permission::ViewProject,
                            &Target::Project(&l.policy_ref()),
                        )
                    })
                    .map(|l| l.p.name)
                    .unwrap_or_else(|| format!("#{id}"));
                out.failed.push((name, e.to_string()));
            }
        }
    }
    Ok(out)
}
