//! Messages that leave the server (issue 17), on SQLite and PostgreSQL: the outbox queues,
//! the worker sends by SMTP and by the SMS provider (real stand-ins on the loopback), retries
//! with back-off, gives up visibly; preferences; the 消息中心; 发送记录.

use crate::helpers::providers::Provider;
use crate::helpers::*;
use app::domain::delivery::{MessageKind, SendState};
use app::dto::messages::{DeliveryPage, MessageChoices, MessagePage};
use app::server::entities::{audit_log, outbox};
use app::server::messaging::{Secret, SmsSettings, SmtpSecurity, SmtpSettings};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

async fn outbox_rows(app: &TestApp) -> Vec<outbox::Model> {
    outbox::Entity::find()
        .order_by_asc(outbox::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

async fn send_contact_code(c: &Client, channel: &str, destination: &str) {
    let _: () = c
        .call::<api::profile::SendContactCode>(&[
            ("channel", channel.into()),
            ("destination", destination.into()),
            ("password", PASSWORD.into()),
        ])
        .await
        .unwrap();
}

async fn choose(
    c: &Client,
    kind: &str,
    channel: &str,
    on: bool,
) -> Result<(), app::error::AppError> {
    c.call_json::<api::messages::ChooseMessage>(
        serde_json::json!({"kind": kind, "channel": channel, "on": on}),
    )
    .await
}

/// A notification of `kind` to the demo teacher, as the services send them.
async fn notify(app: &TestApp, kind: MessageKind, title: &str) {
    let uid = user_id(app, TEACHER).await;
    app::server::services::notifications::send(
        &app.db,
        uid,
        kind,
        title,
        "正文",
        Some("/my/training"),
    )
    .await
    .unwrap();
}

on_both!(
    a_code_waits_in_the_outbox_until_the_worker_sends_it,
    |app| {
        let c = app.login_as(TEACHER).await;
        send_contact_code(&c, "phone", "13712345678").await;
        // The request only queued it.
        let rows = outbox_rows(app).await;
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        assert_eq!(
            (row.kind, row.state, row.destination.as_str()),
            (MessageKind::ContactCode, SendState::Queued, "13712345678")
        );
        let params: Vec<String> = serde_json::from_str(&row.params).unwrap();
        assert_eq!(params.len(), 2, "the code and its minutes");
        assert!(row.body.contains(&params[0]));
        assert_eq!(params[1], "10");
        // The worker's pass sends it, once.
        assert_eq!(app.deliver().await, 1);
        assert_eq!(app.deliver().await, 0);
        let sent = &outbox_rows(app).await[0];
        assert_eq!(sent.state, SendState::Sent);
        assert!(sent.sent_at.is_some());
        assert_eq!(last_mail(app).await.destination, "13712345678");
    }
);

on_both!(notifications_go_out_only_where_the_user_chose, |app| {
    let c = app.login_as(TEACHER).await;
    // By default an enrolment step stays in the 消息中心; a reminder also comes by SMS to
    // the verified phone (the teacher has no verified e-mail).
    notify(app, MessageKind::EnrolmentStep, "报名审核通过").await;
    assert!(outbox_rows(app).await.is_empty());
    notify(app, MessageKind::Reminder, "请阅读通知").await;
    let rows = outbox_rows(app).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].kind, rows[0].destination.as_str()),
        (MessageKind::Reminder, TEACHER)
    );
    let params: Vec<String> = serde_json::from_str(&rows[0].params).unwrap();
    assert_eq!(params, vec!["请阅读通知".to_string()]);

    // The teacher turns enrolment steps on by SMS, reminders off.
    choose(&c, "enrolment_step", "phone", true).await.unwrap();
    choose(&c, "reminder", "phone", false).await.unwrap();
    notify(app, MessageKind::EnrolmentStep, "报名审核通过").await;
    notify(app, MessageKind::Reminder, "请阅读通知").await;
    let kinds: Vec<MessageKind> = outbox_rows(app).await.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        vec![MessageKind::Reminder, MessageKind::EnrolmentStep]
    );

    // Account safety cannot be switched off; what the page shows follows the choices.
    let refused = choose(&c, "contact_changed", "phone", false)
        .await
        .unwrap_err();
    assert!(refused.field_message("kind").unwrap().contains("账号安全"));
    let unknown = choose(&c, "account_code", "phone", true).await.unwrap_err();
    assert!(unknown.field_message("kind").is_some());
    let settings: MessageChoices = c
        .call::<api::messages::GetMessageChoices>(&[])
        .await
        .unwrap();
    let row = |k: MessageKind| settings.rows.iter().find(|r| r.kind == k).unwrap().clone();
    assert!(row(MessageKind::EnrolmentStep).sms && !row(MessageKind::EnrolmentStep).email);
    assert!(!row(MessageKind::Reminder).sms);
    assert!(row(MessageKind::ContactChanged).mandatory && row(MessageKind::ContactChanged).sms);
    assert_eq!(settings.phone.as_deref(), Some("139****0006"));
    assert_eq!(settings.email, None);
});

