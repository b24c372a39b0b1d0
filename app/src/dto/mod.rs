//! Serde types shared with the browser.

pub mod account;
pub mod announcements;
pub mod audit;
pub mod checkin;
pub mod credits;
pub mod dashboard;
pub mod directive;
pub mod enrolments;
pub mod evaluations;
pub mod exemptions;
pub mod growth;
pub mod home;
pub mod ids;
pub mod leaves;
pub mod messages;
pub mod org;
pub mod profile;
pub mod projects;
pub mod results;
pub mod teacher_import;
pub mod teachers;
pub mod users;

use serde::{Deserialize, Serialize};

/// One page of a list, with the total for the pager.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
}

pub const DEFAULT_PAGE_SIZE: u64 = 20;
pub const MAX_PAGE_SIZE: u64 = 100;

/// What a list's server function answers: a page of rows, perhaps with more around it
/// (a summary over the table).
pub trait Listing: Clone + Serialize + serde::de::DeserializeOwned + Send + Sync + 'static {
    type Row: Send + Sync + 'static;
    fn into_page(self) -> Page<Self::Row>;
}

impl<T> Listing for Page<T>
where
    T: Clone + Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
{
    type Row = T;
    fn into_page(self) -> Page<T> {
        self
    }
}

/// `Listing` for answers that hold their page in a field beside a summary.
macro_rules! listing {
    ($($answer:ty => $row:ty, $field:ident);* $(;)?) => {$(
        impl Listing for $answer {
            type Row = $row;
            fn into_page(self) -> Page<$row> {
                self.$field
            }
        }
    )*};
}

listing!(
    audit::AuditPage => audit::AuditRow, rows;
    credits::ShortfallPage => credits::ShortfallRow, page;
    enrolments::OfferPage => enrolments::ClassOffer, page;
    growth::AssessmentList => growth::AssessmentRow, page;
    messages::MessagePage => messages::MessageRow, page;
    announcements::AnnouncementPage => announcements::AnnouncementRow, page;
    messages::DeliveryPage => messages::DeliveryRow, page;
);

/// A list's filter: what a list page holds in its address and sends to its server function.
/// The page size a list serves for the one asked: the default when none is asked, never more
/// than the most a page holds.
pub fn page_size(asked: u64) -> u64 {
    if asked == 0 {
        DEFAULT_PAGE_SIZE
    } else {
        asked.min(MAX_PAGE_SIZE)
    }
}

pub trait Paged:
    Clone + Default + PartialEq + Serialize + serde::de::DeserializeOwned + Send + Sync + 'static
{
    fn page(&self) -> u64;
    /// The same filter at `page` (1 at the least), with the default page size when none is set.
    fn at_page(self, page: u64) -> Self;
}

/// `Paged` for each filter; `=> page_size` names the field of a list whose page size the
/// caller chooses (the default when none is set). The others list a fixed page size.
macro_rules! paged {
    ($($filter:ty $(=> $size:ident)?),* $(,)?) => {$(
        impl Paged for $filter {
            fn page(&self) -> u64 {
                self.page.max(1)
            }
            fn at_page(mut self, page: u64) -> Self {
                self.page = page.max(1);
                $(
                    if self.$size == 0 {
                        self.$size = DEFAULT_PAGE_SIZE;
                    }
                )?
                self
            }
        }
    )*};
}

paged!(
    audit::AuditFilter => page_size,
    credits::ShortfallFilter => page_size,
    enrolments::OfferFilter => page_size,
    enrolments::EnrolmentFilter => page_size,
    org::SchoolFilter => page_size,
    org::InstitutionFilter => page_size,
    projects::ProjectFilter => page_size,
    teachers::TeacherFilter => page_size,
    users::UserFilter => page_size,
    messages::MessageFilter => page_size,
    announcements::AnnouncementFilter => page_size,
    messages::DeliveryFilter => page_size,
    exemptions::ExemptionFilter,
    growth::AssessmentFilter,
);

#[cfg(test)]
mod tests {
    use super::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, page_size};

    #[test]
    fn a_page_holds_the_default_when_no_size_is_asked_and_never_more_than_the_most() {
        assert_eq!(page_size(0), DEFAULT_PAGE_SIZE);
        assert_eq!(page_size(50), 50);
        assert_eq!(page_size(10_000), MAX_PAGE_SIZE);
    }
}
