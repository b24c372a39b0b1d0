//! Whom an announcement reached and who read it, by the unit one level below the one looked
//! at (a province's cities, a city's counties, a county's schools; at a school, the people
//! who have not read it). 催办 is `reminders`'.
//!
//! Nothing per recipient is stored at publishing: the reached figures are the teachers in post
//! per school that the statistics keep (`stat_counts`) and the role assignments, counted now;
//! the read figures are the counts by place kept as each read is recorded
//! (`announcement_read_counts`).

use super::publish::own;
use super::{from_unit, is_participants, roles_of, unit_name};
use crate::domain::announcement::{
    Audience, Recipient, Unit, child_of, reaches, read_rate, roles_below,
};
use crate::domain::region::prefix_of;
use crate::domain::role::Role;
use crate::domain::teacher::TeacherStatus;
use crate::dto::announcements::{RateRow, ReadRate, UnitRef};
use crate::error::{AppError, AppResult};
use crate::server::auth::Actor;
use crate::server::entities::{announcement, announcement_read_count, announcement_target};
use crate::server::sql::statement;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TryGetable, Value};
use std::collections::BTreeMap;

/// The most unread people one page lists.
pub const UNREAD_LISTED: u64 = 100;

/// The seats an institution's announcement addresses (its project's, or one class's), as the
/// conditions on `enrolments e` and the values they bind.
pub(super) fn seats(a: &announcement::Model) -> (String, Vec<Value>) {
    let mut values: Vec<Value> = vec![
        a.project_id.unwrap_or(-1).into(),
        crate::domain::enrolment_flow::EnrolmentStatus::Enrolled
            .as_str()
            .into(),
    ];
    let class = match a.class_id {
        Some(c) => {
            values.push(c.into());
            " AND e.class_id = ?"
        }
        None => "",
    };
    (format!("e.project_id = ? AND e.status = ?{class}"), values)
}

/// "… has not read it", of the user in column `user` (binds the announcement's id).
pub(super) fn not_read(user: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM announcement_reads r WHERE r.announcement_id = ? AND r.user_id = {user})"
    )
}

/// The units an announcement targets, each school with its county (looked up together).
pub(super) async fn targets(
    db: &impl ConnectionTrait,
    a: &announcement::Model,
) -> AppResult<Vec<Unit>> {
    let rows = announcement_target::Entity::find()
        .filter(announcement_target::Column::AnnouncementId.eq(a.id))
        .all(db)
        .await?;
    let counties = crate::server::services::names::school_counties(
        db,
        rows.iter().filter_map(|t| t.school_id),
    )
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|t| match (t.region_code, t.school_id) {
            (Some(code), _) => Some(Unit::Region(code)),
            (None, Some(id)) => Some(Unit::School {
                id,
                county: counties.get(&id).cloned().unwrap_or_default(),
            }),
            (None, None) => None,
        })
        .collect())
}

/// `LIKE` pattern and exact school of the places under `parent`.
pub(super) fn under(parent: &Unit) -> (String, Option<i64>) {
    match parent {
        Unit::Region(code) => (format!("{}%", prefix_of(code).unwrap_or(code)), None),
        Unit::School { id, county } => (county.clone(), Some(*id)),
        Unit::Institution(_) => ("-".into(), Some(-1)),
    }
}

pub(super) async fn rows_of<T: TryGetable>(
    db: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
    cols: usize,
) -> AppResult<Vec<Vec<T>>> {
    let stmt = statement(db.get_database_backend(), sql, values);
    let rows = db.query_all_raw(stmt).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let mut line = Vec::with_capacity(cols);
        for i in 0..cols {
            line.push(r.try_get_by_index::<T>(i)?);
        }
        out.push(line);
    }
    Ok(out)
}

