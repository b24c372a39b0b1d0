use crate::domain::role::Role;
use serde::{Deserialize, Serialize};

/// One role the user holds, with the name of the org unit it is scoped to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleView {
    pub assignment_id: i64,
    pub role: Role,
    pub scope_name: String,
}

/// The logged-in user as the UI needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub user_id: i64,
    pub name: String,
    pub roles: Vec<RoleView>,
    pub active_assignment_id: i64,
    pub must_change_password: bool,
}

impl Me {
    pub fn active(&self) -> Option<&RoleView> {
        self.roles
            .iter()
            .find(|r| r.assignment_id == self.active_assignment_id)
    }

    pub fn active_role(&self) -> Option<Role> {
        self.active().map(|r| r.role)
    }
}

/// Facts about the deployment the login page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteInfo {
    pub demo: bool,
    pub demo_accounts: Vec<DemoAccount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoAccount {
    pub role: String,
    pub account: String,
    pub password: String,
}
