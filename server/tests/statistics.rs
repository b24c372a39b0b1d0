#![recursion_limit = "512"]
#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! The statistics read model (issue 15): the figures kept up to date by the writes equal the
//! ones `server stats rebuild` computes from the records — on SQLite and PostgreSQL.

mod helpers;

use app::domain::enrolment_flow::EnrolmentStatus;
use app::dto::dashboard::{Figure, StatsView, Workbench};
use app::dto::projects::BatchOutcome;
use app::dto::results::ScoreReport;
use app::error::AppError;
use app::server::entities::{credit_standing, enrolment, stat_class, stat_count};
use app::server::services::stats::rebuild::rebuild_all;
use helpers::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::json;

type Figures = (
    Vec<stat_count::Model>,
    Vec<stat_class::Model>,
    Vec<credit_standing::Model>,
);

/// Every figure, in a fixed order; counters at zero and empty class rows read as absent.
async fn figures(app: &TestApp) -> Figures {
    let counts = stat_count::Entity::find()
        .filter(stat_count::Column::N.ne(0))
        .order_by_asc(stat_count::Column::Topic)
        .order_by_asc(stat_count::Column::Period)
        .order_by_asc(stat_count::Column::CountyCode)
        .order_by_asc(stat_count::Column::SchoolId)
        .order_by_asc(stat_count::Column::Key)
        .all(&app.db)
        .await
        .unwrap();
    let classes = stat_class::Entity::find()
        .order_by_asc(stat_class::Column::ClassId)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|c| {
            [
                c.applied,
                c.admitted,
                c.checked_in,
                c.passed,
                c.scored,
                c.certified,
                c.evaluations,
            ]
            .iter()
            .any(|n| *n != 0)
        })
        .collect();
    let standings = credit_standing::Entity::find()
        .order_by_asc(credit_standing::Column::CycleId)
        .order_by_asc(credit_standing::Column::TeacherId)
        .all(&app.db)
        .await
        .unwrap();
    (counts, classes, standings)
}

async fn in_status(app: &TestApp, classes: &[i64], s: EnrolmentStatus) -> Vec<enrolment::Model> {
    enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.is_in(classes.iter().copied()))
        .filter(enrolment::Column::Status.eq(s.as_str()))
        .order_by_asc(enrolment::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

fn pick<'a, T>(rng: &mut StdRng, v: &'a [T]) -> Option<&'a T> {
    (!v.is_empty()).then(|| &v[rng.random_range(0..v.len())])
}

async fn review(c: &Client, id: i64, action: &str) {
    let r: Result<BatchOutcome, AppError> = c
        .call_json(
            "review_enrolments",
            json!({ "input": { "ids": [id], "action": action, "reason": "名额已满" } }),
        )
        .await;
    // Refusals by the rules are part of random work; a transport error is not.
    assert!(!matches!(r, Err(AppError::Transport(_))), "{r:?}");
}

