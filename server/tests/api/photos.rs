//! Photo uploads: checked by content, served only to their owner.

use crate::helpers::*;
use app::error::AppError;

fn png(w: u32, h: u32, pad: usize) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    b.extend_from_slice(&w.to_be_bytes());
    b.extend_from_slice(&h.to_be_bytes());
    b.extend_from_slice(&[8, 2, 0, 0, 0]);
    b.resize(b.len() + pad, 0);
    b
}

async fn upload(c: &Client, kind: &str, name: &str, bytes: Vec<u8>) -> Result<i64, AppError> {
    let form = reqwest::multipart::Form::new()
        .text("kind", kind.to_string())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes)
                .file_name(name.to_string())
                .mime_str("image/png")
                .unwrap(),
        );
    c.call_multipart::<api::photos::UploadPhoto>(form).await
}

on_both!(
    a_teacher_uploads_a_certificate_photo_and_only_they_can_see_it,
    |app| {
        let c = app.login_as(TEACHER).await;
        let photo = png(295, 413, 2000);
        upload(&c, "cert", "me.png", photo.clone()).await.unwrap();
        let res = c
            .http
            .get(format!("{}/me/photo/cert", c.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["content-type"], "image/png");
        assert_eq!(res.headers()["cache-control"], "private, no-store");
        assert_eq!(res.bytes().await.unwrap().to_vec(), photo);
        // Someone else gets their own (none yet): the placeholder, never this photo.
        let other = app.login_as(SCHOOL_ADMIN).await;
        let theirs = other
            .http
            .get(format!("{}/me/photo/cert", other.base))
            .send()
            .await
            .unwrap();
        assert_eq!(theirs.headers()["content-type"], "image/svg+xml");
        let anonymous = reqwest::get(format!("{}/me/photo/cert", c.base))
            .await
            .unwrap();
        assert_eq!(anonymous.status(), reqwest::StatusCode::UNAUTHORIZED);
    }
);

on_both!(uploads_are_checked_by_content_size_and_shape, |app| {
    let c = app.login_as(TEACHER).await;
    let pdf = b"%PDF-1.4 pretending to be a photo".to_vec();
    let e = upload(&c, "cert", "photo.png", pdf).await.unwrap_err();
    assert!(
        e.field_message("file").unwrap().contains("JPG 或 PNG"),
        "{e:?}"
    );
    let e = upload(&c, "cert", "wide.png", png(600, 400, 10))
        .await
        .unwrap_err();
    assert!(e.field_message("file").unwrap().contains("竖版"), "{e:?}");
    let e = upload(&c, "cert", "big.png", png(295, 413, 700 * 1024))
        .await
        .unwrap_err();
    assert!(e.field_message("file").unwrap().contains("500 KB"), "{e:?}");
    assert!(
        upload(&c, "avatar", "a.png", png(120, 120, 10))
            .await
            .is_ok()
    );
});
