//! `cargo xtask dist`: the release site in dist/, the single-file offline page
//! dist/sdlab-offline.html, and target/sdlab-site.zip.
//!
//! Trunk's index.html loads the app with a module script importing the hashed JS glue and
//! fetching the hashed `_bg.wasm`; Chromium blocks both from `file://`. The offline page
//! instead imports the glue from a `data:text/javascript;base64,` URL and hands the glue's
//! `init` the wasm bytes, decoded from base64 embedded in the page, with the stylesheet
//! inlined and the preload links (which would fetch from disk) removed.
//!
//! Both pages carry index.html's Content-Security-Policy (a `<meta http-equiv>`), sealed for
//! the page: its script-src gets the sha256 of each inline script the page runs instead of the
//! 'unsafe-inline' that lets `trunk serve` run unsealed, its style-src the sha256 of each inline
//! `<style>`, and the offline page's script-src also `data:`, for the glue.

use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::util::{
    Res, cmd, files_under, gzip_len, heading, kb, read, read_text, root, run, write,
};

pub const OFFLINE_FILE: &str = "sdlab-offline.html";
pub const ZIP_FILE: &str = "sdlab-site.zip";
/// Folder name inside the zip: unzipping gives one folder, ready to host under /sdlab/.
const ZIP_FOLDER: &str = "sdlab";

pub fn dist_dir() -> PathBuf {
    root().join("dist")
}

pub fn zip_path() -> PathBuf {
    root().join("target").join(ZIP_FILE)
}

pub fn dist() -> Res {
    crate::setup::setup()?;
    heading("dist: trunk release build");
    // --offline: a missing pinned tool is an error, never a download. --public-url ./ makes
    // every asset URL relative, so the site works from any sub-path of a static host.
    run(cmd("trunk").args(["build", "--release", "--offline", "--public-url", "./"]))?;
    let dist = dist_dir();
    heading("dist: the Content-Security-Policy");
    let index = dist.join("index.html");
    let site = seal_csp(&read_text(&index)?, &[])?;
    write(&index, site.as_bytes())?;
    println!("{}", csp_of(&site)?);
    heading("dist: single-file offline page");
    let offline = offline_html(&dist)?;
    write(&dist.join(OFFLINE_FILE), offline.as_bytes())?;
    heading("dist: site zip");
    zip_site(&dist, &zip_path())?;
    print_sizes(&dist)?;
    Ok(())
}

/// Prints every file of the site with raw and gzipped sizes, the app total and the zip.
pub fn print_sizes(dist: &Path) -> Res {
    println!("\n{:<44} {:>12} {:>12}", "file", "raw", "gzipped");
    for file in files_under(dist)? {
        let bytes = read(&dist.join(&file))?;
        println!(
            "{:<44} {:>12} {:>12}",
            format!("dist/{}", file.display()),
            kb(bytes.len()),
            kb(gzip_len(&bytes))
        );
    }
    let (raw, gz) = app_size(dist)?;
    println!(
        "{:<44} {:>12} {:>12}",
        "app total (wasm + js + css)",
        kb(raw),
        kb(gz)
    );
    let zip = zip_path();
    if let Ok(meta) = std::fs::metadata(&zip) {
        println!(
            "{:<44} {:>12}",
            format!("target/{ZIP_FILE}"),
            kb(meta.len() as usize)
        );
    }
    Ok(())
}

/// Raw and gzipped bytes of what a visitor downloads for the app: wasm, JS and CSS.
pub fn app_size(dist: &Path) -> Res<(usize, usize)> {
    let mut raw = 0;
    let mut gz = 0;
    for file in files_under(dist)? {
        let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        if matches!(ext, "wasm" | "js" | "css") {
            let bytes = read(&dist.join(&file))?;
            raw += bytes.len();
            gz += gzip_len(&bytes);
        }
    }
    Ok((raw, gz))
}

fn zip_site(dist: &Path, out: &Path) -> Res {
    let mut entries = Vec::new();
    for relative in files_under(dist)? {
        let name = format!(
            "{ZIP_FOLDER}/{}",
            relative.to_string_lossy().replace('\\', "/")
        );
        entries.push((name, read(&dist.join(&relative))?));
    }
    write(out, &zip_archive(&entries))?;
    println!("wrote {}", out.display());
    Ok(())
}

