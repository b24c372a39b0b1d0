//! 催办: a publisher asks that those who have not read an announcement be reminded (once a
//! day per announcement and unit); the worker finds them and sends each a 催办提醒 — in the
//! 消息中心, and by SMS unless they turned reminders off — in batches, never one statement per
//! person.

use super::publish::own;
use super::reach::{not_read, read_rates, rows_of, seats, targets, under};
use super::{from_unit, is_participants, roles_of};
use crate::domain::announcement::{Audience, Recipient, Unit, reaches, roles_below};
use crate::domain::delivery::MessageKind;
use crate::domain::role::Role;
use crate::domain::teacher::TeacherStatus;
use crate::dto::announcements::UnitRef;
use crate::error::{AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::entities::{announcement, announcement_reminder};
use crate::server::services::notifications;
use crate::server::sql::statement;
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, NotSet,
    QueryFilter, QueryOrder, Value,
};

/// 催办: asks the worker to remind everyone in `at` (or the whole audience) who has not read
/// the announcement. Once a day per announcement and unit.
pub async fn remind(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: i64,
    at: Option<&UnitRef>,
) -> AppResult<()> {
    use announcement_reminder::Column as C;
    let a = own(db, actor, id).await?;
    if a.withdrawn_at.is_some() {
        return Err(Broken::AlreadyWithdrawn.into());
    }
    let rate = read_rates(db, actor, id, at).await?;
    if rate.total.reached == rate.total.read && rate.unread_people.is_empty() {
        return Err(Broken::NothingToRemind.into());
    }
    let (region_code, school_id) = match at {
        Some(UnitRef::Region(code)) => (Some(code.clone()), None),
        Some(UnitRef::School(id)) => (None, Some(*id)),
        None => (None, None),
    };
    let mut recent = announcement_reminder::Entity::find()
        .filter(C::AnnouncementId.eq(id))
        .filter(C::RequestedAt.gt(Utc::now() - Duration::hours(24)));
    recent = match &region_code {
        Some(code) => recent.filter(C::RegionCode.eq(code.clone())),
        None => recent.filter(C::RegionCode.is_null()),
    };
    recent = match school_id {
        Some(s) => recent.filter(C::SchoolId.eq(s)),
        None => recent.filter(C::SchoolId.is_null()),
    };
    if recent.one(db).await?.is_some() {
        return Err(Broken::RemindedToday.into());
    }
    announcement_reminder::ActiveModel {
        id: NotSet,
        announcement_id: Set(id),
        region_code: Set(region_code),
        school_id: Set(school_id),
        requested_by: Set(actor.user_id),
        requested_at: Set(Utc::now()),
        done_at: Set(None),
        reminded: Set(0),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The user ids a reminder reaches: reached in its unit, not read yet.
async fn unread_users(
    db: &impl ConnectionTrait,
    a: &announcement::Model,
    unit: &Unit,
) -> AppResult<Vec<i64>> {
    let unread = not_read("x.user_id");
    if is_participants(a) {
        let (cond, mut v) = seats(a);
        v.push(a.id.into());
        let sql = format!(
            "SELECT e.user_id FROM enrolments e WHERE {cond} AND {}",
            not_read("e.user_id")
        );
        let rows: Vec<Vec<i64>> = rows_of(db, &sql, v, 1).await?;
        return Ok(rows.into_iter().map(|r| r[0]).collect());
    }
    let targets = targets(db, a).await?;
    let from = from_unit(a);
    let roles = match roles_of(a) {
        r if r.is_empty() => roles_below(&from).to_vec(),
        r => r,
    };
    let audience = Audience::Units {
        units: targets,
        roles: roles.clone(),
    };
    let (like, school) = under(unit);
    let school_clause = if school.is_some() {
        " AND s.id = ?"
    } else {
        ""
    };
    let mut users = Vec::new();
    // Teachers by their record's school, school admins by their assignment's: one query each.
    let places = [
        (
            Role::Teacher,
            "teachers",
            format!("x.status = '{}'", TeacherStatus::OnDuty.as_str()),
        ),
        (
            Role::SchoolAdmin,
            "role_assignments",
            format!("x.role = '{}'", Role::SchoolAdmin.as_str()),
        ),
    ]
    .into_iter()
    .filter(|(role, _, _)| roles.contains(role))
    .map(|(role, table, kind)| {
        let sql = format!(
            "SELECT x.user_id, s.id, s.county_code FROM {table} x JOIN schools s ON s.id = x.school_id \
             WHERE {kind} AND s.county_code LIKE ?{school_clause} AND {unread}"
        );
        (role, sql)
    });
    for (role, sql) in places {
        let mut v: Vec<Value> = vec![like.clone().into()];
        if let Some(id) = school {
            v.push(id.into());
        }
        v.push(a.id.into());
        for r in db
            .query_all_raw(statement(db.get_database_backend(), &sql, v))
            .await?
        {
            let user: i64 = r.try_get_by_index(0)?;
            let id: i64 = r.try_get_by_index(1)?;
            let county: String = r.try_get_by_index(2)?;
            let place = Unit::School { id, county };
            if reaches(&from, &audience, &Recipient { role, unit: place }) {
                users.push(user);
            }
        }
    }
    if school.is_none() {
        for role in [Role::CountyAdmin, Role::CityAdmin] {
            if !roles.contains(&role) {
                continue;
            }
            let sql = format!(
                "SELECT x.user_id, x.region_code FROM role_assignments x WHERE x.role = ? AND x.region_code LIKE ? AND {unread}"
            );
            let v: Vec<Value> = vec![role.as_str().into(), like.clone().into(), a.id.into()];
            for r in db
                .query_all_raw(statement(db.get_database_backend(), &sql, v))
                .await?
            {
                let user: i64 = r.try_get_by_index(0)?;
                let code: String = r.try_get_by_index(1)?;
                if reaches(
                    &from,
                    &audience,
                    &Recipient {
                        role,
                        unit: Unit::Region(code),
                    },
                ) {
                    users.push(user);
                }
            }
        }
    }
    users.sort_unstable();
    users.dedup();
    Ok(users)
}

/// Sends the reminders asked for: a 催办提醒 notification to each who has not read (and an
/// SMS where they chose it, or by default). Run by the worker; returns how many it reminded.
pub async fn run_reminders(db: &impl ConnectionTrait) -> AppResult<usize> {
    use announcement_reminder::Column as C;
    let pending = announcement_reminder::Entity::find()
        .filter(C::DoneAt.is_null())
        .order_by_asc(C::Id)
        .all(db)
        .await?;
    let mut total = 0;
    for r in pending {
        let Some(a) = announcement::Entity::find_by_id(r.announcement_id)
            .one(db)
            .await?
        else {
            continue;
        };
        let from = from_unit(&a);
        let unit = match (&r.region_code, r.school_id) {
            (Some(code), _) => Unit::Region(code.clone()),
            (None, Some(id)) => Unit::School {
                id,
                county: crate::server::services::names::school_counties(db, [id])
                    .await?
                    .remove(&id)
                    .unwrap_or_default(),
            },
            (None, None) => from.clone(),
        };
        let users = if a.withdrawn_at.is_some() {
            Vec::new()
        } else {
            unread_users(db, &a, &unit).await?
        };
        let deadline = a
            .deadline
            .map(|d| format!("，请于 {} 前阅读", super::shown(d)))
            .unwrap_or_default();
        let body = format!("您有一条通知公告尚未阅读：“{}”{deadline}。", a.title);
        let link = format!("/announcements/{}", a.id);
        notifications::send_many(
            db,
            &users,
            MessageKind::Reminder,
            &format!("催办：{}", a.title),
            &body,
            Some(&link),
        )
        .await?;
        let mut m: announcement_reminder::ActiveModel = r.into();
        m.done_at = Set(Some(Utc::now()));
        m.reminded = Set(users.len() as i32);
        m.update(db).await?;
        total += users.len();
    }
    Ok(total)
}
