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
mod tests {
    use super::*;

    fn actor(role: Role, scope: Scope) -> Actor {
        Actor {
            user_id: 1,
            name: "测试".into(),
            assignment_id: 1,
            role,
            scope,
            must_change_password: false,
        }
    }

    fn everyone() -> Vec<Actor> {
        vec![
            actor(Role::ProvinceAdmin, Scope::Region("130000".into())),
            actor(Role::CityAdmin, Scope::Region("130100".into())),
            actor(Role::CountyAdmin, Scope::Region("130102".into())),
            actor(
                Role::SchoolAdmin,
                Scope::School {
                    id: 7,
                    county_code: "130102".into(),
                },
            ),
            actor(Role::Institution, Scope::Institution(3)),
            actor(Role::Teacher, Scope::Own(1)),
        ]
    }

    #[test]
    fn managing_a_school_follows_the_region_tree() {
        let here = Target::School {
            id: 7,
            county_code: "130102",
        };
        let next_county = Target::School {
            id: 8,
            county_code: "130104",
        };
        let other_city = Target::School {
            id: 9,
            county_code: "130202",
        };
        // province, city, county, school admin, institution, teacher
        let table = [
            (&here, [true, true, true, false, false, false]),
            (&next_county, [true, true, false, false, false, false]),
            (&other_city, [true, false, false, false, false, false]),
        ];
        for (target, want) in table {
            for (a, w) in everyone().iter().zip(want) {
                assert_eq!(
                    allows(a, Permission::ManageSchools, target),
                    w,
                    "{:?} {target:?}",
                    a.role
                );
            }
        }
    }

    #[test]
    fn teacher_records_are_kept_by_their_school_and_the_bureaus_above() {
        let at = |school_id, county| Target::Record(Place { school_id, county });
        // province, city, county, school admin, institution, teacher
        let table = [
            (
                at(Some(7), "130102"),
                [true, true, true, true, false, false],
            ),
            (
                at(Some(8), "130102"),
                [true, true, true, false, false, false],
            ),
            (at(None, "130102"), [true, true, true, false, false, false]),
            (
                at(Some(9), "130104"),
                [true, true, false, false, false, false],
            ),
            (
                at(Some(5), "130202"),
                [true, false, false, false, false, false],
            ),
        ];
        for (target, want) in table {
            for (a, w) in everyone().iter().zip(want) {
                assert_eq!(
                    allows(a, Permission::ManageTeachers, &target),
                    w,
                    "{:?} {target:?}",
                    a.role
                );
            }
        }
    }

    #[test]
    fn a_school_admin_sees_only_its_own_school() {
        let want = [true, true, true, true, false, false];
        for (a, w) in everyone().iter().zip(want) {
            let t = Target::School {
                id: 7,
                county_code: "130102",
            };
            assert_eq!(allows(a, Permission::ViewSchools, &t), w, "{:?}", a.role);
        }
        let sa = &everyone()[3];
        assert!(!allows(
            sa,
            Permission::ViewSchools,
            &Target::School {
                id: 8,
                county_code: "130102"
            }
        ));
    }

    #[test]
    fn viewing_regions_is_for_bureaus_within_scope() {
        let want = [true, true, true, false, false, false];
        for (a, w) in everyone().iter().zip(want) {
            assert_eq!(
                allows(a, Permission::ViewRegions, &Target::Region("130102")),
                w
            );
        }
        let county = &everyone()[2];
        assert!(!allows(
            county,
            Permission::ViewRegions,
            &Target::Region("130104")
        ));
    }

    #[test]
    fn only_the_province_admin_manages_institutions() {
        let want = [true, false, false, false, false, false];
        for (a, w) in everyone().iter().zip(want) {
            assert_eq!(
                allows(a, Permission::ManageInstitutions, &Target::Region("130100")),
                w
            );
            assert_eq!(
                allows(a, Permission::ConfigureProvince, &Target::Region("130000")),
                w
            );
        }
        assert!(!allows(
            &everyone()[0],
            Permission::ManageInstitutions,
            &Target::Region("110000")
        ));
    }

