//! The one error type that crosses the server-function boundary. Its Chinese text lives here.

use leptos::server_fn::codec::PostcardEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::{Bytes, ContentType, Decodes};
use serde::{Deserialize, Serialize};
use std::fmt;

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

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAuthenticated => f.write_str("登录已失效，请重新登录"),
            Self::PasswordChangeRequired => f.write_str("首次登录请先修改密码"),
            Self::Forbidden => f.write_str("无权进行此操作"),
            Self::NotFound => f.write_str("记录不存在或已删除"),
            Self::Validation(errs) => {
                let parts: Vec<&str> = errs.iter().map(|e| e.message.as_str()).collect();
                f.write_str(&parts.join("；"))
            }
            Self::Conflict(msg) | Self::BadRequest(msg) => f.write_str(msg),
            Self::Login(e) => match e {
                LoginError::BadCaptcha => f.write_str("验证码错误，请重新输入"),
                LoginError::UnknownUser => f.write_str("查无用户，请联系学校管理员"),
                LoginError::WrongPassword { remaining } => {
                    write!(f, "账号或密码错误，还可尝试 {remaining} 次")
                }
                LoginError::Locked { until } => {
                    write!(f, "账号已锁定至 {until}，可用手机验证码解锁")
                }
                LoginError::Disabled => f.write_str("账号已停用，请联系管理员"),
                LoginError::Throttled => f.write_str("尝试过于频繁，请稍后再试"),
                LoginError::CodeTooSoon => f.write_str("验证码已发送，请 60 秒后再试"),
                LoginError::InitialExpired => {
                    f.write_str("初始密码已过期，请联系学校管理员重新生成")
                }
                LoginError::CodeDailyLimit => {
                    f.write_str("今日获取验证码次数已达上限，请明天再试或联系学校管理员")
                }
            },
            Self::Internal => f.write_str("系统繁忙，请稍后再试"),
            Self::Transport(_) => f.write_str("网络异常，请检查网络后重试"),
            Self::TooLarge { limit_kb } if *limit_kb >= 1024 => {
                write!(f, "提交的内容过大，不能超过 {} MB", limit_kb / 1024)
            }
            Self::TooLarge { limit_kb } => write!(f, "提交的内容过大，不能超过 {limit_kb} KB"),
            Self::TimedOut => f.write_str("提交超时，请检查网络后重试"),
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
