//! 统计分析: 教师统计, 培训统计, 学分统计 and 机构统计 of the admin's unit or one below it. The
//! address holds the whole state (area, unit, year, dimension): every tab, breadcrumb step,
//! bar and row is a link, so back, refresh and a shared link show the same view. Bars are
//! plain HTML (each a link one level down) with the same numbers in the table beneath.

use crate::api::dashboard::get_statistics;
use crate::components::feedback::{Empty, ErrorBox, Loading};
use crate::domain::dashboard::percent_text;
use crate::domain::statistics::Area;
use crate::dto::dashboard::{Slice, StatRow, StatsQuery, StatsView, SubTable, YearLine};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The address of a view.
pub fn stats_href(area: Area, unit: &str, year: Option<i32>, dim: &str) -> String {
    let year = year.map(|y| y.to_string()).unwrap_or_default();
    crate::url::with_query(
        "/stats",
        &[
            ("area", area.as_str()),
            ("unit", unit),
            ("year", year.as_str()),
            ("dim", dim),
        ],
    )
}

#[component]
pub fn StatisticsPage() -> impl IntoView {
    let query = use_query_map();
    let asked = Memo::new(move |_| {
        let m = query.get();
        StatsQuery {
            area: m.get("area").unwrap_or_default(),
            unit: m.get("unit").unwrap_or_default(),
            year: m.get("year").and_then(|y| y.parse().ok()),
            dim: m.get("dim").unwrap_or_default(),
        }
    });
    let data = crate::data::page_data(move || asked.get(), get_statistics);
    view! {
        <Title text="统计分析" />
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! {
                        <div class="page-head"><nav class="breadcrumb">"统计分析"</nav><h1>"统计分析"</h1></div>
                        <section class="card"><ErrorBox error=e /></section>
                    }.into_any(),
                    Ok(v) => page(v).into_any(),
                }
            })}
        </Transition>
    }
}

fn page(v: StatsView) -> impl IntoView {
    let (area, unit, year, dim) = (v.area, v.unit.clone(), v.year, v.dim.clone());
    let navigate = use_navigate();
    let go = move |href: String| navigate(&href, Default::default());
    let go_year = go.clone();
    let (u2, d2) = (unit.clone(), dim.clone());
    let u3 = unit.clone();
    let export = crate::url::with_query(
        "/api/files/statistics.xlsx",
        &[
            ("area", area.as_str()),
            ("unit", unit.as_str()),
            ("year", year.to_string().as_str()),
            ("dim", dim.as_str()),
        ],
    );
    let crumbs = v.trail.len();
    // An institution's page: its own projects, no areas to choose.
    let own = area == Area::Projects;
    view! {
        <div class="page-head">
            <nav class="breadcrumb" data-testid="stats-trail">
                {v.trail.iter().enumerate().map(|(i, c)| {
                    let last = i + 1 == crumbs;
                    let href = stats_href(area, &c.unit, Some(year), &dim);
                    view! {
                        {(i > 0).then_some(" › ")}
                        {if last {
                            view! { <span>{c.label.clone()}</span> }.into_any()
                        } else {
                            view! { <a href=href>{c.label.clone()}</a> }.into_any()
                        }}
                    }
                }).collect_view()}
            </nav>
            <h1>{format!("{} · 统计分析", v.unit_name)}</h1>
            <p class="muted">{v.as_of.clone()}</p>
        </div>
        {(!own).then(|| view! { <nav class="tabs" aria-label="统计类别">
            {Area::TABS.iter().map(|tab| {
                let href = stats_href(*tab, &unit, Some(year), "");
                view! { <a class="tab" class:active=*tab == area href=href>{tab.label()}</a> }
            }).collect_view()}
        </nav> })}
        <section class="card filter-bar">
            <div class="filters-inline">
                {area.by_year().then(|| view! {
                    <label class="field">"年度"
                        <select name="year" data-testid="stats-year" on:change=move |ev| {
                            let y = event_target_value(&ev).parse().ok();
                            go_year(stats_href(area, &u3, y, ""));
                        }>
                            {v.years.iter().map(|y| view! { <option value=y.to_string() selected=*y == year>{format!("{y} 年")}</option> }).collect_view()}
                        </select>
                    </label>
                })}
                {(area == Area::Teachers).then(|| view! {
                    <label class="field">"统计维度"
                        <select name="dim" data-testid="stats-dim" on:change=move |ev| {
                            go(stats_href(area, &u2, None, &event_target_value(&ev)));
                        }>
                            {v.dims.iter().map(|(k, l)| view! { <option value=k.clone() selected=*k == d2>{l.clone()}</option> }).collect_view()}
                        </select>
                    </label>
                })}
                <span class="toolbar-spacer"></span>
                <a class="btn" download="" href=export data-testid="export-stats">"导出 Excel"</a>
            </div>
        </section>
        {if v.rows.is_empty() {
            view! { <section class="card"><Empty text="暂无统计数据" /></section> }.into_any()
        } else {
            view! {
                <div class="stats-charts">
                    {bars(&v)}
                    {(!v.composition.is_empty()).then(|| donut(&v.composition, if v.area == Area::Training { "录取人次（按项目级别）" } else { "构成" }))}
                </div>
                {table(&v)}
                {v.trend.as_ref().map(trend)}
                {v.more.as_ref().map(sub_table)}
            }.into_any()
        }}
    }
}

