//! 成长档案: the teacher's honours and teaching achievements (an achievement's file checked by
//! content and kept outside the web root), withdrawn rather than deleted, each with who
//! entered it and when; and the yearly results the county and the school recorded.

use super::{audit, beijing, staff_assessments, stored_files, training_years};
use crate::domain::file_type::{FilePurpose, safe_stem};
use crate::domain::growth::{GrowthDraft, GrowthKind, check_attachment, validate};
use crate::domain::transfer::Place;
use crate::dto::growth::{GrowthView, MyGrowth, UploadedAttachment};
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::auth::policy::proof::OwnRecord;
use crate::server::auth::policy::{Permission, Target, allows};
use crate::server::entities::{growth_record, stored_file, teacher};
use crate::server::services::by_id;
use chrono::{Datelike, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, NotSet,
    QueryFilter, QueryOrder,
};

fn view(r: growth_record::Model) -> GrowthView {
    GrowthView {
        id: r.id,
        kind: r.kind,
        year: r.year,
        level: r.level,
        title: r.title,
        issuer: r.issuer,
        category: r.category,
        authors: r.authors,
        publisher_level: r.publisher_level,
        publisher: r.publisher,
        reference: r.reference,
        file_name: r.file_id.and(r.file_name),
        entered: format!("{} {}", beijing(r.created_at).date(), r.created_by_name),
    }
}

/// The calling teacher's 成长档案.
pub async fn mine(db: &impl ConnectionTrait, me: &OwnRecord) -> AppResult<MyGrowth> {
    let mut out = MyGrowth {
        assessments: staff_assessments::of_user(db, me.teacher().user_id).await?,
        ..Default::default()
    };
    for r in growth_record::Entity::find()
        .filter(growth_record::Column::UserId.eq(me.teacher().user_id))
        .filter(growth_record::Column::WithdrawnAt.is_null())
        .order_by_desc(growth_record::Column::Year)
        .order_by_desc(growth_record::Column::Id)
        .all(db)
        .await?
    {
        match r.kind {
            GrowthKind::Achievement => out.achievements.push(view(r)),
            GrowthKind::Honour => out.honours.push(view(r)),
        }
    }
    Ok(out)
}

/// Keeps an achievement's file, its type read from the content, for an entry to come.
pub async fn store_attachment(
    db: &impl ConnectionTrait,
    me: &OwnRecord,
    name: &str,
    bytes: Vec<u8>,
) -> AppResult<UploadedAttachment> {
    let t = check_attachment(&bytes).map_err(|e| AppError::field("file_id", e.to_string()))?;
    let f = stored_files::put(
        db,
        me.teacher().user_id,
        FilePurpose::Growth,
        t.mime(),
        bytes,
    )
    .await?;
    Ok(UploadedAttachment {
        file_id: f.id,
        name: crate::domain::file_type::offered_name(name, t.ext()),
    })
}

/// The teacher adds an entry; it is kept with who entered it and when.
pub async fn add(
    db: &impl ConnectionTrait,
    actor: &Actor,
    me: &OwnRecord,
    d: &GrowthDraft,
) -> AppResult<i64> {
    let t = me.teacher();
    let errs = validate(d, training_years::today().year());
    if !errs.is_empty() {
        return Err(AppError::Validation(errs));
    }
    let kind = d.kind.ok_or(AppError::from(Broken::ChooseGrowthKind))?;
    let file = match (kind, d.file_id) {
        (GrowthKind::Achievement, Some(id)) => Some(
            stored_file::Entity::find_by_id(id)
                .one(db)
                .await?
                .filter(|f| {
                    f.owner_user_id == me.teacher().user_id && f.purpose == FilePurpose::Growth
                })
                .ok_or(AppError::from(Broken::AttachmentGone))?,
        ),
        _ => None,
    };
    let achievement = kind == GrowthKind::Achievement;
    let keep = |v: &str| {
        if achievement {
            v.trim().to_string()
        } else {
            String::new()
        }
    };
    let r = growth_record::ActiveModel {
        id: NotSet,
        user_id: Set(me.teacher().user_id),
        teacher_id: Set(t.id),
        kind: Set(kind),
        year: Set(d.year.trim().parse().unwrap_or_default()),
        level: Set(d.level.clone()),
        title: Set(d.title.trim().into()),
        issuer: Set(if achievement {
            String::new()
        } else {
            d.issuer.trim().into()
        }),
        category: Set(keep(&d.category)),
        authors: Set(keep(&d.authors)),
        publisher_level: Set(keep(&d.publisher_level)),
        publisher: Set(keep(&d.publisher)),
        reference: Set(keep(&d.reference)),
        file_id: Set(file.as_ref().map(|f| f.id)),
        file_name: Set(file
            .as_ref()
            .map(|f| format!("{}.{}", safe_stem(&d.title), ext_of(&f.content_type)))),
        created_by_user_id: Set(me.teacher().user_id),
        created_by_name: Set(actor.name.clone()),
        created_at: Set(Utc::now()),
        withdrawn_at: Set(None),
    }
    .insert(db)
    .await?;
    audit::admin_act(
        db,
        actor,
        "growth.add",
        ("growth_record", r.id),
        None,
        serde_json::to_value(d).ok(),
    )
    .await?;
    Ok(r.id)
}

fn ext_of(mime: &str) -> &'static str {
    crate::domain::file_type::ext_of_mime(mime).unwrap_or("bin")
}

/// The teacher withdraws an entry: hidden from the record, kept with the time.
pub async fn withdraw(
    db: &impl ConnectionTrait,
    actor: &Actor,
    me: &OwnRecord,
    id: i64,
) -> AppResult<()> {
    let done = growth_record::Entity::update_many()
        .col_expr(
            growth_record::Column::WithdrawnAt,
            Expr::value(Some(Utc::now())),
        )
        .filter(growth_record::Column::Id.eq(id))
        .filter(growth_record::Column::UserId.eq(me.teacher().user_id))
        .filter(growth_record::Column::WithdrawnAt.is_null())
        .exec(db)
        .await?;
    if done.rows_affected != 1 {
        return Err(AppError::NotFound);
    }
    audit::act(db, actor, "growth.withdraw", ("growth_record", id)).await?;
    Ok(())
}

/// An entry's file, for its teacher or an admin who keeps the teacher's record: (bytes, type,
/// name).
pub async fn file(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: i64,
) -> AppResult<(Vec<u8>, String, String)> {
    let r = by_id::found::<growth_record::Entity>(db, id).await?;
    if r.user_id != actor.user_id {
        let t = by_id::found::<teacher::Entity>(db, r.teacher_id).await?;
        let place = Place {
            school_id: t.school_id,
            county: &t.county_code,
        };
        if !allows(actor, Permission::ManageTeachers, &Target::Record(place)) {
            return Err(AppError::NotFound);
        }
    }
    let f = by_id::found::<stored_file::Entity>(db, r.file_id.ok_or(AppError::NotFound)?).await?;
    Ok((
        f.bytes,
        f.content_type,
        r.file_name.unwrap_or_else(|| "附件".into()),
    ))
}
