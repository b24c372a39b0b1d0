//! The credit ledger: the teacher's table for the current cycle, hand-entered credits certified
//! by the school (school-based research) or the county (the rest), refusals with a reason, and
//! who may certify what — on SQLite and PostgreSQL.

use crate::helpers::*;
use app::domain::credits::CellState;
use app::domain::shortfall::Shortfall;
use app::dto::credits::{EntryRow, MyCredits, ShortfallPage};
use app::dto::enrolments::Inbox;
use app::dto::projects::BatchOutcome;
use app::error::AppError;
use serde_json::json;

fn year() -> i32 {
    chrono::Datelike::year(&app::server::services::training_years::today())
}

async fn mine(c: &Client) -> MyCredits {
    c.call::<api::credits::GetMyCredits>(&[]).await.unwrap()
}

async fn submit(c: &Client, category: &str, title: &str, credits: &str) -> Result<i64, AppError> {
    c.call_json::<api::credits::SubmitCredit>(json!({ "draft": {
            "year": year().to_string(),
            "category": category,
            "title": title,
            "credits": credits,
            "hours": "8",
        } }))
    .await
}

async fn queue(c: &Client) -> Vec<EntryRow> {
    c.call::<api::credits::CreditQueue>(&[]).await.unwrap()
}

async fn decide(
    c: &Client,
    ids: &[i64],
    approve: bool,
    reason: &str,
) -> Result<BatchOutcome, AppError> {
    c.call_json::<api::credits::DecideCredits>(
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
        assert_eq!(
            pending.entries[0].status,
            app::domain::credit_entry::CreditStatus::Pending
        );
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
        assert_eq!(
            after.entries[0].status,
            app::domain::credit_entry::CreditStatus::Approved
        );
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
        // Nor learns what it is by trying: the line reads as an unknown one.
        let tried = decide(&other, &[id], true, "").await.unwrap();
        assert_eq!(tried.done, 0);
        assert_eq!(
            tried.failed,
            vec![(format!("#{id}"), AppError::NotFound.to_string())]
        );
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
        assert_eq!(
            m.entries[0].status,
            app::domain::credit_entry::CreditStatus::Rejected
        );
        assert_eq!(m.entries[0].reason.as_deref(), Some("缺少佐证材料"));
        let inbox: Inbox = t.call::<api::notifications::GetInbox>(&[]).await.unwrap();
        assert!(inbox.latest[0].body.contains("原因：缺少佐证材料"));
        // Teachers alone have a credit table.
        let e = county.call::<api::credits::GetMyCredits>(&[]).await;
        assert!(e.is_err());
    }
);

/// An approved ledger line for `phone`'s teacher this year, as a pass or a certification
/// would write it.
async fn credited(app: &TestApp, phone: &str, category: &str, tenths: i32) {
    let t = teacher_of(app, phone).await;
    ledger_line(app, &t, year(), category, tenths).await;
    // As every writer of the ledger does: the teacher's standing follows.
    app::server::services::stats::credits::changed(&app.db, &[t.id])
        .await
        .unwrap();
}

/// An approved ledger line of `t` (its standing is left to the caller).
async fn ledger_line(
    app: &TestApp,
    t: &app::server::entities::teacher::Model,
    year: i32,
    category: &str,
    tenths: i32,
) {
    use app::server::entities::credit_entry;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, NotSet};
    credit_entry::ActiveModel {
        id: NotSet,
        user_id: Set(t.user_id),
        teacher_id: Set(t.id),
        county_code: Set(t.county_code.clone()),
        school_id: Set(t.school_id),
        year: Set(year),
        category: Set(category.into()),
        credits_tenths: Set(tenths),
        hours: Set(tenths * 3 / 10),
        source: Set(app::domain::credit_entry::CreditSource::Manual),
        enrolment_id: Set(None),
        title: Set("测试学分".into()),
        certifier_level: Set("校级".into()),
        certifier_name: Set("测试".into()),
        status: Set(app::domain::credit_entry::CreditStatus::Approved),
        reason: Set(None),
        created_by_user_id: Set(t.user_id),
        created_at: Set(chrono::Utc::now()),
        decided_by_name: Set(None),
        decided_at: Set(None),
    }
    .insert(&app.db)
    .await
    .unwrap();
}

async fn shortfall(c: &Client, args: &[(&str, String)]) -> Result<ShortfallPage, AppError> {
    let form: Vec<(String, String)> = args
        .iter()
        .map(|(k, v)| (format!("filter[{k}]"), v.clone()))
        .collect();
    c.call::<api::credits::CreditShortfall>(&refs(&form)).await
}

fn names(p: &ShortfallPage) -> Vec<String> {
    p.page.items.iter().map(|r| r.name.clone()).collect()
}

