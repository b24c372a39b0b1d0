//! The demo province (Hebei): schools of every category in every county, institutions,
//! a few thousand teachers with valid ID numbers, and one demo account per role.

use super::auth::password::hash_blocking;
use super::entities::{institution, institution_region, region, school, teacher, user};
use crate::domain::codes::{
    EDUCATION_LEVELS, ETHNICITIES, POLITICAL_STATUSES, TITLES, subjects_of,
};
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
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, NotSet, PaginatorTrait, QueryFilter, QueryOrder, TransactionTrait,
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

const SURNAMES: &str = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文";
const GIVEN: &str = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽";

fn name(rng: &mut StdRng) -> String {
    let s: Vec<char> = SURNAMES.chars().collect();
    let g: Vec<char> = GIVEN.chars().collect();
    let mut n = String::new();
    n.push(s[rng.random_range(0..s.len())]);
    for _ in 0..rng.random_range(1..=2) {
        n.push(g[rng.random_range(0..g.len())]);
    }
    n
}

/// (name suffix, category, stage) for the schools each county gets.
const SCHOOL_KINDS: [(&str, &str, &str); 6] = [
    ("实验小学", "小学", "小学"),
    ("第二小学", "小学", "小学"),
    ("第一中学", "完全中学", "高中"),
    ("第三初级中学", "初级中学", "初中"),
    ("中心幼儿园", "幼儿园", "幼儿园"),
    ("职业技术教育中心", "中等职业学校", "中职"),
];

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

/// The name, category and stage of a county's `i`-th school: the six kinds first, then
/// numbered schools of each kind.
fn school_kind(county_name: &str, i: usize) -> (String, &'static str, &'static str) {
    let short = county_name.trim_end_matches(['区', '县', '市']);
    let (suffix, category, stage) = SCHOOL_KINDS[i % SCHOOL_KINDS.len()];
    if i < SCHOOL_KINDS.len() {
        return (format!("{short}{suffix}"), category, stage);
    }
    let noun = match stage {
        "小学" => "小学",
        "高中" => "中学",
        "初中" => "初级中学",
        "幼儿园" => "幼儿园",
        _ => "职业学校",
    };
    (format!("{short}第{}{noun}", i + 1), category, stage)
}

/// The `k`-th generated teacher of a county: a birth date and sequence that never repeat
/// within the county for k < 39,000 (a county gets at most 34 × 93) (so ID numbers stay unique), and never use the demo
/// accounts' sequences (below 700).
fn generated_id(county: &str, k: usize) -> AppResult<IdNumber> {
    let base = NaiveDate::from_ymd_opt(1965, 1, 1).unwrap_or_default();
    let birth = base + chrono::Duration::days(((k * 7919) % 13_000) as i64);
    let seq = 700 + (k % 300) as u16;
    IdNumber::parse(&make_id_number(county, birth, seq)).map_err(|_| AppError::Internal)
}

/// Plausible record fields for a generated teacher.
pub fn random_fields(
    rng: &mut StdRng,
    name: &str,
    id: &IdNumber,
    stage: &str,
    subject: Option<&str>,
) -> TeacherFields {
    let subjects = subjects_of(stage);
    let pick = |rng: &mut StdRng, list: &[&str]| list[rng.random_range(0..list.len())].to_string();
    TeacherFields {
        name: name.into(),
        id_number: id.to_string(),
        qualification_number: format!(
            "{}{}",
            id.birth_date().format("%Y"),
            rng.random_range(10_000_000..99_999_999)
        ),
        ethnicity: if rng.random_range(0..10) < 9 {
            "汉族".into()
        } else {
            pick(rng, &ETHNICITIES)
        },
        political_status: pick(rng, &POLITICAL_STATUSES),
        stage: stage.into(),
        subject: subject
            .map(String::from)
            .unwrap_or_else(|| pick(rng, subjects)),
        initial_education: pick(rng, &EDUCATION_LEVELS[2..5]),
        highest_education: pick(rng, &EDUCATION_LEVELS[1..4]),
        title: pick(rng, &TITLES),
        post: "专任教师".into(),
        hire_date: (id.birth_date() + chrono::Duration::days(365 * 22))
            .format("%Y-%m-%d")
            .to_string(),
        publicly_funded: rng.random_range(0..20) == 0,
        special_post: rng.random_range(0..10) == 0,
        phone: String::new(),
        email: String::new(),
    }
}

