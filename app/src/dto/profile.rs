use serde::{Deserialize, Serialize};

/// Every field of a teacher record, as the teacher's 基本信息 page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeacherProfile {
    pub name: String,
    pub gender: String,
    pub birth_date: String,
    /// Shown whole only to the teacher.
    pub id_number: String,
    pub training_number: String,
    pub ethnicity: String,
    pub political_status: String,
    pub phone: Option<String>,
    pub phone_verified: bool,
    pub email: Option<String>,
    pub email_verified: bool,
    pub city_name: String,
    pub county_name: String,
    pub school_name: String,
    pub school_area_type: String,
    pub school_category: String,
    pub stage: String,
    pub subject: String,
    pub initial_education: String,
    pub highest_education: String,
    pub title: String,
    pub qualification_number: String,
    pub publicly_funded: bool,
    pub special_post: bool,
    pub post: String,
    pub hire_date: String,
    pub status: crate::domain::teacher::TeacherStatus,
}
