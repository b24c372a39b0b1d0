//! 学分预警 (school and bureau admins): the in-post teachers of one's scope who miss this
//! year's minimum or are behind the cycle's pace, with what each still needs, and the same
//! list as .xlsx.

use super::teachers::is_bureau;
use crate::api::credits::credit_shortfall;
use crate::api::org::my_counties;
use crate::components::field::{SelectField, TextField};
use crate::components::list_page::{FilterBar, use_list};
use crate::components::list_table::{Col, ListTable, col};
use crate::components::page::{PageHead, Tag};
use crate::components::pickers::CountySelect;
use crate::domain::shortfall::ShortKind;
use crate::dto::credits::{ShortfallFilter, ShortfallRow};
use leptos::prelude::*;

#[component]
pub fn ShortfallPage() -> impl IntoView {
    let bureau = is_bureau();
    // 学分统计 opens the list of one unit (a school, a county): its address holds the filter.
    let list = use_list::<ShortfallFilter>();
    let cycle = list.field(|f| f.cycle_id.map(|c| c.to_string()).unwrap_or_default());
    let kind = list.field(|f| f.kind.clone());
    let keyword = list.field(|f| f.keyword.clone());
    let county = list.field(|f| f.region.clone());
    let counties = crate::data::page_data(|| (), |_| my_counties());
    let data = list.load(credit_shortfall);
    let search = Callback::new(move |()| {
        list.apply(ShortfallFilter {
            cycle_id: cycle.get_untracked().parse().ok(),
            kind: kind.get_untracked(),
            keyword: keyword.get_untracked().trim().to_string(),
            region: county.get_untracked(),
            // A school chosen by 学分统计 stays until 重置.
            school_id: list.filter().school_id,
            ..Default::default()
        })
    });
    let kinds = Signal::stored(
        ShortKind::ALL[1..]
            .iter()
            .map(|k| (k.key().to_string(), k.label().to_string()))
            .collect::<Vec<_>>(),
    );
    let cycles = RwSignal::new(Vec::<(String, String)>::new());
    let row = |r: ShortfallRow| {
        view! {
            <td data-label="姓名"><strong>{r.name}</strong><div class="muted">{r.id_masked}</div></td>
            <td data-label="学校">{r.school_name}<div class="muted">{r.county_name}</div></td>
            <td data-label="本年度">{r.year}</td>
            <td data-label="本周期">{r.cycle}</td>
            <td data-label="预警">{r.tags.into_iter().map(|t| view! { <Tag tone=t.tone() text=t.label() /> }).collect_view()}</td>
            <td data-label="还需完成"><ul class="plain-list">{r.missing.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul></td>
        }
    };
    view! {
        <PageHead title="学分预警" trail="学分 / 学分预警" />
        <FilterBar on_search=search on_reset=Callback::new(move |()| list.reset())>
            <SelectField label="培训周期" name="cycle" value=cycle options=cycles prompt="当前周期" />
            <SelectField label="预警类型" name="kind" value=kind options=kinds prompt="全部未达标" />
            {bureau.then(|| view! { <CountySelect label="区县" name="county" value=county counties=counties prompt="全部区县" /> })}
            <TextField label="关键字" name="keyword" value=keyword placeholder="姓名 / 身份证号后几位" />
        </FilterBar>
        <section class="card">
            <div class="toolbar">
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        data.await.ok().map(|p| {
                            cycles.set(p.cycles.iter().map(|c| (c.id.to_string(), c.label.clone())).collect());
                            let chosen = p.cycles.iter().find(|c| c.id == p.cycle_id).map(|c| c.label.clone()).unwrap_or_default();
                            let summary = format!("{chosen} · {} 年：在岗教师 {} 人，预警 {} 人", p.year, p.teachers, p.page.total);
                            view! { <span data-testid="shortfall-summary">{summary}</span> }
                        })
                    })}
                </Transition>
                <span class="toolbar-spacer"></span>
                <a class="btn" data-testid="export-shortfall" download="" href=list.export("/api/files/credit-shortfall.xlsx")>"导出"</a>
            </div>
            <ListTable list=list data=data cols=COLS row=row empty="没有学分不足的教师" testid="shortfall-table" row_testid="shortfall-row" />
        </section>
    }
}

const COLS: &[Col] = &[
    col("姓名"),
    col("学校"),
    col("本年度"),
    col("本周期"),
    col("预警"),
    col("还需完成"),
];
