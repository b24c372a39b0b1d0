//! The rules a request can break that belong to no domain module's own refusal type: one
//! variant each, grouped by the area that checks it. The words are in `text`; the server turns
//! a rule into an `AppError` (a field's message, a bad request or a conflict), so only the
//! words travel to the browser.

use crate::domain::project_flow::ProjectStatus;
use crate::domain::teacher::TeacherStatus;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broken {
    // What a request carries (server functions).
    UploadMissing,
    UploadIncomplete,
    NoProjectGiven,
    NoClassGiven,
    UnknownPhotoKind,
    UnknownBatchAction,
    BatchTooLarge {
        max: usize,
    },
    ScoresTooMany {
        max: usize,
    },
    InitialPasswordsIssued,
    PhotoTooLarge {
        max_kb: usize,
    },
    ImportFileTooLarge {
        max_mb: usize,
    },
    ChooseImportFile,
    ListFileTooLarge {
        max_mb: usize,
    },
    ScoresFileTooLarge {
        max_mb: usize,
    },
    ChooseInitialRule,
    PasswordsDiffer,
    // Spreadsheets (any import).
    FileUnreadable,
    FileEmpty,
    FirstSheetEmpty,
    NoSheet,
    SheetUnreadable,
    FileTooLargeUnpacked,
    TooManyRows {
        max: usize,
    },
    TooManyColumns {
        line: usize,
        max: usize,
    },
    CsvLine {
        line: usize,
        cause: String,
    },
    // Teacher import.
    HeadersMissing {
        missing: String,
    },
    OnlyHeaders,
    ImportCommitted,
    ImportNotChecked,
    ImportAuditFailed,
    ImportRolledBack {
        cause: String,
    },
    // Teacher records and moves.
    NoMatchingRecord,
    NameRequired,
    LookupsExhausted {
        per_day: u64,
    },
    TargetSchoolDisabled,
    SchoolDisabled,
    TeacherRetired,
    SameSchool,
    ProveFullId,
    StatusChange {
        from: TeacherStatus,
        to: TeacherStatus,
    },
    // Accounts, roles, passwords, codes.
    ChooseRole,
    ChooseUnit,
    TeacherRoleFromRecord,
    RoleHeld,
    IdNumberHasAccount,
    PhoneTaken,
    CurrentPasswordWrong,
    NewPasswordSame,
    PasswordWrong,
    NoIdNumberForInitial,
    CodeWrong,
    UnknownCodePurpose,
    ValidDaysOutOfRange,
    NoTeachersChosen,
    TooManyForOneSheet {
        max: usize,
    },
    PhotosForTeachers,
    // Organisation.
    InstitutionNameTaken,
    SchoolNameTaken,
    // Projects.
    YearNotSet {
        year: i32,
    },
    TargetRegionUnknown,
    InstitutionUnavailable,
    PlanFileInvalid,
    ProjectNotEditable {
        status: ProjectStatus,
    },
    ProjectChanged,
    PlanRequired,
    // Classes, draws, placement.
    AlreadyDrawn,
    NoDrawNeeded {
        applicants: usize,
        open: usize,
    },
    ExtraSeatsOutOfRange {
        limit: i32,
    },
    CancelReasonRequired,
    ClassCancelled,
    ClassNotInProject,
    ChooseInstitution,
    InstitutionInvalid,
    ClassFull {
        class: String,
    },
    NoticeEmpty,
    NoticeTooLong {
        max: usize,
    },
    PickOwnCountyTeachers,
    // Enrolments.
    EnrolmentChanged,
    ClassStarted,
    ReplacementNotOwnSchool,
    ReplacementAlreadyIn,
    // Exemptions.
    NoRecordForId,
    ChooseYear,
    AlreadyExempt {
        name: String,
        year: i32,
    },
    OnWholeStaffList {
        name: String,
        year: i32,
    },
    // During and after a class.
    NotOnRoster,
    CheckinClosed,
    CheckinCodeStale,
    /// A check-in queued offline was scanned outside the session's opening, or too long ago.
    CheckinScanOutside,
    LeaveNotEnrolled,
    LeaveDecided,
    LeaveReasonRequired,
    EvaluationWindow {
        days: i64,
        from: String,
        to: String,
    },
    AlreadyEvaluated,
    MicroPointsNotForKind,
    MicroPointsWindow,
    SchemeLocked,
    GradeBeforeApproval,
    LearnAfterEnrolled,
    PlatformNotLinked,
    NoticeAfterEnrolled,
    NoticeNotPublished,
    CertificateRevoked,
    NoCertificatesYet,
    // Credits and growth.
    NoCycleSet,
    NoApprovedCredits {
        cycle: String,
    },
    SchoolCreditsNeedSchool,
    CreditReasonRequired,
    ChooseGrowthKind,
    AttachmentGone,
    // Lists and statistics.
    ActorIdNotNumber,
    ExportTooLarge {
        max: u64,
    },
    InstitutionStatsAbove,
    // Messages.
    UnknownMessageKind,
    MandatoryMessage {
        kind: crate::domain::delivery::MessageKind,
    },
    MessageNotFailed,
    // Announcements.
    BodyRequired,
    TimeInvalid {
        field: &'static str,
    },
    DeadlineBeforePublish,
    UnitUnknown,
    UnitOutside,
    RoleAbove,
    ChooseProject,
    ProjectNotOwn,
    AlreadyWithdrawn,
    RemindedToday,
    NothingToRemind,
    AnnouncementFileGone,
}

