//! 发送记录 (the province): every SMS and e-mail the platform queued — sent, waiting for a
//! retry, or failed and why — with 重新发送 for a failed notice.

use crate::api::messages::{deliveries, retry_delivery};
use crate::components::feedback::Notice;
use crate::components::field::SelectField;
use crate::components::list_page::{FilterBar, use_list};
use crate::components::list_table::{Col, ListTable, col};
use crate::components::page::PageHead;
use crate::domain::contact::Channel;
use crate::domain::delivery::{MessageKind, SendState};
use crate::dto::messages::{DeliveryFilter, DeliveryRow};
use leptos::prelude::*;

fn options<T: Copy>(
    all: &[T],
    text: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Signal<Vec<(String, String)>> {
    Signal::stored(
        all.iter()
            .map(|&v| (text(v).to_string(), label(v).to_string()))
            .collect(),
    )
}

#[component]
pub fn DeliveriesPage() -> impl IntoView {
    let list = use_list::<DeliveryFilter>();
    let state = list.field(|f| f.state.clone());
    let channel = list.field(|f| f.channel.clone());
    let kind = list.field(|f| f.kind.clone());
    let data = list.load(deliveries);
    let search = Callback::new(move |()| {
        list.apply(DeliveryFilter {
            state: state.get_untracked(),
            channel: channel.get_untracked(),
            kind: kind.get_untracked(),
            ..Default::default()
        })
    });
    let row = move |r: DeliveryRow| {
        let id = r.id;
        let retry = move |_| list.run(retry_delivery(id), "已重新排队发送".to_string());
        let can_retry = r.state == SendState::Failed && r.kind.lifetime_seconds().is_none();
        view! {
            <td data-label="时间">{r.at.clone()}</td>
            <td data-label="类型">{r.kind.label()}</td>
            <td data-label="方式">{r.channel.medium()}</td>
            <td data-label="接收方"><code>{r.to.clone()}</code></td>
            <td data-label="标题">{r.subject.clone()}</td>
            <td data-label="状态"><span class=format!("tag tag-{}", r.state.tone())>{r.state.label()}</span></td>
            <td data-label="失败次数">{r.tries.to_string()}</td>
            <td data-label="原因" class="cell-clip" title=r.last_error.clone().unwrap_or_default()>
                {r.last_error.clone().unwrap_or_else(|| "—".into())}
            </td>
            <td data-label="操作" class="actions">
                {can_retry.then(|| view! {
                    <button class="btn btn-link" type="button" data-testid="retry" on:click=retry>"重新发送"</button>
                })}
            </td>
        }
    };
    view! {
        <PageHead title="发送记录" trail="系统设置 / 发送记录" />
        <FilterBar on_search=search on_reset=Callback::new(move |()| list.reset())>
            <SelectField label="状态" name="state" value=state options=options(&SendState::ALL, SendState::as_str, SendState::label) prompt="全部状态" />
            <SelectField label="方式" name="channel" value=channel options=options(&Channel::ALL, Channel::as_str, Channel::medium) prompt="短信和邮件" />
            <SelectField label="类型" name="kind" value=kind options=options(&MessageKind::ALL, MessageKind::as_str, MessageKind::label) prompt="全部类型" />
        </FilterBar>
        <section class="card">
            <div class="toolbar">
                <Notice message=list.notice />
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        data.await.ok().filter(|d| d.failed > 0).map(|d| view! {
                            <span class="tag tag-red" data-testid="failed-count">{format!("发送失败 {} 条", d.failed)}</span>
                        })
                    })}
                </Transition>
            </div>
            <ListTable list=list data=data cols=COLS row=row empty="暂无发送记录" testid="deliveries" row_testid="delivery" />
        </section>
    }
}

const COLS: &[Col] = &[
    col("时间"),
    col("类型"),
    col("方式"),
    col("接收方"),
    col("标题"),
    col("状态"),
    col("失败次数"),
    col("原因"),
    col("操作"),
];
