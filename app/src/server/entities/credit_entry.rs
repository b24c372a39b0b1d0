use sea_orm::entity::prelude::*;

/// One line of a teacher's credit ledger: from a passed project (`enrolment_id`), or entered by
/// hand and approved by the level that certifies it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "credit_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub teacher_id: i64,
    pub county_code: String,
    pub school_id: Option<i64>,
    pub year: i32,
    pub category: String,
    pub credits_tenths: i32,
    pub hours: i32,
    pub source: crate::domain::credit_entry::CreditSource,
    pub enrolment_id: Option<i64>,
    pub title: String,
    /// Who certifies it (谁组织、谁负责): 省级, 市级, 县级 or 校级.
    pub certifier_level: String,
    pub certifier_name: String,
    pub status: crate::domain::credit_entry::CreditStatus,
    pub reason: Option<String>,
    pub created_by_user_id: i64,
    pub created_at: DateTimeUtc,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
