//! The teacher record form (增加 and 编辑) and the school picker the teacher screens share.
//! Fields validate as you type with the same rules the server applies.

use crate::api::teachers::teacher_school_options;
use crate::components::field::{CheckField, SelectField, TextField};
use crate::components::pickers::code_options;
use crate::domain::code_lists;
use crate::domain::teacher::{TeacherFields, validate};
use crate::error::AppError;
use leptos::prelude::*;

/// One signal per field, so each input keeps what was typed across server errors.
#[derive(Clone, Copy)]
pub struct FormState {
    pub name: RwSignal<String>,
    pub id_number: RwSignal<String>,
    pub qualification_number: RwSignal<String>,
    pub ethnicity: RwSignal<String>,
    pub political_status: RwSignal<String>,
    pub stage: RwSignal<String>,
    pub subject: RwSignal<String>,
    pub initial_education: RwSignal<String>,
    pub highest_education: RwSignal<String>,
    pub title: RwSignal<String>,
    pub post: RwSignal<String>,
    pub hire_date: RwSignal<String>,
    pub publicly_funded: RwSignal<bool>,
    pub special_post: RwSignal<bool>,
    pub phone: RwSignal<String>,
    pub email: RwSignal<String>,
    /// Set on the first submit: errors show for untouched fields from then on.
    pub submitted: RwSignal<bool>,
    pub server_error: RwSignal<Option<AppError>>,
}

impl FormState {
    pub fn new(f: TeacherFields) -> Self {
        Self {
            name: RwSignal::new(f.name),
            id_number: RwSignal::new(f.id_number),
            qualification_number: RwSignal::new(f.qualification_number),
            ethnicity: RwSignal::new(f.ethnicity),
            political_status: RwSignal::new(f.political_status),
            stage: RwSignal::new(f.stage),
            subject: RwSignal::new(f.subject),
            initial_education: RwSignal::new(f.initial_education),
            highest_education: RwSignal::new(f.highest_education),
            title: RwSignal::new(f.title),
            post: RwSignal::new(f.post),
            hire_date: RwSignal::new(f.hire_date),
            publicly_funded: RwSignal::new(f.publicly_funded),
            special_post: RwSignal::new(f.special_post),
            phone: RwSignal::new(f.phone),
            email: RwSignal::new(f.email),
            submitted: RwSignal::new(false),
            server_error: RwSignal::new(None),
        }
    }

    pub fn fields(&self) -> TeacherFields {
        TeacherFields {
            name: self.name.get(),
            id_number: self.id_number.get(),
            qualification_number: self.qualification_number.get(),
            ethnicity: self.ethnicity.get(),
            political_status: self.political_status.get(),
            stage: self.stage.get(),
            subject: self.subject.get(),
            initial_education: self.initial_education.get(),
            highest_education: self.highest_education.get(),
            title: self.title.get(),
            post: self.post.get(),
            hire_date: self.hire_date.get(),
            publicly_funded: self.publicly_funded.get(),
            special_post: self.special_post.get(),
            phone: self.phone.get(),
            email: self.email.get(),
        }
        .normalized()
    }

    /// The shared rules' verdict now (a masked ID number is the stored one, so not checked).
    pub fn local_errors(&self, masked_id: Option<&str>) -> Vec<crate::error::FieldError> {
        let f = self.fields();
        validate(&f)
            .into_iter()
            .filter(|e| !(e.field == "id_number" && Some(f.id_number.as_str()) == masked_id))
            .collect()
    }
}