/// A deflated zip of `(name, bytes)` entries: the small subset of the format every unzip
/// reads (no zip64, so each file and the archive stay under 4 GiB), dated 1980-01-01 so the
/// same site always gives the same archive.
fn zip_archive(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    const VERSION: u16 = 20; // 2.0: deflate
    const UTF8_NAMES: u16 = 1 << 11;
    const DEFLATE: u16 = 8;
    const DOS_DATE_1980_01_01: u16 = (1 << 5) | 1;
    fn u16le(out: &mut Vec<u8>, v: u16) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    fn u32le(out: &mut Vec<u8>, v: usize) {
        out.extend_from_slice(&u32::try_from(v).unwrap_or(u32::MAX).to_le_bytes());
    }
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, bytes) in entries {
        let mut crc = flate2::Crc::new();
        crc.update(bytes);
        let mut deflater =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        // Writing into a Vec cannot fail.
        let _ = deflater.write_all(bytes);
        let packed = deflater.finish().unwrap_or_default();
        let offset = out.len();
        // Fields shared by the local header and the central directory entry.
        let mut common = Vec::new();
        u16le(&mut common, VERSION);
        u16le(&mut common, UTF8_NAMES);
        u16le(&mut common, DEFLATE);
        u16le(&mut common, 0);
        u16le(&mut common, DOS_DATE_1980_01_01);
        common.extend_from_slice(&crc.sum().to_le_bytes());
        u32le(&mut common, packed.len());
        u32le(&mut common, bytes.len());
        u16le(&mut common, u16::try_from(name.len()).unwrap_or(u16::MAX));
        u16le(&mut common, 0); // extra field length

        out.extend_from_slice(&0x0403_4b50_u32.to_le_bytes());
        out.extend_from_slice(&common);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&packed);

        central.extend_from_slice(&0x0201_4b50_u32.to_le_bytes());
        u16le(&mut central, (3 << 8) | VERSION); // made by: Unix
        central.extend_from_slice(&common);
        u16le(&mut central, 0); // comment length
        u16le(&mut central, 0); // disk number
        u16le(&mut central, 0); // internal attributes
        central.extend_from_slice(&(0o100_644_u32 << 16).to_le_bytes()); // -rw-r--r--
        u32le(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = out.len();
    out.extend_from_slice(&central);
    let count = u16::try_from(entries.len()).unwrap_or(u16::MAX);
    out.extend_from_slice(&0x0605_4b50_u32.to_le_bytes());
    u16le(&mut out, 0);
    u16le(&mut out, 0);
    u16le(&mut out, count);
    u16le(&mut out, count);
    u32le(&mut out, central.len());
    u32le(&mut out, central_offset);
    u16le(&mut out, 0);
    out
}

// ---------------------------------------------------------------------------------------------
// The offline page. A deliberately small HTML scanner: Trunk's output is regular, and anything
// unexpected is reported rather than guessed at.

