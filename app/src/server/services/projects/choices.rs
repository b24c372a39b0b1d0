//! What the declaration form offers: years, regions the caller may target, institutions.

use crate::domain::region::prefix_of;
use crate::domain::role::Role;
use crate::dto::projects::ProjectChoices;
use crate::error::{AppError, AppResult};
use crate::server::auth::Actor;
use crate::server::entities::{institution, institution_region, region, training_year};
use crate::server::services::like::TextMatch;
use crate::server::services::workflow::unit_name;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

pub async fn choices(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<ProjectChoices> {
    use crate::server::auth::policy::proof::{Unit, unit};
    let (roots, is_bureau): (Vec<String>, bool) = match unit(actor)? {
        Unit::Bureau(code) => (vec![code], true),
        Unit::Institution(id) => (
            institution_region::Entity::find()
                .filter(institution_region::Column::InstitutionId.eq(id))
                .all(db)
                .await?
                .into_iter()
                .map(|r| r.region_code)
                .collect(),
            false,
        ),
        _ => return Err(AppError::Forbidden),
    };
    let mut inside = Condition::any();
    for root in &roots {
        if let Some(p) = prefix_of(root) {
            inside = inside.add(region::Column::Code.begins_with(p));
        }
    }
    let regions = if roots.is_empty() {
        Vec::new()
    } else {
        region::Entity::find()
            .filter(inside)
            .order_by_asc(region::Column::Code)
            .all(db)
            .await?
    };
    // "石家庄市 / 长安区": a county carries its city's name so a long list stays readable.
    let name_of = |code: &str| {
        regions
            .iter()
            .find(|r| r.code == code)
            .map(|r| r.name.clone())
    };
    let regions = regions
        .iter()
        .map(|r| {
            let label = match r.parent_code.as_deref().and_then(name_of) {
                Some(parent) if r.level == 3 => format!("{parent} / {}", r.name),
                _ => r.name.clone(),
            };
            (r.code.clone(), label)
        })
        .collect();
    let years = training_year::Entity::find()
        .order_by_desc(training_year::Column::Year)
        .all(db)
        .await?;
    let institutions = if is_bureau {
        institution::Entity::find()
            .filter(institution::Column::Disabled.eq(false))
            .order_by_asc(institution::Column::Name)
            .all(db)
            .await?
            .into_iter()
            .map(|i| (i.id, i.name))
            .collect()
    } else {
        Vec::new()
    };
    let unit = unit_name(db, actor).await?;
    let organiser = match actor.role {
        Role::ProvinceAdmin => format!("{unit}教育厅"),
        r if r.is_bureau() => format!("{unit}教育局"),
        _ => unit,
    };
    Ok(ProjectChoices {
        current_year: years.iter().find(|y| y.current).map(|y| y.year),
        years: years.into_iter().map(|y| y.year).collect(),
        regions,
        institutions,
        is_bureau,
        organiser,
    })
}
