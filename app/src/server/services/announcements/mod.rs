//! 通知公告 (issue 17): bureaus, schools and institutions publish down their own scope; the
//! recipients list, open and confirm them; the publisher follows the read rate by unit and
//! reminds those who have not read. The rules of who may address whom and whom it reaches
//! are `domain::announcement`'s; this reads and writes them.

pub mod dispatch;
pub mod files;
pub mod inbox;
pub mod publish;
pub mod reach;
pub mod reminders;

use crate::domain::announcement::{AudienceKind, Unit};
use crate::domain::role::{Role, Scope};
use crate::error::{AppError, AppResult};
use crate::server::auth::Actor;
use crate::server::entities::{announcement, region, school, teacher};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// The unit the actor publishes from: its bureau's region, its school, its institution.
pub fn publisher_unit(actor: &Actor) -> AppResult<Unit> {
    match (&actor.scope, actor.role) {
        (Scope::Region(code), r) if r.is_bureau() => Ok(Unit::Region(code.clone())),
        (Scope::School { id, county_code }, Role::SchoolAdmin) => Ok(Unit::School {
            id: *id,
            county: county_code.clone(),
        }),
        (Scope::Institution(id), Role::Institution) => Ok(Unit::Institution(*id)),
        _ => Err(AppError::Forbidden),
    }
}

/// Where a recipient is, as the announcements see them.
#[derive(Debug, Clone)]
pub struct Place {
    pub user_id: i64,
    pub role: Role,
    pub unit: Unit,
    /// The county (or a bureau's own region), and the school, kept with a read.
    pub county: Option<String>,
    pub school_id: Option<i64>,
}

/// The actor's place: a teacher at their record's school (or their county's pool), an admin
/// at its scope. An institution or an auditor receives no announcements: None.
pub async fn place_of(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<Option<Place>> {
    let (unit, county, school_id) = match (&actor.scope, actor.role) {
        (Scope::Region(code), r) if r.is_bureau() => {
            (Unit::Region(code.clone()), Some(code.clone()), None)
        }
        (Scope::School { id, county_code }, Role::SchoolAdmin) => (
            Unit::School {
                id: *id,
                county: county_code.clone(),
            },
            Some(county_code.clone()),
            Some(*id),
        ),
        (Scope::Own(_), Role::Teacher) => {
            let Some(t) = teacher::Entity::find()
                .filter(teacher::Column::UserId.eq(actor.user_id))
                .one(db)
                .await?
            else {
                return Ok(None);
            };
            match t.school_id {
                Some(id) => {
                    let county = school::Entity::find_by_id(id)
                        .one(db)
                        .await?
                        .map(|s| s.county_code)
                        .unwrap_or_else(|| t.county_code.clone());
                    (
                        Unit::School {
                            id,
                            county: county.clone(),
                        },
                        Some(county),
                        Some(id),
                    )
                }
                None => (
                    Unit::Region(t.county_code.clone()),
                    Some(t.county_code.clone()),
                    None,
                ),
            }
        }
        _ => return Ok(None),
    };
    Ok(Some(Place {
        user_id: actor.user_id,
        role: actor.role,
        unit,
        county,
        school_id,
    }))
}

/// The unit an announcement came from.
pub fn from_unit(a: &announcement::Model) -> Unit {
    match (a.from_institution_id, a.from_school_id, &a.from_region) {
        (Some(id), _, _) => Unit::Institution(id),
        (None, Some(id), county) => Unit::School {
            id,
            county: county.clone().unwrap_or_default(),
        },
        (None, None, region) => Unit::Region(region.clone().unwrap_or_default()),
    }
}

/// The roles an announcement addresses (empty: every role below its publisher).
pub fn roles_of(a: &announcement::Model) -> Vec<Role> {
    serde_json::from_str(&a.roles).unwrap_or_default()
}

pub fn is_participants(a: &announcement::Model) -> bool {
    a.audience == AudienceKind::Participants
}

/// A unit's name: a region's, a school's, an institution's.
pub async fn unit_name(db: &impl ConnectionTrait, unit: &Unit) -> AppResult<String> {
    Ok(match unit {
        Unit::Region(code) => region::Entity::find_by_id(code.clone())
            .one(db)
            .await?
            .map_or_else(|| code.clone(), |r| r.name),
        Unit::School { id, .. } => super::names::schools(db, [*id])
            .await?
            .remove(id)
            .unwrap_or_default(),
        Unit::Institution(id) => super::names::institutions(db, [*id])
            .await?
            .remove(id)
            .unwrap_or_default(),
    })
}

/// Beijing time as the lists show it.
pub fn shown(t: chrono::DateTime<chrono::Utc>) -> String {
    super::beijing(t).format("%Y-%m-%d %H:%M").to_string()
}
