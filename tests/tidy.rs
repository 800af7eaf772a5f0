//! Tidy: rules about the source text that the compiler and clippy do not check (after
//! rust-analyzer's tidy test). Over every `.rs` file git knows (tracked, or new and not ignored):
//!
//! - every file opens with a `//!` comment saying what it is;
//! - no file under `src/` (the page code) is over [`MAX_PAGE_LINES`] lines, except the files in
//!   [`SPLIT_PENDING`], each of which must still be over the limit;
//! - simulation code calls no `f64` method that goes to the platform's maths library (see
//!   [`PLATFORM_MATHS`] and [`is_simulation_code`]; ARCHITECTURE.md, invariant 3), except the
//!   known uses in [`LIBM_PENDING`], each of which must still be there;
//! - every published figure is cited (invariant 6): each `Check::numeric(…)` call and each
//!   `Check { … }` literal has a `source` that names a part of a work (a chapter, section,
//!   table, figure or equation by number, or a chapter by its quoted title), and each test whose
//!   name has the word `golden`, `book`, `workbook`, `published` or `paper`, or whose doc comment
//!   says "golden", cites its source in its doc comment or body.
//!
//! Test code (`#[cfg(test)]` items) is exempt from the maths rule: tests judge results against
//! tolerances, not bits.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// The most lines a file of the page code (`src/`) may have.
const MAX_PAGE_LINES: usize = 500;

/// Files under `src/` over [`MAX_PAGE_LINES`] that are being split. The test fails when a listed
/// file is no longer over the limit (or is gone), so the list cannot go stale: remove the entry.
const SPLIT_PENDING: &[&str] = &[];

/// `f64` (and `f32`) functions that call the platform's maths library: glibc natively, a
/// different implementation in wasm, so their last bits differ. Simulation code takes these
/// from the `libm` crate. `powi` is here too: the standard library documents its precision as
/// platform-dependent. `sqrt`, `mul_add`, `abs`, `floor`, `min` and the like are exact or
/// correctly rounded everywhere (IEEE 754) and stay allowed.
const PLATFORM_MATHS: [&str; 26] = [
    "ln", "log", "log2", "log10", "ln_1p", "exp", "exp2", "exp_m1", "powf", "powi", "sin", "cos",
    "tan", "sin_cos", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "asinh", "acosh",
    "atanh", "cbrt", "hypot",
];

/// Known uses of [`PLATFORM_MATHS`] in simulation code, as (file, function), waiting for their
/// owners to move them to `libm`. The test fails when an entry no longer occurs: remove it.
const LIBM_PENDING: &[(&str, &str)] = &[];

/// Simulation code: the model crates' library code, `crates/<name>/src/**`, except `charts`
/// (drawing, which never feeds a number back) and `cli` (argument parsing and printing). Every
/// other file there can be on a seeded run's path or compute a number the page and the CLI both
/// show, which must be the same bits in both.
fn is_simulation_code(path: &str) -> bool {
    let mut parts = path.split('/');
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some("crates"), Some(name), Some("src")) if name != "charts" && name != "cli"
    )
}

/// A source file: its path from the repository root (with `/`) and its text.
struct Source {
    path: String,
    text: String,
}

