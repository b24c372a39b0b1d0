//! The Chinese text of every error: what the user reads when a request is refused. Types are
//! in `error` and in the domain modules; the words are here, in one place.

use super::{AppError, LoginError};
use crate::domain::assessment::ScoreTyping;
use crate::domain::checkin::{CheckinTyping, MAX_TITLE_CHARS};
use crate::domain::credits::CycleRuleError;
use crate::domain::directive::QuotaRefused;
use crate::domain::enrolment_flow::StepRefused;
use crate::domain::enrolment_rules::{EnrolRefused, MAX_SELECTED_HOURS_PER_YEAR, NotInAudience};
use crate::domain::evaluation::{ItemsTyping, MAX_ITEM_CHARS, MAX_ITEMS};
use crate::domain::exemption::JoinRefused;
use crate::domain::file_type::ATTACHMENT_MAX_BYTES;
use crate::domain::file_type::FileRefused;
use crate::domain::micro_ability::{DIMENSIONS, MIN_DIMENSIONS, MIN_POINTS, PointsTyping};
use crate::domain::photo::PhotoRefused;
use crate::domain::plan_file::PLAN_MAX_BYTES;
use crate::domain::project::format_credits;
use crate::domain::project_flow::ProjectStepRefused;
use crate::domain::sheet::MissingHeaders;
use crate::domain::teacher_import::CommitRefused;
use std::fmt;

#[cfg(feature = "ssr")]
mod broken;

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
            Self::Refused(r) => r.fmt(f),
            Self::Login(e) => e.fmt(f),
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

impl fmt::Display for LoginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadCaptcha => f.write_str("验证码错误，请重新输入"),
            Self::UnknownUser => f.write_str("查无用户，请联系学校管理员"),
            Self::WrongPassword { remaining } => {
                write!(f, "账号或密码错误，还可尝试 {remaining} 次")
            }
            Self::Locked { until } => write!(f, "账号已锁定至 {until}，可用手机验证码解锁"),
            Self::Disabled => f.write_str("账号已停用，请联系管理员"),
            Self::Throttled => f.write_str("尝试过于频繁，请稍后再试"),
            Self::CodeTooSoon => f.write_str("验证码已发送，请 60 秒后再试"),
            Self::InitialExpired => f.write_str("初始密码已过期，请联系学校管理员重新生成"),
            Self::CodeDailyLimit => {
                f.write_str("今日获取验证码次数已达上限，请明天再试或联系学校管理员")
            }
        }
    }
}

impl fmt::Display for StepRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotYours(a) => write!(f, "无权{}", a.label()),
            Self::NotFrom(s, a) => write!(f, "报名当前为“{}”，不能{}", s.label(), a.label()),
            Self::ReasonMissing(a) => write!(f, "{}须填写原因", a.label()),
        }
    }
}

impl fmt::Display for ProjectStepRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotFrom(s, a) => write!(f, "项目当前为“{}”，不能{}", s.label(), a.label()),
            Self::NotYours(a) => write!(f, "无权对该项目{}", a.label()),
            Self::ReasonMissing(a) => write!(f, "{}须填写原因", a.label()),
        }
    }
}

impl fmt::Display for EnrolRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotOpen => f.write_str("当前不在报名时间内"),
            Self::AlreadyIn => f.write_str("您已报名本项目"),
            Self::Unevaluated(n) => {
                write!(f, "您有 {n} 个已结束的培训尚未评教，请先完成评教")
            }
            Self::OverYearlyHours { taken, adding } => write!(
                f,
                "本年度已选 {taken} 学时，再选 {adding} 学时将超过 {MAX_SELECTED_HOURS_PER_YEAR} 学时上限"
            ),
        }
    }
}

impl fmt::Display for NotInAudience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Region => f.write_str("本项目不面向您所在的区县"),
            Self::Stage(v) => write!(f, "本项目面向{}教师", v.join("、")),
            Self::Subject(v) => write!(f, "本项目面向{}学科教师", v.join("、")),
            Self::Post(v) => write!(f, "本项目面向{}", v.join("、")),
        }
    }
}

impl fmt::Display for JoinRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MakeupOnly { kind } => {
                write!(f, "补学项目仅面向上一年度“{kind}”培训不合格的教师")
            }
            Self::Exempt { level, certificate } => {
                write!(f, "已免修本年度全员培训（{level}证书：{certificate}）")
            }
        }
    }
}

impl fmt::Display for QuotaRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoQuota => f.write_str("本项目未给本县（区）分配名额"),
            Self::Over { quota, used } => write!(
                f,
                "超出名额：本县（区）名额 {quota} 人，已选 {used} 人，还可选 {} 人",
                quota.saturating_sub(*used)
            ),
        }
    }
}

