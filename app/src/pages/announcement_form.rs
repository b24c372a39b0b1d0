//! 发布通知: title, formatted body (typed, or pasted from a document with its formatting; the
//! server keeps a safe subset), whom it is for within the publisher's unit, pinned, 确认已读,
//! a publish time for later and a deadline.

use crate::api::announcements::{
    announcement_options, publish_announcement, upload_announcement_file,
};
use crate::components::feedback::{FormError, Loaded};
use crate::components::field::{CheckField, CheckGroup, SelectField, TextField, field_message};
use crate::components::page::PageHead;
use crate::domain::announcement_file::FILES_MAX;
use crate::domain::role::Role;
use crate::dto::announcements::{Attachment, Draft, PublishOptions, UnitRef, validate_draft};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn AnnouncementFormPage() -> impl IntoView {
    let data = crate::data::page_data(|| (), |_| announcement_options());
    view! {
        <PageHead title="发布通知" trail="通知公告 / 发布通知" />
        <Loaded data ok=|o: PublishOptions| view! { <Form options=o /> } />
    }
}

#[component]
fn Form(options: PublishOptions) -> impl IntoView {
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let units = RwSignal::new(Vec::<String>::new());
    let roles = RwSignal::new(Vec::<String>::new());
    let project = RwSignal::new(String::new());
    let class = RwSignal::new(String::new());
    let pinned = RwSignal::new(false);
    let needs_ack = RwSignal::new(false);
    let publish_at = RwSignal::new(String::new());
    let deadline = RwSignal::new(String::new());
    let files = RwSignal::new(Vec::<Attachment>::new());
    let uploading = RwSignal::new(false);
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let server_error = RwSignal::new(None::<AppError>);
    let editor = NodeRef::<leptos::html::Div>::new();
    let institution =
        !options.projects.is_empty() || (options.units.is_empty() && options.roles.is_empty());
    let current = move || Draft {
        title: title.get(),
        body: body.get(),
        units: units
            .get()
            .iter()
            .filter_map(|k| UnitRef::parse(k))
            .collect(),
        roles: roles.get().iter().filter_map(|r| Role::parse(r)).collect(),
        project_id: project.get().parse().ok(),
        class_id: class.get().parse().ok(),
        pinned: pinned.get(),
        needs_ack: needs_ack.get(),
        publish_at: publish_at.get(),
        deadline: deadline.get(),
        files: files.get(),
    };
    let local = Memo::new(move |_| {
        if tried.get() {
            validate_draft(&current())
        } else {
            Vec::new()
        }
    });
    let e = move |f: &str| field_message(local, server_error, f.to_string());
    let on_input = move |_| {
        if let Some(el) = editor.get() {
            body.set(el.inner_html());
        }
    };
    // Each file goes up as soon as it is picked; publishing then names the ones kept.
    let file_form = NodeRef::<leptos::html::Form>::new();
    let pick = crate::components::upload::on_pick(
        file_form,
        uploading,
        server_error,
        |data| upload_announcement_file(data.into()),
        move |a: Attachment| files.update(|v| v.push(a)),
    );
    let files_error = e("files");
    let full = move || uploading.get() || files.get().len() >= FILES_MAX;
    let navigate = leptos_router::hooks::use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        server_error.set(None);
        let d = current();
        if !validate_draft(&d).is_empty() {
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = publish_announcement(d).await;
            busy.set(false);
            match result {
                // Within the app: the page it opens reads its data afresh anyway.
                Ok(id) => navigate(&format!("/announcements/{id}"), Default::default()),
                Err(err) => server_error.set(Some(err)),
            }
        });
    };
    let unit_options = Signal::stored(
        options
            .units
            .iter()
            .map(|u| (u.unit.key(), u.name.clone()))
            .collect::<Vec<_>>(),
    );
    let role_options = Signal::stored(
        options
            .roles
            .iter()
            .map(|r| (r.as_str().to_string(), r.label().to_string()))
            .collect::<Vec<_>>(),
    );
    let project_options = Signal::stored(
        options
            .projects
            .iter()
            .map(|(id, n)| (id.to_string(), n.clone()))
            .collect::<Vec<_>>(),
    );
    let classes = options.classes.clone();
    let class_options = Signal::derive(move || {
        let p: i64 = project.get().parse().unwrap_or(-1);
        classes
            .iter()
            .filter(|(_, pid, _)| *pid == p)
            .map(|(id, _, n)| (id.to_string(), n.clone()))
            .collect::<Vec<_>>()
    });
    let body_error = e("body");
    view! {
        <form class="card form" on:submit=submit data-testid="announcement-form">
            <p class="muted">{format!("发布单位：{}", options.own)}</p>
            <TextField label="标题" name="title" value=title error=e("title") required=true />
            <div class="field" class:has-error=move || body_error.get().is_some()>
                <label for="f-body">"正文"<span class="req">"*"</span></label>
                <EditorToolbar editor body />
                <div id="f-body" class="editor" contenteditable="true" role="textbox" aria-multiline="true"
                    aria-label="正文" node_ref=editor on:input=on_input data-testid="announcement-body"></div>
                <p class="hint muted">"可直接粘贴文档中的文字，保留加粗、列表、表格等格式。"</p>
                {move || body_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </div>
            {if institution {
                view! {
                    <SelectField label="培训项目" name="project_id" value=project options=project_options error=e("project_id") required=true />
                    <SelectField label="班级" name="class_id" value=class options=class_options prompt="项目全部学员" />
                }.into_any()
            } else {
                view! {
                    {(!options.units.is_empty()).then(|| view! {
                        <CheckGroup label="发送范围" name="units" value=units options=unit_options error=e("units") hint="不选表示本单位全部" />
                    })}
                    <CheckGroup label="接收角色" name="roles" value=roles options=role_options error=e("roles") hint="不选表示全部角色" />
                }.into_any()
            }}
            <div class="field" class:has-error=move || files_error.get().is_some()>
                <label for="f-files">"附件（选填）"</label>
                <ul class="attachments" data-testid="form-files">
                    {move || files.get().into_iter().map(|f| {
                        let id = f.file_id;
                        view! {
                            <li>
                                <span>{f.name}</span>
                                <button class="link-btn danger" type="button" aria-label="移除附件"
                                    on:click=move |_| files.update(|v| v.retain(|x| x.file_id != id))>"移除"</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <input id="f-files" name="file" form="announcement-attachment" type="file" data-testid="announcement-file-input"
                    accept=".pdf,.doc,.docx,.ppt,.pptx,.xls,.xlsx,.jpg,.jpeg,.png,.gif" on:change=pick
                    disabled=full />
                <p class="hint muted">{move || if uploading.get() { "上传中…".to_string() } else {
                    format!("PDF、Word、Excel、PowerPoint 或图片，每个不超过 10 MB，最多 {FILES_MAX} 个")
                }}</p>
                {move || files_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </div>
            <CheckField label="置顶" name="pinned" value=pinned />
            <CheckField label="需确认已读" name="needs_ack" value=needs_ack />
            <TextField label="发布时间（不填为立即发布）" name="publish_at" value=publish_at input_type="datetime-local" error=e("publish_at") />
            <TextField label="截止时间" name="deadline" value=deadline input_type="datetime-local" error=e("deadline") />
            <FormError error=server_error />
            <div class="form-actions">
                <a class="btn" href="/announcements">"取消"</a>
                <button class="btn btn-primary" type="submit" data-testid="publish" disabled=move || busy.get() || uploading.get()>
                    {move || if busy.get() { "发布中…" } else { "发布" }}
                </button>
            </div>
        </form>
        // The file input belongs to this form (its `form` attribute): a file goes up when it
        // is picked, apart from the announcement.
        <form id="announcement-attachment" node_ref=file_form on:submit=|ev| ev.prevent_default()></form>
    }
}

/// The editor's buttons: each applies a format to the selection (the browser's editing
/// commands) and keeps the editor's focus; what they write, the server cleans like the rest.
const FORMATS: [(&str, &str, &str); 6] = [
    ("bold", "B", "加粗"),
    ("italic", "I", "斜体"),
    ("underline", "U", "下划线"),
    ("insertOrderedList", "1.", "编号列表"),
    ("insertUnorderedList", "•", "项目符号"),
    ("removeFormat", "⌫", "清除格式"),
];

#[component]
fn EditorToolbar(editor: NodeRef<leptos::html::Div>, body: RwSignal<String>) -> impl IntoView {
    let apply = move |command: &'static str| {
        exec(command);
        if let Some(el) = editor.get() {
            body.set(el.inner_html());
        }
    };
    view! {
        <div class="editor-toolbar" role="toolbar" aria-label="格式">
            {FORMATS.into_iter().map(|(command, mark, label)| view! {
                <button type="button" class="btn btn-sm" title=label aria-label=label
                    // Pressing the button must not take the selection out of the editor.
                    on:mousedown=|ev| ev.prevent_default()
                    on:click=move |_| apply(command)>{mark}</button>
            }).collect_view()}
        </div>
    }
}

/// Applies one of the browser's editing commands to the selection in the editor.
fn exec(command: &str) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        if let Some(doc) = document().dyn_ref::<leptos::web_sys::HtmlDocument>() {
            let _ = doc.exec_command(command);
        }
    }
    // Only a browser edits.
    #[cfg(not(feature = "hydrate"))]
    let _ = command;
}
