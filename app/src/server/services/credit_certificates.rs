//! The credit certificate (学分证明): what the ledger certifies for a teacher in one cycle as
//! of today, numbered and kept as issued so the verification page catches an edited PDF. A
//! teacher asking again while nothing changed gets the same number; new credits make a new one
//! (the earlier one stays true as of its own date).

use super::credits::cycles_and_chosen;
use super::ledger::rule_of;
use super::org::region_names;
use super::results::outcome::new_number;
use super::training_years;
use crate::domain::certificate::CertificateKind;
use crate::domain::certificate::CertificateStatus;
use crate::domain::credits::table;
use crate::domain::mask::mask_id_number;
use crate::domain::project::format_credits;
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::policy::proof::OwnRecord;
use crate::server::documents::credit_certificate::{CreditText, render};
use crate::server::entities::{certificate, user};
use crate::server::services::by_id;
use chrono::{Datelike, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, NotSet,
    QueryFilter, QueryOrder,
};

/// The caller's credit certificate for a cycle (by default the current one), as a PDF.
pub async fn pdf(
    db: &impl ConnectionTrait,
    me: &OwnRecord,
    cycle_id: Option<i64>,
    origin: &str,
) -> AppResult<(Vec<u8>, String)> {
    let t = me.teacher();
    let u = by_id::found::<user::Entity>(db, me.teacher().user_id).await?;
    let (_, cycle) = cycles_and_chosen(db, cycle_id).await?;
    let rule = rule_of(&cycle);
    let today = training_years::today();
    let lines =
        super::ledger::approved_lines(db, [me.teacher().user_id], rule.first_year..=rule.last_year)
            .await?;
    let earned: Vec<(i32, String, u32)> = lines
        .iter()
        .map(|e| (e.year, e.category.clone(), e.credits_tenths.max(0) as u32))
        .collect();
    let tbl = table(&rule, today.year(), &earned);
    let total = tbl.totals.1.done;
    let hours: i32 = lines.iter().map(|e| e.hours.max(0)).sum();
    if total == 0 {
        return Err(AppError::from(Broken::NoApprovedCredits {
            cycle: rule.name,
        }));
    }
    let breakdown = tbl
        .rows
        .iter()
        .map(|(category, _, cell)| format!("{category} {}", format_credits(cell.done)))
        .collect::<Vec<_>>()
        .join(" · ");
    let label = format!("{}（{}–{}）", rule.name, rule.first_year, rule.last_year);
    let province = region_names(db, [t.province_code.clone()])
        .await?
        .remove(&t.province_code)
        .unwrap_or_default();
    let result = if total >= rule.total {
        "本周期学分已修满".to_string()
    } else {
        format!("本周期还差 {} 学分", format_credits(rule.total - total))
    };
    let kept = certificate::Entity::find()
        .filter(certificate::Column::UserId.eq(me.teacher().user_id))
        .filter(certificate::Column::Kind.eq(CertificateKind::Credit))
        .filter(certificate::Column::ProjectName.eq(label.clone()))
        .filter(certificate::Column::Status.eq(CertificateStatus::Valid))
        .order_by_desc(certificate::Column::Id)
        .one(db)
        .await?
        .filter(|c| {
            c.credits_tenths == total as i32 && c.credit_category == breakdown && c.hours == hours
        });
    let c = match kept {
        Some(c) => c,
        None => {
            certificate::ActiveModel {
                id: NotSet,
                number: Set(new_number(today.year())),
                kind: Set(CertificateKind::Credit),
                enrolment_id: Set(None),
                user_id: Set(me.teacher().user_id),
                holder_name: Set(u.name.clone()),
                id_masked: Set(mask_id_number(u.id_number.as_deref().unwrap_or_default())),
                project_name: Set(label),
                class_name: Set(format!("截至 {today}")),
                starts_on: Set(NaiveDate::from_ymd_opt(rule.first_year, 1, 1).unwrap_or(today)),
                ends_on: Set(today),
                hours: Set(hours),
                credits_tenths: Set(total as i32),
                credit_category: Set(breakdown),
                level: Set("学分银行认定".into()),
                result: Set(result),
                issuer: Set(format!("{province}中小学教师继续教育学分银行")),
                photo_file_id: Set(None),
                issued_at: Set(Utc::now()),
                status: Set(CertificateStatus::Valid),
                revoked_reason: Set(None),
                revoked_at: Set(None),
            }
            .insert(db)
            .await?
        }
    };
    let text = CreditText {
        number: c.number.clone(),
        holder_name: c.holder_name.clone(),
        id_masked: c.id_masked.clone(),
        cycle: rule.name.clone(),
        first_year: rule.first_year,
        last_year: rule.last_year,
        as_of: c.ends_on,
        credits: format_credits(total),
        hours,
        required: format_credits(rule.total),
        table: tbl,
        issuer: c.issuer.clone(),
        verify_url: super::certificates::verify_url(origin, &c.number),
    };
    Ok((
        render(&text)?,
        format!("学分证明-{}-{}.pdf", rule.name, c.holder_name),
    ))
}
