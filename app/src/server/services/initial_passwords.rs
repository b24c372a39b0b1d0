//! The province's initial-password rule, and issuing initial passwords: random ones an admin
//! hands out (exported to .xlsx, or shown once), valid for a set number of days.

use super::audit;
use crate::domain::initial_password::{DEFAULT_VALID_DAYS, InitialPasswordRule};
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::password;
use crate::server::auth::session_store::end_other_sessions;
use crate::server::entities::{instance_mark, user};
use crate::server::services::names;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};

const RULE_KEY: &str = "initial_password_rule";
const DAYS_KEY: &str = "initial_password_days";

async fn mark(db: &impl ConnectionTrait, key: &str) -> AppResult<Option<String>> {
    Ok(instance_mark::Entity::find_by_id(key.to_string())
        .one(db)
        .await?
        .map(|m| m.value))
}

async fn set_mark(db: &impl ConnectionTrait, key: &str, value: String) -> AppResult<()> {
    let row = instance_mark::ActiveModel {
        key: Set(key.into()),
        value: Set(value),
        at: Set(Utc::now()),
    };
    match instance_mark::Entity::find_by_id(key.to_string())
        .one(db)
        .await?
    {
        Some(_) => row.update(db).await?,
        None => row.insert(db).await?,
    };
    Ok(())
}

/// The province's rule; the issued rule unless the province chose the seeds' ID-tail rule.
pub async fn rule(db: &impl ConnectionTrait) -> AppResult<InitialPasswordRule> {
    Ok(mark(db, RULE_KEY)
        .await?
        .and_then(|v| InitialPasswordRule::parse(&v))
        .unwrap_or_default())
}

/// Days an issued initial password works.
pub async fn valid_days(db: &impl ConnectionTrait) -> AppResult<i64> {
    Ok(mark(db, DAYS_KEY)
        .await?
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_VALID_DAYS))
}

/// Sets the rule and the days an issued password works (1 to 365).
pub async fn set_rule(
    db: &impl ConnectionTrait,
    rule: InitialPasswordRule,
    days: i64,
) -> AppResult<()> {
    if !(1..=365).contains(&days) {
        return Err(AppError::from(Broken::ValidDaysOutOfRange));
    }
    set_mark(db, RULE_KEY, rule.as_str().into()).await?;
    set_mark(db, DAYS_KEY, days.to_string()).await
}

/// One issued password, to hand to its holder.
#[derive(Debug, Clone)]
pub struct Issued {
    pub user_id: i64,
    pub password: String,
    pub expires_at: DateTime<Utc>,
}

/// Gives each account a new random initial password (any password it had stops working, its
/// sessions end, and it must choose its own at the next login). The plain passwords are
/// returned once, to be handed out; only salted digests are kept.
pub async fn issue(db: &impl ConnectionTrait, user_ids: &[i64]) -> AppResult<Vec<Issued>> {
    let now = Utc::now();
    let expires_at = now + Duration::days(valid_days(db).await?);
    let mut out = Vec::with_capacity(user_ids.len());
    for &user_id in user_ids {
        let (plain, stored) = password::issue();
        let done = super::lockout::cleared(user::Entity::update_many())
            .col_expr(user::Column::PasswordHash, Expr::value(stored))
            .col_expr(user::Column::MustChangePassword, Expr::value(true))
            .col_expr(user::Column::PasswordChangedAt, Expr::value(Some(now)))
            .col_expr(
                user::Column::InitialPasswordExpiresAt,
                Expr::value(Some(expires_at)),
            )
            .filter(user::Column::Id.eq(user_id))
            .exec(db)
            .await?;
        if done.rows_affected != 1 {
            return Err(AppError::NotFound);
        }
        end_other_sessions(db, user_id, None).await?;
        out.push(Issued {
            user_id,
            password: plain,
            expires_at,
        });
    }
    Ok(out)
}

