//! 学校管理: filter bar over a paged table, a drawer to create or edit, enable/disable.

use crate::api::org::{list_schools, my_counties, save_school, set_school_disabled};
use crate::components::feedback::{FormError, Notice};
use crate::components::field::{SelectField, TextField};
use crate::components::list_page::{FilterBar, use_list};
use crate::components::list_table::{Col, ListTable, col, num};
use crate::components::overlay::{Drawer, DrawerActions};
use crate::components::page::{EnabledTag, PageHead, enabled_options, toggled_notice};
use crate::components::pickers::{CountiesResource, CountySelect, code_options as options};
use crate::domain::code_lists::{SCHOOL_AREA_TYPES, SCHOOL_CATEGORIES};
use crate::dto::org::{SchoolFilter, SchoolInput, SchoolView};
use crate::error::AppError;
use leptos::prelude::*;

#[component]
pub fn SchoolsPage() -> impl IntoView {
    let list = use_list::<SchoolFilter>();
    let keyword = list.field(|f| f.keyword.clone());
    let county = list.field(|f| f.region_code.clone());
    let category = list.field(|f| f.category.clone());
    let status = list.field(|f| f.status.clone());
    let editing = RwSignal::new(None::<SchoolInput>);
    let schools = list.load(list_schools);
    let counties = crate::data::page_data(|| (), |_| my_counties());

    let search = Callback::new(move |()| {
        list.apply(SchoolFilter {
            keyword: keyword.get_untracked(),
            region_code: county.get_untracked(),
            category: category.get_untracked(),
            status: status.get_untracked(),
            ..Default::default()
        })
    });
    let toggle = move |s: SchoolView| {
        list.run(
            set_school_disabled(s.id, !s.disabled),
            toggled_notice(s.disabled, &s.name),
        )
    };
    let row = move |s: SchoolView| {
        let edit = SchoolInput {
            id: Some(s.id),
            name: s.name.clone(),
            county_code: s.county_code.clone(),
            area_type: s.area_type.clone(),
            category: s.category.clone(),
            address: s.address.clone().unwrap_or_default(),
        };
        let s2 = s.clone();
        view! {
            <td data-label="学校名称"><strong>{s.name.clone()}</strong></td>
            <td data-label="所在区县">{s.region_name.clone()}</td>
            <td data-label="类别">{s.category.clone()}</td>
            <td data-label="区域">{s.area_type.clone()}</td>
            <td data-label="教师数" class="num">{s.teacher_count}</td>
            <td data-label="状态"><EnabledTag disabled=s.disabled /></td>
            <td data-label="操作" class="row-actions">
                <button class="link-btn" on:click=move |_| editing.set(Some(edit.clone()))>"编辑"</button>
                <button class="link-btn" class:danger=!s.disabled on:click=move |_| toggle(s2.clone())>
                    {if s.disabled { "启用" } else { "停用" }}
                </button>
            </td>
        }
    };

    view! {
        <PageHead title="学校管理" trail="组织机构 / 学校管理" />
        <Notice message=list.notice />
        <FilterBar on_search=search on_reset=Callback::new(move |()| list.reset())>
            <TextField label="关键字" name="keyword" value=keyword placeholder="学校名称" />
            <CountySelect label="区县" name="county" value=county counties=counties prompt="全部区县" />
            <SelectField label="类别" name="category" value=category options=Signal::derive(|| options(&SCHOOL_CATEGORIES)) prompt="全部类别" />
            <SelectField label="状态" name="status" value=status options=Signal::derive(enabled_options) prompt="全部状态" />
        </FilterBar>
        <section class="card">
            <div class="toolbar">
                <button class="btn btn-primary" data-testid="new-school"
                    on:click=move |_| editing.set(Some(SchoolInput::default()))>"新增学校"</button>
            </div>
            <ListTable list=list data=schools cols=COLS row=row empty="没有符合条件的学校" testid="schools-table" />
        </section>
        {move || editing.get().map(|input| view! {
            <SchoolDrawer input=input counties=counties on_done=Callback::new(move |saved: Option<String>| {
                editing.set(None);
                if let Some(name) = saved {
                    list.done(format!("已保存：{name}"));
                }
            }) />
        })}
    }
}

const COLS: &[Col] = &[
    col("学校名称"),
    col("所在区县"),
    col("类别"),
    col("区域"),
    num("教师数"),
    col("状态"),
    col("操作"),
];

#[component]
fn SchoolDrawer(
    input: SchoolInput,
    counties: CountiesResource,
    on_done: Callback<Option<String>>,
) -> impl IntoView {
    let id = input.id;
    let name = RwSignal::new(input.name);
    let county = RwSignal::new(input.county_code);
    let area = RwSignal::new(input.area_type);
    let category = RwSignal::new(input.category);
    let address = RwSignal::new(input.address);
    let touched = RwSignal::new(false);
    let server_error = RwSignal::new(None::<AppError>);
    let required = move |v: RwSignal<String>, field: &'static str, msg: &'static str| {
        Signal::derive(move || {
            (touched.get() && v.get().trim().is_empty())
                .then(|| msg.to_string())
                .or_else(|| server_error.get().and_then(|e| e.field_message(field)))
        })
    };
    let name_error = required(name, "name", "请填写学校全称");
    let county_error = required(county, "county_code", "请选择所在区县");
    let area_error = required(area, "area_type", "请选择学校所在区域");
    let category_error = required(category, "category", "请选择学校类别");
    let save = Action::new(move |i: &SchoolInput| {
        let i = i.clone();
        async move { save_school(i).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => on_done.run(Some(name.get_untracked())),
        Some(Err(e)) => server_error.set(Some(e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        touched.set(true);
        server_error.set(None);
        let filled = [name, county, area, category]
            .iter()
            .all(|s| !s.get_untracked().trim().is_empty());
        if filled {
            save.dispatch(SchoolInput {
                id,
                name: name.get_untracked(),
                county_code: county.get_untracked(),
                area_type: area.get_untracked(),
                category: category.get_untracked(),
                address: address.get_untracked(),
            });
        }
    };
    view! {
        <Drawer title={if id.is_some() { "编辑学校" } else { "新增学校" }} on_close=Callback::new(move |_| on_done.run(None))>
            <form class="drawer-body" on:submit=submit novalidate>
                <TextField label="学校全称" name="name" value=name error=name_error required=true
                    placeholder="与公章一致，不用简称" />
                <CountySelect label="所在区县" name="county_code" value=county counties=counties error=county_error required=true />
                <SelectField label="学校所在区域" name="area_type" value=area options=Signal::derive(|| options(&SCHOOL_AREA_TYPES)) error=area_error required=true />
                <SelectField label="学校类别" name="category" value=category options=Signal::derive(|| options(&SCHOOL_CATEGORIES)) error=category_error required=true />
                <TextField label="地址" name="address" value=address />
                <FormError error=server_error />
                <DrawerActions on_cancel=Callback::new(move |_| on_done.run(None)) testid="save-school" busy=save.pending() />
            </form>
        </Drawer>
    }
}
