//! A recipient's announcements: which reach them (targets of their school or a region above
//! it, or the projects they take part in), pinned first; opening one reads it; 确认已读.

use super::{Place, from_unit, place_of, roles_of, shown, unit_name};
use crate::domain::announcement::{
    Audience, AudienceKind, Recipient, Unit, reaches, regions_above, standing,
};
use crate::domain::enrolment_flow::EnrolmentStatus;
use crate::dto::Page;
use crate::dto::announcements::{
    AnnouncementFilter, AnnouncementPage, AnnouncementRow, AnnouncementView,
};
use crate::error::{AppError, AppResult};
use crate::server::auth::Actor;
use crate::server::entities::{
    announcement, announcement_read, announcement_read_count, announcement_target, enrolment,
};
use chrono::Utc;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QuerySelect,
};
use std::collections::HashMap;

/// Whether an announcement of units reaches the place, by the domain's rule: the targets
/// matched are the units that hold it.
fn reaches_place(a: &announcement::Model, targets: &[Unit], place: &Place) -> bool {
    let audience = Audience::Units {
        units: targets.to_vec(),
        roles: roles_of(a),
    };
    let r = Recipient {
        role: place.role,
        unit: place.unit.clone(),
    };
    reaches(&from_unit(a), &audience, &r)
}

/// Every published announcement that reaches the place, newest first, pinned ones before.
pub async fn reaching(
    db: &impl ConnectionTrait,
    place: &Place,
) -> AppResult<Vec<announcement::Model>> {
    use announcement::Column as A;
    let now = Utc::now();
    // Units: the targets of the place's school or of a region above it.
    let regions = place
        .county
        .as_deref()
        .map(regions_above)
        .unwrap_or_default();
    let mut at = Condition::any().add(announcement_target::Column::RegionCode.is_in(regions));
    if let Some(school) = place.school_id {
        at = at.add(announcement_target::Column::SchoolId.eq(school));
    }
    let targets = announcement_target::Entity::find()
        .filter(at)
        .all(db)
        .await?;
    let mut by_announcement: HashMap<i64, Vec<Unit>> = HashMap::new();
    for t in targets {
        let unit = match (t.region_code, t.school_id) {
            (Some(code), _) => Unit::Region(code),
            (None, Some(id)) => match &place.unit {
                Unit::School { county, .. } => Unit::School {
                    id,
                    county: county.clone(),
                },
                _ => continue,
            },
            (None, None) => continue,
        };
        by_announcement
            .entry(t.announcement_id)
            .or_default()
            .push(unit);
    }
    let mut cond = Condition::any();
    if !by_announcement.is_empty() {
        cond = cond.add(A::Id.is_in(by_announcement.keys().copied().collect::<Vec<_>>()));
    }
    // Participants: the projects (and classes) the teacher holds a seat in.
    if place.role == crate::domain::role::Role::Teacher {
        let seats: Vec<(i64, Option<i64>)> = enrolment::Entity::find()
            .select_only()
            .column(enrolment::Column::ProjectId)
            .column(enrolment::Column::ClassId)
            .filter(enrolment::Column::UserId.eq(place.user_id))
            .filter(enrolment::Column::Status.eq(EnrolmentStatus::Enrolled))
            .into_tuple()
            .all(db)
            .await?;
        for (project, class) in seats {
            let mut c = Condition::all()
                .add(A::Audience.eq(AudienceKind::Participants))
                .add(A::ProjectId.eq(project));
            c = c.add(match class {
                Some(class) => Condition::any()
                    .add(A::ClassId.is_null())
                    .add(A::ClassId.eq(class)),
                None => Condition::all().add(A::ClassId.is_null()),
            });
            cond = cond.add(c);
        }
    }
    if cond.is_empty() {
        return Ok(Vec::new());
    }
    let mut found: Vec<announcement::Model> = announcement::Entity::find()
        .filter(cond)
        .filter(A::PublishAt.lte(now))
        .filter(A::WithdrawnAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .filter(|a| match a.audience {
            AudienceKind::Participants => true,
            AudienceKind::Units => by_announcement
                .get(&a.id)
                .is_some_and(|t| reaches_place(a, t, place)),
        })
        .collect();
    found.sort_by_key(|a| std::cmp::Reverse((a.pinned, a.publish_at, a.id)));
    Ok(found)
}

/// The caller's reads of these announcements.
async fn reads(
    db: &impl ConnectionTrait,
    user_id: i64,
    ids: Vec<i64>,
) -> AppResult<HashMap<i64, announcement_read::Model>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(announcement_read::Entity::find()
        .filter(announcement_read::Column::UserId.eq(user_id))
        .filter(announcement_read::Column::AnnouncementId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.announcement_id, r))
        .collect())
}

