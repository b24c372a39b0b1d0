//! Two guards. Every request for a recovery code, keyed by the account as typed (normalised), whether or
//! not such an account exists: the per-account limits (one a minute, a few a day) then answer
//! every account alike, and they bound how many codes — and so guesses — an account can draw.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261205_000014_code_requests"
    }
}

#[derive(DeriveIden)]
enum CodeRequests {
    Table,
    Id,
    /// The account as typed, trimmed and upper-cased (an ID number's x is X).
    AccountKey,
    Ip,
    At,
}

#[derive(DeriveIden)]
enum InstanceMarks {
    Table,
    Key,
    Value,
    At,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(CodeRequests::Table)
                .col(big_integer(CodeRequests::Id).primary_key().auto_increment())
                .col(string(CodeRequests::AccountKey))
                .col(string(CodeRequests::Ip))
                .col(timestamp_with_time_zone(CodeRequests::At))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_code_requests_account_at")
                .table(CodeRequests::Table)
                .col(CodeRequests::AccountKey)
                .col(CodeRequests::At)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(InstanceMarks::Table)
                .col(string(InstanceMarks::Key).primary_key())
                .col(string(InstanceMarks::Value))
                .col(timestamp_with_time_zone(InstanceMarks::At))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(InstanceMarks::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(CodeRequests::Table).to_owned())
            .await
    }
}
