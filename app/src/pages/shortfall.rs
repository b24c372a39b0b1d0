//! 学分预警 (school and bureau admins): the in-post teachers of one's scope who miss this
//! year's minimum or are behind the cycle's pace, with what each still needs, and the same
//! list as .xlsx.

use super::teachers::is_bureau;
use crate::api::credits::credit_shortfall;
use crate::api::org::my_counties;
use crate::components::feedback::{Empty, ErrorBox, Loading};
use crate::components::field::{SelectField, TextField};
use crate::components::page::{PageHead, Tag};
use crate::components::pager::Pager;
use crate::components::pickers::CountySelect;
use crate::domain::shortfall::ShortKind;
use crate::dto::credits::ShortfallFilter;
use leptos::prelude::*;

/// The export link: the list's own filter, so the file holds what the table shows.
fn export_href(f: &ShortfallFilter) -> String {
    let cycle = f.cycle_id.map(|c| c.to_string()).unwrap_or_default();
    let school = f.school_id.map(|c| c.to_string()).unwrap_or_default();
    crate::url::with_query(
        "/api/files/credit-shortfall.xlsx",
        &[
            ("cycle_id", cycle.as_str()),
            ("kind", f.kind.as_str()),
            ("keyword", f.keyword.as_str()),
            ("region", f.region.as_str()),
            ("school_id", school.as_str()),
        ],
    )
}

#[component]
pub fn ShortfallPage() -> impl IntoView {
    let bureau = is_bureau();
    // 学分统计 opens the list of one unit: its address holds the filter.
    let from_address = leptos_router::hooks::use_query_map().with_untracked(|m| ShortfallFilter {
        cycle_id: m.get("cycle_id").and_then(|c| c.parse().ok()),
        kind: m.get("kind").unwrap_or_default(),
        region: m.get("region").unwrap_or_default(),
        school_id: m.get("school_id").and_then(|c| c.parse().ok()),
        ..Default::default()
    });
    let cycle = RwSignal::new(
        from_address
            .cycle_id
            .map(|c| c.to_string())
            .unwrap_or_default(),
    );
    let kind = RwSignal::new(from_address.kind.clone());
    let keyword = RwSignal::new(String::new());
    let county = RwSignal::new(from_address.region.clone());
    let school = RwSignal::new(from_address.school_id);
    let page = RwSignal::new(1u64);
    let applied = RwSignal::new(from_address);
    let counties = crate::data::page_data(|| (), |_| my_counties());
    let data = crate::data::page_data(
        move || (applied.get(), page.get()),
        |(f, p)| credit_shortfall(ShortfallFilter { page: p, ..f }),
    );
    let search = move || {
        page.set(1);
        applied.set(ShortfallFilter {
            cycle_id: cycle.get_untracked().parse().ok(),
            kind: kind.get_untracked(),
            keyword: keyword.get_untracked().trim().to_string(),
            region: county.get_untracked(),
            school_id: school.get_untracked(),
            ..Default::default()
        });
    };
    let kinds = Signal::stored(
        ShortKind::ALL[1..]
            .iter()
            .map(|k| (k.key().to_string(), k.label().to_string()))
            .collect::<Vec<_>>(),
    );
    let cycles = RwSignal::new(Vec::<(String, String)>::new());
    view! {
        <PageHead title="学分预警" trail="学分 / 学分预警" />
        <section class="card filter-bar">
            <form on:submit=move |ev| { ev.prevent_default(); search(); }>
                <SelectField label="培训周期" name="cycle" value=cycle options=cycles prompt="当前周期" />
                <SelectField label="预警类型" name="kind" value=kind options=kinds prompt="全部未达标" />
                {bureau.then(|| view! { <CountySelect label="区县" name="county" value=county counties=counties prompt="全部区县" /> })}
                <TextField label="关键字" name="keyword" value=keyword placeholder="姓名 / 身份证号后几位" />
                <div class="filter-actions">
                    <button class="btn btn-primary" type="submit">"查询"</button>
                    <button class="btn" type="button" on:click=move |_| {
                        cycle.set(String::new()); kind.set(String::new()); keyword.set(String::new()); county.set(String::new()); school.set(None);
                        search();
                    }>"重置"</button>
                </div>
            </form>
        </section>
        <section class="card">
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(p) => {
                            cycles.set(p.cycles.iter().map(|c| (c.id.to_string(), c.label.clone())).collect());
                            let (total, size) = (p.page.total, p.page.page_size);
                            let chosen = p.cycles.iter().find(|c| c.id == p.cycle_id).map(|c| c.label.clone()).unwrap_or_default();
                            view! {
                                <div class="toolbar">
                                    <span data-testid="shortfall-summary">{format!("{chosen} · {} 年：在岗教师 {} 人，预警 {} 人", p.year, p.teachers, total)}</span>
                                    <span class="toolbar-spacer"></span>
                                    <a class="btn" data-testid="export-shortfall" download="" href=move || export_href(&applied.get())>"导出"</a>
                                </div>
                                {if p.page.items.is_empty() {
                                    view! { <Empty text="没有学分不足的教师" /> }.into_any()
                                } else {
                                    view! {
                                        <table class="table responsive" data-testid="shortfall-table">
                                            <thead><tr>
                                                <th>"姓名"</th><th>"学校"</th><th>{format!("{} 年", p.year)}</th><th>"本周期"</th><th>"预警"</th><th>"还需完成"</th>
                                            </tr></thead>
                                            <tbody>
                                                {p.page.items.into_iter().map(|r| view! {
                                                    <tr data-testid="shortfall-row">
                                                        <td data-label="姓名"><strong>{r.name}</strong><div class="muted">{r.id_masked}</div></td>
                                                        <td data-label="学校">{r.school_name}<div class="muted">{r.county_name}</div></td>
                                                        <td data-label=format!("{} 年", p.year)>{r.year}</td>
                                                        <td data-label="本周期">{r.cycle}</td>
                                                        <td data-label="预警">{r.tags.into_iter().map(|t| view! { <Tag tone=if t == "本年度未达标" { "orange" } else { "red" } text=t /> }).collect_view()}</td>
                                                        <td data-label="还需完成"><ul class="plain-list">{r.missing.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul></td>
                                                    </tr>
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                        <Pager total=total page_size=size page=page />
                                    }.into_any()
                                }}
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_export_link_carries_the_applied_filter() {
        let f = ShortfallFilter {
            cycle_id: Some(2),
            kind: "year".into(),
            keyword: "王".into(),
            ..Default::default()
        };
        assert_eq!(
            export_href(&f),
            "/api/files/credit-shortfall.xlsx?cycle_id=2&kind=year&keyword=%E7%8E%8B"
        );
        assert_eq!(
            export_href(&ShortfallFilter::default()),
            "/api/files/credit-shortfall.xlsx?"
        );
    }
}
