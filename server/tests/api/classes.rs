//! Classes after enrolment: the one draw, expanding and cancelling a class, the teacher's
//! 继续教育 tabs and the single-use launch ticket — on SQLite and PostgreSQL.

use crate::helpers::*;
use app::domain::enrolment_flow::EnrolmentStatus;
use app::dto::enrolments::{DrawView, Inbox, MyTrainingTabs, OfferPage};
use app::error::{AppError, Broken};
use app::server::entities::{enrolment, institution};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::json;

async fn open_class(app: &TestApp, name: &str, capacity: u32, starts_in: i64) -> (i64, i64) {
    approved_class(app, name, 12, capacity, starts_in).await
}

/// `n` new teachers of the demo school, each enrolled in `class`. Returns their clients.
async fn enrolled_teachers(app: &TestApp, class: i64, first_seq: u16, n: u16) -> Vec<Client> {
    let mut out = Vec::new();
    for seq in first_seq..first_seq + n {
        let c = school_teacher(app, seq, "语文").await;
        let s: EnrolmentStatus = c
            .call::<api::enrolments::EnrolInClass>(&[("class_id", class.to_string())])
            .await
            .unwrap();
        assert_eq!(s, EnrolmentStatus::Applied, "round 1 has no cap");
        out.push(c);
    }
    out
}

on_both!(
    an_oversubscribed_class_is_drawn_once_reproducibly_and_the_rest_are_told,
    |app| {
        let (_, class) = open_class(app, "抽签测试班", 3, 40).await;
        let teachers = enrolled_teachers(app, class, 901, 7).await;
        // Only the institution running it draws.
        let county = app.login_as(COUNTY).await;
        assert_eq!(
            county
                .refused::<api::enrolments::RunDraw>(&[("class_id", class.to_string())])
                .await,
            AppError::Forbidden
        );
        let inst = app.login_as(INSTITUTION).await;
        let d: DrawView = inst
            .call::<api::enrolments::RunDraw>(&[("class_id", class.to_string())])
            .await
            .unwrap();
        assert_eq!((d.seats, d.applicants.len(), d.winners.len()), (3, 7, 3));
        // Anyone can recompute it from what is published.
        let seed: u64 = d.seed.parse().unwrap();
        assert_eq!(app::domain::draw::draw(seed, &d.applicants, 3), d.winners);
        // Never repeatable.
        let again = inst
            .refused::<api::enrolments::RunDraw>(&[("class_id", class.to_string())])
            .await;
        assert_eq!(again, AppError::from(Broken::AlreadyDrawn));
        // The losers are cancelled and told; the winners keep their seats; a teacher sees the draw.
        // In enrolment order, which is the order of `teachers`.
        let rows = enrolment::Entity::find()
            .filter(enrolment::Column::ClassId.eq(class))
            .order_by_asc(enrolment::Column::Id)
            .all(&app.db)
            .await
            .unwrap();
        for e in &rows {
            let want = if d.winners.contains(&e.id) {
                app::domain::enrolment_flow::EnrolmentStatus::Applied
            } else {
                app::domain::enrolment_flow::EnrolmentStatus::Cancelled
            };
            assert_eq!(e.status, want);
        }
        let loser = rows
            .iter()
            .position(|e| !d.winners.contains(&e.id))
            .unwrap();
        let inbox: Inbox = teachers[loser]
            .call::<api::notifications::GetInbox>(&[])
            .await
            .unwrap();
        assert!(
            inbox.latest[0].body.contains("抽签未中"),
            "{:?}",
            inbox.latest[0]
        );
        let seen: Option<DrawView> = teachers[loser]
            .call::<api::enrolments::GetDraw>(&[("class_id", class.to_string())])
            .await
            .unwrap();
        assert_eq!(seen.unwrap().seed, d.seed);
    }
);

