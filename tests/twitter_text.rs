//! The X length counter against twitter-text's own conformance cases (`validate.yml` and the v3
//! weighting configuration, kept in the shared reference data beside the repository, not copied into it).

use std::path::PathBuf;

use agora::voice::networks::{parse_tweet, ParsedTweet, TwitterConfig};
use serde::Deserialize;

#[derive(Deserialize)]
struct Validate {
    tests: Groups,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Groups {
    weighted_tweets_counter_test: Vec<Case>,
    weighted_tweets_with_discounted_emoji_counter_test: Vec<Case>,
    unicode_directional_marker_counter_test: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    description: String,
    text: String,
    expected: Expected,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Expected {
    weighted_length: u32,
    valid: bool,
    permillage: u32,
    display_range_start: u32,
    display_range_end: u32,
    valid_range_start: u32,
    valid_range_end: u32,
}

impl Expected {
    fn parsed(&self) -> ParsedTweet {
        ParsedTweet {
            weighted_length: self.weighted_length,
            valid: self.valid,
            permillage: self.permillage,
            display_range: (self.display_range_start, self.display_range_end),
            valid_range: (self.valid_range_start, self.valid_range_end),
        }
    }
}

/// The conformance data, or `None` (with a notice) where the shared reference data is not laid out.
fn conformance() -> Option<(Validate, TwitterConfig)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/twitter-text");
    if !dir.is_dir() {
        eprintln!(
            "{} is missing: twitter-text conformance cases skipped",
            dir.display()
        );
        return None;
    }
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).expect("readable conformance file");
    let validate = serde_norway::from_str(&read("validate.yml")).expect("validate.yml parses");
    let v3 = serde_json::from_str(&read("config-v3.json")).expect("config-v3.json parses");
    Some((validate, v3))
}

/// Runs every case with `config` and reports all the failing ones at once.
fn run(group: &str, cases: &[Case], config: &TwitterConfig) {
    assert!(!cases.is_empty(), "{group} has no cases");
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let got = parse_tweet(&case.text, config);
            let want = case.expected.parsed();
            (got != want).then(|| format!("{}:\n    got  {got:?}\n    want {want:?}", case.description))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{group}: {} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn weighted_tweets_with_discounted_emoji_follow_config_v3() {
    if let Some((validate, v3)) = conformance() {
        assert_eq!((v3.version, v3.emoji_parsing_enabled), (3, true));
        run(
            "WeightedTweetsWithDiscountedEmojiCounterTest",
            &validate.tests.weighted_tweets_with_discounted_emoji_counter_test,
            &v3,
        );
    }
}

#[test]
fn weighted_tweets_follow_config_v2() {
    if let Some((validate, _)) = conformance() {
        run(
            "WeightedTweetsCounterTest",
            &validate.tests.weighted_tweets_counter_test,
            &TwitterConfig::v2(),
        );
    }
}

#[test]
fn directional_markers_and_invalid_characters_follow_config_v3() {
    if let Some((validate, v3)) = conformance() {
        run(
            "UnicodeDirectionalMarkerCounterTest",
            &validate.tests.unicode_directional_marker_counter_test,
            &v3,
        );
    }
}

#[test]
fn built_in_v3_is_the_published_configuration() {
    if let Some((_, published)) = conformance() {
        let built_in = TwitterConfig::v3();
        assert_eq!(format!("{built_in:?}"), format!("{published:?}"));
    }
}
