/// A used statement kept on `main` only inside a folder whose name is not
/// UTF-8 (which ended libgit2's walk of the statements folder through git2,
/// so the statement looked never used) is still used: brought back under
/// a plain name with the change it names, it approves nothing.
#[test]
fn a_statement_used_inside_a_folder_named_otherwise_than_utf8_approves_nothing_again() {
    let lab = Lab::new();
    git(lab.path(), &["branch", "-M", "main"]);
    let key = lab.keys["priya"].0.to_str().unwrap().to_string();
    git(lab.path(), &["config", "user.email", &Lab::email("priya")]);
    git(lab.path(), &["config", "user.name", "priya"]);
    git(lab.path(), &["config", "gpg.format", "ssh"]);
    git(lab.path(), &["config", "user.signingkey", &key]);
    git(lab.path(), &["checkout", "-q", "-b", "change"]);
    lab.edit_risks(1);
    lab.commit("omar", None, "Reword R-001");
    let (code, out, err) = common::run(Some(lab.path()), &["approve", "--base", "main", "--yes"]);
    assert_eq!(code, 0, "{out}{err}");
    let file = git(lab.path(), &["ls-files", ".isms/approvals"]);
    let text = lab.s.read(&file);
    git(lab.path(), &["checkout", "-q", "main"]);
    write_raw(lab.path(), b".isms/approvals/\xff/kept.approval", text.as_bytes());
    lab.commit("maya", None, "Keep the approval statement");
    git(lab.path(), &["checkout", "-q", "-b", "again"]);
    lab.edit_risks(1);
    lab.s.write(&file, &text);
    lab.commit("omar", None, "Reword R-001, with the statement");
    let (code, json) = lab.s.check(&["--base", "main"]);
    assert_eq!(code, 1, "{json:#}");
    assert!(has(&json, "ISMS-APPROVAL-001", RISKS), "{json:#}");
    // Against a base that never held it, the statement approves.
    let (code, json) = lab.s.check(&["--base", "main~1"]);
    assert_eq!(code, 2, "the folder that is not UTF-8 is in this range: {json:#}");
}
