//! What an audit action is called in Chinese, by its area ("teacher.move" → 教师调动).

/// Areas of actions, by prefix, with their Chinese names. The longest matching prefix wins.
const NAMES: &[(&str, &str)] = &[
    ("login", "登录"),
    ("logout", "退出"),
    ("change_password", "修改密码"),
    ("recovery.reset_code", "申请重置密码验证码"),
    ("recovery.unlock_code", "申请解锁验证码"),
    ("recovery.code_failed", "验证码错误"),
    ("recovery.reset", "验证码重置密码"),
    ("recovery.unlock", "验证码解锁"),
    ("recovery", "找回账号"),
    ("profile", "个人信息"),
    ("user.reset_password", "重置密码"),
    ("user", "账号管理"),
    ("grant", "角色授权"),
    ("teacher.lookup_by_id_number", "按身份证号查找教师"),
    ("teacher.view_id_number", "查看完整身份证号"),
    ("teacher.view", "查看教师档案"),
    ("enrolment.view", "查看报名详情"),
    ("teacher.issue_passwords", "生成初始密码"),
    ("teacher.export", "导出教师名单"),
    ("teacher.move", "教师调动"),
    ("teacher", "教师档案"),
    ("institution.platform_secret", "生成平台对接密钥"),
    ("institution", "培训机构"),
    ("school", "学校管理"),
    ("project", "培训项目"),
    ("enrolment", "报名"),
    ("directive", "指令性项目"),
    ("class.scores_download", "下载成绩表"),
    ("class.certificates_download", "下载班级证书"),
    ("class", "班级"),
    ("scores", "成绩"),
    ("certificate.download", "下载证书"),
    ("certificate", "证书"),
    ("credit_certificate", "学分证明"),
    ("notice", "开班通知"),
    ("credits", "学分"),
    ("exemption", "免修"),
    ("leave", "请假"),
    ("checkin", "签到"),
    ("assessment", "考核结果"),
    ("sso.redeem", "学习平台兑换票据"),
    ("settings", "系统设置"),
    ("training_year", "培训年度"),
    ("cycle", "培训周期"),
    ("audit.export", "导出审计日志"),
    ("access", "越权请求"),
    ("call", "业务操作"),
    ("growth", "成长档案"),
    ("publish_notice", "发布开班通知"),
    ("announcement.publish", "发布通知公告"),
    ("announcement.withdraw", "撤回通知公告"),
    ("announcement", "通知公告"),
    ("message.failed", "消息发送失败"),
    ("message.retry", "重新发送消息"),
    ("message", "消息"),
];

/// The Chinese name of an action; an unknown one is shown as it is stored.
pub fn label(action: &str) -> String {
    NAMES
        .iter()
        .filter(|(prefix, _)| {
            action == *prefix
                || action
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
        .max_by_key(|(prefix, _)| prefix.len())
        .map_or_else(|| action.to_string(), |(_, name)| (*name).to_string())
}

/// The areas a filter offers: (prefix, name), one per area.
pub fn areas() -> Vec<(&'static str, &'static str)> {
    NAMES
        .iter()
        .filter(|(p, _)| !p.contains('.'))
        .copied()
        .collect()
}

/// The outcomes an entry can have, in the order the filter offers them: (key, label).
pub fn outcome_options() -> Vec<(String, String)> {
    // Written as a match, not a table of strings: a static table here made the wasm splitter
    // keep every area's data in the main module (+160 KB raw; scripts/wasm-size.sh).
    (0..4)
        .map(|i| match i {
            0 => "ok",
            1 => "requested",
            2 => "failed",
            _ => "denied",
        })
        .map(|o| (o.to_string(), outcome(o).0.to_string()))
        .collect()
}

/// The outcome as a tag: (label, tone).
pub fn outcome(o: &str) -> (&'static str, &'static str) {
    match o {
        "ok" => ("成功", "green"),
        // A call written to the log before it ran (the log fails it closed); a failure
        // follows as its own entry.
        "requested" => ("已受理", "blue"),
        "failed" => ("失败", "orange"),
        "denied" => ("拒绝", "red"),
        _ => ("其他", "grey"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_offers_every_outcome_with_its_label() {
        let labels: Vec<String> = outcome_options().into_iter().map(|(_, l)| l).collect();
        assert_eq!(labels, ["成功", "已受理", "失败", "拒绝"]);
    }

    #[test]
    fn the_longest_prefix_names_the_action() {
        assert_eq!(label("teacher.move"), "教师调动");
        assert_eq!(label("teacher.update"), "教师档案");
        assert_eq!(label("recovery.code_failed"), "验证码错误");
        assert_eq!(label("login"), "登录");
        // A prefix must end at a dot: "loginx" is not a login.
        assert_eq!(label("loginx"), "loginx");
        assert!(areas().iter().all(|(p, _)| !p.contains('.')));
    }
}
