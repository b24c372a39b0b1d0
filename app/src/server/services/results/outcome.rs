//! What a grade writes (谁组织、谁负责): the scores on the enrolment; on a pass the credit
//! ledger line (once per enrolment) and the completion certificate; on a pass taken back, the
//! ledger line goes and the certificate is revoked. The teacher is told when the result changes.

use crate::domain::assessment::{Grade, Scheme, format_score, grade};
use crate::domain::certificate::CertificateKind;
use crate::domain::certificate::CertificateStatus;
use crate::domain::credit_entry::CreditSource;
use crate::domain::credit_entry::CreditStatus;
use crate::domain::mask::mask_id_number;
use crate::error::AppResult;
use crate::server::auth::Actor;
use crate::server::auth::policy::proof::Graded;
use crate::server::entities::{certificate, credit_entry, enrolment, user};
use crate::server::services::{notifications, stats};
use chrono::Utc;
use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, NotSet,
    QueryFilter,
};

/// Records `scores` for `e`; returns whether this made it a pass it was not before.
pub async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    g: &Graded,
    scheme: &Scheme,
    e: &enrolment::Model,
    scores: &[Option<u32>],
) -> AppResult<bool> {
    let result = grade(scheme, scores);
    let json = serde_json::to_string(scores).unwrap_or_else(|_| "[]".into());
    let graded = scores.iter().any(Option::is_some);
    enrolment::Entity::update_many()
        .col_expr(
            enrolment::Column::Scores,
            Expr::value(graded.then_some(json)),
        )
        .col_expr(
            enrolment::Column::ScoreTotal,
            Expr::value(graded.then_some(result.total as i32)),
        )
        .col_expr(enrolment::Column::Passed, Expr::value(result.passed))
        .col_expr(enrolment::Column::GradedAt, Expr::value(Some(Utc::now())))
        .col_expr(
            enrolment::Column::GradedByName,
            Expr::value(Some(actor.name.clone())),
        )
        .filter(enrolment::Column::Id.eq(e.id))
        .exec(db)
        .await?;
    let was = e.passed;
    let now = result.passed;
    if now == Some(true) && was != Some(true) {
        credit(db, actor, g, e).await?;
        issue(db, g, e).await?;
    } else if now != Some(true) && was == Some(true) {
        withdraw(db, e.id).await?;
    }
    if now.is_some() && now != was {
        tell(db, g, e, &result).await?;
    }
    let pass_changed = (now == Some(true)) != (was == Some(true));
    stats::graded(db, e.id, pass_changed.then_some(e.teacher_id)).await?;
    Ok(now == Some(true) && was != Some(true))
}