fn value_text(n: i64, rate: bool) -> String {
    if rate {
        percent_text(Some(n.max(0) as u32))
    } else {
        n.to_string()
    }
}

/// The bars: one per row, as wide as its share of the largest (of 100 % for a rate).
fn bars(v: &StatsView) -> impl IntoView {
    let max = if v.bar_is_rate {
        1000
    } else {
        v.rows.iter().map(|r| r.bar).max().unwrap_or(0).max(1)
    };
    view! {
        <section class="card stats-bars" aria-hidden="true">
            <h2>{v.bar_label.clone()}</h2>
            {v.rows.iter().map(|r| {
                let width = format!("width: {}%", (r.bar.max(0) * 100 / max).min(100));
                let text = value_text(r.bar, v.bar_is_rate);
                let href = r.unit.as_ref().map(|u| stats_href(v.area, u, Some(v.year), &v.dim)).or(r.list.clone());
                let inner = view! {
                    <span class="bar-name">{r.name.clone()}</span>
                    <span class="bar-track"><span class="bar-fill" style=width></span></span>
                    <span class="bar-value">{text}</span>
                };
                match href {
                    Some(h) => view! { <a class="bar-row" tabindex="-1" href=h data-testid="stats-bar">{inner}</a> }.into_any(),
                    None => view! { <div class="bar-row">{inner}</div> }.into_any(),
                }
            }).collect_view()}
        </section>
    }
}

/// A figure over the years: the server's SVG line, and the same figures as a table.
fn trend(t: &YearLine) -> impl IntoView {
    let (first, last) = (
        t.points.first().map(|p| p.0).unwrap_or_default(),
        t.points.last().map(|p| p.0).unwrap_or_default(),
    );
    let title = format!("{}（{first}–{last} 年）", t.label);
    view! {
        <section class="card stats-trend" data-testid="stats-trend">
            <h2>{title.clone()}</h2>
            <div class="trend-chart" aria-hidden="true" inner_html=t.svg.clone()></div>
            <div class="trend-table">
                <table class="table">
                    <caption class="sr-only">{title}</caption>
                    <thead><tr><th scope="row">"年度"</th>
                        {t.points.iter().map(|p| view! { <th scope="col">{p.0}</th> }).collect_view()}
                    </tr></thead>
                    <tbody><tr><th scope="row">{t.label.clone()}</th>
                        {t.points.iter().map(|p| view! { <td class="num">{p.1}</td> }).collect_view()}
                    </tr></tbody>
                </table>
            </div>
        </section>
    }
}

const PALETTE: [&str; 9] = [
    "#1f6feb", "#2da44e", "#bf8700", "#cf222e", "#8250df", "#1b7c83", "#e16f24", "#6e7781",
    "#bc4c00",
];

