//! The name an announcement's attachment is offered under (the publisher's file name, cleaned,
//! with the extension its content has): the stored file keeps only bytes and type.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AnnouncementFiles {
    Table,
    Name,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(AnnouncementFiles::Table)
                .add_column(
                    ColumnDef::new(AnnouncementFiles::Name)
                        .string()
                        .not_null()
                        .default("附件"),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(AnnouncementFiles::Table)
                .drop_column(AnnouncementFiles::Name)
                .to_owned(),
        )
        .await
    }
}
