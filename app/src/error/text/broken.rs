//! The words of the rules in `Broken`, by the same groups.

use crate::domain::micro_ability::PROJECT_KIND as MICRO_KIND;
use crate::error::Broken;
use std::fmt;

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UploadMissing => f.write_str("缺少上传内容"),
            Self::UploadIncomplete => f.write_str("上传内容不完整"),
            Self::NoProjectGiven => f.write_str("缺少项目"),
            Self::NoClassGiven => f.write_str("缺少班级"),
            Self::UnknownPhotoKind => f.write_str("未知的照片类型"),
            Self::UnknownBatchAction => f.write_str("未知的批量操作"),
            Self::BatchTooLarge { max } => write!(f, "一次最多处理 {max} 条"),
            Self::ScoresTooMany { max } => write!(f, "一次最多保存 {max} 名学员的成绩"),
            Self::InitialPasswordsIssued => {
                f.write_str("本省初始密码由管理员生成发放：请勾选后使用“生成初始密码”")
            }
            Self::PhotoTooLarge { max_kb } => write!(f, "照片不能超过 {max_kb} KB"),
            Self::ImportFileTooLarge { max_mb } => {
                write!(f, "文件超过 {max_mb} MB，请拆分后分批导入")
            }
            Self::ChooseImportFile => f.write_str("请选择要导入的文件"),
            Self::ListFileTooLarge { max_mb } => write!(f, "名单文件不能超过 {max_mb} MB"),
            Self::ScoresFileTooLarge { max_mb } => write!(f, "成绩文件不能超过 {max_mb} MB"),
            Self::ChooseInitialRule => f.write_str("请选择初始密码规则"),
            Self::PasswordsDiffer => f.write_str("两次输入的密码不一致"),
            Self::FileUnreadable => f.write_str(
                "无法读取该文件：请上传 Excel 文件（.xlsx、.xls）或 CSV 文件（UTF-8 或 GBK 编码）",
            ),
            Self::FileEmpty => f.write_str("文件是空的"),
            Self::FirstSheetEmpty => f.write_str("文件是空的：第一个工作表中没有任何内容"),
            Self::NoSheet => f.write_str("文件中没有工作表"),
            Self::SheetUnreadable => f.write_str("无法读取第一个工作表，文件可能已损坏"),
            Self::FileTooLargeUnpacked => f.write_str(
                "文件解压后过大（超过 200 MB 或压缩比异常），请删除多余内容或拆分后分批导入",
            ),
            Self::TooManyRows { max } => write!(
                f,
                "文件超过 {max} 行数据，一次最多导入 {max} 行，请拆分后分批导入"
            ),
            Self::TooManyColumns { line, max } => {
                write!(f, "第 {line} 行有超过 {max} 列内容，请使用导入模板")
            }
            Self::CsvLine { line, cause } => write!(f, "CSV 第 {line} 行格式有误：{cause}"),
            Self::HeadersMissing { missing } => write!(
                f,
                "表头缺少：{missing}。请使用“下载模板”中的模板，表头在第一行"
            ),
            Self::OnlyHeaders => f.write_str("文件中只有表头，没有教师数据"),
            Self::ImportCommitted => f.write_str("该文件已导入；如需再次导入请重新上传"),
            Self::ImportNotChecked => f.write_str("该导入尚未校验完成"),
            Self::ImportAuditFailed => {
                f.write_str("导入已写入，但审计日志记录失败，请联系系统管理员")
            }
            Self::ImportRolledBack { cause } => write!(
                f,
                "导入失败，已全部撤销，没有写入任何数据（{cause}）。请重新上传文件再试"
            ),
            Self::NoMatchingRecord => {
                f.write_str("未找到身份证号与姓名均一致的教师档案，请核对后重试")
            }
            Self::NameRequired => f.write_str("请输入姓名"),
            Self::LookupsExhausted { per_day } => {
                write!(f, "今日按身份证号查找教师已达 {per_day} 次，请明天再试")
            }
            Self::TargetSchoolDisabled | Self::SchoolDisabled => f.write_str("该学校已停用"),
            Self::TeacherRetired => f.write_str("该教师已离退，请先恢复在岗"),
            Self::SameSchool => f.write_str("调入学校与现所在学校相同"),
            Self::ProveFullId => f.write_str("请输入该教师完整的身份证号以确认调入"),
            Self::StatusChange { from, to } => {
                write!(f, "不能从“{}”改为“{}”", from.label(), to.label())
            }
            Self::ChooseRole => f.write_str("请选择角色"),
            Self::ChooseUnit => f.write_str("请选择所属单位"),
            Self::TeacherRoleFromRecord => f.write_str("教师角色随教师信息建立"),
            Self::RoleHeld => f.write_str("该用户已有此角色"),
            Self::IdNumberHasAccount => f.write_str("该身份证号已有账号，请为其增加角色"),
            Self::PhoneTaken => f.write_str("该手机号已被其他账号使用"),
            Self::CurrentPasswordWrong => f.write_str("当前密码不正确"),
            Self::NewPasswordSame => f.write_str("新密码不能与当前密码相同"),
            Self::PasswordWrong => f.write_str("密码不正确"),
            Self::NoIdNumberForInitial => f.write_str("该账号没有身份证号，无法恢复初始密码"),
            Self::CodeWrong => f.write_str("验证码错误或已过期"),
            Self::UnknownMessageKind => f.write_str("没有这种消息类型"),
            Self::MandatoryMessage { kind } => {
                write!(f, "“{}”关系账号安全，不能关闭", kind.label())
            }
            Self::BodyRequired => f.write_str("请填写正文"),
            Self::TimeInvalid { .. } => f.write_str("时间格式应为 2026-12-08 09:00"),
            Self::DeadlineBeforePublish => f.write_str("截止时间应晚于发布时间"),
            Self::UnitUnknown => f.write_str("所选单位不存在"),
            Self::UnitOutside => f.write_str("只能发给本单位范围内的单位"),
            Self::RoleAbove => f.write_str("只能发给本级及下级的角色"),
            Self::ChooseProject => f.write_str("请选择培训项目"),
            Self::ProjectNotOwn => f.write_str("只能发给本机构承办项目的学员"),
            Self::AlreadyWithdrawn => f.write_str("该通知已撤回"),
            Self::RemindedToday => f.write_str("今天已催办过，请明天再催"),
            Self::NothingToRemind => f.write_str("所有人都已阅读，无需催办"),
            Self::MessageNotFailed => {
                f.write_str("只有发送失败的通知可以重新发送（验证码已失效，请用户重新获取）")
            }
            Self::UnknownCodePurpose => f.write_str("未知的操作"),
            Self::ValidDaysOutOfRange => f.write_str("有效天数应为 1 至 365 天"),
            Self::NoTeachersChosen => f.write_str("请先勾选教师"),
            Self::TooManyForOneSheet { max } => write!(f, "一次最多为 {max} 人生成"),
            Self::PhotosForTeachers => f.write_str("只有教师需要上传证书照片"),
            Self::InstitutionNameTaken => f.write_str("已有同名机构"),
            Self::SchoolNameTaken => f.write_str("本区县已有同名学校"),
            Self::YearNotSet { year } => {
                write!(f, "{year} 培训年度尚未设置，请联系省级管理员")
            }
            Self::TargetRegionUnknown => f.write_str("培训对象区域不存在"),
            Self::InstitutionUnavailable => f.write_str("承办机构不存在或已停用"),
            Self::PlanFileInvalid => f.write_str("实施方案文件无效，请重新上传"),
            Self::ProjectNotEditable { status } => {
                write!(f, "项目当前为“{}”，不能修改", status.label())
            }
            Self::ProjectChanged => f.write_str("项目状态已变化，请刷新后重试"),
            Self::PlanRequired => f.write_str("请先上传实施方案再提交"),
            Self::AlreadyDrawn => f.write_str("本班已抽签，抽签只能进行一次"),
            Self::NoDrawNeeded { applicants, open } => {
                write!(f, "报名 {applicants} 人未超过剩余名额 {open} 人，无需抽签")
            }
            Self::ExtraSeatsOutOfRange { limit } => {
                write!(f, "扩班名额应为 0–{limit}（不超过计划人数的 50%）")
            }
            Self::CancelReasonRequired => f.write_str("取消办班须填写原因"),
            Self::ClassCancelled => f.write_str("该班级已取消"),
            Self::ClassNotInProject => f.write_str("请选择本项目的班级"),
            Self::ChooseInstitution => f.write_str("该班级尚无承培机构，请选择"),
            Self::InstitutionInvalid => f.write_str("请选择有效的承培机构"),
            Self::ClassFull { class } => write!(f, "“{class}”名额已满"),
            Self::NoticeEmpty => f.write_str("请填写开班通知的内容"),
            Self::NoticeTooLong { max } => write!(f, "开班通知不能超过 {max} 字"),
            Self::PickOwnCountyTeachers => f.write_str("请选择本县（区）的教师"),
            Self::EnrolmentChanged => f.write_str("报名状态已变化，请刷新后重试"),
            Self::ClassStarted => f.write_str("班级已开班，不能替换"),
            Self::ReplacementNotOwnSchool => f.write_str("替换人须为本校教师"),
            Self::ReplacementAlreadyIn => f.write_str("该教师已在本项目中"),
            Self::NoRecordForId => f.write_str("未找到该身份证号的教师档案"),
            Self::ChooseYear => f.write_str("请选择年度"),
            Self::AlreadyExempt { name, year } => write!(f, "{name} {year} 年度已登记免修"),
            Self::OnWholeStaffList { name, year } => write!(
                f,
                "{name} 已在 {year} 年度全员培训名单中，请先将其移出再登记免修"
            ),
            Self::NotOnRoster => f.write_str("您不在该班级的录取名单中，不能签到"),
            Self::CheckinClosed => f.write_str("本次签到已结束"),
            Self::CheckinCodeStale => f.write_str("签到码已失效或不正确，请扫描屏幕上最新的二维码"),
            Self::CheckinScanOutside => {
                f.write_str("扫码时间不在本次签到的开放时间内（离线签到须在 7 天内上传）")
            }
            Self::LeaveNotEnrolled => f.write_str("该教师尚未被录取，无需请假"),
            Self::LeaveDecided => f.write_str("该请假已审批"),
            Self::LeaveReasonRequired => f.write_str("不批准须填写原因"),
            Self::EvaluationWindow { days, from, to } => {
                write!(f, "评教时间为结业后 {days} 天内（{from} 至 {to}）")
            }
            Self::AlreadyEvaluated => f.write_str("您已评价过该班级"),
            Self::MicroPointsNotForKind => write!(f, "只有“{MICRO_KIND}”项目需要选微能力点"),
            Self::MicroPointsWindow => f.write_str("录取后、结业前才能选择或修改微能力点"),
            Self::GradeBeforeApproval => f.write_str("项目尚未通过审核，不能录入成绩"),
            Self::SchemeLocked => f.write_str("已有学员录入成绩，考核方案不能再修改"),
            Self::LearnAfterEnrolled => f.write_str("录取后才能进入远程学习"),
            Self::PlatformNotLinked => f.write_str("承办机构尚未接入学习平台"),
            Self::NoticeAfterEnrolled => f.write_str("录取后才能打印开班通知"),
            Self::NoticeNotPublished => f.write_str("承办机构尚未发布开班通知"),
            Self::CertificateRevoked => f.write_str("该证书已撤销，不能打印"),
            Self::NoCertificatesYet => f.write_str("本班还没有已发放的证书（成绩合格后自动发放）"),
            Self::NoCycleSet => f.write_str("省级尚未设置培训周期"),
            Self::NoApprovedCredits { cycle } => {
                write!(f, "{cycle}周期内还没有已认定的学分，暂不能开具学分证明")
            }
            Self::SchoolCreditsNeedSchool => {
                f.write_str("校本研修学分由所在学校认定，您当前不在任何学校")
            }
            Self::CreditReasonRequired => f.write_str("不予认定须填写原因"),
            Self::ChooseGrowthKind => f.write_str("请选择荣誉或教学成果"),
            Self::AttachmentGone | Self::AnnouncementFileGone => {
                f.write_str("附件已失效，请重新上传")
            }
            Self::ActorIdNotNumber => f.write_str("用户编号应为数字"),
            Self::ExportTooLarge { max } => {
                write!(f, "一次最多导出 {max} 条，请缩小时间范围")
            }
            Self::InstitutionStatsAbove => f.write_str("机构统计由省级、市级查看"),
        }
    }
}
