//! The demo province (Hebei): schools of every category in every county, institutions,
//! a few thousand teachers with valid ID numbers, and one demo account per role.

use super::auth::password::hash_blocking;
use super::entities::{institution, institution_region, region, school, teacher, user};
use crate::domain::id_card::{IdNumber, make_id_number};
use crate::domain::region::{city_of, province_of};
use crate::domain::role::Role;
use crate::domain::teacher::TeacherFields;
use crate::dto::account::DemoAccount;
use crate::error::{AppError, AppResult};
use crate::server::services::accounts::{assign, insert_user};
use crate::server::services::like::TextMatch;
use crate::server::services::teachers::bulk;
use crate::server::services::teachers::record::{assign_training_number, new_teacher};
use chrono::{NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
mod generated;
pub mod history;
mod mark;
mod projects;

pub use generated::random_fields;
use generated::{generated_id, name, school_kind};
use mark::{Phase, SEEDED, SEEDING, mark};
pub use mark::{check_mode, is_demo_database, is_seed_finished, is_seeded, refresh_statistics};

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, NotSet, QueryFilter, QueryOrder,
};

pub const DEMO_PROVINCE: &str = "130000";
pub const DEMO_CITY: &str = "130100";
pub const DEMO_COUNTY: &str = "130102";
pub const DEMO_PASSWORD: &str = "Shixun2026";

/// The demo accounts shown on the login page (demo mode only) and in the README.
pub fn demo_accounts() -> Vec<DemoAccount> {
    let a = |role: &str, account: &str, password: &str| DemoAccount {
        role: role.into(),
        account: account.into(),
        password: password.into(),
    };
    vec![
        a("省级管理员", "13900000001", DEMO_PASSWORD),
        a("市级管理员（石家庄）", "13900000002", DEMO_PASSWORD),
        a("区县管理员（长安区）", "13900000003", DEMO_PASSWORD),
        a("区县管理员（桥西区）", "13900000007", DEMO_PASSWORD),
        a("学校管理员 + 教师", "13900000004", DEMO_PASSWORD),
        a("培训机构", "13900000005", DEMO_PASSWORD),
        a("教师", "13900000006", DEMO_PASSWORD),
        a(
            "教师（已结业一个班）",
            FINISHED_TEACHER_PHONE,
            DEMO_PASSWORD,
        ),
        a("安全审计员", AUDITOR_PHONE, DEMO_PASSWORD),
        a(
            "教师（首次登录，学校发放的初始密码）",
            &first_login_teacher_id(),
            FIRST_LOGIN_PASSWORD,
        ),
    ]
}

/// The province's 安全审计员 (reads the audit log only).
pub const AUDITOR_PHONE: &str = "13900000009";

/// A teacher whose class has ended and waits for its scores: the results flow starts here.
pub const FINISHED_TEACHER_PHONE: &str = "13900000008";

/// The initial password the demo's school admin "issued" to the first-login teacher (shown on
/// the demo login page; a real one is random, see `initial_passwords::issue`).
pub const FIRST_LOGIN_PASSWORD: &str = "Fa3fang9Mm";

/// A teacher who has never logged in: the forced-change flow starts here.
pub fn first_login_teacher_id() -> String {
    make_id_number(
        DEMO_COUNTY,
        NaiveDate::from_ymd_opt(1988, 9, 10).unwrap_or_default(),
        123,
    )
}

/// The past years of training history the demo province has: with the current year's own
/// projects, ten years.
pub const HISTORY_YEARS: i32 = 9;

/// How big a demo province to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub schools_per_county: usize,
    pub teachers_per_school: usize,
}

impl Size {
    /// ≈ 1,000 schools and 4,000 teachers: starts in seconds.
    pub const DEMO: Size = Size {
        schools_per_county: 6,
        teachers_per_school: 4,
    };
    /// A whole province: 6,460 schools and 600,780 teachers in Hebei's 190 county-level units.
    pub const PROVINCE: Size = Size {
        schools_per_county: 34,
        teachers_per_school: 93,
    };
    /// Schools and the demo accounts only (tests).
    pub const EMPTY: Size = Size {
        schools_per_county: 6,
        teachers_per_school: 0,
    };

