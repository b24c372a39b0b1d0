//! Who may move a teacher record between schools and the free pool (DOMAIN.md §3): 调出 to the
//! pool or another school, 调入 from the pool or another school. The record itself moves, so the
//! teacher's training history follows.

use super::region::covers;
use super::role::{Role, Scope};

/// Where a record sits: a school in a county, or (no school) that county's free pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place<'a> {
    pub school_id: Option<i64>,
    pub county: &'a str,
}

/// Whether the actor keeps records at `place`: its own school for a school admin, anything in
/// its region for a bureau.
pub fn manages(role: Role, scope: &Scope, place: Place) -> bool {
    match scope {
        Scope::School { id, .. } if role == Role::SchoolAdmin => place.school_id == Some(*id),
        Scope::Region(code) if role.is_bureau() => covers(code, place.county),
        _ => false,
    }
}

/// Whether the actor may move a record from `from` to `to`.
/// - To the pool (调出 → 自由人): whoever keeps the record; it stays in its county's pool.
/// - To a school: the receiving side decides. A school admin takes only from its own county's
///   pool; taking from another school, or across counties, needs the receiving bureau (county
///   admin or above), which must cover the target school.
pub fn may_move(role: Role, scope: &Scope, from: Place, to: Place) -> bool {
    if from == to {
        return false;
    }
    match to.school_id {
        None => to.county == from.county && manages(role, scope, from),
        Some(_) => match scope {
            Scope::School { county_code, .. } if role == Role::SchoolAdmin => {
                manages(role, scope, to) && from.school_id.is_none() && from.county == county_code
            }
            _ => role.is_bureau() && manages(role, scope, to),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn school(id: i64, county: &str) -> Place<'_> {
        Place {
            school_id: Some(id),
            county,
        }
    }
    fn pool(county: &str) -> Place<'_> {
        Place {
            school_id: None,
            county,
        }
    }
    fn school_admin(id: i64) -> (Role, Scope) {
        (
            Role::SchoolAdmin,
            Scope::School {
                id,
                county_code: "130102".into(),
            },
        )
    }
    fn bureau(role: Role, code: &str) -> (Role, Scope) {
        (role, Scope::Region(code.into()))
    }

    #[test]
    fn a_school_admin_sends_its_own_teachers_to_the_pool_and_takes_from_it() {
        let (r, s) = school_admin(1);
        assert!(may_move(r, &s, school(1, "130102"), pool("130102")));
        assert!(!may_move(r, &s, school(2, "130102"), pool("130102")));
        assert!(may_move(r, &s, pool("130102"), school(1, "130102")));
        // Not from another school, not from another county's pool, not into another school.
        assert!(!may_move(r, &s, school(2, "130102"), school(1, "130102")));
        assert!(!may_move(r, &s, pool("130104"), school(1, "130102")));
        assert!(!may_move(r, &s, pool("130102"), school(2, "130102")));
    }

    #[test]
    fn a_cross_county_move_needs_the_receiving_bureau() {
        let (r, s) = bureau(Role::CountyAdmin, "130102");
        assert!(may_move(r, &s, school(9, "130104"), school(1, "130102")));
        assert!(may_move(r, &s, pool("130104"), school(1, "130102")));
        assert!(!may_move(r, &s, school(1, "130102"), school(9, "130104")));
        assert!(may_move(r, &s, school(1, "130102"), school(2, "130102")));
        // The pool of a county is that county's: no sending a teacher to another county's pool.
        assert!(!may_move(r, &s, school(1, "130102"), pool("130104")));
        let (r, s) = bureau(Role::CityAdmin, "130100");
        assert!(may_move(r, &s, school(1, "130102"), school(9, "130104")));
        assert!(!may_move(r, &s, school(1, "130102"), school(1, "130102")));
    }

    #[test]
    fn others_move_nothing() {
        for (r, s) in [
            (Role::Teacher, Scope::Own(1)),
            (Role::Institution, Scope::Institution(1)),
        ] {
            assert!(!may_move(r, &s, pool("130102"), school(1, "130102")));
            assert!(!manages(r, &s, school(1, "130102")));
        }
    }
}
