//! 申报项目 / 编辑项目: the declaration form with its classes and plan upload. Fields are
//! checked with the shared rules as they are typed once a save has been tried.

use crate::api::projects::{
    act_on_project, get_project, get_project_choices, save_project, upload_plan,
};
use crate::components::feedback::{FormError, Loaded};
use crate::components::field::{
    CheckField, CheckGroup, RadioGroup, SelectField, TextField, field_message,
};
use crate::components::page::PageHead;
use crate::components::pickers::code_options;
use crate::domain::code_lists::{POSTS, STAGES, subjects_of};
use crate::domain::project::{
    CREDIT_CATEGORIES, ClassDraft, FillMode, KINDS, LEVELS, NATURES, ProjectDraft,
    default_credits_tenths, format_credits, validate,
};
use crate::domain::project_flow::ProjectAction;
use crate::dto::ids::ProjectId;
use crate::dto::projects::ProjectChoices;
use crate::error::AppError;
use crate::pages::class_editor::{ClassEditor, ClassRow};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ProjectFormPage() -> impl IntoView {
    let params = use_params_map();
    let id = params
        .read_untracked()
        .get("id")
        .and_then(|s| s.parse::<i64>().ok())
        .map(ProjectId);
    let data = crate::data::page_data(
        move || id,
        |id| async move {
            let choices = get_project_choices().await?;
            let draft = match id {
                Some(id) => get_project(id).await?.draft,
                None => ProjectDraft {
                    year: choices
                        .current_year
                        .map(|y| y.to_string())
                        .unwrap_or_default(),
                    organiser: choices.organiser.clone(),
                    fill_mode: if choices.is_bureau {
                        FillMode::Directive
                    } else {
                        FillMode::Selection
                    },
                    classes: vec![ClassDraft {
                        name: "第一期".into(),
                        ..Default::default()
                    }],
                    ..Default::default()
                },
            };
            Ok::<_, AppError>((choices, draft))
        },
    );
    let title = if id.is_some() {
        "编辑项目"
    } else {
        "申报项目"
    };
    view! {
        <PageHead title=title trail="培训项目 / 项目申报" />
        <Loaded data=data ok=move |(c, d)| view! { <Form choices=c draft=d /> } />
    }
}

