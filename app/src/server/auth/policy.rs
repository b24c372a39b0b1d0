//! Authorisation in one place: one rule per capability, checked against the actor's scope and
//! the region tree. Every server function calls `ensure` before it acts.

use super::actor::Actor;
use crate::domain::project_flow::{ProjectStatus, Side};
use crate::domain::region::covers;
use crate::domain::role::{Role, Scope};
use crate::domain::transfer::{Place, manages};
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Browse the region tree below one's scope.
    ViewRegions,
    /// See schools.
    ViewSchools,
    /// Create, edit, disable schools.
    ManageSchools,
    /// Read and edit one's own record and contact details.
    OwnProfile,
    /// Create, edit, disable institutions and set their authorised regions (province level).
    ManageInstitutions,
    /// See and keep teacher records (fields as `domain::teacher::may_edit` allows), reset and
    /// disable their accounts.
    ManageTeachers,
    /// Change and submit a project one declared (its institution, or the bureau that made it).
    DeclareProject,
    /// Approve or return a project: the bureau it was computed for.
    ReviewProject,
    /// Read a project: its two sides, the bureaus above its approver, and — once approved —
    /// the bureaus of the regions it is aimed at.
    ViewProject,
    /// Training years and enrolment windows: the province's own settings.
    ConfigureProvince,
    /// Decide an enrolment at one's own step: the teacher's school, then the institution.
    ReviewEnrolment,
    /// See an enrolment: the teacher, the school, the institution, the bureaus above the
    /// teacher's county.
    ViewEnrolment,
    /// Record and revoke exemptions (免修) of the teachers of a county: the bureaus over it.
    ManageExemptions,
    /// Approve or refuse a hand-entered credit: the teacher's school its school-based research,
    /// the teacher's county the rest (谁组织、谁负责).
    CertifyCredits,
    /// Set a class's scores and print its certificates: whoever runs it (the institution, or
    /// the bureau that made a project no institution runs).
    GradeClass,
    /// Ask leave (请假) for an enrolled teacher: the teacher's school.
    FileLeave,
    /// Record a yearly result on a teacher's record: 师德考核 the teacher's county, 年度考核
    /// the teacher's school.
    RecordAssessment,
    /// Read and export the audit log of a region: the 安全审计员 of that region only.
    ReadAudit,
}

/// A yearly result as the policy sees it: which kind, and where the teacher is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentRef<'a> {
    pub kind: crate::domain::staff_assessment::AssessmentKind,
    pub school_id: Option<i64>,
    pub county: &'a str,
}

/// A class as grading sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassRef<'a> {
    /// The institution running it: the class's own, else the project's.
    pub runner: Option<i64>,
    pub declarer_region: Option<&'a str>,
}

/// A hand-entered credit as the policy sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditRef {
    pub school_id: Option<i64>,
    pub county: String,
    pub certifier: crate::domain::credits::Certifier,
}

/// An enrolment as the policy sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolmentRef {
    pub user_id: i64,
    pub school_id: Option<i64>,
    pub county: String,
    /// The institution running the class (or, before the class has one, the project).
    pub institution_id: Option<i64>,
}

/// A project as the policy sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectRef<'a> {
    pub institution_id: Option<i64>,
    /// The bureau that created it; `None` for an institution's declaration.
    pub declarer_region: Option<&'a str>,
    pub approver_region: &'a str,
    pub status: ProjectStatus,
    pub targets: &'a [String],
    /// Institutions the province placed directive classes with: they run those classes.
    pub class_institutions: &'a [i64],
}

