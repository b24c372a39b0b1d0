//! Credit cycles: the province changes the current cycle's rule and the teacher's table follows;
//! a new cycle may not share a year with another; only the province sets them — on SQLite and
//! PostgreSQL.

use crate::helpers::*;
use app::domain::cycle_form::CycleDraft;
use app::dto::credits::{CycleRow, MyCredits};
use app::error::AppError;
use serde_json::json;

async fn save(c: &Client, id: Option<i64>, d: &CycleDraft) -> Result<i64, AppError> {
    c.call_json::<api::cycles::SaveCycle>(json!({ "input": { "id": id, "draft": d } }))
        .await
}

on_both!(
    the_province_sets_the_rule_and_the_credit_table_follows,
    |app| {
        let province = app.login_as(PROVINCE).await;
        let rows: Vec<CycleRow> = province.call::<api::cycles::ListCycles>(&[]).await.unwrap();
        let names: Vec<&str> = rows.iter().map(|r| r.draft.name.as_str()).collect();
        assert_eq!(names, ["十五五", "十四五"]);
        for who in [COUNTY, TEACHER] {
            let c = app.login_as(who).await;
            assert_eq!(
                c.refused::<api::cycles::ListCycles>(&[]).await,
                AppError::Forbidden
            );
            assert_eq!(
                save(&c, Some(rows[0].id), &rows[0].draft)
                    .await
                    .unwrap_err(),
                AppError::Forbidden
            );
        }
        // The yearly minimum goes from 16 to 20: the teacher's table says so.
        let t = app.login_as(TEACHER).await;
        let year = chrono::Datelike::year(&app::server::services::training_years::today());
        let before: MyCredits = t.call::<api::credits::GetMyCredits>(&[]).await.unwrap();
        assert_eq!(before.table.missing[0], format!("{year} 年还差 16 学分"));
        let mut d = rows[0].draft.clone();
        d.yearly_total = "20".into();
        save(&province, Some(rows[0].id), &d).await.unwrap();
        let after: MyCredits = t.call::<api::credits::GetMyCredits>(&[]).await.unwrap();
        assert_eq!(after.table.missing[0], format!("{year} 年还差 20 学分"));
        // Bad fields are named; a cycle sharing a year is refused.
        let mut bad = d.clone();
        bad.total = "abc".into();
        let e = save(&province, Some(rows[0].id), &bad).await.unwrap_err();
        assert!(e.field_message("total").is_some());
        let mut next = d.clone();
        next.name = "十六五".into();
        next.first_year = "2030".into();
        next.last_year = "2034".into();
        let e = save(&province, None, &next).await.unwrap_err();
        assert!(e.field_message("first_year").unwrap().contains("十五五"));
        next.first_year = "2031".into();
        next.last_year = "2035".into();
        save(&province, None, &next).await.unwrap();
        let rows: Vec<CycleRow> = province.call::<api::cycles::ListCycles>(&[]).await.unwrap();
        assert_eq!(rows[0].draft.name, "十六五");
    }
);