/// Every `.rs` file git knows: tracked, or new and not ignored (so target/ and node_modules/
/// are never read).
fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("git")
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
            "--",
            "*.rs",
        ])
        .current_dir(root)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git ls-files: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut files: Vec<Source> = String::from_utf8(out.stdout)
        .expect("utf-8 paths")
        .split('\0')
        .filter(|p| !p.is_empty())
        // A tracked file deleted in the work tree is not a file any more.
        .filter(|p| root.join(p).is_file())
        .map(|p| Source {
            path: p.to_string(),
            text: std::fs::read_to_string(root.join(p)).unwrap_or_else(|e| panic!("{p}: {e}")),
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    assert!(files.len() > 20, "found only {} .rs files", files.len());
    files
}

fn fail_if_any(problems: Vec<String>, rule: &str) {
    assert!(problems.is_empty(), "{rule}:\n  {}", problems.join("\n  "));
}

#[test]
fn every_file_opens_with_a_module_doc_comment() {
    let problems = sources()
        .into_iter()
        .filter(|s| !s.text.starts_with("//!"))
        .map(|s| format!("{}: first line is {:?}", s.path, first_line(&s.text)))
        .collect();
    fail_if_any(
        problems,
        "every .rs file opens with a `//!` comment saying what it is for",
    );
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

#[test]
fn page_files_stay_short() {
    let sources = sources();
    let mut problems = Vec::new();
    for s in sources.iter().filter(|s| s.path.starts_with("src/")) {
        let lines = s.text.lines().count();
        if lines > MAX_PAGE_LINES && !SPLIT_PENDING.contains(&s.path.as_str()) {
            problems.push(format!(
                "{} has {lines} lines, over {MAX_PAGE_LINES}: split it",
                s.path
            ));
        }
    }
    for pending in SPLIT_PENDING {
        match sources.iter().find(|s| s.path == *pending) {
            None => problems.push(format!(
                "{pending} is in SPLIT_PENDING but does not exist: remove the entry"
            )),
            Some(s) if s.text.lines().count() <= MAX_PAGE_LINES => problems.push(format!(
                "{pending} has {} lines, within the limit: remove it from SPLIT_PENDING",
                s.text.lines().count()
            )),
            Some(_) => {}
        }
    }
    fail_if_any(
        problems,
        &format!("files under src/ have at most {MAX_PAGE_LINES} lines"),
    );
}

/// The lines of `text` outside `#[cfg(test)]` items, numbered from 1, without `//` comments.
fn non_test_code(text: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim_start().starts_with("#[cfg(test)]") {
            let indent = &line[..line.len() - line.trim_start().len()];
            // Skip to the item's end: a `;` line, or the `}` at the attribute's indentation.
            let mut j = i + 1;
            while j < lines.len() && lines[j].trim_start().starts_with("#[") {
                j += 1;
            }
            if !lines.get(j).is_some_and(|l| l.trim_end().ends_with(';')) {
                while j < lines.len() && lines[j].trim_end() != format!("{indent}}}") {
                    j += 1;
                }
            }
            i = j + 1;
            continue;
        }
        out.push((i + 1, strip_line_comment(line).to_string()));
        i += 1;
    }
    out
}

/// `line` without a trailing `//` comment (one that is not inside a string literal).
fn strip_line_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if in_string => i += 1,
            b'"' => in_string = !in_string,
            b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
            _ => {}
        }
        i += 1;
    }
    line
}

/// The [`PLATFORM_MATHS`] functions a line of code calls: `.name(` or `f64::name` / `f32::name`.
fn platform_maths_in(code: &str) -> Vec<&'static str> {
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    PLATFORM_MATHS
        .into_iter()
        .filter(|name| {
            let method = format!(".{name}(");
            let paths = [format!("f64::{name}"), format!("f32::{name}")];
            code.contains(&method)
                || paths.iter().any(|p| {
                    code.match_indices(p.as_str()).any(|(at, _)| {
                        !code.as_bytes().get(at + p.len()).is_some_and(|&b| ident(b))
                    })
                })
        })
        .collect()
}

#[test]
fn simulation_code_takes_its_maths_from_libm() {
    let mut problems = Vec::new();
    let mut found: Vec<(String, &str)> = Vec::new();
    for s in sources().iter().filter(|s| is_simulation_code(&s.path)) {
        for (number, code) in non_test_code(&s.text) {
            for name in platform_maths_in(&code) {
                found.push((s.path.clone(), name));
                if !LIBM_PENDING.contains(&(s.path.as_str(), name)) {
                    problems.push(format!(
                        "{}:{number}: `{name}` from f64 (use `libm::` instead): {}",
                        s.path,
                        code.trim()
                    ));
                }
            }
        }
    }
    for (path, name) in LIBM_PENDING {
        if !found.iter().any(|(p, n)| p == path && n == name) {
            problems.push(format!(
                "{path} no longer uses f64 `{name}`: remove it from LIBM_PENDING"
            ));
        }
    }
    fail_if_any(
        problems,
        "simulation code (crates/*/src except charts and cli) takes ln, exp, pow, sin, cos \
         and friends from `libm`, so a seed gives the same bits natively and in wasm \
         (ARCHITECTURE.md, invariant 3)",
    );
}

