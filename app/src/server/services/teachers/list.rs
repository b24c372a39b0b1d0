//! The scoped teacher list: search, filters, sort, page.

use crate::domain::mask::{mask_id_number, mask_phone};
use crate::domain::region;
use crate::domain::teacher::TeacherStatus;
use crate::dto::Page;
use crate::dto::ids::TeacherId;
use crate::dto::teachers::{TeacherFilter, TeacherRow};
use crate::error::{AppError, AppResult};
use crate::server::entities::{school, teacher, user};
use crate::server::services::like::TextMatch;
use crate::server::services::org::{region_condition, region_names};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, JoinType,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, RelationTrait, Select,
};

/// Whose records a list may show.
/// Whose teachers a list shows: the policy's proof (`policy::proof::list_scope`).
pub use crate::server::auth::policy::proof::{Keeps, ListScope};

#[derive(Debug, FromQueryResult)]
pub struct Raw {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub disabled: bool,
    pub last_login_at: Option<chrono::DateTime<chrono::Utc>>,
    pub gender: String,
    pub training_number: Option<String>,
    pub school_name: Option<String>,
    pub county_code: String,
    pub stage: String,
    pub subject: String,
    pub title: String,
    pub status: crate::domain::teacher::TeacherStatus,
    pub special_post: bool,
    pub publicly_funded: bool,
}

fn yes_no(v: &str) -> Option<bool> {
    match v {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    }
}

/// Whether a keyword is read against the account (name, ID number, phone) rather than the
/// record (师训号).
fn keyword_needs_user(kw: &str) -> bool {
    !(kw.len() == 10 && kw.chars().all(|c| c.is_ascii_digit()))
}

/// The last digits of an ID number. The last four (or two) characters are indexed by
/// expression (migration 4), so a province-wide search reads a few hundred index entries
/// instead of every account; the expression must read exactly as the index's, literal 15 and
/// all, for the planners to use it.
fn id_suffix_condition(suffix: &str) -> Condition {
    use sea_orm::sea_query::ExprTrait;
    let (expr, key) = if suffix.len() >= 4 {
        (
            r#"substr("users"."id_number", 15)"#,
            &suffix[suffix.len() - 4..],
        )
    } else {
        (
            r#"substr("users"."id_number", 17)"#,
            &suffix[suffix.len() - 2..],
        )
    };
    Condition::all()
        .add(Expr::cust(expr).eq(key))
        .add(user::Column::IdNumber.finishes_with(suffix))
}

/// What a keyword means depends on its shape: a whole ID number, the last digits of one, a
/// phone number, a 师训号, or otherwise part of a name.
fn keyword_condition(kw: &str) -> Condition {
    let upper = kw.to_ascii_uppercase();
    let id_like = upper.chars().all(|c| c.is_ascii_digit() || c == 'X');
    let digits = kw.chars().all(|c| c.is_ascii_digit());
    if id_like && upper.len() == 18 {
        Condition::all().add(user::Column::IdNumber.eq(upper))
    } else if digits && kw.len() == 11 && kw.starts_with('1') {
        Condition::all().add(user::Column::Phone.eq(kw))
    } else if digits && kw.len() == 10 {
        Condition::all().add(teacher::Column::TrainingNumber.eq(kw))
    } else if id_like && (2..=8).contains(&upper.len()) {
        id_suffix_condition(&upper)
    } else {
        crate::server::services::search::name_contains(kw)
    }
}

