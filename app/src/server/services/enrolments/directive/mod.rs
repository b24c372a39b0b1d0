//! The directive chain (指令性项目, Hebei): the bureau that made the project gives each county a
//! quota; the county picks its participants (by search or from an Excel list) and submits them;
//! the city passes them on or returns some; the province places them in classes run by
//! institutions; the institution confirms them and publishes the opening notice. The steps that
//! only change a status (submit, pass, return, remove, confirm) are `review::decide`.
//!
//! Here: which projects and counties the caller sees, the page's overview, the quotas. The
//! county's picks are in `picks`, the province's placement and the opening notice in
//! `placement`.

use crate::domain::enrolment_flow::{EnrolmentStatus, directive_step};
use crate::domain::project::FillMode;
use crate::domain::project_flow::ProjectStatus;
use crate::domain::project_flow::Side;
use crate::domain::region::covers;
use crate::domain::role::Scope;
use crate::dto::DEFAULT_PAGE_SIZE;
use crate::dto::directive::{
    DirectiveChoice, DirectiveQuery, DirectiveView, PlacementClass, QuotaRow,
};
use crate::dto::enrolments::EnrolmentFilter;
use crate::error::{AppError, AppResult};
use crate::server::auth::Actor;
use crate::server::auth::policy::{enrolment_side, project_sides};
use crate::server::entities::{enrolment, institution, project, project_class, project_quota};
use crate::server::services::projects::list::visible;
use crate::server::services::projects::{Loaded, flow, load_visible};
use crate::server::services::{beijing, org};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, TransactionSession, TransactionTrait,
};
use std::collections::HashMap;

mod picks;
mod placement;

pub use picks::{candidates, import_list, nominate};
pub use placement::{assign, publish_notice};

fn is_directive(l: &Loaded) -> bool {
    l.p.fill_mode == FillMode::Directive && l.status() == ProjectStatus::Approved
}

/// The approved directive project `id`, if the actor may see it.
async fn visible_directive(db: &impl ConnectionTrait, actor: &Actor, id: i64) -> AppResult<Loaded> {
    let l = load_visible(db, actor, id).await?;
    if !is_directive(&l) {
        return Err(AppError::NotFound);
    }
    Ok(l)
}

