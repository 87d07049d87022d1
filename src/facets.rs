//! Bluesky's rich-text facets: the links, mentions and hashtags of a post's text, each with its span as
//! UTF-8 byte offsets (as the AT Protocol counts, not characters), so the app shows them as links. A
//! mention becomes a facet only when its handle resolves to a DID (through `resolve`); an unresolved one
//! stays plain text. Links are written in full in the text (Bluesky does not shorten them).

use serde::Serialize;

/// What a facet points to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "$type")]
pub enum Feature {
    #[serde(rename = "app.bsky.richtext.facet#link")]
    Link { uri: String },
    #[serde(rename = "app.bsky.richtext.facet#mention")]
    Mention { did: String },
    #[serde(rename = "app.bsky.richtext.facet#tag")]
    Tag { tag: String },
}

/// A span of the text, in UTF-8 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ByteSlice {
    pub byte_start: usize,
    pub byte_end: usize,
}

/// One facet, as `app.bsky.feed.post` records carry them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Facet {
    pub index: ByteSlice,
    pub features: Vec<Feature>,
}

/// The longest hashtag Bluesky accepts, in characters (without the `#`).
const MAX_TAG_CHARS: usize = 64;

/// The most UTF-8 bytes a post's text may have (the `app.bsky.feed.post` lexicon).
const MAX_POST_BYTES: usize = 3000;

/// The facets of `text`, in order; `resolve` turns a handle (without `@`) into a DID, or `None`. A text
/// longer than Bluesky accepts has none: reading a word holding many unfinished links takes time that grows
/// with the square of its length.
pub fn facets(text: &str, resolve: &mut dyn FnMut(&str) -> Option<String>) -> Vec<Facet> {
    let mut found = Vec::new();
    if text.len() > MAX_POST_BYTES {
        return found;
    }
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let starts_word = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || c == '(');
        let span = if starts_word && (rest.starts_with("https://") || rest.starts_with("http://")) {
            link(rest).map(|len| {
                let uri = rest[..len].to_owned();
                (len, Feature::Link { uri })
            })
        } else if starts_word && rest.starts_with('@') {
            mention(rest).and_then(|len| resolve(&rest[1..len]).map(|did| (len, Feature::Mention { did })))
        } else if starts_word && (rest.starts_with('#') || rest.starts_with('＃')) {
            tag(rest).map(|(len, tag)| (len, Feature::Tag { tag }))
        } else {
            None
        };
        match span {
            Some((len, feature)) => {
                found.push(Facet {
                    index: ByteSlice {
                        byte_start: at,
                        byte_end: at + len,
                    },
                    features: vec![feature],
                });
                at += len;
            }
            None => at += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    found
}

