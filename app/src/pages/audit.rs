//! 审计日志 (安全审计员): every act, refusal and download, filtered by time, actor, action,
//! target and result; paged; exported to .xlsx (the export is audited too).

use crate::api::audit::audit_log;
use crate::components::feedback::{Empty, ErrorBox, Loading};
use crate::components::field::{SelectField, TextField};
use crate::components::page::PageHead;
use crate::components::pager::Pager;
use crate::domain::audit_action;
use crate::dto::DEFAULT_PAGE_SIZE;
use crate::dto::audit::AuditFilter;
use leptos::prelude::*;

fn export_href(f: &AuditFilter) -> String {
    crate::url::with_query(
        "/api/files/audit.xlsx",
        &[
            ("from", f.from.as_str()),
            ("to", f.to.as_str()),
            ("actor", f.actor.as_str()),
            ("action", f.action.as_str()),
            ("target", f.target.as_str()),
            ("outcome", f.outcome.as_str()),
        ],
    )
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let actor = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let outcome = RwSignal::new(String::new());
    let page = RwSignal::new(1u64);
    let applied = RwSignal::new(AuditFilter {
        page: 1,
        page_size: DEFAULT_PAGE_SIZE,
        ..Default::default()
    });
    Effect::new(move |_| {
        let p = page.get();
        applied.update(|f| f.page = p);
    });
    let data = crate::data::page_data(move || applied.get(), audit_log);
    let search = move || {
        page.set(1);
        applied.set(AuditFilter {
            from: from.get_untracked(),
            to: to.get_untracked(),
            actor: actor.get_untracked(),
            action: action.get_untracked(),
            target: target.get_untracked(),
            outcome: outcome.get_untracked(),
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
        });
    };
    let areas = Signal::stored(
        audit_action::areas()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<Vec<_>>(),
    );
    let outcomes = Signal::stored(audit_action::outcome_options());
    view! {
        <PageHead title="审计日志" trail="安全审计 / 审计日志" />
        <section class="card filter-bar">
            <form on:submit=move |ev| { ev.prevent_default(); search(); }>
                <TextField label="起始日期" name="from" value=from input_type="date" />
                <TextField label="截止日期" name="to" value=to input_type="date" />
                <TextField label="操作人" name="actor" value=actor placeholder="姓名 / 手机号 / #用户编号" />
                <SelectField label="操作" name="action" value=action options=areas prompt="全部操作" />
                <TextField label="对象" name="target" value=target placeholder="如 teacher#12" />
                <SelectField label="结果" name="outcome" value=outcome options=outcomes prompt="全部结果" />
                <div class="filter-actions"><button class="btn btn-primary" type="submit">"查询"</button></div>
            </form>
        </section>
        <section class="card">
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(a) => {
                            let kept = format!(
                                "日志只增不改，保存不少于 {} 天；现有 {} 条，最早一条 {}。",
                                a.retention_days,
                                a.total_all,
                                a.earliest.clone().unwrap_or_else(|| "—".into())
                            );
                            let (total, size) = (a.rows.total, a.rows.page_size);
                            let body = if a.rows.items.is_empty() {
                                view! { <Empty text="没有符合条件的记录" /> }.into_any()
                            } else {
                                view! {
                                    <table class="table responsive" data-testid="audit-table">
                                        <thead><tr>
                                            <th>"时间"</th><th>"操作人"</th><th>"操作"</th><th>"结果"</th>
                                            <th>"对象"</th><th>"来源地址"</th><th>"详情"</th>
                                        </tr></thead>
                                        <tbody>
                                            {a.rows.items.into_iter().map(|r| {
                                                let (label, tone) = audit_action::outcome(&r.outcome);
                                                view! {
                                                    <tr>
                                                        <td data-label="时间">{r.at.clone()}</td>
                                                        <td data-label="操作人">{r.actor.clone()}<span class="muted">{format!(" {}", r.role)}</span></td>
                                                        <td data-label="操作" title=r.action.clone()>{r.action_label.clone()}</td>
                                                        <td data-label="结果"><span class=format!("tag tag-{tone}")>{label}</span></td>
                                                        <td data-label="对象"><code>{r.target.clone()}</code></td>
                                                        <td data-label="来源地址">{r.ip.clone()}</td>
                                                        <td data-label="详情" class="cell-clip" title=r.detail.clone()>{r.detail.clone()}</td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                    <Pager total=total page_size=size page=page />
                                }.into_any()
                            };
                            view! {
                                <div class="toolbar">
                                    <span class="muted" data-testid="retention">{kept}</span>
                                    <span class="toolbar-spacer"></span>
                                    <a class="btn" data-testid="export-audit" download="" href=move || export_href(&applied.get())>"导出"</a>
                                </div>
                                {body}
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