on_both!(the_message_centre_filters_and_marks_read, |app| {
    let c = app.login_as(TEACHER).await;
    notify(app, MessageKind::EnrolmentStep, "报名审核通过").await;
    notify(app, MessageKind::Leave, "请假审批结果").await;
    notify(app, MessageKind::Leave, "请假审批结果二").await;
    let list = |mut f: Vec<(&'static str, String)>| {
        let c = &c;
        f.push(("filter[page]", "1".into()));
        async move { c.call::<api::messages::MyMessages>(&f).await.unwrap() }
    };
    let all: MessagePage = list(vec![]).await;
    assert_eq!((all.page.total, all.unread), (3, 3));
    let leave: MessagePage = list(vec![("filter[kind]", "leave".into())]).await;
    assert_eq!(leave.page.total, 2);
    assert!(
        leave
            .page
            .items
            .iter()
            .all(|m| m.kind == MessageKind::Leave)
    );
    assert_eq!(leave.page.items[0].link.as_deref(), Some("/my/training"));
    // Opening one reads it; someone else cannot read it for the teacher.
    let first = leave.page.items[0].id;
    let other = app.login_as(SCHOOL_ADMIN).await;
    let _: () = other
        .call_json::<api::notifications::MarkNotificationsRead>(serde_json::json!({"ids": [first]}))
        .await
        .unwrap();
    assert_eq!(list(vec![]).await.unread, 3);
    let _: () = c
        .call_json::<api::notifications::MarkNotificationsRead>(serde_json::json!({"ids": [first]}))
        .await
        .unwrap();
    let unread: MessagePage = list(vec![("filter[unread]", "true".into())]).await;
    assert_eq!((unread.page.total, unread.unread), (2, 2));
    assert!(unread.page.items.iter().all(|m| !m.read && m.id != first));
    // 全部已读.
    let _: () = c
        .call_json::<api::notifications::MarkNotificationsRead>(serde_json::json!({"ids": []}))
        .await
        .unwrap();
    assert_eq!(list(vec![]).await.unread, 0);
    let bad = c
        .call::<api::messages::MyMessages>(&[("filter[kind]", "spam".into())])
        .await
        .unwrap_err();
    assert!(bad.field_message("kind").is_some());
});

/// A port nothing listens on.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

fn smtp_at(port: u16) -> SmtpSettings {
    SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        security: SmtpSecurity::Plain,
        user: None,
        password: None,
        from: "师训平台 <noreply@shixun.test>".into(),
    }
}

/// Moves a queued message's next try to now, as time passing would.
async fn due_now(app: &TestApp, id: i64) {
    use sea_orm::sea_query::Expr;
    outbox::Entity::update_many()
        .col_expr(outbox::Column::NextAt, Expr::value(chrono::Utc::now()))
        .filter(outbox::Column::Id.eq(id))
        .exec(&app.db)
        .await
        .unwrap();
}

