//! The role drawer and the new-user drawer of 用户管理: grant and revoke roles, create an
//! administrator with a first role.

use crate::api::users::{create_user, grant_options, grant_role, revoke_role, user_roles};
use crate::components::feedback::{FormError, Loaded, Loading};
use crate::components::field::{SelectField, TextField};
use crate::components::overlay::{Drawer, DrawerActions};
use crate::domain::id_card::IdNumber;
use crate::dto::ids::UserId;
use crate::dto::users::{GrantInput, NewUserInput};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Role + unit pickers; the unit list follows the chosen role and a keyword.
#[component]
fn GrantFields(
    role: RwSignal<String>,
    unit: RwSignal<String>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let keyword = RwSignal::new(String::new());
    let roles = crate::data::page_data(|| (), |_| grant_options(String::new(), String::new()));
    let units = crate::data::page_data(
        move || (role.get(), keyword.get()),
        |(r, k)| async move {
            if r.is_empty() {
                Ok(Vec::new())
            } else {
                grant_options(r, k).await
            }
        },
    );
    let err =
        move |f: &'static str| Signal::derive(move || error.get().and_then(|e| e.field_message(f)));
    view! {
        <Suspense fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                let opts = roles.await.unwrap_or_default();
                view! { <SelectField label="角色" name="grant_role" value=role options=Signal::stored(opts) error=err("role") required=true /> }
            })}
        </Suspense>
        <TextField label="查找单位" name="unit_keyword" value=keyword placeholder="输入名称筛选" />
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                let opts = units.await.unwrap_or_default();
                view! { <SelectField label="所属单位" name="grant_unit" value=unit options=Signal::stored(opts) error=err("unit") required=true /> }
            })}
        </Transition>
    }
}

#[component]
pub fn RolesDrawer(user_id: UserId, name: String, on_done: Callback<bool>) -> impl IntoView {
    let version = RwSignal::new(0u32);
    let roles = crate::data::page_data(move || version.get(), move |_| user_roles(user_id));
    let role = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let changed = RwSignal::new(false);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let grant = GrantInput {
            role: role.get_untracked(),
            unit: unit.get_untracked(),
        };
        spawn_local(async move {
            match grant_role(user_id, grant).await {
                Ok(_) => {
                    error.set(None);
                    changed.set(true);
                    version.update(|v| *v += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let remove = move |id: i64| {
        spawn_local(async move {
            match revoke_role(id).await {
                Ok(()) => {
                    changed.set(true);
                    version.update(|v| *v += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        })
    };
    view! {
        <Drawer title={format!("{name} 的角色")} on_close=Callback::new(move |_| on_done.run(changed.get_untracked()))>
            <div class="drawer-body">
                <Loaded data=roles plain=true ok=move |list| view! {
                        <ul class="role-list" data-testid="role-list">
                            {list.into_iter().map(|a| view! {
                                <li>
                                    <span class="tag tag-blue">{a.role.label()}</span>
                                    <span>{a.scope_name}</span>
                                    {a.removable.then(|| view! { <button class="link-btn danger" on:click=move |_| remove(a.id)>"移除"</button> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    } />
                <h3>"增加角色"</h3>
                <form on:submit=add novalidate>
                    <GrantFields role=role unit=unit error=error />
                    <FormError error=error />
                    <button class="btn btn-primary" type="submit" data-testid="grant-role">"增加"</button>
                </form>
            </div>
        </Drawer>
    }
}

#[component]
pub fn NewUserDrawer(on_done: Callback<Option<String>>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let id_number = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let id_error = Signal::derive(move || {
        let v = id_number.get();
        (v.trim().len() >= 18)
            .then(|| IdNumber::parse(&v).err().map(|e| e.message().to_string()))
            .flatten()
            .or_else(|| error.get().and_then(|e| e.field_message("id_number")))
    });
    let err =
        move |f: &'static str| Signal::derive(move || error.get().and_then(|e| e.field_message(f)));
    let save = Action::new(|i: &NewUserInput| {
        let i = i.clone();
        async move { create_user(i).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => on_done.run(Some(name.get_untracked())),
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    view! {
        <Drawer title="新增管理员" on_close=Callback::new(move |_| on_done.run(None))>
            <form class="drawer-body" novalidate on:submit=move |ev| {
                ev.prevent_default();
                error.set(None);
                save.dispatch(NewUserInput {
                    name: name.get_untracked(), id_number: id_number.get_untracked(), phone: phone.get_untracked(),
                    grant: GrantInput { role: role.get_untracked(), unit: unit.get_untracked() },
                });
            }>
                <TextField label="姓名" name="name" value=name error=err("name") required=true />
                <TextField label="身份证号" name="id_number" value=id_number error=id_error required=true />
                <TextField label="手机号" name="phone" value=phone input_type="tel" error=err("phone") required=true />
                <GrantFields role=role unit=unit error=error />
                <p class="hint">"保存后在用户管理中“重置密码”生成初始密码交给本人，首次登录须修改。"</p>
                <FormError error=error />
                <DrawerActions on_cancel=Callback::new(move |_| on_done.run(None)) testid="save-user" busy=save.pending() />
            </form>
        </Drawer>
    }
}