/// The records matching scope and filter, joined to the account only when the keyword or the
/// sort needs it (a count over a county or a province then reads one table).
fn matching(
    scope: &ListScope,
    f: &TeacherFilter,
    with_user: bool,
) -> AppResult<Select<teacher::Entity>> {
    let mut q = teacher::Entity::find();
    if with_user {
        q = q.join(JoinType::InnerJoin, teacher::Relation::User.def());
    }
    q = match scope.keeps() {
        Keeps::School(id) => q.filter(teacher::Column::SchoolId.eq(*id)),
        Keeps::Region(code) => q.filter(region_condition(
            code,
            teacher::Column::ProvinceCode,
            teacher::Column::CityCode,
            teacher::Column::CountyCode,
        )),
    };
    if !f.county_code.is_empty() {
        let inside = match scope.keeps() {
            Keeps::Region(code) => region::covers(code, &f.county_code),
            Keeps::School(_) => false,
        };
        if !inside {
            return Err(AppError::Forbidden);
        }
        q = q.filter(region_condition(
            &f.county_code,
            teacher::Column::ProvinceCode,
            teacher::Column::CityCode,
            teacher::Column::CountyCode,
        ));
    }
    if f.school_id > 0 {
        q = q.filter(teacher::Column::SchoolId.eq(f.school_id));
    }
    let kw = f.keyword.trim();
    if !kw.is_empty() {
        q = q.filter(keyword_condition(kw));
    }
    if f.account == NEVER_LOGGED_IN {
        if !with_user {
            q = q.join(JoinType::InnerJoin, teacher::Relation::User.def());
        }
        q = q.filter(user::Column::LastLoginAt.is_null());
    }
    for (value, col) in [
        (&f.stage, teacher::Column::Stage),
        (&f.subject, teacher::Column::Subject),
        (&f.title, teacher::Column::Title),
    ] {
        if !value.is_empty() {
            q = q.filter(col.eq(value.clone()));
        }
    }
    if !f.status.is_empty() {
        // A status no record can have finds none (not all: the filter was asked for).
        let status = TeacherStatus::parse(&f.status);
        q = match status {
            Some(s) => q.filter(teacher::Column::Status.eq(s)),
            None => q.filter(Expr::value(false)),
        };
    }
    if let Some(v) = yes_no(&f.special_post) {
        q = q.filter(teacher::Column::SpecialPost.eq(v));
    }
    if let Some(v) = yes_no(&f.publicly_funded) {
        q = q.filter(teacher::Column::PubliclyFunded.eq(v));
    }
    Ok(q)
}

/// Whether the keyword reads the account: only then does a count join it.
/// Whether the filter reads the account (a keyword on it, or its login state), so the count
/// and the id query join it.
fn keyword_reads_user(f: &TeacherFilter) -> bool {
    let kw = f.keyword.trim();
    (!kw.is_empty() && keyword_needs_user(kw)) || f.account == NEVER_LOGGED_IN
}

/// `TeacherFilter::account` for accounts nobody has logged in to yet.
pub const NEVER_LOGGED_IN: &str = "never";

fn sorted(q: Select<teacher::Entity>, f: &TeacherFilter) -> Select<teacher::Entity> {
    match f.sort.as_str() {
        // (name, id) is one index, so this order needs no sort step after the index.
        "name" => q
            .order_by_asc(user::Column::Name)
            .order_by_asc(user::Column::Id),
        // Newest first, ties newest first: one backward walk of (column, id).
        "hire_date" => q
            .order_by_desc(teacher::Column::HireDate)
            .order_by_desc(teacher::Column::Id),
        "updated" => q
            .order_by_desc(teacher::Column::UpdatedAt)
            .order_by_desc(teacher::Column::Id),
        _ => q.order_by_asc(teacher::Column::Id),
    }
}

/// The filtered, sorted query with the account and school joined: the export's rows.
pub fn query(scope: &ListScope, f: &TeacherFilter) -> AppResult<Select<teacher::Entity>> {
    let q = matching(scope, f, true)?.join(JoinType::LeftJoin, teacher::Relation::School.def());
    Ok(sorted(q, f))
}

pub fn select_row(q: Select<teacher::Entity>) -> Select<teacher::Entity> {
    q.select_only()
        .column_as(teacher::Column::Id, "id")
        .column_as(teacher::Column::UserId, "user_id")
        .column_as(user::Column::Name, "name")
        .column_as(user::Column::IdNumber, "id_number")
        .column_as(user::Column::Phone, "phone")
        .column_as(user::Column::Disabled, "disabled")
        .column_as(user::Column::LastLoginAt, "last_login_at")
        .column_as(teacher::Column::Gender, "gender")
        .column_as(teacher::Column::TrainingNumber, "training_number")
        .column_as(school::Column::Name, "school_name")
        .column_as(teacher::Column::CountyCode, "county_code")
        .column_as(teacher::Column::Stage, "stage")
        .column_as(teacher::Column::Subject, "subject")
        .column_as(teacher::Column::Title, "title")
        .column_as(teacher::Column::Status, "status")
        .column_as(teacher::Column::SpecialPost, "special_post")
        .column_as(teacher::Column::PubliclyFunded, "publicly_funded")
}

