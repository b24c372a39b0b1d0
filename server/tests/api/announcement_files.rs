//! 通知公告's attachments (issue 17), on SQLite and PostgreSQL: the type read from the
//! content, the size cap, a file only its uploader can attach (once), downloads as an
//! attachment for whoever may open the announcement and for no one else.

use crate::announcements::{a_school, publish, teacher_at};
use crate::helpers::*;
use app::domain::file_type::ATTACHMENT_MAX_BYTES;
use app::dto::announcements::{AnnouncementView, Attachment, file_link};
use app::error::AppError;
use serde_json::json;

async fn upload(c: &Client, name: &str, bytes: Vec<u8>) -> Result<Attachment, AppError> {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
    );
    c.call_multipart::<api::announcements::UploadAnnouncementFile>(form)
        .await
}

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

on_both!(
    attachments_go_with_an_announcement_to_those_it_reaches_only,
    |app| {
        let county = app.login_as(COUNTY).await;
        let file = upload(&county, "C:\\通知\\寒假安全\"告知书\".exe.pdf", pdf())
            .await
            .unwrap();
        // The offered name loses the path and the quotes, and takes the content's extension.
        assert_eq!(file.name, "寒假安全告知书.exe.pdf");

        // Refused: a program renamed, an empty file, one over the cap; each names the field.
        let exe = upload(&county, "报名表.xlsx", b"MZ\x90\x00\x03".to_vec())
            .await
            .unwrap_err();
        assert_eq!(
            exe.field_message("files").as_deref(),
            Some("附件须为 PDF、Word、PowerPoint、Excel 文件或 JPG、PNG、GIF 图片")
        );
        let empty = upload(&county, "空.pdf", Vec::new()).await.unwrap_err();
        assert_eq!(empty.field_message("files").as_deref(), Some("文件为空"));
        let mut big = pdf();
        big.resize(ATTACHMENT_MAX_BYTES + 1, b' ');
        let big = upload(&county, "大.pdf", big).await.unwrap_err();
        assert_eq!(
            big.field_message("files").as_deref(),
            Some("附件不能超过 10 MB")
        );
        // A teacher publishes nothing, so uploads nothing.
        let teacher = app.login_as(TEACHER).await;
        assert_eq!(
            upload(&teacher, "a.pdf", pdf()).await.unwrap_err(),
            AppError::Forbidden
        );

        // Another county cannot attach this county's file.
        let other = app.login_as(OTHER_COUNTY).await;
        let e = publish(
            &other,
            json!({ "title": "借用附件", "body": "<p>正文</p>", "files": [file] }),
        )
        .await
        .unwrap_err();
        assert_eq!(
            e.field_message("files").as_deref(),
            Some("附件已失效，请重新上传")
        );

        let renamed = Attachment {
            name: "寒假安全告知书.html".into(),
            ..file.clone()
        };
        let id = publish(
            &county,
            json!({ "title": "关于寒假安全的通知", "body": "<p>见附件</p>", "roles": ["teacher"],
                    "files": [renamed] }),
        )
        .await
        .unwrap();
        // Taken once: a second announcement cannot take it too.
        let again = publish(
            &county,
            json!({ "title": "再发一次", "body": "<p>见附件</p>", "files": [file] }),
        )
        .await
        .unwrap_err();
        assert!(again.field_message("files").is_some(), "{again:?}");

        // The teacher of the county opens it and downloads the file as an attachment, its
        // extension still the content's (the name sent back was changed).
        let view: AnnouncementView = teacher
            .call::<api::announcements::OpenAnnouncement>(&[("id", id.to_string())])
            .await
            .unwrap();
        assert_eq!(
            view.files,
            vec![Attachment {
                file_id: file.file_id,
                name: "寒假安全告知书.pdf".into()
            }]
        );
        let link = file_link(id, file.file_id);
        let (status, ct, cd, bytes) = download(&teacher, &link).await;
        assert_eq!((status, ct.as_str()), (200, "application/pdf"));
        assert!(cd.starts_with("attachment;"), "{cd}");
        assert!(cd.contains("filename*=UTF-8''"), "{cd}");
        assert_eq!(bytes, pdf());

        // Not for a teacher of another county, the other county's admin, or someone logged
        // out; nor under another announcement's number.
        let elsewhere = a_school(app, "130104", &[], "桥西区第一小学").await;
        let far = teacher_at(app, &elsewhere, 7).await;
        assert_eq!(download(&far, &link).await.0, 404);
        assert_eq!(download(&other, &link).await.0, 404);
        let anonymous = app.client();
        assert_ne!(download(&anonymous, &link).await.0, 200);
        let second = publish(
            &county,
            json!({ "title": "另一则通知", "body": "<p>正文</p>" }),
        )
        .await
        .unwrap();
        assert_eq!(
            download(&teacher, &file_link(second, file.file_id)).await.0,
            404
        );

        // Withdrawn: gone for the teacher, kept for the publisher.
        county
            .call::<api::announcements::WithdrawAnnouncement>(&[("id", id.to_string())])
            .await
            .unwrap();
        assert_eq!(download(&teacher, &link).await.0, 404);
        assert_eq!(download(&county, &link).await.0, 200);
    }
);

on_both!(an_announcement_carries_at_most_five_files, |app| {
    let school = app.login_as(SCHOOL_ADMIN).await;
    let mut files = Vec::new();
    for n in 0..6 {
        files.push(
            upload(
                &school,
                &format!("表{n}.png"),
                b"\x89PNG\r\n\x1a\n....".to_vec(),
            )
            .await
            .unwrap(),
        );
    }
    let e = publish(
        &school,
        json!({ "title": "材料", "body": "<p>见附件</p>", "files": files }),
    )
    .await
    .unwrap_err();
    assert_eq!(e.field_message("files").as_deref(), Some("附件最多 5 个"));
    files.pop();
    let id = publish(
        &school,
        json!({ "title": "材料", "body": "<p>见附件</p>", "files": files }),
    )
    .await
    .unwrap();
    let view: AnnouncementView = school
        .call::<api::announcements::OpenAnnouncement>(&[("id", id.to_string())])
        .await
        .unwrap();
    let names: Vec<_> = view.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["表0.png", "表1.png", "表2.png", "表3.png", "表4.png"]
    );
});
