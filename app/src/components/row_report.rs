//! What an import did: the counts, a refusal of the whole file if any, and each row not taken
//! with its line number and the problem under each column.

use crate::dto::directive::ListRowIssue;
use leptos::prelude::*;

#[component]
pub fn RowReport(
    /// "共 12 行：导入 10 人，未导入 2 行".
    summary: String,
    /// Set when the whole file was refused.
    refused: Option<String>,
    rejected: Vec<ListRowIssue>,
    on_close: Callback<()>,
) -> impl IntoView {
    let ok = refused.is_none() && rejected.is_empty();
    view! {
        <div class="card import-report" data-testid="import-report" class:is-ok=ok>
            <div class="toolbar">
                <strong>{summary}</strong>
                <span class="toolbar-spacer"></span>
                <button class="link-btn" on:click=move |_| on_close.run(())>"关闭"</button>
            </div>
            {refused.map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            {(!rejected.is_empty()).then(|| view! {
                <table class="table responsive">
                    <thead><tr><th>"行号"</th><th>"姓名"</th><th>"问题"</th></tr></thead>
                    <tbody>
                        {rejected.into_iter().map(|x| view! {
                            <tr>
                                <td data-label="行号">{format!("第 {} 行", x.line)}</td>
                                <td data-label="姓名">{x.name}</td>
                                <td data-label="问题">{x.issues.into_iter().map(|i| format!("{}：{}", i.column, i.message)).collect::<Vec<_>>().join("；")}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </div>
    }
}
