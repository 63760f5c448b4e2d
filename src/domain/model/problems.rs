//! Validation that reports every problem at once. Each check runs whatever
//! the others found, and each failure is kept with the configuration key it
//! concerns, so one start-up lists everything that is wrong instead of the
//! first thing only. The scoring model, its pyramid thresholds and the
//! service settings (`crate::config`) all validate this way.

use std::fmt;

/// One refused value: its key and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Dotted key, relative to what is being validated, e.g.
    /// `stages.enhanced.evidence_threshold` within the model.
    pub key: String,
    /// Why the value is refused.
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.key, self.reason)
    }
}

/// The problems found so far, in the order the checks ran.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems(Vec<Problem>);

impl Problems {
    /// No problem yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records that the value of `key` is refused, and why.
    pub fn push(&mut self, key: impl Into<String>, reason: impl Into<String>) {
        self.0.push(Problem {
            key: key.into(),
            reason: reason.into(),
        });
    }

    /// Records `reason` against `key` unless `ok`; returns `ok`.
    pub fn check(&mut self, key: impl Into<String>, ok: bool, reason: impl Into<String>) -> bool {
        if !ok {
            self.push(key, reason);
        }
        ok
    }

    /// Adds the problems of a part validated on its own, each key under
    /// `prefix` (`prefix.key`).
    pub fn extend_under(&mut self, prefix: &str, part: Problems) {
        self.0.extend(part.0.into_iter().map(|p| Problem {
            key: format!("{prefix}.{}", p.key),
            reason: p.reason,
        }));
    }

    /// Runs `checks` on a section whose keys are relative to `prefix`.
    pub fn under(&mut self, prefix: &str, checks: impl FnOnce(&mut Problems)) {
        let mut section = Problems::new();
        checks(&mut section);
        self.extend_under(prefix, section);
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many problems were found.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The problems, in the order found.
    pub fn iter(&self) -> std::slice::Iter<'_, Problem> {
        self.0.iter()
    }

    /// `Ok(value)` when nothing was found, else every problem.
    pub fn into_result<T>(self, value: T) -> Result<T, Problems> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl<'a> IntoIterator for &'a Problems {
    type Item = &'a Problem;
    type IntoIter = std::slice::Iter<'a, Problem>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// One `key: reason` line per problem.
impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(p: &Problems) -> Vec<&str> {
        p.iter().map(|p| p.key.as_str()).collect()
    }

    #[test]
    fn every_failed_check_is_kept_in_order() {
        let mut p = Problems::new();
        assert!(!p.check("b", false, "bad"));
        assert!(p.check("ok", true, "never recorded"));
        p.push("a", "worse");
        assert_eq!(keys(&p), ["b", "a"]);
        assert_eq!(p.len(), 2);
        assert_eq!(p.to_string(), "b: bad\na: worse");
    }

    #[test]
    fn sections_nest_their_keys() {
        let mut p = Problems::new();
        p.under("server", |s| {
            s.push("address", "r1");
            s.under("tls", |t| t.push("cert", "r2"));
        });
        let mut model = Problems::new();
        model.push("version", "r3");
        p.extend_under("model", model);
        p.under("log", |_| {});
        assert_eq!(
            keys(&p),
            ["server.address", "server.tls.cert", "model.version"]
        );
    }

    #[test]
    fn a_result_only_without_problems() {
        assert_eq!(Problems::new().into_result(7), Ok(7));
        let mut p = Problems::new();
        p.push("k", "r");
        let err = p.into_result(7).unwrap_err();
        assert_eq!(keys(&err), ["k"]);
        assert!(!err.is_empty());
    }
}
