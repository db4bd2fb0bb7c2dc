//! The web console in real headless Chromium: find a failed run, see its failed attempts
//! on the timeline, fix the cause, click Retry, and see it complete without re-running the
//! steps that had completed. Drives `tests/browser/console.mjs` (Playwright) against a
//! real `maximizer serve`; screenshots land in `tests/output/console/`.

use std::path::Path;
use std::process::Command;

use integration_tests::{ADMIN_KEY, Maximizer};

#[test]
fn a_failed_run_is_found_fixed_and_retried_in_the_console() {
    let browser_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("browser");
    assert!(
        browser_dir.join("node_modules/playwright-core").exists(),
        "run `npm ci` in {} (tests/run-all.sh does)",
        browser_dir.display()
    );
    let chromium = std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "Chromium not found at {chromium}: install Debian's chromium (tests/run-all.sh does)"
    );
    let screenshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("output/console");
    std::fs::create_dir_all(&screenshots).expect("screenshot directory");

    let dir = tempfile::tempdir().unwrap();
    let server = Maximizer::new(dir.path()).serve(&[]);
    let output = Command::new("node")
        .arg(browser_dir.join("console.mjs"))
        .env("MAXIMIZER_URL", server.url())
        .env("MAXIMIZER_API_KEY", ADMIN_KEY)
        .env("FIX_FILE", dir.path().join("fixed"))
        .env("SCREENSHOT_DIR", &screenshots)
        .env("CHROMIUM_PATH", &chromium)
        .output()
        .expect("run node (Node.js 20 or later)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "browser test failed:\n{stdout}\n{stderr}\nserver log:\n{}",
        server.log()
    );
    assert!(stdout.contains("console test passed"), "{stdout}");
    for shot in ["runs-list.png", "run-detail-failed.png", "run-detail.png"] {
        assert!(screenshots.join(shot).exists(), "missing screenshot {shot}");
    }
    println!("screenshots in {}", screenshots.display());
}