// ---------------------------------------------------------------------------------------------
// Citations.

/// Whether `text` names a part of a work: a chapter, section (§), table, figure or equation
/// with its number, or a title in curly quotes (“Alerting on SLOs”), or, in a `//`
/// comment, in straight quotes after a comma (`SRE Workbook, "Alerting on SLOs"`).
fn cites(text: &str) -> bool {
    let lower = text.to_lowercase();
    let numbered = [
        "ch.", "chapter", "§", "section", "table", "figure", "fig.", "eq.",
    ];
    let names_a_part = numbered.iter().any(|part| {
        lower.match_indices(part).any(|(at, _)| {
            let word_start = at == 0 || !lower.as_bytes()[at - 1].is_ascii_alphabetic();
            let after = &lower[at + part.len()..];
            let separated = part.ends_with(['.', '§']) || after.starts_with(char::is_whitespace);
            word_start && separated && after.trim_start().starts_with(|c: char| c.is_ascii_digit())
        })
    });
    let title = |rest: &str, close: char| {
        rest.starts_with(|c: char| c.is_uppercase()) && rest.find(close).is_some_and(|end| end >= 3)
    };
    let curly = text.split('“').skip(1).any(|rest| title(rest, '”'));
    let in_comment = text
        .lines()
        .filter_map(|l| l.split_once("//"))
        .any(|(_, comment)| comment.split(", \"").skip(1).any(|rest| title(rest, '"')));
    names_a_part || curly || in_comment
}

/// A Rust literal starting at `at`: a string (`"…"`, `r"…"`, `r#"…"#`) gives its contents, a
/// character (`'x'`, `'\''`) gives nothing; either way with the index after it.
fn literal_at(text: &str, at: usize) -> Option<(Option<String>, usize)> {
    let rest = &text[at..];
    if ident_before(text, at) {
        return None;
    }
    if let Some(raw) = rest.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let body = raw[hashes..].strip_prefix('"')?;
        let close = format!("\"{}", "#".repeat(hashes));
        let end = body.find(&close)?;
        let start = at + 1 + hashes + 1;
        return Some((Some(body[..end].to_string()), start + end + close.len()));
    }
    if let Some(body) = rest.strip_prefix('\'') {
        // A character literal closes within a few bytes; a lifetime (`'a`) does not.
        let len = if body.starts_with('\\') {
            body[2..].find('\'')? + 2
        } else {
            body.chars().next()?.len_utf8()
        };
        return (body[len..].starts_with('\'')).then_some((None, at + 1 + len + 1));
    }
    let body = rest.strip_prefix('"')?;
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some((Some(body[..i].to_string()), at + 1 + i + 1)),
            _ => escaped = false,
        }
    }
    None
}

/// Splits the bracketed list that opens at `open` (`(` or `{`) into its top-level items.
fn bracketed_items(text: &str, open: usize) -> Option<Vec<String>> {
    let bytes = text.as_bytes();
    let mut depth = 0;
    let mut items = Vec::new();
    let mut start = open + 1;
    let mut i = open;
    while i < bytes.len() {
        if !text.is_char_boundary(i) {
            i += 1;
            continue;
        }
        if let Some((_, end)) = literal_at(text, i) {
            i = end;
            continue;
        }
        match bytes[i] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    items.push(text[start..i].trim().to_string());
                    items.retain(|item| !item.is_empty());
                    return Some(items);
                }
            }
            b',' if depth == 1 => {
                items.push(text[start..i].trim().to_string());
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn ident_before(text: &str, at: usize) -> bool {
    at > 0 && {
        let b = text.as_bytes()[at - 1];
        b.is_ascii_alphanumeric() || b == b'_'
    }
}

/// The string literals an expression contains, and those of the `const`s it names.
fn expression_text(expr: &str, consts: &BTreeMap<String, Vec<String>>) -> String {
    let mut text = Vec::new();
    let mut i = 0;
    while i < expr.len() {
        if !expr.is_char_boundary(i) {
            i += 1;
            continue;
        }
        match literal_at(expr, i) {
            Some((literal, end)) => {
                text.extend(literal);
                i = end;
            }
            None => i += 1,
        }
    }
    for word in expr.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
        if let Some(values) = consts.get(word) {
            text.extend(values.iter().cloned());
        }
    }
    text.join(" ")
}

