//! The one error type that crosses the server-function boundary. Its Chinese text, and that of
//! every rule a request can break, lives in `text`.

#[cfg(feature = "ssr")]
mod broken;
mod text;

#[cfg(feature = "ssr")]
pub use broken::Broken;

use leptos::server_fn::codec::PostcardEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::{Bytes, ContentType, Decodes};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Why a login was refused; the message tells the user what to do next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LoginError {
    BadCaptcha,
    UnknownUser,
    WrongPassword {
        remaining: u32,
    },
    /// `until` is already formatted for display (Beijing time).
    Locked {
        until: String,
    },
    Disabled,
    Throttled,
    /// A code was sent for this account less than a minute ago.
    CodeTooSoon,
    /// The account has drawn its codes for the day.
    CodeDailyLimit,
    /// The issued initial password was right but has run out (told only to who typed it).
    InitialExpired,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    NotAuthenticated,
    /// Logged in with the initial password: only the password change is allowed.
    PasswordChangeRequired,
    Forbidden,
    NotFound,
    Validation(Vec<FieldError>),
    /// A rule of the domain the request breaks.
    Refused(Refusal),
    Conflict(String),
    Login(LoginError),
    BadRequest(String),
    Internal,
    /// The request never reached the server or its answer could not be read.
    Transport(String),
    /// The request's body is over what its endpoint takes (in KB).
    TooLarge {
        limit_kb: u32,
    },
    /// The request's body did not arrive in time.
    TimedOut,
}

macro_rules! refusals {
    ($($variant:ident($ty:ty)),+ $(,)?) => {
        /// The rules of the domain a request can break, each with its own variant (and its
        /// words in `text`): tests and pages match the rule, not its wording.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        pub enum Refusal {
            $($variant($ty),)+
        }

        /// A refusal reads as the rule's own words (in `text`).
        impl std::fmt::Display for Refusal {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    $(Self::$variant(e) => e.fmt(f),)+
                }
            }
        }

        $(
            impl From<$ty> for Refusal {
                fn from(e: $ty) -> Self {
                    Self::$variant(e)
                }
            }
            impl From<$ty> for AppError {
                fn from(e: $ty) -> Self {
                    Refusal::$variant(e).into()
                }
            }
        )+
    };
}

refusals!(
    EnrolmentStep(crate::domain::enrolment_flow::StepRefused),
    ProjectStep(crate::domain::project_flow::ProjectStepRefused),
    Enrol(crate::domain::enrolment_rules::EnrolRefused),
    Audience(crate::domain::enrolment_rules::NotInAudience),
    Join(crate::domain::exemption::JoinRefused),
    Quota(crate::domain::directive::QuotaRefused),
    CycleRule(crate::domain::credits::CycleRuleError),
    Commit(crate::domain::teacher_import::CommitRefused),
    Headers(crate::domain::sheet::MissingHeaders),
);

impl Refusal {
    /// A file that cannot be read as asked is a bad request (400); every other rule is a
    /// conflict with the state of things (409).
    pub fn is_bad_request(&self) -> bool {
        matches!(self, Self::Commit(_) | Self::Headers(_))
    }
}

impl From<Refusal> for AppError {
    fn from(r: Refusal) -> Self {
        Self::Refused(r)
    }
}

/// A broken rule as the browser receives it: the message of the field it is about, else its
/// words as a bad request or a conflict. The words are chosen here, on the server, so the
/// bundle a phone loads first carries none of them (with them it was 298 of its 300 KB).
#[cfg(feature = "ssr")]
impl From<Broken> for AppError {
    fn from(b: Broken) -> Self {
        let text = b.to_string();
        match b.field() {
            Some(field) => Self::field(field, text),
            None if b.is_bad_request() => Self::BadRequest(text),
            None => Self::Conflict(text),
        }
    }
}

impl AppError {
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError {
            field: field.into(),
            message: message.into(),
        }])
    }

    /// The message for one form field, if this is a validation error that names it.
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            Self::Validation(errs) => errs
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone()),
            _ => None,
        }
    }
}

impl std::error::Error for AppError {}

/// What every server function answers in, values and errors alike: postcard (each function's
/// `output = server_fn::codec::Postcard`). The browser then carries one compact binary reader
/// and no JSON reader at all — on a teacher's first visit that is a tenth of the wasm.
pub type AnswerEncoding = PostcardEncoding;

/// The content type of a server function's answer and of an error body.
pub const ANSWER_CONTENT_TYPE: &str = <AnswerEncoding as ContentType>::CONTENT_TYPE;

/// A server function's answer (or a download route's error body) read back: what a client
/// outside the browser, such as the integration tests, decodes with.
pub fn decode_answer<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    <AnswerEncoding as Decodes<T>>::decode(Bytes::copy_from_slice(bytes)).map_err(|e| e.to_string())
}

impl FromServerFnError for AppError {
    type Encoder = AnswerEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(d)
            | ServerFnErrorErr::Deserialization(d)
            | ServerFnErrorErr::Serialization(d) => Self::Transport(d),
            ServerFnErrorErr::Args(d) | ServerFnErrorErr::MissingArg(d) => Self::BadRequest(d),
            _ => Self::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// A failure the request did not cause: the cause goes to the log, the user reads only
    /// that the system failed.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        Self::Internal
    }

    /// This answer to a cause that it does not show (a value that does not parse, a record
    /// outside the caller's view): the cause goes to the debug log.
    pub fn because(self, cause: impl std::fmt::Display) -> Self {
        tracing::debug!(%cause, answer = %self, "refused");
        self
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        use sea_orm::{DbErr, SqlErr};
        if let Some(SqlErr::UniqueConstraintViolation(_)) = e.sql_err() {
            return Self::Conflict("记录已存在".into());
        }
        if matches!(e, DbErr::RecordNotFound(_)) {
            return Self::NotFound;
        }
        tracing::error!(error = %e, "database error");
        Self::Internal
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::TransactionError<AppError>> for AppError {
    fn from(e: sea_orm::TransactionError<AppError>) -> Self {
        match e {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(app) => app,
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::{AppError, Broken};

    #[test]
    fn a_rule_about_a_field_reads_as_that_fields_message() {
        let e = AppError::from(Broken::PhoneTaken);
        assert_eq!(
            e.field_message("phone").as_deref(),
            Some("该手机号已被其他账号使用")
        );
        assert!(matches!(e, AppError::Validation(_)));
    }

    #[test]
    fn a_rule_about_the_state_of_things_is_a_conflict_in_its_words() {
        let e = AppError::from(Broken::ClassFull {
            class: "第一期".into(),
        });
        assert_eq!(e, AppError::Conflict("“第一期”名额已满".into()));
    }

    #[test]
    fn a_file_that_cannot_be_read_is_a_bad_request() {
        assert_eq!(
            AppError::from(Broken::TooManyRows { max: 10 }),
            AppError::BadRequest("文件超过 10 行数据，一次最多导入 10 行，请拆分后分批导入".into())
        );
    }
}