on_both!(
    the_shortfall_list_names_who_misses_the_year_or_the_cycle_within_scope,
    |app| {
        use app::server::entities::teacher;
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        let me = teacher_of(app, TEACHER).await;
        let in_post = teacher::Entity::find()
            .filter(teacher::Column::SchoolId.eq(me.school_id))
            .filter(teacher::Column::Status.eq("在岗"))
            .count(&app.db)
            .await
            .unwrap();
        let school = app.login_as(SCHOOL_ADMIN).await;
        // No credits yet this year: every in-post teacher of the school misses the minimum.
        let p = shortfall(
            &school,
            &[("kind", "year".into()), ("page_size", "100".into())],
        )
        .await
        .unwrap();
        assert_eq!((p.teachers, p.page.total), (in_post, in_post));
        let row = p.page.items.iter().find(|r| r.name == "郑老师").unwrap();
        assert_eq!(row.year, "0/16");
        assert_eq!(row.tags, [Shortfall::Year]);
        assert!(
            row.missing
                .contains(&format!("{} 年校本研修还差 10 学分", year()))
        );
        assert!(row.id_masked.contains('*'));

        // 16 credits, none school-based: still short, of the category only.
        credited(app, TEACHER, "专业选修", 160).await;
        let p = shortfall(&school, &[("keyword", "郑老师".into())])
            .await
            .unwrap();
        assert_eq!(p.page.items[0].year, "16/16");
        assert_eq!(
            p.page.items[0].missing[0],
            format!("{} 年校本研修还差 10 学分", year())
        );
        // With the school-based 10 the year is met; the cycle has only begun, so no pace is due.
        credited(app, TEACHER, "校本研修", 100).await;
        let p = shortfall(&school, &[("keyword", "郑老师".into())])
            .await
            .unwrap();
        assert_eq!(p.page.total, 0, "{:?}", names(&p));
        let p = shortfall(&school, &[("kind", "cycle".into())])
            .await
            .unwrap();
        assert_eq!(p.page.total, 0);

        // The cycle just over (十四五) wants all of its 120: everyone misses it.
        let old = p
            .cycles
            .iter()
            .find(|c| c.label.starts_with("十四五"))
            .unwrap()
            .id;
        let p = shortfall(
            &school,
            &[
                ("cycle_id", old.to_string()),
                ("kind", "cycle".into()),
                ("keyword", "郑老师".into()),
            ],
        )
        .await
        .unwrap();
        assert_eq!(p.year, 2025);
        assert_eq!(p.page.items[0].cycle, "0/120");
        assert!(p.page.items[0].tags.contains(&Shortfall::CycleTotal));

        // The county sees its own teachers; another county and a teacher see none of them.
        let county = app.login_as(COUNTY).await;
        let p = shortfall(&county, &[("keyword", "王老师".into())])
            .await
            .unwrap();
        assert_eq!(names(&p), ["王老师"]);
        let other = app.login_as(OTHER_COUNTY).await;
        let p = shortfall(&other, &[("keyword", "王老师".into())])
            .await
            .unwrap();
        assert_eq!(p.page.total, 0);
        assert_eq!(
            shortfall(&other, &[("region", me.county_code.clone())])
                .await
                .unwrap_err(),
            AppError::Forbidden
        );
        let t = app.login_as(TEACHER).await;
        assert_eq!(
            shortfall(&t, &[("kind", String::new())]).await.unwrap_err(),
            AppError::Forbidden
        );

        // The .xlsx holds the list as the table shows it.
        let (status, _, bytes) =
            get_bytes(&school, "/api/files/credit-shortfall.xlsx?kind=year").await;
        assert_eq!(status, 200);
        let rows = app::server::services::spreadsheet::read_rows(&bytes).unwrap();
        assert_eq!(rows[0][0], "姓名");
        assert_eq!(rows.len() as u64, in_post); // the header, and everyone but 郑老师
        assert!(
            rows.iter()
                .any(|r| r[0] == "王老师" && r[6] == "本年度未达标")
        );
        let (status, _, _) = get_bytes(&t, "/api/files/credit-shortfall.xlsx").await;
        assert_eq!(status, 403);
    }
);