/// Gives SQLite's planner fresh table statistics (PostgreSQL's autovacuum keeps its own): at
/// start and after seeding, so a large province's list picks its indexes.
pub async fn refresh_statistics(db: &DatabaseConnection) {
    if db.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
        for pragma in ["PRAGMA analysis_limit=1000", "PRAGMA optimize=0x10002"] {
            if let Err(e) = db.execute_unprepared(pragma).await {
                tracing::warn!(error = %e, "sqlite statistics not refreshed");
            }
        }
    }
}

pub async fn is_seeded(db: &impl ConnectionTrait) -> AppResult<bool> {
    Ok(school::Entity::find().count(db).await? > 0)
}

/// The mark the demo seed leaves on its database.
const DEMO_MARK: &str = "demo";

/// Whether the database was built by the demo seed.
pub async fn is_demo_database(db: &impl ConnectionTrait) -> AppResult<bool> {
    use super::entities::instance_mark;
    Ok(instance_mark::Entity::find_by_id(DEMO_MARK.to_string())
        .one(db)
        .await?
        .is_some())
}

/// Refuses to serve a database in a mode it does not fit: demo mode (test captcha, public
/// mailbox, known passwords) on a database that holds real data, or production on a demo
/// database (its accounts' passwords are published).
pub async fn check_mode(db: &impl ConnectionTrait, demo_mode: bool) -> Result<(), String> {
    let err = |e: AppError| e.to_string();
    let demo_db = is_demo_database(db).await.map_err(err)?;
    let has_data = is_seeded(db).await.map_err(err)?;
    match (demo_mode, demo_db, has_data) {
        (true, false, true) => Err("this database holds data the demo seed did not write: demo mode (test captcha, public mailbox, demo accounts) is refused on it; start in production mode".into()),
        (false, true, _) => Err("this is a demo database (its accounts' passwords are published): production mode is refused on it".into()),
        _ => Ok(()),
    }
}

/// Builds the demo province unless schools already exist, in one transaction. Generated
/// teachers go in by the bulk path of imports, so a whole province takes minutes.
pub async fn seed_demo(db: &DatabaseConnection, size: Size) -> AppResult<()> {
    if is_seeded(db).await? {
        return Ok(());
    }
    let txn = db.begin().await?;
    // A province is written in this one transaction (gigabytes): on SQLite its pages stay in
    // a cache of 1 GB instead of being looked up in an ever longer write-ahead log (with the
    // default cache the province took over 40 minutes, most of it in those look-ups).
    let backend = db.get_database_backend();
    let cache: Option<i64> = if backend == sea_orm::DatabaseBackend::Sqlite {
        let was = txn
            .query_one_raw(sea_orm::Statement::from_string(
                backend,
                "PRAGMA cache_size",
            ))
            .await?
            .and_then(|r| r.try_get_by_index::<i64>(0).ok());
        txn.execute_unprepared("PRAGMA cache_size = -1048576")
            .await?;
        was
    } else {
        None
    };
    // The demo's history is written as it happened, partly past the services: the statistics
    // are counted once at the end instead of after every batch.
    super::services::stats::without_upkeep(fill(&txn, size)).await?;
    super::services::stats::rebuild::rebuild(&txn).await?;
    if let Some(was) = cache {
        txn.execute_unprepared(&format!("PRAGMA cache_size = {was}"))
            .await?;
    }
    txn.commit().await?;
    refresh_statistics(db).await;
    Ok(())
}

