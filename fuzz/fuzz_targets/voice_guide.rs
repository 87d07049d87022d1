//! The voice-guide file: TOML parsed and validated into a guide, compiled, its examples run.
//!
//! Invariants: a guide that validates compiles; written back as TOML it parses to the same guide; and
//! its examples run without a panic (their findings are the guide's business, not a bug).

#![no_main]

use agora::voice::{examples, guide, CompiledGuide};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(parsed) = guide::parse("fuzz.toml", source) else {
        return;
    };
    let _ = guide::lint_warnings(&parsed);
    let written = guide::to_toml(&parsed).expect("a valid guide is written as TOML");
    let again = guide::parse("written.toml", &written).expect("a written guide parses");
    assert_eq!(
        again, parsed,
        "a guide written and read back is the same guide\n{written}"
    );
    let compiled = CompiledGuide::compile(parsed).expect("a valid guide compiles");
    let _ = examples::run(&compiled);
});
