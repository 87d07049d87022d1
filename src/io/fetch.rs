//! Fetching a file from a web address (an iCalendar feed, say): HTTPS, or plain HTTP on this computer
//! only; a timeout; a size cap; and a clear message for an address that does not answer or answers with
//! something else than what was asked for.

use std::io::Read;
use std::time::Duration;

use crate::error::{Error, Result};

/// The limits of one download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub timeout: Duration,
    pub max_bytes: u64,
}

impl Default for Limits {
    /// 20 seconds and 10 MB.
    fn default() -> Self {
        Limits {
            timeout: Duration::from_secs(20),
            max_bytes: 10 * 1024 * 1024,
        }
    }
}

/// An [`Error::Network`] about `url`.
pub(crate) fn problem(url: &str, problem: impl Into<String>) -> Error {
    Error::Network {
        url: url.to_owned(),
        problem: problem.into(),
    }
}

/// Checks that `url` is HTTPS, or HTTP to a loopback address.
pub(crate) fn check_address(url: &str) -> Result<reqwest::Url> {
    let parsed = reqwest::Url::parse(url.trim())
        .map_err(|e| Error::invalid("url", format!("{url:?} is not a web address: {e}")))?;
    let loopback = match parsed.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if loopback => Ok(parsed),
        "http" => Err(Error::invalid(
            "url",
            format!("{url} is not secure: use its https:// address"),
        )),
        other => Err(Error::invalid(
            "url",
            format!("{url}: {other}: addresses are not supported; use https://"),
        )),
    }
}

/// How often and how patiently a request is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    pub attempts: u32,
    /// The first wait; each next one doubles.
    pub first_wait: Duration,
    /// No wait is longer, whatever `Retry-After` asks.
    pub longest_wait: Duration,
    /// How long one attempt waits for its answer.
    pub timeout: Duration,
}

impl Default for Retry {
    /// Four attempts of up to 20 seconds each, waiting 2, 4 and 8 seconds between them (or what the
    /// server asks, up to a minute).
    fn default() -> Self {
        Retry {
            attempts: 4,
            first_wait: Duration::from_secs(2),
            longest_wait: Duration::from_secs(60),
            timeout: Duration::from_secs(20),
        }
    }
}

/// Sends the request `request` makes, retrying 429 (after its `Retry-After`), 5xx and no answer with
/// growing waits as `retry` says; reads a success as JSON `T`. Any other refusal is final, described by
/// `refusal` from the status and the body; `service` names the server in a malformed answer's message.
pub(crate) fn send_json<T: serde::de::DeserializeOwned>(
    url: &str,
    retry: Retry,
    service: &str,
    refusal: fn(reqwest::StatusCode, &str) -> String,
    request: impl Fn() -> Result<reqwest::blocking::RequestBuilder>,
) -> Result<T> {
    send_json_page(url, retry, service, refusal, request).map(|(value, _)| value)
}

/// As [`send_json`], with the address of the next page that the answer's `Link` header names, if any.
pub(crate) fn send_json_page<T: serde::de::DeserializeOwned>(
    url: &str,
    retry: Retry,
    service: &str,
    refusal: fn(reqwest::StatusCode, &str) -> String,
    request: impl Fn() -> Result<reqwest::blocking::RequestBuilder>,
) -> Result<(T, Option<String>)> {
    match exchange(url, retry, service, refusal, request)? {
        Answer::Found(value, next) => Ok((value, next)),
        Answer::Gone(refused) => Err(refused),
    }
}

/// As [`send_json`], with `None` when the server says what was asked for is not there (404 or 410).
pub(crate) fn send_json_if_found<T: serde::de::DeserializeOwned>(
    url: &str,
    retry: Retry,
    service: &str,
    refusal: fn(reqwest::StatusCode, &str) -> String,
    request: impl Fn() -> Result<reqwest::blocking::RequestBuilder>,
) -> Result<Option<T>> {
    match exchange(url, retry, service, refusal, request)? {
        Answer::Found(value, _) => Ok(Some(value)),
        Answer::Gone(_) => Ok(None),
    }
}

/// What a request came back with, refusals apart.
enum Answer<T> {
    /// The value, and the next page's address.
    Found(T, Option<String>),
    /// Not there (404 or 410), with the refusal in words.
    Gone(Error),
}