on_both!(
    the_figures_kept_by_the_writes_equal_the_ones_rebuilt_from_the_records,
    |app| {
        let mut rng = StdRng::seed_from_u64(15);
        let mut teachers = vec![(
            app.login_as(TEACHER).await,
            teacher_of(app, TEACHER).await.id,
        )];
        for seq in 1..=8u16 {
            let c = school_teacher(app, 150 + seq, ["数学", "语文"][seq as usize % 2]).await;
            let id = teacher_of(app, &format!("1370000{:04}", 150 + seq))
                .await
                .id;
            teachers.push((c, id));
        }
        let mut classes = Vec::new();
        for i in 0..3 {
            // Finished classes, so that they can be graded; four seats each, so some wait.
            let (_, class) = approved_class(app, &format!("统计测试项目{i}"), 20, 4, -40).await;
            classes.push(class);
        }
        let (sa, inst, county) = (
            app.login_as(SCHOOL_ADMIN).await,
            app.login_as(INSTITUTION).await,
            app.login_as(COUNTY).await,
        );
        let session: Option<i64> = inst
            .call(
                "open_checkin",
                &[
                    ("class_id", classes[0].to_string()),
                    ("title", "第一天".into()),
                ],
            )
            .await
            .ok();
        let school = teacher_of(app, TEACHER).await.school_id.unwrap();
        let elsewhere = other_school(app, "130102", Some(school)).await;
        for _ in 0..240 {
            let (t, teacher_id) = pick(&mut rng, &teachers).unwrap();
            match rng.random_range(0..10) {
                0..=2 => {
                    let class = *pick(&mut rng, &classes).unwrap();
                    let _: Result<EnrolmentStatus, AppError> = t
                        .call("enrol_in_class", &[("class_id", class.to_string())])
                        .await;
                }
                3 => {
                    let mine: Vec<_> = in_status(app, &classes, EnrolmentStatus::Applied)
                        .await
                        .into_iter()
                        .filter(|e| e.teacher_id == *teacher_id)
                        .collect();
                    if let Some(e) = pick(&mut rng, &mine) {
                        let _: Result<EnrolmentStatus, AppError> = t
                            .call("withdraw_enrolment", &[("id", e.id.to_string())])
                            .await;
                    }
                }
                4 => {
                    let waiting = in_status(app, &classes, EnrolmentStatus::Applied).await;
                    if let Some(e) = pick(&mut rng, &waiting) {
                        let a = if rng.random_bool(0.8) {
                            "SchoolApprove"
                        } else {
                            "SchoolRefuse"
                        };
                        review(&sa, e.id, a).await;
                    }
                }
                5 => {
                    let waiting = in_status(app, &classes, EnrolmentStatus::SchoolApproved).await;
                    if let Some(e) = pick(&mut rng, &waiting) {
                        let a = if rng.random_bool(0.8) {
                            "InstitutionApprove"
                        } else {
                            "InstitutionRefuse"
                        };
                        review(&inst, e.id, a).await;
                    }
                }
                6 => {
                    let seated = in_status(app, &classes, EnrolmentStatus::Enrolled).await;
                    if let Some(e) = pick(&mut rng, &seated) {
                        let scores = if rng.random_bool(0.7) {
                            ["55", "40"]
                        } else {
                            ["20", "10"]
                        };
                        let _: Result<ScoreReport, AppError> = inst
                            .call_json(
                                "save_scores",
                                json!({ "input": { "class_id": e.class_id,
                                    "rows": [{ "enrolment_id": e.id, "scores": scores }] } }),
                            )
                            .await;
                        if let (Some(s), true) = (session, e.class_id == classes[0]) {
                            let _: Result<(), AppError> = inst
                                .call(
                                    "tick_roster",
                                    &[
                                        ("session_id", s.to_string()),
                                        ("enrolment_id", e.id.to_string()),
                                        ("present", rng.random_bool(0.7).to_string()),
                                    ],
                                )
                                .await;
                        }
                    }
                }
                7 => {
                    let year =
                        chrono::Datelike::year(&app::server::services::training_years::today());
                    let credits = ["2", "5", "10"][rng.random_range(0..3)];
                    let id: Result<i64, AppError> = t
                        .call_json(
                            "submit_credit",
                            json!({ "draft": { "year": year.to_string(), "category": "校本研修",
                                "title": "校本教研", "credits": credits,
                                "hours": "8" } }),
                        )
                        .await;
                    if let Ok(id) = id {
                        let _: Result<BatchOutcome, AppError> = sa
                            .call_json(
                                "decide_credits",
                                json!({ "input": { "ids": [id], "approve": rng.random_bool(0.8),
                                    "reason": "材料不全" } }),
                            )
                            .await;
                    }
                }
                8 => {
                    let to = if rng.random_bool(0.5) {
                        elsewhere.id
                    } else {
                        school
                    };
                    let _: Result<(), AppError> = county
                        .call(
                            "move_teacher",
                            &[
                                ("input[teacher_id]", teacher_id.to_string()),
                                ("input[to_school_id]", to.to_string()),
                                ("input[reason]", "工作调动".into()),
                            ],
                        )
                        .await;
                }
                _ => {
                    let status = if rng.random_bool(0.5) {
                        "离退"
                    } else {
                        "在岗"
                    };
                    let _: Result<(), AppError> = county
                        .call(
                            "set_teacher_status",
                            &[("id", teacher_id.to_string()), ("status", status.into())],
                        )
                        .await;
                }
            }
        }
        let kept = figures(app).await;
        rebuild_all(&app.db).await.unwrap();
        let rebuilt = figures(app).await;
        assert_eq!(kept.0, rebuilt.0, "counters");
        assert_eq!(kept.1, rebuilt.1, "classes");
        assert_eq!(kept.2, rebuilt.2, "credit standings");
        // The work reached every kind of figure, so the comparison says something.
        let class_sum = |f: fn(&stat_class::Model) -> i64| rebuilt.1.iter().map(f).sum::<i64>();
        assert!(class_sum(|c| c.admitted) > 0 && class_sum(|c| c.passed) > 0);
        assert!(
            class_sum(|c| c.scored) > class_sum(|c| c.passed),
            "some failed"
        );
        assert!(class_sum(|c| c.certified) > 0);
        let moved = app::server::entities::teacher::Entity::find()
            .filter(app::server::entities::teacher::Column::SchoolId.eq(elsewhere.id))
            .all(&app.db)
            .await
            .unwrap();
        assert!(!moved.is_empty(), "someone moved");
        assert!(
            rebuilt.2.iter().any(|s| s.year_done > 0),
            "some credits were certified"
        );
        assert!(
            rebuilt
                .0
                .iter()
                .any(|c| c.topic == "training" && c.key == "participants")
        );
    }
);

