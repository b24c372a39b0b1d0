//! The foundation: regions, schools, institutions, users, roles, teachers, sessions, audit log.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Regions {
    Table,
    Code,
    Name,
    Level,
    ParentCode,
}

#[derive(DeriveIden)]
enum Schools {
    Table,
    Id,
    Name,
    ProvinceCode,
    CityCode,
    CountyCode,
    AreaType,
    Category,
    Address,
    Disabled,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Institutions {
    Table,
    Id,
    Name,
    Kind,
    ContactName,
    ContactPhone,
    PlatformUrl,
    Disabled,
    CreatedAt,
}

#[derive(DeriveIden)]
enum InstitutionRegions {
    Table,
    InstitutionId,
    RegionCode,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Name,
    IdNumber,
    Phone,
    Email,
    PhoneVerified,
    EmailVerified,
    PasswordHash,
    MustChangePassword,
    FailedAttempts,
    LockedUntil,
    Disabled,
    AvatarFileId,
    CreatedAt,
    PasswordChangedAt,
    LastLoginAt,
}

#[derive(DeriveIden)]
enum RoleAssignments {
    Table,
    Id,
    UserId,
    Role,
    RegionCode,
    SchoolId,
    InstitutionId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Teachers {
    Table,
    Id,
    UserId,
    TrainingNumber,
    Gender,
    BirthDate,
    Ethnicity,
    PoliticalStatus,
    ProvinceCode,
    CityCode,
    CountyCode,
    SchoolId,
    SchoolAreaType,
    SchoolCategory,
    Stage,
    Subject,
    InitialEducation,
    HighestEducation,
    Title,
    QualificationNumber,
    PubliclyFunded,
    SpecialPost,
    Post,
    HireDate,
    Status,
    CertPhotoFileId,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum StoredFiles {
    Table,
    Id,
    OwnerUserId,
    Purpose,
    ContentType,
    Size,
    Sha256,
    Bytes,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    UserId,
    Data,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorUserId,
    ActorRole,
    Action,
    Outcome,
    TargetType,
    TargetId,
    Ip,
    Before,
    After,
}

#[derive(DeriveIden)]
enum VerificationCodes {
    Table,
    Id,
    UserId,
    Purpose,
    Channel,
    Destination,
    CodeHash,
    Attempts,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DevMailbox {
    Table,
    Id,
    At,
    Destination,
    Body,
}

fn index(name: &str, table: impl IntoIden, cols: &[&'static str]) -> IndexCreateStatement {
    let mut idx = Index::create();
    idx.name(name).table(table);
    for c in cols {
        idx.col(Alias::new(*c));
    }
    idx.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Regions::Table)
                .col(string_len(Regions::Code, 6).primary_key())
                .col(string(Regions::Name))
                .col(small_integer(Regions::Level))
                .col(string_len_null(Regions::ParentCode, 6))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_regions_parent",
            Regions::Table,
            &["parent_code"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Schools::Table)
                .col(big_integer(Schools::Id).primary_key().auto_increment())
                .col(string(Schools::Name))
                .col(string_len(Schools::ProvinceCode, 6))
                .col(string_len(Schools::CityCode, 6))
                .col(string_len(Schools::CountyCode, 6))
                .col(string(Schools::AreaType))
                .col(string(Schools::Category))
                .col(string_null(Schools::Address))
                .col(boolean(Schools::Disabled).default(false))
                .col(timestamp_with_time_zone(Schools::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            index(
                "ux_schools_county_name",
                Schools::Table,
                &["county_code", "name"],
            )
            .unique()
            .to_owned(),
        )
        .await?;
        m.create_index(index("idx_schools_city", Schools::Table, &["city_code"]))
            .await?;
        m.create_index(index(
            "idx_schools_province",
            Schools::Table,
            &["province_code"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Institutions::Table)
                .col(big_integer(Institutions::Id).primary_key().auto_increment())
                .col(string(Institutions::Name).unique_key())
                .col(string(Institutions::Kind))
                .col(string(Institutions::ContactName))
                .col(string(Institutions::ContactPhone))
                .col(string_null(Institutions::PlatformUrl))
                .col(boolean(Institutions::Disabled).default(false))
                .col(timestamp_with_time_zone(Institutions::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(InstitutionRegions::Table)
                .col(big_integer(InstitutionRegions::InstitutionId))
                .col(string_len(InstitutionRegions::RegionCode, 6))
                .primary_key(
                    Index::create()
                        .col(InstitutionRegions::InstitutionId)
                        .col(InstitutionRegions::RegionCode),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(StoredFiles::Table)
                .col(big_integer(StoredFiles::Id).primary_key().auto_increment())
                .col(big_integer(StoredFiles::OwnerUserId))
                .col(string(StoredFiles::Purpose))
                .col(string(StoredFiles::ContentType))
                .col(big_integer(StoredFiles::Size))
                .col(string(StoredFiles::Sha256))
                .col(blob(StoredFiles::Bytes))
                .col(timestamp_with_time_zone(StoredFiles::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(big_integer(Users::Id).primary_key().auto_increment())
                .col(string(Users::Name))
                .col(string_len_null(Users::IdNumber, 18))
                .col(string_len_null(Users::Phone, 11))
                .col(string_null(Users::Email))
                .col(boolean(Users::PhoneVerified).default(false))
                .col(boolean(Users::EmailVerified).default(false))
                .col(string(Users::PasswordHash))
                .col(boolean(Users::MustChangePassword).default(true))
                .col(integer(Users::FailedAttempts).default(0))
                .col(timestamp_with_time_zone_null(Users::LockedUntil))
                .col(boolean(Users::Disabled).default(false))
                .col(big_integer_null(Users::AvatarFileId))
                .col(timestamp_with_time_zone(Users::CreatedAt))
                .col(timestamp_with_time_zone_null(Users::PasswordChangedAt))
                .col(timestamp_with_time_zone_null(Users::LastLoginAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            index("ux_users_id_number", Users::Table, &["id_number"])
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            index("ux_users_phone", Users::Table, &["phone"])
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RoleAssignments::Table)
                .col(
                    big_integer(RoleAssignments::Id)
                        .primary_key()
                        .auto_increment(),
                )
                .col(big_integer(RoleAssignments::UserId))
                .col(string(RoleAssignments::Role))
                .col(string_len_null(RoleAssignments::RegionCode, 6))
                .col(big_integer_null(RoleAssignments::SchoolId))
                .col(big_integer_null(RoleAssignments::InstitutionId))
                .col(timestamp_with_time_zone(RoleAssignments::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_roles_user",
            RoleAssignments::Table,
            &["user_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Teachers::Table)
                .col(big_integer(Teachers::Id).primary_key().auto_increment())
                .col(big_integer(Teachers::UserId).unique_key())
                .col(string_null(Teachers::TrainingNumber).unique_key())
                .col(string(Teachers::Gender))
                .col(date(Teachers::BirthDate))
                .col(string(Teachers::Ethnicity))
                .col(string(Teachers::PoliticalStatus))
                .col(string_len(Teachers::ProvinceCode, 6))
                .col(string_len(Teachers::CityCode, 6))
                .col(string_len(Teachers::CountyCode, 6))
                .col(big_integer_null(Teachers::SchoolId))
                .col(string(Teachers::SchoolAreaType))
                .col(string(Teachers::SchoolCategory))
                .col(string(Teachers::Stage))
                .col(string(Teachers::Subject))
                .col(string(Teachers::InitialEducation))
                .col(string(Teachers::HighestEducation))
                .col(string(Teachers::Title))
                .col(string_null(Teachers::QualificationNumber))
                .col(boolean(Teachers::PubliclyFunded).default(false))
                .col(boolean(Teachers::SpecialPost).default(false))
                .col(string(Teachers::Post))
                .col(date_null(Teachers::HireDate))
                .col(string(Teachers::Status))
                .col(big_integer_null(Teachers::CertPhotoFileId))
                .col(timestamp_with_time_zone(Teachers::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_teachers_school",
            Teachers::Table,
            &["school_id"],
        ))
        .await?;
        m.create_index(index(
            "idx_teachers_county",
            Teachers::Table,
            &["county_code"],
        ))
        .await?;
        m.create_index(index("idx_teachers_city", Teachers::Table, &["city_code"]))
            .await?;

        m.create_table(
            Table::create()
                .table(Sessions::Table)
                .col(string_len(Sessions::Id, 64).primary_key())
                .col(big_integer_null(Sessions::UserId))
                .col(text(Sessions::Data))
                .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_sessions_user", Sessions::Table, &["user_id"]))
            .await?;
        m.create_index(index(
            "idx_sessions_expires",
            Sessions::Table,
            &["expires_at"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(big_integer(AuditLog::Id).primary_key().auto_increment())
                .col(timestamp_with_time_zone(AuditLog::At))
                .col(big_integer_null(AuditLog::ActorUserId))
                .col(string_null(AuditLog::ActorRole))
                .col(string(AuditLog::Action))
                .col(string(AuditLog::Outcome))
                .col(string_null(AuditLog::TargetType))
                .col(string_null(AuditLog::TargetId))
                .col(string_null(AuditLog::Ip))
                .col(text_null(AuditLog::Before))
                .col(text_null(AuditLog::After))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_audit_at", AuditLog::Table, &["at"]))
            .await?;
        m.create_index(index(
            "idx_audit_actor",
            AuditLog::Table,
            &["actor_user_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(VerificationCodes::Table)
                .col(
                    big_integer(VerificationCodes::Id)
                        .primary_key()
                        .auto_increment(),
                )
                .col(big_integer(VerificationCodes::UserId))
                .col(string(VerificationCodes::Purpose))
                .col(string(VerificationCodes::Channel))
                .col(string(VerificationCodes::Destination))
                .col(string(VerificationCodes::CodeHash))
                .col(integer(VerificationCodes::Attempts).default(0))
                .col(timestamp_with_time_zone(VerificationCodes::ExpiresAt))
                .col(timestamp_with_time_zone_null(VerificationCodes::UsedAt))
                .col(timestamp_with_time_zone(VerificationCodes::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_codes_user",
            VerificationCodes::Table,
            &["user_id", "purpose"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(DevMailbox::Table)
                .col(big_integer(DevMailbox::Id).primary_key().auto_increment())
                .col(timestamp_with_time_zone(DevMailbox::At))
                .col(string(DevMailbox::Destination))
                .col(text(DevMailbox::Body))
                .to_owned(),
        )
        .await?;

        // The audit log is append-only at the database level too, so no code path
        // (or a future bug) can rewrite history.
        let db = m.get_connection();
        match m.get_database_backend() {
            sea_orm_migration::sea_orm::DatabaseBackend::Sqlite => {
                db.execute_unprepared(
                    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log \
                     BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log \
                     BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;",
                )
                .await?;
            }
            sea_orm_migration::sea_orm::DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$ \
                     BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql;",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log \
                     FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();",
                )
                .await?;
            }
            _ => {}
        }
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "the foundation migration cannot be reverted".into(),
        ))
    }
}
