"""Stand-ins for the providers messages leave through, for the integration tests.

    providers.py smtp               a real SMTP server (aiosmtpd) on the loopback; prints each
                                    message it receives, parsed, as a JSON line
    providers.py sms ID KEY         Tencent Cloud's SMS API (SendSms, 2021-01-11) as its
                                    documentation describes it: checks the TC3-HMAC-SHA256
                                    signature with its own implementation (first checked against
                                    the worked example of the documentation), answers as the
                                    provider does, and prints each request as a JSON line

Each prints "PORT <n>" first. The signature check is written here, apart from the app's Rust,
so that a test of the two together cannot pass by sharing one mistake.
"""

import email
import email.policy
import hashlib
import hmac
import json
import socket
import sys
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, HTTPServer


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def say(obj):
    print(json.dumps(obj, ensure_ascii=False), flush=True)


def run_smtp():
    from aiosmtpd.controller import Controller

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
            say({
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "from": str(msg["from"]),
                "to": str(msg["to"]),
                "subject": str(msg["subject"]),
                "content_type": msg.get_content_type(),
                "charset": msg.get_content_charset(),
                "body": msg.get_body(("plain",)).get_content(),
            })
            return "250 2.0.0 Message accepted for delivery"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"PORT {port}", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


def tc3(secret_id, secret_key, service, host, content_type, payload, timestamp):
    date = datetime.fromtimestamp(timestamp, tz=timezone.utc).strftime("%Y-%m-%d")
    canonical = "\n".join([
        "POST", "/", "",
        f"content-type:{content_type}\nhost:{host}\n",
        "content-type;host",
        hashlib.sha256(payload).hexdigest(),
    ])
    scope = f"{date}/{service}/tc3_request"
    to_sign = "\n".join([
        "TC3-HMAC-SHA256", str(timestamp), scope,
        hashlib.sha256(canonical.encode()).hexdigest(),
    ])

    def mac(key, text):
        return hmac.new(key, text.encode(), hashlib.sha256).digest()

    key = mac(mac(mac(("TC3" + secret_key).encode(), date), service), "tc3_request")
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return (f"TC3-HMAC-SHA256 Credential={secret_id}/{scope}, "
            f"SignedHeaders=content-type;host, Signature={signature}")


# The documentation's worked example ("签名方法 v3"): this checker must reproduce it first.
assert tc3(
    "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******", "Gu5t9xGARNpq86cd98joQYCN3*******", "cvm",
    "cvm.tencentcloudapi.com", "application/json; charset=utf-8",
    b'{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
    1551113065,
).endswith("Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c")


def run_sms(secret_id, secret_key):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            stamp = int(self.headers.get("X-TC-Timestamp", "0"))
            expected = tc3(secret_id, secret_key, "sms", self.headers["Host"],
                           self.headers["Content-Type"], body, stamp)
            signed = hmac.compare_digest(self.headers.get("Authorization", ""), expected)
            fresh = abs(time.time() - stamp) < 300
            payload = json.loads(body)
            say({
                "path": self.path,
                "action": self.headers.get("X-TC-Action"),
                "version": self.headers.get("X-TC-Version"),
                "region": self.headers.get("X-TC-Region"),
                "content_type": self.headers.get("Content-Type"),
                "signature_ok": signed,
                "fresh": fresh,
                "payload": payload,
            })
            if not (signed and fresh):
                answer = {"Response": {"Error": {
                    "Code": "AuthFailure.SignatureFailure",
                    "Message": "The provided credentials could not be validated."},
                    "RequestId": "fake-1"}}
            else:
                answer = {"Response": {"SendStatusSet": [{
                    "SerialNo": "5000:104571066915705365784949",
                    "PhoneNumber": payload["PhoneNumberSet"][0], "Fee": 1,
                    "SessionContext": "", "Code": "Ok", "Message": "send success",
                    "IsoCode": "CN"}], "RequestId": "fake-2"}}
            data = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = HTTPServer(("127.0.0.1", 0), Handler)
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    if sys.argv[1] == "smtp":
        run_smtp()
    else:
        run_sms(sys.argv[2], sys.argv[3])
