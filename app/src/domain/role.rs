//! Roles and the org unit each one is scoped to.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    ProvinceAdmin,
    CityAdmin,
    CountyAdmin,
    SchoolAdmin,
    Institution,
    Teacher,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::ProvinceAdmin,
        Role::CityAdmin,
        Role::CountyAdmin,
        Role::SchoolAdmin,
        Role::Institution,
        Role::Teacher,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ProvinceAdmin => "province_admin",
            Self::CityAdmin => "city_admin",
            Self::CountyAdmin => "county_admin",
            Self::SchoolAdmin => "school_admin",
            Self::Institution => "institution",
            Self::Teacher => "teacher",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::ProvinceAdmin => "省级管理员",
            Self::CityAdmin => "市级管理员",
            Self::CountyAdmin => "区县管理员",
            Self::SchoolAdmin => "学校管理员",
            Self::Institution => "培训机构",
            Self::Teacher => "教师",
        }
    }

    /// Bureau roles act on a region; the others on a school, an institution or themselves.
    pub fn is_bureau(self) -> bool {
        matches!(
            self,
            Self::ProvinceAdmin | Self::CityAdmin | Self::CountyAdmin
        )
    }
}

/// The org unit a role assignment is scoped to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    /// A province, city or county bureau (GB/T 2260 code).
    Region(String),
    /// One school, with the county it belongs to.
    School {
        id: i64,
        county_code: String,
    },
    Institution(i64),
    /// Only the user's own data.
    Own(i64),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
