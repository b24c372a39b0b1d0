//! Granting and removing roles, and creating administrator accounts.

use crate::domain::contact::validate_phone;
use crate::domain::grant::{Unit, may_grant};
use crate::domain::id_card::IdNumber;
use crate::domain::role::{Role, Scope};
use crate::dto::users::{AssignmentView, GrantInput, NewUserInput};
use crate::error::Broken;
use crate::error::{AppError, AppResult, FieldError};
use crate::server::auth::Actor;
use crate::server::entities::{institution, region, role_assignment, school, user};
use crate::server::services::accounts::{assign, insert_user};
use crate::server::services::like::TextMatch;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// Resolves the unit a grant names and checks the actor may grant the role there.
pub async fn checked_unit(
    db: &impl ConnectionTrait,
    actor: &Actor,
    g: &GrantInput,
) -> AppResult<(Role, Unit)> {
    let role = Role::parse(&g.role).ok_or_else(|| AppError::from(Broken::ChooseRole))?;
    let bad_unit = || AppError::from(Broken::ChooseUnit);
    let unit = match role {
        Role::ProvinceAdmin | Role::CityAdmin | Role::CountyAdmin | Role::Auditor => {
            let r = region::Entity::find_by_id(g.unit.clone())
                .one(db)
                .await?
                .ok_or_else(bad_unit)?;
            Unit::Region(r.code)
        }
        Role::SchoolAdmin => {
            let id: i64 = g.unit.parse().map_err(|e| bad_unit().because(e))?;
            let s = school::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or_else(bad_unit)?;
            Unit::School {
                id,
                county_code: s.county_code,
            }
        }
        Role::Institution => {
            let id: i64 = g.unit.parse().map_err(|e| bad_unit().because(e))?;
            institution::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or_else(bad_unit)?;
            Unit::Institution(id)
        }
        Role::Teacher => return Err(AppError::from(Broken::TeacherRoleFromRecord)),
    };
    let Scope::Region(at) = &actor.scope else {
        return Err(AppError::Forbidden);
    };
    if !may_grant(actor.role, at, role, &unit) {
        return Err(AppError::Forbidden);
    }
    Ok((role, unit))
}

pub async fn grant(
    db: &impl ConnectionTrait,
    user_id: i64,
    role: Role,
    unit: &Unit,
) -> AppResult<i64> {
    let (region, school, inst) = match unit {
        Unit::Region(c) => (Some(c.as_str()), None, None),
        Unit::School { id, .. } => (None, Some(*id), None),
        Unit::Institution(id) => (None, None, Some(*id)),
    };
    let existing = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(user_id))
        .filter(role_assignment::Column::Role.eq(role))
        .all(db)
        .await?;
    if existing.iter().any(|r| {
        r.region_code.as_deref() == region && r.school_id == school && r.institution_id == inst
    }) {
        return Err(AppError::from(Broken::RoleHeld));
    }
    Ok(assign(db, user_id, role, region, school, inst).await?.id)
}

/// The unit of an existing assignment, to check the actor may take it away.
pub async fn unit_of(
    db: &impl ConnectionTrait,
    ra: &role_assignment::Model,
) -> AppResult<Option<(Role, Unit)>> {
    let role = ra.role;
    Ok(match (&ra.region_code, ra.school_id, ra.institution_id) {
        (Some(c), _, _) => Some((role, Unit::Region(c.clone()))),
        (_, Some(id), _) => school::Entity::find_by_id(id).one(db).await?.map(|s| {
            (
                role,
                Unit::School {
                    id,
                    county_code: s.county_code,
                },
            )
        }),
        (_, _, Some(id)) => Some((role, Unit::Institution(id))),
        _ => None,
    })
}

