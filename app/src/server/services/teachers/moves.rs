//! 调出 and 调入: moving a record between schools and the free pool; leave and return.
//! The record (and so its training history) moves with the teacher.

use super::history::{self, Entry};
use super::{Located, load, load_managed};
use crate::domain::id_card::IdNumber;
use crate::domain::mask::mask_id_number;
use crate::domain::region::{city_of, province_of};
use crate::domain::teacher::TeacherStatus;
use crate::domain::transfer::{Place, manages, may_move};
use crate::dto::ids::TeacherId;
use crate::dto::teachers::{MoveInput, TransferCandidate};
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::entities::{audit_log, school, teacher, user};
use crate::server::services::org::{county_label, find_school};
use crate::server::services::{audit, notifications};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait,
};

async fn school_name(db: &impl ConnectionTrait, id: Option<i64>) -> AppResult<String> {
    Ok(match id {
        Some(id) => school::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|s| s.name)
            .unwrap_or_default(),
        None => TeacherStatus::Pool.label().into(),
    })
}

/// Look-ups by full ID number an admin may make in a day: each is audited, and the cap keeps
/// a leaked ID list from being walked through the 调入 dialog.
pub const LOOKUPS_PER_DAY: u64 = 30;

/// The one answer when no record matches both the ID number and the name typed.
fn no_such_record() -> AppError {
    AppError::from(Broken::NoMatchingRecord)
}

/// 调入 step one: the record with this full ID number and name, whoever keeps it. Knowing the
/// whole number and the name is the proof of a real transfer; the answer adds only where the
/// record sits now, and a wrong name is answered as an unknown number is.
pub async fn find_by_id_number(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id_number: &str,
    name: &str,
) -> AppResult<TransferCandidate> {
    let id = IdNumber::parse(id_number).map_err(|e| AppError::field("id_number", e.message()))?;
    if name.trim().is_empty() {
        return Err(AppError::from(Broken::NameRequired));
    }
    let used = audit_log::Entity::find()
        .filter(audit_log::Column::ActorUserId.eq(actor.user_id))
        .filter(audit_log::Column::Action.eq(LOOKUP_ACTION))
        .filter(audit_log::Column::At.gt(Utc::now() - Duration::days(1)))
        .count(db)
        .await?;
    if used >= LOOKUPS_PER_DAY {
        return Err(AppError::from(Broken::LookupsExhausted {
            per_day: LOOKUPS_PER_DAY,
        }));
    }
    let found = user::Entity::find()
        .filter(user::Column::IdNumber.eq(id.as_str()))
        .find_also_related(teacher::Entity)
        .one(db)
        .await?
        .and_then(|(u, t)| Some((u, t?)))
        .filter(|(u, _)| u.name == name.trim());
    audit::record(
        db,
        audit::Entry {
            actor_user_id: Some(actor.user_id),
            actor_role: Some(actor.role.as_str().into()),
            action: LOOKUP_ACTION,
            outcome: if found.is_some() { "ok" } else { "failed" },
            target_type: found.as_ref().map(|_| "teacher"),
            target_id: found.as_ref().map(|(_, t)| t.id.to_string()),
            ..Default::default()
        },
    )
    .await;
    let (u, t) = found.ok_or_else(no_such_record)?;
    Ok(TransferCandidate {
        teacher_id: TeacherId(t.id),
        name: u.name,
        id_number: mask_id_number(id.as_str()),
        region_name: county_label(db, &t.county_code).await?,
        school_name: school_name(db, t.school_id).await?,
        status: t.status,
    })
}

const LOOKUP_ACTION: &str = "teacher.lookup_by_id_number";

/// Whether the actor proves a transfer out of someone else's keeping: the full ID number of
/// the record, typed again (a numeric record id alone proves nothing).
fn proves(rec: &Located, typed: &str) -> bool {
    IdNumber::parse(typed).is_ok_and(|id| rec.user.id_number.as_deref() == Some(id.as_str()))
}

