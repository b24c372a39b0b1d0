//! Enrolment under load, on SQLite and (when one answers on 127.0.0.1:5432) PostgreSQL.
//! Prints figures; the only checks are that the race ended as the rules say.
//!
//! - Race: 1,000 teachers enrol at once in a round-2 class of 100 seats. Enrolments per
//!   second over the whole race; exactly 100 must hold seats and 900 wait.
//! - Personal space: latency of the 继续教育 tabs for a teacher with 50 projects, in the
//!   province-size database (600,000 teachers) the teachers bench keeps
//!   (target/bench-province.db, PostgreSQL database shixun_bench_province).
//!
//! Run: `cargo bench -p server --bench enrolment` (RACERS, SEATS, TABS_RUNS to change sizes).

#![recursion_limit = "512"]
#![allow(clippy::unwrap_used)] // a bench fails loudly on a broken set-up

mod common;

use common::{demo_actor as actor, env_usize, fresh, ms, percentile, province};

use app::domain::enrolment_flow::EnrolmentStatus;
use app::domain::id_card::{IdNumber, make_id_number};
use app::domain::project::{ClassDraft, FillMode, ProjectDraft};
use app::domain::project_flow::ProjectAction;
use app::domain::role::{Role, Scope};
use app::domain::teacher::TeacherFields;
use app::domain::training_year::YearDraft;
use app::dto::enrolments::MyTrainingFilter;
use app::server::auth::Actor;
use app::server::auth::policy::proof::own_record;
use app::server::entities::{enrolment, project_class, school, teacher};
use app::server::seed::{self, Size};
use app::server::services::enrolments::{my_training, offers};
use app::server::services::projects::{flow, plan, save};
use app::server::services::teachers::bulk;
use app::server::services::training_years;
use chrono::{Datelike, Duration as Days, NaiveDate, Utc};
use rand::SeedableRng;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, NotSet, PaginatorTrait,
    QueryFilter, QuerySelect,
};
use std::time::Instant;

fn teacher_actor(user_id: i64) -> Actor {
    Actor {
        user_id,
        name: "教师".into(),
        assignment_id: 0,
        role: Role::Teacher,
        scope: Scope::Own(user_id),
        must_change_password: false,
    }
}

