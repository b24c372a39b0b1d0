//! Pickers over server data: counties in the caller's scope, schools of a county, code lists.

use super::field::SelectField;
use crate::dto::org::RegionView;
use crate::error::AppError;
use leptos::prelude::*;

/// Options for a select over a code list: the value is the label.
pub fn code_options(list: &[&str]) -> Vec<(String, String)> {
    list.iter()
        .map(|s| (s.to_string(), s.to_string()))
        .collect()
}

pub type CountiesResource = crate::data::Data<Result<Vec<RegionView>, AppError>>;

/// A county picker over the caller's counties. The resource is read only inside Suspense:
/// reading it from a derived signal outside one deadlocks the reactive graph under
/// multi-threaded SSR.
#[component]
pub fn CountySelect(
    label: &'static str,
    name: &'static str,
    value: RwSignal<String>,
    counties: CountiesResource,
    #[prop(optional)] prompt: Option<&'static str>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <div class="field"><label>"区县"</label><select disabled=true><option>"加载中…"</option></select></div> }>
            {move || Suspend::new(async move {
                let opts: Vec<(String, String)> = counties.await.unwrap_or_default().into_iter().map(|c| (c.code, c.name)).collect();
                view! {
                    <SelectField label=label name=name value=value options=Signal::stored(opts)
                        prompt=prompt.unwrap_or("请选择") error=error required=required />
                }
            })}
        </Suspense>
    }
}

pub type YearsResource = crate::data::Data<Result<Vec<crate::dto::projects::YearView>, AppError>>;

/// A training-year picker over the years the province has set, newest first.
#[component]
pub fn YearSelect(
    value: RwSignal<String>,
    years: YearsResource,
    #[prop(optional)] prompt: Option<&'static str>,
) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <div class="field"><label>"培训年度"</label><select disabled=true><option>"加载中…"</option></select></div> }>
            {move || Suspend::new(async move {
                let opts: Vec<(String, String)> = years
                    .await
                    .unwrap_or_default()
                    .into_iter()
                    .map(|y| (y.year.to_string(), format!("{} 年度", y.year)))
                    .collect();
                view! {
                    <SelectField label="培训年度" name="year" value=value options=Signal::stored(opts)
                        prompt=prompt.unwrap_or("全部年度") />
                }
            })}
        </Suspense>
    }
}
