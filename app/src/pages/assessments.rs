//! 考核结果: the county imports its teachers' 师德考核 results, the school its teachers'
//! 年度考核 results, from a sheet (template offered); each row not saved is reported with its
//! line and reasons, and the year's results are listed.

use crate::api::growth::{import_assessments, list_assessments};
use crate::components::feedback::Notice;
use crate::components::field::TextField;
use crate::components::list_page::{FilterBar, use_list};
use crate::components::list_table::{Col, ListTable, col};
use crate::components::page::{PageHead, Tag};
use crate::components::row_report::RowReport;
use crate::components::upload::UploadButton;
use crate::domain::staff_assessment::AssessmentKind;
use crate::dto::growth::{AssessmentFilter, AssessmentImport, AssessmentRow};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn AssessmentsPage() -> impl IntoView {
    let list = use_list::<AssessmentFilter>();
    let year = list.field(|f| f.year.map(|y| y.to_string()).unwrap_or_default());
    let report = RwSignal::new(None::<AssessmentImport>);
    let busy = RwSignal::new(false);
    let data = list.load(|f: AssessmentFilter| list_assessments(f.year, f.page));
    let on_file = Callback::new(move |data: leptos::web_sys::FormData| {
        busy.set(true);
        spawn_local(async move {
            match import_assessments(data.into()).await {
                Ok(r) => {
                    if r.saved > 0 {
                        list.done(format!("已导入 {} / {} 行", r.saved, r.rows));
                    }
                    report.set(Some(r));
                }
                Err(e) => list.say(false, e.to_string()),
            }
            busy.set(false);
        });
    });
    let search = Callback::new(move |()| {
        list.apply(AssessmentFilter {
            year: year.get_untracked().trim().parse().ok(),
            page: 1,
        })
    });
    let row = |r: AssessmentRow| {
        view! {
            <td data-label="姓名"><strong>{r.teacher_name}</strong><div class="muted">{r.id_masked}</div></td>
            <td data-label="学校">{r.school_name}</td>
            <td data-label="年度">{r.year}</td>
            <td data-label="结果"><Tag tone=AssessmentKind::tone(&r.result) text=r.result.clone() /></td>
            <td data-label="荣誉或备注">{r.note}</td>
            <td data-label="录入" class="muted">{r.recorded}</td>
        }
    };
    view! {
        <PageHead title="考核结果" trail="教师 / 考核结果" />
        <Notice message=list.notice />
        <FilterBar on_search=search>
            <TextField label="年度" name="year" value=year input_type="number" placeholder="默认本年度" />
        </FilterBar>
        {move || report.get().map(|r| view! {
            <RowReport summary=format!("共 {} 行：导入 {} 行，未导入 {} 行", r.rows, r.saved, r.rejected.len())
                refused=None rejected=r.rejected on_close=Callback::new(move |_| report.set(None)) />
        })}
        <section class="card">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    data.await.ok().map(|l| {
                        let kind = l.kind;
                        view! {
                            <div class="toolbar">
                                <strong data-testid="assessment-summary">{format!("{} · {} 年：已录入 {} 人（在岗教师 {} 人）", kind.label(), l.year, l.page.total, l.teachers)}</strong>
                                <span class="toolbar-spacer"></span>
                                <UploadButton label="导入" field="kind" id=0 testid="import-assessments" busy=busy on_file=on_file>
                                    <a class="btn btn-sm" download="" href="/api/files/assessment-template.xlsx" data-testid="assessment-template">"下载模板"</a>
                                </UploadButton>
                            </div>
                            <p class="muted">{format!("表头：年度、姓名、身份证号、考核结果（{}）、荣誉或备注；同一教师同一年度再次导入时以新结果为准。", kind.results().join(" / "))}</p>
                        }
                    })
                })}
            </Transition>
            <ListTable list=list data=data cols=COLS row=row empty="本年度尚未导入考核结果" testid="assessment-table" />
        </section>
    }
}

const COLS: &[Col] = &[
    col("姓名"),
    col("学校"),
    col("年度"),
    col("结果"),
    col("荣誉或备注"),
    col("录入"),
];
