//! Who may do what, as far as the role alone decides: the permissions, the roles that can hold
//! each, and the gate every server function and file route passes before it runs. The server's
//! policy (`server::auth::policy`) narrows a held permission to the actor's own scope; the
//! browser derives the menu from the same table, so a page is offered exactly to the roles the
//! server lets in.

use super::role::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Browse the region tree below one's scope.
    ViewRegions,
    /// See schools.
    ViewSchools,
    /// Create, edit, disable schools.
    ManageSchools,
    /// Read and edit one's own account: password, contact details, photo, messages.
    OwnProfile,
    /// One's own training as a teacher: offers and enrolment, check-in, evaluations, credits,
    /// growth record, micro-ability picks.
    Learn,
    /// Create, edit, disable institutions and set their authorised regions (province level).
    ManageInstitutions,
    /// The accounts of one's region: roles, resets, disabling (strictly below one's own level).
    ManageUsers,
    /// See and keep teacher records (fields as `domain::teacher::may_edit` allows), reset and
    /// disable their accounts.
    ManageTeachers,
    /// Change and submit a project one declared (its institution, or the bureau that made it).
    DeclareProject,
    /// Approve or return a project: the bureau it was computed for.
    ReviewProject,
    /// Read a project: its two sides, the bureaus above its approver, and — once approved —
    /// the bureaus of the regions it is aimed at.
    ViewProject,
    /// Training years and enrolment windows: the province's own settings.
    ConfigureProvince,
    /// Decide an application (选学) at one's own step: the teacher's school, then the
    /// institution.
    ReviewEnrolment,
    /// The directive chain (指令性): the county picks, the city passes on, the province places
    /// in classes, the institution opens its classes.
    Directive,
    /// See an enrolment: the teacher, the school, the institution, the bureaus above the
    /// teacher's county.
    ViewEnrolment,
    /// Record and revoke exemptions (免修) of the teachers of a county: the bureaus over it.
    ManageExemptions,
    /// Approve or refuse a hand-entered credit: the teacher's school its school-based research,
    /// the teacher's county the rest (谁组织、谁负责).
    CertifyCredits,
    /// Run a class: check-in, leaves, scores, certificates — whoever runs it (the institution,
    /// or the bureau that made a project no institution runs).
    GradeClass,
    /// Ask leave (请假) for an enrolled teacher, replace an enrolled teacher: the teacher's
    /// school.
    FileLeave,
    /// Record a yearly result on a teacher's record: 师德考核 the teacher's county, 年度考核
    /// the teacher's school.
    RecordAssessment,
    /// Read and export the audit log of a region: the 安全审计员 of that region only.
    ReadAudit,
    /// The figures of one's unit: the 工作台 and 统计分析 of a bureau or a school, an
    /// institution's own classes and projects.
    ViewStatistics,
    /// Publish 通知公告 to one's own scope: bureaus, schools, institutions.
    PublishAnnouncements,
    /// Read the 通知公告 that reach one: everyone but the auditor, who reads the log only.
    ReadAnnouncements,
    /// 发送记录: every SMS and e-mail the platform sent or could not send (the province).
    ViewDeliveries,
}

impl Permission {
    pub const ALL: [Permission; 25] = [
        Self::ViewRegions,
        Self::ViewSchools,
        Self::ManageSchools,
        Self::OwnProfile,
        Self::Learn,
        Self::ManageInstitutions,
        Self::ManageUsers,
        Self::ManageTeachers,
        Self::DeclareProject,
        Self::ReviewProject,
        Self::ViewProject,
        Self::ConfigureProvince,
        Self::ReviewEnrolment,
        Self::Directive,
        Self::ViewEnrolment,
        Self::ManageExemptions,
        Self::CertifyCredits,
        Self::GradeClass,
        Self::FileLeave,
        Self::RecordAssessment,
        Self::ReadAudit,
        Self::ViewStatistics,
        Self::ViewDeliveries,
        Self::PublishAnnouncements,
        Self::ReadAnnouncements,
    ];