/// Everyone an announcement of units can reach under `parent`, counted by place (a school,
/// or a bureau's region) and role.
async fn reached_places(
    db: &impl ConnectionTrait,
    a: &announcement::Model,
    parent: &Unit,
    targets: &[Unit],
) -> AppResult<Vec<(Unit, u64)>> {
    let from = from_unit(a);
    let roles = match roles_of(a) {
        r if r.is_empty() => roles_below(&from).to_vec(),
        r => r,
    };
    let audience = Audience::Units {
        units: targets.to_vec(),
        roles: roles.clone(),
    };
    let (like, school) = under(parent);
    let school_clause = if school.is_some() {
        " AND s.id = ?"
    } else {
        ""
    };
    let mut out: Vec<(Unit, u64)> = Vec::new();
    let mut keep = |role: Role, place: Unit, n: i64| {
        if reaches(
            &from,
            &audience,
            &Recipient {
                role,
                unit: place.clone(),
            },
        ) {
            out.push((place, n.max(0) as u64));
        }
    };
    // Teachers in post by their record's school, as the statistics keep them (`stat_counts`,
    // up to date in every write's transaction: a row per school, not a count over 600,000
    // records); school admins by their assignment's school, one grouped count. Both over the
    // schools under `parent` (read once for both).
    let per_school: [(Role, &str, &[&str]); 2] = [
        (
            Role::Teacher,
            "SELECT s.id, CAST(SUM(c.n) AS BIGINT) FROM stat_counts c JOIN schools s ON s.id = c.school_id \
             WHERE c.topic = ? AND c.period = 0 AND c.key = ? AND c.county_code LIKE ?",
            &[
                crate::server::services::stats::topic::TEACHERS,
                crate::domain::statistics::TEACHERS,
            ],
        ),
        (
            Role::SchoolAdmin,
            "SELECT s.id, COUNT(*) FROM role_assignments g JOIN schools s ON s.id = g.school_id \
             WHERE g.role = ? AND s.county_code LIKE ?",
            &[Role::SchoolAdmin.as_str()],
        ),
    ];
    if per_school.iter().any(|(role, _, _)| roles.contains(role)) {
        let counties = school_counties(db, &like, school).await?;
        for (role, select, binds) in per_school {
            if !roles.contains(&role) {
                continue;
            }
            let mut values: Vec<Value> = binds.iter().map(|b| (*b).into()).collect();
            values.push(like.clone().into());
            if let Some(id) = school {
                values.push(id.into());
            }
            let sql = format!("{select}{school_clause} GROUP BY s.id");
            let counts: Vec<Vec<i64>> = rows_of(db, &sql, values, 2).await?;
            for c in counts {
                if let Some(county) = counties.get(&c[0]) {
                    let place = Unit::School {
                        id: c[0],
                        county: county.clone(),
                    };
                    keep(role, place, c[1]);
                }
            }
        }
    }
    if school.is_none() {
        for role in [Role::CountyAdmin, Role::CityAdmin, Role::ProvinceAdmin] {
            if !roles.contains(&role) {
                continue;
            }
            let sql = "SELECT g.region_code, COUNT(*) FROM role_assignments g \
                       WHERE g.role = ? AND g.region_code LIKE ? GROUP BY g.region_code";
            let stmt = statement(
                db.get_database_backend(),
                sql,
                vec![role.as_str().into(), like.clone().into()],
            );
            for r in db.query_all_raw(stmt).await? {
                let code: String = r.try_get_by_index(0)?;
                let n: i64 = r.try_get_by_index(1)?;
                keep(role, Unit::Region(code), n);
            }
        }
    }
    Ok(out)
}

async fn school_counties(
    db: &impl ConnectionTrait,
    like: &str,
    school: Option<i64>,
) -> AppResult<std::collections::HashMap<i64, String>> {
    use crate::server::entities::school;
    let mut q = school::Entity::find().filter(school::Column::CountyCode.like(like));
    if let Some(id) = school {
        q = q.filter(school::Column::Id.eq(id));
    }
    Ok(q.all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.county_code))
        .collect())
}

/// The reads of the announcement, counted by the place kept with each.
async fn read_places(
    db: &impl ConnectionTrait,
    a: &announcement::Model,
) -> AppResult<Vec<(Unit, u64)>> {
    // Counted as each read is recorded (`inbox::mark_read`): a row per place, not per read.
    let counts = announcement_read_count::Entity::find()
        .filter(announcement_read_count::Column::AnnouncementId.eq(a.id))
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(counts.len());
    for c in counts {
        let place = match c.school_id {
            0 => Unit::Region(c.county_code),
            id => Unit::School {
                id,
                county: c.county_code,
            },
        };
        out.push((place, c.n.max(0) as u64));
    }
    Ok(out)
}

fn line(unit: Option<UnitRef>, name: String, reached: u64, read: u64) -> RateRow {
    RateRow {
        unit,
        name,
        reached,
        read: read.min(reached),
        rate: read_rate(read, reached),
    }
}

fn unit_ref(u: &Unit) -> Option<UnitRef> {
    match u {
        Unit::Region(code) => Some(UnitRef::Region(code.clone())),
        Unit::School { id, .. } => Some(UnitRef::School(*id)),
        Unit::Institution(_) => None,
    }
}

/// The unit the publisher looks at: its own, or one inside it.
async fn looked_at(
    db: &impl ConnectionTrait,
    from: &Unit,
    at: Option<&UnitRef>,
) -> AppResult<Unit> {
    let Some(at) = at else {
        return Ok(from.clone());
    };
    let unit = match at {
        UnitRef::Region(code) => Unit::Region(code.clone()),
        UnitRef::School(id) => {
            let s = crate::server::entities::school::Entity::find_by_id(*id)
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?;
            Unit::School {
                id: s.id,
                county: s.county_code,
            }
        }
    };
    if !from.holds(&unit) {
        return Err(AppError::NotFound);
    }
    Ok(unit)
}

