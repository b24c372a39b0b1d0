//! Tencent Cloud SMS: `SendSms` (API 3.0, version 2021-01-11), signed with TC3-HMAC-SHA256 as
//! the provider documents it ("签名方法 v3"): a canonical request of the method, path, the two
//! signed headers and the payload's SHA-256; a key derived from the secret by date, service
//! and "tc3_request"; the signature is the hex HMAC of the string to sign.

use crate::domain::delivery::SmsTemplate;
use crate::server::entities::outbox;
use crate::server::messaging::SmsSettings;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

const CONTENT_TYPE: &str = "application/json; charset=utf-8";
const SERVICE: &str = "sms";
const VERSION: &str = "2021-01-11";

fn hmac(key: &[u8], message: &str) -> Vec<u8> {
    // HMAC takes a key of any length: `new_from_slice` cannot fail for it.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        unreachable!("HMAC accepts every key length")
    };
    mac.update(message.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// The `Authorization` header of a POST of `payload` to `host` for `service` at `timestamp`
/// (Unix seconds; the credential's date is its UTC day).
pub fn authorization(
    secret_id: &str,
    secret_key: &str,
    service: &str,
    host: &str,
    payload: &str,
    timestamp: i64,
) -> String {
    let date = chrono::DateTime::from_timestamp(timestamp, 0)
        .unwrap_or_default()
        .format("%Y-%m-%d")
        .to_string();
    let canonical = format!(
        "POST\n/\n\ncontent-type:{CONTENT_TYPE}\nhost:{host}\n\ncontent-type;host\n{}",
        sha256_hex(payload)
    );
    let scope = format!("{date}/{service}/tc3_request");
    let to_sign = format!(
        "TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{}",
        sha256_hex(&canonical)
    );
    let key = hmac(format!("TC3{secret_key}").as_bytes(), &date);
    let key = hmac(&key, service);
    let key = hmac(&key, "tc3_request");
    let signature = hex::encode(hmac(&key, &to_sign));
    format!(
        "TC3-HMAC-SHA256 Credential={secret_id}/{scope}, SignedHeaders=content-type;host, Signature={signature}"
    )
}

/// The request's JSON body: one mainland number, the template and its parameters.
pub fn payload(s: &SmsSettings, msg: &outbox::Model) -> Result<String, String> {
    let params: Vec<String> =
        serde_json::from_str(&msg.params).map_err(|e| format!("短信参数无法读取：{e}"))?;
    let template = match msg.kind.template() {
        SmsTemplate::Code => &s.code_template,
        SmsTemplate::Notice => &s.notice_template,
    };
    Ok(serde_json::json!({
        "PhoneNumberSet": [format!("+86{}", msg.destination)],
        "SmsSdkAppId": s.app_id,
        "SignName": s.sign_name,
        "TemplateId": template,
        "TemplateParamSet": params,
    })
    .to_string())
}

/// What the provider answered: the serial number of a sent message, or why it was not sent.
pub fn read_answer(body: &serde_json::Value) -> Result<String, String> {
    let r = &body["Response"];
    if let Some(e) = r.get("Error") {
        return Err(format!(
            "短信服务拒绝：{} {}",
            e["Code"].as_str().unwrap_or("?"),
            e["Message"].as_str().unwrap_or("")
        ));
    }
    let status = &r["SendStatusSet"][0];
    match status["Code"].as_str() {
        Some("Ok") => Ok(status["SerialNo"].as_str().unwrap_or("").to_string()),
        Some(code) => Err(format!(
            "短信未发出：{code} {}",
            status["Message"].as_str().unwrap_or("")
        )),
        None => Err("短信服务的回答无法读取".into()),
    }
}

/// Sends one SMS; Ok holds the provider's serial number.
pub async fn send(
    client: &reqwest::Client,
    s: &SmsSettings,
    msg: &outbox::Model,
) -> Result<String, String> {
    let body = payload(s, msg)?;
    let url = reqwest::Url::parse(&s.endpoint).map_err(|e| format!("短信服务地址有误：{e}"))?;
    // The Host header the client sends: the port is part of it when it is not the scheme's.
    let host = match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        (None, _) => return Err("短信服务地址没有主机名".into()),
    };
    let timestamp = chrono::Utc::now().timestamp();
    let auth = authorization(
        &s.secret_id,
        &s.secret_key.0,
        SERVICE,
        &host,
        &body,
        timestamp,
    );
    let answer = client
        .post(url)
        .header("Authorization", auth)
        .header("Content-Type", CONTENT_TYPE)
        .header("X-TC-Action", "SendSms")
        .header("X-TC-Version", VERSION)
        .header("X-TC-Timestamp", timestamp.to_string())
        .header("X-TC-Region", &s.region)
        .body(body)
        .send()
        .await
        .map_err(|e| format!("短信服务无法连接：{e}"))?;
    let status = answer.status();
    let json: serde_json::Value = answer
        .json()
        .await
        .map_err(|e| format!("短信服务回答 HTTP {status}，内容无法读取：{e}"))?;
    read_answer(&json)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked example of Tencent Cloud's "签名方法 v3" page: its keys, its request
    /// (云服务器 DescribeInstances in 广州), its time, and the signature it prints.
    #[test]
    fn the_signature_matches_the_providers_worked_example() {
        let payload = r#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;
        assert_eq!(
            authorization(
                "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******",
                "Gu5t9xGARNpq86cd98joQYCN3*******",
                "cvm",
                "cvm.tencentcloudapi.com",
                payload,
                1_551_113_065,
            ),
            "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c"
        );
    }

    #[test]
    fn the_answer_says_sent_or_why_not() {
        let ok = serde_json::json!({"Response": {"SendStatusSet": [
            {"SerialNo": "5000:1045710669157053657849499619", "PhoneNumber": "+8613711112222",
             "Fee": 1, "Code": "Ok", "Message": "send success", "IsoCode": "CN"}],
            "RequestId": "a0aabda6-cf91-4f3e-a81f-9198114a2279"}});
        assert_eq!(
            read_answer(&ok),
            Ok("5000:1045710669157053657849499619".into())
        );
        let refused = serde_json::json!({"Response": {"Error": {
            "Code": "AuthFailure.SignatureFailure", "Message": "The provided credentials could not be validated."},
            "RequestId": "x"}});
        assert!(
            read_answer(&refused)
                .unwrap_err()
                .contains("AuthFailure.SignatureFailure")
        );
        let limited = serde_json::json!({"Response": {"SendStatusSet": [
            {"Code": "LimitExceeded.PhoneNumberDailyLimit", "Message": "daily limit"}]}});
        assert!(
            read_answer(&limited)
                .unwrap_err()
                .contains("PhoneNumberDailyLimit")
        );
    }
}
