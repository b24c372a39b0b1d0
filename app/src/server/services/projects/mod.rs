//! Training projects: declaration, review, lists and the detail page.

pub mod audience;
pub mod choices;
pub mod detail;
pub mod flow;
pub mod list;
pub mod plan;
pub mod save;

use crate::domain::enrolment_rules::Targets;
use crate::domain::project_flow::ProjectStatus;
use crate::error::{AppError, AppResult};
use crate::server::auth::Actor;
use crate::server::auth::policy::{Permission, ProjectRef, Target, allows};
use crate::server::entities::{project, project_class, project_region};
use crate::server::services::by_id;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// A project row with its target regions and audience: what every rule about it needs.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub p: project::Model,
    pub targets: Vec<String>,
    /// Its stages, subjects and posts.
    pub audience: Targets,
    /// Institutions running one of its classes (directive classes placed by the province).
    pub class_institutions: Vec<i64>,
}

impl Loaded {
    pub fn status(&self) -> ProjectStatus {
        self.p.status
    }

    pub fn policy_ref(&self) -> ProjectRef<'_> {
        ProjectRef {
            institution_id: self.p.institution_id,
            declarer_region: self.p.declarer_region.as_deref(),
            approver_region: &self.p.approver_region,
            status: self.status(),
            targets: &self.targets,
            class_institutions: &self.class_institutions,
        }
    }
}

pub async fn load(db: &impl ConnectionTrait, id: i64) -> AppResult<Loaded> {
    let p = by_id::found::<project::Entity>(db, id).await?;
    let targets = project_region::Entity::find()
        .filter(project_region::Column::ProjectId.eq(id))
        .order_by_asc(project_region::Column::RegionCode)
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.region_code)
        .collect();
    let mut class_institutions: Vec<i64> = project_class::Entity::find()
        .filter(project_class::Column::ProjectId.eq(id))
        .filter(project_class::Column::InstitutionId.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .filter_map(|c| c.institution_id)
        .collect();
    class_institutions.sort_unstable();
    class_institutions.dedup();
    Ok(Loaded {
        p,
        targets,
        audience: audience::read(db, id).await?,
        class_institutions,
    })
}

/// The project if the actor may see it; a project outside the actor's view is "not found",
/// so ids do not reveal what exists.
pub async fn load_visible(db: &impl ConnectionTrait, actor: &Actor, id: i64) -> AppResult<Loaded> {
    let l = load(db, id).await?;
    if allows(
        actor,
        Permission::ViewProject,
        &Target::Project(&l.policy_ref()),
    ) {
        Ok(l)
    } else {
        Err(AppError::NotFound)
    }
}