on_both_with!(
    a_failing_relay_is_retried_with_back_off_then_given_up_and_shown,
    |c| c.smtp = Some(smtp_at(closed_port())),
    |app| {
        let teacher = app.login_as(TEACHER).await;
        choose(&teacher, "leave", "email", true).await.unwrap();
        // The teacher's e-mail, verified (as a code would have done).
        {
            use app::server::entities::user;
            use sea_orm::sea_query::Expr;
            user::Entity::update_many()
                .col_expr(user::Column::Email, Expr::value("zheng@example.cn"))
                .col_expr(user::Column::EmailVerified, Expr::value(true))
                .filter(user::Column::Id.eq(user_id(app, TEACHER).await))
                .exec(&app.db)
                .await
                .unwrap();
        }
        notify(app, MessageKind::Leave, "请假审批结果").await;
        let id = outbox_rows(app).await[0].id;
        let before = chrono::Utc::now();
        assert_eq!(app.deliver().await, 1);
        let row = &outbox_rows(app).await[0];
        assert_eq!((row.state, row.tries), (SendState::Queued, 1));
        assert!(row.last_error.as_deref().unwrap().contains("邮件服务器"));
        let wait = (row.next_at - before).num_seconds();
        assert!(
            (55..=65).contains(&wait),
            "the first retry waits a minute: {wait}"
        );
        // Not due yet: nothing is tried.
        assert_eq!(app.deliver().await, 0);
        for tries in 2..=5 {
            due_now(app, id).await;
            assert_eq!(app.deliver().await, 1);
            let row = &outbox_rows(app).await[0];
            assert_eq!((row.state, row.tries), (SendState::Queued, tries));
        }
        due_now(app, id).await;
        assert_eq!(app.deliver().await, 1);
        let row = &outbox_rows(app).await[0];
        assert_eq!((row.state, row.tries), (SendState::Failed, 6));
        let audited = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("message.failed"))
            .filter(audit_log::Column::TargetId.eq(id.to_string()))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(audited, 1);

        // 发送记录: the province sees it, with why; no one else reads the record.
        let province = app.login_as(PROVINCE).await;
        let page: DeliveryPage = province
            .call::<api::messages::Deliveries>(&[("filter[state]", "failed".into())])
            .await
            .unwrap();
        assert_eq!((page.failed, page.page.total), (1, 1));
        let r = &page.page.items[0];
        assert_eq!(r.to, "z***@example.cn");
        assert!(r.last_error.as_deref().unwrap().contains("邮件服务器"));
        for who in [COUNTY, SCHOOL_ADMIN, TEACHER] {
            let c = app.login_as(who).await;
            let refused = c.refused::<api::messages::Deliveries>(&[]).await;
            assert_eq!(refused, app::error::AppError::Forbidden, "{who}");
        }
        // 重新发送 puts it back in the queue from its first try.
        let _: () = province
            .call::<api::messages::RetryDelivery>(&[("id", id.to_string())])
            .await
            .unwrap();
        let row = &outbox_rows(app).await[0];
        assert_eq!((row.state, row.tries), (SendState::Queued, 0));
        let again = province
            .call::<api::messages::RetryDelivery>(&[("id", id.to_string())])
            .await
            .unwrap_err();
        assert!(again.to_string().contains("发送失败"), "{again}");
    }
);

on_both_with!(
    a_code_is_not_retried_past_its_lifetime,
    |c| c.smtp = Some(smtp_at(closed_port())),
    |app| {
        let c = app.login_as(TEACHER).await;
        send_contact_code(&c, "email", "zheng@example.cn").await;
        let id = outbox_rows(app).await[0].id;
        assert_eq!(app.deliver().await, 1);
        assert_eq!(outbox_rows(app).await[0].state, SendState::Queued);
        // Nine minutes on, a retry would come after the code expired: given up.
        {
            use sea_orm::sea_query::Expr;
            outbox::Entity::update_many()
                .col_expr(
                    outbox::Column::CreatedAt,
                    Expr::value(chrono::Utc::now() - chrono::Duration::minutes(9)),
                )
                .filter(outbox::Column::Id.eq(id))
                .exec(&app.db)
                .await
                .unwrap();
        }
        due_now(app, id).await;
        assert_eq!(app.deliver().await, 1);
        let row = &outbox_rows(app).await[0];
        assert_eq!((row.state, row.tries), (SendState::Failed, 2));
        // A dead code is not sent again by hand either.
        let province = app.login_as(PROVINCE).await;
        let refused = province
            .call::<api::messages::RetryDelivery>(&[("id", id.to_string())])
            .await
            .unwrap_err();
        assert!(refused.to_string().contains("验证码"), "{refused}");
    }
);

async fn smtp_round_trip(backend: Backend) {
    let relay = Provider::smtp();
    let port = relay.port;
    let app = TestApp::spawn_with(backend, |c| c.smtp = Some(smtp_at(port))).await;
    let c = app.login_as(TEACHER).await;
    send_contact_code(&c, "email", "zheng@example.cn").await;
    assert_eq!(app.deliver().await, 1);
    let mail = relay.received();
    assert_eq!(mail["rcpt_tos"], serde_json::json!(["zheng@example.cn"]));
    assert_eq!(mail["to"], "zheng@example.cn");
    assert_eq!(mail["mail_from"], "noreply@shixun.test");
    assert_eq!(mail["from"], "师训平台 <noreply@shixun.test>");
    assert_eq!(mail["subject"], "【师训】验证码");
    assert_eq!(mail["content_type"], "text/plain");
    assert_eq!(mail["charset"], "utf-8");
    let body = mail["body"].as_str().unwrap();
    assert!(body.contains("【师训】您的验证码是 "), "{body}");
    let code: String = body
        .split("验证码是 ")
        .nth(1)
        .unwrap()
        .chars()
        .take(6)
        .collect();
    let row = &outbox_rows(&app).await[0];
    assert_eq!(row.state, SendState::Sent);
    assert!(row.provider_ref.as_deref().unwrap().starts_with("250"));
    // The code that arrived proves the address.
    let _: () = c
        .call::<api::profile::ConfirmContact>(&[("channel", "email".into()), ("code", code)])
        .await
        .unwrap();
    let settings: MessageChoices = c
        .call::<api::messages::GetMessageChoices>(&[])
        .await
        .unwrap();
    assert_eq!(settings.email.as_deref(), Some("z***@example.cn"));
    // A notice the teacher chose by e-mail arrives with its title.
    choose(&c, "results", "email", true).await.unwrap();
    notify(&app, MessageKind::Results, "培训成绩已发布").await;
    assert_eq!(app.deliver().await, 1);
    let mail = relay.received();
    assert_eq!(mail["subject"], "【师训】培训成绩已发布");
    assert!(mail["body"].as_str().unwrap().contains("消息中心"));
    app.cleanup().await;
}