/// The ledger line of a passed project: approved at once, certified by the level that
/// organised it.
async fn credit(
    db: &impl ConnectionTrait,
    actor: &Actor,
    g: &Graded,
    e: &enrolment::Model,
) -> AppResult<()> {
    let exists = credit_entry::Entity::find()
        .filter(credit_entry::Column::EnrolmentId.eq(e.id))
        .one(db)
        .await?
        .is_some();
    if exists {
        return Ok(());
    }
    let now = Utc::now();
    credit_entry::ActiveModel {
        id: NotSet,
        user_id: Set(e.user_id),
        teacher_id: Set(e.teacher_id),
        county_code: Set(e.county_code.clone()),
        school_id: Set(e.school_id),
        year: Set(g.p().year),
        category: Set(g.p().credit_category.clone()),
        credits_tenths: Set(g.p().credits_tenths),
        hours: Set(g.p().hours),
        source: Set(CreditSource::Project),
        enrolment_id: Set(Some(e.id)),
        title: Set(g.p().name.clone()),
        certifier_level: Set(g.p().level.clone()),
        certifier_name: Set(g.p().organiser.clone()),
        status: Set(CreditStatus::Approved),
        reason: Set(None),
        created_by_user_id: Set(actor.user_id),
        created_at: Set(now),
        decided_by_name: Set(Some(actor.name.clone())),
        decided_at: Set(Some(now)),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Certificate numbers: "SX", the year, then 10 characters that cannot be guessed in
/// sequence and that read unambiguously aloud (no 0/O, 1/I).
pub fn new_number(year: i32) -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut rng = rand::rng();
    let tail: String = (0..10)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    format!("SX{year}{tail}")
}

/// The completion certificate, with the facts it prints; a revoked one is valid again when
/// the pass is restored.
async fn issue(db: &impl ConnectionTrait, g: &Graded, e: &enrolment::Model) -> AppResult<()> {
    let existing = certificate::Entity::find()
        .filter(certificate::Column::EnrolmentId.eq(e.id))
        .filter(certificate::Column::Kind.eq(CertificateKind::Completion))
        .one(db)
        .await?;
    if let Some(c) = existing {
        certificate::Entity::update_many()
            .col_expr(
                certificate::Column::Status,
                Expr::value(CertificateStatus::Valid),
            )
            .col_expr(
                certificate::Column::RevokedReason,
                Expr::value(None::<String>),
            )
            .col_expr(
                certificate::Column::RevokedAt,
                Expr::value(None::<chrono::DateTime<Utc>>),
            )
            .filter(certificate::Column::Id.eq(c.id))
            .exec(db)
            .await?;
        return Ok(());
    }
    let u = user::Entity::find_by_id(e.user_id).one(db).await?;
    // The photo as it is now; one uploaded later is taken when the certificate is printed.
    let photo = if g.p().photo_required {
        crate::server::entities::teacher::Entity::find()
            .filter(crate::server::entities::teacher::Column::UserId.eq(e.user_id))
            .one(db)
            .await?
            .and_then(|t| t.cert_photo_file_id)
    } else {
        None
    };
    let (name, id_number) = u
        .map(|u| (u.name, u.id_number.unwrap_or_default()))
        .unwrap_or_default();
    let issuer = match g.c().institution_id.or(g.p().institution_id) {
        Some(id) => crate::server::entities::institution::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|i| i.name)
            .unwrap_or_else(|| g.p().organiser.clone()),
        None => g.p().organiser.clone(),
    };
    certificate::ActiveModel {
        id: NotSet,
        number: Set(new_number(g.p().year)),
        kind: Set(CertificateKind::Completion),
        enrolment_id: Set(Some(e.id)),
        user_id: Set(e.user_id),
        holder_name: Set(name),
        id_masked: Set(mask_id_number(&id_number)),
        project_name: Set(g.p().name.clone()),
        class_name: Set(g.c().name.clone()),
        starts_on: Set(g.c().starts_on),
        ends_on: Set(g.c().ends_on),
        hours: Set(g.p().hours),
        credits_tenths: Set(g.p().credits_tenths),
        credit_category: Set(g.p().credit_category.clone()),
        level: Set(g.p().level.clone()),
        result: Set("合格".into()),
        issuer: Set(issuer),
        photo_file_id: Set(photo),
        issued_at: Set(Utc::now()),
        status: Set(CertificateStatus::Valid),
        revoked_reason: Set(None),
        revoked_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A pass taken back (a corrected score): the credits leave the ledger and the certificate
/// is revoked, so the verification page says so.
async fn withdraw(db: &impl ConnectionTrait, enrolment_id: i64) -> AppResult<()> {
    credit_entry::Entity::delete_many()
        .filter(credit_entry::Column::EnrolmentId.eq(enrolment_id))
        .exec(db)
        .await?;
    certificate::Entity::update_many()
        .col_expr(
            certificate::Column::Status,
            Expr::value(CertificateStatus::Revoked),
        )
        .col_expr(
            certificate::Column::RevokedReason,
            Expr::value(Some("成绩更正，考核结果已改为不合格".to_string())),
        )
        .col_expr(
            certificate::Column::RevokedAt,
            Expr::value(Some(Utc::now())),
        )
        .filter(certificate::Column::EnrolmentId.eq(enrolment_id))
        .filter(certificate::Column::Status.eq(CertificateStatus::Valid))
        .exec(db)
        .await?;
    Ok(())
}

async fn tell(
    db: &impl ConnectionTrait,
    g: &Graded,
    e: &enrolment::Model,
    result: &Grade,
) -> AppResult<()> {
    let what = if result.passed == Some(true) {
        format!(
            "，{} 学时已记入学分银行，可在“继续教育 · 已结束”打印结业证书",
            g.p().hours
        )
    } else {
        String::new()
    };
    notifications::send(
        db,
        e.user_id,
        crate::domain::delivery::MessageKind::Results,
        "培训成绩已发布",
        &format!(
            "“{}”{}：总成绩 {}，{}{what}。",
            g.p().name,
            g.c().name,
            format_score(result.total),
            result.result_label()
        ),
        Some("/my/training"),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::new_number;

    #[test]
    fn numbers_carry_the_year_and_no_ambiguous_characters() {
        let n = new_number(2026);
        assert_eq!(n.len(), 16);
        assert!(n.starts_with("SX2026"));
        assert!(!n[6..].contains(['0', 'O', '1', 'I']));
        assert_ne!(new_number(2026), n);
    }
}
