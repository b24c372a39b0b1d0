//! 通知公告 (issue 17): who an announcement may go to, whom it reaches, and where it stands.
//! Plain rules: publishing checks a draft's audience with `check_audience`, and a recipient's
//! list asks the database what `reaches` says (a test holds the two to agreement).
//!
//! A bureau publishes down its region: the whole of it, or chosen units inside it, to chosen
//! roles. A school publishes to its own people. An institution publishes to the participants
//! of one of its projects or classes.

use super::region::covers;
use super::role::Role;
use serde::{Deserialize, Serialize};

/// A unit of the org tree: where an announcement comes from, and where a recipient is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    /// A bureau's region: a province, city or county code.
    Region(String),
    /// A school, with the county it is in.
    School {
        id: i64,
        county: String,
    },
    Institution(i64),
}

impl Unit {
    /// Whether `inner` lies within this unit (a unit lies within itself).
    pub fn holds(&self, inner: &Unit) -> bool {
        match (self, inner) {
            (Unit::Region(outer), Unit::Region(code)) => covers(outer, code),
            (Unit::Region(outer), Unit::School { county, .. }) => covers(outer, county),
            (Unit::School { id: a, .. }, Unit::School { id: b, .. }) => a == b,
            (Unit::Institution(a), Unit::Institution(b)) => a == b,
            _ => false,
        }
    }
}

/// Who an announcement is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Audience {
    /// People of units: the publisher's own unit when `units` is empty, every role when
    /// `roles` is.
    Units { units: Vec<Unit>, roles: Vec<Role> },
    /// The participants of a project of the publisher's, or of one of its classes.
    Participants {
        project_id: i64,
        class_id: Option<i64>,
    },
}

/// Why an audience is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AudienceRefused {
    /// A chosen unit lies outside the publisher's own.
    OutsideScope,
    /// Only an institution addresses participants, and only an institution does not address
    /// units.
    WrongKind,
    /// A role that does not sit below the publisher (a county cannot address the province).
    RoleAbove,
}

/// The roles that sit within a unit of the publisher's kind, the publisher's own among them.
pub fn roles_below(from: &Unit) -> &'static [Role] {
    use Role::*;
    match from {
        Unit::Region(code) => match super::region::level_of(code) {
            Some(super::region::RegionLevel::Province) => {
                &[ProvinceAdmin, CityAdmin, CountyAdmin, SchoolAdmin, Teacher]
            }
            Some(super::region::RegionLevel::City) => {
                &[CityAdmin, CountyAdmin, SchoolAdmin, Teacher]
            }
            _ => &[CountyAdmin, SchoolAdmin, Teacher],
        },
        Unit::School { .. } => &[SchoolAdmin, Teacher],
        Unit::Institution(_) => &[],
    }
}

/// Whether `from` may publish to `audience`. Whether a project is the institution's own is the
/// service's to check: it reads the project.
pub fn check_audience(from: &Unit, audience: &Audience) -> Result<(), AudienceRefused> {
    match (from, audience) {
        (Unit::Institution(_), Audience::Participants { .. }) => Ok(()),
        (Unit::Institution(_), _) | (_, Audience::Participants { .. }) => {
            Err(AudienceRefused::WrongKind)
        }
        (_, Audience::Units { units, roles }) => {
            if !units.iter().all(|u| from.holds(u)) {
                return Err(AudienceRefused::OutsideScope);
            }
            if !roles.iter().all(|r| roles_below(from).contains(r)) {
                return Err(AudienceRefused::RoleAbove);
            }
            Ok(())
        }
    }
}

/// A recipient's place: a role and the unit it is held in (a teacher's is the school).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub role: Role,
    pub unit: Unit,
}

/// Whether an announcement of `from` to a units audience reaches `r`. (Participants are read
/// from the enrolments, not from here.)
pub fn reaches(from: &Unit, audience: &Audience, r: &Recipient) -> bool {
    let Audience::Units { units, roles } = audience else {
        return false;
    };
    let role_ok = if roles.is_empty() {
        roles_below(from).contains(&r.role)
    } else {
        roles.contains(&r.role)
    };
    let unit_ok = if units.is_empty() {
        from.holds(&r.unit)
    } else {
        units.iter().any(|u| u.holds(&r.unit))
    };
    role_ok && unit_ok
}

crate::stored_enum! {
    /// Which kind of audience an announcement has (`Audience`'s variant, as stored).
    pub enum AudienceKind {
        Units = "units",
        Participants = "participants",
    }
}