/// The length in bytes of the link at the start of `text`: up to whitespace, without the trailing
/// punctuation that ends a sentence, and without a closing parenthesis that has no opening one inside.
fn link(text: &str) -> Option<usize> {
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    let mut candidate = &text[..end];
    loop {
        let trimmed = candidate.trim_end_matches(['.', ',', ';', ':', '!', '?', '"', '\'', '»']);
        let trimmed = if trimmed.ends_with(')') && !trimmed.contains('(') {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        if trimmed.len() == candidate.len() {
            break;
        }
        candidate = trimmed;
    }
    let host = candidate.split("://").nth(1)?.split(['/', '?', '#']).next()?;
    host.contains('.').then_some(candidate.len())
}

/// The length in bytes of the mention (`@handle.domain`) at the start of `text`.
fn mention(text: &str) -> Option<usize> {
    let handle: String = text[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
        .collect();
    let handle = handle.trim_end_matches(['.', '-']);
    let valid = handle.contains('.')
        && handle
            .split('.')
            .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'));
    valid.then_some(1 + handle.len())
}

/// The length in bytes of the hashtag at the start of `text` (`#` or the full-width `＃`), and the tag.
fn tag(text: &str) -> Option<(usize, String)> {
    let mark = text.chars().next()?.len_utf8();
    let body: String = text[mark..]
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '#' | '＃'))
        .collect();
    let body = body.trim_end_matches(|c: char| c.is_ascii_punctuation() && c != '_');
    let is_number = body.chars().all(|c| c.is_ascii_digit());
    let fits = !body.is_empty() && body.chars().count() <= MAX_TAG_CHARS;
    (fits && !is_number).then(|| (mark + body.len(), body.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str) -> Option<String> {
        None
    }

    fn spans(text: &str, found: &[Facet]) -> Vec<String> {
        found
            .iter()
            .map(|f| text[f.index.byte_start..f.index.byte_end].to_owned())
            .collect()
    }

    #[test]
    fn links_mentions_and_tags_are_found_at_utf8_byte_offsets() {
        let text = "Più di 👋 letture: https://salaborsa.it/eventi. Con @nati.bsky.social #NatiPerLeggere!";
        let mut resolve = |handle: &str| (handle == "nati.bsky.social").then(|| "did:plc:nati".to_owned());
        let found = facets(text, &mut resolve);
        assert_eq!(
            spans(text, &found),
            [
                "https://salaborsa.it/eventi",
                "@nati.bsky.social",
                "#NatiPerLeggere"
            ]
        );
        // "Più di 👋 letture: " is 18 characters but 22 bytes: ù takes 2 bytes and the emoji 4.
        assert_eq!(
            found[0].index,
            ByteSlice {
                byte_start: 22,
                byte_end: 49
            }
        );
        assert_eq!(
            found[1].features,
            [Feature::Mention {
                did: "did:plc:nati".into()
            }]
        );
        assert_eq!(
            found[2].features,
            [Feature::Tag {
                tag: "NatiPerLeggere".into()
            }]
        );
    }

    #[test]
    fn what_is_not_a_facet_stays_plain_text() {
        for text in [
            "scrivete a biblioteca@comune.it",
            "un @nome senza dominio",
            "il #1 in classifica",
            "prezzo#sconto attaccato",
            "https://localhost senza punto",
        ] {
            assert!(facets(text, &mut none).is_empty(), "{text}");
        }
        let unresolved = facets("ciao @sconosciuto.example", &mut none);
        assert!(
            unresolved.is_empty(),
            "a handle that does not resolve is not a mention"
        );
    }

    #[test]
    fn a_link_in_parentheses_or_at_the_end_of_a_sentence_leaves_the_punctuation_out() {
        let text = "(vedi https://it.wikipedia.org/wiki/Bologna) e https://salaborsa.it!";
        assert_eq!(
            spans(text, &facets(text, &mut none)),
            ["https://it.wikipedia.org/wiki/Bologna", "https://salaborsa.it"]
        );
        let wiki = "https://en.wikipedia.org/wiki/Bologna_(city)";
        assert_eq!(spans(wiki, &facets(wiki, &mut none)), [wiki]);
    }

    #[test]
    fn a_long_word_of_unfinished_links_took_seconds() {
        // Found while fuzzing facets: each `(http://` read the rest of the word again, 10 s for 63 KB.
        let text = "(http://x".repeat(7000);
        let started = std::time::Instant::now();
        assert!(facets(&text, &mut none).is_empty());
        assert!(
            started.elapsed() < std::time::Duration::from_secs(1),
            "took {:?}",
            started.elapsed()
        );
        let within = format!("{} https://example.org", "(http://x".repeat(330));
        assert_eq!(
            spans(&within, &facets(&within, &mut none)),
            ["https://example.org"],
            "a post Bluesky accepts keeps its facets"
        );
    }

    #[test]
    fn facets_serialize_as_the_lexicon_says() {
        let found = facets("#libri", &mut none);
        assert_eq!(
            serde_json::to_value(&found).unwrap(),
            serde_json::json!([{
                "index": {"byteStart": 0, "byteEnd": 6},
                "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "libri"}]
            }])
        );
    }
}