/// `const NAME: &str = "…";` anywhere in the sources: NAME → its string(s).
fn string_consts(sources: &[Source]) -> BTreeMap<String, Vec<String>> {
    let mut consts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for s in sources {
        for (at, _) in s.text.match_indices("const ") {
            if ident_before(&s.text, at) {
                continue;
            }
            let rest = &s.text[at + "const ".len()..];
            let Some((name, ty)) = rest.split_once(':') else {
                continue;
            };
            let Some((ty, value)) = ty.split_once('=') else {
                continue;
            };
            if ty.trim() != "&str" && ty.trim() != "&'static str" {
                continue;
            }
            let value_at = s.text.len() - value.trim_start().len();
            if let Some((Some(literal), _)) = literal_at(&s.text, value_at) {
                consts
                    .entry(name.trim().to_string())
                    .or_default()
                    .push(literal);
            }
        }
    }
    consts
}

/// Files the citation rules skip: the `Check` type's own file (its constructor passes its
/// `source` parameter through, and its unit tests use placeholder sources) and this one, which
/// names the patterns it looks for.
const CITATION_EXEMPT: [&str; 2] = ["crates/sim/src/check.rs", "tests/tidy.rs"];

/// Whether byte `at` of `text` is inside a `//` comment.
fn in_comment(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    strip_line_comment(&text[line_start..]).len() < at - line_start
}

/// Each `Check::numeric(…)` call and `Check { … }` literal in `s`: (line, source expression).
fn check_sources(s: &Source) -> Vec<(usize, Result<String, String>)> {
    let line_of = |at: usize| s.text[..at].lines().count().max(1);
    let mut found = Vec::new();
    for (at, call) in s.text.match_indices("Check::numeric(") {
        if in_comment(&s.text, at) {
            continue;
        }
        let open = at + call.len() - 1;
        let source = match bracketed_items(&s.text, open) {
            Some(args) if args.len() == 5 => Ok(args[1].clone()),
            _ => Err("cannot read the call's five arguments".to_string()),
        };
        found.push((line_of(at), source));
    }
    for (at, literal) in s.text.match_indices("Check {") {
        let before = s.text[..at].trim_end();
        if ident_before(&s.text, at)
            || in_comment(&s.text, at)
            || ["struct", "impl", "for", "->", "enum"]
                .iter()
                .any(|w| before.ends_with(w))
        {
            continue;
        }
        let open = at + literal.len() - 1;
        // A struct literal's body starts with `field:` (not `path::`).
        let body = s.text[open + 1..].trim_start();
        let field = body
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("");
        let after_field = &body[field.len()..];
        if field.is_empty() || !after_field.starts_with(':') || after_field.starts_with("::") {
            continue;
        }
        let source = match bracketed_items(&s.text, open) {
            Some(fields) => fields
                .iter()
                .find_map(|f| f.strip_prefix("source:").map(|e| e.trim().to_string()))
                .ok_or_else(|| "the literal has no `source:` field".to_string()),
            None => Err("cannot read the literal's fields".to_string()),
        };
        found.push((line_of(at), source));
    }
    found
}

