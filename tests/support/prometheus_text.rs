//! Reading samples out of a page in the Prometheus text format.

/// The value of the sample of `metric` whose labels include all of `labels`
/// (each written as in the page, e.g. `rpc_method="ClassifyPartner"`).
pub fn sample(page: &str, metric: &str, labels: &[&str]) -> Option<f64> {
    page.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (name_and_labels, value) = line.rsplit_once(' ')?;
            let (name, rest) = name_and_labels
                .split_once('{')
                .unwrap_or((name_and_labels, ""));
            (name == metric && labels.iter().all(|l| rest.contains(l)))
                .then(|| value.parse().ok())?
        })
        .next()
}
