//! The organisation tree: regions, schools, institutions.

use crate::domain::code_lists::{SCHOOL_AREA_TYPES, SCHOOL_CATEGORIES};
use crate::domain::region::{self, RegionLevel};
use crate::dto::Page;
use crate::dto::org::{RegionView, SchoolFilter, SchoolInput, SchoolView};
use crate::error::Broken;
use crate::error::{AppError, AppResult, FieldError};
use crate::server::entities::{region as region_e, school, teacher};
use crate::server::services::by_id;
use crate::server::services::like::TextMatch;
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    NotSet, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

pub async fn find_region(db: &impl ConnectionTrait, code: &str) -> AppResult<region_e::Model> {
    by_id::found::<region_e::Entity>(db, code.to_string()).await
}

/// The rows of a region by their county code alone: `= county` for a county, `LIKE` its
/// prefix for a city or the province. A county's rows are few and its equality bounds an
/// index read (a LIKE prefix read none: SQLite's LIKE ignores case and PostgreSQL's needs the
/// C collation, and a county's 待办 read every pending line of the province). A city's or the
/// province's share is large, and a range there led SQLite's planner to read all of it by
/// county code (1.5 s for the province's 指令性名单 count) where the LIKE leaves it the
/// index of the status asked for (22 ms).
pub fn county_within<C: ColumnTrait>(county: C, code: &str) -> Condition {
    match region::prefix_of(code) {
        Some(prefix) if prefix.len() == code.len() => Condition::all().add(county.eq(code)),
        Some(prefix) => Condition::all().add(county.begins_with(prefix)),
        // An unknown code matches nothing rather than everything.
        None => Condition::all().add(Expr::cust("1 = 0")),
    }
}

/// The condition limiting rows that carry province/city/county codes to one region.
/// This is the one scope filter every region-scoped list uses.
pub fn region_condition<C: ColumnTrait>(code: &str, province: C, city: C, county: C) -> Condition {
    match region::level_of(code) {
        Some(RegionLevel::Province) => Condition::all().add(province.eq(code)),
        Some(RegionLevel::City) => Condition::all().add(city.eq(code)),
        Some(RegionLevel::County) => Condition::all().add(county.eq(code)),
        // An unknown code matches nothing rather than everything.
        None => Condition::all().add(Expr::cust("1 = 0")),
    }
}

/// Children of a region, with how many children and schools each has.
pub async fn child_regions(db: &impl ConnectionTrait, parent: &str) -> AppResult<Vec<RegionView>> {
    let rows = region_e::Entity::find()
        .filter(region_e::Column::ParentCode.eq(parent))
        .order_by_asc(region_e::Column::Code)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(region_view(db, r).await?);
    }
    Ok(out)
}

/// One region with how many children and schools it has.
pub async fn region_view(db: &impl ConnectionTrait, r: region_e::Model) -> AppResult<RegionView> {
    let child_count = region_e::Entity::find()
        .filter(region_e::Column::ParentCode.eq(r.code.clone()))
        .count(db)
        .await?;
    let school_count = school::Entity::find()
        .filter(region_condition(
            &r.code,
            school::Column::ProvinceCode,
            school::Column::CityCode,
            school::Column::CountyCode,
        ))
        .count(db)
        .await?;
    Ok(RegionView {
        code: r.code,
        name: r.name,
        level: r.level,
        parent_code: r.parent_code,
        child_count,
        school_count,
    })
}

/// Counties under a region (itself when it is a county), for pickers.
pub async fn counties_under(db: &impl ConnectionTrait, code: &str) -> AppResult<Vec<RegionView>> {
    let Some(prefix) = region::prefix_of(code) else {
        return Ok(Vec::new());
    };
    let rows = region_e::Entity::find()
        .filter(region_e::Column::Level.eq(3))
        .filter(region_e::Column::Code.begins_with(prefix))
        .order_by_asc(region_e::Column::Code)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| RegionView {
            code: r.code,
            name: r.name,
            level: r.level,
            parent_code: r.parent_code,
            child_count: 0,
            school_count: 0,
        })
        .collect())
}

