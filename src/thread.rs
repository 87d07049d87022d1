//! Threads: a post written as a chain of replies. In a variant's text, a line holding only `---` ends one
//! post of the thread and starts the next; on networks without threads the line is plain text. Each part
//! is counted, checked and published as a post of its own, every next one replying to the one before.

use crate::profile::Network;

/// One post of a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part<'a> {
    /// Character (Unicode scalar) offset of the part in the whole text.
    pub start: u32,
    pub text: &'a str,
}

/// Whether `network` makes threads of replies.
pub fn threads_on(network: Network) -> bool {
    matches!(
        network,
        Network::Mastodon | Network::Bluesky | Network::X | Network::Threads
    )
}

/// The posts of `text` on `network`, trimmed, empty ones left out: the whole text (trimmed) on networks
/// without threads or when there is no separator line.
pub fn parts(network: Network, text: &str) -> Vec<Part<'_>> {
    let mut found = Vec::new();
    let mut from = 0;
    let mut push = |from: usize, to: usize| {
        let piece = &text[from..to];
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            let lead = piece.len() - piece.trim_start().len();
            let start = text[..from + lead].chars().count() as u32;
            found.push(Part { start, text: trimmed });
        }
    };
    if threads_on(network) {
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            if line.trim() == "---" {
                push(from, at);
                from = at + line.len();
            }
            at += line.len();
        }
    }
    push(from, text.len());
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_separator_line_starts_the_next_post() {
        let text = "Primo post 📚\n---\n  Secondo post\n\n---\n---\nTerzo";
        let found = parts(Network::Mastodon, text);
        let texts: Vec<&str> = found.iter().map(|p| p.text).collect();
        assert_eq!(texts, ["Primo post 📚", "Secondo post", "Terzo"]);
        let chars: Vec<char> = text.chars().collect();
        for part in &found {
            let at: String = chars[part.start as usize..]
                .iter()
                .take(part.text.chars().count())
                .collect();
            assert_eq!(at, part.text, "offsets in characters of the whole text");
        }
    }

    #[test]
    fn without_a_separator_or_threads_the_text_is_one_post() {
        assert_eq!(parts(Network::Bluesky, " Uno solo ").len(), 1);
        assert_eq!(parts(Network::Bluesky, " Uno solo ")[0].start, 1);
        assert_eq!(
            parts(Network::Instagram, "a\n---\nb").len(),
            1,
            "no threads on Instagram"
        );
        assert_eq!(
            parts(Network::Mastodon, "a --- b").len(),
            1,
            "only a line of its own separates"
        );
        assert!(parts(Network::Mastodon, "\n---\n").is_empty());
    }
}