/// A tag found in the HTML: its byte range and its attributes (names lower-cased).
#[derive(Debug)]
struct Tag {
    start: usize,
    end: usize,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Opening tags named `name` (`<link ...>`), with quoted attribute values honoured.
fn find_tags(html: &str, name: &str) -> Vec<Tag> {
    let lower = html.to_ascii_lowercase();
    let open = format!("<{name}");
    let mut tags = Vec::new();
    let mut from = 0;
    while let Some(found) = lower[from..].find(&open) {
        let start = from + found;
        let after = start + open.len();
        from = after;
        match lower.as_bytes().get(after) {
            Some(b' ' | b'\t' | b'\n' | b'\r' | b'>' | b'/') => {}
            _ => continue,
        }
        let Some((end, attrs)) = parse_attrs(html, after) else {
            break;
        };
        tags.push(Tag { start, end, attrs });
        from = end;
    }
    tags
}

/// Parses attributes from `at` to the closing `>`; returns the index after `>`.
fn parse_attrs(html: &str, mut at: usize) -> Option<(usize, Vec<(String, String)>)> {
    let bytes = html.as_bytes();
    let mut attrs = Vec::new();
    loop {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        match bytes.get(at)? {
            b'>' => return Some((at + 1, attrs)),
            _ => {
                let name_start = at;
                while at < bytes.len()
                    && !bytes[at].is_ascii_whitespace()
                    && !matches!(bytes[at], b'=' | b'>' | b'/')
                {
                    at += 1;
                }
                let name = html[name_start..at].to_ascii_lowercase();
                let mut value = String::new();
                if bytes.get(at) == Some(&b'=') {
                    at += 1;
                    match bytes.get(at)? {
                        quote @ (b'"' | b'\'') => {
                            let close = html[at + 1..].find(*quote as char)? + at + 1;
                            value = html[at + 1..close].to_string();
                            at = close + 1;
                        }
                        _ => {
                            let value_start = at;
                            while at < bytes.len()
                                && !bytes[at].is_ascii_whitespace()
                                && bytes[at] != b'>'
                            {
                                at += 1;
                            }
                            value = html[value_start..at].to_string();
                        }
                    }
                }
                attrs.push((name, value));
            }
        }
    }
}

/// An element with a raw-text body (`<script>`, `<style>`): the opening tag, the range of its
/// body and the index after its closing tag.
#[derive(Debug)]
struct Element {
    tag: Tag,
    body: std::ops::Range<usize>,
    end: usize,
}

fn find_elements(html: &str, name: &str) -> Vec<Element> {
    let lower = html.to_ascii_lowercase();
    let closing = format!("</{name}");
    find_tags(html, name)
        .into_iter()
        .filter_map(|tag| {
            let close = lower[tag.end..].find(&closing)? + tag.end;
            let end = lower[close..].find('>')? + close + 1;
            Some(Element {
                body: tag.end..close,
                end,
                tag,
            })
        })
        .collect()
}

fn find_scripts(html: &str) -> Vec<Element> {
    find_elements(html, "script")
}

fn is_local(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    !(url.is_empty()
        || url.starts_with('#')
        || url.starts_with("//")
        || [
            "data:",
            "http:",
            "https:",
            "blob:",
            "mailto:",
            "javascript:",
        ]
        .iter()
        .any(|scheme| lower.starts_with(scheme)))
}

/// The file in dist/ that a local URL in index.html names (base `./`, `/` or a sub-path).
fn resolve(dist: &Path, url: &str) -> Res<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let trimmed = path.trim_start_matches("./").trim_start_matches('/');
    let direct = dist.join(trimmed);
    if direct.is_file() {
        return Ok(direct);
    }
    // A public URL with a folder (e.g. /sdlab/) prefixes the name; the files sit at the top.
    let name = Path::new(path).file_name().map(|n| dist.join(n));
    match name {
        Some(file) if file.is_file() => Ok(file),
        _ => Err(format!(
            "index.html refers to {url:?}, which is not in dist/"
        )),
    }
}

/// The quoted string literals in a piece of JS, with their byte ranges (quotes included).
fn js_strings(js: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let bytes = js.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let quote = bytes[at];
        if matches!(quote, b'\'' | b'"' | b'`')
            && let Some(len) = js[at + 1..].find(quote as char)
        {
            let close = at + 1 + len;
            out.push((at..close + 1, &js[at + 1..close]));
            at = close + 1;
            continue;
        }
        at += 1;
    }
    out
}

fn data_url(mime: &str, bytes: &[u8]) -> String {
    format!("data:{mime};base64,{}", BASE64.encode(bytes))
}

/// The glue with each relative module import (wasm-bindgen `snippets/`) inlined as a data URL,
/// since relative imports cannot resolve against a `data:` module. wasm-bindgen writes its
/// imports one per line at the top, so only `import`/`export … from` lines are looked at.
fn inline_glue_imports(glue: &str, glue_dir: &Path) -> Res<String> {
    let mut out = String::with_capacity(glue.len());
    for line in glue.split_inclusive('\n') {
        let statement = line.trim_start();
        if !(statement.starts_with("import") || statement.starts_with("export")) {
            out.push_str(line);
            continue;
        }
        let mut rewritten = String::new();
        let mut last = 0;
        for (range, text) in js_strings(line) {
            if text.starts_with("./") || text.starts_with("../") {
                let bytes = read(&glue_dir.join(text)).map_err(|e| {
                    format!("the JS glue imports {text:?}, which can't be inlined: {e}")
                })?;
                rewritten.push_str(&line[last..range.start]);
                rewritten.push('\'');
                rewritten.push_str(&data_url("text/javascript", &bytes));
                rewritten.push('\'');
                last = range.end;
            }
        }
        rewritten.push_str(&line[last..]);
        out.push_str(&rewritten);
    }
    Ok(out)
}

