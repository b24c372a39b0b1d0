use sea_orm::entity::prelude::*;

/// Uploaded files, kept in the database: outside the web root, served only through a checked
/// route with the stored (sniffed) content type.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "stored_files")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub owner_user_id: i64,
    pub purpose: crate::domain::file_type::FilePurpose,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub bytes: Vec<u8>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
