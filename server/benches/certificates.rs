//! Certificates and the credit page. Prints figures; the only checks are that the PDFs are
//! PDFs and the table covers the cycle.
//!
//! - Single: certificates rendered one by one, each its own PDF (what a teacher's 打印证书
//!   asks for): certificates per second and bytes each.
//! - Batch: a class of 1,000 as one PDF of 1,000 pages, and as a ZIP of 1,000 PDFs (the
//!   institution's 打印全班证书 / 下载证书).
//! - 我的学分: latency of the credit page's data for a teacher with 10 years of ledger history
//!   (12 lines a year), on SQLite and (when one answers on 127.0.0.1:5432) PostgreSQL.
//!
//! - 学分预警: the shortfall list's first pages for a province admin, a city, a county and a
//!   school over the kept province-size database (600,000 teachers; a third of them given
//!   credits this year), and a county's .xlsx export. SHORTFALL=0 skips it.
//!
//! Run: `cargo bench -p server --bench certificates` (SINGLES, BATCH, CREDIT_RUNS,
//! SHORTFALL_RUNS to change).

#![recursion_limit = "512"]
#![allow(clippy::unwrap_used)] // a bench fails loudly on a broken set-up

mod common;

use app::domain::credit_entry::{CreditSource, CreditStatus};
use app::domain::project::CREDIT_CATEGORIES;
use app::domain::role::{Role, Scope};
use app::server::auth::Actor;
use app::server::documents::Book;
use app::server::documents::certificate::{CertificateText, PhotoSlot, draw, render};
use app::server::entities::{credit_entry, user};
use app::server::seed::{self, Size};
use app::server::services::{credits, training_years};
use chrono::{Datelike, NaiveDate, Utc};
use common::{env_usize, fresh, ms, percentile};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, NotSet, QueryFilter};
use std::io::Write;
use std::time::Instant;

fn sample(i: usize) -> CertificateText {
    let day = |s: &str| s.parse::<NaiveDate>().unwrap();
    CertificateText {
        number: format!("SX2026BENCH{i:05}"),
        holder_name: ["郑老师", "欧阳娜娜", "王䶮", "李明"][i % 4].into(),
        id_masked: "130102**********20".into(),
        project_name: "2026年信息技术应用能力提升工程2.0培训".into(),
        class_name: "第一期".into(),
        starts_on: day("2026-07-01"),
        ends_on: day("2026-07-05"),
        hours: 50,
        credits: "16.7".into(),
        credit_category: "公共必修".into(),
        level: "省级".into(),
        result: "合格".into(),
        issuer: "河北师范大学".into(),
        issued_on: day("2026-07-20"),
        verify_url: format!("https://shixun.example.cn/verify/SX2026BENCH{i:05}"),
        photo: PhotoSlot::NotUsed,
    }
}

fn certificates() {
    // The font is parsed once per process; count it apart.
    let t = Instant::now();
    let first = render(&sample(0)).unwrap();
    println!(
        "  first certificate (font load included): {:.0} ms, {} KB",
        ms(t.elapsed()),
        first.len() / 1024
    );
    let n = env_usize("SINGLES", 200);
    let t = Instant::now();
    let mut bytes = 0;
    for i in 0..n {
        let pdf = render(&sample(i)).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        bytes += pdf.len();
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "  single: {n} certificates in {secs:.2} s = {:.0} certificates/s, {:.1} KB each",
        n as f64 / secs,
        bytes as f64 / n as f64 / 1024.0
    );
    let batch = env_usize("BATCH", 1000);
    let t = Instant::now();
    let mut book = Book::new("bench").unwrap();
    for i in 0..batch {
        draw(&mut book, &sample(i)).unwrap();
    }
    let pdf = book.finish();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "  batch, one PDF: {batch} pages in {secs:.2} s = {:.0} certificates/s, {:.1} MB",
        batch as f64 / secs,
        pdf.len() as f64 / 1_048_576.0
    );
    let t = Instant::now();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..batch {
        zip.start_file(format!("{i}.pdf"), options).unwrap();
        zip.write_all(&render(&sample(i)).unwrap()).unwrap();
    }
    let out = zip.finish().unwrap().into_inner();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "  batch, ZIP of PDFs: {batch} in {secs:.2} s = {:.0} certificates/s, {:.1} MB",
        batch as f64 / secs,
        out.len() as f64 / 1_048_576.0
    );
}