/// Builds the single self-contained page from Trunk's dist/index.html.
pub fn offline_html(dist: &Path) -> Res<String> {
    let html = read_text(&dist.join("index.html"))?;

    // The loader: the module script that imports the glue and gives init the wasm URL.
    let scripts = find_scripts(&html);
    let loader = scripts
        .iter()
        .find(|s| s.tag.attr("src").is_none() && html[s.body.clone()].contains("import init"))
        .ok_or(
            "dist/index.html has no inline module script importing `init`: Trunk's loader changed?",
        )?;
    let body = &html[loader.body.clone()];
    let strings = js_strings(body);
    let glue_url = strings
        .iter()
        .find(|(_, s)| s.ends_with(".js") && is_local(s))
        .ok_or("the loader script imports no local .js glue")?;
    let wasm_url = strings
        .iter()
        .find(|(_, s)| s.ends_with(".wasm") && is_local(s))
        .ok_or("the loader script names no local .wasm")?;
    let glue_path = resolve(dist, glue_url.1)?;
    let wasm_path = resolve(dist, wasm_url.1)?;
    let glue_dir = glue_path.parent().unwrap_or(dist).to_path_buf();
    let glue = inline_glue_imports(&read_text(&glue_path)?, &glue_dir)?;
    let wasm = read(&wasm_path)?;

    // Same loader, with the glue's URL swapped for a data: URL and the wasm URL for bytes.
    let mut new_body = String::new();
    new_body.push_str(
        "\nconst sdlabWasmBytes = (() => {\n  const text = atob(document.getElementById('sdlab-wasm').textContent.trim());\n  const bytes = new Uint8Array(text.length);\n  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);\n  return bytes;\n})();\n",
    );
    let mut replacements = [
        (
            glue_url.0.clone(),
            format!("'{}'", data_url("text/javascript", glue.as_bytes())),
        ),
        (wasm_url.0.clone(), "sdlabWasmBytes".to_string()),
    ];
    replacements.sort_by_key(|(range, _)| range.start);
    let mut last = 0;
    for (range, text) in &replacements {
        new_body.push_str(&body[last..range.start]);
        new_body.push_str(text);
        last = range.end;
    }
    new_body.push_str(&body[last..]);
    if new_body.contains("initializer") {
        return Err(
            "Trunk's loader uses an initializer module, which the offline page can't inline yet"
                .into(),
        );
    }

    // Edits as (range, replacement), applied back to front.
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let opening = &html[loader.tag.start..loader.tag.end];
    let wasm_data = format!(
        "<script type=\"application/octet-stream\" id=\"sdlab-wasm\">\n{}\n</script>\n",
        BASE64.encode(&wasm)
    );
    edits.push((
        loader.tag.start..loader.end,
        format!("{wasm_data}{opening}{new_body}</script>"),
    ));

    for tag in find_tags(&html, "link") {
        let rel = tag.attr("rel").unwrap_or("").to_ascii_lowercase();
        let href = tag.attr("href").unwrap_or("");
        if rel
            .split_whitespace()
            .any(|r| r == "preload" || r == "modulepreload")
        {
            edits.push((tag.start..tag.end, String::new()));
        } else if rel.split_whitespace().any(|r| r == "stylesheet") && is_local(href) {
            let css = read_text(&resolve(dist, href)?)?;
            if css.to_ascii_lowercase().contains("</style") {
                return Err(format!("{href} contains `</style`, which can't be inlined"));
            }
            edits.push((tag.start..tag.end, format!("<style>\n{css}\n</style>")));
        } else if is_local(href) {
            return Err(format!(
                "index.html links {href:?} (rel={rel:?}); the offline page can't carry it: \
                 inline it or use a data: URL"
            ));
        }
    }
    for script in &scripts {
        if let Some(src) = script.tag.attr("src").filter(|src| is_local(src)) {
            return Err(format!(
                "index.html loads the script {src:?}, which the offline page can't carry"
            ));
        }
    }

    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut page = html.clone();
    for (range, text) in edits {
        page.replace_range(range, &text);
    }
    // Other local references (images, icons) would break from file://: report them.
    for name in ["img", "source", "iframe"] {
        for tag in find_tags(&page, name) {
            if let Some(src) = tag.attr("src").filter(|src| is_local(src)) {
                return Err(format!(
                    "index.html refers to {src:?}, which the offline page can't carry"
                ));
            }
        }
    }
    // The glue, its snippets and the worker's import of the glue are data: URLs here.
    seal_csp(&page, &["data:"])
}

