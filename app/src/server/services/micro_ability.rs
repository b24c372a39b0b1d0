//! Micro-ability points (微能力点): the province's list, and the teacher's picks for an
//! enrolment in an IT-2.0 project while its class has not ended.

use crate::domain::enrolment_flow::EnrolmentStatus;
use crate::domain::micro_ability::{
    MicroPoint, PROJECT_KIND, check_picks, default_points, read_points, write_points,
};
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::auth::policy::proof::OwnRecord;
use crate::server::auth::policy::{Permission, Target, bureau_region, ensure};
use crate::server::entities::{enrolment, micro_pick, micro_point_list, project, project_class};
use crate::server::services::by_id;
use crate::server::services::training_years;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, NotSet,
    QueryFilter, QueryOrder, TransactionSession, TransactionTrait,
};
use std::collections::HashMap;

/// The list teachers pick from now.
pub async fn list(db: &impl ConnectionTrait) -> AppResult<Vec<MicroPoint>> {
    Ok(micro_point_list::Entity::find()
        .order_by_desc(micro_point_list::Column::Id)
        .one(db)
        .await?
        .and_then(|l| serde_json::from_str(&l.items).ok())
        .unwrap_or_else(default_points))
}

/// The province's settings as their text boxes show them: the evaluation questions and the
/// point list, one a line.
pub async fn province_forms(
    db: &impl ConnectionTrait,
    actor: &Actor,
) -> AppResult<(String, String)> {
    ensure_province(actor)?;
    Ok((
        super::evaluations::items(db).await?.join("\n"),
        write_points(&list(db).await?),
    ))
}

fn ensure_province(actor: &Actor) -> AppResult<()> {
    let province = bureau_region(actor)?;
    ensure(
        actor,
        Permission::ConfigureProvince,
        Target::Region(province),
    )
}

/// The province replaces the list (one point a line); picks already made keep their points.
pub async fn save_list(db: &impl ConnectionTrait, actor: &Actor, text: &str) -> AppResult<()> {
    ensure_province(actor)?;
    let points = read_points(text).map_err(|e| AppError::field("points", e.to_string()))?;
    micro_point_list::ActiveModel {
        id: NotSet,
        items: Set(serde_json::to_string(&points).map_err(AppError::internal)?),
        updated_at: Set(Utc::now()),
        updated_by_name: Set(actor.name.clone()),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The picks of these enrolments, as "A1 技术支持的学情分析" in code order.
pub async fn picks_of(
    db: &impl ConnectionTrait,
    enrolment_ids: &[i64],
) -> AppResult<HashMap<i64, Vec<MicroPoint>>> {
    let mut out: HashMap<i64, Vec<MicroPoint>> = HashMap::new();
    if enrolment_ids.is_empty() {
        return Ok(out);
    }
    for p in micro_pick::Entity::find()
        .filter(micro_pick::Column::EnrolmentId.is_in(enrolment_ids.iter().copied()))
        .order_by_asc(micro_pick::Column::Id)
        .all(db)
        .await?
    {
        out.entry(p.enrolment_id).or_default().push(MicroPoint {
            code: p.code,
            dimension: p.dimension,
            name: p.name,
        });
    }
    Ok(out)
}

/// Whether an enrolment's teacher picks points now: an IT-2.0 project, enrolled, the class
/// not yet ended.
pub fn picks_open(
    p: &project::Model,
    e: &enrolment::Model,
    c: Option<&project_class::Model>,
) -> bool {
    p.kind == PROJECT_KIND
        && e.status == EnrolmentStatus::Enrolled
        && c.is_none_or(|c| training_years::today() <= c.ends_on)
}

/// The teacher sets the points of one enrolment, all at once: the rule holds or nothing
/// changes.
pub async fn pick<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    me: &OwnRecord,
    enrolment_id: i64,
    codes: &[String],
) -> AppResult<Vec<MicroPoint>> {
    let e = enrolment::Entity::find_by_id(enrolment_id)
        .one(db)
        .await?
        .filter(|e| e.user_id == me.teacher().user_id)
        .ok_or(AppError::NotFound)?;
    let p = by_id::found::<project::Entity>(db, e.project_id).await?;
    let c = by_id::class_of(db, &e).await?;
    if p.kind != PROJECT_KIND {
        return Err(AppError::from(Broken::MicroPointsNotForKind));
    }
    if !picks_open(&p, &e, c.as_ref()) {
        return Err(AppError::from(Broken::MicroPointsWindow));
    }
    let points = list(db).await?;
    let check = check_picks(&points, codes);
    if let Some(problem) = check.problem {
        return Err(AppError::field("points", problem));
    }
    let chosen: Vec<MicroPoint> = codes
        .iter()
        .filter_map(|c| points.iter().find(|p| &p.code == c).cloned())
        .collect();
    let txn = db.begin().await?;
    micro_pick::Entity::delete_many()
        .filter(micro_pick::Column::EnrolmentId.eq(e.id))
        .exec(&txn)
        .await?;
    let now = Utc::now();
    micro_pick::Entity::insert_many(chosen.iter().map(|p| micro_pick::ActiveModel {
        id: NotSet,
        enrolment_id: Set(e.id),
        user_id: Set(me.teacher().user_id),
        code: Set(p.code.clone()),
        dimension: Set(p.dimension.clone()),
        name: Set(p.name.clone()),
        created_at: Set(now),
    }))
    .exec(&txn)
    .await?;
    txn.commit().await?;
    Ok(chosen)
}
