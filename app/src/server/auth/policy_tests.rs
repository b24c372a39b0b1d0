//! The policy tables: each permission checked over every role.
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
    // the bureaus take the directive steps, which the state machine gives each.
    let review = [false, false, false, true, true, false];
    let directive = [true, true, true, false, true, false];
    let view = [true, true, true, true, true, true];
    for (i, a) in everyone().iter().enumerate() {
        let (r, d, v) = (review[i], directive[i], view[i]);
        assert_eq!(
            allows(a, Permission::ReviewEnrolment, &t),
            r,
            "{:?}",
            a.role
        );
        assert_eq!(allows(a, Permission::Directive, &t), d, "{:?}", a.role);
        assert_eq!(takes_step(a, &e), r || d, "{:?}", a.role);
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
        assert_eq!(takes_step(a, &elsewhere), v, "{:?}", a.role);
    }
}

#[test]
fn hand_entered_credits_are_certified_by_the_school_or_the_county() {
    use crate::domain::credit_entry::Certifier;
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

#[test]
fn proofs_are_given_only_to_the_roles_they_name() {
    use super::proof::{Keeps, assessor, county, kept_school, list_scope, province};
    use crate::domain::staff_assessment::AssessmentKind;
    let mut people = everyone();
    // province, city, county, school admin (school 7), institution 3, teacher, auditor.
    people.push(actor(Role::Auditor, Scope::Region("130000".into())));
    let given = |f: &dyn Fn(&Actor) -> bool| people.iter().map(f).collect::<Vec<_>>();
    let (y, n) = (true, false);
    assert_eq!(given(&|a| kept_school(a).is_ok()), [n, n, n, y, n, n, n]);
    assert_eq!(given(&|a| list_scope(a).is_ok()), [y, y, y, y, n, n, n]);
    assert_eq!(given(&|a| county(a).is_ok()), [n, n, y, n, n, n, n]);
    assert_eq!(given(&|a| province(a).is_ok()), [y, n, n, n, n, n, n]);
    assert_eq!(given(&|a| assessor(a).is_ok()), [n, n, y, y, n, n, n]);
    assert_eq!(
        given(&|a| super::proof::unit(a).is_ok()),
        [y, y, y, y, y, n, n]
    );
    assert_eq!(
        super::proof::unit(&people[4]).unwrap(),
        super::proof::Unit::Institution(3)
    );
    // An assignment whose scope does not fit its role acts for no unit.
    let odd = actor(Role::SchoolAdmin, Scope::Region("130102".into()));
    assert!(super::proof::unit(&odd).is_err());
    assert!(list_scope(&odd).is_err());
    assert_eq!(list_scope(&people[3]).unwrap().keeps(), &Keeps::School(7));
    assert_eq!(
        list_scope(&people[1]).unwrap().keeps(),
        &Keeps::Region("130100".into())
    );
    assert_eq!(kept_school(&people[3]).unwrap().id(), 7);
    assert_eq!(county(&people[2]).unwrap().code(), "130102");
    assert_eq!(assessor(&people[2]).unwrap().kind(), AssessmentKind::Ethics);
    assert_eq!(assessor(&people[3]).unwrap().kind(), AssessmentKind::Annual);
}