    /// "demo", "province", or a number of teachers per school (6 schools a county).
    pub fn parse(s: &str) -> Option<Size> {
        match s {
            "demo" => Some(Self::DEMO),
            "province" => Some(Self::PROVINCE),
            n => n.parse().ok().map(|teachers_per_school| Size {
                schools_per_county: 6,
                teachers_per_school,
            }),
        }
    }
}

/// Builds the demo province unless schools already exist, phase by phase. Generated teachers
/// go in by the bulk path of imports, so a whole province takes minutes.
pub async fn seed_demo(db: &DatabaseConnection, size: Size) -> AppResult<()> {
    if is_seeded(db).await? {
        return Ok(());
    }
    mark(db, SEEDING).await?;
    // The demo's history is written as it happened, partly past the services: the statistics
    // are counted once at the end instead of after every batch.
    super::services::stats::without_upkeep(fill(db, size)).await?;
    let started = std::time::Instant::now();
    let last = Phase::begin(db).await?;
    super::services::stats::rebuild::rebuild(&last.txn).await?;
    tracing::info!(
        secs = started.elapsed().as_secs(),
        "demo statistics counted"
    );
    mark(&last.txn, SEEDED).await?;
    last.commit().await?;
    refresh_statistics(db).await;
    // The tests' empty province has nothing to vacuum.
    if size != Size::EMPTY {
        mark::vacuum_loaded(db).await;
    }
    Ok(())
}

async fn fill(db: &DatabaseConnection, size: Size) -> AppResult<()> {
    let mut rng = StdRng::seed_from_u64(20261124);
    let started = std::time::Instant::now();
    let school = generated(db, size, &mut rng).await?;
    tracing::info!(
        secs = started.elapsed().as_secs(),
        "demo schools and teachers written"
    );
    let phase = Phase::begin(db).await?;
    let named = named(&phase.txn, &school, &mut rng).await?;
    phase.commit().await?;
    // The years before this one, for the generated teachers (none in the tests' empty
    // province); first, so that the demo's own projects are the newest in every list.
    if size.teachers_per_school > 0 {
        let this_year = chrono::Datelike::year(&super::services::training_years::today());
        for year in this_year - HISTORY_YEARS..this_year {
            let phase = Phase::begin(db).await?;
            let started = std::time::Instant::now();
            history::seed_year(
                &phase.txn,
                (&named.institutions, named.institution_user),
                (DEMO_PROVINCE, named.last_generated),
                year,
            )
            .await?;
            phase.commit().await?;
            tracing::info!(
                year,
                secs = started.elapsed().as_secs(),
                "demo history written"
            );
        }
    }
    let phase = Phase::begin(db).await?;
    projects::seed(
        &phase.txn,
        (named.institution_user, "周机构"),
        (named.province_user, "赵省管"),
    )
    .await?;
    phase.commit().await
}

/// The generated schools and teachers, a county a transaction; returns the demo county's
/// first school.
async fn generated(
    db: &DatabaseConnection,
    size: Size,
    rng: &mut StdRng,
) -> AppResult<school::Model> {
    let now = Utc::now();
    let counties = region::Entity::find()
        .filter(region::Column::Level.eq(3))
        .filter(region::Column::Code.begins_with("13"))
        .order_by_asc(region::Column::Code)
        .all(db)
        .await?;
    let mut demo_school = None;
    for county in &counties {
        let phase = Phase::begin(db).await?;
        let txn = &phase.txn;
        let mut schools = Vec::with_capacity(size.schools_per_county);
        for i in 0..size.schools_per_county {
            let (name, category, stage) = school_kind(&county.name, i);
            let s = school::ActiveModel {
                id: NotSet,
                name: Set(name),
                province_code: Set(province_of(&county.code)),
                city_code: Set(city_of(&county.code)),
                county_code: Set(county.code.clone()),
                area_type: Set(["城区", "镇区", "乡村"][i % 3].into()),
                category: Set(category.into()),
                address: Set(None),
                disabled: Set(false),
                created_at: Set(now),
            }
            .insert(txn)
            .await?;
            if county.code == DEMO_COUNTY && demo_school.is_none() {
                demo_school = Some(s.clone());
            }
            schools.push((s, stage));
        }
        let mut records = Vec::new();
        for (s, stage) in &schools {
            for _ in 0..size.teachers_per_school {
                let id = generated_id(&county.code, records.len())?;
                let n = name(rng);
                records.push((random_fields(rng, &n, &id, stage, None), s));
            }
        }
        for chunk in records.chunks(bulk::BATCH) {
            let refs: Vec<(&TeacherFields, &school::Model)> =
                chunk.iter().map(|(f, s)| (f, *s)).collect();
            bulk::insert(txn, None, ("create", "建档（演示数据）"), &refs).await?;
        }
        phase.commit().await?;
    }
    demo_school.ok_or(AppError::Internal)
}

