//! 培训机构: institutions with their authorised regions (province admin).

use crate::api::institutions::{
    authorisable_regions, list_institutions, new_platform_secret, save_institution,
    set_institution_disabled,
};
use crate::components::feedback::{FormError, Loading, Notice};
use crate::components::field::{SelectField, TextField};
use crate::components::list_page::{FilterBar, use_list};
use crate::components::list_table::{Col, ListTable, col};
use crate::components::overlay::{ConfirmDialog, Drawer, DrawerActions};
use crate::components::page::{EnabledTag, PageHead, toggled_notice};
use crate::domain::code_lists::INSTITUTION_KINDS;
use crate::dto::org::{InstitutionFilter, InstitutionInput, InstitutionView};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn InstitutionsPage() -> impl IntoView {
    let list = use_list::<InstitutionFilter>();
    let keyword = list.field(|f| f.keyword.clone());
    let editing = RwSignal::new(None::<InstitutionInput>);
    let institutions = list.load(list_institutions);
    let toggle = move |i: InstitutionView| {
        list.run(
            set_institution_disabled(i.id, !i.disabled),
            toggled_notice(i.disabled, &i.name),
        )
    };
    // A new platform secret is shown once, in a dialog, to hand to the institution.
    let secret = RwSignal::new(None::<(String, String)>);
    let replacing = RwSignal::new(None::<InstitutionView>);
    let generate = move |i: InstitutionView| {
        spawn_local(async move {
            match new_platform_secret(i.id).await {
                Ok(s) => {
                    secret.set(Some((i.name.clone(), s)));
                    list.changed();
                }
                Err(e) => list.say(false, e.to_string()),
            }
        });
    };
    let make_secret = move |i: InstitutionView| {
        if i.platform_secret_on.is_some() {
            replacing.set(Some(i));
        } else {
            generate(i);
        }
    };
    let row = move |i: InstitutionView| {
        let edit = InstitutionInput {
            id: Some(i.id),
            name: i.name.clone(),
            kind: i.kind.clone(),
            contact_name: i.contact_name.clone(),
            contact_phone: i.contact_phone.clone(),
            platform_url: i.platform_url.clone().unwrap_or_default(),
            region_codes: i.regions.iter().map(|r| r.0.clone()).collect(),
        };
        let (i2, i3) = (i.clone(), i.clone());
        view! {
            <td data-label="机构名称"><strong>{i.name.clone()}</strong></td>
            <td data-label="类型">{i.kind.clone()}</td>
            <td data-label="联系人">{format!("{} {}", i.contact_name, i.contact_phone)}</td>
            <td data-label="授权区域">{i.regions.iter().map(|r| view! { <span class="tag tag-blue">{r.1.clone()}</span> }).collect_view()}</td>
            <td data-label="状态"><EnabledTag disabled=i.disabled /></td>
            <td data-label="操作" class="row-actions">
                <button class="link-btn" on:click=move |_| editing.set(Some(edit.clone()))>"编辑"</button>
                <button class="link-btn" data-testid="platform-secret" on:click=move |_| make_secret(i3.clone())>{if i.platform_secret_on.is_some() { "更换对接密钥" } else { "生成对接密钥" }}</button>
                <button class="link-btn" class:danger=!i.disabled on:click=move |_| toggle(i2.clone())>{if i.disabled { "启用" } else { "停用" }}</button>
            </td>
        }
    };
    view! {
        <PageHead title="培训机构" trail="组织机构 / 培训机构" />
        {move || replacing.get().map(|i| view! {
            <ConfirmDialog
                message=format!("更换后「{}」的旧密钥立即失效，其学习平台须改用新密钥。确定更换？", i.name)
                on_done=Callback::new(move |ok: bool| {
                    replacing.set(None);
                    if ok {
                        generate(i.clone());
                    }
                }) />
        })}
        <Notice message=list.notice />
        {move || secret.get().map(|(name, s)| view! {
            <div class="dialog-backdrop">
                <div class="dialog card" role="dialog" aria-modal="true" aria-labelledby="secret-title">
                    <h2 id="secret-title">{format!("{name} · 学习平台对接密钥")}</h2>
                    <p>"请将密钥安全地交给该机构的学习平台。平台兑换教师的进入票据时须携带："</p>
                    <pre class="secret" data-testid="secret-value">{format!("Authorization: Bearer {s}")}</pre>
                    <p class="hint">"密钥只显示这一次；遗失请重新生成（旧密钥随即失效）。"</p>
                    <div class="dialog-actions">
                        <button class="btn btn-primary" on:click=move |_| secret.set(None)>"我已妥善保存"</button>
                    </div>
                </div>
            </div>
        })}
        <FilterBar on_search=Callback::new(move |()| list.apply(InstitutionFilter { keyword: keyword.get_untracked(), ..Default::default() }))>
            <TextField label="关键字" name="keyword" value=keyword placeholder="机构名称" />
        </FilterBar>
        <section class="card">
            <div class="toolbar">
                <button class="btn btn-primary" data-testid="new-institution" on:click=move |_| editing.set(Some(InstitutionInput::default()))>"新增机构"</button>
            </div>
            <ListTable list=list data=institutions cols=COLS row=row empty="没有符合条件的机构" testid="institutions-table" />
        </section>
        {move || editing.get().map(|input| view! {
            <InstitutionDrawer input=input on_done=Callback::new(move |saved: Option<String>| {
                editing.set(None);
                if let Some(name) = saved {
                    list.done(format!("已保存：{name}"));
                }
            }) />
        })}
    }
}

