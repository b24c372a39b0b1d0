//! The demo province (Hebei): schools of every category in every county, institutions,
//! a few thousand teachers with valid ID numbers, and one demo account per role.

use super::entities::{region, school};
use crate::domain::region::{city_of, province_of};
use crate::domain::teacher::TeacherFields;
use crate::error::{AppError, AppResult};
use crate::server::services::like::TextMatch;
use crate::server::services::teachers::bulk;
use chrono::Utc;
use rand::SeedableRng;
use rand::rngs::StdRng;
mod accounts;
mod generated;
pub mod history;
mod mark;
mod projects;

use accounts::named;
pub use accounts::{
    AUDITOR_PHONE, FINISHED_TEACHER_PHONE, FIRST_LOGIN_PASSWORD, demo_accounts, demo_teacher,
    first_login_teacher_id,
};
pub use generated::random_fields;
use generated::{generated_id, name, school_kind};
use mark::{Phase, SEEDED, SEEDING, mark};
pub use mark::{check_mode, is_demo_database, is_seed_finished, is_seeded, refresh_statistics};

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, NotSet,
    QueryFilter, QueryOrder,
};

pub const DEMO_PROVINCE: &str = "130000";
pub const DEMO_CITY: &str = "130100";
pub const DEMO_COUNTY: &str = "130102";
pub const DEMO_PASSWORD: &str = "Shixun2026";

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
