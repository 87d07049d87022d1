//! Bluesky facet building: the links, mentions and hashtags of a post's text as UTF-8 byte spans. The
//! first byte says whether mentions resolve (every one to a DID, or none).
//!
//! Invariants: every span is non-empty, inside the text, on character boundaries, in order and apart; a
//! link's URI is its span; a mention's span starts with `@` and is dropped when it does not resolve; a
//! tag's span is `#` or `＃` and its tag, non-empty and at most 64 characters.

#![no_main]

use agora::facets::{facets, Feature};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let resolves = flags & 1 == 1;
    let mut resolve = |handle: &str| {
        assert!(
            !handle.is_empty() && !handle.starts_with('@'),
            "handle {handle:?}"
        );
        resolves.then(|| format!("did:plc:{}", handle.len()))
    };
    let found = facets(text, &mut resolve);
    let mut end = 0;
    for facet in &found {
        let (start, stop) = (facet.index.byte_start, facet.index.byte_end);
        assert!(
            end <= start && start < stop && stop <= text.len(),
            "span {start}..{stop} after {end}"
        );
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(stop),
            "span {start}..{stop}"
        );
        end = stop;
        let span = &text[start..stop];
        assert_eq!(facet.features.len(), 1);
        match &facet.features[0] {
            Feature::Link { uri } => assert_eq!(uri, span, "a link is its text"),
            Feature::Mention { did } => {
                assert!(resolves && span.starts_with('@'), "mention {span:?} → {did}")
            }
            Feature::Tag { tag } => {
                assert_eq!(
                    span.strip_prefix(['#', '＃']),
                    Some(tag.as_str()),
                    "tag {tag:?} in {span:?}"
                );
                assert!(!tag.is_empty() && tag.chars().count() <= 64, "tag {tag:?}");
            }
        }
    }
});
