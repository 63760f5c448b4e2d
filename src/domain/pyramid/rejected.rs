//! Partners that failed validation: counted, and listed up to a cap. The
//! list keeps the smallest entries by a total order (partner id, then
//! fields, then reason, each compared naturally: runs of digits by their
//! number, so "line 5" comes before "line 10"), so which entries survive the
//! cap does not depend on the order partners arrive in or partials are
//! merged in.

use std::cmp::Ordering;

/// Most rejected partners listed in a report or partial.
pub const MAX_REJECTED_LISTED: usize = 100;
/// Longest partner id kept, in characters (longer ids are cut).
pub const MAX_ID_CHARS: usize = 128;
/// Most field paths kept per rejected partner.
pub const MAX_FIELDS: usize = 64;
/// Longest field path kept, in characters.
pub const MAX_FIELD_CHARS: usize = 256;
/// Longest reason kept, in characters.
pub const MAX_REASON_CHARS: usize = 4096;

/// One partner that failed validation. Ordered naturally (see the module
/// docs).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RejectedPartner {
    /// The id as sent (cut to [`MAX_ID_CHARS`], control characters
    /// replaced); empty when none was sent.
    pub partner_id: String,
    /// Paths of the invalid fields, relative to the partner, e.g.
    /// `quality.trust`.
    pub fields: Vec<String>,
    /// What is wrong, one `field: problem` per invalid field, joined by
    /// `"; "`.
    pub reason: String,
}

impl Ord for RejectedPartner {
    fn cmp(&self, other: &Self) -> Ordering {
        natural_cmp(&self.partner_id, &other.partner_id)
            .then_with(|| {
                let pairs = self.fields.iter().zip(&other.fields);
                pairs
                    .map(|(a, b)| natural_cmp(a, b))
                    .find(|o| o.is_ne())
                    .unwrap_or_else(|| self.fields.len().cmp(&other.fields.len()))
            })
            .then_with(|| natural_cmp(&self.reason, &other.reason))
    }
}

impl PartialOrd for RejectedPartner {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Compares text with runs of ASCII digits read as numbers ("line 5" <
/// "line 10"); a total order, ties broken by plain text order ("5" < "05").
fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    loop {
        match (x.first(), y.first()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(p), Some(q)) if p.is_ascii_digit() && q.is_ascii_digit() => {
                let run = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
                let (m, n) = (run(x), run(y));
                let trim = |s: &[u8]| {
                    let zeros = s.iter().take_while(|c| **c == b'0').count();
                    s[zeros..].to_vec()
                };
                let (dx, dy) = (trim(&x[..m]), trim(&y[..n]));
                let order = dx.len().cmp(&dy.len()).then_with(|| dx.cmp(&dy));
                if order.is_ne() {
                    return order;
                }
                x = &x[m..];
                y = &y[n..];
            }
            (Some(p), Some(q)) => {
                if p != q {
                    // Byte order of UTF-8 is the order of its characters.
                    return p.cmp(q);
                }
                x = &x[1..];
                y = &y[1..];
            }
        }
    }
}

fn clean(text: &str, max_chars: usize) -> String {
    text.chars()
        .take(max_chars)
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

impl RejectedPartner {
    /// A rejected partner from its id and `(field, problem)` pairs, cut to
    /// the documented limits.
    pub fn new<'a>(
        partner_id: &str,
        problems: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        let mut fields = Vec::new();
        let mut reason = String::new();
        for (field, problem) in problems {
            fields.push(field);
            if !reason.is_empty() {
                reason.push_str("; ");
            }
            reason.push_str(field);
            reason.push_str(": ");
            reason.push_str(problem);
        }
        Self::with_reason(partner_id, fields, &reason)
    }

    /// A rejected partner (or an unreadable record of a portfolio file)
    /// from its id (empty when unknown), the paths of the fields at fault
    /// and a reason written out in full, e.g. `line 3: column 3
    /// (model_a.revenue): "lots" is not a number`; cut to the documented
    /// limits.
    pub fn with_reason<'a>(
        partner_id: &str,
        fields: impl IntoIterator<Item = &'a str>,
        reason: &str,
    ) -> Self {
        Self {
            partner_id: clean(partner_id, MAX_ID_CHARS),
            fields: fields
                .into_iter()
                .take(MAX_FIELDS)
                .map(|f| clean(f, MAX_FIELD_CHARS))
                .collect(),
            reason: clean(reason, MAX_REASON_CHARS),
        }
    }

    /// Whether the entry keeps to the documented limits.
    pub fn is_well_formed(&self) -> bool {
        let fits =
            |s: &str, max: usize| s.chars().count() <= max && !s.chars().any(char::is_control);
        fits(&self.partner_id, MAX_ID_CHARS)
            && self.fields.len() <= MAX_FIELDS
            && self.fields.iter().all(|f| fits(f, MAX_FIELD_CHARS))
            && fits(&self.reason, MAX_REASON_CHARS)
    }
}

/// Rejected partners: how many, and the first [`MAX_REJECTED_LISTED`] by
/// the total order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct RejectedPartners {
    /// Partners rejected.
    pub count: u64,
    /// The smallest of them, sorted, at most [`MAX_REJECTED_LISTED`].
    pub listed: Vec<RejectedPartner>,
}

impl RejectedPartners {
    /// Counts and (when among the smallest) lists one more; `false` and
    /// nothing changed on overflow.
    pub fn add(&mut self, r: RejectedPartner) -> bool {
        let Some(count) = self.count.checked_add(1) else {
            return false;
        };
        self.count = count;
        let at = self.listed.partition_point(|x| *x <= r);
        if at < MAX_REJECTED_LISTED {
            self.listed.insert(at, r);
            self.listed.truncate(MAX_REJECTED_LISTED);
        }
        true
    }

