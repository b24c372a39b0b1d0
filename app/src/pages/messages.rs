//! 消息中心: every user's notifications — unread or all, by kind — each opening what it is
//! about; 全部已读; and 接收设置, which kinds also come by SMS or e-mail.

use crate::api::messages::{choose_message, get_message_choices, my_messages};
use crate::api::notifications::mark_notifications_read;
use crate::components::feedback::{Loaded, Notice};
use crate::components::field::SelectField;
use crate::components::list_page::{FilterBar, use_list};
use crate::components::list_table::{Col, ListTable, col};
use crate::components::page::PageHead;
use crate::domain::contact::Channel;
use crate::domain::delivery::MessageKind;
use crate::dto::messages::{ChoiceRow, MessageChoices, MessageFilter, MessageRow};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn MessagesPage() -> impl IntoView {
    let list = use_list::<MessageFilter>();
    let unread = list.field(|f| if f.unread { "1".into() } else { String::new() });
    let kind = list.field(|f| f.kind.clone());
    let data = list.load(my_messages);
    let search = Callback::new(move |()| {
        list.apply(MessageFilter {
            unread: unread.get_untracked() == "1",
            kind: kind.get_untracked(),
            ..Default::default()
        })
    });
    let states = Signal::stored(vec![("1".to_string(), "未读".to_string())]);
    let kinds = Signal::stored(
        MessageKind::ALL
            .iter()
            .map(|k| (k.as_str().to_string(), k.label().to_string()))
            .collect::<Vec<_>>(),
    );
    let read_all = move |_| {
        list.run(
            mark_notifications_read(Vec::new()),
            "已全部标为已读".to_string(),
        )
    };
    let row = move |m: MessageRow| {
        let id = m.id;
        // Opening a message reads it; one that leads somewhere goes there.
        let open = move |_| {
            spawn_local(async move {
                if mark_notifications_read(vec![id]).await.is_ok() {
                    list.changed();
                }
            });
        };
        let state = if m.read {
            ("已读", "grey")
        } else {
            ("未读", "blue")
        };
        view! {
            <td data-label="类型"><span class="tag tag-grey">{m.kind.label()}</span></td>
            <td data-label="消息" class="message-cell">
                <strong class:unread=!m.read>{m.title.clone()}</strong>
                <p class="muted">{m.body.clone()}</p>
            </td>
            <td data-label="时间">{m.at.clone()}</td>
            <td data-label="状态"><span class=format!("tag tag-{}", state.1)>{state.0}</span></td>
            <td data-label="操作" class="actions">
                {match m.link.clone() {
                    Some(href) => view! { <a class="btn btn-link" href=href on:click=open>"查看"</a> }.into_any(),
                    None if !m.read => view! { <button class="btn btn-link" type="button" on:click=open>"标为已读"</button> }.into_any(),
                    None => ().into_any(),
                }}
            </td>
        }
    };
    view! {
        <PageHead title="消息中心" trail="个人中心 / 消息中心" />
        <FilterBar on_search=search on_reset=Callback::new(move |()| list.reset())>
            <SelectField label="状态" name="unread" value=unread options=states prompt="全部" />
            <SelectField label="类型" name="kind" value=kind options=kinds prompt="全部类型" />
        </FilterBar>
        <section class="card">
            <div class="toolbar">
                <Notice message=list.notice />
                <span class="toolbar-spacer"></span>
                <button class="btn" type="button" data-testid="read-all" on:click=read_all>"全部标为已读"</button>
            </div>
            <ListTable list=list data=data cols=COLS row=row empty="暂无消息" testid="messages" row_testid="message" />
        </section>
        <MessageSettings />
    }
}

const COLS: &[Col] = &[
    col("类型"),
    col("消息"),
    col("时间"),
    col("状态"),
    col("操作"),
];

/// 接收设置: per kind, whether it also comes by SMS and by e-mail.
#[component]
fn MessageSettings() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let data = crate::data::page_data(move || version.get(), |_| get_message_choices());
    let notice = RwSignal::new(None::<(bool, String)>);
    let set = move |kind: MessageKind, channel: Channel, on: bool| {
        spawn_local(async move {
            match choose_message(kind, channel, on).await {
                Ok(()) => notice.set(Some((true, format!("已保存：{}", kind.label())))),
                Err(e) => notice.set(Some((false, e.to_string()))),
            }
            version.update(|v| *v += 1);
        });
    };
    let ok = move |c: MessageChoices| {
        let reach = |what: &str, to: Option<String>| match to {
            Some(to) => format!("{what}发送至 {to}"),
            None => format!("未绑定{what}接收方式，{what}不会发送（可在“基本信息”中绑定）"),
        };
        let phone = reach("短信", c.phone.clone());
        let email = reach("邮件", c.email.clone());
        let cell = move |r: &ChoiceRow, channel: Channel, checked: bool| {
            let kind = r.kind;
            let label = format!("{} {}", kind.label(), channel.medium());
            view! {
                <input type="checkbox" aria-label=label prop:checked=checked disabled=r.mandatory
                    data-testid=format!("choice-{}-{}", kind.as_str(), channel.as_str())
                    on:change=move |ev| set(kind, channel, event_target_checked(&ev)) />
            }
        };
        view! {
            <p class="muted">{phone}"；"{email}"。站内消息始终在消息中心。"</p>
            <table class="table responsive" data-testid="message-settings">
                <thead><tr><th>"消息类型"</th><th>"短信"</th><th>"邮件"</th></tr></thead>
                <tbody>
                    {c.rows.iter().map(|r| view! {
                        <tr>
                            <td data-label="消息类型">
                                {r.kind.label()}
                                {r.mandatory.then(|| view! { <span class="tag tag-orange">"必收"</span> })}
                            </td>
                            <td data-label="短信">{cell(r, Channel::Phone, r.sms)}</td>
                            <td data-label="邮件">{cell(r, Channel::Email, r.email)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
    };
    view! {
        <section class="card">
            <h2>"接收设置"</h2>
            <Notice message=notice />
            <Loaded data ok plain=true />
        </section>
    }
}
