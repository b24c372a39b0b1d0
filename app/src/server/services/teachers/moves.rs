//! 调出 and 调入: moving a record between schools and the free pool; leave and return.
//! The record (and so its training history) moves with the teacher.

use super::history::{self, Entry};
use super::{load, load_managed};
use crate::domain::id_card::IdNumber;
use crate::domain::mask::mask_id_number;
use crate::domain::region::{city_of, province_of};
use crate::domain::transfer::{Place, may_move};
use crate::dto::teachers::{MoveInput, TransferCandidate};
use crate::error::{AppError, AppResult};
use crate::server::auth::Actor;
use crate::server::entities::{school, teacher, user};
use crate::server::services::org::{county_label, find_school};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, TransactionTrait,
};

pub const ON_DUTY: &str = "在岗";
pub const POOL: &str = "自由人";
pub const RETIRED: &str = "离退";

async fn school_name(db: &impl ConnectionTrait, id: Option<i64>) -> AppResult<String> {
    Ok(match id {
        Some(id) => school::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|s| s.name)
            .unwrap_or_default(),
        None => POOL.into(),
    })
}

/// 调入 step one: the record with this full ID number, whoever keeps it. Knowing the whole
/// number is the proof of a real transfer; the answer shows only what confirms the person.
pub async fn find_by_id_number(
    db: &impl ConnectionTrait,
    id_number: &str,
) -> AppResult<TransferCandidate> {
    let id = IdNumber::parse(id_number).map_err(|e| AppError::field("id_number", e.message()))?;
    let (u, t) = user::Entity::find()
        .filter(user::Column::IdNumber.eq(id.as_str()))
        .find_also_related(teacher::Entity)
        .one(db)
        .await?
        .ok_or_else(|| {
            AppError::field("id_number", "查无此身份证号的教师档案，请使用“增加”新建")
        })?;
    let t = t.ok_or_else(|| AppError::field("id_number", "该账号没有教师档案"))?;
    Ok(TransferCandidate {
        teacher_id: t.id,
        name: u.name,
        id_number: mask_id_number(id.as_str()),
        region_name: county_label(db, &t.county_code).await?,
        school_name: school_name(db, t.school_id).await?,
        status: t.status,
    })
}

/// Moves a record to a school or (to_school_id 0) its county's pool, if the actor may.
pub async fn move_teacher(
    db: &DatabaseConnection,
    actor: &Actor,
    input: &MoveInput,
) -> AppResult<()> {
    let rec = load(db, input.teacher_id).await?;
    let target = if input.to_school_id > 0 {
        let s = find_school(db, input.to_school_id).await?;
        if s.disabled {
            return Err(AppError::field("to_school_id", "该学校已停用"));
        }
        Some(s)
    } else {
        None
    };
    let to = Place {
        school_id: target.as_ref().map(|s| s.id),
        county: target
            .as_ref()
            .map(|s| s.county_code.as_str())
            .unwrap_or(&rec.teacher.county_code),
    };
    if rec.teacher.status == RETIRED {
        return Err(AppError::Conflict("该教师已离退，请先恢复在岗".into()));
    }
    if to == rec.place() {
        return Err(AppError::field("to_school_id", "调入学校与现所在学校相同"));
    }
    if !may_move(actor.role, &actor.scope, rec.place(), to) {
        return Err(AppError::Forbidden);
    }
    let from_name = school_name(db, rec.teacher.school_id).await?;
    let from_id = rec.teacher.school_id;
    let txn = db.begin().await?;
    let mut t: teacher::ActiveModel = rec.teacher.into();
    let (kind_label, to_name) = match &target {
        Some(s) => {
            t.school_id = Set(Some(s.id));
            t.county_code = Set(s.county_code.clone());
            t.city_code = Set(city_of(&s.county_code));
            t.province_code = Set(province_of(&s.county_code));
            t.school_area_type = Set(s.area_type.clone());
            t.school_category = Set(s.category.clone());
            t.status = Set(ON_DUTY.into());
            ("调入", s.name.clone())
        }
        None => {
            t.school_id = Set(None);
            t.status = Set(POOL.into());
            ("调出", POOL.to_string())
        }
    };
    t.updated_at = Set(Utc::now());
    t.update(&txn).await?;
    let reason = input.reason.trim();
    history::add(
        &txn,
        input.teacher_id,
        Some(actor),
        Entry {
            kind: "move",
            summary: if reason.is_empty() {
                format!("{kind_label}：{from_name} → {to_name}")
            } else {
                format!("{kind_label}：{from_name} → {to_name}（{reason}）")
            },
            from_school_id: from_id,
            to_school_id: target.as_ref().map(|s| s.id),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// 离退 and back to 在岗 (only at a school: a pool record comes back by 调入).
pub async fn set_status(
    db: &DatabaseConnection,
    actor: &Actor,
    teacher_id: i64,
    status: &str,
) -> AppResult<()> {
    let rec = load_managed(db, actor, teacher_id).await?;
    let old = rec.teacher.status.clone();
    let allowed = match status {
        RETIRED => old != RETIRED,
        ON_DUTY => old == RETIRED && rec.teacher.school_id.is_some(),
        _ => false,
    };
    if !allowed {
        return Err(AppError::Conflict(format!("不能从“{old}”改为“{status}”")));
    }
    let txn = db.begin().await?;
    let mut t: teacher::ActiveModel = rec.teacher.into();
    t.status = Set(status.into());
    t.updated_at = Set(Utc::now());
    t.update(&txn).await?;
    history::add(
        &txn,
        teacher_id,
        Some(actor),
        Entry {
            kind: "status",
            summary: format!("状态：{old} → {status}"),
            changes: vec![("status".into(), old, status.into())],
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
