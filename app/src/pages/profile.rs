//! 基本信息: every field of the teacher's record; phone and email change with a code.

use crate::api::photos::upload_photo;
use crate::api::profile::{confirm_contact, my_profile, send_contact_code};
use crate::components::feedback::{Loaded, Notice};
use crate::components::field::TextField;
use crate::components::page::PageHead;
use crate::domain::contact::Channel;
use crate::domain::mask::mask_phone;
use leptos::prelude::*;

#[component]
pub fn ProfilePage() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let profile = crate::data::page_data(move || version.get(), |_| my_profile());
    let editing = RwSignal::new(None::<Channel>);
    let notice = RwSignal::new(None::<(bool, String)>);
    view! {
        <PageHead title="基本信息" trail="基本信息" />
        <Notice message=notice />
        <Loaded data=profile plain=true ok=move |p| {
                let yes = |b: bool| if b { "是" } else { "否" }.to_string();
                let phone = p.phone.clone().map(|ph| mask_phone(&ph)).unwrap_or_else(|| "未填写".into());
                let email = p.email.clone().unwrap_or_else(|| "未填写".into());
                let email_verified = p.email_verified;
                let rows: Vec<(&str, String)> = vec![
                    ("姓名", p.name), ("性别", p.gender), ("出生日期", p.birth_date),
                    ("身份证号", p.id_number), ("师训号", p.training_number), ("民族", p.ethnicity),
                    ("政治面貌", p.political_status),
                    ("所在地区", p.city_name), ("所在区县", p.county_name), ("单位", p.school_name),
                    ("学校所在区域", p.school_area_type), ("学校类别", p.school_category),
                    ("主要任教学段", p.stage), ("主要任教学科", p.subject),
                    ("初始学历", p.initial_education), ("最高学历", p.highest_education),
                    ("职称", p.title), ("教师资格证号", p.qualification_number),
                    ("公费师范生", yes(p.publicly_funded)), ("特岗教师", yes(p.special_post)),
                    ("岗位", p.post), ("参加工作时间", p.hire_date), ("状态", p.status.label().to_string()),
                ];
                view! {
                    <section class="card">
                        <dl class="desc-grid">
                            <div class="desc-item">
                                <dt>"手机号"</dt>
                                <dd>
                                    <span data-testid="phone">{phone}</span>
                                    {p.phone_verified.then(|| view! { <span class="tag tag-green">"已验证"</span> })}
                                    <button class="link-btn" data-testid="edit-phone" on:click=move |_| editing.set(Some(Channel::Phone))>"修改"</button>
                                </dd>
                            </div>
                            <div class="desc-item">
                                <dt>"邮箱"</dt>
                                <dd>
                                    <span data-testid="email">{email}</span>
                                    {email_verified.then(|| view! { <span class="tag tag-green">"已验证"</span> })}
                                    <button class="link-btn" data-testid="edit-email" on:click=move |_| editing.set(Some(Channel::Email))>"修改"</button>
                                </dd>
                            </div>
                            {rows.into_iter().map(|(k, v)| view! {
                                <div class="desc-item"><dt>{k}</dt><dd>{if v.is_empty() { "—".to_string() } else { v }}</dd></div>
                            }).collect_view()}
                        </dl>
                        <p class="hint">"姓名、身份证号、单位等关键信息如有错误，请联系区县管理员修改。"</p>
                    </section>
                }.into_any()
            } />
        <section class="card photos">
            <h2>"照片"</h2>
            <div class="photo-grid">
                <PhotoCard kind="avatar" title="头像" hint="JPG / PNG，不超过 2 MB" notice=notice />
                <PhotoCard kind="cert" title="证书照片" hint="一寸蓝底免冠证件照，竖版 295×413 像素，不超过 500 KB" notice=notice />
            </div>
        </section>
        {move || editing.get().map(|channel| view! {
            <ContactDialog channel=channel on_done=Callback::new(move |ok: bool| {
                editing.set(None);
                if ok {
                    crate::components::feedback::done(notice, version, format!("{}已更新", channel.label()));
                }
            }) />
        })}
    }
}

