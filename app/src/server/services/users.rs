//! User accounts as admins see them: the scoped list, password reset, disable/enable.

use super::org::region_condition;
use crate::domain::mask::mask_phone;
use crate::domain::region::covers;
use crate::domain::role::{Role, Scope};
use crate::dto::Page;
use crate::dto::users::{UserFilter, UserView};
use crate::error::AppResult;
use crate::server::auth::session_store::end_other_sessions;
use crate::server::entities::{role_assignment, school, teacher, user};
use crate::server::services::by_id;
use crate::server::services::like::TextMatch;
use chrono::Utc;
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder,
};

/// Where a user belongs, and which bureaus they run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Belongs {
    /// The county of their teacher record and of each role's org unit. `None` stands for a
    /// unit no bureau below the province covers (an institution).
    pub places: Vec<Option<String>>,
    /// The regions of their bureau roles (county, city or province admin).
    pub bureaus: Vec<String>,
}

/// Where a user belongs: the county of their teacher record and of each role's org unit.
pub async fn locations(db: &impl ConnectionTrait, user_id: i64) -> AppResult<Belongs> {
    let mut out = Vec::new();
    let mut bureaus = Vec::new();
    if let Some(t) = teacher::Entity::find()
        .filter(teacher::Column::UserId.eq(user_id))
        .one(db)
        .await?
    {
        out.push(Some(t.county_code));
    }
    let roles = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(user_id))
        .all(db)
        .await?;
    for ra in roles {
        if let Some(code) = ra.region_code {
            if ra.role.is_bureau() {
                bureaus.push(code.clone());
            }
            out.push(Some(code));
        } else if let Some(id) = ra.school_id {
            out.push(
                school::Entity::find_by_id(id)
                    .one(db)
                    .await?
                    .map(|s| s.county_code),
            );
        } else if ra.institution_id.is_some() {
            out.push(None);
        }
    }
    Ok(Belongs {
        places: out,
        bureaus,
    })
}

/// A bureau may act on a user only when its region covers every place the user belongs to
/// (so a county admin cannot reset a city admin who also teaches in the county), and runs a
/// level strictly above every bureau the user runs: a county admin does not reset or disable
/// the other admin of its own county. The province, with no one above it, manages its own.
/// Institution accounts belong to the province.
pub fn may_manage(actor_scope: &Scope, actor_role: Role, user: &Belongs) -> bool {
    let Scope::Region(code) = actor_scope else {
        return false;
    };
    if !actor_role.is_bureau() || user.places.is_empty() {
        return false;
    }
    let covered = user.places.iter().all(|p| match p {
        Some(place) => covers(code, place),
        None => actor_role == Role::ProvinceAdmin,
    });
    let above = actor_role == Role::ProvinceAdmin || user.bureaus.iter().all(|b| b != code);
    covered && above
}

fn scope_condition(code: &str) -> Condition {
    let teachers = Query::select()
        .column(teacher::Column::UserId)
        .from(teacher::Entity)
        .cond_where(region_condition(
            code,
            teacher::Column::ProvinceCode,
            teacher::Column::CityCode,
            teacher::Column::CountyCode,
        ))
        .to_owned();
    let schools = Query::select()
        .column(school::Column::Id)
        .from(school::Entity)
        .cond_where(region_condition(
            code,
            school::Column::ProvinceCode,
            school::Column::CityCode,
            school::Column::CountyCode,
        ))
        .to_owned();
    // An unknown code matches itself only, that is nothing.
    let prefix = crate::domain::region::prefix_of(code).unwrap_or(code);
    let roles = Query::select()
        .column(role_assignment::Column::UserId)
        .from(role_assignment::Entity)
        .cond_where(
            Condition::any()
                .add(role_assignment::Column::RegionCode.begins_with(prefix))
                .add(role_assignment::Column::SchoolId.in_subquery(schools)),
        )
        .to_owned();
    Condition::any()
        .add(user::Column::Id.in_subquery(teachers))
        .add(user::Column::Id.in_subquery(roles))
}