async fn workbench(c: &Client) -> Workbench {
    c.call("get_workbench", &[]).await.unwrap()
}

fn figure<'a>(w: &'a Workbench, label: &str) -> &'a Figure {
    w.figures
        .iter()
        .find(|f| f.label == label)
        .unwrap_or_else(|| panic!("no figure {label} in {:?}", w.figures))
}

fn number(w: &Workbench, label: &str) -> i64 {
    figure(w, label).value.parse().unwrap()
}

fn todo(w: &Workbench, label: &str) -> u64 {
    w.todos
        .iter()
        .find(|t| t.label == label)
        .map_or(0, |t| t.count)
}

on_both!(
    the_workbench_counts_its_units_figures_and_queues_and_nothing_beyond,
    |app| {
        let (sa, county, city, other, inst) = (
            app.login_as(SCHOOL_ADMIN).await,
            app.login_as(COUNTY).await,
            app.login_as(CITY).await,
            app.login_as(OTHER_COUNTY).await,
            app.login_as(INSTITUTION).await,
        );
        let before: Vec<Workbench> = vec![
            workbench(&sa).await,
            workbench(&county).await,
            workbench(&city).await,
            workbench(&other).await,
        ];
        assert_eq!(before[0].scope_name, before[0].scope_name.trim());
        assert!(before[0].as_of.starts_with("数据截至 "));
        // Two new teachers of the demo school: one is admitted and passes, one is refused.
        let a = school_teacher(app, 301, "数学").await;
        let b = school_teacher(app, 302, "语文").await;
        let (_, class) = approved_class(app, "工作台测试项目", 20, 4, -40).await;
        for t in [&a, &b] {
            let _: EnrolmentStatus = t
                .call("enrol_in_class", &[("class_id", class.to_string())])
                .await
                .unwrap();
        }
        let waiting = workbench(&sa).await;
        assert_eq!(
            todo(&waiting, "报名待审核"),
            todo(&before[0], "报名待审核") + 2
        );
        let link = waiting
            .todos
            .iter()
            .find(|t| t.label == "报名待审核")
            .unwrap();
        assert_eq!(link.link, "/enrolments");
        let ids: Vec<i64> = enrolment::Entity::find()
            .filter(enrolment::Column::ClassId.eq(class))
            .order_by_asc(enrolment::Column::Id)
            .all(&app.db)
            .await
            .unwrap()
            .iter()
            .map(|e| e.id)
            .collect();
        review(&sa, ids[0], "SchoolApprove").await;
        review(&sa, ids[1], "SchoolRefuse").await;
        review(&inst, ids[0], "InstitutionApprove").await;
        let r: ScoreReport = inst
            .call_json(
                "save_scores",
                json!({ "input": { "class_id": class,
                    "rows": [{ "enrolment_id": ids[0], "scores": ["55", "40"] }] } }),
            )
            .await
            .unwrap();
        assert_eq!(r.passed, 1);

        let after = [
            workbench(&sa).await,
            workbench(&county).await,
            workbench(&city).await,
        ];
        for (w, b) in after.iter().zip(&before) {
            assert_eq!(
                number(w, "在岗教师"),
                number(b, "在岗教师") + 2,
                "{}",
                w.scope_name
            );
            assert_eq!(number(w, "本年度参训"), number(b, "本年度参训") + 1);
            assert_eq!(number(w, "证书"), number(b, "证书") + 1);
            assert_eq!(todo(w, "报名待审核"), todo(b, "报名待审核"));
        }
        // The school's pass rate, by hand: its passes over its admissions this year.
        let school = teacher_of(app, TEACHER).await.school_id.unwrap();
        let mine: Vec<enrolment::Model> = enrolment::Entity::find()
            .filter(enrolment::Column::SchoolId.eq(school))
            .filter(enrolment::Column::Status.eq(EnrolmentStatus::Enrolled.as_str()))
            .all(&app.db)
            .await
            .unwrap();
        let year = after[0].year;
        let admitted = mine.iter().filter(|e| e.year == year).count();
        let passed = mine
            .iter()
            .filter(|e| e.year == year && e.passed == Some(true))
            .count();
        assert_eq!(
            figure(&after[0], "合格率").detail,
            format!("合格 {passed} 人次 / 录取 {admitted} 人次")
        );
        assert_eq!(
            figure(&after[0], "合格率").value,
            app::domain::dashboard::percent_text(app::domain::dashboard::per_mille(
                passed as u64,
                admitted as u64
            ))
        );
        // Another county sees none of it.
        let other_after = workbench(&other).await;
        assert_eq!(other_after.figures, before[3].figures);
        // The institution sees its class: one admitted of four seats, graded, passed.
        let w = workbench(&inst).await;
        assert!(w.figures.is_empty());
        let c = w.classes.iter().find(|c| c.class_id == class).unwrap();
        assert_eq!((c.admitted, c.seats, c.to_score), (1, 4, 0));
        assert_eq!(c.pass_rate, "100.0%");
        assert_eq!(c.evaluation, "—");
        // Teachers and the auditor have no workbench.
        for who in [TEACHER] {
            let t = app.login_as(who).await;
            let r: Result<Workbench, AppError> = t.call("get_workbench", &[]).await;
            assert_eq!(r.unwrap_err(), AppError::Forbidden);
        }
    }
);

