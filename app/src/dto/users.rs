use crate::domain::role::Role;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub id: i64,
    pub name: String,
    /// Masked: region prefix and last 2 characters only.
    pub id_number: String,
    pub phone: String,
    pub roles: Vec<(Role, String)>,
    pub disabled: bool,
    pub locked: bool,
    pub must_change_password: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
