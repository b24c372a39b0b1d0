//! The demo's named accounts, one per role, and the teachers behind them; the login page and
//! the README list them (`demo_accounts`).

use super::super::auth::password::hash_blocking;
use super::super::entities::{institution, institution_region, school, teacher, user};
use super::generated::{name, random_fields};
use super::{DEMO_CITY, DEMO_COUNTY, DEMO_PASSWORD, DEMO_PROVINCE};
use crate::domain::id_card::{IdNumber, make_id_number};
use crate::domain::role::Role;
use crate::dto::account::DemoAccount;
use crate::error::{AppError, AppResult};
use crate::server::services::accounts::{assign, insert_user};
use crate::server::services::teachers::record::{assign_training_number, new_teacher};
use chrono::{NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, NotSet,
    QueryFilter, QueryOrder,
};

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

/// What the named part of the demo made that the rest of it refers to.
pub(super) struct Named {
    pub(super) institutions: Vec<i64>,
    pub(super) institution_user: i64,
    pub(super) province_user: i64,
    /// The generated teachers' ids end here.
    pub(super) last_generated: i64,
}

/// The institutions and the named demo accounts, one per role.
pub(super) async fn named(
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
    let sa_id =
        IdNumber::parse(&make_id_number(DEMO_COUNTY, birth, 551)).map_err(AppError::internal)?;
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
    let t_id =
        IdNumber::parse(&make_id_number(DEMO_COUNTY, birth, 662)).map_err(AppError::internal)?;
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
    let w_id =
        IdNumber::parse(&make_id_number(DEMO_COUNTY, birth, 673)).map_err(AppError::internal)?;
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
    let first = IdNumber::parse(&first_login_teacher_id()).map_err(AppError::internal)?;
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
                Expr::value(super::super::auth::password::issued_for(
                    FIRST_LOGIN_PASSWORD,
                )),
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
    let id = IdNumber::parse(id_number).map_err(AppError::internal)?;
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
