//! A province's teachers by id: the teacher list's count and its pages at province scope read
//! this index alone (PostgreSQL's index-only scan), instead of the whole table for the count
//! and 100,000 records to skip for page 5,000.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "idx_teachers_province";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name(INDEX)
                .table(Alias::new("teachers"))
                .col(Alias::new("province_code"))
                .col(Alias::new("id"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name(INDEX)
                .table(Alias::new("teachers"))
                .to_owned(),
        )
        .await
    }
}
