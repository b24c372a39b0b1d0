//! The province places directive participants in classes (naming the institution to run a class
//! that has none); the institution publishes a class's opening notice.

use super::super::{Placement, claim_seat, lock_class, move_placed, place_of, reread_at};
use crate::domain::enrolment_flow::{Actor as By, EnrolmentAction, EnrolmentStatus};
use crate::domain::project_flow::ClassStatus;
use crate::dto::projects::BatchOutcome;
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::auth::policy::{ClassRef, Permission, Target, ensure};
use crate::server::entities::{enrolment, institution, project_class};
use crate::server::services::by_id;
use crate::server::services::projects::{flow, load, load_visible};
use crate::server::services::{notifications, workflow};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    TransactionSession, TransactionTrait,
};

/// The longest opening notice (开班通知) a class takes, in characters.
const MAX_NOTICE_CHARS: usize = 2000;

/// The province places participants in a class, naming the institution to run it when the class
/// has none. Each takes a seat; a full class takes no more.
pub async fn assign<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    ids: &[i64],
    class_id: i64,
    institution_id: Option<i64>,
) -> AppResult<BatchOutcome> {
    crate::server::auth::policy::proof::province(actor)?;
    let mut out = BatchOutcome::default();
    for &id in ids {
        match assign_one(db, actor, id, class_id, institution_id).await {
            Ok(()) => out.done += 1,
            Err(AppError::Forbidden) => return Err(AppError::Forbidden),
            Err(e) => {
                out.failed.push((
                    super::super::review::teacher_named(db, id).await?,
                    e.to_string(),
                ));
            }
        }
    }
    Ok(out)
}

async fn assign_one<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    id: i64,
    class_id: i64,
    institution_id: Option<i64>,
) -> AppResult<()> {
    let place = place_of(db, id).await?;
    let txn = db.begin().await?;
    // The project first, then the class: the order every directive writer takes.
    flow::lock(&txn, place.1).await?;
    lock_class(&txn, class_id).await?;
    let e = reread_at(&txn, id, place).await?;
    let r = super::super::review::policy_ref(&txn, &e).await?;
    if !crate::server::auth::policy::takes_step(actor, &r) {
        return Err(AppError::Forbidden);
    }
    let class = project_class::Entity::find_by_id(class_id)
        .one(&txn)
        .await?
        .filter(|c| c.project_id == e.project_id)
        .ok_or(AppError::from(Broken::ClassNotInProject))?;
    if class.status != ClassStatus::Open {
        return Err(AppError::from(Broken::ClassCancelled));
    }
    let l = load(&txn, e.project_id).await?;
    let runner = match class.institution_id.or(l.p.institution_id) {
        Some(i) => i,
        None => {
            let i = institution_id.ok_or(AppError::from(Broken::ChooseInstitution))?;
            institution::Entity::find_by_id(i)
                .one(&txn)
                .await?
                .filter(|x| !x.disabled)
                .ok_or(AppError::from(Broken::InstitutionInvalid))?;
            project_class::Entity::update_many()
                .col_expr(project_class::Column::InstitutionId, Expr::value(i))
                .filter(project_class::Column::Id.eq(class_id))
                .exec(&txn)
                .await?;
            i
        }
    };
    let runner_name = institution::Entity::find_by_id(runner)
        .one(&txn)
        .await?
        .map(|i| i.name)
        .unwrap_or_default();
    // The state machine speaks first, so a wrong state is not reported as a full class.
    crate::domain::enrolment_flow::transition(
        e.status,
        EnrolmentAction::ProvinceAssign,
        By::Province,
        "",
    )?;
    if !claim_seat(&txn, class_id, true).await? {
        return Err(AppError::from(Broken::ClassFull { class: class.name }));
    }
    let detail = format!("已分配至{runner_name}");
    move_placed(
        &txn,
        actor,
        &e,
        (EnrolmentAction::ProvinceAssign, By::Province, ""),
        Placement {
            class_id: Some(class_id),
            detail: Some(&detail),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The institution publishes the class's opening notice (开班通知): every enrolled teacher is
/// told, and it shows on their timeline. Publishing again replaces the text and tells them again.
pub async fn publish_notice<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    class_id: i64,
    notice: &str,
) -> AppResult<u32> {
    let notice = notice.trim();
    if notice.is_empty() {
        return Err(AppError::from(Broken::NoticeEmpty));
    }
    if notice.chars().count() > MAX_NOTICE_CHARS {
        return Err(AppError::from(Broken::NoticeTooLong {
            max: MAX_NOTICE_CHARS,
        }));
    }
    let txn = db.begin().await?;
    lock_class(&txn, class_id).await?;
    let class = by_id::found::<project_class::Entity>(&txn, class_id).await?;
    let l = load_visible(&txn, actor, class.project_id).await?;
    ensure(
        actor,
        Permission::GradeClass,
        Target::Class(&ClassRef {
            runner: class.institution_id.or(l.p.institution_id),
            declarer_region: l.p.declarer_region.as_deref(),
        }),
    )?;
    let mut am: project_class::ActiveModel = class.clone().into();
    am.notice = Set(Some(notice.to_string()));
    am.notice_published_at = Set(Some(Utc::now()));
    am.update(&txn).await?;
    let enrolled = enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.eq(class_id))
        .filter(enrolment::Column::Status.eq(EnrolmentStatus::Enrolled))
        .all(&txn)
        .await?;
    let title = "发布开班通知";
    for e in &enrolled {
        workflow::record(
            &txn,
            actor,
            workflow::Change {
                project_id: e.project_id,
                subject: ("enrolment", e.id),
                action: "publish_notice",
                from: e.status.as_str(),
                to: e.status.as_str(),
                reason: None,
                detail: None,
            },
        )
        .await?;
        let body = format!(
            "“{}”{}（{} 至 {}，{}）已发布开班通知：{notice}",
            l.p.name, class.name, class.starts_on, class.ends_on, class.place
        );
        notifications::send(
            &txn,
            e.user_id,
            crate::domain::delivery::MessageKind::EnrolmentStep,
            title,
            &body,
            Some("/my/training"),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(enrolled.len() as u32)
}