on_both!(
    a_credit_certificate_states_the_cycle_as_of_today_and_verifies,
    |app| {
        use app::dto::results::Verification;
        use app::server::entities::certificate;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
        let t = app.login_as(TEACHER).await;
        let path = "/api/files/credit-certificate";
        let (status, _, body) = get_bytes(&t, path).await;
        assert_eq!(status, 409);
        let refused: AppError = app::error::decode_answer(&body).unwrap();
        assert!(matches!(refused, AppError::Conflict(_)), "{refused:?}");
        assert!(refused.to_string().contains("暂不能开具学分证明"));

        credited(app, TEACHER, "校本研修", 100).await;
        credited(app, TEACHER, "专业选修", 65).await;
        let (status, ct, pdf) = get_bytes(&t, path).await;
        assert_eq!((status, ct.as_str()), (200, "application/pdf"));
        assert!(pdf.len() < 200_000, "{} bytes", pdf.len());
        let text = pdf_text(&pdf);
        let issued = || async {
            certificate::Entity::find()
                .filter(certificate::Column::Kind.eq("credit"))
                .order_by_asc(certificate::Column::Id)
                .all(&app.db)
                .await
                .unwrap()
        };
        let first = issued().await;
        assert_eq!(first.len(), 1);
        let number = first[0].number.clone();
        for want in ["学分证明", "郑老师", "16.5", "校本研修", "10/10", &number] {
            assert!(text.contains(want), "{want} not in {text}");
        }

        // The public page shows what was printed, the holder masked.
        let v: Verification = app
            .client()
            .call::<api::results::VerifyCertificate>(&[("number", number.clone())])
            .await
            .unwrap();
        let Verification::Found(c) = v else {
            panic!("not found")
        };
        assert_eq!((c.kind.label(), c.credits.as_str()), ("学分证明", "16.5"));
        assert!(
            c.credit_category.contains("校本研修 10"),
            "{}",
            c.credit_category
        );
        assert!(c.project_name.starts_with("十五五"));
        assert_eq!(c.holder, "郑*师");

        // Asked again with nothing new: the same number. New credits: a new one; the first
        // stays true as of its date.
        get_bytes(&t, path).await;
        assert_eq!(issued().await.len(), 1);
        credited(app, TEACHER, "公共必修", 20).await;
        let (status, _, _) = get_bytes(&t, path).await;
        assert_eq!(status, 200);
        let now = issued().await;
        assert_eq!(now.len(), 2);
        assert_eq!(now[1].credits_tenths, 185);
        assert_eq!(
            now[0].status,
            app::domain::certificate::CertificateStatus::Valid
        );

        // Only the teacher themself prints it.
        let school = app.login_as(SCHOOL_ADMIN).await;
        assert_eq!(get_bytes(&school, path).await.0, 403);
        assert_eq!(get_bytes(&app.client(), path).await.0, 401);
    }
);

on_both!(
    the_shortfall_list_and_the_rule_agree_on_random_ledgers,
    |app| {
        use app::domain::shortfall::{ShortKind, Standing, reference_year};
        use app::server::entities::{credit_cycle, teacher};
        use app::server::services::ledger::rule_of;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
        use std::collections::{BTreeSet, HashMap};

        let me = teacher_of(app, TEACHER).await;
        let teachers = teacher::Entity::find()
            .filter(teacher::Column::SchoolId.eq(me.school_id))
            .filter(teacher::Column::Status.eq("在岗"))
            .order_by_asc(teacher::Column::Id)
            .all(&app.db)
            .await
            .unwrap();
        let school = app.login_as(SCHOOL_ADMIN).await;
        let cycle_id = shortfall(&school, &[("kind", String::new())])
            .await
            .unwrap()
            .cycle_id;
        let rule = rule_of(
            &credit_cycle::Entity::find_by_id(cycle_id)
                .one(&app.db)
                .await
                .unwrap()
                .unwrap(),
        );
        let this_year = reference_year(&rule, year());
        let mut categories: Vec<String> =
            rule.categories.iter().map(|c| c.category.clone()).collect();
        categories.push("不计类别".into());
        let mut seed: u64 = 0x00c0_ffee;
        let mut next = move |below: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % below
        };
        let mut ledger: HashMap<i64, Vec<(i32, String, u32)>> = HashMap::new();
        for _round in 0..3 {
            for t in &teachers {
                for _ in 0..next(3) {
                    let line = (
                        this_year - next(3) as i32,
                        categories[next(categories.len() as u64) as usize].clone(),
                        next(120) as u32 + 1,
                    );
                    ledger_line(app, t, line.0, &line.1, line.2 as i32).await;
                    ledger.entry(t.id).or_default().push(line);
                }
            }
            let ids: Vec<i64> = teachers.iter().map(|t| t.id).collect();
            app::server::services::stats::credits::changed(&app.db, &ids)
                .await
                .unwrap();

            for (kind, key) in [
                (ShortKind::Any, ""),
                (ShortKind::Year, "year"),
                (ShortKind::Cycle, "cycle"),
            ] {
                let p = shortfall(
                    &school,
                    &[("kind", key.into()), ("page_size", "100".into())],
                )
                .await
                .unwrap();
                let listed: BTreeSet<i64> = p.page.items.iter().map(|r| r.teacher_id).collect();
                let rule_says: BTreeSet<i64> = teachers
                    .iter()
                    .filter(|t| {
                        let lines: Vec<(i32, &str, u32)> = ledger
                            .get(&t.id)
                            .map(|l| l.iter().map(|(y, c, n)| (*y, c.as_str(), *n)).collect())
                            .unwrap_or_default();
                        Standing::from_lines(&rule, this_year, &lines).matches(kind)
                    })
                    .map(|t| t.id)
                    .collect();
                assert_eq!(listed, rule_says, "{kind:?}: {ledger:?}");
                // The counters behind the total agree too.
                assert_eq!(p.page.total, rule_says.len() as u64, "{kind:?}");
            }
        }
    }
);