async fn stats(c: &Client, area: &str, unit: &str) -> Result<StatsView, AppError> {
    c.call(
        "get_statistics",
        &[
            ("query[area]", area.to_string()),
            ("query[unit]", unit.to_string()),
        ],
    )
    .await
}

fn cell(v: &StatsView, row: &str, column: &str) -> String {
    let c = v.columns.iter().position(|h| h == column).unwrap();
    v.rows
        .iter()
        .find(|r| r.name == row)
        .unwrap_or_else(|| panic!("no row {row}"))
        .cells[c]
        .clone()
}

fn total(v: &StatsView, column: &str) -> String {
    v.total[v.columns.iter().position(|h| h == column).unwrap()].clone()
}

on_both!(
    statistics_sum_up_the_region_tree_and_refuse_units_outside_the_scope,
    |app| {
        use app::server::entities::teacher;
        for seq in 1..=3u16 {
            school_teacher(app, 400 + seq, "英语").await;
        }
        let (province, city, county, other, sa) = (
            app.login_as(PROVINCE).await,
            app.login_as(CITY).await,
            app.login_as(COUNTY).await,
            app.login_as(OTHER_COUNTY).await,
            app.login_as(SCHOOL_ADMIN).await,
        );
        // The county's in-post teachers, counted from the records by hand.
        let in_county = teacher::Entity::find()
            .filter(teacher::Column::CountyCode.eq("130102"))
            .filter(teacher::Column::Status.eq("在岗"))
            .count(&app.db)
            .await
            .unwrap();
        let c = stats(&county, "teachers", "").await.unwrap();
        assert_eq!(c.unit, "130102");
        assert_eq!(c.row_label, "学校");
        assert_eq!(total(&c, "在岗教师"), in_county.to_string());
        let by_rows: i64 = c.rows.iter().map(|r| r.bar).sum();
        assert_eq!(by_rows, in_county as i64);
        assert_eq!(c.trail.len(), 1);
        // The city sees the county as a row with the same figure, and drills into it.
        let ci = stats(&city, "teachers", "").await.unwrap();
        assert_eq!(ci.row_label, "区县");
        assert_eq!(cell(&ci, &c.unit_name, "在岗教师"), in_county.to_string());
        let row = ci.rows.iter().find(|r| r.name == c.unit_name).unwrap();
        assert_eq!(row.unit.as_deref(), Some("130102"));
        let down = stats(&city, "teachers", "130102").await.unwrap();
        assert_eq!(down.rows, c.rows);
        assert_eq!(
            down.trail
                .iter()
                .map(|t| t.unit.as_str())
                .collect::<Vec<_>>(),
            ["130100", "130102"]
        );
        // The province: cities, then down to the county.
        let p = stats(&province, "teachers", "").await.unwrap();
        assert_eq!(p.row_label, "市");
        assert_eq!(cell(&p, &ci.unit_name, "在岗教师"), total(&ci, "在岗教师"));
        let p3 = stats(&province, "teachers", "130102").await.unwrap();
        assert_eq!(p3.trail.len(), 3);
        // 英语 is one of the subjects counted, by hand.
        let by_subject: StatsView = county
            .call(
                "get_statistics",
                &[
                    ("query[area]", "teachers".into()),
                    ("query[dim]", "subject".into()),
                ],
            )
            .await
            .unwrap();
        let english = teacher::Entity::find()
            .filter(teacher::Column::CountyCode.eq("130102"))
            .filter(teacher::Column::Status.eq("在岗"))
            .filter(teacher::Column::Subject.eq("英语"))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(total(&by_subject, "英语"), english.to_string());

        // Outside the scope: refused alike, whether the unit exists or not.
        let school = teacher_of(app, TEACHER).await.school_id.unwrap();
        for (who, unit) in [
            (&county, "130100".to_string()),
            (&county, "130000".to_string()),
            (&county, "130199".to_string()),
            (&other, format!("s{school}")),
            (&other, "130102".to_string()),
            (&county, "s99999999".to_string()),
            (&sa, "130102".to_string()),
            (&city, "140000".to_string()),
            (&county, "x".to_string()),
        ] {
            for area in ["teachers", "training", "credits"] {
                assert_eq!(
                    stats(who, area, &unit).await.unwrap_err(),
                    AppError::Forbidden,
                    "{area} {unit}"
                );
            }
        }
        // A school admin sees its school.
        let own = stats(&sa, "credits", "").await.unwrap();
        assert_eq!(own.unit, format!("s{school}"));
        assert_eq!(own.rows.len(), 1);
        assert_eq!(
            own.rows[0].list.as_deref(),
            Some(format!("/credits/shortfall?school_id={school}").as_str())
        );
        // 学分统计's school row opens that school's 学分预警 list; another county cannot.
        let cr = stats(&county, "credits", "").await.unwrap();
        let row = cr
            .rows
            .iter()
            .find(|r| {
                r.list
                    .as_deref()
                    .is_some_and(|l| l.ends_with(&format!("={school}")))
            })
            .unwrap();
        let warned: String =
            row.cells[cr.columns.iter().position(|c| c == "预警人数").unwrap()].clone();
        let list: app::dto::credits::ShortfallPage = county
            .call(
                "credit_shortfall",
                &[
                    ("filter[school_id]", school.to_string()),
                    ("filter[page_size]", "100".into()),
                ],
            )
            .await
            .unwrap();
        assert_eq!(list.page.total.to_string(), warned);
        assert_eq!(list.page.items.len().to_string(), warned);
        let r: Result<app::dto::credits::ShortfallPage, AppError> = other
            .call(
                "credit_shortfall",
                &[("filter[school_id]", school.to_string())],
            )
            .await;
        assert_eq!(r.unwrap_err(), AppError::Forbidden);
        // An institution's page is its own projects, whatever unit the address names.
        let inst = app.login_as(INSTITUTION).await;
        let own = stats(&inst, "teachers", "130102").await.unwrap();
        assert_eq!(own.area, "projects");
        assert!(own.rows.iter().all(|r| {
            r.list
                .as_deref()
                .is_some_and(|l| l.starts_with("/projects/"))
        }));
        let (status, _, _) = get_bytes(&inst, "/api/files/statistics.xlsx").await;
        assert_eq!(status, 200);
        // 机构统计 is the province's and the cities'.
        assert!(matches!(
            stats(&county, "institutions", "").await.unwrap_err(),
            AppError::Conflict(_)
        ));
        let inst = stats(&province, "institutions", "").await.unwrap();
        assert!(inst.rows.iter().any(|r| r.name == "河北师范大学"));
        // The table as .xlsx, for those who may see it.
        let (status, _, bytes) =
            get_bytes(&county, "/api/files/statistics.xlsx?area=teachers").await;
        assert_eq!(status, 200);
        let rows = app::server::services::spreadsheet::read_rows(&bytes).unwrap();
        assert_eq!(rows[1][0], "学校");
        assert_eq!(rows.last().unwrap()[0], "合计");
        let (status, _, _) = get_bytes(
            &other,
            &format!("/api/files/statistics.xlsx?unit=s{school}"),
        )
        .await;
        assert_eq!(status, 403);
        let t = app.login_as(TEACHER).await;
        let (status, _, _) = get_bytes(&t, "/api/files/statistics.xlsx").await;
        assert_eq!(status, 403);
    }
);

