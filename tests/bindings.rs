//! The TypeScript bindings in `ui/src/lib/bindings/` must match the Rust types they are generated from.
//! Run with `AGORA_UPDATE_BINDINGS=1` (`make bindings`) to rewrite them.

use std::collections::BTreeMap;
use std::path::Path;

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "ts"))
                .map(|p| {
                    (
                        p.file_name().unwrap().to_string_lossy().into_owned(),
                        std::fs::read_to_string(&p).unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn committed_bindings_match_the_rust_types() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings");
    let fresh = tempfile::tempdir().unwrap();
    agora::api::export_bindings(fresh.path()).unwrap();
    let generated = read_dir(fresh.path());
    assert!(generated.contains_key("commands.ts") && generated.contains_key("Startup.ts"));
    if std::env::var_os("AGORA_UPDATE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        std::fs::create_dir_all(&committed).unwrap();
        for (name, text) in &generated {
            std::fs::write(committed.join(name), text).unwrap();
        }
    }
    let on_disk = read_dir(&committed);
    let stale: Vec<&String> = generated
        .keys()
        .chain(on_disk.keys())
        .filter(|name| generated.get(*name) != on_disk.get(*name))
        .collect();
    assert!(
        stale.is_empty(),
        "bindings out of date: {stale:?}; run `make bindings` and commit the result"
    );
}
