//! Certificates: the public verification of a number, one certificate's PDF for its holder or
//! the class's runner, and a class's certificates in one PDF or a ZIP of PDFs.

use crate::domain::certificate::CertificateStatus;
use crate::domain::mask::mask_name;
use crate::domain::project::format_credits;
use crate::dto::results::{CertificateView, Verification};
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::auth::policy::proof::{Graded, graded_class};
use crate::server::documents::Book;
use crate::server::documents::certificate::{CertificateText, PhotoSlot, draw, render};
use crate::server::entities::{certificate, enrolment, project, stored_file, teacher};
use crate::server::services::{beijing, roster};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use std::io::Write;

/// Numbers are typed by hand from paper: case and spaces do not matter.
fn normalise(number: &str) -> String {
    number
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase()
}

async fn find(db: &impl ConnectionTrait, number: &str) -> AppResult<Option<certificate::Model>> {
    Ok(certificate::Entity::find()
        .filter(certificate::Column::Number.eq(normalise(number)))
        .one(db)
        .await?)
}

/// Why a certificate no longer stands, as its holder and the public page read it; `None` while
/// it is valid.
pub fn revoked(status: CertificateStatus, reason: Option<String>) -> Option<String> {
    (status == CertificateStatus::Revoked).then(|| reason.unwrap_or_else(|| "已撤销".into()))
}

/// What the public page shows for a number: enough to catch an edited PDF, with the holder
/// partly masked.
pub async fn verify(db: &impl ConnectionTrait, number: &str) -> AppResult<Verification> {
    let Some(c) = find(db, number).await? else {
        return Ok(Verification::Unknown);
    };
    Ok(Verification::Found(Box::new(CertificateView {
        kind: c.kind,
        holder: mask_name(&c.holder_name),
        id_masked: c.id_masked,
        project_name: c.project_name,
        class_name: c.class_name,
        dates: format!("{} 至 {}", c.starts_on, c.ends_on),
        hours: c.hours,
        credits: format_credits(c.credits_tenths.max(0) as u32),
        credit_category: c.credit_category,
        level: c.level,
        result: c.result,
        issuer: c.issuer,
        issued_on: beijing(c.issued_at).date().to_string(),
        revoked: revoked(c.status, c.revoked_reason),
        number: c.number,
    })))
}

/// The verification address printed and encoded on a certificate: `origin` is the site's
/// own (scheme and host), as the request that asks for the PDF reached it.
pub fn verify_url(origin: &str, number: &str) -> String {
    format!("{}/verify/{number}", origin.trim_end_matches('/'))
}

/// The photo a certificate prints: the one kept when it was issued, else — when its project
/// asks for one — the holder's certificate photo uploaded since (kept on it from then on).
async fn photo_slot(db: &impl ConnectionTrait, c: &certificate::Model) -> AppResult<PhotoSlot> {
    let file_id = match c.photo_file_id {
        Some(id) => id,
        None => {
            let Some(eid) = c.enrolment_id else {
                return Ok(PhotoSlot::NotUsed);
            };
            let Some(e) = enrolment::Entity::find_by_id(eid).one(db).await? else {
                return Ok(PhotoSlot::NotUsed);
            };
            let required = project::Entity::find_by_id(e.project_id)
                .one(db)
                .await?
                .is_some_and(|p| p.photo_required);
            if !required {
                return Ok(PhotoSlot::NotUsed);
            }
            let Some(id) = teacher::Entity::find()
                .filter(teacher::Column::UserId.eq(c.user_id))
                .one(db)
                .await?
                .and_then(|t| t.cert_photo_file_id)
            else {
                return Ok(PhotoSlot::Missing);
            };
            certificate::Entity::update_many()
                .col_expr(certificate::Column::PhotoFileId, Expr::value(Some(id)))
                .filter(certificate::Column::Id.eq(c.id))
                .exec(db)
                .await?;
            id
        }
    };
    Ok(stored_file::Entity::find_by_id(file_id)
        .one(db)
        .await?
        .map_or(PhotoSlot::Missing, |f| PhotoSlot::Image(f.bytes)))
}

fn text_of(c: &certificate::Model, origin: &str, photo: PhotoSlot) -> CertificateText {
    CertificateText {
        photo,
        number: c.number.clone(),
        holder_name: c.holder_name.clone(),
        id_masked: c.id_masked.clone(),
        project_name: c.project_name.clone(),
        class_name: c.class_name.clone(),
        starts_on: c.starts_on,
        ends_on: c.ends_on,
        hours: c.hours,
        credits: format_credits(c.credits_tenths.max(0) as u32),
        credit_category: c.credit_category.clone(),
        level: c.level.clone(),
        result: c.result.clone(),
        issuer: c.issuer.clone(),
        issued_on: beijing(c.issued_at).date(),
        verify_url: verify_url(origin, &c.number),
    }
}

