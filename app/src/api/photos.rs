//! Avatar and certificate photo uploads (multipart), checked by content.

use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::{MultipartData, MultipartFormData};

/// Fields: `kind` ("avatar" or "cert") then `file`. Returns the stored file's id.
#[server(output = server_fn::codec::Postcard, input = MultipartFormData, endpoint = "upload_photo")]
pub async fn upload_photo(data: MultipartData) -> Result<i64, AppError> {
    use crate::domain::photo::PhotoKind;
    use crate::server::auth::current_actor;
    use crate::server::auth::policy::{Permission, Target, ensure};
    use crate::server::services::{audit, photos};
    let state = super::ctx::state()?;
    let actor = current_actor().await?;
    ensure(&actor, Permission::OwnProfile, Target::Own)?;
    let mut form = data
        .into_inner()
        .ok_or(AppError::from(crate::error::Broken::UploadMissing))?;
    let mut kind = None;
    let mut bytes = Vec::new();
    while let Ok(Some(mut field)) = form.next_field().await {
        match field.name() {
            Some("kind") => {
                let text = field.text().await.map_err(|e| {
                    AppError::from(crate::error::Broken::UploadIncomplete).because(e)
                })?;
                kind = PhotoKind::parse(&text);
            }
            Some("file") => {
                let limit = kind.map(PhotoKind::max_bytes).unwrap_or(2 * 1024 * 1024);
                // Stop reading as soon as the limit is passed: a huge upload costs no memory.
                while let Ok(Some(chunk)) = field.chunk().await {
                    bytes.extend_from_slice(&chunk);
                    if bytes.len() > limit {
                        return Err(AppError::from(crate::error::Broken::PhotoTooLarge {
                            max_kb: limit / 1024,
                        }));
                    }
                }
            }
            _ => {}
        }
    }
    let kind = kind.ok_or(AppError::from(crate::error::Broken::UnknownPhotoKind))?;
    let id = photos::store(&state.db, actor.user_id, kind, bytes).await?;
    audit::record(
        &state.db,
        audit::Entry {
            actor_user_id: Some(actor.user_id),
            action: if kind == PhotoKind::Avatar {
                "profile.avatar"
            } else {
                "profile.cert_photo"
            },
            outcome: "ok",
            target_type: Some("file"),
            target_id: Some(id.to_string()),
            ..Default::default()
        },
    )
    .await;
    Ok(id)
}