    #[test]
    fn projects_are_seen_by_their_two_sides_and_the_regions_they_serve() {
        let targets = vec!["130102".to_string(), "130104".to_string()];
        let project = |status| ProjectRef {
            institution_id: Some(3),
            declarer_region: None,
            approver_region: "130100",
            status,
            targets: &targets,
            class_institutions: &[],
        };
        let submitted = project(ProjectStatus::Submitted);
        let approved = project(ProjectStatus::Approved);
        let draft = project(ProjectStatus::Draft);
        let other_county = actor(Role::CountyAdmin, Scope::Region("130105".into()));
        // province, city, county 130102, school admin, institution 3, teacher
        let table = [
            (
                Permission::DeclareProject,
                &submitted,
                [false, false, false, false, true, false],
            ),
            (
                Permission::ReviewProject,
                &submitted,
                [false, true, false, false, false, false],
            ),
            (
                Permission::ViewProject,
                &submitted,
                [true, true, false, false, true, false],
            ),
            (
                Permission::ViewProject,
                &approved,
                [true, true, true, false, true, false],
            ),
            (
                Permission::ViewProject,
                &draft,
                [false, false, false, false, true, false],
            ),
        ];
        for (perm, p, want) in table {
            for (a, w) in everyone().iter().zip(want) {
                let got = allows(a, perm, &Target::Project(p));
                assert_eq!(got, w, "{perm:?} {:?} {:?}", a.role, p.status);
            }
            assert!(!allows(&other_county, perm, &Target::Project(p)));
        }
        let mut own = project(ProjectStatus::Draft);
        own.institution_id = None;
        own.declarer_region = Some("130100");
        let city = &everyone()[1];
        assert_eq!(project_sides(city, &own), [Side::Declarer, Side::Approver]);
        assert!(project_sides(&everyone()[4], &own).is_empty());
        // A bureau's approved project the province placed a class of with institution 3.
        let mut placed = project(ProjectStatus::Approved);
        placed.institution_id = None;
        placed.declarer_region = Some("130000");
        assert!(!allows(
            &everyone()[4],
            Permission::ViewProject,
            &Target::Project(&placed)
        ));
        placed.class_institutions = &[3];
        assert!(allows(
            &everyone()[4],
            Permission::ViewProject,
            &Target::Project(&placed)
        ));
    }

    #[test]
    fn enrolments_are_reviewed_by_the_school_then_the_institution_and_seen_above() {
        let e = EnrolmentRef {
            user_id: 1,
            school_id: Some(7),
            county: "130102".into(),
            institution_id: Some(3),
        };
        let t = Target::Enrolment(&e);
        // province, city, county, school admin (school 7), institution 3, teacher (user 1);
        // the bureaus review for the directive steps, which the state machine gives each.
        let review = [true, true, true, true, true, false];
        let view = [true, true, true, true, true, true];
        for (a, (r, v)) in everyone().iter().zip(review.into_iter().zip(view)) {
            assert_eq!(
                allows(a, Permission::ReviewEnrolment, &t),
                r,
                "{:?}",
                a.role
            );
            assert_eq!(allows(a, Permission::ViewEnrolment, &t), v, "{:?}", a.role);
        }
        let elsewhere = EnrolmentRef {
            user_id: 2,
            school_id: Some(8),
            county: "130104".into(),
            institution_id: Some(4),
        };
        let t = Target::Enrolment(&elsewhere);
        // Only the province and the city above 130104 see or act on another county's enrolment.
        let view = [true, true, false, false, false, false];
        for (a, v) in everyone().iter().zip(view) {
            assert_eq!(allows(a, Permission::ViewEnrolment, &t), v, "{:?}", a.role);
            assert_eq!(
                allows(a, Permission::ReviewEnrolment, &t),
                v,
                "{:?}",
                a.role
            );
        }
    }

