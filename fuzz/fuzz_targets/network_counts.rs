//! Every network's length counter, on one text and on its thread, and twitter-text's parser.
//!
//! Invariants: a count fits exactly when it has no cut, the cut lies within the text, and a text over its
//! limit does not fit; Bluesky counts graphemes (as `unicode-segmentation` does) and bytes, Facebook
//! characters, TikTok UTF-16 units, YouTube characters and bytes; X's count is twitter-text's parse (v3);
//! a thread's parts are in order, inside the text, each its own trimmed text, and together with the
//! separator lines they cover every visible character.

#![no_main]

use agora::profile::Network;
use agora::thread;
use agora::voice::networks::{count, count_thread, parse_tweet, NetworkCount, NetworkLimits, TwitterConfig};
use libfuzzer_sys::fuzz_target;
use unicode_segmentation::UnicodeSegmentation;

fn check_count(network: Network, text: &str, c: &NetworkCount) {
    let chars = text.chars().count() as u32;
    assert_eq!(c.fits, c.cut_at.is_none(), "{network:?}: fits iff no cut: {c:?}");
    assert!(
        c.cut_at.is_none_or(|at| at < chars),
        "{network:?}: cut outside the text: {c:?}"
    );
    if c.fits {
        assert!(c.length <= c.limit, "{network:?}: over its limit yet fits: {c:?}");
        assert!(
            c.also.iter().all(|a| a.fits && a.length <= a.limit),
            "{network:?}: {c:?}"
        );
    }
}

fn check_thread(network: Network, text: &str) {
    let parts = thread::parts(network, text);
    let chars: Vec<char> = text.chars().collect();
    let mut covered = vec![false; chars.len()];
    let mut end = 0;
    for part in &parts {
        assert!(!part.text.is_empty() && part.text == part.text.trim(), "{part:?}");
        let start = part.start as usize;
        let len = part.text.chars().count();
        assert!(start >= end, "parts in order and apart: {parts:?}");
        assert!(start + len <= chars.len(), "part outside the text: {part:?}");
        assert!(
            chars[start..start + len].iter().copied().eq(part.text.chars()),
            "part at its offset: {part:?}"
        );
        covered[start..start + len].fill(true);
        end = start + len;
    }
    if thread::threads_on(network) {
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let n = line.chars().count();
            if line.trim() == "---" {
                covered[at..at + n].fill(true);
            }
            at += n;
        }
    }
    for (i, c) in chars.iter().enumerate() {
        assert!(
            covered[i] || c.is_whitespace(),
            "character {i} ({c:?}) is in no part: {parts:?}"
        );
    }
    let limits = NetworkLimits::default();
    let whole = count_thread(network, text, &limits);
    check_count(network, text, &whole);
    if parts.len() > 1 {
        assert_eq!(whole.parts.len(), parts.len(), "{network:?}: one span per part");
        for (span, part) in whole.parts.iter().zip(&parts) {
            assert_eq!(span.start, part.start);
            assert_eq!(span.end, part.start + part.text.chars().count() as u32);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let limits = NetworkLimits::default();
    for network in Network::ALL {
        let c = count(network, text, &limits);
        check_count(network, text, &c);
        if network != Network::X {
            if c.length > c.limit {
                assert!(!c.fits, "{network:?}: over its limit yet fits: {c:?}");
            }
        }
        match network {
            Network::Bluesky => {
                assert_eq!(
                    c.length as usize,
                    text.graphemes(true).count(),
                    "Bluesky graphemes"
                );
                assert_eq!(c.also[0].length as usize, text.len(), "Bluesky bytes");
            }
            Network::Facebook | Network::Linkedin => {
                assert_eq!(c.length as usize, text.chars().count(), "{network:?} characters")
            }
            Network::Tiktok => assert_eq!(
                c.length as usize,
                text.encode_utf16().count(),
                "TikTok UTF-16 units"
            ),
            Network::Youtube => {
                assert_eq!(c.length as usize, text.chars().count(), "YouTube characters");
                assert_eq!(c.also[0].length as usize, text.len(), "YouTube bytes");
            }
            _ => {}
        }
        check_thread(network, text);
    }
    let x = count(Network::X, text, &limits);
    let v3 = parse_tweet(text, &TwitterConfig::v3());
    if !text.trim().is_empty() {
        assert_eq!(x.length, v3.weighted_length, "X's count is twitter-text's");
        assert_eq!(x.fits, v3.valid, "X fits iff twitter-text finds it valid");
    }
    for parsed in [v3, parse_tweet(text, &TwitterConfig::v2())] {
        assert!(
            parsed.valid_range.1 <= parsed.display_range.1 || !parsed.valid,
            "{parsed:?}"
        );
        assert!(!parsed.valid || parsed.weighted_length <= 280, "{parsed:?}");
    }
});
