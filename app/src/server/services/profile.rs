//! The teacher's own record (基本信息) and the contact fields a teacher may change.

use super::audit;
use super::org::{county_label, find_region};
use crate::domain::region;
use crate::dto::profile::TeacherProfile;
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::{Actor, password};
use crate::server::entities::{school, teacher, user};
use crate::server::services::by_id;
use crate::server::state::AppState;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};

pub async fn teacher_profile(db: &impl ConnectionTrait, user_id: i64) -> AppResult<TeacherProfile> {
    let u = by_id::found::<user::Entity>(db, user_id).await?;
    let t = teacher::Entity::find()
        .filter(teacher::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let school = match t.school_id {
        Some(id) => school::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let city_name = find_region(db, &region::city_of(&t.county_code))
        .await
        .map(|r| r.name)
        .unwrap_or_default();
    let county = county_label(db, &t.county_code).await?;
    let county_name = county
        .split(' ')
        .next_back()
        .unwrap_or_default()
        .to_string();
    Ok(TeacherProfile {
        name: u.name,
        gender: t.gender,
        birth_date: t.birth_date.format("%Y-%m-%d").to_string(),
        id_number: u.id_number.unwrap_or_default(),
        training_number: t.training_number.unwrap_or_default(),
        ethnicity: t.ethnicity,
        political_status: t.political_status,
        phone: u.phone,
        phone_verified: u.phone_verified,
        email: u.email,
        email_verified: u.email_verified,
        city_name,
        county_name,
        school_name: school
            .map(|s| s.name)
            .unwrap_or_else(|| "（自由人）".into()),
        school_area_type: t.school_area_type,
        school_category: t.school_category,
        stage: t.stage,
        subject: t.subject,
        initial_education: t.initial_education,
        highest_education: t.highest_education,
        title: t.title,
        qualification_number: t.qualification_number.unwrap_or_default(),
        publicly_funded: t.publicly_funded,
        special_post: t.special_post,
        post: t.post,
        hire_date: t
            .hire_date
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        status: t.status,
    })
}

/// Sets a verified phone number; refuses one another account uses.
/// Sets the verified phone; returns the verified phone it replaces, if any.
pub async fn set_phone(
    db: &impl ConnectionTrait,
    user_id: i64,
    phone: &str,
) -> AppResult<Option<String>> {
    let taken = user::Entity::find()
        .filter(user::Column::Phone.eq(phone))
        .filter(user::Column::Id.ne(user_id))
        .one(db)
        .await?;
    if taken.is_some() {
        return Err(AppError::from(Broken::PhoneTaken));
    }
    let u = by_id::found::<user::Entity>(db, user_id).await?;
    let old = u.phone.clone().filter(|_| u.phone_verified);
    let mut am: user::ActiveModel = u.into();
    am.phone = Set(Some(phone.to_string()));
    am.phone_verified = Set(true);
    am.update(db).await?;
    Ok(old)
}

/// Sets the verified email; returns the verified email it replaces, if any.
pub async fn set_email(
    db: &impl ConnectionTrait,
    user_id: i64,
    email: &str,
) -> AppResult<Option<String>> {
    let u = by_id::found::<user::Entity>(db, user_id).await?;
    let old = u.email.clone().filter(|_| u.email_verified);
    let mut am: user::ActiveModel = u.into();
    am.email = Set(Some(email.to_string()));
    am.email_verified = Set(true);
    am.update(db).await?;
    Ok(old)
}

/// What the old verified phone or email receives when it is replaced.
pub fn contact_changed_notice(channel: crate::domain::contact::Channel, new: &str) -> String {
    format!(
        "【师训】您账号绑定的{}已改为 {}。如非本人操作，请立即联系学校管理员。",
        channel.label(),
        channel.masked(new)
    )
}

/// Tells the old contact that it was replaced (a mandatory message: a taken-over session must
/// not move the account's recovery unnoticed).
pub async fn tell_old_contact(
    state: &AppState,
    user_id: i64,
    channel: crate::domain::contact::Channel,
    old: &str,
    new: &str,
) -> AppResult<()> {
    use super::outbox;
    let title = format!("账号绑定的{}已变更", channel.label());
    outbox::send_now(
        state,
        outbox::Outgoing {
            user_id: Some(user_id),
            kind: crate::domain::delivery::MessageKind::ContactChanged,
            channel,
            destination: old,
            subject: &format!("【师训】{title}"),
            body: &contact_changed_notice(channel, new),
            params: vec![crate::domain::delivery::notice_param(&title)],
        },
    )
    .await
}

/// Asks the signed-in user's password again before a sensitive change. Wrong answers count
/// against the source like failed logins do, and are audited.
pub async fn reauthenticate(
    state: &AppState,
    actor: &Actor,
    ip: std::net::IpAddr,
    typed: &str,
) -> AppResult<()> {
    if state.throttle.is_throttled(ip) {
        return Err(AppError::Login(crate::error::LoginError::Throttled));
    }
    let u = user::Entity::find_by_id(actor.user_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotAuthenticated)?;
    if password::check(state, &u.password_hash, u.id_number.as_deref(), typed).await? {
        return Ok(());
    }
    state.throttle.record_failure(ip);
    audit::record(
        &state.db,
        audit::Entry {
            actor_user_id: Some(actor.user_id),
            action: "profile.reauthenticate",
            outcome: "failed",
            ip: Some(ip.to_string()),
            ..Default::default()
        },
    )
    .await;
    Err(AppError::from(Broken::PasswordWrong))
}