/// A composition as a CSS donut (a conic gradient) with its legend.
fn donut(slices: &[Slice], title: &str) -> impl IntoView {
    let total: i64 = slices.iter().map(|s| s.n).sum::<i64>().max(1);
    let mut at = 0i64;
    let stops: Vec<String> = slices
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let from = at * 360 / total;
            at += s.n;
            let to = at * 360 / total;
            format!("{} {from}deg {to}deg", PALETTE[i % PALETTE.len()])
        })
        .collect();
    let style = format!("background: conic-gradient({})", stops.join(", "));
    view! {
        <section class="card stats-donut">
            <h2>{title.to_string()}</h2>
            <div class="donut-wrap">
                <div class="donut" style=style aria-hidden="true"></div>
                <ul class="legend">
                    {slices.iter().enumerate().map(|(i, s)| view! {
                        <li>
                            <span class="swatch" style=format!("background: {}", PALETTE[i % PALETTE.len()])></span>
                            {format!("{} {}（{}）", s.label, s.n, percent_text(crate::domain::dashboard::per_mille(s.n.max(0) as u64, total as u64)))}
                        </li>
                    }).collect_view()}
                </ul>
            </div>
        </section>
    }
}

fn row_view(v: &StatsView, r: &StatRow) -> impl IntoView {
    let name = match &r.unit {
        Some(u) => {
            let href = stats_href(v.area, u, Some(v.year), &v.dim);
            view! { <a href=href data-testid="stats-drill">{r.name.clone()}</a> }.into_any()
        }
        None => view! { <span>{r.name.clone()}</span> }.into_any(),
    };
    let list_label = if v.area == Area::Credits {
        "预警名单"
    } else {
        "教师名单"
    };
    view! {
        <tr data-testid="stats-row">
            <td data-label=v.row_label.clone()><strong>{name}</strong></td>
            {r.cells.iter().zip(&v.columns).map(|(c, h)| view! { <td data-label=h.clone()>{c.clone()}</td> }).collect_view()}
            {v.rows.iter().any(|r| r.list.is_some()).then(|| view! {
                <td data-label="名单">{r.list.clone().map(|h| view! { <a href=h data-testid="stats-list">{list_label}</a> })}</td>
            })}
        </tr>
    }
}

fn table(v: &StatsView) -> impl IntoView {
    let with_list = v.rows.iter().any(|r| r.list.is_some());
    view! {
        <section class="card">
            <table class="table responsive" data-testid="stats-table">
                <caption class="sr-only">{format!("{} {}", v.unit_name, v.bar_label)}</caption>
                <thead><tr>
                    <th>{v.row_label.clone()}</th>
                    {v.columns.iter().map(|c| view! { <th>{c.clone()}</th> }).collect_view()}
                    {with_list.then(|| view! { <th>"名单"</th> })}
                </tr></thead>
                <tbody>
                    {v.rows.iter().map(|r| row_view(v, r)).collect_view()}
                    {(!v.total.is_empty()).then(|| view! {
                        <tr class="total-row" data-testid="stats-total">
                            <td data-label=v.row_label.clone()><strong>"合计"</strong></td>
                            {v.total.iter().zip(&v.columns).map(|(c, h)| view! { <td data-label=h.clone()><strong>{c.clone()}</strong></td> }).collect_view()}
                            {with_list.then(|| view! { <td></td> })}
                        </tr>
                    })}
                </tbody>
            </table>
        </section>
    }
}

/// A second table (培训统计's projects): each row links to its record.
fn sub_table(t: &SubTable) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{t.title.clone()}</h2>
            {if t.rows.is_empty() {
                view! { <Empty text="暂无项目" /> }.into_any()
            } else {
                view! {
                    <table class="table responsive" data-testid="stats-projects">
                        <thead><tr>
                            <th>{t.row_label.clone()}</th>
                            {t.columns.iter().map(|c| view! { <th>{c.clone()}</th> }).collect_view()}
                        </tr></thead>
                        <tbody>
                            {t.rows.iter().map(|r| view! {
                                <tr>
                                    <td data-label=t.row_label.clone()>{match &r.list {
                                        Some(h) => view! { <a href=h.clone()>{r.name.clone()}</a> }.into_any(),
                                        None => view! { <span>{r.name.clone()}</span> }.into_any(),
                                    }}</td>
                                    {r.cells.iter().zip(&t.columns).map(|(c, h)| view! { <td data-label=h.clone()>{c.clone()}</td> }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_views_address_holds_its_state() {
        assert_eq!(
            stats_href(Area::Training, "130100", Some(2026), ""),
            "/stats?area=training&unit=130100&year=2026"
        );
        assert_eq!(
            stats_href(Area::Teachers, "", None, "title"),
            "/stats?area=teachers&dim=title"
        );
    }
}
