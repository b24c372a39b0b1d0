//! IT-2.0 micro-ability points (DOMAIN.md §5): the province's list (the newest row is the one
//! teachers pick from) and each teacher's picks for an enrolment, with the point as it read
//! when picked. Also whether a project's completion certificates carry the holder's photo.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000012_micro_abilities"
    }
}

#[derive(DeriveIden)]
enum MicroPointLists {
    Table,
    Id,
    /// JSON array of {code, dimension, name}.
    Items,
    UpdatedAt,
    UpdatedByName,
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    PhotoRequired,
}

#[derive(DeriveIden)]
enum MicroPicks {
    Table,
    Id,
    EnrolmentId,
    UserId,
    Code,
    Dimension,
    Name,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(MicroPointLists::Table)
                .col(
                    big_integer(MicroPointLists::Id)
                        .primary_key()
                        .auto_increment(),
                )
                .col(text(MicroPointLists::Items))
                .col(timestamp_with_time_zone(MicroPointLists::UpdatedAt))
                .col(string(MicroPointLists::UpdatedByName))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(MicroPicks::Table)
                .col(big_integer(MicroPicks::Id).primary_key().auto_increment())
                .col(big_integer(MicroPicks::EnrolmentId))
                .col(big_integer(MicroPicks::UserId))
                .col(string(MicroPicks::Code))
                .col(string(MicroPicks::Dimension))
                .col(string(MicroPicks::Name))
                .col(timestamp_with_time_zone(MicroPicks::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_micro_picks_enrolment_code")
                .table(MicroPicks::Table)
                .col(MicroPicks::EnrolmentId)
                .col(MicroPicks::Code)
                .unique()
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Projects::Table)
                .add_column(boolean(Projects::PhotoRequired).default(false))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Projects::Table)
                .drop_column(Projects::PhotoRequired)
                .to_owned(),
        )
        .await?;
        for t in [
            MicroPicks::Table.into_iden(),
            MicroPointLists::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