on_both!(
    the_demo_history_writes_years_of_results_the_statistics_count,
    |app| {
        use app::server::entities::{certificate, credit_entry, institution, teacher};
        use sea_orm::TransactionTrait;
        for seq in 1..=12u16 {
            school_teacher(app, 500 + seq, "数学").await;
        }
        let last = teacher::Entity::find()
            .order_by_desc(teacher::Column::Id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .id;
        let institutions: Vec<i64> = institution::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .iter()
            .map(|i| i.id)
            .collect();
        let declarer = user_id(app, INSTITUTION).await;
        let txn = app.db.begin().await.unwrap();
        app::server::seed_history::seed(&txn, (&institutions, declarer), ("130000", last), 2)
            .await
            .unwrap();
        txn.commit().await.unwrap();
        rebuild_all(&app.db).await.unwrap();
        let year = chrono::Datelike::year(&app::server::services::training_years::today());
        let passed = enrolment::Entity::find()
            .filter(enrolment::Column::Year.eq(year - 1))
            .filter(enrolment::Column::Passed.eq(true))
            .count(&app.db)
            .await
            .unwrap();
        assert!(passed > 0, "some teachers passed last year");
        // Each pass has its ledger line and its certificate.
        for n in [
            credit_entry::Entity::find()
                .filter(credit_entry::Column::Year.eq(year - 1))
                .filter(credit_entry::Column::Source.eq("project"))
                .count(&app.db)
                .await
                .unwrap(),
            certificate::Entity::find()
                .filter(certificate::Column::Number.starts_with("SXH"))
                .filter(
                    certificate::Column::IssuedAt
                        .lt(chrono::Utc::now() - chrono::Duration::days(100)),
                )
                .count(&app.db)
                .await
                .unwrap()
                .min(passed),
        ] {
            assert_eq!(n, passed);
        }
        // The county's 培训统计 of last year counts them.
        let county = app.login_as(COUNTY).await;
        let v: StatsView = county
            .call(
                "get_statistics",
                &[
                    ("query[area]", "training".into()),
                    ("query[year]", (year - 1).to_string()),
                ],
            )
            .await
            .unwrap();
        assert_eq!(total(&v, "合格人次"), passed.to_string());
        assert!(
            v.more.is_some_and(|m| !m.rows.is_empty()),
            "its projects are listed"
        );
    }
);

on_both!(
    standings_read_at_a_year_that_has_passed_are_counted_again_before_a_list,
    |app| {
        use sea_orm::sea_query::{Expr, ExprTrait};
        // As if the year had turned since the standings were counted.
        let before = figures(app).await;
        credit_standing::Entity::update_many()
            .col_expr(
                credit_standing::Column::RefYear,
                Expr::col(credit_standing::Column::RefYear).sub(1),
            )
            .exec(&app.db)
            .await
            .unwrap();
        let stale = app::server::services::stats::credits::stale_cycles(&app.db)
            .await
            .unwrap();
        assert!(!stale.is_empty());
        let county = app.login_as(COUNTY).await;
        let _: app::dto::credits::ShortfallPage = county
            .call("credit_shortfall", &[("filter[kind]", "year".to_string())])
            .await
            .unwrap();
        assert!(
            app::server::services::stats::credits::stale_cycles(&app.db)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(figures(app).await, before);
    }
);