on_both!(
    a_bureau_expands_a_class_by_half_at_most_and_cancels_an_underfilled_one,
    |app| {
        let (_, class) = open_class(app, "扩班测试班", 10, 40).await;
        let county = app.login_as(COUNTY).await;
        let e = county
            .refused::<api::enrolments::ExpandClass>(&[
                ("class_id", class.to_string()),
                ("extra", "6".into()),
            ])
            .await;
        assert_eq!(
            e.field_message("extra").unwrap(),
            "扩班名额应为 0–5（不超过计划人数的 50%）"
        );
        assert_eq!(
            county
                .call::<api::enrolments::ExpandClass>(&[
                    ("class_id", class.to_string()),
                    ("extra", "5".into())
                ])
                .await,
            Ok(5)
        );
        let inst = app.login_as(INSTITUTION).await;
        assert_eq!(
            inst.call::<api::enrolments::ExpandClass>(&[
                ("class_id", class.to_string()),
                ("extra", "1".into())
            ])
            .await,
            Err(AppError::Forbidden)
        );
        let t = app.login_as(TEACHER).await;
        let o: OfferPage = t
            .call::<api::enrolments::ListOffers>(&[("filter[keyword]", "扩班测试".into())])
            .await
            .unwrap();
        assert_eq!(o.page.items[0].seats, 15);
        t.call::<api::enrolments::EnrolInClass>(&[("class_id", class.to_string())])
            .await
            .unwrap();
        // Cancelled with a reason; the teacher is told why and the class is no longer offered.
        let e = county
            .refused::<api::enrolments::CancelClass>(&[
                ("class_id", class.to_string()),
                ("reason", " ".into()),
            ])
            .await;
        assert_eq!(e.field_message("reason").unwrap(), "取消办班须填写原因");
        assert_eq!(
            county
                .call::<api::enrolments::CancelClass>(&[
                    ("class_id", class.to_string()),
                    ("reason", "报名人数不足".into())
                ])
                .await,
            Ok(1)
        );
        let inbox: Inbox = t.call::<api::notifications::GetInbox>(&[]).await.unwrap();
        assert!(
            inbox.latest[0].body.contains("班级取消")
                && inbox.latest[0].body.contains("报名人数不足")
        );
        let o: OfferPage = t
            .call::<api::enrolments::ListOffers>(&[("filter[keyword]", "扩班测试".into())])
            .await
            .unwrap();
        assert!(o.page.items.is_empty());
    }
);