    #[test]
    fn hand_entered_credits_are_certified_by_the_school_or_the_county() {
        use crate::domain::credits::Certifier;
        let credit = |certifier| CreditRef {
            school_id: Some(7),
            county: "130102".into(),
            certifier,
        };
        // province, city, county 130102, school admin (school 7), institution, teacher
        for (c, want) in [
            (
                credit(Certifier::School),
                [false, false, false, true, false, false],
            ),
            (
                credit(Certifier::County),
                [false, false, true, false, false, false],
            ),
        ] {
            for (a, w) in everyone().iter().zip(want) {
                let got = allows(a, Permission::CertifyCredits, &Target::Credit(&c));
                assert_eq!(got, w, "{:?} {:?}", a.role, c.certifier);
            }
        }
    }

    #[test]
    fn exemptions_are_kept_by_the_bureaus_over_the_teachers_county() {
        // province, city, county 130102, school admin, institution, teacher
        let want = [true, true, true, false, false, false];
        for (a, w) in everyone().iter().zip(want) {
            let got = allows(a, Permission::ManageExemptions, &Target::Region("130102"));
            assert_eq!(got, w, "{:?}", a.role);
        }
        let county = &everyone()[2];
        assert!(!allows(
            county,
            Permission::ManageExemptions,
            &Target::Region("130104")
        ));
    }

    #[test]
    fn everyone_owns_their_profile_and_nothing_else_by_default() {
        for a in everyone() {
            assert!(allows(&a, Permission::OwnProfile, &Target::Own));
            assert!(!allows(
                &a,
                Permission::OwnProfile,
                &Target::Region("130000")
            ));
        }
    }

    #[test]
    fn a_class_is_graded_by_whoever_runs_it() {
        // province, city, county 130102, school admin, institution 3, teacher
        let run_by_institution = ClassRef {
            runner: Some(3),
            declarer_region: Some("130000"),
        };
        let run_by_county = ClassRef {
            runner: None,
            declarer_region: Some("130102"),
        };
        for (c, want) in [
            (
                &run_by_institution,
                [false, false, false, false, true, false],
            ),
            (&run_by_county, [false, false, true, false, false, false]),
        ] {
            for (a, w) in everyone().iter().zip(want) {
                let got = allows(a, Permission::GradeClass, &Target::Class(c));
                assert_eq!(got, w, "{:?}", a.role);
            }
        }
        let other = ClassRef {
            runner: Some(4),
            declarer_region: None,
        };
        assert!(!allows(
            &everyone()[4],
            Permission::GradeClass,
            &Target::Class(&other)
        ));
    }

    #[test]
    fn ethics_results_are_the_countys_and_annual_ones_the_schools() {
        use crate::domain::staff_assessment::AssessmentKind::{Annual, Ethics};
        let at = |kind, school_id, county| AssessmentRef {
            kind,
            school_id,
            county,
        };
        // province, city, county, school admin, institution, teacher
        let table = [
            (
                at(Ethics, Some(7), "130102"),
                [false, false, true, false, false, false],
            ),
            (
                at(Ethics, Some(8), "130104"),
                [false, false, false, false, false, false],
            ),
            (
                at(Annual, Some(7), "130102"),
                [false, false, false, true, false, false],
            ),
            (
                at(Annual, Some(8), "130102"),
                [false, false, false, false, false, false],
            ),
            (
                at(Annual, None, "130102"),
                [false, false, false, false, false, false],
            ),
        ];
        for (target, want) in table {
            for (a, w) in everyone().iter().zip(want) {
                assert_eq!(
                    allows(
                        a,
                        Permission::RecordAssessment,
                        &Target::Assessment(&target)
                    ),
                    w,
                    "{:?} {target:?}",
                    a.role
                );
            }
        }
    }
}
