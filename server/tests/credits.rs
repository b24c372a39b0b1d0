#![recursion_limit = "512"]
#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! The credit ledger: the teacher's table for the current cycle, hand-entered credits certified
//! by the school (school-based research) or the county (the rest), refusals with a reason, and
//! who may certify what — on SQLite and PostgreSQL.

mod helpers;

use app::domain::credits::CellState;
use app::dto::credits::{EntryRow, MyCredits};
use app::dto::enrolments::Inbox;
use app::dto::projects::BatchOutcome;
use app::error::AppError;
use helpers::*;
use serde_json::json;

fn year() -> i32 {
    chrono::Datelike::year(&app::server::services::training_years::today())
}

async fn mine(c: &Client) -> MyCredits {
    c.call("my_credits", &[]).await.unwrap()
}

async fn submit(c: &Client, category: &str, title: &str, credits: &str) -> Result<i64, AppError> {
    c.call_json(
        "submit_credit",
        json!({ "draft": {
            "year": year().to_string(),
            "category": category,
            "title": title,
            "credits": credits,
            "hours": "8",
        } }),
    )
    .await
}

async fn queue(c: &Client) -> Vec<EntryRow> {
    c.call("credit_queue", &[]).await.unwrap()
}

async fn decide(
    c: &Client,
    ids: &[i64],
    approve: bool,
    reason: &str,
) -> Result<BatchOutcome, AppError> {
    c.call_json(
        "decide_credits",
        json!({ "input": { "ids": ids, "approve": approve, "reason": reason } }),
    )
    .await
}

on_both!(
    school_based_research_is_certified_by_the_school_and_counts_in_the_table,
    |app| {
        let t = app.login_as(TEACHER).await;
        let before = mine(&t).await;
        let this = year();
        assert!(
            before.table.years.contains(&this),
            "{:?}",
            before.table.years
        );
        assert_eq!(before.table.years.len(), 5);
        assert_eq!(before.table.missing[0], format!("{this} 年还差 16 学分"));

        // The shared rules name each bad field.
        let e = submit(&t, "校本研修", " ", "0").await.unwrap_err();
        assert!(e.field_message("title").is_some() && e.field_message("credits").is_some());
        let id = submit(&t, "校本研修", "校本教研：大单元教学设计", "2.5")
            .await
            .unwrap();
        let pending = mine(&t).await;
        assert_eq!(pending.entries[0].status, "pending");
        assert_eq!(
            pending.table, before.table,
            "a pending line counts for nothing"
        );

        // The county does not certify school-based research; the school does.
        let county = app.login_as(COUNTY).await;
        assert!(queue(&county).await.iter().all(|r| r.id != id));
        let out = decide(&county, &[id], true, "").await.unwrap();
        assert_eq!(out.failed.len(), 1);
        let school = app.login_as(SCHOOL_ADMIN).await;
        let q = queue(&school).await;
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].teacher_name, "郑老师");
        assert_eq!(decide(&school, &[id], true, "").await.unwrap().done, 1);
        // Once decided it cannot be decided again.
        assert_eq!(
            decide(&school, &[id], false, "重复")
                .await
                .unwrap()
                .failed
                .len(),
            1
        );

        let after = mine(&t).await;
        let col = after.table.years.iter().position(|y| *y == this).unwrap();
        let (category, cells, cycle) = &after.table.rows[3];
        assert_eq!(category, "校本研修");
        assert_eq!(cells[col].text(), "2.5/10");
        assert_eq!(cells[col].state, CellState::InProgress);
        assert_eq!(cycle.text(), "2.5/50");
        assert_eq!(after.table.missing[0], format!("{this} 年还差 13.5 学分"));
        assert_eq!(after.entries[0].status, "approved");
    }
);

on_both!(
    other_credits_go_to_the_county_and_a_refusal_says_why,
    |app| {
        let t = app.login_as(TEACHER).await;
        let id = submit(&t, "自主选修", "市级优质课一等奖", "4")
            .await
            .unwrap();
        let school = app.login_as(SCHOOL_ADMIN).await;
        assert!(queue(&school).await.is_empty());
        let other = app.login_as(OTHER_COUNTY).await;
        assert!(queue(&other).await.is_empty(), "another county sees none");
        let county = app.login_as(COUNTY).await;
        assert_eq!(queue(&county).await.len(), 1);
        let e = decide(&county, &[id], false, " ").await.unwrap_err();
        assert_eq!(
            e.field_message("reason").as_deref(),
            Some("不予认定须填写原因")
        );
        assert_eq!(
            decide(&county, &[id], false, "缺少佐证材料")
                .await
                .unwrap()
                .done,
            1
        );
        let m = mine(&t).await;
        assert_eq!(m.entries[0].status, "rejected");
        assert_eq!(m.entries[0].reason.as_deref(), Some("缺少佐证材料"));
        let inbox: Inbox = t.call("get_inbox", &[]).await.unwrap();
        assert!(inbox.latest[0].body.contains("原因：缺少佐证材料"));
        // Teachers alone have a credit table.
        let e = county.call::<MyCredits>("my_credits", &[]).await;
        assert!(e.is_err());
    }
);
