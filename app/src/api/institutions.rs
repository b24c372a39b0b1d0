//! Training institutions (province admin).

use crate::dto::Page;
use crate::dto::org::{InstitutionFilter, InstitutionInput, InstitutionView, RegionView};
use crate::error::AppError;
use leptos::prelude::*;

/// The caller, if a province admin, with the region they act for.
#[cfg(feature = "ssr")]
async fn province_actor() -> Result<
    (
        crate::server::state::AppState,
        crate::server::auth::Actor,
        String,
    ),
    AppError,
> {
    super::ctx::own_region_with(crate::server::auth::policy::Permission::ManageInstitutions).await
}

/// The caller, if it may manage institution `id` in every region the institution is
/// authorised for.
#[cfg(feature = "ssr")]
async fn institution_manager(
    id: i64,
) -> Result<(crate::server::state::AppState, crate::server::auth::Actor), AppError> {
    use crate::server::auth::current_actor;
    use crate::server::auth::policy::{Permission, Target, ensure};
    use crate::server::services::institutions;
    let state = super::ctx::state()?;
    let actor = current_actor().await?;
    let regions = institutions::regions_of(&state.db, id).await?;
    if regions.is_empty() {
        return Err(AppError::Forbidden);
    }
    for code in &regions {
        ensure(&actor, Permission::ManageInstitutions, Target::Region(code))?;
    }
    Ok((state, actor))
}

#[server(output = server_fn::codec::Postcard, endpoint = "list_institutions")]
pub async fn list_institutions(
    filter: InstitutionFilter,
) -> Result<Page<InstitutionView>, AppError> {
    let (state, _, scope) = province_actor().await?;
    crate::server::services::institutions::list(&state.db, &scope, &filter).await
}

/// The province and its cities: what an institution can be authorised for.
#[server(output = server_fn::codec::Postcard, endpoint = "authorisable_regions")]
pub async fn authorisable_regions() -> Result<Vec<RegionView>, AppError> {
    use crate::server::services::org;
    let (state, _, scope) = province_actor().await?;
    let me = org::find_region(&state.db, &scope).await?;
    let mut out = vec![RegionView {
        code: me.code,
        name: format!("{}（全省）", me.name),
        level: me.level,
        parent_code: me.parent_code,
        child_count: 0,
        school_count: 0,
    }];
    out.extend(org::child_regions(&state.db, &scope).await?);
    Ok(out)
}

#[server(output = server_fn::codec::Postcard, endpoint = "save_institution")]
pub async fn save_institution(input: InstitutionInput) -> Result<i64, AppError> {
    use crate::server::auth::policy::{Permission, Target, ensure};
    use crate::server::services::{audit, institutions};
    let (state, actor, scope) = province_actor().await?;
    if let Some(id) = input.id {
        for code in institutions::regions_of(&state.db, id).await? {
            ensure(
                &actor,
                Permission::ManageInstitutions,
                Target::Region(&code),
            )?;
        }
    }
    let txn = sea_orm::TransactionTrait::begin(&state.db).await?;
    let saved = institutions::save(&txn, &scope, &input).await?;
    let action = if input.id.is_some() {
        "institution.update"
    } else {
        "institution.create"
    };
    let after = serde_json::json!({ "name": saved.name, "regions": input.region_codes });
    audit::admin_act(
        &txn,
        &actor,
        action,
        ("institution", saved.id),
        None,
        Some(after),
    )
    .await?;
    txn.commit().await?;
    Ok(saved.id)
}

/// A new secret for the institution's learning platform, shown once: the platform presents it
/// when it redeems a teacher's launch ticket. The old secret stops working at once.
#[server(output = server_fn::codec::Postcard, endpoint = "new_platform_secret")]
pub async fn new_platform_secret(id: i64) -> Result<String, AppError> {
    use crate::server::services::{audit, launch};
    let (state, actor) = institution_manager(id).await?;
    let txn = sea_orm::TransactionTrait::begin(&state.db).await?;
    let secret = launch::new_secret(&txn, id).await?;
    audit::act(
        &txn,
        &actor,
        "institution.platform_secret",
        ("institution", id),
    )
    .await?;
    txn.commit().await?;
    Ok(secret)
}

#[server(output = server_fn::codec::Postcard, endpoint = "set_institution_disabled")]
pub async fn set_institution_disabled(id: i64, disabled: bool) -> Result<(), AppError> {
    use crate::server::services::{audit, institutions};
    let (state, actor) = institution_manager(id).await?;
    let txn = sea_orm::TransactionTrait::begin(&state.db).await?;
    institutions::set_disabled(&txn, id, disabled).await?;
    let action = if disabled {
        "institution.disable"
    } else {
        "institution.enable"
    };
    audit::act(&txn, &actor, action, ("institution", id)).await?;
    txn.commit().await?;
    Ok(())
}