/// An approved self-selection project for county 130102 with one class. Returns the class id.
async fn approved_class(db: &DatabaseConnection, name: &str, capacity: u32, hours: u32) -> i64 {
    let inst = actor(db, "13900000005").await;
    let county = actor(db, "13900000003").await;
    let file = plan::store(db, &inst, "方案.pdf", b"%PDF-1.7".to_vec())
        .await
        .unwrap();
    let today = training_years::today();
    let d = ProjectDraft {
        name: name.into(),
        year: today.year().to_string(),
        level: "县级".into(),
        kind: "其他".into(),
        nature: "远程".into(),
        fill_mode: FillMode::Selection,
        organiser: "河北师范大学".into(),
        target_regions: vec!["130102".into()],
        credit_category: "自主选修".into(),
        hours: hours.to_string(),
        plan_file_id: Some(file.file_id),
        classes: vec![ClassDraft {
            name: "第一期".into(),
            starts_on: (today + Days::days(30)).to_string(),
            ends_on: (today + Days::days(40)).to_string(),
            capacity: capacity.to_string(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let id = save::save(db, &inst, &d).await.unwrap();
    flow::act(db, &inst, id, ProjectAction::Submit, "")
        .await
        .unwrap();
    flow::act(db, &county, id, ProjectAction::Approve, "")
        .await
        .unwrap();
    project_class::Entity::find()
        .filter(project_class::Column::ProjectId.eq(id))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn race(backend: &str) {
    let Some(db) = fresh(backend, "shixun_bench_race").await else {
        println!("  {backend}: not running, skipped");
        return;
    };
    seed::seed_demo(&db, Size::EMPTY).await.expect("seed");
    let racers = env_usize("RACERS", 1000);
    let seats = env_usize("SEATS", 100) as u32;
    // Round 2 (capped) is open today.
    let today = training_years::today();
    training_years::save(
        &db,
        &YearDraft {
            year: today.year().to_string(),
            round1_opens: (today - Days::days(30)).to_string(),
            round1_closes: (today - Days::days(10)).to_string(),
            round2_opens: (today - Days::days(1)).to_string(),
            round2_closes: (today + Days::days(5)).to_string(),
            current: true,
        },
    )
    .await
    .unwrap();
    let class = approved_class(&db, "二轮补报压测班", seats, 12).await;
    // The racers: teachers of the demo school, written by the import's bulk path.
    let demo = teacher::Entity::find()
        .filter(teacher::Column::SchoolId.is_not_null())
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    let school = school::Entity::find_by_id(demo.school_id.unwrap())
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    let birth = NaiveDate::from_ymd_opt(1988, 8, 8).unwrap();
    let fields: Vec<TeacherFields> = (0..racers)
        .map(|i| {
            let id = IdNumber::parse(&make_id_number("130102", birth, 100 + i as u16)).unwrap();
            seed::random_fields(
                &mut rand::rngs::StdRng::seed_from_u64(i as u64),
                "压测师",
                &id,
                "小学",
                Some("数学"),
            )
        })
        .collect();
    let refs: Vec<(&TeacherFields, &school::Model)> = fields.iter().map(|f| (f, &school)).collect();
    for chunk in refs.chunks(bulk::BATCH) {
        bulk::insert(&db, None, ("create", "压测"), chunk)
            .await
            .unwrap();
    }
    let users: Vec<i64> = teacher::Entity::find()
        .filter(teacher::Column::BirthDate.eq(birth))
        .select_only()
        .column(teacher::Column::UserId)
        .into_tuple()
        .all(&db)
        .await
        .unwrap();
    let started = Instant::now();
    let tasks: Vec<_> = users
        .iter()
        .map(|&uid| {
            let db = db.clone();
            tokio::spawn(async move {
                let t = teacher_actor(uid);
                let me = own_record(&db, &t).await?;
                offers::enrol(&db, &t, &me, class).await
            })
        })
        .collect();
    let mut errors = 0;
    for t in tasks {
        if !matches!(t.await, Ok(Ok(_))) {
            errors += 1;
        }
    }
    let took = started.elapsed();
    let count = |s: EnrolmentStatus| {
        let db = db.clone();
        async move {
            enrolment::Entity::find()
                .filter(enrolment::Column::ClassId.eq(class))
                .filter(enrolment::Column::Status.eq(s))
                .count(&db)
                .await
                .unwrap()
        }
    };
    let (got, waiting) = (
        count(EnrolmentStatus::Applied).await,
        count(EnrolmentStatus::Waitlisted).await,
    );
    println!(
        "  {backend}: {racers} teachers for {seats} seats: {:.0} enrolments/s ({:.0} ms in all); {got} seats taken, {waiting} waiting, {errors} errors",
        users.len() as f64 / took.as_secs_f64(),
        ms(took)
    );
    assert_eq!(got, u64::from(seats), "exactly the seats were given");
    assert_eq!(got + waiting, users.len() as u64);
}

async fn tabs(backend: &str) {
    let Some(db) = province(backend).await else {
        println!("  {backend}: not running, skipped");
        return;
    };
    let t = actor(&db, "13900000006").await;
    let me = own_record(&db, &t).await.unwrap();
    let have = enrolment::Entity::find()
        .filter(enrolment::Column::UserId.eq(t.user_id))
        .count(&db)
        .await
        .unwrap();
    if have < 50 {
        // 50 projects, the teacher in each (written directly: the 90-hour rule would stop a
        // real teacher at a few; the page must stay fast however many there are).
        let record = teacher::Entity::find()
            .filter(teacher::Column::UserId.eq(t.user_id))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        for i in have..50 {
            let class = approved_class(&db, &format!("个人空间压测项目{i:02}"), 100, 12).await;
            let c = project_class::Entity::find_by_id(class)
                .one(&db)
                .await
                .unwrap()
                .unwrap();
            let now = Utc::now();
            enrolment::Entity::insert(enrolment::ActiveModel {
                id: NotSet,
                project_id: Set(c.project_id),
                class_id: Set(Some(class)),
                teacher_id: Set(record.id),
                user_id: Set(t.user_id),
                school_id: Set(record.school_id),
                county_code: Set(record.county_code.clone()),
                year: Set(Utc::now().year()),
                hours: Set(12),
                round: Set(1),
                status: Set(EnrolmentStatus::Enrolled),
                reason: Set(None),
                passed: Set(None),
                scores: Set(None),
                score_total: Set(None),
                graded_at: Set(None),
                graded_by_name: Set(None),
                // Counted by the next `server stats rebuild` (the bench reads no statistics).
                counted: Set(0),
                counted_class: Set(0),
                queued_at: Set(now),
                created_at: Set(now),
                updated_at: Set(now),
            })
            .exec(&db)
            .await
            .unwrap();
        }
    }
    let runs = env_usize("TABS_RUNS", 50);
    let mut times = Vec::with_capacity(runs);
    let mut n = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let tabs = my_training::tabs(&db, &me, &MyTrainingFilter::default())
            .await
            .unwrap();
        times.push(started.elapsed());
        n = tabs.upcoming.len() + tabs.ongoing.len() + tabs.finished.len();
    }
    times.sort();
    let teachers = teacher::Entity::find().count(&db).await.unwrap();
    println!(
        "  {backend}: 继续教育 for a teacher with {n} projects among {teachers} teachers: median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.95)),
        ms(times[runs - 1])
    );
}

#[tokio::main]
async fn main() {
    let which = std::env::var("BENCH").unwrap_or_default();
    if which.is_empty() || which == "race" {
        println!("Enrolment race (round 2, hard cap)");
        for b in ["sqlite", "postgres"] {
            race(b).await;
        }
    }
    if which.is_empty() || which == "tabs" {
        println!("Personal space (继续教育) at province scale");
        for b in ["sqlite", "postgres"] {
            tabs(b).await;
        }
    }
}
