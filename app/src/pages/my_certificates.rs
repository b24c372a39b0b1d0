//! 我的证书: the teacher's completion certificates (结业证书) and credit certificates (学分证明)
//! by year, each with its PDF and the public verification link; revoked ones marked.

use crate::api::results::my_certificates;
use crate::components::feedback::{Empty, Loaded};
use crate::components::page::{PageHead, Tag};
use crate::domain::certificate::CertificateKind;
use crate::dto::results::MyCertificate;
use leptos::prelude::*;

#[component]
pub fn MyCertificatesPage() -> impl IntoView {
    let kind = RwSignal::new(None::<CertificateKind>);
    let data = crate::data::page_data(|| (), |_| my_certificates());
    view! {
        <PageHead title="我的证书" trail="个人空间 / 我的证书" />
        <Loaded data=data plain=true ok=move |all| {
            let count = |k: Option<CertificateKind>| all.iter().filter(|c| k.is_none_or(|k| c.kind == k)).count();
            let tabs = [(None, "全部"), (Some(CertificateKind::Completion), "结业证书"), (Some(CertificateKind::Credit), "学分证明")]
                .map(|(k, label)| (k, format!("{label}（{}）", count(k))));
            view! {
                <div class="tabs" role="tablist" aria-label="证书类型">
                    {tabs.into_iter().map(|(k, label)| view! {
                        <button role="tab" class="tab" aria-selected=move || (kind.get() == k).to_string()
                            class:active=move || kind.get() == k on:click=move |_| kind.set(k)>{label}</button>
                    }).collect_view()}
                </div>
                {move || {
                    let shown: Vec<MyCertificate> = all.iter().filter(|c| kind.get().is_none_or(|k| c.kind == k)).cloned().collect();
                    if shown.is_empty() {
                        return view! { <section class="card"><Empty text="暂无证书。培训合格后结业证书会出现在这里；学分证明可在“我的学分”开具。" /></section> }.into_any();
                    }
                    let mut years: Vec<i32> = shown.iter().map(|c| c.year).collect();
                    years.sort_unstable_by(|a, b| b.cmp(a));
                    years.dedup();
                    view! {
                        <div data-testid="my-certificates">
                            {years.into_iter().map(|y| {
                                let of_year: Vec<MyCertificate> = shown.iter().filter(|c| c.year == y).cloned().collect();
                                view! {
                                    <h2 class="year-head">{format!("{y} 年度")}</h2>
                                    <div class="offer-list">
                                        {of_year.into_iter().map(|c| view! { <CertificateCard c /> }).collect_view()}
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    }.into_any()
                }}
            }.into_any()
        } />
    }
}

#[component]
fn CertificateCard(c: MyCertificate) -> impl IntoView {
    let verify = format!("/verify/{}", c.number);
    let revoked = c.revoked.is_some();
    let amount = match c.kind {
        CertificateKind::Completion => format!("{} 学时 / {} 学分", c.hours, c.credits),
        CertificateKind::Credit => format!("共 {} 学分 · {} 学时", c.credits, c.hours),
    };
    view! {
        <article class="card offer" data-testid="certificate" class:revoked=revoked>
            <header class="offer-head">
                <h3>{c.title}</h3>
                <div class="tags">
                    <Tag tone="blue" text=c.kind.label() />
                    {match &c.revoked {
                        Some(_) => view! { <Tag tone="red" text="已撤销" /> }.into_any(),
                        None => view! { <Tag tone="green" text="有效" /> }.into_any(),
                    }}
                </div>
            </header>
            <dl class="desc-grid compact">
                <div class="desc-item"><dt>"证书编号"</dt><dd data-testid="certificate-number">{c.number.clone()}</dd></div>
                <div class="desc-item"><dt>{match c.kind { CertificateKind::Completion => "班期", CertificateKind::Credit => "认定" }}</dt><dd>{c.detail}</dd></div>
                <div class="desc-item"><dt>"学时 / 学分"</dt><dd>{amount}</dd></div>
                <div class="desc-item"><dt>"发证日期"</dt><dd>{c.issued_on}</dd></div>
            </dl>
            {c.revoked.map(|r| view! { <p class="notice notice-warn">{format!("撤销原因：{r}")}</p> })}
            <footer class="offer-actions">
                {c.download.map(|href| view! { <a class="btn btn-sm btn-primary" href=href download="" data-testid="certificate-download">"下载 PDF"</a> })}
                <a class="btn btn-sm" href=verify target="_blank" rel="noopener">"验证链接"</a>
            </footer>
        </article>
    }
}
