//! Training institutions and the regions they are authorised for.

use crate::domain::code_lists::INSTITUTION_KINDS;
use crate::domain::contact::validate_phone;
use crate::domain::region::covers;
use crate::dto::Page;
use crate::dto::org::{InstitutionFilter, InstitutionInput, InstitutionView};
use crate::error::Broken;
use crate::error::{AppError, AppResult, FieldError};
use crate::server::entities::{institution, institution_region, region};
use crate::server::services::by_id;
use crate::server::services::like::TextMatch;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, NotSet,
    PaginatorTrait, QueryFilter, QueryOrder,
};

/// Landlines ("0311-87654321") or mobiles.
fn valid_contact_phone(s: &str) -> bool {
    validate_phone(s).is_ok()
        || (s.len() >= 7
            && s.len() <= 20
            && s.bytes().all(|b| b.is_ascii_digit() || b == b'-')
            && s.starts_with('0'))
}

/// Field checks; every region must exist and lie inside `scope`.
pub async fn validate(
    db: &impl ConnectionTrait,
    scope: &str,
    i: &InstitutionInput,
) -> AppResult<()> {
    let mut errs = Vec::new();
    let mut err = |field: &str, message: &str| {
        errs.push(FieldError {
            field: field.into(),
            message: message.into(),
        })
    };
    if i.name.trim().is_empty() {
        err("name", "请填写机构名称");
    }
    if !INSTITUTION_KINDS.contains(&i.kind.as_str()) {
        err("kind", "请选择机构类型");
    }
    if i.contact_name.trim().is_empty() {
        err("contact_name", "请填写联系人");
    }
    if !valid_contact_phone(i.contact_phone.trim()) {
        err("contact_phone", "联系电话应为手机号或区号开头的座机号");
    }
    let url = i.platform_url.trim();
    if !(url.is_empty() || url.starts_with("https://") || url.starts_with("http://")) {
        err("platform_url", "学习平台地址应以 https:// 开头");
    }
    if i.region_codes.is_empty() {
        err("region_codes", "请至少选择一个授权区域");
    }
    for code in &i.region_codes {
        let known = region::Entity::find_by_id(code.clone())
            .one(db)
            .await?
            .is_some();
        if !known || !covers(scope, code) {
            return Err(AppError::Forbidden);
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errs))
    }
}

async fn view(db: &impl ConnectionTrait, i: institution::Model) -> AppResult<InstitutionView> {
    let codes: Vec<String> = institution_region::Entity::find()
        .filter(institution_region::Column::InstitutionId.eq(i.id))
        .order_by_asc(institution_region::Column::RegionCode)
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.region_code)
        .collect();
    let names = region::Entity::find()
        .filter(region::Column::Code.is_in(codes.clone()))
        .all(db)
        .await?;
    let regions = codes
        .into_iter()
        .map(|c| {
            let n = names
                .iter()
                .find(|r| r.code == c)
                .map(|r| r.name.clone())
                .unwrap_or_default();
            (c, n)
        })
        .collect();
    Ok(InstitutionView {
        id: i.id,
        name: i.name,
        kind: i.kind,
        contact_name: i.contact_name,
        contact_phone: i.contact_phone,
        platform_url: i.platform_url,
        platform_secret_on: i
            .platform_secret_at
            .map(|t| super::beijing(t).date().to_string()),
        disabled: i.disabled,
        regions,
    })
}

/// Institutions authorised anywhere inside `scope`.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: &str,
    f: &InstitutionFilter,
) -> AppResult<Page<InstitutionView>> {
    let page_size = crate::dto::page_size(f.page_size);
    let prefix = &scope[..2];
    let ids: Vec<i64> = institution_region::Entity::find()
        .filter(institution_region::Column::RegionCode.begins_with(prefix))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.institution_id)
        .collect();
    let mut q = institution::Entity::find().filter(institution::Column::Id.is_in(ids));
    if !f.keyword.trim().is_empty() {
        q = q.filter(institution::Column::Name.has_text(f.keyword.trim()));
    }
    match f.status.as_str() {
        "enabled" => q = q.filter(institution::Column::Disabled.eq(false)),
        "disabled" => q = q.filter(institution::Column::Disabled.eq(true)),
        _ => {}
    }
    let paginator = q
        .order_by_asc(institution::Column::Id)
        .paginate(db, page_size);
    let total = paginator.num_items().await?;
    let page = f.page.max(1);
    let mut items = Vec::new();
    for i in paginator.fetch_page(page - 1).await? {
        items.push(view(db, i).await?);
    }
    Ok(Page {
        items,
        total,
        page,
        page_size,
    })
}

pub async fn find(db: &impl ConnectionTrait, id: i64) -> AppResult<institution::Model> {
    by_id::found::<institution::Entity>(db, id).await
}

/// Creates or updates an institution and replaces its authorised regions.
pub async fn save(
    db: &impl ConnectionTrait,
    scope: &str,
    i: &InstitutionInput,
) -> AppResult<institution::Model> {
    validate(db, scope, i).await?;
    let name = i.name.trim().to_string();
    let dup = institution::Entity::find()
        .filter(institution::Column::Name.eq(name.clone()))
        .filter(institution::Column::Id.ne(i.id.unwrap_or(0)))
        .one(db)
        .await?;
    if dup.is_some() {
        return Err(AppError::from(Broken::InstitutionNameTaken));
    }
    let mut am = match i.id {
        Some(id) => institution::ActiveModel::from(find(db, id).await?),
        None => institution::ActiveModel {
            id: NotSet,
            disabled: Set(false),
            created_at: Set(Utc::now()),
            ..Default::default()
        },
    };
    am.name = Set(name);
    am.kind = Set(i.kind.clone());
    am.contact_name = Set(i.contact_name.trim().into());
    am.contact_phone = Set(i.contact_phone.trim().into());
    am.platform_url = Set(Some(i.platform_url.trim().to_string()).filter(|u| !u.is_empty()));
    let saved = if i.id.is_some() {
        am.update(db).await?
    } else {
        am.insert(db).await?
    };
    institution_region::Entity::delete_many()
        .filter(institution_region::Column::InstitutionId.eq(saved.id))
        .exec(db)
        .await?;
    let mut codes = i.region_codes.clone();
    codes.sort();
    codes.dedup();
    for code in codes {
        institution_region::ActiveModel {
            institution_id: Set(saved.id),
            region_code: Set(code),
        }
        .insert(db)
        .await?;
    }
    Ok(saved)
}

/// The regions an institution is authorised for, to check an actor covers them all.
pub async fn regions_of(db: &impl ConnectionTrait, id: i64) -> AppResult<Vec<String>> {
    Ok(institution_region::Entity::find()
        .filter(institution_region::Column::InstitutionId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.region_code)
        .collect())
}

pub async fn set_disabled(db: &impl ConnectionTrait, id: i64, disabled: bool) -> AppResult<()> {
    let mut am = institution::ActiveModel::from(find(db, id).await?);
    am.disabled = Set(disabled);
    am.update(db).await?;
    Ok(())
}