/// The region codes whose targets reach a place in `county`: the county, its city, its
/// province (an announcement to a region reaches everything in it).
pub fn regions_above(county: &str) -> Vec<String> {
    use super::region::{RegionLevel, city_of, level_of, province_of};
    match level_of(county) {
        Some(RegionLevel::County) => vec![county.to_string(), city_of(county), province_of(county)],
        Some(RegionLevel::City) => vec![county.to_string(), province_of(county)],
        Some(RegionLevel::Province) => vec![county.to_string()],
        None => Vec::new(),
    }
}

/// The unit one level below `parent` that `place` (a school, or a bureau's region) lies in:
/// the read-rate table counts by it. A province's is the city, a city's the county, a
/// county's the school; a school is its own. None: `place` lies outside `parent`, or is
/// `parent`'s own bureau (counted on a line of its own, 本级).
pub fn child_of(parent: &Unit, place: &Unit) -> Option<Unit> {
    use super::region::{RegionLevel, city_of, level_of};
    if !parent.holds(place) || parent == place {
        return None;
    }
    let Unit::Region(code) = parent else {
        return Some(place.clone());
    };
    let county = match place {
        Unit::School { county, .. } | Unit::Region(county) => county,
        Unit::Institution(_) => return None,
    };
    Some(match (level_of(code)?, place) {
        (RegionLevel::Province, _) if level_of(county) == Some(RegionLevel::City) => {
            Unit::Region(county.clone())
        }
        (RegionLevel::Province, _) => Unit::Region(city_of(county)),
        (RegionLevel::City, _) => Unit::Region(county.clone()),
        (RegionLevel::County, Unit::School { .. }) => place.clone(),
        (RegionLevel::County, _) => return None,
    })
}

crate::stored_enum! {
    /// Where an announcement stands.
    pub enum Standing {
        /// Its publish time is still ahead: only the publisher sees it.
        Scheduled = "scheduled" => "待发布",
        Published = "published" => "已发布",
        /// Taken back: kept for the record, shown to no recipient.
        Withdrawn = "withdrawn" => "已撤回",
    }
}

impl Standing {
    pub fn tone(self) -> &'static str {
        match self {
            Self::Scheduled => "orange",
            Self::Published => "green",
            Self::Withdrawn => "grey",
        }
    }
}

/// Where an announcement stands at `now` (Unix seconds), from its publish time and its
/// withdrawal, if any.
pub fn standing(publish_at: i64, withdrawn_at: Option<i64>, now: i64) -> Standing {
    match withdrawn_at {
        Some(w) if w <= now => Standing::Withdrawn,
        _ if publish_at > now => Standing::Scheduled,
        _ => Standing::Published,
    }
}