/// Tells the releasing school's and county's admins that a record left them.
async fn tell_releasing_side(
    db: &impl ConnectionTrait,
    from: Place<'_>,
    summary: &str,
    teacher_name: &str,
) -> AppResult<()> {
    use crate::domain::role::Role;
    use crate::server::entities::role_assignment as ra;
    let mut who = Condition::any().add(
        Condition::all()
            .add(ra::Column::Role.eq(Role::CountyAdmin))
            .add(ra::Column::RegionCode.eq(from.county)),
    );
    if let Some(id) = from.school_id {
        who = who.add(
            Condition::all()
                .add(ra::Column::Role.eq(Role::SchoolAdmin))
                .add(ra::Column::SchoolId.eq(id)),
        );
    }
    let admins = ra::Entity::find().filter(who).all(db).await?;
    let body = format!("教师{teacher_name}的档案已被调走：{summary}");
    let mut told = std::collections::BTreeSet::new();
    for a in admins {
        if told.insert(a.user_id) {
            notifications::send(
                db,
                a.user_id,
                crate::domain::delivery::MessageKind::Transfer,
                "教师调出通知",
                &body,
                None,
            )
            .await?;
        }
    }
    Ok(())
}

/// Moves a record to a school or (to_school_id 0) its county's pool, if the actor may.
pub async fn move_teacher(
    db: &DatabaseConnection,
    actor: &Actor,
    input: &MoveInput,
) -> AppResult<()> {
    let rec = load(db, input.teacher_id.0).await?;
    let target = if input.to_school_id > 0 {
        let s = find_school(db, input.to_school_id).await?;
        if s.disabled {
            return Err(AppError::from(Broken::TargetSchoolDisabled));
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
    if rec.teacher.status == TeacherStatus::Retired {
        return Err(AppError::from(Broken::TeacherRetired));
    }
    if to == rec.place() {
        return Err(AppError::from(Broken::SameSchool));
    }
    if !may_move(actor.role, &actor.scope, rec.place(), to) {
        return Err(AppError::Forbidden);
    }
    // Taking a record the actor does not keep needs its full ID number, checked here.
    let taken_from_others = !manages(actor.role, &actor.scope, rec.place());
    if taken_from_others && !proves(&rec, &input.id_number) {
        return Err(AppError::from(Broken::ProveFullId));
    }
    let from_county = rec.teacher.county_code.clone();
    let teacher_name = rec.user.name.clone();
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
            t.status = Set(TeacherStatus::OnDuty);
            ("调入", s.name.clone())
        }
        None => {
            t.school_id = Set(None);
            t.status = Set(TeacherStatus::Pool);
            ("调出", TeacherStatus::Pool.label().to_string())
        }
    };
    t.updated_at = Set(Utc::now());
    t.update(&txn).await?;
    let reason = input.reason.trim();
    history::add(
        &txn,
        input.teacher_id.0,
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
    if taken_from_others {
        let from = Place {
            school_id: from_id,
            county: &from_county,
        };
        let summary = format!("{kind_label}：{from_name} → {to_name}");
        tell_releasing_side(&txn, from, &summary, &teacher_name).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// 离退 and back to 在岗 (`TeacherStatus::may_set`).
pub async fn set_status(
    db: &DatabaseConnection,
    actor: &Actor,
    teacher_id: i64,
    to: TeacherStatus,
) -> AppResult<()> {
    let rec = load_managed(db, actor, teacher_id).await?;
    let from = rec.teacher.status;
    if !TeacherStatus::may_set(from, to, rec.teacher.school_id.is_some()) {
        return Err(AppError::from(Broken::StatusChange { from, to }));
    }
    let (old, status) = (from.label().to_string(), to.label());
    let txn = db.begin().await?;
    let mut t: teacher::ActiveModel = rec.teacher.into();
    t.status = Set(to);
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
