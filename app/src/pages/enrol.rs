//! 选学报名: the classes open to the teacher this year, as cards; enrol and withdraw.

use crate::api::enrolments::{enrol_in_class, list_offers, withdraw_enrolment};
use crate::components::feedback::{Empty, Loaded, Notice};
use crate::components::field::{SelectField, TextField};
use crate::components::list_page::{FilterBar, use_list};
use crate::components::overlay::ConfirmDialog;
use crate::components::page::{PageHead, Tag};
use crate::components::pager::Pager;
use crate::components::pickers::code_options;
use crate::domain::enrolment_flow::EnrolmentStatus;
use crate::domain::project::{CREDIT_CATEGORIES, LEVELS};
use crate::dto::enrolments::{ClassOffer, OfferFilter};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What the confirmation dialog is about to do.
#[derive(Clone)]
enum Pending {
    Enrol(Box<ClassOffer>),
    Withdraw(i64, String),
}

#[component]
pub fn EnrolPage() -> impl IntoView {
    let list = use_list::<OfferFilter>();
    let keyword = list.field(|f| f.keyword.clone());
    let level = list.field(|f| f.level.clone());
    let category = list.field(|f| f.category.clone());
    let pending = RwSignal::new(None::<Pending>);
    let offers = list.load(list_offers);
    let act = move |p: Pending| {
        spawn_local(async move {
            let result = match &p {
                Pending::Enrol(o) => enrol_in_class(o.class_id).await.map(|s| match s {
                    EnrolmentStatus::Waitlisted => format!(
                        "名额已满，已加入“{}”候补名单，有空位时自动转为报名",
                        o.project_name
                    ),
                    _ => format!("已报名“{}”，等待学校审核", o.project_name),
                }),
                Pending::Withdraw(id, name) => {
                    withdraw_enrolment(crate::dto::ids::EnrolmentId(*id))
                        .await
                        .map(|_| format!("已撤销“{name}”的报名"))
                }
            };
            match result {
                Ok(m) => list.done(m),
                Err(e) => list.say(false, e.to_string()),
            }
        });
    };
    view! {
        <PageHead title="选学报名" trail="培训 / 选学报名" />
        <Notice message=list.notice />
        <FilterBar on_search=Callback::new(move |()| list.apply(OfferFilter {
            keyword: keyword.get_untracked(),
            level: level.get_untracked(),
            category: category.get_untracked(),
            ..Default::default()
        }))>
            <TextField label="项目名称" name="keyword" value=keyword placeholder="输入名称关键字" />
            <SelectField label="项目级别" name="level" value=level options=Signal::derive(|| code_options(&LEVELS)) prompt="全部级别" />
            <SelectField label="学分类别" name="category" value=category options=Signal::derive(|| code_options(&CREDIT_CATEGORIES)) prompt="全部类别" />
        </FilterBar>
        <Loaded data=offers ok=move |o| {
                let w = o.window.clone();
                let (total, size) = (o.page.total, o.page.page_size);
                view! {
                    <section class="card window-bar" data-testid="enrol-window">
                        <Tag tone=if w.open { "green" } else { "grey" } text=w.round.clone() />
                        <span>{format!("本年度已选 {} / {} 学时", w.hours_taken, w.hours_limit)}</span>
                        <progress max=w.hours_limit value=w.hours_taken></progress>
                    </section>
                    {if o.page.items.is_empty() {
                        view! { <section class="card"><Empty text="暂无面向您开放的培训班" /></section> }.into_any()
                    } else {
                        view! {
                            <div class="offer-list" data-testid="offers">
                                {o.page.items.into_iter().map(|c| view! {
                                    <OfferCard c=c open=w.open on_act=Callback::new(move |p| pending.set(Some(p))) />
                                }).collect_view()}
                            </div>
                            <Pager total=total page_size=size page=list.page() on_page=Callback::new(move |p| list.to_page(p)) />
                        }.into_any()
                    }}
                }.into_any()
            } />
        {move || pending.get().map(|p| {
            let message = match &p {
                Pending::Enrol(o) => format!("报名“{}”（{}，{} 至 {}，{} 学时）？提交后由学校审核，审核前可撤销。", o.project_name, o.class_name, o.starts_on, o.ends_on, o.hours),
                Pending::Withdraw(_, name) => format!("撤销“{name}”的报名？"),
            };
            view! {
                <ConfirmDialog message=message on_done=Callback::new(move |ok: bool| {
                    let p = pending.get_untracked();
                    pending.set(None);
                    if let (true, Some(p)) = (ok, p) { act(p); }
                }) />
            }
        })}
    }
}

#[component]
fn OfferCard(c: ClassOffer, open: bool, on_act: Callback<Pending>) -> impl IntoView {
    let full = c.taken >= c.seats;
    let pct = if c.seats > 0 {
        (c.taken * 100 / c.seats).min(100)
    } else {
        100
    };
    let mine = c.mine.filter(|(_, s)| !s.is_final());
    let plan = c
        .has_plan
        .then(|| format!("/api/files/projects/{}/plan", c.project_id));
    let c2 = c.clone();
    view! {
        <article class="card offer" data-testid="offer">
            <header class="offer-head">
                <h3>{c.project_name.clone()}</h3>
                <div class="offer-tags">
                    <Tag tone="blue" text=c.level.clone() />
                    <Tag tone="grey" text=c.credit_category.clone() />
                    {mine.map(|(_, s)| view! { <Tag tone=s.tone() text=s.label() /> })}
                </div>
            </header>
            <dl class="desc-grid compact">
                <div class="desc-item"><dt>"班期"</dt><dd>{format!("{} · {} 至 {}", c.class_name, c.starts_on, c.ends_on)}</dd></div>
                <div class="desc-item"><dt>"承办机构"</dt><dd>{c.institution_name.clone()}</dd></div>
                <div class="desc-item"><dt>"形式 · 地点"</dt><dd>{format!("{} · {}", c.nature, c.place)}</dd></div>
                <div class="desc-item"><dt>"学时 / 学分"</dt><dd>{format!("{} 学时 / {} 学分", c.hours, c.credits)}</dd></div>
                <div class="desc-item"><dt>"名额"</dt><dd>
                    <span data-testid="seats">{format!("已报 {} / 计划 {}", c.taken, c.seats)}</span>
                    <span class="seat-bar"><span style=format!("width:{pct}%")></span></span>
                </dd></div>
            </dl>
            <footer class="offer-actions">
                {plan.map(|href| view! { <a class="btn btn-sm" href=href download="">"实施方案"</a> })}
                {match mine {
                    Some((id, s)) if s.withdrawable() => {
                        let name = c.project_name.clone();
                        view! { <button class="btn btn-sm" data-testid="withdraw" on:click=move |_| on_act.run(Pending::Withdraw(id, name.clone()))>"撤销报名"</button> }.into_any()
                    }
                    Some(_) => view! { <span></span> }.into_any(),
                    None => view! {
                        <button class="btn btn-sm btn-primary" data-testid="enrol" disabled=!open
                            on:click=move |_| on_act.run(Pending::Enrol(Box::new(c2.clone())))>
                            {if full { "报名（候补）" } else { "报名" }}
                        </button>
                    }.into_any(),
                }}
            </footer>
        </article>
    }
}
