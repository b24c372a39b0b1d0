//! Publishing, withdrawing, and the publisher's own list. Publishing writes the announcement
//! and its target units — a handful of rows whoever it reaches.

use super::{from_unit, is_participants, publisher_unit, roles_of, shown, unit_name};
use crate::domain::announcement::{
    Audience, AudienceKind, AudienceRefused, Unit, check_audience, standing,
};
use crate::dto::Page;
use crate::dto::announcements::{
    Draft, PublishOptions, PublishedRow, UnitOption, UnitRef, has_text, parse_local, validate_draft,
};
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::entities::{
    announcement, announcement_target, project, project_class, region, school,
};
use crate::server::services::audit;
use chrono::{DateTime, TimeZone, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, NotSet,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionSession, TransactionTrait,
};

/// A Beijing time typed in the form, as UTC; None if empty.
fn beijing_time(s: &str, field: &'static str) -> AppResult<Option<DateTime<Utc>>> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    let t = parse_local(s).ok_or(AppError::from(Broken::TimeInvalid { field }))?;
    Ok(Some(
        Utc.from_utc_datetime(&(t - chrono::Duration::hours(8))),
    ))
}

/// The body as it may be shown: a safe subset of HTML (no scripts, styles, frames or event
/// attributes; links open apart from the platform).
pub fn clean_body(html: &str) -> String {
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .clean(html)
        .to_string()
        .trim()
        .to_string()
}

async fn resolve(db: &impl ConnectionTrait, units: &[UnitRef]) -> AppResult<Vec<Unit>> {
    let mut out = Vec::with_capacity(units.len());
    for u in units {
        out.push(match u {
            UnitRef::Region(code) => {
                region::Entity::find_by_id(code.clone())
                    .one(db)
                    .await?
                    .ok_or(AppError::from(Broken::UnitUnknown))?;
                Unit::Region(code.clone())
            }
            UnitRef::School(id) => {
                let s = school::Entity::find_by_id(*id)
                    .one(db)
                    .await?
                    .ok_or(AppError::from(Broken::UnitUnknown))?;
                Unit::School {
                    id: s.id,
                    county: s.county_code,
                }
            }
        });
    }
    Ok(out)
}

fn refused(r: AudienceRefused) -> AppError {
    AppError::from(match r {
        AudienceRefused::OutsideScope | AudienceRefused::WrongKind => Broken::UnitOutside,
        AudienceRefused::RoleAbove => Broken::RoleAbove,
    })
}

/// Checks an institution's project (and class) is its own.
async fn own_project(
    db: &impl ConnectionTrait,
    institution_id: i64,
    project_id: Option<i64>,
    class_id: Option<i64>,
) -> AppResult<(i64, Option<i64>)> {
    let project_id = project_id.ok_or(AppError::from(Broken::ChooseProject))?;
    let p = project::Entity::find_by_id(project_id)
        .one(db)
        .await?
        .ok_or(AppError::from(Broken::ProjectNotOwn))?;
    let class = match class_id {
        Some(id) => Some(
            project_class::Entity::find_by_id(id)
                .one(db)
                .await?
                .filter(|c| c.project_id == project_id)
                .ok_or(AppError::from(Broken::ProjectNotOwn))?,
        ),
        None => None,
    };
    let runs = p.institution_id == Some(institution_id)
        || class
            .as_ref()
            .is_some_and(|c| c.institution_id == Some(institution_id));
    if !runs {
        return Err(AppError::from(Broken::ProjectNotOwn));
    }
    Ok((project_id, class.map(|c| c.id)))
}

