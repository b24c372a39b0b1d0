//! Proofs: what a policy check returns once it passed — the teacher record that is the caller's
//! own, the school the caller keeps, the class the caller runs, the teachers the caller keeps.
//! A service takes the proof as an argument instead of the bare actor, so it cannot be called
//! unchecked: no code outside this module can make one (each carries a private `Sealed`), and
//! the role matches that decide them live here, in the policy, and nowhere else.

use super::{ClassRef, Permission, Target, ensure};
use crate::domain::project_flow::ProjectStatus;
use crate::domain::role::{Role, Scope};
use crate::domain::staff_assessment::AssessmentKind;
use crate::error::{AppError, AppResult, Broken};
use crate::server::auth::Actor;
use crate::server::entities::{project, project_class, teacher};
use crate::server::services::by_id;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// Makes a proof unforgeable outside this module (its fields are private too, so a proof
/// cannot be changed into another either).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed(());

/// The caller's own teacher record: a teacher acting as themself.
#[derive(Debug, Clone)]
pub struct OwnRecord {
    teacher: teacher::Model,
    _sealed: Sealed,
}

impl OwnRecord {
    pub fn teacher(&self) -> &teacher::Model {
        &self.teacher
    }

    pub fn into_teacher(self) -> teacher::Model {
        self.teacher
    }
}

/// Only the teacher role enrols, learns and keeps a growth record.
pub async fn own_record(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<OwnRecord> {
    if !matches!((&actor.scope, actor.role), (Scope::Own(_), Role::Teacher)) {
        return Err(AppError::Forbidden);
    }
    let teacher = teacher::Entity::find()
        .filter(teacher::Column::UserId.eq(actor.user_id))
        .one(db)
        .await?
        .ok_or(AppError::Forbidden)?;
    Ok(OwnRecord {
        teacher,
        _sealed: Sealed(()),
    })
}

/// The school a school admin keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptSchool {
    id: i64,
    county: String,
    _sealed: Sealed,
}

impl KeptSchool {
    pub fn id(&self) -> i64 {
        self.id
    }

    pub fn county(&self) -> &str {
        &self.county
    }
}

pub fn kept_school(actor: &Actor) -> AppResult<KeptSchool> {
    match (&actor.scope, actor.role) {
        (Scope::School { id, county_code }, Role::SchoolAdmin) => Ok(KeptSchool {
            id: *id,
            county: county_code.clone(),
            _sealed: Sealed(()),
        }),
        _ => Err(AppError::Forbidden),
    }
}

/// Whose teachers the caller keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Keeps {
    /// A bureau: every teacher of its region.
    Region(String),
    /// A school admin: its school's.
    School(i64),
}

/// The teachers the caller keeps (lists, exports, imports, the credit warning).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListScope {
    keeps: Keeps,
    _sealed: Sealed,
}

impl ListScope {
    pub fn keeps(&self) -> &Keeps {
        &self.keeps
    }
}

pub fn list_scope(actor: &Actor) -> AppResult<ListScope> {
    let keeps = match (&actor.scope, actor.role) {
        (Scope::Region(code), r) if r.is_bureau() => Keeps::Region(code.clone()),
        (Scope::School { id, .. }, Role::SchoolAdmin) => Keeps::School(*id),
        _ => return Err(AppError::Forbidden),
    };
    Ok(ListScope {
        keeps,
        _sealed: Sealed(()),
    })
}

/// The unit an admin acts for, as its role and scope agree on it (an assignment whose scope
/// does not fit its role acts for none). Lists filter by it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    /// A province, city or county bureau.
    Bureau(String),
    /// A school admin's school.
    School(i64),
    /// An institution.
    Institution(i64),
}

pub fn unit(actor: &Actor) -> AppResult<Unit> {
    match (&actor.scope, actor.role) {
        (Scope::Region(code), r) if r.is_bureau() => Ok(Unit::Bureau(code.clone())),
        (Scope::School { id, .. }, Role::SchoolAdmin) => Ok(Unit::School(*id)),
        (Scope::Institution(id), Role::Institution) => Ok(Unit::Institution(*id)),
        _ => Err(AppError::Forbidden),
    }
}

/// The region a bureau admin of one level acts for: a county admin's county (the directive
/// picks), the province admin's province (the placement in classes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnRegion {
    code: String,
    _sealed: Sealed,
}

impl OwnRegion {
    pub fn code(&self) -> &str {
        &self.code
    }
}

fn own_region(actor: &Actor, level: Role) -> AppResult<OwnRegion> {
    match &actor.scope {
        Scope::Region(code) if actor.role == level => Ok(OwnRegion {
            code: code.clone(),
            _sealed: Sealed(()),
        }),
        _ => Err(AppError::Forbidden),
    }
}

pub fn county(actor: &Actor) -> AppResult<OwnRegion> {
    own_region(actor, Role::CountyAdmin)
}

pub fn province(actor: &Actor) -> AppResult<OwnRegion> {
    own_region(actor, Role::ProvinceAdmin)
}

/// The yearly result the caller records and the teachers it covers: 师德考核 a county's,
/// 年度考核 a school's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessor {
    kind: AssessmentKind,
    keeps: Keeps,
    _sealed: Sealed,
}

impl Assessor {
    pub fn kind(&self) -> AssessmentKind {
        self.kind
    }

    pub fn keeps(&self) -> &Keeps {
        &self.keeps
    }
}

pub fn assessor(actor: &Actor) -> AppResult<Assessor> {
    let (kind, keeps) = match (&actor.scope, actor.role) {
        (Scope::Region(code), Role::CountyAdmin) => {
            (AssessmentKind::Ethics, Keeps::Region(code.clone()))
        }
        (Scope::School { id, .. }, Role::SchoolAdmin) => {
            (AssessmentKind::Annual, Keeps::School(*id))
        }
        _ => return Err(AppError::Forbidden),
    };
    Ok(Assessor {
        kind,
        keeps,
        _sealed: Sealed(()),
    })
}

/// A class the caller runs, with its approved project.
#[derive(Debug, Clone)]
pub struct Graded {
    p: project::Model,
    c: project_class::Model,
    _sealed: Sealed,
}

impl Graded {
    /// The class's project.
    pub fn p(&self) -> &project::Model {
        &self.p
    }

    /// The class.
    pub fn c(&self) -> &project_class::Model {
        &self.c
    }
}

/// The class and its project if the actor runs it (the institution running it, or the bureau
/// that made a project no institution runs) and the project is approved.
pub async fn graded_class(
    db: &impl ConnectionTrait,
    actor: &Actor,
    class_id: i64,
) -> AppResult<Graded> {
    let (c, p) = by_id::class_with_project(db, class_id).await?;
    ensure(
        actor,
        Permission::GradeClass,
        Target::Class(&ClassRef {
            runner: c.institution_id.or(p.institution_id),
            declarer_region: p.declarer_region.as_deref(),
        }),
    )?;
    if p.status != ProjectStatus::Approved {
        return Err(AppError::from(Broken::GradeBeforeApproval));
    }
    Ok(Graded {
        p,
        c,
        _sealed: Sealed(()),
    })
}