async fn credit_page(backend: &str) {
    let Some(db) = fresh(backend, "shixun_bench_credits").await else {
        println!("  {backend}: not running, skipped");
        return;
    };
    seed::seed_demo(&db, Size::EMPTY).await.expect("seed");
    let u = user::Entity::find()
        .filter(user::Column::Phone.eq("13900000006"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    let t = app::server::entities::teacher::Entity::find()
        .filter(app::server::entities::teacher::Column::UserId.eq(u.id))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    let this_year = training_years::today().year();
    let mut lines = Vec::new();
    for year in this_year - 9..=this_year {
        for k in 0..12 {
            lines.push(credit_entry::ActiveModel {
                id: NotSet,
                user_id: Set(u.id),
                teacher_id: Set(t.id),
                county_code: Set(t.county_code.clone()),
                school_id: Set(t.school_id),
                year: Set(year),
                category: Set(CREDIT_CATEGORIES[k % 4].into()),
                credits_tenths: Set(15),
                hours: Set(5),
                source: Set(if k % 3 == 0 {
                    CreditSource::Manual
                } else {
                    CreditSource::Project
                }),
                enrolment_id: Set(None),
                title: Set(format!("{year}年第{k}项培训")),
                certifier_level: Set("县级".into()),
                certifier_name: Set("长安区教育局".into()),
                status: Set(if k == 11 {
                    CreditStatus::Pending
                } else {
                    CreditStatus::Approved
                }),
                reason: Set(None),
                created_by_user_id: Set(u.id),
                created_at: Set(Utc::now()),
                decided_by_name: Set(None),
                decided_at: Set(None),
            });
        }
    }
    credit_entry::Entity::insert_many(lines)
        .exec(&db)
        .await
        .unwrap();
    let actor = Actor {
        user_id: u.id,
        name: u.name.clone(),
        assignment_id: 0,
        role: Role::Teacher,
        scope: Scope::Own(u.id),
        must_change_password: false,
    };
    let runs = env_usize("CREDIT_RUNS", 200);
    let mut times = Vec::with_capacity(runs);
    let me = app::server::auth::policy::proof::own_record(&db, &actor)
        .await
        .unwrap();
    for i in 0..runs {
        let t = Instant::now();
        // Alternate the current cycle and the one before: both halves of the 10 years.
        let cycle = if i % 2 == 0 { None } else { Some(1) };
        let page = credits::mine(&db, &me, cycle).await.unwrap();
        times.push(t.elapsed());
        assert_eq!(page.table.years.len(), 5);
    }
    times.sort();
    println!(
        "  {backend}: 我的学分, 120 ledger lines over 10 years, {runs} loads: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        ms(percentile(&times, 0.50)),
        ms(percentile(&times, 0.95)),
        ms(*times.last().unwrap())
    );
}

/// Credits this year for every third teacher (school-based 10) and every fifth (专业选修 16),
/// written once into the kept province database in two statements.
async fn province_ledger(db: &sea_orm::DatabaseConnection) {
    use sea_orm::{ConnectionTrait, PaginatorTrait};
    if credit_entry::Entity::find().count(db).await.unwrap() > 100_000 {
        return;
    }
    let year = training_years::today().year();
    let started = Instant::now();
    for (every, category, tenths) in [(3, "校本研修", 100), (5, "专业选修", 160)] {
        db.execute_unprepared(&format!(
            "INSERT INTO credit_entries (user_id, teacher_id, county_code, school_id, year, category, \
             credits_tenths, hours, source, title, certifier_level, certifier_name, status, \
             created_by_user_id, created_at) \
             SELECT user_id, id, county_code, school_id, {year}, '{category}', {tenths}, {hours}, \
             'manual', '基准测试学分', '校级', '基准测试', 'approved', user_id, \
             '2026-12-01T00:00:00+00:00' FROM teachers WHERE id % {every} = 0",
            hours = tenths * 3 / 10
        ))
        .await
        .unwrap();
    }
    println!(
        "  wrote {} ledger lines in {:.0} s",
        credit_entry::Entity::find().count(db).await.unwrap(),
        started.elapsed().as_secs_f64()
    );
}

async fn shortfall(backend: &str) {
    use app::dto::credits::ShortfallFilter;
    use app::server::services::shortfall;
    let Some(db) = common::province(backend).await else {
        println!("  {backend}: not running, skipped");
        return;
    };
    province_ledger(&db).await;
    let school = app::server::entities::teacher::Entity::find()
        .filter(app::server::entities::teacher::Column::CountyCode.eq("130102"))
        .one(&db)
        .await
        .unwrap()
        .and_then(|t| t.school_id)
        .unwrap();
    let runs = env_usize("SHORTFALL_RUNS", 20);
    for (label, scope) in [
        ("province", common::kept(Scope::Region("130000".into()))),
        ("city", common::kept(Scope::Region("130100".into()))),
        ("county", common::kept(Scope::Region("130102".into()))),
        (
            "school",
            common::kept(Scope::School {
                id: school,
                county_code: "130102".into(),
            }),
        ),
    ] {
        let mut times = Vec::with_capacity(runs);
        let mut total = 0;
        for i in 0..runs {
            let f = ShortfallFilter {
                kind: ["any", "year", "cycle"][i % 3].into(),
                page: (i % 5) as u64 + 1,
                ..Default::default()
            };
            let t = Instant::now();
            let p = shortfall::page(&db, &scope, &f).await.unwrap();
            times.push(t.elapsed());
            total = total.max(p.page.total);
        }
        times.sort();
        println!(
            "  {backend}: 学分预警, {label} ({total} short), {runs} pages: p50 {:.0} ms, p95 {:.0} ms",
            ms(percentile(&times, 0.50)),
            ms(percentile(&times, 0.95)),
        );
    }
    let t = Instant::now();
    let f = ShortfallFilter::default();
    let bytes = shortfall::export(&db, &common::kept(Scope::Region("130102".into())), &f)
        .await
        .unwrap();
    println!(
        "  {backend}: 学分预警 export, one county: {:.2} s, {} KB",
        t.elapsed().as_secs_f64(),
        bytes.len() / 1024
    );
}

#[tokio::main]
async fn main() {
    println!("certificates (debug builds are ~10x slower; run with cargo bench):");
    certificates();
    println!("credit page:");
    for backend in ["sqlite", "postgres"] {
        credit_page(backend).await;
    }
    if env_usize("SHORTFALL", 1) == 1 {
        println!("shortfall list at province size:");
        for backend in ["sqlite", "postgres"] {
            shortfall(backend).await;
        }
    }
}