/// What the named part of the demo made that the rest of it refers to.
struct Named {
    institutions: Vec<i64>,
    institution_user: i64,
    province_user: i64,
    /// The generated teachers' ids end here.
    last_generated: i64,
}

/// The institutions and the named demo accounts, one per role.
async fn named(
    txn: &sea_orm::DatabaseTransaction,
    school: &school::Model,
    rng: &mut StdRng,
) -> AppResult<Named> {
    let now = Utc::now();
    // The generated teachers end here: the named accounts come next.
    let last_generated = teacher::Entity::find()
        .order_by_desc(teacher::Column::Id)
        .one(txn)
        .await?
        .map_or(0, |t| t.id);
    let mut inst_ids = Vec::new();
    for (n, kind) in [
        ("河北师范大学", "高等院校"),
        ("石家庄学院", "高等院校"),
        ("河北省中小学教师继续教育中心", "教师发展机构"),
        ("继教网", "企业"),
        ("中国教育电视台", "其他"),
    ] {
        let inst = institution::ActiveModel {
            id: NotSet,
            name: Set(n.into()),
            kind: Set(kind.into()),
            contact_name: Set(name(rng)),
            contact_phone: Set(format!("0311{:07}", rng.random_range(0..10_000_000))),
            platform_url: Set(None),
            platform_secret_hash: Set(None),
            platform_secret_at: Set(None),
            disabled: Set(false),
            created_at: Set(now),
        }
        .insert(txn)
        .await?;
        institution_region::ActiveModel {
            institution_id: Set(inst.id),
            region_code: Set(DEMO_PROVINCE.into()),
        }
        .insert(txn)
        .await?;
        inst_ids.push(inst.id);
    }

    let hash = hash_blocking(DEMO_PASSWORD)?;
    let admin = |phone: &str, n: &str| (phone.to_string(), n.to_string());
    let bureau = [
        (
            admin("13900000001", "赵省管"),
            Role::ProvinceAdmin,
            DEMO_PROVINCE,
        ),
        (admin("13900000002", "钱市管"), Role::CityAdmin, DEMO_CITY),
        (
            admin("13900000003", "孙县管"),
            Role::CountyAdmin,
            DEMO_COUNTY,
        ),
        (admin("13900000007", "李县管"), Role::CountyAdmin, "130104"),
        // 三员分立: the province's security auditor reads the audit log and nothing else.
        (admin(AUDITOR_PHONE, "吴审计"), Role::Auditor, DEMO_PROVINCE),
    ];
    let mut province_user = 0;
    for ((phone, n), role, code) in bureau {
        let u = insert_user(txn, &n, None, Some(&phone), Some(&hash)).await?;
        phone_confirmed(txn, u.id).await?;
        assign(txn, u.id, role, Some(code), None, None).await?;
        if role == Role::ProvinceAdmin {
            province_user = u.id;
        }
    }
    let inst_user = insert_user(txn, "周机构", None, Some("13900000005"), Some(&hash)).await?;
    phone_confirmed(txn, inst_user.id).await?;
    assign(
        txn,
        inst_user.id,
        Role::Institution,
        None,
        None,
        inst_ids.first().copied(),
    )
    .await?;

    // A school admin who also teaches, a teacher with a set password, and one who never logged in.
    let birth = NaiveDate::from_ymd_opt(1979, 4, 2).unwrap_or_default();
    let sa_id = IdNumber::parse(&make_id_number(DEMO_COUNTY, birth, 551))
        .map_err(|_| AppError::Internal)?;
    let sa = insert_teacher(
        txn,
        rng,
        "吴校管",
        &sa_id,
        Some(("13900000004", &hash)),
        school,
        "小学",
        None,
    )
    .await?;
    assign(txn, sa, Role::SchoolAdmin, None, Some(school.id), None).await?;
    let birth = NaiveDate::from_ymd_opt(1992, 6, 18).unwrap_or_default();
    let t_id = IdNumber::parse(&make_id_number(DEMO_COUNTY, birth, 662))
        .map_err(|_| AppError::Internal)?;
    insert_teacher(
        txn,
        rng,
        "郑老师",
        &t_id,
        Some(("13900000006", &hash)),
        school,
        "小学",
        Some("数学"),
    )
    .await?;
    let birth = NaiveDate::from_ymd_opt(1988, 3, 9).unwrap_or_default();
    let w_id = IdNumber::parse(&make_id_number(DEMO_COUNTY, birth, 673))
        .map_err(|_| AppError::Internal)?;
    insert_teacher(
        txn,
        rng,
        "王老师",
        &w_id,
        Some((FINISHED_TEACHER_PHONE, &hash)),
        school,
        "小学",
        Some("语文"),
    )
    .await?;
    let first = IdNumber::parse(&first_login_teacher_id()).map_err(|_| AppError::Internal)?;
    let first_user = insert_teacher(
        txn,
        rng,
        "冯新师",
        &first,
        None,
        school,
        "小学",
        Some("语文"),
    )
    .await?;
    // As if the school admin had issued it: valid for ten years in the demo.
    {
        use sea_orm::sea_query::Expr;
        user::Entity::update_many()
            .col_expr(
                user::Column::PasswordHash,
                Expr::value(super::auth::password::issued_for(FIRST_LOGIN_PASSWORD)),
            )
            .col_expr(
                user::Column::InitialPasswordExpiresAt,
                Expr::value(Some(now + chrono::Duration::days(3650))),
            )
            .filter(user::Column::Id.eq(first_user))
            .exec(txn)
            .await?;
    }
    Ok(Named {
        institutions: inst_ids,
        institution_user: inst_user.id,
        province_user,
        last_generated,
    })
}

