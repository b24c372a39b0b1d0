//! Enrolment: teachers browse and enrol, schools and institutions review, schools replace.

use crate::domain::enrolment_flow::EnrolmentStatus;
use crate::dto::Page;
use crate::dto::enrolments::{
    ApplicantView, EnrolmentFilter, EnrolmentRow, OfferFilter, OfferPage, ReviewInput,
};
use crate::dto::ids::{ClassId, EnrolmentId};
use crate::dto::projects::BatchOutcome;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::Json;

/// Classes open to the calling teacher this year, and the enrolment window.
#[server(output = server_fn::codec::Postcard, endpoint = "list_offers")]
pub async fn list_offers(filter: OfferFilter) -> Result<OfferPage, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    let me = crate::server::auth::policy::proof::own_record(&state.db, &actor).await?;
    let (page, window) =
        crate::server::services::enrolments::offers::offers(&state.db, &me, &filter).await?;
    Ok(OfferPage { page, window })
}

#[server(output = server_fn::codec::Postcard, endpoint = "enrol_in_class")]
pub async fn enrol_in_class(class_id: ClassId) -> Result<EnrolmentStatus, AppError> {
    let class_id = class_id.0;
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    let me = crate::server::auth::policy::proof::own_record(&state.db, &actor).await?;
    crate::server::services::enrolments::offers::enrol(&state.db, &actor, &me, class_id).await
}

#[server(output = server_fn::codec::Postcard, endpoint = "withdraw_enrolment")]
pub async fn withdraw_enrolment(id: EnrolmentId) -> Result<EnrolmentStatus, AppError> {
    let id = id.0;
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    let me = crate::server::auth::policy::proof::own_record(&state.db, &actor).await?;
    crate::server::services::enrolments::offers::withdraw(&state.db, &actor, &me, id).await
}

/// The enrolments the caller reviews or oversees; by default what waits for the caller.
#[server(output = server_fn::codec::Postcard, endpoint = "list_enrolments")]
pub async fn list_enrolments(filter: EnrolmentFilter) -> Result<Page<EnrolmentRow>, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::enrolments::review::list(&state.db, &actor, &filter).await
}

#[server(output = server_fn::codec::Postcard, endpoint = "get_applicant")]
pub async fn get_applicant(id: i64) -> Result<ApplicantView, AppError> {
    use crate::server::services::audit;
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    let view =
        crate::server::services::enrolments::review::applicant(&state.db, &actor, id).await?;
    // Every view of an applicant is in the log, also when rendered on the server.
    audit::act(&state.db, &actor, "enrolment.view", ("enrolment", id)).await?;
    Ok(view)
}

/// 通过 / 拒绝 (reason required) for several enrolments; each succeeds or fails on its own.
#[server(output = server_fn::codec::Postcard, input = Json, endpoint = "review_enrolments")]
pub async fn review_enrolments(input: ReviewInput) -> Result<BatchOutcome, AppError> {
    use crate::server::services::enrolments::review;
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    if input.ids.len() > crate::dto::MAX_PAGE_SIZE as usize {
        return Err(AppError::from(crate::error::Broken::BatchTooLarge {
            max: crate::dto::MAX_PAGE_SIZE as usize,
        }));
    }
    review::decide_many(&state.db, &actor, &input.ids, input.action, &input.reason).await
}

/// 替换: another teacher of the school takes an enrolled teacher's seat.
#[server(output = server_fn::codec::Postcard, endpoint = "replace_enrolment")]
pub async fn replace_enrolment(id: i64, teacher_id: i64) -> Result<i64, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::enrolments::review::replace(&state.db, &actor, id, teacher_id).await
}

/// The caller's projects in the three tabs of 继续教育.
#[server(output = server_fn::codec::Postcard, endpoint = "my_training")]
pub async fn my_training(
    filter: crate::dto::enrolments::MyTrainingFilter,
) -> Result<crate::dto::enrolments::MyTrainingTabs, AppError> {
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    let me = crate::server::auth::policy::proof::own_record(&state.db, &actor).await?;
    crate::server::services::enrolments::my_training::tabs(&state.db, &me, &filter).await
}

/// 进入远程学习: the institution's platform URL with a fresh single-use ticket.
#[server(output = server_fn::codec::Postcard, endpoint = "launch_learning")]
pub async fn launch_learning(enrolment_id: EnrolmentId) -> Result<String, AppError> {
    let enrolment_id = enrolment_id.0;
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::launch::issue(&state.db, &actor, enrolment_id).await
}

/// 抽签 for an oversubscribed class (the institution, once).
#[server(output = server_fn::codec::Postcard, endpoint = "run_draw")]
pub async fn run_draw(class_id: ClassId) -> Result<crate::dto::enrolments::DrawView, AppError> {
    let class_id = class_id.0;
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::enrolments::draw::run(&state.db, &actor, class_id).await
}

#[server(output = server_fn::codec::Postcard, endpoint = "get_draw")]
pub async fn get_draw(
    class_id: ClassId,
) -> Result<Option<crate::dto::enrolments::DrawView>, AppError> {
    let class_id = class_id.0;
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::enrolments::draw::published(&state.db, &actor, class_id).await
}

/// 扩班: set the seats added to a class (the approving bureau, at most half the plan).
#[server(output = server_fn::codec::Postcard, endpoint = "expand_class")]
pub async fn expand_class(class_id: ClassId, extra: i32) -> Result<i32, AppError> {
    let class_id = class_id.0;
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::enrolments::draw::expand(&state.db, &actor, class_id, extra).await
}

/// 取消办班 with a reason; returns how many enrolments were cancelled.
#[server(output = server_fn::codec::Postcard, endpoint = "cancel_class")]
pub async fn cancel_class(class_id: ClassId, reason: String) -> Result<u64, AppError> {
    let class_id = class_id.0;
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    crate::server::services::enrolments::draw::cancel_class(&state.db, &actor, class_id, &reason)
        .await
}
