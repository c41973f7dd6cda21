//! Finds the inline `<script>`s and `<style>`s of the portal's `index.html`, whose hashes
//! the Content-Security-Policy must list. Not a full HTML parser: just enough of the
//! tokenizer's rules (comments, tag names, quoted attributes) to find what the browser will
//! run or apply.

/// The text of every inline `<script>` (one without `src`) of an HTML document, exactly as
/// the browser hashes it: the characters between `<script …>` and `</script`, with line
/// breaks normalised to `\n` as the HTML parser does. Scripts inside comments are skipped.
pub fn inline_scripts(html: &str) -> Vec<String> {
    inline_elements(html, b"script")
}

/// The text of every `<style>` element, as [`inline_scripts`] reads scripts (the inlined
/// critical CSS).
pub fn inline_styles(html: &str) -> Vec<String> {
    inline_elements(html, b"style")
}

/// The contents of every `<tag>` element without `src`, for a raw-text element (`script`,
/// `style`: its content ends at the first `</tag`).
fn inline_elements(html: &str, tag: &[u8]) -> Vec<String> {
    let bytes = html.as_bytes();
    let mut open = b"<".to_vec();
    open.extend_from_slice(tag);
    let mut close = b"</".to_vec();
    close.extend_from_slice(tag);
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        let at = i + offset;
        if bytes[at..].starts_with(b"<!--") {
            i = find(bytes, at + 4, b"-->").map_or(bytes.len(), |end| end + 3);
            continue;
        }
        let is_element = starts_with_ignore_case(&bytes[at..], &open)
            && matches!(
                bytes.get(at + open.len()),
                Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>')
            );
        if !is_element {
            i = at + 1;
            continue;
        }
        let Some((body_start, has_src)) = open_tag(bytes, at + open.len()) else {
            break; // an unterminated tag: nothing more runs
        };
        let body_end = find_ignore_case(bytes, body_start, &close).unwrap_or(bytes.len());
        if !has_src {
            // Every index found is at an ASCII byte, so these are char boundaries.
            let body = &html[body_start..body_end];
            found.push(body.replace("\r\n", "\n").replace('\r', "\n"));
        }
        i = body_end;
    }
    found
}

/// Reads a start tag's attributes from `from` (just after the tag name) to its `>`.
/// Returns where the content starts and whether a `src` attribute was present.
fn open_tag(bytes: &[u8], from: usize) -> Option<(usize, bool)> {
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let mut i = from;
    let mut has_src = false;
    loop {
        while i < bytes.len() && (is_space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => return Some((i + 1, has_src)),
            _ => {
                let name_start = i;
                while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>') {
                    // `=` ends a name, except as its first character (HTML's odd rule).
                    if bytes[i] == b'=' && i > name_start {
                        break;
                    }
                    i += 1;
                }
                if bytes[name_start..i].eq_ignore_ascii_case(b"src") {
                    has_src = true;
                }
                while i < bytes.len() && is_space(bytes[i]) {
                    i += 1;
                }
                if bytes.get(i) == Some(&b'=') {
                    i += 1;
                    while i < bytes.len() && is_space(bytes[i]) {
                        i += 1;
                    }
                    match bytes.get(i)? {
                        &quote @ (b'"' | b'\'') => {
                            i = find(bytes, i + 1, &[quote])? + 1;
                        }
                        _ => {
                            while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'>' {
                                i += 1;
                            }
                        }
                    }
                }
            }
        }
    }
}

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

fn find_ignore_case(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_inline_scripts_only() {
        let html = "<!doctype html><head>\r\n\
            <!-- <script>commented()</script> -->\n\
            <SCRIPT>a()</SCRIPT>\n\
            <script src=\"x.js\">ignored()</script>\n\
            <script data-src='>' type=\"module\">\r\nb()\r\n</script >\n\
            <scripts>not a script</scripts>\n\
            <script\tdefer src=y.js></script>\n\
            <script></script>\n\
            <noscript>text</noscript>";
        assert_eq!(inline_scripts(html), vec!["a()", "\nb()\n", ""]);
        assert!(inline_scripts("<p>no scripts</p>").is_empty());
        assert!(inline_scripts("<script src='a.js'").is_empty());
        assert_eq!(inline_scripts("<script>unterminated"), vec!["unterminated"]);
    }

    #[test]
    fn finds_styles_apart_from_scripts() {
        let html = "<head><style>a{}</style><!-- <style>no{}</style> -->\
            <script>s()</script><STYLE media=\"x\">\r\nb{}</style><styles>no</styles>";
        assert_eq!(inline_styles(html), vec!["a{}", "\nb{}"]);
        assert_eq!(inline_scripts(html), vec!["s()"]);
    }
}