/// What a permission is exercised on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target<'a> {
    /// Something located in this region (a county code for schools and teachers).
    Region(&'a str),
    /// One school, with its county.
    School {
        id: i64,
        county_code: &'a str,
    },
    /// The actor's own data.
    Own,
    /// A teacher record where it sits: a school, or a county's free pool.
    Record(Place<'a>),
    Project(&'a ProjectRef<'a>),
    Enrolment(&'a EnrolmentRef),
    Credit(&'a CreditRef),
    Class(&'a ClassRef<'a>),
    Assessment(&'a AssessmentRef<'a>),
}

fn region_covers(scope: &Scope, region: &str) -> bool {
    matches!(scope, Scope::Region(code) if covers(code, region))
}

/// Whether the actor may use `perm` on `target`.
pub fn allows(actor: &Actor, perm: Permission, target: &Target) -> bool {
    use Permission::*;
    match (perm, target) {
        (OwnProfile, Target::Own) => true,
        (ReadAudit, Target::Region(code)) => {
            actor.role == Role::Auditor && region_covers(&actor.scope, code)
        }
        (ViewRegions, Target::Region(code)) => {
            actor.role.is_bureau() && region_covers(&actor.scope, code)
        }
        (ViewSchools | ManageSchools, Target::Region(code)) => {
            actor.role.is_bureau() && region_covers(&actor.scope, code)
        }
        (ViewSchools, Target::School { id, county_code }) => match &actor.scope {
            Scope::School { id: own, .. } => own == id,
            scope => actor.role.is_bureau() && region_covers(scope, county_code),
        },
        (CertifyCredits, Target::Credit(c)) => {
            use crate::domain::credits::Certifier;
            match (&actor.scope, actor.role, c.certifier) {
                (Scope::School { id, .. }, Role::SchoolAdmin, Certifier::School) => {
                    c.school_id == Some(*id)
                }
                (Scope::Region(code), Role::CountyAdmin, Certifier::County) => *code == c.county,
                _ => false,
            }
        }
        (ManageExemptions, Target::Region(code)) => {
            actor.role.is_bureau() && region_covers(&actor.scope, code)
        }
        (ManageInstitutions | ConfigureProvince, Target::Region(code)) => {
            actor.role == Role::ProvinceAdmin && region_covers(&actor.scope, code)
        }
        (ManageSchools, Target::School { county_code, .. }) => {
            actor.role.is_bureau() && region_covers(&actor.scope, county_code)
        }
        (ManageTeachers, Target::Record(place)) => manages(actor.role, &actor.scope, *place),
        (ManageTeachers, Target::School { id, county_code }) => manages(
            actor.role,
            &actor.scope,
            Place {
                school_id: Some(*id),
                county: county_code,
            },
        ),
        (DeclareProject, Target::Project(p)) => declares(actor, p),
        (ReviewProject, Target::Project(p)) => {
            actor.role.is_bureau() && actor.scope == Scope::Region(p.approver_region.to_string())
        }
        (ViewProject, Target::Project(p)) => views(actor, p),
        (ReviewEnrolment, Target::Enrolment(e)) => match (&actor.scope, actor.role) {
            (Scope::School { id, .. }, Role::SchoolAdmin) => e.school_id == Some(*id),
            (Scope::Institution(id), Role::Institution) => e.institution_id == Some(*id),
            // Bureaus take the directive steps of the teachers under them; the state machine
            // says which step is whose (the county picks, the city passes on, the province
            // places).
            (scope, r) => r.is_bureau() && region_covers(scope, &e.county),
        },
        (GradeClass, Target::Class(c)) => match (&actor.scope, c.runner) {
            (Scope::Institution(id), Some(runner)) => {
                actor.role == Role::Institution && *id == runner
            }
            (Scope::Region(code), None) => {
                actor.role.is_bureau() && c.declarer_region == Some(code.as_str())
            }
            _ => false,
        },
        (RecordAssessment, Target::Assessment(a)) => {
            use crate::domain::staff_assessment::AssessmentKind;
            match (a.kind, &actor.scope, actor.role) {
                (AssessmentKind::Ethics, Scope::Region(code), Role::CountyAdmin) => {
                    code == a.county
                }
                (AssessmentKind::Annual, Scope::School { id, .. }, Role::SchoolAdmin) => {
                    a.school_id == Some(*id)
                }
                _ => false,
            }
        }
        (FileLeave, Target::Enrolment(e)) => {
            matches!(&actor.scope, Scope::School { id, .. } if actor.role == Role::SchoolAdmin && e.school_id == Some(*id))
        }
        (ViewEnrolment, Target::Enrolment(e)) => {
            allows(actor, ReviewEnrolment, target)
                || matches!(actor.scope, Scope::Own(uid) if uid == e.user_id)
                || (actor.role.is_bureau() && region_covers(&actor.scope, &e.county))
        }
        _ => false,
    }
}

fn declares(actor: &Actor, p: &ProjectRef) -> bool {
    match (&actor.scope, p.declarer_region) {
        (Scope::Institution(id), None) => {
            actor.role == Role::Institution && p.institution_id == Some(*id)
        }
        (Scope::Region(code), Some(region)) => actor.role.is_bureau() && code == region,
        _ => false,
    }
}

fn views(actor: &Actor, p: &ProjectRef) -> bool {
    if declares(actor, p) {
        return true;
    }
    // An institution runs the approved projects a bureau made and named it for, or the
    // classes of one the province placed with it.
    if let Scope::Institution(id) = &actor.scope {
        return actor.role == Role::Institution
            && (p.institution_id == Some(*id) || p.class_institutions.contains(id))
            && p.status == ProjectStatus::Approved;
    }
    let Scope::Region(code) = &actor.scope else {
        return false;
    };
    if !actor.role.is_bureau() || p.status == ProjectStatus::Draft {
        return false;
    }
    // The approver and every bureau above it follow the review; the regions a project is
    // aimed at see it once it is approved (they pick or review its participants).
    covers(code, p.approver_region)
        || (p.status == ProjectStatus::Approved
            && p.targets.iter().any(|t| covers(code, t) || covers(t, code)))
}

/// The side an actor's role takes in the enrolment state machine.
pub fn enrolment_side(actor: &Actor) -> Option<crate::domain::enrolment_flow::Actor> {
    use crate::domain::enrolment_flow::Actor as By;
    Some(match actor.role {
        Role::Teacher => By::Teacher,
        Role::SchoolAdmin => By::School,
        Role::Institution => By::Institution,
        Role::CountyAdmin => By::County,
        Role::CityAdmin => By::City,
        Role::ProvinceAdmin => By::Province,
        Role::Auditor => return None,
    })
}

/// The sides the actor takes on a project. A bureau that made its own project is both its
/// declarer and its approver.
pub fn project_sides(actor: &Actor, p: &ProjectRef) -> Vec<Side> {
    let mut sides = Vec::new();
    if declares(actor, p) {
        sides.push(Side::Declarer);
    }
    if allows(actor, Permission::ReviewProject, &Target::Project(p)) {
        sides.push(Side::Approver);
    }
    sides
}

pub fn ensure(actor: &Actor, perm: Permission, target: Target) -> AppResult<()> {
    if allows(actor, perm, &target) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The region a bureau actor may list within (its own scope), or Forbidden for other roles.
pub fn bureau_region(actor: &Actor) -> AppResult<&str> {
    match (&actor.scope, actor.role) {
        (Scope::Region(code), r) if r.is_bureau() => Ok(code),
        _ => Err(AppError::Forbidden),
    }
}

#[cfg(test)]
#[path = "policy_tests.rs"]
mod tests;