pub async fn list(
    db: &impl ConnectionTrait,
    scope: &ListScope,
    f: &TeacherFilter,
) -> AppResult<Page<TeacherRow>> {
    let page_size = crate::dto::page_size(f.page_size);
    let page = f.page.max(1);
    let total = matching(scope, f, keyword_reads_user(f))?.count(db).await?;
    // A deep page skips rows in the narrow id query; only the page's rows are joined.
    let with_user = keyword_reads_user(f) || f.sort == "name";
    let ids: Vec<i64> = sorted(matching(scope, f, with_user)?, f)
        .select_only()
        .column(teacher::Column::Id)
        .offset((page - 1) * page_size)
        .limit(page_size)
        .into_tuple()
        .all(db)
        .await?;
    let mut rows = select_row(
        teacher::Entity::find()
            .join(JoinType::InnerJoin, teacher::Relation::User.def())
            .join(JoinType::LeftJoin, teacher::Relation::School.def())
            .filter(teacher::Column::Id.is_in(ids.iter().copied())),
    )
    .into_model::<Raw>()
    .all(db)
    .await?;
    rows.sort_by_key(|r| ids.iter().position(|i| *i == r.id));
    let names = region_names(db, rows.iter().map(|r| r.county_code.clone())).await?;
    let items = rows
        .into_iter()
        .map(|r| TeacherRow {
            id: TeacherId(r.id),
            user_id: r.user_id,
            name: r.name,
            gender: r.gender,
            id_number: r
                .id_number
                .as_deref()
                .map(mask_id_number)
                .unwrap_or_default(),
            training_number: r.training_number.unwrap_or_default(),
            school_name: r.school_name.unwrap_or_else(|| "（自由人）".into()),
            county_name: names.get(&r.county_code).cloned().unwrap_or_default(),
            stage: r.stage,
            subject: r.subject,
            title: r.title,
            status: r.status,
            special_post: r.special_post,
            publicly_funded: r.publicly_funded,
            phone: r.phone.as_deref().map(mask_phone).unwrap_or_default(),
            disabled: r.disabled,
            never_logged_in: r.last_login_at.is_none(),
        })
        .collect();
    Ok(Page {
        items,
        total,
        page,
        page_size,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{DbBackend, QueryTrait};

    fn sql(kw: &str) -> String {
        teacher::Entity::find()
            .filter(keyword_condition(kw))
            .build(DbBackend::Sqlite)
            .to_string()
    }

    #[test]
    fn a_keyword_is_read_by_its_shape() {
        assert!(sql("11010519491231002x").contains(r#""id_number" = '11010519491231002X'"#));
        assert!(sql("13800138000").contains(r#""phone" = '13800138000'"#));
        assert!(sql("1300000042").contains(r#""training_number" = '1300000042'"#));
        assert!(sql("002X").contains(r#"(substr("users"."id_number", 15)) = '002X'"#));
        assert!(sql("31002X").contains(r#"(substr("users"."id_number", 15)) = '002X'"#));
        assert!(sql("31002X").contains(r#""id_number" LIKE '%31002X' ESCAPE '\'"#));
        assert!(sql("02X").contains(r#"(substr("users"."id_number", 17)) = '2X'"#));
        assert!(sql("王小").contains(r#""name" LIKE '%王小%' ESCAPE '\'"#));
        assert!(sql("王小").contains(r#"FROM "name_grams" WHERE "gram" = LOWER('王小')"#));
        assert!(!keyword_needs_user("1300000042") && keyword_needs_user("王小"));
    }
}