/// A teacher with a login (the demo password) at `school`, for tests and demos. Returns the
/// user id.
pub async fn demo_teacher(
    db: &impl ConnectionTrait,
    name: &str,
    id_number: &str,
    phone: &str,
    school: &school::Model,
    stage: &str,
    subject: &str,
) -> AppResult<i64> {
    let id = IdNumber::parse(id_number).map_err(|_| AppError::Internal)?;
    let hash = hash_blocking(DEMO_PASSWORD)?;
    let mut rng = StdRng::seed_from_u64(u64::from(id_number.as_bytes()[16]));
    insert_teacher(
        db,
        &mut rng,
        name,
        &id,
        Some((phone, &hash)),
        school,
        stage,
        Some(subject),
    )
    .await
}

/// The demo's named accounts stand for people who have logged in and confirmed their phone
/// with a code (an account made by an admin starts with the phone unverified).
async fn phone_confirmed(db: &impl ConnectionTrait, user_id: i64) -> AppResult<()> {
    use sea_orm::sea_query::Expr;
    user::Entity::update_many()
        .col_expr(user::Column::PhoneVerified, Expr::value(true))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Inserts a user + teacher record + teacher role; returns the user id. `login` is
/// (phone, password hash) for accounts that already chose a password.
#[allow(clippy::too_many_arguments)]
async fn insert_teacher(
    db: &impl ConnectionTrait,
    rng: &mut StdRng,
    name: &str,
    id: &IdNumber,
    login: Option<(&str, &str)>,
    school: &school::Model,
    stage: &str,
    subject: Option<&str>,
) -> AppResult<i64> {
    let u = insert_user(db, name, Some(id), login.map(|l| l.0), login.map(|l| l.1)).await?;
    if login.is_some() {
        phone_confirmed(db, u.id).await?;
    }
    let fields = random_fields(rng, name, id, stage, subject);
    let t = new_teacher(u.id, id, school, &fields).insert(db).await?;
    crate::server::services::stats::teachers::changed(db, &[t.id]).await?;
    assign_training_number(db, t).await?;
    assign(db, u.id, Role::Teacher, None, None, None).await?;
    Ok(u.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_from_the_command_line() {
        assert_eq!(Size::parse("province"), Some(Size::PROVINCE));
        assert_eq!(Size::parse("demo"), Some(Size::DEMO));
        assert_eq!(Size::parse("0").map(|s| s.teachers_per_school), Some(0));
        assert_eq!(Size::parse("lots"), None);
    }
}