pub async fn list(
    db: &impl ConnectionTrait,
    scope_code: &str,
    f: &UserFilter,
) -> AppResult<Page<UserView>> {
    let page_size = crate::dto::page_size(f.page_size);
    let mut q = user::Entity::find().filter(scope_condition(scope_code));
    let kw = f.keyword.trim();
    if !kw.is_empty() {
        let upper = kw.to_ascii_uppercase();
        q = q.filter(
            Condition::any()
                .add(user::Column::Name.has_text(kw))
                .add(user::Column::Phone.eq(kw))
                .add(user::Column::IdNumber.eq(upper.clone()))
                .add(user::Column::IdNumber.finishes_with(&upper)),
        );
    }
    if let Some(role) = Role::parse(&f.role) {
        let with_role = Query::select()
            .column(role_assignment::Column::UserId)
            .from(role_assignment::Entity)
            .and_where(role_assignment::Column::Role.eq(role))
            .to_owned();
        q = q.filter(user::Column::Id.in_subquery(with_role));
    }
    match f.status.as_str() {
        "enabled" => q = q.filter(user::Column::Disabled.eq(false)),
        "disabled" => q = q.filter(user::Column::Disabled.eq(true)),
        "locked" => q = q.filter(user::Column::LockedUntil.gt(Utc::now())),
        _ => {}
    }
    let paginator = q.order_by_asc(user::Column::Id).paginate(db, page_size);
    let total = paginator.num_items().await?;
    let page = f.page.max(1);
    let rows = paginator.fetch_page(page - 1).await?;
    let ids: Vec<i64> = rows.iter().map(|u| u.id).collect();
    let mut roles_by_user = super::accounts::roles_of_many(db, &ids).await?;
    let mut items = Vec::with_capacity(rows.len());
    for u in rows {
        let roles = roles_by_user
            .remove(&u.id)
            .unwrap_or_default()
            .into_iter()
            .map(|r| (r.role, r.scope_name))
            .collect();
        items.push(UserView {
            id: crate::dto::ids::UserId(u.id),
            id_number: u.masked_id(),
            name: u.name,
            phone: u.phone.as_deref().map(mask_phone).unwrap_or_default(),
            roles,
            disabled: u.disabled,
            locked: crate::domain::lockout::locked(u.locked_until, Utc::now()).is_some(),
            must_change_password: u.must_change_password,
            never_logged_in: u.last_login_at.is_none(),
        });
    }
    Ok(Page {
        items,
        total,
        page,
        page_size,
    })
}

/// Disables or enables an account; disabling ends all of its sessions at once.
pub async fn set_disabled(
    db: &impl ConnectionTrait,
    user_id: i64,
    disabled: bool,
) -> AppResult<()> {
    let u = by_id::found::<user::Entity>(db, user_id).await?;
    let mut am: user::ActiveModel = u.into();
    am.disabled = Set(disabled);
    am.update(db).await?;
    if disabled {
        end_other_sessions(db, user_id, None).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_admin_manages_only_users_wholly_inside_its_region() {
        let county = Scope::Region("130102".into());
        let city = Scope::Region("130100".into());
        let province = Scope::Region("130000".into());
        let at = |places: &[Option<&str>], bureaus: &[&str]| Belongs {
            places: places.iter().map(|p| p.map(str::to_string)).collect(),
            bureaus: bureaus.iter().map(|b| b.to_string()).collect(),
        };
        let teacher_here = at(&[Some("130102")], &[]);
        let teacher_and_city_admin = at(&[Some("130102"), Some("130100")], &["130100"]);
        let institution = at(&[None], &[]);
        let county_peer = at(&[Some("130102")], &["130102"]);
        let city_peer = at(&[Some("130100")], &["130100"]);
        let province_peer = at(&[Some("130000")], &["130000"]);
        assert!(may_manage(&county, Role::CountyAdmin, &teacher_here));
        assert!(!may_manage(
            &county,
            Role::CountyAdmin,
            &teacher_and_city_admin
        ));
        // A city admin who also teaches in the county is the city's peer: the province's.
        assert!(!may_manage(&city, Role::CityAdmin, &teacher_and_city_admin));
        assert!(may_manage(
            &province,
            Role::ProvinceAdmin,
            &teacher_and_city_admin
        ));
        assert!(!may_manage(&city, Role::CityAdmin, &institution));
        assert!(may_manage(&province, Role::ProvinceAdmin, &institution));
        assert!(!may_manage(&Scope::Own(1), Role::Teacher, &teacher_here));
        assert!(!may_manage(
            &province,
            Role::ProvinceAdmin,
            &Belongs::default()
        ));
        // Peers: only from strictly above, or the province.
        assert!(!may_manage(&county, Role::CountyAdmin, &county_peer));
        assert!(!may_manage(&city, Role::CityAdmin, &city_peer));
        assert!(may_manage(&city, Role::CityAdmin, &county_peer));
        assert!(may_manage(&province, Role::ProvinceAdmin, &city_peer));
        assert!(may_manage(&province, Role::ProvinceAdmin, &province_peer));
    }
}
