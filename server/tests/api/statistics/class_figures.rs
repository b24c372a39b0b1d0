//! A class's figures counted by hand: seats, admissions, check-ins, passes and the
//! evaluation average, as the institution's 工作台, 培训统计's projects, the units' rows and
//! 机构统计 show them.

use super::*;

async fn evaluate(c: &Client, eid: i64, ratings: [u8; 5]) {
    let r: Result<(), AppError> = c
        .call_json::<api::evaluations::SubmitEvaluation>(
            json!({ "input": { "enrolment_id": eid, "answers": { "ratings": ratings, "comment": "" } } }),
        )
        .await;
    r.unwrap();
}

fn project_row<'a>(v: &'a StatsView, name: &str) -> &'a app::dto::dashboard::StatRow {
    v.more
        .as_ref()
        .unwrap()
        .rows
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no project {name}"))
}

fn column(v: &StatsView, name: &str) -> usize {
    v.more
        .as_ref()
        .unwrap()
        .columns
        .iter()
        .position(|c| c == name)
        .unwrap()
}

on_both!(
    a_classs_fill_checkin_pass_and_evaluation_are_counted_as_by_hand,
    |app| {
        let (county, province, inst) = (
            app.login_as(COUNTY).await,
            app.login_as(PROVINCE).await,
            app.login_as(INSTITUTION).await,
        );
        let school = teacher_of(app, TEACHER).await.school_id.unwrap();
        let unit_row = app::server::entities::school::Entity::find_by_id(school)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .name;
        let before = stats(&county, "training", "").await.unwrap();
        let before_inst = stats(&province, "institutions", "").await.unwrap();
        // Four seats; three teachers of the demo school apply and are admitted. The class
        // ended yesterday, so it can be rated.
        let project = "班级统计手算项目";
        let (_, class) = approved_class(app, project, 12, 4, -31).await;
        let mut teachers = Vec::new();
        for seq in 601..=603u16 {
            let t = school_teacher(app, seq, "数学").await;
            let _: EnrolmentStatus = t
                .call::<api::enrolments::EnrolInClass>(&[("class_id", class.to_string())])
                .await
                .unwrap();
            teachers.push(t);
        }
        let ids = class_enrolments(app, class).await;
        assert_eq!(ids.len(), 3);
        let sa = app.login_as(SCHOOL_ADMIN).await;
        for id in &ids {
            review(&sa, *id, "SchoolApprove").await;
            review(&inst, *id, "InstitutionApprove").await;
        }
        // Two of the three are present at the one check-in.
        let sid = open_checkin(&inst, class, "第1天").await;
        for id in &ids[..2] {
            inst.call::<api::checkin::TickRoster>(&[
                ("session_id", sid.to_string()),
                ("enrolment_id", id.to_string()),
                ("present", "true".into()),
            ])
            .await
            .unwrap();
        }
        // One passes, one fails, one is not graded yet.
        let r: ScoreReport = inst
            .call_json::<api::results::SaveScores>(json!({ "input": { "class_id": class, "rows": [
                    { "enrolment_id": ids[0], "scores": ["55", "40"] },
                    { "enrolment_id": ids[1], "scores": ["10", "10"] } ] } }))
            .await
            .unwrap();
        assert_eq!(r.passed, 1);
        // Two rate the class: (5+4+5+4+5 + 3+3+3+3+2) / 10 = 3.7.
        evaluate(&teachers[0], ids[0], [5, 4, 5, 4, 5]).await;
        evaluate(&teachers[1], ids[1], [3, 3, 3, 3, 2]).await;

        // The institution's 工作台: 3 of 4 seats, 2/3 checked in, 1 to grade, 1/3 passed.
        let w = workbench(&inst).await;
        let c = w.classes.iter().find(|c| c.class_id == class).unwrap();
        assert_eq!((c.admitted, c.seats, c.to_score), (3, 4, 1));
        assert_eq!(c.checkin_rate, "66.7%");
        assert_eq!(c.pass_rate, "33.3%");
        assert_eq!(c.evaluation, "3.7");
        // 培训统计's projects: the same, with the fill rate.
        let after = stats(&county, "training", "").await.unwrap();
        let row = project_row(&after, project);
        for (col, want) in [
            ("班级数", "1"),
            ("计划名额", "4"),
            ("录取人次", "3"),
            ("满额率", "75.0%"),
            ("报到率", "66.7%"),
            ("合格率", "33.3%"),
            ("评教均分", "3.7"),
        ] {
            assert_eq!(row.cells[column(&after, col)], want, "{col}");
        }
        // The school's row moved by exactly this class; the province's 机构统计 too.
        let n = |v: &StatsView, row: &str, col: &str| -> i64 {
            v.rows
                .iter()
                .find(|r| r.name == row)
                .map(|r| {
                    r.cells[v.columns.iter().position(|c| c == col).unwrap()]
                        .parse()
                        .unwrap()
                })
                .unwrap_or(0)
        };
        for (col, delta) in [
            ("报名人次", 3),
            ("录取人次", 3),
            ("报到人次", 2),
            ("合格人次", 1),
            ("发证", 1),
        ] {
            assert_eq!(
                n(&after, &unit_row, col),
                n(&before, &unit_row, col) + delta,
                "{col}"
            );
        }
        let after_inst = stats(&province, "institutions", "").await.unwrap();
        for (col, delta) in [("班级数", 1), ("计划名额", 4), ("录取人次", 3)] {
            assert_eq!(
                n(&after_inst, "河北师范大学", col),
                n(&before_inst, "河北师范大学", col) + delta,
                "{col}"
            );
        }
        // The line over ten years ends with this year's 参训人数, the table's figure.
        let t = after.trend.as_ref().unwrap();
        assert_eq!(t.points.len(), 10);
        assert_eq!(
            t.points.last().unwrap(),
            &(
                after.year,
                total(&after, "参训人数").parse::<i64>().unwrap()
            )
        );
        assert!(t.points.windows(2).all(|w| w[1].0 == w[0].0 + 1));
        assert!(t.svg.starts_with("<svg") && t.svg.contains("viewBox"));
        let before_trend = before.trend.as_ref().unwrap();
        assert_eq!(
            t.points.last().unwrap().1,
            before_trend.points.last().unwrap().1 + 3,
            "three teachers more trained this year"
        );
        // A roster tick undone is a check-in less, everywhere.
        inst.call::<api::checkin::TickRoster>(&[
            ("session_id", sid.to_string()),
            ("enrolment_id", ids[1].to_string()),
            ("present", "false".into()),
        ])
        .await
        .unwrap();
        let w = workbench(&inst).await;
        let c = w.classes.iter().find(|c| c.class_id == class).unwrap();
        assert_eq!(c.checkin_rate, "33.3%");
        let again = stats(&county, "training", "").await.unwrap();
        assert_eq!(
            n(&again, &unit_row, "报到人次"),
            n(&before, &unit_row, "报到人次") + 1
        );
    }
);