/// Publishes `draft` from the actor's unit; returns its id.
pub async fn publish<C>(db: &C, actor: &Actor, draft: &Draft) -> AppResult<i64>
where
    C: ConnectionTrait + TransactionTrait,
{
    let from = publisher_unit(actor)?;
    let errors = validate_draft(draft);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let title = draft.title.trim();
    let body = clean_body(&draft.body);
    if !has_text(&body) {
        return Err(Broken::BodyRequired.into());
    }
    let now = Utc::now();
    let publish_at = beijing_time(&draft.publish_at, "publish_at")?.unwrap_or(now);
    let deadline = beijing_time(&draft.deadline, "deadline")?;
    if deadline.is_some_and(|d| d <= publish_at) {
        return Err(Broken::DeadlineBeforePublish.into());
    }
    let (audience, project_id, class_id, units) = match &from {
        Unit::Institution(id) => {
            let (p, c) = own_project(db, *id, draft.project_id, draft.class_id).await?;
            (
                Audience::Participants {
                    project_id: p,
                    class_id: c,
                },
                Some(p),
                c,
                Vec::new(),
            )
        }
        _ => {
            let units = resolve(db, &draft.units).await?;
            (
                Audience::Units {
                    units: units.clone(),
                    roles: draft.roles.clone(),
                },
                None,
                None,
                units,
            )
        }
    };
    check_audience(&from, &audience).map_err(refused)?;
    let (from_region, from_school_id, from_institution_id) = match &from {
        Unit::Region(code) => (Some(code.clone()), None, None),
        Unit::School { id, county } => (Some(county.clone()), Some(*id), None),
        Unit::Institution(id) => (None, None, Some(*id)),
    };
    let txn = db.begin().await?;
    let a = announcement::ActiveModel {
        id: NotSet,
        publisher_user_id: Set(actor.user_id),
        from_region: Set(from_region),
        from_school_id: Set(from_school_id),
        from_institution_id: Set(from_institution_id),
        audience: Set(match audience {
            Audience::Units { .. } => AudienceKind::Units,
            Audience::Participants { .. } => AudienceKind::Participants,
        }),
        roles: Set(serde_json::to_string(&draft.roles).unwrap_or_else(|_| "[]".into())),
        project_id: Set(project_id),
        class_id: Set(class_id),
        title: Set(title.to_string()),
        body: Set(body),
        pinned: Set(draft.pinned),
        needs_ack: Set(draft.needs_ack),
        publish_at: Set(publish_at),
        deadline: Set(deadline),
        withdrawn_at: Set(None),
        withdrawn_by: Set(None),
        dispatched_at: Set(None),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    // The whole of the publisher's unit when no unit was chosen.
    let targets = match (&from, units.is_empty()) {
        (Unit::Institution(_), _) => Vec::new(),
        (own, true) => vec![own.clone()],
        (_, false) => units,
    };
    for t in targets {
        let (region_code, school_id) = match t {
            Unit::Region(code) => (Some(code), None),
            Unit::School { id, .. } => (None, Some(id)),
            Unit::Institution(_) => continue,
        };
        announcement_target::ActiveModel {
            id: NotSet,
            announcement_id: Set(a.id),
            region_code: Set(region_code),
            school_id: Set(school_id),
        }
        .insert(&txn)
        .await?;
    }
    super::files::attach(&txn, actor, a.id, &draft.files).await?;
    audit::write(
        &txn,
        audit::Entry {
            actor_user_id: Some(actor.user_id),
            actor_role: Some(actor.role.as_str().to_string()),
            action: "announcement.publish",
            outcome: "ok",
            target_type: Some("announcement"),
            target_id: Some(a.id.to_string()),
            after: Some(serde_json::json!({
                "title": a.title,
                "publish_at": a.publish_at,
                "units": draft.units.len(),
                "files": draft.files.len(),
                "roles": draft.roles,
                "project_id": project_id,
                "class_id": class_id,
            })),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(a.id)
}

/// An announcement of the actor's own unit, or NotFound (another unit's is not told apart
/// from one that does not exist).
pub async fn own(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: i64,
) -> AppResult<announcement::Model> {
    let from = publisher_unit(actor)?;
    announcement::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|a| from_unit(a) == from)
        .ok_or(AppError::NotFound)
}

/// 撤回: recipients no longer see it; it is kept, and the withdrawal audited.
pub async fn withdraw(db: &impl ConnectionTrait, actor: &Actor, id: i64) -> AppResult<()> {
    let a = own(db, actor, id).await?;
    if a.withdrawn_at.is_some() {
        return Err(Broken::AlreadyWithdrawn.into());
    }
    let mut m: announcement::ActiveModel = a.into();
    m.withdrawn_at = Set(Some(Utc::now()));
    m.withdrawn_by = Set(Some(actor.user_id));
    m.update(db).await?;
    audit::write(
        db,
        audit::Entry {
            actor_user_id: Some(actor.user_id),
            actor_role: Some(actor.role.as_str().to_string()),
            action: "announcement.withdraw",
            outcome: "ok",
            target_type: Some("announcement"),
            target_id: Some(id.to_string()),
            ..Default::default()
        },
    )
    .await
}

/// Whom an announcement is for, in words.
fn audience_words(a: &announcement::Model, targets: usize) -> String {
    if is_participants(a) {
        if a.class_id.is_some() {
            "本班学员".to_string()
        } else {
            "项目学员".to_string()
        }
    } else {
        let roles = roles_of(a);
        let roles = if roles.is_empty() {
            "全部人员".to_string()
        } else {
            roles
                .iter()
                .map(|r| r.label())
                .collect::<Vec<_>>()
                .join("、")
        };
        let units = if a.from_school_id.is_some() || targets <= 1 {
            "本单位".to_string()
        } else {
            format!("{targets} 个单位")
        };
        format!("{units} · {roles}")
    }
}

/// The announcements of the actor's unit, newest first.
pub async fn published(
    db: &impl ConnectionTrait,
    actor: &Actor,
    page: u64,
) -> AppResult<Page<PublishedRow>> {
    use announcement::Column as C;
    let q = match publisher_unit(actor)? {
        Unit::Region(code) => announcement::Entity::find()
            .filter(C::FromRegion.eq(code))
            .filter(C::FromSchoolId.is_null()),
        Unit::School { id, .. } => announcement::Entity::find().filter(C::FromSchoolId.eq(id)),
        Unit::Institution(id) => announcement::Entity::find().filter(C::FromInstitutionId.eq(id)),
    };
    let size = crate::dto::DEFAULT_PAGE_SIZE;
    let page = page.max(1);
    let total = q.clone().count(db).await?;
    let rows = q
        .order_by_desc(C::Id)
        .offset((page - 1) * size)
        .limit(size)
        .all(db)
        .await?;
    let now = Utc::now().timestamp();
    // The target counts of the page's announcements, in one grouped query.
    use announcement_target::Column as T;
    let counts: std::collections::HashMap<i64, i64> = announcement_target::Entity::find()
        .select_only()
        .column(T::AnnouncementId)
        .column_as(T::Id.count(), "n")
        .filter(T::AnnouncementId.is_in(rows.iter().map(|a| a.id)))
        .group_by(T::AnnouncementId)
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut items = Vec::with_capacity(rows.len());
    for a in rows {
        let targets = counts.get(&a.id).copied().unwrap_or(0) as usize;
        items.push(PublishedRow {
            id: a.id,
            audience: audience_words(&a, targets),
            title: a.title.clone(),
            at: shown(a.publish_at),
            standing: standing(
                a.publish_at.timestamp(),
                a.withdrawn_at.map(|w| w.timestamp()),
                now,
            ),
            pinned: a.pinned,
        });
    }
    Ok(Page {
        items,
        total,
        page,
        page_size: size,
    })
}

/// What the publish form offers: the units one level below (a county's schools, a city's
/// counties, a province's cities), the roles below, an institution's projects and classes.
pub async fn options(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<PublishOptions> {
    use crate::domain::region::{RegionLevel, level_of};
    use crate::domain::role::Role::*;
    let from = publisher_unit(actor)?;
    let own = unit_name(db, &from).await?;
    let mut out = PublishOptions {
        own,
        units: Vec::new(),
        roles: Vec::new(),
        projects: Vec::new(),
        classes: Vec::new(),
    };
    match &from {
        Unit::Region(code) => {
            out.roles = match level_of(code) {
                Some(RegionLevel::Province) => vec![Teacher, SchoolAdmin, CountyAdmin, CityAdmin],
                Some(RegionLevel::City) => vec![Teacher, SchoolAdmin, CountyAdmin],
                _ => vec![Teacher, SchoolAdmin],
            };
            if level_of(code) == Some(RegionLevel::County) {
                out.units = school::Entity::find()
                    .filter(school::Column::CountyCode.eq(code.clone()))
                    .filter(school::Column::Disabled.eq(false))
                    .order_by_asc(school::Column::Name)
                    .all(db)
                    .await?
                    .into_iter()
                    .map(|s| UnitOption {
                        unit: UnitRef::School(s.id),
                        name: s.name,
                    })
                    .collect();
            } else {
                out.units = region::Entity::find()
                    .filter(region::Column::ParentCode.eq(code.clone()))
                    .order_by_asc(region::Column::Code)
                    .all(db)
                    .await?
                    .into_iter()
                    .map(|r| UnitOption {
                        unit: UnitRef::Region(r.code),
                        name: r.name,
                    })
                    .collect();
            }
        }
        Unit::School { .. } => out.roles = vec![Teacher],
        Unit::Institution(id) => {
            let projects = project::Entity::find()
                .filter(project::Column::InstitutionId.eq(*id))
                .order_by_desc(project::Column::Id)
                .all(db)
                .await?;
            let ids: Vec<i64> = projects.iter().map(|p| p.id).collect();
            out.projects = projects.into_iter().map(|p| (p.id, p.name)).collect();
            out.classes = project_class::Entity::find()
                .filter(project_class::Column::ProjectId.is_in(ids))
                .order_by_asc(project_class::Column::Id)
                .all(db)
                .await?
                .into_iter()
                .map(|c| (c.id, c.project_id, c.name))
                .collect();
        }
    }
    Ok(out)
}