const COLS: &[Col] = &[
    col("机构名称"),
    col("类型"),
    col("联系人"),
    col("授权区域"),
    col("状态"),
    col("操作"),
];

#[component]
fn InstitutionDrawer(input: InstitutionInput, on_done: Callback<Option<String>>) -> impl IntoView {
    let id = input.id;
    let name = RwSignal::new(input.name);
    let kind = RwSignal::new(input.kind);
    let contact_name = RwSignal::new(input.contact_name);
    let contact_phone = RwSignal::new(input.contact_phone);
    let platform_url = RwSignal::new(input.platform_url);
    let regions = RwSignal::new(input.region_codes);
    let server_error = RwSignal::new(None::<AppError>);
    let choices = crate::data::page_data(|| (), |_| authorisable_regions());
    let err = move |field: &'static str| {
        Signal::derive(move || server_error.get().and_then(|e| e.field_message(field)))
    };
    let save = Action::new(|i: &InstitutionInput| {
        let i = i.clone();
        async move { save_institution(i).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => on_done.run(Some(name.get_untracked())),
        Some(Err(e)) => server_error.set(Some(e)),
        None => {}
    });
    let kinds = Signal::derive(|| {
        INSTITUTION_KINDS
            .iter()
            .map(|k| (k.to_string(), k.to_string()))
            .collect::<Vec<_>>()
    });
    view! {
        <Drawer title={if id.is_some() { "编辑机构" } else { "新增机构" }} on_close=Callback::new(move |_| on_done.run(None))>
            <form class="drawer-body" novalidate on:submit=move |ev| {
                ev.prevent_default();
                server_error.set(None);
                save.dispatch(InstitutionInput {
                    id, name: name.get_untracked(), kind: kind.get_untracked(),
                    contact_name: contact_name.get_untracked(), contact_phone: contact_phone.get_untracked(),
                    platform_url: platform_url.get_untracked(), region_codes: regions.get_untracked(),
                });
            }>
                <TextField label="机构名称" name="name" value=name error=err("name") required=true />
                <SelectField label="机构类型" name="kind" value=kind options=kinds error=err("kind") required=true />
                <TextField label="联系人" name="contact_name" value=contact_name error=err("contact_name") required=true />
                <TextField label="联系电话" name="contact_phone" value=contact_phone error=err("contact_phone") required=true placeholder="手机号或 0311-87654321" />
                <TextField label="学习平台地址" name="platform_url" value=platform_url error=err("platform_url") placeholder="https://" />
                <fieldset class="field checks">
                    <legend>"授权区域" <span class="req">"*"</span></legend>
                    <Suspense fallback=|| view! { <Loading /> }>
                        {move || Suspend::new(async move {
                            choices.await.unwrap_or_default().into_iter().map(|r| {
                                let code = r.code.clone();
                                let checked = regions.get_untracked().contains(&code);
                                view! {
                                    <label class="check">
                                        <input type="checkbox" value=code.clone() checked=checked on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            let c = code.clone();
                                            regions.update(|v| { v.retain(|x| *x != c); if on { v.push(c); } });
                                        } />
                                        {r.name}
                                    </label>
                                }
                            }).collect_view()
                        })}
                    </Suspense>
                    <p class="field-error" role="alert">{move || err("region_codes").get().unwrap_or_default()}</p>
                </fieldset>
                <FormError error=server_error />
                <DrawerActions on_cancel=Callback::new(move |_| on_done.run(None)) testid="save-institution" busy=save.pending() />
            </form>
        </Drawer>
    }
}