async fn fill(txn: &sea_orm::DatabaseTransaction, size: Size) -> AppResult<()> {
    super::entities::instance_mark::ActiveModel {
        key: Set(DEMO_MARK.into()),
        value: Set("seeded".into()),
        at: Set(Utc::now()),
    }
    .insert(txn)
    .await?;
    let mut rng = StdRng::seed_from_u64(20261124);
    let now = Utc::now();
    let counties = region::Entity::find()
        .filter(region::Column::Level.eq(3))
        .filter(region::Column::Code.begins_with("13"))
        .order_by_asc(region::Column::Code)
        .all(txn)
        .await?;
    let mut demo_school = None;
    for county in &counties {
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
                let n = name(&mut rng);
                records.push((random_fields(&mut rng, &n, &id, stage, None), s));
            }
        }
        for chunk in records.chunks(bulk::BATCH) {
            let refs: Vec<(&TeacherFields, &school::Model)> =
                chunk.iter().map(|(f, s)| (f, *s)).collect();
            bulk::insert(txn, None, ("create", "建档（演示数据）"), &refs).await?;
        }
    }
    let school = demo_school.ok_or(AppError::Internal)?;
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
            contact_name: Set(name(&mut rng)),
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
        &mut rng,
        "吴校管",
        &sa_id,
        Some(("13900000004", &hash)),
        &school,
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
        &mut rng,
        "郑老师",
        &t_id,
        Some(("13900000006", &hash)),
        &school,
        "小学",
        Some("数学"),
    )
    .await?;
    let birth = NaiveDate::from_ymd_opt(1988, 3, 9).unwrap_or_default();
    let w_id = IdNumber::parse(&make_id_number(DEMO_COUNTY, birth, 673))
        .map_err(|_| AppError::Internal)?;
    insert_teacher(
        txn,
        &mut rng,
        "王老师",
        &w_id,
        Some((FINISHED_TEACHER_PHONE, &hash)),
        &school,
        "小学",
        Some("语文"),
    )
    .await?;
    let first = IdNumber::parse(&first_login_teacher_id()).map_err(|_| AppError::Internal)?;
    let first_user = insert_teacher(
        txn,
        &mut rng,
        "冯新师",
        &first,
        None,
        &school,
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
    // The years before this one, for the generated teachers (none in the tests' empty
    // province); first, so that the demo's own projects are the newest in every list.
    if size.teachers_per_school > 0 {
        super::seed_history::seed(
            txn,
            (&inst_ids, inst_user.id),
            (DEMO_PROVINCE, last_generated),
            HISTORY_YEARS,
        )
        .await?;
    }
    super::seed_projects::seed(txn, (inst_user.id, "周机构"), (province_user, "赵省管")).await?;
    Ok(())
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
    fn generated_id_numbers_never_repeat_in_a_county_nor_meet_the_demo_accounts() {
        let size = Size::PROVINCE;
        let n = size.schools_per_county * size.teachers_per_school;
        let mut seen = std::collections::HashSet::new();
        for k in 0..n {
            let id = generated_id(DEMO_COUNTY, k).unwrap().to_string();
            let seq: u16 = id[14..17].parse().unwrap();
            assert!(seq >= 700, "{id}");
            assert!(seen.insert(id), "k = {k}");
        }
        assert_eq!(seen.len(), 34 * 93);
    }

    #[test]
    fn sizes_read_from_the_command_line() {
        assert_eq!(Size::parse("province"), Some(Size::PROVINCE));
        assert_eq!(Size::parse("demo"), Some(Size::DEMO));
        assert_eq!(Size::parse("0").map(|s| s.teachers_per_school), Some(0));
        assert_eq!(Size::parse("lots"), None);
    }

    #[test]
    fn schools_beyond_the_six_kinds_are_numbered_and_keep_their_stage() {
        assert_eq!(school_kind("长安区", 0).0, "长安实验小学");
        let (name, category, stage) = school_kind("正定县", 13);
        assert_eq!(
            (name.as_str(), category, stage),
            ("正定第14小学", "小学", "小学")
        );
    }
}
