use crate::domain::role::Role;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub id: crate::dto::ids::UserId,
    pub name: String,
    /// Masked: region prefix and last 2 characters only.
    pub id_number: String,
    pub phone: String,
    pub roles: Vec<(Role, String)>,
    pub disabled: bool,
    pub locked: bool,
    pub must_change_password: bool,
    /// Never logged in: its initial password (if any) has not been used.
    pub never_logged_in: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserFilter {
    /// Name, phone, full ID number or its last digits.
    pub keyword: String,
    /// "", or a role name (`Role::as_str`).
    pub role: String,
    /// "", "enabled", "disabled", "locked".
    pub status: String,
    pub page: u64,
    pub page_size: u64,
}

/// A role to grant: `unit` is a region code, a school id or an institution id, by role.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantInput {
    pub role: String,
    pub unit: String,
}

/// A new non-teacher account (an administrator); the initial password is the last 6
/// characters of the ID number and must be changed at first login.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUserInput {
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub grant: GrantInput,
}

/// One role of a user as the roles drawer shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentView {
    pub id: i64,
    pub role: Role,
    pub scope_name: String,
    pub removable: bool,
}
