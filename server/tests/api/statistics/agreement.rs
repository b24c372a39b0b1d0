//! The agreement test: what the writes keep equals what a rebuild counts.

use super::*;

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
            .call::<api::checkin::OpenCheckin>(&[
                ("class_id", classes[0].to_string()),
                ("title", "第一天".into()),
            ])
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
                        .call::<api::enrolments::EnrolInClass>(&[("class_id", class.to_string())])
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
                            .call::<api::enrolments::WithdrawEnrolment>(&[("id", e.id.to_string())])
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
                            .call_json::<api::results::SaveScores>(
                                json!({ "input": { "class_id": e.class_id,
                                    "rows": [{ "enrolment_id": e.id, "scores": scores }] } }),
                            )
                            .await;
                        if let (Some(s), true) = (session, e.class_id == Some(classes[0])) {
                            let _: Result<(), AppError> = inst
                                .call::<api::checkin::TickRoster>(&[
                                    ("session_id", s.to_string()),
                                    ("enrolment_id", e.id.to_string()),
                                    ("present", rng.random_bool(0.7).to_string()),
                                ])
                                .await;
                        }
                    }
                }
                7 => {
                    let year =
                        chrono::Datelike::year(&app::server::services::training_years::today());
                    let credits = ["2", "5", "10"][rng.random_range(0..3)];
                    let id: Result<i64, AppError> = t
                        .call_json::<api::credits::SubmitCredit>(
                            json!({ "draft": { "year": year.to_string(), "category": "校本研修",
                                "title": "校本教研", "credits": credits,
                                "hours": "8" } }),
                        )
                        .await;
                    if let Ok(id) = id {
                        let _: Result<BatchOutcome, AppError> = sa
                            .call_json::<api::credits::DecideCredits>(
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
                        .call::<api::teachers::MoveTeacher>(&[
                            ("input[teacher_id]", teacher_id.to_string()),
                            ("input[to_school_id]", to.to_string()),
                            ("input[reason]", "工作调动".into()),
                        ])
                        .await;
                }
                _ => {
                    let status = if rng.random_bool(0.5) {
                        "离退"
                    } else {
                        "在岗"
                    };
                    let _: Result<(), AppError> = county
                        .call::<api::teachers::SetTeacherStatus>(&[
                            ("id", teacher_id.to_string()),
                            ("status", status.into()),
                        ])
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