/// Region names for a set of codes, in one query.
pub async fn region_names(
    db: &impl ConnectionTrait,
    codes: impl IntoIterator<Item = String>,
) -> AppResult<HashMap<String, String>> {
    let mut codes: Vec<String> = codes.into_iter().collect();
    codes.sort();
    codes.dedup();
    Ok(region_e::Entity::find()
        .filter(region_e::Column::Code.is_in(codes))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.code, r.name))
        .collect())
}

/// "石家庄市 长安区" for each county code, in one query.
pub async fn county_labels(
    db: &impl ConnectionTrait,
    counties: &[String],
) -> AppResult<HashMap<String, String>> {
    let names = region_names(
        db,
        counties
            .iter()
            .flat_map(|c| [c.clone(), region::city_of(c)]),
    )
    .await?;
    let name = |code: &str| names.get(code).cloned().unwrap_or_default();
    Ok(counties
        .iter()
        .map(|c| {
            let label = format!("{} {}", name(&region::city_of(c)), name(c));
            (c.clone(), label.trim().to_string())
        })
        .collect())
}

/// "石家庄市 长安区" for a county code.
pub async fn county_label(db: &impl ConnectionTrait, county: &str) -> AppResult<String> {
    let county = county.to_string();
    Ok(county_labels(db, std::slice::from_ref(&county))
        .await?
        .remove(&county)
        .unwrap_or_default())
}

/// Schools within `scope_code` matching the filter, one page.
pub async fn list_schools(
    db: &impl ConnectionTrait,
    scope_code: &str,
    f: &SchoolFilter,
) -> AppResult<Page<SchoolView>> {
    let page_size = crate::dto::page_size(f.page_size);
    let cols = (
        school::Column::ProvinceCode,
        school::Column::CityCode,
        school::Column::CountyCode,
    );
    let mut q = school::Entity::find().filter(region_condition(scope_code, cols.0, cols.1, cols.2));
    if !f.region_code.is_empty() {
        if !region::covers(scope_code, &f.region_code) {
            return Err(AppError::Forbidden);
        }
        q = q.filter(region_condition(&f.region_code, cols.0, cols.1, cols.2));
    }
    let kw = f.keyword.trim();
    if !kw.is_empty() {
        q = q.filter(school::Column::Name.has_text(kw));
    }
    if !f.category.is_empty() {
        q = q.filter(school::Column::Category.eq(f.category.clone()));
    }
    match f.status.as_str() {
        "enabled" => q = q.filter(school::Column::Disabled.eq(false)),
        "disabled" => q = q.filter(school::Column::Disabled.eq(true)),
        _ => {}
    }
    let paginator = q
        .order_by_asc(school::Column::CountyCode)
        .order_by_asc(school::Column::Id)
        .paginate(db, page_size);
    let total = paginator.num_items().await?;
    let page = f.page.max(1);
    let rows = paginator.fetch_page(page - 1).await?;
    let mut items = Vec::with_capacity(rows.len());
    let ids: Vec<i64> = rows.iter().map(|s| s.id).collect();
    let counts: HashMap<i64, i64> = teacher::Entity::find()
        .select_only()
        .column(teacher::Column::SchoolId)
        .column_as(teacher::Column::Id.count(), "n")
        .filter(teacher::Column::SchoolId.is_in(ids))
        .group_by(teacher::Column::SchoolId)
        .into_tuple::<(Option<i64>, i64)>()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(id, n)| id.map(|id| (id, n)))
        .collect();
    let counties: Vec<String> = rows.iter().map(|s| s.county_code.clone()).collect();
    let labels = county_labels(db, &counties).await?;
    for s in rows {
        let label = labels.get(&s.county_code).cloned().unwrap_or_default();
        items.push(school_view(
            &s,
            label,
            counts.get(&s.id).copied().unwrap_or(0) as u64,
        ));
    }
    Ok(Page {
        items,
        total,
        page,
        page_size,
    })
}

fn school_view(s: &school::Model, region_name: String, teacher_count: u64) -> SchoolView {
    SchoolView {
        id: s.id,
        name: s.name.clone(),
        county_code: s.county_code.clone(),
        region_name,
        area_type: s.area_type.clone(),
        category: s.category.clone(),
        address: s.address.clone(),
        disabled: s.disabled,
        teacher_count,
    }
}

