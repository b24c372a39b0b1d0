//! 批量导入: upload a spreadsheet, see every row checked (each bad cell with its reason),
//! choose how to commit, follow the progress, and get the outcome with the refused rows.

use crate::api::teacher_import::{commit_import, get_import_status, upload_teachers};
use crate::components::page::PageHead;
use crate::domain::sheet::IMPORT_COLUMNS;
use crate::dto::teacher_import::{
    ImportMode, ImportPhase, ImportPreview, ImportStatus, OnExisting, PreviewRow, RowKind,
};
use leptos::prelude::*;
use std::time::Duration;

fn rejected_href(job: &str) -> String {
    format!("/api/files/teacher-import/{job}/rejected.xlsx")
}

fn kind_class(kind: RowKind) -> &'static str {
    match kind {
        RowKind::New => "tag tag-green",
        RowKind::Update => "tag tag-blue",
        RowKind::Unchanged => "tag tag-grey",
        RowKind::Invalid => "tag tag-red",
    }
}

/// Asks for the job's status until it stops working.
fn watch(job: String, status: RwSignal<Option<ImportStatus>>, error: RwSignal<Option<String>>) {
    set_timeout(
        move || {
            leptos::task::spawn_local(async move {
                match get_import_status(job.clone()).await {
                    Ok(s) => {
                        let busy = s.phase.busy();
                        status.set(Some(s));
                        if busy {
                            watch(job, status, error);
                        }
                    }
                    Err(e) => error.set(Some(e.to_string())),
                }
            });
        },
        Duration::from_millis(400),
    );
}

