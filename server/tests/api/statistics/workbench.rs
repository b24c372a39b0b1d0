//! The 工作台: a unit's figures and queues, by hand.

use super::*;

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
                .call::<api::enrolments::EnrolInClass>(&[("class_id", class.to_string())])
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
        let ids = class_enrolments(app, class).await;
        review(&sa, ids[0], "SchoolApprove").await;
        review(&sa, ids[1], "SchoolRefuse").await;
        review(&inst, ids[0], "InstitutionApprove").await;
        let r: ScoreReport = inst
            .call_json::<api::results::SaveScores>(json!({ "input": { "class_id": class,
                    "rows": [{ "enrolment_id": ids[0], "scores": ["55", "40"] }] } }))
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
            let r: Result<Workbench, AppError> = t.call::<api::dashboard::GetWorkbench>(&[]).await;
            assert_eq!(r.unwrap_err(), AppError::Forbidden);
        }
    }
);