/// An admin's password reset: under the issued rule a new random password, returned to be
/// shown once; under the ID-tail rule the account goes back to its ID tail (None).
pub async fn reset(
    state: &crate::server::state::AppState,
    actor: &crate::server::auth::Actor,
    user_id: i64,
) -> AppResult<Option<String>> {
    let issued = match rule(&state.db).await? {
        InitialPasswordRule::IdTail => {
            super::login::reset_to_initial(state, user_id).await?;
            None
        }
        InitialPasswordRule::Issued => issue(&state.db, &[user_id])
            .await?
            .pop()
            .map(|i| i.password),
    };
    audit::act(&state.db, actor, "user.reset_password", ("user", user_id)).await?;
    Ok(issued)
}

/// The most records one sheet issues passwords for.
pub const MAX_PER_SHEET: usize = 500;

/// Issues initial passwords for teacher records the actor keeps, and returns them as an .xlsx
/// to hand out (姓名, 师训号 and 身份证号 to log in with, 学校, 初始密码, 有效期至). All or
/// nothing: one record out of reach refuses the whole batch before anything changes.
pub async fn issue_for_teachers(
    db: &impl ConnectionTrait,
    actor: &crate::server::auth::Actor,
    teacher_ids: &[i64],
) -> AppResult<(Vec<u8>, String)> {
    use crate::server::services::teachers::{ensure_account_managed, load};
    if teacher_ids.is_empty() {
        return Err(AppError::from(Broken::NoTeachersChosen));
    }
    if teacher_ids.len() > MAX_PER_SHEET {
        return Err(AppError::from(Broken::TooManyForOneSheet {
            max: MAX_PER_SHEET,
        }));
    }
    let mut records = Vec::with_capacity(teacher_ids.len());
    for id in teacher_ids {
        let rec = load(db, *id).await?;
        ensure_account_managed(db, actor, &rec).await?;
        records.push(rec);
    }
    let user_ids: Vec<i64> = records.iter().map(|r| r.user.id).collect();
    let issued = issue(db, &user_ids).await?;
    let schools = names::schools(db, records.iter().filter_map(|r| r.teacher.school_id)).await?;
    let rows: Vec<[String; 6]> = records
        .iter()
        .zip(&issued)
        .map(|(r, i)| {
            [
                r.user.name.clone(),
                r.teacher.training_number.clone().unwrap_or_default(),
                r.user
                    .id_number
                    .as_deref()
                    .map(crate::domain::mask::mask_id_number)
                    .unwrap_or_default(),
                r.teacher
                    .school_id
                    .and_then(|s| schools.get(&s).cloned())
                    .unwrap_or_default(),
                i.password.clone(),
                super::beijing(i.expires_at).date().to_string(),
            ]
        })
        .collect();
    let after = serde_json::json!({ "teachers": teacher_ids });
    audit::admin_act(
        db,
        actor,
        "teacher.issue_passwords",
        ("teacher", 0),
        None,
        Some(after),
    )
    .await?;
    let bytes = crate::server::heavy::run(move || sheet(&rows)).await??;
    Ok((bytes, "初始密码发放表.xlsx".into()))
}

fn sheet(rows: &[[String; 6]]) -> AppResult<Vec<u8>> {
    use crate::server::services::teachers::sheet::{header_format, internal};
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("初始密码").map_err(internal)?;
    let bold = header_format();
    let text = Format::new().set_num_format("@");
    let headers = ["姓名", "师训号", "身份证号", "学校", "初始密码", "有效期至"];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(internal)?;
        ws.set_column_width(c as u16, if c == 2 { 22 } else { 14 })
            .map_err(internal)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string_with_format(r as u32 + 1, c as u16, v, &text)
                .map_err(internal)?;
        }
    }
    let note = rows.len() as u32 + 2;
    ws.write_string(
        note,
        0,
        "初始密码只在本表中出现，请逐人发放后妥善销毁本表。登录账号可用身份证号或师训号，首次登录须修改密码。",
    )
    .map_err(internal)?;
    wb.save_to_buffer().map_err(internal)
}
