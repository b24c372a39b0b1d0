//! Regions and schools.

use crate::dto::Page;
use crate::dto::org::{RegionView, SchoolFilter, SchoolInput, SchoolView};
use crate::error::AppError;
use leptos::prelude::*;

/// Children of `parent` (empty: the caller's own region and its children).
#[server(output = server_fn::codec::Postcard, endpoint = "list_regions")]
pub async fn list_regions(parent: String) -> Result<(RegionView, Vec<RegionView>), AppError> {
    use crate::server::auth::current_actor;
    use crate::server::auth::policy::{Permission, Target, bureau_region, ensure};
    use crate::server::services::org;
    let state = super::ctx::state()?;
    let actor = current_actor().await?;
    let code = if parent.is_empty() {
        bureau_region(&actor)?.to_string()
    } else {
        parent
    };
    ensure(&actor, Permission::ViewRegions, Target::Region(&code))?;
    let me = org::region_view(&state.db, org::find_region(&state.db, &code).await?).await?;
    let children = org::child_regions(&state.db, &code).await?;
    Ok((me, children))
}

/// Counties the caller may place a school in.
#[server(output = server_fn::codec::Postcard, endpoint = "my_counties")]
pub async fn my_counties() -> Result<Vec<RegionView>, AppError> {
    use crate::server::auth::current_actor;
    use crate::server::auth::policy::bureau_region;
    let state = super::ctx::state()?;
    let actor = current_actor().await?;
    crate::server::services::org::counties_under(&state.db, bureau_region(&actor)?).await
}

#[server(output = server_fn::codec::Postcard, endpoint = "list_schools")]
pub async fn list_schools(filter: SchoolFilter) -> Result<Page<SchoolView>, AppError> {
    use crate::server::auth::current_actor;
    use crate::server::auth::policy::{Permission, Target, bureau_region, ensure};
    let state = super::ctx::state()?;
    let actor = current_actor().await?;
    let scope = bureau_region(&actor)?.to_string();
    ensure(&actor, Permission::ViewSchools, Target::Region(&scope))?;
    crate::server::services::org::list_schools(&state.db, &scope, &filter).await
}

#[server(output = server_fn::codec::Postcard, endpoint = "save_school")]
pub async fn save_school(input: SchoolInput) -> Result<i64, AppError> {
    use crate::server::auth::current_actor;
    use crate::server::auth::policy::{Permission, Target, ensure};
    use crate::server::services::{audit, org};
    let state = super::ctx::state()?;
    let actor = current_actor().await?;
    let before = match input.id {
        Some(id) => Some(managed_school(&state.db, &actor, id).await?),
        None => None,
    };
    if crate::domain::region::is_region_code(&input.county_code) {
        ensure(
            &actor,
            Permission::ManageSchools,
            Target::Region(&input.county_code),
        )?;
    }
    let txn = sea_orm::TransactionTrait::begin(&state.db).await?;
    let saved = org::save_school(&txn, &input).await?;
    let action = if before.is_some() {
        "school.update"
    } else {
        "school.create"
    };
    audit::admin_act(
        &txn,
        &actor,
        action,
        ("school", saved.id),
        before.map(|b| serde_json::json!({ "name": b.name, "county": b.county_code, "category": b.category })),
        Some(serde_json::json!({ "name": saved.name, "county": saved.county_code, "category": saved.category })),
    )
    .await?;
    txn.commit().await?;
    Ok(saved.id)
}

#[server(output = server_fn::codec::Postcard, endpoint = "set_school_disabled")]
pub async fn set_school_disabled(id: i64, disabled: bool) -> Result<(), AppError> {
    use crate::server::auth::current_actor;
    use crate::server::services::{audit, org};
    let state = super::ctx::state()?;
    let actor = current_actor().await?;
    managed_school(&state.db, &actor, id).await?;
    let txn = sea_orm::TransactionTrait::begin(&state.db).await?;
    org::set_school_disabled(&txn, id, disabled).await?;
    let action = if disabled {
        "school.disable"
    } else {
        "school.enable"
    };
    audit::act(&txn, &actor, action, ("school", id)).await?;
    txn.commit().await?;
    Ok(())
}

/// School `id`, once the actor may manage it (`NotFound` alike for one that does not exist).
#[cfg(feature = "ssr")]
async fn managed_school(
    db: &sea_orm::DatabaseConnection,
    actor: &crate::server::auth::Actor,
    id: i64,
) -> Result<crate::server::entities::school::Model, AppError> {
    use crate::server::auth::policy::{Permission, Target, ensure};
    let s = crate::server::services::org::find_school(db, id).await?;
    ensure(
        actor,
        Permission::ManageSchools,
        Target::School {
            id,
            county_code: &s.county_code,
        },
    )?;
    Ok(s)
}
