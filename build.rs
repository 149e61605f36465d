//! Embeds the built-in Rego pack (`policies/**/*.rego`) and the example ISMS
//! (`examples/lumen/**`, for `isms demo`) in the binary.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>, keep: &dyn Fn(&Path) -> bool) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out, keep)?;
        } else if keep(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// Writes `pub const NAME: &[(&str, &str)]`: (path relative to `base`, text).
fn embed(
    code: &mut String,
    name: &str,
    doc: &str,
    base: &Path,
    files: &[PathBuf],
) -> Result<(), Box<dyn std::error::Error>> {
    writeln!(code, "/// {doc}\npub const {name}: &[(&str, &str)] = &[")?;
    for file in files {
        println!("cargo:rerun-if-changed={}", file.display());
        let rel = file.strip_prefix(base)?.to_string_lossy().replace('\\', "/");
        writeln!(code, "    ({rel:?}, include_str!({:?})),", file.display().to_string())?;
    }
    code.push_str("];\n");
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);

    let policies = manifest.join("policies");
    println!("cargo:rerun-if-changed=policies");
    let mut files = Vec::new();
    collect(&policies, &mut files, &|p| p.extension().is_some_and(|e| e == "rego"))?;
    files.sort();
    let mut code = String::new();
    embed(
        &mut code,
        "POLICIES",
        "Built-in policy files: (path relative to the crate, text).",
        &manifest,
        &files,
    )?;
    std::fs::write(out_dir.join("policies.rs"), code)?;

    let example = manifest.join("examples/lumen");
    println!("cargo:rerun-if-changed=examples/lumen");
    let mut files = Vec::new();
    collect(&example, &mut files, &|_| true)?;
    files.sort();
    let mut code = String::new();
    embed(
        &mut code,
        "EXAMPLE",
        "The example ISMS: (path relative to its root, text).",
        &example,
        &files,
    )?;
    std::fs::write(out_dir.join("example.rs"), code)?;
    Ok(())
}
