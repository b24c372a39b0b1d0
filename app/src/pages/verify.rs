//! 证书验证 (public, no login): one search box for any certificate number; a number (from the
//! QR code or typed) shows the holder partly masked, what was completed, and whether the
//! certificate is valid, revoked or unknown — enough that an edited PDF is caught.

use crate::api::results::verify_certificate;
use crate::components::feedback::{ErrorBox, Loading};
use crate::components::page::Tag;
use crate::domain::certificate::CertificateKind;
use crate::dto::results::{CertificateView, Verification};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn VerifyPage() -> impl IntoView {
    let params = use_params_map();
    let number = move || params.with(|p| p.get("number").unwrap_or_default());
    let typed = RwSignal::new(number());
    let answer = crate::data::page_data(number, |n| async move {
        if n.trim().is_empty() {
            Ok(None)
        } else {
            verify_certificate(n).await.map(Some)
        }
    });
    let navigate = use_navigate();
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = typed.get_untracked().trim().to_uppercase();
        if !n.is_empty() {
            navigate(
                &format!("/verify/{}", crate::url::encode(&n)),
                Default::default(),
            );
        }
    };
    view! {
        <leptos_meta::Title text="证书验证" />
        <main class="center-page verify-page">
            <div class="card narrow wide-ish">
                <h1>"证书验证"</h1>
                <p class="muted">"输入证书上的编号，或用手机扫描证书上的二维码。"</p>
                <form class="verify-search" on:submit=search role="search">
                    <input name="number" aria-label="证书编号" placeholder="如 SX2026ABCDEFGHJK" data-testid="verify-input"
                        prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
                    <button class="btn btn-primary" type="submit">"验证"</button>
                </form>
                <Transition fallback=|| view! { <Loading /> }>
                    {move || Suspend::new(async move {
                        match answer.await {
                            Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                            Ok(None) => ().into_any(),
                            Ok(Some(Verification::Unknown)) => view! {
                                <div class="verify-result is-unknown" data-testid="verify-result">
                                    <Tag tone="red" text="不存在" />
                                    <p>"查无此证书编号。请核对编号；若证书来自他人转交或电话通知，请谨慎对待。"</p>
                                </div>
                            }.into_any(),
                            Ok(Some(Verification::Found(c))) => view! { <Found c=*c /> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
        </main>
    }
}

#[component]
fn Found(c: CertificateView) -> impl IntoView {
    let revoked = c.revoked.clone();
    let is_revoked = revoked.is_some();
    let credit = c.kind == CertificateKind::Credit;
    view! {
        <div class="verify-result" class:is-revoked=is_revoked data-testid="verify-result">
            {match revoked {
                Some(why) => view! {
                    <Tag tone="red" text="已撤销" />
                    <p class="form-error">{format!("本证书已撤销：{why}。")}</p>
                }.into_any(),
                None => view! { <Tag tone="green" text="有效" /> <p>"该证书由本平台签发，以下为签发时的记录，请与证书内容逐项核对。"</p> }.into_any(),
            }}
            <dl class="desc-grid">
                <div class="desc-item"><dt>"证书编号"</dt><dd>{c.number}</dd></div>
                <div class="desc-item"><dt>"证书类型"</dt><dd>{c.kind.label()}</dd></div>
                <div class="desc-item"><dt>"持证人"</dt><dd data-testid="verify-holder">{format!("{}（{}）", c.holder, c.id_masked)}</dd></div>
                <div class="desc-item"><dt>{if credit { "培训周期" } else { "培训项目" }}</dt><dd>{format!("{}（{}）", c.project_name, c.class_name)}</dd></div>
                <div class="desc-item"><dt>{if credit { "统计期间" } else { "培训时间" }}</dt><dd>{c.dates}</dd></div>
                <div class="desc-item"><dt>"学时 / 学分"</dt><dd>{format!("{} 学时 / {} 学分", c.hours, c.credits)}</dd></div>
                <div class="desc-item"><dt>{if credit { "学分构成" } else { "学分类别" }}</dt><dd>{c.credit_category}</dd></div>
                <div class="desc-item"><dt>{if credit { "认定方式" } else { "项目级别" }}</dt><dd>{c.level}</dd></div>
                <div class="desc-item"><dt>{if credit { "认定情况" } else { "考核结果" }}</dt><dd>{c.result}</dd></div>
                <div class="desc-item"><dt>"发证单位"</dt><dd>{c.issuer}</dd></div>
                <div class="desc-item"><dt>"发证日期"</dt><dd>{c.issued_on}</dd></div>
            </dl>
        </div>
    }
}
