//! 考核结果: the county imports its teachers' 师德考核 results, the school its teachers'
//! 年度考核 results, from a sheet (template offered); each row not saved is reported with its
//! line and reasons, and the year's results are listed.

use crate::api::growth::{import_assessments, list_assessments};
use crate::components::feedback::{Empty, ErrorBox, Loading, Notice};
use crate::components::field::TextField;
use crate::components::page::{PageHead, Tag};
use crate::components::pager::Pager;
use crate::components::row_report::RowReport;
use crate::components::upload::UploadButton;
use crate::domain::staff_assessment::AssessmentKind;
use crate::dto::growth::AssessmentImport;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn AssessmentsPage() -> impl IntoView {
    let notice = RwSignal::new(None::<(bool, String)>);
    let version = RwSignal::new(0u32);
    let year = RwSignal::new(String::new());
    let applied = RwSignal::new(None::<i32>);
    let page = RwSignal::new(1u64);
    let report = RwSignal::new(None::<AssessmentImport>);
    let busy = RwSignal::new(false);
    let data = crate::data::page_data(
        move || (applied.get(), page.get(), version.get()),
        |(y, p, _)| list_assessments(y, p),
    );
    let on_file = Callback::new(move |data: leptos::web_sys::FormData| {
        busy.set(true);
        spawn_local(async move {
            match import_assessments(data.into()).await {
                Ok(r) => {
                    if r.saved > 0 {
                        notice.set(Some((true, format!("已导入 {} / {} 行", r.saved, r.rows))));
                        version.update(|v| *v += 1);
                    }
                    report.set(Some(r));
                }
                Err(e) => notice.set(Some((false, e.to_string()))),
            }
            busy.set(false);
        });
    });
    view! {
        <PageHead title="考核结果" trail="教师 / 考核结果" />
        <Notice message=notice />
        <section class="card filter-bar">
            <form on:submit=move |ev| { ev.prevent_default(); page.set(1); applied.set(year.get_untracked().trim().parse().ok()); }>
                <TextField label="年度" name="year" value=year input_type="number" placeholder="默认本年度" />
                <div class="filter-actions"><button class="btn btn-primary" type="submit">"查询"</button></div>
            </form>
        </section>
        {move || report.get().map(|r| view! {
            <RowReport summary=format!("共 {} 行：导入 {} 行，未导入 {} 行", r.rows, r.saved, r.rejected.len())
                refused=None rejected=r.rejected on_close=Callback::new(move |_| report.set(None)) />
        })}
        <section class="card">
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(l) => {
                            let (total, size) = (l.page.total, l.page.page_size);
                            let kind = l.kind;
                            view! {
                                <div class="toolbar">
                                    <strong data-testid="assessment-summary">{format!("{} · {} 年：已录入 {} 人（在岗教师 {} 人）", kind.label(), l.year, total, l.teachers)}</strong>
                                    <span class="toolbar-spacer"></span>
                                    <UploadButton label="导入" field="kind" id=0 testid="import-assessments" busy=busy on_file=on_file>
                                        <a class="btn btn-sm" download="" href="/api/files/assessment-template.xlsx" data-testid="assessment-template">"下载模板"</a>
                                    </UploadButton>
                                </div>
                                <p class="muted">{format!("表头：年度、姓名、身份证号、考核结果（{}）、荣誉或备注；同一教师同一年度再次导入时以新结果为准。", kind.results().join(" / "))}</p>
                                {if l.page.items.is_empty() {
                                    view! { <Empty text="本年度尚未导入考核结果" /> }.into_any()
                                } else {
                                    view! {
                                        <table class="table responsive" data-testid="assessment-table">
                                            <thead><tr><th>"姓名"</th><th>"学校"</th><th>"年度"</th><th>"结果"</th><th>"荣誉或备注"</th><th>"录入"</th></tr></thead>
                                            <tbody>
                                                {l.page.items.into_iter().map(|r| view! {
                                                    <tr>
                                                        <td data-label="姓名"><strong>{r.teacher_name}</strong><div class="muted">{r.id_masked}</div></td>
                                                        <td data-label="学校">{r.school_name}</td>
                                                        <td data-label="年度">{r.year}</td>
                                                        <td data-label="结果"><Tag tone=AssessmentKind::tone(&r.result) text=r.result.clone() /></td>
                                                        <td data-label="荣誉或备注">{r.note}</td>
                                                        <td data-label="录入" class="muted">{r.recorded}</td>
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