impl Broken {
    /// The form field the rule is about: the page shows the words under that field.
    pub fn field(&self) -> Option<&'static str> {
        Some(match self {
            Self::NoMatchingRecord
            | Self::ProveFullId
            | Self::IdNumberHasAccount
            | Self::NoRecordForId
            | Self::AlreadyExempt { .. } => "id_number",
            Self::NameRequired | Self::InstitutionNameTaken | Self::SchoolNameTaken => "name",
            Self::TargetSchoolDisabled | Self::SameSchool => "to_school_id",
            Self::SchoolDisabled => "school_id",
            Self::ChooseRole | Self::TeacherRoleFromRecord => "role",
            Self::ChooseUnit => "unit",
            Self::PhoneTaken => "phone",
            Self::CurrentPasswordWrong => "current",
            Self::NewPasswordSame => "new",
            Self::PasswordWrong => "password",
            Self::CodeWrong | Self::CheckinCodeStale | Self::CheckinScanOutside => "code",
            Self::ValidDaysOutOfRange => "days",
            Self::YearNotSet { .. } | Self::ChooseYear => "year",
            Self::TargetRegionUnknown => "target_regions",
            Self::InstitutionUnavailable | Self::ChooseInstitution | Self::InstitutionInvalid => {
                "institution_id"
            }
            Self::PlanFileInvalid => "plan_file_id",
            Self::ExtraSeatsOutOfRange { .. } => "extra",
            Self::CancelReasonRequired | Self::LeaveReasonRequired | Self::CreditReasonRequired => {
                "reason"
            }
            Self::ClassNotInProject => "class_id",
            Self::NoticeEmpty | Self::NoticeTooLong { .. } => "notice",
            Self::ReplacementNotOwnSchool | Self::ReplacementAlreadyIn => "teacher_id",
            Self::SchoolCreditsNeedSchool => "category",
            Self::ChooseGrowthKind | Self::UnknownMessageKind | Self::MandatoryMessage { .. } => {
                "kind"
            }
            Self::BodyRequired => "body",
            Self::TimeInvalid { field } => *field,
            Self::DeadlineBeforePublish => "deadline",
            Self::UnitUnknown | Self::UnitOutside => "units",
            Self::RoleAbove => "roles",
            Self::ChooseProject | Self::ProjectNotOwn => "project_id",
            Self::AttachmentGone => "file_id",
            Self::AnnouncementFileGone => "files",
            Self::ActorIdNotNumber => "actor",
            Self::PhotoTooLarge { .. }
            | Self::ImportFileTooLarge { .. }
            | Self::ListFileTooLarge { .. }
            | Self::ScoresFileTooLarge { .. }
            | Self::ChooseImportFile => "file",
            Self::ChooseInitialRule => "rule",
            Self::PasswordsDiffer => "confirm",
            _ => return None,
        })
    }

    /// A request that cannot be read as asked (a file, a batch) is a bad request (400); the
    /// others conflict with the state of things (409).
    pub fn is_bad_request(&self) -> bool {
        matches!(
            self,
            Self::UploadMissing
                | Self::UploadIncomplete
                | Self::NoProjectGiven
                | Self::NoClassGiven
                | Self::UnknownPhotoKind
                | Self::UnknownBatchAction
                | Self::BatchTooLarge { .. }
                | Self::ScoresTooMany { .. }
                | Self::InitialPasswordsIssued
                | Self::FileUnreadable
                | Self::FileEmpty
                | Self::FirstSheetEmpty
                | Self::NoSheet
                | Self::SheetUnreadable
                | Self::FileTooLargeUnpacked
                | Self::TooManyRows { .. }
                | Self::TooManyColumns { .. }
                | Self::CsvLine { .. }
                | Self::HeadersMissing { .. }
                | Self::OnlyHeaders
                | Self::ImportCommitted
                | Self::ImportNotChecked
                | Self::ImportAuditFailed
                | Self::ImportRolledBack { .. }
                | Self::NoIdNumberForInitial
                | Self::UnknownCodePurpose
                | Self::NoTeachersChosen
                | Self::TooManyForOneSheet { .. }
                | Self::PhotosForTeachers
                | Self::PickOwnCountyTeachers
                | Self::ExportTooLarge { .. }
        )
    }
}
