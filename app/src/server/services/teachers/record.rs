//! One record: the detail page, revealing the ID number, edits by field right, and 增加.

use super::history::{self, Entry};
use super::{Located, load_managed};
use crate::domain::id_card::IdNumber;
use crate::domain::mask::mask_id_number;
use crate::domain::region::{city_of, province_of};
use crate::domain::role::Role;
use crate::domain::teacher::TeacherStatus;
use crate::domain::teacher::{FIELDS, TeacherFields, label_of, may_edit, parse_date, validate};
use crate::dto::ids::TeacherId;
use crate::dto::teachers::{NewTeacherInput, TeacherDetail};
use crate::error::Broken;
use crate::error::{AppError, AppResult, FieldError};
use crate::server::auth::Actor;
use crate::server::auth::policy::{Permission, Target, ensure};
use crate::server::entities::{school, teacher, user};
use crate::server::services::accounts::{assign, insert_user};
use crate::server::services::org::{county_label, find_school};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, TransactionTrait,
};

pub async fn detail(
    db: &impl ConnectionTrait,
    actor: &Actor,
    teacher_id: i64,
) -> AppResult<TeacherDetail> {
    let rec = load_managed(db, actor, teacher_id).await?;
    let school = match rec.teacher.school_id {
        Some(id) => school::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let mut fields = rec.fields();
    fields.id_number = mask_id_number(&fields.id_number);
    let t = rec.teacher;
    Ok(TeacherDetail {
        id: TeacherId(t.id),
        user_id: t.user_id,
        fields,
        gender: t.gender,
        // Year and month only: beside the masked ID number (its region and last 2) the full
        // date would leave 2 unknown digits of the ID — and of the initial password.
        birth_date: t.birth_date.format("%Y-%m").to_string(),
        training_number: t.training_number.unwrap_or_default(),
        region_name: county_label(db, &t.county_code).await?,
        county_code: t.county_code,
        school_id: t.school_id,
        school_name: school
            .map(|s| s.name)
            .unwrap_or_else(|| "（自由人）".into()),
        school_area_type: t.school_area_type,
        school_category: t.school_category,
        status: t.status,
        disabled: rec.user.disabled,
        editable: FIELDS
            .iter()
            .map(|(k, _, _)| *k)
            .filter(|k| may_edit(actor.role, k))
            .map(String::from)
            .collect(),
        history: history::of(db, t.id).await?,
    })
}

/// The whole ID number, for those who keep the record; the caller audits each view.
pub async fn reveal_id_number(
    db: &impl ConnectionTrait,
    actor: &Actor,
    teacher_id: i64,
) -> AppResult<String> {
    let rec = load_managed(db, actor, teacher_id).await?;
    Ok(rec.user.id_number.unwrap_or_default())
}

async fn ensure_unique(
    db: &impl ConnectionTrait,
    user_id: Option<i64>,
    fields: &TeacherFields,
    changed: &[&str],
) -> AppResult<()> {
    let mut errors = Vec::new();
    for (key, col, value) in [
        ("id_number", user::Column::IdNumber, &fields.id_number),
        ("phone", user::Column::Phone, &fields.phone),
        ("email", user::Column::Email, &fields.email),
    ] {
        if value.is_empty() || !changed.contains(&key) {
            continue;
        }
        let mut q = user::Entity::find().filter(col.eq(value.clone()));
        if let Some(id) = user_id {
            q = q.filter(user::Column::Id.ne(id));
        }
        if q.one(db).await?.is_some() {
            let msg = match key {
                // No name: the number alone must not tell who holds it.
                "id_number" => "该身份证号已有档案，请使用“调入”接收该教师".to_string(),
                _ => format!("该{}已被其他账号使用", label_of(key)),
            };
            errors.push(FieldError {
                field: key.into(),
                message: msg,
            });
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

fn set_school_fields(am: &mut teacher::ActiveModel, f: &TeacherFields) {
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    am.qualification_number = Set(opt(&f.qualification_number));
    am.ethnicity = Set(f.ethnicity.clone());
    am.political_status = Set(f.political_status.clone());
    am.stage = Set(f.stage.clone());
    am.subject = Set(f.subject.clone());
    am.initial_education = Set(f.initial_education.clone());
    am.highest_education = Set(f.highest_education.clone());
    am.title = Set(f.title.clone());
    am.post = Set(f.post.clone());
    am.hire_date = Set(parse_date(&f.hire_date));
    am.publicly_funded = Set(f.publicly_funded);
    am.special_post = Set(f.special_post);
    am.updated_at = Set(Utc::now());
}

/// The account and record with `changed` fields set to their `new` values (already checked).
pub(super) fn changed_models(
    rec: &Located,
    new: &TeacherFields,
    changed: &[&str],
) -> AppResult<(user::ActiveModel, teacher::ActiveModel)> {
    let mut u: user::ActiveModel = rec.user.clone().into();
    u.name = Set(new.name.clone());
    u.id_number = Set(Some(new.id_number.clone()));
    if changed.contains(&"phone") {
        u.phone = Set((!new.phone.is_empty()).then(|| new.phone.clone()));
        u.phone_verified = Set(false);
    }
    if changed.contains(&"email") {
        u.email = Set((!new.email.is_empty()).then(|| new.email.clone()));
        u.email_verified = Set(false);
    }
    let mut t: teacher::ActiveModel = rec.teacher.clone().into();
    if changed.contains(&"id_number") {
        let id = IdNumber::parse(&new.id_number)
            .map_err(|e| AppError::field("id_number", e.message()))?;
        t.gender = Set(id.gender().label().into());
        t.birth_date = Set(id.birth_date());
    }
    set_school_fields(&mut t, new);
    Ok((u, t))
}

/// The history entry of an edit: "修改职称、手机号" with each before and after.
pub(super) fn edit_entry(
    kind: &'static str,
    verb: &str,
    old: &TeacherFields,
    new: &TeacherFields,
    changed: &[&str],
) -> Entry {
    let labels: Vec<&str> = changed.iter().map(|k| label_of(k)).collect();
    Entry {
        kind,
        summary: format!("{verb}{}", labels.join("、")),
        changes: changed
            .iter()
            .map(|k| (k.to_string(), old.get(k), new.get(k)))
            .collect(),
        ..Default::default()
    }
}

/// Applies the changed fields the actor may edit; a change to any other field refuses the
/// whole edit, naming the field. Returns the number of changed fields.
pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    teacher_id: i64,
    input: &TeacherFields,
) -> AppResult<usize> {
    let rec: Located = load_managed(db, actor, teacher_id).await?;
    let old = rec.fields();
    let mut new = input.normalized();
    // The form shows the ID masked until revealed; the mask sent back means "unchanged".
    if new.id_number == mask_id_number(&old.id_number) {
        new.id_number = old.id_number.clone();
    }
    let changed = old.changed_keys(&new);
    if changed.is_empty() {
        return Ok(0);
    }
    let refused: Vec<FieldError> = changed
        .iter()
        .filter(|k| !may_edit(actor.role, k))
        .map(|k| FieldError {
            field: (*k).into(),
            message: format!("{}是关键字段，只能由区县管理员修改", label_of(k)),
        })
        .collect();
    if !refused.is_empty() {
        return Err(AppError::Validation(refused));
    }
    let errors = validate(&new);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    ensure_unique(db, Some(rec.user.id), &new, &changed).await?;

    let (u, t) = changed_models(&rec, &new, &changed)?;
    let txn = db.begin().await?;
    u.update(&txn).await?;
    t.update(&txn).await?;
    history::add(
        &txn,
        teacher_id,
        Some(actor),
        edit_entry("edit", "修改", &old, &new, &changed),
    )
    .await?;
    txn.commit().await?;
    Ok(changed.len())
}

/// The 师训号 of record `id` in a region: its province's two digits + the id, zero-padded.
pub fn training_number(region_code: &str, id: i64) -> String {
    format!("{}{:08}", region_code.get(..2).unwrap_or("00"), id)
}

/// 师训号: province prefix + the record's id, zero-padded. Ids are never reused (autoincrement),
/// so neither are training numbers.
pub async fn assign_training_number(
    db: &impl ConnectionTrait,
    t: teacher::Model,
) -> AppResult<String> {
    let number = training_number(&t.province_code, t.id);
    let mut am: teacher::ActiveModel = t.into();
    am.training_number = Set(Some(number.clone()));
    am.update(db).await?;
    Ok(number)
}

/// A new record (status 在岗, no 师训号 yet) for the account `user_id` at `school`.
pub fn new_teacher(
    user_id: i64,
    id: &IdNumber,
    school: &school::Model,
    fields: &TeacherFields,
) -> teacher::ActiveModel {
    let mut am = teacher::ActiveModel {
        user_id: Set(user_id),
        training_number: Set(None),
        gender: Set(id.gender().label().into()),
        birth_date: Set(id.birth_date()),
        province_code: Set(province_of(&school.county_code)),
        city_code: Set(city_of(&school.county_code)),
        county_code: Set(school.county_code.clone()),
        school_id: Set(Some(school.id)),
        school_area_type: Set(school.area_type.clone()),
        school_category: Set(school.category.clone()),
        status: Set(TeacherStatus::OnDuty),
        cert_photo_file_id: Set(None),
        ..Default::default()
    };
    set_school_fields(&mut am, fields);
    am
}

/// Inserts account + record + teacher role for valid, unique fields in `school`.
pub async fn insert(
    db: &impl ConnectionTrait,
    school: &school::Model,
    fields: &TeacherFields,
) -> AppResult<teacher::Model> {
    let id = IdNumber::parse(&fields.id_number)
        .map_err(|e| AppError::field("id_number", e.message()))?;
    let phone = (!fields.phone.is_empty()).then_some(fields.phone.as_str());
    let u = insert_user(db, &fields.name, Some(&id), phone, None).await?;
    // An admin typed these: the teacher verifies them by code later.
    if phone.is_some() || !fields.email.is_empty() {
        let mut am: user::ActiveModel = u.clone().into();
        am.email = Set((!fields.email.is_empty()).then(|| fields.email.clone()));
        am.phone_verified = Set(false);
        am.update(db).await?;
    }
    let am = new_teacher(u.id, &id, school, fields);
    let t = am.insert(db).await?;
    let number = assign_training_number(db, t.clone()).await?;
    assign(db, u.id, Role::Teacher, None, None, None).await?;
    Ok(teacher::Model {
        training_number: Some(number),
        ..t
    })
}

/// 增加: a new record with an account on the initial password. A duplicate ID number is
/// refused with the way to take the existing record (调入).
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    input: &NewTeacherInput,
) -> AppResult<teacher::Model> {
    let school = find_school(db, input.school_id).await?;
    ensure(
        actor,
        Permission::ManageTeachers,
        Target::School {
            id: school.id,
            county_code: &school.county_code,
        },
    )?;
    if school.disabled {
        return Err(AppError::from(Broken::SchoolDisabled));
    }
    let fields = input.fields.normalized();
    let errors = validate(&fields);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    ensure_unique(db, None, &fields, &["id_number", "phone", "email"]).await?;
    let txn = db.begin().await?;
    let t = insert(&txn, &school, &fields).await?;
    history::add(
        &txn,
        t.id,
        Some(actor),
        Entry {
            kind: "create",
            summary: format!("新增档案（{}）", school.name),
            to_school_id: Some(school.id),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::training_number;

    #[test]
    fn a_training_number_is_the_province_and_the_padded_id() {
        assert_eq!(training_number("130102", 42), "1300000042");
        assert_eq!(training_number("130000", 123_456_789), "13123456789");
    }
}