    /// Whether a role can hold the permission at all; the policy then checks the target. The
    /// auditor holds nothing but the log (等保 三员分立), administrators never hold it.
    pub fn held_by(self, role: Role) -> bool {
        use Permission::*;
        use Role::*;
        let bureau = role.is_bureau();
        match self {
            OwnProfile => true,
            ReadAudit => role == Auditor,
            ReadAnnouncements => role != Auditor,
            Learn => role == Teacher,
            ViewRegions | ManageSchools | ManageUsers | ReviewProject | ManageExemptions => bureau,
            ViewSchools | ManageTeachers => bureau || role == SchoolAdmin,
            ManageInstitutions | ConfigureProvince | ViewDeliveries => role == ProvinceAdmin,
            DeclareProject | ViewProject | Directive | GradeClass => bureau || role == Institution,
            ReviewEnrolment => matches!(role, SchoolAdmin | Institution),
            ViewEnrolment => !matches!(role, Auditor),
            CertifyCredits | RecordAssessment => matches!(role, CountyAdmin | SchoolAdmin),
            FileLeave => role == SchoolAdmin,
            ViewStatistics | PublishAnnouncements => {
                bureau || matches!(role, SchoolAdmin | Institution)
            }
        }
    }
}

/// What a server function or route asks of its caller before it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Open to anyone: signing in, recovery, the certificate check, the captcha.
    Anyone,
    /// Any signed-in account, even one that still has to change its first password.
    SignedIn,
    /// A signed-in account whose active role holds one of these permissions.
    Any(&'static [Permission]),
}

impl Gate {
    /// Whether an active role (`None`: not signed in) passes the gate.
    pub fn admits(self, role: Option<Role>) -> bool {
        match self {
            Gate::Anyone => true,
            Gate::SignedIn => role.is_some(),
            Gate::Any(perms) => role.is_some_and(|r| perms.iter().any(|p| p.held_by(r))),
        }
    }
}

/// An entry of the app's menu: offered to a role exactly when the role holds `needs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MenuEntry {
    pub path: &'static str,
    pub label: &'static str,
    /// The label an institution sees, where it differs (it declares what bureaus oversee).
    pub institution_label: Option<&'static str>,
    pub needs: Option<Permission>,
}

const fn entry(path: &'static str, label: &'static str, needs: Permission) -> MenuEntry {
    MenuEntry {
        path,
        label,
        institution_label: None,
        needs: Some(needs),
    }
}

/// The whole menu in its order. An entry exists only when its page works.
pub const MENU: [MenuEntry; 32] = [
    MenuEntry {
        path: "/",
        label: "首页",
        institution_label: None,
        needs: None,
    },
    entry("/workbench", "工作台", Permission::ViewStatistics),
    entry("/announcements", "通知公告", Permission::ReadAnnouncements),
    entry(
        "/announcements/new",
        "发布通知",
        Permission::PublishAnnouncements,
    ),
    entry("/audit", "审计日志", Permission::ReadAudit),
    entry("/my/training", "继续教育", Permission::Learn),
    entry("/enrol", "选学报名", Permission::Learn),
    entry("/my/credits", "我的学分", Permission::Learn),
    entry("/my/certificates", "我的证书", Permission::Learn),
    entry("/my/growth", "成长档案", Permission::Learn),
    entry("/profile", "基本信息", Permission::Learn),
    MenuEntry {
        path: "/projects",
        label: "培训项目",
        institution_label: Some("项目申报"),
        needs: Some(Permission::DeclareProject),
    },
    entry("/projects/review", "项目审核", Permission::ReviewProject),
    entry("/enrolments", "报名审核", Permission::ReviewEnrolment),
    entry("/leaves", "请假管理", Permission::FileLeave),
    entry("/directive", "指令性项目", Permission::Directive),
    entry("/exemptions", "免修登记", Permission::ManageExemptions),
    entry("/classes", "班级管理", Permission::GradeClass),
    entry("/credits/review", "学分认定", Permission::CertifyCredits),
    entry("/assessments", "考核结果", Permission::RecordAssessment),
    entry("/credits/shortfall", "学分预警", Permission::ManageTeachers),
    entry("/stats", "统计分析", Permission::ViewStatistics),
    entry("/teachers", "教师管理", Permission::ManageTeachers),
    entry("/org/regions", "区域", Permission::ViewRegions),
    entry("/org/schools", "学校管理", Permission::ManageSchools),
    entry("/org/users", "用户管理", Permission::ManageUsers),
    entry(
        "/org/institutions",
        "培训机构",
        Permission::ManageInstitutions,
    ),
    entry("/settings/years", "培训年度", Permission::ConfigureProvince),
    entry(
        "/settings/cycles",
        "培训周期",
        Permission::ConfigureProvince,
    ),
    entry(
        "/settings/forms",
        "评教与微能力点",
        Permission::ConfigureProvince,
    ),
    entry(
        "/settings/accounts",
        "账号安全",
        Permission::ConfigureProvince,
    ),
    entry("/settings/messages", "发送记录", Permission::ViewDeliveries),
];

