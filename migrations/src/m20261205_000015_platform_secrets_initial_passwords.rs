//! The audit log cannot be truncated on PostgreSQL either (UPDATE and DELETE were refused
//! already; a TRUNCATE trigger closes the last way). Run the app as a role that does not own
//! the table (README: 审计日志) so that it cannot drop the triggers.
//!
//! Initial passwords that expire: an account's issued initial password (random, handed out by
//! its school admin) stops working after a set number of days.
//!
//! Institutions' learning platforms authenticate when they redeem a launch ticket: each holds a
//! secret (only its SHA-256 is kept here), and a ticket is bound to the institution whose
//! platform it was issued for — the class's own institution. Tickets issued before this have no
//! institution and can no longer be redeemed (they lived two minutes).

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261205_000015_platform_secrets_initial_passwords"
    }
}

#[derive(DeriveIden)]
enum Institutions {
    Table,
    PlatformSecretHash,
    PlatformSecretAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    InitialPasswordExpiresAt,
}

#[derive(DeriveIden)]
enum LaunchTokens {
    Table,
    InstitutionId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        m.alter_table(
            Table::alter()
                .table(Institutions::Table)
                .add_column(string_null(Institutions::PlatformSecretHash))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Institutions::Table)
                .add_column(timestamp_with_time_zone_null(
                    Institutions::PlatformSecretAt,
                ))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(LaunchTokens::Table)
                .add_column(big_integer_null(LaunchTokens::InstitutionId))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(timestamp_with_time_zone_null(
                    Users::InitialPasswordExpiresAt,
                ))
                .to_owned(),
        )
        .await?;
        if m.get_database_backend() == sea_orm_migration::sea_orm::DatabaseBackend::Postgres {
            m.get_connection()
                .execute_unprepared(
                    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log \
                     FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();",
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == sea_orm_migration::sea_orm::DatabaseBackend::Postgres {
            m.get_connection()
                .execute_unprepared("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;")
                .await?;
        }
        for (table, col) in [
            (
                Institutions::Table.into_iden(),
                Institutions::PlatformSecretHash.into_iden(),
            ),
            (
                Institutions::Table.into_iden(),
                Institutions::PlatformSecretAt.into_iden(),
            ),
            (
                LaunchTokens::Table.into_iden(),
                LaunchTokens::InstitutionId.into_iden(),
            ),
            (
                Users::Table.into_iden(),
                Users::InitialPasswordExpiresAt.into_iden(),
            ),
        ] {
            m.alter_table(Table::alter().table(table).drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}