pub async fn assignments(
    db: &impl ConnectionTrait,
    actor: &Actor,
    user_id: i64,
) -> AppResult<Vec<AssignmentView>> {
    let rows = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(user_id))
        .order_by_asc(role_assignment::Column::Id)
        .all(db)
        .await?;
    let Scope::Region(at) = &actor.scope else {
        return Err(AppError::Forbidden);
    };
    let names = super::accounts::scope_names(db, &rows).await?;
    let mut out = Vec::new();
    for ra in rows {
        let removable = match unit_of(db, &ra).await? {
            Some((role, unit)) => may_grant(actor.role, at, role, &unit),
            None => false,
        };
        out.push(AssignmentView {
            id: ra.id,
            role: ra.role,
            scope_name: names.get(&ra.id).cloned().unwrap_or_default(),
            removable,
        });
    }
    Ok(out)
}

/// Validates and creates an administrator account with its first role.
pub async fn create_user(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: &NewUserInput,
) -> AppResult<i64> {
    let mut errs = Vec::new();
    if input.name.trim().is_empty() {
        errs.push(FieldError {
            field: "name".into(),
            message: "请填写姓名".into(),
        });
    }
    let id = IdNumber::parse(&input.id_number);
    if let Err(e) = &id {
        errs.push(FieldError {
            field: "id_number".into(),
            message: e.message().into(),
        });
    }
    let phone = validate_phone(&input.phone);
    if let Err(m) = phone {
        errs.push(FieldError {
            field: "phone".into(),
            message: m.into(),
        });
    }
    if !errs.is_empty() {
        return Err(AppError::Validation(errs));
    }
    let (role, unit) = checked_unit(db, actor, &input.grant).await?;
    let (Ok(id), Ok(phone)) = (id, phone) else {
        return Err(AppError::Internal);
    };
    if user::Entity::find()
        .filter(user::Column::IdNumber.eq(id.as_str()))
        .one(db)
        .await?
        .is_some()
    {
        return Err(AppError::from(Broken::IdNumberHasAccount));
    }
    if user::Entity::find()
        .filter(user::Column::Phone.eq(phone.as_str()))
        .one(db)
        .await?
        .is_some()
    {
        return Err(AppError::from(Broken::PhoneTaken));
    }
    let u = insert_user(db, input.name.trim(), Some(&id), Some(&phone), None).await?;
    grant(db, u.id, role, &unit).await?;
    Ok(u.id)
}

/// Units inside `scope` a role can be granted on, filtered by keyword: (key, label).
pub async fn unit_options(
    db: &impl ConnectionTrait,
    scope: &str,
    role: Role,
    keyword: &str,
) -> AppResult<Vec<(String, String)>> {
    use crate::domain::region::{RegionLevel, prefix_of};
    use sea_orm::QuerySelect;
    let kw = keyword.trim();
    Ok(match role {
        Role::CityAdmin | Role::CountyAdmin => {
            let level = if role == Role::CityAdmin {
                RegionLevel::City
            } else {
                RegionLevel::County
            } as i16;
            region::Entity::find()
                .filter(region::Column::Level.eq(level))
                .filter(region::Column::Code.begins_with(prefix_of(scope).unwrap_or(scope)))
                .filter(region::Column::Name.has_text(kw))
                .order_by_asc(region::Column::Code)
                .all(db)
                .await?
                .into_iter()
                .map(|r| (r.code, r.name))
                .collect()
        }
        // The auditor reads the whole province's log: its unit is the province.
        Role::Auditor => region::Entity::find_by_id(scope.to_string())
            .one(db)
            .await?
            .into_iter()
            .map(|r| (r.code, r.name))
            .collect(),
        Role::SchoolAdmin => school::Entity::find()
            .filter(super::org::region_condition(
                scope,
                school::Column::ProvinceCode,
                school::Column::CityCode,
                school::Column::CountyCode,
            ))
            .filter(school::Column::Name.has_text(kw))
            .order_by_asc(school::Column::Id)
            .limit(50)
            .all(db)
            .await?
            .into_iter()
            .map(|s| (s.id.to_string(), s.name))
            .collect(),
        Role::Institution => institution::Entity::find()
            .filter(institution::Column::Name.has_text(kw))
            .order_by_asc(institution::Column::Id)
            .limit(50)
            .all(db)
            .await?
            .into_iter()
            .map(|i| (i.id.to_string(), i.name))
            .collect(),
        _ => Vec::new(),
    })
}