/// The read rate of a unit in whole percent: None when the announcement reached nobody there.
pub fn read_rate(read: u64, reached: u64) -> Option<u8> {
    (reached > 0).then(|| (read.min(reached) * 100 / reached) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Role::*;

    fn school(id: i64, county: &str) -> Unit {
        Unit::School {
            id,
            county: county.into(),
        }
    }

    fn region(code: &str) -> Unit {
        Unit::Region(code.into())
    }

    fn units(list: Vec<Unit>, roles: Vec<Role>) -> Audience {
        Audience::Units { units: list, roles }
    }

    #[test]
    fn a_publisher_addresses_only_what_lies_within_it() {
        let county = region("130102");
        let own = school(1, "130102");
        let other_county = school(2, "130104");
        assert_eq!(
            check_audience(&county, &units(vec![own.clone()], vec![])),
            Ok(())
        );
        assert_eq!(
            check_audience(&county, &units(vec![other_county.clone()], vec![])),
            Err(AudienceRefused::OutsideScope)
        );
        assert_eq!(
            check_audience(&county, &units(vec![region("130100")], vec![])),
            Err(AudienceRefused::OutsideScope),
            "a county cannot address its city"
        );
        // A school addresses itself only.
        assert_eq!(check_audience(&own, &units(vec![], vec![Teacher])), Ok(()));
        assert_eq!(
            check_audience(&own, &units(vec![school(3, "130102")], vec![])),
            Err(AudienceRefused::OutsideScope)
        );
        assert_eq!(
            check_audience(&county, &units(vec![], vec![ProvinceAdmin])),
            Err(AudienceRefused::RoleAbove)
        );
    }

    #[test]
    fn institutions_address_participants_and_nobody_else_does() {
        let inst = Unit::Institution(7);
        let participants = Audience::Participants {
            project_id: 1,
            class_id: None,
        };
        assert_eq!(check_audience(&inst, &participants), Ok(()));
        assert_eq!(
            check_audience(&inst, &units(vec![], vec![])),
            Err(AudienceRefused::WrongKind)
        );
        assert_eq!(
            check_audience(&region("130000"), &participants),
            Err(AudienceRefused::WrongKind)
        );
    }

    #[test]
    fn an_announcement_reaches_the_chosen_roles_of_the_chosen_units() {
        let county = region("130102");
        let teacher_here = Recipient {
            role: Teacher,
            unit: school(1, "130102"),
        };
        let teacher_elsewhere = Recipient {
            role: Teacher,
            unit: school(2, "130104"),
        };
        let admin_here = Recipient {
            role: SchoolAdmin,
            unit: school(1, "130102"),
        };
        let teacher_next_door = Recipient {
            role: Teacher,
            unit: school(3, "130102"),
        };
        // The whole county, every role below it.
        let all = units(vec![], vec![]);
        assert!(reaches(&county, &all, &teacher_here));
        assert!(reaches(&county, &all, &admin_here));
        assert!(!reaches(&county, &all, &teacher_elsewhere));
        // Two schools' teachers: not their admins, not the other schools.
        let two = units(
            vec![school(1, "130102"), school(4, "130102")],
            vec![Teacher],
        );
        assert!(reaches(&county, &two, &teacher_here));
        assert!(!reaches(&county, &two, &admin_here));
        assert!(!reaches(&county, &two, &teacher_next_door));
        // The province's to every county admin.
        let admins = units(vec![], vec![CountyAdmin]);
        let county_admin = Recipient {
            role: CountyAdmin,
            unit: region("130104"),
        };
        assert!(reaches(&region("130000"), &admins, &county_admin));
        assert!(!reaches(&region("130000"), &admins, &teacher_here));
        // A county's announcement never reaches another province's county.
        let elsewhere = Recipient {
            role: CountyAdmin,
            unit: region("140105"),
        };
        assert!(!reaches(&region("130000"), &admins, &elsewhere));
    }

    #[test]
    fn withdrawn_beats_published_and_scheduled_waits_for_its_time() {
        assert_eq!(standing(100, None, 50), Standing::Scheduled);
        assert_eq!(standing(100, None, 100), Standing::Published);
        assert_eq!(standing(100, Some(150), 120), Standing::Published);
        assert_eq!(standing(100, Some(150), 150), Standing::Withdrawn);
        assert_eq!(standing(100, Some(40), 50), Standing::Withdrawn);
        assert_eq!(Standing::Withdrawn.label(), "已撤回");
    }

    #[test]
    fn a_place_is_reached_from_its_county_city_and_province() {
        assert_eq!(regions_above("130102"), vec!["130102", "130100", "130000"]);
        assert_eq!(regions_above("130100"), vec!["130100", "130000"]);
        assert!(regions_above("bad").is_empty());
    }

    #[test]
    fn the_read_rate_counts_by_the_unit_one_level_down() {
        let here = school(7, "130102");
        assert_eq!(child_of(&region("130000"), &here), Some(region("130100")));
        assert_eq!(child_of(&region("130100"), &here), Some(region("130102")));
        assert_eq!(child_of(&region("130102"), &here), Some(here.clone()));
        assert_eq!(child_of(&region("130104"), &here), None);
        assert_eq!(child_of(&here, &here), None, "a school's own line");
        assert_eq!(child_of(&school(8, "130102"), &here), None);
        // Bureaus below count in their own region's line; the publisher's own, on 本级.
        assert_eq!(
            child_of(&region("130000"), &region("130102")),
            Some(region("130100"))
        );
        assert_eq!(
            child_of(&region("130000"), &region("130100")),
            Some(region("130100"))
        );
        assert_eq!(child_of(&region("130000"), &region("130000")), None);
        assert_eq!(
            child_of(&region("130100"), &region("130102")),
            Some(region("130102"))
        );
    }

    #[test]
    fn the_read_rate_is_whole_percent_of_those_reached() {
        assert_eq!(read_rate(0, 0), None);
        assert_eq!(read_rate(1, 3), Some(33));
        assert_eq!(read_rate(3, 3), Some(100));
        assert_eq!(read_rate(5, 3), Some(100));
    }
}