    /// Both sets together, or `None` on overflow.
    pub fn checked_merge(&self, o: &Self) -> Option<Self> {
        let mut listed: Vec<RejectedPartner> =
            self.listed.iter().chain(&o.listed).cloned().collect();
        listed.sort();
        listed.truncate(MAX_REJECTED_LISTED);
        Some(Self {
            count: self.count.checked_add(o.count)?,
            listed,
        })
    }

    /// Every way this could not come from real rejections.
    pub fn inconsistencies(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if self.listed.len() > MAX_REJECTED_LISTED {
            out.push((
                "rejected_partners".to_owned(),
                format!("lists more than {MAX_REJECTED_LISTED} partners"),
            ));
        }
        if self.listed.len() as u64 > self.count {
            out.push((
                "partners_rejected".to_owned(),
                format!("is below the {} partners listed", self.listed.len()),
            ));
        }
        for (i, r) in self.listed.iter().enumerate() {
            if !r.is_well_formed() {
                out.push((
                    format!("rejected_partners[{i}]"),
                    format!(
                        "must have an id of at most {MAX_ID_CHARS} characters, at most \
                         {MAX_FIELDS} fields of at most {MAX_FIELD_CHARS} characters and a \
                         reason of at most {MAX_REASON_CHARS} characters, without control \
                         characters"
                    ),
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(id: &str) -> RejectedPartner {
        RejectedPartner::new(id, [("quality.trust", "must be at most 1")])
    }

    #[test]
    fn entries_are_cut_and_cleaned() {
        let e = RejectedPartner::new(&"x".repeat(300), [("a", "bad"), ("b\n", "worse")]);
        assert_eq!(e.partner_id.chars().count(), MAX_ID_CHARS);
        assert_eq!(e.fields, vec!["a", "b\u{FFFD}"]);
        assert_eq!(e.reason, "a: bad; b\u{FFFD}: worse");
        assert!(e.is_well_formed());

        let fields: Vec<String> = (0..100).map(|i| format!("f{i}")).collect();
        let long = "z".repeat(MAX_REASON_CHARS + 10);
        let e = RejectedPartner::with_reason("", fields.iter().map(String::as_str), &long);
        assert_eq!(e.fields.len(), MAX_FIELDS);
        assert_eq!(e.reason.chars().count(), MAX_REASON_CHARS);
        assert!(e.is_well_formed());
    }

    #[test]
    fn the_cap_keeps_the_smallest_whatever_the_order() {
        let ids: Vec<String> = (0..250)
            .map(|i| format!("p-{:03}", (i * 37) % 250))
            .collect();
        let mut forward = RejectedPartners::default();
        for id in &ids {
            assert!(forward.add(r(id)));
        }
        let mut backward = RejectedPartners::default();
        for id in ids.iter().rev() {
            backward.add(r(id));
        }
        assert_eq!(forward, backward);
        assert_eq!(forward.count, 250);
        assert_eq!(forward.listed.len(), MAX_REJECTED_LISTED);
        assert_eq!(forward.listed[0].partner_id, "p-000");
        assert_eq!(forward.listed[99].partner_id, "p-099");

        let (mut a, mut b) = (RejectedPartners::default(), RejectedPartners::default());
        for (i, id) in ids.iter().enumerate() {
            if i % 3 == 0 {
                a.add(r(id))
            } else {
                b.add(r(id))
            };
        }
        assert_eq!(a.checked_merge(&b).unwrap(), forward);
        assert_eq!(b.checked_merge(&a).unwrap(), forward);
        assert!(forward.inconsistencies().is_empty());
    }

    #[test]
    fn impossible_lists_are_named() {
        let bad = RejectedPartners {
            count: 0,
            listed: vec![RejectedPartner {
                partner_id: "a\u{0}".into(),
                fields: vec![],
                reason: String::new(),
            }],
        };
        let fields: Vec<String> = bad.inconsistencies().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, vec!["partners_rejected", "rejected_partners[0]"]);
    }
}

#[cfg(test)]
mod natural_order_tests {
    use super::*;

    // The issue: the rejected-partner list sorted as text ("line 10"
    // before "line 5").
    #[test]
    fn line_numbers_sort_by_number() {
        let mut list = RejectedPartners::default();
        for line in [10, 5, 100, 9] {
            list.add(RejectedPartner::with_reason(
                "",
                ["model_a.revenue"],
                &format!("line {line}: column 3 (model_a.revenue): not a number"),
            ));
        }
        let order: Vec<&str> = list
            .listed
            .iter()
            .map(|r| r.reason.split(':').next().unwrap())
            .collect();
        assert_eq!(order, ["line 5", "line 9", "line 10", "line 100"]);
    }

    #[test]
    fn the_natural_order_is_total() {
        use std::cmp::Ordering::*;
        assert_eq!(natural_cmp("p-2", "p-10"), Less);
        assert_eq!(natural_cmp("p-10", "p-2"), Greater);
        assert_eq!(natural_cmp("5", "05"), Greater);
        assert_eq!(natural_cmp("05", "5"), Less);
        assert_eq!(natural_cmp("a", "a"), Equal);
        assert_eq!(natural_cmp("", "a"), Less);
        assert_eq!(natural_cmp("é1", "é2"), Less);
        assert_eq!(natural_cmp("a9b", "a10"), Less);
    }
}
