//! Creating and changing a project with its target regions and classes.

use super::{Loaded, load};
use crate::domain::enrolment_rules::Targets;
use crate::domain::file_type::FilePurpose;
use crate::domain::project::{
    ProjectDraft, approver_region, default_credits_tenths, parse_credits, parse_fee, validate,
};
use crate::domain::project_flow::ClassStatus;
use crate::domain::project_flow::ProjectStatus;
use crate::domain::region::covers;
use crate::domain::teacher::parse_date;
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::auth::policy::{Permission, Target, ensure};
use crate::server::entities::{
    institution, institution_region, project, project_class, project_region, region, stored_file,
    training_year,
};
use crate::server::services::workflow::{self, Change};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, NotSet,
    QueryFilter,
};

/// Who declares: an institution for itself, or a bureau for its region.
enum Declarer {
    Institution(i64),
    Bureau(String),
}

fn declarer(actor: &Actor) -> AppResult<Declarer> {
    use crate::server::auth::policy::proof::{Unit, unit};
    match unit(actor)? {
        Unit::Institution(id) => Ok(Declarer::Institution(id)),
        Unit::Bureau(code) => Ok(Declarer::Bureau(code)),
        Unit::School(_) => Err(AppError::Forbidden),
    }
}

/// Checks what the form cannot know: the year is set up, the regions exist and lie where the
/// declarer may train, the institution and the plan file are real.
async fn check_references(
    db: &impl ConnectionTrait,
    actor: &Actor,
    who: &Declarer,
    d: &ProjectDraft,
) -> AppResult<()> {
    let year: i32 = d.year.trim().parse().unwrap_or_default();
    if training_year::Entity::find_by_id(year)
        .one(db)
        .await?
        .is_none()
    {
        return Err(AppError::from(Broken::YearNotSet { year }));
    }
    let known = region::Entity::find()
        .filter(region::Column::Code.is_in(d.target_regions.clone()))
        .all(db)
        .await?;
    if known.len() != d.target_regions.len() {
        return Err(AppError::from(Broken::TargetRegionUnknown));
    }
    let allowed: Vec<String> = match who {
        Declarer::Bureau(code) => vec![code.clone()],
        Declarer::Institution(id) => institution_region::Entity::find()
            .filter(institution_region::Column::InstitutionId.eq(*id))
            .all(db)
            .await?
            .into_iter()
            .map(|r| r.region_code)
            .collect(),
    };
    if let Some(out) = d
        .target_regions
        .iter()
        .find(|t| !allowed.iter().any(|a| covers(a, t)))
    {
        let name = known
            .iter()
            .find(|r| &r.code == out)
            .map(|r| r.name.clone());
        let message = match who {
            Declarer::Bureau(_) => format!("{}不在本级管辖范围内", name.unwrap_or_default()),
            Declarer::Institution(_) => format!("本机构未获{}的培训授权", name.unwrap_or_default()),
        };
        return Err(AppError::field("target_regions", message));
    }
    if let (Declarer::Bureau(_), Some(id)) = (who, d.institution_id) {
        let ok = institution::Entity::find_by_id(id)
            .one(db)
            .await?
            .is_some_and(|i| !i.disabled);
        if !ok {
            return Err(AppError::from(Broken::InstitutionUnavailable));
        }
    }
    if let Some(file_id) = d.plan_file_id {
        let ok = stored_file::Entity::find_by_id(file_id)
            .one(db)
            .await?
            .is_some_and(|f| f.purpose == FilePurpose::Plan && f.owner_user_id == actor.user_id);
        if !ok {
            return Err(AppError::from(Broken::PlanFileInvalid));
        }
    }
    Ok(())
}

/// A display name without any path, at most 100 characters.
fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name).trim();
    base.chars().filter(|c| !c.is_control()).take(100).collect()
}

