//! The tables of the console: `ListTable` for a list page (its state from `list_page`, the
//! pager, selection) and `Table` for a card's rows, both cards on a phone.

use crate::components::feedback::{Empty, ErrorBox, Loading};
use crate::components::list_page::ListState;
use crate::components::pager::Pager;
use crate::components::selection::{SelectAll, SelectRow};
use crate::data::Data;
use crate::dto::{Listing, Paged};
use crate::error::AppError;
use leptos::prelude::*;

/// A column: its title, and whether it holds figures (aligned right).
#[derive(Clone, Copy, Debug)]
pub struct Col {
    pub title: &'static str,
    pub num: bool,
}

pub const fn col(title: &'static str) -> Col {
    Col { title, num: false }
}

pub const fn num(title: &'static str) -> Col {
    Col { title, num: true }
}

/// The table of a list (cards on a phone, by the `responsive` style), with its loading,
/// error and empty states and the pager. `row` gives a row's cells; with `select`, each row
/// gets a box bound to `list.selected` and the head a box for the whole page.
#[component]
pub fn ListTable<F, L, R, V>(
    list: ListState<F>,
    data: Data<Result<L, AppError>>,
    cols: &'static [Col],
    row: R,
    empty: &'static str,
    testid: &'static str,
    #[prop(optional)] select: Option<fn(&L::Row) -> i64>,
    /// Whether `select` applies (a queue selects, the same list elsewhere does not).
    #[prop(default = true)]
    selectable: bool,
    #[prop(optional)] row_testid: Option<&'static str>,
) -> impl IntoView
where
    F: Paged,
    L: Listing,
    R: Fn(L::Row) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let on_page = Callback::new(move |p: u64| list.to_page(p));
    let select = select.filter(|_| selectable);
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || {
                let row = row.clone();
                Suspend::new(async move {
                    match data.await.map(Listing::into_page) {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(p) if p.items.is_empty() => view! { <Empty text=empty /> }.into_any(),
                        Ok(p) => {
                            let ids: Vec<i64> = select
                                .map(|id| p.items.iter().map(id).collect())
                                .unwrap_or_default();
                            let (total, size) = (p.total, p.page_size);
                            view! {
                                <table class="table responsive" data-testid=testid>
                                    <thead><tr>
                                        {select.map(|_| view! { <SelectAll ids=ids selected=list.selected /> })}
                                        {cols.iter().map(|c| view! { <th class:num=c.num>{c.title}</th> }).collect_view()}
                                    </tr></thead>
                                    <tbody>
                                        {p.items.into_iter().map(|item| {
                                            let check = select.map(|id| id(&item));
                                            view! {
                                                <tr data-testid=row_testid>
                                                    {check.map(|id| view! { <SelectRow id=id selected=list.selected /> })}
                                                    {row(item)}
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                <Pager total=total page_size=size page=list.page() on_page=on_page />
                            }.into_any()
                        }
                    }
                })
            }}
        </Transition>
    }
}

/// A table that is not a list: all its rows at once, no filter or pager (a card's sessions,
/// a project's classes), or `empty` when there are none. Cards on a phone, as `ListTable`.
#[component]
pub fn Table<T, R, V>(
    items: Vec<T>,
    cols: &'static [Col],
    row: R,
    empty: &'static str,
    #[prop(optional)] testid: Option<&'static str>,
    #[prop(optional)] row_testid: Option<&'static str>,
) -> impl IntoView
where
    T: 'static,
    R: Fn(T) -> V + 'static,
    V: IntoView + 'static,
{
    if items.is_empty() {
        return view! { <Empty text=empty /> }.into_any();
    }
    view! {
        <table class="table responsive" data-testid=testid>
            <thead><tr>
                {cols.iter().map(|c| view! { <th class:num=c.num>{c.title}</th> }).collect_view()}
            </tr></thead>
            <tbody>
                {items.into_iter().map(|i| view! { <tr data-testid=row_testid>{row(i)}</tr> }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
