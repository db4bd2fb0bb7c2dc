//! Source files hold no control characters: a regex written through a tool that read
//! `\b` as a backspace compiles and silently never matches.

use std::path::Path;

fn check(dir: &Path, found: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            check(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for (number, line) in text.lines().enumerate() {
                if line
                    .chars()
                    .any(|c| c.is_control() && c != '\t' && c != '\r')
                {
                    found.push(format!("{}:{}", path.display(), number + 1));
                }
            }
        }
    }
}

#[test]
fn sources_hold_no_control_characters() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut found = Vec::new();
    for crate_dir in ["engine", "activities", "workflows", "worker", "tests"] {
        for sub in ["src", "tests", "examples", "benches"] {
            check(&root.join(crate_dir).join(sub), &mut found);
        }
    }
    assert!(found.is_empty(), "control characters in: {found:?}");
}
