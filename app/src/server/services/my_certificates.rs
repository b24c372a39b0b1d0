//! 我的证书: every certificate the teacher holds, newest first, with where to print it.

use crate::domain::certificate::{CertificateKind, CertificateStatus};
use crate::domain::project::format_credits;
use crate::dto::results::MyCertificate;
use crate::error::AppResult;
use crate::server::auth::policy::proof::OwnRecord;
use crate::server::entities::{certificate, credit_cycle};
use crate::server::services::{beijing, certificates};
use chrono::Datelike;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{HashMap, HashSet};

pub async fn mine(db: &impl ConnectionTrait, me: &OwnRecord) -> AppResult<Vec<MyCertificate>> {
    let held = certificate::Entity::find()
        .filter(certificate::Column::UserId.eq(me.teacher().user_id))
        .order_by_desc(certificate::Column::IssuedAt)
        .order_by_desc(certificate::Column::Id)
        .all(db)
        .await?;
    // A credit certificate starts on its cycle's first 1 January.
    let cycles: HashMap<i32, i64> = credit_cycle::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.first_year, c.id))
        .collect();
    let mut newest_of_cycle = HashSet::new();
    Ok(held
        .into_iter()
        .map(|c| {
            let valid = c.status == CertificateStatus::Valid;
            let download = match c.kind {
                CertificateKind::Completion => {
                    valid.then(|| format!("/api/files/certificates/{}", c.number))
                }
                CertificateKind::Credit => {
                    let cycle = cycles.get(&c.starts_on.year()).copied();
                    cycle
                        .filter(|id| valid && newest_of_cycle.insert(*id))
                        .map(|id| format!("/api/files/credit-certificate?cycle_id={id}"))
                }
            };
            let year = match c.kind {
                CertificateKind::Completion => c.starts_on.year(),
                CertificateKind::Credit => c.ends_on.year(),
            };
            MyCertificate {
                revoked: certificates::revoked(c.status, c.revoked_reason),
                issued_on: beijing(c.issued_at).date().to_string(),
                credits: format_credits(c.credits_tenths.max(0) as u32),
                number: c.number,
                kind: c.kind,
                title: c.project_name,
                detail: c.class_name,
                year,
                hours: c.hours,
                download,
            }
        })
        .collect())
}
