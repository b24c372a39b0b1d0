//! Authorisation in one place: one rule per capability, checked against the actor's scope and
//! the region tree. Every server function calls `ensure` before it acts.

use super::actor::Actor;
use crate::domain::project_flow::{ProjectStatus, Side};
use crate::domain::region::covers;
use crate::domain::role::{Role, Scope};
use crate::domain::transfer::{Place, manages};
use crate::error::{AppError, AppResult};

pub use crate::domain::access::Permission;

#[path = "proof.rs"]
pub mod proof;

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
    pub certifier: crate::domain::credit_entry::Certifier,
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
    // The role gate first: the rules below only narrow what the role can hold.
    if !perm.held_by(actor.role) {
        return false;
    }
    match (perm, target) {
        (OwnProfile, Target::Own) => true,
        // Whom an announcement may address is `domain::announcement::check_audience`'s rule,
        // checked against the publisher's own unit.
        (PublishAnnouncements | ReadAnnouncements, Target::Own) => true,
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
            use crate::domain::credit_entry::Certifier;
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
        (ManageInstitutions | ConfigureProvince | ViewDeliveries, Target::Region(code)) => {
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
            _ => false,
        },
        // Bureaus take the directive steps of the teachers under them; the state machine
        // says which step is whose (the county picks, the city passes on, the province
        // places). The institution opens the classes it runs.
        (Directive, Target::Enrolment(e)) => match &actor.scope {
            Scope::Institution(id) => e.institution_id == Some(*id),
            scope => actor.role.is_bureau() && region_covers(scope, &e.county),
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
            takes_step(actor, e)
                || matches!(actor.scope, Scope::Own(uid) if uid == e.user_id)
                || (actor.role.is_bureau() && region_covers(&actor.scope, &e.county))
        }
        _ => false,
    }
}

/// Whether the actor takes a step on an enrolment: reviews an application, or moves it along
/// the directive chain.
pub fn takes_step(actor: &Actor, e: &EnrolmentRef) -> bool {
    let t = Target::Enrolment(e);
    allows(actor, Permission::ReviewEnrolment, &t) || allows(actor, Permission::Directive, &t)
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

/// Whether the actor's role holds the permission at all, for an act with no target yet (an
/// upload before the form that uses it). The server's gate checks the same before the call.
pub fn holds(actor: &Actor, perm: Permission) -> AppResult<()> {
    if perm.held_by(actor.role) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
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