pub async fn find_school(db: &impl ConnectionTrait, id: i64) -> AppResult<school::Model> {
    by_id::found::<school::Entity>(db, id).await
}

/// Field checks for a school form; the county must exist and be a county.
pub async fn validate_school(db: &impl ConnectionTrait, input: &SchoolInput) -> AppResult<()> {
    let mut errs = Vec::new();
    let name = input.name.trim();
    if name.is_empty() {
        errs.push(FieldError {
            field: "name".into(),
            message: "请填写学校全称".into(),
        });
    } else if name.chars().count() > 60 {
        errs.push(FieldError {
            field: "name".into(),
            message: "学校名称不能超过 60 个字".into(),
        });
    }
    if region::level_of(&input.county_code) != Some(RegionLevel::County)
        || region_e::Entity::find_by_id(input.county_code.clone())
            .one(db)
            .await?
            .is_none()
    {
        errs.push(FieldError {
            field: "county_code".into(),
            message: "请选择所在区县".into(),
        });
    }
    if !SCHOOL_AREA_TYPES.contains(&input.area_type.as_str()) {
        errs.push(FieldError {
            field: "area_type".into(),
            message: "请选择学校所在区域".into(),
        });
    }
    if !SCHOOL_CATEGORIES.contains(&input.category.as_str()) {
        errs.push(FieldError {
            field: "category".into(),
            message: "请选择学校类别".into(),
        });
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errs))
    }
}

/// Creates or updates a school; the caller has checked the rights on both old and new county.
pub async fn save_school(
    db: &impl ConnectionTrait,
    input: &SchoolInput,
) -> AppResult<school::Model> {
    validate_school(db, input).await?;
    let name = input.name.trim().to_string();
    let dup = school::Entity::find()
        .filter(school::Column::CountyCode.eq(input.county_code.clone()))
        .filter(school::Column::Name.eq(name.clone()))
        .filter(school::Column::Id.ne(input.id.unwrap_or(0)))
        .one(db)
        .await?;
    if dup.is_some() {
        return Err(AppError::from(Broken::SchoolNameTaken));
    }
    let address = Some(input.address.trim().to_string()).filter(|a| !a.is_empty());
    let mut am = match input.id {
        Some(id) => school::ActiveModel::from(find_school(db, id).await?),
        None => school::ActiveModel {
            id: NotSet,
            disabled: Set(false),
            created_at: Set(Utc::now()),
            ..Default::default()
        },
    };
    am.name = Set(name);
    am.province_code = Set(region::province_of(&input.county_code));
    am.city_code = Set(region::city_of(&input.county_code));
    am.county_code = Set(input.county_code.clone());
    am.area_type = Set(input.area_type.clone());
    am.category = Set(input.category.clone());
    am.address = Set(address);
    Ok(if input.id.is_some() {
        am.update(db).await?
    } else {
        am.insert(db).await?
    })
}

pub async fn set_school_disabled(
    db: &impl ConnectionTrait,
    id: i64,
    disabled: bool,
) -> AppResult<school::Model> {
    let mut am = school::ActiveModel::from(find_school(db, id).await?);
    am.disabled = Set(disabled);
    Ok(am.update(db).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::entities::credit_entry;
    use sea_orm::{DbBackend, EntityTrait, QueryFilter, QueryTrait};

    fn sql(code: &str) -> String {
        credit_entry::Entity::find()
            .filter(county_within(credit_entry::Column::CountyCode, code))
            .build(DbBackend::Postgres)
            .to_string()
    }

    #[test]
    fn a_county_is_read_by_equality_and_a_wider_region_by_its_prefix() {
        assert!(sql("130102").contains(r#""county_code" = '130102'"#));
        assert!(!sql("130102").contains("LIKE"));
        let city = sql("130100");
        assert!(city.contains(r#""county_code" LIKE '1301%'"#), "{city}");
        assert!(sql("130000").contains(r#""county_code" LIKE '13%'"#));
        assert!(sql("13010").contains("1 = 0"));
    }
}