/// The record's fields. `editable` names the keys the user may change (others are locked);
/// `masked_id` is the masked ID number an edit starts from.
#[component]
pub fn TeacherForm(
    state: FormState,
    #[prop(into)] editable: Signal<Vec<String>>,
    #[prop(optional, into)] masked_id: Option<String>,
) -> impl IntoView {
    let masked = StoredValue::new(masked_id);
    let error = move |key: &'static str, value: Signal<String>| {
        let touched = RwSignal::new(false);
        let initial = value.get_untracked();
        Effect::new(move |_| {
            if value.get() != initial {
                touched.set(true);
            }
        });
        Signal::derive(move || {
            if !(touched.get() || state.submitted.get()) {
                return state.server_error.get().and_then(|e| e.field_message(key));
            }
            let masked = masked.get_value();
            state
                .local_errors(masked.as_deref())
                .into_iter()
                .find(|e| e.field == key)
                .map(|e| e.message)
                .or_else(|| state.server_error.get().and_then(|e| e.field_message(key)))
        })
    };
    let locked =
        move |key: &'static str| Signal::derive(move || !editable.get().iter().any(|k| k == key));
    let opts = |list: &'static [&'static str]| Signal::stored(code_options(list));
    let subjects =
        Signal::derive(move || code_options(code_lists::subjects_of(&state.stage.get())));
    view! {
        <div class="form-grid">
            <TextField label="姓名" name="name" value=state.name required=true
                error=error("name", state.name.into()) disabled=locked("name") />
            <TextField label="身份证号" name="id_number" value=state.id_number required=true
                error=error("id_number", state.id_number.into()) disabled=locked("id_number") />
            <TextField label="教师资格证号" name="qualification_number" value=state.qualification_number
                error=error("qualification_number", state.qualification_number.into()) disabled=locked("qualification_number") />
            <SelectField label="民族" name="ethnicity" value=state.ethnicity options=opts(&code_lists::ETHNICITIES) required=true
                error=error("ethnicity", state.ethnicity.into()) disabled=locked("ethnicity") />
            <SelectField label="政治面貌" name="political_status" value=state.political_status options=opts(&code_lists::POLITICAL_STATUSES) required=true
                error=error("political_status", state.political_status.into()) disabled=locked("political_status") />
            <SelectField label="任教学段" name="stage" value=state.stage options=opts(&code_lists::STAGES) required=true
                error=error("stage", state.stage.into()) disabled=locked("stage") />
            <SelectField label="任教学科" name="subject" value=state.subject options=subjects required=true
                error=error("subject", state.subject.into()) disabled=locked("subject") />
            <SelectField label="第一学历" name="initial_education" value=state.initial_education options=opts(&code_lists::EDUCATION_LEVELS) required=true
                error=error("initial_education", state.initial_education.into()) disabled=locked("initial_education") />
            <SelectField label="最高学历" name="highest_education" value=state.highest_education options=opts(&code_lists::EDUCATION_LEVELS) required=true
                error=error("highest_education", state.highest_education.into()) disabled=locked("highest_education") />
            <SelectField label="职称" name="title" value=state.title options=opts(&code_lists::TITLES) required=true
                error=error("title", state.title.into()) disabled=locked("title") />
            <SelectField label="岗位" name="post" value=state.post options=opts(&code_lists::POSTS) required=true
                error=error("post", state.post.into()) disabled=locked("post") />
            <TextField label="参加工作日期" name="hire_date" value=state.hire_date input_type="date"
                error=error("hire_date", state.hire_date.into()) disabled=locked("hire_date") />
            <TextField label="手机号" name="phone" value=state.phone input_type="tel"
                error=error("phone", state.phone.into()) disabled=locked("phone") />
            <TextField label="邮箱" name="email" value=state.email input_type="email"
                error=error("email", state.email.into()) disabled=locked("email") />
            <CheckField label="公费师范生" name="publicly_funded" value=state.publicly_funded disabled=locked("publicly_funded") />
            <CheckField label="特岗教师" name="special_post" value=state.special_post disabled=locked("special_post") />
        </div>
    }
}

/// Picks a school: a county first for bureaus (`county` starts empty), the own school for a
/// school admin (`county` is ignored).
#[component]
pub fn SchoolPicker(
    county: RwSignal<String>,
    value: RwSignal<String>,
    #[prop(into, optional)] error: Signal<Option<String>>,
) -> impl IntoView {
    let schools = crate::data::page_data(move || county.get(), teacher_school_options);
    view! {
        <Transition fallback=|| view! { <div class="field"><label>"学校"</label><select disabled=true><option>"加载中…"</option></select></div> }>
            {move || Suspend::new(async move {
                let opts: Vec<(String, String)> = schools.await.unwrap_or_default()
                    .into_iter().map(|(id, n)| (id.to_string(), n)).collect();
                if opts.len() == 1 && value.get_untracked().is_empty() {
                    value.set(opts[0].0.clone());
                }
                view! {
                    <SelectField label="学校" name="school_id" value=value options=Signal::stored(opts)
                        prompt="请选择学校" error=error required=true />
                }
            })}
        </Transition>
    }
}