async fn rows(
    db: &impl ConnectionTrait,
    user_id: i64,
    list: Vec<announcement::Model>,
) -> AppResult<Vec<AnnouncementRow>> {
    let read = reads(db, user_id, list.iter().map(|a| a.id).collect()).await?;
    let mut names: HashMap<String, String> = HashMap::new();
    let mut out = Vec::with_capacity(list.len());
    for a in list {
        let from = from_unit(&a);
        let key = format!("{from:?}");
        let from_name = match names.get(&key) {
            Some(n) => n.clone(),
            None => {
                let n = unit_name(db, &from).await?;
                names.insert(key, n.clone());
                n
            }
        };
        let r = read.get(&a.id);
        out.push(AnnouncementRow {
            id: a.id,
            title: a.title,
            from: from_name,
            at: shown(a.publish_at),
            pinned: a.pinned,
            needs_ack: a.needs_ack,
            deadline: a.deadline.map(shown),
            read: r.is_some(),
            acked: r.is_some_and(|r| r.acked_at.is_some()),
        });
    }
    Ok(out)
}

/// The recipient's 通知公告 list.
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
    f: &AnnouncementFilter,
) -> AppResult<AnnouncementPage> {
    let size = crate::dto::page_size(f.page_size);
    let page = f.page.max(1);
    let Some(place) = place_of(db, actor).await? else {
        return Ok(AnnouncementPage {
            page: Page {
                items: Vec::new(),
                total: 0,
                page,
                page_size: size,
            },
            unread: 0,
        });
    };
    let all = reaching(db, &place).await?;
    let (read, unread) = read_and_unread(db, actor.user_id, &all).await?;
    let chosen: Vec<announcement::Model> = all
        .into_iter()
        .filter(|a| !f.unread || !read.contains_key(&a.id))
        .collect();
    let total = chosen.len() as u64;
    let slice: Vec<announcement::Model> = chosen
        .into_iter()
        .skip(((page - 1) * size) as usize)
        .take(size as usize)
        .collect();
    Ok(AnnouncementPage {
        page: Page {
            items: rows(db, actor.user_id, slice).await?,
            total,
            page,
            page_size: size,
        },
        unread,
    })
}

/// Which of `all` the user has read (and when), and how many are unread.
async fn read_and_unread(
    db: &impl ConnectionTrait,
    user_id: i64,
    all: &[announcement::Model],
) -> AppResult<(HashMap<i64, announcement_read::Model>, u64)> {
    let read = reads(db, user_id, all.iter().map(|a| a.id).collect()).await?;
    let unread = all.iter().filter(|a| !read.contains_key(&a.id)).count() as u64;
    Ok((read, unread))
}

/// The latest few for a home page, pinned first.
pub async fn latest(
    db: &impl ConnectionTrait,
    actor: &Actor,
    n: usize,
) -> AppResult<Vec<AnnouncementRow>> {
    Ok(latest_and_unread(db, actor, n).await?.0)
}

/// The latest few, and how many of all that reach the caller are unread.
pub async fn latest_and_unread(
    db: &impl ConnectionTrait,
    actor: &Actor,
    n: usize,
) -> AppResult<(Vec<AnnouncementRow>, u64)> {
    let Some(place) = place_of(db, actor).await? else {
        return Ok((Vec::new(), 0));
    };
    let mut all = reaching(db, &place).await?;
    let (_, unread) = read_and_unread(db, actor.user_id, &all).await?;
    all.truncate(n);
    Ok((rows(db, actor.user_id, all).await?, unread))
}

