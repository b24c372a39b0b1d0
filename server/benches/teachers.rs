//! Teacher records at province scale, on SQLite and (when one answers on 127.0.0.1:5432)
//! PostgreSQL. Prints figures; asserts nothing.
//!
//! - Import: rows/s for a 50,000-row .xlsx end to end (parse + check + commit), next to the
//!   raw calamine parse rate of the same file and the database's own multi-row insert rate for
//!   the same rows, in the same run.
//! - List: median and p95 latency of the teacher list over a mix of scopes, filters and pages
//!   with a full province (600,000 teachers). The seeded databases are kept between runs
//!   (target/bench-province.db, PostgreSQL database shixun_bench_province).
//!
//! Run: `cargo bench -p server --bench teachers` (IMPORT_ROWS, LIST_RUNS to change sizes).

#![recursion_limit = "512"]

mod common;

use common::{env_usize, fresh, ms, percentile, province};

use app::domain::id_card::make_id_number;
use app::domain::role::{Role, Scope};
use app::domain::sheet::{IMPORT_COLUMNS, SAMPLE_ROW};
use app::dto::teacher_import::{ImportMode, OnExisting};
use app::dto::teachers::TeacherFilter;
use app::server::auth::Actor;
use app::server::entities::{school, teacher, user};
use app::server::seed::{self, Size};
use app::server::services::accounts::new_user;
use app::server::services::spreadsheet;
use app::server::services::teachers::{import, import_write, list};
use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
    TransactionTrait,
};
use std::collections::HashMap;
use std::time::{Duration, Instant};

async fn province_admin(db: &DatabaseConnection) -> Actor {
    let u = user::Entity::find()
        .filter(user::Column::Phone.eq("13900000001"))
        .one(db)
        .await
        .expect("query")
        .expect("province admin");
    Actor {
        user_id: u.id,
        name: u.name,
        assignment_id: 0,
        role: Role::ProvinceAdmin,
        scope: Scope::Region(seed::DEMO_PROVINCE.into()),
        must_change_password: false,
    }
}

/// Schools whose names are unique in the province (an import names schools by full name).
async fn unique_schools(db: &DatabaseConnection) -> Vec<String> {
    let names: Vec<String> = school::Entity::find()
        .select_only()
        .column(school::Column::Name)
        .into_tuple()
        .all(db)
        .await
        .expect("schools");
    let mut count: HashMap<&str, usize> = HashMap::new();
    for n in &names {
        *count.entry(n).or_default() += 1;
    }
    let mut unique: Vec<String> = names
        .iter()
        .filter(|n| count[n.as_str()] == 1)
        .cloned()
        .collect();
    unique.sort();
    unique
}

/// `n` valid template rows spread over `schools`.
fn rows(n: usize, schools: &[String]) -> Vec<Vec<String>> {
    let col = |key: &str| {
        IMPORT_COLUMNS
            .iter()
            .position(|c| c.key == key)
            .unwrap_or(0)
    };
    let surnames: Vec<char> = "王李张刘陈杨赵黄周吴".chars().collect();
    let given: Vec<char> = "伟芳娜敏静丽强磊军洋".chars().collect();
    (0..n)
        .map(|i| {
            let mut r: Vec<String> = SAMPLE_ROW.iter().map(|s| s.to_string()).collect();
            let birth = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
                + chrono::Duration::days((i / 900) as i64);
            r[col("name")] = format!(
                "{}{}{}",
                surnames[i % 10],
                given[(i / 10) % 10],
                given[(i / 100) % 10]
            );
            r[col("id_number")] = make_id_number("130102", birth, (i % 900 + 1) as u16);
            r[col("school")] = schools[i % schools.len()].clone();
            r[col("hire_date")] = "2000-09-01".into();
            r[col("phone")] = String::new();
            r
        })
        .collect()
}

fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (i, c) in IMPORT_COLUMNS.iter().enumerate() {
        ws.write_string(0, i as u16, c.header).expect("write");
    }
    for (r, cells) in rows.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, v).expect("write");
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

