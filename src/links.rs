//! Links: which addresses Agora shows as links and opens, and which pages its window may show. Addresses
//! come from places the library does not control — a social network's answer, a voice-guide file — so only
//! web addresses (`http`, `https`) are kept as links and opened, always in the officer's browser; a
//! `javascript:`, `file:` or `data:` address is never a link. The window itself shows only the app's own
//! pages: a link or a script that tries to take it elsewhere is refused.

use url::Url;

use crate::error::{Error, Result};

/// `text` as a web address (`http` or `https`, with a host), or `None` when it is anything else.
pub fn web_address(text: &str) -> Option<String> {
    let url = Url::parse(text.trim()).ok()?;
    let web = matches!(url.scheme(), "http" | "https") && url.host_str().is_some_and(|h| !h.is_empty());
    web.then(|| url.to_string())
}

/// Opens the web address `url` in the officer's browser; anything else is refused.
pub fn open_in_browser(url: &str) -> Result<()> {
    let url = web_address(url)
        .ok_or_else(|| Error::invalid("url", format!("{url:?} is not a web address (http or https)")))?;
    webbrowser::open(&url).map_err(|e| Error::Internal(format!("could not open the browser: {e}")))
}

/// Whether the window may show `url`: only the app's own pages (`tauri://localhost` on Linux and macOS,
/// `http(s)://tauri.localhost` on Windows).
pub fn stays_in_window(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_addresses_with_a_host_are_web_addresses() {
        assert_eq!(
            web_address(" https://mastodon.example/@salaborsa/1 ").as_deref(),
            Some("https://mastodon.example/@salaborsa/1")
        );
        assert_eq!(
            web_address("http://biblioteca.example").as_deref(),
            Some("http://biblioteca.example/")
        );
        for hostile in [
            "javascript:alert(1)",
            "JavaScript:window.x=1",
            " javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "vbscript:msgbox",
            "tauri://localhost/index.html",
            "//evil.example",
            "https://",
            "not a link",
            "",
        ] {
            assert_eq!(web_address(hostile), None, "{hostile}");
        }
    }

    #[test]
    fn a_script_address_is_not_opened() {
        let err = open_in_browser("javascript:alert(1)").unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::InvalidInput);
        assert!(err.to_string().contains("not a web address"), "{err}");
    }

    #[test]
    fn the_window_shows_only_the_apps_own_pages() {
        for own in [
            "tauri://localhost/",
            "tauri://localhost/index.html#people",
            "http://tauri.localhost/",
        ] {
            assert!(stays_in_window(&Url::parse(own).unwrap()), "{own}");
        }
        for elsewhere in [
            "https://evil.example/",
            "http://localhost:1420/",
            "tauri://evil.example/",
            "file:///etc/passwd",
            "data:text/html,hi",
            "https://tauri.localhost.evil.example/",
        ] {
            assert!(!stays_in_window(&Url::parse(elsewhere).unwrap()), "{elsewhere}");
        }
    }
}
