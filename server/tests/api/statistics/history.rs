//! The demo's history and standings read at a later year.

use super::*;

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
        let year = chrono::Datelike::year(&app::server::services::training_years::today());
        let txn = app.db.begin().await.unwrap();
        for past in [year - 2, year - 1] {
            app::server::seed::history::seed_year(
                &txn,
                (&institutions, declarer),
                ("130000", last),
                past,
            )
            .await
            .unwrap();
        }
        txn.commit().await.unwrap();
        rebuild_all(&app.db).await.unwrap();
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
            .call::<api::dashboard::GetStatistics>(&[
                ("query[area]", "training".into()),
                ("query[year]", (year - 1).to_string()),
            ])
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
            .call::<api::credits::CreditShortfall>(&[("filter[kind]", "year".to_string())])
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
