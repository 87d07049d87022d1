//! A writer for the crash-safety test (`tests/crash_safety.rs`): adds content categories to the data
//! folder given as the first argument, one transaction each, and prints `ack NAME` after each commit, until
//! it is killed.

use std::io::Write;

fn main() {
    let dir = std::env::args_os()
        .nth(1)
        .expect("usage: crash_writer DATA_DIR [PREFIX]");
    let prefix = std::env::args().nth(2).unwrap_or_else(|| "c".into());
    let store = agora::Store::open_dir(dir.as_ref()).expect("open the store");
    let mut out = std::io::stdout().lock();
    for i in 0.. {
        let name = format!("{prefix}-{i}");
        agora::profile::add_category(&store, &name, agora::profile::CategoryKind::Other).expect("write");
        writeln!(out, "ack {name}")
            .and_then(|()| out.flush())
            .expect("stdout");
    }
}
