//! 首页 in one call.

use crate::dto::home::HomeView;
use crate::error::AppError;
use leptos::prelude::*;

/// The caller's home: the latest announcements and, for a teacher, the hub's cards.
#[server(output = server_fn::codec::Postcard, endpoint = "get_home")]
pub async fn get_home() -> Result<HomeView, AppError> {
    use crate::server::auth::policy::{Permission, Target, ensure};
    let state = super::ctx::state()?;
    let actor = crate::server::auth::current_actor().await?;
    // One's own home; the service reads the teacher's part only for a role that learns.
    ensure(&actor, Permission::OwnProfile, Target::Own)?;
    crate::server::services::home::view(&state.db, &actor).await
}