/// Changes the phone or email after a code sent to the new address.
#[component]
fn ContactDialog(channel: Channel, on_done: Callback<bool>) -> impl IntoView {
    let is_phone = channel == Channel::Phone;
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let sent = RwSignal::new(false);
    let server_error = RwSignal::new(None::<crate::error::AppError>);
    let phone_error = Signal::derive(move || {
        let p = phone.get();
        (!p.is_empty())
            .then(|| channel.validate(&p).err().map(String::from))
            .flatten()
            .or_else(|| {
                server_error
                    .get()
                    .and_then(|e| e.field_message(channel.as_str()))
            })
    });
    let code_error =
        Signal::derive(move || server_error.get().and_then(|e| e.field_message("code")));
    let password_error =
        Signal::derive(move || server_error.get().and_then(|e| e.field_message("password")));
    let send = Action::new(move |p: &String| {
        let p = p.clone();
        let pw = password.get_untracked();
        async move { send_contact_code(channel, p, pw).await }
    });
    let confirm = Action::new(move |c: &String| {
        let c = c.clone();
        async move { confirm_contact(channel, c).await }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(())) => {
            sent.set(true);
            server_error.set(None);
        }
        Some(Err(e)) => server_error.set(Some(e)),
        None => {}
    });
    Effect::new(move |_| match confirm.value().get() {
        Some(Ok(())) => on_done.run(true),
        Some(Err(e)) => server_error.set(Some(e)),
        None => {}
    });
    crate::components::overlay::use_modal(Callback::new(move |()| on_done.run(false)));
    view! {
        <div class="dialog-backdrop">
            <div class="dialog card" role="dialog" aria-modal="true" aria-labelledby="phone-title">
                <h2 id="phone-title">{if is_phone { "修改手机号" } else { "修改邮箱" }}</h2>
                <TextField label="当前密码" name="password" value=password input_type="password" autocomplete="current-password" error=password_error required=true />
                <TextField label=if is_phone { "新手机号" } else { "新邮箱" } name=channel.as_str() value=phone input_type=if is_phone { "tel" } else { "email" } error=phone_error required=true />
                <button class="btn" data-testid="send-code"
                    disabled=move || password.get().is_empty() || phone.get().is_empty() || phone_error.get().is_some() || send.pending().get()
                    on:click=move |_| { send.dispatch(phone.get_untracked()); }>
                    {move || if sent.get() { "重新发送" } else { "发送验证码" }}
                </button>
                {move || sent.get().then(|| view! { <p class="hint">"验证码已发送，10 分钟内有效。"</p> })}
                <TextField label="验证码" name="code" value=code error=code_error required=true />
                <p class="form-error" role="alert">
                    {move || server_error.get().filter(|e| !matches!(e, crate::error::AppError::Validation(_))).map(|e| e.to_string())}
                </p>
                <div class="dialog-actions">
                    <button class="btn" on:click=move |_| on_done.run(false)>"取消"</button>
                    <button class="btn btn-primary" data-testid="confirm-phone"
                        disabled=move || !sent.get() || code.get().trim().len() != 6 || confirm.pending().get()
                        on:click=move |_| { confirm.dispatch(code.get_untracked()); }>
                        "确定"
                    </button>
                </div>
            </div>
        </div>
    }
}

/// One photo with its upload form; the server checks type (by content), size and shape.
#[component]
fn PhotoCard(
    kind: &'static str,
    title: &'static str,
    hint: &'static str,
    notice: RwSignal<Option<(bool, String)>>,
) -> impl IntoView {
    let version = RwSignal::new(0u32);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let on_submit = crate::components::upload::on_upload(
        form_ref,
        busy,
        error,
        |data| upload_photo(data.into()),
        move |_| {
            version.update(|v| *v += 1);
            notice.set(Some((true, format!("{title}已更新"))));
        },
    );
    view! {
        <div class="photo-card" data-testid=format!("photo-{kind}")>
            <img src=move || format!("/me/photo/{kind}?v={}", version.get()) alt=title width="100" height="140" />
            <div class="photo-body">
                <strong>{title}</strong>
                <p class="hint">{hint}</p>
                <form node_ref=form_ref on:submit=on_submit>
                    <input type="hidden" name="kind" value=kind />
                    <input type="file" name="file" accept="image/jpeg,image/png" required=true aria-label=format!("选择{title}文件") />
                    <button class="btn btn-sm" type="submit" disabled=move || busy.get()>
                        {move || if busy.get() { "上传中…" } else { "上传" }}
                    </button>
                </form>
                <p class="field-error" role="alert">{move || error.get()}</p>
            </div>
        </div>
    }
}
