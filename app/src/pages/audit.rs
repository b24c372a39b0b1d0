//! 审计日志 (安全审计员): every act, refusal and download, filtered by time, actor, action,
//! target and result; paged; exported to .xlsx (the export is audited too).

use crate::api::audit::audit_log;
use crate::components::field::{SelectField, TextField};
use crate::components::list_page::{FilterBar, use_list};
use crate::components::list_table::{Col, ListTable, col};
use crate::components::page::PageHead;
use crate::domain::audit_action;
use crate::dto::audit::{AuditFilter, AuditRow};
use leptos::prelude::*;

#[component]
pub fn AuditPage() -> impl IntoView {
    let list = use_list::<AuditFilter>();
    let from = list.field(|f| f.from.clone());
    let to = list.field(|f| f.to.clone());
    let actor = list.field(|f| f.actor.clone());
    let action = list.field(|f| f.action.clone());
    let target = list.field(|f| f.target.clone());
    let outcome = list.field(|f| f.outcome.clone());
    let data = list.load(audit_log);
    let search = Callback::new(move |()| {
        list.apply(AuditFilter {
            from: from.get_untracked(),
            to: to.get_untracked(),
            actor: actor.get_untracked(),
            action: action.get_untracked(),
            target: target.get_untracked(),
            outcome: outcome.get_untracked(),
            ..Default::default()
        })
    });
    let areas = Signal::stored(
        audit_action::areas()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<Vec<_>>(),
    );
    let outcomes = Signal::stored(audit_action::outcome_options());
    let row = |r: AuditRow| {
        let (label, tone) = audit_action::outcome(&r.outcome);
        view! {
            <td data-label="时间">{r.at.clone()}</td>
            <td data-label="操作人">{r.actor.clone()}<span class="muted">{format!(" {}", r.role)}</span></td>
            <td data-label="操作" title=r.action.clone()>{r.action_label.clone()}</td>
            <td data-label="结果"><span class=format!("tag tag-{tone}")>{label}</span></td>
            <td data-label="对象"><code>{r.target.clone()}</code></td>
            <td data-label="来源地址">{r.ip.clone()}</td>
            <td data-label="详情" class="cell-clip" title=r.detail.clone()>{r.detail.clone()}</td>
        }
    };
    view! {
        <PageHead title="审计日志" trail="安全审计 / 审计日志" />
        <FilterBar on_search=search on_reset=Callback::new(move |()| list.reset())>
            <TextField label="起始日期" name="from" value=from input_type="date" />
            <TextField label="截止日期" name="to" value=to input_type="date" />
            <TextField label="操作人" name="actor" value=actor placeholder="姓名 / 手机号 / #用户编号" />
            <SelectField label="操作" name="action" value=action options=areas prompt="全部操作" />
            <TextField label="对象" name="target" value=target placeholder="如 teacher#12" />
            <SelectField label="结果" name="outcome" value=outcome options=outcomes prompt="全部结果" />
        </FilterBar>
        <section class="card">
            <div class="toolbar">
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        data.await.ok().map(|a| {
                            let kept = format!(
                                "日志只增不改，保存不少于 {} 天；现有 {} 条，最早一条 {}。",
                                a.retention_days,
                                a.total_all,
                                a.earliest.unwrap_or_else(|| "—".into())
                            );
                            view! { <span class="muted" data-testid="retention">{kept}</span> }
                        })
                    })}
                </Transition>
                <span class="toolbar-spacer"></span>
                <a class="btn" data-testid="export-audit" download="" href=list.export("/api/files/audit.xlsx")>"导出"</a>
            </div>
            <ListTable list=list data=data cols=COLS row=row empty="没有符合条件的记录" testid="audit-table" />
        </section>
    }
}

const COLS: &[Col] = &[
    col("时间"),
    col("操作人"),
    col("操作"),
    col("结果"),
    col("对象"),
    col("来源地址"),
    col("详情"),
];
