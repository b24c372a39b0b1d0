use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionView {
    pub code: String,
    pub name: String,
    pub level: i16,
    pub parent_code: Option<String>,
    pub child_count: u64,
    pub school_count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolView {
    pub id: i64,
    pub name: String,
    pub county_code: String,
    /// "石家庄市 长安区"
    pub region_name: String,
    pub area_type: String,
    pub category: String,
    pub address: Option<String>,
    pub disabled: bool,
    pub teacher_count: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SchoolFilter {
    pub keyword: String,
    /// Any region code inside the caller's scope; empty for the whole scope.
    pub region_code: String,
    pub category: String,
    /// "", "enabled" or "disabled".
    pub status: String,
    pub page: u64,
    pub page_size: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolInput {
    /// None to create.
    pub id: Option<i64>,
    pub name: String,
    pub county_code: String,
    pub area_type: String,
    pub category: String,
    pub address: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstitutionView {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub platform_url: Option<String>,
    /// When the platform's current secret was made ("YYYY-MM-DD", Beijing); None: not connected.
    pub platform_secret_on: Option<String>,
    pub disabled: bool,
    /// Authorised regions: (code, name).
    pub regions: Vec<(String, String)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstitutionFilter {
    pub keyword: String,
    pub status: String,
    pub page: u64,
    pub page_size: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstitutionInput {
    pub id: Option<i64>,
    pub name: String,
    pub kind: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub platform_url: String,
    /// Url-encoded forms omit an empty list entirely.
    #[serde(default)]
    pub region_codes: Vec<String>,
}