/// Names of people who have not read, and how many more there are.
async fn unread_people(
    db: &impl ConnectionTrait,
    a: &announcement::Model,
    school: Option<i64>,
) -> AppResult<(Vec<String>, u64)> {
    let (from, values): (String, Vec<Value>) = if is_participants(a) {
        let (cond, mut v) = seats(a);
        v.push(a.id.into());
        (
            format!(
                "FROM enrolments e JOIN users u ON u.id = e.user_id WHERE {cond} AND {}",
                not_read("u.id")
            ),
            v,
        )
    } else {
        (
            format!(
                "FROM teachers t JOIN users u ON u.id = t.user_id WHERE t.school_id = ? AND t.status = ? AND {}",
                not_read("u.id")
            ),
            vec![
                school.unwrap_or(-1).into(),
                TeacherStatus::OnDuty.as_str().into(),
                a.id.into(),
            ],
        )
    };
    let backend = db.get_database_backend();
    let names = db
        .query_all_raw(statement(
            backend,
            &format!("SELECT u.name {from} ORDER BY u.name LIMIT {UNREAD_LISTED}"),
            values.clone(),
        ))
        .await?
        .into_iter()
        .map(|r| r.try_get_by_index::<String>(0))
        .collect::<Result<Vec<_>, _>>()?;
    let total: i64 = match db
        .query_one_raw(statement(
            backend,
            &format!("SELECT COUNT(*) {from}"),
            values,
        ))
        .await?
    {
        Some(r) => r.try_get_by_index(0)?,
        None => 0,
    };
    let more = (total.max(0) as u64).saturating_sub(names.len() as u64);
    Ok((names, more))
}

/// The read-rate table of an announcement of the actor's unit, at `at` (its own unit when
/// None, else a unit inside it).
pub async fn read_rates(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: i64,
    at: Option<&UnitRef>,
) -> AppResult<ReadRate> {
    let a = own(db, actor, id).await?;
    let from = from_unit(&a);
    if is_participants(&a) {
        let enrolled: i64 = {
            let (cond, v) = seats(&a);
            let sql = format!("SELECT COUNT(*) FROM enrolments e WHERE {cond}");
            match db
                .query_one_raw(statement(db.get_database_backend(), &sql, v))
                .await?
            {
                Some(r) => r.try_get_by_index(0)?,
                None => 0,
            }
        };
        let (people, more) = unread_people(db, &a, None).await?;
        let reached = enrolled.max(0) as u64;
        let unread = people.len() as u64 + more;
        let total = line(
            None,
            "参训学员".into(),
            reached,
            reached.saturating_sub(unread),
        );
        return Ok(ReadRate {
            unit: unit_name(db, &from).await?,
            rows: vec![total.clone()],
            total,
            unread_people: people,
            more_unread: more,
        });
    }
    let parent = looked_at(db, &from, at).await?;
    let targets = targets(db, &a).await?;
    let mut lines: BTreeMap<Option<String>, (Option<Unit>, u64, u64)> = BTreeMap::new();
    let key = |u: &Option<Unit>| u.as_ref().map(|u| format!("{u:?}"));
    for (place, n) in reached_places(db, &a, &parent, &targets).await? {
        let child = child_of(&parent, &place);
        lines.entry(key(&child)).or_insert((child, 0, 0)).1 += n;
    }
    for (place, n) in read_places(db, &a).await? {
        if !parent.holds(&place) {
            continue;
        }
        let child = child_of(&parent, &place);
        if let Some(l) = lines.get_mut(&key(&child)) {
            l.2 += n;
        }
    }
    let mut rows = Vec::with_capacity(lines.len());
    for (_, (child, reached, read)) in lines {
        let name = match &child {
            Some(u) => unit_name(db, u).await?,
            None => "本级".into(),
        };
        rows.push(line(child.as_ref().and_then(unit_ref), name, reached, read));
    }
    rows.sort_by(|x, y| (x.rate, &x.name).cmp(&(y.rate, &y.name)));
    let (reached, read) = rows
        .iter()
        .fold((0, 0), |(r, d), l| (r + l.reached, d + l.read));
    let (people, more) = match parent {
        Unit::School { id, .. } => unread_people(db, &a, Some(id)).await?,
        _ => (Vec::new(), 0),
    };
    Ok(ReadRate {
        unit: unit_name(db, &parent).await?,
        total: line(None, "合计".into(), reached, read),
        rows,
        unread_people: people,
        more_unread: more,
    })
}