fn exchange<T: serde::de::DeserializeOwned>(
    url: &str,
    retry: Retry,
    service: &str,
    refusal: fn(reqwest::StatusCode, &str) -> String,
    request: impl Fn() -> Result<reqwest::blocking::RequestBuilder>,
) -> Result<Answer<T>> {
    let mut wait = retry.first_wait;
    let mut attempt = 1;
    loop {
        let (retry_after, failed) = match request()?.timeout(retry.timeout).send() {
            Err(e) => (None, failure(url, &e, retry.timeout)),
            Ok(response) => {
                let status = response.status();
                let header = |name| response.headers().get(name).and_then(|v| v.to_str().ok());
                let retry_after = header(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(Duration::from_secs);
                let next = header(reqwest::header::LINK).and_then(next_page);
                let body = response.text().map_err(|e| failure(url, &e, retry.timeout))?;
                if status.is_success() {
                    return serde_json::from_str(&body)
                        .map(|value| Answer::Found(value, next))
                        .map_err(|e| problem(url, format!("the answer is not what {service} sends: {e}")));
                }
                let failed = problem(url, refusal(status, &body));
                if matches!(status.as_u16(), 404 | 410) {
                    return Ok(Answer::Gone(failed));
                }
                if !(status.as_u16() == 429 || status.is_server_error()) {
                    return Err(failed);
                }
                (retry_after, failed)
            }
        };
        if attempt >= retry.attempts {
            return Err(failed);
        }
        std::thread::sleep(retry_after.unwrap_or(wait).min(retry.longest_wait));
        wait *= 2;
        attempt += 1;
    }
}

/// The `rel="next"` address of a `Link` header (RFC 8288): `<https://…?max_id=7>; rel="next", <…>; rel="prev"`.
fn next_page(link: &str) -> Option<String> {
    link.split(',').find_map(|entry| {
        let (target, params) = entry.trim().split_once(';')?;
        let is_next = params.split(';').any(|p| {
            p.trim()
                .strip_prefix("rel=")
                .is_some_and(|rel| rel.trim_matches('"').split_whitespace().any(|r| r == "next"))
        });
        is_next.then(|| {
            target
                .trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_owned()
        })
    })
}

/// The most redirects a request follows.
const MAX_REDIRECTS: usize = 5;

/// An HTTP client with Agora's user agent that gives up after `timeout`. It follows a few redirects, each
/// only to an address [`check_address`] accepts: a secure address is never sent on to an insecure one.
pub(crate) fn client(url: &str, timeout: Duration) -> Result<reqwest::blocking::Client> {
    let redirects = reqwest::redirect::Policy::custom(|attempt| {
        if attempt.previous().len() >= MAX_REDIRECTS {
            attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
        } else if let Err(refused) = check_address(attempt.url().as_str()) {
            attempt.error(format!("redirected to an address that is refused: {refused}"))
        } else {
            attempt.follow()
        }
    });
    reqwest::blocking::Client::builder()
        .timeout(timeout)
        .redirect(redirects)
        .user_agent(concat!("Agora/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| problem(url, e.to_string()))
}

/// Why a request to `url` got no answer, in words.
pub(crate) fn failure(url: &str, error: &reqwest::Error, timeout: Duration) -> Error {
    let why = if error.is_timeout() {
        format!("no answer within {} seconds", timeout.as_secs_f32())
    } else if error.is_connect() {
        "the address does not answer (check it, or the internet connection)".to_owned()
    } else if error.is_redirect() {
        // The policy's own reason is the innermost source.
        let mut reason = std::error::Error::source(error);
        while let Some(inner) = reason.and_then(std::error::Error::source) {
            reason = Some(inner);
        }
        reason.map_or_else(|| error.to_string(), ToString::to_string)
    } else {
        error.to_string()
    };
    problem(url, why)
}

/// Downloads `url` as UTF-8 text; `looks_right` tells whether the body is what was asked for, and
/// `expected` names it in the error when it is not.
pub fn text(url: &str, limits: Limits, expected: &str, looks_right: impl Fn(&str) -> bool) -> Result<String> {
    let address = check_address(url)?;
    let response = client(url, limits.timeout)?
        .get(address)
        .send()
        .map_err(|e| failure(url, &e, limits.timeout))?;
    let status = response.status();
    if !status.is_success() {
        return Err(problem(url, format!("the server answered {status}")));
    }
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("no content type")
        .to_owned();
    let mut body = Vec::new();
    response
        .take(limits.max_bytes + 1)
        .read_to_end(&mut body)
        .map_err(|e| problem(url, format!("the download stopped: {e}")))?;
    if body.len() as u64 > limits.max_bytes {
        return Err(problem(
            url,
            format!("the file is larger than {} MB", limits.max_bytes / (1024 * 1024)),
        ));
    }
    let text = String::from_utf8(body)
        .map_err(|_| problem(url, format!("the answer ({content_type}) is not text")))?;
    if !looks_right(&text) {
        return Err(problem(
            url,
            format!("the address answered with {content_type}, not {expected}"),
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::net::TcpListener;

    /// Serves one canned HTTP response on 127.0.0.1 and returns its address.
    fn serve_once(response: Vec<u8>) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = format!("http://{}/calendar.ics", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            if let Ok((mut stream, _)) = listener.accept() {
                let mut request = [0u8; 2048];
                let _ = std::io::Read::read(&mut stream, &mut request);
                let _ = stream.write_all(&response);
            }
        });
        address
    }

    fn http(status: &str, content_type: &str, body: &str) -> Vec<u8> {
        format!(
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
    }

    #[test]
    fn the_next_page_is_read_from_a_link_header() {
        let link = "<https://m.example/api/v1/notifications?max_id=7&types[]=mention>; rel=\"next\", \
                    <https://m.example/api/v1/notifications?min_id=9>; rel=\"prev\"";
        assert_eq!(
            next_page(link).as_deref(),
            Some("https://m.example/api/v1/notifications?max_id=7&types[]=mention")
        );
        assert_eq!(next_page("<https://m.example/?min_id=9>; rel=\"prev\""), None);
        assert_eq!(
            next_page("<https://m.example/?max_id=3>; rel=next"),
            Some("https://m.example/?max_id=3".into())
        );
        assert_eq!(next_page("garbage"), None);
    }

    fn calendar(text: &str) -> bool {
        text.trim_start().starts_with("BEGIN:VCALENDAR")
    }

    #[test]
    fn a_calendar_is_downloaded_from_a_loopback_server() {
        let url = serve_once(http(
            "200 OK",
            "text/calendar",
            "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        ));
        assert!(text(&url, Limits::default(), "a calendar", calendar)
            .unwrap()
            .starts_with("BEGIN:VCALENDAR"));
    }

    #[test]
    fn unusable_answers_are_explained() {
        let short = Limits {
            timeout: Duration::from_millis(500),
            max_bytes: 64,
        };
        let cases = [
            (
                http("404 Not Found", "text/html", "nope"),
                "the server answered 404 Not Found",
            ),
            (
                http("200 OK", "text/html", "<html>Eventi</html>"),
                "answered with text/html, not a calendar",
            ),
            (http("200 OK", "text/calendar", &"X".repeat(100)), "larger than"),
        ];
        for (response, expected) in cases {
            let err = text(&serve_once(response), short, "a calendar", calendar).unwrap_err();
            assert_eq!(err.code(), crate::ErrorCode::Network);
            assert!(err.to_string().contains(expected), "{err} should say {expected}");
        }
    }

    #[test]
    fn an_address_that_does_not_answer_is_named() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/x.ics", listener.local_addr().unwrap());
        drop(listener);
        let err = text(&url, Limits::default(), "a calendar", calendar).unwrap_err();
        assert!(err.to_string().contains("does not answer"), "{err}");
        let silent = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/x.ics", silent.local_addr().unwrap());
        let limits = Limits {
            timeout: Duration::from_millis(300),
            max_bytes: 64,
        };
        let err = text(&url, limits, "a calendar", calendar).unwrap_err();
        assert!(err.to_string().contains("no answer within 0.3 seconds"), "{err}");
    }

    #[test]
    fn a_redirect_to_an_insecure_address_is_not_followed() {
        let redirect = "HTTP/1.1 302 Found\r\nLocation: http://comune.example/eventi.ics\r\n\
                        Content-Length: 0\r\nConnection: close\r\n\r\n";
        let url = serve_once(redirect.as_bytes().to_vec());
        let err = text(&url, Limits::default(), "a calendar", calendar).unwrap_err();
        assert!(err.to_string().contains("use its https:// address"), "{err}");
    }

    #[test]
    fn only_secure_or_loopback_addresses_are_accepted() {
        let err = text(
            "http://comune.example/eventi.ics",
            Limits::default(),
            "a calendar",
            calendar,
        )
        .unwrap_err();
        assert!(err.to_string().contains("use its https:// address"), "{err}");
        assert!(text("ftp://x/y", Limits::default(), "a calendar", calendar).is_err());
        assert!(text("eventi", Limits::default(), "a calendar", calendar).is_err());
    }
}