/// The approved directive projects the actor takes part in, newest first: the project list's
/// visibility rule, in one query.
async fn projects(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<Vec<DirectiveChoice>> {
    Ok(project::Entity::find()
        .filter(project::Column::FillMode.eq(FillMode::Directive))
        .filter(project::Column::Status.eq(ProjectStatus::Approved))
        .filter(visible(actor)?)
        .order_by_desc(project::Column::Year)
        .order_by_desc(project::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|p| DirectiveChoice {
            id: p.id,
            name: p.name,
            year: p.year,
        })
        .collect())
}

/// Live participants per county: (used, still with the county, enrolled).
async fn county_counts(
    db: &impl ConnectionTrait,
    project_id: i64,
) -> AppResult<HashMap<String, (u32, u32, u32)>> {
    let mut out: HashMap<String, (u32, u32, u32)> = HashMap::new();
    let rows = enrolment::Entity::find()
        .filter(enrolment::Column::ProjectId.eq(project_id))
        .all(db)
        .await?;
    for e in rows {
        let s = e.status;
        if !s.counts_for_quota() {
            continue;
        }
        let c = out.entry(e.county_code.clone()).or_default();
        c.0 += 1;
        c.1 += u32::from(s == EnrolmentStatus::Nominated);
        c.2 += u32::from(s == EnrolmentStatus::Enrolled);
    }
    Ok(out)
}

/// The counties the project is aimed at that the actor oversees (all of them for the bureau
/// that made it).
async fn counties_in_view(
    db: &impl ConnectionTrait,
    actor: &Actor,
    l: &Loaded,
    sets_quotas: bool,
) -> AppResult<Vec<String>> {
    let mut counties = Vec::new();
    for t in &l.targets {
        counties.extend(
            org::counties_under(db, t)
                .await?
                .into_iter()
                .map(|r| r.code),
        );
    }
    counties.sort();
    counties.dedup();
    Ok(match &actor.scope {
        Scope::Region(code) if !sets_quotas => {
            counties.into_iter().filter(|c| covers(code, c)).collect()
        }
        Scope::Region(_) => counties,
        _ => Vec::new(),
    })
}

/// The page for the asked project (by default the newest), with the participants the filter
/// asks for (by default those waiting for the caller's step); `None` when the caller takes part
/// in no directive project.
pub async fn overview(
    db: &impl ConnectionTrait,
    actor: &Actor,
    q: &DirectiveQuery,
) -> AppResult<Option<DirectiveView>> {
    let choices = projects(db, actor).await?;
    let Some(project_id) = q.project_id.or(choices.first().map(|c| c.id)) else {
        return Ok(None);
    };
    let l = visible_directive(db, actor, project_id).await?;
    let waiting = enrolment_side(actor)
        .and_then(directive_step)
        .map(|s| s.0.as_str().to_string())
        .unwrap_or_default();
    let participants = super::review::list(
        db,
        actor,
        &EnrolmentFilter {
            status: if q.status.is_empty() {
                waiting
            } else {
                q.status.clone()
            },
            project_id: Some(project_id),
            page: q.page.max(1),
            page_size: DEFAULT_PAGE_SIZE,
            ..Default::default()
        },
    )
    .await?;
    let sets_quotas = project_sides(actor, &l.policy_ref()).contains(&Side::Declarer);
    let counties = counties_in_view(db, actor, &l, sets_quotas).await?;
    let quotas: HashMap<String, i32> = project_quota::Entity::find()
        .filter(project_quota::Column::ProjectId.eq(project_id))
        .all(db)
        .await?
        .into_iter()
        .map(|q| (q.county_code, q.quota))
        .collect();
    let counts = county_counts(db, project_id).await?;
    let labels = org::county_labels(db, &counties).await?;
    let quota_rows = counties
        .iter()
        // The bureaus below the maker see only the counties given a quota.
        .filter(|c| sets_quotas || quotas.contains_key(*c))
        .map(|c| {
            let (used, with_county, enrolled) = counts.get(c).copied().unwrap_or_default();
            QuotaRow {
                county_code: c.clone(),
                county_name: labels.get(c).cloned().unwrap_or_default(),
                quota: quotas.get(c).copied().unwrap_or(0).max(0) as u32,
                used,
                with_county,
                enrolled,
            }
        })
        .collect();
    let classes = project_class::Entity::find()
        .filter(project_class::Column::ProjectId.eq(project_id))
        .order_by_asc(project_class::Column::Seq)
        .all(db)
        .await?;
    let institutions: HashMap<i64, String> = institution::Entity::find()
        .filter(institution::Column::Disabled.eq(false))
        .order_by_asc(institution::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, i.name))
        .collect();
    let own_institution = match actor.scope {
        Scope::Institution(id) => Some(id),
        _ => None,
    };
    let classes = classes
        .into_iter()
        .filter_map(|c| {
            let runner = c.institution_id.or(l.p.institution_id);
            // An institution sees the classes it runs.
            if own_institution.is_some() && runner != own_institution {
                return None;
            }
            Some(PlacementClass {
                id: c.id,
                name: c.name,
                dates: format!("{} 至 {}", c.starts_on, c.ends_on),
                place: c.place,
                seats: c.capacity + c.extra_capacity,
                taken: c.taken,
                institution: runner.map(|i| (i, institutions.get(&i).cloned().unwrap_or_default())),
                notice_published_at: c
                    .notice_published_at
                    .map(|t| beijing(t).format("%Y-%m-%d %H:%M").to_string()),
                notice: c.notice,
            })
        })
        .collect();
    let mut institutions: Vec<(i64, String)> =
        if crate::server::auth::policy::proof::province(actor).is_ok() {
            institutions.into_iter().collect()
        } else {
            Vec::new()
        };
    institutions.sort();
    Ok(Some(DirectiveView {
        choices,
        participants,
        id: l.p.id,
        name: l.p.name,
        year: l.p.year,
        level: l.p.level,
        hours: l.p.hours,
        quotas: quota_rows,
        sets_quotas,
        classes,
        institutions,
    }))
}

/// The bureau that made the project sets each county's quota. A quota may not drop below what
/// the county already picked.
pub async fn set_quotas<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    project_id: i64,
    quotas: &[(String, u32)],
) -> AppResult<()> {
    let txn = db.begin().await?;
    flow::lock(&txn, project_id).await?;
    let l = visible_directive(&txn, actor, project_id).await?;
    if !project_sides(actor, &l.policy_ref()).contains(&Side::Declarer) {
        return Err(AppError::Forbidden);
    }
    let counties = counties_in_view(&txn, actor, &l, true).await?;
    let counts = county_counts(&txn, project_id).await?;
    let labels = org::county_labels(&txn, &counties).await?;
    for (county, quota) in quotas {
        if !counties.contains(county) {
            return Err(AppError::field(
                &format!("quota.{county}"),
                "该县（区）不在项目的培训对象范围内",
            ));
        }
        let used = counts.get(county).map_or(0, |c| c.0);
        if *quota < used {
            return Err(AppError::field(
                &format!("quota.{county}"),
                format!(
                    "{}已选 {used} 人，名额不能少于 {used}",
                    labels.get(county).cloned().unwrap_or_default()
                ),
            ));
        }
        project_quota::Entity::delete_many()
            .filter(project_quota::Column::ProjectId.eq(project_id))
            .filter(project_quota::Column::CountyCode.eq(county.clone()))
            .exec(&txn)
            .await?;
        if *quota > 0 {
            project_quota::ActiveModel {
                project_id: Set(project_id),
                county_code: Set(county.clone()),
                quota: Set(i32::try_from(*quota).unwrap_or(i32::MAX)),
            }
            .insert(&txn)
            .await?;
        }
    }
    txn.commit().await?;
    Ok(())
}
