//! The project lists: what each role may see (the same rule as `policy::views`, as SQL), the
//! review queue, filters and the page's rows.

use crate::domain::project::{FillMode, format_credits};
use crate::domain::project_flow::ProjectStatus;
use crate::domain::region::{city_of, prefix_of, province_of};
use crate::domain::role::Scope;
use crate::dto::ids::ProjectId;
use crate::dto::projects::{ProjectFilter, ProjectRow};
use crate::dto::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page};
use crate::error::{AppError, AppResult};
use crate::server::auth::Actor;
use crate::server::entities::{project, project_class, project_region};
use crate::server::services::beijing;
use crate::server::services::like::TextMatch;
use crate::server::services::names;
use crate::server::services::org::region_names;
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use std::collections::HashMap;

/// The projects the actor may see, as a condition on `projects`.
pub(crate) fn visible(actor: &Actor) -> AppResult<Condition> {
    let approved = project::Column::Status.eq(ProjectStatus::Approved);
    use crate::server::auth::policy::proof::{Unit, unit};
    match unit(actor)? {
        Unit::Institution(id) => {
            let placed_here = Query::select()
                .column(project_class::Column::ProjectId)
                .from(project_class::Entity)
                .and_where(project_class::Column::InstitutionId.eq(id))
                .to_owned();
            Ok(Condition::any()
                .add(
                    Condition::all()
                        .add(project::Column::InstitutionId.eq(id))
                        .add(
                            Condition::any()
                                .add(project::Column::DeclarerRegion.is_null())
                                .add(approved.clone()),
                        ),
                )
                .add(
                    Condition::all()
                        .add(approved)
                        .add(project::Column::Id.in_subquery(placed_here)),
                ))
        }
        Unit::Bureau(code) => {
            let code = code.as_str();
            let prefix = prefix_of(code).ok_or(AppError::Forbidden)?;
            let aimed_here = Query::select()
                .column(project_region::Column::ProjectId)
                .from(project_region::Entity)
                .cond_where(
                    Condition::any()
                        .add(project_region::Column::RegionCode.begins_with(prefix))
                        .add(
                            project_region::Column::RegionCode
                                .is_in([province_of(code), city_of(code)]),
                        ),
                )
                .to_owned();
            Ok(Condition::any()
                .add(project::Column::DeclarerRegion.eq(code))
                .add(
                    Condition::all()
                        .add(project::Column::Status.ne(ProjectStatus::Draft))
                        .add(project::Column::ApproverRegion.begins_with(prefix)),
                )
                .add(
                    Condition::all()
                        .add(approved)
                        .add(project::Column::Id.in_subquery(aimed_here)),
                ))
        }
        Unit::School(_) => Err(AppError::Forbidden),
    }
}

pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
    f: &ProjectFilter,
) -> AppResult<Page<ProjectRow>> {
    let page_size = match f.page_size {
        0 => DEFAULT_PAGE_SIZE,
        n => n.min(MAX_PAGE_SIZE),
    };
    let mut q = project::Entity::find();
    if f.queue {
        let Scope::Region(code) = &actor.scope else {
            return Err(AppError::Forbidden);
        };
        q = q
            .filter(project::Column::Status.eq(ProjectStatus::Submitted))
            .filter(project::Column::ApproverRegion.eq(code.clone()))
            .filter(project::Column::DeclarerRegion.is_null());
    } else {
        q = q.filter(visible(actor)?);
    }
    let keyword = f.keyword.trim();
    if !keyword.is_empty() {
        q = q.filter(project::Column::Name.has_text(keyword));
    }
    if let Ok(year) = f.year.trim().parse::<i32>() {
        q = q.filter(project::Column::Year.eq(year));
    }
    if let Some(s) = ProjectStatus::parse(&f.status) {
        q = q.filter(project::Column::Status.eq(s));
    }
    if let Some(m) = FillMode::parse(&f.fill_mode) {
        q = q.filter(project::Column::FillMode.eq(m));
    }
    q = if f.queue {
        q.order_by_asc(project::Column::SubmittedAt)
            .order_by_asc(project::Column::Id)
    } else {
        q.order_by_desc(project::Column::Id)
    };
    let paginator = q.paginate(db, page_size);
    let total = paginator.num_items().await?;
    let page = f.page.max(1);
    let models = paginator.fetch_page(page - 1).await?;
    Ok(Page {
        items: rows(db, models).await?,
        total,
        page,
        page_size,
    })
}

/// List rows for projects, with institution and region names and class totals in three
/// queries however many rows.
pub async fn rows(
    db: &impl ConnectionTrait,
    models: Vec<project::Model>,
) -> AppResult<Vec<ProjectRow>> {
    let ids: Vec<i64> = models.iter().map(|p| p.id).collect();
    let inst_ids: Vec<i64> = models.iter().filter_map(|p| p.institution_id).collect();
    let institutions = names::institutions(db, inst_ids).await?;
    let regions = region_names(db, models.iter().map(|p| p.approver_region.clone())).await?;
    let mut classes: HashMap<i64, (u64, i64)> = HashMap::new();
    for c in project_class::Entity::find()
        .filter(project_class::Column::ProjectId.is_in(ids))
        .all(db)
        .await?
    {
        let e = classes.entry(c.project_id).or_default();
        e.0 += 1;
        e.1 += i64::from(c.capacity + c.extra_capacity);
    }
    Ok(models
        .into_iter()
        .map(|p| {
            let (class_count, seats) = classes.get(&p.id).copied().unwrap_or_default();
            ProjectRow {
                id: ProjectId(p.id),
                institution_name: p
                    .institution_id
                    .and_then(|i| institutions.get(&i).cloned())
                    .unwrap_or_else(|| "待分配".into()),
                approver_name: regions.get(&p.approver_region).cloned().unwrap_or_default(),
                fill_mode: p.fill_mode,
                status: p.status,
                credits: format_credits(p.credits_tenths.max(0) as u32),
                submitted_at: p
                    .submitted_at
                    .map(|t| beijing(t).format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_default(),
                name: p.name,
                year: p.year,
                level: p.level,
                kind: p.kind,
                nature: p.nature,
                makeup: p.makeup,
                hours: p.hours,
                class_count,
                seats,
            }
        })
        .collect())
}