// ---------------------------------------------------------------------------------------------
// The Content-Security-Policy.

/// Source expressions a policy may use: none names a host, so nothing is allowed from another
/// origin. 'unsafe-inline' only where [`seal_csp`] accepts it.
const CSP_KEYWORDS: [&str; 6] = [
    "'self'",
    "'none'",
    "'wasm-unsafe-eval'",
    "'unsafe-inline'",
    "data:",
    "blob:",
];

/// The `<meta http-equiv="Content-Security-Policy">` of a page.
fn csp_meta(html: &str) -> Res<Tag> {
    let mut metas = find_tags(html, "meta").into_iter().filter(|t| {
        t.attr("http-equiv")
            .is_some_and(|v| v.eq_ignore_ascii_case("content-security-policy"))
    });
    match (metas.next(), metas.next()) {
        (Some(meta), None) => Ok(meta),
        (None, _) => Err("index.html has no <meta http-equiv=\"Content-Security-Policy\">".into()),
        (Some(_), Some(_)) => Err("index.html has more than one Content-Security-Policy".into()),
    }
}

/// The policy text of a page.
fn csp_of(html: &str) -> Res<String> {
    Ok(csp_meta(html)?.attr("content").unwrap_or("").to_string())
}

/// A policy as (directive, sources) in order.
fn parse_csp(policy: &str) -> Vec<(String, Vec<String>)> {
    policy
        .split(';')
        .filter_map(|directive| {
            let mut words = directive.split_whitespace();
            let name = words.next()?.to_ascii_lowercase();
            Some((name, words.map(str::to_string).collect()))
        })
        .collect()
}

/// `'sha256-…'` of an inline element's text as the browser hashes it (newlines normalised by
/// the HTML parser).
fn csp_hash(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    format!("'sha256-{}'", BASE64.encode(sha256(text.as_bytes())))
}

/// Whether a `<script>` runs (JavaScript or a module) rather than holding data.
fn runs(script: &Element) -> bool {
    let kind = script
        .tag
        .attr("type")
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    matches!(
        kind.as_str(),
        "" | "module" | "text/javascript" | "application/javascript"
    )
}

