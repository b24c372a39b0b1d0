use sea_orm::entity::prelude::*;

/// An issued certificate: what was printed on it, kept as issued, so the public verification
/// page catches an edited PDF.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub number: String,
    pub kind: crate::domain::certificate::CertificateKind,
    pub enrolment_id: Option<i64>,
    pub user_id: i64,
    pub holder_name: String,
    pub id_masked: String,
    pub project_name: String,
    pub class_name: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub hours: i32,
    pub credits_tenths: i32,
    pub credit_category: String,
    pub level: String,
    pub result: String,
    pub issuer: String,
    pub photo_file_id: Option<i64>,
    pub issued_at: DateTimeUtc,
    pub status: crate::domain::certificate::CertificateStatus,
    pub revoked_reason: Option<String>,
    pub revoked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
