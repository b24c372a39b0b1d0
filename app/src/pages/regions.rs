//! 区域: the region tree below the admin's scope, with school counts; drill down by clicking.

use crate::api::org::list_regions;
use crate::components::feedback::Loaded;
use crate::components::list_table::{Col, Table, col, num};
use crate::components::page::PageHead;
use crate::dto::org::RegionView;
use leptos::prelude::*;

const REGION_COLS: &[Col] = &[col("代码"), col("名称"), num("下级区域"), num("学校数")];

#[component]
pub fn RegionsPage() -> impl IntoView {
    // The path from the admin's own region down to the one shown.
    let trail = RwSignal::new(Vec::<RegionView>::new());
    let current = Signal::derive(move || {
        trail
            .get()
            .last()
            .map(|r| r.code.clone())
            .unwrap_or_default()
    });
    let data = crate::data::page_data(move || current.get(), list_regions);
    view! {
        <PageHead title="区域" trail="组织机构 / 区域" />
        <section class="card">
            <Loaded data=data plain=true ok=move |(me, children)| {
                    let root = me.clone();
                    view! {
                        <nav class="region-trail" data-testid="region-trail">
                            <button class="link-btn" on:click=move |_| trail.set(Vec::new())>"全部"</button>
                            {trail.get_untracked().into_iter().enumerate().map(|(i, r)| view! {
                                " / " <button class="link-btn" on:click=move |_| trail.update(|t| t.truncate(i + 1))>{r.name}</button>
                            }).collect_view()}
                        </nav>
                        <h2>{format!("{}（{}）", root.name, root.code)}</h2>
                        <Table items=children cols=REGION_COLS empty="没有下级区域" testid="regions-table"
                            row=move |r: RegionView| {
                                let can_open = r.child_count > 0;
                                let r2 = r.clone();
                                view! {
                                    <td data-label="代码"><code>{r.code.clone()}</code></td>
                                    <td data-label="名称">
                                        {if can_open {
                                            view! { <button class="link-btn" on:click=move |_| trail.update(|t| t.push(r2.clone()))>{r.name.clone()}</button> }.into_any()
                                        } else { view! { <span>{r.name.clone()}</span> }.into_any() }}
                                    </td>
                                    <td data-label="下级区域" class="num">{r.child_count}</td>
                                    <td data-label="学校数" class="num">{r.school_count}</td>
                                }
                            } />
                    }.into_any()
                } />
        </section>
    }
}
