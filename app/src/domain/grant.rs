//! Who may grant which role: a bureau grants only roles below its own level, inside its region.
//! Institution accounts are a province matter; teacher roles come with teacher records.

use super::region::{RegionLevel, covers, level_of};
use super::role::Role;

/// The org unit a granted role is scoped to, with the region it lies in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    Region(String),
    School { id: i64, county_code: String },
    Institution(i64),
}

/// The region level a bureau role sits at.
fn level_of_role(role: Role) -> Option<RegionLevel> {
    match role {
        Role::ProvinceAdmin => Some(RegionLevel::Province),
        Role::CityAdmin => Some(RegionLevel::City),
        Role::CountyAdmin => Some(RegionLevel::County),
        _ => None,
    }
}

/// Whether a granter (role + region) may grant `role` on `unit`.
pub fn may_grant(granter: Role, granter_region: &str, role: Role, unit: &Unit) -> bool {
    let Some(own_level) = level_of_role(granter) else {
        return false;
    };
    match (role, unit) {
        (Role::ProvinceAdmin | Role::CityAdmin | Role::CountyAdmin, Unit::Region(code)) => {
            // The unit must be exactly the role's level, strictly below the granter.
            level_of_role(role) == level_of(code)
                && level_of_role(role) > Some(own_level)
                && covers(granter_region, code)
        }
        (Role::SchoolAdmin, Unit::School { county_code, .. }) => {
            covers(granter_region, county_code)
        }
        (Role::Institution, Unit::Institution(_)) => granter == Role::ProvinceAdmin,
        // The auditor reads the province's log: named by the province, at the province.
        (Role::Auditor, Unit::Region(code)) => {
            granter == Role::ProvinceAdmin && code == granter_region
        }
        _ => false,
    }
}

/// The roles a granter may hand out at all (for the picker).
pub fn grantable(granter: Role) -> Vec<Role> {
    match granter {
        Role::ProvinceAdmin => vec![
            Role::CityAdmin,
            Role::CountyAdmin,
            Role::SchoolAdmin,
            Role::Institution,
            Role::Auditor,
        ],
        Role::CityAdmin => vec![Role::CountyAdmin, Role::SchoolAdmin],
        Role::CountyAdmin => vec![Role::SchoolAdmin],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(c: &str) -> Unit {
        Unit::Region(c.into())
    }

    #[test]
    fn bureaus_grant_only_below_themselves_and_inside_their_region() {
        let school = Unit::School {
            id: 1,
            county_code: "130102".into(),
        };
        let far_school = Unit::School {
            id: 2,
            county_code: "130202".into(),
        };
        let table = [
            (
                Role::ProvinceAdmin,
                "130000",
                Role::CityAdmin,
                region("130100"),
                true,
            ),
            (
                Role::ProvinceAdmin,
                "130000",
                Role::CountyAdmin,
                region("130102"),
                true,
            ),
            (
                Role::ProvinceAdmin,
                "130000",
                Role::ProvinceAdmin,
                region("130000"),
                false,
            ),
            (
                Role::ProvinceAdmin,
                "130000",
                Role::CityAdmin,
                region("110100"),
                false,
            ),
            (
                Role::ProvinceAdmin,
                "130000",
                Role::CityAdmin,
                region("130102"),
                false,
            ),
            (
                Role::ProvinceAdmin,
                "130000",
                Role::Institution,
                Unit::Institution(3),
                true,
            ),
            (
                Role::CityAdmin,
                "130100",
                Role::CountyAdmin,
                region("130102"),
                true,
            ),
            (
                Role::CityAdmin,
                "130100",
                Role::CountyAdmin,
                region("130202"),
                false,
            ),
            (
                Role::CityAdmin,
                "130100",
                Role::CityAdmin,
                region("130100"),
                false,
            ),
            (
                Role::CityAdmin,
                "130100",
                Role::Institution,
                Unit::Institution(3),
                false,
            ),
            (
                Role::CountyAdmin,
                "130102",
                Role::SchoolAdmin,
                school.clone(),
                true,
            ),
            (
                Role::CountyAdmin,
                "130102",
                Role::SchoolAdmin,
                far_school,
                false,
            ),
            (
                Role::CountyAdmin,
                "130102",
                Role::CountyAdmin,
                region("130102"),
                false,
            ),
            (
                Role::SchoolAdmin,
                "130102",
                Role::SchoolAdmin,
                school.clone(),
                false,
            ),
            (Role::CountyAdmin, "130102", Role::Teacher, school, false),
        ];
        for (granter, at, role, unit, want) in table {
            assert_eq!(
                may_grant(granter, at, role, &unit),
                want,
                "{granter:?}@{at} → {role:?} {unit:?}"
            );
        }
    }

    #[test]
    fn the_picker_offers_what_may_be_granted() {
        assert!(grantable(Role::CountyAdmin) == vec![Role::SchoolAdmin]);
        assert!(grantable(Role::Teacher).is_empty());
    }
}