/// The page with its policy sealed: script-src lists the hash of every inline script the page
/// runs (and no 'unsafe-inline'), style-src the hash of every inline `<style>`, and script-src
/// gets `extra_script_sources`. Hashes from an earlier seal are replaced, so sealing twice is
/// sealing once. Fails on a policy that could load from another origin.
fn seal_csp(html: &str, extra_script_sources: &[&str]) -> Res<String> {
    let meta = csp_meta(html)?;
    let policy = meta.attr("content").unwrap_or("");
    if policy.contains('&') {
        return Err("write the Content-Security-Policy without character references (&…;)".into());
    }
    let first_resource = ["script", "style", "link"]
        .iter()
        .flat_map(|name| find_tags(html, name))
        .map(|t| t.start)
        .min();
    if first_resource.is_some_and(|start| start < meta.start) {
        return Err(
            "the Content-Security-Policy <meta> must come before every script, style and link"
                .into(),
        );
    }
    let script_hashes: Vec<String> = find_scripts(html)
        .iter()
        .filter(|s| s.tag.attr("src").is_none() && runs(s))
        .map(|s| csp_hash(&html[s.body.clone()]))
        .collect();
    let style_hashes: Vec<String> = find_elements(html, "style")
        .iter()
        .map(|s| csp_hash(&html[s.body.clone()]))
        .collect();

    let mut directives = parse_csp(policy);
    if !directives.iter().any(|(name, _)| name == "default-src") {
        return Err("the Content-Security-Policy needs a default-src ('none')".into());
    }
    for (name, sources) in &mut directives {
        let add: Vec<String> = match name.as_str() {
            "script-src" => {
                sources.retain(|s| s != "'unsafe-inline'");
                let mut add: Vec<String> =
                    extra_script_sources.iter().map(|s| s.to_string()).collect();
                add.extend(script_hashes.iter().cloned());
                add
            }
            "style-src" => style_hashes.clone(),
            _ => continue,
        };
        sources.retain(|s| !s.starts_with("'sha256-"));
        for source in add {
            if !sources.contains(&source) {
                sources.push(source);
            }
        }
    }
    for (name, sources) in &directives {
        for source in sources {
            let known = CSP_KEYWORDS.contains(&source.as_str()) || source.starts_with("'sha256-");
            if !known {
                return Err(format!(
                    "the Content-Security-Policy allows {source} in {name}: sdlab loads nothing \
                     from another origin (allowed: {}, hashes)",
                    CSP_KEYWORDS.join(" ")
                ));
            }
            if source == "'unsafe-inline'" && name != "style-src-attr" {
                return Err(format!(
                    "the Content-Security-Policy allows 'unsafe-inline' in {name}: only inline \
                     style attributes (style-src-attr) may need it"
                ));
            }
        }
    }
    let sealed = directives
        .iter()
        .map(|(name, sources)| {
            std::iter::once(name.as_str())
                .chain(sources.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut page = html.to_string();
    page.replace_range(
        meta.start..meta.end,
        &format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{sealed}\">"),
    );
    Ok(page)
}

/// SHA-256 (FIPS 180-4), for the policy's hashes.
fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&(data.len() as u64 * 8).to_be_bytes());
    for block in message.chunks_exact(64) {
        let mut w = [0u32; 64];
        for (word, bytes) in w.iter_mut().zip(block.chunks_exact(4)) {
            *word = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for (k, w) in K.iter().zip(w) {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(*k)
                .wrapping_add(w);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0; 32];
    for (bytes, word) in out.chunks_exact_mut(4).zip(h) {
        bytes.copy_from_slice(&word.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_trunk_output_into_one_file() -> Res {
        let dir = std::env::temp_dir().join(format!("xtask-offline-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("snippets/x")).map_err(|e| e.to_string())?;
        let html = r#"<!DOCTYPE html><html><head><base href="./">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-old'; style-src 'self'">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="./app-1.css" integrity="sha384-x"/>
<link rel="modulepreload" href="./sdlab-2.js" crossorigin="anonymous" integrity="sha384-y">
<link rel="preload" href="./sdlab-2_bg.wasm" crossorigin="anonymous" integrity="sha384-z" as="fetch" type="application/wasm"></head>
<body>
<script type="module">
import init, * as bindings from './sdlab-2.js';
const wasm = await init({ module_or_path: './sdlab-2_bg.wasm' });
window.wasmBindings = bindings;
</script></body></html>"#;
        write(&dir.join("index.html"), html.as_bytes())?;
        write(&dir.join("app-1.css"), b"body { color: red }")?;
        write(
            &dir.join("sdlab-2.js"),
            b"import { f } from './snippets/x/a.js';\nexport default function init() {}",
        )?;
        write(&dir.join("snippets/x/a.js"), b"export function f() {}")?;
        write(&dir.join("sdlab-2_bg.wasm"), b"\0asm")?;
        let page = offline_html(&dir)?;
        let _ = std::fs::remove_dir_all(&dir);
        assert!(
            page.contains("<style>\nbody { color: red }\n</style>"),
            "{page}"
        );
        assert!(!page.contains("preload"), "{page}");
        assert!(!page.contains("./sdlab-2"), "{page}");
        assert!(page.contains("import init, * as bindings from 'data:text/javascript;base64,"));
        assert!(
            page.contains("init({ module_or_path: sdlabWasmBytes })"),
            "{page}"
        );
        assert!(page.contains(&BASE64.encode(b"\0asm")));
        assert!(page.contains("<link rel=\"icon\" href=\"data:,\">"));
        // The policy: data: for the glue, the new loader's hash instead of the old one, and the
        // inlined stylesheet's hash.
        let loader = find_scripts(&page)
            .into_iter()
            .find(runs)
            .map(|s| page[s.body].to_string())
            .unwrap_or_default();
        assert_eq!(
            csp_of(&page)?,
            format!(
                "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' data: {}; style-src 'self' {}",
                csp_hash(&loader),
                csp_hash("\nbody { color: red }\n")
            )
        );
        Ok(())
    }

    #[test]
    fn sha256_matches_the_standard_vectors() {
        let hex = |bytes: [u8; 32]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
        assert_eq!(
            hex(sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(sha256(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        assert_eq!(
            hex(sha256(&[b'a'; 1000])),
            "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"
        );
    }

    #[test]
    fn sealing_hashes_the_inline_scripts_that_run() -> Res {
        let html = "<html><head>\n<meta http-equiv=\"content-security-policy\" content=\"default-src 'none'; script-src 'self' 'unsafe-inline'; style-src-attr 'unsafe-inline'\">\n<script>a()</script><script type=\"module\">\r\nb()</script><script type=\"application/octet-stream\">AAAA</script><script src=\"c.js\"></script></head></html>";
        let sealed = seal_csp(html, &[])?;
        let policy = format!(
            "default-src 'none'; script-src 'self' {} {}; style-src-attr 'unsafe-inline'",
            csp_hash("a()"),
            csp_hash("\nb()")
        );
        assert_eq!(csp_of(&sealed)?, policy);
        assert_eq!(
            seal_csp(&sealed, &[])?,
            sealed,
            "sealing twice is sealing once"
        );
        assert!(sealed.ends_with("<script>a()</script><script type=\"module\">\r\nb()</script><script type=\"application/octet-stream\">AAAA</script><script src=\"c.js\"></script></head></html>"));
        Ok(())
    }

    #[test]
    fn sealing_refuses_a_policy_that_reaches_another_origin() {
        let page = |policy: &str| {
            format!(
                "<head><meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\"><script>x</script></head>"
            )
        };
        for (policy, why) in [
            (
                "default-src 'none'; script-src https://cdn.example",
                "https://cdn.example",
            ),
            ("default-src 'none'; img-src *", "allows * in img-src"),
            (
                "default-src 'none'; connect-src 'self' http:",
                "allows http:",
            ),
            (
                "default-src 'none'; style-src 'unsafe-inline'",
                "'unsafe-inline' in style-src",
            ),
            ("script-src 'self'", "default-src"),
        ] {
            let err = seal_csp(&page(policy), &[]).expect_err(policy);
            assert!(err.contains(why), "{policy}: {err}");
        }
        let late = "<head><script>x</script><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\"></head>";
        assert!(seal_csp(late, &[]).is_err());
        assert!(seal_csp("<head><script>x</script></head>", &[]).is_err());
    }

    #[test]
    fn index_html_carries_a_policy_that_seals() -> Res {
        let html = read_text(&root().join("index.html"))?;
        let sealed = seal_csp(&html, &[])?;
        let policy = parse_csp(&csp_of(&sealed)?);
        let script_src = policy
            .iter()
            .find(|(name, _)| name == "script-src")
            .map(|(_, sources)| sources.join(" "))
            .unwrap_or_default();
        assert!(script_src.contains("'wasm-unsafe-eval'"), "{script_src}");
        assert!(!script_src.contains("'unsafe-inline'"), "{script_src}");
        assert_eq!(
            script_src.matches("'sha256-").count(),
            1,
            "the theme script: {script_src}"
        );
        Ok(())
    }

    #[test]
    fn zip_entries_read_back() -> Res {
        let entries = vec![
            (
                "sdlab/index.html".to_string(),
                b"<!doctype html>".repeat(50),
            ),
            ("sdlab/a b.css".to_string(), Vec::new()),
        ];
        let archive = zip_archive(&entries);
        let u32_at = |at: usize| {
            let mut word = [0; 4];
            word.copy_from_slice(&archive[at..at + 4]);
            u32::from_le_bytes(word) as usize
        };
        let end = archive.len() - 22;
        assert_eq!(u32_at(end), 0x0605_4b50);
        let mut at = u32_at(end + 16);
        for (name, bytes) in &entries {
            assert_eq!(u32_at(at), 0x0201_4b50);
            let packed_len = u32_at(at + 20);
            assert_eq!(u32_at(at + 24), bytes.len());
            let local = u32_at(at + 42);
            assert_eq!(&archive[at + 46..at + 46 + name.len()], name.as_bytes());
            let data = local + 30 + name.len();
            let mut unpacked = Vec::new();
            std::io::Read::read_to_end(
                &mut flate2::read::DeflateDecoder::new(&archive[data..data + packed_len]),
                &mut unpacked,
            )
            .map_err(|e| e.to_string())?;
            assert_eq!(&unpacked, bytes);
            at += 46 + name.len();
        }
        Ok(())
    }
}