#[tokio::test]
async fn an_email_reaches_a_real_smtp_server_in_chinese_sqlite() {
    smtp_round_trip(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_email_reaches_a_real_smtp_server_in_chinese_postgres() {
    smtp_round_trip(Backend::Postgres).await;
}

fn sms_at(port: u16, key: &str) -> SmsSettings {
    SmsSettings {
        endpoint: format!("http://127.0.0.1:{port}"),
        region: "ap-guangzhou".into(),
        secret_id: "AKIDshixuntest".into(),
        secret_key: Secret(key.into()),
        app_id: "1400000001".into(),
        sign_name: "师训平台".into(),
        code_template: "100001".into(),
        notice_template: "100002".into(),
    }
}

async fn signed_sms(backend: Backend) {
    let provider = Provider::sms("AKIDshixuntest", "right-key");
    let port = provider.port;
    let app = TestApp::spawn_with(backend, |c| c.sms = Some(sms_at(port, "right-key"))).await;
    // A reset code for the teacher goes to the verified phone.
    let _: String = app
        .client()
        .call::<api::recovery::RequestAccountCode>(&[
            ("account", TEACHER.into()),
            ("captcha", "0000".into()),
            ("purpose", "reset".into()),
        ])
        .await
        .unwrap();
    assert_eq!(app.deliver().await, 1);
    let req = provider.received();
    assert_eq!(req["signature_ok"], true, "{req}");
    assert_eq!(req["fresh"], true);
    assert_eq!(req["path"], "/");
    assert_eq!(req["action"], "SendSms");
    assert_eq!(req["version"], "2021-01-11");
    assert_eq!(req["region"], "ap-guangzhou");
    assert_eq!(req["content_type"], "application/json; charset=utf-8");
    let p = &req["payload"];
    assert_eq!(p["PhoneNumberSet"], serde_json::json!(["+8613900000006"]));
    assert_eq!(p["SmsSdkAppId"], "1400000001");
    assert_eq!(p["SignName"], "师训平台");
    assert_eq!(p["TemplateId"], "100001");
    let params = p["TemplateParamSet"].as_array().unwrap();
    assert_eq!(params.len(), 2);
    assert_eq!(params[1], "10");
    let row = &outbox_rows(&app).await[0];
    assert_eq!(row.state, SendState::Sent);
    assert_eq!(
        row.provider_ref.as_deref(),
        Some("5000:104571066915705365784949")
    );
    // The code that arrived resets the password.
    let code = params[0].as_str().unwrap().to_string();
    let _: () = app
        .client()
        .call::<api::recovery::ResetWithCode>(&[
            ("account", TEACHER.into()),
            ("code", code),
            ("new", "Another-pass-2026".into()),
        ])
        .await
        .unwrap();
    app.cleanup().await;
}

#[tokio::test]
async fn an_sms_goes_out_as_a_signed_provider_request_sqlite() {
    signed_sms(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_sms_goes_out_as_a_signed_provider_request_postgres() {
    signed_sms(Backend::Postgres).await;
}

/// The stand-in refuses a request signed with another key, and the app records why.
#[tokio::test]
async fn a_badly_signed_sms_is_refused_and_recorded() {
    let provider = Provider::sms("AKIDshixuntest", "the-providers-key");
    let port = provider.port;
    let app = TestApp::spawn_with(Backend::Sqlite, |c| {
        c.sms = Some(sms_at(port, "a-wrong-key"))
    })
    .await;
    let c = app.login_as(TEACHER).await;
    send_contact_code(&c, "phone", "13712345678").await;
    assert_eq!(app.deliver().await, 1);
    assert_eq!(provider.received()["signature_ok"], false);
    let row = &outbox_rows(&app).await[0];
    assert_eq!((row.state, row.tries), (SendState::Queued, 1));
    assert!(
        row.last_error
            .as_deref()
            .unwrap()
            .contains("AuthFailure.SignatureFailure"),
        "{:?}",
        row.last_error
    );
    app.cleanup().await;
}
