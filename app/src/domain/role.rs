//! Roles and the org unit each one is scoped to.

use serde::{Deserialize, Serialize};

crate::stored_enum! {
    pub enum Role {
        ProvinceAdmin = "province_admin" => "省级管理员",
        CityAdmin = "city_admin" => "市级管理员",
        CountyAdmin = "county_admin" => "区县管理员",
        SchoolAdmin = "school_admin" => "学校管理员",
        Institution = "institution" => "培训机构",
        Teacher = "teacher" => "教师",
        /// 安全审计员: reads the audit log of the province, and nothing else — kept apart from
        /// the administrators whose acts it reads (等保 三员分立).
        Auditor = "auditor" => "安全审计员",
    }
}

impl Role {
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