#[component]
fn Form(choices: ProjectChoices, draft: ProjectDraft) -> impl IntoView {
    let id = draft.id;
    let name = RwSignal::new(draft.name);
    let year = RwSignal::new(draft.year);
    let level = RwSignal::new(draft.level);
    let kind = RwSignal::new(draft.kind);
    let nature = RwSignal::new(draft.nature);
    let fill_mode = RwSignal::new(draft.fill_mode.as_str().to_string());
    let makeup = RwSignal::new(draft.makeup);
    let photo_required = RwSignal::new(draft.photo_required);
    let organiser = RwSignal::new(draft.organiser);
    let institution = RwSignal::new(
        draft
            .institution_id
            .map(|i| i.to_string())
            .unwrap_or_default(),
    );
    let regions = RwSignal::new(draft.target_regions);
    let stages = RwSignal::new(draft.target_stages);
    let subjects = RwSignal::new(draft.target_subjects);
    let posts = RwSignal::new(draft.target_posts);
    let category = RwSignal::new(draft.credit_category);
    let hours = RwSignal::new(draft.hours);
    let credits = RwSignal::new(draft.credits);
    let funding = RwSignal::new(draft.funding);
    let summary = RwSignal::new(draft.summary);
    let plan = RwSignal::new(draft.plan_file_id.zip(draft.plan_file_name));
    let next_key = StoredValue::new(draft.classes.len() as u32);
    let classes = RwSignal::new(
        draft
            .classes
            .into_iter()
            .enumerate()
            .map(|(i, c)| ClassRow::new(i as u32, c))
            .collect::<Vec<_>>(),
    );
    let tried = RwSignal::new(false);
    let server_error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let plan_error = RwSignal::new(None::<String>);
    let is_bureau = choices.is_bureau;

    let current = move || ProjectDraft {
        id,
        name: name.get(),
        year: year.get(),
        level: level.get(),
        kind: kind.get(),
        nature: nature.get(),
        fill_mode: FillMode::parse(&fill_mode.get()).unwrap_or_default(),
        makeup: makeup.get(),
        photo_required: photo_required.get(),
        organiser: organiser.get(),
        institution_id: institution.get().parse().ok(),
        target_regions: regions.get(),
        target_stages: stages.get(),
        target_subjects: subjects.get(),
        target_posts: posts.get(),
        credit_category: category.get(),
        hours: hours.get(),
        credits: credits.get(),
        funding: funding.get(),
        summary: summary.get(),
        plan_file_id: plan.get().map(|p| p.0),
        plan_file_name: plan.get().map(|p| p.1),
        classes: classes.get().iter().map(ClassRow::draft).collect(),
    };
    // The shared rules, live once a save was tried; the server's answer until then.
    let local = Memo::new(move |_| {
        if tried.get() {
            validate(&current())
        } else {
            Vec::new()
        }
    });
    let e = move |f: &str| field_message(local, server_error, f.to_string());
    let save = move |then_submit: bool| {
        tried.set(true);
        server_error.set(None);
        let d = current();
        if !validate(&d).is_empty() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let result = async {
                let id = save_project(d).await?;
                if then_submit {
                    act_on_project(ProjectId(id), ProjectAction::Submit, String::new()).await?;
                }
                Ok::<_, AppError>(id)
            }
            .await;
            busy.set(false);
            match result {
                Ok(id) => super::go(&format!("/projects/{id}")),
                Err(err) => server_error.set(Some(err)),
            }
        });
    };
    let plan_form = NodeRef::<leptos::html::Form>::new();
    let on_plan = move |_| {
        let Some(data) = crate::components::upload::form_data(plan_form) else {
            return;
        };
        plan_error.set(None);
        spawn_local(async move {
            match upload_plan(data.into()).await {
                Ok(p) => plan.set(Some((p.file_id, p.name))),
                Err(e) => plan_error.set(Some(
                    e.field_message("plan_file_id")
                        .unwrap_or_else(|| e.to_string()),
                )),
            }
        });
    };
    let years = Signal::derive({
        let ys = choices.years.clone();
        move || {
            ys.iter()
                .map(|y| (y.to_string(), format!("{y} 年度")))
                .collect::<Vec<_>>()
        }
    });
    let region_options = Signal::derive({
        let r = choices.regions.clone();
        move || r.clone()
    });
    let institutions = Signal::derive({
        let list = choices.institutions.clone();
        move || {
            list.iter()
                .map(|(i, n)| (i.to_string(), n.clone()))
                .collect::<Vec<_>>()
        }
    });
    let subject_options = Signal::derive(move || {
        let chosen = stages.get();
        let from: Vec<&str> = if chosen.is_empty() {
            STAGES.to_vec()
        } else {
            chosen.iter().map(String::as_str).collect()
        };
        let mut all: Vec<&str> = Vec::new();
        for st in from {
            for s in subjects_of(st) {
                if !all.contains(s) {
                    all.push(s);
                }
            }
        }
        code_options(&all)
    });
    let credit_hint = move || {
        hours
            .get()
            .trim()
            .parse::<u32>()
            .ok()
            .map(|h| {
                format!(
                    "留空按 3 学时 = 1 学分计：{} 学分",
                    format_credits(default_credits_tenths(h))
                )
            })
            .unwrap_or_default()
    };
    let modes = Signal::derive(|| {
        vec![
            ("selection".to_string(), "自主选学（教师报名）".to_string()),
            (
                "directive".to_string(),
                "指令性（教育局遴选学员）".to_string(),
            ),
        ]
    });
    view! {
        <div class="project-form">
            <section class="card">
                <h2>"基本信息"</h2>
                <div class="form-grid">
                    <TextField label="项目名称" name="name" value=name error=e("name") required=true placeholder="如：2026年小学数学骨干教师培训" />
                    <SelectField label="培训年度" name="year" value=year options=years error=e("year") required=true />
                    <SelectField label="项目级别" name="level" value=level options=Signal::derive(|| code_options(&LEVELS)) error=e("level") required=true />
                    <SelectField label="项目类型" name="kind" value=kind options=Signal::derive(|| code_options(&KINDS)) error=e("kind") required=true />
                    <SelectField label="培训形式" name="nature" value=nature options=Signal::derive(|| code_options(&NATURES)) error=e("nature") required=true />
                    <TextField label="主办单位" name="organiser" value=organiser error=e("organiser") required=true />
                    {is_bureau.then(|| view! {
                        <SelectField label="承办机构" name="institution_id" value=institution options=institutions prompt="暂不指定（由省级分配）" error=e("institution_id") />
                    })}
                    <SelectField label="学分类别" name="credit_category" value=category options=Signal::derive(|| code_options(&CREDIT_CATEGORIES)) error=e("credit_category") required=true />
                    <TextField label="学时" name="hours" value=hours error=e("hours") required=true input_type="number" />
                    <div>
                        <TextField label="学分" name="credits" value=credits error=e("credits") placeholder="留空自动折算" />
                        <p class="field-hint">{credit_hint}</p>
                    </div>
                    <TextField label="经费来源" name="funding" value=funding placeholder="如：省级专项经费" />
                </div>
                <RadioGroup label="组织方式" name="fill_mode" value=fill_mode options=modes required=true />
                <CheckField label="补学项目（面向上一年度未合格的教师）" name="makeup" value=makeup />
                <CheckField label="结业证书贴证件照（教师在基本信息中上传的一寸照）" name="photo_required" value=photo_required />
                <div class="field" class:has-error=move || e("summary").get().is_some()>
                    <label for="f-summary">"项目简介"</label>
                    <textarea id="f-summary" name="summary" rows="3" maxlength="2000"
                        prop:value=move || summary.get() on:input=move |ev| summary.set(event_target_value(&ev))></textarea>
                    <p class="field-error" role="alert">{move || e("summary").get().unwrap_or_default()}</p>
                </div>
            </section>
            <section class="card">
                <h2>"培训对象"</h2>
                <div class="region-choices">
                    <CheckGroup label="区域" name="target_regions" value=regions options=region_options error=e("target_regions") required=true />
                </div>
                <CheckGroup label="学段" name="target_stages" value=stages options=Signal::derive(|| code_options(&STAGES)) error=e("target_stages") hint="不选表示不限" />
                <CheckGroup label="学科" name="target_subjects" value=subjects options=subject_options error=e("target_subjects") hint="不选表示不限" />
                <CheckGroup label="岗位" name="target_posts" value=posts options=Signal::derive(|| code_options(&POSTS)) error=e("target_posts") hint="不选表示不限" />
            </section>
            <section class="card">
                <h2>"班期"</h2>
                <p class="field-error" role="alert">{move || e("classes").get().unwrap_or_default()}</p>
                <For each=move || classes.get() key=|c| c.key let:row>
                    <ClassEditor row=row index=Signal::derive(move || classes.get().iter().position(|c| c.key == row.key).unwrap_or(0))
                        err=Callback::new(move |f: String| e(&f).get())
                        on_remove=Callback::new(move |k: u32| classes.update(|v| v.retain(|c| c.key != k))) />
                </For>
                <button type="button" class="btn" data-testid="add-class" on:click=move |_| {
                    let key = next_key.get_value();
                    next_key.set_value(key + 1);
                    let n = classes.get_untracked().len() + 1;
                    classes.update(|v| v.push(ClassRow::new(key, ClassDraft { name: format!("第{n}期"), ..Default::default() })));
                }>"＋ 添加班期"</button>
            </section>
            <section class="card">
                <h2>"实施方案"</h2>
                <p class="hint">"Word、Excel 或 PDF，不超过 500 KB；以文件内容识别类型。提交审核前须上传。"</p>
                <form node_ref=plan_form on:submit=|ev| ev.prevent_default()>
                    <input type="file" name="file" data-testid="plan-file" accept=".doc,.docx,.xls,.xlsx,.pdf" on:change=on_plan aria-label="选择实施方案文件" />
                </form>
                <p class="muted" data-testid="plan-name">{move || plan.get().map(|p| format!("已上传：{}", p.1))}</p>
                <p class="field-error" role="alert">{move || plan_error.get().or_else(|| e("plan_file_id").get())}</p>
            </section>
            <FormError error=server_error />
            <p class="form-error" role="alert">{move || (tried.get() && !local.get().is_empty()).then(|| format!("还有 {} 处需要修改", local.get().len()))}</p>
            <div class="form-actions">
                <a class="btn" href="/projects">"取消"</a>
                <button class="btn" type="button" data-testid="save-draft" disabled=move || busy.get() on:click=move |_| save(false)>"保存草稿"</button>
                <button class="btn btn-primary" type="button" data-testid="save-submit" disabled=move || busy.get()
                    on:click=move |_| save(true)>{if is_bureau { "保存并发布" } else { "保存并提交审核" }}</button>
            </div>
        </div>
    }
}