/// One certificate's PDF, for its holder or whoever runs its class. A revoked certificate is
/// not printed.
pub async fn pdf(
    db: &impl ConnectionTrait,
    actor: &Actor,
    number: &str,
    origin: &str,
) -> AppResult<(Vec<u8>, String)> {
    let c = find(db, number).await?.ok_or(AppError::NotFound)?;
    if c.user_id != actor.user_id {
        let e = enrolment::Entity::find_by_id(c.enrolment_id.ok_or(AppError::Forbidden)?)
            .one(db)
            .await?
            .ok_or(AppError::Forbidden)?;
        graded_class(db, actor, e.class_id.ok_or(AppError::Forbidden)?).await?;
    }
    if c.status != CertificateStatus::Valid {
        return Err(AppError::from(Broken::CertificateRevoked));
    }
    let photo = photo_slot(db, &c).await?;
    let bytes = render(&text_of(&c, origin, photo))?;
    Ok((bytes, format!("{}-{}.pdf", c.kind.label(), c.holder_name)))
}

/// The numbers of the valid certificates of these enrolments, by enrolment.
pub async fn valid_numbers(
    db: &impl ConnectionTrait,
    enrolment_ids: impl IntoIterator<Item = i64>,
) -> AppResult<HashMap<i64, String>> {
    Ok(certificate::Entity::find()
        .filter(certificate::Column::EnrolmentId.is_in(enrolment_ids))
        .filter(certificate::Column::Status.eq(CertificateStatus::Valid))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|c| c.enrolment_id.map(|e| (e, c.number)))
        .collect())
}

/// The valid certificates of a class, in roster order.
async fn of_class(
    db: &impl ConnectionTrait,
    actor: &Actor,
    class_id: i64,
) -> AppResult<(Graded, Vec<certificate::Model>)> {
    let g = graded_class(db, actor, class_id).await?;
    let ids: Vec<i64> = roster::enrolled(db, class_id)
        .await?
        .into_iter()
        .map(|e| e.id)
        .collect();
    let list = certificate::Entity::find()
        .filter(certificate::Column::EnrolmentId.is_in(ids))
        .filter(certificate::Column::Status.eq(CertificateStatus::Valid))
        .order_by_asc(certificate::Column::EnrolmentId)
        .all(db)
        .await?;
    if list.is_empty() {
        return Err(AppError::from(Broken::NoCertificatesYet));
    }
    Ok((g, list))
}

/// Every certificate of a class as pages of one PDF, to print in one go.
pub async fn class_pdf(
    db: &impl ConnectionTrait,
    actor: &Actor,
    class_id: i64,
    origin: &str,
) -> AppResult<(Vec<u8>, String)> {
    let (g, list) = of_class(db, actor, class_id).await?;
    let texts = texts_of(db, &list, origin).await?;
    let title = format!("{} 结业证书", g.c().name);
    // Drawing a class's pages is seconds of CPU: off the async threads, under the heavy limit.
    let bytes = crate::server::heavy::run(move || {
        let mut book = Book::new(&title)?;
        for t in &texts {
            draw(&mut book, t)?;
        }
        Ok::<_, AppError>(book.finish())
    })
    .await??;
    Ok((bytes, format!("{}-{}-结业证书.pdf", g.p().name, g.c().name)))
}

/// What each certificate prints, read from the database before any drawing starts.
async fn texts_of(
    db: &impl ConnectionTrait,
    list: &[certificate::Model],
    origin: &str,
) -> AppResult<Vec<CertificateText>> {
    let mut texts = Vec::with_capacity(list.len());
    for c in list {
        let photo = photo_slot(db, c).await?;
        texts.push(text_of(c, origin, photo));
    }
    Ok(texts)
}

/// Every certificate of a class as its own PDF in one ZIP, named for the holder and number.
pub async fn class_zip(
    db: &impl ConnectionTrait,
    actor: &Actor,
    class_id: i64,
    origin: &str,
) -> AppResult<(Vec<u8>, String)> {
    let (g, list) = of_class(db, actor, class_id).await?;
    let texts = texts_of(db, &list, origin).await?;
    let names: Vec<String> = list
        .iter()
        .map(|c| format!("{}-{}.pdf", c.holder_name, c.number))
        .collect();
    let out = crate::server::heavy::run(move || {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        // PDFs are compressed already; storing them keeps the ZIP fast to make.
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let fail = |e: &dyn std::fmt::Display| {
            tracing::error!("certificate zip: {e}");
            AppError::Internal
        };
        for (t, name) in texts.iter().zip(names) {
            let bytes = render(t)?;
            zip.start_file(name, options).map_err(|e| fail(&e))?;
            zip.write_all(&bytes).map_err(|e| fail(&e))?;
        }
        Ok::<_, AppError>(zip.finish().map_err(|e| fail(&e))?.into_inner())
    })
    .await??;
    Ok((out, format!("{}-{}-结业证书.zip", g.p().name, g.c().name)))
}
