//! What the stand-in servers share: an HTTP server on 127.0.0.1 (tiny_http) on its own thread, handing each
//! request, read whole, to the server's answer, and sending the answer back — or breaking the line
//! before a valid answer, as a connection lost after the server did its work.

use std::io::Write;
use std::thread;

use serde_json::Value;

/// A request as received.
pub struct Received {
    pub method: String,
    /// The path with its query.
    pub path: String,
    pub body: Vec<u8>,
    headers: Vec<(String, String)>,
}

impl Received {
    /// The value of header `name` (whatever its case), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(field, _)| field.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// An answer: a status, a body and headers.
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub headers: Vec<(&'static str, String)>,
}

impl Answer {
    /// `status` with `body` as JSON.
    pub fn json(status: u16, body: Value) -> Answer {
        Answer {
            status,
            body: body.to_string(),
            headers: vec![("Content-Type", "application/json".to_owned())],
        }
    }

    /// `status` with `body` as it is, said to be JSON (to send a malformed answer).
    pub fn raw(status: u16, body: &str) -> Answer {
        Answer {
            body: body.to_owned(),
            ..Answer::json(status, Value::Null)
        }
    }

    /// The same answer with header `name` too.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Answer {
        self.headers.push((name, value.into()));
        self
    }
}

/// An answer, or `None` to break the connection unanswered.
pub type Reply = Option<Answer>;

/// Starts a server answering with `answer`; returns its address, `http://127.0.0.1:PORT`.
pub fn serve(mut answer: impl FnMut(&Received) -> Reply + Send + 'static) -> String {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let url = format!(
        "http://127.0.0.1:{}",
        server.server_addr().to_ip().unwrap().port()
    );
    thread::spawn(move || {
        for mut request in server.incoming_requests() {
            let mut received = Received {
                method: request.method().to_string(),
                path: request.url().to_owned(),
                body: Vec::new(),
                headers: request
                    .headers()
                    .iter()
                    .map(|h| (h.field.to_string(), h.value.as_str().to_owned()))
                    .collect(),
            };
            let _ = request.as_reader().read_to_end(&mut received.body);
            match answer(&received) {
                // The line breaks before a valid answer: the client gets garbage and gives up at once.
                None => {
                    let mut writer = request.into_writer();
                    let _ = writer.write_all(b"\x00\x00 connection lost\r\n\r\n");
                    let _ = writer.flush();
                }
                Some(answer) => {
                    let mut response =
                        tiny_http::Response::from_string(answer.body).with_status_code(answer.status);
                    for (name, value) in answer.headers {
                        response = response.with_header(tiny_http::Header::from_bytes(name, value).unwrap());
                    }
                    let _ = request.respond(response);
                }
            }
        }
    });
    url
}