/// Creates (no id) or updates a project the actor declares. Only a draft or a returned
/// project may change. Returns the project id.
pub async fn save(db: &impl ConnectionTrait, actor: &Actor, d: &ProjectDraft) -> AppResult<i64> {
    let who = declarer(actor)?;
    let errs = validate(d);
    if !errs.is_empty() {
        return Err(AppError::Validation(errs));
    }
    let existing: Option<Loaded> = match d.id {
        Some(id) => {
            let l = load(db, id)
                .await
                .map_err(|e| AppError::NotFound.because(e))?;
            ensure(
                actor,
                Permission::DeclareProject,
                Target::Project(&l.policy_ref()),
            )
            .map_err(|e| AppError::NotFound.because(e))?;
            if !l.status().editable() {
                return Err(AppError::from(Broken::ProjectNotEditable {
                    status: l.status(),
                }));
            }
            Some(l)
        }
        None => None,
    };
    check_references(db, actor, &who, d).await?;
    let hours: u32 = d.hours.trim().parse().unwrap_or_default();
    let credits = parse_credits(&d.credits).unwrap_or(default_credits_tenths(hours));
    let (institution_id, declarer_region, approver) = match &who {
        Declarer::Institution(id) => (
            Some(*id),
            None,
            approver_region(&d.target_regions).ok_or(AppError::Internal)?,
        ),
        // A bureau's own project is approved by that bureau.
        Declarer::Bureau(code) => (d.institution_id, Some(code.clone()), code.clone()),
    };
    let now = Utc::now();
    let mut am = match &existing {
        Some(l) => project::ActiveModel::from(l.p.clone()),
        None => project::ActiveModel {
            id: NotSet,
            declared_by_user_id: Set(actor.user_id),
            status: Set(ProjectStatus::Draft),
            submitted_at: Set(None),
            created_at: Set(now),
            ..Default::default()
        },
    };
    am.name = Set(d.name.trim().into());
    am.year = Set(d.year.trim().parse().unwrap_or_default());
    am.level = Set(d.level.clone());
    am.kind = Set(d.kind.clone());
    am.nature = Set(d.nature.clone());
    am.fill_mode = Set(d.fill_mode);
    am.makeup = Set(d.makeup);
    am.photo_required = Set(d.photo_required);
    am.organiser = Set(d.organiser.trim().into());
    am.institution_id = Set(institution_id);
    am.declarer_region = Set(declarer_region);
    am.approver_region = Set(approver);
    am.credit_category = Set(d.credit_category.clone());
    am.hours = Set(hours as i32);
    am.credits_tenths = Set(credits as i32);
    am.funding = Set(d.funding.trim().into());
    am.summary = Set(d.summary.trim().into());
    am.plan_file_id = Set(d.plan_file_id);
    am.plan_file_name = Set(d
        .plan_file_id
        .and(d.plan_file_name.as_deref())
        .map(clean_file_name));
    am.updated_at = Set(now);
    let saved = if existing.is_some() {
        am.update(db).await?
    } else {
        am.insert(db).await?
    };
    replace_targets(db, saved.id, &d.target_regions).await?;
    let audience = Targets {
        stages: d.target_stages.clone(),
        subjects: d.target_subjects.clone(),
        posts: d.target_posts.clone(),
    };
    super::audience::write(db, saved.id, &audience).await?;
    replace_classes(db, saved.id, d).await?;
    if existing.is_none() {
        workflow::record(
            db,
            actor,
            Change {
                project_id: saved.id,
                subject: ("project", saved.id),
                action: "create",
                from: "",
                to: ProjectStatus::Draft.as_str(),
                reason: None,
                detail: None,
            },
        )
        .await?;
    }
    Ok(saved.id)
}

async fn replace_targets(db: &impl ConnectionTrait, id: i64, codes: &[String]) -> AppResult<()> {
    project_region::Entity::delete_many()
        .filter(project_region::Column::ProjectId.eq(id))
        .exec(db)
        .await?;
    let mut codes = codes.to_vec();
    codes.sort();
    codes.dedup();
    let rows = codes.into_iter().map(|c| project_region::ActiveModel {
        project_id: Set(id),
        region_code: Set(c),
    });
    project_region::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Keeps the classes the form still lists (by id), adds the new ones, drops the rest.
async fn replace_classes(db: &impl ConnectionTrait, id: i64, d: &ProjectDraft) -> AppResult<()> {
    let old = project_class::Entity::find()
        .filter(project_class::Column::ProjectId.eq(id))
        .all(db)
        .await?;
    let kept: Vec<i64> = d.classes.iter().filter_map(|c| c.id).collect();
    let gone: Vec<i64> = old
        .iter()
        .map(|c| c.id)
        .filter(|cid| !kept.contains(cid))
        .collect();
    if !gone.is_empty() {
        project_class::Entity::delete_many()
            .filter(project_class::Column::Id.is_in(gone))
            .exec(db)
            .await?;
    }
    for (i, c) in d.classes.iter().enumerate() {
        let mut am = match c.id.and_then(|cid| old.iter().find(|o| o.id == cid)) {
            Some(o) => project_class::ActiveModel::from(o.clone()),
            None => project_class::ActiveModel {
                id: NotSet,
                project_id: Set(id),
                extra_capacity: Set(0),
                institution_id: Set(None),
                status: Set(ClassStatus::Open),
                ..Default::default()
            },
        };
        am.seq = Set(i as i32 + 1);
        am.name = Set(c.name.trim().into());
        am.starts_on = Set(parse_date(c.starts_on.trim()).ok_or(AppError::Internal)?);
        am.ends_on = Set(parse_date(c.ends_on.trim()).ok_or(AppError::Internal)?);
        am.place = Set(c.place.trim().into());
        am.capacity = Set(c.capacity.trim().parse().unwrap_or(1));
        am.fee_fen = Set(parse_fee(&c.fee).unwrap_or(0));
        am.tutor = Set(c.tutor.trim().into());
        if c.id.is_some_and(|cid| old.iter().any(|o| o.id == cid)) {
            am.update(db).await?;
        } else {
            am.insert(db).await?;
        }
    }
    Ok(())
}