impl fmt::Display for CycleRuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NameMissing => f.write_str("请填写周期名称"),
            Self::Years => f.write_str("周期的起止年份不正确"),
            Self::UnknownCategory(c) => write!(f, "未知的学分类别：{c}"),
            Self::YearlyOverCycle {
                category,
                yearly_sum,
                cycle,
            } => write!(
                f,
                "{category}：每年要求之和（{}）超过周期要求（{}）",
                format_credits(*yearly_sum),
                format_credits(*cycle)
            ),
            Self::CategoriesOverTotal { categories, total } => write!(
                f,
                "各类别周期要求之和（{}）超过周期总要求（{}）",
                format_credits(*categories),
                format_credits(*total)
            ),
        }
    }
}

impl fmt::Display for CommitRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::RowsInvalid(n) => write!(
                f,
                "有 {n} 行存在错误，整体导入未执行：请修正后重新上传，或选择“只导入正确的行”"
            ),
            Self::NoValidRow => f.write_str("没有可导入的正确行"),
        }
    }
}

impl fmt::Display for MissingHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "表头缺少：{}（须有 {}）",
            self.missing.join("、"),
            self.wanted.join("、")
        )
    }
}

impl fmt::Display for CheckinTyping {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Code => f.write_str("请输入屏幕上的 6 位签到码"),
            Self::TitleMissing => f.write_str("请填写签到名称，如“第1天上午”"),
            Self::TitleTooLong => write!(f, "签到名称不超过 {MAX_TITLE_CHARS} 个字"),
        }
    }
}

impl fmt::Display for FileRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("文件为空"),
            Self::PlanTooLarge => write!(f, "实施方案不能超过 {} KB", PLAN_MAX_BYTES / 1024),
            Self::PlanType => f.write_str("实施方案须为 Word、Excel 或 PDF 文件"),
            Self::AttachmentTooLarge => {
                write!(f, "附件不能超过 {} MB", ATTACHMENT_MAX_BYTES / 1024 / 1024)
            }
            Self::AttachmentType => {
                f.write_str("附件须为 Word、PowerPoint、Excel 文件或 JPG、PNG、GIF 图片")
            }
            Self::AnnouncementFileType => {
                f.write_str("附件须为 PDF、Word、PowerPoint、Excel 文件或 JPG、PNG、GIF 图片")
            }
        }
    }
}

impl fmt::Display for PhotoRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing => f.write_str("请选择照片文件"),
            Self::TooLarge { max_kb } => write!(f, "照片不能超过 {max_kb} KB"),
            Self::NotAnImage => f.write_str("仅支持 JPG 或 PNG 格式的图片"),
            Self::AvatarTooSmall => f.write_str("头像至少 64×64 像素"),
            Self::CertificateTooSmall => {
                f.write_str("证件照至少 250×350 像素（一寸照标准为 295×413）")
            }
            Self::CertificateNotUpright => f.write_str("证件照应为竖版一寸照（宽:高 约 5:7）"),
        }
    }
}

impl fmt::Display for ScoreTyping {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OverMax {
                component,
                typed,
                max,
            } => write!(f, "{component}：“{typed}”超过满分 {}", format_credits(*max)),
            Self::NotAScore { component, typed } => write!(
                f,
                "{component}：“{typed}”不是分数（0 或正数，最多一位小数）"
            ),
        }
    }
}

impl fmt::Display for ItemsTyping {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::None => f.write_str("至少需要一个评价项"),
            Self::TooMany => write!(f, "评价项最多 {MAX_ITEMS} 个"),
            Self::TooLong(item) => write!(f, "“{item}”过长，每项不超过 {MAX_ITEM_CHARS} 字"),
        }
    }
}

impl fmt::Display for PointsTyping {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Code { line, code } => {
                write!(f, "第 {line} 行：编号“{code}”应为 A、B 或 C 加数字，如 A1")
            }
            Self::Dimension { line, dimension } => write!(
                f,
                "第 {line} 行：维度“{dimension}”应为{}之一",
                DIMENSIONS.join("、")
            ),
            Self::Name { line } => write!(f, "第 {line} 行：名称不能为空，且不超过 30 字"),
            Self::Repeated { line, code } => write!(f, "第 {line} 行：编号 {code} 重复"),
            Self::TooFew => write!(f, "清单至少需要 {MIN_POINTS} 个能力点"),
            Self::TooFewDimensions => {
                write!(f, "清单须覆盖至少 {MIN_DIMENSIONS} 个维度，教师才能选满")
            }
        }
    }
}