/// Whether the role's home is the 工作台 (the home page sends it there).
pub fn has_workbench(role: Role) -> bool {
    Permission::ViewStatistics.held_by(role)
}

/// Menu entries for a role: (path, label). A role with a 工作台 has it instead of 首页.
pub fn menu_for(role: Role) -> Vec<(&'static str, &'static str)> {
    MENU.iter()
        .filter(|e| e.needs.is_none_or(|p| p.held_by(role)))
        .filter(|e| !(e.path == "/" && has_workbench(role)))
        .map(|e| {
            let label = match (role, e.institution_label) {
                (Role::Institution, Some(l)) => l,
                _ => e.label,
            };
            (e.path, label)
        })
        .collect()
}

/// Whether `path` is the page `prefix` or one under it (`/teachers/5` is under `/teachers`,
/// `/teachersx` is not).
pub fn is_under(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Whether a role may open a page of the app: the page's menu entry (the longest one whose
/// path is the page's or a parent of it) decides, so a page typed into the address bar is
/// refused exactly when its menu entry is not offered. Pages outside the menu (changing one's
/// password, a check-in link, the home page) are for everyone signed in.
pub fn page_allowed(role: Role, path: &str) -> bool {
    let path = path.trim_end_matches('/');
    MENU.iter()
        .filter(|e| e.path != "/")
        .filter(|e| is_under(path, e.path))
        .max_by_key(|e| e.path.len())
        .is_none_or(|e| e.needs.is_none_or(|p| p.held_by(role)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_auditor_holds_the_log_and_nothing_an_administrator_holds() {
        for p in Permission::ALL {
            let auditor = p.held_by(Role::Auditor);
            assert_eq!(
                auditor,
                matches!(p, Permission::ReadAudit | Permission::OwnProfile),
                "{p:?}"
            );
            if p == Permission::ReadAudit {
                assert!(
                    Role::ALL
                        .iter()
                        .all(|r| *r == Role::Auditor || !p.held_by(*r))
                );
            }
        }
    }

    #[test]
    fn gates_admit_by_role() {
        assert!(Gate::Anyone.admits(None));
        assert!(!Gate::SignedIn.admits(None));
        assert!(Gate::SignedIn.admits(Some(Role::Auditor)));
        let teachers = Gate::Any(&[Permission::ManageTeachers]);
        assert!(teachers.admits(Some(Role::SchoolAdmin)));
        assert!(teachers.admits(Some(Role::CountyAdmin)));
        assert!(!teachers.admits(Some(Role::Teacher)));
        assert!(!teachers.admits(Some(Role::Institution)));
        assert!(!teachers.admits(None));
        let runners = Gate::Any(&[Permission::GradeClass, Permission::Learn]);
        assert!(runners.admits(Some(Role::Teacher)));
        assert!(runners.admits(Some(Role::Institution)));
        assert!(!runners.admits(Some(Role::SchoolAdmin)));
    }

    #[test]
    fn a_page_is_under_its_path_and_its_sub_paths_only() {
        assert!(is_under("/teachers", "/teachers"));
        assert!(is_under("/teachers/5", "/teachers"));
        assert!(!is_under("/teachersx", "/teachers"));
        assert!(!is_under("/my", "/my/training"));
    }

    fn has(role: Role, path: &str) -> bool {
        menu_for(role).iter().any(|(p, _)| *p == path)
    }

    #[test]
    fn menus_follow_the_permissions() {
        assert!(has(Role::Teacher, "/profile"));
        assert!(!has(Role::Teacher, "/org/schools"));
        for r in [Role::ProvinceAdmin, Role::CityAdmin, Role::CountyAdmin] {
            assert!(has(r, "/org/schools"));
            assert!(has(r, "/directive"));
            assert!(!has(r, "/enrolments"), "{r:?}");
        }
        assert!(has(Role::ProvinceAdmin, "/org/institutions"));
        assert!(has(Role::ProvinceAdmin, "/settings/accounts"));
        assert!(!has(Role::CountyAdmin, "/org/institutions"));
        assert!(!has(Role::CityAdmin, "/settings/years"));
        // 考核结果 and 学分认定 are the county's and the school's.
        for (role, n) in [
            (Role::CountyAdmin, true),
            (Role::SchoolAdmin, true),
            (Role::CityAdmin, false),
            (Role::ProvinceAdmin, false),
            (Role::Teacher, false),
        ] {
            assert_eq!(has(role, "/assessments"), n, "{role:?}");
            assert_eq!(has(role, "/credits/review"), n, "{role:?}");
        }
        assert_eq!(
            menu_for(Role::Auditor),
            vec![("/", "首页"), ("/audit", "审计日志")]
        );
        let institution = menu_for(Role::Institution);
        assert!(institution.contains(&("/projects", "项目申报")));
        assert!(institution.iter().any(|(p, _)| *p == "/enrolments"));
        assert!(!institution.iter().any(|(p, _)| *p == "/teachers"));
        assert!(menu_for(Role::CountyAdmin).contains(&("/projects", "培训项目")));
        let school: Vec<&str> = menu_for(Role::SchoolAdmin).iter().map(|e| e.0).collect();
        assert_eq!(
            school,
            [
                "/workbench",
                "/announcements",
                "/announcements/new",
                "/enrolments",
                "/leaves",
                "/credits/review",
                "/assessments",
                "/credits/shortfall",
                "/stats",
                "/teachers"
            ]
        );
        // Every administrator's home is the 工作台; the teacher's and the auditor's is 首页.
        for r in Role::ALL {
            let home = menu_for(r)[0].0;
            let admin = !matches!(r, Role::Teacher | Role::Auditor);
            assert_eq!(home, if admin { "/workbench" } else { "/" }, "{r:?}");
            assert_eq!(has(r, "/stats"), admin, "{r:?}");
        }
    }

    #[test]
    fn pages_follow_their_menu_entries() {
        assert!(page_allowed(Role::Teacher, "/"));
        assert!(page_allowed(Role::Teacher, "/my/credits"));
        assert!(page_allowed(Role::Teacher, "/checkin"));
        assert!(page_allowed(Role::Teacher, "/change-password"));
        assert!(!page_allowed(Role::Teacher, "/teachers"));
        assert!(!page_allowed(Role::Teacher, "/teachers/12"));
        assert!(!page_allowed(Role::Teacher, "/teachers/"));
        assert!(!page_allowed(Role::Teacher, "/projects/7"));
        assert!(page_allowed(Role::SchoolAdmin, "/teachers/import"));
        assert!(!page_allowed(Role::SchoolAdmin, "/org/users"));
        assert!(!page_allowed(Role::SchoolAdmin, "/enrol"));
        assert!(page_allowed(Role::SchoolAdmin, "/enrolments"));
        // The longest entry decides: the review queue is the bureaus', the list the declarers'.
        assert!(page_allowed(Role::Institution, "/projects/new"));
        assert!(!page_allowed(Role::Institution, "/projects/review"));
        assert!(page_allowed(Role::CityAdmin, "/projects/review"));
        assert!(!page_allowed(Role::CityAdmin, "/settings/years"));
        assert!(page_allowed(Role::ProvinceAdmin, "/settings/accounts"));
        assert!(!page_allowed(Role::ProvinceAdmin, "/audit"));
        assert!(page_allowed(Role::Auditor, "/audit"));
        assert!(!page_allowed(Role::Auditor, "/classes"));
        // A page's path only matches whole segments.
        assert!(!page_allowed(Role::Teacher, "/enrolments"));
        assert!(page_allowed(Role::Teacher, "/enrol"));
    }

    /// No path is listed twice: the menu is one table.
    #[test]
    fn each_page_is_listed_once() {
        let mut paths: Vec<&str> = MENU.iter().map(|e| e.path).collect();
        let n = paths.len();
        paths.sort();
        paths.dedup();
        assert_eq!(paths.len(), n);
    }
}