/// The database's own rate for the same rows: accounts and records in multi-row inserts
/// inside one transaction, nothing checked.
async fn raw_insert(db: &DatabaseConnection, rows: &[Vec<String>]) -> Duration {
    let col = |key: &str| {
        IMPORT_COLUMNS
            .iter()
            .position(|c| c.key == key)
            .unwrap_or(0)
    };
    let school = school::Entity::find()
        .one(db)
        .await
        .expect("query")
        .expect("a school");
    let started = Instant::now();
    let txn = db.begin().await.expect("txn");
    for chunk in rows.chunks(app::server::services::teachers::bulk::BATCH) {
        let users = chunk.iter().map(|r| {
            let mut u = new_user(&r[col("name")], None, None, None);
            u.id_number = sea_orm::ActiveValue::Set(Some(r[col("id_number")].clone()));
            u
        });
        user::Entity::insert_many(users)
            .exec(&txn)
            .await
            .expect("users");
        let ids: Vec<(i64, Option<String>)> = user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .column(user::Column::IdNumber)
            .filter(user::Column::IdNumber.is_in(chunk.iter().map(|r| r[col("id_number")].clone())))
            .into_tuple()
            .all(&txn)
            .await
            .expect("ids");
        let teachers = ids.iter().map(|(uid, number)| {
            let id = app::domain::id_card::IdNumber::parse(number.as_deref().unwrap_or(""))
                .expect("valid");
            let fields = app::domain::teacher::TeacherFields {
                name: String::new(),
                id_number: id.to_string(),
                ethnicity: "汉族".into(),
                political_status: "群众".into(),
                stage: "小学".into(),
                subject: "语文".into(),
                initial_education: "大学本科".into(),
                highest_education: "大学本科".into(),
                title: "一级教师".into(),
                post: "专任教师".into(),
                ..Default::default()
            };
            app::server::services::teachers::record::new_teacher(*uid, &id, &school, &fields)
        });
        teacher::Entity::insert_many(teachers)
            .exec(&txn)
            .await
            .expect("teachers");
    }
    txn.commit().await.expect("commit");
    started.elapsed()
}

async fn import_bench(backend: &str, n: usize) {
    let Some(db) = fresh(backend, "shixun_bench_import").await else {
        println!("{backend}: PostgreSQL is not running on 127.0.0.1:5432; skipped");
        return;
    };
    seed::seed_demo(&db, Size::EMPTY).await.expect("seed");
    let schools = unique_schools(&db).await;
    let data = rows(n, &schools);
    let file = xlsx(&data);
    let actor = province_admin(&db).await;

    let started = Instant::now();
    let sheet = spreadsheet::read_sheet(&file).expect("parse");
    let parse = started.elapsed();
    assert_eq!(sheet.rows.len(), n + 1);

    let started = Instant::now();
    let sheet = spreadsheet::read_sheet(&file).expect("parse");
    let checked = import::check(&db, &actor, sheet, &|_, _| {})
        .await
        .expect("check");
    let check = started.elapsed();
    let invalid = checked.count(app::dto::teacher_import::RowKind::Invalid);
    let outcome = import_write::commit(
        &db,
        &actor,
        &checked,
        ImportMode::AllOrNothing,
        OnExisting::Update,
        &|_, _| {},
    )
    .await
    .expect("commit");
    let total = started.elapsed();
    assert_eq!((invalid, outcome.created as usize), (0, n));

    let Some(raw_db) = fresh(backend, "shixun_bench_raw").await else {
        return;
    };
    seed::seed_demo(&raw_db, Size::EMPTY).await.expect("seed");
    let raw = raw_insert(&raw_db, &data).await;

    let rate = |d: Duration| n as f64 / d.as_secs_f64();
    println!(
        "{backend}: import of {n} rows ({:.1} MB .xlsx) end to end {:.1} s = {:.0} rows/s \
         (parse + check {:.1} s, commit {:.1} s)",
        file.len() as f64 / 1e6,
        total.as_secs_f64(),
        rate(total),
        check.as_secs_f64(),
        (total - check).as_secs_f64()
    );
    println!(
        "{backend}:   limits in the same run: calamine parse {:.0} rows/s, database multi-row insert \
         {:.0} rows/s; the import runs at {:.0}% of the slower ({:.0}%/{:.0}% of each)",
        rate(parse),
        rate(raw),
        100.0 * rate(total) / rate(parse).min(rate(raw)),
        100.0 * rate(total) / rate(parse),
        100.0 * rate(total) / rate(raw)
    );
}