#[component]
pub fn TeacherImportPage() -> impl IntoView {
    let status = RwSignal::new(None::<ImportStatus>);
    let error = RwSignal::new(None::<String>);
    let step = move || match status.get().map(|s| s.phase) {
        None | Some(ImportPhase::Reading | ImportPhase::Checking) => 0,
        Some(ImportPhase::Ready | ImportPhase::Failed) => 1,
        Some(ImportPhase::Importing | ImportPhase::Done) => 2,
    };
    view! {
        <PageHead title="批量导入教师" trail="教师 / 教师管理 / 批量导入" />
        <ol class="steps card">
            {["上传文件", "校验预览", "导入结果"].into_iter().enumerate().map(|(i, label)| view! {
                <li class=move || { if step() == i { "step step-current" } else if step() > i { "step step-done" } else { "step" } }>
                    <span class="step-no">{i + 1}</span>{label}
                </li>
            }).collect_view()}
        </ol>
        {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert" data-testid="import-error">{e}</div> })}
        {move || match status.get() {
            None => view! { <Upload status error /> }.into_any(),
            Some(s) if s.phase.busy() => view! { <Working status=s /> }.into_any(),
            Some(s) => match (s.phase, s.preview.clone(), s.outcome.clone()) {
                (ImportPhase::Done, _, Some(o)) => view! {
                    <section class="card result" data-testid="import-result">
                        <div class="result-icon">"✓"</div>
                        <h2 data-testid="import-summary">{o.summary()}</h2>
                        <p class="muted">{format!("文件：{}", s.file_name)}</p>
                        <div class="result-actions">
                            {(o.rejected > 0).then(|| view! {
                                <a class="btn" download="" data-testid="import-rejected" href=rejected_href(&s.job)>"下载未导入的行"</a>
                            })}
                            <a class="btn" href="/teachers">"查看教师列表"</a>
                            <button class="btn btn-primary" data-testid="import-again" on:click=move |_| { status.set(None); error.set(None); }>"继续导入"</button>
                        </div>
                    </section>
                }.into_any(),
                (ImportPhase::Ready, Some(p), _) => view! { <Preview job=s.job.clone() file_name=s.file_name.clone() preview=p status error /> }.into_any(),
                _ => view! {
                    <section class="card result result-failed" data-testid="import-failed">
                        <div class="result-icon">"!"</div>
                        <h2>{s.error.clone().unwrap_or_else(|| "导入失败".into())}</h2>
                        <p class="muted">{format!("文件：{}", s.file_name)}</p>
                        <div class="result-actions">
                            <button class="btn btn-primary" on:click=move |_| { status.set(None); error.set(None); }>"重新上传"</button>
                        </div>
                    </section>
                }.into_any(),
            },
        }}
    }
}

#[component]
fn Upload(
    status: RwSignal<Option<ImportStatus>>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let on_submit = crate::components::upload::on_upload(
        form_ref,
        busy,
        error,
        |data| upload_teachers(data.into()),
        move |s: ImportStatus| {
            let job = s.job.clone();
            status.set(Some(s));
            watch(job, status, error);
        },
    );
    view! {
        <section class="card import-upload">
            <form node_ref=form_ref on:submit=on_submit>
                <h2>"选择文件"</h2>
                <ul class="hint-list">
                    <li>"请按导入模板填写：表头在第一行，带 * 的列必填；列的顺序可以不同。"</li>
                    <li>"支持 Excel（.xlsx、.xls）和 CSV（UTF-8 或 GBK 编码）；一次最多 100,000 行、20 MB。"</li>
                    <li>"上传后先逐行校验，您确认预览后才会写入。"</li>
                </ul>
                <div class="upload-row">
                    <input type="file" name="file" accept=".xlsx,.xls,.csv" required=true data-testid="import-file" aria-label="选择教师信息表（Excel）" />
                    <button class="btn btn-primary" type="submit" data-testid="import-upload" disabled=move || busy.get()>
                        {move || { if busy.get() { "上传中…" } else { "上传并校验" } }}
                    </button>
                    <a class="btn" download="" href="/api/files/teacher-template.xlsx">"下载导入模板"</a>
                </div>
            </form>
        </section>
    }
}

#[component]
fn Working(status: ImportStatus) -> impl IntoView {
    let percent = if status.total == 0 {
        0
    } else {
        (status.done as u64 * 100 / status.total as u64).min(100)
    };
    view! {
        <section class="card" data-testid="import-progress">
            <p class="progress-label">
                <span class="spinner"></span>
                {format!("{}：{} / {} 行", status.phase.label(), status.done, status.total)}
            </p>
            <div class="progress" role="progressbar" aria-valuenow=percent aria-valuemin="0" aria-valuemax="100">
                <div class="progress-bar" style=format!("width: {percent}%")></div>
            </div>
            <p class="muted">{format!("文件：{}。请不要关闭本页。", status.file_name)}</p>
        </section>
    }
}

#[component]
fn Preview(
    job: String,
    file_name: String,
    preview: ImportPreview,
    status: RwSignal<Option<ImportStatus>>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let mode = RwSignal::new(ImportMode::AllOrNothing);
    let on_existing = RwSignal::new(OnExisting::Update);
    let tab = RwSignal::new(if preview.invalid > 0 {
        Some(RowKind::Invalid)
    } else {
        None
    });
    let busy = RwSignal::new(false);
    let invalid = preview.invalid;
    let blocked = move || mode.get() == ImportMode::AllOrNothing && invalid > 0;
    let commit = {
        let job = job.clone();
        move |_| {
            let job = job.clone();
            busy.set(true);
            error.set(None);
            leptos::task::spawn_local(async move {
                match commit_import(
                    job.clone(),
                    mode.get_untracked(),
                    on_existing.get_untracked(),
                )
                .await
                {
                    Ok(s) => {
                        status.set(Some(s));
                        watch(job, status, error);
                    }
                    Err(e) => error.set(Some(e.to_string())),
                }
                busy.set(false);
            });
        }
    };
    let rows = preview.rows.clone();
    let shown = move || {
        let t = tab.get();
        rows.iter()
            .filter(|r| t.is_none_or(|k| r.kind == k))
            .cloned()
            .collect::<Vec<_>>()
    };
    let counts = [
        (None, "全部", preview.total),
        (Some(RowKind::Invalid), "有错误", preview.invalid),
        (Some(RowKind::New), "新增", preview.new),
        (Some(RowKind::Update), "更新", preview.update),
        (Some(RowKind::Unchanged), "无变化", preview.unchanged),
    ];
    view! {
        <section class="card" data-testid="import-preview">
            <div class="import-summary">
                <strong>{file_name}</strong>
                <span data-testid="import-counts">{format!(
                    "共 {} 行：新增 {}，更新 {}，无变化 {}，有错误 {}",
                    preview.total, preview.new, preview.update, preview.unchanged, preview.invalid
                )}</span>
            </div>
            <div class="import-options">
                <fieldset>
                    <legend>"导入方式"</legend>
                    <label><input type="radio" name="mode" checked=move || mode.get() == ImportMode::AllOrNothing
                        on:change=move |_| mode.set(ImportMode::AllOrNothing) />"整体导入（有任何错误则全部不导入）"</label>
                    <label><input type="radio" name="mode" data-testid="mode-valid-only" checked=move || mode.get() == ImportMode::ValidOnly
                        on:change=move |_| mode.set(ImportMode::ValidOnly) />"只导入正确的行"</label>
                </fieldset>
                <fieldset>
                    <legend>"身份证号已有档案的行"</legend>
                    <label><input type="radio" name="existing" checked=move || on_existing.get() == OnExisting::Update
                        on:change=move |_| on_existing.set(OnExisting::Update) />"按文件更新"</label>
                    <label><input type="radio" name="existing" data-testid="existing-skip" checked=move || on_existing.get() == OnExisting::Skip
                        on:change=move |_| on_existing.set(OnExisting::Skip) />"跳过"</label>
                </fieldset>
            </div>
            <div class="toolbar">
                <button class="btn btn-primary" data-testid="import-commit" disabled=move || busy.get() || blocked() on:click=commit>"开始导入"</button>
                {(preview.invalid > 0).then(|| view! {
                    <a class="btn" download="" data-testid="import-rejected" href=rejected_href(&job)>"下载错误行"</a>
                })}
                <button class="btn" data-testid="import-reupload" on:click=move |_| { status.set(None); error.set(None); }>"重新上传"</button>
                <span class="muted">{move || blocked().then_some("整体导入要求所有行正确：请修正后重新上传，或选择“只导入正确的行”。")}</span>
            </div>
            <div class="tabs" role="tablist">
                {counts.into_iter().map(|(kind, label, n)| view! {
                    <button role="tab" class=move || { if tab.get() == kind { "tab tab-active" } else { "tab" } }
                        on:click=move |_| tab.set(kind)>{format!("{label} {n}")}</button>
                }).collect_view()}
            </div>
            <div class="table-scroll" tabindex="0" role="region" aria-label="预览">
                <table class="table responsive import-table" data-testid="import-rows">
                    <thead><tr>
                        <th>"行号"</th><th>"结果"</th>
                        {IMPORT_COLUMNS.iter().map(|c| view! { <th>{c.header}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        <For each=shown key=|r| r.line let:row>
                            <PreviewLine row />
                        </For>
                    </tbody>
                </table>
            </div>
            {(preview.omitted > 0).then(|| view! {
                <p class="muted">{format!("为保持页面流畅，另有 {} 行未在此列出；错误行可全部下载。", preview.omitted)}</p>
            })}
        </section>
    }
}

/// One row: its result, and each cell with its reason under it when the cell is wrong.
#[component]
fn PreviewLine(row: PreviewRow) -> impl IntoView {
    let changes = (!row.changes.is_empty()).then(|| format!("将更新：{}", row.changes.join("、")));
    let cells = IMPORT_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let value = row.cells.get(i).cloned().unwrap_or_default();
            let reasons: Vec<String> = row
                .issues
                .iter()
                .filter(|x| x.column == c.header)
                .map(|x| x.message.clone())
                .collect();
            let bad = !reasons.is_empty();
            view! {
                <td data-label=c.header class=if bad { "cell-bad" } else { "" } title=reasons.join("；")>
                    {value}
                    {bad.then(|| view! { <div class="cell-reason">{reasons.join("；")}</div> })}
                </td>
            }
        })
        .collect_view();
    view! {
        <tr data-line=row.line class=if row.kind == RowKind::Invalid { "row-bad" } else { "" }>
            <td data-label="行号">{row.line}</td>
            <td data-label="结果"><span class=kind_class(row.kind)>{row.kind.label()}</span>
                {changes.map(|c| view! { <div class="muted">{c}</div> })}</td>
            {cells}
        </tr>
    }
}
