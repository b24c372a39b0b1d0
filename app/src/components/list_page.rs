//! The list-page kit: a filter bar over a paged table, with batch selection.
//!
//! The filter lives in the address (`/schools?keyword=实验&page=2`), so back, refresh and a
//! shared link show the same list, and the server renders that list into the first page.
//! `use_list` reads it. The fields of the filter bar follow the address (`field`). A search
//! or a page writes a new address (`apply`, `to_page`), and the list's resource is keyed on
//! the filter and on a version that each change made on the page bumps (`changed`).

use crate::components::feedback::batch_notice;
use crate::data::{Data, page_data};
use crate::dto::projects::BatchOutcome;
use crate::dto::{DEFAULT_PAGE_SIZE, Listing, Paged};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};
use serde::Serialize;

/// The query of an address that holds `filter`. What a missing key reads as anyway is left
/// out (an empty text, 0, false, page 1, the default page size), so an unfiltered list has a
/// bare address and a link shows only what was chosen.
pub fn to_query<F: Serialize>(filter: &F) -> String {
    let default_size = format!("page_size={DEFAULT_PAGE_SIZE}");
    serde_qs::to_string(filter)
        .unwrap_or_default()
        .split('&')
        .filter(|pair| {
            let value = pair.split_once('=').map_or("", |(_, v)| v);
            !matches!(value, "" | "0" | "false") && *pair != "page=1" && *pair != default_size
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// An export's address: the file of what the list shows.
pub fn export_href<F: Serialize>(path: &str, filter: &F) -> String {
    format!("{path}?{}", to_query(filter))
}

/// The filter an address holds; what it cannot read (an edited or outdated link) is left
/// at its default rather than refusing the page.
pub fn from_query<F: Paged>(query: &str) -> F {
    let query = query.trim_start_matches('?');
    let filter: F = serde_qs::from_str(query).unwrap_or_default();
    let page = filter.page();
    filter.at_page(page)
}

/// One list page's state. Copy, like the signals it holds.
pub struct ListState<F: Send + Sync + 'static> {
    filter: Memo<F>,
    version: RwSignal<u32>,
    go: Callback<String>,
    /// The message over the list (after a save, a batch action or a failure).
    pub notice: RwSignal<Option<(bool, String)>>,
    /// The ids ticked for a batch action; emptied when the filter or the page changes.
    pub selected: RwSignal<Vec<i64>>,
}

impl<F: Send + Sync + 'static> Clone for ListState<F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: Send + Sync + 'static> Copy for ListState<F> {}

/// The state of the list page being rendered, its filter read from the address.
pub fn use_list<F: Paged>() -> ListState<F> {
    let location = use_location();
    let (search, path) = (location.search, location.pathname);
    let filter = Memo::new(move |_| from_query::<F>(&search.get()));
    let navigate = use_navigate();
    let go = Callback::new(move |query: String| {
        let path = path.get_untracked();
        let to = if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        };
        navigate(
            &to,
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        );
    });
    let selected = RwSignal::new(Vec::new());
    Effect::new(move |_| {
        filter.track();
        selected.set(Vec::new());
    });
    ListState {
        filter,
        version: RwSignal::new(0),
        go,
        notice: RwSignal::new(None),
        selected,
    }
}

impl<F: Paged> ListState<F> {
    /// The filter in the address now.
    pub fn filter(&self) -> F {
        self.filter.get_untracked()
    }

    /// Searches with `filter`, from its first page.
    pub fn apply(&self, filter: F) {
        self.go.run(to_query(&filter.at_page(1)));
    }

    /// Clears every field: the bare address.
    pub fn reset(&self) {
        self.go.run(String::new());
    }

    pub fn page(&self) -> Signal<u64> {
        let filter = self.filter;
        Signal::derive(move || filter.with(|f| f.page()))
    }

    pub fn to_page(&self, page: u64) {
        self.go.run(to_query(&self.filter().at_page(page)));
    }

    /// Loads the list again (after a save or a batch action) and clears the selection.
    pub fn changed(&self) {
        self.version.update(|v| *v += 1);
        self.selected.set(Vec::new());
    }

    /// Shows `message` over the list, as a success or a failure.
    pub fn say(&self, ok: bool, message: impl Into<String>) {
        self.notice.set(Some((ok, message.into())));
    }

    /// After a change made on the page: says so and loads the list again.
    pub fn done(&self, message: impl Into<String>) {
        self.say(true, message);
        self.changed();
    }

    /// Runs a change of one row (停用, 启用 …) and says how it went: `message` on success.
    pub fn run<Fut>(&self, work: Fut, message: String)
    where
        Fut: std::future::Future<Output = Result<(), AppError>> + 'static,
    {
        let list = *self;
        leptos::task::spawn_local(async move {
            match work.await {
                Ok(()) => list.done(message),
                Err(e) => list.say(false, e.to_string()),
            }
        });
    }

    /// The address of the list's export: the filter shown, every page.
    pub fn export(&self, path: &'static str) -> impl Fn() -> String + Send + Sync + Copy + 'static {
        let filter = self.filter;
        move || export_href(path, &filter.get().at_page(1))
    }

    /// Runs a batch action (通过, 退回 …) and says how many it did and why any failed, in
    /// `unit` ("人", "个项目").
    pub fn run_batch<Fut>(&self, work: Fut, action: &'static str, unit: &'static str)
    where
        Fut: std::future::Future<Output = Result<BatchOutcome, AppError>> + 'static,
    {
        let list = *self;
        leptos::task::spawn_local(async move {
            list.notice
                .set(Some(batch_notice(work.await, action, unit)));
            list.changed();
        });
    }

    /// A filter bar's field: its value in the address, set again when the address changes
    /// (back, 重置, a link).
    pub fn field(&self, read: fn(&F) -> String) -> RwSignal<String> {
        let filter = self.filter;
        let value = RwSignal::new(filter.with_untracked(read));
        Effect::new(move |_| value.set(filter.with(read)));
        value
    }

    /// The list: `fetch` of the filter, again whenever the filter or the version changes.
    pub fn load<L, Fut>(
        &self,
        fetch: impl Fn(F) -> Fut + Send + Sync + 'static,
    ) -> Data<Result<L, AppError>>
    where
        L: Listing,
        Fut: std::future::Future<Output = Result<L, AppError>> + Send + 'static,
    {
        let (filter, version) = (self.filter, self.version);
        page_data(
            move || (filter.get(), version.get()),
            move |(f, _)| fetch(f),
        )
    }
}

/// The filter bar: the fields, 查询, and 重置 when `on_reset` is given. A `collapsible` bar
/// shows only its first field on a phone until 更多筛选 opens the rest.
#[component]
pub fn FilterBar(
    on_search: Callback<()>,
    #[prop(optional)] on_reset: Option<Callback<()>>,
    #[prop(optional)] collapsible: bool,
    children: Children,
) -> impl IntoView {
    let more = RwSignal::new(false);
    view! {
        <section class="card filter-bar">
            <form class:collapsed=move || collapsible && !more.get()
                on:submit=move |ev| { ev.prevent_default(); on_search.run(()); }>
                {children()}
                <div class="filter-actions">
                    <button class="btn btn-primary" type="submit">"查询"</button>
                    {on_reset.map(|reset| view! {
                        <button class="btn" type="button" on:click=move |_| reset.run(())>"重置"</button>
                    })}
                    {collapsible.then(|| view! {
                        <button class="btn filter-more" type="button" data-testid="more-filters"
                            on:click=move |_| more.update(|m| *m = !*m)>
                            {move || if more.get() { "收起" } else { "更多筛选" }}
                        </button>
                    })}
                </div>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::{from_query, to_query};
    use crate::dto::Paged;
    use crate::dto::org::SchoolFilter;
    use crate::dto::teachers::TeacherFilter;

    #[test]
    fn an_unfiltered_list_has_a_bare_address() {
        let f = SchoolFilter {
            page: 1,
            page_size: crate::dto::DEFAULT_PAGE_SIZE,
            ..Default::default()
        };
        assert_eq!(to_query(&f), "");
        assert_eq!(from_query::<SchoolFilter>(""), f);
    }

    #[test]
    fn a_filter_survives_its_address() {
        let f = TeacherFilter {
            keyword: "王 老师&1".into(),
            school_id: 12,
            status: "在岗".into(),
            page: 3,
            page_size: crate::dto::DEFAULT_PAGE_SIZE,
            ..Default::default()
        };
        let query = to_query(&f);
        assert!(query.contains("page=3"), "{query}");
        assert!(!query.contains("sort="), "{query}");
        assert_eq!(from_query::<TeacherFilter>(&format!("?{query}")), f);
    }

    #[test]
    fn an_export_carries_the_filter_shown() {
        let f = crate::dto::credits::ShortfallFilter {
            cycle_id: Some(2),
            kind: "year".into(),
            keyword: "王".into(),
            ..Default::default()
        };
        assert_eq!(
            super::export_href("/api/files/credit-shortfall.xlsx", &f),
            "/api/files/credit-shortfall.xlsx?cycle_id=2&kind=year&keyword=%E7%8E%8B"
        );
    }

    #[test]
    fn an_export_holds_every_page_of_the_filter() {
        let f = TeacherFilter {
            keyword: "王 小".into(),
            stage: "小学".into(),
            school_id: 7,
            page: 3,
            ..Default::default()
        };
        let href = super::export_href("/api/files/teachers.xlsx", &f.clone().at_page(1));
        let query = href.strip_prefix("/api/files/teachers.xlsx?").unwrap();
        assert!(!query.contains("page"), "{query}");
        assert_eq!(
            from_query::<TeacherFilter>(query),
            TeacherFilter { page: 1, ..f }.at_page(1)
        );
        assert_eq!(
            super::export_href("/api/files/teachers.xlsx", &TeacherFilter::default()),
            "/api/files/teachers.xlsx?"
        );
    }

    #[test]
    fn an_address_it_cannot_read_is_the_first_page_unfiltered() {
        let f: TeacherFilter = from_query("school_id=abc&page=-2");
        assert_eq!(f.page, 1);
        assert_eq!(f.school_id, 0);
        assert_eq!(f.page_size, crate::dto::DEFAULT_PAGE_SIZE);
    }
}