/// The list requests admins make: scopes from province to school, each filter, first, middle
/// and last pages, keyword shapes.
fn list_requests(
    db_schools: &[(i64, String)],
    names: &[String],
) -> Vec<(list::ListScope, TeacherFilter)> {
    let f = TeacherFilter::default;
    let mut out = Vec::new();
    let scopes = [
        common::kept(Scope::Region("130000".into())),
        common::kept(Scope::Region("130100".into())),
        common::kept(Scope::Region("130102".into())),
        common::kept(Scope::School {
            id: db_schools[0].0,
            county_code: "130102".into(),
        }),
    ];
    for scope in scopes {
        out.push((scope.clone(), f()));
        for page in [2, 50, 500, 5000] {
            out.push((scope.clone(), TeacherFilter { page, ..f() }));
        }
        for (stage, title) in [("小学", ""), ("初中", "一级教师"), ("", "高级教师")] {
            out.push((
                scope.clone(),
                TeacherFilter {
                    stage: stage.into(),
                    title: title.into(),
                    ..f()
                },
            ));
        }
        out.push((
            scope.clone(),
            TeacherFilter {
                special_post: "1".into(),
                ..f()
            },
        ));
        out.push((
            scope.clone(),
            TeacherFilter {
                status: "在岗".into(),
                sort: "name".into(),
                ..f()
            },
        ));
        out.push((
            scope.clone(),
            TeacherFilter {
                sort: "updated".into(),
                page: 3,
                ..f()
            },
        ));
        for kw in names.iter().take(3) {
            out.push((
                scope.clone(),
                TeacherFilter {
                    keyword: kw.clone(),
                    ..f()
                },
            ));
        }
        out.push((
            scope.clone(),
            TeacherFilter {
                keyword: "1234".into(),
                ..f()
            },
        ));
        out.push((
            scope.clone(),
            TeacherFilter {
                keyword: "王".into(),
                ..f()
            },
        ));
        out.push((
            scope.clone(),
            TeacherFilter {
                school_id: db_schools[1].0,
                ..f()
            },
        ));
    }
    out
}

async fn list_bench(backend: &str, runs: usize) {
    let Some(db) = province(backend).await else {
        println!("{backend}: PostgreSQL is not running on 127.0.0.1:5432; skipped");
        return;
    };
    let schools: Vec<(i64, String)> = school::Entity::find()
        .filter(school::Column::CountyCode.eq("130102"))
        .select_only()
        .column(school::Column::Id)
        .column(school::Column::Name)
        .into_tuple()
        .all(&db)
        .await
        .expect("schools");
    let names: Vec<String> = user::Entity::find()
        .select_only()
        .column(user::Column::Name)
        .limit(3)
        .into_tuple()
        .all(&db)
        .await
        .expect("names");
    let requests = list_requests(&schools, &names);
    let mut times = Vec::new();
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    for round in 0..=runs {
        for (scope, filter) in &requests {
            let started = Instant::now();
            let page = list::list(&db, scope, filter).await.expect("list");
            let t = started.elapsed();
            std::hint::black_box(page);
            if round > 0 {
                times.push(t);
                slowest.push((t, format!("{scope:?} {filter:?}")));
            }
        }
    }
    times.sort();
    slowest.sort_by_key(|b| std::cmp::Reverse(b.0));
    println!(
        "{backend}: teacher list at {} teachers, {} requests: median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        teacher::Entity::find().count(&db).await.unwrap_or(0),
        times.len(),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.95)),
        ms(*times.last().unwrap_or(&Duration::ZERO))
    );
    slowest.dedup_by(|a, b| a.1 == b.1);
    for (t, what) in slowest.iter().take(6) {
        println!("{backend}:   slow: {:.1} ms {what}", ms(*t));
    }
}

#[tokio::main]
async fn main() {
    let import_rows = env_usize("IMPORT_ROWS", 50_000);
    let runs = env_usize("LIST_RUNS", 3);
    let only = std::env::var("BENCH").unwrap_or_default();
    for backend in ["sqlite", "postgres"] {
        if only.is_empty() || only == "import" {
            import_bench(backend, import_rows).await;
        }
        if only.is_empty() || only == "list" {
            list_bench(backend, runs).await;
        }
    }
}
