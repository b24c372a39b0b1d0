//! One project as its detail page and its edit form show it.

use super::flow::allowed_actions;
use super::list::rows;
use super::{Loaded, load_visible};
use crate::domain::project::{ClassDraft, ProjectDraft, format_credits};
use crate::domain::project_flow::{ProjectAction, ProjectStatus};
use crate::domain::role::Scope;
use crate::dto::projects::{ClassView, ProjectDetail};
use crate::error::{AppError, AppResult};
use crate::server::auth::Actor;
use crate::server::auth::policy::{Permission, Target, allows};
use crate::server::entities::project_class;
use crate::server::services::org::region_names;
use crate::server::services::workflow;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

fn fee_text(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

/// "创建项目" / "提交审核" … for the timeline.
pub fn event_label(action: &str, to: &str) -> (String, String) {
    let action = match action {
        "create" => "创建项目".to_string(),
        other => ProjectAction::parse(other)
            .map(|a| a.label().to_string())
            .unwrap_or_else(|| other.to_string()),
    };
    let to = ProjectStatus::parse(to).map(|s| s.label()).unwrap_or(to);
    (action, to.to_string())
}

pub async fn classes_of(
    db: &impl ConnectionTrait,
    project_id: i64,
) -> AppResult<Vec<project_class::Model>> {
    Ok(project_class::Entity::find()
        .filter(project_class::Column::ProjectId.eq(project_id))
        .order_by_asc(project_class::Column::Seq)
        .all(db)
        .await?)
}

fn draft_of(l: &Loaded, classes: &[project_class::Model]) -> ProjectDraft {
    let p = &l.p;
    ProjectDraft {
        id: Some(p.id),
        name: p.name.clone(),
        year: p.year.to_string(),
        level: p.level.clone(),
        kind: p.kind.clone(),
        nature: p.nature.clone(),
        fill_mode: p.fill_mode,
        makeup: p.makeup,
        photo_required: p.photo_required,
        organiser: p.organiser.clone(),
        institution_id: p.institution_id,
        target_regions: l.targets.clone(),
        target_stages: l.audience.stages.clone(),
        target_subjects: l.audience.subjects.clone(),
        target_posts: l.audience.posts.clone(),
        credit_category: p.credit_category.clone(),
        hours: p.hours.to_string(),
        credits: format_credits(p.credits_tenths.max(0) as u32),
        funding: p.funding.clone(),
        summary: p.summary.clone(),
        plan_file_id: p.plan_file_id,
        plan_file_name: p.plan_file_name.clone(),
        classes: classes
            .iter()
            .map(|c| ClassDraft {
                id: Some(c.id),
                name: c.name.clone(),
                starts_on: c.starts_on.to_string(),
                ends_on: c.ends_on.to_string(),
                place: c.place.clone(),
                capacity: c.capacity.to_string(),
                fee: fee_text(c.fee_fen),
                tutor: c.tutor.clone(),
            })
            .collect(),
    }
}

pub async fn detail(db: &impl ConnectionTrait, actor: &Actor, id: i64) -> AppResult<ProjectDetail> {
    let l = load_visible(db, actor, id).await?;
    let classes = classes_of(db, id).await?;
    let row = rows(db, vec![l.p.clone()])
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    let names = region_names(db, l.targets.clone()).await?;
    let target_regions = l
        .targets
        .iter()
        .map(|c| (c.clone(), names.get(c).cloned().unwrap_or_default()))
        .collect();
    let draws: std::collections::HashMap<i64, crate::dto::enrolments::DrawView> =
        crate::server::services::class_draws::of_classes(db, classes.iter().map(|c| c.id)).await?;
    let approved = l.status() == ProjectStatus::Approved;
    let manages_classes = approved
        && allows(
            actor,
            Permission::ReviewProject,
            &Target::Project(&l.policy_ref()),
        );
    let runs =
        approved && matches!(actor.scope, Scope::Institution(i) if l.p.institution_id == Some(i));
    let can_edit = l.status().editable()
        && allows(
            actor,
            Permission::DeclareProject,
            &Target::Project(&l.policy_ref()),
        );
    Ok(ProjectDetail {
        draft: draft_of(&l, &classes),
        actions: allowed_actions(actor, &l),
        can_edit,
        manages_classes,
        runs,
        timeline: workflow::timeline(db, ("project", id), event_label).await?,
        organiser: l.p.organiser.clone(),
        target_regions,
        credit_category: l.p.credit_category.clone(),
        funding: l.p.funding.clone(),
        summary: l.p.summary.clone(),
        plan_file_name: l.p.plan_file_name.clone(),
        classes: classes
            .into_iter()
            .map(|c| ClassView {
                id: crate::dto::ids::ClassId(c.id),
                seq: c.seq,
                name: c.name,
                starts_on: c.starts_on.to_string(),
                ends_on: c.ends_on.to_string(),
                place: c.place,
                capacity: c.capacity,
                extra_capacity: c.extra_capacity,
                fee: fee_text(c.fee_fen),
                tutor: c.tutor,
                status: c.status,
                taken: c.taken,
                draw: draws.get(&c.id).cloned(),
            })
            .collect(),
        row,
    })
}
