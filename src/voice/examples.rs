//! A guide's examples are its tests: each rule's `bad` examples must trigger it and its `good` ones must
//! not. `agora guide test FILE` and the guide editor run them.

use serde::Serialize;
use ts_rs::TS;

use super::check::{check, DraftCheck};
use super::compiled::CompiledGuide;
use super::networks::NetworkLimits;

/// How one example fared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExampleOutcome {
    pub rule: String,
    pub example: String,
    /// Whether the example is a `bad` one (it should trigger the rule).
    pub bad: bool,
    pub triggered: bool,
}

impl ExampleOutcome {
    pub fn passed(&self) -> bool {
        self.bad == self.triggered
    }
}

/// Runs every example of every rule, in the rule's language and networks.
pub fn run(guide: &CompiledGuide) -> Vec<ExampleOutcome> {
    let limits = NetworkLimits::default();
    let mut outcomes = Vec::new();
    for rule in &guide.guide.rules {
        let examples = rule
            .bad
            .iter()
            .map(|e| (e, true))
            .chain(rule.good.iter().map(|e| (e, false)));
        for (example, bad) in examples {
            let draft = DraftCheck {
                text: example.clone(),
                lang: rule.lang,
                networks: rule.networks.clone(),
                ..DraftCheck::default()
            };
            let report = check(guide, &draft, &limits);
            outcomes.push(ExampleOutcome {
                rule: rule.id.clone(),
                example: example.clone(),
                bad,
                triggered: report.findings.iter().any(|f| f.rule == rule.id),
            });
        }
    }
    outcomes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::voice::guide::parse;

    #[test]
    fn every_example_of_the_starter_guide_passes() {
        let failed: Vec<_> = run(&CompiledGuide::starter())
            .into_iter()
            .filter(|o| !o.passed())
            .collect();
        assert!(failed.is_empty(), "{failed:#?}");
    }

    #[test]
    fn a_wrong_example_is_reported() {
        let source = "[[rules]]\nid = \"no-utenti\"\nkind = \"forbid\"\nmessage = \"m\"\nterms = [\"utenti\"]\nbad = [\"Cari lettori\"]\ngood = [\"Cari utenti\"]\n";
        let outcomes = run(&CompiledGuide::compile(parse("g", source).unwrap()).unwrap());
        assert_eq!(outcomes.len(), 2);
        assert!(outcomes.iter().all(|o| !o.passed()), "{outcomes:?}");
    }
}
