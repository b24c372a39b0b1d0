//! 通知公告: recipients list, open and confirm; publishers publish, withdraw, follow the read
//! rate and remind.

use crate::dto::Page;
use crate::dto::announcements::{
    AnnouncementFilter, AnnouncementPage, AnnouncementView, Attachment, Draft, PublishOptions,
    PublishedRow, ReadRate, UnitRef,
};
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::{Json, MultipartData, MultipartFormData};

#[server(output = server_fn::codec::Postcard, endpoint = "list_announcements")]
pub async fn list_announcements(filter: AnnouncementFilter) -> Result<AnnouncementPage, AppError> {
    use crate::server::auth::policy::{Permission, Target, ensure};
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    ensure(&actor, Permission::ReadAnnouncements, Target::Own)?;
    crate::server::services::announcements::inbox::list(&state.db, &actor, &filter).await
}

/// Opens one (and marks it read for a recipient).
#[server(output = server_fn::codec::Postcard, endpoint = "open_announcement")]
pub async fn open_announcement(id: i64) -> Result<AnnouncementView, AppError> {
    use crate::server::auth::policy::{Permission, Target, ensure};
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    ensure(&actor, Permission::ReadAnnouncements, Target::Own)?;
    crate::server::services::announcements::inbox::open(&state.db, &actor, id).await
}

/// The announcement page in one call (one round trip on a weak network): the announcement,
/// read as `open_announcement` reads it, and for its publisher the read rate at `at`.
#[server(output = server_fn::codec::Postcard, input = Json, endpoint = "open_announcement_page")]
pub async fn open_announcement_page(
    id: i64,
    at: Option<UnitRef>,
) -> Result<(AnnouncementView, Option<ReadRate>), AppError> {
    use crate::server::auth::policy::{Permission, Target, allows, ensure};
    use crate::server::services::announcements::{inbox, reach};
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    ensure(&actor, Permission::ReadAnnouncements, Target::Own)?;
    let a = inbox::open(&state.db, &actor, id).await?;
    let rate = if a.mine && allows(&actor, Permission::PublishAnnouncements, &Target::Own) {
        Some(reach::read_rates(&state.db, &actor, id, at.as_ref()).await?)
    } else {
        None
    };
    Ok((a, rate))
}

/// 确认已读.
#[server(output = server_fn::codec::Postcard, endpoint = "acknowledge_announcement")]
pub async fn acknowledge_announcement(id: i64) -> Result<(), AppError> {
    use crate::server::auth::policy::{Permission, Target, ensure};
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    ensure(&actor, Permission::ReadAnnouncements, Target::Own)?;
    crate::server::services::announcements::inbox::acknowledge(&state.db, &actor, id).await
}

#[server(output = server_fn::codec::Postcard, endpoint = "announcement_options")]
pub async fn announcement_options() -> Result<PublishOptions, AppError> {
    use crate::server::auth::policy::{Permission, Target, ensure};
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    ensure(&actor, Permission::PublishAnnouncements, Target::Own)?;
    crate::server::services::announcements::publish::options(&state.db, &actor).await
}

/// Multipart field `file`: an attachment, kept for the announcement the caller publishes next.
#[server(output = server_fn::codec::Postcard, input = MultipartFormData, endpoint = "upload_announcement_file")]
pub async fn upload_announcement_file(data: MultipartData) -> Result<Attachment, AppError> {
    use crate::domain::announcement_file::{ATTACHMENT_MAX_BYTES, FileRefused};
    use crate::server::auth::policy::{Permission, Target, ensure};
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    // Checked before the upload is read.
    ensure(&actor, Permission::PublishAnnouncements, Target::Own)?;
    let too_big = FileRefused::AttachmentTooLarge.to_string();
    let (name, bytes) =
        super::ctx::named_file(data, "files", ATTACHMENT_MAX_BYTES, &too_big).await?;
    crate::server::services::announcements::files::store(&state.db, &actor, &name, bytes).await
}

#[server(output = server_fn::codec::Postcard, input = Json, endpoint = "publish_announcement")]
pub async fn publish_announcement(draft: Draft) -> Result<i64, AppError> {
    use crate::server::auth::policy::{Permission, Target, ensure};
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    ensure(&actor, Permission::PublishAnnouncements, Target::Own)?;
    crate::server::services::announcements::publish::publish(&state.db, &actor, &draft).await
}

/// 撤回.
#[server(output = server_fn::codec::Postcard, endpoint = "withdraw_announcement")]
pub async fn withdraw_announcement(id: i64) -> Result<(), AppError> {
    use crate::server::auth::policy::{Permission, Target, ensure};
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    ensure(&actor, Permission::PublishAnnouncements, Target::Own)?;
    crate::server::services::announcements::publish::withdraw(&state.db, &actor, id).await
}

#[server(output = server_fn::codec::Postcard, endpoint = "published_announcements")]
pub async fn published_announcements(page: u64) -> Result<Page<PublishedRow>, AppError> {
    use crate::server::auth::policy::{Permission, Target, ensure};
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    ensure(&actor, Permission::PublishAnnouncements, Target::Own)?;
    crate::server::services::announcements::publish::published(&state.db, &actor, page).await
}

/// The read rate by unit at `at` (the publisher's own unit when None).
#[server(output = server_fn::codec::Postcard, input = Json, endpoint = "announcement_reach")]
pub async fn announcement_reach(id: i64, at: Option<UnitRef>) -> Result<ReadRate, AppError> {
    use crate::server::auth::policy::{Permission, Target, ensure};
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    ensure(&actor, Permission::PublishAnnouncements, Target::Own)?;
    crate::server::services::announcements::reach::read_rates(&state.db, &actor, id, at.as_ref())
        .await
}

/// 催办 those who have not read, in `at` (or everywhere).
#[server(output = server_fn::codec::Postcard, input = Json, endpoint = "remind_announcement")]
pub async fn remind_announcement(id: i64, at: Option<UnitRef>) -> Result<(), AppError> {
    use crate::server::auth::policy::{Permission, Target, ensure};
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    ensure(&actor, Permission::PublishAnnouncements, Target::Own)?;
    crate::server::services::announcements::reminders::remind(&state.db, &actor, id, at.as_ref())
        .await?;
    state.outbox.wake();
    Ok(())
}
