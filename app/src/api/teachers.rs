//! Teacher records for school and bureau admins: list, detail, edit, add, transfer, bulk acts.
//! Every body resolves the actor and lets the teachers services check the record's place.

use crate::domain::teacher::TeacherFields;
use crate::dto::Page;
use crate::dto::ids::TeacherId;
use crate::dto::teachers::{
    MoveInput, NewTeacherInput, TeacherDetail, TeacherFilter, TeacherRow, TransferCandidate,
};
use crate::error::AppError;
use leptos::prelude::*;

#[server(output = server_fn::codec::Postcard, endpoint = "list_teachers")]
pub async fn list_teachers(filter: TeacherFilter) -> Result<Page<TeacherRow>, AppError> {
    use crate::server::services::teachers::list::list;
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    list(
        &state.db,
        &crate::server::auth::policy::proof::list_scope(&actor)?,
        &filter,
    )
    .await
}

#[server(output = server_fn::codec::Postcard, endpoint = "teacher_detail")]
pub async fn get_teacher_detail(id: TeacherId) -> Result<TeacherDetail, AppError> {
    use crate::server::services::audit;
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    let d = crate::server::services::teachers::record::detail(&state.db, &actor, id.0).await?;
    // Every view of a record is in the log, also when the page is rendered on the server.
    audit::act(&state.db, &actor, "teacher.view", ("teacher", id)).await?;
    Ok(d)
}

/// The whole ID number; every view is audited.
#[server(output = server_fn::codec::Postcard, endpoint = "reveal_id_number")]
pub async fn reveal_id_number(id: TeacherId) -> Result<String, AppError> {
    use crate::server::services::audit;
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    let number =
        crate::server::services::teachers::record::reveal_id_number(&state.db, &actor, id.0)
            .await?;
    audit::act(&state.db, &actor, "teacher.view_id_number", ("teacher", id)).await?;
    Ok(number)
}

#[server(output = server_fn::codec::Postcard, endpoint = "update_teacher")]
pub async fn update_teacher(id: TeacherId, fields: TeacherFields) -> Result<usize, AppError> {
    use crate::server::services::audit;
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    let n =
        crate::server::services::teachers::record::update(&state.db, &actor, id.0, &fields).await?;
    if n > 0 {
        audit::act(&state.db, &actor, "teacher.update", ("teacher", id)).await?;
    }
    Ok(n)
}

/// 增加: returns the new record's id.
#[server(output = server_fn::codec::Postcard, endpoint = "add_teacher")]
pub async fn add_teacher(input: NewTeacherInput) -> Result<i64, AppError> {
    use crate::server::services::audit;
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    let t = crate::server::services::teachers::record::create(&state.db, &actor, &input).await?;
    audit::act(&state.db, &actor, "teacher.create", ("teacher", t.id)).await?;
    Ok(t.id)
}

/// 调入 step one: find a record by its full ID number and name (both must match).
#[server(output = server_fn::codec::Postcard, endpoint = "find_transfer_candidate")]
pub async fn find_transfer_candidate(
    id_number: String,
    name: String,
) -> Result<TransferCandidate, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::auth::policy::proof::list_scope(&actor)?;
    crate::server::services::teachers::moves::find_by_id_number(
        &state.db, &actor, &id_number, &name,
    )
    .await
}

/// 调出 (to a school, or to the pool with `to_school_id` 0) and 调入.
#[server(output = server_fn::codec::Postcard, endpoint = "move_teacher")]
pub async fn move_teacher(input: MoveInput) -> Result<(), AppError> {
    use crate::server::services::audit;
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::teachers::moves::move_teacher(&state.db, &actor, &input).await?;
    let after = serde_json::json!({ "to_school_id": input.to_school_id, "reason": input.reason });
    audit::admin_act(
        &state.db,
        &actor,
        "teacher.move",
        ("teacher", input.teacher_id),
        None,
        Some(after),
    )
    .await?;
    Ok(())
}

/// 离退, or back to 在岗.
#[server(output = server_fn::codec::Postcard, endpoint = "set_teacher_status")]
pub async fn set_teacher_status(
    id: TeacherId,
    status: crate::domain::teacher::TeacherStatus,
) -> Result<(), AppError> {
    use crate::server::services::audit;
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::teachers::moves::set_status(&state.db, &actor, id.0, status).await?;
    let after = serde_json::json!({ "status": status.as_str() });
    audit::admin_act(
        &state.db,
        &actor,
        "teacher.status",
        ("teacher", id),
        None,
        Some(after),
    )
    .await?;
    Ok(())
}

/// A bulk act on selected records: back to the initial password, disable, enable (issuing new
/// passwords is the download route's). All or nothing: one record out of reach refuses the
/// whole batch before anything changes.
#[server(output = server_fn::codec::Postcard, endpoint = "bulk_teachers")]
pub async fn bulk_teachers(
    action: crate::domain::teacher::TeacherBatch,
    ids: Vec<TeacherId>,
) -> Result<u64, AppError> {
    use crate::domain::teacher::TeacherBatch;
    use crate::server::services::teachers::{ensure_account_managed, load};
    use crate::server::services::{audit, login, users};
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    if action == TeacherBatch::Issue {
        return Err(AppError::from(crate::error::Broken::UnknownBatchAction));
    }
    if ids.len() > 500 {
        return Err(AppError::from(crate::error::Broken::BatchTooLarge {
            max: 500,
        }));
    }
    if action == TeacherBatch::Reset
        && crate::server::services::initial_passwords::rule(&state.db).await?
            == crate::domain::initial_password::InitialPasswordRule::Issued
    {
        return Err(AppError::from(crate::error::Broken::InitialPasswordsIssued));
    }
    let mut users_ = Vec::with_capacity(ids.len());
    for id in &ids {
        let rec = load(&state.db, id.0).await?;
        ensure_account_managed(&state.db, &actor, &rec).await?;
        users_.push(rec.user.id);
    }
    for user_id in &users_ {
        match action {
            TeacherBatch::Reset => login::reset_to_initial(&state, *user_id).await?,
            _ => users::set_disabled(&state.db, *user_id, action == TeacherBatch::Disable).await?,
        }
    }
    let after = serde_json::json!({ "action": action, "teachers": ids });
    audit::admin_act(
        &state.db,
        &actor,
        "teacher.bulk",
        ("teacher", 0),
        None,
        Some(after),
    )
    .await?;
    Ok(users_.len() as u64)
}

/// Schools a teacher record may be placed in by the caller, within one county: (id, name).
/// A school admin gets its own school.
#[server(output = server_fn::codec::Postcard, endpoint = "teacher_school_options")]
pub async fn teacher_school_options(county_code: String) -> Result<Vec<(i64, String)>, AppError> {
    use crate::domain::region::covers;
    use crate::server::auth::policy::proof::{Keeps, list_scope};
    use crate::server::entities::school;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    let scope = list_scope(&actor)?;
    let q = match scope.keeps() {
        Keeps::School(id) => school::Entity::find_by_id(*id),
        Keeps::Region(code) if covers(code, &county_code) => {
            school::Entity::find().filter(school::Column::CountyCode.eq(county_code))
        }
        _ => return Err(AppError::Forbidden),
    };
    Ok(q.filter(school::Column::Disabled.eq(false))
        .order_by_asc(school::Column::Name)
        .all(&state.db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect())
}