#[test]
fn every_check_cites_its_source() {
    let sources = sources();
    let consts = string_consts(&sources);
    let mut problems = Vec::new();
    let mut checks = 0;
    for s in sources
        .iter()
        .filter(|s| !CITATION_EXEMPT.contains(&s.path.as_str()))
    {
        for (line, source) in check_sources(s) {
            checks += 1;
            match source {
                Ok(expr) if cites(&expression_text(&expr, &consts)) => {}
                Ok(expr) => problems.push(format!(
                    "{}:{line}: source `{expr}` names no chapter, section, table, figure or \
                     quoted title",
                    s.path
                )),
                Err(why) => problems.push(format!("{}:{line}: {why}", s.path)),
            }
        }
    }
    assert!(
        checks >= 3,
        "found only {checks} checks: is the scan broken?"
    );
    fail_if_any(
        problems,
        "every published figure a Check shows names its source (ARCHITECTURE.md, invariant 6)",
    );
}

/// Words in a test's name (split at `_`) that say it checks published figures.
const PUBLISHED_TEST_WORDS: [&str; 6] =
    ["golden", "book", "books", "workbook", "published", "paper"];

/// Each `#[test]` function in `s`: (line, name, doc comment and body).
fn tests_in(s: &Source) -> Vec<(usize, String, String)> {
    let lines: Vec<&str> = s.text.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.trim() != "#[test]" {
            continue;
        }
        let docs: Vec<&str> = lines[..i]
            .iter()
            .rev()
            .take_while(|l| l.trim_start().starts_with("///") || l.trim_start().starts_with("#["))
            .copied()
            .collect();
        let Some(signature) = lines[i + 1..]
            .iter()
            .position(|l| l.trim_start().contains("fn "))
            .map(|k| i + 1 + k)
        else {
            continue;
        };
        let sig = lines[signature];
        let name: String = sig[sig.find("fn ").map_or(0, |f| f + 3)..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let indent = &sig[..sig.len() - sig.trim_start().len()];
        let end = lines[signature..]
            .iter()
            .position(|l| l.trim_end() == format!("{indent}}}"))
            .map_or(lines.len(), |k| signature + k + 1);
        let mut text = docs.join("\n");
        text.push('\n');
        text.push_str(&lines[signature..end].join("\n"));
        found.push((i + 1, name, text));
    }
    found
}

#[test]
fn published_figure_tests_cite_their_source() {
    let mut problems = Vec::new();
    let mut seen = 0;
    for s in sources()
        .into_iter()
        .filter(|s| !CITATION_EXEMPT.contains(&s.path.as_str()))
    {
        for (line, name, text) in tests_in(&s) {
            let doc_says_golden = text
                .lines()
                .take_while(|l| !l.contains("fn "))
                .any(|l| l.to_lowercase().contains("golden"));
            let named = name.split('_').any(|w| PUBLISHED_TEST_WORDS.contains(&w));
            if !(named || doc_says_golden) {
                continue;
            }
            seen += 1;
            if !cites(&text) {
                problems.push(format!(
                    "{}:{line}: test `{name}` checks published figures but cites no chapter, \
                     section, table, figure or quoted title in its doc comment or body",
                    s.path
                ));
            }
        }
    }
    assert!(
        seen >= 3,
        "found only {seen} published-figure tests: is the scan broken?"
    );
    fail_if_any(
        problems,
        "every golden test names its source (ARCHITECTURE.md, invariant 6)",
    );
}

