//! The full post check: any text checked against the built-in starter guide for every network, as a post
//! or as an answer, with or without a language, an event and images (chosen by the input's first byte).
//!
//! Invariants: every finding's span and fix lie within the text (in characters, start before end); every
//! network is counted; a count fits exactly when it has no cut, and a cut lies within the text.

#![no_main]

use std::sync::OnceLock;

use agora::voice::check::{check, check_answer, DraftCheck, ImageText};
use agora::voice::networks::NetworkLimits;
use agora::voice::CompiledGuide;
use agora::Language;
use libfuzzer_sys::fuzz_target;

fn starter() -> &'static CompiledGuide {
    static GUIDE: OnceLock<CompiledGuide> = OnceLock::new();
    GUIDE.get_or_init(CompiledGuide::starter)
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let lang = match flags & 3 {
        1 => Some(Language::It),
        2 => Some(Language::En),
        _ => None,
    };
    let draft = DraftCheck {
        text: text.to_owned(),
        lang,
        networks: Vec::new(),
        images: vec![
            ImageText {
                alt: text.chars().take(40).collect()
            };
            usize::from((flags >> 2) & 7)
        ],
        about_event: flags & 0x20 != 0,
        explain_in: (flags & 0x40 != 0).then_some(Language::En),
    };
    let limits = NetworkLimits::default();
    let report = if flags & 0x80 != 0 {
        check_answer(starter(), &draft, &limits)
    } else {
        check(starter(), &draft, &limits)
    };
    let chars = text.chars().count() as u32;
    for f in &report.findings {
        assert!(
            f.start <= f.end && f.end <= chars,
            "finding {f:?} outside a text of {chars} characters"
        );
        if let Some(fix) = &f.fix {
            assert!(
                fix.start <= fix.end && fix.end <= chars,
                "fix {fix:?} outside the text"
            );
        }
    }
    assert_eq!(
        report.networks.len(),
        agora::profile::Network::ALL.len(),
        "every network is counted"
    );
    for (network, count) in &report.networks {
        assert_eq!(count.fits, count.cut_at.is_none(), "{network:?}: {count:?}");
        assert!(
            count.cut_at.is_none_or(|at| at < chars),
            "{network:?}: cut outside the text"
        );
    }
});