/// Records the read (once; the first time stays) and, for a first read, counts it at the
/// reader's place; `ack` also confirms it.
async fn mark_read(db: &impl ConnectionTrait, place: &Place, id: i64, ack: bool) -> AppResult<()> {
    use announcement_read::Column as R;
    use announcement_read_count::Column as N;
    let now = Utc::now();
    let first = announcement_read::Entity::insert(announcement_read::ActiveModel {
        announcement_id: Set(id),
        user_id: Set(place.user_id),
        county_code: Set(place.county.clone()),
        school_id: Set(place.school_id),
        read_at: Set(now),
        acked_at: Set(ack.then_some(now)),
    })
    .on_conflict(
        OnConflict::columns([R::AnnouncementId, R::UserId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?
        == 1;
    if first {
        announcement_read_count::Entity::insert(announcement_read_count::ActiveModel {
            announcement_id: Set(id),
            county_code: Set(place.county.clone().unwrap_or_default()),
            school_id: Set(place.school_id.unwrap_or(0)),
            n: Set(1),
        })
        .on_conflict(
            OnConflict::columns([N::AnnouncementId, N::CountyCode, N::SchoolId])
                .value(
                    N::N,
                    sea_orm::sea_query::ExprTrait::add(
                        Expr::col((announcement_read_count::Entity, N::N)),
                        1,
                    ),
                )
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    } else if ack {
        announcement_read::Entity::update_many()
            .col_expr(R::AckedAt, Expr::value(Some(now)))
            .filter(R::AnnouncementId.eq(id))
            .filter(R::UserId.eq(place.user_id))
            .filter(R::AckedAt.is_null())
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Who may open an announcement.
pub enum Opener {
    /// Someone of the unit that published it.
    Publisher,
    /// Someone it reaches (published, not withdrawn).
    Recipient(Place),
}

/// Whether the actor may open `a`, and as whom; anyone else: NotFound, as for one that does
/// not exist.
pub async fn opener(
    db: &impl ConnectionTrait,
    actor: &Actor,
    a: &announcement::Model,
) -> AppResult<Opener> {
    if super::publisher_unit(actor).is_ok_and(|u| u == from_unit(a)) {
        return Ok(Opener::Publisher);
    }
    let place = place_of(db, actor).await?.ok_or(AppError::NotFound)?;
    if !reaching(db, &place).await?.iter().any(|r| r.id == a.id) {
        return Err(AppError::NotFound);
    }
    Ok(Opener::Recipient(place))
}

/// Opens an announcement: the recipient reads it (and it is marked read); its publisher's
/// unit reads it too. Anyone else: NotFound, as for one that does not exist.
pub async fn open(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: i64,
) -> AppResult<AnnouncementView> {
    let a = announcement::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mine = match opener(db, actor, &a).await? {
        Opener::Publisher => true,
        Opener::Recipient(place) => {
            mark_read(db, &place, id, false).await?;
            false
        }
    };
    let now = Utc::now().timestamp();
    let st = standing(
        a.publish_at.timestamp(),
        a.withdrawn_at.map(|w| w.timestamp()),
        now,
    );
    let body = a.body.clone();
    let files = super::files::of(db, id).await?;
    let row = rows(db, actor.user_id, vec![a]).await?.remove(0);
    Ok(AnnouncementView {
        row,
        body,
        files,
        standing: st,
        mine,
    })
}

/// 确认已读.
pub async fn acknowledge(db: &impl ConnectionTrait, actor: &Actor, id: i64) -> AppResult<()> {
    let place = place_of(db, actor).await?.ok_or(AppError::NotFound)?;
    if !reaching(db, &place).await?.iter().any(|r| r.id == id) {
        return Err(AppError::NotFound);
    }
    mark_read(db, &place, id, true).await
}
