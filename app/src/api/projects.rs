//! Training projects: the declaration form, lists, the review queue, state changes, plans.

use crate::domain::project_flow::{ProjectAction, ProjectStatus};
use crate::dto::Page;
use crate::dto::ids::ProjectId;
use crate::dto::projects::{
    BatchOutcome, ProjectChoices, ProjectDetail, ProjectDraft, ProjectFilter, ProjectRow,
    UploadedPlan,
};
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::{Json, MultipartData, MultipartFormData};

#[server(output = server_fn::codec::Postcard, endpoint = "get_project_choices")]
pub async fn get_project_choices() -> Result<ProjectChoices, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::projects::choices::choices(&state.db, &actor).await
}

/// Projects the caller may see, or (filter.queue) those waiting for the caller's review.
#[server(output = server_fn::codec::Postcard, endpoint = "list_projects")]
pub async fn list_projects(filter: ProjectFilter) -> Result<Page<ProjectRow>, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::projects::list::list(&state.db, &actor, &filter).await
}

#[server(output = server_fn::codec::Postcard, endpoint = "get_project")]
pub async fn get_project(id: ProjectId) -> Result<ProjectDetail, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::projects::detail::detail(&state.db, &actor, id.0).await
}

/// Creates or updates a project the caller declares; the policy is checked inside, on the
/// stored project. Returns its id.
#[server(output = server_fn::codec::Postcard, input = Json, endpoint = "save_project")]
pub async fn save_project(draft: ProjectDraft) -> Result<i64, AppError> {
    use crate::server::services::{audit, projects::save};
    use sea_orm::TransactionTrait;
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    let txn = state.db.begin().await?;
    let id = save::save(&txn, &actor, &draft).await?;
    let action = if draft.id.is_some() {
        "project.update"
    } else {
        "project.create"
    };
    let after = serde_json::json!({ "name": draft.name, "targets": draft.target_regions });
    audit::admin_act(&txn, &actor, action, ("project", id), None, Some(after)).await?;
    txn.commit().await?;
    Ok(id)
}

/// Submit, withdraw, approve, return (reason required) or cancel one project.
#[server(output = server_fn::codec::Postcard, endpoint = "act_on_project")]
pub async fn act_on_project(
    id: ProjectId,
    action: ProjectAction,
    reason: String,
) -> Result<ProjectStatus, AppError> {
    use crate::server::services::{audit, projects::flow};
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    let txn = sea_orm::TransactionTrait::begin(&state.db).await?;
    let to = flow::act(&txn, &actor, id.0, action, &reason).await?;
    let after =
        serde_json::json!({ "action": action.as_str(), "to": to.as_str(), "reason": reason });
    audit::admin_act(
        &txn,
        &actor,
        "project.transition",
        ("project", id),
        None,
        Some(after),
    )
    .await?;
    txn.commit().await?;
    Ok(to)
}

/// The same action on several projects (批量通过 / 批量退回).
#[server(output = server_fn::codec::Postcard, input = Json, endpoint = "act_on_projects")]
pub async fn act_on_projects(
    ids: Vec<ProjectId>,
    action: ProjectAction,
    reason: String,
) -> Result<BatchOutcome, AppError> {
    use crate::server::services::projects::flow;
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    if ids.len() > crate::dto::MAX_PAGE_SIZE as usize {
        return Err(AppError::from(crate::error::Broken::BatchTooLarge {
            max: crate::dto::MAX_PAGE_SIZE as usize,
        }));
    }
    let ids: Vec<i64> = ids.into_iter().map(i64::from).collect();
    flow::act_many(&state.db, &actor, &ids, action, &reason).await
}

/// Multipart field `file`: the plan document (Word, Excel or PDF, at most 500 KB).
#[server(output = server_fn::codec::Postcard, input = MultipartFormData, endpoint = "upload_plan")]
pub async fn upload_plan(data: MultipartData) -> Result<UploadedPlan, AppError> {
    use crate::domain::plan_file::PLAN_MAX_BYTES;
    use crate::server::services::projects::plan;
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    // No project is named yet: the plan waits for the form that attaches it.
    crate::server::auth::policy::holds(
        &actor,
        crate::server::auth::policy::Permission::DeclareProject,
    )?;
    let too_big = format!("实施方案不能超过 {} KB", PLAN_MAX_BYTES / 1024);
    let (name, bytes) =
        super::ctx::named_file(data, "plan_file_id", PLAN_MAX_BYTES, &too_big).await?;
    let name = if name.is_empty() {
        "实施方案".into()
    } else {
        name
    };
    plan::store(&state.db, &actor, &name, bytes).await
}
