//! Tool state ↔ URL query. Every field is read on its own, so one mangled value costs that
//! value only: it falls back to its default and the page says which value was not understood.

use std::str::FromStr;

/// Longest value accepted from a link; longer ones are cut and reported.
pub const MAX_VALUE_CHARS: usize = 200;

/// An ordered list of query pairs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query(Vec<(String, String)>);

impl Query {
    /// Parses `a=1&b=two` (a leading `?` is ignored). Never fails: undecodable bytes become U+FFFD.
    pub fn parse(text: &str) -> Self {
        let text = text.strip_prefix('?').unwrap_or(text);
        Query(
            form_urlencoded::parse(text.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn push(&mut self, key: &str, value: impl Into<String>) {
        self.0.push((key.to_string(), value.into()));
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    pub fn is_embed(&self) -> bool {
        matches!(self.get("embed"), Some("1" | "true"))
    }

    /// `a=1&b=two`, percent-encoded.
    pub fn encode(&self) -> String {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(self.0.iter())
            .finish()
    }

    /// A free-text value (kept even when invalid, so the field can show it with its message);
    /// absurdly long values are cut and reported.
    pub fn text(&self, key: &str, default: &str, problems: &mut Vec<String>) -> String {
        match self.get(key) {
            None => default.to_string(),
            Some(v) if v.chars().count() > MAX_VALUE_CHARS => {
                problems.push(format!(
                    "“{key}” was longer than {MAX_VALUE_CHARS} characters and was cut"
                ));
                v.chars().take(MAX_VALUE_CHARS).collect()
            }
            Some(v) => v.to_string(),
        }
    }

    /// A long structured value (a JSON diagram), up to `max_chars`.
    pub fn long_text(
        &self,
        key: &str,
        max_chars: usize,
        problems: &mut Vec<String>,
    ) -> Option<String> {
        let v = self.get(key)?;
        if v.chars().count() > max_chars {
            problems.push(format!(
                "“{key}” was longer than {max_chars} characters and was ignored"
            ));
            return None;
        }
        Some(v.to_string())
    }

    /// A value from a fixed set; an unknown token falls back to `default` and is reported.
    pub fn choice<T: FromStr<Err = String>>(
        &self,
        key: &str,
        default: T,
        problems: &mut Vec<String>,
    ) -> T {
        match self.get(key) {
            None => default,
            Some(v) => v.parse().unwrap_or_else(|message: String| {
                let shown: String = v.chars().take(40).collect();
                problems.push(format!("{key}=“{shown}”: {message}"));
                default
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sdlab_nines::YearDays;

    #[test]
    fn round_trips_awkward_text() {
        let mut q = Query::default();
        q.push("a", "99.95 %");
        q.push("dt", "1h 30m&x=1");
        q.push("u", "é≠?#");
        let parsed = Query::parse(&format!("?{}", q.encode()));
        assert_eq!(parsed, q);
    }

    #[test]
    fn mangled_queries_never_panic_and_report_problems() {
        for text in [
            "",
            "?",
            "&&&",
            "=",
            "a",
            "a=%",
            "a=%ZZ",
            "%E0%A4%A=1",
            "a=1&a=2",
            "?embed=1#x",
        ] {
            let q = Query::parse(text);
            let mut problems = Vec::new();
            let _ = q.text("a", "d", &mut problems);
            let _: YearDays = q.choice("a", YearDays::Days365, &mut problems);
        }
        let q = Query::parse("a=1&a=2&year=366");
        assert_eq!(q.get("a"), Some("2"));
        let mut problems = Vec::new();
        let year: YearDays = q.choice("year", YearDays::Days365, &mut problems);
        assert_eq!(year, YearDays::Days365);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("year=“366”"), "{problems:?}");
        let long = Query::parse(&format!("a={}", "9".repeat(10_000)));
        assert_eq!(long.text("a", "", &mut problems).len(), MAX_VALUE_CHARS);
        assert_eq!(problems.len(), 2);
    }

    #[test]
    fn recognises_embed_mode() {
        assert!(Query::parse("a=1&embed=1").is_embed());
        assert!(!Query::parse("embed=0").is_embed());
    }
}
