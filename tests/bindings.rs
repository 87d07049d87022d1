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

/// The bindings name a command's arguments as Rust does (`post_id`), while Tauri expects camelCase unless a
/// command says `rename_all = "snake_case"`: every command with an argument of several words must say it.
/// (A command that forgot it failed in the window with "missing required key postId".)
#[test]
fn commands_with_multi_word_arguments_keep_their_snake_case_names() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/src/commands.rs");
    let source = std::fs::read_to_string(path).unwrap();
    let mut missing = Vec::new();
    for chunk in source.split("#[tauri::command").skip(1) {
        let attribute = chunk.split(']').next().unwrap_or("");
        let signature = chunk.split(") -> ").next().unwrap_or("");
        let name = signature
            .split("fn ")
            .nth(1)
            .and_then(|s| s.split('(').next())
            .unwrap_or("?");
        let arguments = signature.split_once('(').map_or("", |(_, args)| args);
        let multi_word = arguments
            .split(',')
            .filter_map(|arg| arg.split(':').next())
            .map(str::trim)
            .any(|arg| arg.contains('_') && !arg.starts_with('_'));
        if multi_word && !attribute.contains("rename_all = \"snake_case\"") {
            missing.push(name.to_owned());
        }
    }
    assert!(
        missing.is_empty(),
        "add rename_all = \"snake_case\" to: {missing:?}"
    );
}