on_both!(
    the_teacher_sees_projects_in_three_tabs_and_launches_learning_once,
    |app| {
        // A class already running, and one yet to start.
        let (_, running) = open_class(app, "进行中的项目", 10, -3).await;
        let (_, later) = open_class(app, "未开始的项目", 10, 20).await;
        let t = app.login_as(TEACHER).await;
        for class in [running, later] {
            t.call::<api::enrolments::EnrolInClass>(&[("class_id", class.to_string())])
                .await
                .unwrap();
        }
        let tabs: MyTrainingTabs = t
            .call::<api::enrolments::MyTraining>(&[("filter[keyword]", "的项目".into())])
            .await
            .unwrap();
        assert_eq!(tabs.upcoming.len(), 2, "not yet enrolled counts as 未开始");
        assert_eq!(tabs.upcoming[0].timeline[0].action, "提交报名");
        // Approve the running one through both reviews.
        let ids: Vec<i64> = enrolment::Entity::find()
            .filter(enrolment::Column::ClassId.eq(running))
            .all(&app.db)
            .await
            .unwrap()
            .iter()
            .map(|e| e.id)
            .collect();
        for (who, action) in [
            (SCHOOL_ADMIN, "SchoolApprove"),
            (INSTITUTION, "InstitutionApprove"),
        ] {
            let c = app.login_as(who).await;
            let _: app::dto::projects::BatchOutcome = c
                .call_json::<api::enrolments::ReviewEnrolments>(
                    json!({ "input": { "ids": ids, "action": action, "reason": "" } }),
                )
                .await
                .unwrap();
        }
        let tabs: MyTrainingTabs = t
            .call::<api::enrolments::MyTraining>(&[("filter[keyword]", "的项目".into())])
            .await
            .unwrap();
        assert_eq!((tabs.upcoming.len(), tabs.ongoing.len()), (1, 1));
        assert!(
            !tabs.ongoing[0].can_launch,
            "the demo institution has no platform yet"
        );
        // Give the institution a platform and its secret: the teacher gets a ticket that only
        // this institution's platform, signed in with the secret, redeems — once.
        let inst = institution::Entity::find()
            .filter(institution::Column::Name.eq("河北师范大学"))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let inst_id = inst.id;
        let mut am: institution::ActiveModel = inst.into();
        am.platform_url = Set(Some("https://learn.example.cn/start".into()));
        am.update(&app.db).await.unwrap();
        use app::server::services::launch::new_secret;
        let secret = new_secret(&app.db, inst_id).await.unwrap();
        let other_inst = institution::Entity::find()
            .filter(institution::Column::Id.ne(inst_id))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let other_secret = new_secret(&app.db, other_inst.id).await.unwrap();
        let eid = ids[0];
        let url: String = t
            .call::<api::enrolments::LaunchLearning>(&[("enrolment_id", eid.to_string())])
            .await
            .unwrap();
        let ticket = url
            .strip_prefix("https://learn.example.cn/start?shixun_ticket=")
            .unwrap();
        assert_eq!(ticket.len(), 64);
        let redeem = |tk: &str, credential: Option<&str>| {
            let mut req = reqwest::Client::new()
                .post(format!("{}/sso/redeem", t.base))
                .form(&[("ticket", tk)]);
            if let Some(c) = credential {
                req = req.bearer_auth(c);
            }
            async move { req.send().await.unwrap().status().as_u16() }
        };
        // Holding the ticket is not enough: GET is gone, and the platform must sign in.
        let get = reqwest::get(format!("{}/sso/redeem?ticket={ticket}", t.base))
            .await
            .unwrap();
        assert_eq!(get.status(), 405);
        assert_eq!(redeem(ticket, None).await, 401);
        let forged = format!("{inst_id}.{}", "0".repeat(64));
        assert_eq!(redeem(ticket, Some(&forged)).await, 401);
        // Another institution's own credential does not redeem this institution's ticket.
        assert_eq!(redeem(ticket, Some(&other_secret)).await, 404);
        let first = reqwest::Client::new()
            .post(format!("{}/sso/redeem", t.base))
            .bearer_auth(&secret)
            .form(&[("ticket", ticket)])
            .send()
            .await
            .unwrap();
        assert_eq!(first.status(), 200);
        let who: serde_json::Value = first.json().await.unwrap();
        assert_eq!(who["name"], "郑老师");
        assert!(who["training_number"].as_str().unwrap().len() > 6);
        assert_eq!(redeem(ticket, Some(&secret)).await, 404, "single use");
        assert_eq!(redeem(&"0".repeat(64), Some(&secret)).await, 404);
        // Every redemption attempt is audited.
        let audited: Vec<String> = app::server::entities::audit_log::Entity::find()
            .filter(app::server::entities::audit_log::Column::Action.eq("sso.redeem"))
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.outcome)
            .collect();
        let count = |o: &str| audited.iter().filter(|x| *x == o).count();
        assert_eq!((count("ok"), count("denied"), count("failed")), (1, 2, 3));
        // A new secret replaces the old one at once.
        let renewed = new_secret(&app.db, inst_id).await.unwrap();
        assert_ne!(renewed, secret);
        let url: String = t
            .call::<api::enrolments::LaunchLearning>(&[("enrolment_id", eid.to_string())])
            .await
            .unwrap();
        let fresh = url.rsplit('=').next().unwrap().to_string();
        assert_eq!(redeem(&fresh, Some(&secret)).await, 401);
        assert_eq!(redeem(&fresh, Some(&renewed)).await, 200);
        // A class placed with another institution launches that institution's platform, and
        // only its credential redeems the ticket.
        let mut other_am: institution::ActiveModel = other_inst.clone().into();
        other_am.platform_url = Set(Some("https://other.example.cn/go".into()));
        other_am.update(&app.db).await.unwrap();
        let class = app::server::entities::project_class::Entity::find_by_id(running)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let mut class_am: app::server::entities::project_class::ActiveModel = class.into();
        class_am.institution_id = Set(Some(other_inst.id));
        class_am.update(&app.db).await.unwrap();
        let url: String = t
            .call::<api::enrolments::LaunchLearning>(&[("enrolment_id", eid.to_string())])
            .await
            .unwrap();
        let placed = url
            .strip_prefix("https://other.example.cn/go?shixun_ticket=")
            .unwrap()
            .to_string();
        assert_eq!(redeem(&placed, Some(&renewed)).await, 404);
        assert_eq!(redeem(&placed, Some(&other_secret)).await, 200);
        // Someone else's enrolment gives no ticket; nor does one not yet enrolled.
        let other = school_teacher(app, 43, "数学").await;
        assert_eq!(
            other
                .refused::<api::enrolments::LaunchLearning>(&[("enrolment_id", eid.to_string())])
                .await,
            AppError::NotFound
        );
        // An administrator's role launches nobody's learning: refused at the gate.
        let admin = app.login_as(SCHOOL_ADMIN).await;
        assert_eq!(
            admin
                .refused::<api::enrolments::LaunchLearning>(&[("enrolment_id", eid.to_string())])
                .await,
            AppError::Forbidden
        );
    }
);
