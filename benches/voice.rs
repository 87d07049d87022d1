//! Voice-check benchmarks: a full check of a 2,200-character Instagram caption against a guide with
//! 5,000 terms plus the starter rules and every built-in check (counted for Instagram, and for all nine
//! networks), and compiling such a guide. Run with
//! `make bench`; figures go in the issue notes.

use std::collections::BTreeMap;
use std::hint::black_box;

use agora::profile::Network;
use agora::voice::check::{check, DraftCheck, ImageText};
use agora::voice::guide::{self, Level, Rule, RuleCheck, VoiceGuide};
use agora::voice::networks::NetworkLimits;
use agora::voice::CompiledGuide;
use criterion::{criterion_group, criterion_main, Criterion};

/// The starter guide plus 50 forbid rules of 50 terms and 25 prefer rules of 100 replacements.
fn big_guide() -> VoiceGuide {
    let mut guide = guide::starter();
    let rule = |id: String, check: RuleCheck| Rule {
        id,
        level: Level::Warning,
        message: "m".into(),
        explanation: String::new(),
        link: None,
        lang: None,
        networks: Vec::new(),
        good: Vec::new(),
        bad: Vec::new(),
        check,
    };
    for r in 0..50 {
        let terms = (0..50).map(|t| format!("termine{r}x{t}")).collect();
        guide.rules.push(rule(
            format!("forbid-{r}"),
            RuleCheck::Forbid {
                terms,
                patterns: Vec::new(),
                except: Vec::new(),
            },
        ));
    }
    for r in 0..25 {
        let replace: BTreeMap<String, String> = (0..100)
            .map(|t| (format!("vecchio{r}y{t}"), format!("nuovo{r}y{t}")))
            .collect();
        guide
            .rules
            .push(rule(format!("prefer-{r}"), RuleCheck::Prefer { replace }));
    }
    guide
}

/// A realistic 2,200-character Italian caption with links, hashtags, mentions, emoji and some findings.
fn caption() -> String {
    let paragraph = "Sabato 12 ottobre alle 10:30 in sala ragazzi tornano le letture di Nati per Leggere 📚 \
        per bambine e bambini da 3 a 6 anni con i loro genitori. Gli utenti possono prenotare su \
        https://www.bibliotecasalaborsa.it/eventi o al banco prestiti. Vi aspettiamo! \
        Voi quale storia volete ascoltare? #NatiPerLeggere #Bologna @salaborsa@mastodon.bologna.it ";
    let mut text = String::new();
    while text.chars().count() < 2_200 {
        text.push_str(paragraph);
    }
    text.chars().take(2_200).collect()
}

fn voice_benches(c: &mut Criterion) {
    let source = big_guide();
    c.bench_function("compile a 5,000-term guide", |b| {
        b.iter(|| black_box(CompiledGuide::compile(source.clone()).unwrap()))
    });
    let guide = CompiledGuide::compile(source).unwrap();
    let draft = DraftCheck {
        text: caption(),
        images: vec![ImageText {
            alt: "Bambini seduti in cerchio ascoltano una lettrice".into(),
        }],
        ..DraftCheck::default()
    };
    let limits = NetworkLimits::default();
    let instagram = DraftCheck {
        networks: vec![Network::Instagram],
        ..draft.clone()
    };
    c.bench_function("check a 2,200-character caption for Instagram", |b| {
        b.iter(|| black_box(check(&guide, &instagram, &limits)))
    });
    c.bench_function(
        "check a 2,200-character caption, counted for all 9 networks",
        |b| b.iter(|| black_box(check(&guide, &draft, &limits))),
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = voice_benches
}
criterion_main!(benches);
