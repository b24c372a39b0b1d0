//! 用户管理: accounts in the admin's scope; reset a password to the initial one, disable or
//! enable an account (confirming what will happen).

use super::grants::{NewUserDrawer, RolesDrawer};
use crate::api::users::{list_users, reset_user_password, set_user_disabled};
use crate::components::feedback::Notice;
use crate::components::field::{SelectField, TextField};
use crate::components::list_page::{FilterBar, use_list};
use crate::components::list_table::{Col, ListTable, col};
use crate::components::overlay::ConfirmDialog;
use crate::components::page::PageHead;
use crate::domain::role::Role;
use crate::dto::ids::UserId;
use crate::dto::users::{UserFilter, UserView};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A pending confirmation: (message, action).
type Pending = Option<(String, UserView, bool)>;

#[component]
pub fn UsersPage() -> impl IntoView {
    let list = use_list::<UserFilter>();
    let keyword = list.field(|f| f.keyword.clone());
    let role = list.field(|f| f.role.clone());
    let status = list.field(|f| f.status.clone());
    let confirm = RwSignal::new(Pending::None);
    let roles_of = RwSignal::new(None::<(UserId, String)>);
    let creating = RwSignal::new(false);
    let users = list.load(list_users);
    let search = Callback::new(move |()| {
        list.apply(UserFilter {
            keyword: keyword.get_untracked(),
            role: role.get_untracked(),
            status: status.get_untracked(),
            ..Default::default()
        })
    });
    // A reset under the issued rule answers the new password: shown once, here.
    let issued = RwSignal::new(None::<(String, String)>);
    let run = move |u: UserView, reset: bool| {
        spawn_local(async move {
            let result = if reset {
                reset_user_password(u.id).await
            } else {
                set_user_disabled(u.id, !u.disabled).await.map(|()| None)
            };
            match result {
                Ok(Some(password)) => {
                    issued.set(Some((u.name.clone(), password)));
                    list.changed();
                }
                Ok(None) => {
                    let what = if reset {
                        "已恢复初始密码"
                    } else if u.disabled {
                        "已启用"
                    } else {
                        "已停用"
                    };
                    list.done(format!("{what}：{}", u.name));
                }
                Err(e) => list.say(false, e.to_string()),
            }
        });
    };
    let role_options = Signal::derive(|| {
        Role::ALL
            .iter()
            .map(|r| (r.as_str().to_string(), r.label().to_string()))
            .collect::<Vec<_>>()
    });
    let status_options = Signal::derive(|| {
        [
            ("enabled", "正常"),
            ("disabled", "已停用"),
            ("locked", "已锁定"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect::<Vec<_>>()
    });
    let row = move |u: UserView| {
        let (u1, u2) = (u.clone(), u.clone());
        let status = if u.disabled {
            ("tag tag-grey", "已停用")
        } else if u.locked {
            ("tag tag-red", "已锁定")
        } else if u.never_logged_in {
            ("tag tag-orange", "从未登录")
        } else if u.must_change_password {
            ("tag tag-blue", "未改初始密码")
        } else {
            ("tag tag-green", "正常")
        };
        view! {
            <td data-label="姓名"><strong>{u.name.clone()}</strong></td>
            <td data-label="身份证号"><code>{u.id_number.clone()}</code></td>
            <td data-label="手机号">{u.phone.clone()}</td>
            <td data-label="角色">
                {u.roles.iter().map(|(r, s)| view! { <span class="tag tag-blue" title=s.clone()>{r.label()}</span> }).collect_view()}
            </td>
            <td data-label="状态"><span class=status.0>{status.1}</span></td>
            <td data-label="操作" class="row-actions">
                <button class="link-btn" on:click={
                    let (id, n) = (u.id, u.name.clone());
                    move |_| roles_of.set(Some((id, n.clone())))
                }>"角色"</button>
                <button class="link-btn" on:click=move |_| confirm.set(Some((
                    format!("为 {} 生成新的初始密码？原密码和所有登录将失效，下次登录须修改密码。", u1.name), u1.clone(), true)))>
                    "重置密码"
                </button>
                <button class="link-btn" class:danger=!u.disabled on:click=move |_| confirm.set(Some((
                    if u2.disabled { format!("启用 {} 的账号？", u2.name) }
                    else { format!("停用后 {} 将立即退出且无法登录，确定停用？", u2.name) }, u2.clone(), false)))>
                    {if u.disabled { "启用" } else { "停用" }}
                </button>
            </td>
        }
    };
    view! {
        <PageHead title="用户管理" trail="组织机构 / 用户管理" />
        {move || issued.get().map(|(name, password)| view! {
            <div class="dialog-backdrop">
                <div class="dialog card" role="dialog" aria-modal="true" aria-labelledby="issued-title">
                    <h2 id="issued-title">{format!("{name} 的新初始密码")}</h2>
                    <p>"请当面或通过可靠渠道交给本人；首次登录须修改。密码只显示这一次。"</p>
                    <pre class="secret" data-testid="issued-password">{password}</pre>
                    <div class="dialog-actions">
                        <button class="btn btn-primary" on:click=move |_| issued.set(None)>"我已记下"</button>
                    </div>
                </div>
            </div>
        })}
        <Notice message=list.notice />
        <FilterBar on_search=search on_reset=Callback::new(move |()| list.reset())>
            <TextField label="关键字" name="keyword" value=keyword placeholder="姓名 / 手机号 / 身份证号后几位" />
            <SelectField label="角色" name="role" value=role options=role_options prompt="全部角色" />
            <SelectField label="状态" name="status" value=status options=status_options prompt="全部状态" />
        </FilterBar>
        <section class="card">
            <div class="toolbar">
                <button class="btn btn-primary" data-testid="new-user" on:click=move |_| creating.set(true)>"新增管理员"</button>
            </div>
            <ListTable list=list data=users cols=COLS row=row empty="没有符合条件的用户" testid="users-table" />
        </section>
        {move || roles_of.get().map(|(id, name)| view! {
            <RolesDrawer user_id=id name=name on_done=Callback::new(move |changed: bool| {
                roles_of.set(None);
                if changed { list.changed(); }
            }) />
        })}
        {move || creating.get().then(|| view! {
            <NewUserDrawer on_done=Callback::new(move |saved: Option<String>| {
                creating.set(false);
                if let Some(n) = saved {
                    list.done(format!("已新增：{n}"));
                }
            }) />
        })}
        {move || confirm.get().map(|(message, user, reset)| view! {
            <ConfirmDialog message=message on_done=Callback::new(move |ok: bool| {
                confirm.set(None);
                if ok { run(user.clone(), reset); }
            }) />
        })}
    }
}

const COLS: &[Col] = &[
    col("姓名"),
    col("身份证号"),
    col("手机号"),
    col("角色"),
    col("状态"),
    col("操作"),
];