/// Hooks (`use_…(`) called after an early `return` in a `#[component]` or `#[hook]` function:
/// Yew needs every render to call the same hooks in the same order, so a hook after a return
/// that only some renders take is a bug. Returns the 1-based lines of such hooks. A `return`
/// inside a closure (`|…| { … }`) returns from the closure, not the component, and is ignored.
fn hooks_after_return(text: &str) -> Vec<usize> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut search = 0;
    while let Some(rel) = text[search..]
        .find("#[component]")
        .or_else(|| text[search..].find("#[hook]"))
    {
        let attr = search + rel;
        let Some(open) = text[attr..].find('{').map(|i| attr + i) else {
            break;
        };
        // Walk the body: a stack of "is this brace a closure body?".
        let mut stack: Vec<bool> = vec![false];
        let mut returned = false;
        let mut i = open + 1;
        while i < bytes.len() && !stack.is_empty() {
            let rest = &text[i..];
            let in_closure = stack.iter().any(|&c| c);
            match bytes[i] {
                b'{' => {
                    let before = text[..i].trim_end();
                    stack.push(before.ends_with('|'));
                }
                b'}' => {
                    stack.pop();
                }
                b'"' => {
                    // Skip a string literal.
                    let mut j = i + 1;
                    while j < bytes.len() && bytes[j] != b'"' {
                        j += if bytes[j] == b'\\' { 2 } else { 1 };
                    }
                    i = j;
                }
                b'/' if rest.starts_with("//") => {
                    i += rest.find('\n').unwrap_or(rest.len());
                    continue;
                }
                _ if !in_closure && rest.starts_with("return") && !ident_before(text, i) => {
                    returned = true;
                }
                _ if !in_closure
                    && returned
                    && rest.starts_with("use_")
                    && !ident_before(text, i) =>
                {
                    let call = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
                    if call.is_some_and(|end| rest[end..].starts_with('(')) {
                        found.push(text[..i].lines().count());
                    }
                }
                _ => {}
            }
            i += 1;
        }
        search = i.max(attr + 1);
    }
    found
}

#[test]
fn components_call_their_hooks_before_any_early_return() {
    let mut problems = Vec::new();
    for s in sources().iter().filter(|s| s.path.starts_with("src/")) {
        for line in hooks_after_return(&s.text) {
            problems.push(format!("{}:{line}: a hook after an early return", s.path));
        }
    }
    fail_if_any(
        problems,
        "components and hooks call every hook on every render, before any early return",
    );
}

#[test]
fn the_rules_see_what_they_are_meant_to() {
    let bad = "#[component]\nfn A(p: &P) -> Html {\n    let Some(x) = p.x else {\n        return html! {};\n    };\n    let s = use_state(|| 0);\n    html! {}\n}\n";
    assert_eq!(hooks_after_return(bad), [6]);
    let good = "#[component]\nfn A(p: &P) -> Html {\n    let s = use_state(|| 0);\n    let cb = Callback::from(move |_| { if x { return; } });\n    let t = use_memo((), |_| 1);\n    let Some(x) = p.x else {\n        return html! {};\n    };\n    html! {}\n}\n";
    assert!(
        hooks_after_return(good).is_empty(),
        "{:?}",
        hooks_after_return(good)
    );
    assert!(cites("System Design on AWS, ch. 1, Table 1-1"));
    assert!(cites(
        "derived: steady-state insensitivity (reference §4.6)"
    ));
    assert!(cites("Google SRE Workbook, “Alerting on SLOs”"));
    assert!(cites("// SRE Workbook, \"Alerting on SLOs\": 2% in 1 h"));
    assert!(!cites("assert_eq!(name, \"Single-region web stack\");"));
    assert!(!cites("the book"));
    assert!(!cites("a blog post, tabled for later; the chapters"));
    assert_eq!(platform_maths_in("let y = x.ln() + libm::exp(x);"), ["ln"]);
    assert_eq!(platform_maths_in("xs.iter().map(f64::exp).sum()"), ["exp"]);
    assert!(platform_maths_in("rng.exponential(1.0).sqrt().mul_add(a, b)").is_empty());
    assert!(
        platform_maths_in(&non_test_code("// x.ln()\nlet s = \"//\"; // y.exp()")[1].1).is_empty()
    );
    let code =
        "fn a() {}\n#[cfg(test)]\nmod tests {\n    fn b() { x.ln(); }\n}\nfn c() { y.exp(); }\n";
    let kept: Vec<usize> = non_test_code(code).into_iter().map(|(n, _)| n).collect();
    assert_eq!(kept, [1, 6]);
    assert!(is_simulation_code("crates/sim/src/rng.rs"));
    assert!(is_simulation_code("crates/nines/src/simulate.rs"));
    assert!(!is_simulation_code("crates/charts/src/lib.rs"));
    assert!(!is_simulation_code("crates/cli/src/main.rs"));
    assert!(!is_simulation_code("crates/nines/tests/diagram_props.rs"));
    assert!(!is_simulation_code("src/tools/availability.rs"));
}
