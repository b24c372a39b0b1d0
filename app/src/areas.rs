//! Which wasm chunk each page travels in.
//!
//! The browser bundle is split by area, not by page. The login page sits in the main module
//! (everyone needs it first); the shell with the teacher's home (the first visit) is one chunk
//! (`portal`), the pages the home's tab bar leads to another (`teacher`), the pages a phone
//! opens now and then (profile, growth record, password, certificate check, the check-in a
//! QR code opens) a third (`account`) and the administrators' screens a fourth (`admin`). A teacher on a phone fetches the main module,
//! the portal and the code the portal shares with the other areas — a handful of files — and
//! never an admin screen.
//!
//! One split point per page, as before, made the splitter emit a chunk for every set of pages
//! sharing code (over a thousand files, two hundred preloads on the login page) and put a loader
//! per route into the main module.

use crate::app::mark_interactive;
use crate::pages;
use leptos::prelude::*;
use leptos_router::LazyRoute;

/// One area: its pages, the split point that loads them and a lazy route per page.
///
/// In the browser, the route's view fetches the area's chunk (once) and renders the page from
/// it; on the server it renders at once and names the area, so the page's HTML preloads exactly
/// that chunk and the chunks it shares.
macro_rules! area {
    ($(#[$doc:meta])* $area:ident { $($route:ident => $page:path),* $(,)? }) => {
        $(#[$doc])*
        pub mod $area {
            use super::*;

            #[derive(Clone, Copy, Debug, PartialEq, Eq)]
            #[repr(u8)]
            pub enum Page {
                $($route),*
            }

            fn render(page: Page) -> AnyView {
                match page {
                    $(Page::$route => $page().into_any(),)*
                }
            }

            #[cfg(feature = "hydrate")]
            #[::leptos::wasm_split::wasm_split(
                $area,
                wasm_split_path = ::leptos::wasm_split,
                preload(#[doc(hidden)] preload_area)
            )]
            pub fn load(page: Page) -> AnyView {
                render(page)
            }

            #[cfg(not(feature = "hydrate"))]
            pub async fn load(page: Page) -> AnyView {
                leptos::prefetch_lazy_fn_on_server(stringify!($area));
                render(page)
            }

            #[cfg(not(feature = "hydrate"))]
            pub async fn preload_area() {}

            $(
                pub struct $route;
                impl LazyRoute for $route {
                    fn data() -> Self {
                        $route
                    }
                    async fn view(_this: Self) -> AnyView {
                        let view = load(Page::$route).await;
                        mark_interactive();
                        view
                    }
                    async fn preload() {
                        preload_area().await;
                    }
                }
            )*
        }
    };
}

area! {
    /// The shell and the page of a teacher's first visit: the home, the space's hub.
    portal {
        Frame => pages::shell::Shell,
        Home => pages::home::HomePage,
    }
}

area! {
    /// The pages the teacher's tab bar and 待办 lead to from the home: 继续教育, 选学报名,
    /// 我的学分, 我的证书 and 我的.
    teacher {
        MyTraining => pages::my_training::MyTrainingPage,
        MyCredits => pages::my_credits::MyCreditsPage,
        Enrol => pages::enrol::EnrolPage,
        MyCertificates => pages::my_certificates::MyCertificatesPage,
        Me => pages::me::MePage,
    }
}

area! {
    /// The small pages a phone opens besides the first visit: the password pages, the public
    /// certificate check and the check-in a QR code opens.
    account {
        // 基本信息 and 成长档案, with their uploads: opened now and then, not from the home.
        Profile => pages::profile::ProfilePage,
        MyGrowth => pages::my_growth::MyGrowthPage,
        ChangePassword => pages::change_password::ChangePasswordPage,
        ForgotPassword => pages::forgot_password::ForgotPasswordPage,
        Verify => pages::verify::VerifyPage,
        Checkin => pages::checkin::CheckinPage,
        Messages => pages::messages::MessagesPage,
        Announcements => pages::announcements::AnnouncementsPage,
        Announcement => pages::announcement_detail::AnnouncementDetailPage,
    }
}

area! {
    /// The administrators' screens: schools, bureaus and institutions, mostly at a desk.
    admin {
        Schools => pages::schools::SchoolsPage,
        Users => pages::users::UsersPage,
        Institutions => pages::institutions::InstitutionsPage,
        Regions => pages::regions::RegionsPage,
        Teachers => pages::teachers::TeachersPage,
        TeacherRecord => pages::teacher_detail::TeacherDetailPage,
        TeacherImport => pages::teacher_import::TeacherImportPage,
        Projects => pages::projects::ProjectsPage,
        ProjectReview => pages::projects::ProjectReviewPage,
        ProjectRecord => pages::project_detail::ProjectDetailPage,
        ProjectForm => pages::project_form::ProjectFormPage,
        Directive => pages::directive::DirectivePage,
        Exemptions => pages::exemptions::ExemptionsPage,
        Assessments => pages::assessments::AssessmentsPage,
        CreditReview => pages::credit_review::CreditReviewPage,
        Shortfall => pages::shortfall::ShortfallPage,
        Classes => pages::classes::ClassesPage,
        Leaves => pages::leaves::LeavesPage,
        Cycles => pages::cycles::CyclesPage,
        ProvinceForms => pages::item_lists::ItemListsPage,
        AccountSettings => pages::account_settings::AccountSettingsPage,
        Audit => pages::audit::AuditPage,
        Deliveries => pages::deliveries::DeliveriesPage,
        AnnouncementForm => pages::announcement_form::AnnouncementFormPage,
        TrainingYears => pages::training_years::TrainingYearsPage,
        EnrolmentReview => pages::enrolment_review::EnrolmentReviewPage,
        CheckinScreen => pages::checkin_screen::CheckinScreenPage,
        Workbench => pages::workbench::WorkbenchPage,
        // One more area would split the code the portal shares into more files for a
        // teacher's first visit (16 instead of 9): 统计分析 travels with the admin screens.
        Statistics => pages::statistics::StatisticsPage,
    }
}

/// The shell (top bar, menu, role switcher) around every page but the login pages. It does not
/// make a page interactive by itself: its page does (`mark_interactive`).
pub struct Shell;

impl LazyRoute for Shell {
    fn data() -> Self {
        Shell
    }
    async fn view(_this: Self) -> AnyView {
        portal::load(portal::Page::Frame).await
    }
    /// The router hydrates a page once every matched route's preload is done, in one pass: the
    /// shell's chunk must be there too when the page is in another area.
    async fn preload() {
        portal::preload_area().await;
    }
}

/// The 继续教育 page's dialogs (评教, 微能力点), in the account area's chunk, loaded when first
/// opened: the page is one tap from the home, its dialogs are used a few times a year.
#[cfg(feature = "hydrate")]
#[::leptos::wasm_split::wasm_split(account, wasm_split_path = ::leptos::wasm_split)]
fn training_dialog_view(dialog: pages::training_dialogs::TrainingDialog) -> AnyView {
    pages::training_dialogs::render(dialog)
}

/// Renders a dialog of the 继续教育 page, fetching its chunk first in the browser.
pub async fn training_dialog(dialog: pages::training_dialogs::TrainingDialog) -> AnyView {
    #[cfg(feature = "hydrate")]
    {
        training_dialog_view(dialog).await
    }
    #[cfg(not(feature = "hydrate"))]
    {
        pages::training_dialogs::render(dialog)
    }
}
